import { ConfigurableModuleBuilder, Module, type DynamicModule } from '@nestjs/common';
import { JANUS_INSTRUMENTATION } from '../nest/janus.constants.js';
import type { AcceptUndefined } from '../interfaces/optional-fields.interface.js';
import type { JanusMetricsOptions } from './janus-metrics-options.interface.js';
import { JanusMetrics } from './janus-metrics.js';

/** Injection token of the `JanusMetricsModule` options. */
export const JANUS_METRICS_OPTIONS = 'JANUS_METRICS_MODULE_OPTIONS';

const { ConfigurableModuleClass, OPTIONS_TYPE, ASYNC_OPTIONS_TYPE } =
  new ConfigurableModuleBuilder<JanusMetricsOptions>({
    optionsInjectionToken: JANUS_METRICS_OPTIONS,
  })
    .setClassMethodName('forRoot')
    .setFactoryMethodName('createJanusMetricsOptions')
    .setExtras({}, (definition): DynamicModule => ({
      ...definition,
      // Global, so that every JanusModule registration (in any module) finds the instrumentation.
      global: true,
      providers: [
        ...(definition.providers ?? []),
        {
          provide: JanusMetrics,
          useFactory: (options: JanusMetricsOptions) => new JanusMetrics(options),
          inject: [JANUS_METRICS_OPTIONS],
        },
        { provide: JANUS_INSTRUMENTATION, useExisting: JanusMetrics },
      ],
      exports: [JanusMetrics, JANUS_INSTRUMENTATION],
    }))
    .build();

/** What `JanusMetricsModule.forRoot()` takes. */
export type JanusMetricsModuleOptions = AcceptUndefined<typeof OPTIONS_TYPE>;
/** What `JanusMetricsModule.forRootAsync()` takes. */
export type JanusMetricsModuleAsyncOptions = AcceptUndefined<typeof ASYNC_OPTIONS_TYPE>;

/** The class `JanusMetricsModule` extends: `forRoot()`/`forRootAsync()` as `ConfigurableModuleBuilder` builds them. */
const ConfigurableJanusMetricsModule: {
  new (): object;
  /** Registers the metrics with static options. */
  forRoot(options: JanusMetricsModuleOptions): DynamicModule;
  /** Registers the metrics with options from a factory, a class or an existing provider. */
  forRootAsync(options: JanusMetricsModuleAsyncOptions): DynamicModule;
} = ConfigurableModuleClass;

/**
 * Prometheus metrics for every connection `JanusModule` creates (import it once, anywhere; it is global).
 * Serve the registry yourself, e.g. `GET /metrics` returning `await registry.metrics()`.
 *
 * ```ts
 * const registry = new Registry();
 * @Module({ imports: [JanusMetricsModule.forRoot({ registry }), JanusModule.forRoot({ servers })] })
 * ```
 */
@Module({})
export class JanusMetricsModule extends ConfigurableJanusMetricsModule {}
