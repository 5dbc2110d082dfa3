import { tempUrls } from './storage';

/** Temporary URLs for members' photos, in one storage call; members without a photo get null. */
export async function photoUrls(fileIds: Array<string | null | undefined>): Promise<Map<string, string>> {
  return tempUrls(fileIds, 3600);
}
