import { View } from '@tarojs/components';
import { useCallback, useState } from 'react';
import { Btn } from '../../components/btn';
import { Field, TextInput } from '../../components/field';
import { useSubmit } from '../../hooks/use-submit';
import { call } from '../../services/cloud';

/** Binding this WeChat user to the school roster: student number + name (attempts are rate-limited on the server). */
export function BindForm({ onBound }: { onBound: () => void }) {
  const [studentNo, setStudentNo] = useState('');
  const [name, setName] = useState('');
  const run = useCallback(() => call('account', 'bind', { studentNo, name }), [studentNo, name]);
  const { submit, busy, error } = useSubmit(run, onBound, { inline: true });
  return (
    <View className='card'>
      <View className='card__title'>绑定学号</View>
      <View className='muted' style={{ marginBottom: '12px' }}>绑定后可以发送监督反馈；党员绑定后可以管理自己的公示资料。</View>
      <Field label='学号'>
        <TextInput value={studentNo} onChange={setStudentNo} type='number' maxlength={14} placeholder='6到14位数字' />
      </Field>
      <Field label='姓名' error={error?.message}>
        <TextInput value={name} onChange={setName} maxlength={20} placeholder='与学校名册一致' />
      </Field>
      <Btn busy={busy} disabled={!studentNo || !name} onClick={() => void submit()}>绑定</Btn>
    </View>
  );
}

/** Counselors join with a one-time code an admin made for them. */
export function InviteForm({ onJoined }: { onJoined: () => void }) {
  const [open, setOpen] = useState(false);
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const run = useCallback(() => call('account', 'redeemInvite', { code, name }), [code, name]);
  const { submit, busy, error } = useSubmit(run, onJoined, { inline: true });
  if (!open) {
    return (
      <View className='card card--list'>
        <View className='list-item' onClick={() => setOpen(true)}>
          <View className='list-item__main'>我是辅导员，使用邀请码加入</View>
          <View className='list-item__arrow'>›</View>
        </View>
      </View>
    );
  }
  return (
    <View className='card'>
      <View className='card__title'>辅导员加入</View>
      <Field label='邀请码' hint='10位字母数字，由管理员提供，只能使用一次'>
        <TextInput value={code} onChange={setCode} maxlength={10} placeholder='例如 4K7M2Q9XHD' />
      </Field>
      <Field label='姓名' error={error?.message}>
        <TextInput value={name} onChange={setName} maxlength={20} placeholder='真实姓名' />
      </Field>
      <Btn busy={busy} disabled={!code || !name} onClick={() => void submit()}>加入</Btn>
    </View>
  );
}
