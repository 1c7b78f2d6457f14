import type { INestApplicationContext, Provider, Type } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { JanusModule, type JanusPluginFeature } from 'nestjs-janus';
import type { JanusInstance } from '../../../../tools/janus-harness/index.js';

/** The module options that connect to a harness Janus. */
function rootOptions(janus: JanusInstance): Parameters<typeof JanusModule.forRoot>[0] {
  return { servers: [{ url: janus.wsUrl, apiSecret: janus.apiSecret }], logger: false };
}

/** A started Nest app connected to `janus`, with `JanusModule.forFeature(features)` and `providers`. */
export async function featureApp(
  janus: JanusInstance,
  features: JanusPluginFeature[],
  providers: Provider[] = [],
): Promise<INestApplicationContext> {
  const moduleRef = await Test.createTestingModule({
    imports: [JanusModule.forRoot(rootOptions(janus)), JanusModule.forFeature(features)],
    providers,
  }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  await app.init();
  return app;
}

/**
 * Looks `service` up in an app with `JanusModule.forRoot` alone (no `forFeature`): resolves with Nest's error
 * message, or undefined when the service is there (opt-in services must not be).
 */
export async function lookupWithForRootAlone(janus: JanusInstance, service: Type): Promise<string | undefined> {
  const moduleRef = await Test.createTestingModule({
    imports: [JanusModule.forRoot({ ...rootOptions(janus), lazy: true })],
  }).compile();
  try {
    moduleRef.get(service, { strict: false });
    return undefined;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  } finally {
    await moduleRef.close();
  }
}
