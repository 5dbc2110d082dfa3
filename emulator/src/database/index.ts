// Temporary: the database service is being written; this keeps the tree compiling.
import type { AdminAction, Route } from '../http/server';
import type { Metering } from '../metering';
import type { DatabaseSchema } from './schema';

export interface DatabaseServiceOptions {
  file: string;
  schema: DatabaseSchema;
  metering: Metering;
  now?: () => number;
}

export class DatabaseService {
  constructor(readonly options: DatabaseServiceOptions) {}
  actions(): Map<string, AdminAction> {
    return new Map();
  }
  routes(): Route[] {
    return [];
  }
  close(): void {}
}
