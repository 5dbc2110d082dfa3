import type { DevelopStepDoc } from '../../../_common/repositories/develop-records';
import type { Actor } from '../../../_common/router';
import { recordAbout, recordedBy } from './recorded';

/** A correction and a withdrawal are built one way: about the step, by whoever recorded them. */
describe('records about a step', () => {
  const at = new Date('2026-12-01T02:00:00Z');
  const step: DevelopStepDoc = {
    _id: 's1', kind: 'step', rosterId: 'r1', memberId: 'm1', buildingId: 'b1', stage: 'candidate', date: '2026-11-20',
    correctsId: null, reason: null, note: '支部大会讨论通过', byUserId: 'u-old', byName: '王老师', at: new Date('2026-11-20T02:00:00Z'),
  };

  it("keeps the step's person, building and stage, names the step and carries no note of its own", () => {
    const by = recordedBy({ role: 'counselor', user: { _id: 'u-c', name: '李老师' } } as unknown as Actor, 'o-c', at);
    expect(recordAbout(step, { _id: 's1-w', kind: 'withdrawal', date: '2026-12-01', reason: '录入时选错了学生' }, by)).toEqual({
      _id: 's1-w', kind: 'withdrawal', rosterId: 'r1', memberId: 'm1', buildingId: 'b1', stage: 'candidate', date: '2026-12-01',
      correctsId: 's1', reason: '录入时选错了学生', note: null, byUserId: 'u-c', byName: '李老师', at,
    });
  });

  it('an admin without a user document records as 管理员 under their openid', () => {
    expect(recordedBy({ role: 'admin', user: null } as unknown as Actor, 'o-admin', at)).toEqual({ byUserId: 'o-admin', byName: '管理员', at });
  });
});
