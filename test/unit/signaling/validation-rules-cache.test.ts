import 'reflect-metadata';
import { getMetadataStorage, IsInt, IsString, Min, validate } from 'class-validator';
import { describe, expect, it } from 'vitest';
import { cacheValidationRules } from '../../../src/signaling/index.js';

class Base {
  @IsInt()
  room!: number;
}

/** The constraint names of what `validate` finds wrong with `value`, by property. */
async function problems(value: object): Promise<Record<string, string[]>> {
  const errors = await validate(value);
  return Object.fromEntries(errors.map((e) => [e.property, Object.keys(e.constraints ?? {})]));
}

describe('cacheValidationRules: class-validator looks up a class’s rules once', () => {
  const storage = getMetadataStorage();
  cacheValidationRules();
  cacheValidationRules(); // idempotent: wrapping twice would still work, but must not happen

  it('the rules of a class are looked up once and reused', async () => {
    const first = storage.getTargetValidationMetadatas(Base, '', false, false);
    expect(storage.getTargetValidationMetadatas(Base, '', false, false)).toBe(first);
    expect(storage.groupByPropertyName(first)).toBe(storage.groupByPropertyName(first));
    expect(await problems(Object.assign(new Base(), { room: 'x' }))).toEqual({ room: ['isInt'] });
  });

  it('a class loaded after a validation gets its own and its ancestors’ rules (the cache is emptied)', async () => {
    expect(await problems(Object.assign(new Base(), { room: 1 }))).toEqual({});
    class Later extends Base {
      @IsString()
      display!: string;
    }
    expect(await problems(Object.assign(new Later(), { room: 'x', display: 2 }))).toEqual({
      room: ['isInt'],
      display: ['isString'],
    });
    // A rule added to an ancestor later reaches the classes validated before.
    Min(1)(Base.prototype, 'room');
    expect(await problems(Object.assign(new Later(), { room: 0, display: 'a' }))).toEqual({ room: ['min'] });
    expect(await problems(Object.assign(new Base(), { room: 0 }))).toEqual({ room: ['min'] });
  });

  it('other validation options are cached apart (groups)', async () => {
    class Grouped {
      @IsInt({ groups: ['strict'] })
      n!: number;
    }
    const value = Object.assign(new Grouped(), { n: 'x' });
    expect(Object.keys((await validate(value, { groups: ['strict'] }))[0]?.constraints ?? {})).toEqual(['isInt']);
    // Nothing applies in another group (and an object without rules is not refused as unknown here).
    expect(await validate(value, { groups: ['other'], forbidUnknownValues: false })).toEqual([]);
  });
});
