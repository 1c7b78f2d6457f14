import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/index.js';
import { IceServersService, turnCredential } from '../../../src/ice/ice-servers.service.js';

const base = { JANUS_URL: 'ws://127.0.0.1:8188', AUTH_REQUIRED: 'false' };

describe('ICE servers for browsers', () => {
  it('mints TURN REST credentials: username "<expiry>:<user>", credential base64(HMAC-SHA1(secret, username))', () => {
    const config = loadConfig({
      ...base,
      STUN_URLS: 'stun:stun.example.org:3478',
      TURN_URLS: 'turn:turn.example.org:3478?transport=udp,turns:turn.example.org:5349',
      TURN_SECRET: 'coturn-static-auth-secret',
      TURN_CREDENTIAL_TTL_S: '600',
    });
    const now = Date.UTC(2026, 0, 1);
    const response = new IceServersService(config).forUser('alice:admin', now);
    expect(response.ttl).toBe(600);
    expect(response.iceServers[0]).toEqual({ urls: ['stun:stun.example.org:3478'] });
    const turn = response.iceServers[1];
    expect(turn.urls).toEqual(['turn:turn.example.org:3478?transport=udp', 'turns:turn.example.org:5349']);
    expect(turn.username).toBe(`${now / 1000 + 600}:alice_admin`);
    const expected = createHmac('sha1', 'coturn-static-auth-secret').update(turn.username!).digest('base64');
    expect(turn.credential).toBe(expected);
    expect(JSON.stringify(response)).not.toContain('coturn-static-auth-secret');
  });

  it('known vector of the scheme (RFC 2104 HMAC-SHA1, base64)', () => {
    expect(turnCredential('key', 'The quick brown fox jumps over the lazy dog')).toBe('3nybhbi3iqa8ino29wqQcBydtNk=');
  });

  it('no servers configured: an empty list; TURN without a secret is a config error', () => {
    expect(new IceServersService(loadConfig(base)).forUser('u')).toEqual({ iceServers: [] });
    expect(() => loadConfig({ ...base, TURN_URLS: 'turn:x:3478' })).toThrow(/TURN_SECRET: is required/);
    expect(() => loadConfig({ ...base, STUN_URLS: 'http://x' })).toThrow(/STUN_URLS/);
  });
});
