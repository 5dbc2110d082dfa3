import {
  ballotId,
  candidateRefusal,
  checkBallot,
  checkWindows,
  finalDue,
  inElectorate,
  isMonthKey,
  leaders,
  maskIp,
  noticeUntil,
  rankTally,
  recentlyBound,
  roundIdFor,
  roundPhase,
  sameChoice,
  starNeedsReason,
  starTitle,
  TALLY_SETTLE_MS,
  tallyDue,
  type RoundTimes,
} from './star';

const t = (iso: string) => new Date(`${iso}+08:00`);
const round: RoundTimes = {
  state: 'open',
  nominateFrom: t('2026-11-01T00:00:00'),
  nominateUntil: t('2026-11-10T00:00:00'),
  voteFrom: t('2026-11-12T00:00:00'),
  voteUntil: t('2026-11-15T00:00:00'),
};
const ms = (d: Date, delta: number) => new Date(d.getTime() + delta);

describe('roundPhase: windows are half-open [from, until)', () => {
  it.each([
    [ms(round.nominateFrom, -1), 'upcoming'],
    [round.nominateFrom, 'nominating'],
    [ms(round.nominateUntil, -1), 'nominating'],
    [round.nominateUntil, 'awaitingVote'],
    [round.voteFrom, 'voting'],
    [ms(round.voteUntil, -1), 'voting'],
    [round.voteUntil, 'counting'],
    [ms(round.voteUntil, 10 * 86_400_000), 'counting'],
  ] as const)('open round at %s is %s', (now, phase) => expect(roundPhase(round, now)).toBe(phase));

  it.each([
    [{ state: 'tallied' }, 'tallied'],
    [{ state: 'published', noticeUntil: t('2026-11-20T00:00:00') }, 'notice'],
    [{ state: 'published', noticeUntil: t('2026-11-17T00:00:00') }, 'noticeEnded'],
    [{ state: 'final' }, 'final'],
  ] as const)('stored state %j at 11-18 is %s', (o, phase) => expect(roundPhase({ ...round, ...o }, t('2026-11-18T00:00:00'))).toBe(phase));

  it('the notice ends exactly at noticeUntil', () => {
    const published = { ...round, state: 'published' as const, noticeUntil: noticeUntil(t('2026-11-16T00:00:00'), 7) };
    expect(roundPhase(published, ms(published.noticeUntil, -1))).toBe('notice');
    expect(roundPhase(published, published.noticeUntil)).toBe('noticeEnded');
  });
});

describe('tally and final wait for the settle time', () => {
  it('the tally is due only TALLY_SETTLE_MS after the vote closes', () => {
    expect(tallyDue(round, round.voteUntil)).toBe(false);
    expect(tallyDue(round, ms(round.voteUntil, TALLY_SETTLE_MS - 1))).toBe(false);
    expect(tallyDue(round, ms(round.voteUntil, TALLY_SETTLE_MS))).toBe(true);
  });
  it('the star is final only TALLY_SETTLE_MS after 公示 ends', () => {
    const until = t('2026-11-23T00:00:00');
    expect(finalDue({ noticeUntil: null }, until)).toBe(false);
    expect(finalDue({ noticeUntil: until }, ms(until, TALLY_SETTLE_MS - 1))).toBe(false);
    expect(finalDue({ noticeUntil: until }, ms(until, TALLY_SETTLE_MS))).toBe(true);
  });
});

describe('checkWindows', () => {
  const now = t('2026-10-30T00:00:00');
  const hour = 3_600_000;
  it.each([
    ['valid', {}, null],
    ['nominations end before they start', { nominateUntil: round.nominateFrom }, 'nominateUntil'],
    ['voting before nominations close', { voteFrom: ms(round.nominateUntil, -1) }, 'voteFrom'],
    ['voting right at nominations close', { voteFrom: round.nominateUntil, voteUntil: ms(round.nominateUntil, hour) }, null],
    ['voting under an hour', { voteUntil: ms(round.voteFrom, hour - 1) }, 'voteUntil'],
    ['voting over 31 days', { voteUntil: ms(round.voteFrom, 31 * 86_400_000 + 1) }, 'voteUntil'],
  ] as const)('%s', (_name, o, field) => expect(checkWindows({ ...round, ...o }, now)?.field ?? null).toBe(field));
  it('a window already over is refused', () => expect(checkWindows(round, round.voteUntil)?.field).toBe('voteUntil'));
});

