import {
  Global,
  Injectable,
  Module,
  type DynamicModule,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { AppConfig } from '../config/index.js';
import { JanusPool } from '../janus/janus-pool.service.js';
import { ScaleOut } from './scale-out.js';

/** Starts this instance's placement record once the app is up, and closes Redis after the sockets and Janus. */
@Injectable()
export class ScaleOutLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    private readonly scaleOut: ScaleOut,
    private readonly pool: JanusPool,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.scaleOut.start(this.pool.servers.map((s) => s.janus.connection));
  }

  /** Runs after the sockets and the socket.io server are closed (their last Redis commands are queued by then). */
  async onApplicationShutdown(): Promise<void> {
    await this.scaleOut.close();
  }
}

/** Multi-instance mode for every module: `ScaleOut`, connected to Redis when `REDIS_URL` is set, else alone. */
@Global()
@Module({})
export class ScaleOutModule {
  /**
   * With `scaleOut` already connected (as `createApp` does, so a Redis that does not answer fails startup before
   * the app is built), or else connected from the configuration while the app is built.
   */
  static forRoot(scaleOut?: ScaleOut): DynamicModule {
    return {
      module: ScaleOutModule,
      providers: [
        scaleOut
          ? { provide: ScaleOut, useValue: scaleOut }
          : {
              provide: ScaleOut,
              inject: [AppConfig],
              useFactory: (config: AppConfig) => ScaleOut.connect(config.scaleOut),
            },
        ScaleOutLifecycle,
      ],
      exports: [ScaleOut],
    };
  }
}
