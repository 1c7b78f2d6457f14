import type { VideoRoomPublisher } from 'nestjs-janus';
import { AppError } from '../errors/index.js';
import type { PoolServer } from '../janus/index.js';
import type { VideoRoomCascade } from './videoroom-cascade.service.js';

/**
 * The feed ids of one multistream subscription, between the room (what the browser names) and the Janus server the
 * subscription is on. On the room's own server they are the same; on an edge of a cascaded room each feed is a
 * remote publisher with an id of its own there ({@link EdgeFeeds}).
 */
export interface SubscriptionFeeds {
  /** Streams to subscribe to, with their feeds as the subscription's server names them (relayed there first). */
  toServer<T extends { feed: number }>(streams: T[]): Promise<T[]>;
  /**
   * Runs `request` with `streams` as {@link toServer} names them, and resolves with its result; their relays are kept
   * at least until it settles, whatever {@link keepOnly} says meanwhile.
   */
  during<T extends { feed: number }, R>(streams: T[], request: (onServer: T[]) => Promise<R>): Promise<R>;
  /**
   * Janus's list of the subscription's streams (its own feed ids): lets go of the relays of the feeds that no active
   * stream receives any more, but not of those a request under way names.
   */
  keepOnly(streams: readonly ServerStream[] | undefined): void;
  /** Streams a request drops or names, with the feeds already on the server renamed (no new relay). */
  namedOnServer<T extends { feed?: number }>(streams: T[]): T[];
  /** Janus's streams of the subscription, with their feed ids as the room names them. */
  fromServer<T extends { feed_id?: number | string }>(streams: T[] | undefined): T[] | undefined;
  /** The subscription ended: lets go of what it relayed. */
  release(): void;
}

/** A stream of a subscription as Janus lists it: the feed it receives (a data channel: the feeds it carries). */
export interface ServerStream {
  type?: string;
  active?: boolean;
  feed_id?: number | string;
  source_ids?: ReadonlyArray<number | string>;
}

/** A subscription on the room's own server: ids are the room's. */
export const ROOM_SERVER_FEEDS: SubscriptionFeeds = {
  toServer: (streams) => Promise.resolve(streams),
  during: (streams, request) => request(streams),
  keepOnly: () => undefined,
  namedOnServer: (streams) => streams,
  fromServer: (streams) => streams,
  release: () => undefined,
};

/**
 * A subscription on an edge server of a cascaded room: each feed it names is relayed from the room's server once
 * ({@link VideoRoomCascade.relay}) and known there by another id; the browser keeps seeing the room's ids.
 */
export class EdgeFeeds implements SubscriptionFeeds {
  /** The room's feed id -> its relay to the edge (shared by every request of the subscription). */
  private readonly relays = new Map<number, Promise<{ feed: number; release: () => void }>>();
  /** The room's feed id -> its id on the edge, once relayed. */
  private readonly ids = new Map<number, number>();
  /** The other way: a feed id on the edge -> the room's. */
  private readonly roomIds = new Map<number, number>();
  /** The room's feed id -> how many requests under way name it. */
  private readonly busy = new Map<number, number>();

  constructor(
    private readonly cascade: VideoRoomCascade,
    private readonly room: number,
    /** The room's server, where the feeds come from. */
    private readonly origin: PoolServer,
    /** Where the subscription is. */
    readonly edge: PoolServer,
    /** The publisher of one of the room's feeds, as the room announced it (undefined if it does not publish). */
    private readonly publisherOf: (feed: number) => VideoRoomPublisher | undefined,
  ) {}

  toServer<T extends { feed: number }>(streams: T[]): Promise<T[]> {
    return Promise.all(
      streams.map(async (s) => {
        const { feed } = await this.relayOf(s.feed);
        this.ids.set(s.feed, feed);
        this.roomIds.set(feed, s.feed);
        return { ...s, feed };
      }),
    );
  }

  async during<T extends { feed: number }, R>(streams: T[], request: (onServer: T[]) => Promise<R>): Promise<R> {
    const feeds = streams.map((s) => s.feed);
    for (const feed of feeds) this.busy.set(feed, (this.busy.get(feed) ?? 0) + 1);
    try {
      return await request(await this.toServer(streams));
    } finally {
      for (const feed of feeds) {
        const left = (this.busy.get(feed) ?? 1) - 1;
        if (left > 0) this.busy.set(feed, left);
        else this.busy.delete(feed);
      }
    }
  }

  keepOnly(streams: readonly ServerStream[] | undefined): void {
    if (!streams) return;
    const received = new Set<number>();
    for (const s of streams) {
      if (s.active === false) continue;
      if (s.feed_id !== undefined) received.add(Number(s.feed_id));
      else if (s.source_ids) for (const id of s.source_ids) received.add(Number(id));
      // A data channel whose sources Janus does not name: which relays it needs is unknown, so all stay.
      else if (s.type === 'data') return;
    }
    // Deleting the entry being visited is safe while iterating a Map.
    for (const [feed, onEdge] of this.ids) {
      if (!received.has(onEdge) && !this.busy.has(feed)) this.releaseFeed(feed);
    }
  }

  namedOnServer<T extends { feed?: number }>(streams: T[]): T[] {
    return streams.map((s) => {
      const onEdge = s.feed === undefined ? undefined : this.ids.get(s.feed);
      return onEdge === undefined ? s : { ...s, feed: onEdge };
    });
  }

  fromServer<T extends { feed_id?: number | string }>(streams: T[] | undefined): T[] | undefined {
    if (!streams) return streams;
    return streams.map((s) => {
      const feed = s.feed_id === undefined ? undefined : this.roomIds.get(Number(s.feed_id));
      return feed === undefined ? s : { ...s, feed_id: feed };
    });
  }

  /** The subscription no longer receives any stream of `feed` (the room's id): lets go of its relay, if any. */
  private releaseFeed(feed: number): void {
    const relayed = this.relays.get(feed);
    if (!relayed) return;
    this.relays.delete(feed);
    const onEdge = this.ids.get(feed);
    this.ids.delete(feed);
    if (onEdge !== undefined) this.roomIds.delete(onEdge);
    letGo(relayed);
  }

  release(): void {
    for (const relayed of this.relays.values()) letGo(relayed);
  }

  /** The relay of `feed` to the edge, set up on first use; one that failed is tried again next time. */
  private relayOf(feed: number): Promise<{ feed: number; release: () => void }> {
    let relayed = this.relays.get(feed);
    if (!relayed) {
      const publisher = this.publisherOf(feed);
      if (!publisher) throw new AppError('NOT_FOUND', `feed ${feed} is not publishing in room ${this.room}`);
      const attempt = this.cascade.relay(this.room, feed, this.origin, this.edge, publisher);
      relayed = attempt;
      this.relays.set(feed, attempt);
      attempt.catch(() => this.relays.get(feed) === attempt && this.relays.delete(feed));
    }
    return relayed;
  }
}

/** Releases a relay once it is set up (one that failed has nothing to release). */
function letGo(relayed: Promise<{ release: () => void }>): void {
  void relayed.then(
    (r) => r.release(),
    () => undefined,
  );
}
