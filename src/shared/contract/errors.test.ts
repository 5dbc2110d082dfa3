import { ErrorCode, errorMessages } from '../errors';
import { contracts } from './index';
import { answerableCodes, BASE_ERRORS, type ActionSpec } from './define';

const actions = Object.entries(contracts).flatMap(([fn, c]) => Object.entries(c as Record<string, ActionSpec>).map(([name, spec]) => [`${fn}.${name}`, spec] as const));

describe('declared error codes', () => {
  it.each(actions)('%s declares real codes, each once, and none the router already adds', (_name, spec) => {
    for (const code of spec.errors) expect(ErrorCode.options).toContain(code);
    expect(new Set(spec.errors).size).toBe(spec.errors.length);
    const shared = answerableCodes({ roles: spec.roles, errors: [] });
    expect(spec.errors.filter((c) => shared.has(c))).toEqual([]);
  });

  it('every code is answerable by some action and has a message (no dead codes)', () => {
    const answered = new Set(actions.flatMap(([, spec]) => [...answerableCodes(spec)]));
    expect(ErrorCode.options.filter((c) => !answered.has(c))).toEqual([]);
    for (const code of ErrorCode.options) expect(errorMessages[code]).toMatch(/\S/);
  });

  it('the router gate adds NOT_BOUND when guests are shut out and FORBIDDEN when a bound role is', () => {
    expect([...answerableCodes({ roles: ['guest', 'student', 'member', 'counselor', 'admin'], errors: [] })].sort()).toEqual([...BASE_ERRORS].sort());
    expect(answerableCodes({ roles: ['guest', 'student'], errors: [] }).has('FORBIDDEN')).toBe(true);
    expect(answerableCodes({ roles: ['guest', 'student'], errors: [] }).has('NOT_BOUND')).toBe(false);
    expect(answerableCodes({ roles: ['student', 'member', 'counselor', 'admin'], errors: [] }).has('FORBIDDEN')).toBe(false);
    expect(answerableCodes({ roles: ['counselor'], errors: ['NOT_FOUND'] })).toEqual(new Set([...BASE_ERRORS, 'NOT_BOUND', 'FORBIDDEN', 'NOT_FOUND']));
  });
});
