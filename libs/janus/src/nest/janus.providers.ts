import { Logger, type DynamicModule, type InjectionToken } from '@nestjs/common';
import { JanusConnection } from '../core/connection.js';
import type { JanusInstrumentation } from './interfaces/janus-instrumentation.interface.js';
import type { JanusModuleOptions } from './interfaces/janus-module-options.interface.js';
import {
  DEFAULT_JANUS_CONNECTION,
  JANUS_INSTRUMENTATION,
  JANUS_LOGGER_CONTEXT,
  LAZY_CONNECT_TIMEOUT_MS,
} from './janus.constants.js';
import { JanusCoreModule } from './janus-core.module.js';
import { BUILT_IN_PLUGIN_SERVICES, createPluginServiceProviders } from './janus-plugin.providers.js';
import { JanusService } from './janus.service.js';
import { getJanusConnectionToken, getJanusCoreToken, getJanusServiceToken } from './janus.utils.js';

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

/**
 * One `forRoot`/`forRootAsync` registration (`definition` is what `ConfigurableModuleBuilder` made of it): the
 * connection's `JanusService` lives in a global `JanusCoreModule` under a private token, with the options
 * providers and `imports` it needs; the module itself provides and exports the public tokens (`JanusService`,
 * `JanusConnection:<name>`) and the built-in plugin services, visible where `isGlobal` says. @internal
 */
export function createJanusModule(
  definition: DynamicModule,
  name: string,
  isGlobal: boolean,
  optionsToken: InjectionToken,
): DynamicModule {
  const coreToken = getJanusCoreToken(name);
  const serviceToken = getJanusServiceToken(name);
  const connectionToken = getJanusConnectionToken(name);
  const core: DynamicModule = {
    module: JanusCoreModule,
    global: true,
    imports: definition.imports ?? [],
    providers: [
      ...(definition.providers ?? []),
      {
        provide: coreToken,
        useFactory: (options: JanusModuleOptions, instrumentation: JanusInstrumentation | null) =>
          createJanusService(name, options, instrumentation),
        inject: [optionsToken, { token: JANUS_INSTRUMENTATION, optional: true }],
      },
    ],
    exports: [coreToken],
  };
  const plugins = createPluginServiceProviders(BUILT_IN_PLUGIN_SERVICES, name);
  return {
    module: definition.module,
    global: isGlobal,
    imports: [core],
    providers: [
      { provide: serviceToken, useExisting: coreToken },
      { provide: connectionToken, useFactory: (service: JanusService) => service.connection, inject: [coreToken] },
      ...plugins.providers,
    ],
    exports: [serviceToken, connectionToken, ...plugins.exports],
  };
}
