import { errorMessages, ErrorCode } from '../shared/errors';
import { createClient, MAX_SERVER_MESSAGE, NetworkError, type Transport } from './client';
import { BAD_REPLY_MESSAGE, NETWORK_MESSAGE } from './result';

/** A transport fake: records what would have been sent and answers with whatever the test says. */
function fakeTransport(answer: (name: string, data: { action: string; input: unknown }) => unknown) {
  const sent: Array<{ name: string; data: { action: string; input: unknown } }> = [];
  const transport: Transport = {
    async callFunction(name, data) {
      sent.push({ name, data });
      return answer(name, data);
    },
    async uploadFile() {
      return 'cloud://env.bucket/x.jpg';
    },
  };
  return { transport, sent };
}

const room = { id: 'r1', number: '512', floor: 5, buildingId: 'b1', buildingName: '智园2号楼' };
const CODE = 'ABCDEFGHJKMNPQRS';

describe('input validation happens before the transport', () => {
  it('a malformed plaque code never leaves the phone', async () => {
    const { transport, sent } = fakeTransport(() => ({ ok: true, data: { room, members: [] } }));
    const result = await createClient(transport).call('plaque', 'view', { code: 'not a code' });
    expect(result).toEqual({ ok: false, error: { code: 'INVALID_INPUT', message: expect.stringContaining(errorMessages.INVALID_INPUT) } });
    expect(sent).toHaveLength(0);
  });

  it('says which field is wrong, in Chinese (the schema message or a generic one)', async () => {
    const { transport, sent } = fakeTransport(() => ({ ok: true, data: {} }));
    const client = createClient(transport);
    const bind = await client.call('account', 'bind', { studentNo: '12', name: '张三' });
    expect(!bind.ok && bind.error.message).toContain('学号：学号为6到14位数字');
    const feedback = await client.call('plaque', 'sendFeedback', { memberId: 'm1', text: '太短' });
    expect(!feedback.ok && feedback.error.message).toContain('反馈内容：请至少写5个字');
    const unbind = await client.call('account', 'unbind', { userId: 'u1', reason: 'x'.repeat(201) });
    expect(!unbind.ok && unbind.error.message).toContain('原因：最多200个字');
    expect(sent).toHaveLength(0);
  });

  it('an invite code is called 邀请码, and a wrong one of any length goes to the server (INVITE_INVALID), never a length complaint', async () => {
    const { transport, sent } = fakeTransport(() => ({ ok: false, error: { code: 'INVITE_INVALID', message: '邀请码无效或已过期' } }));
    const client = createClient(transport);
    const empty = await client.call('account', 'redeemInvite', { code: ' ', name: '张老师' });
    expect(!empty.ok && empty.error.message).toContain('邀请码：请输入邀请码');
    const short = await client.call('account', 'redeemInvite', { code: 'abc', name: '张老师' });
    expect(short).toEqual({ ok: false, error: { code: 'INVITE_INVALID', message: errorMessages.INVITE_INVALID } });
    // Typed with spaces and the look-alike O and I: sent as the code it stands for.
    await client.call('account', 'redeemInvite', { code: '4k7m o9xi hd', name: '张老师' });
    expect(sent.map((s) => (s.data.input as { code: string }).code)).toEqual(['ABC', '4K7M09X1HD']);
  });

  it('a rate-limited reply says when to retry', async () => {
    const { transport } = fakeTransport(() => ({ ok: false, error: { code: 'RATE_LIMITED', message: 'x', retryAfterSeconds: 150 } }));
    const result = await createClient(transport).call('plaque', 'view', { code: CODE });
    expect(result).toEqual({ ok: false, error: { code: 'RATE_LIMITED', message: '操作太频繁，请3分钟后再试', retryAfterSeconds: 150 } });
  });

  it('sends the parsed input (trimmed, upper-cased, defaults filled) with the action name', async () => {
    const { transport, sent } = fakeTransport(() => ({ ok: true, data: { room, members: [], linkedMembers: [], roomBadges: [] } }));
    const result = await createClient(transport).call('plaque', 'view', { code: ` ${CODE.toLowerCase()} ` });
    expect(result.ok).toBe(true);
    expect(sent).toEqual([{ name: 'plaque', data: { action: 'view', input: { code: CODE } } }]);
  });

  it('an action missing from the contract is refused locally', async () => {
    const { transport, sent } = fakeTransport(() => null);
    const result = await createClient(transport).call('plaque', 'nope' as 'view', { code: CODE });
    expect(result).toEqual({ ok: false, error: { code: 'UNKNOWN_ACTION', message: errorMessages.UNKNOWN_ACTION } });
    expect(sent).toHaveLength(0);
  });
});

