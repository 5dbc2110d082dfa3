import { View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useCallback, useMemo, useState } from 'react';
import { Btn } from '../../components/btn';
import { Loading } from '../../components/state-view';
import { useMe } from '../../hooks/use-me';
import { usePaged } from '../../hooks/use-paged';
import { useSubmit } from '../../hooks/use-submit';
import { call } from '../../services/cloud';
import type { Result } from '../../services/result';
import type { OutputOf } from '../../shared/contract/define';
import type { starContract } from '../../shared/contract/star';
import { cstYearMonth } from '../../shared/domain/china-time';
import { starTitle } from '../../shared/domain/star';
import { go, routes } from '../../utils/routes';

type YearStar = OutputOf<(typeof starContract)['yearStars']>['items'][number];

/**
 * An admin confers 年度党员之星 for the community's 党总支 (seeds 000, 001: the organisation's
 * decision, not a vote) on one of the year's 每月之星; pressing twice gives it once.
 */
function ConferYearStar({ year, star }: { year: number; star: YearStar['star'] }) {
  const run = useCallback(async (): Promise<Result<{ id: string; already: boolean } | null>> => {
    const sure = await Taro.showModal({ title: '授予年度党员之星', content: `经党总支评定，授予${star.name}“${year}年度党员之星”？`, confirmText: '授予' });
    if (!sure.confirm) return { ok: true as const, data: null };
    return call('badge', 'awardYearStar', { memberId: star.memberId, year, reason: `${year}年度党员之星（党总支从当年每月之星中评定）` });
  }, [star, year]);
  const done = useCallback((d: { already: boolean } | null) => {
    if (d) void Taro.showToast({ title: d.already ? '已授予过' : '已授予', icon: 'success' });
  }, []);
  const { submit, busy } = useSubmit(run, done);
  return <Btn small kind='ghost' busy={busy} onClick={() => void submit()}>授予年度之星</Btn>;
}

/** 年度党员之星 is chosen from the year's final monthly stars: each with its tally figures. */
export function YearStars() {
  const { remote: me } = useMe();
  const isAdmin = me.status === 'ok' && me.data.role === 'admin';
  const thisYear = useMemo(() => cstYearMonth(new Date()).year, []);
  const [year, setYear] = useState(thisYear);
  const list = usePaged<YearStar>(async (cursor) => call('star', 'yearStars', { year, ...(cursor ? { cursor } : {}) }), [year]);
  return (
    <View className='card card--list year-stars'>
      <View className='card__title'>{year}年的每月之星</View>
      <View className='chips'>
        {[thisYear, thisYear - 1].map((y) => (
          <View key={y} className={y === year ? 'chip chip--on' : 'chip'} onClick={() => setYear(y)}>{y}年</View>
        ))}
      </View>
      <View className='muted'>年度“党员之星”由社区党总支从本年的每月之星中评定，管理员代为授予。</View>
      {list.loading && list.items.length === 0 ? <Loading /> : null}
      {list.error ? <View className='field__error'>{list.error.message}</View> : null}
      {!list.loading && !list.error && list.items.length === 0 ? <View className='muted'>这一年还没有评定的每月之星。</View> : null}
      {list.items.map((s) => (
        <View key={s.roundId} className='list-item' onClick={() => go(routes.counselorStar(s.roundId))}>
          <View className='list-item__main'>
            {s.star.name} · {starTitle(s.month)}
            <View className='muted'>{s.scopeLabel} · 得票 {s.votes} / 选票 {s.ballots}</View>
          </View>
          {isAdmin ? <View onClick={(e) => e.stopPropagation()}><ConferYearStar year={year} star={s.star} /></View> : <View className='list-item__arrow'>›</View>}
        </View>
      ))}
      {list.hasMore ? <Btn kind='plain' busy={list.loadingMore} onClick={list.loadMore}>加载更多</Btn> : null}
    </View>
  );
}
