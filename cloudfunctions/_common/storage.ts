import { cloud } from './sdk';
import { fileDeletionsRepo } from './repositories/files';

/**
 * Every storage call the functions make. The server SDK is not subject to the storage rules
 * (cloudfunctions/storage.rules.json), so whoever calls these has checked the caller first.
 */

/** CloudBase's per-call cap for getTempFileURL and deleteFile. */
const BATCH = 50;

/** Temporary URLs, in one call per 50 files; files that do not exist are left out. */
export async function tempUrls(fileIds: Array<string | null | undefined>, maxAge = 3600): Promise<Map<string, string>> {
  const ids = [...new Set(fileIds.filter((id): id is string => !!id))];
  const urls = new Map<string, string>();
  for (let i = 0; i < ids.length; i += BATCH) {
    const { fileList } = await cloud().getTempFileURL({ fileList: ids.slice(i, i + BATCH).map((fileID) => ({ fileID, maxAge })) });
    for (const f of fileList) if (f.code === 'SUCCESS') urls.set(f.fileID, f.tempFileURL);
  }
  return urls;
}

export async function uploadFile(cloudPath: string, content: Buffer): Promise<string> {
  const { fileID } = await cloud().uploadFile({ cloudPath, fileContent: content });
  return fileID as string;
}

/** A stored file's bytes, or null when there is no such file. */
export async function fileBytes(fileId: string): Promise<Buffer | null> {
  try {
    return ((await cloud().downloadFile({ fileID: fileId })) as { fileContent: Buffer }).fileContent;
  } catch (err) {
    if ((err as { code?: string }).code === 'STORAGE_FILE_NONEXIST') return null;
    throw err;
  }
}

/** Deletes files; answers those that are gone (deleted now, or already missing). Never throws. */
export async function deleteFiles(fileIds: string[]): Promise<string[]> {
  const gone: string[] = [];
  for (let i = 0; i < fileIds.length; i += BATCH) {
    try {
      const { fileList } = await cloud().deleteFile({ fileList: fileIds.slice(i, i + BATCH) });
      for (const f of fileList) if (f.code === 'SUCCESS' || f.code === 'STORAGE_FILE_NONEXIST') gone.push(f.fileID);
    } catch {
      // Left for the caller to record; the sweep retries.
    }
  }
  return gone;
}

/**
 * Deletes files a committed database change no longer references (a storage delete cannot join a
 * database transaction, so it comes after). A delete that fails is recorded, and the nightly sweep
 * retries it: the file goes even if storage is briefly unavailable.
 */
export async function discardFiles(fileIds: string[], reason: string, now: Date): Promise<void> {
  if (fileIds.length === 0) return;
  const gone = new Set(await deleteFiles(fileIds));
  const left = fileIds.filter((id) => !gone.has(id));
  if (left.length > 0) await fileDeletionsRepo.record(left, reason, now);
}

export type StoredPhoto = 'photo' | 'not-photo' | 'missing';

/**
 * What a stored file is, by its bytes (JPEG, PNG and WebP magic numbers). CloudBase's client upload
 * takes any bytes under any name, so a profile or entry never points at a file that is not a photo.
 */
export async function storedPhoto(fileId: string): Promise<StoredPhoto> {
  let content: Buffer;
  try {
    ({ fileContent: content } = (await cloud().downloadFile({ fileID: fileId })) as { fileContent: Buffer });
  } catch (err) {
    if ((err as { code?: string }).code === 'STORAGE_FILE_NONEXIST') return 'missing';
    throw err;
  }
  return isPhotoBytes(content) ? 'photo' : 'not-photo';
}

export function isPhotoBytes(b: Buffer): boolean {
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return true;
  if (b.length >= 8 && b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return true;
  return b.length >= 12 && b.toString('latin1', 0, 4) === 'RIFF' && b.toString('latin1', 8, 12) === 'WEBP';
}
