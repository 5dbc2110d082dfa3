import { View } from '@tarojs/components';
import type { OutputOf } from '../shared/contract/define';
import type { developEligibilityContract } from '../shared/contract/develop-eligibility';
import { pointKindLabels } from '../shared/domain/points';
import { termOf } from '../shared/domain/term';
import { memberStatusLabels } from '../shared/model';
import { formatCst } from '../utils/format';

export type Eligibility = OutputOf<(typeof developEligibilityContract)['eligibility']>;

const stateLabels = { met: '已满足', unmet: '未满足', info: '参考' } as const;

/** A ledger line's source record as people name it (the stored collection names stay on the server). */
const sourceNames: Record<string, string> = {
  volunteer_entries: '志愿服务记录', badge_awards: '徽章授予记录', members: '党员之星记录', visits_records: '走访记录',
  duty_records: '值班记录', inspections_records: '寝室检查记录', develop_experiences: '经历记录',
};
const sourceText = (s: { collection: string; id: string }) => `来源：${sourceNames[s.collection] ?? '系统记录'}（编号 ${s.id}）`;

/**
 * A person's checklist for the next development step (each item with its state, one line and its
 * evidence records) and the points ledger (every line with its source). Points are a reference for
 * the branch, never an automatic decision: the page says so.
 */
export function EligibilityView({ data }: { data: Eligibility }) {
  const blockers = data.checklist.filter((i) => i.blocks);
  return (
    <View>
      <View className='card'>
        <View className='card__title'>{data.member.name} · {memberStatusLabels[data.member.status]}</View>
        <View className='muted'>{data.member.roomLabel}{data.member.probationStartedAt ? ` · 预备期开始 ${formatCst(data.member.probationStartedAt, 'YYYY-MM-DD')}` : ''}</View>
        {blockers.length > 0
          ? <View className='field__error'>当前阻碍下一步：{blockers.map((b) => b.label).join('、')}</View>
          : <View className='muted'>没有阻碍下一步的条目</View>}
      </View>
      <View className='card'>
        <View className='card__title'>发展条件（依据社区党建文件）</View>
        {data.checklist.map((i) => (
          <View key={i.key} className='list-item badge-row'>
            <View className='list-item__main'>
              {i.label} <View className={i.state === 'unmet' ? 'tag tag--status' : 'tag'} style={{ display: 'inline-block' }}>{i.blocks ? '阻碍' : stateLabels[i.state]}</View>
              <View className='muted'>{i.detail}</View>
              {i.evidence.map((e, n) => (
                <View key={`${i.key}-${n}`} className='muted'>· {e.date ? `${e.date} ` : ''}{e.label}</View>
              ))}
            </View>
          </View>
        ))}
      </View>
      <View className='card'>
        <View className='card__title'>发展积分 {data.ledger.total} 分</View>
        <View className='muted'>积分计算于 {formatCst(data.computedAt)}；积分仅供支部参考，不自动决定发展或转正。</View>
        {data.ledger.truncated ? <View className='muted'>记录较多，只计入每类最近 1000 条。</View> : null}
        {data.ledger.lines.length === 0 ? <View className='muted'>暂无计分记录</View> : null}
        {data.ledger.lines.map((l) => (
          <View key={`${l.source.collection}-${l.source.id}-${l.kind}`} className='list-item badge-row'>
            <View className='list-item__main'>
              {l.label}
              <View className='muted'>{pointKindLabels[l.kind]} · {formatCst(l.at, 'YYYY-MM-DD')} · {termOf(new Date(l.at)).label}{l.capped ? ' · 已达本学期上限' : ''}</View>
              <View className='muted ledger__source'>{sourceText(l.source)}</View>
            </View>
            <View className={l.points < 0 ? 'ledger__points ledger__points--minus' : 'ledger__points'}>{l.points > 0 ? `+${l.points}` : l.points}</View>
          </View>
        ))}
      </View>
    </View>
  );
}
