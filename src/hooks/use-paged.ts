import { useCallback, useEffect, useRef, useState } from 'react';
import type { Result } from '../services/result';

export interface Paged<T> {
  items: T[];
  /** Loading the first page (or reloading after an error). */
  loading: boolean;
  /** Loading a further page. */
  loadingMore: boolean;
  error: { code: string; message: string } | null;
  hasMore: boolean;
  loadMore: () => void;
  reload: () => void;
}

/**
 * A cursor-paged list (the contract's `{items, nextCursor}`): the first page on mount and when deps
 * change, further pages on `loadMore`, appended. An answer to a superseded request is dropped.
 */
export function usePaged<T>(load: (cursor?: string) => Promise<Result<{ items: T[]; nextCursor: string | null }>>, deps: unknown[]): Paged<T> {
  const [items, setItems] = useState<T[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [loadingMore, setLoadingMore] = useState(false);
  const [error, setError] = useState<{ code: string; message: string } | null>(null);
  const ticket = useRef(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  const reload = useCallback(() => {
    const mine = (ticket.current += 1);
    setLoading(true);
    void loadRef.current().then((r) => {
      if (mine !== ticket.current) return;
      setLoading(false);
      if (!r.ok) return setError(r.error);
      setError(null);
      setItems(r.data.items);
      setCursor(r.data.nextCursor);
    });
  }, []);

  const loadMore = useCallback(() => {
    if (!cursor || loadingMore) return;
    const mine = ticket.current;
    setLoadingMore(true);
    void loadRef.current(cursor).then((r) => {
      if (mine !== ticket.current) return;
      setLoadingMore(false);
      if (!r.ok) return setError(r.error);
      setItems((list) => [...list, ...r.data.items]);
      setCursor(r.data.nextCursor);
    });
  }, [cursor, loadingMore]);

  // eslint-disable-next-line react-hooks/exhaustive-deps
  useEffect(reload, deps);
  return { items, loading, loadingMore, error, hasMore: cursor !== null, loadMore, reload };
}
