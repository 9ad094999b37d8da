import { describe, expect, it } from 'vitest';
import { timeOf } from './time';

describe('times from the API', () => {
  it('reads .NET times to the millisecond, whatever the number of fractional digits', () => {
    expect(timeOf('2026-11-26T06:07:23.2593573+00:00')).toBe(Date.UTC(2026, 10, 26, 6, 7, 23, 259));
    expect(timeOf('2026-11-26T06:07:23.25+00:00')).toBe(Date.UTC(2026, 10, 26, 6, 7, 23, 250));
    expect(timeOf('2026-11-26T06:07:23Z')).toBe(Date.UTC(2026, 10, 26, 6, 7, 23));
    expect(timeOf('2026-11-26T08:07:23.1234+02:00')).toBe(Date.UTC(2026, 10, 26, 6, 7, 23, 123));
  });
});
