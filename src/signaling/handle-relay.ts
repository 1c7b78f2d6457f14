import { ICE_FAILED_REASON, type JanusHandle, type JanusHandleCoreMessage } from 'nestjs-janus';
import { Subscription } from 'rxjs';
import type { Socket } from 'socket.io';
import { push } from './envelope.js';
import { afterReply, type AfterReply } from './reply.js';

/**
 * Relays a handle's WebRTC events to the socket as docs/PROTOCOL.md's pushed events (`webrtcup`, `media`, `slowlink`,
 * `hangup`, `ice-failed`, `trickle`), with `extra` (e.g. `{ feed }`) merged into each payload, until unsubscribed.
 *
 * One subscription to the handle's `coreEvents$` per handle (rather than one per kind through rxjs operators:
 * every join and leave of the app creates and ends a relay, and those subscriber chains were a measurable part
 * of a join's CPU).
 *
 * Candidates Janus trickles (with `full_trickle`) can come before the reply that carries Janus's SDP, and a browser
 * cannot add a candidate before it has the remote description. So the relay holds them until
 * {@link HandleRelay.releaseCandidates} (called right after that reply); later ones go out at once.
 */
export class HandleRelay extends Subscription {
  private held?: Array<Record<string, unknown>>;
  /** `ice-failed` went out for the current PeerConnection (Janus 1.2+ says it twice: its own event, then a hangup). */
  private iceFailedSent = false;
  private mediaUp = false;
  /** The handle has ended (its streams completed). */
  private ended = false;
  private onEnd?: () => void;

  /** The handle's PeerConnection is up: `webrtcup` seen, no `hangup` since. */
  get up(): boolean {
    return this.mediaUp;
  }

  constructor(
    private readonly socket: Socket,
    handle: JanusHandle<unknown>,
    private readonly extra: Record<string, unknown> = {},
    holdCandidates = true,
  ) {
    super();
    if (holdCandidates) this.held = [];
    this.add(handle.coreEvents$.subscribe({ next: (message) => this.relay(message), complete: () => this.end() }));
  }

  /**
   * Runs `hook` once the handle ends (detached by the app or by Janus, or its session gone; at once if it has), unless
   * the relay is unsubscribed first. One hook per relay, the last one given: the relay's own subscription tells, so
   * following a handle to its end costs no subscription of its own.
   */
  whenEnded(hook: () => void): void {
    if (this.ended) hook();
    else this.onEnd = hook;
  }

  /** Sends the candidates held so far; from now on candidates go out as they come. */
  releaseCandidates(): void {
    const held = this.held;
    this.held = undefined;
    for (const data of held ?? []) this.push('trickle', data);
  }

  private relay(message: JanusHandleCoreMessage): void {
    switch (message.janus) {
      case 'webrtcup':
        this.mediaUp = true;
        this.iceFailedSent = false;
        this.push('webrtcup', {});
        break;
      case 'ice-failed':
        // Janus 1.2+: ICE failed, possibly seconds before the hangup that follows it.
        this.pushIceFailed();
        break;
      case 'media':
        this.push('media', { type: message.type, mid: message.mid, receiving: message.receiving });
        break;
      case 'slowlink':
        this.push('slowlink', { uplink: message.uplink, media: message.media, mid: message.mid, lost: message.lost });
        break;
      case 'hangup':
        this.mediaUp = false;
        this.push('hangup', { reason: message.reason });
        if (message.reason === ICE_FAILED_REASON) this.pushIceFailed();
        this.iceFailedSent = false;
        break;
      case 'trickle': {
        const c = message.candidate;
        const data = 'completed' in c ? { completed: true } : { candidate: c };
        if (this.held) this.held.push(data);
        else this.push('trickle', data);
        break;
      }
      case 'detached':
        break;
    }
  }

  private end(): void {
    this.ended = true;
    const hook = this.onEnd;
    this.onEnd = undefined;
    hook?.();
  }

  private pushIceFailed(): void {
    if (this.iceFailedSent) return;
    this.iceFailedSent = true;
    this.push('ice-failed', {});
  }

  private push(event: string, data: Record<string, unknown>): void {
    push(this.socket, event, { ...data, ...this.extra });
  }
}

/**
 * `data` as a reply after which `relay`'s held candidates go out, when it carries Janus's SDP (`jsep`): a reply
 * without one (a configure that changed no media) leaves them held for the reply that will.
 */
export function afterJsepReply<T extends { jsep?: unknown }>(data: T, relay: HandleRelay): AfterReply<T> {
  return afterReply(data, () => {
    if (data.jsep) relay.releaseCandidates();
  });
}
