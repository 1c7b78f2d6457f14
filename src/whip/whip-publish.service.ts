import { Injectable } from '@nestjs/common';
import type { VideoRoomEvent } from 'nestjs-janus';
import { filter, map } from 'rxjs';
import { AppError } from '../errors/index.js';
import { hasUnsafeCharacter, UNSAFE_STRING_MESSAGE } from '../signaling/input-rules.js';
import { pinOf } from '../videoroom/room-pin.js';
import { iceRestart, rejectIfNothingAccepted, withJanusCandidates } from './janus-sdp.js';
import type { WhipCaller } from './whip-auth.service.js';
import { firstMedia, type WhipOffer } from './whip-offer.js';
import { WhipResources, type WhipResource } from './whip-resources.service.js';

/** The longest display name Janus is given (in UTF-16 code units). */
const MAX_DISPLAY = 128;

/** At most `max` UTF-16 code units of `text`, never cut inside a surrogate pair (a lone half is not JSON Janus reads). */
function truncate(text: string, max: number): string {
  const cut = text.slice(0, max);
  return /[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut;
}

/**
 * The display name of a WHIP publisher from the `?display=` query: the string, trimmed and cut to 128 code units;
 * the caller's `sub` when it is missing or blank. `BAD_REQUEST` for one Janus cannot take.
 */
export function publisherDisplay(query: unknown, caller: WhipCaller): string {
  if (typeof query !== 'string') return caller.sub;
  if (hasUnsafeCharacter(query)) throw new AppError('BAD_REQUEST', `display: ${UNSAFE_STRING_MESSAGE}`);
  return query.trim() ? truncate(query.trim(), MAX_DISPLAY) : caller.sub;
}

/**
 * WHIP into a VideoRoom room: the client's offer joins the room as a publisher and configures it at once
 * (`joinAndConfigure`), Janus answers. The resource ends when the publisher is kicked or the room destroyed; an ICE
 * restart sends the offer again with the client's new credentials.
 */
@Injectable()
export class WhipPublishService {
  constructor(private readonly resources: WhipResources) {}

  /** Publishes `offer` into `room` under the display name `display` (see {@link publisherDisplay}). */
  async publish(
    room: number,
    display: string,
    offer: WhipOffer,
    caller: WhipCaller,
  ): Promise<WhipResource & { answer: string }> {
    return this.resources.openInRoom('whip', room, caller, offer.ice, async (handle) => {
      let feed = 0;
      const answer = await withJanusCandidates(handle, async () => {
        const { data, jsep } = await handle.joinAndConfigure(
          // No PIN over WHIP: a room with one refuses the publisher (403).
          { room, display, ...pinOf(undefined) },
          { type: 'offer', sdp: offer.text },
        );
        feed = Number(data.id);
        return jsep?.sdp;
      });
      rejectIfNothingAccepted(answer, 'the room accepts none of the offered codecs');
      const ended$ = handle.events$.pipe(
        filter((e: VideoRoomEvent) => (e.type === 'kicked' && e.self) || e.type === 'destroyed'),
        map((e) => (e.type === 'kicked' ? 'kicked from the room' : 'the room was destroyed')),
      );
      // ICE restart: the offer again with the new credentials; Janus answers with its new ones.
      const restartIce = iceRestart(
        handle,
        offer.text,
        async (sdp) => (await handle.configure({}, { type: 'offer', sdp })).jsep?.sdp,
      );
      return {
        handle,
        answer,
        candidateTarget: firstMedia(offer.sdp),
        room,
        feed,
        ended$,
        watchMedia: true,
        restartIce,
      };
    });
  }
}
