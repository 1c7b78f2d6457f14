/** The NestJS layer: `JanusModule`, `JanusService`, injection helpers. */
export { JanusModule } from './janus.module.js';
export type { JanusModuleForRootOptions, JanusModuleAsyncOptions } from './janus.module-definition.js';
export { JanusService } from './janus.service.js';
export { VideoRoomService } from './video-room.service.js';
export { AudioBridgeService } from './audio-bridge.service.js';
export { EchoTestService } from './echo-test.service.js';
export { StreamingService } from './streaming.service.js';
export { TextRoomService } from './text-room.service.js';
export { JanusPluginService } from './janus-plugin.service.js';
export type { JanusPluginServiceOf, JanusPluginServiceOptions } from './janus-plugin.service.js';
export { definePluginService } from './define-plugin-service.js';
export type {
  JanusManagedMethodName,
  JanusPluginServiceClass,
  JanusPluginServiceDefinition,
} from './define-plugin-service.js';
export { JanusManagedHandle } from './managed-handle.js';
export type { JanusManagedHandleOptions, JanusSessionSource } from './managed-handle.js';
export {
  InjectJanus,
  InjectJanusConnection,
  InjectVideoRoom,
  InjectEchoTest,
  InjectPlugin,
} from './janus.decorators.js';
export {
  getJanusServiceToken,
  getJanusConnectionToken,
  getVideoRoomServiceToken,
  getEchoTestServiceToken,
  getPluginServiceToken,
  getPluginServiceClassToken,
  janusConnectionName,
} from './janus.utils.js';
export { DEFAULT_JANUS_CONNECTION, JANUS_INSTRUMENTATION, JANUS_LOGGER_CONTEXT } from './janus.constants.js';
export type * from './interfaces/index.js';
