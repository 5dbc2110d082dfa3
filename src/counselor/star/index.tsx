import { View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { useCallback, useState } from 'react';
import { Btn } from '../../components/btn';
import { RoundLine } from '../../components/round-header';
import { ErrorState, Loading, RemoteView, StateView } from '../../components/state-view';
import { useMe } from '../../hooks/use-me';
import { usePaged } from '../../hooks/use-paged';
import { usePullReload } from '../../hooks/use-pull-reload';
import { call } from '../../services/cloud';
import { go, routes } from '../../utils/routes';
import type { RoundSummary } from '../../utils/star';
import { RoundAdmin } from './round-admin';
import { RoundForm } from './round-form';
import { YearStars } from './year-stars';

function Rounds() {
  const { remote, reload } = useMe();
  const [tab, setTab] = useState<'rounds' | 'year'>('rounds');
  const list = usePaged<RoundSummary>(async (cursor) => call('star', 'rounds', cursor ? { cursor } : {}), []);
  usePullReload(list.reload);
  const { reload: reloadList } = list;
  // The list behind the new round's page shows it when the counselor comes back.
  const created = useCallback((round: RoundSummary) => {
    reloadList();
    go(routes.counselorStar(round.id));
  }, [reloadList]);
  return (
    <View className='page'>
      <View className='chips'>
        <View className={tab === 'rounds' ? 'chip chip--on' : 'chip'} onClick={() => setTab('rounds')}>评选轮次</View>
        <View className={tab === 'year' ? 'chip chip--on' : 'chip'} onClick={() => setTab('year')}>年度每月之星</View>
      </View>
      {tab === 'year' ? (
        <YearStars />
      ) : (
        <RemoteView remote={remote} onRetry={reload}>
          {(me) =>
            me.role !== 'counselor' && me.role !== 'admin' ? (
              <StateView icon='星' title='仅辅导员和管理员可以管理评选' action={{ label: '去投票页', onClick: () => go(routes.star()) }} />
            ) : (
              <View>
                <View className='card card--list'>
                  <View className='card__title'>评选轮次</View>
                  {list.loading && list.items.length === 0 ? <Loading /> : null}
                  {list.error ? <ErrorState message={list.error.message} onRetry={list.reload} /> : null}
                  {!list.loading && !list.error && list.items.length === 0 ? <View className='muted'>还没有评选。在下面发起本月的评选。</View> : null}
                  {list.items.map((r) => (
                    <RoundLine key={r.id} round={r} onClick={() => go(routes.counselorStar(r.id))} />
                  ))}
                  {list.hasMore ? <Btn kind='plain' busy={list.loadingMore} onClick={list.loadMore}>加载更多</Btn> : null}
                </View>
                {me.role === 'counselor' && (me.counselor?.buildings.length ?? 0) === 0 ? (
                  <View className='notice'>你还没有负责的楼栋，不能发起评选。</View>
                ) : (
                  <RoundForm me={me} onCreated={created} />
                )}
              </View>
            )
          }
        </RemoteView>
      )}
    </View>
  );
}

/** 党员之星评选 for counselors and admins: rounds and the form to open one, a round (`?id=`), the year's stars. */
export default function CounselorStarPage() {
  const id = useRouter().params.id;
  return id ? <RoundAdmin id={decodeURIComponent(id)} /> : <Rounds />;
}
