import { Module, type DynamicModule } from '@nestjs/common';
import { JanusMetricsModule } from 'nestjs-janus/metrics';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { MetricsController } from './metrics.controller.js';

/** `GET /metrics`: one prom-client registry per app instance, with the Janus metrics and Node's default metrics. */
@Module({})
export class MetricsModule {
  static forRoot(): DynamicModule {
    const registry = new Registry();
    collectDefaultMetrics({ register: registry });
    return {
      module: MetricsModule,
      imports: [JanusMetricsModule.forRoot({ registry })],
      controllers: [MetricsController],
      providers: [{ provide: Registry, useValue: registry }],
      exports: [Registry],
    };
  }
}
