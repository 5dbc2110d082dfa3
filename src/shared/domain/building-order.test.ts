import { buildingSortKey } from './building-order';

/** Buildings come in the order people expect: community first, numbers as numbers. */
describe('buildingSortKey', () => {
  const sorted = (list: Array<[string, string]>) => [...list].sort((x, y) => (buildingSortKey(...x) < buildingSortKey(...y) ? -1 : 1));

  it.each([
    [[['智园社区', '10号楼'], ['智园社区', '2号楼'], ['智园社区', '1号楼']], [['智园社区', '1号楼'], ['智园社区', '2号楼'], ['智园社区', '10号楼']]],
    [[['智园社区', '智园12号楼'], ['智园社区', '智园3号楼']], [['智园社区', '智园3号楼'], ['智园社区', '智园12号楼']]],
    [[['智园社区', '2栋B座'], ['智园社区', '2栋A座'], ['智园社区', '1栋']], [['智园社区', '1栋'], ['智园社区', '2栋A座'], ['智园社区', '2栋B座']]],
    // Community first: every building of one community before any of the next.
    [[['B社区', '1号楼'], ['A社区', '9号楼'], ['A社区', '10号楼']], [['A社区', '9号楼'], ['A社区', '10号楼'], ['B社区', '1号楼']]],
    // A community whose name starts with another's still comes after all of the shorter one's buildings.
    [[['智园二社区', '1号楼'], ['智园', '9号楼']], [['智园', '9号楼'], ['智园二社区', '1号楼']]],
  ] as Array<[Array<[string, string]>, Array<[string, string]>]>)('%j sorts as %j', (input, expected) => {
    expect(sorted(input)).toEqual(expected);
  });

  it('reads leading zeros and surrounding spaces as the same number and name', () => {
    expect(buildingSortKey('智园社区', '02号楼')).toBe(buildingSortKey('智园社区', ' 2号楼'));
  });
});
