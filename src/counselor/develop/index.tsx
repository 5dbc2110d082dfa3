import { View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useCallback, useEffect, useState } from 'react';
import { Btn } from '../../components/btn';
import { NoticeRecords, ObjectionCard, StageDates, StepRecords } from '../../components/develop-timeline';
import { Field, TextArea, TextInput } from '../../components/field';
import { DatePicker, SelectPicker } from '../../components/pickers';
import { Sheet } from '../../components/sheet';
import { ErrorState, Loading, RemoteView, StateView } from '../../components/state-view';
import { usePaged } from '../../hooks/use-paged';
import { usePullReload } from '../../hooks/use-pull-reload';
import { useRemote } from '../../hooks/use-remote';
import { useStaffBuildings } from '../../hooks/use-staff-buildings';
import { useRecordSubmit, useSubmit } from '../../hooks/use-submit';
import { call } from '../../services/cloud';
import type { NoticeObjection, TimelineStep } from '../../shared/contract/develop-records';
import { cstDate } from '../../shared/domain/china-time';
import {
  announced, DEVELOP_NOTICE_DAYS_DEFAULT, DEVELOP_NOTICE_DAYS_MAX, DEVELOP_NOTICE_DAYS_MIN, DEVELOP_STAGES, MEMBERSHIP_CHANGES, membershipChangeLabels, nextStage, stageStepLabels,
  type DevelopStage, type MembershipChange,
} from '../../shared/domain/development';
import { memberStatusLabels } from '../../shared/model';

type PersonRef = { rosterId?: string; memberId?: string; studentNo?: string };
type Tab = 'people' | 'records' | 'objections';

const stageLabels: Record<DevelopStage, string> = { applied: '入党申请人', ...memberStatusLabels };

/** The next step, dated (today by default, never later), with a note and, for admission and conversion, the 公示 days. */
function NextStepForm({ person, stage, name, onDone }: { person: PersonRef; stage: DevelopStage; name: string; onDone: () => void }) {
  const today = cstDate(new Date());
  const [date, setDate] = useState(today);
  const [note, setNote] = useState('');
  const [days, setDays] = useState(String(DEVELOP_NOTICE_DAYS_DEFAULT));
  const run = useCallback(
    () => call('develop', 'recordStep', { person, stage, date, ...(note.trim() ? { note: note.trim() } : {}), ...(announced(stage) ? { noticeDays: Number(days) } : {}) }),
    [person, stage, date, note, days],
  );
  const { submit, busy, error } = useRecordSubmit(run, '已记录', () => setNote(''), onDone);
  const ask = async () => {
    const { confirm } = await Taro.showModal({ title: stageStepLabels[stage], content: `确认记录${name}于${date}${stageStepLabels[stage]}？记录不可删除，日期有误可更正。` });
    if (confirm) void submit();
  };
  return (
    <View className='card'>
      <View className='card__title'>下一步：{stageStepLabels[stage]}</View>
      <Field label='日期' hint='不能晚于今天，也不能早于上一步'><DatePicker id='step-date' value={date} end={today} onChange={setDate} /></Field>
      <Field label='备注（可选）'><TextArea value={note} onChange={setNote} maxlength={200} placeholder='例如：支部大会讨论通过' /></Field>
      {announced(stage) ? (
        <Field label='公示天数' hint={`${DEVELOP_NOTICE_DAYS_MIN}到${DEVELOP_NOTICE_DAYS_MAX}天，默认${DEVELOP_NOTICE_DAYS_DEFAULT}天；记录后在本楼公示墙公示`}>
          <TextInput value={days} onChange={setDays} type='number' maxlength={2} />
        </Field>
      ) : null}
      {error ? <View className='field__error'>{error.message}</View> : null}
      <Btn busy={busy} onClick={() => void ask()}>记录</Btn>
    </View>
  );
}

/** A correction of a record's date: a new record with the reason; the original stays. */
function CorrectSheet({ step, onClose, onDone }: { step: TimelineStep | null; onClose: () => void; onDone: () => void }) {
  const today = cstDate(new Date());
  const [date, setDate] = useState(today);
  const [reason, setReason] = useState('');
  const run = useCallback(() => call('develop', 'correctStep', { stepId: step?.id ?? '', date, reason: reason.trim() }), [step, date, reason]);
  const { submit, busy, error } = useRecordSubmit(run, '已更正', () => setReason(''), onClose, onDone);
  return (
    <Sheet open={step !== null} title={`更正“${step ? stageStepLabels[step.stage] : ''}”的日期`} onClose={onClose}>
      <View className='notice'>更正会新增一条记录并写明原因，原记录保留。</View>
      <Field label='正确的日期'><DatePicker id='correct-date' value={date} end={today} onChange={setDate} /></Field>
      <Field label='更正原因' error={error?.message}><TextArea value={reason} onChange={setReason} maxlength={200} placeholder='例如：以党委批复日期为准' /></Field>
      <View className='sheet__actions'>
        <Btn kind='plain' onClick={onClose}>取消</Btn>
        <Btn busy={busy} disabled={reason.trim().length < 2} onClick={() => void submit()}>提交更正</Btn>
      </View>
    </Sheet>
  );
}

