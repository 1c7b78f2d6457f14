import { Type } from 'class-transformer';
import { IsInt, IsObject, Max, Min, ValidateNested, type ValidationOptions } from 'class-validator';

/**
 * The rules every input of the app follows, whatever the entry point (socket messages, HTTP bodies and queries,
 * WHIP/WHEP bodies): `null` for a field means the field is absent, and no string may hold a NUL character or a
 * lone UTF-16 surrogate (Janus's JSON parser refuses both and drops the whole frame without answering).
 */

/** The largest Janus id (room, feed) the app accepts: ids travel as JSON numbers, so they must be exact. */
export const MAX_JANUS_ID = Number.MAX_SAFE_INTEGER;
/** The largest unsigned 32-bit value (SSRCs, RTP forwarder stream ids). */
export const MAX_UINT32 = 2 ** 32 - 1;

/** A NUL, a high surrogate not followed by a low one, or a low surrogate not preceded by a high one. */
const UNSAFE_CHARACTER = /\0|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** What the client is told about a string that breaks the rule. */
export const UNSAFE_STRING_MESSAGE = 'must not contain a NUL character or a lone UTF-16 surrogate';

/** The string holds a NUL character or a lone UTF-16 surrogate. */
export function hasUnsafeCharacter(text: string): boolean {
  return UNSAFE_CHARACTER.test(text);
}

/**
 * The dotted path (`candidate.sdpMid`, `list.3`) of the first string in `value` (itself, an array element or an
 * object property, at any depth) that holds a NUL character or a lone surrogate; `undefined` when there is none.
 */
export function unsafeStringPath(value: unknown, path: string): string | undefined {
  if (typeof value === 'string') return hasUnsafeCharacter(value) ? path : undefined;
  if (typeof value !== 'object' || value === null) return undefined;
  for (const [key, item] of Object.entries(value)) {
    const found = unsafeStringPath(item, path ? `${path}.${key}` : key);
    if (found !== undefined) return found;
  }
  return undefined;
}

/**
 * A copy of a parsed JSON value without the object properties whose value is `null` (at any depth; array elements
 * stay where they are, `null` ones too, so that indices in error messages match what the client sent).
 */
export function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (typeof value !== 'object' || value === null) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    // defineProperty: a `__proto__` key of the JSON stays a plain property, as JSON.parse made it.
    if (item !== null)
      Object.defineProperty(copy, key, {
        value: withoutNulls(item),
        enumerable: true,
        writable: true,
        configurable: true,
      });
  }
  return copy;
}

/** An integer from `min` to `max`: the bounds every numeric field of a DTO has (`@IsInt()` alone is not enough). */
export function IsIntBetween(min: number, max: number, options?: ValidationOptions): PropertyDecorator {
  return (target: object, key: string | symbol) => {
    IsInt(options)(target, key);
    Min(min, options)(target, key);
    Max(max, options)(target, key);
  };
}

/** A Janus id (room, feed): an integer from 1 to 2^53 - 1. */
export function IsJanusId(options?: ValidationOptions): PropertyDecorator {
  return IsIntBetween(1, MAX_JANUS_ID, options);
}

/**
 * A nested DTO: an object (not an array, not a primitive) validated as `type`, or with `each` every element of an
 * array. `@ValidateNested()` alone accepts an array in place of the object (it validates the array's elements), so
 * `jsep: [[]]` would pass and reach Janus without a `type`.
 */
export function IsNestedObject(type: () => new () => object, options: { each?: boolean } = {}): PropertyDecorator {
  return (target: object, key: string | symbol) => {
    IsObject({ each: options.each })(target, key);
    ValidateNested({ each: options.each })(target, key);
    Type(type)(target, key);
  };
}
