import type { JanusHandle } from 'nestjs-janus';
import { map, merge, Subscription } from 'rxjs';
import type { Socket } from 'socket.io';
import { push } from './envelope.js';

/**
 * Relays a handle's WebRTC events to the socket as PROTOCOL.md's pushed events (`webrtcup`, `media`, `slowlink`,
 * `hangup`, `ice-failed`, `trickle`), with `extra` (e.g. `{ feed }`) merged into each payload, until unsubscribed.
 *
 * Candidates Janus trickles (with `full_trickle`) can come before the reply that carries Janus's SDP, and a browser
 * cannot add a candidate before it has the remote description. So the relay holds them until
 * {@link HandleRelay.releaseCandidates} (called right after that reply); later ones go out at once.
 */
export class HandleRelay extends Subscription {
  private held?: Array<Record<string, unknown>>;

  constructor(
    private readonly socket: Socket,
    handle: JanusHandle<unknown>,
    private readonly extra: Record<string, unknown> = {},
    holdCandidates = true,
  ) {
    super();
    if (holdCandidates) this.held = [];
    const events = merge(
      handle.webrtcUp$.pipe(map(() => ['webrtcup', {}] as const)),
      handle.media$.pipe(map((m) => ['media', { type: m.type, mid: m.mid, receiving: m.receiving }] as const)),
      handle.slowLink$.pipe(
        map((s) => ['slowlink', { uplink: s.uplink, media: s.media, mid: s.mid, lost: s.lost }] as const),
      ),
      handle.hangup$.pipe(map((h) => ['hangup', { reason: h.reason }] as const)),
      handle.iceFailed$.pipe(map(() => ['ice-failed', {}] as const)),
    );
    this.add(events.subscribe(([event, data]) => push(socket, event, { ...data, ...extra })));
    this.add(
      handle.trickle$.subscribe((c) => {
        const data = 'completed' in c ? { completed: true } : { candidate: c };
        if (this.held) this.held.push(data);
        else push(socket, 'trickle', { ...data, ...this.extra });
      }),
    );
  }

  /** Sends the candidates held so far; from now on candidates go out as they come. */
  releaseCandidates(): void {
    const held = this.held;
    this.held = undefined;
    for (const data of held ?? []) push(this.socket, 'trickle', { ...data, ...this.extra });
  }
}
