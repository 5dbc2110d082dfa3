import { z } from 'zod';
import { action, ANYONE } from '../../src/shared/contract/define';
import { fail, ok } from './result';
import { createRouter } from './router';

/**
 * The router answers only codes the action's contract declares (plus the shared ones). An action
 * open to every role reads nothing, so this runs without a database.
 */
const contract = {
  declared: action({ summary: 'answers a code it declares', roles: ANYONE, errors: ['CODE_RETIRED'], input: z.object({}).strict(), output: z.object({}).strict() }),
  undeclared: action({ summary: 'answers a code it does not declare', roles: ANYONE, errors: [], input: z.object({}).strict(), output: z.object({}).strict() }),
  shared: action({ summary: 'answers a code every action may', roles: ANYONE, errors: [], input: z.object({}).strict(), output: z.object({}).strict() }),
  fine: action({ summary: 'succeeds', roles: ANYONE, errors: [], input: z.object({}).strict(), output: z.object({}).strict() }),
};
const main = createRouter(
  contract,
  {
    declared: async () => fail('CODE_RETIRED', '这个门牌二维码已停用'),
    undeclared: async () => fail('CODE_RETIRED'),
    shared: async () => fail('CONFLICT', '照片刚刚被修改过，请刷新后重试'),
    fine: async () => ok({}),
  },
  () => new Date('2026-10-01T08:00:00+08:00'),
);
const context = { environment: JSON.stringify({ WX_OPENID: 'o-router-test', WX_CONTEXT_KEYS: 'WX_OPENID' }) };

describe('router: declared error codes', () => {
  let errors: jest.SpyInstance;
  beforeEach(() => {
    errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  });
  afterEach(() => errors.mockRestore());

  it('passes a declared code with the handler\'s message', async () => {
    expect(await main({ action: 'declared', input: {} }, context)).toEqual({ ok: false, error: { code: 'CODE_RETIRED', message: '这个门牌二维码已停用' } });
    expect(await main({ action: 'shared', input: {} }, context)).toEqual({ ok: false, error: { code: 'CONFLICT', message: '照片刚刚被修改过，请刷新后重试' } });
    expect(await main({ action: 'fine', input: {} }, context)).toEqual({ ok: true, data: {} });
    expect(errors).not.toHaveBeenCalled();
  });

  it('answers an undeclared code as INTERNAL and logs which action broke its contract', async () => {
    expect(await main({ action: 'undeclared', input: {} }, context)).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(errors).toHaveBeenCalledWith(expect.stringContaining('[undeclared] answered CODE_RETIRED'));
  });
});
