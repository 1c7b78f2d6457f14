import type { JanusHandle } from 'nestjs-janus';
import { merge, map, takeUntil, type Observable, type Subscription } from 'rxjs';
import type { Socket } from 'socket.io';
import { push } from './envelope.js';

/**
 * Relays a handle's WebRTC events to the socket as PROTOCOL.md's pushed events (`webrtcup`, `media`, `slowlink`,
 * `hangup`, `ice-failed`, `trickle`), with `extra` (e.g. `{ feed }`) merged into each payload. Ends with the handle.
 */
export function relayHandleEvents(
  socket: Socket,
  handle: JanusHandle<unknown>,
  extra: Record<string, unknown> = {},
  until?: Observable<unknown>,
): Subscription {
  const events = merge(
    handle.webrtcUp$.pipe(map(() => ['webrtcup', {}] as const)),
    handle.media$.pipe(map((m) => ['media', { type: m.type, mid: m.mid, receiving: m.receiving }] as const)),
    handle.slowLink$.pipe(
      map((s) => ['slowlink', { uplink: s.uplink, media: s.media, mid: s.mid, lost: s.lost }] as const),
    ),
    handle.hangup$.pipe(map((h) => ['hangup', { reason: h.reason }] as const)),
    handle.iceFailed$.pipe(map(() => ['ice-failed', {}] as const)),
    handle.trickle$.pipe(map((c) => ['trickle', 'completed' in c ? { completed: true } : { candidate: c }] as const)),
  );
  return (until ? events.pipe(takeUntil(until)) : events).subscribe(([event, data]) =>
    push(socket, event, { ...data, ...extra }),
  );
}
