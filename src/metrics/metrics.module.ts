import { Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { JanusMetricsModule } from 'nestjs-janus/metrics';
import { Registry } from 'prom-client';
import type { MetricsConfig } from '../config/index.js';
import { MetricsController } from './metrics.controller.js';
import { collectNodeMetrics } from './node-metrics.js';

/** Stops the Node metrics' sampling when the app shuts down. */
const NODE_METRICS = Symbol('NODE_METRICS');

/**
 * `GET /metrics`: one prom-client registry per app instance, with the Janus metrics and Node's default metrics
 * (the event-loop delay sampled every `eventLoopSampleMs` rather than 10 ms: see node-metrics.ts).
 */
@Module({})
export class MetricsModule implements OnApplicationShutdown {
  constructor(@Inject(NODE_METRICS) private readonly nodeMetrics: { stop(): void }) {}

  onApplicationShutdown(): void {
    this.nodeMetrics.stop();
  }

  static forRoot({ eventLoopSampleMs }: Pick<MetricsConfig, 'eventLoopSampleMs'>): DynamicModule {
    const registry = new Registry();
    return {
      module: MetricsModule,
      imports: [JanusMetricsModule.forRoot({ registry })],
      controllers: [MetricsController],
      providers: [
        { provide: Registry, useValue: registry },
        { provide: NODE_METRICS, useFactory: () => collectNodeMetrics(registry, eventLoopSampleMs) },
      ],
      exports: [Registry],
    };
  }
}
