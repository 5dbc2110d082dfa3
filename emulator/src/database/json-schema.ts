/**
 * `$jsonSchema` as MongoDB has it: JSON Schema draft 4 without `$ref`, `$schema`, `default`,
 * `definitions`, `format`, `id` and the `integer` type, plus `bsonType`. Keywords that constrain one
 * type (`minimum`, `minLength`, `items` ...) let values of other types through, as in MongoDB. A schema
 * MongoDB refuses fails when the query is compiled (DATABASE_REQUEST_FAILED), never per document.
 *
 * Numbers: the database keeps JavaScript numbers, so `int` is an integer in the 32-bit range, `long`
 * any other integer, `double` a number with a fraction, and `decimal` matches nothing.
 */
type Schema = Record<string, unknown>;
type Check = (value: unknown) => boolean;

const KEYWORDS = new Set([
  'bsonType', 'type', 'enum', 'required', 'properties', 'patternProperties', 'additionalProperties', 'minProperties',
  'maxProperties', 'dependencies', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf',
  'minLength', 'maxLength', 'pattern', 'items', 'additionalItems', 'minItems', 'maxItems', 'uniqueItems', 'allOf',
  'anyOf', 'oneOf', 'not', 'title', 'description',
]);
const REFUSED = new Set(['$ref', '$schema', 'default', 'definitions', 'format', 'id']);

const bad = (message: string): never => {
  throw new Error(`$jsonSchema: ${message}`);
};

const isObj = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date) && !(v instanceof RegExp) && !bsonTag(v);
function bsonTag(v: unknown): string | undefined {
  if (v === null || typeof v !== 'object') return undefined;
  const tag = (v as { _bsontype?: string })._bsontype;
  if (tag) return tag.toLowerCase();
  if (Buffer.isBuffer(v) || v instanceof Uint8Array) return 'binary';
  return undefined;
}

const INT32 = 2 ** 31;
const BSON_TYPES: Record<string, Check> = {
  double: (v) => typeof v === 'number' && !Number.isInteger(v),
  string: (v) => typeof v === 'string',
  object: isObj,
  array: Array.isArray,
  binData: (v) => bsonTag(v) === 'binary',
  objectId: (v) => bsonTag(v) === 'objectid',
  bool: (v) => typeof v === 'boolean',
  date: (v) => v instanceof Date,
  null: (v) => v === null,
  regex: (v) => v instanceof RegExp || bsonTag(v) === 'bsonregexp',
  int: (v) => typeof v === 'number' && Number.isInteger(v) && v >= -INT32 && v < INT32,
  long: (v) => typeof v === 'number' && Number.isInteger(v) && (v < -INT32 || v >= INT32),
  decimal: () => false,
  timestamp: (v) => bsonTag(v) === 'timestamp',
  number: (v) => typeof v === 'number',
};
const JSON_TYPES: Record<string, Check> = {
  object: isObj,
  array: Array.isArray,
  number: (v) => typeof v === 'number',
  boolean: (v) => typeof v === 'boolean',
  string: (v) => typeof v === 'string',
  null: (v) => v === null,
};

function typeCheck(spec: unknown, table: Record<string, Check>, keyword: string): Check {
  const names = Array.isArray(spec) ? spec : [spec];
  if (names.length === 0) bad(`${keyword} must name at least one type`);
  const checks = names.map((n) => {
    if (typeof n !== 'string') return bad(`${keyword} must be a string or an array of strings`);
    if (keyword === 'type' && n === 'integer') return bad(`${keyword} 'integer' is not currently supported.`);
    return table[n] ?? bad(`${keyword} '${n}' is not a valid type`);
  });
  return (v) => checks.some((c) => c(v));
}

function count(schema: Schema, k: string): number {
  const n = schema[k];
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) bad(`${k} must be a non-negative integer`);
  return n as number;
}
function num(schema: Schema, k: string): number {
  if (typeof schema[k] !== 'number') bad(`${k} must be a number`);
  return schema[k] as number;
}
function schemaArray(schema: Schema, k: string): Check[] {
  const list = schema[k];
  if (!Array.isArray(list) || list.length === 0) bad(`${k} must be a non-empty array of schemas`);
  return (list as unknown[]).map((s) => compile(s));
}

function equal(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => equal(x, b[i]));
  if (isObj(a) && isObj(b)) {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k, i) => k === kb[i] && equal(a[k], b[k]));
  }
  return false;
}

