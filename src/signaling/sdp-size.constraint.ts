import { Injectable } from '@nestjs/common';
import {
  registerDecorator,
  ValidatorConstraint,
  type ValidationArguments,
  type ValidationOptions,
  type ValidatorConstraintInterface,
} from 'class-validator';
import { AppConfig } from '../config/index.js';

/** Checks an SDP against `SDP_MAX_BYTES` (injected config; class-validator uses Nest's container). */
@Injectable()
@ValidatorConstraint({ name: 'sdpSize' })
export class SdpSizeConstraint implements ValidatorConstraintInterface {
  constructor(private readonly config: AppConfig) {}

  validate(value: unknown): boolean {
    return typeof value === 'string' && Buffer.byteLength(value) <= this.config.signaling.maxSdpBytes;
  }

  defaultMessage(args: ValidationArguments): string {
    return `${args.property} must be a string of at most ${this.config.signaling.maxSdpBytes} bytes`;
  }
}

/** The property is an SDP no larger than `SDP_MAX_BYTES`. */
export function IsBoundedSdp(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      target: target.constructor,
      propertyName: String(propertyName),
      options,
      validator: SdpSizeConstraint,
    });
  };
}
