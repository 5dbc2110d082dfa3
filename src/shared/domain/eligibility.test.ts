import { checklistFor, type DevelopmentFacts } from './eligibility';

const NOW = new Date('2026-11-16T04:00:00Z');
const facts = (o: Partial<DevelopmentFacts>): DevelopmentFacts => ({
  memberId: 'm1', name: '韩梅梅', status: 'activist', probationStartedAt: null,
  hours: { verified: 0, selfReported: 0, evidence: [] },
  room: { label: '智园1号楼 301', flagged: false, deadline: null, evidence: [] },
  visits: { confirmed: 0, target: 1, evidence: [] },
  duty: { completed: 0, missed: 0, evidence: [] },
  experiences: { volunteer: [], socialPractice: [], helpingPeers: [] },
  awards: [], stars: [], ...o,
});
const states = (f: DevelopmentFacts, now = NOW) => Object.fromEntries(checklistFor(f, now).map((i) => [i.key, `${i.state}${i.blocks ? '!' : ''}`]));

describe('checklistFor', () => {
  it.each([
    ['activist', {}, { roomNotFlagged: 'met', linkedVisits: 'unmet', dutyShifts: 'unmet', volunteerExperience: 'unmet', socialPractice: 'unmet', helpingPeers: 'unmet', badgesAndStars: 'info' }],
    ['candidate', {}, { roomNotFlagged: 'met', linkedVisits: 'unmet', dutyShifts: 'unmet', volunteerExperience: 'unmet!', socialPractice: 'unmet!', helpingPeers: 'unmet!', badgesAndStars: 'info' }],
    ['probationary', { probationStartedAt: new Date('2025-11-01T00:00:00Z'), hours: { verified: 20, selfReported: 30, evidence: [] } },
      { probationYear: 'met', hours50: 'met', roomNotFlagged: 'met', linkedVisits: 'unmet', dutyShifts: 'unmet', badgesAndStars: 'info' }],
    ['probationary', { probationStartedAt: new Date('2026-06-01T00:00:00Z'), hours: { verified: 20, selfReported: 29.5, evidence: [] }, room: { label: 'x', flagged: true, deadline: NOW, evidence: [] } },
      { probationYear: 'unmet', hours50: 'unmet!', roomNotFlagged: 'unmet!', linkedVisits: 'unmet', dutyShifts: 'unmet', badgesAndStars: 'info' }],
    ['full', {}, { roomNotFlagged: 'met', badgesAndStars: 'info' }],
  ] as const)('%s %#', (status, o, expected) => {
    expect(states(facts({ status, ...o } as Partial<DevelopmentFacts>))).toEqual(expected);
  });

  it('the experiences count counselor records, and approved hours for 志愿者', () => {
    const ev = { label: 'x', date: '2026-07-01', source: null };
    expect(states(facts({ status: 'candidate', hours: { verified: 1, selfReported: 0, evidence: [] }, experiences: { volunteer: [], socialPractice: [ev], helpingPeers: [ev] } })))
      .toMatchObject({ volunteerExperience: 'met', socialPractice: 'met', helpingPeers: 'met' });
  });
});
