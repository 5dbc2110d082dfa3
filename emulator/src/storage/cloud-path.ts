import { invalidParam } from '../errors';

/** COS caps object keys at 850 bytes, and CloudBase uses cloudPath as the key unchanged. */
export const MAX_CLOUD_PATH_BYTES = 850;

/**
 * The appid half of a CloudBase bucket name (`<hex of env's first 2 chars>-<envId>-<appid>`, as in
 * `cloud://luke-001.6c75-luke-001-1251178460/a.jpeg` from node-sdk's tests). Any fixed number works
 * locally; it only has to stay the same across restarts so stored fileIDs keep resolving.
 */
const LOCAL_APPID = '1250000000';

/**
 * Why a cloudPath is refused, or undefined when it is fine. Storage is keyed by a hash, so none of
 * this guards the disk: it keeps keys that would break on real COS, or in a temp URL, out of the
 * emulator so the bug shows up locally rather than in production.
 */
export function cloudPathProblem(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length === 0) return 'cloudPath must be a non-empty string';
  if (Buffer.byteLength(value) > MAX_CLOUD_PATH_BYTES) return `cloudPath exceeds ${MAX_CLOUD_PATH_BYTES} bytes`;
  if (value.startsWith('/')) return 'cloudPath must be relative (no leading "/")';
  if (value.includes('\\')) return 'cloudPath must not contain backslashes';
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x1f\x7f]/.test(value)) return 'cloudPath must not contain control characters';
  // These three would be read as URL syntax in the temp URL, which carries the path unencoded.
  if (/[?#%]/.test(value)) return 'cloudPath must not contain "?", "#" or "%"';
  if (value.endsWith('/')) return 'cloudPath must name a file, not a folder (trailing "/")';
  for (const segment of value.split('/')) {
    if (segment === '') return 'cloudPath must not contain empty segments ("//")';
    if (segment === '.' || segment === '..') return 'cloudPath must not contain "." or ".." segments';
  }
  return undefined;
}

/** The cloudPath itself, or an INVALID_PARAM error naming the problem. */
export function checkCloudPath(value: unknown): string {
  const problem = cloudPathProblem(value);
  if (problem) throw invalidParam(`${problem}: ${JSON.stringify(value)}`);
  return value as string;
}

export function bucketFor(envId: string): string {
  return `${Buffer.from(envId.slice(0, 2)).toString('hex')}-${envId}-${LOCAL_APPID}`;
}

/** CloudBase's fileID: `cloud://<envId>.<bucket>/<cloudPath>`. */
export function fileIdFor(envId: string, cloudPath: string): string {
  return `cloud://${envId}.${bucketFor(envId)}/${cloudPath}`;
}

/** The cloudPath a fileID names, or undefined if it is malformed or belongs to another environment. */
export function cloudPathOf(envId: string, fileID: unknown): string | undefined {
  const prefix = `cloud://${envId}.${bucketFor(envId)}/`;
  if (typeof fileID !== 'string' || !fileID.startsWith(prefix)) return undefined;
  const cloudPath = fileID.slice(prefix.length);
  return cloudPathProblem(cloudPath) ? undefined : cloudPath;
}
