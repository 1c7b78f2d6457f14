export * from './signaling.errors.js';
export * from './envelope.js';
export { SignalingExceptionFilter } from './signaling-exception.filter.js';
export {
  AckOnly,
  afterReply,
  AfterReply,
  answer,
  Reply,
  REPLY_METADATA,
  replyAs,
  replyMetadataOf,
  replyTableOf,
  type ReplyMetadata,
  type ReplyTable,
} from './reply.js';
export { AdminOnly } from './admin-only.decorator.js';
export { DataPipe, describeValidationErrors, dtoValidationPipe } from './data.pipe.js';
export {
  hasUnsafeCharacter,
  IsIntBetween,
  IsJanusId,
  IsNestedObject,
  MAX_JANUS_ID,
  MAX_UINT32,
  UNSAFE_STRING_MESSAGE,
  unsafeStringPath,
  withoutNulls,
} from './input-rules.js';
export { RateLimitService } from './rate-limit.service.js';
export { SignalingIoAdapter } from './signaling-io.adapter.js';
export { ClientSession, type SessionSource, type SocketJanus } from './client-session.js';
export { principalOf, socketAuthMiddleware } from './socket-auth.js';
export { TOKEN_EXPIRED, TokenExpiry } from './token-expiry.js';
export { registerSignalingNamespace, signalingNamespaceOf, type SignalingNamespace } from './namespace-registry.js';
export { afterJsepReply, HandleRelay } from './handle-relay.js';
export { SdpSizeConstraint, IsBoundedSdp } from './sdp-size.constraint.js';
export { useNestConstraints } from './constraint-container.js';
export { cacheValidationRules } from './validation-rules-cache.js';
export { relayBackendFailures } from './backend-failure-relay.js';
export { SignalingModule } from './signaling.module.js';
export { trickleTo } from './trickle.js';
export {
  SERVER_SHUTDOWN,
  SERVER_SHUTDOWN_REASON,
  SOCKET_OPAQUE_ID_PREFIX,
  SignalingGateway,
  type SignalingClient,
} from './signaling.gateway.js';
