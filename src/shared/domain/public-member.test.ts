import { byStatus, distinctHonours, toPublicMember } from './public-member';

describe('what a plaque or the wall shows once', () => {
  it.each([
    [['modelRoom'], ['modelRoom'], ['modelRoom'], []],
    [['vanguardPost', 'floorLeader'], ['vanguardPost', 'star'], ['vanguardPost', 'floorLeader'], ['star']],
    [['floorLeader', 'floorLeader'], ['star', 'star'], ['floorLeader'], ['star']],
    [[], ['modelRoom'], [], ['modelRoom']],
  ] as const)('posts %j and badges %j show posts %j and badges %j', (posts, badges, shownPosts, shownBadges) => {
    expect(distinctHonours(posts, badges)).toEqual({ posts: shownPosts, badges: shownBadges });
  });

  it('the projection applies it', () => {
    const pub = toPublicMember({ _id: 'm1', name: '张三', status: 'full', posts: ['modelRoom'], badges: ['modelRoom', 'star'] }, {}, 't');
    expect([pub.posts, pub.badges]).toEqual([['modelRoom'], ['star']]);
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
