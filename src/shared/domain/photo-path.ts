/**
 * Where a member's photo must be uploaded: `member-photos/<memberId>/<any file name>`. Neither
 * CloudBase nor the local emulator tells a function who uploaded a file, so the path is the claim of
 * ownership; production should back it with a storage rule that lets only the member write there.
 */
export const MEMBER_PHOTO_DIR = 'member-photos';

export function isOwnPhotoPath(fileId: string, memberId: string): boolean {
  const match = /^cloud:\/\/[^/]+\/(.+)$/.exec(fileId);
  if (!match) return false;
  const segments = match[1].split('/');
  if (segments.some((s) => s === '' || s === '.' || s === '..')) return false;
  return segments.length >= 3 && segments[0] === MEMBER_PHOTO_DIR && segments[1] === memberId;
}

/** The cloud path a member's photo upload should use (the app calls this before uploading). */
export function memberPhotoPath(memberId: string, fileName: string, now: Date): string {
  const ext = /\.(jpe?g|png|webp)$/i.exec(fileName)?.[0].toLowerCase() ?? '.jpg';
  return `${MEMBER_PHOTO_DIR}/${memberId}/${now.getTime().toString(36)}${ext}`;
}
