/**
 * Small, dependency-free helpers to read environment variables. Each reader takes the variable's name so that a
 * bad value is reported with that name; the errors are collected and thrown together by `loadConfig`.
 */

export type Env = Readonly<Record<string, string | undefined>>;

/** Thrown when one or more environment variables are missing or invalid. `problems` name each variable. */
export class ConfigError extends Error {
  /** What programs match on. */
  readonly code = 'CONFIG_INVALID';

  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Collects problems while variables are read, so that every bad variable is reported at once. */
export class EnvReader {
  readonly problems: string[] = [];

  constructor(private readonly env: Env) {}

  /** The trimmed value, or `undefined` when the variable is unset or empty. */
  raw(name: string): string | undefined {
    const value = this.env[name]?.trim();
    return value ? value : undefined;
  }

  fail(name: string, message: string): undefined {
    this.problems.push(`${name}: ${message}`);
    return undefined;
  }

  string(name: string): string | undefined {
    return this.raw(name);
  }

  requiredString(name: string, hint: string): string | undefined {
    return this.raw(name) ?? this.fail(name, `is required (${hint})`);
  }

  /** `true`/`false` (also `1`/`0`, `yes`/`no`, `on`/`off`), any case. */
  boolean(name: string, fallback: boolean): boolean {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    const lower = value.toLowerCase();
    if (['true', '1', 'yes', 'on'].includes(lower)) return true;
    if (['false', '0', 'no', 'off'].includes(lower)) return false;
    this.fail(name, `must be true or false, got "${value}"`);
    return fallback;
  }

  /** An integer in [min, max]. */
  integer(name: string, fallback: number, min: number, max: number): number {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    const n = Number(value);
    if (!/^-?\d+$/.test(value) || !Number.isSafeInteger(n) || n < min || n > max) {
      this.fail(name, `must be an integer from ${min} to ${max}, got "${value}"`);
      return fallback;
    }
    return n;
  }

  /** One of a fixed set of values (case-insensitive); `aliases` maps extra spellings to a value. */
  oneOf<T extends string>(
    name: string,
    allowed: readonly T[],
    fallback: T,
    aliases: Readonly<Record<string, T>> = {},
  ): T {
    const value = this.raw(name)?.toLowerCase();
    if (value === undefined) return fallback;
    const found = allowed.find((a) => a === value) ?? aliases[value];
    if (found === undefined) {
      this.fail(name, `must be one of ${allowed.join(', ')}, got "${value}"`);
      return fallback;
    }
    return found;
  }

  /** A comma-separated list of URLs whose scheme is one of `protocols` (e.g. `['ws:', 'wss:']`). */
  urlList(name: string, protocols: readonly string[]): string[] {
    const value = this.raw(name);
    if (value === undefined) return [];
    const items = value.split(',').map((s) => s.trim());
    const urls: string[] = [];
    for (const item of items) {
      const problem = checkUrl(item, protocols);
      if (problem) {
        this.fail(name, problem);
        return [];
      }
      urls.push(item);
    }
    return urls;
  }
}

/** What is wrong with `item` as a URL with one of `protocols`, or undefined. */
export function checkUrl(item: string, protocols: readonly string[]): string | undefined {
  const expected = `expected ${protocols.map((p) => `${p}//`).join(', ')} URLs separated by commas`;
  if (!item) return `has an empty entry (${expected})`;
  let url: URL;
  try {
    url = new URL(item);
  } catch {
    return `"${item}" is not a URL (${expected})`;
  }
  if (!protocols.includes(url.protocol)) return `"${item}" has scheme ${url.protocol} (${expected})`;
  if (url.protocol === 'ws+unix:') {
    if (!url.pathname || url.pathname === '/') return `"${item}" has no socket path (ws+unix:///path/to/janus.sock)`;
  } else if (!url.hostname) {
    return `"${item}" has no host`;
  }
  return undefined;
}

/** A URL with its user name and password removed, for logs and pages. Non-URL input is returned as is. */
export function redactUrl(value: string): string {
  try {
    const url = new URL(value);
    if (!url.username && !url.password) return value;
    url.username = '';
    url.password = '';
    return url.toString();
  } catch {
    return value;
  }
}
