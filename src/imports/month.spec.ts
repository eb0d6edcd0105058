import { addMonths, lastDay, londonToday, monthCount, monthLabel, monthsBetween, monthsInText } from './month.js';

describe('month helpers', () => {
  it('finds months named in report titles, in several spellings', () => {
    expect(monthsInText('Activity report October 2025')).toEqual(['2025-10']);
    expect(monthsInText('Kyndi activity – Oct 2025')).toEqual(['2025-10']);
    expect(monthsInText('Sept. 2025 figures')).toEqual(['2025-09']);
    expect(monthsInText('Monthly report 2025-10')).toEqual(['2025-10']);
    expect(monthsInText('Report for 10/2025')).toEqual(['2025-10']);
    expect(monthsInText('Activity Oct-25')).toEqual(['2025-10']);
  });

  it('does not take full dates or plain words for a month', () => {
    expect(monthsInText('Generated 3 November 2025')).toEqual([]);
    expect(monthsInText('Printed 2025-11-05')).toEqual([]);
    expect(monthsInText('Printed 05/11/2025')).toEqual([]);
    expect(monthsInText('Summary of cameras')).toEqual([]);
    expect(monthsInText('Camera activity')).toEqual([]);
  });

  it('reports every distinct month so that conflicts can be refused', () => {
    expect(monthsInText('October 2025 vs September 2025').sort()).toEqual(['2025-09', '2025-10']);
  });

  it('does month arithmetic across years', () => {
    expect(addMonths('2025-01', -1)).toBe('2024-12');
    expect(addMonths('2024-11', 14)).toBe('2026-01');
    expect(monthsBetween('2024-11', '2025-02')).toEqual(['2024-11', '2024-12', '2025-01', '2025-02']);
    expect(monthCount('2024-11', '2025-10')).toBe(12);
    expect(lastDay('2024-02')).toBe('2024-02-29');
    expect(monthLabel('2025-10')).toBe('October 2025');
  });

  it("gives today's date in London, not UTC", () => {
    // 23:30 UTC on 31 May is already 1 June in British Summer Time.
    expect(londonToday(new Date('2025-05-31T23:30:00Z'))).toEqual({ date: '2025-06-01', month: '2025-06', day: 1 });
    expect(londonToday(new Date('2025-12-31T23:30:00Z'))).toEqual({ date: '2025-12-31', month: '2025-12', day: 31 });
  });
});
