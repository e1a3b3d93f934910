import { SETUP_CODE_ALPHABET } from '../../../main/ipc/shared-rules';

/**
 * The enrolment code field's mask: what is typed becomes `XXXX-XXXX-XXXX` as it is typed — upper case, the letters
 * people mistake for digits read as those digits (O → 0, I and L → 1, as main reads them), anything else dropped, the
 * dashes put in. Main checks the code again (SETUP_CODE_MALFORMED); this only helps the hand.
 */
export function maskSetupCode(typed: string): string {
  const plain = [...typed.toUpperCase().replace(/O/g, '0').replace(/[IL]/g, '1')]
    .filter((c) => SETUP_CODE_ALPHABET.includes(c))
    .join('')
    .slice(0, 12);
  return [plain.slice(0, 4), plain.slice(4, 8), plain.slice(8, 12)].filter((g) => g !== '').join('-');
}

export function isCompleteSetupCode(masked: string): boolean {
  return /^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/.test(masked);
}
