import { View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useCallback, useState } from 'react';
import { Btn } from '../../components/btn';
import { Field, TextArea, TextInput } from '../../components/field';
import { Sheet } from '../../components/sheet';
import { useSubmit } from '../../hooks/use-submit';
import { call } from '../../services/cloud';
import { entryStatusLabels } from '../../shared/contract/volunteer';
import { reviewCommentRequired, type ReviewDecision } from '../../shared/domain/review';
import { approvedHoursValid } from '../../shared/domain/volunteer';
import { formatHours } from '../../utils/volunteer';
import type { Pending } from './pending-card';

export type Decision = ReviewDecision;
/** Returning names the decision as the status it leads to. */
const TITLES: Record<Decision, string> = { approve: '通过', reject: '驳回', return: entryStatusLabels.returned };

/** One decision on one entry: approve (maybe fewer hours), reject with a reason, or return with a comment. */
export function ReviewSheet({ entry, decision, onClose, onDone }: { entry: Pending | null; decision: Decision; onClose: () => void; onDone: () => void }) {
  const [hours, setHours] = useState('');
  const [comment, setComment] = useState('');
  const [localError, setLocalError] = useState<string | null>(null);
  const claimed = entry?.hours ?? 0;
  const granted = hours.trim() === '' ? claimed : Number(hours);
  const commentRequired = reviewCommentRequired(decision, claimed, granted);
  const run = useCallback(
    () =>
      call('volunteer', 'review', {
        id: entry?.id ?? '',
        decision,
        ...(decision === 'approve' && granted !== claimed ? { approvedHours: granted } : {}),
        ...(comment.trim() ? { comment: comment.trim() } : {}),
      }),
    [entry, decision, granted, claimed, comment],
  );
  const done = useCallback(() => {
    setHours('');
    setComment('');
    void Taro.showToast({ title: `已${TITLES[decision]}`, icon: 'success' });
    onDone();
  }, [decision, onDone]);
  const { submit, busy, error } = useSubmit(run, done, { inline: true });

  function confirm() {
    if (decision === 'approve' && !approvedHoursValid(claimed, granted)) return setLocalError(`认定时长为0到${formatHours(claimed)}小时，按半小时计`);
    if (commentRequired && !comment.trim()) {
      return setLocalError(decision === 'approve' ? '少于申报时长时请写明原因' : decision === 'reject' ? '请写明驳回原因' : '请写明需要修改的地方');
    }
    setLocalError(null);
    void submit();
  }

  return (
    <Sheet open={entry !== null} title={`${TITLES[decision]}：${entry?.memberName ?? ''} · ${entry?.title ?? ''}`} onClose={onClose}>
      {decision === 'approve' ? (
        <Field label={`认定时长（申报 ${formatHours(claimed)} 小时，留空为全部认定）`}>
          <TextInput value={hours} onChange={setHours} type='text' maxlength={4} placeholder={formatHours(claimed)} />
        </Field>
      ) : null}
      <Field label={`${decision === 'approve' ? '审核意见' : decision === 'reject' ? '驳回原因' : '修改意见'}（${commentRequired ? '必填' : '选填'}）`} hint={`${comment.trim().length}/200，党员本人可见`} error={localError ?? error?.message}>
        <TextArea value={comment} onChange={setComment} maxlength={200} placeholder={decision === 'reject' ? '例如：无法核实该活动' : '例如：请补充现场照片'} />
      </Field>
      <View className='sheet__actions'>
        <Btn kind='plain' onClick={onClose}>取消</Btn>
        <Btn busy={busy} onClick={confirm}>确认{TITLES[decision]}</Btn>
      </View>
    </Sheet>
  );
}
