import type { JanusHandle } from 'nestjs-janus';
import { AppError } from '../errors/index.js';
import { hasFlag, parseSdp, withCandidates } from './sdp.js';
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
