import fs from 'node:fs';

/**
 * CloudBase's storage security rules: `{"read": <bool | expr>, "write": <bool | expr>}`, one pair for
 * the whole bucket, checked on client requests only (the server SDK is never restricted). A missing
 * key denies, as in CloudBase. Expressions are parsed here into a tree and evaluated over `auth`,
 * `resource` and `now`; nothing is ever handed to eval or Function.
 *
 * The language subset: literals (`true`, `false`, `null`, numbers, '...' / "..." strings), the
 * variables, member access, `!`, `==`, `!=`, `<`, `<=`, `>`, `>=`, `&&`, `||`, parentheses (all
 * documented by CloudBase), and two extensions the shipped file uses, which CloudBase does not
 * document: `+` joining strings and `<string>.startsWith(<string>)`. Anything else is a parse error.
 */

export type Operation = 'read' | 'write';

export interface RuleContext {
  /** null when the caller is not signed in. */
  auth: { openid: string; uid?: string; loginType?: string } | null;
  /** The file: its creator's openid ('' when the server wrote it) and its path in the bucket. */
  resource: { openid: string; path: string };
  /** Unix milliseconds. */
  now: number;
}

type Node =
  | { kind: 'lit'; value: string | number | boolean | null }
  | { kind: 'var'; name: 'auth' | 'resource' | 'now' }
  | { kind: 'member'; object: Node; name: string }
  | { kind: 'call'; object: Node; method: 'startsWith'; arg: Node }
  | { kind: 'not'; operand: Node }
  | { kind: 'bin'; op: BinOp; left: Node; right: Node };

type BinOp = '==' | '!=' | '<' | '<=' | '>' | '>=' | '&&' | '||' | '+';

const MAX_EXPRESSION = 2000;
const MAX_DEPTH = 32;
const VARIABLES = new Set(['auth', 'resource', 'now']);

export class RuleSyntaxError extends Error {}

type Token = { t: 'op' | 'ident' | 'str' | 'num'; v: string };

function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const two = src.slice(i, i + 2);
    if (['==', '!=', '<=', '>=', '&&', '||'].includes(two)) {
      tokens.push({ t: 'op', v: two });
      i += 2;
      continue;
    }
    if ('!<>+().,'.includes(c)) {
      tokens.push({ t: 'op', v: c });
      i++;
      continue;
    }
    if (c === "'" || c === '"') {
      const end = src.indexOf(c, i + 1);
      if (end < 0) throw new RuleSyntaxError(`unterminated string at ${i}`);
      const value = src.slice(i + 1, end);
      if (value.includes('\\')) throw new RuleSyntaxError('escapes in strings are not supported');
      tokens.push({ t: 'str', v: value });
      i = end + 1;
      continue;
    }
    const num = /^\d+(\.\d+)?/.exec(src.slice(i));
    if (num) {
      tokens.push({ t: 'num', v: num[0] });
      i += num[0].length;
      continue;
    }
    const ident = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i));
    if (ident) {
      tokens.push({ t: 'ident', v: ident[0] });
      i += ident[0].length;
      continue;
    }
    throw new RuleSyntaxError(`unexpected ${JSON.stringify(c)} at ${i}`);
  }
  return tokens;
}

/** Parses one rule expression; throws RuleSyntaxError naming the problem. */
export function parseExpression(src: string): Node {
  if (src.length > MAX_EXPRESSION) throw new RuleSyntaxError(`expression longer than ${MAX_EXPRESSION} characters`);
  const tokens = tokenize(src);
  let pos = 0;
  let depth = 0;
  const peek = () => tokens[pos];
  const isOp = (v: string) => peek()?.t === 'op' && peek().v === v;
  const expect = (v: string) => {
    if (!isOp(v)) throw new RuleSyntaxError(`expected "${v}" at token ${pos}`);
    pos++;
  };
  const nest = <T>(f: () => T): T => {
    if (++depth > MAX_DEPTH) throw new RuleSyntaxError(`nested deeper than ${MAX_DEPTH}`);
    try {
      return f();
    } finally {
      depth--;
    }
  };

  const binary = (ops: BinOp[], next: () => Node, once = false) => (): Node => {
    let left = next();
    while (peek()?.t === 'op' && (ops as string[]).includes(peek().v)) {
      const op = tokens[pos++].v as BinOp;
      left = { kind: 'bin', op, left, right: next() };
      if (once) break;
    }
    return left;
  };

  function primary(): Node {
    const tok = tokens[pos++];
    if (!tok) throw new RuleSyntaxError('unexpected end of expression');
    if (tok.t === 'str') return { kind: 'lit', value: tok.v };
    if (tok.t === 'num') return { kind: 'lit', value: Number(tok.v) };
    if (tok.t === 'ident') {
      if (tok.v === 'true' || tok.v === 'false') return { kind: 'lit', value: tok.v === 'true' };
      if (tok.v === 'null') return { kind: 'lit', value: null };
      if (VARIABLES.has(tok.v)) return { kind: 'var', name: tok.v as 'auth' | 'resource' | 'now' };
      throw new RuleSyntaxError(`unknown variable "${tok.v}"`);
    }
    if (tok.v === '(') {
      const inner = nest(or);
      expect(')');
      return inner;
    }
    throw new RuleSyntaxError(`unexpected "${tok.v}"`);
  }

  function postfix(): Node {
    let node = primary();
    while (isOp('.')) {
      pos++;
      const name = tokens[pos++];
      if (name?.t !== 'ident') throw new RuleSyntaxError('expected a property name after "."');
      if (isOp('(')) {
        if (name.v !== 'startsWith') throw new RuleSyntaxError(`unsupported method "${name.v}"`);
        pos++;
        const arg = nest(or);
        expect(')');
        node = { kind: 'call', object: node, method: 'startsWith', arg };
      } else {
        node = { kind: 'member', object: node, name: name.v };
      }
    }
    return node;
  }

  function unary(): Node {
    if (isOp('!')) {
      pos++;
      return nest(() => ({ kind: 'not', operand: unary() }));
    }
    return postfix();
  }

  const add = binary(['+'], unary);
  const rel = binary(['<', '<=', '>', '>='], add, true);
  const eq = binary(['==', '!='], rel);
  const and = binary(['&&'], eq);
  const or: () => Node = binary(['||'], and);

  const tree = or();
  if (pos !== tokens.length) throw new RuleSyntaxError(`unexpected "${tokens[pos].v}" after the expression`);
  return tree;
}

