import { Button, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { PRIVACY_AGREE_BUTTON_ID } from '../hooks/use-privacy-guide';
import { Btn } from './btn';
import { Sheet } from './sheet';

/** The privacy guide shown before the avatar picker (weapp only; see use-privacy-guide). */
export function PrivacyGuide({ open, onAgree, onDecline }: { open: boolean; onAgree: () => void; onDecline: () => void }) {
  return (
    <Sheet open={open} title='隐私保护提示' onClose={onDecline}>
      <View className='notice'>
        设置公示照片时，我们会使用你选择的头像图片，仅用于在你同意公示后显示在寝室门牌和楼栋公示墙上。你可以随时更换照片或撤回公示。
      </View>
      <View className='list-item' onClick={() => void Taro.openPrivacyContract({})}>
        <View className='list-item__main'>查看《隐私保护指引》</View>
        <View className='list-item__arrow'>›</View>
      </View>
      <View className='sheet__actions'>
        <Btn kind='plain' onClick={onDecline}>不同意</Btn>
        <Button id={PRIVACY_AGREE_BUTTON_ID} className='btn btn--primary' openType='agreePrivacyAuthorization' onAgreePrivacyAuthorization={onAgree}>
          同意并继续
        </Button>
      </View>
    </Sheet>
  );
}
