import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host.js';
import {
  JanusConnectError,
  JanusConnectionClosedError,
  JanusHandleDetachedError,
  JanusInvalidRequestError,
  JanusPluginError,
  JanusProtocolError,
  JanusRequestError,
  JanusSessionClosedError,
  JanusTimeoutError,
} from 'nestjs-janus';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ForbiddenError, UnauthorizedError } from '../../../src/auth/index.js';
import { AppError, HTTP_STATUS_OF, type ErrorCode } from '../../../src/errors/index.js';
import { HttpExceptionFilter } from '../../../src/http/index.js';
import { SIGNALING_ERROR_CODES, SignalingExceptionFilter } from '../../../src/signaling/index.js';
import { WhipExceptionFilter } from '../../../src/whip/whip-exception.filter.js';

/**
 * One error table for the three transports: whatever is thrown while serving a request, the socket's error event and
 * ack, the REST API's error response and WHIP/WHEP's carry the same code, message and janusCode, and both HTTP
 * sides the same status. Each filter runs as Nest runs it, on a recording socket or response.
 */

interface Told {
  code: string;
  message: string;
  janusCode?: number;
}

/** What a socket's `videoroom-error` event and failed ack carried. */
function overSocket(err: unknown): { event: Told; ack: Told } {
  const emitted: Array<{ event: string; body: { error: string; code: string; janusCode?: number } }> = [];
  const acks: Array<{ ok: boolean; error?: Told }> = [];
  const socket = {
    emit: (event: string, body: { error: string; code: string; janusCode?: number }) => emitted.push({ event, body }),
  };
  const ack = (response: { ok: boolean; error?: Told }): void => void acks.push(response);
  new SignalingExceptionFilter('videoroom-error').catch(err, new ExecutionContextHost([socket, { _id: 1 }, ack]));
  expect(emitted.map((e) => e.event)).toEqual(['videoroom-error']);
  const { error, code, janusCode } = emitted[0].body;
  expect(acks[0]?.ok).toBe(false);
  return { event: { code, message: error, ...(janusCode !== undefined ? { janusCode } : {}) }, ack: acks[0].error! };
}

/** What an HTTP filter answered: status, headers and JSON body. */
function overHttp(
  filter: HttpExceptionFilter,
  err: unknown,
): { status: number; headers: Record<string, string>; body: Told } {
  const answer = { status: 0, headers: {} as Record<string, string>, body: undefined as Told | undefined };
  const response = {
    headersSent: false,
    setHeader(name: string, value: string) {
      answer.headers[name] = value;
      return this;
    },
    status(status: number) {
      answer.status = status;
      return this;
    },
    json(body: Told) {
      answer.body = body;
      return this;
    },
  };
  // An exception filter's catch, not a promise's.
  // oxlint-disable-next-line promise/valid-params
  filter.catch(err, new ExecutionContextHost([{ method: 'POST', url: '/x' }, response]));
  return { status: answer.status, headers: answer.headers, body: answer.body! };
}

const videoRoom = (code: number): JanusPluginError =>
  new JanusPluginError(code, `reason ${code}`, 'janus.plugin.videoroom');
const plugin = (name: string, code: number): JanusPluginError =>
  new JanusPluginError(code, `reason ${code}`, `janus.plugin.${name}`);
const core = (code: number): JanusRequestError => new JanusRequestError(code, `reason ${code}`, 'message');

