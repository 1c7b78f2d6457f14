import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import type { MessageMappingProperties } from '@nestjs/websockets';
import type { Observable } from 'rxjs';
import type { Server, ServerOptions, Socket } from 'socket.io';

/**
 * socket.io on the app's HTTP server, with the message size capped (`WS_MAX_PAYLOAD_BYTES`), and one listener per
 * socket for every handler of its gateway; with several instances, on the Redis adapter.
 *
 * Nest's own `IoAdapter` builds an RxJS pipeline (`fromEvent` + `mergeMap` + `takeUntil`) per handler per socket: with
 * the VideoRoom gateway's two dozen handlers that was ~100 KiB of heap per connected client and most of the CPU of a
 * connect. Here a socket gets one `onAny` listener that finds the handler by event name and runs it with Nest's
 * semantics: the payload split into data and ack, a result (value, promise or observable) that is not empty passed
 * to the ack, errors the exception filter did not turn into a reply logged. The gateways' replies do not come this
 * way: their handlers' results go out through `ReplyInterceptor` (the envelope of src/signaling/envelope.ts), which
 * leaves nothing for the adapter.
 */
export class SignalingIoAdapter extends IoAdapter {
  constructor(
    app: INestApplicationContext,
    private readonly maxPayloadBytes: number,
    /**
     * socket.io's adapter, with several instances (`REDIS_URL`): `@socket.io/redis-adapter`, so a broadcast
     * (`namespace.emit`, `to(room)`, `fetchSockets()`, `disconnectSockets()`) reaches the sockets of every instance.
     * Unset: socket.io's in-memory adapter, this process's sockets only.
     */
    private readonly adapter?: ServerOptions['adapter'],
  ) {
    super(app);
  }

  override createIOServer(port: number, options?: Partial<ServerOptions>): Server {
    const server: Server = super.createIOServer(port, {
      ...options,
      maxHttpBufferSize: this.maxPayloadBytes,
    } as ServerOptions);
    // Set on the server before the gateways' namespaces are made: each namespace builds its adapter from it.
    if (this.adapter) server.adapter(this.adapter);
    return server;
  }

  override bindMessageHandlers(
    socket: Socket,
    handlers: MessageMappingProperties[],
    transform: (data: unknown) => Observable<unknown>,
  ): void {
    socket.onAny((event: unknown, ...args: unknown[]) => {
      const handler = handlers.find((h) => h.message === event);
      if (!handler) return;
      const { data, ack } = this.mapPayload(args.length === 1 ? args[0] : args) as {
        data: unknown;
        ack?: (response: unknown) => void;
      };
      let result$: Observable<unknown>;
      try {
        result$ = transform(handler.callback(data, ack));
      } catch (err) {
        this.logger.error(err);
        return;
      }
      result$.subscribe({
        next: (response) => {
          if (response === undefined || response === null) return;
          if (!handler.isAckHandledManually && typeof ack === 'function') ack(response);
        },
        error: (err: unknown) => this.logger.error(err),
      });
    });
  }
}
