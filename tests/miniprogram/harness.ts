import fs from 'node:fs';
import path from 'node:path';
import simulate from 'miniprogram-simulate';

/**
 * Runs pages of the compiled weapp build (`dist/`) under miniprogram-simulate with the official
 * template compiler. Taro pages call `Page(config)`, which simulate does not know: a small adapter
 * registers the page config as a component and drives its page lifecycle (onLoad with the query,
 * onShow, onReady), after `app.js` has called `App()`.
 */
export const distDir = path.resolve(__dirname, '..', '..', 'dist');

type AnyFn = (...args: unknown[]) => unknown;
type PageConfig = Record<string, unknown> & { data?: object; onLoad?: AnyFn; onShow?: AnyFn; onReady?: AnyFn; onUnload?: AnyFn };

let appInstance: Record<string, unknown> | undefined;
const pageStack: Array<Record<string, unknown>> = [];
let pendingQuery: Record<string, string> = {};
let pendingRoute = '';

function installGlobals(): void {
  const g = globalThis as Record<string, unknown>;
  g.App = (config: Record<string, unknown>) => {
    appInstance = config;
    (config.onLaunch as AnyFn | undefined)?.call(config, { path: 'pages/home/index', query: {}, scene: 1001 });
    (config.onShow as AnyFn | undefined)?.call(config, { path: 'pages/home/index', query: {}, scene: 1001 });
  };
  g.getApp = () => appInstance;
  g.getCurrentPages = () => pageStack;
  g.Page = (config: PageConfig) => {
    const methods: Record<string, AnyFn> = {};
    for (const [k, v] of Object.entries(config)) if (typeof v === 'function') methods[k] = v as AnyFn;
    (g.Component as AnyFn)({
      data: config.data ?? {},
      methods,
      lifetimes: {
        attached(this: Record<string, unknown>) {
          this.route = pendingRoute;
          this.__route__ = pendingRoute;
          this.options = pendingQuery;
          pageStack.push(this);
          (this.onLoad as AnyFn | undefined)?.call(this, pendingQuery);
          (this.onShow as AnyFn | undefined)?.call(this);
        },
        ready(this: Record<string, unknown>) {
          (this.onReady as AnyFn | undefined)?.call(this);
        },
        detached(this: Record<string, unknown>) {
          (this.onUnload as AnyFn | undefined)?.call(this);
          pageStack.splice(pageStack.indexOf(this), 1);
        },
      },
    });
  };
}

/** Anything that can run a function as a user (the test's local CloudBase). */
interface FunctionRunner {
  invoke(name: string, data: unknown, identity: { openid: string }): Promise<
    { ok: true; result: unknown; invocationId?: string } | { ok: false; failure: { message: string } }
  >;
}

/**
 * `wx.cloud` as the mini-program sees it, answered by the real functions on a local CloudBase as the
 * user with this openid; every call is recorded in `calls`.
 */
export function cloudBridge(functions: FunctionRunner, openid: string, calls: Array<{ name: string; data: unknown }>) {
  return {
    init: () => undefined,
    callFunction: async ({ name, data }: { name: string; data: unknown }) => {
      calls.push({ name, data });
      const result = await functions.invoke(name, data, { openid });
      if (!result.ok) throw { errCode: -504002, errMsg: `cloud.callFunction:fail ${result.failure.message}` };
      return { errMsg: 'cloud.callFunction:ok', result: result.result, requestID: result.invocationId };
    },
  };
}

let booted = false;

/** Loads app.js once (Taro's runtime and App()) with the given `wx` additions (e.g. `cloud`). */
export function bootApp(wxExtras: Record<string, unknown>): void {
  if (booted) return;
  if (!fs.existsSync(path.join(distDir, 'app.js'))) throw new Error('dist/app.js missing: run npm run build:weapp first');
  installGlobals();
  const g = globalThis as Record<string, unknown>;
  g.wx = Object.assign(g.wx ?? {}, wxExtras);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require(path.join(distDir, 'app.js'));
  booted = true;
}

const loaded = new Map<string, string>();

/** Renders one compiled page with a query, attached to a container. */
export function renderPage(route: string, query: Record<string, string>) {
  pendingRoute = route;
  pendingQuery = query;
  // A page's module runs once (require caches it), so its registered definition is reused.
  let id = loaded.get(route);
  if (!id) {
    id = simulate.load(path.join(distDir, route), { compiler: 'official', rootPath: distDir });
    loaded.set(route, id);
  }
  const page = simulate.render(id);
  const parent = document.createElement('parent-wrapper');
  page.attach(parent);
  return page;
}

/** Text of the rendered page, whitespace folded. */
export const textOf = (page: { dom?: unknown }) => ((page.dom as HTMLElement | undefined)?.textContent ?? '').replace(/\s+/g, ' ');

export async function waitFor(check: () => boolean, timeoutMs = 10000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error('timed out waiting for the page');
    await simulate.sleep(20);
  }
}
