import { ObjectId } from 'bson';
import { compileQuery } from '../src/database/engine';
import { mongoQuery } from '../src/database/mingo-ops';

/** The `{_id: 'x'}` matcher (engine.ts compileQuery, no mingo query) answers as mingo's query does. */
describe('compileQuery({_id: string}) matches as mingo', () => {
  const stored: Array<[string, unknown]> = [
    ['the same string', 'x'],
    ['another string', 'y'],
    ['a longer string', 'xx'],
    ['an ObjectId', new ObjectId('5f0c3b9e8f1b2c3d4e5f6071')],
    ['a number', 1],
    ['an array holding it', ['x']],
    ['an object', { x: 1 }],
    ['null', null],
    ['no _id', undefined],
  ];
  test.each(stored)('stored _id: %s', (_name, id) => {
    const doc = id === undefined ? { a: 1 } : { _id: id, a: 1 };
    for (const wanted of ['x', '5f0c3b9e8f1b2c3d4e5f6071', '']) {
      expect(compileQuery({ _id: wanted })(doc)).toBe(mongoQuery({ _id: wanted }).test(doc));
    }
  });
});
