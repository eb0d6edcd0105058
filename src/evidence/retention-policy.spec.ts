import { isExpired, type Retention, shorteningsOf } from './retention-policy.js';

const now = new Date('2026-01-10T12:00:00Z');
const at = (iso: string) => new Date(iso);
const dated = (iso: string, legalHold = false): Retention => ({ retainUntil: at(iso), retainUntilCaseClosed: false, legalHold });
const caseClosed = (legalHold = false): Retention => ({ retainUntil: null, retainUntilCaseClosed: true, legalHold });

describe('retention shortenings', () => {
  it('an earlier date shortens; a later or equal one does not', () => {
    expect(shorteningsOf(dated('2026-06-01T00:00:00Z'), dated('2026-03-01T00:00:00Z'), now)).toEqual(['earlier_date']);
    expect(shorteningsOf(dated('2026-03-01T00:00:00Z'), dated('2026-06-01T00:00:00Z'), now)).toEqual([]);
    expect(shorteningsOf(dated('2026-03-01T00:00:00Z'), dated('2026-03-01T00:00:00Z'), now)).toEqual([]);
  });

  it('a first retention date (item not uploaded yet) is not a shortening', () => {
    expect(shorteningsOf({ retainUntil: null, retainUntilCaseClosed: false, legalHold: false }, dated('2026-02-01T00:00:00Z'), now)).toEqual([]);
  });

  it('ending "until case closed" shortens; starting it does not', () => {
    expect(shorteningsOf(caseClosed(), dated('2030-01-01T00:00:00Z'), now)).toEqual(['case_closure_ended']);
    expect(shorteningsOf(dated('2026-02-01T00:00:00Z'), caseClosed(), now)).toEqual([]);
  });

  it('clearing a hold shortens only when the retention date has already passed', () => {
    expect(shorteningsOf(dated('2026-01-01T00:00:00Z', true), dated('2026-01-01T00:00:00Z'), now)).toEqual(['hold_cleared_after_expiry']);
    expect(shorteningsOf(dated('2026-06-01T00:00:00Z', true), dated('2026-06-01T00:00:00Z'), now)).toEqual([]);
    expect(shorteningsOf(dated('2026-01-01T00:00:00Z'), dated('2026-01-01T00:00:00Z', true), now)).toEqual([]);
  });

  it('an item is expired past its date unless held or kept until the case closes', () => {
    expect(isExpired(dated('2026-01-10T12:00:00Z'), now)).toBe(true);
    expect(isExpired(dated('2026-01-10T12:00:01Z'), now)).toBe(false);
    expect(isExpired(dated('2026-01-01T00:00:00Z', true), now)).toBe(false);
    expect(isExpired(caseClosed(), now)).toBe(false);
  });
});
