import { View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useCallback, useEffect, useState } from 'react';
import { Btn } from '../../components/btn';
import { Field, TextInput } from '../../components/field';
import { ErrorState, Loading } from '../../components/state-view';
import { useRemote } from '../../hooks/use-remote';
import { useSubmit } from '../../hooks/use-submit';
import { call } from '../../services/cloud';
import { Checklist, ChecklistCategory, checklistCategoryLabels, type ChecklistItem } from '../../shared/domain/inspection';

type Draft = { id: string; category: ChecklistCategory; label: string; maxScore: string };

const toDraft = (items: ChecklistItem[]): Draft[] => items.map((i) => ({ ...i, maxScore: String(i.maxScore) }));
const fromDraft = (draft: Draft[]) => draft.map((d) => ({ ...d, label: d.label.trim(), maxScore: Number(d.maxScore) }));

/** An admin edits the school's checklist (卫生 and 安全 items with full scores); past inspections keep theirs. Audited by the server. */
export default function AdminChecklistPage() {
  const { remote, reload } = useRemote(() => call('checkin', 'inspectionChecklist', {}), []);
  const [draft, setDraft] = useState<Draft[]>([]);
  useEffect(() => {
    if (remote.status === 'ok') setDraft(toDraft(remote.data.items));
  }, [remote]);
  const items = fromDraft(draft);
  const checked = Checklist.safeParse(items);
  const run = useCallback(() => call('checkin', 'setChecklist', { items }), [items]);
  const done = useCallback(() => void Taro.showToast({ title: '已保存', icon: 'success' }), []);
  const { submit, busy, error } = useSubmit(run, done, { inline: true });
  const set = (i: number, change: Partial<Draft>) => setDraft((d) => d.map((x, j) => (j === i ? { ...x, ...change } : x)));

  if (remote.status === 'loading') return <View className='page'><Loading /></View>;
  if (remote.status === 'error') return <View className='page'><ErrorState message={remote.message} onRetry={reload} /></View>;
  return (
    <View className='page'>
      <View className='card'>
        {draft.map((d, i) => (
          <View key={d.id} className='list-item'>
            <View className='list-item__main'>
              <View className='chips'>
                {ChecklistCategory.options.map((c) => (
                  <View key={c} className={c === d.category ? 'chip chip--on' : 'chip'} onClick={() => set(i, { category: c })}>{checklistCategoryLabels[c]}</View>
                ))}
              </View>
              <TextInput value={d.label} onChange={(label) => set(i, { label })} maxlength={30} placeholder='检查内容' />
              <TextInput type='number' value={d.maxScore} onChange={(maxScore) => set(i, { maxScore })} maxlength={3} placeholder='满分' />
            </View>
            <Btn small kind='plain' onClick={() => setDraft((x) => x.filter((_, j) => j !== i))}>删除</Btn>
          </View>
        ))}
        <Btn kind='plain' onClick={() => setDraft((x) => [...x, { id: `item${Date.now().toString(36)}`, category: 'hygiene', label: '', maxScore: '10' }])}>添加检查项</Btn>
      </View>
      <Field label={`满分合计 ${items.reduce((n, i) => n + (Number.isFinite(i.maxScore) ? i.maxScore : 0), 0)}`} error={error?.message ?? (checked.success ? null : checked.error.issues[0].message)}>
        <View className='muted'>评定按得分占满分的比例：90%以上优秀，75%以上良好，60%以上合格，其下为脏乱差。</View>
      </Field>
      <Btn busy={busy} disabled={!checked.success} onClick={() => void submit()}>保存检查表</Btn>
    </View>
  );
}
