import { toPluginEvent } from '../plugin.events.js';
import type {
  TextRoomDataIncoming,
  TextRoomDataRequest,
  TextRoomEvent,
  TextRoomId,
  TextRoomResultEvent,
} from './textroom.types.js';
import { isPluginId } from '../decode.js';

/**
 * The TextRoom mapper: one TextRoom `plugindata.data` from the Janus API to the event it is, or `undefined` when
 * it does not recognise it. Errors and unrecognised events are the handle's (`error`, `unknown`).
 */
export function mapTextRoomEvent(data: Record<string, unknown>): TextRoomResultEvent | undefined {
  if (data.textroom === 'event' && data.result === 'ok') return { type: 'result', result: 'ok' };
  return undefined;
}

/**
 * What `TextRoomHandle.events$` emits for one TextRoom `plugindata.data`: the event {@link mapTextRoomEvent}
 * makes of it, or the `error` / `unknown` event every plugin handle falls back to.
 */
export function toTextRoomEvent(data: Record<string, unknown>): TextRoomEvent {
  return toPluginEvent(data, undefined, mapTextRoomEvent);
}

/** A data-channel request without its transaction (the builder adds one). */
export type TextRoomDataRequestInit = TextRoomDataRequest extends infer R
  ? R extends TextRoomDataRequest
    ? Omit<R, 'transaction'> & { transaction?: string }
    : never
  : never;

let transactionCounter = 0;

/**
 * A data-channel frame for the browser to send (or for a test to check): `request` as JSON, with a fresh
 * `transaction` unless it has one.
 *
 * ```ts
 * channel.send(buildTextRoomFrame({ textroom: 'join', room: 1234, username: 'alice' }));
 * ```
 */
export function buildTextRoomFrame(request: TextRoomDataRequestInit): string {
  const transaction = request.transaction ?? `tr-${Date.now().toString(36)}-${(++transactionCounter).toString(36)}`;
  return JSON.stringify({ ...request, transaction });
}

const isRoom: (value: unknown) => value is TextRoomId = isPluginId;
const isString = (value: unknown): value is string => typeof value === 'string';

/**
 * Parses one frame Janus sent on the TextRoom data channel, checking the fields its kind needs; `undefined` for
 * anything else (not JSON, or a shape this version does not know).
 */
export function parseTextRoomFrame(frame: string): TextRoomDataIncoming | undefined {
  let value: unknown;
  try {
    value = JSON.parse(frame);
  } catch {
    return undefined;
  }
  return isTextRoomDataIncoming(value) ? value : undefined;
}

/** Whether `value` is a frame Janus sends on the TextRoom data channel (see {@link parseTextRoomFrame}). */
export function isTextRoomDataIncoming(value: unknown): value is TextRoomDataIncoming {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const v = value as Record<string, unknown>;
  switch (v.textroom) {
    case 'success':
      return isString(v.transaction);
    case 'error':
      return typeof v.error_code === 'number' && isString(v.error);
    case 'join':
      return isRoom(v.room) && isString(v.username) && (v.display === undefined || isString(v.display));
    case 'leave':
    case 'kicked':
      return isRoom(v.room) && isString(v.username);
    case 'message':
      return (
        isRoom(v.room) &&
        isString(v.from) &&
        isString(v.date) &&
        isString(v.text) &&
        (v.whisper === undefined || typeof v.whisper === 'boolean')
      );
    case 'announcement':
      return isRoom(v.room) && isString(v.date) && isString(v.text);
    case 'destroyed':
      return isRoom(v.room);
    default:
      return false;
  }
}
