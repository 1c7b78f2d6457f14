import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { DEFAULT_PLUGINS, startJanus, type JanusInstance } from '../../tools/janus-harness/index.js';

/** A minimal JSON-over-WebSocket client: one pending map keyed by transaction, nothing else. */
class MiniClient {
  private readonly pending = new Map<string, (msg: Record<string, unknown>) => void>();
  private next = 0;
  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const msg = JSON.parse(String(data)) as Record<string, unknown>;
      const tx = msg.transaction as string | undefined;
      if (tx && msg.janus !== 'ack') {
        this.pending.get(tx)?.(msg);
        this.pending.delete(tx);
      }
    });
  }
  static open(url: string, protocol: string): Promise<MiniClient> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, protocol);
      ws.once('open', () => resolve(new MiniClient(ws)));
      ws.once('error', reject);
    });
  }
  request(body: Record<string, unknown>): Promise<Record<string, unknown>> {
    const transaction = `t${++this.next}`;
    return new Promise((resolve) => {
      this.pending.set(transaction, resolve);
      this.ws.send(JSON.stringify({ ...body, transaction }));
    });
  }
  close(): void {
    this.ws.close();
  }
}

describe('Janus harness (real Janus)', () => {
  let janus: JanusInstance;
  beforeAll(async () => {
    janus = await startJanus();
  });
  afterAll(async () => {
    await janus?.stop();
  });

  it('starts a Janus that answers info, creates and destroys a session, and the Admin API sees it go', async () => {
    const api = await MiniClient.open(janus.wsUrl, 'janus-protocol');
    const admin = await MiniClient.open(janus.adminUrl, 'janus-admin-protocol');
    const apisecret = janus.apiSecret;
    const admin_secret = janus.adminSecret;
    try {
      const info = await api.request({ janus: 'info', apisecret });
      expect(info.janus).toBe('server_info');
      expect(info.version_string).toBe('1.1.2');
      expect(Object.keys(info.plugins as object).sort()).toEqual(
        DEFAULT_PLUGINS.map((p) => `janus.plugin.${p}`).sort(),
      );

      const created = await api.request({ janus: 'create', apisecret });
      expect(created.janus).toBe('success');
      const sessionId = (created.data as { id: number }).id;

      const listed = await admin.request({ janus: 'list_sessions', admin_secret });
      expect(listed.sessions).toContain(sessionId);

      const destroyed = await api.request({ janus: 'destroy', session_id: sessionId, apisecret });
      expect(destroyed.janus).toBe('success');

      const after = await admin.request({ janus: 'list_sessions', admin_secret });
      expect(after.sessions).not.toContain(sessionId);
    } finally {
      api.close();
      admin.close();
    }
  });

  it('refuses requests without the API secret', async () => {
    const api = await MiniClient.open(janus.wsUrl, 'janus-protocol');
    try {
      const reply = await api.request({ janus: 'create' });
      expect(reply.janus).toBe('error');
      expect((reply.error as { code: number }).code).toBe(403);
    } finally {
      api.close();
    }
  });

  it("runs Janus in a process group of its own: a terminal's Ctrl-C reaches its owner, which stops it in order", async () => {
    // Field 5 of /proc/<pid>/stat is the process group. In the caller's group, Ctrl-C on `npm run demo` hit Janus at
    // the same moment as the app, and the app could not destroy its session ("1 Janus session not destroyed").
    const groupOf = (pid: number | 'self'): string =>
      readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')[2];
    expect(groupOf(janus.pid)).toBe(String(janus.pid));
    expect(groupOf(janus.pid)).not.toBe(groupOf('self'));
  });

  it('restart() brings Janus back on the same URL with a new process', async () => {
    const before = janus.pid;
    await janus.restart();
    expect(janus.pid).not.toBe(before);
    const api = await MiniClient.open(janus.wsUrl, 'janus-protocol');
    try {
      expect((await api.request({ janus: 'info', apisecret: janus.apiSecret })).janus).toBe('server_info');
    } finally {
      api.close();
    }
  });
});
