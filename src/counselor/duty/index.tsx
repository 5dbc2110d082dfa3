import { View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useCallback, useState } from 'react';
import type { z } from 'zod';
import { Btn } from '../../components/btn';
import { Field, TextInput } from '../../components/field';
import { DatePicker, SelectPicker, TimePicker } from '../../components/pickers';
import { RemoteView, StateView } from '../../components/state-view';
import { useMe } from '../../hooks/use-me';
import { usePaged } from '../../hooks/use-paged';
import { useSubmit } from '../../hooks/use-submit';
import { call } from '../../services/cloud';
import type { Coverage, ShiftCandidate, ShiftSummary, StationSummary, SwapSummary } from '../../shared/contract/checkin-duty';
import { cstDate } from '../../shared/domain/china-time';
import { shiftTimeLabel, weekdayLabels, weekdayOf } from '../../shared/domain/duty';
import { go, routes } from '../../utils/routes';

type Station = z.infer<typeof StationSummary>;
type Shift = z.infer<typeof ShiftSummary>;
type Member = { id: string; name: string };
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

/**
 * Who is on a shift: chosen from the members of the station's building, searched by the start of the
 * name or by 学号 (the server answers only that building's members), a page at a time.
 */
function MemberPicker({ stationId, value, onChange }: { stationId: string; value: Member[]; onChange: (v: Member[]) => void }) {
  const [text, setText] = useState('');
  const [query, setQuery] = useState('');
  const found = usePaged<z.infer<typeof ShiftCandidate>>(
    (cursor) => call('checkin', 'shiftCandidates', { stationId, ...(query ? { q: query } : {}), ...(cursor ? { cursor } : {}) }),
    [stationId, query],
  );
  const chosen = new Set(value.map((m) => m.id));
  return (
    <View>
      <View className='chips'>
        {value.length === 0 ? <View className='muted'>还没有选择值班党员</View> : null}
        {value.map((m) => (
          <View key={m.id} className='chip chip--on' onClick={() => onChange(value.filter((x) => x.id !== m.id))}>{m.name} ×</View>
        ))}
      </View>
      <TextInput value={text} onChange={setText} maxlength={20} placeholder='姓名或学号' />
      <Btn small kind='plain' onClick={() => setQuery(text.trim())}>搜索本楼党员</Btn>
      {found.error ? <View className='field__error'>{found.error.message}</View> : null}
      {!found.loading && found.items.length === 0 ? <View className='muted'>没有找到，请换个姓名或学号</View> : null}
      {found.items.map((m) => (
        <View
          key={m.id}
          className='list-item member-option'
          onClick={() => (chosen.has(m.id) || value.length >= 10 ? undefined : onChange([...value, { id: m.id, name: m.name }]))}
        >
          {m.name} · {m.roomNumber}室{chosen.has(m.id) ? '（已选）' : ''}
        </View>
      ))}
      {found.hasMore ? <Btn kind='plain' onClick={found.loadMore}>加载更多</Btn> : null}
    </View>
  );
}

/** A new weekly shift, or (with `shift`) the same shift's new times and members from a date on. */
function ShiftForm({ stationId, shift, onDone, onCancel }: { stationId: string; shift?: Shift; onDone: () => void; onCancel?: () => void }) {
  // A new shift starts on today's weekday (China time).
  const [weekday, setWeekday] = useState<Weekday>(String(shift?.weekday ?? weekdayOf(cstDate(new Date())) ?? 1) as Weekday);
  const [start, setStart] = useState(shift?.start ?? '18:00');
  const [end, setEnd] = useState(shift?.end ?? '20:00');
  const [members, setMembers] = useState<Member[]>(shift?.members ?? []);
  const [from, setFrom] = useState(cstDate(new Date()));
  const save = useCallback(() => {
    const times = { weekday: Number(weekday), start, end, memberIds: members.map((m) => m.id) };
    return shift ? call('checkin', 'changeShift', { shiftId: shift.id, from, ...times }) : call('checkin', 'createShift', { stationId, ...times });
  }, [shift, stationId, weekday, start, end, members, from]);
  const { submit, busy, error } = useSubmit(save, () => { setMembers([]); onDone(); }, { inline: true });
  return (
    <View className='card'>
      <View className='card__title'>{shift ? '调整班次' : '新增每周班次'}</View>
      {shift ? <View className='muted'>生效日期之前的值班和记录保持原样；从生效日期起按新的时间和人员值班。</View> : null}
      {shift ? <Field label='生效日期'><DatePicker id='shift-from' value={from} start={cstDate(new Date())} onChange={setFrom} /></Field> : null}
      <Field label='星期'><SelectPicker id='shift-weekday' options={WEEKDAYS} labels={weekdayNames} value={weekday} onChange={setWeekday} /></Field>
      <Field label='开始'><TimePicker id='shift-start' value={start} onChange={setStart} /></Field>
      <Field label='结束' hint='结束不晚于开始即为次日结束，如 22:00 至次日 08:00'><TimePicker id='shift-end' value={end} onChange={setEnd} /></Field>
      <Field label='值班党员' hint='须住在服务站所在楼栋，最多10人' error={error?.message}>
        <MemberPicker stationId={stationId} value={members} onChange={setMembers} />
      </Field>
      <View className='sheet__actions'>
        <Btn busy={busy} onClick={() => void submit()}>{shift ? '保存调整' : '添加班次'}</Btn>
        {onCancel ? <Btn kind='ghost' onClick={onCancel}>取消</Btn> : null}
      </View>
    </View>
  );
}

