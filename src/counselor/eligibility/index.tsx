import { View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useCallback, useState } from 'react';
import { Btn } from '../../components/btn';
import { EligibilityView } from '../../components/eligibility-view';
import { Field, TextInput } from '../../components/field';
import { DatePicker } from '../../components/pickers';
import { ErrorState, Loading, RemoteView, StateView } from '../../components/state-view';
import { usePaged } from '../../hooks/use-paged';
import { usePullReload } from '../../hooks/use-pull-reload';
import { useRemote } from '../../hooks/use-remote';
import { useRecordSubmit, useSubmit } from '../../hooks/use-submit';
import { call } from '../../services/cloud';
import type { OutputOf } from '../../shared/contract/define';
import type { developEligibilityContract } from '../../shared/contract/develop-eligibility';
import { cstDate } from '../../shared/domain/china-time';
import { experienceLabels, type ExperienceKind } from '../../shared/domain/eligibility';
import { memberStatusLabels } from '../../shared/model';
import { formatCst } from '../../utils/format';
import { go, routes } from '../../utils/routes';

type Due = OutputOf<(typeof developEligibilityContract)['conversionsDue']>['items'][number];
type Ranked = OutputOf<(typeof developEligibilityContract)['developingByPoints']>['items'][number];
type Tab = 'due' | 'candidate' | 'activist';
const tabLabels: Record<Tab, string> = { due: '转正将到期', candidate: memberStatusLabels.candidate, activist: memberStatusLabels.activist };

function Blockers({ items }: { items: string[] }) {
  return items.length === 0 ? <View className='muted'>无阻碍</View> : <View className='field__error'>阻碍：{items.join('、')}</View>;
}

function PagedCards<T extends { id: string }>({ list, empty, render }: { list: ReturnType<typeof usePaged<T>>; empty: string; render: (item: T) => JSX.Element }) {
  return (
    <View>
      {list.loading && list.items.length === 0 ? <Loading /> : null}
      {list.error ? <ErrorState message={list.error.message} onRetry={list.reload} /> : null}
      {!list.loading && !list.error && list.items.length === 0 && !list.hasMore ? <StateView icon='完' title={empty} /> : null}
      {list.items.length > 0 ? (
        <View className='card card--list'>
          {list.items.map((item) => (
            <View key={item.id} className='list-item badge-row' hoverClass='btn--hover' onClick={() => go(routes.counselorEligibility(item.id))}>
              {render(item)}
              <View className='list-item__arrow'>›</View>
            </View>
          ))}
        </View>
      ) : null}
      {list.hasMore ? <Btn kind='plain' busy={list.loadingMore} onClick={list.loadMore}>加载更多</Btn> : null}
    </View>
  );
}

/** Probationary members due for 转正 within 60 days (overdue first), each with what blocks conversion now. */
function DueList() {
  const list = usePaged<Due>(async (cursor) => call('develop', 'conversionsDue', cursor ? { cursor } : {}), []);
  usePullReload(list.reload);
  return (
    <PagedCards list={list} empty='60 天内没有到期的转正' render={(m) => (
      <View className='list-item__main'>
        {m.name} · {m.roomLabel}
        <View className='muted'>应于 {formatCst(m.dueAt, 'YYYY-MM-DD')} 转正{m.daysLeft < 0 ? `，已逾期 ${-m.daysLeft} 天` : `，还有 ${m.daysLeft} 天`} · 志愿服务 {m.hours} 小时</View>
        <Blockers items={m.blockers} />
      </View>
    )} />
  );
}

/** Activists or candidates by points (as last computed: each line says when), with their blockers. */
function RankedList({ status }: { status: 'activist' | 'candidate' }) {
  const list = usePaged<Ranked>(async (cursor) => call('develop', 'developingByPoints', { status, ...(cursor ? { cursor } : {}) }), [status]);
  usePullReload(list.reload);
  return (
    <PagedCards list={list} empty='暂无积分记录（每小时更新一批）' render={(m) => (
      <View className='list-item__main'>
        {m.name} · {m.points} 分
        <View className='muted'>{m.roomLabel} · 积分计算于 {formatCst(m.computedAt)}</View>
        <Blockers items={m.blockers} />
      </View>
    )} />
  );
}

