import { useCallback, useState } from 'react';
import Taro from '@tarojs/taro';
import type { Result } from '../services/result';

/**
 * A button's action: blocks double taps while it runs, hands the data to `onDone`, and keeps the
 * error in state. Forms show it under their fields (`inline`); anything else gets a toast.
 */
export function useSubmit<A extends unknown[], T>(run: (...args: A) => Promise<Result<T>>, onDone?: (data: T) => void, options: { inline?: boolean } = {}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ code: string; message: string } | null>(null);

  const submit = useCallback(
    async (...args: A) => {
      if (busy) return undefined;
      setBusy(true);
      setError(null);
      const result = await run(...args);
      setBusy(false);
      if (result.ok) {
        onDone?.(result.data);
        return result;
      }
      setError(result.error);
      if (!options.inline) void Taro.showToast({ title: result.error.message, icon: 'none', duration: 2500 });
      return result;
    },
    [busy, run, onDone, options.inline],
  );

  return { submit, busy, error, clearError: () => setError(null) };
}

/**
 * A record form's submit (the counselor's step, correction, withdrawal, membership change and
 * experience forms): once saved it runs `after` in order (clear what was typed, close the sheet, let
 * the page reload) and says `toast`; an error stays under the form's fields.
 */
export function useRecordSubmit<T>(run: () => Promise<Result<T>>, toast: string, ...after: Array<() => void>) {
  // `after` holds the callers' own callbacks: a new list each render, so the latest ones run.
  const done = useCallback(() => {
    for (const f of after) f();
    void Taro.showToast({ title: toast, icon: 'success' });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [toast, ...after]);
  return useSubmit(run, done, { inline: true });
}
