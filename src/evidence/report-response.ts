import type { FastifyReply } from 'fastify';
import type { CustodyReport } from './custody-report.types.js';

/** JSON as is; HTML as a self-contained page that may not run scripts or load anything. */
export function sendReport(
  reply: FastifyReply,
  format: 'json' | 'html',
  report: CustodyReport,
  render: (report: CustodyReport) => string,
): CustodyReport | string {
  if (format === 'json') return report;
  reply
    .header('content-type', 'text/html; charset=utf-8')
    .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'")
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'no-store');
  return render(report);
}
