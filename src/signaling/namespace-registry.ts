import type { ReplyTable } from './reply.js';
import type { TokenExpiry } from './token-expiry.js';

/** What the signaling adapter needs to know of the gateway that serves a namespace. */
export interface SignalingNamespace {
  /** How the gateway's handlers answer (its {@link replyTableOf}). */
  readonly replies: ReplyTable;
  /** What the adapter checks every request of the namespace's sockets against first: their tokens' `exp`. */
  readonly expiry?: TokenExpiry;
}

/** The namespaces the signaling gateways serve, each set when its gateway starts. */
const namespaces = new WeakMap<object, SignalingNamespace>();

/** Records what the adapter needs of the gateway serving `namespace` (`SignalingGateway.afterInit`). */
export function registerSignalingNamespace(namespace: object, gateway: SignalingNamespace): void {
  namespaces.set(namespace, gateway);
}

/** What the gateway serving `namespace` registered, if it is a signaling gateway. */
export function signalingNamespaceOf(namespace: object): SignalingNamespace | undefined {
  return namespaces.get(namespace);
}
