import Taro from '@tarojs/taro';

/**
 * Small values a page keeps on the phone between visits (the roster import's unfinished job), so
 * pages never touch Taro's storage themselves. Failures (storage full, private mode) read as absent.
 */
export function recall(key: string): string | null {
  try {
    const value: unknown = Taro.getStorageSync(key);
    return typeof value === 'string' && value ? value : null;
  } catch {
    return null;
  }
}

export function remember(key: string, value: string): void {
  try {
    Taro.setStorageSync(key, value);
  } catch {
    // Only resuming after a reopen is lost; the job itself is on the server.
  }
}

export function forget(key: string): void {
  try {
    Taro.removeStorageSync(key);
  } catch {
    // As above.
  }
}