class EvalError extends Error {}

function evaluate(node: Node, ctx: RuleContext): unknown {
  switch (node.kind) {
    case 'lit':
      return node.value;
    case 'var':
      return ctx[node.name];
    case 'member': {
      const obj = evaluate(node.object, ctx);
      if (obj === null || obj === undefined || typeof obj !== 'object') return undefined;
      return Object.prototype.hasOwnProperty.call(obj, node.name) ? (obj as Record<string, unknown>)[node.name] : undefined;
    }
    case 'call': {
      const obj = evaluate(node.object, ctx);
      const arg = evaluate(node.arg, ctx);
      if (typeof obj !== 'string' || typeof arg !== 'string') throw new EvalError('startsWith needs two strings');
      return obj.startsWith(arg);
    }
    case 'not':
      return !truthy(evaluate(node.operand, ctx));
    case 'bin': {
      if (node.op === '&&') return truthy(evaluate(node.left, ctx)) && truthy(evaluate(node.right, ctx));
      if (node.op === '||') return truthy(evaluate(node.left, ctx)) || truthy(evaluate(node.right, ctx));
      const l = evaluate(node.left, ctx);
      const r = evaluate(node.right, ctx);
      switch (node.op) {
        case '==':
          return same(l, r);
        case '!=':
          return !same(l, r);
        case '+':
          if (typeof l === 'string' && typeof r === 'string') return l + r;
          if (typeof l === 'number' && typeof r === 'number') return l + r;
          throw new EvalError('+ needs two strings or two numbers');
        default:
          if (typeof l !== 'number' || typeof r !== 'number') throw new EvalError(`${node.op} needs numbers`);
          return node.op === '<' ? l < r : node.op === '<=' ? l <= r : node.op === '>' ? l > r : l >= r;
      }
    }
  }
}

/** `null` and a missing property compare equal, so `auth == null` holds for a guest. */
function same(a: unknown, b: unknown): boolean {
  if ((a === null || a === undefined) && (b === null || b === undefined)) return true;
  return a === b;
}

function truthy(v: unknown): boolean {
  return v === true;
}

export interface StorageRules {
  /** Whether `op` is allowed; an expression that fails to evaluate denies. */
  allows(op: Operation, ctx: RuleContext): boolean;
}

/** Compiles a rules object (the parsed JSON file). Throws RuleSyntaxError for a malformed one. */
export function compileRules(source: unknown): StorageRules {
  if (!source || typeof source !== 'object' || Array.isArray(source)) throw new RuleSyntaxError('storage rules must be a JSON object');
  const compiled: Partial<Record<Operation, Node>> = {};
  for (const [key, value] of Object.entries(source)) {
    if (key !== 'read' && key !== 'write') throw new RuleSyntaxError(`unknown operation "${key}" (only read and write)`);
    if (typeof value === 'boolean') compiled[key] = { kind: 'lit', value };
    else if (typeof value === 'string') {
      try {
        compiled[key] = parseExpression(value);
      } catch (err) {
        throw new RuleSyntaxError(`${key}: ${(err as Error).message}`);
      }
    } else throw new RuleSyntaxError(`${key} must be a boolean or an expression string`);
  }
  return {
    allows(op, ctx) {
      const node = compiled[op];
      if (!node) return false;
      try {
        return truthy(evaluate(node, ctx));
      } catch {
        return false;
      }
    },
  };
}

/** The rules file, or CloudBase's default for a bucket with none (`{}`: every client request denied). */
export function loadRules(file: string): StorageRules {
  if (!fs.existsSync(file)) return compileRules({});
  try {
    return compileRules(JSON.parse(fs.readFileSync(file, 'utf8')));
  } catch (err) {
    throw new Error(`storage rules ${file}: ${(err as Error).message}`);
  }
}
