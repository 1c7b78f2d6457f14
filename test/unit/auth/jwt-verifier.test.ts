import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { JwtVerifier, UnauthorizedError } from '../../../src/auth/index.js';
import { MAX_TOKEN_LENGTH } from '../../../src/auth/jwt-verifier.service.js';
import { loadConfig } from '../../../src/config/index.js';

const SECRET = 'a-test-secret-of-at-least-32-chars!';
const key = new TextEncoder().encode(SECRET);

function verifier(env: Record<string, string> = {}): JwtVerifier {
  return new JwtVerifier(loadConfig({ JANUS_URL: 'ws://127.0.0.1:8188', JWT_SECRET: SECRET, ...env }));
}

/** An HS256 token of `user-1`; `exp` in seconds since the epoch, or none. */
function token(exp?: number): Promise<string> {
  const jwt = new SignJWT({ roles: ['admin'] }).setProtectedHeader({ alg: 'HS256' }).setSubject('user-1');
  if (exp !== undefined) jwt.setExpirationTime(exp);
  return jwt.setIssuedAt().sign(key);
}

describe('JwtVerifier: token lifetime', () => {
  it('refuses a token without exp by default (it would never expire)', async () => {
    const refused = verifier().verify(await token());
    await expect(refused).rejects.toBeInstanceOf(UnauthorizedError);
    await expect(refused).rejects.toThrow(/exp claim is required/);
  });

  it('accepts a token without exp with JWT_REQUIRE_EXP=false; the principal then has no expiry', async () => {
    const principal = await verifier({ JWT_REQUIRE_EXP: 'false' }).verify(await token());
    expect(principal).toMatchObject({ sub: 'user-1', isAdmin: true });
    expect(principal.expiresAt).toBeUndefined();
  });

  it('gives the principal its expiry (ms since the epoch), and refuses an expired token', async () => {
    const exp = Math.floor(Date.now() / 1000) + 60;
    expect((await verifier().verify(await token(exp))).expiresAt).toBe(exp * 1000);
    await expect(verifier().verify(await token(exp - 120))).rejects.toThrow(/token has expired/);
  });

  it('refuses a token longer than 16 KB, even a well-signed one, before parsing it', async () => {
    const exp = Math.floor(Date.now() / 1000) + 60;
    const big = await new SignJWT({ pad: 'x'.repeat(200_000) })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('user-1')
      .setExpirationTime(exp)
      .sign(key);
    expect(big.length).toBeGreaterThan(MAX_TOKEN_LENGTH);
    await expect(verifier().verify(big)).rejects.toThrow(/longer than 16384 characters/);
  });
});

describe('JwtVerifier: HS256 checks', () => {
  const exp = (): number => Math.floor(Date.now() / 1000) + 60;
  const signed = (claims: { iss?: string; aud?: string }, secret = key): Promise<string> => {
    const jwt = new SignJWT({ roles: [] }).setProtectedHeader({ alg: 'HS256' }).setSubject('user-1');
    if (claims.iss) jwt.setIssuer(claims.iss);
    if (claims.aud) jwt.setAudience(claims.aud);
    return jwt.setExpirationTime(exp()).sign(secret);
  };

  it('checks iss and aud when JWT_ISSUER and JWT_AUDIENCE are set', async () => {
    const strict = verifier({ JWT_ISSUER: 'https://id.example', JWT_AUDIENCE: 'rtc' });
    expect(await strict.verify(await signed({ iss: 'https://id.example', aud: 'rtc' }))).toMatchObject({
      sub: 'user-1',
    });
    for (const claims of [{}, { iss: 'https://id.example' }, { aud: 'rtc' }, { iss: 'https://evil', aud: 'rtc' }]) {
      await expect(strict.verify(await signed(claims))).rejects.toBeInstanceOf(UnauthorizedError);
    }
  });

  it('refuses a token signed with another secret, and one with alg none', async () => {
    const other = new TextEncoder().encode('another-secret-of-at-least-32-characters');
    await expect(verifier().verify(await signed({}, other))).rejects.toThrow(/invalid token/);
    const [, payload] = (await signed({})).split('.');
    const unsigned = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${payload}.`;
    await expect(verifier().verify(unsigned)).rejects.toThrow(/signed with none are not accepted/);
  });
});
