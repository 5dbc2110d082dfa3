import { Image, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import { Field } from '../../components/field';
import { upload } from '../../services/cloud';
import { uploadPath } from '../../shared/domain/photo-path';
import { photoExt } from '../../utils/volunteer';

export interface Photo {
  fileID: string;
  /** What to show: the local temp path / blob URL just chosen, or the server's URL. */
  preview: string;
}

export const MAX_PHOTOS = 3;

interface Picked {
  path: string;
  type?: string;
}

/** weapp: chooseMedia (camera or album); h5: the browser's file input (Taro.chooseImage). */
async function pick(count: number): Promise<Picked[]> {
  try {
    if (process.env.TARO_ENV === 'weapp') {
      const res = await Taro.chooseMedia({ count, mediaType: ['image'], sizeType: ['compressed'], sourceType: ['album', 'camera'] });
      return res.tempFiles.map((f) => ({ path: f.tempFilePath }));
    }
    const res = await Taro.chooseImage({ count, sizeType: ['compressed'] });
    return res.tempFiles.map((f) => ({ path: f.path, type: (f as { type?: string; originalFileObj?: { type?: string } }).originalFileObj?.type ?? (f as { type?: string }).type }));
  } catch {
    return []; // picker closed
  }
}

/** Up to three evidence photos, uploaded as soon as they are chosen into the member's own folder (`<uploadDir>/evidence/`, the only one the storage rules let them write). */
export function PhotoField({ uploadDir, photos, onChange, label = `证明照片（选填，最多${MAX_PHOTOS}张）`, hint = '活动现场、服务前后对比等，仅辅导员审核时可见' }: { uploadDir: string; photos: Photo[]; onChange: (photos: Photo[]) => void; label?: string; hint?: string }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function add() {
    if (busy) return;
    const picked = await pick(MAX_PHOTOS - photos.length);
    if (picked.length === 0) return;
    setBusy(true);
    setError(null);
    const added: Photo[] = [];
    const at = Date.now();
    for (const [i, p] of picked.entries()) {
      const result = await upload(uploadPath(uploadDir, 'evidence', at, photoExt(p.path, p.type), i), p.path);
      if (result.ok) added.push({ fileID: result.data.fileID, preview: p.path });
      else setError(`照片上传失败：${result.error.message}`);
    }
    setBusy(false);
    onChange([...photos, ...added].slice(0, MAX_PHOTOS));
  }

  return (
    <Field label={label} hint={hint} error={error}>
      <View className='photos'>
        {photos.map((p) => (
          <View key={p.fileID} className='photo'>
            <Image className='photo__img' src={p.preview} mode='aspectFill' onClick={() => void Taro.previewImage({ urls: photos.map((x) => x.preview), current: p.preview }).catch(() => undefined)} />
            <View className='photo__remove' ariaRole='button' ariaLabel='删除照片' onClick={() => onChange(photos.filter((x) => x.fileID !== p.fileID))}>×</View>
          </View>
        ))}
        {photos.length < MAX_PHOTOS ? (
          <View className='photo photo--add' ariaRole='button' ariaLabel='添加照片' onClick={() => void add()}>
            {busy ? '…' : '+'}
          </View>
        ) : null}
      </View>
    </Field>
  );
}
