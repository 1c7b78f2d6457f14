import { Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { AppError } from '../errors/index.js';
import { dtoValidationPipe, MAX_JANUS_ID } from '../signaling/index.js';

/**
 * Validates request bodies and queries against their DTO classes: unknown fields are dropped (so a client can never
 * slip in, say, a room `secret`), values are converted to the DTO's types, and every problem is named
 * (`streams.0.port: must not be greater than 65535`, 400 `BAD_REQUEST`). A missing body counts as `{}`; a body that
 * is not a JSON object is refused. Bind it with `@UsePipes(ApiValidationPipe)`.
 */
@Injectable()
export class ApiValidationPipe implements PipeTransform<unknown, Promise<unknown>> {
  private readonly validation = dtoValidationPipe();

  async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    // Path parameters are checked by their own pipes (JanusIdPipe); custom parameters are not validated here.
    if (metadata.type !== 'body' && metadata.type !== 'query') return value;
    const data = value ?? {};
    if (typeof data !== 'object' || Array.isArray(data))
      throw new AppError('BAD_REQUEST', `${metadata.type}: must be a JSON object`);
    return this.validation.transform(data, metadata);
  }
}

/**
 * A numeric path parameter (a room, feed or stream id): an integer from `min` (default 1) to `max` (default
 * 2^53 - 1, the largest exact JSON number), written in decimal digits. Anything else is refused with `invalid`:
 * `BAD_REQUEST` (400) naming the parameter by default, or `NOT_FOUND` (404, "no such room: x") where a path that
 * is not an id names no resource at all (WHIP/WHEP). Use an instance: `@Param('room', new JanusIdPipe()) room: number`.
 */
export class JanusIdPipe implements PipeTransform<string, number> {
  constructor(
    private readonly min = 1,
    private readonly max = MAX_JANUS_ID,
    private readonly invalid: 'BAD_REQUEST' | 'NOT_FOUND' = 'BAD_REQUEST',
  ) {}

  transform(value: string, metadata: ArgumentMetadata): number {
    const id = /^\d{1,16}$/.test(value) ? Number(value) : Number.NaN;
    if (Number.isSafeInteger(id) && id >= this.min && id <= this.max) return id;
    const name = metadata.data ?? 'id';
    if (this.invalid === 'NOT_FOUND') throw new AppError('NOT_FOUND', `no such ${name}: ${value}`);
    throw new AppError('BAD_REQUEST', `${name}: must be an integer from ${this.min} to ${this.max}`);
  }
}
