// Every `require` in the JavaScript a VSIX carries resolves inside the VSIX (apart from
// `vscode`, which the editor provides, and Node's own modules): a runtime file pruned by
// .vscodeignore, or a dependency left out, fails here rather than in a user's editor.
// Usage: node vsix-requires.js EXTRACTED/extension — prints what does not resolve.
"use strict";
const fs = require("fs");
const path = require("path");
const { builtinModules } = require("module");

const root = path.resolve(process.argv[2]);
const builtin = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
const unresolved = [];
let files = 0;

function walk(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full);
    else if (entry.name.endsWith(".js")) check(full);
  }
}

function check(file) {
  files += 1;
  const text = fs.readFileSync(file, "utf8");
  for (const m of text.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)) {
    const spec = m[1];
    if (spec === "vscode" || builtin.has(spec)) continue;
    try {
      const found = require.resolve(spec, { paths: [path.dirname(file)] });
      if (!found.startsWith(root + path.sep)) {
        unresolved.push(`${path.relative(root, file)}: ${spec} resolves outside the VSIX`);
      }
    } catch {
      unresolved.push(`${path.relative(root, file)}: ${spec}`);
    }
  }
}

walk(root);
process.stdout.write(JSON.stringify({ files, unresolved }) + "\n");
