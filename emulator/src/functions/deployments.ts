import { loadFunctionConfig, type FunctionConfig, type FunctionFiles } from './config';
import { workerEnv } from './environment';
import { WorkerPool, DEFAULT_MAX_WORKERS } from './worker-pool';

export interface DeploymentOptions {
  envId: string;
  secretId: string;
  secretKey: string;
  adminUrl: () => string;
  maxWorkersPerFunction?: number;
}

export interface Deployed {
  version: string;
  config: FunctionConfig;
  pool: WorkerPool;
}

/**
 * The current version of each function and its warm pool. Editing index.js or config.json is a
 * redeploy: new calls get a fresh pool with the new code and limits, while the old pool finishes the
 * calls it already has and then lets its instances go.
 */
export class Deployments {
  private readonly current = new Map<string, Deployed>();
  /** Every pool not yet closed, retired ones included, so close() stops all of their threads. */
  private readonly pools = new Set<WorkerPool>();

  constructor(private readonly options: DeploymentOptions) {}

  /** The deployment for these files; throws when config.json cannot be read. */
  get(name: string, files: FunctionFiles): Deployed {
    const existing = this.current.get(name);
    if (existing && existing.version === files.version) return existing;
    const config = loadFunctionConfig(files.configFile);
    const env = workerEnv({
      envId: this.options.envId,
      secretId: this.options.secretId,
      secretKey: this.options.secretKey,
      adminUrl: this.options.adminUrl(),
      functionName: name,
      envVariables: config.envVariables,
    });
    const pool = new WorkerPool(
      { functionName: name, indexFile: files.indexFile, env, memoryMb: config.memoryMb },
      this.options.maxWorkersPerFunction ?? DEFAULT_MAX_WORKERS,
    );
    existing?.pool.retire();
    const deployed = { version: files.version, config, pool };
    this.current.set(name, deployed);
    this.pools.add(pool);
    this.forgetDrainedPools();
    return deployed;
  }

  async close(): Promise<void> {
    const pools = [...this.pools];
    this.pools.clear();
    this.current.clear();
    await Promise.all(pools.map((pool) => pool.close()));
  }

  private forgetDrainedPools(): void {
    const live = new Set([...this.current.values()].map((deployed) => deployed.pool));
    for (const pool of this.pools) if (!live.has(pool) && pool.size === 0) this.pools.delete(pool);
  }
}
