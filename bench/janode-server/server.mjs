// A small VideoRoom signaling server on Janode 1.8.0, the way a Janode user writes one: plain `http`,
// `socket.io` and `janode`, one Janus session shared by every socket, a VideoRoom handle attached per `join`.
// The bench (bench/cases/servers.ts) runs it next to the app, against the same Janus, with the same driver.
// The socket.io events and their shapes are those of Janode's examples/videoroom front-end:
// `join` { _id, data: { room, display, ... } } -> `joined` { _id, data }, `leave` { data: { feed } } ->
// `leaving`, `videoroom-error` { _id, error, request } on failure.
//
//   JANUS_URL=ws://127.0.0.1:8188 JANUS_API_SECRET=... PORT=4000 node bench/janode-server/server.mjs
//
// PING_INTERVAL_MS sets socket.io's heartbeat interval (its default, 25 s, when absent), as the app's
// WS_PING_INTERVAL_MS does: the bench's `heartbeat` case runs both with the same interval.
//
// Not compiled: plain JavaScript, run as it is.
import { createServer } from 'node:http';
import { Server } from 'socket.io';
import Janode from 'janode';
import VideoRoomPlugin from 'janode/plugins/videoroom';

const {
  JANUS_URL = 'ws://127.0.0.1:8188',
  JANUS_API_SECRET,
  HOST = '127.0.0.1',
  PORT = '4000',
  PING_INTERVAL_MS,
} = process.env;
// Janode logs every session and handle at its default level (info); the app under comparison logs errors only.
Janode.Logger.setLevel(process.env.JANODE_LOG ?? 'error');

/** The Janus session every socket's handles live on (null until connected, or after Janus is gone). */
let session = null;

const http = createServer((req, res) => {
  // Readiness for the bench: 200 once the shared session exists.
  res.writeHead(req.url === '/health' && session ? 200 : 503).end();
});
const io = new Server(http, PING_INTERVAL_MS ? { pingInterval: Number(PING_INTERVAL_MS) } : {});

const reply = (socket, event, data, _id) => socket.emit(event, _id === undefined ? { data } : { data, _id });
const replyError = (socket, error, request, _id) => socket.emit('videoroom-error', { error, request, _id });

io.on('connection', (socket) => {
  /** This socket's VideoRoom handles (one per join). */
  const handles = new Set();
  const byFeed = (feed) => [...handles].find((handle) => handle.feed === feed);

  socket.on('join', async ({ _id, data = {} } = {}) => {
    if (!session) return replyError(socket, 'session-not-available', data, _id);
    let handle;
    try {
      handle = await session.attach(VideoRoomPlugin);
      handles.add(handle);
      handle.once(Janode.EVENT.HANDLE_DETACHED, () => handles.delete(handle));
      handle.on(VideoRoomPlugin.EVENT.VIDEOROOM_PUB_LIST, (evt) => reply(socket, 'feed-list', evt));
      handle.on(VideoRoomPlugin.EVENT.VIDEOROOM_LEAVING, async (evt) => {
        // Another participant left; if it was one of ours (same socket), its handle goes too.
        const gone = byFeed(evt.feed);
        if (gone && gone !== handle) await gone.detach().catch(() => {});
        reply(socket, 'leaving', evt);
      });
      const joined = await handle.joinPublisher(data);
      reply(socket, 'joined', joined, _id);
    } catch ({ message }) {
      if (handle) await handle.detach().catch(() => {});
      replyError(socket, message, data, _id);
    }
  });

  socket.on('leave', async ({ _id, data = {} } = {}) => {
    const handle = byFeed(data.feed);
    if (!session || !handle) return replyError(socket, 'handle-not-available', data, _id);
    try {
      const left = await handle.leave();
      reply(socket, 'leaving', left, _id);
      await handle.detach().catch(() => {});
    } catch ({ message }) {
      replyError(socket, message, data, _id);
    }
  });

  // As Janode's example: leave every room, then detach every handle of the socket.
  socket.on('disconnect', async () => {
    const mine = [...handles];
    handles.clear();
    await Promise.all(mine.map((handle) => handle.leave().catch(() => {})));
    await Promise.all(mine.map((handle) => handle.detach().catch(() => {})));
  });
});

async function connectJanus() {
  const connection = await Janode.connect({ address: { url: JANUS_URL, apisecret: JANUS_API_SECRET } });
  connection.once(Janode.EVENT.CONNECTION_ERROR, ({ message }) => {
    // A real deployment would reconnect (Janode's example retries every 10 s); the bench wants to know.
    console.error(`janode-server: connection to Janus lost: ${message}`);
    process.exit(1);
  });
  session = await connection.create();
  session.once(Janode.EVENT.SESSION_DESTROYED, () => (session = null));
}

// Exit normally (a --cpu-prof profile is written at exit, not when killed by a signal).
process.once('SIGTERM', () => process.exit(0));

await connectJanus();
http.listen(Number(PORT), HOST);
