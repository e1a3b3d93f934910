import { examKeyRequestSchema, type ExamKeyRequest } from './key-file-format';

/**
 * The exact bytes a GEK member's token signs to ask RCOI for a key (key-file-format.ts, examKeyRequestSchema):
 * UTF-8 JSON with every object's keys in sorted order and no spaces, so the same request always gives the same bytes
 * whoever builds it. RCOI checks the signature over the bytes it receives (sent as they are, base64), so this is a
 * convenience for HQ, not something the server re-derives. The request is parsed first: HQ never asks a token to
 * sign something RCOI would refuse as malformed.
 */
export function examKeyRequestBytes(req: ExamKeyRequest): Buffer {
  return Buffer.from(canonicalJson(examKeyRequestSchema.parse(req)), 'utf8');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
