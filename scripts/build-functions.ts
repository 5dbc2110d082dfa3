import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

/**
 * Bundles each `cloudfunctions/<name>/src/index.ts` into `cloudfunctions/<name>/index.js`, the folder
 * CloudBase deploys (shared code inlined; @cloudbase/node-sdk stays the function's dependency, listed
 * in its package.json). Folders starting with `_` hold shared server code, not functions.
 */
const root = path.resolve(__dirname, '..');
const functionsDir = path.join(root, 'cloudfunctions');

export function functionNames(): string[] {
  return fs
    .readdirSync(functionsDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && !d.name.startsWith('_') && fs.existsSync(path.join(functionsDir, d.name, 'src', 'index.ts')))
    .map((d) => d.name);
}

/**
 * Files a function reads at run time beside its bundle (`__dirname`), copied from npm packages: the
 * folder CloudBase deploys then holds them, and the emulator finds them where it loads index.js.
 * develop and plaque: the CJK font of their PDFs (the conversion evidence pack, the printed door
 * cards; Noto Sans SC, OTF, about 8 MB; read by cloudfunctions/_common/pdf.ts).
 */
const CJK_FONT = { from: '@embedpdf/fonts-sc/fonts/NotoSansHans-Regular.otf', to: 'fonts/NotoSansHans-Regular.otf' };
export const ASSETS: Record<string, Array<{ from: string; to: string }>> = {
  develop: [CJK_FONT],
  plaque: [CJK_FONT],
};

/**
 * Dependencies a function keeps as its own (listed in its package.json, installed by CloudBase on
 * upload) instead of inlining them: pdfkit reads its data files (standard fonts, ICC profile) beside
 * its own modules, which a bundle would not carry.
 */
export const EXTERNALS: Record<string, string[]> = { develop: ['pdfkit'], plaque: ['pdfkit'] };

/** Every package a function's bundle requires at run time (what its deploy package must carry, scripts/deploy/package.ts). */
export function externalsOf(name: string): string[] {
  return ['@cloudbase/node-sdk', ...(EXTERNALS[name] ?? [])];
}

function copyAssets(name: string): void {
  for (const { from, to } of ASSETS[name] ?? []) {
    const source = path.join(root, 'node_modules', from);
    const target = path.join(functionsDir, name, to);
    const stale = !fs.existsSync(target) || fs.statSync(target).size !== fs.statSync(source).size;
    if (!stale) continue;
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.copyFileSync(source, target);
  }
}

export async function buildFunctions(names = functionNames()): Promise<void> {
  for (const name of names) copyAssets(name);
  await Promise.all(
    names.map((name) =>
      build({
        entryPoints: [path.join(functionsDir, name, 'src', 'index.ts')],
        outfile: path.join(functionsDir, name, 'index.js'),
        bundle: true,
        platform: 'node',
        // CloudBase's Node.js 16 runtime.
        target: 'node16',
        format: 'cjs',
        external: externalsOf(name),
        logLevel: 'warning',
        legalComments: 'none',
        banner: { js: '// Built by scripts/build-functions.ts from src/; do not edit.' },
      }),
    ),
  );
}

if (path.resolve(process.argv[1] ?? "") === __filename) {
  const names = functionNames();
  buildFunctions(names).then(
    () => console.log(`built cloud functions: ${names.join(', ')}`),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
