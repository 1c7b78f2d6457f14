import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  VideoRoomErrorCode,
  VideoRoomPlugin,
  type VideoRoomHandle,
  type VideoRoomId,
  type VideoRoomRemoteStream,
} from 'nestjs-janus';
import { staticOffer } from './support/sdp.js';
import { openFixture, type PluginFixture } from './support/fixture.js';
import { nextOf, randomRoom } from './support/wait.js';

const AV_STREAMS: VideoRoomRemoteStream[] = [
  { type: 'audio', mindex: 0, mid: '0', codec: 'opus' },
  { type: 'video', mindex: 1, mid: '1', codec: 'vp8' },
];

/** A UDP socket on loopback that records what arrives. */
async function udpListener(): Promise<{ socket: Socket; port: number; next(): Promise<RemoteInfo> }> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', () => resolve()));
  return {
    socket,
    port: socket.address().port,
    next: () => new Promise((resolve) => socket.once('message', (_msg, info) => resolve(info))),
  };
}

/**
 * RTP forwarding and remote publishers (a room cascaded from Janus A, the source, to Janus B, the target). No
 * browser: the local publisher has negotiated streams but sends no media.
 */
describe('VideoRoomPlugin forwarding and remote publishers against two real Janus servers', () => {
  let source: PluginFixture;
  let target: PluginFixture;
  let onSource: VideoRoomHandle;
  let onTarget: VideoRoomHandle;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    [source, target] = await Promise.all([openFixture(), openFixture()]);
    onSource = await source.session.attach(VideoRoomPlugin);
    onTarget = await target.session.attach(VideoRoomPlugin);
  });
  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.close();
  });
  afterAll(async () => {
    await Promise.all([source?.close(), target?.close()]);
  });

  /** A room on the source with a publisher that negotiated audio (mid 0) and video (mid 1). */
  async function sourcePublisher(room: number): Promise<{ publisher: VideoRoomHandle; id: VideoRoomId }> {
    await onSource.create({ room, secret: 's' });
    const publisher = await source.session.attach(VideoRoomPlugin);
    const { data } = await publisher.joinPublisher({ room, display: 'Alice' });
    await publisher.publish({}, { type: 'offer', sdp: staticOffer('sendonly') });
    return { publisher, id: data.id };
  }

  it('rtpForward to a local UDP port: the forwarders are reported, listed, latch RTCP to us, and stop', async () => {
    const room = randomRoom();
    const { publisher, id } = await sourcePublisher(room);
    const [audio, video, videoRtcp] = await Promise.all([udpListener(), udpListener(), udpListener()]);
    sockets.push(audio.socket, video.socket, videoRtcp.socket);

    const latched = videoRtcp.next();
    const reply = await onSource.rtpForward({
      room,
      secret: 's',
      publisher_id: id,
      host: '127.0.0.1',
      streams: [
        { mid: '0', port: audio.port, pt: 111, ssrc: 1234 },
        { mid: '1', port: video.port, rtcp_port: videoRtcp.port },
      ],
    });
    expect(reply).toMatchObject({ videoroom: 'rtp_forward', room, publisher_id: id });
    const audioFwd = reply.forwarders.find((f) => f.type === 'audio')!;
    const videoFwd = reply.forwarders.find((f) => f.type === 'video')!;
    expect(audioFwd).toMatchObject({ host: '127.0.0.1', port: audio.port, pt: 111, ssrc: 1234 });
    expect(videoFwd).toMatchObject({ host: '127.0.0.1', port: video.port, remote_rtcp_port: videoRtcp.port });
    expect(typeof audioFwd.stream_id).toBe('number');
    // Janus latches the video forwarder's RTCP: packets reach our socket from its local RTCP port.
    expect((await latched).port).toBe(videoFwd.local_rtcp_port);

    const listed = await onSource.listForwarders({ room, secret: 's' });
    expect(listed.publishers).toHaveLength(1);
    expect(listed.publishers[0]).toMatchObject({ publisher_id: id, display: 'Alice' });
    expect(listed.publishers[0].forwarders.map((f) => f.stream_id).sort((a, b) => a - b)).toEqual(
      [audioFwd.stream_id, videoFwd.stream_id].sort((a, b) => a - b),
    );

    expect(
      await onSource.stopRtpForward({ room, secret: 's', publisher_id: id, stream_id: audioFwd.stream_id }),
    ).toEqual({ videoroom: 'stop_rtp_forward', room, publisher_id: id, stream_id: audioFwd.stream_id });
    const after = await onSource.listForwarders({ room, secret: 's' });
    expect(after.publishers[0].forwarders.map((f) => f.stream_id)).toEqual([videoFwd.stream_id]);
    await onSource.stopRtpForward({ room, secret: 's', publisher_id: id, stream_id: videoFwd.stream_id });
    expect((await onSource.listForwarders({ room, secret: 's' })).publishers).toEqual([]);

    // Janus 1.1.2 skips a mid the publisher does not have: success with no forwarder.
    const none = await onSource.rtpForward({
      room,
      secret: 's',
      publisher_id: id,
      host: '127.0.0.1',
      streams: [{ mid: '7', port: 9 }],
    });
    expect(none.forwarders).toEqual([]);
    await expect(
      onSource.rtpForward({
        room,
        secret: 's',
        publisher_id: 424242,
        host: '127.0.0.1',
        streams: [{ mid: '0', port: 9 }],
      }),
    ).rejects.toMatchObject({ janusCode: VideoRoomErrorCode.NO_SUCH_FEED });
    await publisher.detach();
    await onSource.destroy({ room, secret: 's' });
  });

  it('remote publishers: add/update/remove on the target, publish/list/unpublish remotely on the source', async () => {
    const room = randomRoom();
    const { publisher, id: localId } = await sourcePublisher(room);
    await onTarget.create({ room, secret: 's' });
    const bob = await target.session.attach(VideoRoomPlugin);
    await bob.joinPublisher({ room, display: 'Bob' });

    // Target: the remote publisher is announced at once.
    const announced = nextOf(bob.publishers$, 'publishers (remote added) on bob');
    const remote = await onTarget.addRemotePublisher({
      room,
      secret: 's',
      display: 'Alice (remote)',
      streams: AV_STREAMS,
    });
    expect(remote).toMatchObject({ videoroom: 'success', room });
    expect(typeof remote.port).toBe('number');
    expect(typeof remote.rtcp_port).toBe('number');
    expect((await announced).publishers).toEqual([
      expect.objectContaining({
        id: remote.id,
        display: 'Alice (remote)',
        streams: [
          expect.objectContaining({ type: 'audio', mid: '0', codec: 'opus' }),
          expect.objectContaining({ type: 'video', mid: '1', codec: 'vp8' }),
        ],
      }),
    ]);
    const onTargetList = (await onTarget.listParticipants({ room })).participants;
    expect(onTargetList.find((p) => p.id === remote.id)).toMatchObject({ remote: true, publisher: true });

    // Target: an update (1.1.2 needs streams even to rename) re-announces the feed.
    const reannounced = nextOf(bob.publishers$, 'publishers (remote updated) on bob');
    expect(
      await onTarget.updateRemotePublisher({
        room,
        secret: 's',
        id: remote.id,
        display: 'Alice B.',
        streams: AV_STREAMS,
      }),
    ).toEqual({ videoroom: 'success' });
    expect((await reannounced).publishers[0]).toMatchObject({ id: remote.id, display: 'Alice B.' });

    // Source: relay the local publisher to the target's ports; listremotes shows it, listforwarders does not.
    expect(
      await onSource.publishRemotely({
        room,
        secret: 's',
        publisher_id: localId,
        remote_id: 'to-target',
        host: '127.0.0.1',
        port: remote.port,
        rtcp_port: remote.rtcp_port,
      }),
    ).toEqual({ videoroom: 'success', room, id: localId, remote_id: 'to-target' });
    expect(await onSource.listRemotes({ room, secret: 's', publisher_id: localId })).toEqual({
      videoroom: 'success',
      room,
      id: localId,
      list: [{ remote_id: 'to-target', host: '127.0.0.1', port: remote.port, rtcp_port: remote.rtcp_port }],
    });
    // The remotization is no RTP forwarder as far as listforwarders goes (the publisher shows, with none).
    const forwarders = (await onSource.listForwarders({ room, secret: 's' })).publishers;
    expect(forwarders.flatMap((p) => p.forwarders)).toEqual([]);
    await expect(
      onSource.publishRemotely({
        room,
        secret: 's',
        publisher_id: localId,
        remote_id: 'to-target',
        host: '127.0.0.1',
        port: remote.port,
      }),
    ).rejects.toMatchObject({ name: 'JanusPluginError' });

    // A remote publisher cannot be remotized again (one hop only).
    await expect(
      onTarget.publishRemotely({
        room,
        secret: 's',
        publisher_id: remote.id,
        remote_id: 'second-hop',
        host: '127.0.0.1',
        port: 9,
      }),
    ).rejects.toMatchObject({ janusCode: VideoRoomErrorCode.INVALID_ELEMENT });

    expect(
      await onSource.unpublishRemotely({ room, secret: 's', publisher_id: localId, remote_id: 'to-target' }),
    ).toEqual({ videoroom: 'success', room, id: localId });
    expect((await onSource.listRemotes({ room, secret: 's', publisher_id: localId })).list).toEqual([]);
    await expect(
      onSource.unpublishRemotely({ room, secret: 's', publisher_id: localId, remote_id: 'to-target' }),
    ).rejects.toMatchObject({ janusCode: VideoRoomErrorCode.NO_SUCH_FEED });

    // Target: removing the remote publisher tells the room it left.
    const left = nextOf(bob.leaving$, 'leaving (remote removed) on bob');
    expect(await onTarget.removeRemotePublisher({ room, secret: 's', id: remote.id })).toEqual({
      videoroom: 'success',
    });
    expect(await left).toEqual({ type: 'leaving', room, self: false, id: remote.id });
    await expect(onTarget.removeRemotePublisher({ room, secret: 's', id: remote.id })).rejects.toMatchObject({
      janusCode: VideoRoomErrorCode.NO_SUCH_FEED,
    });

    await Promise.all([publisher.detach(), bob.detach()]);
    await Promise.all([onSource.destroy({ room, secret: 's' }), onTarget.destroy({ room, secret: 's' })]);
  });
});
