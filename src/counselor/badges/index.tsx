import { Text, View } from '@tarojs/components';
import { useCallback, useEffect, useState } from 'react';
import { Btn } from '../../components/btn';
import { Field, TextArea, TextInput } from '../../components/field';
import { Sheet } from '../../components/sheet';
import { ErrorState, Loading, StateView } from '../../components/state-view';
import { useMe } from '../../hooks/use-me';
import { useStaffBuildings } from '../../hooks/use-staff-buildings';
import { usePaged } from '../../hooks/use-paged';
import { useRemote } from '../../hooks/use-remote';
import { useRecordSubmit } from '../../hooks/use-submit';
import { call } from '../../services/cloud';
import type { AwardView } from '../../shared/contract/badge-awards';
import { formatCst } from '../../utils/format';
import { untilText } from '../../utils/badges';

type Holder = { id: string; name: string; roomNumber: string };

/** One award with its state; the revoke button asks for a reason (the award stays in the history). */
function AwardRow({ a, onRevoke }: { a: AwardView; onRevoke: (a: AwardView) => void }) {
  return (
    <View className='list-item badge-row'>
      <View className='list-item__main'>
        <View><Text className='tag tag--badge'>{a.name}</Text>{a.holder.label}</View>
        <View className='muted'>{formatCst(a.awardedAt)} 授予 · {untilText(a.until)}</View>
        <View className='muted'>理由：{a.reason}</View>
        {a.revoked ? <View className='field__error'>已撤销（{formatCst(a.revoked.at)}）：{a.revoked.reason}</View> : !a.current ? <View className='muted'>已过期</View> : null}
      </View>
      {a.current ? <Btn small kind='plain' onClick={() => onRevoke(a)}>撤销</Btn> : null}
    </View>
  );
}

function RevokeSheet({ award, onClose, onDone }: { award: AwardView | null; onClose: () => void; onDone: () => void }) {
  const [reason, setReason] = useState('');
  const run = useCallback(() => call('badge', 'revokeAward', { awardId: award?.id ?? '', reason }), [award, reason]);
  const { submit, busy, error } = useRecordSubmit(run, '已撤销', () => setReason(''), onDone);
  return (
    <Sheet open={award !== null} title={`撤销“${award?.name ?? ''}”`} onClose={onClose}>
      <View className='muted'>撤销 {award?.holder.label ?? ''} 的“{award?.name ?? ''}”（{award ? formatCst(award.awardedAt) : ''} 授予）。</View>
      <Field label='撤销原因' hint='授予记录会保留并标注已撤销；门牌、公示墙和本人首页不再显示' error={error?.message}>
        <TextArea value={reason} onChange={setReason} maxlength={200} placeholder='例如：授予有误' />
      </Field>
      <View className='sheet__actions'>
        <Btn kind='plain' onClick={onClose}>取消</Btn>
        <Btn busy={busy} disabled={reason.trim().length < 2} onClick={() => void submit()}>确认撤销</Btn>
      </View>
    </Sheet>
  );
}

function AwardSheet({ holder, onClose, onRevoke, version }: { holder: Holder | null; onClose: () => void; onRevoke: (a: AwardView) => void; version: number }) {
  const catalogue = useRemote(() => call('badge', 'badgeCatalogue', {}), []);
  const manual = catalogue.remote.status === 'ok' ? catalogue.remote.data.items.filter((b) => b.active && b.source === 'manual' && b.holder === 'member') : [];
  const [code, setCode] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const history = usePaged<AwardView>(async (cursor) => {
    if (!holder) return { ok: true as const, data: { items: [], nextCursor: null } };
    return call('badge', 'holderAwards', { memberId: holder.id, ...(cursor ? { cursor } : {}) });
  }, [holder?.id, version]);
  const run = useCallback(() => call('badge', 'awardBadge', { code: code ?? '', holder: { memberId: holder?.id ?? '' }, reason }), [code, holder, reason]);
  const { submit, busy, error } = useRecordSubmit(run, '已授予', () => { setReason(''); setCode(null); }, history.reload);
  // Badges the holder shows now cannot be given again (the server refuses a second current award).
  const held = new Set(history.items.filter((a) => a.current).map((a) => a.code));
  return (
    <Sheet open={holder !== null} title={`${holder?.name ?? ''}（${holder?.roomNumber ?? ''}室）的徽章`} onClose={onClose}>
      <Field label='授予徽章' hint={catalogue.remote.status === 'ok' && manual.length === 0 ? '徽章目录里没有可手动授予的党员徽章，请联系管理员' : '有效期按徽章目录：本学期、本月或长期'}>
        <View className='chips'>
          {manual.map((b) => (
            <View key={b.code} className={b.code === code ? 'chip chip--on' : held.has(b.code) ? 'chip chip--off' : 'chip'} onClick={() => (held.has(b.code) ? undefined : setCode(b.code))}>
              {b.name}{held.has(b.code) ? '（已获得）' : ''}
            </View>
          ))}
        </View>
      </Field>
      <Field label='授予理由' hint='本人和辅导员可见' error={error?.message}>
        <TextArea value={reason} onChange={setReason} maxlength={200} placeholder='例如：担任三楼党员责任区负责人' />
      </Field>
      <Btn busy={busy} disabled={!code || reason.trim().length < 2} onClick={() => void submit()}>{code ? '授予' : '请先选择徽章'}</Btn>
      <View className='section-title'>授予记录</View>
      {history.loading && history.items.length === 0 ? <View className='muted'>加载中…</View> : null}
      {history.error ? <View className='field__error'>{history.error.message}</View> : null}
      {history.items.length === 0 && !history.loading && !history.error ? <View className='muted'>还没有徽章</View> : null}
      {history.items.map((a) => <AwardRow key={a.id} a={a} onRevoke={onRevoke} />)}
      {history.hasMore ? <Btn kind='plain' busy={history.loadingMore} onClick={history.loadMore}>加载更多</Btn> : null}
    </Sheet>
  );
}

