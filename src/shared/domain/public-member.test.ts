import { byStatus, distinctHonours, toPublicMember } from './public-member';

const tag = (code: string, name: string) => ({ code, name });
const vanguard = tag('vanguardPost', '党员先锋岗');
const model = tag('modelPost', '党员示范岗');
const star = tag('monthStar', '每月之星');

describe('what a plaque or the wall shows once', () => {
  it.each([
    [['vanguardPost'], [vanguard], ['vanguardPost'], []],
    [['vanguardPost', 'floorLeader'], [vanguard, star], ['vanguardPost', 'floorLeader'], [star]],
    [['floorLeader', 'floorLeader'], [star, star], ['floorLeader'], [star]],
    [[], [model], [], [model]],
  ] as const)('posts %j and badges %j show posts %j and badges %j', (posts, badges, shownPosts, shownBadges) => {
    expect(distinctHonours(posts, badges)).toEqual({ posts: shownPosts, badges: shownBadges });
  });

  it('the projection shows current awards once, the post rather than a badge of the same name', () => {
    const now = new Date('2026-10-10T04:00:00Z');
    const awards = [
      { awardId: 'a1', code: 'vanguardPost', name: '党员先锋岗', until: null },
      { awardId: 'a2', code: 'modelPost', name: '党员示范岗', until: '2027-01-31' },
      { awardId: 'a3', code: 'redServiceTeam', name: '红色服务队', until: '2026-09-30' },
    ];
    const pub = toPublicMember({ _id: 'm1', name: '张三', status: 'full', posts: ['vanguardPost'], awards }, {}, 't', now);
    expect([pub.posts, pub.badges]).toEqual([['vanguardPost'], [model]]);
  });

  it('keeps members, probationary members, development candidates and activists in labelled sections, in that order', () => {
    const list = [
      { id: 'a', status: 'activist' as const },
      { id: 'f1', status: 'full' as const },
      { id: 'c', status: 'candidate' as const },
      { id: 'f2', status: 'full' as const },
    ];
    expect(byStatus(list)).toEqual([
      { status: 'full', members: [list[1], list[3]] },
      { status: 'candidate', members: [list[2]] },
      { status: 'activist', members: [list[0]] },
    ]);
    expect(byStatus([])).toEqual([]);
  });
});
