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

export async function buildFunctions(names = functionNames()): Promise<void> {
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
        external: ['@cloudbase/node-sdk'],
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
