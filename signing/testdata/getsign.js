// Reference signer for the Go tests: getSign below is copied verbatim from
// the SmartCore API document ("Signature generation (sign)").
//
// Usage: node getsign.js < inputs.json > outputs.json
// Input:  [{"secret": "...", "body": {"key": "value", ...}}, ...]
// Output: the same array, each element with "sign" added.
"use strict";
const fs = require("fs");

const { createHmac } = require("crypto");
function getSign(body, secret) {
  let params = [];
  Object.keys(body).sort().forEach(function(key) {
    params.push(body[key]);
  });
  return createHmac('sha256', secret).update(params.join('|')).digest('hex');
}

const cases = JSON.parse(fs.readFileSync(0, "utf8"));
for (const c of cases) {
  c.sign = getSign(c.body, c.secret);
}
process.stdout.write(JSON.stringify(cases, null, 2) + "\n");