/** Withdraw a step recorded by mistake: a withdrawal record with the reason; the step stays, struck through. */
function WithdrawSheet({ step, onClose, onDone }: { step: TimelineStep | null; onClose: () => void; onDone: () => void }) {
  const [reason, setReason] = useState('');
  const run = useCallback(() => call('develop', 'withdrawStep', { stepId: step?.id ?? '', reason: reason.trim() }), [step, reason]);
  const { submit, busy, error } = useRecordSubmit(run, '撤回成功', () => setReason(''), onClose, onDone);
  return (
    <Sheet open={step !== null} title={`撤回“${step ? stageStepLabels[step.stage] : ''}”`} onClose={onClose}>
      <View className='notice'>仅用于误记。撤回会新增一条记录并写明原因，原记录保留并划去；发展阶段退回上一步，相应公示随即结束。</View>
      <Field label='撤回原因' error={error?.message}><TextArea value={reason} onChange={setReason} maxlength={200} placeholder='例如：录入时选错了学生' /></Field>
      <View className='sheet__actions'>
        <Btn kind='plain' onClick={onClose}>取消</Btn>
        <Btn busy={busy} disabled={reason.trim().length < 2} onClick={() => void submit()}>确认撤回</Btn>
      </View>
    </Sheet>
  );
}

/** 转入/转出支部 and 党小组变更 of a member, with date and reason; the member's branch and group follow. */
function MembershipForm({ memberId, buildingId, name, onDone }: { memberId: string; buildingId: string; name: string; onDone: () => void }) {
  const { remote } = useRemote(() => call('develop', 'membershipOptions', { buildingId }), [buildingId]);
  const today = cstDate(new Date());
  const [kind, setKind] = useState<MembershipChange>('group');
  const [branchId, setBranchId] = useState<string | null>(null);
  const [groupId, setGroupId] = useState<string | null>(null);
  const [date, setDate] = useState(today);
  const [reason, setReason] = useState('');
  const branches = remote.status === 'ok' ? remote.data.branches : [];
  const branchLabels = Object.fromEntries(branches.map((b) => [b.id, b.name]));
  const groups = branches.filter((b) => kind === 'group' || b.id === branchId).flatMap((b) => b.groups.map((g) => ({ ...g, label: `${b.name} ${g.name}` })));
  const groupLabels = Object.fromEntries(groups.map((g) => [g.id, g.label]));
  const run = useCallback(
    () => call('develop', 'changeMembership', { memberId, kind, date, reason: reason.trim(), ...(kind === 'transferIn' && branchId ? { branchId } : {}), ...(kind !== 'transferOut' && groupId ? { groupId } : {}) }),
    [memberId, kind, date, reason, branchId, groupId],
  );
  const { submit, busy, error } = useRecordSubmit(run, '已记录', () => setReason(''), onDone);
  return (
    <View className='card'>
      <View className='card__title'>组织关系变更</View>
      <Field label='变更类型'><SelectPicker id='change-kind' options={MEMBERSHIP_CHANGES} labels={membershipChangeLabels} value={kind} onChange={(k) => { setKind(k); setGroupId(null); }} /></Field>
      {kind === 'transferIn' ? <Field label='转入支部'><SelectPicker id='change-branch' options={branches.map((b) => b.id)} labels={branchLabels} value={branchId} onChange={(b) => { setBranchId(b); setGroupId(null); }} /></Field> : null}
      {kind !== 'transferOut' ? <Field label={kind === 'group' ? '新的党小组' : '党小组（可选）'}><SelectPicker id='change-group' options={groups.map((g) => g.id)} labels={groupLabels} value={groupId} onChange={setGroupId} /></Field> : null}
      <Field label='日期'><DatePicker id='change-date' value={date} end={today} onChange={setDate} /></Field>
      <Field label='原因' error={error?.message}><TextArea value={reason} onChange={setReason} maxlength={200} placeholder={`例如：${name}调整到本层党小组`} /></Field>
      <Btn busy={busy} disabled={reason.trim().length < 2} onClick={() => void submit()}>记录变更</Btn>
    </View>
  );
}

