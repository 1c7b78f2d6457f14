// socket.io with no application behind it: the floor of the bench's `heartbeat` case. It answers the driver's
// `join` with `joined` at once (no Janus, no checks), so that its held sockets are the same socket.io clients as
// the app's and the Janode server's, and what it spends while they are idle is socket.io's heartbeat alone.
//
//   PORT=4001 PING_INTERVAL_MS=25000 node bench/socketio-server/server.mjs
//
// Not compiled: plain JavaScript, run as it is.
import { createServer } from 'node:http';
import { Server } from 'socket.io';

const { HOST = '127.0.0.1', PORT = '4001', PING_INTERVAL_MS } = process.env;

const http = createServer((req, res) => {
  res.writeHead(req.url === '/health' ? 200 : 404).end();
});
const io = new Server(http, PING_INTERVAL_MS ? { pingInterval: Number(PING_INTERVAL_MS) } : {});

io.on('connection', (socket) => {
  socket.on('join', ({ _id, data = {} } = {}) => {
    socket.emit('joined', { _id, data: { room: data.room, display: data.display } });
  });
});

http.listen(Number(PORT), HOST);
// Exit normally (a --cpu-prof profile is written at exit, not when killed by a signal).
process.once('SIGTERM', () => process.exit(0));
