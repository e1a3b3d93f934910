import { createPublicKey, randomUUID, verify, type KeyObject } from 'node:crypto';
import { z } from 'zod';
import type { Clock } from '../../main/kernel/clock';
import { examKeyRequestSchema, type ExamKeyPayload, type ExamKeyRequest, type ReserveGrant } from '../../main/exam-keys/key-file-format';
import { wrapForToken } from '../../main/exam-keys/key-wrap';
import { localDateOf, zonedToUtc } from '../../main/ipc/zoned-time';
import { signExamKeyFile, type ExamKeyStore } from './exam-key-store';
import type { GekRegistry, GekToken } from './gek-registry';
import type { HqSetups } from './hq-setups';
import type { KeyedPackage, PackageStore } from './package-store';
import type { StationRecord } from './station-registry';
import type { Reply, SignedRoute } from './sync-routes';

// POST /api/v1/exam-keys (main/sync/PROTOCOL.md, «Exam key»): the key to the exam materials, released at HQ on exam
// morning. The HTTP request is station-signed like every sync request (signed-dispatch.ts checks station, signature,
// timestamp, nonce and body hash before this runs) and the answer is signed by RCOI's key; inside, the GEK member's
// token has signed the request itself, which is what lets RCOI release the key to a person, not just to a computer.

export interface KeyReleaseDeps {
  packages: PackageStore;
  keys: ExamKeyStore;
  gek: GekRegistry;
  /** PPE configurations (their IANA zone, where registered). */
  setups: HqSetups;
  signingKey: KeyObject;
  clock: Clock;
}

/** The body is two base64 strings; the request inside is well under a KiB. */
export const EXAM_KEY_BODY_LIMIT = 64 * 1024;
/** The key opens at this local time of the PPE on the exam day (research-ru §4.3: 09:30). */
export const OPENS_AT = '09:30';
/** How far the token's `signedAt` may be from the server's clock, as the station's own timestamp (signed-request.ts). */
const REQUEST_SKEW_MS = 10 * 60_000;

const base64 = (max: number) => z.string().min(1).max(max).regex(/^[A-Za-z0-9+/]+={0,2}$/);
const bodySchema = z.strictObject({ request: base64(16 * 1024), tokenSignature: base64(200) });

/** The signed route; deps are taken per request (the server reopens its stores on restart()). */
export function examKeyRoute(deps: KeyReleaseDeps): SignedRoute {
  return {
    body: { kind: 'buffered', limit: EXAM_KEY_BODY_LIMIT },
    handle: async (_services, ctx) => releaseExamKey(deps, ctx.station, ctx.body),
  };
}

function refuse(status: number, error: string, message: string, extra: Record<string, unknown> = {}): Reply {
  return { status, body: { error, message, ...extra } };
}

/**
 * Checks, in this order, each refusal its own code (the app words them, rcoi-key-client.ts): the request parses
 * strictly (bad_request); the station belongs to the request's PPE (other_ppe); the package is that PPE's, for that
 * date, and its key is held (no_package); the token's signature verifies with the key of a GEK member registered for
 * that PPE and date (not_registered); the request was signed lately (stale_request) and never before
 * (request_replayed); the PPE's own clock is on the exam date (not_exam_day) at or after 09:30 (too_early). Then the
 * ask: the main key, a new reserve grant, or a released key again.
 */
