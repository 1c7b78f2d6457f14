/** Plugin wrappers: the mechanism to wrap any Janus plugin, and the built-in EchoTest and VideoRoom. */
export { JanusPluginHandle, definePlugin } from './plugin.js';
export type {
  JanusPluginDefinition,
  JanusPluginEventType,
  JanusPluginRequestBody,
  JanusPluginRequestOptions,
  JanusPluginRequestReply,
  JanusPluginRequests,
  JanusPluginRequestSpec,
} from './plugin.js';
export * from './echotest/index.js';
export * from './videoroom/index.js';
