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
