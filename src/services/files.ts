import Taro from '@tarojs/taro';

/**
 * Files the pages fetch from storage (an export's temporary link): the only page-side download, so
 * pages never call fetch or Taro's network APIs themselves.
 */

/** h5: the file's bytes, or null when the link answers anything but 200 or the network fails. */
export async function fetchFile(url: string): Promise<Blob | null> {
  try {
    const res = await fetch(url);
    return res.ok ? await res.blob() : null;
  } catch {
    return null;
  }
}

/** weapp: the file downloaded to a temporary path; throws when the link answers anything but 200. */
export async function downloadToTemp(url: string): Promise<string> {
  const file = await Taro.downloadFile({ url });
  if (file.statusCode !== 200) throw new Error(`HTTP ${file.statusCode}`);
  return file.tempFilePath;
}
