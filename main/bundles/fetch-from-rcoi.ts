import { AppError } from '../kernel/app-error';
import type { Actor, CoreContext } from '../kernel/context';
import type { ImportResult } from '../ipc/dto';
import type { AppErrorPayload } from '../ipc/errors';
import { readPpeConfig } from '../ppe/ppe-config';
import { usableRcoiUrl } from '../rcoi/rcoi-url';
import type { BundleService } from './bundle-service';
import { downloadBundle, listOffers } from './rcoi-bundle-client';

export interface FetchOutcome {
  offered: number;
  results: ImportResult[];
  failures: { bundleId: string; examDate: string; subjectCode: number; error: AppErrorPayload }[];
}

/**
 * «Получить из РЦОИ»: asks RCOI which distribution lists it offers this PPE and imports the new ones, oldest exam
 * first. Each list is its own all-or-nothing import, through the same checks as a file from a drive: one refused
 * list does not hold up the rest, and each refusal is reported with its reason.
 */
export async function fetchBundlesFromRcoi(ctx: CoreContext, bundles: BundleService, actor: Actor): Promise<FetchOutcome> {
  const ppe = readPpeConfig(ctx.db);
  const rcoiUrl = usableRcoiUrl(ppe);
  const offers = await listOffers(rcoiUrl, ppe.regionCode, ppe.code);
  const known = bundles.knownBundleIds();
  const outcome: FetchOutcome = { offered: offers.length, results: [], failures: [] };
  for (const offer of offers.filter((o) => !known.has(o.bundleId)).sort((a, b) => a.examDate.localeCompare(b.examDate))) {
    try {
      const content = await downloadBundle(rcoiUrl, offer.bundleId);
      outcome.results.push(bundles.import(actor, `rcoi:${offer.bundleId}`, content));
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      // A list for a past exam is history, not news.
      if (e.code === 'BUNDLE_EXAM_PAST') continue;
      outcome.failures.push({ bundleId: offer.bundleId, examDate: offer.examDate, subjectCode: offer.subjectCode, error: e.toPayload() });
    }
  }
  return outcome;
}
