import { generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rcoiUrlRefusal } from '../../main/rcoi/rcoi-url';
import { SyncAnswerNotAuthenticError, SyncClient, SyncTransientError, type Credentials } from '../../main/sync/sync-client';
import { generateSigningKey, loadDemoSigningKey, publicKeySpkiBase64 } from '../rcoi-server/bundle-signer';
import { sendSignedJson } from '../rcoi-server/signed-answer';
import { sendJson } from '../rcoi-server/http-json';

// The client's checks one by one, against a small loopback server that answers exactly what each test says —
// signed with the pinned key (RCOI itself, or a bug in it, saying something that does not fit the request), with
// another key, or not at all.

const pinned = loadDemoSigningKey();
const creds: Credentials = { stationId: randomUUID(), privateKey: generateKeyPairSync('ed25519').privateKey };
let answer: (req: IncomingMessage) => { status: number; body: unknown; key: KeyObject | null };
let server: Server;
let client: SyncClient;

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const a = answer(req);
      if (a.key) sendSignedJson(res, a.key, req, a.status, a.body);
      else sendJson(res, a.status, a.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  client = new SyncClient(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, publicKeySpkiBase64(pinned), () => new Date(), 5_000);
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const item = { kind: 'act', schemaVersion: 1, stream: 'acts', payload: { n: 1 } };
const itemSha = '4b1f0a0a3b8b1c64c5e1b3f0cdd32e2dd1bd4ad6d3db6f2bb2a1c10ab3b9dc8c'; // not this payload's hash

async function problemOf(call: Promise<unknown>): Promise<string> {
  const error = await call.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SyncAnswerNotAuthenticError);
  return (error as SyncAnswerNotAuthenticError).problem;
}

describe('an answer signed by the pinned key that does not fit what was sent', () => {
  it('an acknowledgement carrying another hash is not a delivery', async () => {
    answer = () => ({ status: 200, body: { status: 'stored', sha256: itemSha }, key: pinned });
    expect(await problemOf(client.putItem(creds, randomUUID(), item))).toBe('answer_mismatch');
    expect(await problemOf(client.commitUpload(creds, randomUUID(), 'a'.repeat(64)))).toBe('answer_mismatch');
  });

  it('a feed page that cannot follow the cursor asked for is not applied', async () => {
    const page = (items: number[], next: number) => () => ({
      status: 200,
      body: { items: items.map((cursor) => ({ cursor, id: randomUUID(), kind: 'forms-pack', schemaVersion: 1, payload: {} })), next },
      key: pinned,
    });
    answer = page([5], 5); // behind the cursor
    expect(await problemOf(client.feed(creds, 10))).toBe('answer_mismatch');
    answer = page([11, 11], 11); // not rising
    expect(await problemOf(client.feed(creds, 10))).toBe('answer_mismatch');
    answer = page([11], 500); // next jumps past the page
    expect(await problemOf(client.feed(creds, 10))).toBe('answer_mismatch');
    answer = page([], 0); // next moves back
    expect(await problemOf(client.feed(creds, 10))).toBe('answer_mismatch');
    answer = page([11, 12], 12);
    expect((await client.feed(creds, 10)).next).toBe(12);
  });
});

describe('an answer not signed by the pinned key', () => {
  it('signed with another key, or unsigned: not authentic, whatever it says', async () => {
    const other = generateSigningKey();
    answer = () => ({ status: 200, body: { status: 'stored', sha256: itemSha }, key: other });
    expect(await problemOf(client.putItem(creds, randomUUID(), item))).toBe('other_key');
    answer = () => ({ status: 200, body: { now: new Date().toISOString() }, key: null });
    expect(await problemOf(client.time())).toBe('unsigned');
  });

  it('an unsigned refusal is not RCOI refusing: the item is not quarantined for it', async () => {
    answer = () => ({ status: 409, body: { error: 'conflict' }, key: null });
    const error = await client.putItem(creds, randomUUID(), item).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SyncTransientError);
  });

  it('a genuine refusal of a request that was replayed on the way is retried, not quarantined', async () => {
    answer = () => ({ status: 401, body: { error: 'replayed' }, key: pinned });
    const error = await client.putItem(creds, randomUUID(), item).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SyncTransientError);
  });
});

describe('where RCOI may be reached', () => {
  it.each([
    ['https://rcoi.example.ru/', false, null],
    ['https://rcoi.example.ru/', true, null],
    ['http://rcoi.example.ru/', false, 'insecure'],
    ['http://rcoi.example.ru/', true, 'insecure'],
    ['http://127.0.0.1:4710', true, null],
    ['http://127.9.8.7:4710', true, null],
    ['http://127.1:4710', true, null],
    ['http://[::1]:4710', true, null],
    ['http://localhost:4710', true, null],
    ['http://127.0.0.1:4710', false, 'insecure'],
    ['http://localhost:4710', false, 'insecure'],
    ['http://localhost.example.ru', true, 'insecure'],
    ['http://127.0.0.1.nip.io', true, 'insecure'],
    ['http://10.0.0.5', true, 'insecure'],
    ['ftp://127.0.0.1', true, 'malformed'],
    ['https://user:secret@rcoi.example.ru', false, 'malformed'],
    ['not a url', true, 'malformed'],
  ] as const)('%s (training: %s) → %s', (url, training, expected) => {
    expect(rcoiUrlRefusal(url, training)).toBe(expected);
  });
});
