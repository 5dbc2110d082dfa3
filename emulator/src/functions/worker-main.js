// @ts-check
/*
 * Body of one function instance (a worker thread). Plain CommonJS on purpose: a worker is started from a
 * file path, and a .js file runs the same under tsx, jest and plain node without a TypeScript loader.
 *
 * One invocation at a time per worker (the pool guarantees it), so setting the caller's variables in this
 * worker's own process.env cannot leak into another caller's call: worker_threads give each worker a
 * private copy of process.env.
 */
const { parentPort, workerData } = require('node:worker_threads');

/** @type {((event: unknown, context: unknown, callback?: Function) => unknown) | undefined} */
let main;
/** @type {unknown} */
let loadError;

// Loading at start-up is SCF's cold start: top-level code (cloud.init, tcb.init) runs once per instance.
function load() {
  try {
    const mod = require(workerData.file);
    if (typeof mod.main !== 'function') throw new Error(`${workerData.file} does not export a main function`);
    main = mod.main;
    loadError = undefined;
  } catch (err) {
    loadError = err;
  }
}
load();

/** Calls main as SCF's Node runtime does: a returned promise, a plain value, or the callback. */
function callMain(event, context) {
  return new Promise((resolve, reject) => {
    if (!main) throw loadError;
    const callback = (err, value) => (err ? reject(err) : resolve(value));
    const returned = main(event, context, callback);
    if (returned && typeof (/** @type {any} */ (returned).then) === 'function') {
      /** @type {Promise<unknown>} */ (returned).then(resolve, reject);
    } else if (returned !== undefined || main.length < 3) {
      resolve(returned);
    }
  });
}

/** @param {unknown} err */
function describe(err) {
  if (err instanceof Error) return { name: err.name, message: err.message, stack: err.stack };
  if (typeof err === 'object' && err !== null) {
    try {
      return { name: '', message: JSON.stringify(err) };
    } catch {
      return { name: '', message: String(err) };
    }
  }
  return { name: '', message: String(err) };
}

parentPort?.on('message', async (msg) => {
  if (msg.type !== 'invoke') return;
  // Tells the pool the call really started: its time limit runs from here, not from the cold start.
  parentPort?.postMessage({ type: 'start', id: msg.id });
  if (!main) load();
  for (const key of msg.unset) delete process.env[key];
  Object.assign(process.env, msg.env);
  try {
    const result = await callMain(msg.event, msg.context);
    // CloudBase hands back JSON: Dates become strings, functions and undefined vanish.
    const json = JSON.stringify(result === undefined ? null : result) ?? 'null';
    parentPort?.postMessage({ type: 'done', id: msg.id, ok: true, json });
  } catch (err) {
    parentPort?.postMessage({ type: 'done', id: msg.id, ok: false, error: describe(err) });
  }
});
