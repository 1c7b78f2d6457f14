/**
 * `nestjs-janus/core`: the framework-free part of nestjs-janus (connection, sessions, handles, plugins, Admin API,
 * errors, types). It imports nothing from Nest; its only peer is `rxjs`. `nestjs-janus` re-exports all of it next
 * to the Nest layer.
 */
export { VERSION } from '../version.js';
export * from '../errors/index.js';
export type * from '../interfaces/protocol.interface.js';
export type * from '../interfaces/connection-options.interface.js';
export type * from '../interfaces/logger.interface.js';
export { ConsoleJanusLogger } from './logger.js';
export { JanusConnection } from './connection.js';
export type { JanusConnectionState, JanusConnectionObserver } from './connection.js';
export { JanusSession } from './session.js';
export type { JanusSessionClosed, JanusAttachOptions } from './session.js';
export { JanusHandle, ICE_FAILED_REASON } from './handle.js';
export type {
  JanusHandleDetached,
  JanusHandleInit,
  JanusPluginClass,
  JanusRequestOptions,
  JanusMediaEvent,
  JanusSlowLinkEvent,
  JanusHangupEvent,
  JanusTrickleEvent,
  JanusIceFailedEvent,
  JanusMessageResult,
} from './handle.js';
export * from '../admin/index.js';
export * from '../plugins/index.js';
