import { Image, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useCallback, useState } from 'react';
import { Btn } from '../../components/btn';
import { Field, TextArea } from '../../components/field';
import { Sheet } from '../../components/sheet';
import { ErrorState, Loading, StateView } from '../../components/state-view';
import { usePaged } from '../../hooks/use-paged';
import { usePullReload } from '../../hooks/use-pull-reload';
import { useSubmit } from '../../hooks/use-submit';
import { call } from '../../services/cloud';
import type { ApplicationView } from '../../shared/contract/badge-applications';
import { confirmDialog } from '../../utils/confirm';
import { formatCst } from '../../utils/format';

function DeclineSheet({ app, onClose, onDone }: { app: ApplicationView | null; onClose: () => void; onDone: () => void }) {
  const [reason, setReason] = useState('');
  const run = useCallback(() => call('badge', 'decideApplication', { id: app?.id ?? '', approve: false, reason }), [app, reason]);
  const done = useCallback(() => { setReason(''); void Taro.showToast({ title: '已退回', icon: 'success' }); onDone(); }, [onDone]);
  const { submit, busy, error } = useSubmit(run, done, { inline: true });
  return (
    <Sheet open={app !== null} title={`不通过：${app?.roomLabel ?? ''}`} onClose={onClose}>
      <Field label='原因' hint='宿舍长会看到原因，本学期可以补充后再次申请' error={error?.message}>
        <TextArea value={reason} onChange={setReason} maxlength={200} placeholder='例如：请补充近期卫生检查照片' />
      </Field>
      <View className='sheet__actions'>
        <Btn kind='plain' onClick={onClose}>取消</Btn>
        <Btn busy={busy} disabled={reason.trim().length < 2} onClick={() => void submit()}>确认不通过</Btn>
      </View>
    </Sheet>
  );
}

/** 党员示范寝室 applications waiting in the counselor's buildings: approve (the room gets the badge for the term) or decline with a reason. */
export default function CounselorApplicationsPage() {
  const list = usePaged<ApplicationView>(async (cursor) => call('badge', 'pendingApplications', cursor ? { cursor } : {}), []);
  usePullReload(list.reload);
  const [declining, setDeclining] = useState<ApplicationView | null>(null);
  const approve = useCallback(async (app: ApplicationView) => {
    if (!(await confirmDialog({ title: '审核通过', content: `${app.roomLabel}将获得本学期“党员示范寝室”徽章，显示在门牌上。`, confirmText: '通过' }))) return;
    const r = await call('badge', 'decideApplication', { id: app.id, approve: true });
    void Taro.showToast({ title: r.ok ? '审核通过' : r.error.message, icon: r.ok ? 'success' : 'none' });
    list.reload();
  }, [list]);
  const declined = useCallback(() => { setDeclining(null); list.reload(); }, [list]);
  return (
    <View className='page'>
      {list.loading && list.items.length === 0 ? <Loading /> : null}
      {list.error ? <ErrorState message={list.error.message} onRetry={list.reload} /> : null}
      {!list.loading && !list.error && list.items.length === 0 ? <StateView icon='完' title='没有待审核的示范寝室申请' text='宿舍长在“示范寝室申请”提交后会出现在这里；通过的寝室本学期门牌显示“党员示范寝室”。' action={{ label: '刷新', onClick: list.reload }} /> : null}
      {list.items.map((a) => (
        <View key={a.id} className='card'>
          <View className='card__title'>{a.roomLabel}</View>
          <View className='muted'>宿舍长 {a.applicantName} · {formatCst(a.submittedAt)}{a.declines.length ? ` · 第${a.declines.length + 1}次申请` : ''}</View>
          <View className='member__pledge'>{a.statement}</View>
          <View className='photos'>
            {a.photoUrls.map((u) => <Image key={u} className='photo__img' src={u} mode='aspectFill' onClick={() => void Taro.previewImage({ urls: a.photoUrls, current: u }).catch(() => undefined)} />)}
          </View>
          {a.declines.map((d) => <View key={d.at} className='muted'>{formatCst(d.at)} 未通过：{d.reason}</View>)}
          <View className='member__actions'>
            <Btn small kind='ghost' onClick={() => setDeclining(a)}>不通过</Btn>
            <Btn small onClick={() => void approve(a)}>通过</Btn>
          </View>
        </View>
      ))}
      {list.hasMore ? <Btn kind='plain' busy={list.loadingMore} onClick={list.loadMore}>加载更多</Btn> : null}
      <DeclineSheet app={declining} onClose={() => setDeclining(null)} onDone={declined} />
    </View>
  );
}
