import { JanusService } from 'nestjs-janus';
import { filter, firstValueFrom } from 'rxjs';
import type { Socket } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import { request, startApp } from '../../support/app-harness.js';

/**
 * Records what a client sees, in order: `server-shutdown` and `disconnect` (with its reason). Resolves at the
 * disconnect with the notice's payload (undefined without one).
 */
function watch(socket: Socket, name: string, order: string[]): Promise<unknown> {
  let notice: unknown;
  socket.once('server-shutdown', (payload: unknown) => {
    order.push(`${name} server-shutdown`);
    notice = payload;
  });
  return new Promise((resolve) =>
    socket.once('disconnect', (reason) => {
      order.push(`${name} disconnect: ${reason}`);
      resolve(notice);
    }),
  );
}

describe('shutdown (SIGTERM, app.close())', () => {
  it('tells every signaling socket (server-shutdown), disconnects it, then closes the Janus connection', async () => {
    const app = await startApp();
    try {
      const janus = app.app.get(JanusService);
      const echo = await app.connect('/echotest', { token: await app.token() });
      const room = await app.connect('/videoroom', { token: await app.token() });
      const idle = await app.connect('/videoroom', { token: await app.token() });
      expect((await request(echo, 'start')).ok).toBe(true);
      expect((await request(room, 'join', { room: 1234, display: 'leaving' })).ok).toBe(true);
      expect(await app.socketHandles()).toHaveLength(2);

      const order: string[] = [];
      const notices = [watch(echo, 'echo', order), watch(room, 'room', order), watch(idle, 'idle', order)];
      const janusClosed = firstValueFrom(janus.state$.pipe(filter((state) => state === 'closed'))).then(() =>
        order.push('janus closed'),
      );

      await app.app.close();
      await janusClosed;

      for (const notice of await Promise.all(notices)) {
        expect(notice).toEqual({ data: { reason: 'the server is shutting down' } });
      }
      // For each socket: the notice, then the server ending it (not the transport dropping under it), all before
      // the Janus connection closed.
      const names = ['echo', 'room', 'idle'];
      const seen = names.map((name) => {
        const notice = order.indexOf(`${name} server-shutdown`);
        const disconnect = order.indexOf(`${name} disconnect: io server disconnect`);
        return {
          name,
          notice: notice >= 0,
          thenDisconnect: disconnect > notice,
          janusStillUp: disconnect < order.indexOf('janus closed'),
        };
      });
      expect({ order, seen }).toEqual({
        order,
        seen: names.map((name) => ({ name, notice: true, thenDisconnect: true, janusStillUp: true })),
      });
      // The sockets' handles were detached and the app's shared session destroyed on Janus (nothing left behind).
      expect(await app.sessions()).toEqual([]);
    } finally {
      await app.close();
    }
  });
});
