import { createCipheriv, createHash, randomBytes, randomUUID } from 'node:crypto';
import { renderKit } from '../../main/documents/kit/render-kit';
import type { KitContent } from '../../main/kits/kit-content';
import { KIT_PACK_FORMAT, packPlaces } from '../../main/kits/kit-pack-format';
import { KitNumberLedger, openKitPack } from '../../main/kits/open-pack';
import { packageManifestSchema } from '../../main/packages/package-format';
import { sampleKit } from '../support/sample-kit';

// bench:print — the morning's bottleneck should be the printer, never the software. A room of 25 kits of 16 pages
// each (12 КИМ pages, the registration blank, answers №1, answers №2 sheets 1 and 2) is decrypted pack by pack
// (AES-256-GCM, five kits a pack, through the app's openKitPack) and rendered to print-ready PDF in memory by
// main/documents, one kit after another as the print queue asks for them. The baseline is computed, not measured:
// the time a 40-pages-per-minute office laser printer needs for the same pages. first_kit_ms is from the start
// (nothing warmed up: fonts not yet read, pdfkit and fontkit cold) to the first kit's whole PDF.

const KITS = Number(process.env.BENCH_KITS ?? 25);
const KIM_PAGES = 12;
const PACK_SIZE = 5;
const PRINTER_PAGES_PER_MIN = 40;

// The packs (not timed): what the package on the drive holds, under the exam-day key.
const key = randomBytes(32);
const kits: KitContent[] = Array.from({ length: KITS }, (_, i) => sampleKit(i + 1, KIM_PAGES));
const packs: Buffer[] = [];
for (let i = 0; i < kits.length; i += PACK_SIZE) {
  const plaintext = Buffer.from(JSON.stringify({ format: KIT_PACK_FORMAT, formatVersion: 1, kits: kits.slice(i, i + PACK_SIZE) }));
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  packs.push(Buffer.concat([iv, cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]));
}
const manifest = packageManifestSchema.parse({
  packageId: randomUUID(),
  version: 1,
  publishedAt: '2026-06-01T06:00:00.000Z',
  regionCode: '42',
  ppeCode: '0412',
  exam: { date: '2026-06-01', subjectCode: 1, form: 'EGE', dayKind: 'main' },
  rooms: [{ auditoriumCode: '0101', kits: KITS }],
  reserveKits: 0,
  packSize: 5,
  encryption: { alg: 'AES-256-GCM', keyId: 'bench' },
  files: packs.map((bytes, i) => ({
    path: `packs/${String(i + 1).padStart(4, '0')}.bin`,
    size: bytes.length,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    kits: Math.min(PACK_SIZE, KITS - i * PACK_SIZE),
  })),
});

const countPages = (pdf: Buffer) => (pdf.toString('latin1').match(/\/Type \/Page\b/g) ?? []).length;

let decryptMs = 0;
let renderMs = 0;
let firstKitMs = 0;
let pages = 0;
let bytes = 0;
const ledger = new KitNumberLedger();
const start = performance.now();
for (const place of packPlaces(manifest)) {
  const t0 = performance.now();
  const opened = openKitPack(packs[place.position - 1]!, key, manifest, place, ledger);
  decryptMs += performance.now() - t0;
  for (const kit of opened) {
    const t1 = performance.now();
    const pdf = await renderKit(kit);
    renderMs += performance.now() - t1;
    if (firstKitMs === 0) {
      firstKitMs = performance.now() - start;
      console.log(`first kit: decrypt of its pack ${decryptMs.toFixed(0)} ms, render ${(performance.now() - t1).toFixed(0)} ms`);
    }
    pages += countPages(pdf);
    bytes += pdf.length;
  }
}
const totalMs = performance.now() - start;
// The sample's text is sized so each КИМ page fits one sheet: a kit that ran over would make the ratio flatter.
if (pages !== KITS * (KIM_PAGES + 4)) throw new Error(`expected ${KITS * (KIM_PAGES + 4)} pages, rendered ${pages}`);
const printerMs = (pages / PRINTER_PAGES_PER_MIN) * 60_000;

console.log(`kits ${KITS}, pages ${pages} (${(pages / KITS).toFixed(1)} a kit), PDF ${(bytes / 1024 / 1024).toFixed(1)} MiB`);
console.log(`decrypt ${decryptMs.toFixed(0)} ms, render ${renderMs.toFixed(0)} ms, total ${totalMs.toFixed(0)} ms (${(totalMs / pages).toFixed(1)} ms a page)`);
console.log(`a ${PRINTER_PAGES_PER_MIN} pages/min printer needs ${(printerMs / 1000).toFixed(0)} s for these pages`);
console.log(
  `RESULT print kits_per_s=${(KITS / (totalMs / 1000)).toFixed(2)} first_kit_ms=${Math.round(firstKitMs)} ratio=${(totalMs / printerMs).toFixed(4)}`,
);
