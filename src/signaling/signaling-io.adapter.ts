import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import type { Server, ServerOptions } from 'socket.io';

/** socket.io on the app's HTTP server, with the message size capped (`WS_MAX_PAYLOAD_BYTES`). */
export class SignalingIoAdapter extends IoAdapter {
  constructor(
    app: INestApplicationContext,
    private readonly maxPayloadBytes: number,
  ) {
    super(app);
  }

  override createIOServer(port: number, options?: Partial<ServerOptions>): Server {
    const server: Server = super.createIOServer(port, {
      ...options,
      maxHttpBufferSize: this.maxPayloadBytes,
    } as ServerOptions);
    return server;
  }
}
