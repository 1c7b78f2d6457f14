import { createServer, type Server } from 'node:net';
import { describe, expect, it } from 'vitest';
import { JwtVerifier } from '../../src/auth/index.js';
import { loadConfig } from '../../src/config/index.js';
import { demoAdminToken, demoJwtSecret, portProblem } from '../../tools/demo-support.js';

function listen(): Promise<Server> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

describe('npm run demo: what it checks and mints before it starts', () => {
  it('a busy port is refused up front, saying how to pick another one; a free one passes', async () => {
    const server = await listen();
    const { port } = server.address() as { port: number };
    try {
      const problem = await portProblem('127.0.0.1', port);
      expect(problem).toContain(`port ${port} on 127.0.0.1 is already in use`);
      expect(problem).toContain(`PORT=${port + 1} npm run demo`);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
    expect(await portProblem('127.0.0.1', port)).toBeUndefined();
  });

  it("mints an admin token the demo's app accepts (with auth off, the REST room API still needs one)", async () => {
    const secret = demoJwtSecret();
    const config = loadConfig({ JANUS_URL: 'ws://127.0.0.1:8188', JWT_SECRET: secret, AUTH_REQUIRED: 'false' });
    const principal = await new JwtVerifier(config).verify(await demoAdminToken(secret));
    expect(principal).toMatchObject({ sub: 'demo-admin', isAdmin: true, anonymous: false });
    // Another run's secret: that token is worthless.
    const other = loadConfig({ JANUS_URL: 'ws://127.0.0.1:8188', JWT_SECRET: demoJwtSecret(), AUTH_REQUIRED: 'false' });
    await expect(new JwtVerifier(other).verify(await demoAdminToken(secret))).rejects.toThrow(/invalid token/);
  });
});
