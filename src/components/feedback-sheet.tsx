import { View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useCallback, useState } from 'react';
import type { PublicMember } from '../shared/contract/common';
import { useSubmit } from '../hooks/use-submit';
import { call } from '../services/cloud';
import { Btn } from './btn';
import { Field, TextArea } from './field';
import { Sheet } from './sheet';
import { go, routes } from '../utils/routes';

const MIN = 5;
const MAX = 500;

/**
 * 监督反馈: a bound student writes about a member. It goes to that member's counselor, never to the
 * member, which the sheet says so the sender knows who reads it.
 */
export function FeedbackSheet({ member, onClose }: { member: PublicMember | null; onClose: () => void }) {
  const [text, setText] = useState('');
  const send = useCallback(() => call('plaque', 'sendFeedback', { memberId: member?.id ?? '', text }), [member, text]);
  const done = useCallback(() => {
    setText('');
    onClose();
    void Taro.showToast({ title: '已提交，辅导员会跟进', icon: 'success' });
  }, [onClose]);
  const { submit, busy, error, clearError } = useSubmit(send, done, { inline: true });
  const close = () => {
    clearError();
    onClose();
  };
  const length = text.trim().length;
  const notBound = error?.code === 'NOT_BOUND';

  return (
    <Sheet open={member !== null} title={`对 ${member?.name ?? ''} 的监督反馈`} onClose={close}>
      <View className='notice'>反馈只有负责该楼栋的辅导员能看到，不会转给党员本人，也不会告诉党员是谁写的。辅导员处理后，可在“我的 → 我的反馈”查看处理状态和回复。请实事求是、文明表达。</View>
      <Field label='反馈内容' hint={`${length}/${MAX}，至少${MIN}个字`} error={notBound ? null : error?.message}>
        <TextArea value={text} onChange={setText} maxlength={MAX} placeholder='例如：希望在宿舍卫生方面起到更好的带头作用' />
      </Field>
      {notBound ? (
        <View className='notice'>
          发送反馈需要先绑定学号，这样辅导员才能核实并回复。
          <View className='sheet__actions'>
            <Btn kind='ghost' onClick={() => go(routes.me())}>去“我的”绑定</Btn>
          </View>
        </View>
      ) : null}
      <View className='sheet__actions'>
        <Btn kind='plain' onClick={close}>取消</Btn>
        <Btn busy={busy} disabled={length < MIN} onClick={() => void submit()}>提交</Btn>
      </View>
    </Sheet>
  );
}
