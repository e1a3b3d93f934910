import { useCallback, useEffect, useState } from 'react';

/** The sections of the shell, in navigation order: Alt+1 … Alt+8 follow this order. */
export const SECTIONS = ['home', 'rooms', 'participants', 'staff', 'bundles', 'packages', 'journal', 'sync', 'transfer', 'tokens', 'examKeys', 'stations', 'printing'] as const;
export type Section = (typeof SECTIONS)[number];

function parse(hash: string): Section {
  const name = hash.replace(/^#\/?/, '');
  return (SECTIONS as readonly string[]).includes(name) ? (name as Section) : 'home';
}

/**
 * Back to the home screen without leaving the previous page in the history: whoever signs in next starts at home,
 * never on the screen the previous person left open (and Back does not lead there either).
 */
export function resetToHome(): void {
  if (window.location.hash !== '#/home') {
    window.history.replaceState(window.history.state, '', '#/home');
  }
}

/**
 * A hash router small enough to read at a glance: #/rooms, #/journal … Back and Forward work. `startAtHome`: the
 * hash left in the address bar (by a previous person, a reload) is ignored, and the section starts at home.
 */
export function useSection(options: { startAtHome?: boolean } = {}): [Section, (next: Section) => void] {
  const [section, setSection] = useState<Section>(() => {
    if (!options.startAtHome) return parse(window.location.hash);
    resetToHome();
    return 'home';
  });
  useEffect(() => {
    const onChange = () => setSection(parse(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  const go = useCallback((next: Section) => {
    if (parse(window.location.hash) !== next) window.location.hash = `#/${next}`;
    setSection(next);
  }, []);
  return [section, go];
}
