import { createContext, useContext, useState, type ReactNode } from 'react';
import type { ApiError } from '../api';

/** A message carried from one screen to the next, e.g. a lock-out at the lock screen shown on the sign-in page. */
export interface Notice {
  error: ApiError;
}

type SetNotice = (notice: Notice | null) => void;

// Two contexts: the sign-in page reads the notice; the lock screen and the sign-in forms only set it. Setting a
// notice re-renders the one place that shows it, not every screen (the setter never changes).
const NoticeContext = createContext<Notice | null>(null);
const SetNoticeContext = createContext<SetNotice | null>(null);

export function NoticeProvider({ children }: { children: ReactNode }) {
  const [notice, setNotice] = useState<Notice | null>(null);
  return (
    <SetNoticeContext.Provider value={setNotice}>
      <NoticeContext.Provider value={notice}>{children}</NoticeContext.Provider>
    </SetNoticeContext.Provider>
  );
}

export function useNotice(): Notice | null {
  return useContext(NoticeContext);
}

export function useSetNotice(): SetNotice {
  const value = useContext(SetNoticeContext);
  if (!value) throw new Error('useSetNotice outside NoticeProvider');
  return value;
}
