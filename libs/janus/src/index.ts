/**
 * nestjs-janus: a typed, self-healing client for the Janus WebRTC server, with a NestJS layer.
 * The core (connection, sessions, handles, Admin API) imports nothing from Nest.
 */
export { VERSION } from './version.js';
export * from './errors/index.js';
export type * from './interfaces/protocol.interface.js';
export type * from './interfaces/connection-options.interface.js';
export type * from './interfaces/logger.interface.js';
export { ConsoleJanusLogger } from './core/logger.js';
export { JanusConnection } from './core/connection.js';
export type { JanusConnectionState, JanusConnectionObserver } from './core/connection.js';
export { JanusSession } from './core/session.js';
export type { JanusSessionClosed, JanusAttachOptions } from './core/session.js';
export { JanusHandle, ICE_FAILED_REASON } from './core/handle.js';
export type {
  JanusHandleDetached,
  JanusHandleInit,
  JanusPluginClass,
  JanusRequestOptions,
  JanusMediaEvent,
  JanusSlowLinkEvent,
  JanusHangupEvent,
  JanusTrickleEvent,
} from './core/handle.js';
export * from './admin/index.js';
export * from './nest/index.js';
export * from './plugins/index.js';
