import { View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import { go, routes } from '../utils/routes';
import { plaqueCodeIn } from '../utils/scene';
import { Btn } from './btn';
import { Field, TextInput } from './field';

/**
 * Opening a plaque: the camera on weapp; in the h5 demo (no camera API) the code or the plaque link,
 * typed or pasted. Both end on the same plaque page.
 */
export function useOpenPlaque() {
  const [entering, setEntering] = useState(false);
  async function scan() {
    if (process.env.TARO_ENV !== 'weapp') return setEntering(true);
    try {
      const res = await Taro.scanCode({ scanType: ['qrCode'] });
      const code = plaqueCodeIn(res.path) ?? plaqueCodeIn(res.result);
      if (code) go(routes.plaque(code));
      else void Taro.showToast({ title: '这不是寝室党员门牌的二维码', icon: 'none' });
    } catch {
      // The user closed the camera: nothing to say.
    }
  }
  return { scan, entering, closeEntry: () => setEntering(false) };
}

export function CodeEntry({ onDone }: { onDone?: () => void }) {
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  function open() {
    const code = plaqueCodeIn(text);
    if (!code) return setError('门牌编号为16位字母数字，也可以粘贴门牌链接');
    setError(null);
    onDone?.();
    go(routes.plaque(code));
  }
  return (
    <View>
      <Field label='门牌编号或链接' hint='在寝室门牌二维码下方可以找到16位编号，空格可输可不输' error={error}>
        <TextInput value={text} onChange={setText} maxlength={200} placeholder='例如 7K3M 9QX2 HD8R T4VA' />
      </Field>
      <View className='sheet__actions'>
        <Btn onClick={open}>查看寝室</Btn>
      </View>
    </View>
  );
}
