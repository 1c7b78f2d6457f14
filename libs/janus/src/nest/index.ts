/** The NestJS layer: `JanusModule`, `JanusService`, injection helpers. */
export { JanusModule } from './janus.module.js';
export type { JanusModuleForRootOptions, JanusModuleAsyncOptions } from './janus.module-definition.js';
export { JanusService } from './janus.service.js';
export { VideoRoomService } from './video-room.service.js';
export { EchoTestService } from './echo-test.service.js';
export { InjectJanus, InjectJanusConnection, InjectVideoRoom, InjectEchoTest } from './janus.decorators.js';
export {
  getJanusServiceToken,
  getJanusConnectionToken,
  getVideoRoomServiceToken,
  getEchoTestServiceToken,
  janusConnectionName,
} from './janus.utils.js';
export { DEFAULT_JANUS_CONNECTION, JANUS_INSTRUMENTATION, JANUS_LOGGER_CONTEXT } from './janus.constants.js';
export type * from './interfaces/index.js';
