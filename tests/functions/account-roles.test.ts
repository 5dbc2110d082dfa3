import { accountContract } from '../../src/shared/contract/account';
import type { ErrorCode } from '../../src/shared/errors';
import { Role } from '../../src/shared/model';
import { newOpenid, seedPlace, seedUser, type Place } from './account-seed';
import { startApp, type App } from './harness';

/**
 * Every account action as every role, with the exact answer expected: allowed roles succeed or get a
 * business answer; other roles get FORBIDDEN, guests NOT_BOUND. Inputs are harmless (unknown ids and
 * codes), so a case changes nothing the next one depends on; each case has a fresh caller anyway.
 */
let app: App;
let place: Place;

beforeAll(async () => {
  app = await startApp();
  place = await seedPlace(app);
});
afterAll(() => app.stop());

type Expected = 'ok' | ErrorCode;
type Row = { input: Record<string, unknown>; expect: Record<Role, Expected> };
const bound = { student: 'FORBIDDEN', member: 'FORBIDDEN', counselor: 'FORBIDDEN', admin: 'FORBIDDEN' } as const;

const table: Record<keyof typeof accountContract, Row> = {
  me: { input: {}, expect: { guest: 'ok', student: 'ok', member: 'ok', counselor: 'ok', admin: 'ok' } },
  bind: {
    input: { studentNo: '2099000001', name: '无此人' },
    expect: { guest: 'ROSTER_MISMATCH', student: 'ALREADY_BOUND', member: 'ALREADY_BOUND', counselor: 'ALREADY_BOUND', admin: 'ALREADY_BOUND' },
  },
  redeemInvite: { input: { code: 'ZZZZZZZZZZ', name: '王老师' }, expect: { ...bound, guest: 'INVITE_INVALID', student: 'INVITE_INVALID' } },
  createInvite: { input: { buildingIds: ['no-such-building'] }, expect: { ...bound, guest: 'NOT_BOUND', admin: 'NOT_FOUND' } },
  listUsers: { input: {}, expect: { ...bound, guest: 'NOT_BOUND', admin: 'ok' } },
  unbind: { input: { userId: 'no-such-user', reason: '测试' }, expect: { ...bound, guest: 'NOT_BOUND', admin: 'NOT_FOUND' } },
  setConsent: { input: { public: true }, expect: { ...bound, guest: 'NOT_BOUND', member: 'ok' } },
  updateProfile: { input: {}, expect: { ...bound, guest: 'NOT_BOUND', member: 'ok' } },
  auditLog: { input: { limit: 5 }, expect: { ...bound, guest: 'NOT_BOUND', counselor: 'ok', admin: 'ok' } },
  markLeft: { input: { studentNo: '2099000001', reason: '测试' }, expect: { ...bound, guest: 'NOT_BOUND', admin: 'NOT_FOUND' } },
  myData: { input: {}, expect: { ...bound, guest: 'NOT_FOUND', student: 'ok', member: 'ok' } },
};

const cases = Object.entries(table).flatMap(([action, row]) => Role.options.map((role) => [action, role, row.expect[role]] as const));

describe('account: role x action', () => {
  it('covers every action of the contract, with the roles the contract allows', () => {
    expect(Object.keys(table).sort()).toEqual(Object.keys(accountContract).sort());
    for (const [action, spec] of Object.entries(accountContract)) {
      for (const role of Role.options) {
        const answer = table[action as keyof typeof accountContract].expect[role];
        expect([action, role, !['FORBIDDEN', 'NOT_BOUND'].includes(answer)]).toEqual([action, role, spec.roles.includes(role)]);
      }
    }
  });

  it.each(cases)('%s as %s answers %s', async (action, role, expected) => {
    const openid = role === 'guest' ? newOpenid() : (await seedUser(app, place, role)).openid;
    const reply = await app.call(openid, 'account', action as never, table[action as keyof typeof accountContract].input as never);
    if (expected === 'ok') expect(reply).toMatchObject({ ok: true });
    else expect(reply).toMatchObject({ ok: false, error: { code: expected } });
  });
});
