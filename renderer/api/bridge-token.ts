/**
 * How this page proves to the bridge that it is the page the bridge opened (see main/bridge/bridge-server.ts).
 *
 * The browser is opened with a one-time ticket in the URL fragment (#ticket=<t>): it shows in the process list and
 * the printed line, so it is good for one connection only. It is removed from the visible URL at once. The bridge
 * answers the first connection with a resume secret for this tab, kept in sessionStorage (this tab only, gone when
 * it closes): reloads and reconnects offer that instead. Both travel as a WebSocket subprotocol, never in a URL.
 */
const RESUME_KEY = 'ppe.bridgeResume';
export const BRIDGE_PROTOCOL = 'ppe-bridge.v1';

export interface BridgeCredentials {
  /** The credential to offer on the next connection ('ticket.<t>' or 'resume.<s>'), or null when the page has none. */
  current(): string | null;
  /** The bridge gave this tab its resume secret: every later connection offers it. */
  resumeWith(secret: string): void;
}

export function pageCredentials(): BridgeCredentials {
  let ticket: string | null = null;
  const match = /^#ticket=([A-Za-z0-9_-]+)/.exec(window.location.hash);
  if (match) {
    ticket = match[1]!;
    history.replaceState(null, '', window.location.pathname + window.location.search);
  }
  let resume: string | null = null;
  try {
    resume = sessionStorage.getItem(RESUME_KEY);
  } catch {
    // Storage can be disabled: the ticket still works for this page load, a reload then needs a new ticket.
  }
  return {
    current() {
      // A fresh ticket (the page was just opened with one) wins; once used, it is spent either way.
      if (ticket !== null) {
        const t = ticket;
        ticket = null;
        return `ticket.${t}`;
      }
      return resume !== null && /^[A-Za-z0-9_-]+$/.test(resume) ? `resume.${resume}` : null;
    },
    resumeWith(secret) {
      resume = secret;
      try {
        sessionStorage.setItem(RESUME_KEY, secret);
      } catch {
        // Kept in memory for this page load only.
      }
    },
  };
}

export function bridgeUrl(): string {
  const scheme = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${window.location.host}/bridge`;
}