function compile(schema: unknown): Check {
  if (!isObj(schema)) return bad('schema must be an object');
  const checks: Check[] = [];
  const onType = (is: Check, check: Check) => checks.push((v) => !is(v) || check(v));
  const isNum = JSON_TYPES.number;
  const isStr = JSON_TYPES.string;
  for (const k of Object.keys(schema)) {
    if (REFUSED.has(k)) bad(`keyword '${k}' is not currently supported`);
    if (!KEYWORDS.has(k)) bad(`Unknown $jsonSchema keyword: ${k}`);
  }
  if ('type' in schema && 'bsonType' in schema) bad('Cannot specify both type and bsonType');
  if ('bsonType' in schema) checks.push(typeCheck(schema.bsonType, BSON_TYPES, 'bsonType'));
  if ('type' in schema) checks.push(typeCheck(schema.type, JSON_TYPES, 'type'));
  if ('enum' in schema) {
    const list = schema.enum;
    if (!Array.isArray(list) || list.length === 0) bad('enum must be a non-empty array');
    checks.push((v) => (list as unknown[]).some((x) => equal(x, v)));
  }
  // numbers
  if ('minimum' in schema) {
    const min = num(schema, 'minimum');
    const ex = schema.exclusiveMinimum === true;
    onType(isNum, (v) => (ex ? (v as number) > min : (v as number) >= min));
  } else if ('exclusiveMinimum' in schema) bad('exclusiveMinimum needs minimum');
  if ('maximum' in schema) {
    const max = num(schema, 'maximum');
    const ex = schema.exclusiveMaximum === true;
    onType(isNum, (v) => (ex ? (v as number) < max : (v as number) <= max));
  } else if ('exclusiveMaximum' in schema) bad('exclusiveMaximum needs maximum');
  if ('multipleOf' in schema) {
    const m = num(schema, 'multipleOf');
    if (m <= 0) bad('multipleOf must be positive');
    onType(isNum, (v) => Number.isInteger((v as number) / m));
  }
  // strings (lengths in code points)
  if ('minLength' in schema) {
    const n = count(schema, 'minLength');
    onType(isStr, (v) => Array.from(v as string).length >= n);
  }
  if ('maxLength' in schema) {
    const n = count(schema, 'maxLength');
    onType(isStr, (v) => Array.from(v as string).length <= n);
  }
  if ('pattern' in schema) {
    if (typeof schema.pattern !== 'string') bad('pattern must be a string');
    const re = new RegExp(schema.pattern as string, 'u');
    onType(isStr, (v) => re.test(v as string));
  }
  // arrays
  if ('minItems' in schema) {
    const n = count(schema, 'minItems');
    onType(Array.isArray, (v) => (v as unknown[]).length >= n);
  }
  if ('maxItems' in schema) {
    const n = count(schema, 'maxItems');
    onType(Array.isArray, (v) => (v as unknown[]).length <= n);
  }
  if (schema.uniqueItems === true) {
    onType(Array.isArray, (v) => (v as unknown[]).every((x, i, all) => all.findIndex((y) => equal(x, y)) === i));
  }
  if ('items' in schema) {
    const items = schema.items;
    if (Array.isArray(items)) {
      const each = items.map((s) => compile(s));
      const extra = schema.additionalItems;
      const extraCheck: Check | undefined = extra === false ? () => false : isObj(extra) ? compile(extra) : undefined;
      onType(Array.isArray, (v) =>
        (v as unknown[]).every((x, i) => (i < each.length ? each[i](x) : extraCheck ? extraCheck(x) : true)),
      );
    } else {
      const each = compile(items);
      onType(Array.isArray, (v) => (v as unknown[]).every(each));
    }
  }
  // objects
  if ('required' in schema) {
    const req = schema.required;
    if (!Array.isArray(req) || req.length === 0 || !req.every((x) => typeof x === 'string')) bad('required must be a non-empty array of strings');
    onType(isObj, (v) => (req as string[]).every((f) => Object.prototype.hasOwnProperty.call(v, f)));
  }
  if ('minProperties' in schema) {
    const n = count(schema, 'minProperties');
    onType(isObj, (v) => Object.keys(v as object).length >= n);
  }
  if ('maxProperties' in schema) {
    const n = count(schema, 'maxProperties');
    onType(isObj, (v) => Object.keys(v as object).length <= n);
  }
  const props = new Map<string, Check>();
  if ('properties' in schema) {
    if (!isObj(schema.properties)) bad('properties must be an object');
    for (const [f, s] of Object.entries(schema.properties as Schema)) props.set(f, compile(s));
  }
  const patterns: Array<[RegExp, Check]> = [];
  if ('patternProperties' in schema) {
    if (!isObj(schema.patternProperties)) bad('patternProperties must be an object');
    for (const [p, s] of Object.entries(schema.patternProperties as Schema)) patterns.push([new RegExp(p, 'u'), compile(s)]);
  }
  let additional: Check | undefined;
  if ('additionalProperties' in schema) {
    const a = schema.additionalProperties;
    if (a === false) additional = () => false;
    else if (a === true) additional = undefined;
    else if (isObj(a)) additional = compile(a);
    else bad('additionalProperties must be a boolean or an object');
  }
  if (props.size || patterns.length || additional) {
    onType(isObj, (v) =>
      Object.entries(v as Record<string, unknown>).every(([f, x]) => {
        let covered = false;
        const p = props.get(f);
        if (p) {
          covered = true;
          if (!p(x)) return false;
        }
        for (const [re, c] of patterns) {
          if (re.test(f)) {
            covered = true;
            if (!c(x)) return false;
          }
        }
        return covered || !additional || additional(x);
      }),
    );
  }
  if ('dependencies' in schema) {
    if (!isObj(schema.dependencies)) bad('dependencies must be an object');
    for (const [f, dep] of Object.entries(schema.dependencies as Schema)) {
      const has = (v: unknown) => Object.prototype.hasOwnProperty.call(v, f);
      if (Array.isArray(dep)) onType(isObj, (v) => !has(v) || dep.every((d) => Object.prototype.hasOwnProperty.call(v, d as string)));
      else {
        const c = compile(dep);
        onType(isObj, (v) => !has(v) || c(v));
      }
    }
  }
  // combinators
  if ('allOf' in schema) {
    const list = schemaArray(schema, 'allOf');
    checks.push((v) => list.every((c) => c(v)));
  }
  if ('anyOf' in schema) {
    const list = schemaArray(schema, 'anyOf');
    checks.push((v) => list.some((c) => c(v)));
  }
  if ('oneOf' in schema) {
    const list = schemaArray(schema, 'oneOf');
    checks.push((v) => list.filter((c) => c(v)).length === 1);
  }
  if ('not' in schema) {
    const c = compile(schema.not);
    checks.push((v) => !c(v));
  }
  return (v) => checks.every((c) => c(v));
}

/** mingo's `jsonSchemaValidator`: compiles once per query (throws on a schema MongoDB refuses). */
export function compileJsonSchema(schema: Record<string, unknown>): (doc: unknown) => boolean {
  return compile(schema);
}
