import { View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useCallback, useState } from 'react';
import { Btn } from '../../components/btn';
import { Field, TextArea, TextInput } from '../../components/field';
import { DatePicker, SelectPicker } from '../../components/pickers';
import { StateView } from '../../components/state-view';
import { usePaged } from '../../hooks/use-paged';
import { useRemote } from '../../hooks/use-remote';
import { useSubmit } from '../../hooks/use-submit';
import { call } from '../../services/cloud';
import type { DutyRecord, ShiftSummary, SwapSummary, WorkLog } from '../../shared/contract/checkin-duty';
import type { OutputOf } from '../../shared/contract/define';
import type { dutyContract } from '../../shared/contract/checkin-duty';
import { cstDate, DAY_MS } from '../../shared/domain/china-time';
import { DUTY_GRACE_MINUTES, DUTY_TOPICS, dutyStateLabels, dutyTopicLabels, shiftTimeLabel, weekdayLabels, weekdayOf, type DutyTopic } from '../../shared/domain/duty';
import { formatCst } from '../../utils/format';
import { activityCodeIn, formatHours } from '../../utils/volunteer';
import type { z } from 'zod';

type Scanned = OutputOf<(typeof dutyContract)['dutyScan']>;
type Phase = 'in' | 'out';

function resultText(r: Scanned): string {
  if (r.phase === 'in') return r.lateMinutes > 0 ? `签到成功（迟到 ${r.lateMinutes} 分钟）` : '签到成功';
  const early = r.earlyMinutes > 0 ? `（早退 ${r.earlyMinutes} 分钟）` : '';
  if (r.notCounted) return r.notCounted.message;
  if (r.hours && r.hours > 0) return `签退成功${early}，获得 ${formatHours(r.hours)} 小时（已核实）`;
  return `签退成功${early}，在岗时间不足班次的60%，本次不计时长`;
}

/** Check in, or out with the work log (工作记录): the station screen's code, scanned or typed (h5). */
function ScanCard({ onDone }: { onDone: () => void }) {
  const [phase, setPhase] = useState<Phase>('in');
  const [text, setText] = useState('');
  const [visitors, setVisitors] = useState('0');
  const [topics, setTopics] = useState<DutyTopic[]>([]);
  const [note, setNote] = useState('');
  const [localError, setLocalError] = useState<string | null>(null);
  const [done, setDone] = useState<Scanned | null>(null);
  const send = useCallback(
    (code: string) => {
      const log: WorkLog = { visitors: Number(visitors) || 0, topics, note };
      return phase === 'in' ? call('checkin', 'dutyScan', { code, phase: 'in' }) : call('checkin', 'dutyScan', { code, phase: 'out', workLog: log });
    },
    [phase, visitors, topics, note],
  );
  const { submit, busy, error } = useSubmit(send, (r: Scanned) => { setDone(r); onDone(); }, { inline: true });

  function sendCode(raw: string) {
    const code = activityCodeIn(raw);
    if (!code) return setLocalError('这不是服务站值班码，请扫描服务站屏幕上的二维码');
    if (phase === 'out' && topics.length === 0) return setLocalError('请至少选择一项工作内容');
    setLocalError(null);
    void submit(code);
  }
  async function scan() {
    if (process.env.TARO_ENV !== 'weapp') return sendCode(text);
    try {
      const res = await Taro.scanCode({ scanType: ['qrCode'], onlyFromCamera: true });
      sendCode(res.result);
    } catch {
      // camera closed
    }
  }
  const toggle = (t: DutyTopic) => setTopics((now) => (now.includes(t) ? now.filter((x) => x !== t) : [...now, t]));
  const message = localError ?? error?.message ?? null;

  if (done) {
    return (
      <View className='card'>
        <StateView icon='✓' title={resultText(done)} text={done.stationName} action={{ label: '继续', onClick: () => setDone(null) }} />
      </View>
    );
  }
  return (
    <View className='card'>
      <View className='card__title'>值班签到 / 签退</View>
      <View className='chips'>
        {(['in', 'out'] as const).map((p) => (
          <View key={p} className={p === phase ? 'chip chip--on' : 'chip'} onClick={() => setPhase(p)}>{p === 'in' ? '签到' : '签退（填写工作记录）'}</View>
        ))}
      </View>
      {phase === 'out' ? (
        <View>
          <Field label='接待人数'>
            <TextInput type='number' value={visitors} onChange={setVisitors} maxlength={3} />
          </Field>
          <Field label='工作内容'>
            <View className='chips'>
              {DUTY_TOPICS.map((t) => (
                <View key={t} className={topics.includes(t) ? 'chip chip--on' : 'chip'} onClick={() => toggle(t)}>{dutyTopicLabels[t]}</View>
              ))}
            </View>
          </Field>
          <Field label='备注'>
            <TextArea value={note} onChange={setNote} maxlength={300} placeholder='接待了哪些同学、解决了什么问题' />
          </Field>
        </View>
      ) : null}
      {process.env.TARO_ENV === 'weapp' ? null : (
        <Field label='值班码（本地演示：输入服务站页面显示的编号）'>
          <TextInput value={text} onChange={setText} maxlength={200} placeholder='16位值班码' />
        </Field>
      )}
      {message ? <View className='error-box'>{message}</View> : null}
      <Btn busy={busy} onClick={() => void scan()}>{phase === 'in' ? '扫码签到' : '扫码签退'}</Btn>
    </View>
  );
}

