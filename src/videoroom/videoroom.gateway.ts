import { UseFilters } from '@nestjs/common';
import { ConnectedSocket, MessageBody, SubscribeMessage, WebSocketGateway } from '@nestjs/websockets';
import {
  VideoRoomPlugin,
  type JanusPluginReply,
  type VideoRoomEvent,
  type VideoRoomHandle,
  type VideoRoomPublisher,
  type VideoRoomPublisherStream,
  type VideoRoomSubscribeStream,
  type VideoRoomSubscriberStreamSettings,
  type VideoRoomSubscriptionStreamInfo,
  type VideoRoomUnsubscribeStream,
  type VideoRoomUpdatedReply,
} from 'nestjs-janus';
import type { Socket } from 'socket.io';
import { JwtVerifier } from '../auth/index.js';
import { AppError, HANDLE_NOT_AVAILABLE } from '../errors/index.js';
import {
  AckOnly,
  AdminOnly,
  afterJsepReply,
  afterReply,
  DataPipe,
  HandleRelay,
  push,
  RateLimitService,
  Reply,
  SignalingExceptionFilter,
  SignalingGateway,
  trickleTo,
  type AfterReply,
  type ClientSession,
  type SignalingClient,
} from '../signaling/index.js';
import {
  ConfigureDto,
  FeedDto,
  JoinDto,
  PublishDto,
  StartDto,
  SubscribeDto,
  SwitchDto,
  TrickleDto,
} from './dto/participant.dto.js';
import {
  MultistreamConfigureDto,
  MultistreamDto,
  MultistreamStartDto,
  MultistreamSubscribeDto,
  MultistreamSwitchDto,
  MultistreamTrickleDto,
  MultistreamUnsubscribeDto,
  MultistreamUpdateDto,
  type SubscribeStreamDto,
  type SubscriptionStreamSettingsDto,
  type UnsubscribeStreamDto,
} from './dto/multistream.dto.js';
import { AllowDto, DestroyRoomDto, PeerDto, RoomDto, RtpForwardStartDto } from '../room-admin/dto/room-admin.dto.js';
import { roomOptionsOf, SocketCreateRoomDto, SocketRtpForwardStopDto } from './dto/janode-admin.dto.js';
import { RoomAdminService } from '../room-admin/index.js';
import { VideoRoomCascade } from './videoroom-cascade.service.js';
import { EdgeFeeds, ROOM_SERVER_FEEDS, type SubscriptionFeeds } from './subscription-feeds.js';
import { toJsep } from '../signaling/dto/webrtc.dto.js';
import { pinOf } from './room-pin.js';
import { byFeed, byStreams, ShapedDataPipe } from './shaped-data.pipe.js';
import { JanusPool, type PoolServer } from '../janus/index.js';

const ERROR_EVENT = 'videoroom-error';

/** One handle of a socket: its publisher (keyed by its own feed) or a subscription (keyed by the remote feed). */
interface FeedHandle {
  kind: 'publisher' | 'subscriber';
  handle: VideoRoomHandle;
  room: number;
  /** Publisher: Janus's private id, passed when this socket subscribes in the same room. */
  privateId?: number;
  /** Publisher: its published streams (to map `audio`/`video` flags to mids). Subscriber: the feed's display. */
  streams?: VideoRoomPublisherStream[];
  display?: string;
  /** Subscriber: the subscription's m-lines (for `switch`), with the room's feed ids. */
  subscription?: VideoRoomSubscriptionStreamInfo[];
  /** Subscriber: its feed ids between the room and its server (another one than the room's when cascaded). */
  feeds?: SubscriptionFeeds;
  relay: HandleRelay;
}

/**
 * A socket's multistream subscription in one room: one subscriber handle (one PeerConnection in the browser) that
 * carries any number of the room's streams.
 */
interface MultistreamSubscription {
  handle: VideoRoomHandle;
  room: number;
  relay: HandleRelay;
  /** Its feed ids between the room and its server (another one than the room's when the room is cascaded). */
  feeds: SubscriptionFeeds;
}

/** What one socket holds: its session, its handles by feed, and its multistream subscriptions by room. */
interface VideoRoomClient extends SignalingClient {
  feeds: Map<number, FeedHandle>;
  /** Created on first use, as is `multistreamJoins` (most sockets never subscribe that way). */
  multistream?: Map<number, MultistreamSubscription>;
  /** Multistream subscriptions being set up, by room (resolves with `undefined` when that failed). */
  multistreamJoins?: Map<number, Promise<MultistreamSubscription | undefined>>;
}

/** A publisher as the protocol shows it: `{ feed, display, talking?, streams? }`. */
function toProtocolPublisher(p: VideoRoomPublisher): Record<string, unknown> {
  return { feed: p.id, display: p.display, talking: p.talking, streams: p.streams };
}