/** Each thrown error and what every transport must tell of it. */
const TABLE: ReadonlyArray<[string, unknown, ErrorCode, { message?: string; janusCode?: number }]> = [
  ['VideoRoom 426 no such room', videoRoom(426), 'NOT_FOUND', { janusCode: 426 }],
  ['VideoRoom 428 no such feed', videoRoom(428), 'NOT_FOUND', { janusCode: 428 }],
  ['VideoRoom 427 room exists', videoRoom(427), 'CONFLICT', { janusCode: 427 }],
  ['VideoRoom 432 publishers full', videoRoom(432), 'CONFLICT', { janusCode: 432 }],
  ['VideoRoom 434 already published', videoRoom(434), 'CONFLICT', { janusCode: 434 }],
  ['VideoRoom 436 id exists', videoRoom(436), 'CONFLICT', { janusCode: 436 }],
  ['VideoRoom 433 unauthorized', videoRoom(433), 'FORBIDDEN', { janusCode: 433 }],
  ['VideoRoom 429 missing element', videoRoom(429), 'BAD_REQUEST', { janusCode: 429 }],
  ['VideoRoom 430 invalid element', videoRoom(430), 'BAD_REQUEST', { janusCode: 430 }],
  ['VideoRoom 431 invalid SDP type', videoRoom(431), 'BAD_REQUEST', { janusCode: 431 }],
  ['VideoRoom 437 invalid SDP', videoRoom(437), 'BAD_REQUEST', { janusCode: 437 }],
  ['VideoRoom 499 unknown', videoRoom(499), 'JANUS_ERROR', { message: 'reason 499', janusCode: 499 }],
  ['AudioBridge 485 no such room', plugin('audiobridge', 485), 'NOT_FOUND', { janusCode: 485 }],
  ['AudioBridge 489 unauthorized', plugin('audiobridge', 489), 'FORBIDDEN', { janusCode: 489 }],
  ['AudioBridge 486 room exists', plugin('audiobridge', 486), 'CONFLICT', { janusCode: 486 }],
  ['Streaming 455 no such mountpoint', plugin('streaming', 455), 'NOT_FOUND', { janusCode: 455 }],
  ['Streaming 457 unauthorized', plugin('streaming', 457), 'FORBIDDEN', { janusCode: 457 }],
  ['TextRoom 417 no such room', plugin('textroom', 417), 'NOT_FOUND', { janusCode: 417 }],
  ['TextRoom 414 invalid element', plugin('textroom', 414), 'BAD_REQUEST', { janusCode: 414 }],
  // The numbers overlap across plugins: a code means what its own plugin says, another plugin's table never applies.
  [
    'Streaming 426 (a VideoRoom number)',
    plugin('streaming', 426),
    'JANUS_ERROR',
    { message: 'reason 426', janusCode: 426 },
  ],
  [
    'EchoTest 414 invalid SDP',
    new JanusPluginError(414, 'bad sdp', 'janus.plugin.echotest'),
    'JANUS_ERROR',
    { message: 'bad sdp', janusCode: 414 },
  ],
  [
    'core 458 no such session',
    core(458),
    'SESSION_NOT_AVAILABLE',
    { message: 'session-not-available', janusCode: 458 },
  ],
  ['core 459 no such handle', core(459), 'NOT_FOUND', { message: 'handle-not-available', janusCode: 459 }],
  ['core 465 invalid SDP', core(465), 'BAD_REQUEST', { janusCode: 465 }],
  ['core 469 unexpected answer', core(469), 'BAD_REQUEST', { janusCode: 469 }],
  ['core 490 unknown', core(490), 'JANUS_ERROR', { message: 'reason 490', janusCode: 490 }],
  ['a timeout', new JanusTimeoutError('message', 10_000), 'TIMEOUT', { message: 'Janus did not answer in 10000 ms' }],
  ['the connection closed', new JanusConnectionClosedError(), 'BACKEND_FAILURE', { message: 'backend-failure' }],
  ['no server at connect', new JanusConnectError('no server'), 'BACKEND_FAILURE', { message: 'backend-failure' }],
  [
    'a closed session',
    new JanusSessionClosedError(1, 'gone'),
    'SESSION_NOT_AVAILABLE',
    { message: 'session-not-available' },
  ],
  ['a detached handle', new JanusHandleDetachedError(2, 'gone'), 'NOT_FOUND', { message: 'handle-not-available' }],
  ['an unsendable request', new JanusInvalidRequestError('NUL', 'message'), 'BAD_REQUEST', { message: 'NUL' }],
  [
    'another library error',
    new JanusProtocolError('odd reply', 'message'),
    'JANUS_ERROR',
    { message: 'message: odd reply' },
  ],
  ['no token', new UnauthorizedError('a token is required'), 'UNAUTHORIZED', { message: 'a token is required' }],
  ['no role', new ForbiddenError('needs admin'), 'FORBIDDEN', { message: 'needs admin' }],
  ['an AppError', new AppError('RATE_LIMITED', 'slow down'), 'RATE_LIMITED', { message: 'slow down' }],
  ['a bug', new TypeError('x is undefined'), 'INTERNAL', { message: 'internal error' }],
];

describe('the one error table: the same error, the same answer over socket, REST and WHIP', () => {
  // The filters log the bug of the last row; the log is not what is checked here.
  beforeAll(() => Logger.overrideLogger(false));
  afterAll(() => Logger.overrideLogger(true));

  it.each(TABLE)('%s -> %s', (_what, err, code, { message, janusCode }) => {
    const expected: Told = {
      code,
      message: message ?? (err instanceof Error && 'reason' in err ? String(err.reason) : ''),
      ...(janusCode !== undefined ? { janusCode } : {}),
    };
    const socket = overSocket(err);
    const rest = overHttp(new HttpExceptionFilter(), err);
    const whip = overHttp(new WhipExceptionFilter(), err);
    expect(socket.event).toEqual(expected);
    expect(socket.ack).toEqual(expected);
    expect(rest.body).toEqual(expected);
    expect(whip.body).toEqual(expected);
    expect(rest.status).toBe(HTTP_STATUS_OF[code]);
    expect(whip.status).toBe(rest.status);
    expect(SIGNALING_ERROR_CODES).toContain(code);
  });

  it('sends the headers an error asks for on both HTTP sides, and WHIP names its realm in a 401', () => {
    const notAllowed = new AppError('METHOD_NOT_ALLOWED', 'GET is not allowed here', { headers: { Allow: 'POST' } });
    for (const filter of [new HttpExceptionFilter(), new WhipExceptionFilter()]) {
      expect(overHttp(filter, notAllowed)).toMatchObject({ status: 405, headers: { Allow: 'POST' } });
    }
    const unauthorized = new UnauthorizedError('a token is required');
    expect(overHttp(new HttpExceptionFilter(), unauthorized).headers).toEqual({ 'WWW-Authenticate': 'Bearer' });
    expect(overHttp(new WhipExceptionFilter(), unauthorized).headers).toEqual({
      'WWW-Authenticate': 'Bearer realm="whip"',
    });
  });

  it('keeps the HTTP-only codes out of the socket protocol', () => {
    for (const code of ['METHOD_NOT_ALLOWED', 'PRECONDITION_FAILED', 'PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE'])
      expect(SIGNALING_ERROR_CODES).not.toContain(code);
    expect(HTTP_STATUS_OF.UNPROCESSABLE).toBe(422);
  });
});
