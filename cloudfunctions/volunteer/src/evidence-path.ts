/**
 * Evidence photos live under `volunteer-photos/<memberId>/` (the log page uploads there). An entry
 * may only name files in the member's own folder: otherwise `myEntries` would hand out temporary
 * URLs for any file whose id a member learns (another member's photo, an export with student
 * numbers). As for profile photos, the path is the claim; a storage rule should back it.
 */
export const VOLUNTEER_PHOTO_DIR = 'volunteer-photos';

export function isOwnEvidencePath(fileId: string, memberId: string): boolean {
  const match = /^cloud:\/\/[^/]+\/(.+)$/.exec(fileId);
  if (!match) return false;
  const segments = match[1].split('/');
  if (segments.some((s) => s === '' || s === '.' || s === '..')) return false;
  return segments.length === 3 && segments[0] === VOLUNTEER_PHOTO_DIR && segments[1] === memberId;
}
