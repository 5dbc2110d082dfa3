import { View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useCallback, useEffect, useState } from 'react';
import { Btn } from '../../components/btn';
import { Field, TextArea, TextInput } from '../../components/field';
import { useRemote } from '../../hooks/use-remote';
import { useSubmit } from '../../hooks/use-submit';
import { call } from '../../services/cloud';
import { confirmDialog } from '../../utils/confirm';
import type { Result } from '../../services/result';

/** Admin: mark a person as left (毕业、转学、退学) by 学号, with a reason for the audit log. */
export function MarkLeftCard() {
  const [studentNo, setStudentNo] = useState('');
  const [reason, setReason] = useState('');
  const run = useCallback(async (): Promise<Result<{ alreadyLeft: boolean } | null>> => {
    const ok = await confirmDialog({ title: '标记为已离校', content: '该同学将立即从门牌、公示墙、党员之星候选和公示中消失，其微信绑定失去学生和党员权限；保留期满后个人信息将被匿名化。', confirmText: '确定', danger: true });
    if (!ok) return { ok: true as const, data: null };
    return call('account', 'markLeft', { studentNo: studentNo.trim(), reason });
  }, [studentNo, reason]);
  const done = useCallback((r: { alreadyLeft: boolean } | null) => {
    if (!r) return;
    void Taro.showToast({ title: r.alreadyLeft ? '此前已标记离校' : '已标记离校', icon: 'success' });
    setStudentNo('');
    setReason('');
  }, []);
  const { submit, busy, error } = useSubmit(run, done, { inline: true });
  return (
    <View className='card'>
      <View className='card__title'>标记离校</View>
      <Field label='学号' error={error?.message}>
        <TextInput value={studentNo} onChange={setStudentNo} type='number' maxlength={14} placeholder='离校同学的学号' />
      </Field>
      <Field label='原因' hint='2到200字，会记入审计日志'>
        <TextArea value={reason} onChange={setReason} maxlength={200} placeholder='例如：2026届毕业离校 / 转学' />
      </Field>
      <Btn kind='ghost' busy={busy} disabled={studentNo.trim().length < 6 || reason.trim().length < 2} onClick={() => void submit()}>标记为已离校</Btn>
    </View>
  );
}

/** Admin: how long the personal data of people who left is kept before the nightly timer anonymises it. */
export function RetentionCard() {
  const { remote, reload } = useRemote(() => call('maintenance', 'retention', {}), []);
  const [days, setDays] = useState('');
  useEffect(() => {
    if (remote.status === 'ok') setDays(String(remote.data.days));
  }, [remote]);
  const run = useCallback(() => call('maintenance', 'setRetention', { days: Number(days) }), [days]);
  const done = useCallback(() => {
    void Taro.showToast({ title: '已保存', icon: 'success' });
    reload();
  }, [reload]);
  const { submit, busy, error } = useSubmit(run, done, { inline: true });
  return (
    <View className='card'>
      <View className='card__title'>离校人员信息保留期</View>
      <View className='muted'>
        {remote.status === 'ok' ? `当前 ${remote.data.days} 天${remote.data.isDefault ? '（默认）' : ''}。` : ''}
        离校满保留期后，每晚自动删除或匿名化其姓名、学号、手机号、照片和微信绑定，保留时长合计等匿名统计。
      </View>
      <Field label='保留天数' hint='7到3650天' error={error?.message}>
        <TextInput value={days} onChange={setDays} type='number' maxlength={4} />
      </Field>
      <Btn kind='ghost' busy={busy} disabled={!/^[0-9]+$/.test(days)} onClick={() => void submit()}>保存保留期</Btn>
    </View>
  );
}
