// The VS Code client of `plan lsp`: starts the server over stdio for `.plan` files.
"use strict";

const vscode = require("vscode");
const { LanguageClient, TransportKind } = require("vscode-languageclient/node");

let client;

function activate(context) {
  const config = vscode.workspace.getConfiguration("plan");
  const command = config.get("server.path") || "plan";
  const lang = config.get("lang");
  const server = { command, args: ["lsp"], transport: TransportKind.stdio };
  client = new LanguageClient(
    "plan",
    "Plan language server",
    { run: server, debug: server },
    {
      documentSelector: [{ scheme: "file", language: "plan" }, { scheme: "untitled", language: "plan" }],
      initializationOptions: lang ? { lang } : {},
    }
  );
  context.subscriptions.push(client);
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
