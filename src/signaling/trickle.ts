import type { JanusHandle } from 'nestjs-janus';
import type { CandidateDto } from './dto/webrtc.dto.js';

/** Passes a browser's candidate (or its end-of-candidates) to a handle. */
export async function trickleTo(handle: JanusHandle<unknown>, candidate: CandidateDto): Promise<void> {
  if (candidate.completed) {
    await handle.trickleComplete();
    return;
  }
  await handle.trickle({
    candidate: candidate.candidate ?? '',
    sdpMid: candidate.sdpMid,
    sdpMLineIndex: candidate.sdpMLineIndex,
    usernameFragment: candidate.usernameFragment,
  });
}
