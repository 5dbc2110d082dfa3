import { View } from '@tarojs/components';
import type { OutputOf } from '../../shared/contract/define';
import type { volunteerContract } from '../../shared/contract/volunteer';
import { conversionText } from '../../utils/conversion';
import { formatHours, share } from '../../utils/volunteer';

export type Progress = OutputOf<(typeof volunteerContract)['myProgress']>;
type Totals = Progress['overall'];

function TotalsRow({ title, totals }: { title: string; totals: Totals }) {
  return (
    <View style={{ marginBottom: '20px' }}>
      <View className='muted'>{title}</View>
      <View className='stats'>
        <View className='stat'><View className='stat__n'>{formatHours(totals.total)}</View><View className='stat__label'>合计（小时）</View></View>
        <View className='stat'><View className='stat__n'>{formatHours(totals.verified)}</View><View className='stat__label'>活动签到核实</View></View>
        <View className='stat'><View className='stat__n'>{formatHours(totals.selfReported)}</View><View className='stat__label'>个人登记</View></View>
      </View>
    </View>
  );
}

/** This term and overall (verified apart from self-reported), and the 50-hour rule for probationary members. */
export function ProgressCard({ progress }: { progress: Progress }) {
  const p = progress.probation;
  return (
    <View className='card'>
      <View className='card__title'>已认定的志愿时长</View>
      <TotalsRow title={`本学期（${progress.term.label}）`} totals={progress.thisTerm} />
      <TotalsRow title='累计' totals={progress.overall} />
      {p ? (
        <View>
          <View className='muted'>预备党员50小时义工：已完成 {formatHours(p.total)} / {p.target} 小时，还差 {formatHours(p.remaining)} 小时</View>
          <View className='progress' ariaRole='progressbar' ariaLabel={`已完成${p.total}小时`}>
            <View className='progress__bar' style={{ width: `${Math.round(share(p.total, p.target) * 100)}%` }} />
          </View>
          {p.overdueDays > 0 ? (
            <View className='notice' style={{ marginTop: '16px', marginBottom: 0 }}>
              {conversionText(p.dueAt, p.overdueDays)}。请尽快联系党支部办理转正{p.remaining > 0 ? `，并补足剩余 ${formatHours(p.remaining)} 小时志愿服务` : ''}。
            </View>
          ) : (
            <View className='muted'>{conversionText(p.dueAt, 0)} · 按进度此时应完成 {formatHours(p.expectedByNow)} 小时</View>
          )}
          {p.behindPace && p.overdueDays === 0 ? <View className='notice' style={{ marginTop: '16px', marginBottom: 0 }}>进度落后：请抓紧参加志愿服务，按时完成50小时再申请转正。</View> : null}
        </View>
      ) : null}
    </View>
  );
}
