import { View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useCallback, useState } from 'react';
import { Btn } from '../../components/btn';
import { Field, TextArea } from '../../components/field';
import { Sheet } from '../../components/sheet';
import { useSubmit } from '../../hooks/use-submit';
import { call } from '../../services/cloud';
import { formatCst } from '../../utils/format';
import { objectionLabels, type Objection } from '../../utils/star';

/** 自荐: a member puts themselves forward with their deeds; the counselor accepts or declines. */
export function SelfNominateSheet({ roundId, open, onClose, onDone }: { roundId: string; open: boolean; onClose: () => void; onDone: () => void }) {
  const [deeds, setDeeds] = useState('');
  const run = useCallback(() => call('star', 'selfNominate', { roundId, deeds }), [roundId, deeds]);
  const done = useCallback(() => {
    void Taro.showToast({ title: '已提交自荐', icon: 'success' });
    onDone();
  }, [onDone]);
  const { submit, busy, error } = useSubmit(run, done, { inline: true });
  return (
    <Sheet open={open} title='自荐参评每月之星' onClose={onClose}>
      <Field label='我的事迹' hint={`${deeds.trim().length}/300，10字以上；辅导员确认后成为候选人，事迹会展示给投票的同学`} error={error?.message}>
        <TextArea value={deeds} onChange={setDeeds} maxlength={300} placeholder='例如：本月组织楼层垃圾分类宣传3次，帮助2名同学补习高数' />
      </Field>
      <View className='sheet__actions'>
        <Btn kind='plain' onClick={onClose}>取消</Btn>
        <Btn busy={busy} disabled={deeds.trim().length < 10} onClick={() => void submit()}>提交自荐</Btn>
      </View>
    </Sheet>
  );
}

/** A voter's objection during 公示, with its state and the counselor's answer once given. */
export function ObjectionView({ objection }: { objection: Objection }) {
  return (
    <View className='card objection'>
      <View className='card__title'>我的异议 · {objectionLabels[objection.status]}</View>
      <View className='muted'>{formatCst(objection.createdAt)} 提出</View>
      <View className='member__pledge'>{objection.reason}</View>
      {objection.answer ? (
        <View className='notice'>辅导员答复（{formatCst(objection.answeredAt)}）：{objection.answer}</View>
      ) : (
        <View className='muted'>辅导员会在公示期内答复。</View>
      )}
    </View>
  );
}

export function ObjectionSheet({ roundId, open, onClose, onDone }: { roundId: string; open: boolean; onClose: () => void; onDone: () => void }) {
  const [reason, setReason] = useState('');
  const run = useCallback(() => call('star', 'object', { roundId, reason }), [roundId, reason]);
  const done = useCallback(() => {
    void Taro.showToast({ title: '已提交异议', icon: 'success' });
    onDone();
  }, [onDone]);
  const { submit, busy, error } = useSubmit(run, done, { inline: true });
  return (
    <Sheet open={open} title='对评选结果提出异议' onClose={onClose}>
      <Field label='异议理由' hint={`${reason.trim().length}/300，至少5个字；只有辅导员能看到，每人每轮可提一次`} error={error?.message}>
        <TextArea value={reason} onChange={setReason} maxlength={300} placeholder='请写明事实，例如：该同学本月志愿时长与事迹不符' />
      </Field>
      <View className='sheet__actions'>
        <Btn kind='plain' onClick={onClose}>取消</Btn>
        <Btn busy={busy} disabled={reason.trim().length < 5} onClick={() => void submit()}>提交异议</Btn>
      </View>
    </Sheet>
  );
}
