/**
 * The `pin` of a join or a subscription: the client's, else an empty one. Janus checks a PIN only in rooms that have
 * one; there a missing PIN is a "missing mandatory element" (429, the code of a malformed request) while a wrong one
 * is "unauthorized" (433): with an empty PIN, a client that gave none is told FORBIDDEN, as for any wrong credential.
 */
export function pinOf(given: string | undefined): { pin: string } {
  return { pin: given ?? '' };
}
