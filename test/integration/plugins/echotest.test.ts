import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  EchoTestErrorCode,
  EchoTestHandle,
  EchoTestPlugin,
  JanusConnection,
  JanusCoreErrorCode,
  JanusPluginError,
  JanusRequestError,
  type JanusSession,
} from 'nestjs-janus';
import { startJanus, type JanusInstance } from '../../../tools/janus-harness/index.js';
import { staticOffer } from './support/sdp.js';
import { nextOf } from './support/wait.js';

describe('EchoTestPlugin against a real Janus', () => {
  let janus: JanusInstance;
  let connection: JanusConnection;
  let session: JanusSession;

  beforeAll(async () => {
    janus = await startJanus();
    connection = await JanusConnection.connect({
      servers: [{ url: janus.wsUrl, apiSecret: janus.apiSecret }],
      logger: false,
    });
    session = await connection.createSession();
  });
  afterAll(async () => {
    await connection?.close();
    await janus?.stop();
  });

  it('attaches as a typed EchoTest handle', async () => {
    const echo = await session.attach(EchoTestPlugin);
    expect(echo).toBeInstanceOf(EchoTestHandle);
    expect(echo.plugin).toBe('janus.plugin.echotest');
    await echo.detach();
  });

  it('configures without media: the reply is result "ok" and carries no JSEP', async () => {
    const echo = await session.attach(EchoTestPlugin);
    const reply = await echo.configure({ audio: false, video: true, bitrate: 256_000, substream: 1, temporal: 0 });
    expect(reply).toEqual({ data: { echotest: 'event', result: 'ok' } });
    await echo.detach();
  });

  it('rejects a request that sets nothing with JanusPluginError 413', async () => {
    const echo = await session.attach(EchoTestPlugin);
    const err = await echo.configure({}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(JanusPluginError);
    expect(err).toMatchObject({ janusCode: EchoTestErrorCode.INVALID_ELEMENT, plugin: 'janus.plugin.echotest' });
    await echo.detach();
  });

  it('answers a JSEP offer, and reports the end of the PeerConnection as a result "done" event', async () => {
    const echo = await session.attach(EchoTestPlugin);
    const { data, jsep } = await echo.configure(
      { audio: true, video: true, audiocodec: 'opus', videocodec: 'vp8' },
      { type: 'offer', sdp: staticOffer() },
    );
    expect(data.result).toBe('ok');
    expect(jsep?.type).toBe('answer');
    expect(jsep?.sdp).toMatch(/^m=audio .*\r\n/m);
    expect(jsep?.sdp).toMatch(/^m=video .*\r\n/m);
    expect(jsep?.sdp).toContain('a=rtpmap:111 opus/48000/2');
    expect(jsep?.sdp).toContain('a=rtpmap:96 VP8/90000');

    const done = nextOf(echo.done$, 'result "done"');
    const results = nextOf(echo.events$, 'any EchoTest event');
    await echo.hangup();
    expect(await done).toEqual({ type: 'result', result: 'done' });
    expect(await results).toEqual({ type: 'result', result: 'done' });
    await echo.detach();
  });

  it('an unparsable offer is rejected by the Janus core (JanusRequestError 465), before the plugin sees it', async () => {
    const echo = await session.attach(EchoTestPlugin);
    const err = await echo
      .configure({ audio: true }, { type: 'offer', sdp: 'v=0\r\nnot an sdp\r\n' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(JanusRequestError);
    expect(err).toMatchObject({ janusCode: JanusCoreErrorCode.JSEP_INVALID_SDP, request: 'message' });
    await echo.detach();
  });
});
