/** What `npm run demo` needs besides Janus and the app: a free port check and a local admin token. */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { SignJWT } from 'jose';

/**
 * Resolves with an error message when `host:port` cannot be listened on (another demo or app holds it), or
 * undefined when it is free. Checked before anything starts, so the demo never talks to someone else's app.
 */
export function portProblem(host: string, port: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', (err: NodeJS.ErrnoException) => {
      resolve(
        err.code === 'EADDRINUSE'
          ? `port ${port} on ${host} is already in use (another demo or app?). Stop it, or pick another port: ` +
              `PORT=${port + 1} npm run demo`
          : `cannot listen on ${host}:${port}: ${err.message}`,
      );
    });
    server.listen(port, host, () => server.close(() => resolve(undefined)));
  });
}

/** The demo's own JWT secret: random per run, so a token minted for one demo is worthless anywhere else. */
export function demoJwtSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** How long the demo's admin token is valid. */
export const DEMO_TOKEN_TTL_S = 12 * 3600;

/**
 * An HS256 token with the admin role for the demo's app (the REST room API and Swagger's "Try it out" need one; the
 * pages work without, as the demo runs with AUTH_REQUIRED=false).
 */
export function demoAdminToken(secret: string, adminRole = 'admin'): Promise<string> {
  return new SignJWT({ roles: [adminRole] })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('demo-admin')
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + DEMO_TOKEN_TTL_S)
    .sign(new TextEncoder().encode(secret));
}
