import { View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useCallback, useState } from 'react';
import { usePaged } from '../hooks/use-paged';
import { useSubmit } from '../hooks/use-submit';
import { call } from '../services/cloud';
import type { PublicNotice } from '../shared/contract/develop-records';
import { stageStepLabels } from '../shared/domain/development';
import { formatCst } from '../utils/format';
import { go, routes } from '../utils/routes';
import { Btn } from './btn';
import { Field, TextArea } from './field';
import { Sheet } from './sheet';

type Notice = PublicNotice;
const MIN = 5;
const MAX = 500;

/** 异议: a bound student or member of the building writes to the counselor about a running 公示. */
function ObjectionSheet({ notice, onClose }: { notice: Notice | null; onClose: () => void }) {
  const [text, setText] = useState('');
  const send = useCallback(() => call('develop', 'objectToNotice', { noticeId: notice?.id ?? '', text }), [notice, text]);
  const done = useCallback(() => {
    setText('');
    onClose();
    void Taro.showToast({ title: '已提交，辅导员会核实答复', icon: 'success' });
  }, [onClose]);
  const { submit, busy, error, clearError } = useSubmit(send, done, { inline: true });
  const close = () => {
    clearError();
    onClose();
  };
  const length = text.trim().length;
  const notBound = error?.code === 'NOT_BOUND';
  return (
    <Sheet open={notice !== null} title={`对“${notice?.name ?? ''}${notice ? stageStepLabels[notice.stage] : ''}”的异议`} onClose={close}>
      <View className='notice'>异议只有负责本楼的辅导员能看到，请写明具体事实。辅导员答复后，可在“我的 → 我的发展进程”查看。公示期内每条公示同一时间只能有一条待答复的异议。</View>
      <Field label='异议内容' hint={`${length}/${MAX}，至少${MIN}个字`} error={notBound ? null : error?.message}>
        <TextArea value={text} onChange={setText} maxlength={MAX} placeholder='请写明事实、时间和地点' />
      </Field>
      {notBound ? (
        <View className='notice'>
          提出异议需要先绑定学号。
          <View className='sheet__actions'><Btn kind='ghost' onClick={() => go(routes.me())}>去“我的”绑定</Btn></View>
        </View>
      ) : null}
      <View className='sheet__actions'>
        <Btn kind='plain' onClick={close}>取消</Btn>
        <Btn busy={busy} disabled={length < MIN} onClick={() => void submit()}>提交</Btn>
      </View>
    </Sheet>
  );
}

/**
 * The 公示 of admissions (接收预备党员) and conversions (转正) running on a building's wall: name, step,
 * date, branch and how long it runs, with the way to raise an objection. Nothing shows when none runs.
 */
export function DevelopNotices({ buildingId }: { buildingId: string }) {
  const list = usePaged<Notice>((cursor) => call('develop', 'wallNotices', { buildingId, ...(cursor ? { cursor } : {}) }), [buildingId]);
  const [objecting, setObjecting] = useState<Notice | null>(null);
  if (list.items.length === 0) return null;
  return (
    <View className='floor' ariaLabel='发展党员公示'>
      <View className='floor__title'>发展党员公示 · {list.items.length}条</View>
      {list.items.map((n) => (
        <View key={n.id} className='card'>
          <View className='card__title'>{n.name} · {stageStepLabels[n.stage]}</View>
          <View className='muted'>{n.buildingName}{n.branchName ? ` · ${n.branchName}` : ''} · {n.date}</View>
          <View className='muted'>公示期 {formatCst(n.from, 'YYYY-MM-DD')} 至 {formatCst(n.until, 'YYYY-MM-DD')}，还剩 {n.daysLeft} 天。如有异议，请在公示期内提出。</View>
          <View className='member__actions'>
            <Btn small kind='plain' onClick={() => setObjecting(n)}>提出异议</Btn>
          </View>
        </View>
      ))}
      {list.hasMore ? <Btn kind='plain' busy={list.loadingMore} onClick={list.loadMore}>加载更多公示</Btn> : null}
      <ObjectionSheet notice={objecting} onClose={() => setObjecting(null)} />
    </View>
  );
}
