import { View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useCallback, useState } from 'react';
import { BottomBar } from '../../components/bottom-bar';
import { Btn } from '../../components/btn';
import { useSubmit } from '../../hooks/use-submit';
import { call } from '../../services/cloud';
import { formatDateTime } from '../../utils/format';
import { BuildingChips } from '../building-chips';

const EXPIRY = [
  { hours: 24, label: '1天' },
  { hours: 72, label: '3天' },
  { hours: 168, label: '7天' },
];

/** Admin: a one-time code that makes its redeemer the counselor of the chosen buildings. */
export default function AdminInvitesPage() {
  const [buildingIds, setBuildingIds] = useState<string[]>([]);
  const [hours, setHours] = useState(72);
  const [invite, setInvite] = useState<{ code: string; expiresAt: string } | null>(null);
  const toggle = (id: string) => setBuildingIds((ids) => (ids.includes(id) ? ids.filter((x) => x !== id) : [...ids, id]));
  const run = useCallback(() => call('account', 'createInvite', { buildingIds, expiresInHours: hours }), [buildingIds, hours]);
  const { submit, busy } = useSubmit(run, setInvite);

  return (
    <View className='page'>
      <View className='section-title'>负责楼栋（可多选）</View>
      <BuildingChips selected={buildingIds} onToggle={toggle} />
      <View className='section-title'>有效期</View>
      <View className='chips'>
        {EXPIRY.map((e) => (
          <View key={e.hours} className={e.hours === hours ? 'chip chip--on' : 'chip'} onClick={() => setHours(e.hours)}>{e.label}</View>
        ))}
      </View>
      {invite ? (
        <View className='card'>
          <View className='card__title'>邀请码</View>
          <View className='big-code'>{invite.code}</View>
          <View className='muted'>只能使用一次，{formatDateTime(invite.expiresAt)} 前有效。请当面或通过可信渠道交给辅导员，在“我的”页面输入。</View>
          <View className='sheet__actions'>
            <Btn kind='ghost' onClick={() => void Taro.setClipboardData({ data: invite.code })}>复制邀请码</Btn>
          </View>
        </View>
      ) : null}
      <BottomBar>
        <Btn busy={busy} disabled={buildingIds.length === 0} onClick={() => void submit()}>生成邀请码</Btn>
      </BottomBar>
    </View>
  );
}
