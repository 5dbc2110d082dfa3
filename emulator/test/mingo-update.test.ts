import { update as mingoUpdate } from 'mingo';
import { mongoUpdate } from '../src/database/mingo-update';

/**
 * The emulator's update path (`mingo-update.ts`: mingo's update operators with options made once)
 * must answer exactly as mingo's own `update` did: the same document after, the same "changed", the
 * same failures. Table-driven over every update operator the emulator accepts.
 */
const base = () => ({
  _id: 'a',
  n: 1,
  s: 'x',
  d: new Date('2026-01-01T00:00:00Z'),
  arr: [1, 2, 3, 2],
  objs: [{ k: 1, v: 'a' }, { k: 2, v: 'b' }],
  nested: { a: { b: 1 }, list: [{ x: 1 }] },
  nul: null as unknown,
});

const cases: Array<[string, Record<string, unknown>]> = [
  ['$set a new field', { $set: { fresh: 1 } }],
  ['$set the same value', { $set: { n: 1 } }],
  ['$set nested path', { $set: { 'nested.a.b': 2, 'nested.c': [1] } }],
  ['$set array index', { $set: { 'arr.1': 9 } }],
  ['$set through array of docs', { $set: { 'objs.0.v': 'z' } }],
  ['$set all elements $[]', { $set: { 'objs.$[].v': 'all' } }],
  ['$unset', { $unset: { s: '', missing: '' } }],
  ['$inc', { $inc: { n: 2, fresh: 1 } }],
  ['$inc by 0', { $inc: { n: 0 } }],
  ['$mul', { $mul: { n: 3, none: 2 } }],
  ['$min / $max', { $min: { n: 0 }, $max: { d: new Date('2027-01-01T00:00:00Z') } }],
  ['$min unchanged', { $min: { n: 5 } }],
  ['$rename', { $rename: { s: 't' } }],
  ['$rename nested', { $rename: { 'nested.a': 'moved' } }],
  ['$push', { $push: { arr: 4 } }],
  ['$push $each $slice $sort', { $push: { arr: { $each: [7, 0], $sort: 1, $slice: 4 } } }],
  ['$push $position', { $push: { arr: { $each: [5], $position: 0 } } }],
  ['$pop', { $pop: { arr: -1 } }],
  ['$pull value', { $pull: { arr: 2 } }],
  ['$pull condition', { $pull: { arr: { $gte: 2 } } }],
  ['$pullAll', { $pullAll: { arr: [1, 3] } }],
  ['$addToSet', { $addToSet: { arr: 9 } }],
  ['$addToSet existing', { $addToSet: { arr: 1 } }],
  ['$addToSet $each', { $addToSet: { arr: { $each: [1, 10, 11] } } }],
  ['$currentDate', { $currentDate: { when: true } }],
  ['$bit', { $bit: { n: { or: 4 } } }],
  ['several operators', { $set: { a: 1 }, $inc: { n: 1 }, $unset: { s: '' }, $push: { arr: 1 } }],
  ['unknown operator', { $frob: { n: 1 } }],
  ['positional $ without a query', { $set: { 'arr.$': 1 } }],
  ['update of _id', { $set: { _id: 'b' } }],
  ['dollar field path', { $set: { $bad: 1 } }],
];

function run(fn: () => unknown): { value?: unknown; error?: string } {
  try {
    return { value: fn() };
  } catch (err) {
    return { error: (err as Error).message };
  }
}

describe('mongoUpdate answers as mingo update', () => {
  test.each(cases)('%s', (_name, modifier) => {
    const theirs = base();
    const ours = base();
    const expected = run(() => mingoUpdate(theirs, modifier as never, undefined, undefined, { cloneMode: 'deep' }).length > 0);
    const actual = run(() => mongoUpdate(ours, modifier));
    expect(actual).toEqual(expected);
    // $currentDate writes the time of the call: compare the rest.
    if ('when' in theirs) {
      expect((ours as Record<string, unknown>).when).toBeInstanceOf(Date);
      delete (theirs as Record<string, unknown>).when;
      delete (ours as Record<string, unknown>).when;
    }
    expect(ours).toEqual(theirs);
  });
});
