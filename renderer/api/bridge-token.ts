/**
 * The bridge token arrives once in the URL fragment (#bridge=<token>). It is kept in sessionStorage so a reload of
 * the same tab still connects, and removed from the visible URL so it is not shown, bookmarked or screenshotted.
 */
const STORAGE_KEY = 'ppe.bridgeToken';

export function takeBridgeToken(): string | null {
  const match = /^#bridge=([^&]+)/.exec(window.location.hash);
  if (match) {
    const token = decodeURIComponent(match[1]!);
    try {
      sessionStorage.setItem(STORAGE_KEY, token);
    } catch {
      // Storage can be disabled; the token still works for this page load.
    }
    history.replaceState(null, '', window.location.pathname + window.location.search);
    return token;
  }
  try {
    return sessionStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

export function bridgeUrl(): string {
  const scheme = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${window.location.host}/bridge`;
}
