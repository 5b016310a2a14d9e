// Checks form bodies the way a Node.js merchant server would: parse the body
// with URLSearchParams, drop `sign`, and recompute it with the document's
// getSign (copied verbatim from "Signature generation (sign)").
//
// Usage: node verify.js SECRET < bodies.txt   (one form body per line)
// Prints "ok" or "bad" per line.
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

const secret = process.argv[2];
const lines = fs.readFileSync(0, "utf8").split("\n").filter((l) => l.length > 0);
for (const line of lines) {
  const body = Object.fromEntries(new URLSearchParams(line));
  const sign = body.sign;
  delete body.sign;
  console.log(getSign(body, secret) === sign ? "ok" : "bad");
}