export function releaseExamKey(d: KeyReleaseDeps, station: StationRecord, body: Buffer): Reply {
  const parsed = parseBody(body);
  if (parsed === null) return refuse(400, 'bad_request', 'the body is not an exam key request');
  const { request, requestBytes, signature } = parsed;
  if (station.regionCode !== request.regionCode || station.ppeCode !== request.ppeCode) {
    return refuse(403, 'other_ppe', 'this station belongs to another PPE');
  }
  const pkg = d.packages.keyed(request.packageId);
  if (!pkg || pkg.regionCode !== request.regionCode || pkg.ppeCode !== request.ppeCode || pkg.examDate !== request.examDate) {
    return refuse(404, 'no_package', 'no such package for this PPE and date');
  }
  const members = d.gek.membersFor(request.regionCode, request.ppeCode, request.examDate);
  const member = members.find((m) => m.tokenKey === request.tokenKey && m.staffId === request.staffId);
  if (!member || !tokenSigned(member, requestBytes, signature)) {
    return refuse(403, 'not_registered', 'no GEK member registered for this PPE and date signed this request');
  }
  const now = d.clock.now();
  if (Math.abs(Date.parse(request.signedAt) - now.getTime()) > REQUEST_SKEW_MS) {
    return refuse(403, 'stale_request', 'the request was signed more than 10 minutes from server time');
  }
  // Spent only by an authentic request (as the station nonces): nobody else can use up a member's nonces.
  if (!d.keys.spendNonce(request.nonce, now)) return refuse(409, 'request_replayed', 'this request was already received');

  const zone = d.setups.ppeConfig(request.regionCode, request.ppeCode)?.timeZone ?? pkg.timeZone;
  if (!zone) return refuse(409, 'no_time_zone', 'RCOI knows no time zone for this PPE');
  if (localDateOf(now, zone) !== request.examDate) {
    return refuse(403, 'not_exam_day', 'the key is released on the exam day only', { examDate: request.examDate });
  }
  if (now.getTime() < zonedToUtc(request.examDate, OPENS_AT, zone).getTime()) {
    return refuse(403, 'too_early', `the key opens at ${OPENS_AT} PPE local time`, { opensAt: OPENS_AT });
  }

  const ask = request.ask;
  switch (ask.kind) {
    case 'main': {
      // RCOI releases a package's main key once; asked again, it answers the same file.
      const held = d.keys.mainKey(pkg.packageId);
      if (held) return released(held.fileText);
      return released(issue(d, pkg, request, members, 'main', 0, [], now));
    }
    case 'reserve': {
      if (ask.subjectCode !== pkg.subjectCode) return refuse(422, 'other_subject', 'the package is for another subject');
      const grants = d.keys.grants(pkg.packageId);
      const taken = new Set(grants.flatMap((g) => g.kitIndices));
      const free: number[] = [];
      for (let i = pkg.roomKits + 1; i <= pkg.roomKits + pkg.reserveKits; i++) if (!taken.has(i)) free.push(i);
      if (free.length < ask.kits) return refuse(409, 'reserve_exhausted', `only ${free.length} reserve kits left`, { left: free.length });
      const grant: ReserveGrant = {
        sequence: grants.length + 1,
        roomCode: ask.roomCode,
        stationNumber: ask.stationNumber,
        kits: ask.kits,
        kitIndices: free.slice(0, ask.kits),
        grantedAt: now.toISOString(),
      };
      return released(issue(d, pkg, request, members, 'reserve', grant.sequence, [...grants, grant], now, grant));
    }
    case 'again': {
      const held = d.keys.byKeyId(ask.keyId, request.regionCode, request.ppeCode);
      if (!held || held.packageId !== pkg.packageId) return refuse(404, 'unknown_key', 'no such key released to this PPE');
      return released(held.fileText);
    }
  }
}

function released(fileText: string): Reply {
  // The file travels as a JSON string: its bytes arrive exactly as signed and stored.
  return { status: 200, body: { keyFile: fileText } };
}

/** A new key file: the package key wrapped to every registered GEK member's token, signed, recorded. */
function issue(
  d: KeyReleaseDeps,
  pkg: KeyedPackage,
  request: ExamKeyRequest,
  members: GekToken[],
  kind: 'main' | 'reserve',
  sequence: number,
  reserve: ReserveGrant[],
  now: Date,
  grant?: ReserveGrant,
): string {
  const keyId = randomUUID();
  const payload: ExamKeyPayload = {
    keyId,
    kind,
    sequence,
    regionCode: pkg.regionCode,
    ppeCode: pkg.ppeCode,
    packageId: pkg.packageId,
    exam: { date: pkg.examDate, subjectCode: pkg.subjectCode, form: pkg.form, dayKind: pkg.dayKind },
    packageKeyId: pkg.packageKeyId,
    issuedAt: now.toISOString(),
    requestedBy: { staffId: request.staffId, tokenKey: request.tokenKey },
    recipients: members.map((m) => wrapForToken(pkg.packageKey, { staffId: m.staffId, tokenSerial: m.serial, tokenSpkiDer: m.spkiDer }, keyId)),
    reserve,
  };
  const fileText = signExamKeyFile(payload, d.signingKey);
  d.keys.record({ keyId, packageId: pkg.packageId, regionCode: pkg.regionCode, ppeCode: pkg.ppeCode, kind, sequence, fileText, issuedAt: payload.issuedAt }, grant);
  return fileText;
}

function parseBody(body: Buffer): { request: ExamKeyRequest; requestBytes: Buffer; signature: Buffer } | null {
  try {
    const outer = bodySchema.safeParse(JSON.parse(body.toString('utf8')));
    if (!outer.success) return null;
    const requestBytes = Buffer.from(outer.data.request, 'base64');
    const signature = Buffer.from(outer.data.tokenSignature, 'base64');
    if (requestBytes.toString('base64') !== outer.data.request || signature.toString('base64') !== outer.data.tokenSignature) return null;
    const request = examKeyRequestSchema.safeParse(JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(requestBytes)));
    return request.success ? { request: request.data, requestBytes, signature } : null;
  } catch {
    return null;
  }
}

/** ECDSA P-256 with SHA-256 over exactly the bytes sent, the raw r‖s the token gives (native/token/token.ts). */
function tokenSigned(member: GekToken, bytes: Buffer, signature: Buffer): boolean {
  if (signature.length !== 64) return false;
  try {
    const key = createPublicKey({ key: member.spkiDer, format: 'der', type: 'spki' });
    return verify('sha256', bytes, { key, dsaEncoding: 'ieee-p1363' }, signature);
  } catch {
    return false;
  }
}
