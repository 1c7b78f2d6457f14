import {
  BadRequestException,
  HttpException,
  HttpStatus,
  PayloadTooLargeException,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import {
  JanusConnectError,
  JanusConnectionClosedError,
  JanusInvalidRequestError,
  JanusPluginError,
  JanusRequestError,
  JanusSessionClosedError,
  JanusTimeoutError,
} from 'nestjs-janus';
import { describe, expect, it } from 'vitest';
import { ForbiddenError, UnauthorizedError } from '../../../src/auth/index.js';
import { AppError } from '../../../src/errors/index.js';
import { toHttpError } from '../../../src/http/index.js';

const plugin = (code: number, reason = `reason ${code}`): JanusPluginError =>
  new JanusPluginError(code, reason, 'janus.plugin.videoroom');

describe('toHttpError: errors as HTTP statuses with { code, message, janusCode? }', () => {
  it.each([
    [plugin(426, 'No such room (1)'), 404, { code: 'NOT_FOUND', message: 'No such room (1)', janusCode: 426 }],
    [plugin(427), 409, { code: 'CONFLICT', janusCode: 427 }],
    [plugin(428), 404, { code: 'NOT_FOUND', janusCode: 428 }],
    [plugin(433), 403, { code: 'FORBIDDEN', janusCode: 433 }],
    [plugin(429), 400, { code: 'BAD_REQUEST', janusCode: 429 }],
    [plugin(430), 400, { code: 'BAD_REQUEST', janusCode: 430 }],
    [plugin(432), 409, { code: 'CONFLICT', janusCode: 432 }],
    [plugin(499), 502, { code: 'JANUS_ERROR', janusCode: 499 }],
    [new JanusRequestError(490, 'bad api secret'), 502, { code: 'JANUS_ERROR', janusCode: 490 }],
    [new JanusInvalidRequestError('a string holds a NUL character', 'message'), 400, { code: 'BAD_REQUEST' }],
    [new JanusTimeoutError('list', 10_000), 504, { code: 'TIMEOUT', message: 'Janus did not answer in 10000 ms' }],
    [new JanusConnectionClosedError(), 503, { code: 'BACKEND_FAILURE' }],
    [new JanusConnectError('no server answered'), 503, { code: 'BACKEND_FAILURE' }],
    [new JanusSessionClosedError(1, 'gone'), 503, { code: 'SESSION_NOT_AVAILABLE' }],
    [new UnauthorizedError('a token is required'), 401, { code: 'UNAUTHORIZED', message: 'a token is required' }],
    [new ForbiddenError('needs admin'), 403, { code: 'FORBIDDEN', message: 'needs admin' }],
    [new AppError('BAD_REQUEST', 'room: must be an integer'), 400, { code: 'BAD_REQUEST' }],
    [new AppError('RATE_LIMITED', 'slow down'), 429, { code: 'RATE_LIMITED' }],
  ])('%s -> %i', (err, status, body) => {
    const mapped = toHttpError(err);
    expect(mapped.status).toBe(status);
    expect(mapped.body).toMatchObject(body);
    expect(mapped.internal).toBe(false);
  });

  it('leaves janusCode out when Janus did not refuse', () => {
    expect(toHttpError(new UnauthorizedError('x')).body).toEqual({ code: 'UNAUTHORIZED', message: 'x' });
  });

  it('keeps the status of Nest HttpExceptions, named by the status', () => {
    expect(toHttpError(new UnsupportedMediaTypeException('use application/sdp'))).toEqual({
      status: 415,
      body: { code: 'UNSUPPORTED_MEDIA_TYPE', message: 'use application/sdp' },
      headers: {},
      internal: false,
    });
    expect(toHttpError(new PayloadTooLargeException()).body).toEqual({
      code: 'PAYLOAD_TOO_LARGE',
      message: 'Payload Too Large',
    });
    expect(toHttpError(new BadRequestException(['a: bad', 'b: bad'])).body).toEqual({
      code: 'BAD_REQUEST',
      message: 'a: bad; b: bad',
    });
    expect(toHttpError(new HttpException('teapot', 418)).body.code).toBe(HttpStatus[418]);
  });

  it('answers anything else as a 500 INTERNAL without details', () => {
    expect(toHttpError(new TypeError('x is undefined'))).toEqual({
      status: 500,
      body: { code: 'INTERNAL', message: 'internal error' },
      headers: {},
      internal: true,
    });
  });
});