/** The layers, `send` and playout delay of a validated stream, as Janus takes them (absent ones stay absent). */
function streamLayers(s: SubscriptionStreamSettingsDto | SubscribeStreamDto): VideoRoomSubscriberStreamSettings {
  return {
    send: s.send,
    substream: s.substream,
    temporal: s.temporal,
    spatial_layer: s.spatial_layer,
    temporal_layer: s.temporal_layer,
    min_delay: s.min_delay,
    max_delay: s.max_delay,
  };
}

/** A validated stream to subscribe to, as Janus takes it. */
function toSubscribeStream(s: SubscribeStreamDto): VideoRoomSubscribeStream {
  return { feed: s.feed, mid: s.mid, crossrefid: s.crossrefid, ...streamLayers(s) };
}

/** A validated stream to unsubscribe from, as Janus takes it. */
function toUnsubscribeStream(s: UnsubscribeStreamDto): VideoRoomUnsubscribeStream {
  return { feed: s.feed, mid: s.mid, sub_mid: s.sub_mid };
}

/** VideoRoom over socket.io (`/videoroom`), as in docs/PROTOCOL.md. */
@WebSocketGateway({ namespace: '/videoroom' })
@UseFilters(new SignalingExceptionFilter(ERROR_EVENT))
export class VideoRoomGateway extends SignalingGateway<VideoRoomClient> {
  /** The publishers (with their streams) this process has seen (`room:feed`), for `switch` and cascading. */
  private readonly feedPublishers = new Map<string, VideoRoomPublisher>();

  constructor(
    pool: JanusPool,
    private readonly roomAdmin: RoomAdminService,
    private readonly cascade: VideoRoomCascade,
    verifier: JwtVerifier,
    rateLimit: RateLimitService,
  ) {
    super(pool, verifier, rateLimit, ERROR_EVENT);
  }

  protected newClient(session: ClientSession): VideoRoomClient {
    return { session, feeds: new Map() };
  }

  protected releaseHandles(client: VideoRoomClient): void {
    for (const feed of client.feeds.values()) feed.relay.unsubscribe();
    client.feeds.clear();
    for (const subscription of client.multistream?.values() ?? []) subscription.relay.unsubscribe();
    client.multistream?.clear();
  }

  // ---- participants -------------------------------------------------------------------------------------------

  @SubscribeMessage('join')
  @Reply('joined')
  async join(@ConnectedSocket() socket: Socket, @MessageBody('data', DataPipe) data: JoinDto): Promise<object> {
    const client = this.client(socket);
    await this.rateLimit.consume(socket, 'join');
    return this.pool.inRoom('videoroom', data.room, async (server) => {
      const handle = await this.attach(client, server);
      try {
        const { data: joined } = await handle.joinPublisher({
          room: data.room,
          display: data.display,
          token: data.token,
          ...pinOf(data.pin),
        });
        // The app uses numeric room and feed ids (Janus's default; `string_ids` rooms are not supported here).
        const ownFeed = Number(joined.id);
        const feed: FeedHandle = {
          kind: 'publisher',
          handle,
          room: data.room,
          privateId: joined.private_id,
          display: data.display,
          relay: new HandleRelay(socket, handle, { feed: ownFeed }),
        };
        feed.relay.add(handle.events$.subscribe((event) => this.onPublisherEvent(socket, client, ownFeed, event)));
        // Out of the room before the handle goes, when the socket goes (see ClientSession.beforeDetach).
        client.session.beforeDetach(handle, () => handle.leave());
        this.track(client, ownFeed, feed);
        for (const p of joined.publishers) this.rememberStreams(data.room, p);
        return {
          room: data.room,
          feed: ownFeed,
          display: data.display,
          description: joined.description,
          publishers: joined.publishers.map(toProtocolPublisher),
        };
      } catch (err) {
        await handle.detach().catch(() => undefined);
        throw err;
      }
    });
  }

  @SubscribeMessage('configure')
  @Reply('configured')
  async configure(
    @ConnectedSocket() socket: Socket,
    @MessageBody('data', new ShapedDataPipe(byFeed(ConfigureDto, MultistreamConfigureDto)))
    data: ConfigureDto | MultistreamConfigureDto,
  ): Promise<AfterReply> {
    if (data instanceof MultistreamConfigureDto) return this.configureMultistream(socket, data);
    const entry = this.feed(socket, data.feed);
    const jsep = data.jsep;
    let reply;
    if (entry.kind === 'publisher') {
      const streams = this.publisherStreamSettings(entry, data);
      reply = await entry.handle.configure(
        {
          bitrate: data.bitrate,
          display: data.display,
          ...(streams.length ? { streams } : {}),
        },
        jsep && toJsep(jsep),
      );
      if (Array.isArray(reply.data.streams)) entry.streams = reply.data.streams;
      if (data.display !== undefined) entry.display = data.display;
    } else {
      const layers =
        data.sc_substream_layer !== undefined || data.sc_temporal_layers !== undefined
          ? [{ substream: data.sc_substream_layer, temporal: data.sc_temporal_layers }]
          : [];
      const sends = [data.audio, data.video, data.data].some((v) => v !== undefined)
        ? [{ send: data.audio ?? data.video ?? data.data }]
        : [];
      reply = await entry.handle.configure({
        restart: data.restart,
        ...(layers.length || sends.length ? { streams: [...layers, ...sends] } : {}),
      });
    }
    return afterJsepReply({ feed: data.feed, room: entry.room, jsep: reply.jsep }, entry.relay);
  }

