/**
 * `npm run bench [-- --suite <name>[,<name>]] [--quick] [--size <name>] [--only <fn.action>[,...]]`
 *
 * Runs the suites of bench/suites/index.ts, prints one table per suite and merges the figures
 * into .bench/results.json by suite name (other suites' entries are kept). Figures only: nothing
 * here fails on a slow result.
 */
import path from 'node:path';
import { machineInfo, mergeResults, type SuiteRecord } from './lib/results';
import { renderTable } from './lib/table';
import { timeOnce } from './lib/timing';
import { suites } from './suites';

const RESULTS_FILE = path.join(__dirname, '..', '.bench', 'results.json');

interface Args {
  suites: string[];
  quick: boolean;
  size?: string;
  only?: string[];
}

function usage(): string {
  return `usage: npm run bench -- [--suite <name>[,<name>...]] [--quick] [--size <name> (suite scale: school | 10x)] [--only <fn.action>[,...] (suite scale: just those rows)]\nsuites: ${suites.map((s) => `${s.name} (${s.description})`).join('; ')}`;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { suites: [], quick: false };
  for (let i = 0; i < argv.length; i += 1) {
    const a = argv[i];
    if (a === '--quick') args.quick = true;
    else if (a === '--size') {
      args.size = argv[(i += 1)];
      if (!args.size) throw new Error(`--size needs a name\n${usage()}`);
    } else if (a.startsWith('--size=')) args.size = a.slice('--size='.length);
    else if (a === '--only') {
      const v = argv[(i += 1)];
      if (!v) throw new Error(`--only needs fn.action names\n${usage()}`);
      args.only = [...(args.only ?? []), ...v.split(',').filter(Boolean)];
    }
    else if (a === '--suite' || a === '-s') {
      const v = argv[(i += 1)];
      if (!v) throw new Error(`--suite needs a name\n${usage()}`);
      args.suites.push(...v.split(',').filter(Boolean));
    } else if (a.startsWith('--suite=')) args.suites.push(...a.slice('--suite='.length).split(',').filter(Boolean));
    else if (a === '--help' || a === '-h') {
      console.log(usage());
      process.exit(0);
    } else throw new Error(`unknown argument ${a}\n${usage()}`);
  }
  return args;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const unknown = args.suites.filter((name) => !suites.some((s) => s.name === name));
  if (unknown.length) throw new Error(`unknown suite ${unknown.join(', ')}\n${usage()}`);
  const selected = args.suites.length ? suites.filter((s) => args.suites.includes(s.name)) : suites;
  const machine = machineInfo();
  const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);
  log(`node ${process.version}, ${machine.cpus} x ${machine.cpuModel}, ${machine.memoryGiB} GiB${args.quick ? ', QUICK run' : ''}`);

  let failed = false;
  for (const suite of selected) {
    log(`suite ${suite.name}: ${suite.description}`);
    let result;
    try {
      result = await timeOnce(() => suite.run({ quick: args.quick, size: args.size, only: args.only, log: (line) => log(`${suite.name}: ${line}`) }));
    } catch (err) {
      failed = true;
      log(`suite ${suite.name} failed: ${(err as Error).stack ?? String(err)}`);
      continue;
    }
    const { table, figures } = result.value;
    console.log(`${renderTable(table)}\n`);
    const record: SuiteRecord = {
      timestamp: new Date().toISOString(),
      quick: args.quick,
      durationMs: Math.round(result.ms),
      node: process.version,
      machine,
      ...figures,
    };
    // Written after each suite, so a later suite's failure keeps the earlier figures.
    mergeResults(RESULTS_FILE, { [suite.name]: record });
    log(`suite ${suite.name} done in ${(result.ms / 1000).toFixed(1)} s; figures merged into ${path.relative(process.cwd(), RESULTS_FILE)}`);
  }
  if (failed) process.exitCode = 1;
}

main().catch((err) => {
  console.error((err as Error).message ?? err);
  process.exit(1);
});
