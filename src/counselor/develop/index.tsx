import { View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useCallback, useState } from 'react';
import { Btn } from '../../components/btn';
import { NoticeRecords, ObjectionCard, StageDates, StepRecords } from '../../components/develop-timeline';
import { Field, TextArea, TextInput } from '../../components/field';
import { DatePicker } from '../../components/pickers';
import { Sheet } from '../../components/sheet';
import { ErrorState, Loading, RemoteView, StateView } from '../../components/state-view';
import { usePaged } from '../../hooks/use-paged';
import { usePullReload } from '../../hooks/use-pull-reload';
import { useRemote } from '../../hooks/use-remote';
import { useSubmit } from '../../hooks/use-submit';
import { call } from '../../services/cloud';
import type { NoticeObjection, TimelineStep } from '../../shared/contract/develop-records';
import { cstDate } from '../../shared/domain/china-time';
import { announced, DEVELOP_NOTICE_DAYS_DEFAULT, DEVELOP_NOTICE_DAYS_MAX, DEVELOP_NOTICE_DAYS_MIN, nextStage, stageStepLabels, type DevelopStage } from '../../shared/domain/development';

type PersonRef = { rosterId?: string; memberId?: string; studentNo?: string };
type Tab = 'records' | 'objections';

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
  const done = useCallback(() => {
    setNote('');
    void Taro.showToast({ title: '已记录', icon: 'success' });
    onDone();
  }, [onDone]);
  const { submit, busy, error } = useSubmit(run, done, { inline: true });
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
  const done = useCallback(() => {
    setReason('');
    onClose();
    void Taro.showToast({ title: '已更正', icon: 'success' });
    onDone();
  }, [onClose, onDone]);
  const { submit, busy, error } = useSubmit(run, done, { inline: true });
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

function Timeline({ person }: { person: PersonRef }) {
  const { remote, reload } = useRemote(() => call('develop', 'timeline', { person }), [person.rosterId, person.memberId, person.studentNo]);
  const [correcting, setCorrecting] = useState<TimelineStep | null>(null);
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
            <StepRecords steps={t.steps} action={(s) => (s.kind === 'step' && !s.superseded) || (s.kind === 'correction' && !s.superseded) ? <View className='member__actions'><Btn small kind='plain' onClick={() => setCorrecting(s)}>更正日期</Btn></View> : null} />
            <NoticeRecords notices={t.notices} />
            {t.objections.length > 0 ? <View className='section-title'>公示异议</View> : null}
            {t.objections.map((o) => <ObjectionCard key={o.id} o={o} />)}
            <CorrectSheet step={correcting} onClose={() => setCorrecting(null)} onDone={reload} />
          </View>
        );
      }}
    </RemoteView>
  );
}

function Records({ initial }: { initial: PersonRef | null }) {
  const [studentNo, setStudentNo] = useState('');
  const [person, setPerson] = useState<PersonRef | null>(initial);
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

/** 发展党员: a person's timeline (record the next step, correct a date) and the objections to the building's 公示. */
export default function CounselorDevelopPage() {
  const { params } = useRouter();
  const initial: PersonRef | null = params.memberId ? { memberId: decodeURIComponent(params.memberId) } : params.rosterId ? { rosterId: decodeURIComponent(params.rosterId) } : null;
  const [tab, setTab] = useState<Tab>('records');
  return (
    <View className='page'>
      <View className='chips'>
        <View className={tab === 'records' ? 'chip chip--on' : 'chip'} onClick={() => setTab('records')}>发展记录</View>
        <View className={tab === 'objections' ? 'chip chip--on' : 'chip'} onClick={() => setTab('objections')}>公示异议</View>
      </View>
      {tab === 'records' ? <Records initial={initial} /> : <Objections />}
    </View>
  );
}
