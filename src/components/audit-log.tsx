import { View } from '@tarojs/components';
import { useState } from 'react';
import { usePaged } from '../hooks/use-paged';
import { usePullReload } from '../hooks/use-pull-reload';
import { call } from '../services/cloud';
import type { AuditRecordView } from '../shared/contract/account-audit';
import { auditActionLabels, auditTargetLabels } from '../shared/domain/audit-labels';
import { roleLabels } from '../shared/model';
import { formatCst } from '../utils/format';
import { Btn } from './btn';
import { Field } from './field';
import { DatePicker, SelectPicker } from './pickers';
import { ErrorState, Loading, StateView } from './state-view';

type Narrow = { kind: 'action'; value: string } | { kind: 'actor'; value: string; label: string } | { kind: 'target'; value: string } | null;
const ACTIONS = Object.keys(auditActionLabels);

/** One record: what, who, to whom and when, then each changed field before → after, and the reason. */
function AuditCard({ r, onActor, onTarget }: { r: AuditRecordView; onActor: () => void; onTarget: () => void }) {
  return (
    <View className='card'>
      <View className='card__title'>{r.actionLabel}</View>
      <View className='muted'>
        <View style={{ display: 'inline' }} onClick={onActor}>{r.actor.name}{r.actor.role ? `（${roleLabels[r.actor.role]}）` : ''}</View> · {formatCst(r.at)}
      </View>
      <View className='muted' onClick={onTarget}>对象：{auditTargetLabels[r.target.collection] ?? r.target.collection} {r.target.id}</View>
      {r.changes.length > 0 ? (
        <View className='card--list'>
          {r.changes.map((c) => (
            <View key={c.field} className='list-item'>
              <View className='list-item__main'>{c.label}</View>
              <View><View className='muted' style={{ display: 'inline', textDecoration: 'line-through' }}>{c.before}</View> → {c.after}</View>
            </View>
          ))}
        </View>
      ) : null}
      {r.reason ? <View className='notice'>原因：{r.reason}</View> : null}
    </View>
  );
}

/**
 * The audit view (account.auditLog): an admin the whole school or one building, a counselor one of
 * their buildings. Filters: one of action, actor (tap a name) or target (tap the target line), and a
 * date range; newest first, a page at a time.
 */
export function AuditLog({ buildings, wholeSchool }: { buildings: Array<{ id: string; name: string }>; wholeSchool: boolean }) {
  const [buildingId, setBuildingId] = useState<string | null>(wholeSchool ? null : buildings[0]?.id ?? null);
  const [narrow, setNarrow] = useState<Narrow>(null);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const filter = {
    ...(buildingId ? { buildingId } : {}),
    ...(narrow?.kind === 'action' ? { action: narrow.value } : narrow?.kind === 'actor' ? { actorUserId: narrow.value } : narrow?.kind === 'target' ? { targetId: narrow.value } : {}),
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
  };
  const list = usePaged((cursor) => call('account', 'auditLog', { ...filter, ...(cursor ? { cursor } : {}) }), [buildingId, narrow?.kind, narrow?.value, from, to]);
  usePullReload(list.reload);
  const narrowText = narrow?.kind === 'action' ? auditActionLabels[narrow.value] : narrow?.kind === 'actor' ? `操作人：${narrow.label}` : narrow?.kind === 'target' ? `对象：${narrow.value}` : null;
  return (
    <View>
      <View className='chips'>
        {wholeSchool ? <View className={buildingId === null ? 'chip chip--on' : 'chip'} onClick={() => setBuildingId(null)}>全校</View> : null}
        {buildings.map((b) => (
          <View key={b.id} className={b.id === buildingId ? 'chip chip--on' : 'chip'} onClick={() => setBuildingId(b.id)}>{b.name}</View>
        ))}
      </View>
      <View className='card'>
        <Field label='操作类型'>
          <SelectPicker id='audit-action' options={ACTIONS} labels={auditActionLabels} value={narrow?.kind === 'action' ? narrow.value : null} onChange={(value) => setNarrow({ kind: 'action', value })} placeholder='全部操作' />
        </Field>
        <Field label='日期' hint='按中国时间，含首尾两天'>
          <View className='row'>
            <DatePicker id='audit-from' value={from} end={to || undefined} onChange={setFrom} />
            <DatePicker id='audit-to' value={to} start={from || undefined} onChange={setTo} />
          </View>
        </Field>
        {narrowText ? <View className='chips'><View className='chip chip--on' onClick={() => setNarrow(null)}>{narrowText} ✕</View></View> : <View className='muted'>点记录上的操作人或对象，可只看其记录</View>}
        {from || to ? <Btn small kind='plain' onClick={() => { setFrom(''); setTo(''); }}>清除日期</Btn> : null}
      </View>
      {list.loading && list.items.length === 0 ? <Loading /> : null}
      {list.error ? <ErrorState message={list.error.message} onRetry={list.reload} /> : null}
      {!list.loading && !list.error && list.items.length === 0 ? <StateView icon='空' title='没有符合条件的操作记录' /> : null}
      {list.items.map((r) => (
        <AuditCard
          key={r.id}
          r={r}
          onActor={() => (r.actor.userId ? setNarrow({ kind: 'actor', value: r.actor.userId, label: r.actor.name }) : undefined)}
          onTarget={() => setNarrow({ kind: 'target', value: r.target.id })}
        />
      ))}
      {list.hasMore ? <Btn kind='plain' busy={list.loadingMore} onClick={list.loadMore}>加载更多</Btn> : null}
    </View>
  );
}