describe('reply validation', () => {
  const malformed: Array<[string, unknown]> = [
    ['undefined', undefined],
    ['a string', 'ok'],
    ['no envelope', { room, members: [] }],
    ['data of the wrong shape', { ok: true, data: { room: { ...room, floor: 'five' }, members: [] } }],
    ['a leaked private field (contract objects are strict)', { ok: true, data: { room, members: [{ id: 'm1', name: '王芳', studentNo: '2024001' }] } }],
    ['an error code outside the closed set', { ok: false, error: { code: 'E_WHATEVER', message: 'boom' } }],
  ];
  it.each(malformed)('turns %s into INTERNAL', async (_label, reply) => {
    const { transport } = fakeTransport(() => reply);
    expect(await createClient(transport).call('plaque', 'view', { code: CODE })).toEqual({ ok: false, error: { code: 'INTERNAL', message: BAD_REPLY_MESSAGE } });
  });

  it('passes valid data through', async () => {
    const member = { id: 'm1', name: '王芳', photoUrl: null, status: 'probationary', branchName: null, groupName: null, posts: [], pledge: null, badges: [], stars: [], termHours: 12.5 };
    const { transport } = fakeTransport(() => ({ ok: true, data: { room, members: [member], linkedMembers: [], roomBadges: [] } }));
    expect(await createClient(transport).call('plaque', 'view', { code: CODE })).toEqual({ ok: true, data: { room, members: [member], linkedMembers: [], roomBadges: [] } });
  });
});

describe('the server\'s message reaches the page', () => {
  const answer = (code: string, message: string) => createClient(fakeTransport(() => ({ ok: false, error: { code, message } })).transport).call('plaque', 'buildings', {});

  it.each(ErrorCode.options.filter((c) => c !== 'RATE_LIMITED'))('%s: the handler\'s own words, or the code\'s when it wrote none', async (code) => {
    expect(await answer(code, '没有找到你的党员档案')).toEqual({ ok: false, error: { code, message: '没有找到你的党员档案' } });
    expect(await answer(code, '  ')).toEqual({ ok: false, error: { code, message: errorMessages[code] } });
    expect(errorMessages[code]).toMatch(/[\u4e00-\u9fff]/);
  });

  it('a message too long for a person, or with control characters, is bounded text', async () => {
    expect(await answer('NOT_FOUND', '长'.repeat(MAX_SERVER_MESSAGE + 1))).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: errorMessages.NOT_FOUND } });
    expect(await answer('NOT_FOUND', '长'.repeat(MAX_SERVER_MESSAGE))).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: '长'.repeat(MAX_SERVER_MESSAGE) } });
    expect(await answer('FORBIDDEN', '不能\u0000审核\n自己的')).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: '不能 审核 自己的' } });
    // Text, not markup: it arrives as written, for a Text node or a toast to show literally.
    expect(await answer('INVALID_INPUT', '<b>x</b>')).toEqual({ ok: false, error: { code: 'INVALID_INPUT', message: '<b>x</b>' } });
  });

  it('a message that is not a string is a bad reply', async () => {
    const { transport } = fakeTransport(() => ({ ok: false, error: { code: 'NOT_FOUND', message: { html: '<b>x</b>' } } }));
    expect(await createClient(transport).call('plaque', 'buildings', {})).toEqual({ ok: false, error: { code: 'INTERNAL', message: BAD_REPLY_MESSAGE } });
  });

  it('a network failure is INTERNAL with a network message; any other transport failure INTERNAL', async () => {
    const offline = fakeTransport(() => {
      throw new NetworkError('request:fail');
    });
    expect(await createClient(offline.transport).call('plaque', 'buildings', {})).toEqual({ ok: false, error: { code: 'INTERNAL', message: NETWORK_MESSAGE } });
    const crashed = fakeTransport(() => {
      throw new Error('-504002 functions execute fail');
    });
    expect(await createClient(crashed.transport).call('plaque', 'buildings', {})).toEqual({ ok: false, error: { code: 'INTERNAL', message: errorMessages.INTERNAL } });
  });
});

describe('upload', () => {
  it('answers a fileID, and a transport failure as INTERNAL', async () => {
    const { transport } = fakeTransport(() => null);
    expect(await createClient(transport).upload('a.jpg', 'blob:x')).toEqual({ ok: true, data: { fileID: 'cloud://env.bucket/x.jpg' } });
    const failing: Transport = { ...transport, uploadFile: () => Promise.reject(new NetworkError('offline')) };
    expect(await createClient(failing).upload('a.jpg', 'blob:x')).toEqual({ ok: false, error: { code: 'INTERNAL', message: NETWORK_MESSAGE } });
  });
});
