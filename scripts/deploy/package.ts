import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ASSETS, externalsOf } from '../build-functions';

/**
 * A function's deploy package: the folder uploaded with `installDependency: false`, so it must hold
 * everything the function loads: the esbuild bundle (index.js), its package.json, the assets it reads
 * beside itself (develop's CJK font), and the packages the bundle keeps external (@cloudbase/node-sdk;
 * pdfkit for develop, which reads its own data files) with their whole dependency trees, laid out
 * under the package's node_modules exactly as they sit under the repository's, so Node resolves
 * them the same way with nothing above the folder.
 */
const root = path.resolve(__dirname, '..', '..');
export const functionsDir = path.join(root, 'cloudfunctions');
const rootModules = path.join(root, 'node_modules');

/** The folder of an installed package as Node finds it from `fromDir` (walking up node_modules folders). */
function packageDirFrom(name: string, fromDir: string): string | undefined {
  let dir = fromDir;
  for (;;) {
    const candidate = path.join(dir, 'node_modules', name);
    if (fs.existsSync(path.join(candidate, 'package.json'))) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** Every package folder `names` need at run time (dependencies and the optional ones installed), by path. */
export function dependencyTree(names: string[], fromDir = root): string[] {
  const found = new Set<string>();
  const visit = (name: string, from: string, optional: boolean) => {
    const dir = packageDirFrom(name, from);
    if (!dir) {
      if (optional) return;
      throw new Error(`${name} is not installed (needed from ${path.relative(root, from) || '.'}): run npm install`);
    }
    if (found.has(dir)) return;
    found.add(dir);
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as {
      dependencies?: Record<string, string>;
      optionalDependencies?: Record<string, string>;
    };
    for (const dep of Object.keys(pkg.dependencies ?? {})) visit(dep, dir, Boolean(pkg.optionalDependencies?.[dep]));
    for (const dep of Object.keys(pkg.optionalDependencies ?? {})) visit(dep, dir, true);
  };
  for (const name of names) visit(name, fromDir, false);
  return [...found].sort();
}

/**
 * Puts every file of `from` at the same place under `to`, as hard links where the file system allows
 * (a package is tens of MB of node_modules: linking takes a fraction of a second, copying most of a
 * minute on a busy machine), else as copies. `skip` leaves out a path and everything under it.
 */
export function linkTree(from: string, to: string, skip: (src: string) => boolean = () => false): void {
  fs.mkdirSync(to, { recursive: true });
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    const src = path.join(from, entry.name);
    const dst = path.join(to, entry.name);
    if (skip(src)) continue;
    const stat = entry.isSymbolicLink() ? fs.statSync(src) : entry;
    if (stat.isDirectory()) linkTree(src, dst, skip);
    else linkFile(src, dst);
  }
}

function linkFile(src: string, dst: string): void {
  fs.rmSync(dst, { force: true });
  try {
    fs.linkSync(src, dst);
  } catch {
    fs.copyFileSync(src, dst);
  }
}

/** Where the package sits under node_modules (`pdfkit`, `a/node_modules/b`): the same under the function's. */
function moduleRelative(dir: string): string {
  const relative = path.relative(rootModules, dir);
  if (relative.startsWith('..')) throw new Error(`${dir} lies outside node_modules`);
  return relative;
}

function copyPackage(dir: string, targetModules: string): void {
  const nested = path.join(dir, 'node_modules');
  // Nested node_modules come over only for the packages the tree needs (each its own entry).
  linkTree(dir, path.join(targetModules, moduleRelative(dir)), (src) => src === nested);
}

/** An installed package is its name and version (npm never republishes a version): its place and package.json stand for its files. */
function packageIdentity(dir: string): string {
  return `${moduleRelative(dir).split(path.sep).join('/')}\0${fs.readFileSync(path.join(dir, 'package.json'), 'utf8')}`;
}

/**
 * sha256 over the package: each own file (its path in the package and its bytes, in path order) and
 * each installed package's place and package.json. The same inputs give the same hash.
 */
export function packageSha256(files: Array<{ rel: string; from: string }>, modules: string[]): string {
  const hash = createHash('sha256');
  for (const identity of modules.map(packageIdentity).sort()) {
    hash.update(identity);
    hash.update('\0');
  }
  for (const { rel, from } of [...files].sort((a, b) => (a.rel < b.rel ? -1 : 1))) {
    hash.update(rel);
    hash.update('\0');
    hash.update(fs.readFileSync(from));
    hash.update('\0');
  }
  return hash.digest('hex');
}

export interface FunctionPackage {
  dir: string;
  sha256: string;
}

/**
 * Builds `<outRoot>/<name>/` from the function's bundle (run `npm run build:functions` first). The
 * hash comes from the inputs, so an unchanged package (`<outRoot>/<name>.sha256` says which was
 * built) is not built again.
 */
export function packageFunction(name: string, outRoot: string): FunctionPackage {
  const source = path.join(functionsDir, name);
  const files = [{ rel: 'index.js', from: path.join(source, 'index.js') }];
  if (!fs.existsSync(files[0].from)) throw new Error(`cloudfunctions/${name}/index.js missing: run npm run build:functions`);
  if (fs.existsSync(path.join(source, 'package.json'))) files.push({ rel: 'package.json', from: path.join(source, 'package.json') });
  for (const { to } of ASSETS[name] ?? []) {
    const from = path.join(source, to);
    if (!fs.existsSync(from)) throw new Error(`cloudfunctions/${name}/${to} missing: run npm run build:functions`);
    files.push({ rel: to, from });
  }
  const modules = dependencyTree(externalsOf(name));
  const sha256 = packageSha256(files, modules);
  const dir = path.join(outRoot, name);
  const marker = path.join(outRoot, `${name}.sha256`);
  if (fs.existsSync(dir) && fs.existsSync(marker) && fs.readFileSync(marker, 'utf8') === sha256) return { dir, sha256 };

  fs.rmSync(marker, { force: true });
  fs.rmSync(dir, { recursive: true, force: true });
  for (const { rel, from } of files) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    // The bundle is copied (a build rewrites it in place); the rest is linked.
    if (rel === 'index.js') fs.copyFileSync(from, path.join(dir, rel));
    else linkFile(from, path.join(dir, rel));
  }
  for (const pkg of modules) copyPackage(pkg, path.join(dir, 'node_modules'));
  fs.writeFileSync(marker, sha256);
  return { dir, sha256 };
}
