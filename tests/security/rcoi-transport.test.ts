import { generateKeyPairSync } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { hashPin } from '../../main/auth/pin-hash';
import { isAppError } from '../../main/kernel/app-error';
import { openHarness, type Harness } from '../support/core-harness';

// The unsigned GETs to RCOI (bundle offers, bundle files, the package list) follow the same rules as the signed sync
// protocol: HTTPS outside training on this computer, and no answer read without a cap.

let h: Harness | null = null;
let server: Server | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = null;
});

/** A look-alike RCOI on loopback: counts requests; `endless` paths stream bytes until the client goes away. */
async function lookAlike(endless: (path: string) => boolean, offers: unknown = { bundles: [] }): Promise<{ url: string; requests: string[] }> {
  const requests: string[] = [];
  server = createServer((req, res) => {
    requests.push(req.url ?? '');
    if (!endless(req.url ?? '')) {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(offers));
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    const piece = Buffer.alloc(1024 * 1024, 0x20);
    const pump = () => {
      while (!res.destroyed && res.write(piece));
      if (!res.destroyed) res.once('drain', pump);
    };
    res.write('{"bundles":[');
    pump();
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server!.address() as AddressInfo).port}`, requests };
}

/** A real (not training) exam point with its own RCOI key and a technical specialist whose PIN is 7391. */
async function realStation(rcoiUrl: string): Promise<Harness> {
  const harness = await openHarness({ demo: false });
  const db = harness.core.db;
  const key = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
  db.prepare("INSERT INTO region (code, name) VALUES ('42', 'Кемеровская область')").run();
  db.prepare(
    `INSERT INTO ppe (id, region_code, code, name, address, time_zone, rcoi_public_key, rcoi_url, training_mode)
     VALUES (1, '42', '0412', 'ППЭ', 'адрес', 'Asia/Novokuznetsk', ?, ?, 0)`,
  ).run(key, rcoiUrl);
  db.prepare('INSERT INTO staff (external_id, last_name, first_name, middle_name, role_code, pin_hash) VALUES (?, ?, ?, ?, ?, ?)').run(
    'T1',
    'Техников',
    'Тимур',
    'Тимурович',
    7,
    await hashPin('7391'),
  );
  await harness.reopen();
  return harness;
}

describe('RCOI over plain HTTP on a real station', () => {
  it('bundle offers and the package list are refused before a single request is sent', async () => {
    const rcoi = await lookAlike(() => false);
    h = await realStation(rcoi.url);
    const staff = await h.call('tech', 'auth/staffList', {});
    await h.call('tech', 'auth/signIn', { staffId: staff[0]!.id, pin: '7391' });

    expect(await h.fail('tech', 'bundles/fetchFromRcoi', {})).toMatchObject({ code: 'RCOI_URL_INSECURE' });
    const refresh = await h.core.packages.refresh().then(
      () => null,
      (e: unknown) => (isAppError(e) ? e.code : String(e)),
    );
    expect(refresh).toBe('RCOI_URL_INSECURE');
    expect(rcoi.requests).toEqual([]);
  });
});

describe('a look-alike RCOI sending an endless answer', () => {
  it('an endless offer list is cut off at its cap and refused as a bad answer', async () => {
    const rcoi = await lookAlike((path) => path.endsWith('/bundles'));
    h = await openHarness({ rcoiUrl: rcoi.url });
    await h.signInAs('tech', 7);
    expect(await h.fail('tech', 'bundles/fetchFromRcoi', {})).toMatchObject({ code: 'RCOI_BAD_RESPONSE' });
  });

  it('an endless bundle file is cut off at its cap, refused, and nothing is imported', async () => {
    const offer = { bundleId: 'b-1', examDate: '2026-06-02', subjectCode: 1, form: 'EGE', version: 1, sha256: '0'.repeat(64) };
    const rcoi = await lookAlike((path) => path.includes('/api/v1/bundles/'), { bundles: [offer] });
    h = await openHarness({ rcoiUrl: rcoi.url });
    await h.signInAs('tech', 7);
    const before = h.core.db.prepare('SELECT count(*) AS n FROM distribution_bundle').get();
    const result = await h.call('tech', 'bundles/fetchFromRcoi', {});
    expect(result.results).toEqual([]);
    expect(result.failures.map((f) => f.error.code)).toEqual(['RCOI_BAD_RESPONSE']);
    expect(h.core.db.prepare('SELECT count(*) AS n FROM distribution_bundle').get()).toEqual(before);
  });
});