/** Stops a shift from a date on: no more instances from then; earlier ones and their records stay. */
function EndShiftForm({ shift, onDone, onCancel }: { shift: Shift; onDone: () => void; onCancel: () => void }) {
  const [from, setFrom] = useState(cstDate(new Date()));
  const end = useCallback(() => call('checkin', 'endShift', { shiftId: shift.id, from }), [shift.id, from]);
  const { submit, busy, error } = useSubmit(end, onDone, { inline: true });
  return (
    <View className='card'>
      <View className='card__title'>停止班次：{weekdayLabels[shift.weekday]} {shiftTimeLabel(shift)}</View>
      <Field label='从这一天起停止' hint='之前的值班和记录保持原样' error={error?.message}>
        <DatePicker id='end-from' value={from} start={cstDate(new Date())} onChange={setFrom} />
      </Field>
      <View className='sheet__actions'>
        <Btn busy={busy} onClick={() => void submit()}>停止班次</Btn>
        <Btn kind='ghost' onClick={onCancel}>取消</Btn>
      </View>
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
  const shifts = usePaged<Shift>((cursor) => call('checkin', 'listShifts', { stationId: station.id, ...(cursor ? { cursor } : {}) }), [station.id]);
  const [editing, setEditing] = useState<{ shift: Shift; mode: 'change' | 'end' } | null>(null);
  const done = () => { setEditing(null); shifts.reload(); };
  const today = cstDate(new Date());
  return (
    <View>
      <View className='card'>
        <View className='card__title'>{station.name} · 每周班次</View>
        {shifts.items.length === 0 && !shifts.loading ? <View className='muted'>还没有班次</View> : null}
        {shifts.items.map((s) => (
          <View key={s.id} className={s.until && s.until <= today ? 'list-item muted' : 'list-item'}>
            <View>
              {weekdayLabels[s.weekday]} {shiftTimeLabel(s)} · {s.members.map((m) => m.name).join('、')}
              {s.until ? `（${s.until} 起停止）` : s.from ? `（${s.from} 起）` : ''}
            </View>
            {s.until ? null : (
              <View className='sheet__actions'>
                <Btn small kind='plain' onClick={() => setEditing({ shift: s, mode: 'change' })}>调整</Btn>
                <Btn small kind='ghost' onClick={() => setEditing({ shift: s, mode: 'end' })}>停止</Btn>
              </View>
            )}
          </View>
        ))}
        {shifts.hasMore ? <Btn kind='plain' onClick={shifts.loadMore}>加载更多</Btn> : null}
      </View>
      {editing?.mode === 'change' ? <ShiftForm key={editing.shift.id} stationId={station.id} shift={editing.shift} onDone={done} onCancel={() => setEditing(null)} /> : null}
      {editing?.mode === 'end' ? <EndShiftForm key={editing.shift.id} shift={editing.shift} onDone={done} onCancel={() => setEditing(null)} /> : null}
      {editing ? null : <ShiftForm stationId={station.id} onDone={shifts.reload} />}
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
          {s.date} {shiftTimeLabel(s)} · {s.stationName}：{s.fromName} → {s.toName}（{stateText[s.state]}）
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
