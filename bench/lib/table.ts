/** Plain-text tables for stdout. */
export type Cell = string | number | null | undefined;

export interface Column {
  key: string;
  title: string;
  /** Decimals for numbers; default: 0 for integers, else 2. */
  decimals?: number;
}

export interface TableData {
  title: string;
  columns: Column[];
  rows: Array<Record<string, Cell>>;
  /** Lines printed under the table. */
  notes?: string[];
}

export function formatCell(value: Cell, decimals?: number): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (!Number.isFinite(value)) return String(value);
  const d = decimals ?? (Number.isInteger(value) ? 0 : 2);
  return value.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });
}

export function renderTable(table: TableData): string {
  const header = table.columns.map((c) => c.title);
  const body = table.rows.map((row) => table.columns.map((c) => formatCell(row[c.key], c.decimals)));
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
  const numeric = table.columns.map((c) => table.rows.some((r) => typeof r[c.key] === 'number'));
  const line = (cells: string[]) =>
    `| ${cells.map((cell, i) => (numeric[i] ? cell.padStart(widths[i]) : cell.padEnd(widths[i]))).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (numeric[i] ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`;
  const out = [`## ${table.title}`, '', line(header), rule, ...body.map(line)];
  if (table.notes?.length) out.push('', ...table.notes);
  return out.join('\n');
}
