import { MAX_ROOMS_PER_ADD, roomNumbersOf } from './org';

describe('roomNumbersOf', () => {
  it.each([
    ['301', '305', ['301', '302', '303', '304', '305']],
    ['301', undefined, ['301']],
    ['A0309', 'A0311', ['A0309', 'A0310', 'A0311']],
    [' 301 ', '301', ['301']],
  ])('%s-%s', (from, to, numbers) => {
    expect(roomNumbersOf(from, to)).toEqual({ ok: true, numbers });
  });

  it.each([
    ['3-01', undefined, '格式不对'],
    ['301', 'B330', '前缀和位数需一致'],
    ['301', '1330', '前缀和位数需一致'],
    ['330', '301', '不能小于'],
    ['100', String(100 + MAX_ROOMS_PER_ADD), `一次最多添加${MAX_ROOMS_PER_ADD}间房`],
  ])('refuses %s-%s', (from, to, message) => {
    const result = roomNumbersOf(from, to);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toContain(message);
  });
});
