import { useCallback, useEffect, useRef, useState } from 'react';
import type { Result } from '../services/result';

export type Remote<T> =
  | { status: 'loading' }
  | { status: 'error'; code: string; message: string }
  | { status: 'ok'; data: T };

/**
 * Loads something on mount (and when deps change) and keeps loading / error / data apart so every
 * page can show all three. `reload` retries; an answer to a superseded request is dropped.
 */
export function useRemote<T>(load: () => Promise<Result<T>>, deps: unknown[]): { remote: Remote<T>; reload: () => void } {
  const [remote, setRemote] = useState<Remote<T>>({ status: 'loading' });
  const latest = useRef(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  const reload = useCallback(() => {
    const ticket = (latest.current += 1);
    // Keep showing what is on screen while refreshing it; only a first load or a retry shows the skeleton.
    setRemote((prev) => (prev.status === 'ok' ? prev : { status: 'loading' }));
    void loadRef.current().then((result) => {
      if (ticket !== latest.current) return;
      setRemote(result.ok ? { status: 'ok', data: result.data } : { status: 'error', ...result.error });
    });
  }, []);

  // eslint-disable-next-line react-hooks/exhaustive-deps
  useEffect(reload, deps);
  return { remote, reload };
}