  @SubscribeMessage('publish')
  @Reply('published')
  async publish(
    @ConnectedSocket() socket: Socket,
    @MessageBody('data', DataPipe) data: PublishDto,
  ): Promise<AfterReply> {
    const entry = this.feed(socket, data.feed, 'publisher');
    await this.rateLimit.consume(socket, 'publish');
    const reply = await entry.handle.publish({ bitrate: data.bitrate, display: data.display }, toJsep(data.jsep));
    if (Array.isArray(reply.data.streams)) entry.streams = reply.data.streams;
    return afterReply({ feed: data.feed, room: entry.room, jsep: reply.jsep }, () => entry.relay.releaseCandidates());
  }

  @SubscribeMessage('unpublish')
  @Reply('unpublished')
  async unpublish(@ConnectedSocket() socket: Socket, @MessageBody('data', DataPipe) data: FeedDto): Promise<object> {
    const entry = this.feed(socket, data.feed, 'publisher');
    await entry.handle.unpublish();
    return { feed: data.feed, room: entry.room };
  }

  @SubscribeMessage('subscribe')
  @Reply('subscribed')
  async subscribe(
    @ConnectedSocket() socket: Socket,
    @MessageBody('data', new ShapedDataPipe(byStreams(SubscribeDto, MultistreamSubscribeDto)))
    data: SubscribeDto | MultistreamSubscribeDto,
  ): Promise<AfterReply> {
    if (data instanceof MultistreamSubscribeDto) return this.subscribeMultistream(socket, data);
    const client = this.client(socket);
    await this.rateLimit.consume(socket, 'subscribe');
    const previous = client.feeds.get(data.feed);
    if (previous?.kind === 'subscriber') await this.drop(client, data.feed);
    // On the room's server, or (a big room, `VIDEOROOM_CASCADE_SUBSCRIBERS`) on another that receives the feed; a
    // feed the room has not announced streams for (nothing to relay) stays on the room's server.
    const relayable = this.feedPublishers.has(`${data.room}:${data.feed}`) ? 1 : 0;
    const placed = await this.cascade.placeSubscription(data.room, relayable);
    const feeds = this.feedsOf(data.room, placed);
    const privateId = placed.cascaded ? undefined : this.privateIdIn(client, data.room);
    const handle = await this.attachPlaced(client, placed);
    handle.detached$.subscribe(() => {
      placed.release();
      feeds.release();
    });
    try {
      const streams = [{ feed: data.feed, substream: data.sc_substream_layer, temporal: data.sc_temporal_layers }];
      const { data: attached, jsep } = await handle.joinSubscriber({
        room: data.room,
        streams: await feeds.toServer(streams),
        ...(privateId !== undefined ? { private_id: privateId } : {}),
        ...(placed.cascaded ? {} : pinOf(data.pin)),
      });
      const subscription = feeds.fromServer(attached.streams) ?? [];
      const display = subscription.find((s) => s.feed_id === data.feed)?.feed_display ?? attached.display;
      const feed: FeedHandle = {
        kind: 'subscriber',
        handle,
        room: data.room,
        display,
        subscription,
        feeds,
        relay: new HandleRelay(socket, handle, { feed: data.feed }),
      };
      this.track(client, data.feed, feed);
      return afterReply({ room: data.room, feed: data.feed, display, jsep }, () => feed.relay.releaseCandidates());
    } catch (err) {
      await handle.detach().catch(() => undefined);
      throw err;
    }
  }

  @SubscribeMessage('start')
  @Reply('started')
  async start(
    @ConnectedSocket() socket: Socket,
    @MessageBody('data', new ShapedDataPipe(byFeed(StartDto, MultistreamStartDto)))
    data: StartDto | MultistreamStartDto,
  ): Promise<object> {
    if (data instanceof MultistreamStartDto) {
      const subscription = this.multistreamOf(socket, data.room);
      await subscription.handle.start(data.jsep && toJsep(data.jsep));
      return { room: subscription.room };
    }
    const entry = this.feed(socket, data.feed, 'subscriber');
    await entry.handle.start(toJsep(data.jsep));
    return { feed: data.feed, room: entry.room };
  }

