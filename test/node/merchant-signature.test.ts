import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign as cryptoSign, constants } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { publicKeyHash, verifySignedRequest } from '../../src/merchant/index.js';
import { signedData } from '../../src/merchant/signature.js';
import { generateSigningKey, signRequest } from '../../src/merchant/testing.js';
import { respellings, signatureWithEveryLetter } from './merchant-fixtures.js';

// The scheme of InPost Pay's signatures, checked three ways: the known-answer vector of the
// wire reference, signatures made and checked by the openssl command line (an implementation
// that shares no code with ours), and every way a request can be refused.

const T0 = '2025-01-15T10:00:00.000Z';
const AT_T0 = new Date(T0);

describe('the known-answer vector (merchant MERCHANT-1, version 1, 2025-01-15T10:00:00.000Z)', () => {
  test('empty body → digest and signed data', () => {
    assert.equal(createHash('sha256').update('').digest('base64'), '47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=');
    assert.equal(
      signedData('', 'MERCHANT-1', '1', T0),
      'NDdERVFwajhIQlNhKy9USW1XKzVKQ2V1UWVSa201Tk1wSldaRzNoU3VGVT0sTUVSQ0hBTlQtMSwxLDIwMjUtMDEtMTVUMTA6MDA6MDAuMDAwWg==',
    );
  });

  test('body {} → signed data, from a string and from bytes alike', () => {
    const expected = 'UkJOdm8xV3paNG9SUnEwVzkraGtucFQ3VDhJZjUzNkRFTUJnOWh5cS80bz0sTUVSQ0hBTlQtMSwxLDIwMjUtMDEtMTVUMTA6MDA6MDAuMDAwWg==';
    assert.equal(signedData('{}', 'MERCHANT-1', '1', T0), expected);
    assert.equal(signedData(new TextEncoder().encode('{}'), 'MERCHANT-1', '1', T0), expected);
  });

  test('public_key_base64 TESTKEY → x-public-key-hash', () => {
    assert.equal(publicKeyHash('TESTKEY'), '9f3b2fc5de528b8eaabcd5632bd5dea4620b71123da8b05bca77e1d6f6432545');
  });
});

