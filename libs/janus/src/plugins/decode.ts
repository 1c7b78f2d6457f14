/**
 * Checks the plugins' event mappers share (internal: not exported from the package). Janus sends room, feed and
 * mountpoint ids as numbers, or as strings with `string_ids`.
 */

/** A room, participant or mountpoint id as Janus sent it. */
export function isPluginId(value: unknown): value is number | string {
  return typeof value === 'number' || typeof value === 'string';
}

/** A JSON object (not an array, not null). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
