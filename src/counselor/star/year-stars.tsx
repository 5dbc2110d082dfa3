import { View } from '@tarojs/components';
import { useMemo, useState } from 'react';
import { Btn } from '../../components/btn';
import { Loading } from '../../components/state-view';
import { usePaged } from '../../hooks/use-paged';
import { call } from '../../services/cloud';
import type { OutputOf } from '../../shared/contract/define';
import type { starContract } from '../../shared/contract/star';
import { cstYearMonth } from '../../shared/domain/china-time';
import { starTitle } from '../../shared/domain/star';
import { go, routes } from '../../utils/routes';

type YearStar = OutputOf<(typeof starContract)['yearStars']>['items'][number];

/** 年度党员之星 is chosen from the year's final monthly stars: each with its tally figures. */
export function YearStars() {
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
      <View className='muted'>年度“党员之星”从本年的每月之星中评选。</View>
      {list.loading && list.items.length === 0 ? <Loading /> : null}
      {list.error ? <View className='field__error'>{list.error.message}</View> : null}
      {!list.loading && !list.error && list.items.length === 0 ? <View className='muted'>这一年还没有评定的每月之星。</View> : null}
      {list.items.map((s) => (
        <View key={s.roundId} className='list-item' onClick={() => go(routes.counselorStar(s.roundId))}>
          <View className='list-item__main'>
            {s.star.name} · {starTitle(s.month)}
            <View className='muted'>{s.scopeLabel} · 得票 {s.votes} / 选票 {s.ballots}</View>
          </View>
          <View className='list-item__arrow'>›</View>
        </View>
      ))}
      {list.hasMore ? <Btn kind='plain' busy={list.loadingMore} onClick={list.loadMore}>加载更多</Btn> : null}
    </View>
  );
}