describe('signatures made and checked by the openssl command line', () => {
  const dir = mkdtempSync(join(tmpdir(), 'inpost-signature-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string) => join(dir, name);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: ['ignore', 'pipe', 'pipe'] });

  // A key made by openssl, its public half as the signing-keys API gives it: Base64 of the DER SPKI.
  openssl('genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', file('key.pem'));
  openssl('pkey', '-in', file('key.pem'), '-pubout', '-outform', 'DER', '-out', file('pub.der'));
  openssl('pkey', '-in', file('key.pem'), '-pubout', '-out', file('pub.pem'));
  const publicKeyBase64 = readFileSync(file('pub.der')).toString('base64');
  const body = '{"status":"SUCCESS","inpost_basket_id":"b-1","phone_number":{"country_prefix":"+48","phone":"600100200"}}';

  test('openssl signs the Base64 text of the joined string; verifySignedRequest accepts it', () => {
    // Built with the shell's tools only: digest with openssl, Base64 of the joined string with openssl.
    writeFileSync(file('body'), body);
    const digest = openssl('dgst', '-sha256', '-binary', file('body')).toString('base64');
    writeFileSync(file('message'), `${digest},MERCHANT-1,3,${T0}`);
    const signed = openssl('base64', '-A', '-in', file('message')).toString().trim();
    writeFileSync(file('signed'), signed);
    const signature = openssl('dgst', '-sha256', '-sign', file('key.pem'), file('signed')).toString('base64');
    const hash = openssl('dgst', '-sha256', '-r', file('pub.der')).toString(); // hash of DER bytes: not what InPost sends
    assert.notEqual(hash.slice(0, 64), publicKeyHash(publicKeyBase64));
    writeFileSync(file('key.b64'), publicKeyBase64);
    const keyHash = openssl('dgst', '-sha256', '-r', file('key.b64')).toString().slice(0, 64);
    const headers = { 'x-signature': signature, 'x-signature-timestamp': T0, 'x-public-key-ver': '3', 'x-public-key-hash': keyHash };
    assert.deepEqual(verifySignedRequest({ body, headers, merchantExternalId: 'MERCHANT-1', publicKey: publicKeyBase64, now: AT_T0 }), { ok: true });
  });

  test('openssl verifies what signRequest signs, over the signed data text', () => {
    const headers = signRequest({
      body,
      merchantExternalId: 'MERCHANT-1',
      keyVersion: '3',
      privateKey: readFileSync(file('key.pem'), 'utf8'),
      publicKey: publicKeyBase64,
      timestamp: T0,
    });
    assert.equal(headers['x-public-key-hash'], createHash('sha256').update(publicKeyBase64).digest('hex'));
    writeFileSync(file('signature'), Buffer.from(headers['x-signature'], 'base64'));
    writeFileSync(file('signed2'), signedData(body, 'MERCHANT-1', '3', T0));
    const out = openssl('dgst', '-sha256', '-verify', file('pub.pem'), '-signature', file('signature'), file('signed2')).toString();
    assert.match(out, /Verified OK/);
    // The joined string itself (without its Base64) is not what was signed.
    writeFileSync(file('joined'), Buffer.from(signedData(body, 'MERCHANT-1', '3', T0), 'base64'));
    assert.throws(() => openssl('dgst', '-sha256', '-verify', file('pub.pem'), '-signature', file('signature'), file('joined')));
  });
});

describe('refusals', () => {
  const { privateKey, publicKeyBase64 } = generateSigningKey();
  const other = generateSigningKey();
  const body = '{"event_id":"e1"}';
  const sign = (extra: Partial<Parameters<typeof signRequest>[0]> = {}) =>
    signRequest({ body, merchantExternalId: 'M-1', keyVersion: '1', privateKey, publicKey: publicKeyBase64, timestamp: T0, ...extra }) as unknown as Record<string, string>;
  const verify = (headers: Record<string, string>, extra: Partial<Parameters<typeof verifySignedRequest>[0]> = {}) =>
    verifySignedRequest({ body, headers, merchantExternalId: 'M-1', publicKey: publicKeyBase64, now: AT_T0, ...extra });

  test('the untouched request passes, with headers as a plain object or as Fetch Headers, body as text or bytes', () => {
    assert.deepEqual(verify(sign()), { ok: true });
    assert.deepEqual(verify({} as never, { headers: new Headers(sign()) }), { ok: true });
    assert.deepEqual(verify(sign(), { body: new TextEncoder().encode(body) }), { ok: true });
    assert.deepEqual(verify(sign(), { publicKey: createPublicKey({ key: Buffer.from(publicKeyBase64, 'base64'), format: 'der', type: 'spki' }) }), { ok: true });
  });

  test('a changed body', () => {
    assert.deepEqual(verify(sign(), { body: body + ' ' }), { ok: false, problem: 'BAD_SIGNATURE' });
    assert.deepEqual(verify(sign(), { body: JSON.stringify(JSON.parse(body), null, 1) }), { ok: false, problem: 'BAD_SIGNATURE' });
  });

  test('another merchant', () => {
    assert.deepEqual(verify(sign({ merchantExternalId: 'M-2' })), { ok: false, problem: 'BAD_SIGNATURE' });
  });

  test('another key: named by its hash, or signed by it under our key hash', () => {
    assert.deepEqual(verify(sign({ privateKey: other.privateKey, publicKey: other.publicKeyBase64 })), { ok: false, problem: 'UNKNOWN_KEY' });
    assert.deepEqual(verify(sign({ privateKey: other.privateKey })), { ok: false, problem: 'BAD_SIGNATURE' });
    assert.deepEqual(verify(sign(), { keyVersion: '2' }), { ok: false, problem: 'UNKNOWN_KEY' });
  });

  test('old or far in the future (240 s either way)', () => {
    const at = (seconds: number) => new Date(AT_T0.getTime() + seconds * 1000);
    assert.deepEqual(verify(sign(), { now: at(239) }), { ok: true });
    assert.deepEqual(verify(sign(), { now: at(241) }), { ok: false, problem: 'EXPIRED' });
    assert.deepEqual(verify(sign(), { now: at(-241) }), { ok: false, problem: 'EXPIRED' });
    assert.deepEqual(verify(sign(), { now: at(30), maxAgeSeconds: 10 }), { ok: false, problem: 'EXPIRED' });
  });

  test('the joined string signed without its Base64', () => {
    const joined = Buffer.from(signedData(body, 'M-1', '1', T0), 'base64');
    const headers = { ...sign(), 'x-signature': cryptoSign('sha256', joined, privateKey).toString('base64') };
    assert.deepEqual(verify(headers), { ok: false, problem: 'BAD_SIGNATURE' });
  });

  test('a PSS signature (PHP openssl_verify accepts only PKCS#1 v1.5)', () => {
    const data = Buffer.from(signedData(body, 'M-1', '1', T0));
    const pss = cryptoSign('sha256', data, { key: privateKey, padding: constants.RSA_PKCS1_PSS_PADDING });
    assert.deepEqual(verify({ ...sign(), 'x-signature': pss.toString('base64') }), { ok: false, problem: 'BAD_SIGNATURE' });
  });

  test('the key hash in another form: of the DER bytes, Base64 instead of hex', () => {
    const der = Buffer.from(publicKeyBase64, 'base64');
    assert.deepEqual(verify({ ...sign(), 'x-public-key-hash': createHash('sha256').update(der).digest('hex') }), { ok: false, problem: 'UNKNOWN_KEY' });
    assert.deepEqual(verify({ ...sign(), 'x-public-key-hash': createHash('sha256').update(der).digest('base64') }), { ok: false, problem: 'UNKNOWN_KEY' });
    assert.deepEqual(verify({ ...sign(), 'x-public-key-hash': createHash('sha256').update(publicKeyBase64).digest('base64') }), { ok: false, problem: 'UNKNOWN_KEY' });
    // Hex is hex: upper case names the same key.
    assert.deepEqual(verify({ ...sign(), 'x-public-key-hash': sign()['x-public-key-hash']!.toUpperCase() }), { ok: true });
  });

  test('missing, empty or oversized headers', () => {
    for (const name of ['x-signature', 'x-signature-timestamp', 'x-public-key-ver', 'x-public-key-hash']) {
      const { [name]: _dropped, ...rest } = sign();
      assert.deepEqual(verify(rest), { ok: false, problem: 'MISSING_HEADERS' }, name);
      assert.deepEqual(verify({ ...sign(), [name]: '' }), { ok: false, problem: 'MISSING_HEADERS' }, name);
    }
    assert.deepEqual(verify({ ...sign(), 'x-signature': 'A'.repeat(5000) }), { ok: false, problem: 'MISSING_HEADERS' });
    assert.deepEqual(verify({ ...sign(), 'x-signature': 'not base64 at all!' }), { ok: false, problem: 'MALFORMED_SIGNATURE' });
  });

  test('respellings of a good signature (Node decodes them all to the same bytes) are refused before verifying: MALFORMED_SIGNATURE', () => {
    const headers = signatureWithEveryLetter((attempt) => sign({ timestamp: new Date(AT_T0.getTime() + attempt).toISOString() }));
    const good = headers['x-signature'];
    const respelled = respellings(good);
    // Every respelling names the very same bytes to a lenient decoder: the attack is real.
    for (const [name, text] of respelled) assert.deepEqual(Buffer.from(text, 'base64'), Buffer.from(good, 'base64'), name);
    for (const [name, text] of respelled) {
      assert.deepEqual(verify({ ...headers, 'x-signature': text }), { ok: false, problem: 'MALFORMED_SIGNATURE' }, name);
    }
    assert.deepEqual(verify(headers), { ok: true });
  });

  test('a signature of another size than the key (a 4096-bit key\'s against a 2048-bit key) is malformed', () => {
    const big = generateSigningKey(4096);
    const headers = sign({ privateKey: big.privateKey });
    assert.deepEqual(verify(headers), { ok: false, problem: 'MALFORMED_SIGNATURE' });
  });

  test('timestamps: every form the plugins write is read, anything else refused', () => {
    for (const timestamp of ['2025-01-15T10:00:00Z', '2025-01-15T10:00:00.0Z', '2025-01-15T10:00:00.000Z', '2025-01-15T10:00:00.000000Z', '2025-01-15T11:00:00.123+01:00', '2025-01-15T09:00:00.123456-0100']) {
      assert.deepEqual(verify(sign({ timestamp })), { ok: true }, timestamp);
    }
    for (const timestamp of ['2025-01-15 10:00:00Z', '2025-01-15T10:00:00', '2025-01-15T10:00:00.1234567Z', 'yesterday', '2025-13-45T10:00:00.000Z']) {
      assert.deepEqual(verify(sign({ timestamp })), { ok: false, problem: 'BAD_TIMESTAMP' }, timestamp);
    }
  });

  test('a malformed key is a refusal, not an exception', () => {
    assert.deepEqual(verify(sign({ publicKey: 'bm90IGEga2V5' }), { publicKey: 'bm90IGEga2V5' }), { ok: false, problem: 'BAD_SIGNATURE' });
  });

  test('signRequest keys: PEM strings work as well as KeyObjects', () => {
    const pem = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const privatePem = pem.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
    const headers = sign({ privateKey: createPrivateKey(privatePem), publicKey: pem.publicKey });
    assert.deepEqual(verify(headers, { publicKey: pem.publicKey }), { ok: true });
  });
});
