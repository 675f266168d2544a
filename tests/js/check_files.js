// Runs docs/javascripts/dit-files.js on files given on stdin, for tests/test_formats.py:
// {"schemas": {format: schema}, "files": [{"bytes": base64, "expected": format,
// "exercise": id or null}]} -> a JSON list of the error message (or null) for each file.
"use strict";
const path = require("path");
const files = require(path.join(__dirname, "..", "..", "docs", "javascripts", "dit-files.js"));

let input = "";
process.stdin.on("data", (chunk) => { input += chunk; });
process.stdin.on("end", () => {
  const job = JSON.parse(input);
  const out = job.files.map((f) => {
    const bytes = new Uint8Array(Buffer.from(f.bytes, "base64"));
    const result = files.checkBytes(bytes, job.schemas[f.expected], f.expected, f.exercise);
    return result.error === undefined ? null : result.error;
  });
  process.stdout.write(JSON.stringify(out));
});
