import type { JanusHandle } from 'nestjs-janus';
import { AppError } from '../errors/index.js';
import { hasFlag, iceFragOf, parseSdp, replaceIce, withCandidates } from './sdp.js';
import { activeMedia } from './whip-offer.js';

/** How long to wait for the candidates Janus trickles (with `full_trickle`) before answering without the rest. */
const JANUS_GATHERING_MS = 3000;

/**
 * Runs a negotiation and returns Janus's SDP for the client: as is when it carries Janus's candidates (the
 * default); with the candidates Janus trickled otherwise (`full_trickle`), collected from before the request until
 * Janus says they are complete (or `JANUS_GATHERING_MS`), since WHIP has no way to trickle from the server.
 */
export async function withJanusCandidates(
  handle: JanusHandle<unknown>,
  negotiate: () => Promise<string | undefined>,
): Promise<string> {
  const candidates: string[] = [];
  let completed!: () => void;
  const complete = new Promise<void>((resolve) => (completed = resolve));
  let gotAll = false;
  const subscription = handle.trickle$.subscribe((t) => {
    if ('completed' in t) {
      gotAll = true;
      completed();
    } else if (typeof t.candidate === 'string') candidates.push(t.candidate);
  });
  let timer: NodeJS.Timeout | undefined;
  try {
    const sdp = await negotiate();
    if (!sdp) throw new AppError('JANUS_ERROR', 'Janus sent no SDP');
    const parsed = parseSdp(sdp);
    const hasCandidates = parsed.media.some((m) => m.lines.some((l) => l.startsWith('a=candidate:')));
    if (hasCandidates && parsed.media.some((m) => hasFlag(m.lines, 'end-of-candidates'))) return sdp;
    await Promise.race([complete, new Promise<void>((resolve) => (timer = setTimeout(resolve, JANUS_GATHERING_MS)))]);
    return withCandidates(sdp, candidates, gotAll);
  } finally {
    clearTimeout(timer);
    subscription.unsubscribe();
  }
}

/** `UNPROCESSABLE` when Janus's answer rejected every audio/video m-line. */
export function rejectIfNothingAccepted(answer: string, message: string): void {
  if (activeMedia(parseSdp(answer)).length === 0) throw new AppError('UNPROCESSABLE', message);
}

/**
 * The ICE restart of a resource negotiated from the client's `offer`: each restart puts the client's new credentials
 * into the offer and has `renegotiate` take it to Janus (Janus's candidates collected as in
 * {@link withJanusCandidates}); resolves with the SDP fragment of Janus's new ICE credentials and candidates.
 */
export function iceRestart(
  handle: JanusHandle<unknown>,
  offer: string,
  renegotiate: (offer: string) => Promise<string | undefined>,
): (ice: { ufrag: string; pwd: string }) => Promise<string> {
  let current = offer;
  return async (ice) => {
    current = replaceIce(current, ice.ufrag, ice.pwd);
    return iceFragOf(await withJanusCandidates(handle, () => renegotiate(current))).body;
  };
}
