import { encodeCode, inviteCodeFrom, plaqueCodeFrom, PLAQUE_CODE_PATTERN, plaqueH5Url } from './plaque-code';
import { termOf } from './term';
import { RATE_LIMITS, windowKey } from './rate-limits';
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

describe('rate-limit windows', () => {
  it('group calls into fixed windows per bucket and key', () => {
    const limit = RATE_LIMITS.plaqueView;
    const a = windowKey(limit, 'o1', new Date(0));
    const b = windowKey(limit, 'o1', new Date(limit.windowMs - 1));
    const c = windowKey(limit, 'o1', new Date(limit.windowMs));
    expect(a.id).toBe(b.id);
    expect(c.id).not.toBe(a.id);
    expect(windowKey(limit, 'o2', new Date(0)).id).not.toBe(a.id);
    expect(a.windowEnds.getTime()).toBe(limit.windowMs);
  });
});

describe('public member projection', () => {
  const profile = {
    _id: 'm1',
    name: '张三',
    status: 'probationary',
    posts: ['floorLeader'],
    pledge: '带头遵守宿舍管理规定',
    badges: ['modelRoom'],
    consent: { public: true, changedAt: null },
    hours: { '2026-2027-1': 12.5, '2025-2026-2': 30 },
    studentNo: '2024010101',
    phone: '13800000000',
    idNumber: '110101200001010011',
  } as MemberProfile & Record<string, unknown>;

  it('shows only public fields, and this term hours', () => {
    const pub = toPublicMember(profile, { branch: '一支部', group: '三楼党小组' }, '2026-2027-1');
    expect(PublicMember.parse(pub)).toEqual(pub);
    expect(pub).toEqual({
      id: 'm1', name: '张三', photoUrl: null, status: 'probationary', branchName: '一支部', groupName: '三楼党小组',
      posts: ['floorLeader'], pledge: '带头遵守宿舍管理规定', badges: ['modelRoom'], termHours: 12.5,
    });
    expect(JSON.stringify(pub)).not.toMatch(/2024010101|13800000000|110101200001010011/);
  });

  it('counts 0 hours in a term without any', () => {
    expect(toPublicMember(profile, {}, '2030-2031-1').termHours).toBe(0);
  });

  it('is public only with consent given', () => {
    expect(isPublic({ consent: { public: true } })).toBe(true);
    expect(isPublic({ consent: { public: false } })).toBe(false);
    expect(isPublic({})).toBe(false);
  });
});
