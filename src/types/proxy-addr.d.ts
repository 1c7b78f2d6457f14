// Types for proxy-addr 2.x (Express's own module for `trust proxy` and `req.ip`; it ships no types). Only what the
// app uses.
declare module 'proxy-addr' {
  import type { IncomingHttpHeaders } from 'node:http';

  /** The client's address: the nearest address in the chain whose sender is not trusted. */
  function proxyaddr(
    req: proxyaddr.ForwardedRequest,
    trust: proxyaddr.TrustFunction | string | readonly string[],
  ): string;

  namespace proxyaddr {
    /** Whether the peer at `address`, `hop` steps away from the app (0: the connection's own peer), may forward. */
    type TrustFunction = (address: string, hop: number) => boolean;

    /** What proxy-addr reads of a request: the `X-Forwarded-For` header and the connection's peer address. */
    interface ForwardedRequest {
      readonly headers: IncomingHttpHeaders;
      readonly socket: { readonly remoteAddress?: string };
    }

    /**
     * A trust function for addresses, subnets (`10.0.0.0/8`, `10.0.0.0/255.0.0.0`) and the names `loopback`,
     * `linklocal`, `uniquelocal`; throws a `TypeError` for an entry that is none of these.
     */
    function compile(val: string | readonly string[]): TrustFunction;
  }

  export = proxyaddr;
}