  @SubscribeMessage('pause')
  @Reply('paused')
  async pause(
    @ConnectedSocket() socket: Socket,
    @MessageBody('data', new ShapedDataPipe(byFeed(FeedDto, MultistreamDto))) data: FeedDto | MultistreamDto,
  ): Promise<object> {
    if (!(data instanceof FeedDto)) {
      const subscription = this.multistreamOf(socket, data.room);
      await subscription.handle.pause();
      return { room: subscription.room };
    }
    const entry = this.feed(socket, data.feed, 'subscriber');
    await entry.handle.pause();
    return { feed: data.feed, room: entry.room };
  }

  /** Points the subscription of `from_feed` at `to_feed` (same media kinds), without renegotiation. */
  @SubscribeMessage('switch')
  @Reply('switched')
  async switchFeed(
    @ConnectedSocket() socket: Socket,
    @MessageBody('data', new ShapedDataPipe(byStreams(SwitchDto, MultistreamSwitchDto)))
    data: SwitchDto | MultistreamSwitchDto,
  ): Promise<object> {
    if (data instanceof MultistreamSwitchDto) {
      const subscription = this.multistreamOf(socket, data.room);
      const { data: switched } = await subscription.feeds.during(
        data.streams.map((s) => ({ feed: s.feed, mid: s.mid, sub_mid: s.sub_mid })),
        (streams) => subscription.handle.switch({ streams }),
      );
      subscription.feeds.keepOnly(switched.streams);
      return {
        room: subscription.room,
        changes: switched.changes,
        streams: subscription.feeds.fromServer(switched.streams),
      };
    }
    const client = this.client(socket);
    const entry = this.feed(socket, data.from_feed, 'subscriber');
    if (client.feeds.has(data.to_feed)) throw new AppError('CONFLICT', `already subscribed to feed ${data.to_feed}`);
    const target = this.feedPublishers.get(`${entry.room}:${data.to_feed}`)?.streams;
    if (!target) throw new AppError('NOT_FOUND', `feed ${data.to_feed} is not publishing in room ${entry.room}`);
    const wanted = { audio: data.audio ?? true, video: data.video ?? true, data: data.data ?? true };
    const streams = (entry.subscription ?? [])
      .filter((s) => s.feed_id === data.from_feed && wanted[s.type])
      .flatMap((s) => {
        const source = target.find((t) => t.type === s.type && !t.disabled);
        return source ? [{ feed: data.to_feed, mid: source.mid, sub_mid: s.mid }] : [];
      });
    if (streams.length === 0) throw new AppError('BAD_REQUEST', 'no stream of the same kind to switch to');
    const feeds = entry.feeds ?? ROOM_SERVER_FEEDS;
    const { data: switched } = await feeds.during(streams, (onServer) => entry.handle.switch({ streams: onServer }));
    // On an edge, the feed switched away from is relayed there for nothing once no stream of it is left.
    feeds.keepOnly(switched.streams);
    entry.subscription = feeds.fromServer(switched.streams);
    entry.relay.unsubscribe();
    // No new SDP with a switch: candidates go out at once.
    entry.relay = new HandleRelay(socket, entry.handle, { feed: data.to_feed }, false);
    client.feeds.delete(data.from_feed);
    // Under its new feed, and forgotten under it when the handle ends.
    this.track(client, data.to_feed, entry);
    const { participants } = await this.roomAdmin.listParticipants(entry.room);
    const display = participants.find((p) => p.feed === data.to_feed)?.display;
    return { from_feed: data.from_feed, to_feed: data.to_feed, room: entry.room, display };
  }

  @SubscribeMessage('leave')
  @Reply('leaving')
  async leave(
    @ConnectedSocket() socket: Socket,
    @MessageBody('data', new ShapedDataPipe(byFeed(FeedDto, MultistreamDto))) data: FeedDto | MultistreamDto,
  ): Promise<object> {
    if (!(data instanceof FeedDto)) return this.leaveMultistream(socket, data);
    const client = this.client(socket);
    const entry = this.feed(socket, data.feed);
    await entry.handle.leave().catch((err: unknown) => {
      // A subscriber whose feed is gone, or a kicked publisher, has nothing left to leave.
      if (entry.kind === 'publisher') throw err;
    });
    await this.drop(client, data.feed);
    return { feed: data.feed, room: entry.room };
  }

