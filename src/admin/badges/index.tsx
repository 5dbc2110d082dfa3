import { Switch, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useCallback, useState } from 'react';
import { Btn } from '../../components/btn';
import { Field, TextInput } from '../../components/field';
import { SelectPicker } from '../../components/pickers';
import { Sheet } from '../../components/sheet';
import { ErrorState, Loading } from '../../components/state-view';
import { useRemote } from '../../hooks/use-remote';
import { useSubmit } from '../../hooks/use-submit';
import { call } from '../../services/cloud';
import type { Result } from '../../services/result';
import type { BackfillProgress } from '../../shared/contract/badge-auto';
import { BadgeDefView } from '../../shared/contract/badge-awards';
import { catalogueEditProblem } from '../../shared/domain/badge-rules';
import { CATALOGUE_MAX } from '../../shared/domain/badges';
import { holderLabels, sourceLabels, validityLabels } from '../../utils/badges';

type Draft = Omit<BadgeDefView, 'milestoneHours'> & { hours: string };

const blank: Draft = { code: '', name: '', holder: 'member', source: 'manual', validity: 'term', description: '', active: true, hours: '' };
const toDraft = (b: BadgeDefView): Draft => ({ ...b, hours: b.milestoneHours === undefined ? '' : String(b.milestoneHours) });
const fromDraft = ({ hours, ...d }: Draft): BadgeDefView => ({ ...d, code: d.code.trim(), name: d.name.trim(), description: d.description.trim(), ...(d.source === 'milestone' ? { milestoneHours: Number(hours) } : {}) });

function EditSheet({ draft, existing, all, onClose, onSaved }: { draft: Draft | null; existing: BadgeDefView | null; all: BadgeDefView[]; onClose: () => void; onSaved: () => void }) {
  const [d, setD] = useState<Draft>(draft ?? blank);
  const def = fromDraft(d);
  // The same rules as the server: the contract's shape, then the catalogue's (badge-rules).
  const shape = BadgeDefView.safeParse(def);
  const problem = shape.success ? catalogueEditProblem(def, existing, all.length, CATALOGUE_MAX) : null;
  const run = useCallback(() => call('badge', 'saveBadge', def), [def]);
  const done = useCallback(() => { void Taro.showToast({ title: '已保存', icon: 'success' }); onSaved(); }, [onSaved]);
  const { submit, busy, error } = useSubmit(run, done, { inline: true });
  const set = (change: Partial<Draft>) => setD((x) => ({ ...x, ...change }));
  return (
    <Sheet open={draft !== null} title={existing ? `修改“${existing.name}”` : '新增徽章'} onClose={onClose}>
      {existing ? null : (
        <Field label='代码' hint='英文字母和数字，以小写字母开头，保存后不能修改'>
          <TextInput value={d.code} onChange={(code) => set({ code })} maxlength={32} placeholder='例如 greenTeam' />
        </Field>
      )}
      <Field label='名称'><TextInput value={d.name} onChange={(name) => set({ name })} maxlength={20} placeholder='例如 绿色环保队' /></Field>
      {existing ? (
        <View className='muted'>授予对象：{holderLabels[d.holder]} · 授予方式：{sourceLabels[d.source]}</View>
      ) : (
        <View>
          <Field label='授予对象'><SelectPicker options={['member', 'room'] as const} labels={holderLabels} value={d.holder} onChange={(holder) => set({ holder })} /></Field>
          <Field label='授予方式'><SelectPicker options={['manual', 'milestone'] as const} labels={{ manual: sourceLabels.manual, milestone: sourceLabels.milestone }} value={d.source === 'milestone' ? 'milestone' : 'manual'} onChange={(source) => set({ source, ...(source === 'milestone' ? { validity: 'open' as const, holder: 'member' as const } : {}) })} /></Field>
        </View>
      )}
      {d.source === 'milestone' ? (
        <Field label='累计志愿服务时长（小时）'><TextInput type='number' value={d.hours} onChange={(hours) => set({ hours })} maxlength={4} /></Field>
      ) : null}
      <Field label='有效期'><SelectPicker options={['term', 'month', 'open'] as const} labels={validityLabels} value={d.validity} onChange={(validity) => set({ validity })} /></Field>
      <Field label='说明' error={error?.message ?? (shape.success ? problem?.message : shape.error.issues[0].message)}>
        <TextInput value={d.description} onChange={(description) => set({ description })} maxlength={100} placeholder='授予条件或含义' />
      </Field>
      <View className='list-item'>
        <View className='list-item__main'>启用（停用后不再授予，已授予的保留）</View>
        <Switch checked={d.active} onChange={(e) => set({ active: e.detail.value })} />
      </View>
      <View className='sheet__actions'>
        <Btn kind='plain' onClick={onClose}>取消</Btn>
        <Btn busy={busy} disabled={!shape.success || problem !== null} onClick={() => void submit()}>保存</Btn>
      </View>
    </Sheet>
  );
}