/** A counselor gives badges by hand to members of their buildings and revokes them; the building's recent awards. */
export default function CounselorBadgesPage() {
  const { remote: me } = useMe();
  const buildings = useStaffBuildings();
  const [buildingId, setBuildingId] = useState<string | null>(null);
  useEffect(() => { if (!buildingId && buildings[0]) setBuildingId(buildings[0].id); }, [buildingId, buildings]);
  const [tab, setTab] = useState<'recent' | 'members'>('recent');
  const [holder, setHolder] = useState<Holder | null>(null);
  const [revoking, setRevoking] = useState<AwardView | null>(null);
  const [version, setVersion] = useState(0);
  const recent = usePaged<AwardView>(async (cursor) => (buildingId ? call('badge', 'buildingAwards', { buildingId, ...(cursor ? { cursor } : {}) }) : { ok: true as const, data: { items: [], nextCursor: null } }), [buildingId, version]);
  const members = usePaged<Holder>(async (cursor) => {
    if (!buildingId) return { ok: true as const, data: { items: [], nextCursor: null } };
    const r = await call('checkin', 'memberLinks', { buildingId, limit: 50, ...(cursor ? { cursor } : {}) });
    return r.ok ? { ok: true as const, data: { items: r.data.items.map((m) => ({ id: m.id, name: m.name, roomNumber: m.roomNumber })), nextCursor: r.data.nextCursor } } : r;
  }, [buildingId]);
  const revoked = useCallback(() => { setRevoking(null); setVersion((v) => v + 1); }, []);
  const [filter, setFilter] = useState('');
  // Looking someone up reads the rest of the building's members (a building has at most a few pages).
  useEffect(() => {
    if (filter.trim() && members.hasMore && !members.loadingMore && !members.loading && !members.error) members.loadMore();
  }, [filter, members]);
  const shown = filter.trim() ? members.items.filter((m) => m.name.includes(filter.trim()) || m.roomNumber.includes(filter.trim())) : members.items;

  if (me.status === 'loading') return <View className='page'><Loading /></View>;
  if (me.status === 'error') return <View className='page'><ErrorState message={me.message} onRetry={() => undefined} /></View>;
  return (
    <View className='page'>
      <View className='chips'>
        {buildings.map((b) => <View key={b.id} className={b.id === buildingId ? 'chip chip--on' : 'chip'} onClick={() => setBuildingId(b.id)}>{b.name}</View>)}
      </View>
      <View className='chips'>
        <View className={tab === 'recent' ? 'chip chip--on' : 'chip'} onClick={() => setTab('recent')}>最近授予</View>
        <View className={tab === 'members' ? 'chip chip--on' : 'chip'} onClick={() => setTab('members')}>授予徽章</View>
      </View>
      {tab === 'recent' ? (
        <View className='card'>
          {recent.loading && recent.items.length === 0 ? <Loading /> : null}
          {recent.error ? <ErrorState message={recent.error.message} onRetry={recent.reload} /> : null}
          {!recent.loading && !recent.error && recent.items.length === 0 ? <StateView icon='徽' title='本楼还没有授予徽章' text='在“授予徽章”里选择党员，授予党员示范岗、先锋岗等徽章。' /> : null}
          {recent.items.map((a) => <AwardRow key={a.id} a={a} onRevoke={setRevoking} />)}
          {recent.hasMore ? <Btn kind='plain' busy={recent.loadingMore} onClick={recent.loadMore}>加载更多</Btn> : null}
        </View>
      ) : (
        <View className='card'>
          <TextInput value={filter} onChange={setFilter} maxlength={20} placeholder='按姓名或寝室号查找党员' />
          {members.loading && members.items.length === 0 ? <Loading /> : null}
          {members.error ? <ErrorState message={members.error.message} onRetry={members.reload} /> : null}
          {!members.loading && !members.error && members.items.length === 0 ? <StateView icon='党' title='本楼还没有党员' /> : null}
          {filter.trim() && shown.length === 0 && !members.loading && !members.hasMore ? <View className='muted'>本楼党员中没有“{filter.trim()}”，请核对姓名或寝室号</View> : null}
          {shown.map((m) => (
            <View key={m.id} className='list-item' onClick={() => setHolder(m)}>
              <View className='list-item__main'>{m.name}<View className='muted'>{m.roomNumber}室</View></View>
              <Btn small kind='plain' onClick={() => setHolder(m)}>徽章</Btn>
            </View>
          ))}
          {members.hasMore && !filter.trim() ? <Btn kind='plain' busy={members.loadingMore} onClick={members.loadMore}>加载更多</Btn> : null}
        </View>
      )}
      <AwardSheet holder={holder} version={version} onClose={() => setHolder(null)} onRevoke={setRevoking} />
      <RevokeSheet award={revoking} onClose={() => setRevoking(null)} onDone={revoked} />
    </View>
  );
}
