import { View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useCallback, useState } from 'react';
import { Btn } from '../../components/btn';
import { Field, TextInput } from '../../components/field';
import { ErrorState, Loading, RemoteView, StateView } from '../../components/state-view';
import { usePaged } from '../../hooks/use-paged';
import { usePullReload } from '../../hooks/use-pull-reload';
import { useRemote } from '../../hooks/use-remote';
import { useSubmit } from '../../hooks/use-submit';
import { call } from '../../services/cloud';
import type { OutputOf } from '../../shared/contract/define';
import type { inspectionsContract } from '../../shared/contract/checkin-inspections';
import { memberStatusLabels } from '../../shared/model';
import { formatCst } from '../../utils/format';
import { go, routes } from '../../utils/routes';
import { AdvanceButton } from '../advance-button';

type Flagged = OutputOf<(typeof inspectionsContract)['flaggedRooms']>['items'][number];
type Inspector = OutputOf<(typeof inspectionsContract)['listInspectors']>['items'][number];
type Tab = 'flagged' | 'inspectors' | 'month';

function PagedList<T>({ list, empty, render }: { list: ReturnType<typeof usePaged<T>>; empty: string; render: (item: T) => JSX.Element }) {
  return (
    <View>
      {list.loading && list.items.length === 0 ? <Loading /> : null}
      {list.error ? <ErrorState message={list.error.message} onRetry={list.reload} /> : null}
      {!list.loading && !list.error && list.items.length === 0 && !list.hasMore ? <StateView icon='完' title={empty} /> : null}
      {list.items.map(render)}
      {list.hasMore ? <Btn kind='plain' busy={list.loadingMore} onClick={list.loadMore}>加载更多</Btn> : null}
    </View>
  );
}

/** Flagged rooms, longest open first: deadline, days open, the residents whose development the flag blocks, and the way to a re-inspection. */
function FlaggedRooms() {
  const list = usePaged<Flagged>(async (cursor) => call('checkin', 'flaggedRooms', cursor ? { cursor } : {}), []);
  usePullReload(list.reload);
  return (
    <PagedList
      list={list}
      empty='没有整改中的寝室'
      render={(r) => (
        <View key={r.id} className='card'>
          <View className='card__title'>{r.roomLabel} <View className='tag tag--status' style={{ display: 'inline-block' }}>脏乱差 · 第{r.daysOpen}天{r.overdue ? ' · 已逾期' : ''}</View></View>
          <View className='muted'>{formatCst(r.flaggedAt, 'YYYY-MM-DD')} 由{r.flaggedByName}评定，整改期限 {formatCst(r.deadline, 'YYYY-MM-DD')}</View>
          <View className='muted'>整改完成前，本寝室成员不得发展、预备党员不得转正（一票否决）</View>
          {r.residents.map((m) => (
            <View key={m.memberId} className='list-item'>
              <View className='list-item__main'>{m.name} · {memberStatusLabels[m.status]} <View className='tag' style={{ display: 'inline-block' }}>寝室整改中</View></View>
              <AdvanceButton memberId={m.memberId} name={m.name} status={m.status} onDone={list.reload} />
              <Btn small kind='plain' onClick={() => go(routes.counselorDevelop(m.memberId))}>发展记录</Btn>
            </View>
          ))}
          <View className='member__actions'>
            <Btn small onClick={() => go(routes.counselorInspect(r.id, r.buildingId))}>复查（须另一位检查员）</Btn>
          </View>
        </View>
      )}
    />
  );
}

function AppointForm({ onDone }: { onDone: () => void }) {
  const { remote } = useRemote(() => call('checkin', 'myInspectorBuildings', {}), []);
  const [buildingId, setBuildingId] = useState<string | null>(null);
  const [studentNo, setStudentNo] = useState('');
  const buildings = remote.status === 'ok' ? remote.data.buildings : [];
  const current = buildingId ?? buildings[0]?.id ?? '';
  const run = useCallback(() => call('checkin', 'appointInspector', { buildingId: current, studentNo: studentNo.trim() }), [current, studentNo]);
  const done = useCallback(() => {
    setStudentNo('');
    void Taro.showToast({ title: '已任命', icon: 'success' });
    onDone();
  }, [onDone]);
  const { submit, busy, error } = useSubmit(run, done, { inline: true });
  return (
    <View className='card'>
      <View className='card__title'>任命学生检查员</View>
      <View className='chips'>
        {buildings.map((b) => (
          <View key={b.id} className={b.id === current ? 'chip chip--on' : 'chip'} onClick={() => setBuildingId(b.id)}>{b.name}</View>
        ))}
      </View>
      <Field label='学号' hint='该同学需已在小程序中绑定学号；只能检查所任命楼栋的寝室，且不能检查自己的寝室' error={error?.message}>
        <TextInput type='number' value={studentNo} onChange={setStudentNo} maxlength={14} placeholder='例如 2024012345' />
      </Field>
      <Btn busy={busy} disabled={!current || studentNo.trim().length < 6} onClick={() => void submit()}>任命</Btn>
    </View>
  );
}

