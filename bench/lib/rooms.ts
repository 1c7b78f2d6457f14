// The VideoRooms every bench Janus has (created by startBenchJanus).

/** The room of the fan-out case: `notify_joining`, room for every publisher. */
export const FANOUT_ROOM = 7001;
/**
 * The rooms of the join case (5): meetings of {@link JOIN_ROOM_SIZE} (participant i joins `JOIN_ROOM + i / size`),
 * no `notify_joining`. Janus tells everyone in a room when someone leaves: one room of 1000 would make the case a
 * fan-out of 500 000 `leaving` events (case 3 measures fan-out).
 */
export const JOIN_ROOM = 8000;
export const JOIN_ROOM_SIZE = 10;
/** Enough meetings for the largest M. */
export const JOIN_ROOMS = 100;
/** The demo room every harness Janus has (the throughput case's `exists`). */
export const DEMO_ROOM = 1234;
