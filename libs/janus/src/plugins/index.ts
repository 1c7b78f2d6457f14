/** Plugin wrappers: the mechanism to wrap any Janus plugin, and the built-in EchoTest and VideoRoom. */
export { JanusPluginHandle, definePlugin } from './plugin.js';
export type {
  JanusAnyPluginHandle,
  JanusPluginDefinition,
  JanusPluginEventsOf,
  JanusPluginEventType,
  JanusPluginRequestBody,
  JanusPluginRequestOptions,
  JanusPluginRequestReply,
  JanusPluginRequestResult,
  JanusPluginRequests,
  JanusPluginRequestsOf,
  JanusPluginRequestSpec,
} from './plugin.js';
export { toPluginEvent } from './plugin.events.js';
export type {
  JanusPluginErrorEvent,
  JanusPluginEvent,
  JanusPluginEventBase,
  JanusPluginUnknownEvent,
} from './plugin.events.js';
export * from './echotest/index.js';
export * from './videoroom/index.js';
export * from './audiobridge/index.js';
export * from './textroom/index.js';
export * from './streaming/index.js';