function RevokeButton({ item, onDone }: { item: Inspector; onDone: () => void }) {
  const run = useCallback(() => call('checkin', 'revokeInspector', { id: item.id, reason: '辅导员撤销任命' }), [item.id]);
  const { submit, busy } = useSubmit(run, onDone);
  const ask = async () => {
    const { confirm } = await Taro.showModal({ title: '撤销任命', content: `撤销${item.name}的检查员任命？记录会保留。` });
    if (confirm) void submit();
  };
  return <Btn small kind='plain' busy={busy} onClick={() => void ask()}>撤销</Btn>;
}

/** Inspector appointments: records, revocable, audited. */
function Inspectors() {
  const list = usePaged<Inspector>(async (cursor) => call('checkin', 'listInspectors', cursor ? { cursor } : {}), []);
  return (
    <View>
      <AppointForm onDone={list.reload} />
      <PagedList
        list={list}
        empty='还没有任命学生检查员'
        render={(i) => (
          <View key={i.id} className='list-item'>
            <View className='list-item__main'>{i.name}<View className='muted'>{formatCst(i.appointedAt, 'YYYY-MM-DD')} 任命</View></View>
            <RevokeButton item={i} onDone={list.reload} />
          </View>
        )}
      />
    </View>
  );
}

/** This month: inspections, rooms flagged now, ratings by floor, and the 文明寝室 so far. */
function Month() {
  const { remote, reload } = useRemote(() => call('checkin', 'inspectionDashboard', {}), []);
  const civilised = usePaged(async (cursor) => call('checkin', 'civilisedRooms', cursor ? { cursor } : {}), []);
  return (
    <View>
      <RemoteView remote={remote} onRetry={reload}>
        {(d) => (
          <View className='card'>
            <View className='card__title'>{d.month} 寝室检查</View>
            <View className='stats'>
              <View className='stat'><View className='stat__n'>{d.inspections}</View><View className='stat__label'>次检查</View></View>
              <View className='stat'><View className='stat__n'>{d.flaggedNow}</View><View className='stat__label'>间整改中</View></View>
            </View>
            {d.byFloor.map((f) => (
              <View key={`${f.buildingId}-${f.floor}`} className='muted'>
                {f.buildingName} {f.floor}层：优秀{f.excellent} · 良好{f.good} · 合格{f.pass} · 脏乱差{f.failing}
              </View>
            ))}
          </View>
        )}
      </RemoteView>
      <View className='card'>
        <View className='card__title'>本月文明寝室（本月每次检查均为优秀）</View>
        <PagedList list={civilised} empty='本月还没有文明寝室' render={(r) => <View key={r.id} className='muted'>{r.roomLabel}（{r.inspections}次检查）</View>} />
      </View>
    </View>
  );
}

const tabs: Array<[Tab, string]> = [['flagged', '整改中'], ['inspectors', '检查员'], ['month', '本月评比']];

/** The counselor's inspection desk: flagged rooms and their residents, inspector appointments, the month's figures. */
export default function CounselorInspectionsPage() {
  const [tab, setTab] = useState<Tab>('flagged');
  return (
    <View className='page'>
      <View className='chips'>
        {tabs.map(([t, label]) => (
          <View key={t} className={t === tab ? 'chip chip--on' : 'chip'} onClick={() => setTab(t)}>{label}</View>
        ))}
      </View>
      <Btn onClick={() => go(routes.counselorInspect())}>去检查寝室</Btn>
      {tab === 'flagged' ? <FlaggedRooms /> : tab === 'inspectors' ? <Inspectors /> : <Month />}
    </View>
  );
}
