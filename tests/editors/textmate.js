// Tokenizes lines with VS Code's own TextMate engine (vscode-textmate + vscode-oniguruma)
// and the extension's grammar, editors/vscode/syntaxes/plan.tmLanguage.json.
// Usage: node textmate.js < lines.txt  →  one JSON array per line of [text, [scopes…]].
"use strict";

const fs = require("fs");
const path = require("path");
const vsctm = require("vscode-textmate");
const oniguruma = require("vscode-oniguruma");

const grammarPath = path.join(__dirname, "../../editors/vscode/syntaxes/plan.tmLanguage.json");
const wasm = fs.readFileSync(require.resolve("vscode-oniguruma/release/onig.wasm"));

async function main() {
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new vsctm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns) => new oniguruma.OnigScanner(patterns),
      createOnigString: (s) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async (scopeName) =>
      scopeName === "source.plan"
        ? vsctm.parseRawGrammar(fs.readFileSync(grammarPath, "utf8"), grammarPath)
        : null,
  });
  const grammar = await registry.loadGrammar("source.plan");
  const input = fs.readFileSync(0, "utf8");
  let state = vsctm.INITIAL;
  const out = [];
  for (const line of input.split("\n")) {
    const result = grammar.tokenizeLine(line, state);
    out.push(
      result.tokens.map((t) => [line.substring(t.startIndex, t.endIndex), t.scopes.slice(1)])
    );
    state = result.ruleStack;
  }
  process.stdout.write(JSON.stringify(out));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
