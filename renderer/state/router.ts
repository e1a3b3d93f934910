import { useCallback, useEffect, useState } from 'react';

/** The sections of the shell, in navigation order: Alt+1 … Alt+8 follow this order. */
export const SECTIONS = ['home', 'rooms', 'participants', 'staff', 'bundles', 'packages', 'journal', 'sync'] as const;
export type Section = (typeof SECTIONS)[number];

function parse(hash: string): Section {
  const name = hash.replace(/^#\/?/, '');
  return (SECTIONS as readonly string[]).includes(name) ? (name as Section) : 'home';
}

/** A hash router small enough to read at a glance: #/rooms, #/journal … Back and Forward work. */
export function useSection(): [Section, (next: Section) => void] {
  const [section, setSection] = useState<Section>(() => parse(window.location.hash));
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
