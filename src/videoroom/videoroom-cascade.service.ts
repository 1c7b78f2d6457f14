import { Injectable, Logger } from '@nestjs/common';
import { VideoRoomPlugin, type VideoRoomPublisher, type VideoRoomPublisherStream } from 'nestjs-janus';
import { filter, firstValueFrom, map, ReplaySubject, timeout, type Observable } from 'rxjs';
import { AppConfig } from '../config/index.js';
import { AppError } from '../errors/index.js';
import { JanusPool, type PoolServer } from '../janus/index.js';
import { RoomSecrets } from '../room-admin/index.js';

/** How long a new forward may take until the edge's room announces the feed (its media arrived there). */
export const CASCADE_READY_TIMEOUT_MS = 10_000;
/** The `remote_id` of the app's forwards on the origin: `nestjs-janus:<edge index>`. */
const REMOTE_ID_PREFIX = 'nestjs-janus:';

/** One feed relayed from its room's server (the origin) to another server of the pool (an edge). */
interface Forward {
  readonly key: string;
  readonly room: number;
  readonly feed: number;
  readonly origin: PoolServer;
  readonly edge: PoolServer;
  /** The remote publisher's feed id on the edge, once the feed is in the edge's room. */
  readonly ready: Promise<number>;
  users: number;
}

/** The `release` of a subscription that holds no place. */
const noRelease = (): void => undefined;

/**
 * VideoRoom rooms bigger than one Janus (`VIDEOROOM_CASCADE_SUBSCRIBERS`, with `JANUS_POOL`): once this instance has
 * that many subscribers of a room on the room's own server, the next subscriber to a feed goes to the least-loaded
 * other live server, which receives the feed as a remote publisher (`add_remote_publisher` there,
 * `publish_remotely` on the room's server). A forward serves every subscriber of that feed this instance places on
 * that edge; it is torn down (`unpublish_remotely`, `remove_remote_publisher`) when its last subscriber goes or the
 * publisher leaves. A subscription (classic or multistream) takes its place with {@link placeSubscription}; on an
 * edge its feeds are relayed with {@link relay} (through `EdgeFeeds`, src/videoroom/subscription-feeds.ts).
 */
@Injectable()
export class VideoRoomCascade {
  private readonly logger = new Logger('VideoRoomCascade');
  private readonly threshold: number | undefined;
  /** Subscribers this instance has on each room's own server. */
  private readonly onOrigin = new Map<number, number>();
  private readonly forwards = new Map<string, Forward>();

  constructor(
    private readonly pool: JanusPool,
    private readonly secrets: RoomSecrets,
    config: AppConfig,
  ) {
    this.threshold = pool.pooled ? config.videoRoom.cascadeSubscribers : undefined;
  }

  /**
   * Where a new subscription (classic or multistream) of `room` goes: the room's server while this instance has
   * fewer than `VIDEOROOM_CASCADE_SUBSCRIBERS` subscriptions there (or `relayable` is 0: nothing it could relay), else
   * the least-loaded other live server (`cascaded`), whose feeds then come through {@link relay}. `release` when the
   * subscription ends.
   */
  async placeSubscription(
    room: number,
    relayable = 1,
  ): Promise<{ server: PoolServer; origin: PoolServer; cascaded: boolean; release: () => void }> {
    // A subscription places nothing: the room's publishers placed it (they join through the app). A subscription
    // to a room nobody placed fails in Janus and leaves no placement behind.
    const origin = await this.pool.locate('videoroom', room);
    // No cascading (no pool, or no VIDEOROOM_CASCADE_SUBSCRIBERS): nothing to count.
    if (this.threshold === undefined) return { server: origin, origin, cascaded: false, release: noRelease };
    const count = this.onOrigin.get(room) ?? 0;
    const edge = count >= this.threshold && relayable > 0 ? await this.pool.leastLoaded(origin) : undefined;
    if (!edge || edge === origin) {
      this.onOrigin.set(room, count + 1);
      return { server: origin, origin, cascaded: false, release: once(() => this.leaveOrigin(room)) };
    }
    return { server: edge, origin, cascaded: true, release: noRelease };
  }

  /**
   * Relays `feed` of `room` (announced as `publisher`) from the room's server (`origin`, as
   * {@link placeSubscription} found it) to `edge` for one more subscriber: resolves with the feed's id there, once
   * the edge's room has it, and the `release` of that subscriber.
   */
  async relay(
    room: number,
    feed: number,
    origin: PoolServer,
    edge: PoolServer,
    publisher: VideoRoomPublisher,
  ): Promise<{ feed: number; release: () => void }> {
    const forward = this.forwardOf(room, feed, origin, edge, publisher);
    forward.users++;
    const release = once(() => this.leaveForward(forward));
    try {
      return { feed: await forward.ready, release };
    } catch (err) {
      release();
      throw err;
    }
  }

  /** The publisher of `feed` left `room` (or stopped publishing): its forwards go. */
  publisherGone(room: number, feed: number): void {
    for (const forward of this.forwards.values()) {
      if (forward.room === room && forward.feed === feed) void this.tearDown(forward);
    }
  }

  /** The forwards this instance keeps: room, feed, edge, subscribers (diagnostics, tests). */
  list(): Array<{ room: number; feed: number; edge: string; subscribers: number }> {
    return [...this.forwards.values()].map((f) => ({
      room: f.room,
      feed: f.feed,
      edge: f.edge.label,
      subscribers: f.users,
    }));
  }

