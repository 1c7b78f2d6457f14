import { MESSAGE_METADATA } from '@nestjs/websockets/constants.js';
import type { Socket } from 'socket.io';

/** What {@link AdminOnly} needs of the gateway: `SignalingGateway.requireAdmin`. */
interface AdminCheck {
  requireAdmin(socket: Socket, event: string): void;
}

/** A socket handler whose first parameter is its `@ConnectedSocket()`. */
type SocketHandler = (socket: Socket, ...rest: never[]) => Promise<unknown>;

/**
 * The handler's event is for the admin role: without it the request fails with `FORBIDDEN`
 * (`<event> needs the <role> role`, the event as in `@SubscribeMessage`), sent as any handler error is, through
 * the namespace's exception filter. The handler's first parameter must be its `@ConnectedSocket()`.
 *
 * Not a guard on purpose: Nest runs guards before pipes, and docs/PROTOCOL.md promises that a request breaking an
 * input rule gets `BAD_REQUEST` whatever the role. So the check runs inside the handler, after its `DataPipe`
 * validated the data and before the handler's own code (a refused request uses no rate-limit point either).
 */
export function AdminOnly(): <H extends SocketHandler>(
  target: AdminCheck,
  key: string | symbol,
  descriptor: TypedPropertyDescriptor<H>,
) => void {
  return <H extends SocketHandler>(
    _target: AdminCheck,
    _key: string | symbol,
    descriptor: TypedPropertyDescriptor<H>,
  ) => {
    const handler = descriptor.value;
    if (!handler) return;
    const guarded = async function (this: AdminCheck, socket: Socket, ...rest: never[]): Promise<unknown> {
      // Read at call time: `@SubscribeMessage` may run after this decorator (it sets its metadata on `guarded`).
      const event = Reflect.getMetadata(MESSAGE_METADATA, guarded) as string;
      this.requireAdmin(socket, event);
      return handler.call(this, socket, ...rest);
    };
    // Metadata the decorators applied before this one put on the handler stays with it.
    for (const metadataKey of Reflect.getOwnMetadataKeys(handler) as unknown[]) {
      Reflect.defineMetadata(metadataKey, Reflect.getOwnMetadata(metadataKey, handler), guarded);
    }
    Object.defineProperty(guarded, 'name', { value: handler.name });
    descriptor.value = guarded as H;
  };
}
