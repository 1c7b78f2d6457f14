import 'reflect-metadata';
import { MESSAGE_MAPPING_METADATA, MESSAGE_METADATA } from '@nestjs/websockets/constants.js';
import { SubscribeMessage } from '@nestjs/websockets';
import type { Socket } from 'socket.io';
import { describe, expect, it } from 'vitest';
import { ForbiddenError } from '../../../src/auth/auth.errors.js';
import { AdminOnly, Reply, replyMetadataOf } from '../../../src/signaling/index.js';

const admin = { id: 'admin' } as unknown as Socket;
const participant = { id: 'participant' } as unknown as Socket;

class Gateway {
  readonly calls: string[] = [];

  requireAdmin(socket: Socket, event: string): void {
    this.calls.push(`check ${event}`);
    if (socket !== admin) throw new ForbiddenError(`${event} needs the admin role`);
  }

  // Below the Nest decorators (applied first), as in the gateways.
  @SubscribeMessage('destroy')
  @Reply('destroyed')
  @AdminOnly()
  async destroy(socket: Socket, data: { room: number }): Promise<object> {
    this.calls.push(`destroy ${socket.id}`);
    return { room: data.room };
  }

  // Above them: their metadata is carried over.
  @AdminOnly()
  @SubscribeMessage('kick')
  @Reply('kicked')
  async kick(socket: Socket): Promise<object> {
    this.calls.push(`kick ${socket.id}`);
    return {};
  }
}

describe('@AdminOnly()', () => {
  it('checks the role, naming the event of @SubscribeMessage, before the handler runs', async () => {
    const gateway = new Gateway();
    await expect(gateway.destroy(admin, { room: 1 })).resolves.toEqual({ room: 1 });
    await expect(gateway.destroy(participant, { room: 1 })).rejects.toThrow('destroy needs the admin role');
    await expect(gateway.kick(participant)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(gateway.kick(admin)).resolves.toEqual({});
    expect(gateway.calls).toEqual([
      'check destroy',
      'destroy admin',
      'check destroy',
      'check kick',
      'check kick',
      'kick admin',
    ]);
  });

  it('keeps the handler what Nest and the signaling adapter read, wherever it sits among the decorators', () => {
    for (const [key, event, reply] of [
      ['destroy', 'destroy', 'destroyed'],
      ['kick', 'kick', 'kicked'],
    ] as const) {
      const method = Object.getOwnPropertyDescriptor(Gateway.prototype, key)?.value as object;
      expect(Reflect.getMetadata(MESSAGE_MAPPING_METADATA, method)).toBe(true);
      expect(Reflect.getMetadata(MESSAGE_METADATA, method)).toBe(event);
      expect(replyMetadataOf(method)).toEqual({ event: reply });
      expect((method as { name: string }).name).toBe(key);
    }
  });
});
