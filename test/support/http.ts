/** An HTTP reply of the app: its status, its body (parsed when JSON, else the text) and its headers. */
export interface HttpReply<T> {
  status: number;
  body: T;
  headers: Headers;
}

export interface CallOptions {
  /** Sent as JSON. */
  body?: unknown;
  /** The Bearer token; `null` sends no Authorization header; absent: the client's default token. */
  token?: string | null;
  headers?: Record<string, string>;
}

/**
 * `call(method, path, options)`: an HTTP request to the app at `baseUrl()`, JSON in and out, with the Bearer token
 * `defaultToken()` unless told otherwise. Getters, so a client made at the top of a `describe` reads the app and
 * token its `beforeAll` sets.
 */
export function httpClient<D = Record<string, unknown>>(
  baseUrl: () => string,
  defaultToken: () => string,
): <T = D>(method: string, path: string, options?: CallOptions) => Promise<HttpReply<T>> {
  return async <T = D>(method: string, path: string, options: CallOptions = {}): Promise<HttpReply<T>> => {
    const token = options.token === undefined ? defaultToken() : options.token;
    const headers: Record<string, string> = { ...options.headers };
    if (token !== null) headers.authorization = `Bearer ${token}`;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${baseUrl()}${path}`, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    const text = await response.text();
    const json = (response.headers.get('content-type') ?? '').includes('json');
    return { status: response.status, body: (text && json ? JSON.parse(text) : text) as T, headers: response.headers };
  };
}