function Timeline({ person }: { person: PersonRef }) {
  const { remote, reload } = useRemote(() => call('develop', 'timeline', { person }), [person.rosterId, person.memberId, person.studentNo]);
  const [correcting, setCorrecting] = useState<TimelineStep | null>(null);
  const [withdrawing, setWithdrawing] = useState<TimelineStep | null>(null);
  usePullReload(reload);
  return (
    <RemoteView remote={remote} onRetry={reload}>
      {(t) => {
        const next = nextStage(t.person.stage);
        return (
          <View>
            <View className='hero'>
              <View className='hero__title'>{t.person.name}</View>
              <View className='hero__sub'>{t.person.roomLabel} · {t.person.stage ? stageStepLabels[t.person.stage] : '尚未递交入党申请'}</View>
            </View>
            <StageDates person={t.person} />
            {next ? <NextStepForm person={{ rosterId: t.person.rosterId }} stage={next} name={t.person.name} onDone={reload} /> : <View className='notice'>已转为正式党员，时间线已完整。</View>}
            <View className='section-title'>发展记录</View>
            <StepRecords
              steps={t.steps}
              action={(s) => {
                if (s.withdrawn || s.superseded || (s.kind !== 'step' && s.kind !== 'correction')) return null;
                // Only the step the person stands at can be withdrawn (a correction stands for its step).
                const step = s.kind === 'step' ? s : t.steps.find((x) => x.id === s.correctsId) ?? null;
                return (
                  <View className='member__actions'>
                    <Btn small kind='plain' onClick={() => setCorrecting(s)}>更正日期</Btn>
                    {step && s.stage === t.person.stage ? <Btn small kind='plain' onClick={() => setWithdrawing(step)}>撤回误记</Btn> : null}
                  </View>
                );
              }}
            />
            {t.person.memberId ? <MembershipForm memberId={t.person.memberId} buildingId={t.person.buildingId} name={t.person.name} onDone={reload} /> : null}
            <NoticeRecords notices={t.notices} />
            {t.objections.length > 0 ? <View className='section-title'>公示异议</View> : null}
            {t.objections.map((o) => <ObjectionCard key={o.id} o={o} />)}
            <CorrectSheet step={correcting} onClose={() => setCorrecting(null)} onDone={reload} />
            <WithdrawSheet step={withdrawing} onClose={() => setWithdrawing(null)} onDone={reload} />
          </View>
        );
      }}
    </RemoteView>
  );
}

function Records({ initial }: { initial: PersonRef | null }) {
  const [studentNo, setStudentNo] = useState('');
  const [person, setPerson] = useState<PersonRef | null>(initial);
  useEffect(() => setPerson(initial), [initial]);
  return (
    <View>
      <View className='card'>
        <Field label='学号' hint='输入学生的学号，查看并记录其发展时间线（入党申请 → 积极分子 → 发展对象 → 预备党员 → 转正）'>
          <TextInput value={studentNo} onChange={setStudentNo} type='number' maxlength={14} placeholder='6到14位数字' />
        </Field>
        <Btn disabled={!/^[0-9]{6,14}$/.test(studentNo.trim())} onClick={() => setPerson({ studentNo: studentNo.trim() })}>查看</Btn>
      </View>
      {person ? <Timeline person={person} /> : null}
    </View>
  );
}

/** Everyone on the timeline of a building, by stage, latest change first; a tap opens their timeline. */
function People({ onOpen }: { onOpen: (rosterId: string) => void }) {
  const buildings = useStaffBuildings();
  const [picked, setPicked] = useState<string | null>(null);
  const [stage, setStage] = useState<DevelopStage | null>(null);
  const buildingId = picked ?? buildings[0]?.id ?? null;
  const list = usePaged(
    (cursor) => (buildingId ? call('develop', 'timelinePeople', { buildingId, ...(stage ? { stage } : {}), ...(cursor ? { cursor } : {}) }) : Promise.resolve({ ok: true as const, data: { items: [], nextCursor: null, buildingId: null } })),
    [buildingId, stage],
  );
  usePullReload(list.reload);
  return (
    <View>
      <View className='chips'>
        {buildings.map((b) => <View key={b.id} className={b.id === buildingId ? 'chip chip--on' : 'chip'} onClick={() => setPicked(b.id)}>{b.name}</View>)}
      </View>
      <View className='chips'>
        <View className={stage === null ? 'chip chip--on' : 'chip'} onClick={() => setStage(null)}>全部</View>
        {DEVELOP_STAGES.map((s) => <View key={s} className={stage === s ? 'chip chip--on' : 'chip'} onClick={() => setStage(s)}>{stageLabels[s]}</View>)}
      </View>
      {list.loading && list.items.length === 0 ? <Loading /> : null}
      {list.error ? <ErrorState message={list.error.message} onRetry={list.reload} /> : null}
      {!list.loading && !list.error && list.items.length === 0 ? <StateView icon='空' title={stage ? `本楼暂无${stageLabels[stage]}` : '本楼还没有人在发展时间线上'} /> : null}
      {list.items.length > 0 ? (
        <View className='card card--list'>
          {list.items.map((p) => (
            <View key={p.rosterId} className='list-item' hoverClass='btn--hover' onClick={() => onOpen(p.rosterId)}>
              <View className='list-item__main'>
                {p.name}
                <View className='muted'>{p.roomLabel} · {p.stage ? `${stageLabels[p.stage]}（${p.dates[p.stage] ?? '日期未登记'}）` : '申请已撤回'}</View>
              </View>
              <View className='list-item__arrow'>›</View>
            </View>
          ))}
        </View>
      ) : null}
      {list.hasMore ? <Btn kind='plain' busy={list.loadingMore} onClick={list.loadMore}>加载更多</Btn> : null}
    </View>
  );
}

