// Reference signer for the sandbox's callback tests. getSign below is copied
// verbatim from the SmartCore API document ("Signature generation (sign)").
//
// Usage: node getsign.js < inputs.json > outputs.json
// Input:  [{"secret": "...", "body": "orderId=...&...&sign=..."}, ...]
//         body is a callback as the sandbox sends it (form-encoded).
// Output: the same array, each element with "sign" added: getSign over the
//         body's fields as a merchant's server parses them (URLSearchParams,
//         which is what Express's urlencoded parser yields for these
//         bodies), without the body's own "sign" field.
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
  const body = Object.fromEntries(new URLSearchParams(c.body));
  delete body.sign;
  c.sign = getSign(body, c.secret);
}
process.stdout.write(JSON.stringify(cases, null, 2) + "\n");