  @SubscribeMessage('trickle')
  @AckOnly()
  async trickle(
    @ConnectedSocket() socket: Socket,
    @MessageBody('data', new ShapedDataPipe(byFeed(TrickleDto, MultistreamTrickleDto)))
    data: TrickleDto | MultistreamTrickleDto,
  ): Promise<void> {
    const handle =
      data instanceof TrickleDto ? this.feed(socket, data.feed).handle : this.multistreamOf(socket, data.room).handle;
    await trickleTo(handle, data.candidate);
  }

  @SubscribeMessage('trickle-complete')
  @AckOnly()
  async trickleComplete(
    @ConnectedSocket() socket: Socket,
    @MessageBody('data', new ShapedDataPipe(byFeed(FeedDto, MultistreamDto))) data: FeedDto | MultistreamDto,
  ): Promise<void> {
    const handle =
      data instanceof FeedDto ? this.feed(socket, data.feed).handle : this.multistreamOf(socket, data.room).handle;
    await handle.trickleComplete();
  }

  // ---- multistream subscriptions (one subscriber handle per room) ------------------------------------------------

  @SubscribeMessage('unsubscribe')
  @Reply('unsubscribed')
  async unsubscribe(
    @ConnectedSocket() socket: Socket,
    @MessageBody('data', DataPipe) data: MultistreamUnsubscribeDto,
  ): Promise<AfterReply> {
    const subscription = this.multistreamOf(socket, data.room);
    const streams = subscription.feeds.namedOnServer(data.streams.map(toUnsubscribeStream));
    const reply = await subscription.handle.unsubscribe({ streams });
    return this.replyToUpdate(subscription, reply);
  }

  @SubscribeMessage('update')
  @Reply('updated')
  async update(
    @ConnectedSocket() socket: Socket,
    @MessageBody('data', DataPipe) data: MultistreamUpdateDto,
  ): Promise<AfterReply> {
    const subscription = this.multistreamOf(socket, data.room);
    await this.rateLimit.consume(socket, 'update');
    // Janus refuses an empty list: each goes only when given (the DTO requires one, neither empty).
    const unsubscribe = data.unsubscribe && subscription.feeds.namedOnServer(data.unsubscribe.map(toUnsubscribeStream));
    const reply = await subscription.feeds.during((data.subscribe ?? []).map(toSubscribeStream), (subscribe) =>
      subscription.handle.update(
        data.subscribe ? { subscribe, ...(unsubscribe ? { unsubscribe } : {}) } : { unsubscribe: unsubscribe ?? [] },
      ),
    );
    return this.replyToUpdate(subscription, reply);
  }

  /**
   * `subscribe` with `streams`: the first one in a room attaches the socket's subscriber handle of that room (a
   * subscriber `join` with those streams: the reply has the subscription and Janus's offer); later ones add streams
   * to it (Janus's `subscribe`: see {@link replyToUpdate} for their reply).
   */
  private async subscribeMultistream(socket: Socket, data: MultistreamSubscribeDto): Promise<AfterReply> {
    const client = this.client(socket);
    await this.rateLimit.consume(socket, 'subscribe');
    const streams = data.streams.map(toSubscribeStream);
    // Another subscribe may be attaching this room's handle: wait for it, then add to that handle.
    for (let other = client.multistreamJoins?.get(data.room); other; other = client.multistreamJoins?.get(data.room)) {
      await other;
    }
    const existing = this.liveMultistream(client, data.room);
    if (existing) {
      const reply = await existing.feeds.during(streams, (onServer) =>
        existing.handle.subscribe({ streams: onServer }),
      );
      return this.replyToUpdate(existing, reply);
    }
    // Nothing awaited since the checks above: this request alone attaches the room's handle; the ones that come
    // meanwhile wait for it.
    const joining = this.joinMultistream(socket, client, data, streams);
    const settled: Promise<MultistreamSubscription | undefined> = joining
      .then(
        ({ subscription }) => subscription,
        () => undefined,
      )
      .finally(() => {
        if (client.multistreamJoins?.get(data.room) === settled) client.multistreamJoins.delete(data.room);
      });
    (client.multistreamJoins ??= new Map()).set(data.room, settled);
    const { subscription, streams: described, jsep } = await joining;
    return afterReply({ room: data.room, streams: described, jsep }, () => subscription.relay.releaseCandidates());
  }

