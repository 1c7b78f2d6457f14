import { Logger, type InjectionToken, type Provider } from '@nestjs/common';
import { JanusConnection } from '../core/connection.js';
import type { JanusInstrumentation } from './interfaces/janus-instrumentation.interface.js';
import type { JanusModuleOptions } from './interfaces/janus-module-options.interface.js';
import {
  DEFAULT_JANUS_CONNECTION,
  JANUS_INSTRUMENTATION,
  JANUS_LOGGER_CONTEXT,
  LAZY_CONNECT_TIMEOUT_MS,
} from './janus.constants.js';
import { EchoTestService } from './echo-test.service.js';
import { JanusService } from './janus.service.js';
import {
  getEchoTestServiceToken,
  getJanusConnectionToken,
  getJanusServiceToken,
  getVideoRoomServiceToken,
} from './janus.utils.js';
import { VideoRoomService } from './video-room.service.js';

/** Builds the service of one connection from its module options. @internal */
export function createJanusService(
  name: string,
  options: JanusModuleOptions,
  instrumentation?: JanusInstrumentation | null,
): JanusService {
  const { lazy = false, ...connectionOptions } = options;
  const context = name === DEFAULT_JANUS_CONNECTION ? JANUS_LOGGER_CONTEXT : `${JANUS_LOGGER_CONTEXT}:${name}`;
  const connection = new JanusConnection({
    ...connectionOptions,
    logger: connectionOptions.logger ?? new Logger(context),
    connectTimeoutMs: connectionOptions.connectTimeoutMs ?? (lazy ? LAZY_CONNECT_TIMEOUT_MS : undefined),
  });
  instrumentation?.instrument(connection, name);
  return new JanusService(connection, name, lazy);
}

/** The providers of one named connection and the tokens the module exports. @internal */
export function createJanusProviders(
  name: string,
  optionsToken: InjectionToken,
): { providers: Provider[]; exports: InjectionToken[] } {
  const serviceToken = getJanusServiceToken(name);
  const connectionToken = getJanusConnectionToken(name);
  const videoRoomToken = getVideoRoomServiceToken(name);
  const echoTestToken = getEchoTestServiceToken(name);
  const providers: Provider[] = [
    {
      provide: serviceToken,
      useFactory: (options: JanusModuleOptions, instrumentation: JanusInstrumentation | null) =>
        createJanusService(name, options, instrumentation),
      inject: [optionsToken, { token: JANUS_INSTRUMENTATION, optional: true }],
    },
    {
      provide: connectionToken,
      useFactory: (service: JanusService) => service.connection,
      inject: [serviceToken],
    },
    {
      provide: videoRoomToken,
      useFactory: (service: JanusService) => new VideoRoomService(service),
      inject: [serviceToken],
    },
    {
      provide: echoTestToken,
      useFactory: (service: JanusService) => new EchoTestService(service),
      inject: [serviceToken],
    },
  ];
  return { providers, exports: [serviceToken, connectionToken, videoRoomToken, echoTestToken] };
}
