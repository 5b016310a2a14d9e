// A merchant's end-to-end suite in another language, with nothing but
// node's built-in fetch, http and crypto: it drives a sandbox through the
// gateway API, the hosted form and the control API, and checks what check
// answers and which callbacks its own server receives. control_node_test.go
// runs it against a sandbox started by sandbox.Start; SANDBOX_URL,
// SANDBOX_KEY and SANDBOX_SECRET say where and how.
import http from 'node:http';
import { createHmac } from 'node:crypto';

const base = process.env.SANDBOX_URL;
const key = process.env.SANDBOX_KEY;
const secret = process.env.SANDBOX_SECRET;
const auth = 'Basic ' + Buffer.from(`${key}:${secret}`).toString('base64');

function assert(ok, what, got) {
  if (!ok) throw new Error(`${what}${got === undefined ? '' : ': got ' + JSON.stringify(got)}`);
}

// The merchant's callback endpoint: every callback is kept, its signature
// checked with the document's getSign, and acknowledged with 200.
const callbacks = [];
const server = http.createServer((req, res) => {
  let body = '';
  req.on('data', (c) => { body += c; });
  req.on('end', () => {
    const fields = Object.fromEntries(new URLSearchParams(body));
    const { sign, ...rest } = fields;
    const values = Object.keys(rest).sort().map((k) => rest[k]).join('|');
    fields.signatureOK = createHmac('sha256', secret).update(values).digest('hex') === sign;
    fields.raw = body;
    callbacks.push(fields);
    res.writeHead(200);
    res.end('OK');
  });
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const callbackURL = `http://127.0.0.1:${server.address().port}/callback`;

async function post(path, body) {
  const r = await fetch(base + path, {
    method: 'POST',
    headers: { Authorization: auth, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: r.status, body: await r.json() };
}
async function control(method, path, body) {
  const init = { method, headers: { Authorization: auth } };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const r = await fetch(`${base}/test-helpers/${path}`, init);
  return { status: r.status, body: await r.json() };
}
const check = async (id) => (await post('/check', { order_id: id })).body;
const received = (id) => callbacks.filter((c) => c.orderId === id);
async function waitFor(what, ok) {
  for (let i = 0; i < 250; i++) {
    if (ok()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const order = (id, amount) => ({
  account: 'EUR-sandbox', amount, currency: 'EUR', order_id: id, merchant_site: 'https://merchant.site',
  recurrent: false, purpose: 'description', customer_first_name: 'John', customer_last_name: 'Doe',
  customer_address: '10 Downing Street', customer_city: 'London', customer_zip_code: 121165,
  customer_country: 'GB', customer_phone: '+442079460612', customer_email: 'john@example.com',
  customer_ip_address: '127.0.0.1', success_url: 'https://merchant.example/success',
  fail_url: 'https://merchant.example/fail', callback_url: callbackURL,
});
const card = (number) => ({
  card_holder: 'John Doe', card_number: number, card_exp_month: '02', card_exp_year: '30', card_cvv: '123',
});

// 1. A hosted form payment: the shopper enters the challenge card, and
// the 3-D Secure challenge is approved through the control API.
const formID = 'node form/1';
let r = await post('/initPayment', order(formID, 1000));
assert(r.status === 200 && r.body.status === 1 && r.body.form_url, 'initPayment answers form_url', r);
const page = await fetch(r.body.form_url);
assert(page.status === 200, 'the form opens', page.status);
const submit = await fetch(r.body.form_url, {
  method: 'POST', redirect: 'manual',
  headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(card('4003830171874018')),
});
assert(submit.status === 303 && submit.headers.get('location').includes('/3ds/'), 'the card leads to 3-D Secure', submit.status);
const path = `orders/${encodeURIComponent(formID)}`;
let c = await control('GET', path);
assert(c.status === 200 && c.body.stage === '3ds' && c.body.status === 1, 'the order waits for 3-D Secure', c);
c = await control('POST', `${path}/complete`, { action: 'approve' });
assert(c.status === 200 && c.body.status === 2, 'approved', c);
let chk = await check(formID);
assert(chk.status === 2 && chk.errorMessage === null, 'check: paid', chk);
await waitFor('the success callback', () => received(formID).some((cb) => cb.status === '2'));
assert(received(formID).every((cb) => cb.signatureOK), 'callbacks are signed with the secret');

// 2. A host-to-host payment made to fail with a chosen code and a
// three-gate cascade.
const cascade = ['PLATFORM_ERROR_ANTIFRAUD_RULES', 'PLATFORM_ERROR_GATE_SKIPPED', 'PLATFORM_ERROR_CARD_BRAND_UNAVAILABLE'];
c = await control('POST', 'declines', { code: 'PLATFORM_ERROR_GATE_NOT_FOUND', cascade, amount: 4200 });
assert(c.status === 200, 'decline queued', c);
r = await post('/pci/initPaymentHost2Host', { payment_method: 'card', ...order('node-h2h', 4200), ...card('4012000000003010') });
assert(r.status === 200 && r.body.status === -1 && r.body.msg === 'PLATFORM_ERROR_GATE_NOT_FOUND', 'declined in the answer', r);
chk = await check('node-h2h');
assert(chk.status === -1 && chk.errorMessage === 'PLATFORM_ERROR_GATE_NOT_FOUND', 'check: the code', chk);
assert(JSON.stringify(chk.cascadeErrors.map((e) => e.errorCategory)) === JSON.stringify(cascade), 'check: the cascade', chk.cascadeErrors);
assert(chk.cascadeErrors.every((e, i) => e.gatePriority === i), 'check: one gate each', chk.cascadeErrors);
await waitFor('the failure callback', () => received('node-h2h').length === 1);
const failed = received('node-h2h')[0];
assert(failed.status === '-1' && failed.errorCategory === 'PLATFORM_ERROR_GATE_NOT_FOUND' && failed.signatureOK, 'callback: the code', failed);
assert(JSON.stringify(JSON.parse(failed.cascadeErrors).map((e) => e.errorCategory)) === JSON.stringify(cascade), 'callback: the cascade', failed);

// 3. The callback resent: the same status again, signed.
c = await control('POST', 'orders/node-h2h/callbacks', { kind: 'resend' });
assert(c.status === 200 && c.body.callbacks.length === 2, 'resent', c);
await waitFor('the resent callback', () => received('node-h2h').length === 2);
assert(received('node-h2h')[1].raw === failed.raw, 'the resent callback is the same');

// 4. Errors are JSON with a stable code.
c = await control('POST', 'orders/nobody/complete', { action: 'approve' });
assert(c.status === 404 && c.body.error.code === 'unknown_order', 'unknown order', c);

server.close();
console.log('ok');
