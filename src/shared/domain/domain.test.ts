import { encodeCode, inviteCodeFrom, plaqueCodeFrom, PLAQUE_CODE_PATTERN, plaqueH5Url } from './plaque-code';
import { termOf } from './term';
import { bucketId, callInterval, RATE_LIMITS, rateLimitedMessage, retryAfterSeconds, takeToken } from './rate-limits';
import { isPublic, toPublicMember, type MemberProfile } from './public-member';
import { PlaqueCode, PublicMember } from '../contract/common';

const bytes = (...values: number[]) => Uint8Array.from(values);

describe('plaque codes', () => {
  it('encode 80 random bits as 16 unambiguous characters', () => {
    expect(plaqueCodeFrom(new Uint8Array(10))).toBe('0000000000000000');
    expect(plaqueCodeFrom(new Uint8Array(10).fill(255))).toBe('ZZZZZZZZZZZZZZZZ');
    const code = plaqueCodeFrom(bytes(0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc, 0xde, 0xf0, 0x0f, 0xed));
    expect(code).toMatch(PLAQUE_CODE_PATTERN);
    expect(code).toHaveLength(16);
    expect(code).not.toMatch(/[ILOU]/);
  });

  it('refuse too little randomness', () => {
    expect(() => encodeCode(new Uint8Array(9), 16)).toThrow(/random bytes/);
  });

  it('make 10-character invite codes', () => {
    expect(inviteCodeFrom(new Uint8Array(7).fill(1))).toHaveLength(10);
  });

  it('are parsed case-insensitively and trimmed, and refused when malformed', () => {
    expect(PlaqueCode.parse(' abcdefghjkmnpqrs ')).toBe('ABCDEFGHJKMNPQRS');
    for (const bad of ['', 'SHORT', 'ABCDEFGHJKMNPQRI', 'ABCDEFGHJKMNPQRS1', '../../etc/passwd', 'ABCDEFGH JKMNPQR']) {
      expect(PlaqueCode.safeParse(bad).success).toBe(false);
    }
  });

  it('open the plaque page on h5', () => {
    expect(plaqueH5Url('http://127.0.0.1:9090', 'ABCDEFGHJKMNPQRS')).toBe('http://127.0.0.1:9090/#/pages/plaque/index?scene=ABCDEFGHJKMNPQRS');
  });
});

describe('terms (China Standard Time)', () => {
  const cases: Array<[string, string, string]> = [
    ['2026-09-10T00:00:00+08:00', '2026-2027-1', '2026-2027学年第一学期'],
    ['2026-08-01T00:00:00+08:00', '2026-2027-1', '2026-2027学年第一学期'],
    ['2026-07-31T23:59:59+08:00', '2025-2026-2', '2025-2026学年第二学期'],
    ['2027-01-31T23:59:59+08:00', '2026-2027-1', '2026-2027学年第一学期'],
    ['2027-02-01T00:00:00+08:00', '2026-2027-2', '2026-2027学年第二学期'],
    // 16:30 UTC on 31 January is already 1 February in Shanghai.
    ['2027-01-31T16:30:00Z', '2026-2027-2', '2026-2027学年第二学期'],
  ];
  it.each(cases)('%s is in %s', (at, key, label) => {
    const term = termOf(new Date(at));
    expect(term.key).toBe(key);
    expect(term.label).toBe(label);
    expect(term.start.getTime()).toBeLessThanOrEqual(new Date(at).getTime());
    expect(term.end.getTime()).toBeGreaterThan(new Date(at).getTime());
  });
});

describe('rate-limit buckets', () => {
  const limit = RATE_LIMITS.plaqueView;
  const run = (times: number[]) => {
    let refilledAt: number | null = null;
    return times.map((t) => {
      const r = takeToken(limit, refilledAt, new Date(t));
      refilledAt = r.refilledAt;
      return r.admitted;
    });
  };
  it('admit a burst of `limit` at once, then one per interval: no window edge to game', () => {
    const edge = 10 * limit.windowMs;
    const before = Array.from({ length: 30 }, (_, i) => edge - 1500 + i * 10);
    const after = Array.from({ length: 30 }, (_, i) => edge + 1000 + i * 10);
    const admitted = run([...before, ...after]);
    expect(admitted.slice(0, 30).every(Boolean)).toBe(true);
    expect(admitted.slice(30).filter(Boolean).length).toBeLessThanOrEqual(1);
  });
  it('refill one call per interval and never beyond full', () => {
    const step = callInterval(limit);
    expect(run([0, ...Array(30).fill(1), step + 1])).toEqual([true, ...Array(29).fill(true), false, true]);
    // Idle for a day: full again, but not fuller.
    expect(run([0, 86_400_000, ...Array(30).fill(86_400_001)]).filter(Boolean).length).toBe(31);
  });
  it.each([
    [1, '操作太频繁，请1秒后再试'],
    [59, '操作太频繁，请59秒后再试'],
    [60, '操作太频繁，请1分钟后再试'],
    [61, '操作太频繁，请2分钟后再试'],
  ])('tell a refused caller when to retry: %ss', (seconds, message) => {
    expect(rateLimitedMessage(seconds)).toBe(message);
  });
  it('wait until one token is back', () => {
    const now = new Date(1_000_000);
    expect(retryAfterSeconds(limit, now.getTime() + limit.windowMs, now)).toBe(callInterval(limit) / 1000);
    expect(bucketId(limit, 'o1')).toBe('plaqueView:o1');
  });
});

describe('public member projection', () => {
  const profile = {
    _id: 'm1',
    name: '张三',
    status: 'probationary',
    posts: ['floorLeader'],
    pledge: '带头遵守宿舍管理规定',
    awards: [{ awardId: 'aw1', code: 'modelPost', name: '党员示范岗', until: null }],
    consent: { public: true, changedAt: null },
    hours: { '2026-2027-1': 12.5, '2025-2026-2': 30 },
    studentNo: '2024010101',
    phone: '13800000000',
    idNumber: '110101200001010011',
  } as MemberProfile & Record<string, unknown>;

  it('shows only public fields, and this term hours', () => {
    const pub = toPublicMember(profile, { branch: '一支部', group: '三楼党小组' }, '2026-2027-1', new Date('2026-10-10T04:00:00Z'));
    expect(PublicMember.parse(pub)).toEqual(pub);
    expect(pub).toEqual({
      id: 'm1', name: '张三', photoUrl: null, status: 'probationary', branchName: '一支部', groupName: '三楼党小组',
      posts: ['floorLeader'], pledge: '带头遵守宿舍管理规定', badges: [{ code: 'modelPost', name: '党员示范岗' }], stars: [], termHours: 12.5,
    });
    expect(JSON.stringify(pub)).not.toMatch(/2024010101|13800000000|110101200001010011/);
  });

  it('counts 0 hours in a term without any', () => {
    expect(toPublicMember(profile, {}, '2030-2031-1', new Date('2030-10-10T04:00:00Z')).termHours).toBe(0);
  });

  it('is public only with consent given', () => {
    expect(isPublic({ consent: { public: true } })).toBe(true);
    expect(isPublic({ consent: { public: false } })).toBe(false);
    expect(isPublic({})).toBe(false);
  });
});
