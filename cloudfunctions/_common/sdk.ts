import tcb from '@cloudbase/node-sdk';

/**
 * One SDK instance per function instance, made on first use. `SYMBOL_CURRENT_ENV` picks the env the
 * function runs in; locally the emulator points the SDK at itself through the environment.
 */
let app: ReturnType<typeof tcb.init> | undefined;

export function cloud() {
  app ??= tcb.init({ env: tcb.SYMBOL_CURRENT_ENV });
  return app;
}

export function database() {
  return cloud().database();
}

export { tcb };
