// STUB: replaced by the function runner implementation.
import type { AdminAction, Route } from '../http/server';
import type { Metering } from '../metering';
import type { ClientSessions } from '../http/client-sessions';

export interface FunctionRunnerOptions {
  functionsDir: string;
  envId: string;
  secretId: string;
  secretKey: string;
  adminUrl: () => string;
  metering: Metering;
  sessions: ClientSessions;
  log: (line: string) => void;
}

export class FunctionRunner {
  constructor(readonly options: FunctionRunnerOptions) {}
  actions(): Map<string, AdminAction> {
    return new Map();
  }
  routes(): Route[] {
    return [];
  }
  invocationOf(_token: string): string | undefined {
    return undefined;
  }
  async close(): Promise<void> {}
}
