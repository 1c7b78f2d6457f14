import { spawn, spawnSync } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { setTimeout as sleep } from 'node:timers/promises';
import type { INestApplicationContext } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  JanusPluginError,
  JanusTimeoutError,
  StreamingErrorCode,
  StreamingPlugin,
  StreamingService,
  type StreamingCreateRtpRequest,
  type StreamingHandle,
} from 'nestjs-janus';
import { answerFor } from '../../support/sdp.js';
import { startJanus, type JanusInstance } from '../../../tools/janus-harness/index.js';
import { featureApp } from './support/feature-app.js';
import { openFixture, type PluginFixture } from './support/fixture.js';
import { nextOf } from './support/wait.js';

/** An RTP mountpoint with one Opus and one VP8 stream on ports Janus picks, listed. */
function rtpMountpoint(id: number, description = `mp ${id}`): StreamingCreateRtpRequest {
  return {
    type: 'rtp',
    id,
    description,
    is_private: false,
    secret: 's3cret',
    media: [
      { type: 'audio', mid: 'a', port: 0, pt: 111, codec: 'opus', iface: '127.0.0.1' },
      { type: 'video', mid: 'v', port: 0, pt: 100, codec: 'vp8', iface: '127.0.0.1' },
    ],
  };
}

function randomId(): number {
  return 100_000 + Math.floor(Math.random() * 1_000_000);
}

