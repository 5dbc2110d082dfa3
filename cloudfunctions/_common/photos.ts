import { cloud } from './sdk';

/** Temporary URLs for members' photos, in one storage call; members without a photo get null. */
export async function photoUrls(fileIds: Array<string | null | undefined>): Promise<Map<string, string>> {
  const ids = [...new Set(fileIds.filter((id): id is string => !!id))];
  if (ids.length === 0) return new Map();
  const { fileList } = await cloud().getTempFileURL({ fileList: ids.map((fileID) => ({ fileID, maxAge: 3600 })) });
  return new Map(fileList.filter((f) => f.code === 'SUCCESS').map((f) => [f.fileID, f.tempFileURL]));
}
