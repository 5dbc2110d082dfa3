import type { TableData } from '../lib/table';

export interface SuiteContext {
  /** A much smaller run, for a smoke check: the figures are not comparable with a full run. */
  quick: boolean;
  /** `--size`: the size a suite that measures several sizes runs at (see the suite; undefined: its default). */
  size?: string;
  /** `--only`: the `fn.action` rows a suite that measures every action limits itself to (undefined: all). */
  only?: string[];
  /** Progress lines (stderr), kept out of the tables on stdout. */
  log: (line: string) => void;
}

export interface SuiteOutput {
  /** Printed to stdout. */
  table: TableData;
  /** Written to the results file under the suite's name (with timestamp and machine info). */
  figures: Record<string, unknown>;
}

export interface Suite {
  name: string;
  description: string;
  run(ctx: SuiteContext): Promise<SuiteOutput>;
}
