/**
 * The local sign-in (h5 only): who the browser is signed in as at the local CloudBase. In the real
 * mini-program WeChat supplies the identity and none of this exists.
 */
export interface Session {
  token: string;
  openid: string;
  /** What the demo-user list called this person, for "signed in as ...". */
  label?: string;
}

export interface SessionStore {
  get(): Session | null;
  set(session: Session): void;
  clear(): void;
}

const KEY = 'dph.session';

export function localSessionStore(storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> = window.localStorage): SessionStore {
  return {
    get() {
      try {
        const value = JSON.parse(storage.getItem(KEY) ?? 'null') as Session | null;
        return value && typeof value.token === 'string' && typeof value.openid === 'string' ? value : null;
      } catch {
        return null; // a corrupt entry means "not signed in", not a crash
      }
    },
    set: (session) => storage.setItem(KEY, JSON.stringify(session)),
    clear: () => storage.removeItem(KEY),
  };
}

export function memorySessionStore(initial: Session | null = null): SessionStore {
  let current = initial;
  return { get: () => current, set: (s) => void (current = s), clear: () => void (current = null) };
}
