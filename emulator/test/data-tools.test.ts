import fs from 'node:fs';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { exportCollection, importCollection, resetData } from '../src/data-tools';
import { parseSchema } from '../src/database/schema';
import { sdkFor, startTestEmulator, tempDir } from './helpers';

const schema = parseSchema({ collections: [{ name: 'rooms', indexes: [{ name: 'code_unique', keys: [{ field: 'code' }], unique: true }] }] });

describe('data tools (export, import, reset)', () => {
  it('round-trips a collection through JSON lines with its types, and reset empties the store', async () => {
    const from = tempDir();
    const emu = await startTestEmulator({ dataDir: from, schema });
    await sdkFor(emu).database().collection('rooms').add([
      { _id: 'r1', code: 'A1', at: new Date(1_700_000_000_000), n: 1.5 },
      { _id: 'r2', code: 'A2', tags: ['x'] },
    ]);
    await emu.stop();

    const out = new PassThrough();
    let text = '';
    out.on('data', (c) => (text += c));
    expect(await exportCollection(from, schema, 'rooms', out)).toBe(2);
    expect(text.trim().split('\n')).toHaveLength(2);

    const to = tempDir();
    expect(await importCollection(to, schema, 'rooms', Readable.from([text]))).toBe(2);
    // Importing the same lines again breaks the unique index: refused, nothing added.
    await expect(importCollection(to, schema, 'rooms', Readable.from([text]))).rejects.toMatchObject({ code: 'DATABASE_REQUEST_FAILED' });

    const copy = await startTestEmulator({ dataDir: to, schema });
    const rooms = sdkFor(copy).database().collection('rooms');
    expect((await rooms.orderBy('_id', 'asc').get()).data).toEqual([
      { _id: 'r1', code: 'A1', at: new Date(1_700_000_000_000), n: 1.5 },
      { _id: 'r2', code: 'A2', tags: ['x'] },
    ]);
    await copy.stop();

    resetData(to);
    expect(fs.existsSync(path.join(to, 'database.sqlite'))).toBe(false);
    for (const dir of [from, to]) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('reset on a data directory that does not exist yet does nothing and creates nothing', () => {
    const parent = tempDir();
    const missing = path.join(parent, '.data');
    expect(() => resetData(missing)).not.toThrow();
    expect(fs.existsSync(missing)).toBe(false);
    fs.rmSync(parent, { recursive: true, force: true });
  });
});
