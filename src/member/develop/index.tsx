import { View } from '@tarojs/components';
import { NoticeRecords, ObjectionCard, StageDates, StepRecords } from '../../components/develop-timeline';
import { Btn } from '../../components/btn';
import { RemoteView, StateView } from '../../components/state-view';
import { usePaged } from '../../hooks/use-paged';
import { usePullReload } from '../../hooks/use-pull-reload';
import { useRemote } from '../../hooks/use-remote';
import { call } from '../../services/cloud';
import type { NoticeObjection } from '../../shared/contract/develop-records';
import { stageStepLabels } from '../../shared/domain/development';

/** 我的发展进程: the caller's own timeline (dates, records, corrections, 公示) and the objections they raised with the answers. */
export default function MyDevelopPage() {
  const { remote, reload } = useRemote(() => call('develop', 'myTimeline', {}), []);
  const objections = usePaged<NoticeObjection>((cursor) => call('develop', 'myObjections', cursor ? { cursor } : {}), []);
  usePullReload(() => {
    reload();
    objections.reload();
  });
  return (
    <View className='page'>
      <RemoteView remote={remote} onRetry={reload}>
        {(t) =>
          t ? (
            <View>
              <View className='hero'>
                <View className='hero__title'>{t.person.stage ? stageStepLabels[t.person.stage] : '尚未递交入党申请'}</View>
                <View className='hero__sub'>{t.person.roomLabel}</View>
              </View>
              <StageDates person={t.person} />
              <View className='section-title'>发展记录</View>
              <StepRecords steps={t.steps} />
              <NoticeRecords notices={t.notices} />
            </View>
          ) : (
            <StateView icon='空' title='还没有发展记录' text='递交入党申请后，辅导员会在这里记录你的发展进程。' />
          )
        }
      </RemoteView>
      {objections.items.length > 0 ? <View className='section-title'>我提出的公示异议</View> : null}
      {objections.items.map((o) => <ObjectionCard key={o.id} o={o} />)}
      {objections.hasMore ? <Btn kind='plain' busy={objections.loadingMore} onClick={objections.loadMore}>加载更多</Btn> : null}
    </View>
  );
}
