"""Shared set-up: where the `plan` binary is, and the plans the tests open.

Build first (`cargo build`); the binary is taken from $PLAN_BIN, else
$CARGO_TARGET_DIR/debug/plan, else target/debug/plan of this repository.
"""

import os
import pathlib

from lsprotocol import types
from pytest_lsp import LanguageClient

REPO = pathlib.Path(__file__).resolve().parents[2]


def plan_binary() -> str:
    if os.environ.get("PLAN_BIN"):
        return os.environ["PLAN_BIN"]
    target = pathlib.Path(os.environ.get("CARGO_TARGET_DIR", REPO / "target"))
    binary = target / "debug" / "plan"
    if not binary.exists():
        raise RuntimeError(f"{binary} not found: run `cargo build` first (or set PLAN_BIN)")
    return str(binary)


# A plan with Chinese names, an emoji before a name, and one finding: the measure
# 粮食 has no owner (O101).
BROKEN = """plan "安居区2025年计划" {
  issued 2025-03-26
  period 2025
  issuer 发改局
}

owners {
  发改局 "遂宁市安居区发展和改革局"
  经信局 "遂宁市安居区经济和信息化局" aka "区经信局"
}

metric 规上工业总产值 "🏭规上工业总产值" in 亿元

measure 新型工业化 "🎯以实业兴区引领新型工业化" {
  owner 经信局
  target 规上工业总产值 >= 350 亿元
}

measure 粮食 "提升农业现代化水平" {
  after 新型工业化
}
"""

# Line 20 (0-based) is the `after` line of 粮食: the fix (an owner line) goes before it.
FIX_LINE = 20
FIX = "  owner 发改局\n"


def position_of(text: str, needle: str, nth: int = 0, encoding: str = "utf-16"):
    """0-based (line, character) of the nth occurrence of needle, in an LSP encoding."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    line = text.count("\n", 0, start)
    line_start = text.rfind("\n", 0, start) + 1
    prefix = text[line_start:start]
    if encoding == "utf-8":
        return line, len(prefix.encode("utf-8"))
    return line, len(prefix.encode("utf-16-le")) // 2


def position(text: str, needle: str, nth: int = 0, delta: int = 0) -> types.Position:
    """The UTF-16 position of the nth needle in text, moved delta units."""
    line, character = position_of(text, needle, nth)
    return types.Position(line=line, character=character + delta)


async def initialize(lsp_client: LanguageClient, **options):
    """Start a session with no client capabilities and these initializationOptions."""
    return await lsp_client.initialize_session(
        types.InitializeParams(
            capabilities=types.ClientCapabilities(),
            initialization_options=options,
        )
    )


async def open_document(client: LanguageClient, uri: str, text: str):
    """Open text as uri and return the findings the server publishes for it."""
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=uri, language_id="plan", version=1, text=text
            )
        )
    )
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    return client.diagnostics[uri]
