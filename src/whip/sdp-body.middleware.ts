import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { AppConfig } from '../config/index.js';
import { hasUnsafeCharacter, UNSAFE_STRING_MESSAGE } from '../signaling/input-rules.js';

/** The media types the WHIP/WHEP routes read as text. */
export const SDP_TYPE = 'application/sdp';
export const SDPFRAG_TYPE = 'application/trickle-ice-sdpfrag';

/** The media type of a request, lower-case, without parameters. */
export function mediaTypeOf(req: Request): string | undefined {
  return req.headers['content-type']?.split(';')[0]?.trim().toLowerCase() || undefined;
}

/**
 * Reads `application/sdp` and `application/trickle-ice-sdpfrag` bodies of the WHIP/WHEP routes as UTF-8 text into
 * `req.body`, up to `SDP_MAX_BYTES` (413 beyond). A body holding a NUL character (which Janus cannot take in a JSON
 * string) is a 400 `BAD_REQUEST`, as in every other input of the app. Only these routes and these types: the app's
 * JSON parsing is left as it is, and any other type reaches the handlers unread (they answer 415).
 */
@Injectable()
export class SdpBodyMiddleware implements NestMiddleware {
  private readonly limit: number;

  constructor(config: AppConfig) {
    this.limit = config.signaling.maxSdpBytes;
  }

  use(req: Request, res: Response, next: NextFunction): void {
    const type = mediaTypeOf(req);
    if ((type !== SDP_TYPE && type !== SDPFRAG_TYPE) || req.readableEnded || typeof req.body === 'string') {
      next();
      return;
    }
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > this.limit) {
      this.tooLarge(req, res);
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > this.limit) {
        done = true;
        this.tooLarge(req, res);
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (done) return;
      done = true;
      // Invalid UTF-8 becomes U+FFFD here, so the text has no lone surrogate; a NUL would pass through.
      const text = Buffer.concat(chunks).toString('utf8');
      if (hasUnsafeCharacter(text)) {
        res.status(400).json({ code: 'BAD_REQUEST', message: `body: ${UNSAFE_STRING_MESSAGE}` });
        return;
      }
      req.body = text;
      next();
    });
    req.on('error', (err) => {
      if (done) return;
      done = true;
      next(err);
    });
  }

  private tooLarge(req: Request, res: Response): void {
    // Stop reading; the connection closes after the reply.
    req.unpipe();
    res.setHeader('Connection', 'close');
    res.status(413).json({ code: 'PAYLOAD_TOO_LARGE', message: `the body is larger than ${this.limit} bytes` });
  }
}
