import 'reflect-metadata';
import { useContainer } from 'class-validator';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/index.js';
import { EchoOfferDto } from '../../../src/echotest/dto/echotest.dto.js';
import { AppError } from '../../../src/errors/index.js';
import { AllowDto } from '../../../src/room-admin/dto/room-admin.dto.js';
import { DataPipe, SdpSizeConstraint } from '../../../src/signaling/index.js';
import { JoinDto, PublishDto, TrickleDto } from '../../../src/videoroom/dto/participant.dto.js';

const config = loadConfig({ JANUS_URL: 'ws://127.0.0.1:1', AUTH_REQUIRED: 'false', SDP_MAX_BYTES: '2048' });
const sdpSize = new SdpSizeConstraint(config);
// As in the app: constraints with dependencies come from a container.
useContainer({
  get: <T>(cls: unknown): T => (cls === SdpSizeConstraint ? sdpSize : new (cls as new () => object)()) as T,
});
const pipe = new DataPipe();
const meta = (metatype: new () => object) => ({ type: 'body' as const, metatype, data: 'data' });

describe('DataPipe (validation of client data)', () => {
  it('drops unknown fields (a client-sent secret never reaches Janus)', async () => {
    const out = await pipe.transform(
      { room: 1234, display: 'a', secret: 'mine', admin_key: 'k', nested: { x: 1 } },
      meta(JoinDto),
    );
    expect(out).toBeInstanceOf(JoinDto);
    expect({ ...(out as object) }).toEqual({ room: 1234, display: 'a' });
  });

  it('names every bad field, nested ones by their path', async () => {
    const err = await pipe
      .transform({ audio: 'yes', jsep: { type: 'bogus' } }, meta(EchoOfferDto))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('BAD_REQUEST');
    expect((err as AppError).message).toMatch(/audio: .*boolean/);
    expect((err as AppError).message).toMatch(/jsep\.type: /);
  });

  it('bounds the SDP by SDP_MAX_BYTES', async () => {
    const ok = await pipe.transform({ jsep: { type: 'offer', sdp: 'v=0' } }, meta(EchoOfferDto));
    expect(ok).toBeInstanceOf(EchoOfferDto);
    await expect(
      pipe.transform({ jsep: { type: 'offer', sdp: 'x'.repeat(2049) } }, meta(EchoOfferDto)),
    ).rejects.toThrow('jsep.sdp: sdp must be a string of at most 2048 bytes');
  });

  it('treats missing data as {} and refuses data that is not an object', async () => {
    await expect(pipe.transform(undefined, meta(JoinDto))).rejects.toThrow(/room/);
    await expect(pipe.transform('text', meta(JoinDto))).rejects.toThrow('data: must be an object');
    await expect(pipe.transform([1], meta(JoinDto))).rejects.toThrow('data: must be an object');
  });

  it('takes null for an optional field as absent, and names a required field sent as null', async () => {
    const out = await pipe.transform({ room: 1234, display: null, token: null, pin: null }, meta(JoinDto));
    expect(Object.entries(out as object).filter(([, v]) => v !== undefined)).toEqual([['room', 1234]]);
    await expect(pipe.transform({ room: null }, meta(JoinDto))).rejects.toThrow(/^room: /);
    await expect(pipe.transform({ feed: 1, jsep: null }, meta(PublishDto))).rejects.toThrow(/jsep: /);
    // `{ completed: null }` is a candidate without `candidate`.
    await expect(pipe.transform({ feed: 1, candidate: { completed: null } }, meta(TrickleDto))).rejects.toThrow(
      /candidate\.candidate: /,
    );
  });

  it('refuses a NUL or a lone surrogate in any string, naming the field', async () => {
    await expect(pipe.transform({ room: 1, display: 'a\u0000' }, meta(JoinDto))).rejects.toThrow(
      'display: must not contain a NUL character or a lone UTF-16 surrogate',
    );
    await expect(
      pipe.transform({ feed: 1, candidate: { candidate: 'c', sdpMid: '\udc00x' } }, meta(TrickleDto)),
    ).rejects.toThrow(/^candidate\.sdpMid: must not contain/);
    await expect(pipe.transform({ room: 1, action: 'add', list: ['ok', 'x\ud83d'] }, meta(AllowDto))).rejects.toThrow(
      /^list\.1: /,
    );
    // A surrogate pair is a character like any other; an unknown field is dropped, whatever it holds.
    const out = await pipe.transform({ room: 1, display: 'smile \ud83d\ude00', other: '\u0000' }, meta(JoinDto));
    expect((out as JoinDto).display).toBe('smile \ud83d\ude00');
  });
});
