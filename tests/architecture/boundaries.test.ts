import fs from 'node:fs';
import path from 'node:path';
import { entryStatusLabels } from '../../src/shared/contract/volunteer';
import { memberStatusLabels } from '../../src/shared/model';

/**
 * Boundaries the code keeps (issue 8, point 4), checked over the source text so that the next file
 * crossing one fails here: a status is named in one place.
 */
const ROOT = path.resolve(__dirname, '../..');

/** The .ts/.tsx sources under `dir` (relative to the repository), tests and bundles left out. */
function sources(dir: string): string[] {
  const walk = (abs: string): string[] => fs.readdirSync(abs, { withFileTypes: true }).flatMap((e) => {
    if (e.name === 'node_modules' || e.name === 'dist') return [];
    const full = path.join(abs, e.name);
    if (e.isDirectory()) return walk(full);
    return /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts') ? [path.relative(ROOT, full)] : [];
  });
  return walk(path.join(ROOT, dir));
}

const read = (rel: string) => fs.readFileSync(path.join(ROOT, rel), 'utf8');
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const code = [...sources('src'), ...sources('cloudfunctions')];

describe('status labels live in one place', () => {
  // Entry statuses in the volunteer contract, member statuses in the model: pages, notices and the export import them.
  const homes: Record<string, string[]> = {
    'src/shared/contract/volunteer.ts': Object.values(entryStatusLabels),
    'src/shared/model.ts': Object.values(memberStatusLabels),
  };
  const labels = Object.values(homes).flat();
  // A label written out as a whole string literal or as a JSX text node.
  const written = labels.map((l) => new RegExp(`'${escape(l)}'|"${escape(l)}"|\`${escape(l)}\`|>\\s*${escape(l)}\\s*<`));

  it('has sources to check', () => expect(code.length).toBeGreaterThan(50));

  it('no source outside the label maps writes a status label out', () => {
    const offenders = code.filter((f) => !(f in homes) && written.some((w) => w.test(read(f))));
    expect(offenders).toEqual([]);
  });

  it('the label maps are where the labels are', () => {
    for (const [home, own] of Object.entries(homes)) for (const l of own) expect(read(home)).toContain(`'${l}'`);
  });
});

describe('storage is reached through one door on each side', () => {
  it('only cloudfunctions/_common/repositories/ touch db.collection', () => {
    const functions = sources('cloudfunctions');
    expect(functions.some((f) => f.startsWith('cloudfunctions/_common/repositories/'))).toBe(true);
    const offenders = functions.filter((f) => !f.startsWith('cloudfunctions/_common/repositories/') && /\.collection\s*\(/.test(read(f)));
    expect(offenders).toEqual([]);
  });

  /**
   * Pages, components, hooks and utils reach functions, storage and the network only through the
   * client module (src/services): no wx.cloud / Taro.cloud, upload or download, request, fetch, or
   * local storage of their own.
   */
  const CROSSING = [
    /\b(?:Taro|wx)\.cloud\b/,
    /\b(?:Taro|wx)\.(?:uploadFile|downloadFile|request|connectSocket)\b/,
    /\b(?:Taro|wx)\.(?:get|set|remove|clear)Storage(?:Sync|Info|InfoSync)?\b/,
    /\b(?:localStorage|sessionStorage|indexedDB|XMLHttpRequest)\b/,
    /(?<![.\w])fetch\s*\(/,
    /\bcallFunction\b|\bgetTempFileURL\b/,
  ];

  it('no source in src/ outside src/services calls storage, upload, cloud or network APIs itself', () => {
    const pages = sources('src').filter((f) => !f.startsWith('src/services/'));
    expect(pages.length).toBeGreaterThan(30);
    const offenders = pages.flatMap((f) => {
      const text = read(f);
      return CROSSING.filter((re) => re.test(text)).map((re) => `${f}: ${re.source}`);
    });
    expect(offenders).toEqual([]);
  });

  it('the rules see a crossing when there is one', () => {
    const crossing = ["await Taro.cloud.callFunction({ name: 'x' })", "Taro.uploadFile({ url, filePath, name: 'f' })", "Taro.getStorageSync('k')", "window.localStorage.getItem('k')", 'await fetch(url)'];
    for (const line of crossing) expect({ line, caught: CROSSING.some((re) => re.test(line)) }).toEqual({ line, caught: true });
    expect(CROSSING.some((re) => re.test('const blob = await fetchFile(url); obj.fetch(x)'))).toBe(false);
    expect(/\.collection\s*\(/.test("database().collection(Collections.rateLimits)")).toBe(true);
  });
});

describe('the documents the code cites are in the repository', () => {
  it('every .md path named in a source resolves, from the file or from the repository root, to a file inside the repository', () => {
    const files = [...code, ...sources('emulator/src'), ...sources('scripts')];
    const cited = files.flatMap((f) => [...read(f).matchAll(/(?<![\w/.-])((?:\.{1,2}\/)*[\w-]+(?:\/[\w.-]+)*\.md)\b/g)].map((m) => ({ f, ref: m[1] })));
    expect(cited.length).toBeGreaterThan(0);
    const missing = cited.filter(({ f, ref }) => {
      const candidates = [path.resolve(ROOT, path.dirname(f), ref), path.resolve(ROOT, ref)];
      return !candidates.some((c) => c.startsWith(ROOT + path.sep) && fs.existsSync(c));
    });
    expect(missing).toEqual([]);
  });
});
