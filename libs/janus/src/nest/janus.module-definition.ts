import { ConfigurableModuleBuilder, type DynamicModule } from '@nestjs/common';
import { DEFAULT_JANUS_CONNECTION } from './janus.constants.js';
import type { AcceptUndefined } from '../interfaces/optional-fields.interface.js';
import type { JanusModuleExtras, JanusModuleOptions } from './interfaces/janus-module-options.interface.js';
import { createJanusModule } from './janus.providers.js';
import { janusConnectionName } from './janus.utils.js';

/**
 * Injection token of the options of one `JanusModule` registration. Each registration provides it privately
 * (it is not exported), so several named connections do not collide.
 */
export const JANUS_MODULE_OPTIONS = 'JANUS_MODULE_OPTIONS';

/** The `ConfigurableModuleBuilder` output behind `JanusModule.forRoot()`/`forRootAsync()`. */
const {
  ConfigurableModuleClass,
  OPTIONS_TYPE: JANUS_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: JANUS_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<JanusModuleOptions>({ optionsInjectionToken: JANUS_MODULE_OPTIONS })
  .setClassMethodName('forRoot')
  .setFactoryMethodName('createJanusOptions')
  .setExtras<JanusModuleExtras>(
    { isGlobal: false, name: DEFAULT_JANUS_CONNECTION },
    // The options token is private to each registration; the per-name providers are what the module exports.
    (definition, extras): DynamicModule =>
      createJanusModule(definition, janusConnectionName(extras.name), extras.isGlobal, JANUS_MODULE_OPTIONS),
  )
  .build();

/** What `JanusModule.forRoot()` takes: the connection options plus `name` and `isGlobal`. */
export type JanusModuleForRootOptions = AcceptUndefined<typeof JANUS_OPTIONS_TYPE>;
/** What `JanusModule.forRootAsync()` takes: `imports`, `inject`, `useFactory | useClass | useExisting`, `name`, `isGlobal`. */
export type JanusModuleAsyncOptions = AcceptUndefined<typeof JANUS_ASYNC_OPTIONS_TYPE>;

/** The class `JanusModule` extends: `forRoot()`/`forRootAsync()` as `ConfigurableModuleBuilder` builds them. */
export const ConfigurableJanusModule: {
  new (): object;
  /** Registers one connection from static options. */
  forRoot(options: JanusModuleForRootOptions): DynamicModule;
  /** Registers one connection whose options come from a factory, a class or an existing provider. */
  forRootAsync(options: JanusModuleAsyncOptions): DynamicModule;
} = ConfigurableModuleClass;