const timeLabel = (iso: string) => new Date(iso).toLocaleString('zh-CN', { hour12: false });

/**
 * The one-time milestone backfill: members who passed an hour milestone before milestones existed
 * get it. The server does a bounded chunk per call and keeps its place; the button calls until done
 * (closing the page and pressing again resumes), showing progress. Awarding twice is impossible.
 */
function MilestoneBackfill() {
  const [progress, setProgress] = useState<BackfillProgress | null>(null);
  const run = useCallback(async (restart: boolean): Promise<Result<BackfillProgress>> => {
    let input: { restart?: boolean } = restart ? { restart: true } : {};
    for (;;) {
      const reply = await call('badge', 'backfillMilestones', input);
      if (!reply.ok) return reply;
      setProgress(reply.data);
      if (reply.data.done) return reply;
      input = {};
    }
  }, []);
  const done = useCallback((p: BackfillProgress) => void Taro.showToast({ title: `补发完成，共 ${p.totalAwarded} 枚`, icon: 'none' }), []);
  const { submit, busy } = useSubmit(run, done);
  return (
    <View className='card'>
      <View className='card__title'>补发志愿时长里程碑</View>
      <View className='muted'>启用里程碑徽章之前已达到时长的党员不会自动获得徽章。补发会逐批检查全部党员，给已达标而未获得的补发，每枚留有审计记录；重复补发不会重复授予。</View>
      {progress ? (
        <View className='member__line'>
          {progress.done
            ? `已完成：检查 ${progress.totalScanned} 人，补发 ${progress.totalAwarded} 枚${progress.finishedAt ? `（${timeLabel(progress.finishedAt)}）` : ''}`
            : `进行中：已检查 ${progress.totalScanned} 人，已补发 ${progress.totalAwarded} 枚…`}
        </View>
      ) : null}
      <Btn busy={busy} onClick={() => void submit(false)}>{progress && !progress.done ? '继续补发' : '补发时长里程碑'}</Btn>
      {progress?.done ? <Btn kind='plain' busy={busy} onClick={() => void submit(true)}>重新检查全部党员</Btn> : null}
    </View>
  );
}

/** An admin keeps the school's badge catalogue: adds badges given by hand or hour milestones, renames, retires. Audited by the server. */
export default function AdminBadgesPage() {
  const { remote, reload } = useRemote(() => call('badge', 'badgeCatalogue', {}), []);
  const [editing, setEditing] = useState<{ draft: Draft; existing: BadgeDefView | null } | null>(null);
  const saved = useCallback(() => { setEditing(null); reload(); }, [reload]);
  if (remote.status === 'loading') return <View className='page'><Loading /></View>;
  if (remote.status === 'error') return <View className='page'><ErrorState message={remote.message} onRetry={reload} /></View>;
  const items = remote.data.items;
  // Read as the school groups them: members' badges given by hand, hour milestones by hours, the rest; rooms last.
  const order = ['manual', 'milestone', 'star', 'yearStar', 'application', 'civilRoom'];
  const shown = [...items].sort((a, b) => a.holder.localeCompare(b.holder) || order.indexOf(a.source) - order.indexOf(b.source) || (a.milestoneHours ?? 0) - (b.milestoneHours ?? 0) || a.name.localeCompare(b.name, 'zh'));
  return (
    <View className='page'>
      <View className='muted'>共 {items.length} 枚（最多 {CATALOGUE_MAX} 枚）。自动授予的徽章（每月之星、文明寝室、示范寝室等）由系统按规则授予，可改名称和说明，也可停用。点按一枚徽章修改。</View>
      {shown.map((b) => (
        <View key={b.code} className='card' onClick={() => setEditing({ draft: toDraft(b), existing: b })}>
          <View className='card__title'>{b.name}{b.active ? '' : '（已停用）'}</View>
          <View className='muted'>{holderLabels[b.holder]} · {sourceLabels[b.source]} · {validityLabels[b.validity]}{b.milestoneHours ? ` · 满${b.milestoneHours}小时` : ''}</View>
          {b.description ? <View className='member__line'>{b.description}</View> : null}
        </View>
      ))}
      <Btn onClick={() => setEditing({ draft: blank, existing: null })}>新增徽章</Btn>
      <MilestoneBackfill />
      {editing ? <EditSheet key={editing.existing?.code ?? 'new'} draft={editing.draft} existing={editing.existing} all={items} onClose={() => setEditing(null)} onSaved={saved} /> : null}
    </View>
  );
}
