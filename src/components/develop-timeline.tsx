import { View } from '@tarojs/components';
import type { NoticeObjection, TimelineStep } from '../shared/contract/develop-records';
import { DEVELOP_STAGES, membershipChangeLabels, stageStepLabels, type DevelopStage } from '../shared/domain/development';
import { formatCst } from '../utils/format';

export type TimelineData = {
  person: { name: string; roomLabel: string; stage: DevelopStage | null; dates: Partial<Record<DevelopStage, string>> };
  steps: TimelineStep[];
  notices: Array<{ id: string; stage: DevelopStage; date: string; from: string; until: string; running: boolean }>;
};

/** The five stages with their effective dates (after corrections); a stage not reached shows a dash. */
export function StageDates({ person }: { person: TimelineData['person'] }) {
  const reached = person.stage ? DEVELOP_STAGES.indexOf(person.stage) : -1;
  return (
    <View className='card card--list'>
      {DEVELOP_STAGES.map((s, i) => (
        <View key={s} className='list-item'>
          <View className='list-item__main'>{stageStepLabels[s]}</View>
          <View className={i <= reached ? '' : 'muted'}>{person.dates[s] ?? (i <= reached ? '已完成（日期未登记）' : '—')}</View>
        </View>
      ))}
    </View>
  );
}

/** What a membership change record says: 转入 … / 转出 … / 党小组 A → B. */
function changeText(c: NonNullable<TimelineStep['change']>): string {
  const place = (p: { branchName: string | null; groupName: string | null }) => [p.branchName, p.groupName].filter(Boolean).join(' ') || '无';
  return `${membershipChangeLabels[c.kind]}：${place(c.before)} → ${place(c.after)}`;
}

const titleOf = (s: TimelineStep) =>
  s.kind === 'change' && s.change ? changeText(s.change) : `${s.kind === 'correction' ? '更正：' : s.kind === 'withdrawal' ? '撤回：' : ''}${stageStepLabels[s.stage]}`;

/**
 * Every record in the order it was made: steps, corrections and withdrawals naming the reason, and
 * membership changes; a corrected record stays, marked; a withdrawn step stays, struck through.
 */
export function StepRecords({ steps, action }: { steps: TimelineStep[]; action?: (step: TimelineStep) => JSX.Element | null }) {
  if (steps.length === 0) return <View className='muted'>还没有发展记录</View>;
  return (
    <View>
      {steps.map((s) => (
        <View key={s.id} className='card'>
          <View className='card__title'>
            <View style={{ display: 'inline', ...(s.withdrawn ? { textDecoration: 'line-through', color: '#999' } : {}) }}>{titleOf(s)} · {s.date}</View>
            {s.superseded ? <View className='tag' style={{ display: 'inline-block' }}>已被更正</View> : null}
            {s.withdrawn ? <View className='tag' style={{ display: 'inline-block' }}>误记已撤回</View> : null}
          </View>
          {s.reason ? <View className='muted'>{s.kind === 'withdrawal' ? '撤回原因' : s.kind === 'change' ? '变更原因' : '更正原因'}：{s.reason}</View> : null}
          {s.note ? <View className='muted'>备注：{s.note}</View> : null}
          <View className='muted'>{s.byName} 记录于 {formatCst(s.at)}</View>
          {action ? action(s) : null}
        </View>
      ))}
    </View>
  );
}

export function NoticeRecords({ notices }: { notices: TimelineData['notices'] }) {
  if (notices.length === 0) return null;
  return (
    <View>
      <View className='section-title'>公示</View>
      {notices.map((n) => (
        <View key={n.id} className='card'>
          <View className='card__title'>{stageStepLabels[n.stage]} · {n.date} {n.running ? <View className='tag tag--status' style={{ display: 'inline-block' }}>公示中</View> : null}</View>
          <View className='muted'>公示期 {formatCst(n.from, 'YYYY-MM-DD')} 至 {formatCst(n.until, 'YYYY-MM-DD')}</View>
        </View>
      ))}
    </View>
  );
}

export function ObjectionCard({ o, children }: { o: NoticeObjection; children?: JSX.Element | null }) {
  return (
    <View className='card'>
      <View className='card__title'>对“{o.name}{stageStepLabels[o.stage]}”的异议 {o.status === 'open' ? <View className='tag tag--status' style={{ display: 'inline-block' }}>待答复</View> : null}</View>
      <View>{o.text}</View>
      <View className='muted'>{o.fromName ?? ''} 提交于 {formatCst(o.createdAt)}</View>
      {o.answer ? <View className='notice'>答复（{formatCst(o.answeredAt)}）：{o.answer}</View> : null}
      {children ?? null}
    </View>
  );
}