describe('Streaming plugin against a real Janus 1.1.2', () => {
  let fx: PluginFixture;
  let admin: StreamingHandle;

  beforeAll(async () => {
    fx = await openFixture({ plugins: ['streaming'] });
    admin = await fx.session.attach(StreamingPlugin);
  });
  afterAll(async () => {
    await fx?.close();
  });

  it('creates an RTP mountpoint; list, info, edit, disable, enable, recording, destroy', async () => {
    const id = randomId();
    const created = await admin.create({ ...rtpMountpoint(id), name: `named-${id}` });
    expect(created).toMatchObject({
      streaming: 'created',
      created: `named-${id}`,
      permanent: false,
      stream: { id, type: 'live' },
    });
    const ports = created.stream.ports ?? [];
    expect(ports.map((p) => p.mid).sort()).toEqual(['a', 'v']);
    for (const p of ports) expect(p.port).toBeGreaterThan(0);

    expect((await admin.list()).find((m) => m.id === id)).toMatchObject({ type: 'live', enabled: true });

    const { info } = await admin.info({ id, secret: 's3cret' });
    expect(info).toMatchObject({ id, type: 'live', enabled: true, secret: 's3cret', viewers: 0 });
    expect(info.media?.map((m) => m.mid)).toEqual(['a', 'v']);

    expect(await admin.edit({ id, secret: 's3cret', new_description: 'renamed', new_metadata: 'm' })).toEqual({
      streaming: 'edited',
      id,
      permanent: false,
    });
    expect((await admin.info({ id })).info).toMatchObject({ description: 'renamed', metadata: 'm' });

    // Janus (1.1.2 to 1.4.1) crashes on a `disable` that also stops recording (the default) when a stream records
    // nothing.
    // No stop_recording given: the library sends false (Janus would crash stopping recordings that don't exist).
    expect(await admin.disable({ id, secret: 's3cret' })).toEqual({ streaming: 'ok' });
    expect((await admin.info({ id })).info.enabled).toBe(false);
    expect(await admin.enable({ id, secret: 's3cret' })).toEqual({ streaming: 'ok' });
    expect((await admin.info({ id })).info.enabled).toBe(true);

    const base = `${fx.janus.configDir}/rec-${id}`;
    expect(
      await admin.recording({ id, secret: 's3cret', action: 'start', media: [{ mid: 'a', filename: base }] }),
    ).toEqual({ streaming: 'ok' });
    expect(await admin.recording({ id, secret: 's3cret', action: 'stop', media: [{ mid: 'a' }] })).toEqual({
      streaming: 'ok',
    });

    expect(await admin.destroy({ id, secret: 's3cret' })).toEqual({ streaming: 'destroyed', destroyed: id });
    const err = await admin.info({ id }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(JanusPluginError);
    expect((err as JanusPluginError).janusCode).toBe(StreamingErrorCode.NO_SUCH_MOUNTPOINT);
  });

  it('a viewer: watch (offer), start with an answer, pause, switch, kick_all, stop', async () => {
    const first = randomId();
    const second = first + 1;
    await admin.create(rtpMountpoint(first));
    await admin.create(rtpMountpoint(second));
    const viewer = await fx.session.attach(StreamingPlugin);
    try {
      const watched = await viewer.watch({ id: first });
      expect(watched.data).toEqual({ streaming: 'event', result: { status: 'preparing' } });
      expect(watched.jsep?.type).toBe('offer');
      expect(watched.jsep?.sdp).toContain('m=audio');

      const started = await viewer.start(answerFor(watched.jsep?.sdp ?? ''));
      expect(started.data.result.status).toBe('starting');
      expect((await admin.info({ id: first, secret: 's3cret' })).info.viewers).toBe(1);

      expect((await viewer.pause()).data.result.status).toBe('pausing');
      expect((await viewer.start()).data.result.status).toBe('starting');

      expect((await viewer.configure({ mid: 'v', send: false })).data.result).toEqual({ event: 'configured' });

      const switched = await viewer.switch({ id: second });
      expect(switched.data.result).toEqual({ switched: 'ok', id: second });
      expect((await admin.info({ id: second, secret: 's3cret' })).info.viewers).toBe(1);
      expect((await admin.info({ id: first, secret: 's3cret' })).info.viewers).toBe(0);

      const kicked = nextOf(viewer.kicked$, 'kicked');
      expect(await admin.kickAll({ id: second, secret: 's3cret' })).toEqual({ streaming: 'kicked_all' });
      expect(await kicked).toEqual({ type: 'kicked' });

      // Watch again, then stop: Janus 1.1.2 answers a `stop` only once the PeerConnection was up (1.3.1+ answers
      // `idle`); with a static answer it never is, so the request times out.
      const again = await viewer.watch({ id: first, media: ['a'] });
      expect(again.jsep?.type).toBe('offer');
      await viewer.start(answerFor(again.jsep?.sdp ?? ''));
      await expect(viewer.stop({ timeoutMs: 1000 })).rejects.toBeInstanceOf(JanusTimeoutError);
    } finally {
      await viewer.detach();
      await admin.destroy({ id: first, secret: 's3cret' });
      await admin.destroy({ id: second, secret: 's3cret' });
    }
  });

  it('RTP sent to the mountpoint on 127.0.0.1 shows as live media in info (age_ms)', async () => {
    const id = randomId();
    const { stream } = await admin.create(rtpMountpoint(id));
    const audioPort = stream.ports?.find((p) => p.mid === 'a')?.port ?? 0;
    expect(audioPort).toBeGreaterThan(0);
    const ageOfAudio = async (): Promise<number | undefined> =>
      (await admin.info({ id, secret: 's3cret' })).info.media?.find((m) => m.mid === 'a')?.age_ms;
    const socket = createSocket('udp4');
    try {
      await sleep(600); // nothing sent yet: the age grows
      expect(await ageOfAudio()).toBeGreaterThanOrEqual(500);
      // A bounded run: 40 RTP packets (Opus, payload type 111, 20 ms apart) on loopback.
      const ssrc = 0x1234abcd;
      for (let seq = 0; seq < 40; seq++) {
        const packet = Buffer.alloc(12 + 3);
        packet[0] = 0x80; // RTP version 2
        packet[1] = 111;
        packet.writeUInt16BE(seq, 2);
        packet.writeUInt32BE(seq * 960, 4);
        packet.writeUInt32BE(ssrc, 8);
        packet.set([0xf8, 0xff, 0xfe], 12); // an Opus silence frame
        await new Promise<void>((resolve, reject) =>
          socket.send(packet, audioPort, '127.0.0.1', (err) => (err ? reject(err) : resolve())),
        );
        await sleep(20);
      }
      expect(await ageOfAudio()).toBeLessThan(200);
    } finally {
      socket.close();
      await admin.destroy({ id, secret: 's3cret' });
    }
  });

  it('ffmpeg feeding Opus and VP8 over loopback RTP makes both streams live', async () => {
    const id = randomId();
    const { stream } = await admin.create(rtpMountpoint(id));
    const port = (mid: string): number => stream.ports?.find((p) => p.mid === mid)?.port ?? 0;
    const ages = async (): Promise<Array<number | undefined>> =>
      ((await admin.info({ id, secret: 's3cret' })).info.media ?? []).map((m) => m.age_ms);
    await sleep(600); // no media yet: both ages grow
    for (const age of await ages()) expect(age).toBeGreaterThanOrEqual(500);
    // A bounded run, loopback only (killed in `finally` if still running): a 440 Hz tone and a test pattern for 4 s at
    // real-time pace, sent as Opus and VP8 RTP to the two ports.
    const args = [
      '-hide_banner -loglevel error -re',
      // `-t` before each input: both end after 4 s (after the inputs, it would bound the first output only).
      '-f lavfi -t 4 -i sine=frequency=440:sample_rate=48000 -f lavfi -t 4 -i testsrc=size=160x120:rate=10',
      `-map 0:a -c:a libopus -payload_type 111 -f rtp rtp://127.0.0.1:${port('a')}`,
      '-map 1:v -c:v libvpx -deadline realtime -cpu-used 8 -b:v 100k',
      `-payload_type 100 -f rtp rtp://127.0.0.1:${port('v')}`,
    ].flatMap((part) => part.split(' '));
    const ffmpeg = spawn('ffmpeg', args, { stdio: 'ignore' });
    const exited = new Promise<void>((resolve) => ffmpeg.once('exit', () => resolve()));
    const running = (): boolean => ffmpeg.exitCode === null && ffmpeg.signalCode === null;
    try {
      // Polled (Janus tells nobody when media arrives) for as long as ffmpeg runs: how long it takes to start
      // depends on the machine's load, its 4 s of media at real-time pace do not.
      const live = (ages: Array<number | undefined>): boolean =>
        ages.length === 2 && ages.every((age) => age !== undefined && age < 300);
      let latest: Array<number | undefined> = [];
      while (running() && !live(latest)) {
        await sleep(100);
        latest = await ages();
      }
      expect(latest, `ffmpeg exit code ${ffmpeg.exitCode}`).toHaveLength(2);
      for (const age of latest) expect(age, `ffmpeg exit code ${ffmpeg.exitCode}`).toBeLessThan(300);
    } finally {
      if (running()) ffmpeg.kill('SIGTERM');
      await exited;
      await admin.destroy({ id, secret: 's3cret' });
    }
  });

  it('an on-demand mountpoint plays an Ogg Opus file: watch gets an audio offer', async () => {
    const filename = `${fx.janus.configDir}/tone.opus`;
    const made = spawnSync(
      'ffmpeg',
      '-hide_banner -loglevel error -f lavfi -i sine=frequency=440:sample_rate=48000 -t 1 -c:a libopus'
        .split(' ')
        .concat(filename),
    );
    expect(made.status).toBe(0);
    const id = randomId();
    // An Opus file needs `audiocodec: 'opus'` (Janus refuses it otherwise).
    const created = await admin.create({
      type: 'ondemand',
      id,
      filename,
      audio: true,
      audiocodec: 'opus',
      audiopt: 111,
      is_private: false,
    });
    expect(created.stream).toMatchObject({ id, type: 'on demand' });
    expect((await admin.info({ id })).info.type).toBe('on demand');
    const viewer = await fx.session.attach(StreamingPlugin);
    try {
      const { data, jsep } = await viewer.watch({ id });
      expect(data.result.status).toBe('preparing');
      expect(jsep?.sdp).toContain('m=audio');
      expect(jsep?.sdp).not.toContain('m=video');
    } finally {
      await viewer.detach();
      await admin.destroy({ id });
    }
  });

  it('a viewer is told of new metadata (edited_event) and that its mountpoint was destroyed (stopped)', async () => {
    const id = randomId();
    await admin.create(rtpMountpoint(id));
    const viewer = await fx.session.attach(StreamingPlugin);
    try {
      const { jsep } = await viewer.watch({ id });
      await viewer.start(answerFor(jsep?.sdp ?? ''));
      const edited = nextOf(viewer.edited$, 'edited');
      await admin.edit({ id, secret: 's3cret', new_metadata: 'now live', edited_event: true });
      expect(await edited).toEqual({ type: 'edited', id, metadata: 'now live' });
      const stopped = nextOf(viewer.status$, 'stopped');
      await admin.destroy({ id, secret: 's3cret' });
      expect(await stopped).toEqual({ type: 'stopped' });
    } finally {
      await viewer.detach();
    }
  });
});

describe('StreamingService through JanusModule.forFeature', () => {
  let janus: JanusInstance;
  let app: INestApplicationContext;

  beforeAll(async () => {
    janus = await startJanus({ plugins: ['streaming'] });
    app = await featureApp(janus, [StreamingService]);
  });
  afterAll(async () => {
    await app?.close();
    await janus?.stop();
  });

  it('manages mountpoints on its managed handle and attaches viewers', async () => {
    const streaming = app.get(StreamingService);
    const id = randomId();
    const { stream } = await streaming.create(rtpMountpoint(id));
    expect(stream.id).toBe(id);
    expect((await streaming.list()).map((m) => m.id)).toContain(id);
    const viewer = await streaming.attach();
    try {
      const { jsep } = await viewer.watch({ id });
      expect(jsep?.type).toBe('offer');
    } finally {
      await viewer.detach();
    }
    expect(await streaming.destroy({ id, secret: 's3cret' })).toEqual({ streaming: 'destroyed', destroyed: id });
  });
});
