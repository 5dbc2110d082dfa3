// STUB: replaced by the storage implementation.
import type { AdminAction, Route } from '../http/server';
import type { ClientSessions } from '../http/client-sessions';

export interface StorageServiceOptions {
  dir: string;
  envId: string;
  baseUrl: () => string;
  sessions: ClientSessions;
}

export class StorageService {
  constructor(readonly options: StorageServiceOptions) {}
  actions(): Map<string, AdminAction> {
    return new Map();
  }
  routes(): Route[] {
    return [];
  }
}
