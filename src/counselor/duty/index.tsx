import { View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useCallback, useState } from 'react';
import type { z } from 'zod';
import { Btn } from '../../components/btn';
import { Field, TextInput } from '../../components/field';
import { SelectPicker, TimePicker } from '../../components/pickers';
import { RemoteView, StateView } from '../../components/state-view';
import { useMe } from '../../hooks/use-me';
import { usePaged } from '../../hooks/use-paged';
import { useSubmit } from '../../hooks/use-submit';
import { call } from '../../services/cloud';
import type { Coverage, ShiftSummary, StationSummary, SwapSummary } from '../../shared/contract/checkin-duty';
import { cstDate } from '../../shared/domain/china-time';
import { weekdayLabels } from '../../shared/domain/duty';
import { go, routes } from '../../utils/routes';

type Station = z.infer<typeof StationSummary>;
const WEEKDAYS = ['1', '2', '3', '4', '5', '6', '7'] as const;
type Weekday = (typeof WEEKDAYS)[number];
const weekdayNames = Object.fromEntries(WEEKDAYS.map((d) => [d, weekdayLabels[Number(d)]])) as Record<Weekday, string>;

function StationForm({ buildings, onCreated }: { buildings: Array<{ id: string; name: string }>; onCreated: () => void }) {
  const [buildingId, setBuildingId] = useState<string | null>(buildings[0]?.id ?? null);
  const [name, setName] = useState('');
  const [place, setPlace] = useState('');
  const create = useCallback(() => call('checkin', 'createStation', { buildingId: buildingId ?? '', name, place }), [buildingId, name, place]);
  const { submit, busy, error } = useSubmit(create, () => { setName(''); setPlace(''); onCreated(); }, { inline: true });
  const ids = buildings.map((b) => b.id);
  const labels = Object.fromEntries(buildings.map((b) => [b.id, b.name]));
  return (
    <View className='card'>
      <View className='card__title'>新建服务站</View>
      {buildings.length > 1 ? (
        <Field label='楼栋'><SelectPicker options={ids} labels={labels} value={buildingId} onChange={setBuildingId} /></Field>
      ) : null}
      <Field label='名称'><TextInput value={name} onChange={setName} maxlength={30} placeholder='如：1号楼党员服务站' /></Field>
      <Field label='位置' error={error?.message}><TextInput value={place} onChange={setPlace} maxlength={60} placeholder='如：1号楼一层大厅' /></Field>
      <Btn busy={busy} onClick={() => void submit()}>新建</Btn>
    </View>
  );
}

function ShiftForm({ stationId, onCreated }: { stationId: string; onCreated: () => void }) {
  const [weekday, setWeekday] = useState<Weekday>('1');
  const [start, setStart] = useState('18:00');
  const [end, setEnd] = useState('20:00');
  const [memberIds, setMemberIds] = useState('');
  const create = useCallback(
    () => call('checkin', 'createShift', { stationId, weekday: Number(weekday), start, end, memberIds: memberIds.split(/[,，\s]+/).filter(Boolean) }),
    [stationId, weekday, start, end, memberIds],
  );
  const { submit, busy, error } = useSubmit(create, () => { setMemberIds(''); onCreated(); }, { inline: true });
  return (
    <View className='card'>
      <View className='card__title'>新增每周班次</View>
      <Field label='星期'><SelectPicker options={WEEKDAYS} labels={weekdayNames} value={weekday} onChange={setWeekday} /></Field>
      <Field label='开始'><TimePicker value={start} onChange={setStart} /></Field>
      <Field label='结束'><TimePicker value={end} onChange={setEnd} /></Field>
      <Field label='值班党员编号' hint='多个用逗号分隔；须住在服务站所在楼栋' error={error?.message}>
        <TextInput value={memberIds} onChange={setMemberIds} maxlength={400} />
      </Field>
      <Btn busy={busy} onClick={() => void submit()}>添加班次</Btn>
    </View>
  );
}

function StationKey({ station, onChanged }: { station: Station; onChanged: () => void }) {
  const [key, setKey] = useState<string | null>(null);
  const issue = useCallback(() => call('checkin', 'issueStationKey', { stationId: station.id }), [station.id]);
  const revoke = useCallback(() => call('checkin', 'revokeStationKey', { stationId: station.id }), [station.id]);
  const issuing = useSubmit(issue, (r) => { setKey(r.key); onChanged(); });
  const revoking = useSubmit(revoke, () => { setKey(null); onChanged(); });
  return (
    <View className='card'>
      <View className='card__title'>展示密钥</View>
      <View className='muted'>服务站屏幕用密钥打开“服务站值班码”页面。密钥只显示这一次；重新发放或撤销后旧密钥立即失效。</View>
      {key ? (
        <View>
          <View className='code'>{key}</View>
          <Btn kind='plain' onClick={() => void Taro.setClipboardData({ data: key })}>复制密钥</Btn>
          <Btn kind='ghost' onClick={() => go(routes.stationDisplay(key))}>在本机打开展示页</Btn>
        </View>
      ) : null}
      <View className='sheet__actions'>
        <Btn small busy={issuing.busy} onClick={() => void issuing.submit()}>{station.keyIssued ? '重新发放' : '发放密钥'}</Btn>
        {station.keyIssued ? <Btn small kind='ghost' busy={revoking.busy} onClick={() => void revoking.submit()}>撤销</Btn> : null}
      </View>
    </View>
  );
}

