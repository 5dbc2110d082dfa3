import { formatCst } from './format';

/** The conversion (转正) date as members and counselors read it: a date ahead, or how late it is. */
export function conversionText(dueAt: string, overdueDays: number): string {
  const date = formatCst(dueAt, 'YYYY-MM-DD');
  return overdueDays > 0 ? `转正时间已逾期 ${overdueDays} 天（应于 ${date}）` : `转正预计时间：${date}`;
}
