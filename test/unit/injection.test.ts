import { Injectable, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { describe, expect, it } from 'vitest';
import { AppConfig, AppConfigModule, loadConfig } from '../../src/config/index.js';

/** A service that needs the config through constructor injection only (no @Inject): decorator metadata must work. */
@Injectable()
class JanusTarget {
  constructor(readonly config: AppConfig) {}

  firstUrl(): string {
    return this.config.janus.urls[0];
  }
}

@Module({ providers: [JanusTarget], exports: [JanusTarget] })
class FeatureModule {}

describe('Nest dependency injection under Vitest', () => {
  it('injects the global AppConfig into a service of another module by its constructor type', async () => {
    const config = loadConfig({ JANUS_URL: 'ws://127.0.0.1:8188', AUTH_REQUIRED: 'false' });
    const moduleRef = await Test.createTestingModule({
      imports: [AppConfigModule.forRoot(config), FeatureModule],
    }).compile();
    try {
      const target = moduleRef.get(JanusTarget);
      expect(target.config).toBe(config);
      expect(target.firstUrl()).toBe('ws://127.0.0.1:8188');
      expect(target.config.authRequired).toBe(false);
    } finally {
      await moduleRef.close();
    }
  });

  it('reads process.env when no config is given, and fails naming the bad variable', async () => {
    const saved = process.env.JANUS_URL;
    try {
      process.env.JANUS_URL = 'wss://janus.example.org/ws';
      process.env.AUTH_REQUIRED = 'false';
      const moduleRef = await Test.createTestingModule({ imports: [AppConfigModule.forRoot()] }).compile();
      expect(moduleRef.get(AppConfig).janus.urls).toEqual(['wss://janus.example.org/ws']);
      await moduleRef.close();

      process.env.JANUS_URL = 'http://janus:8088';
      await expect(Test.createTestingModule({ imports: [AppConfigModule.forRoot()] }).compile()).rejects.toThrow(
        /JANUS_URL/,
      );
    } finally {
      if (saved === undefined) delete process.env.JANUS_URL;
      else process.env.JANUS_URL = saved;
    }
  });
});
