import { createClient, type Transport } from '../../src/services/client';
import { errorMessages } from '../../src/shared/errors';
import { buildUser } from './builders';
import { startApp, type App } from './harness';

/** The page's client module against the real functions: what a handler writes is what the user reads. */
let app: App;

const clientAs = (openid: string) => {
  const transport: Transport = {
    async callFunction(name, data) {
      const result = await app.emu.functions.invoke(name, data, { openid });
      if (!result.ok) throw new Error(JSON.stringify(result.failure));
      return result.result;
    },
    uploadFile: () => Promise.reject(new Error('no uploads here')),
  };
  return createClient(transport);
};

beforeAll(async () => {
  app = await startApp();
});
afterAll(() => app.stop());

describe("the handler's message reaches the user", () => {
  it('a member without a profile reads 没有找到你的党员档案, not the code\'s generic text', async () => {
    const orphan = buildUser({ role: 'member', name: '韩梅梅', memberId: null });
    await app.insert('users', orphan);
    const progress = await clientAs(orphan.openid).call('volunteer', 'myProgress', {});
    expect(progress).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: '没有找到你的党员档案' } });
    expect(errorMessages.NOT_FOUND).not.toBe('没有找到你的党员档案');
  });

  it('an admin unbinding another admin reads why', async () => {
    const [one, other] = [buildUser({ role: 'admin', name: '管理员甲' }), buildUser({ role: 'admin', name: '管理员乙' })];
    await app.insert('users', [one, other]);
    const reply = await clientAs(one.openid).call('account', 'unbind', { userId: other._id, reason: '测试解绑' });
    expect(reply).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: '不能解绑管理员' } });
  });
});