/** The next date (China time) of a weekday, today included. */
function nextDateOf(weekday: number): string {
  for (let i = 0; i < 7; i += 1) {
    const date = cstDate(new Date(Date.now() + i * DAY_MS));
    if (weekdayOf(date) === weekday) return date;
  }
  return cstDate(new Date());
}

/** Ask another member of the building to take one dated shift of mine. */
function SwapRequest({ shift, onClose }: { shift: z.infer<typeof ShiftSummary>; onClose: () => void }) {
  const [date, setDate] = useState(nextDateOf(shift.weekday));
  const [toMemberId, setTo] = useState<string | null>(null);
  const { remote } = useRemote(() => call('checkin', 'swapCandidates', { limit: 50 }), []);
  const ask = useCallback(() => call('checkin', 'requestSwap', { shiftId: shift.id, date, toMemberId: toMemberId ?? '' }), [shift.id, date, toMemberId]);
  const { submit, busy, error } = useSubmit(ask, () => {
    void Taro.showToast({ title: '已发送换班申请', icon: 'none' });
    onClose();
  }, { inline: true });
  const people = remote.status === 'ok' ? remote.data.items : [];
  const labels = Object.fromEntries(people.map((p) => [p.id, p.name]));
  return (
    <View className='card'>
      <View className='card__title'>申请换班：{weekdayLabels[shift.weekday]} {shiftTimeLabel(shift)}</View>
      <Field label='日期'><DatePicker value={date} onChange={setDate} /></Field>
      <Field label='请谁代班' error={error?.message}>
        <SelectPicker options={people.map((p) => p.id)} labels={labels} value={toMemberId} onChange={setTo} placeholder='选择同楼党员' />
      </Field>
      <View className='sheet__actions'>
        <Btn kind='ghost' onClick={onClose}>取消</Btn>
        <Btn busy={busy} disabled={!toMemberId} onClick={() => void submit()}>发送申请</Btn>
      </View>
    </View>
  );
}

