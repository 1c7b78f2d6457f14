import { Injectable, ValidationPipe, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import type { ValidationError } from 'class-validator';
import { AppError } from '../errors/index.js';
import { UNSAFE_STRING_MESSAGE, unsafeStringPath, withoutNulls } from './input-rules.js';

/** `a.b: must be a string` for every failed constraint, nested fields by their dotted path. */
export function describeValidationErrors(errors: ValidationError[], parent = ''): string[] {
  return errors.flatMap((error) => {
    const path = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => `${path}: ${message}`);
    return [...own, ...describeValidationErrors(error.children ?? [], path)];
  });
}

/**
 * Class-validator's pipe with the app's input rules around it: `null` properties are dropped before validation (an
 * optional field sent as `null` is absent; a required one is missing and named as such), and after validation no
 * string that would reach Janus may hold a NUL character or a lone surrogate (`BAD_REQUEST` naming the field).
 */
class DtoValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const valid: unknown = await super.transform(withoutNulls(value), metadata);
    const unsafe = unsafeStringPath(valid, '');
    if (unsafe !== undefined) throw new AppError('BAD_REQUEST', `${unsafe || metadata.type}: ${UNSAFE_STRING_MESSAGE}`);
    return valid;
  }
}

/**
 * The DTO validation every entry point of the app shares (socket messages, HTTP bodies and queries): `null` means
 * absent, unknown fields are dropped, values converted to the DTO's types, strings checked for what Janus cannot
 * parse, and every problem named in one `BAD_REQUEST`.
 */
export function dtoValidationPipe(): ValidationPipe {
  return new DtoValidationPipe({
    whitelist: true,
    transform: true,
    forbidUnknownValues: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors: ValidationError[]) =>
      new AppError('BAD_REQUEST', describeValidationErrors(errors).join('; ') || 'invalid request'),
  });
}

/**
 * Validates the `data` of a client envelope against its DTO class: missing `data` counts as `{}`, anything that is
 * not an object is refused, unknown fields are dropped, and every problem is named (`BAD_REQUEST`).
 */
@Injectable()
export class DataPipe implements PipeTransform<unknown, Promise<unknown>> {
  private readonly validation = dtoValidationPipe();

  async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const data = value ?? {};
    if (typeof data !== 'object' || Array.isArray(data)) throw new AppError('BAD_REQUEST', 'data: must be an object');
    return this.validation.transform(data, metadata);
  }
}
