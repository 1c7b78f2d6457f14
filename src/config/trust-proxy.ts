import proxyaddr from 'proxy-addr';
import type { IncomingHttpHeaders } from 'node:http';

/**
 * `TRUST_PROXY`: which peers may tell the app, in `X-Forwarded-For`, whom they forward for. Unset: none (the
 * connection's own peer is the client). `true` (trust every peer) is not offered: a client could then pick its own
 * address, and with it its own rate-limit budget.
 */
export type TrustProxy =
  /** The nearest `hops` peers are proxies, whatever their address (Express's `trust proxy` = a number). */
  | { readonly hops: number }
  /** Peers with these addresses, subnets or names (`loopback`, `linklocal`, `uniquelocal`) are proxies. */
  | { readonly addresses: readonly string[] };

/** The largest hop count accepted. */
export const MAX_PROXY_HOPS = 32;

/** The names proxy-addr (and so Express) knows besides addresses and subnets. */
export const PROXY_ADDRESS_NAMES = ['loopback', 'linklocal', 'uniquelocal'] as const;

/** Why a `TRUST_PROXY` value is refused, or the setting it means (`undefined`: trust no proxy). */
export function parseTrustProxy(value: string | undefined): { setting?: TrustProxy; problem?: string } {
  const raw = value?.trim() ?? '';
  const lower = raw.toLowerCase();
  if (raw === '' || ['false', 'no', 'off', '0'].includes(lower)) return {};
  if (['true', 'yes', 'on'].includes(lower)) {
    return {
      problem:
        'true would believe any X-Forwarded-For a client sends: give the number of proxies in front of the app ' +
        '(e.g. 1) or their addresses (e.g. loopback or 10.0.0.0/8)',
    };
  }
  if (/^\d+$/.test(raw)) {
    const hops = Number(raw);
    if (hops > MAX_PROXY_HOPS)
      return { problem: `a hop count must be from 1 to ${MAX_PROXY_HOPS} (0: no proxy), got "${raw}"` };
    return { setting: { hops } };
  }
  const addresses = raw.split(',').map((entry) => entry.trim());
  for (const entry of addresses) {
    if (!entry) return { problem: 'has an empty entry (expected addresses or subnets separated by commas)' };
    try {
      proxyaddr.compile(entry);
    } catch {
      return {
        problem:
          `"${entry}" is not an IP address, a subnet (10.0.0.0/8) or one of ${PROXY_ADDRESS_NAMES.join(', ')} ` +
          '(expected false, a hop count, or addresses separated by commas)',
      };
    }
  }
  return { setting: { addresses } };
}

/** The trust function Express's `trust proxy` and the socket.io rate limit share (`undefined`: no proxy). */
export function trustFunction(setting: TrustProxy | undefined): proxyaddr.TrustFunction {
  if (setting === undefined) return () => false;
  if ('hops' in setting) {
    const { hops } = setting;
    return (_address, hop) => hop < hops;
  }
  return proxyaddr.compile(setting.addresses);
}

/**
 * The client's address as Express computes `req.ip`: the connection's peer, or, when that peer is a trusted proxy,
 * the address it forwards for (`X-Forwarded-For`, read from the nearest entry back to the first untrusted one).
 * `undefined` when the connection's address is unknown (the socket is gone).
 */
export function clientAddress(
  peer: string | undefined,
  headers: IncomingHttpHeaders,
  trust: proxyaddr.TrustFunction,
): string | undefined {
  if (!peer) return undefined;
  return proxyaddr({ headers, socket: { remoteAddress: peer } }, trust);
}