function AnswerForm({ o, onDone }: { o: NoticeObjection; onDone: () => void }) {
  const [answer, setAnswer] = useState('');
  const run = useCallback(() => call('develop', 'answerNoticeObjection', { id: o.id, answer: answer.trim() }), [o.id, answer]);
  const { submit, busy, error } = useSubmit(run, onDone, { inline: true });
  return (
    <View>
      <Field label='答复' error={error?.message}><TextArea value={answer} onChange={setAnswer} maxlength={500} placeholder='核实情况及处理意见（提出人可见）' /></Field>
      <Btn small busy={busy} disabled={answer.trim().length < 2} onClick={() => void submit()}>答复</Btn>
    </View>
  );
}

/** Objections to the 公示 of a building, open first (a chip shows the answered ones). */
function Objections() {
  const buildings = usePaged((cursor) => call('plaque', 'buildings', { limit: 50, ...(cursor ? { cursor } : {}) }), []);
  const [picked, setPicked] = useState<string | null>(null);
  const [status, setStatus] = useState<'open' | 'answered'>('open');
  const buildingId = picked ?? buildings.items[0]?.id ?? null;
  const list = usePaged<NoticeObjection>(
    async (cursor) => (buildingId ? call('develop', 'noticeObjections', { buildingId, status, ...(cursor ? { cursor } : {}) }) : { ok: true as const, data: { items: [], nextCursor: null } }),
    [buildingId, status],
  );
  usePullReload(list.reload);
  return (
    <View>
      <View className='chips'>
        {buildings.items.map((b) => (
          <View key={b.id} className={b.id === buildingId ? 'chip chip--on' : 'chip'} onClick={() => setPicked(b.id)}>{b.name}</View>
        ))}
      </View>
      <View className='chips'>
        <View className={status === 'open' ? 'chip chip--on' : 'chip'} onClick={() => setStatus('open')}>待答复</View>
        <View className={status === 'answered' ? 'chip chip--on' : 'chip'} onClick={() => setStatus('answered')}>已答复</View>
      </View>
      {list.loading && list.items.length === 0 ? <Loading /> : null}
      {list.error ? <ErrorState message={list.error.message} onRetry={list.reload} /> : null}
      {!list.loading && !list.error && list.items.length === 0 ? <StateView icon='完' title={status === 'open' ? '没有待答复的异议' : '还没有已答复的异议'} /> : null}
      {list.items.map((o) => (
        <ObjectionCard key={o.id} o={o}>{o.status === 'open' ? <AnswerForm o={o} onDone={list.reload} /> : null}</ObjectionCard>
      ))}
      {list.hasMore ? <Btn kind='plain' busy={list.loadingMore} onClick={list.loadMore}>加载更多</Btn> : null}
    </View>
  );
}

/** 发展党员: the building's people by stage, a person's timeline (record the next step, correct a date, withdraw a mistake, membership changes) and the objections to the building's 公示. */
export default function CounselorDevelopPage() {
  const { params } = useRouter();
  const fromLink: PersonRef | null = params.memberId ? { memberId: decodeURIComponent(params.memberId) } : params.rosterId ? { rosterId: decodeURIComponent(params.rosterId) } : null;
  const [tab, setTab] = useState<Tab>(fromLink ? 'records' : 'people');
  const [opened, setOpened] = useState<PersonRef | null>(fromLink);
  return (
    <View className='page'>
      <View className='chips'>
        <View className={tab === 'people' ? 'chip chip--on' : 'chip'} onClick={() => setTab('people')}>名单</View>
        <View className={tab === 'records' ? 'chip chip--on' : 'chip'} onClick={() => setTab('records')}>发展记录</View>
        <View className={tab === 'objections' ? 'chip chip--on' : 'chip'} onClick={() => setTab('objections')}>公示异议</View>
      </View>
      {tab === 'people' ? <People onOpen={(rosterId) => { setOpened({ rosterId }); setTab('records'); }} /> : tab === 'records' ? <Records initial={opened} /> : <Objections />}
    </View>
  );
}
