import { Button, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { Avatar } from '../../components/avatar';
import { Btn } from '../../components/btn';
import { PrivacyGuide } from '../../components/privacy-guide';
import { usePrivacyGuide } from '../../hooks/use-privacy-guide';

export interface PhotoPickerProps {
  name: string;
  url: string | null;
  busy: boolean;
  /** A local temp path (weapp) or blob URL (h5) of the chosen image, and its type when the browser knows it. */
  onPicked: (picked: { path: string; type?: string }) => void;
  onRemove: () => void;
}

/**
 * weapp: WeChat's avatar picker (`open-type="chooseAvatar"`), never the retired getUserProfile, and
 * only after the privacy guide. h5: the browser's file picker.
 */
export function PhotoPicker({ name, url, busy, onPicked, onRemove }: PhotoPickerProps) {
  const privacy = usePrivacyGuide();

  async function pickOnH5() {
    try {
      const res = await Taro.chooseImage({ count: 1, sizeType: ['compressed'] });
      const file = res.tempFiles[0] as { path: string; type?: string; originalFileObj?: { type?: string } } | undefined;
      if (file) onPicked({ path: file.path, type: file.originalFileObj?.type ?? file.type });
    } catch {
      // Picker closed.
    }
  }

  const picker =
    process.env.TARO_ENV === 'weapp' ? (
      privacy.agreed ? (
        <Button className='btn btn--primary' openType='chooseAvatar' disabled={busy} onChooseAvatar={(e) => onPicked({ path: e.detail.avatarUrl })}>
          {busy ? '上传中…' : '选择照片'}
        </Button>
      ) : (
        <Btn onClick={privacy.show}>选择照片</Btn>
      )
    ) : (
      <Btn busy={busy} onClick={() => void pickOnH5()}>选择照片</Btn>
    );

  return (
    <View className='card'>
      <View className='card__title'>公示照片</View>
      <View style={{ display: 'flex', alignItems: 'center', marginBottom: '16px' }}>
        <Avatar name={name} url={url} size={160} />
        <View className='muted' style={{ marginLeft: '16px', flex: 1 }}>建议使用清晰的正面照。没有照片时显示姓氏。</View>
      </View>
      <View style={{ display: 'flex' }}>
        {picker}
        {url ? <Btn kind='plain' disabled={busy} onClick={onRemove}>移除照片</Btn> : null}
      </View>
      {process.env.TARO_ENV === 'weapp' ? <PrivacyGuide open={privacy.open} onAgree={privacy.agree} onDecline={privacy.decline} /> : null}
    </View>
  );
}
