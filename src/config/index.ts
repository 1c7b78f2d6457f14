export {
  AppConfig,
  loadConfig,
  logLevelsFrom,
  LOG_LEVELS,
  JANUS_URL_PROTOCOLS,
  REDIS_URL_PROTOCOLS,
} from './app-config.js';
export type {
  AuthConfig,
  HttpConfig,
  IceConfig,
  JanusAdminConfig,
  JanusConfig,
  MetricsConfig,
  SignalingConfig,
  PluginSecretsConfig,
  ScaleOutConfig,
  VideoRoomConfig,
} from './app-config.js';
export { AppConfigModule } from './config.module.js';
export { ConfigError, EnvReader, redactUrl, type Env } from './env.js';
export { clientAddress, parseTrustProxy, trustFunction, type TrustProxy } from './trust-proxy.js';
