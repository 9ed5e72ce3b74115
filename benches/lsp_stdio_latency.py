#!/usr/bin/env python3
"""End-to-end edit-to-diagnostics latency of `plan lsp` over stdio, as an editor sees it:
the wall time from writing a didChange to reading its publishDiagnostics, JSON-RPC and
pipes included, on the same generated 1,000-measure plan as benches/lsp_latency.rs.

    cargo build --release
    python3 benches/lsp_stdio_latency.py [path/to/plan]   # default: $CARGO_TARGET_DIR/release/plan
"""

import json
import os
import statistics
import subprocess
import sys
import time


def generated(sections=100):
    s = 'plan "生成的计划" {\n  issued 2025-01-10\n  period 2025\n  issuer 局0\n}\n\nowners {\n'
    for o in range(20):
        s += f'  局{o} "某市第{o}局" aka "第{o}局"\n'
    s += "}\n\n"
    for m in range(50):
        s += f'metric 指标{m} "第{m}项指标" in 亿元\n'
    for sec in range(sections):
        s += f'\nsection 节{sec} "第{sec}节" {{\n  owner 局{sec % 20}\n'
        for i in range(10):
            n = sec * 10 + i
            s += f'  measure 措施{n} "第{n}项措施" {{\n'
            s += f"    owner 局{n % 20}, 局{(n + 1) % 20}\n    deadline 2025-12\n"
            if n > 0:
                s += f"    after 措施{n - 1}\n"
            s += f"    target 指标{n % 50} >= {100 + n} 亿元\n"
            s += f"    target 新增指标{n} >= 5 家 by 2025-06 # 注释\n  }}\n"
        s += "}\n"
    return s


class Server:
    def __init__(self, binary):
        self.p = subprocess.Popen([binary, "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)

    def send(self, obj):
        body = json.dumps(obj, ensure_ascii=False).encode()
        self.p.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.p.stdin.flush()

    def read(self):
        length = 0
        while True:
            line = self.p.stdout.readline().strip()
            if not line:
                break
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":")[1])
        return json.loads(self.p.stdout.read(length))

    def until(self, method):
        while True:
            msg = self.read()
            if msg.get("method") == method:
                return msg


def main():
    target = os.environ.get("CARGO_TARGET_DIR", "target")
    binary = sys.argv[1] if len(sys.argv) > 1 else os.path.join(target, "release", "plan")
    text = generated()
    lines = text.split("\n")
    row = next(i for i, l in enumerate(lines) if ">= 600 亿元" in l)
    col = len(lines[row].split(">= 600")[0].encode("utf-16-le")) // 2 + 6

    s = Server(binary)
    s.send({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}})
    s.read()
    s.send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
    uri = "file:///tmp/plan-bench/%E7%94%9F%E6%88%90.plan"
    s.send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
        "uri": uri, "languageId": "plan", "version": 1, "text": text}}})
    assert s.until("textDocument/publishDiagnostics")["params"]["diagnostics"] == []
    times = []
    for version in range(2, 102):
        # Alternately type a digit and delete it again.
        typing = version % 2 == 0
        end = col + (0 if typing else 1)
        change = {"range": {"start": {"line": row, "character": col},
                            "end": {"line": row, "character": end}},
                  "text": "0" if typing else ""}
        start = time.perf_counter()
        s.send({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
            "textDocument": {"uri": uri, "version": version}, "contentChanges": [change]}})
        s.until("textDocument/publishDiagnostics")
        times.append((time.perf_counter() - start) * 1000)
    s.send({"jsonrpc": "2.0", "id": 2, "method": "shutdown"})
    s.p.stdin.close()
    s.p.wait(timeout=10)
    times.sort()
    print(f"{len(text.splitlines())} lines, {len(text.encode())} bytes, {len(times)} edits")
    print(f"median {statistics.median(times):.1f} ms, p90 {times[int(len(times) * 0.9)]:.1f} ms, "
          f"max {times[-1]:.1f} ms")


if __name__ == "__main__":
    main()
