import { apportion, DEMO_YEAR_ARRESTS, DEMO_YEAR_INCIDENTS, demoReportCsv, demoYear } from './demo-activity.js';

describe('demo Kyndi activity', () => {
  const cameras = Array.from({ length: 116 }, (_, i) => ({
    assetNumber: `MC-${String(i + 1).padStart(3, '0')}`,
    name: i % 3 === 0 ? `Chatham High Street ${i}` : `Side street, ${i}`,
    weight: i < 2 ? 0 : 1 + (i % 4),
    faultText: i === 10 ? 'intermittent loss of picture' : undefined,
  }));

  it('apportions a total exactly and in proportion', () => {
    expect(apportion(10, [1, 1, 1])).toEqual([4, 3, 3]);
    expect(apportion(7, [0, 2, 5]).reduce((a, b) => a + b)).toBe(7);
    expect(apportion(5, [0, 0])).toEqual([0, 0]);
  });

  it("adds up to the council's headline: 2,525 incidents and 159 arrests over twelve months", () => {
    const year = demoYear(cameras, '2026-10');
    expect(year.map((m) => m.month)).toEqual([
      '2025-11', '2025-12', '2026-01', '2026-02', '2026-03', '2026-04',
      '2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10',
    ]);
    const rows = year.flatMap((m) => m.rows);
    expect(rows.reduce((t, r) => t + r.incidents, 0)).toBe(DEMO_YEAR_INCIDENTS);
    expect(rows.reduce((t, r) => t + r.arrests, 0)).toBe(DEMO_YEAR_ARRESTS);
    for (const row of rows) expect(row.arrests).toBeLessThanOrEqual(row.incidents);
    const quiet = rows.filter((r) => r.assetNumber === 'MC-001' || r.assetNumber === 'MC-002');
    expect(quiet.every((r) => r.incidents === 0 && r.arrests === 0)).toBe(true);
    const withFault = rows.filter((r) => r.faults);
    expect(withFault).toEqual([expect.objectContaining({ assetNumber: 'MC-011', faults: 'intermittent loss of picture' })]);
  });

  it('writes the report as Kyndi does: title with the month, header, rows and a matching totals row', () => {
    const [first] = demoYear(cameras, '2026-10');
    const lines = demoReportCsv(first.month, first.rows).trimEnd().split('\r\n');
    expect(lines[0]).toBe('Kyndi - Medway CCTV activity report November 2025');
    expect(lines[2]).toBe('Camera No,Location,Incidents,Arrests,Faults,Hits');
    expect(lines).toHaveLength(3 + cameras.length + 1);
    const total = lines.at(-1)!.split(',');
    expect(total[0]).toBe('Total');
    expect(Number(total[2])).toBe(first.rows.reduce((t, r) => t + r.incidents, 0));
  });
});
