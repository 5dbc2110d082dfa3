import { View } from '@tarojs/components';
import { useCallback, useState } from 'react';
import { Btn } from '../../components/btn';
import { Field, TextInput } from '../../components/field';
import { DatePicker, SelectPicker, TimePicker } from '../../components/pickers';
import { useSubmit } from '../../hooks/use-submit';
import { call } from '../../services/cloud';
import { categoryLabels, VolunteerCategory } from '../../shared/contract/volunteer';
import { cstTime, minutesOf } from '../../shared/domain/china-time';
import { cstIso, todayCst } from '../../utils/volunteer';

/** `HH:mm` (China time) of the current half hour (so sign-in opens at once), plus `hours`; capped at 23:30. */
function nextHalfHour(hours: number): string {
  const minutes = Math.min(23 * 60 + 30, Math.floor((minutesOf(cstTime(new Date())) ?? 0) / 30) * 30 + hours * 60);
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

export interface Activity {
  id: string;
  title: string;
  startAt: string;
  endAt: string;
}

/** A new organised activity in one of the counselor's buildings. */
export function ActivityForm({ buildings, onCreated }: { buildings: Array<{ id: string; name: string }>; onCreated: (a: Activity) => void }) {
  const [title, setTitle] = useState('');
  const [category, setCategory] = useState<VolunteerCategory | null>('communityEvent');
  const [place, setPlace] = useState('');
  const [buildingId, setBuildingId] = useState(buildings[0]?.id ?? '');
  const [date, setDate] = useState(todayCst());
  const [start, setStart] = useState(() => nextHalfHour(0));
  const [end, setEnd] = useState(() => nextHalfHour(2));
  const [localError, setLocalError] = useState<string | null>(null);
  const startAt = cstIso(date, start);
  const endAt = cstIso(date, end);
  const run = useCallback(
    () => call('volunteer', 'createActivity', { title, category: category ?? 'other', place, buildingId, startAt, endAt }),
    [title, category, place, buildingId, startAt, endAt],
  );
  const done = useCallback((r: { id: string }) => onCreated({ id: r.id, title: title.trim(), startAt, endAt }), [onCreated, title, startAt, endAt]);
  const { submit, busy, error } = useSubmit(run, done, { inline: true });

  function create() {
    if (title.trim().length < 2) return setLocalError('活动名称为2到50个字');
    if (!place.trim()) return setLocalError('请填写活动地点');
    if (!buildingId) return setLocalError('请选择楼栋');
    if (endAt <= startAt) return setLocalError('结束时间需晚于开始时间');
    setLocalError(null);
    void submit();
  }

  return (
    <View className='card'>
      <View className='card__title'>新建活动</View>
      <Field label='活动名称'>
        <TextInput value={title} onChange={setTitle} maxlength={50} placeholder='例如：宿舍安全隐患排查' />
      </Field>
      <Field label='服务类别'>
        <SelectPicker options={VolunteerCategory.options} labels={categoryLabels} value={category} onChange={setCategory} />
      </Field>
      <Field label='楼栋'>
        <View className='chips'>
          {buildings.map((b) => (
            <View key={b.id} className={b.id === buildingId ? 'chip chip--on' : 'chip'} onClick={() => setBuildingId(b.id)}>{b.name}</View>
          ))}
        </View>
      </Field>
      <Field label='地点'>
        <TextInput value={place} onChange={setPlace} maxlength={50} placeholder='例如：1号楼一层活动室' />
      </Field>
      <Field label='日期'>
        <DatePicker value={date} start={todayCst()} onChange={setDate} />
      </Field>
      <View className='row'>
        <Field label='开始'><TimePicker value={start} onChange={setStart} /></Field>
        <Field label='结束'><TimePicker value={end} onChange={setEnd} /></Field>
      </View>
      {localError ?? error ? <View className='error-box'>{localError ?? error?.message}</View> : null}
      <Btn busy={busy} onClick={create}>创建活动并显示签到码</Btn>
    </View>
  );
}