  /** Attaches a subscriber handle and joins it to `room` with `streams`. */
  private async joinMultistream(
    socket: Socket,
    client: VideoRoomClient,
    data: MultistreamSubscribeDto,
    streams: VideoRoomSubscribeStream[],
  ): Promise<{
    subscription: MultistreamSubscription;
    streams: VideoRoomSubscriptionStreamInfo[];
    jsep?: JanusPluginReply<unknown>['jsep'];
  }> {
    // On the room's server, or (a big room, `VIDEOROOM_CASCADE_SUBSCRIBERS`) on another that receives its feeds.
    const placed = await this.cascade.placeSubscription(data.room);
    const privateId = placed.cascaded ? undefined : this.privateIdIn(client, data.room);
    const handle = await this.attachPlaced(client, placed);
    // The relay first: candidates Janus trickles before the reply are held until it has gone out.
    const subscription: MultistreamSubscription = {
      handle,
      room: data.room,
      relay: new HandleRelay(socket, handle, { room: data.room }),
      feeds: this.feedsOf(data.room, placed),
    };
    // Whatever ends the subscription lets go of its place and of its relayed feeds.
    subscription.relay.add(() => {
      placed.release();
      subscription.feeds.release();
    });
    subscription.relay.add(handle.events$.subscribe((event) => this.onMultistreamEvent(socket, subscription, event)));
    try {
      const { data: attached, jsep } = await handle.joinSubscriber({
        room: data.room,
        streams: await subscription.feeds.toServer(streams),
        ...(privateId !== undefined ? { private_id: privateId } : {}),
        ...(placed.cascaded ? {} : pinOf(data.pin)),
      });
      (client.multistream ??= new Map()).set(data.room, subscription);
      subscription.relay.whenEnded(() => {
        if (client.multistream?.get(data.room) === subscription) client.multistream.delete(data.room);
        subscription.relay.unsubscribe();
      });
      return { subscription, streams: subscription.feeds.fromServer(attached.streams) ?? [], jsep };
    } catch (err) {
      subscription.relay.unsubscribe();
      await handle.detach().catch(() => undefined);
      throw err;
    }
  }

  /** The socket's multistream subscription of `room`, unless there is none or its handle is gone. */
  private liveMultistream(client: VideoRoomClient, room: number): MultistreamSubscription | undefined {
    const subscription = client.multistream?.get(room);
    return subscription && !subscription.handle.isDetached ? subscription : undefined;
  }

  /**
   * The socket's multistream subscription that a request without `feed` is about: the one of `room`, or with no
   * `room`, the only one the socket has.
   */
  private multistreamOf(socket: Socket, room: number | undefined): MultistreamSubscription {
    const client = this.liveClient(socket);
    const live = [...(client.multistream?.values() ?? [])].filter((s) => !s.handle.isDetached);
    const found = room === undefined ? live : live.filter((s) => s.room === room);
    if (found.length === 1) return found[0];
    if (found.length === 0) throw new AppError('NOT_FOUND', HANDLE_NOT_AVAILABLE);
    throw new AppError('BAD_REQUEST', 'room: required when the socket has multistream subscriptions in several rooms');
  }

  private async configureMultistream(socket: Socket, data: MultistreamConfigureDto): Promise<AfterReply> {
    const subscription = this.multistreamOf(socket, data.room);
    const reply = await subscription.handle.configure({
      restart: data.restart,
      ...(data.streams ? { streams: data.streams.map((s) => ({ mid: s.mid, ...streamLayers(s) })) } : {}),
    });
    // No `feed`: Janode's front-end tells the subscription's `configured` from its publisher's by it.
    return afterJsepReply({ room: subscription.room, jsep: reply.jsep }, subscription.relay);
  }

  private async leaveMultistream(socket: Socket, data: MultistreamDto): Promise<object> {
    const client = this.client(socket);
    const subscription = this.multistreamOf(socket, data.room);
    // Janus ends the subscription itself when it has nothing left to leave: detaching is what matters.
    await subscription.handle.leave().catch(() => undefined);
    if (client.multistream?.get(subscription.room) === subscription) client.multistream.delete(subscription.room);
    subscription.relay.unsubscribe();
    await subscription.handle.detach().catch(() => undefined);
    return { room: subscription.room };
  }

  /**
   * The reply to `subscribe` (on an existing handle), `unsubscribe` and `update`: the whole subscription and Janus's
   * offer when the request changed it; neither when it changed nothing, or when Janus still waits for the answer to
   * its previous offer (`updating`: the new one comes as a pushed `updated` once that answer is in).
   */
  private replyToUpdate(
    subscription: MultistreamSubscription,
    reply: JanusPluginReply<VideoRoomUpdatedReply>,
  ): AfterReply {
    const streams = reply.data.videoroom === 'updated' ? reply.data.streams : undefined;
    subscription.feeds.keepOnly(streams);
    return afterJsepReply(
      { room: subscription.room, streams: subscription.feeds.fromServer(streams), jsep: reply.jsep },
      subscription.relay,
    );
  }

  /** What Janus says on its own about a multistream subscription: a new offer when its sources changed. */
  private onMultistreamEvent(socket: Socket, subscription: MultistreamSubscription, event: VideoRoomEvent): void {
    if (event.type === 'updated') {
      subscription.feeds.keepOnly(event.streams);
      const streams = subscription.feeds.fromServer(event.streams);
      push(socket, 'updated', { room: subscription.room, streams, jsep: event.jsep });
    }
  }