  private leaveOrigin(room: number): void {
    const left = (this.onOrigin.get(room) ?? 1) - 1;
    if (left > 0) this.onOrigin.set(room, left);
    else this.onOrigin.delete(room);
  }

  private leaveForward(forward: Forward): void {
    forward.users--;
    if (forward.users <= 0) void this.tearDown(forward);
  }

  private forwardOf(
    room: number,
    feed: number,
    origin: PoolServer,
    edge: PoolServer,
    publisher: VideoRoomPublisher,
  ): Forward {
    const key = `${room}:${feed}:${edge.id}`;
    const existing = this.forwards.get(key);
    if (existing) return existing;
    const forward: Forward = {
      key,
      room,
      feed,
      origin,
      edge,
      users: 0,
      ready: this.setUp(room, feed, origin, edge, publisher),
    };
    // A forward that could not be set up is forgotten (the next subscriber tries again).
    forward.ready.catch(() => {
      if (this.forwards.get(key) === forward) this.forwards.delete(key);
    });
    this.forwards.set(key, forward);
    return forward;
  }

  /** Creates the remote publisher on the edge, starts the forward on the origin, waits until the edge has the feed. */
  private async setUp(
    room: number,
    feed: number,
    origin: PoolServer,
    edge: PoolServer,
    publisher: VideoRoomPublisher,
  ): Promise<number> {
    const secret = this.secrets.withSecret(room);
    if (!(await edge.videoRoom.exists({ room })).exists) {
      await edge.videoRoom
        .create({
          room,
          description: `cascade of room ${room}`,
          is_private: true,
          ...this.secrets.forCreate(),
          ...secret,
        })
        .catch(async (err: unknown) => {
          // Another instance created it meanwhile.
          if (!(await edge.videoRoom.exists({ room })).exists) throw err;
        });
    }
    // The edge's room announces the remote publisher: a participant handle there hears it. It listens before the
    // request goes out (the announcement can arrive in the same read as the reply).
    const watcher = await (await edge.sharedSession()).attach(VideoRoomPlugin, { opaqueId: 'nestjs-janus:cascade' });
    const announced = new ReplaySubject<number>();
    const listening = watcher.publishers$.subscribe((e) => e.publishers.forEach((p) => announced.next(Number(p.id))));
    try {
      await watcher.joinPublisher({ room, display: 'nestjs-janus cascade', ...secret });
      const remote = await edge.videoRoom.addRemotePublisher({
        room,
        ...secret,
        display: publisher.display,
        streams: (publisher.streams ?? []).map(remoteStream),
      });
      const edgeFeed = Number(remote.id);
      try {
        await origin.videoRoom.publishRemotely({
          room,
          ...secret,
          publisher_id: feed,
          remote_id: `${REMOTE_ID_PREFIX}${edge.index}`,
          host: remote.ip ?? edge.mediaHost,
          port: remote.port,
          ...(remote.rtcp_port !== undefined ? { rtcp_port: remote.rtcp_port } : {}),
        });
        await announcedIn(announced, edgeFeed);
      } catch (err) {
        await edge.videoRoom.removeRemotePublisher({ room, id: edgeFeed, ...secret }).catch(() => undefined);
        throw err;
      }
      this.logger.log(`room ${room}: feed ${feed} relayed from ${origin.label} to ${edge.label} (feed ${edgeFeed})`);
      return edgeFeed;
    } finally {
      listening.unsubscribe();
      await watcher.detach().catch(() => undefined);
    }
  }

  private async tearDown(forward: Forward): Promise<void> {
    if (this.forwards.get(forward.key) !== forward) return;
    this.forwards.delete(forward.key);
    const edgeFeed = await forward.ready.catch(() => undefined);
    if (edgeFeed === undefined) return;
    const { room, feed, origin, edge } = forward;
    const secret = this.secrets.withSecret(room);
    // Either may be gone already (the publisher left: Janus ended its forwards itself).
    await Promise.all([
      origin.videoRoom
        .unpublishRemotely({ room, ...secret, publisher_id: feed, remote_id: `${REMOTE_ID_PREFIX}${edge.index}` })
        .catch(() => undefined),
      edge.videoRoom.removeRemotePublisher({ room, id: edgeFeed, ...secret }).catch(() => undefined),
    ]);
    this.logger.log(`room ${room}: the relay of feed ${feed} to ${edge.label} is torn down`);
  }
}

/** The remote publisher's description of one of the source's streams. */
function remoteStream(s: VideoRoomPublisherStream): {
  type: VideoRoomPublisherStream['type'];
  mindex: number;
  mid: string;
  codec?: string;
  disabled?: boolean;
} {
  return {
    type: s.type,
    mindex: s.mindex,
    mid: s.mid,
    ...(s.codec !== undefined ? { codec: s.codec } : {}),
    ...(s.disabled ? { disabled: true } : {}),
  };
}

/** Resolves once `announced` has shown `feed`; rejects after {@link CASCADE_READY_TIMEOUT_MS}. */
function announcedIn(announced: Observable<number>, feed: number): Promise<void> {
  return firstValueFrom(
    announced.pipe(
      filter((id) => id === feed),
      map(() => undefined),
      timeout({
        first: CASCADE_READY_TIMEOUT_MS,
        with: () => {
          throw new AppError('BACKEND_FAILURE', 'the relayed feed did not reach the other Janus server in time');
        },
      }),
    ),
  );
}

/** `fn` the first time only. */
function once(fn: () => void): () => void {
  let done = false;
  return () => {
    if (done) return;
    done = true;
    fn();
  };
}
