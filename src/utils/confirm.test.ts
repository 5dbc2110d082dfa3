import fs from 'node:fs';
import path from 'node:path';

/**
 * WeChat's showModal refuses a confirmText longer than 4 Chinese characters (the dialog never opens
 * and confirmDialog answers false): the codes page's bulk reissue asked with 6 and did nothing.
 */
function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [p] : [];
  });
}

describe('confirm dialogs', () => {
  it('every confirmText and cancelText in the app is at most 4 characters', () => {
    const found: string[] = [];
    const tooLong: string[] = [];
    for (const file of sources(path.resolve(__dirname, '..'))) {
      for (const m of fs.readFileSync(file, 'utf8').matchAll(/(?:confirmText|cancelText):\s*'([^']*)'/g)) {
        found.push(m[1]);
        if ([...m[1]].length > 4) tooLong.push(`${path.relative(path.resolve(__dirname, '..'), file)}: ${m[1]}`);
      }
    }
    expect(found.length).toBeGreaterThan(5);
    expect(tooLong).toEqual([]);
  });
});