function Roster({ station, admin, onChanged }: { station: Station; admin: boolean; onChanged: () => void }) {
  const shifts = usePaged<z.infer<typeof ShiftSummary>>((cursor) => call('checkin', 'listShifts', { stationId: station.id, ...(cursor ? { cursor } : {}) }), [station.id]);
  return (
    <View>
      <View className='card'>
        <View className='card__title'>{station.name} · 每周班次</View>
        {shifts.items.length === 0 && !shifts.loading ? <View className='muted'>还没有班次</View> : null}
        {shifts.items.map((s) => (
          <View key={s.id} className='list-item'>
            {weekdayLabels[s.weekday]} {s.start}-{s.end} · {s.members.map((m) => m.name).join('、')}
          </View>
        ))}
        {shifts.hasMore ? <Btn kind='plain' onClick={shifts.loadMore}>加载更多</Btn> : null}
      </View>
      <ShiftForm stationId={station.id} onCreated={shifts.reload} />
      {admin ? <StationKey station={station} onChanged={onChanged} /> : null}
    </View>
  );
}

function CoverageCard() {
  const week = usePaged<z.infer<typeof Coverage>>((cursor) => call('checkin', 'dutyCoverage', { weekOf: cstDate(new Date()), ...(cursor ? { cursor } : {}) }), []);
  return (
    <View className='card'>
      <View className='card__title'>本周值班情况</View>
      {week.items.map((c) => (
        <View key={c.stationId} className='list-item'>
          {c.stationName}：到岗 {c.staffed} · 缺勤 {c.missed} · 迟到 {c.late} · 早退 {c.early}
        </View>
      ))}
      {week.hasMore ? <Btn kind='plain' onClick={week.loadMore}>加载更多</Btn> : null}
    </View>
  );
}

function SwapsCard() {
  const swaps = usePaged<z.infer<typeof SwapSummary>>((cursor) => call('checkin', 'listSwaps', cursor ? { cursor } : {}), []);
  if (swaps.items.length === 0) return null;
  const stateText = { pending: '待回复', accepted: '已换班', declined: '已婉拒' } as const;
  return (
    <View className='card'>
      <View className='card__title'>换班记录</View>
      {swaps.items.map((s) => (
        <View key={s.id} className='list-item'>
          {s.date} {s.start}-{s.end} · {s.stationName}：{s.fromName} → {s.toName}（{stateText[s.state]}）
        </View>
      ))}
      {swaps.hasMore ? <Btn kind='plain' onClick={swaps.loadMore}>加载更多</Btn> : null}
    </View>
  );
}

/** 值班管理: service stations of the counselor's buildings (an admin's: all), their weekly roster, display keys (admin), coverage and swaps. */
export default function CounselorDutyPage() {
  const { remote, reload } = useMe();
  const [current, setCurrent] = useState<Station | null>(null);
  const stations = usePaged<Station>((cursor) => call('checkin', 'listStations', cursor ? { cursor } : {}), []);
  return (
    <View className='page'>
      <RemoteView remote={remote} onRetry={reload}>
        {(me) =>
          me.role !== 'admin' && (me.role !== 'counselor' || !me.counselor?.buildings.length) ? (
            <StateView icon='楼' title='仅辅导员和管理员可以管理值班' />
          ) : (
            <View>
              <CoverageCard />
              <View className='card'>
                <View className='card__title'>服务站</View>
                {stations.items.map((s) => (
                  <View key={s.id} className={current?.id === s.id ? 'chip chip--on' : 'chip'} onClick={() => setCurrent(s)}>{s.name}（{s.place}）</View>
                ))}
                {stations.hasMore ? <Btn kind='plain' onClick={stations.loadMore}>加载更多</Btn> : null}
              </View>
              {current ? <Roster station={current} admin={me.role === 'admin'} onChanged={stations.reload} /> : null}
              {me.counselor?.buildings.length ? <StationForm buildings={me.counselor.buildings} onCreated={stations.reload} /> : null}
              <SwapsCard />
            </View>
          )
        }
      </RemoteView>
    </View>
  );
}
