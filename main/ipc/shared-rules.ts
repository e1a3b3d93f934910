/**
 * Rules main enforces and the renderer checks early, so a person hears at once what main would say: plain values,
 * no imports, the one module under main/ the renderer may import at run time (an ESLint rule allows exactly this
 * file). Main stays the authority; the renderer only asks for what main will accept.
 */

/** A personal PIN: 4 to 8 digits. */
export const PIN_DIGITS = { min: 4, max: 8 } as const;
export const PIN_PATTERN = new RegExp(`^\\d{${PIN_DIGITS.min},${PIN_DIGITS.max}}$`);

/** The longest text a search box sends (staff, participants). */
export const SEARCH_TEXT_MAX = 100;

/**
 * The letters of an HQ set-up code (XXXX-XXXX-XXXX): digits and Latin capitals without I, L, O, U (Crockford's base
 * 32), so nothing is mistaken over the phone. main/stations/hq-setup-protocol.ts normalises with it; the set-up
 * screen masks the field with it.
 */
export const SETUP_CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A station's one-time enrolment code from RCOI, in characters once trimmed. */
export const ENROL_CODE_LENGTH = { min: 4, max: 64 } as const;

/** Role codes whose PIN is set only with a second person confirming: the PPE head and GEK members sign the acts. */
export const GUARDED_ROLES: readonly number[] = [1, 5];

/**
 * Who may be that second person, by their role of the day: the PPE head, a GEK member or a technical specialist —
 * people on duty at the PPE who answer for its records. A head who forgot the PIN, with one technical specialist on
 * site, still gets a new one: a GEK member confirms.
 */
export const CONFIRMER_ROLES: readonly number[] = [1, 5, 7];

/** The largest distribution bundle file, in characters (a real one is a few MiB). */
export const MAX_BUNDLE_CHARS = 32 * 1024 * 1024;
