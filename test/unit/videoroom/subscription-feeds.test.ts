import 'reflect-metadata';
import type { VideoRoomPublisher } from 'nestjs-janus';
import { describe, expect, it } from 'vitest';
import type { PoolServer } from '../../../src/janus/index.js';
import { EdgeFeeds, ROOM_SERVER_FEEDS } from '../../../src/videoroom/subscription-feeds.js';
import type { VideoRoomCascade } from '../../../src/videoroom/videoroom-cascade.service.js';

const ROOM = 1234;
const ORIGIN = { label: 'origin' } as unknown as PoolServer;
const EDGE = { label: 'edge' } as unknown as PoolServer;
const publishers = new Map<number, VideoRoomPublisher>([
  [11, { id: 11, display: 'a', streams: [] }],
  [12, { id: 12, display: 'b', streams: [] }],
]);

/** A cascade whose relays answer with `feed + 1000` on the edge, or fail for the feeds in `failing`. */
function fakeCascade(failing = new Set<number>()) {
  const relays: number[] = [];
  const released: number[] = [];
  const cascade = {
    relay: (room: number, feed: number, origin: PoolServer, edge: PoolServer) => {
      expect([room, origin, edge]).toEqual([ROOM, ORIGIN, EDGE]);
      relays.push(feed);
      if (failing.has(feed)) return Promise.reject(new Error(`relay of ${feed} failed`));
      return Promise.resolve({ feed: feed + 1000, release: () => released.push(feed) });
    },
  } as unknown as VideoRoomCascade;
  return { cascade, relays, released };
}

describe('SubscriptionFeeds: feed ids between a room and the server of a subscription', () => {
  it('on the room’s own server, ids pass through as they are', async () => {
    const streams = [{ feed: 11, mid: '0' }];
    expect(await ROOM_SERVER_FEEDS.toServer(streams)).toBe(streams);
    expect(ROOM_SERVER_FEEDS.fromServer([{ feed_id: 11 }])).toEqual([{ feed_id: 11 }]);
  });

  it('on an edge: each feed relayed once, named by its edge id towards Janus and by the room’s id back', async () => {
    const { cascade, relays, released } = fakeCascade();
    const feeds = new EdgeFeeds(cascade, ROOM, ORIGIN, EDGE, (feed) => publishers.get(feed));
    expect(await feeds.toServer([{ feed: 11, mid: '0' }, { feed: 12 }])).toEqual([
      { feed: 1011, mid: '0' },
      { feed: 1012 },
    ]);
    expect(await feeds.toServer([{ feed: 11, mid: '1' }])).toEqual([{ feed: 1011, mid: '1' }]);
    expect(relays).toEqual([11, 12]);
    // Dropping streams renames the relayed feeds only; Janus's answer comes back in the room's ids.
    expect(feeds.namedOnServer([{ feed: 12, mid: '1' }, { feed: 99 }, { mid: '2' }])).toEqual([
      { feed: 1012, mid: '1' },
      { feed: 99 },
      { mid: '2' },
    ]);
    expect(feeds.fromServer([{ feed_id: 1011, mid: '0' }, { feed_id: '1012' }, { mid: '3' }])).toEqual([
      { feed_id: 11, mid: '0' },
      { feed_id: 12 },
      { mid: '3' },
    ]);
    feeds.release();
    await new Promise((resolve) => setImmediate(resolve));
    expect(released.sort((x, y) => x - y)).toEqual([11, 12]);
  });

  it('a feed no stream receives any more is let go of once; a later use relays it again, and release() skips it', async () => {
    const { cascade, relays, released } = fakeCascade();
    const feeds = new EdgeFeeds(cascade, ROOM, ORIGIN, EDGE, (feed) => publishers.get(feed));
    await feeds.toServer([{ feed: 11 }, { feed: 12 }]);
    // Janus lists 12's stream only, twice (an `updated` after the answer to an unsubscribe).
    feeds.keepOnly([{ type: 'video', active: true, feed_id: 1012 }]);
    feeds.keepOnly([{ type: 'video', active: true, feed_id: 1012 }]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(released).toEqual([11]);
    // Its edge id is forgotten: it is no longer renamed either way.
    expect(feeds.fromServer([{ feed_id: 1011 }])).toEqual([{ feed_id: 1011 }]);
    // Subscribed to again: relayed again, and released with the rest when the subscription ends.
    expect(await feeds.toServer([{ feed: 11 }])).toEqual([{ feed: 1011 }]);
    expect(relays).toEqual([11, 12, 11]);
    feeds.release();
    await new Promise((resolve) => setImmediate(resolve));
    expect(released.sort((x, y) => x - y)).toEqual([11, 11, 12]);
  });

  it('keepOnly lets go of the feeds no active stream receives, except those a request under way names', async () => {
    const { cascade, released } = fakeCascade();
    const feeds = new EdgeFeeds(cascade, ROOM, ORIGIN, EDGE, (feed) => publishers.get(feed));
    await feeds.during([{ feed: 11 }, { feed: 12 }], () => Promise.resolve());
    // A subscribe of 12 is under way while Janus lists 12's stream as gone (an unsubscribe answered first).
    let answer: () => void = () => undefined;
    const subscribing = feeds.during([{ feed: 12 }], () => new Promise<void>((resolve) => (answer = resolve)));
    await new Promise((resolve) => setImmediate(resolve));
    feeds.keepOnly([
      { type: 'audio', active: true, feed_id: 1011 },
      { type: 'video', active: false, feed_id: 1012 },
    ]);
    answer();
    await subscribing;
    await new Promise((resolve) => setImmediate(resolve));
    expect(released).toEqual([]);
    // Once nothing names it and Janus lists no active stream of it, its relay goes; a data channel names its sources.
    feeds.keepOnly([{ type: 'data', active: true, source_ids: [1011] }]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(released).toEqual([12]);
    // A data channel whose sources are not named keeps every relay.
    feeds.keepOnly([{ type: 'data', active: true }]);
    feeds.keepOnly(undefined);
    await new Promise((resolve) => setImmediate(resolve));
    expect(released).toEqual([12]);
    feeds.keepOnly([]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(released).toEqual([12, 11]);
  });

  it('a feed that does not publish is NOT_FOUND; a relay that failed is tried again next time', async () => {
    const failing = new Set([12]);
    const { cascade, relays } = fakeCascade(failing);
    const feeds = new EdgeFeeds(cascade, ROOM, ORIGIN, EDGE, (feed) => publishers.get(feed));
    await expect(feeds.toServer([{ feed: 77 }])).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(feeds.toServer([{ feed: 12 }])).rejects.toThrow('relay of 12 failed');
    failing.delete(12);
    expect(await feeds.toServer([{ feed: 12 }])).toEqual([{ feed: 1012 }]);
    expect(relays).toEqual([12, 12]);
  });
});
