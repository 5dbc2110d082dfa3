/* eslint-disable @typescript-eslint/no-require-imports */
/**
 * mingo's `update(doc, modifier, undefined, undefined, {cloneMode: 'deep'})` for an update document
 * (not a pipeline), with its options made once. mingo's updater builds fresh options on every call:
 * a copy of each operator table of its context, then four more merges of operator tables into it,
 * which was most of an `update` request's time in the emulator. The update operators are mingo's
 * own, given the same options (idKey `_id`, no condition, no array filters, deep clones); each one
 * finds its paths itself, as mingo's operators do when called alone (conflicting paths across
 * operators are refused before, by engine.ts `validateUpdate`).
 */
import { ops } from './mingo-ops';

type AnyObject = Record<string, unknown>;
type Mutate = (doc: AnyObject) => string[];
type UpdateOperator = (expr: unknown, arrayFilters: unknown[], options: unknown) => Mutate;
interface ComputeOptionsClass {
  init(options: unknown): { update(locals: AnyObject): unknown };
}

const { Context, evalExpr } = require('mingo/core') as {
  Context: { init(ops: AnyObject): unknown };
  evalExpr: (obj: unknown, expr: unknown, options: unknown) => unknown;
};
const UPDATE_OPERATORS = require('mingo/operators/update') as Record<string, UpdateOperator>;

/** The operator tables of mingo's default context (what `update` from 'mingo' runs with). */
const CONTEXT = Context.init(ops);

/** mingo's ComputeOptions class, which it does not export: an expression operator receives an instance. */
export const ComputeOptions: ComputeOptionsClass = (() => {
  let made: { constructor: ComputeOptionsClass } | undefined;
  evalExpr({}, { $emulatorProbe: 1 }, { context: Context.init({ expression: { $emulatorProbe: (_o: unknown, _e: unknown, options: typeof made) => (made = options) } }) });
  if (typeof made?.constructor?.init !== 'function') throw new Error('mingo: ComputeOptions not found (a mingo upgrade changed its internals)');
  return made.constructor;
})();

const BASE = ComputeOptions.init({ context: CONTEXT, collation: {} }).update({ condition: {}, updateConfig: { cloneMode: 'deep' } });

/** Applies `modifier` to `doc` in place; returns whether any field changed (mingo's `update(...).length > 0`). */
export function mongoUpdate(doc: AnyObject, modifier: AnyObject): boolean {
  const unknown = Object.keys(modifier).find((op) => !UPDATE_OPERATORS[op]);
  if (unknown) throw new Error(`Unknown update operator: '${unknown}'.`);
  // Its own locals (a copy of BASE's), as mingo's updater gives each call.
  const options = ComputeOptions.init(BASE);
  const mutations = Object.keys(modifier).map((op) => UPDATE_OPERATORS[op](modifier[op], [], options));
  let modified = false;
  for (const mutate of mutations) if (mutate(doc).length > 0) modified = true;
  return modified;
}
