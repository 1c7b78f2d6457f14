import type { Socket } from 'socket.io-client';

/**
 * The socket side of Janode's example front-ends (`examples/<plugin>/html/<plugin>-client.js`, Janode v1.8.0,
 * github.com/meetecho/janode), as the Janode replay tests send and read: events without acks, `{ data, _id }`.
 */

/** What the scripts' handlers read from the replies and pushed events. */
export interface Envelope<T> {
  _id?: number;
  data: T;
}

/** The scripts' `getId()`. */
export function getId(): number {
  return Math.floor(Number.MAX_SAFE_INTEGER * Math.random());
}

/** Emits like the scripts: `socket.emit(event, { data, _id: getId() })` (or `{ _id }` alone), no ack; the `_id`. */
export function emit(socket: Socket, event: string, data?: Record<string, unknown>): number {
  const _id = getId();
  socket.emit(event, data === undefined ? { _id } : { data, _id });
  return _id;
}

/**
 * The next `event` the script would handle: with an `_id` (or `{ _id }`), the reply to that request; with
 * `{ feed }`, the one about that feed.
 */
export function on<T>(
  socket: Socket,
  event: string,
  filter: number | { _id?: number; feed?: number } = {},
): Promise<Envelope<T>> {
  const { _id, feed } = typeof filter === 'number' ? { _id: filter, feed: undefined } : filter;
  return new Promise((resolve) => {
    const listener = (payload: Envelope<T>): void => {
      if (_id !== undefined && payload._id !== _id) return;
      if (feed !== undefined && (payload.data as { feed?: number }).feed !== feed) return;
      socket.off(event, listener);
      resolve(payload);
    };
    socket.on(event, listener);
  });
}

/** A participant as Janode's AudioBridge front-end reads it (`joined`, `participants-list`, `peer-*`). */
export interface AudioPeer {
  feed: number;
  display?: string;
  muted: boolean;
  setup: boolean;
}

/** The data of AudioBridge's `joined` / `roomchanged`, as Janode's front-end reads it. */
export interface AudioJoined {
  room: number;
  feed: number;
  display?: string;
  participants: AudioPeer[];
}

/** An RTP mountpoint as Janode's Streaming front-end asks for it (`_createMp({ audio: true, video: true })`). */
export function janodeMountpoint(name: string): Record<string, unknown> {
  return {
    name,
    description: `this is ${name}`,
    secret: null,
    pin: null,
    permanent: false,
    is_private: false,
    audio: { port: 0, pt: 111, rtpmap: 'opus/48000/2' },
    video: { port: 0, pt: 100, rtpmap: 'VP8/90000' },
  };
}

/**
 * The REST body (`POST /api/streaming/mountpoints`) of an RTP mountpoint with an Opus and a VP8 stream on ports
 * Janus picks: what the tests watch without sending it any media.
 */
export function rtpMountpointBody(name: string): Record<string, unknown> {
  return {
    type: 'rtp',
    name,
    is_private: false,
    media: [
      { type: 'audio', mid: 'a', port: 0, pt: 111, codec: 'opus' },
      { type: 'video', mid: 'v', port: 0, pt: 100, codec: 'vp8' },
    ],
  };
}
