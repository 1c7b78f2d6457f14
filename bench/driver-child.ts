// The socket.io load driver's process (lib/driver.ts): `node driver-child.js`, one command at a time over IPC from
// lib/driver-process.ts, until `exit`.
import { serveDriver } from './lib/driver.js';

await serveDriver();
process.exit(0);
