import fs from 'node:fs';
import path from 'node:path';

/** src/shared is used by pages AND functions: it may import only itself and zod. */
const ALLOWED_PACKAGES = new Set(['zod']);

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [full] : [];
  });
}

describe('src/shared imports nothing from Taro, CloudBase or outside itself', () => {
  const files = sourceFiles(__dirname);
  it('has source files to check', () => expect(files.length).toBeGreaterThan(5));

  it.each(files.map((f) => [path.relative(__dirname, f), f]))('%s', (_rel, file) => {
    const text = fs.readFileSync(file, 'utf8');
    const specifiers = [...text.matchAll(/(?:from\s+|import\s*\(\s*|require\s*\(\s*)['"]([^'"]+)['"]/g)].map((m) => m[1]);
    for (const spec of specifiers) {
      if (spec.startsWith('.')) {
        const target = path.resolve(path.dirname(file), spec);
        expect(target.startsWith(__dirname)).toBe(true);
      } else {
        const pkg = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];
        expect(ALLOWED_PACKAGES.has(pkg) ? pkg : `forbidden import: ${spec}`).toBe(pkg);
      }
    }
  });
});
