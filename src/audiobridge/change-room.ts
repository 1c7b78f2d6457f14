import type { AudioBridgeChangeRoomRequest, AudioBridgeHandle, AudioBridgeJoinedReply } from 'nestjs-janus';

/** What {@link leaveAndJoin} needs of a participant: its handle, and where it is now (to go back there). */
export interface MovingParticipant {
  handle: AudioBridgeHandle;
  room: number;
  feed: number;
  display?: string;
}

/**
 * Whether Janus's own `changeroom` is safe to send. Before 1.2.4 (upstream commit 08a7d883), a `changeroom` into a
 * room with groups whose `group` is missing or unknown returned without releasing the plugin's room list lock:
 * every AudioBridge request after it, then every new handle, waited forever (found by test/chaos/fuzz.test.ts).
 */
export function changeRoomIsSafe(versionString: string | undefined): boolean {
  const [major = 0, minor = 0, patch = 0] = (versionString ?? '').split('.').map((n) => Number.parseInt(n, 10) || 0);
  return major > 1 || (major === 1 && (minor > 2 || (minor === 2 && patch >= 4)));
}

/**
 * `changeroom` for Janus before 1.2.4: a `leave`, then a `join` of the new room on the same handle, which keeps the
 * PeerConnection (Janus's `join` checks groups without the lock bug). When the join is refused, the participant joins
 * its previous room again (best effort) and the refusal is what the client is told.
 */
export async function leaveAndJoin(
  participant: MovingParticipant,
  move: AudioBridgeChangeRoomRequest,
): Promise<AudioBridgeJoinedReply> {
  await participant.handle.leave();
  try {
    return (await participant.handle.join(move)).data;
  } catch (err) {
    const back = { room: participant.room, id: participant.feed, display: participant.display };
    await participant.handle.join(back).catch(() => undefined);
    throw err;
  }
}
