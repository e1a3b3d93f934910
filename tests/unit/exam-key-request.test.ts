import { describe, expect, it } from 'vitest';
import type { ExamKeyRequest } from '../../main/exam-keys/key-file-format';
import { examKeyRequestBytes } from '../../main/exam-keys/key-request';

// The bytes a GEK member's token signs to ask RCOI for the key (main/exam-keys/key-request.ts): one request, one byte
// string, however the object was built; and nothing RCOI would refuse as malformed is ever given to a token to sign.

const request: ExamKeyRequest = {
  purpose: 'ppe-exam-key-request',
  regionCode: '39',
  ppeCode: '0101',
  packageId: '5b0f2b5e-8c4f-4a57-9d0c-1f9c1f0a2b3c',
  examDate: '2026-06-15',
  staffId: 'g-101',
  tokenKey: 'a'.repeat(64),
  signedAt: '2026-06-15T07:30:00.000Z',
  nonce: '0123456789abcdef0123456789abcdef',
  ask: { kind: 'reserve', subjectCode: 2, roomCode: '0101', stationNumber: '010101', kits: 2 },
};

describe('examKeyRequestBytes', () => {
  it('is UTF-8 JSON with sorted keys and no spaces, the same whatever the order of the object', () => {
    const bytes = examKeyRequestBytes(request);
    expect(bytes.toString('utf8')).toBe(
      '{"ask":{"kind":"reserve","kits":2,"roomCode":"0101","stationNumber":"010101","subjectCode":2},"examDate":"2026-06-15",' +
        '"nonce":"0123456789abcdef0123456789abcdef","packageId":"5b0f2b5e-8c4f-4a57-9d0c-1f9c1f0a2b3c","ppeCode":"0101",' +
        '"purpose":"ppe-exam-key-request","regionCode":"39","signedAt":"2026-06-15T07:30:00.000Z","staffId":"g-101",' +
        `"tokenKey":"${'a'.repeat(64)}"}`,
    );
    const shuffled = Object.fromEntries(Object.entries(request).reverse()) as ExamKeyRequest;
    expect(examKeyRequestBytes(shuffled).equals(bytes)).toBe(true);
    expect(JSON.parse(bytes.toString('utf8'))).toEqual(request);
  });

  it('refuses a request RCOI would refuse: an extra field, a bad nonce, an unknown ask', () => {
    expect(() => examKeyRequestBytes({ ...request, extra: 1 } as ExamKeyRequest)).toThrow();
    expect(() => examKeyRequestBytes({ ...request, nonce: 'xyz' })).toThrow();
    expect(() => examKeyRequestBytes({ ...request, ask: { kind: 'all' } } as unknown as ExamKeyRequest)).toThrow();
  });
});
