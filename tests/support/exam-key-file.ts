import { createHash, createPublicKey, generateKeyPairSync, randomBytes, randomUUID, sign, type KeyObject } from 'node:crypto';
import { EXAM_KEY_FORMAT, EXAM_KEY_FORMAT_VERSION, type ExamKeyPayload } from '../../main/exam-keys/key-file-format';
import { wrapForToken } from '../../main/exam-keys/key-wrap';

/**
 * A key file to the exam materials as RCOI signs it (main/exam-keys/key-file-format.ts), made in the test with the
 * given signing key: for the transfer tests, which need genuine files of this PPE and package (and of others) without
 * a token asking RCOI. The package key is wrapped to a throwaway P-256 key: nothing here opens it.
 */
export function signedKeyFile(signingKey: KeyObject, facts: Partial<ExamKeyPayload> & Pick<ExamKeyPayload, 'packageId' | 'exam'>): { text: string; payload: ExamKeyPayload } {
  const keyId = facts.keyId ?? randomUUID();
  const token = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const tokenSpkiDer = Buffer.from(token.publicKey.export({ format: 'der', type: 'spki' }));
  const recipient = wrapForToken(randomBytes(32), { staffId: 'W-42-5001', tokenSerial: null, tokenSpkiDer }, keyId);
  const payload: ExamKeyPayload = {
    keyId,
    kind: 'main',
    sequence: 0,
    regionCode: '42',
    ppeCode: '0412',
    packageKeyId: '0123456789abcdef',
    issuedAt: '2026-06-01T02:30:00.000Z',
    requestedBy: { staffId: 'W-42-5001', tokenKey: recipient.tokenKey },
    recipients: [recipient],
    reserve: [],
    ...facts,
  };
  const bytes = Buffer.from(JSON.stringify(payload), 'utf8');
  const spki = Buffer.from(createPublicKey(signingKey).export({ format: 'der', type: 'spki' }));
  const envelope = {
    format: EXAM_KEY_FORMAT,
    formatVersion: EXAM_KEY_FORMAT_VERSION,
    payload: bytes.toString('base64'),
    signature: { alg: 'Ed25519', keyId: createHash('sha256').update(spki).digest('hex'), value: sign(null, bytes, signingKey).toString('base64') },
  };
  return { text: JSON.stringify(envelope), payload };
}