  /** How a subscription of `room` placed as `placed` names the room's feeds on its server. */
  private feedsOf(
    room: number,
    placed: { server: PoolServer; origin: PoolServer; cascaded: boolean },
  ): SubscriptionFeeds {
    if (!placed.cascaded) return ROOM_SERVER_FEEDS;
    const publisherOf = (feed: number) => this.feedPublishers.get(`${room}:${feed}`);
    return new EdgeFeeds(this.cascade, room, placed.origin, placed.server, publisherOf);
  }

  /** The private id of the socket's publisher in `room`, for its subscriptions there (`require_pvtid` rooms). */
  private privateIdIn(client: VideoRoomClient, room: number): number | undefined {
    return [...client.feeds.values()].find((f) => f.kind === 'publisher' && f.room === room)?.privateId;
  }

  // ---- rooms (any user) -----------------------------------------------------------------------------------------

  @SubscribeMessage('list-participants')
  @Reply('participants-list')
  async listParticipants(@MessageBody('data', DataPipe) data: RoomDto): Promise<object> {
    return this.roomAdmin.listParticipants(data.room);
  }

  @SubscribeMessage('list-rooms')
  @Reply('rooms-list')
  async listRooms(): Promise<object> {
    // Any user may list the rooms: the public ones only.
    const list = await this.roomAdmin.listRooms('public');
    return { list };
  }

  @SubscribeMessage('exists')
  @Reply('exists')
  async exists(@MessageBody('data', DataPipe) data: RoomDto): Promise<object> {
    const exists = await this.roomAdmin.exists(data.room);
    return { room: data.room, exists };
  }

  // ---- room administration (admin role): the RoomAdminService's, as the REST API's ------------------------------

  @SubscribeMessage('create')
  @Reply('created')
  @AdminOnly()
  async create(
    @ConnectedSocket() socket: Socket,
    @MessageBody('data', DataPipe) data: SocketCreateRoomDto,
  ): Promise<object> {
    await this.rateLimit.consume(socket, 'create');
    return this.roomAdmin.create(roomOptionsOf(data));
  }

  @SubscribeMessage('destroy')
  @Reply('destroyed')
  @AdminOnly()
  async destroy(
    @ConnectedSocket() socket: Socket,
    @MessageBody('data', DataPipe) data: DestroyRoomDto,
  ): Promise<object> {
    await this.roomAdmin.destroy(data.room, data.permanent);
    return { room: data.room };
  }

  @SubscribeMessage('kick')
  @Reply('kicked')
  @AdminOnly()
  async kick(@ConnectedSocket() socket: Socket, @MessageBody('data', DataPipe) data: PeerDto): Promise<object> {
    await this.roomAdmin.kick(data.room, data.feed);
    return { room: data.room, feed: data.feed };
  }

  @SubscribeMessage('allow')
  @Reply('allowed')
  @AdminOnly()
  async allow(@ConnectedSocket() socket: Socket, @MessageBody('data', DataPipe) data: AllowDto): Promise<object> {
    return this.roomAdmin.updateAllowed(data.room, data);
  }

  @SubscribeMessage('rtp-fwd-start')
  @Reply('rtp-fwd-started')
  @AdminOnly()
  async rtpForwardStart(
    @ConnectedSocket() socket: Socket,
    @MessageBody('data', DataPipe) data: RtpForwardStartDto,
  ): Promise<object> {
    return this.roomAdmin.startForwarding(data.room, data);
  }

  @SubscribeMessage('rtp-fwd-stop')
  @Reply('rtp-fwd-stopped')
  @AdminOnly()
  async rtpForwardStop(
    @ConnectedSocket() socket: Socket,
    @MessageBody('data', DataPipe) data: SocketRtpForwardStopDto,
  ): Promise<object> {
    // Validation guarantees one of the two.
    const stream_id = data.stream_id ?? data.stream ?? 0;
    await this.roomAdmin.stopForwarding({ room: data.room, feed: data.feed, stream_id });
    return { room: data.room, feed: data.feed, stream_id };
  }

  @SubscribeMessage('rtp-fwd-list')
  @Reply('rtp-fwd-list')
  @AdminOnly()
  async rtpForwardList(
    @ConnectedSocket() socket: Socket,
    @MessageBody('data', DataPipe) data: RoomDto,
  ): Promise<object> {
    return this.roomAdmin.listForwarders(data.room);
  }

  // ---- internals ------------------------------------------------------------------------------------------------

  /** A new VideoRoom handle of the socket on the server a subscription was placed on; the place is let go if not. */
  private async attachPlaced(
    client: VideoRoomClient,
    placed: { server: PoolServer; release(): void },
  ): Promise<VideoRoomHandle> {
    try {
      return await client.session.attachOn(placed.server, VideoRoomPlugin);
    } catch (err) {
      placed.release();
      throw err;
    }
  }