describe('checkBallot (K, duplicates, self vote, candidates)', () => {
  const r = { votesPerVoter: 2, candidateIds: ['m1', 'm2', 'm3'] };
  it.each([
    [[], null, 'EMPTY'],
    [['m1'], null, null],
    [['m1', 'm2'], null, null],
    [['m1', 'm2', 'm3'], null, 'TOO_MANY'],
    [['m1', 'm1'], null, 'DUPLICATE'],
    [['m1'], 'm1', 'SELF_VOTE'],
    [['m2'], 'm1', null],
    [['m9'], null, 'NOT_CANDIDATE'],
  ] as const)('%j by %s -> %s', (choice, voter, error) => expect(checkBallot(choice, r, voter)).toBe(error));
  it('K = 1 allows one', () => expect(checkBallot(['m1', 'm2'], { ...r, votesPerVoter: 1 }, null)).toBe('TOO_MANY'));
  it('a retry is the same ballot in any order', () => {
    expect(sameChoice(['m1', 'm2'], ['m2', 'm1'])).toBe(true);
    expect(sameChoice(['m1'], ['m2'])).toBe(false);
    expect(sameChoice(['m1'], ['m1', 'm2'])).toBe(false);
  });
});

describe('eligibility and the electorate', () => {
  it.each([
    [{ status: 'full', consent: { public: true } }, null],
    [{ status: 'probationary', consent: { public: true } }, null],
    [{ status: 'full', consent: { public: false } }, 'consent'],
    [{ status: 'full', consent: null }, 'consent'],
    [{ status: 'activist', consent: { public: true } }, 'status'],
    [{ status: 'candidate', consent: { public: true } }, 'status'],
  ] as const)('%j -> %s', (member, refusal) => expect(candidateRefusal(member)).toBe(refusal));

  it.each([
    [{ role: 'student', buildingId: 'b1' }, true],
    [{ role: 'member', buildingId: 'b2' }, true],
    [{ role: 'student', buildingId: 'b3' }, false],
    [{ role: 'student', buildingId: null }, false],
    [{ role: 'counselor', buildingId: 'b1' }, false],
    [{ role: 'guest', buildingId: 'b1' }, false],
  ] as const)('%j in [b1, b2] -> %s', (voter, yes) => expect(inElectorate(voter, ['b1', 'b2'])).toBe(yes));
});

describe('ids', () => {
  it('a round id is the month and the set of buildings, in any order', () => {
    expect(roundIdFor('2026-11', ['b2', 'b1'])).toBe(roundIdFor('2026-11', ['b1', 'b2', 'b1']));
    expect(roundIdFor('2026-11', ['b1'])).not.toBe(roundIdFor('2026-11', ['b1', 'b2']));
    expect(roundIdFor('2026-11', ['b1'])).not.toBe(roundIdFor('2026-12', ['b1']));
    expect(roundIdFor('2026-11', ['b1'])).toMatch(/^2026-11_[0-9a-f]{16}$/);
  });
  it('a ballot is keyed by the roster identity', () => expect(ballotId('R', 's1')).toBe('R_s1'));
});

describe('rankTally, leaders, starNeedsReason', () => {
  const rows = [
    { memberId: 'b', votes: 3 },
    { memberId: 'a', votes: 3 },
    { memberId: 'c', votes: 5 },
    { memberId: 'd', votes: 0 },
  ];
  it('most votes first, ties by id, tied rows share a rank', () => {
    expect(rankTally(rows).map((r) => [r.memberId, r.rank])).toEqual([['c', 1], ['a', 2], ['b', 2], ['d', 4]]);
  });
  it('leaders are everyone with the top count; none when nobody voted', () => {
    expect(leaders(rows)).toEqual(['c']);
    expect(leaders([{ memberId: 'a', votes: 2 }, { memberId: 'b', votes: 2 }]).sort()).toEqual(['a', 'b']);
    expect(leaders([{ memberId: 'a', votes: 0 }])).toEqual([]);
  });
  it('anyone but a leader needs a reason', () => {
    expect(starNeedsReason('c', rows)).toBe(false);
    expect(starNeedsReason('a', rows)).toBe(true);
    expect(starNeedsReason('a', [{ memberId: 'a', votes: 0 }])).toBe(true);
  });
});

describe('labels and small rules', () => {
  it('starTitle', () => expect(starTitle('2026-01')).toBe('2026年1月 每月之星'));
  it.each([['2026-11', true], ['2026-13', false], ['2026-1', false], ['26-11', false]] as const)('isMonthKey(%s) = %s', (m, yes) => expect(isMonthKey(m)).toBe(yes));
  it('recentlyBound: under 24 h before the ballot', () => {
    const at = t('2026-11-13T12:00:00');
    expect(recentlyBound(ms(at, -86_400_000 + 1), at)).toBe(true);
    expect(recentlyBound(ms(at, -86_400_000), at)).toBe(false);
    expect(recentlyBound(null, at)).toBe(false);
  });
  it('maskIp hides the last part', () => {
    expect(maskIp('10.1.2.3')).toBe('10.1.2.*');
    expect(maskIp('2408:8000::1')).toBe('2408:8000::*');
  });
});
