import fs from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';

/**
 * The package depends on nothing of the project around it: every import in its sources, tests, bin
 * and examples is a file inside the package, a Node built-in, or a package its package.json names.
 */
const PKG = path.resolve(__dirname, '..');
const manifest = JSON.parse(fs.readFileSync(path.join(PKG, 'package.json'), 'utf8'));
const declared = new Set([manifest.name, ...Object.keys({ ...manifest.dependencies, ...manifest.devDependencies, ...manifest.peerDependencies })]);

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    if (e.name === 'node_modules') return [];
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return files(full);
    return /\.(ts|js)$/.test(e.name) ? [full] : [];
  });
}

const SPECIFIER = /(?:^|[^.\w])(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|\brequire\(\s*['"]([^'"]+)['"]\s*\)|\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  return [...text.matchAll(SPECIFIER)].map((m) => m[1] ?? m[2] ?? m[3]);
}

const packageOf = (spec: string) => (spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]);

describe('cloudbase-local is self-contained', () => {
  const all = ['src', 'test', 'bin', 'examples'].flatMap((d) => files(path.join(PKG, d)));

  it('has files to check', () => expect(all.length).toBeGreaterThan(80));

  it('imports only its own files, Node built-ins and the packages it declares', () => {
    const offenders: string[] = [];
    for (const file of all) {
      for (const spec of importsOf(file)) {
        const where = `${path.relative(PKG, file)}: ${spec}`;
        if (spec.startsWith('.')) {
          const target = path.resolve(path.dirname(file), spec);
          if (path.relative(PKG, target).startsWith('..')) offenders.push(where);
        } else if (spec.startsWith('node:') || builtinModules.includes(spec)) {
          continue;
        } else if (!declared.has(packageOf(spec))) offenders.push(where);
      }
    }
    expect(offenders).toEqual([]);
  });
});
