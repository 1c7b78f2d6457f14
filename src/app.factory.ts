import { fileURLToPath } from 'node:url';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module.js';
import { logLevelsFrom, trustFunction, type AppConfig } from './config/index.js';
import { HttpExceptionFilter, setupOpenApi } from './http/index.js';
import { ScaleOut } from './scale-out/index.js';
import { AppLogger } from './logging/app-logger.js';
import { cacheValidationRules, SdpSizeConstraint, SignalingIoAdapter, useNestConstraints } from './signaling/index.js';

/** Static files (the demo page at `/`): src/public in the sources, dist/apps/app/public in the build. */
export const PUBLIC_DIR = fileURLToPath(new URL('./public', import.meta.url));

/** Creates the Nest app (not yet listening) for a validated configuration. Used by main.ts and the tests. */
export async function createApp(config: AppConfig): Promise<NestExpressApplication> {
  // REDIS_URL: Redis first, so that one that does not answer fails startup with RedisUnavailableError.
  const scaleOut = await ScaleOut.connect(config.scaleOut);
  let app: NestExpressApplication;
  try {
    app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, scaleOut), {
      logger: new AppLogger(logLevelsFrom(config.logLevel)),
    });
  } catch (err) {
    await scaleOut.close();
    throw err;
  }
  // The signals that stop a server. Not Nest's default (every signal, SIGUSR2 included): `node
  // --heapsnapshot-signal=SIGUSR2` would take the heap snapshot and shut the app down with it.
  app.enableShutdownHooks(['SIGTERM', 'SIGINT', 'SIGHUP']);
  app.disable('x-powered-by');
  // TRUST_PROXY: Express's req.ip, req.protocol and req.hostname believe X-Forwarded-* only from these proxies (the
  // socket.io rate limit computes its client address with the same function).
  app.set('trust proxy', trustFunction(config.http.trustProxy));
  app.useStaticAssets(PUBLIC_DIR);
  // With REDIS_URL, socket.io on the Redis adapter (broadcasts reach every instance's sockets).
  app.useWebSocketAdapter(new SignalingIoAdapter(app, config.signaling, scaleOut.socketIoAdapter));
  // Errors raised before any controller (a JSON body that does not parse, an unknown route) answer
  // `{ code, message }` like the rest of the HTTP API; controllers' own filters come first.
  app.useGlobalFilters(new HttpExceptionFilter());
  // class-validator constraints with dependencies (the SDP size limit) come from Nest's container, and each DTO
  // class's rules are looked up once, not at every validation.
  useNestConstraints(app, [SdpSizeConstraint]);
  cacheValidationRules();
  // The OpenAPI document of the HTTP API at /api/docs-json, its UI at /api/docs.
  setupOpenApi(app);
  return app;
}
