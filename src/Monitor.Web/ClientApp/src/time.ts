// The server writes times as ISO 8601 with up to seven fractional digits (.NET's DateTimeOffset).
// Engines parse the ECMAScript format (three digits) on a fast path and anything else on a slow,
// general one; an alert storm sorts 10,000 of them. Cut to milliseconds first.
const EXTRA_DIGITS = /(\.\d{3})\d+/;

/** Milliseconds since the epoch of an ISO 8601 time as the API writes it (NaN when it is not one). */
export function timeOf(iso: string): number {
  return Date.parse(iso.replace(EXTRA_DIGITS, '$1'));
}
