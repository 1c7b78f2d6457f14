import type { ArgumentMetadata, PipeTransform, Type } from '@nestjs/common';
import { DataPipe, withoutNulls } from '../signaling/index.js';

/**
 * {@link DataPipe} for an event that has more than one shape (the VideoRoom's `subscribe` with `feed` or with
 * `streams`): `shapeOf` picks the DTO class from the data as the client sent it, its `null` fields already absent
 * (`null` means absent here too), and the data is validated as that class. Data that is not an object is refused
 * as by {@link DataPipe}.
 */
export class ShapedDataPipe implements PipeTransform<unknown, Promise<unknown>> {
  private readonly data = new DataPipe();

  constructor(private readonly shapeOf: (data: Readonly<Record<string, unknown>>) => Type<object>) {}

  transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const data = withoutNulls(value ?? {});
    const metatype =
      typeof data === 'object' && data !== null && !Array.isArray(data)
        ? this.shapeOf(data as Record<string, unknown>)
        : metadata.metatype;
    return this.data.transform(value, { ...metadata, metatype });
  }
}

/** The shape of a request about a handle: with `feed`, one of the socket's per-feed handles; without, its multistream subscription. */
export function byFeed(
  perFeed: Type<object>,
  multistream: Type<object>,
): (data: Readonly<Record<string, unknown>>) => Type<object> {
  return (data) => ('feed' in data ? perFeed : multistream);
}

/** The shape of `subscribe` and `switch`: with `streams`, the multistream form. */
export function byStreams(
  perFeed: Type<object>,
  multistream: Type<object>,
): (data: Readonly<Record<string, unknown>>) => Type<object> {
  return (data) => ('streams' in data ? multistream : perFeed);
}
