import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { VERSION } from 'nestjs-janus';
import { createApp } from './app.factory.js';
import { ConfigError, loadConfig, type AppConfig } from './config/index.js';

function configOrExit(): AppConfig {
  try {
    return loadConfig(process.env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    console.error(`${err.message}\nSee README.md for the environment variables.`);
    process.exit(1);
  }
}

async function main(): Promise<void> {
  const config = configOrExit();
  const app = await createApp(config);
  const { host, port } = config.http;
  await app.listen(port, host);
  const address = app.getHttpServer().address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  Logger.log(`nestjs-janus ${VERSION}: listening on http://${shownHost}:${actualPort}`, 'Main');
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
