import { parseArgs } from 'node:util';
import { openCore } from '../../main/root/app-core';
import { systemClock } from '../../main/kernel/clock';
import { fileKeyProtector } from '../../main/sync/key-store';
import { prepareAttempt, setupRcoiUrl } from '../../main/stations/hq-setup';
import { askRcoiToSetUp } from '../../main/stations/hq-setup-client';
import { deriveSetupKey, normaliseEnrolmentCode } from '../../main/stations/hq-setup-protocol';

// An HQ station being set up, for tests/integration/hq-setup-crash.test.ts: it gets as far as RCOI's answer and
// stops there, printing ANSWERED, so that the test kills it with SIGKILL after RCOI answered and before the set-up's
// one act could commit. `--stop-at raw`: the answer has arrived but is not stored yet (the attempt row holds only
// the code and the key); `--stop-at offer`: the checked answer is stored and the person has not yet chosen a PIN.
// The test trusts its throwaway TLS certificate through NODE_EXTRA_CA_CERTS.

const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string' },
    'rcoi-url': { type: 'string' },
    code: { type: 'string' },
    'stop-at': { type: 'string', default: 'raw' },
  },
});

async function main() {
  const dataDir = values['data-dir']!;
  const core = await openCore({ dataDir, transport: 'bridge', demo: false, drives: null, log: { error: (m, d) => console.error(m, d) } });
  const request = { rcoiUrl: values['rcoi-url']!, ppeCode: '0412', code: values.code!, kind: 'hq-main' as const };
  if (values['stop-at'] === 'offer') {
    const r = await core.dispatch('child', 'setup/headquarters', request);
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    console.log(`ANSWERED number ${(r.value as { stationNumber: string }).stationNumber}`);
  } else {
    const keys = fileKeyProtector(dataDir);
    const ctx = { db: core.db, clock: systemClock, events: core.events, stationNumber: () => '', outboxChanged: () => {} };
    const code = normaliseEnrolmentCode(request.code)!;
    const rcoiUrl = setupRcoiUrl(request.rcoiUrl);
    const attempt = prepareAttempt(ctx, keys, { code, ppeCode: request.ppeCode, rcoiUrl, kind: request.kind });
    const answer = await askRcoiToSetUp({
      rcoiUrl,
      ppeCode: request.ppeCode,
      kind: request.kind,
      publicKey: attempt.public_key,
      setupKey: await deriveSetupKey(code, request.ppeCode),
    });
    console.log(`ANSWERED station ${answer.stationId} number ${answer.stationNumber}`);
  }
  // Holds here, with RCOI's answer in hand, until the test kills it.
  setInterval(() => {}, 60_000);
}

main().catch((e) => {
  console.error(e);
  process.exit(2);
});
