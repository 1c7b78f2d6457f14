export {
  REDIS_COMMAND_TIMEOUT_MS,
  REDIS_CONNECT_TIMEOUT_MS,
  RedisUnavailableError,
  ScaleOut,
  type SocketIoAdapterFactory,
} from './scale-out.js';
export {
  INSTANCES_KEY,
  InstanceRegistry,
  instanceKeys,
  type InstanceRecord,
  type InstanceRegistryOptions,
  type RegistryLog,
} from './instance-registry.js';
export { REDIS_KEY_PREFIX } from './redis-keys.js';
export { ScaleOutLifecycle, ScaleOutModule } from './scale-out.module.js';
