/**
 * Where a client may upload: `user/<openid>/<kind>/<file>`, a folder named by the uploader's own
 * openid. The storage rules (cloudfunctions/storage.rules.json) let a client write only under
 * `user/<its openid>/` and read only files it uploaded itself; everyone else sees a photo through a
 * URL a function mints after its own checks (plaque: consenting member; evidence: owner or the
 * reviewing counselor). The function checks the folder too, so a fileID of someone else's upload is
 * refused even where a rule is looser than ours.
 */
export const USER_UPLOAD_ROOT = 'user';

/** `import`: an admin's roster file (.xlsx or .csv) for the roster import. */
export type UploadKind = 'photo' | 'evidence' | 'import';

const FOLDER: Record<UploadKind, string> = { photo: 'photo', evidence: 'evidence', import: 'imports' };

/** The folder a user's client uploads into (the `me` reply carries it: a mini-program never sees its openid). */
export function userUploadDir(openid: string): string {
  return `${USER_UPLOAD_ROOT}/${openid}`;
}

/** True when `fileId` names a file directly in the caller's own folder of that kind. */
export function isOwnUpload(fileId: string, openid: string, kind: UploadKind): boolean {
  const match = /^cloud:\/\/[^/]+\/(.+)$/.exec(fileId);
  if (!match) return false;
  const segments = match[1].split('/');
  if (segments.some((s) => s === '' || s === '.' || s === '..')) return false;
  return segments.length === 4 && segments[0] === USER_UPLOAD_ROOT && segments[1] === openid && segments[2] === FOLDER[kind];
}

/** The extension of a roster file the import reads (.xlsx or .csv, by its name), else undefined (old .xls too). */
export function importFileExt(fileName: string): 'xlsx' | 'csv' | undefined {
  const match = /\.(xlsx|csv)$/i.exec(fileName.trim());
  return match ? (match[1].toLowerCase() as 'xlsx' | 'csv') : undefined;
}

/** True for a cloud path in an `imports` folder, where storage takes only roster files (not photos). */
export function isImportPath(cloudPath: string): boolean {
  return cloudPath.split('/')[2] === FOLDER.import;
}

/**
 * The cloud path of a new upload: `<uploadDir>/<kind>/<time>[-i].<ext>`, `ext` one of jpg/png/webp
 * (xlsx/csv for an import).
 */
export function uploadPath(uploadDir: string, kind: UploadKind, at: number, ext: string, index = 0): string {
  const safeExt = kind === 'import' ? (ext === 'csv' ? 'csv' : 'xlsx') : /^(jpg|png|webp)$/.test(ext) ? ext : 'jpg';
  return `${uploadDir}/${FOLDER[kind]}/${at.toString(36)}${index ? `-${index}` : ''}.${safeExt}`;
}
