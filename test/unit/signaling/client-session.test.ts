import type { JanusHandle, JanusPluginClass, JanusSession, JanusSessionClosed } from 'nestjs-janus';
import { AsyncSubject } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { ClientSession } from '../../../src/signaling/client-session.js';

/** A handle as the library gives it, reduced to what ClientSession uses; `detaches` counts detach requests. */
class FakeHandle {
  detaches = 0;
  isDetached = false;
  /** What was done to it, in order. */
  readonly steps: string[] = [];
  constructor(readonly opaqueId: string | undefined) {}
  detach(): Promise<void> {
    this.steps.push('detach');
    this.detaches++;
    this.isDetached = true;
    return Promise.resolve();
  }
}

/** A shared session: attaches resolve when `release()` is called (or at once), and it can close. */
class FakeSession {
  readonly attached: FakeHandle[] = [];
  isClosed = false;
  private readonly closed = new AsyncSubject<JanusSessionClosed>();
  private gate?: Promise<void>;
  private open?: () => void;
  /** How many times `closed$` was asked for. */
  watchers = 0;
  get closed$() {
    this.watchers++;
    return this.closed.asObservable();
  }
  hold(): void {
    this.gate = new Promise((resolve) => (this.open = resolve));
  }
  release(): void {
    this.open?.();
  }
  async attach(_plugin: unknown, options?: { opaqueId?: string }): Promise<FakeHandle> {
    await this.gate;
    const handle = new FakeHandle(options?.opaqueId);
    this.attached.push(handle);
    return handle;
  }
  close(reason: JanusSessionClosed['reason']): void {
    this.isClosed = true;
    this.closed.next({ reason, message: reason });
    this.closed.complete();
  }
}

const PLUGIN = {} as JanusPluginClass<JanusHandle<unknown>>;

/** Two sockets of one app, over the app's shared session (which `source` recreates once it is closed). */
function twoSockets() {
  let shared = new FakeSession();
  const source = {
    sharedSession: () => {
      if (shared.isClosed) shared = new FakeSession();
      return Promise.resolve(shared as unknown as JanusSession);
    },
  };
  const lost: string[] = [];
  const a = new ClientSession(source, () => lost.push('a'), 'socket:/x#a');
  const b = new ClientSession(source, () => lost.push('b'), 'socket:/x#b');
  return { a, b, lost, shared: () => shared };
}

describe('ClientSession: a socket’s handles on the shared Janus session', () => {
  it("puts every socket's handles on one session, each named after its socket", async () => {
    const { a, b, shared } = twoSockets();
    await a.attachOn(undefined, PLUGIN);
    await b.attach(PLUGIN);
    await a.attachOn(undefined, PLUGIN);
    expect(shared().attached.map((h) => h.opaqueId)).toEqual(['socket:/x#a', 'socket:/x#b', 'socket:/x#a']);
    expect(a.current).toBe(shared());
  });

  it('dispose detaches the socket’s own live handles once each, and no other socket’s', async () => {
    const { a, b, shared } = twoSockets();
    const mine = [await a.attach(PLUGIN), await a.attach(PLUGIN)];
    const theirs = await b.attach(PLUGIN);
    await mine[0].detach(); // the gateway already let this one go
    await a.dispose();
    await a.dispose();
    const [first, second, other] = shared().attached;
    expect([first.detaches, second.detaches, other.detaches]).toEqual([1, 1, 0]);
    expect(theirs.isDetached).toBe(false);
    await expect(a.attachOn(undefined, PLUGIN)).rejects.toMatchObject({ code: 'SESSION_NOT_AVAILABLE' });
    await expect(a.attach(PLUGIN)).rejects.toMatchObject({ code: 'SESSION_NOT_AVAILABLE' });
  });

  it('a handle whose attach was under way when the socket left is detached as soon as it exists', async () => {
    const { a, shared } = twoSockets();
    await a.attach(PLUGIN);
    shared().hold();
    const attaching = a.attach(PLUGIN);
    await a.dispose();
    shared().release();
    await expect(attaching).rejects.toMatchObject({ code: 'SESSION_NOT_AVAILABLE' });
    expect(shared().attached.map((h) => h.detaches)).toEqual([1, 1]);
  });

  it('tells the sockets that used a lost session, not when the app destroyed it; the next attach gets a new one', async () => {
    const { a, b, lost, shared } = twoSockets();
    await a.attach(PLUGIN);
    const first = shared();
    first.close('lost');
    expect(lost).toEqual(['a']); // b never used it
    expect(a.current).toBeUndefined();
    await a.attach(PLUGIN);
    expect(shared()).not.toBe(first);
    expect(shared().attached).toHaveLength(1);
    await b.attach(PLUGIN);
    shared().close('destroyed');
    expect(lost).toEqual(['a']);
  });

  it('watches a shared session once for all its sockets; a socket that left is not told when it ends', async () => {
    const { a, b, lost, shared } = twoSockets();
    const lostC: string[] = [];
    const c = new ClientSession(
      { sharedSession: () => Promise.resolve(shared() as unknown as JanusSession) },
      () => lostC.push('c'),
      'socket:/x#c',
    );
    await Promise.all([a.attach(PLUGIN), b.attach(PLUGIN), c.attach(PLUGIN), a.attach(PLUGIN)]);
    expect(shared().watchers).toBe(1);
    await b.dispose();
    shared().close('lost');
    expect(lost).toEqual(['a']);
    expect(lostC).toEqual(['c']);
  });

  it("runs a handle's farewell before detaching it when the socket goes, and detaches it when the farewell fails", async () => {
    const { a, shared } = twoSockets();
    const [joined, failing, plain] = [await a.attach(PLUGIN), await a.attach(PLUGIN), await a.attach(PLUGIN)];
    const [h1, h2, h3] = shared().attached;
    let leave: () => void = () => undefined;
    a.beforeDetach(joined, () => {
      h1.steps.push('leave');
      return new Promise<void>((resolve) => (leave = resolve));
    });
    a.beforeDetach(failing, () => {
      h2.steps.push('leave');
      return Promise.reject(new Error('not in a room'));
    });
    const disposing = a.dispose();
    await Promise.resolve();
    // Still in its room: not detached until its leave is done.
    expect(h1.steps).toEqual(['leave']);
    leave();
    await disposing;
    expect([h1.steps, h2.steps, h3.steps]).toEqual([['leave', 'detach'], ['leave', 'detach'], ['detach']]);
    expect(plain.isDetached).toBe(true);
  });
});
