import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { agentFor } from '../../main/rcoi/http-request';

/**
 * A throwaway TLS certificate for the reference RCOI server on 127.0.0.1. A real PPE reaches RCOI over HTTPS only
 * (main/rcoi/rcoi-url.ts), so the HQ set-up tests play RCOI over real TLS. Made with the openssl command (Debian's
 * openssl package; `.ci/run` has it): a test that cannot find it says so.
 */
export interface TestCertificate {
  certFile: string;
  keyFile: string;
  cert: Buffer;
  key: Buffer;
}

export function makeTestCertificate(dir: string = mkdtempSync(join(tmpdir(), 'ppe-tls-'))): TestCertificate {
  const certFile = join(dir, 'rcoi-cert.pem');
  const keyFile = join(dir, 'rcoi-key.pem');
  try {
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', keyFile, '-out', certFile,
        '-days', '2', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'],
      { stdio: 'pipe' },
    );
  } catch (e) {
    throw new Error(`the HQ set-up tests need the openssl command to make a TLS certificate (apt-get install openssl): ${(e as Error).message}`);
  }
  return { certFile, keyFile, cert: readFileSync(certFile), key: readFileSync(keyFile) };
}

/**
 * Makes this process's one HTTPS transport to RCOI (main/rcoi/http-request.ts) trust the test certificate, as a
 * child process does with NODE_EXTRA_CA_CERTS. The application itself never does this: it trusts the system's roots.
 */
export function trustInThisProcess(cert: Buffer): void {
  const agent = agentFor(new URL('https://127.0.0.1/')) as unknown as { options: Record<string, unknown> };
  agent.options.ca = [cert];
}
