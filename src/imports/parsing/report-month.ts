import { unprocessable } from '../../common/errors/domain-exception.js';
import { monthLabel } from '../month.js';
import type { ParsedReport } from './report-parser.js';

export type MonthSource = 'column' | 'title' | 'parameter';

const conflict = (message: string, details?: unknown) => unprocessable('month_conflict', message, details);

/**
 * The report's month, from the Month column, else the title rows, else the `month` parameter. Every source that
 * names a month must agree: a report covers exactly one month.
 */
export function resolveReportMonth(
  report: ParsedReport,
  requested: string | undefined,
  currentMonth: string,
): { month: string; source: MonthSource } {
  const columnMonths = [...report.columnMonths.keys()].sort();
  if (columnMonths.length > 1) {
    const where = columnMonths.map((m) => `${m} (from row ${report.columnMonths.get(m)})`).join(', ');
    const header = report.columns.month!.header;
    throw conflict(`The ${header} column holds more than one month: ${where}; a report covers one month`, {
      months: columnMonths,
    });
  }
  if (report.titleMonths.length > 1) {
    throw conflict(`The title rows name more than one month (${report.titleMonths.join(', ')}); a report covers one month`, {
      months: report.titleMonths,
    });
  }
  const [columnMonth] = columnMonths;
  const [titleMonth] = report.titleMonths;
  if (columnMonth && titleMonth && columnMonth !== titleMonth) {
    throw conflict(`The title says ${monthLabel(titleMonth)} but the Month column says ${monthLabel(columnMonth)}`, {
      months: [titleMonth, columnMonth],
    });
  }
  const fileMonth = columnMonth ?? titleMonth;
  if (fileMonth && requested && fileMonth !== requested) {
    throw conflict(`The file is for ${monthLabel(fileMonth)} but month=${requested} was given`, {
      months: [fileMonth, requested],
    });
  }
  const month = fileMonth ?? requested;
  if (!month) {
    throw unprocessable(
      'month_missing',
      "The report's month was not found: add a Month column, name it in the title (e.g. 'Activity report October 2025') " +
        'or pass ?month=YYYY-MM',
    );
  }
  if (month > currentMonth) {
    throw unprocessable('month_in_future', `${monthLabel(month)} has not started yet; a monthly report covers a past month`);
  }
  return { month, source: columnMonth ? 'column' : titleMonth ? 'title' : 'parameter' };
}
