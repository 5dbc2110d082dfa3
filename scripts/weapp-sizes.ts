/**
 * Sizes of the weapp build in dist/: the main package and each subpackage, in bytes, as WeChat
 * counts them (every file under the package root; the main package is everything else). Budget:
 * main <= 600 KB (WeChat's own cap is 2 MB per package). Measure production builds only.
 *
 *   npm run build:weapp && npx tsx scripts/weapp-sizes.ts [--json] [distDir]
 */
import fs from 'node:fs';
import path from 'node:path';

export const MAIN_BUDGET_BYTES = 600 * 1024;
/** Project files DevTools reads but does not upload as part of any package. */
const NOT_PACKAGED = new Set(['project.config.json', 'project.private.config.json']);

export interface WeappSizes {
  main: number;
  subpackages: Record<string, number>;
  total: number;
  withinBudget: boolean;
}

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? filesUnder(full) : [full];
  });
}

export function weappSizes(distDir: string): WeappSizes {
  const appJson = JSON.parse(fs.readFileSync(path.join(distDir, 'app.json'), 'utf8')) as { subPackages?: Array<{ root: string }>; subpackages?: Array<{ root: string }> };
  const roots = (appJson.subPackages ?? appJson.subpackages ?? []).map((s) => s.root.replace(/\/$/, ''));
  const subpackages: Record<string, number> = Object.fromEntries(roots.map((r) => [r, 0]));
  let main = 0;
  for (const file of filesUnder(distDir)) {
    const rel = path.relative(distDir, file).split(path.sep).join('/');
    if (NOT_PACKAGED.has(rel)) continue;
    const size = fs.statSync(file).size;
    const root = roots.find((r) => rel.startsWith(`${r}/`));
    if (root) subpackages[root] += size;
    else main += size;
  }
  const total = main + Object.values(subpackages).reduce((a, b) => a + b, 0);
  return { main, subpackages, total, withinBudget: main <= MAIN_BUDGET_BYTES };
}

if (path.resolve(process.argv[1] ?? "") === __filename) {
  const args = process.argv.slice(2);
  const distDir = path.resolve(args.find((a) => !a.startsWith('--')) ?? 'dist');
  if (!fs.existsSync(path.join(distDir, 'app.json'))) {
    console.error(`no weapp build in ${distDir}: run npm run build:weapp first`);
    process.exit(1);
  }
  const sizes = weappSizes(distDir);
  if (args.includes('--json')) {
    console.log(JSON.stringify(sizes));
  } else {
    const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
    console.log(`main package        ${String(sizes.main).padStart(9)} B  ${kb(sizes.main)}  (budget ${kb(MAIN_BUDGET_BYTES)}: ${sizes.withinBudget ? 'ok' : 'OVER'})`);
    for (const [root, size] of Object.entries(sizes.subpackages)) console.log(`subpackage ${root.padEnd(9)}${String(size).padStart(9)} B  ${kb(size)}`);
    console.log(`total               ${String(sizes.total).padStart(9)} B  ${kb(sizes.total)}`);
  }
  if (!sizes.withinBudget) process.exitCode = 1;
}
