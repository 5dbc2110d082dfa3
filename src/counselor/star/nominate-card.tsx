import { View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useCallback, useState } from 'react';
import { Btn } from '../../components/btn';
import { Field, TextArea } from '../../components/field';
import { Sheet } from '../../components/sheet';
import { Loading } from '../../components/state-view';
import { usePaged } from '../../hooks/use-paged';
import { useSubmit } from '../../hooks/use-submit';
import { call } from '../../services/cloud';
import type { OutputOf } from '../../shared/contract/define';
import type { starContract } from '../../shared/contract/star';
import { memberStatusLabels } from '../../shared/model';
import { formatHours } from '../../utils/volunteer';

type Eligible = OutputOf<(typeof starContract)['eligibleMembers']>['items'][number];

/** 提名: pick a member who may stand (in scope, consenting) from the server's list, write their deeds. */
export function NominateCard({ roundId, onNominated }: { roundId: string; onNominated: () => void }) {
  const list = usePaged<Eligible>(async (cursor) => call('star', 'eligibleMembers', { roundId, ...(cursor ? { cursor } : {}) }), [roundId]);
  const [member, setMember] = useState<Eligible | null>(null);
  const [deeds, setDeeds] = useState('');
  const run = useCallback(() => call('star', 'nominate', { roundId, memberId: member?.memberId ?? '', deeds }), [roundId, member, deeds]);
  const done = useCallback(() => {
    void Taro.showToast({ title: '已提名', icon: 'success' });
    setMember(null);
    setDeeds('');
    list.reload();
    onNominated();
  }, [list, onNominated]);
  const { submit, busy, error } = useSubmit(run, done, { inline: true });

  return (
    <View className='card card--list nominate'>
      <View className='card__title'>提名候选人</View>
      <View className='muted'>只列出本轮范围内同意公示的正式党员和预备党员（候选人卡片与门牌遵循同样的公开规则）。</View>
      {list.loading && list.items.length === 0 ? <Loading /> : null}
      {list.error ? <View className='field__error'>{list.error.message}</View> : null}
      {!list.loading && !list.error && list.items.length === 0 ? <View className='muted'>范围内没有可提名的党员。</View> : null}
      {list.items.map((m) => (
        <View key={m.memberId} className='list-item' onClick={() => (m.nominated ? undefined : setMember(m))}>
          {m.nominated ? null : <View className={m.memberId === member?.memberId ? 'check check--on' : 'check'}>{m.memberId === member?.memberId ? '✓' : ''}</View>}
          <View className='list-item__main'>
            {m.name} <View className='tag tag--status' style={{ display: 'inline-block', marginLeft: '12px' }}>{memberStatusLabels[m.status]}</View>
            <View className='muted'>{m.roomLabel} · 本月 {formatHours(m.monthHours)} 小时 · 本学期 {formatHours(m.termHours)} 小时</View>
          </View>
          {m.nominated ? <View className='muted'>已提名</View> : null}
        </View>
      ))}
      {list.hasMore ? <Btn kind='plain' busy={list.loadingMore} onClick={list.loadMore}>加载更多</Btn> : null}
      <Sheet open={member !== null} title={`提名${member?.name ?? ''}`} onClose={() => setMember(null)}>
        <Field label='事迹' hint={`${deeds.trim().length}/300，10字以上；会展示在候选人卡片上，并经内容安全检查`} error={error?.message}>
          <TextArea value={deeds} onChange={setDeeds} maxlength={300} placeholder='例如：本月组织楼层安全排查4次，带动同寝室同学参加志愿服务' />
        </Field>
        <View className='sheet__actions'>
          <Btn kind='plain' onClick={() => setMember(null)}>取消</Btn>
          <Btn busy={busy} disabled={deeds.trim().length < 10} onClick={() => void submit()}>提名{member?.name ?? ''}</Btn>
        </View>
      </Sheet>
    </View>
  );
}