  /** A new VideoRoom handle of the socket, on `server` (the one of the room it joins). */
  private async attach(client: VideoRoomClient, server: PoolServer): Promise<VideoRoomHandle> {
    return client.session.attachOn(server, VideoRoomPlugin);
  }

  /** The socket's handle for `feed` (of the given kind). */
  private feed(socket: Socket, feed: number, kind?: FeedHandle['kind']): FeedHandle {
    const client = this.liveClient(socket);
    const entry = client.feeds.get(feed);
    if (!entry || entry.handle.isDetached || (kind && entry.kind !== kind)) {
      throw new AppError('NOT_FOUND', HANDLE_NOT_AVAILABLE);
    }
    return entry;
  }

  /** Keeps `entry` as the socket's handle for `feed` until the handle ends. */
  private track(client: VideoRoomClient, feed: number, entry: FeedHandle): void {
    client.feeds.set(feed, entry);
    entry.relay.whenEnded(() => {
      if (client.feeds.get(feed) === entry) client.feeds.delete(feed);
      entry.relay.unsubscribe();
    });
  }

  /** Detaches one of the socket's handles. */
  private async drop(client: VideoRoomClient, feed: number): Promise<void> {
    const entry = client.feeds.get(feed);
    if (!entry) return;
    client.feeds.delete(feed);
    entry.relay.unsubscribe();
    await entry.handle.detach().catch(() => undefined);
  }

  private rememberStreams(room: number | string, publisher: VideoRoomPublisher): void {
    if (publisher.streams?.length) this.feedPublishers.set(`${room}:${publisher.id}`, publisher);
  }

  /** `audio`/`video`/`data` flags become per-stream `send` settings of the publisher's mids. */
  private publisherStreamSettings(entry: FeedHandle, data: ConfigureDto): Array<{ mid: string; send?: boolean }> {
    const settings: Array<{ mid: string; send?: boolean }> = (data.streams ?? []).map((s) => ({
      mid: s.mid,
      send: s.send,
      min_delay: s.min_delay,
      max_delay: s.max_delay,
    }));
    const flags: Record<string, boolean | undefined> = { audio: data.audio, video: data.video, data: data.data };
    for (const stream of entry.streams ?? []) {
      const send = flags[stream.type];
      if (send !== undefined && !settings.some((s) => s.mid === stream.mid)) settings.push({ mid: stream.mid, send });
    }
    return settings;
  }

  /** Room events seen by the socket's publisher handle, relayed as docs/PROTOCOL.md's pushed events. */
  private onPublisherEvent(socket: Socket, client: VideoRoomClient, ownFeed: number, event: VideoRoomEvent): void {
    switch (event.type) {
      case 'publishers':
        for (const p of event.publishers) this.rememberStreams(event.room, p);
        push(socket, 'feed-list', { room: event.room, publishers: event.publishers.map(toProtocolPublisher) });
        break;
      case 'joining':
        push(socket, 'feed-joined', { room: event.room, feed: event.joining.id, display: event.joining.display });
        break;
      case 'unpublished':
      case 'leaving': {
        const feed = event.self ? ownFeed : Number(event.id);
        if (Number.isNaN(feed)) break;
        if (!event.self) {
          // Every publisher handle of this instance in the room hears it: the first one tears its relays down.
          if (this.feedPublishers.delete(`${event.room}:${feed}`)) this.cascade.publisherGone(event.room, feed);
          void this.dropSubscription(client, feed);
        }
        push(socket, event.type, { room: event.room, feed });
        break;
      }
      case 'kicked': {
        const feed = event.self ? ownFeed : Number(event.id);
        if (Number.isNaN(feed)) break;
        if (!event.self) void this.dropSubscription(client, feed);
        push(socket, 'kicked', { room: event.room, feed });
        break;
      }
      case 'display':
        push(socket, 'display', {
          room: event.room ?? client.feeds.get(ownFeed)?.room,
          feed: event.id,
          display: event.display,
        });
        break;
      case 'talking':
      case 'stopped-talking':
        push(socket, 'talking', {
          room: event.room,
          feed: event.id,
          talking: event.type === 'talking',
          audio_level: event['audio-level-dBov-avg'],
        });
        break;
      case 'destroyed':
        push(socket, 'destroyed', { room: event.room });
        break;
      default:
        break;
    }
  }

  /** A remote feed went away: the socket's subscription to it ends too. */
  private async dropSubscription(client: VideoRoomClient, feed: number): Promise<void> {
    if (client.feeds.get(feed)?.kind === 'subscriber') await this.drop(client, feed);
  }
}
