/**
 * The published DISARM releases by the creation time of their bundle's matrix. The bundles carry
 * no version field, so this table is what names them (`1.6`); the dates are those of the bundles
 * DISARM published (1.1 and 1.2 changed only the pages and spreadsheets, and have none).
 */
const KNOWN_RELEASES: ReadonlyArray<{ readonly version: string; readonly created: string }> = [
  { version: '0.1', created: '2022-02-20T20:28:29' },
  { version: '1.0', created: '2022-07-03T23:52:02' },
  { version: '1.3', created: '2023-09-28T21:25:13' },
  { version: '1.4', created: '2024-03-13T22:04:00' },
  { version: '1.5', created: '2024-08-02T17:12:32' },
  { version: '1.6', created: '2024-11-22T16:43:58' },
  { version: '1.7', created: '2026-01-21T15:49:22' },
];

/**
 * The version of the release whose matrix was created at `created` (ISO 8601; compared to the
 * second, so a bundle re-serialised with other fractions of a second still matches), or
 * `undefined` for a bundle this table does not know.
 */
export function knownVersion(created: string | undefined): string | undefined {
  const second = created?.slice(0, 19);
  return second ? KNOWN_RELEASES.find((r) => r.created === second)?.version : undefined;
}
