import { Inject } from '@nestjs/common';
import {
  getEchoTestServiceToken,
  getJanusConnectionToken,
  getJanusServiceToken,
  getVideoRoomServiceToken,
} from './janus.utils.js';

/**
 * Injects the {@link JanusService} of a connection: `@InjectJanus() janus: JanusService` for the default one
 * (plain constructor typing works too), `@InjectJanus('b')` for the connection registered with `name: 'b'`.
 */
export function InjectJanus(name?: string): PropertyDecorator & ParameterDecorator {
  return Inject(getJanusServiceToken(name));
}

/** Injects the underlying `JanusConnection` of a connection (default one when `name` is omitted). */
export function InjectJanusConnection(name?: string): PropertyDecorator & ParameterDecorator {
  return Inject(getJanusConnectionToken(name));
}

/** Injects the {@link VideoRoomService} of a connection (default one when `name` is omitted). */
export function InjectVideoRoom(name?: string): PropertyDecorator & ParameterDecorator {
  return Inject(getVideoRoomServiceToken(name));
}

/** Injects the {@link EchoTestService} of a connection (default one when `name` is omitted). */
export function InjectEchoTest(name?: string): PropertyDecorator & ParameterDecorator {
  return Inject(getEchoTestServiceToken(name));
}
