// Runs the offline edition's scorers (webapp/static/packs/scorers/*.js) in node for the parity
// test: reads {files: [paths], cases: [{type, q, fields}]} on stdin, writes one result per case
// (null, {error} or {points, chosen}) as JSON on stdout.
"use strict";
const fs = require("fs");
const vm = require("vm");

const input = JSON.parse(fs.readFileSync(0, "utf-8"));
for (const file of input.files) {
  vm.runInThisContext(fs.readFileSync(file, "utf-8"), {filename: file});
}
const results = input.cases.map(({type, q, fields}) => {
  const scorer = CrossingsScorers.get(type);  // eslint-disable-line no-undef
  if (!scorer) { return {missing: type}; }
  return scorer(q, (name) => (fields[name] || []).slice());
});
process.stdout.write(JSON.stringify(results));