/** The counselor records an experience (社会实践, 帮扶, 志愿者) as evidence; corrections add records on the server. */
function ExperienceForm({ memberId, onDone }: { memberId: string; onDone: () => void }) {
  const [kind, setKind] = useState<ExperienceKind>('socialPractice');
  const [title, setTitle] = useState('');
  const [date, setDate] = useState(cstDate(new Date()));
  const run = useCallback(() => call('develop', 'recordExperience', { memberId, kind, title: title.trim(), date }), [memberId, kind, title, date]);
  const { submit, busy, error } = useRecordSubmit(run, '已记录', () => setTitle(''), onDone);
  return (
    <View className='card'>
      <View className='card__title'>记录经历（作为证明）</View>
      <View className='chips'>
        {(Object.keys(experienceLabels) as ExperienceKind[]).map((k) => (
          <View key={k} className={k === kind ? 'chip chip--on' : 'chip'} onClick={() => setKind(k)}>{experienceLabels[k]}</View>
        ))}
      </View>
      <Field label='经历名称' error={error?.message}>
        <TextInput value={title} onChange={setTitle} maxlength={60} placeholder='如：暑期三下乡社会实践' />
      </Field>
      <Field label='日期'><DatePicker value={date} end={cstDate(new Date())} onChange={setDate} /></Field>
      <Btn busy={busy} disabled={title.trim().length < 2} onClick={() => void submit()}>保存记录</Btn>
    </View>
  );
}

/**
 * A probationary member's 转正 dossier: the server renders the PDF from the same facts as this page;
 * the pack then waits under 我出具的转正材料 for download (and for the member under their own).
 */
function IssueDossier({ memberId }: { memberId: string }) {
  const run = useCallback(() => call('develop', 'issueDossier', { memberId }), [memberId]);
  const done = useCallback(() => {
    void Taro.showToast({ title: '已出具', icon: 'success' });
    go(routes.dossier());
  }, []);
  const { submit, busy, error } = useSubmit(run, done, { inline: true });
  return (
    <View className='card'>
      <View className='card__title'>转正材料</View>
      <View className='muted'>生成含身份、时长明细、寝室检查、走访、值班、徽章与阻碍的 PDF，附二维码供核验；仅出具人和党员本人可下载。</View>
      {error ? <View className='field__error'>{error.message}</View> : null}
      <Btn busy={busy} onClick={() => void submit()}>出具转正材料（PDF）</Btn>
    </View>
  );
}

function Person({ memberId }: { memberId: string }) {
  const { remote, reload } = useRemote(() => call('develop', 'eligibility', { memberId }), [memberId]);
  usePullReload(reload);
  return (
    <View className='page'>
      <RemoteView remote={remote} onRetry={reload}>{(data) => <EligibilityView data={data} />}</RemoteView>
      {remote.status === 'ok' && remote.data.member.status === 'probationary' ? <IssueDossier memberId={memberId} /> : null}
      {remote.status === 'ok' && remote.data.member.status !== 'full' ? <ExperienceForm memberId={memberId} onDone={reload} /> : null}
    </View>
  );
}

/** The counselor's development view: conversions due, activists and candidates by points; a person's checklist and ledger when opened with `memberId`. */
export default function CounselorEligibilityPage() {
  const memberId = useRouter().params.memberId;
  const [tab, setTab] = useState<Tab>('due');
  if (memberId) return <Person memberId={memberId} />;
  return (
    <View className='page'>
      <View className='chips'>
        {(Object.keys(tabLabels) as Tab[]).map((t) => (
          <View key={t} className={t === tab ? 'chip chip--on' : 'chip'} onClick={() => setTab(t)}>{tabLabels[t]}</View>
        ))}
      </View>
      <View className='muted'>积分仅供支部参考，不自动决定发展或转正。</View>
      {tab === 'due' ? <DueList /> : <RankedList status={tab} />}
    </View>
  );
}
