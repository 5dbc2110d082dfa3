import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/**
 * Repositories report the outcome of a change one way: `RepoResult` (outcome.ts). A method that
 * answers a bare boolean or a string union (`'done' | 'stale'`) for whether its change happened
 * fails here; plain reads (a document, a list, null) are not outcomes and pass.
 */

function methodsOf(file: string): Array<{ name: string; returns: string }> {
  const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const found: Array<{ name: string; returns: string }> = [];
  const visit = (node: ts.Node) => {
    if ((ts.isMethodDeclaration(node) || ts.isPropertyAssignment(node)) && ts.isObjectLiteralExpression(node.parent)) {
      const fn = ts.isMethodDeclaration(node) ? node : ts.isArrowFunction(node.initializer) || ts.isFunctionExpression(node.initializer) ? node.initializer : null;
      if (fn?.type) found.push({ name: node.name.getText(source), returns: fn.type.getText(source).replace(/\s+/g, ' ') });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** A bare yes/no or a union of words, outside a RepoResult. */
const reportsAnotherWay = (returns: string) => /^Promise<boolean>$/.test(returns) || (/'/.test(returns) && !/^Promise<RepoResult</.test(returns) && /^Promise<\s*(\w+\s*\|\s*)*'/.test(returns));

const dir = __dirname;
const files = fs.readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));

describe('repositories report outcomes one way (RepoResult)', () => {
  it('finds the repositories and their methods', () => {
    expect(files).toEqual(expect.arrayContaining(['entries.ts', 'activities.ts']));
    expect(methodsOf(path.join(dir, 'entries.ts')).map((m) => m.name)).toEqual(expect.arrayContaining(['updateIf', 'updateIfDayUnchanged', 'review']));
  });

  it.each(files)('%s', (file) => {
    const repo = file.replace(/\.ts$/, '');
    const offenders = methodsOf(path.join(dir, file))
      .filter((m) => reportsAnotherWay(m.returns))
      .map((m) => `${repo}.${m.name}: ${m.returns}`);
    expect(offenders).toEqual([]);
  });
});
