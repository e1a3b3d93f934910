import { z } from 'zod';

// Fields as the operating systems' tools print them (lsblk, PowerShell): shared by the adapters so they read blanks
// and numbers the same way.

/** A text field that may be missing, null or blank: blank means "none", and surrounding spaces are not part of it. */
export const OptionalText = z.string().nullish().transform((v) => (v === undefined || v === null || v.trim() === '' ? null : v.trim()));

/** A byte count printed as a number or a string (older tools); missing counts as 0. */
export const ByteCount = z.union([z.number(), z.string(), z.null()]).transform((v) => (v === null ? 0 : Number(v)));