function Shifts() {
  const list = usePaged<z.infer<typeof ShiftSummary>>((cursor) => call('checkin', 'myShifts', cursor ? { cursor } : {}), []);
  const [asking, setAsking] = useState<z.infer<typeof ShiftSummary> | null>(null);
  return (
    <View className='card'>
      <View className='card__title'>我的班次</View>
      {list.items.length === 0 && !list.loading ? <View className='muted'>还没有排班</View> : null}
      {list.items.map((s) => (
        <View key={s.id} className='list-item'>
          <View>{weekdayLabels[s.weekday]} {shiftTimeLabel(s)} · {s.stationName}{s.until ? `（${s.until} 起停止）` : s.from ? `（${s.from} 起）` : ''}</View>
          <Btn small kind='plain' onClick={() => setAsking(s)}>申请换班</Btn>
        </View>
      ))}
      {asking ? <SwapRequest key={asking.id} shift={asking} onClose={() => setAsking(null)} /> : null}
      {list.hasMore ? <Btn kind='plain' onClick={list.loadMore}>加载更多</Btn> : null}
    </View>
  );
}

function Swaps() {
  const list = usePaged<z.infer<typeof SwapSummary>>((cursor) => call('checkin', 'mySwaps', cursor ? { cursor } : {}), []);
  const answer = useCallback((id: string, accept: boolean) => call('checkin', 'answerSwap', { id, accept }), []);
  const { submit, busy } = useSubmit(answer, () => list.reload());
  if (list.items.length === 0) return null;
  return (
    <View className='card'>
      <View className='card__title'>请我代班</View>
      {list.items.map((s) => (
        <View key={s.id} className='list-item'>
          <View>{s.date} {shiftTimeLabel(s)} · {s.stationName} · {s.fromName}</View>
          {s.state === 'pending' ? (
            <View className='sheet__actions'>
              <Btn small busy={busy} onClick={() => void submit(s.id, true)}>同意代班</Btn>
              <Btn small kind='ghost' busy={busy} onClick={() => void submit(s.id, false)}>婉拒</Btn>
            </View>
          ) : (
            <View className='muted'>{s.state === 'accepted' ? '已同意' : '已婉拒'}</View>
          )}
        </View>
      ))}
    </View>
  );
}

function Records({ version }: { version: number }) {
  const list = usePaged<z.infer<typeof DutyRecord>>((cursor) => call('checkin', 'myDutyRecords', cursor ? { cursor } : {}), [version]);
  return (
    <View className='card'>
      <View className='card__title'>值班记录</View>
      {list.items.length === 0 && !list.loading ? <View className='muted'>还没有值班记录</View> : null}
      {list.items.map((r) => (
        <View key={r.id} className='list-item'>
          <View>{formatCst(r.startAt, 'YYYY-MM-DD')} {formatCst(r.startAt, 'HH:mm')}-{formatCst(r.endAt, 'YYYY-MM-DD') === formatCst(r.startAt, 'YYYY-MM-DD') ? '' : '次日'}{formatCst(r.endAt, 'HH:mm')} · {r.stationName}</View>
          <View className='muted'>
            {dutyStateLabels[r.state]}
            {r.lateMinutes > 0 ? ` · 迟到${r.lateMinutes}分钟` : ''}
            {r.earlyMinutes > 0 ? ` · 早退${r.earlyMinutes}分钟` : ''}
            {r.hours ? ` · ${formatHours(r.hours)}小时` : ''}
            {r.corrected ? ' · 辅导员已更正' : ''}
          </View>
        </View>
      ))}
      {list.hasMore ? <Btn kind='plain' onClick={list.loadMore}>加载更多</Btn> : null}
    </View>
  );
}

/** 我的值班: check in and out at the station, my weekly shifts, swaps asked of me, my records. */
export default function MemberDutyPage() {
  const [version, setVersion] = useState(0);
  return (
    <View className='page'>
      <View className='notice'>值班开始前15分钟至结束前可签到，开始后至结束后1小时内可签退。开始后{DUTY_GRACE_MINUTES}分钟内签到不算迟到。完成的值班计入已核实志愿时长。</View>
      <ScanCard onDone={() => setVersion((v) => v + 1)} />
      <Swaps />
      <Shifts />
      <Records version={version} />
    </View>
  );
}
