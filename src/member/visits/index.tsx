import { View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useCallback, useState } from 'react';
import { BottomBar } from '../../components/bottom-bar';
import { Btn } from '../../components/btn';
import { Field, TextArea, TextInput } from '../../components/field';
import { RemoteView } from '../../components/state-view';
import { useRemote } from '../../hooks/use-remote';
import { useSubmit } from '../../hooks/use-submit';
import { call } from '../../services/cloud';
import { VISIT_NOTE_MAX, VISIT_TOPICS, visitStateLabels, visitTopicLabels, type VisitTopic } from '../../shared/domain/visits';
import { formatCst } from '../../utils/format';
import { plaqueCodeIn } from '../../utils/scene';

/**
 * 走访联系寝室: at the door of a linked room the member scans its plaque, picks a topic and writes a
 * short note; a resident of the room confirms it within 72 hours. Below: this month's confirmed
 * visits per linked room against the target, and the member's visits.
 */
export default function MemberVisitsPage() {
  const { remote, reload } = useRemote(() => call('checkin', 'myVisits', { limit: 20 }), []);
  const [code, setCode] = useState('');
  const [topic, setTopic] = useState<VisitTopic>('life');
  const [note, setNote] = useState('');
  const [localError, setLocalError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const send = useCallback((plaque: string) => call('checkin', 'recordVisit', { code: plaque, topic, note }), [topic, note]);
  const { submit, busy, error } = useSubmit(send, (r) => {
    setDone(`已记录对 ${r.roomNumber} 室的走访，请室友在 ${formatCst(r.deadline)} 前在“我的”页面确认`);
    setNote('');
    setCode('');
    reload();
  }, { inline: true });

  function record(raw: string) {
    const plaque = plaqueCodeIn(raw);
    if (!plaque) return setLocalError('请扫描联系寝室门上的党员门牌二维码');
    if (note.trim().length < 2) return setLocalError('请简单写几句走访内容');
    setLocalError(null);
    setDone(null);
    void submit(plaque);
  }

  async function scan() {
    if (process.env.TARO_ENV !== 'weapp') return record(code);
    try {
      const res = await Taro.scanCode({ scanType: ['qrCode'] });
      record(res.path || res.result);
    } catch {
      // camera closed
    }
  }

  const message = localError ?? error?.message ?? null;
  return (
    <View className='page'>
      <View className='notice'>到联系寝室走访时，扫描寝室门上的党员门牌二维码记录。走访需要该寝室的同学在72小时内确认，确认后才计入本月目标。</View>
      {done ? <View className='notice'>{done}</View> : null}
      <View className='card'>
        <Field label='走访主题'>
          <View className='chips'>
            {VISIT_TOPICS.map((t) => (
              <View key={t} className={t === topic ? 'chip chip--on' : 'chip'} onClick={() => setTopic(t)}>{visitTopicLabels[t]}</View>
            ))}
          </View>
        </Field>
        <Field label='走访内容' hint={`简要记录，最多${VISIT_NOTE_MAX}字`}>
          <TextArea value={note} onChange={setNote} maxlength={VISIT_NOTE_MAX} placeholder='例如：了解同学们的复习情况，提醒用电安全' />
        </Field>
        {process.env.TARO_ENV === 'weapp' ? (
          message ? <View className='error-box'>{message}</View> : null
        ) : (
          <Field label='门牌编号（本地演示：输入或粘贴门牌编号或链接）' error={message}>
            <TextInput value={code} onChange={setCode} maxlength={200} placeholder='16位门牌编号' />
          </Field>
        )}
      </View>
      <RemoteView remote={remote} onRetry={reload}>
        {(data) => (
          <View>
            <View className='section-title'>本月联系寝室（{data.month}）</View>
            <View className='card card--list'>
              {data.rooms.length === 0 ? <View className='muted' style={{ padding: '16px 8px' }}>还没有联系寝室，请联系辅导员分配</View> : null}
              {data.rooms.map((r) => (
                <View key={r.id} className='list-item'>
                  <View className='list-item__main'>
                    {r.buildingName} {r.number}室
                    <View className='muted'>本月已确认 {r.confirmed} / 目标 {r.target} 次{r.confirmed >= r.target ? ' · 已完成' : ''}</View>
                  </View>
                </View>
              ))}
            </View>
            <View className='section-title'>我的走访</View>
            <View className='card card--list'>
              {data.items.length === 0 ? <View className='muted' style={{ padding: '16px 8px' }}>还没有走访记录</View> : null}
              {data.items.map((v) => (
                <View key={v.id} className='list-item' style={{ display: 'block', padding: '12px 8px' }}>
                  <View>{v.roomNumber}室 · {visitTopicLabels[v.topic]} · {visitStateLabels[v.state]}{v.makeUp ? ' · 补录' : ''}</View>
                  <View className='muted'>{formatCst(v.at)} · {v.note}</View>
                  {v.correction ? <View className='muted'>辅导员更正：{visitStateLabels[v.correction.state]}（{v.correction.reason}）</View> : null}
                </View>
              ))}
            </View>
          </View>
        )}
      </RemoteView>
      <BottomBar>
        <Btn busy={busy} onClick={() => void scan()}>{process.env.TARO_ENV === 'weapp' ? '扫门牌记录走访' : '记录走访'}</Btn>
      </BottomBar>
    </View>
  );
}
