import { AppError } from '../errors/index.js';
import type { CandidateTarget } from './whip-resources.service.js';
import { directionOf, midOf, parseSdp, transportOf, type ParsedSdp, type SdpMedia } from './sdp.js';

/** What a resource must do with media: publish it (WHIP), receive it (WHEP), or both (the EchoTest). */
export type OfferPurpose = 'send' | 'receive' | 'any';

/** A client's offer, parsed, with the ICE credentials of its first usable m-line. */
export interface WhipOffer {
  readonly text: string;
  readonly sdp: ParsedSdp;
  readonly ice: { readonly ufrag: string; readonly pwd: string };
}

/** The audio/video m-lines that are not rejected. */
export function activeMedia(sdp: ParsedSdp): SdpMedia[] {
  return sdp.media.filter((m) => m.port !== 0 && (m.kind === 'audio' || m.kind === 'video'));
}

/**
 * The client's SDP offer for `purpose`: `BAD_REQUEST` when it does not parse or an m-line lacks ICE/DTLS,
 * `UNPROCESSABLE` when no audio or video m-line goes the way the resource needs.
 */
export function parseOffer(text: string, purpose: OfferPurpose): WhipOffer {
  const sdp = parseSdp(text);
  const usable = activeMedia(sdp).filter((m) => {
    const d = directionOf(sdp, m);
    if (purpose === 'send') return d === 'sendonly' || d === 'sendrecv';
    if (purpose === 'receive') return d === 'recvonly' || d === 'sendrecv';
    return d !== 'inactive';
  });
  if (usable.length === 0) {
    const what = purpose === 'send' ? 'sends' : purpose === 'receive' ? 'receives' : 'carries';
    throw new AppError('UNPROCESSABLE', `the offer has no audio or video m-line that ${what} media`);
  }
  const { ufrag, pwd } = transportOf(sdp, usable[0]);
  for (const m of activeMedia(sdp)) transportOf(sdp, m);
  return { text, sdp, ice: { ufrag, pwd } };
}

/** The first live audio/video m-line of the client's offer (Janus answers it with the same mid and index). */
export function firstMedia(sdp: ParsedSdp): CandidateTarget {
  const first = activeMedia(sdp)[0] ?? sdp.media[0];
  return { sdpMid: midOf(first) ?? String(first.index), sdpMLineIndex: first.index };
}
