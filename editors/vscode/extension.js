// secl for VS Code: starts `secl lsp` (diagnostics, completion, hover, go to
// definition, formatting, quick fixes, day totals, symbols) through
// vscode-languageclient. Colours come from the TextMate grammar.
"use strict";

const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

let client;

function start() {
  const command = vscode.workspace.getConfiguration("secl").get("path") || "secl";
  client = new LanguageClient(
    "secl",
    "secl",
    { command, args: ["lsp"] },
    {
      documentSelector: [
        { scheme: "file", language: "sec" },
        { scheme: "untitled", language: "sec" },
      ],
    }
  );
  return client.start().catch((err) => {
    vscode.window.showWarningMessage(
      `secl: could not start \`${command} lsp\` (${err.message}); set "secl.path" to the secl binary`
    );
  });
}

function activate(context) {
  start();
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration(async (event) => {
      if (event.affectsConfiguration("secl.path")) {
        if (client) {
          await client.stop().catch(() => {});
        }
        start();
      }
    })
  );
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
