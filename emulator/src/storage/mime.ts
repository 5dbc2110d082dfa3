import path from 'node:path';

/** COS serves a file with the type its extension implies; these cover what a mini-program stores. */
const types: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.svg': 'image/svg+xml',
  '.bmp': 'image/bmp',
  '.ico': 'image/x-icon',
  '.heic': 'image/heic',
  '.mp4': 'video/mp4',
  '.mov': 'video/quicktime',
  '.mp3': 'audio/mpeg',
  '.m4a': 'audio/mp4',
  '.aac': 'audio/aac',
  '.wav': 'audio/wav',
  '.silk': 'audio/silk',
  '.txt': 'text/plain; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'application/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.xml': 'application/xml',
  '.pdf': 'application/pdf',
  '.zip': 'application/zip',
  '.doc': 'application/msword',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.xls': 'application/vnd.ms-excel',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.ppt': 'application/vnd.ms-powerpoint',
  '.pptx': 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
};

export function contentTypeFor(cloudPath: string): string {
  return types[path.posix.extname(cloudPath).toLowerCase()] ?? 'application/octet-stream';
}

export type PhotoType = 'image/jpeg' | 'image/png' | 'image/webp';

/** The image type the bytes themselves say (magic numbers), whatever the name claims; undefined for anything else. */
export function sniffPhoto(head: Buffer): PhotoType | undefined {
  if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'image/jpeg';
  if (head.length >= 8 && head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (head.length >= 12 && head.toString('latin1', 0, 4) === 'RIFF' && head.toString('latin1', 8, 12) === 'WEBP') return 'image/webp';
  return undefined;
}

/** Types a browser shows without running anything; every other file is served as a download. */
const DOWNLOAD_ONLY = new Set(['.xlsx', '.xls', '.csv', '.pdf', '.zip', '.doc', '.docx', '.ppt', '.pptx', '.txt']);

/**
 * Headers that keep a stored file from running in the emulator's origin: a photo goes out with the
 * type its bytes show, anything else as a download (never text/html or image/svg+xml, whatever its
 * name), and always with nosniff so a browser does not second-guess the type.
 */
export function servingHeaders(cloudPath: string, head: Buffer): Record<string, string> {
  const photo = sniffPhoto(head);
  if (photo) return { 'content-type': photo, 'x-content-type-options': 'nosniff' };
  const ext = path.posix.extname(cloudPath).toLowerCase();
  const type = DOWNLOAD_ONLY.has(ext) ? contentTypeFor(cloudPath) : 'application/octet-stream';
  const name = path.posix.basename(cloudPath).replace(/[^A-Za-z0-9._-]/g, '_');
  return { 'content-type': type, 'x-content-type-options': 'nosniff', 'content-disposition': `attachment; filename="${name}"` };
}
