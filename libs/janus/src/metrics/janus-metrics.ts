import { Counter, Gauge, Histogram, register as globalRegistry, type Registry } from 'prom-client';
import type { JanusConnection, JanusConnectionState } from '../core/connection.js';
import type { JanusInstrumentation } from '../nest/interfaces/janus-instrumentation.interface.js';
import type { JanusMetricsOptions } from './janus-metrics-options.interface.js';

const STATES: readonly JanusConnectionState[] = ['connecting', 'connected', 'reconnecting', 'closed'];
const DEFAULT_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

interface Instrumented {
  readonly connection: JanusConnection;
  readonly name: string;
}

/** The metrics of one registry and prefix, shared by every `JanusMetrics` using them. */
class MetricSet {
  readonly connections = new Set<Instrumented>();
  readonly reconnects: Counter<'connection'>;
  readonly sessionsCreated: Counter<'connection'>;
  readonly requestDuration: Histogram<'connection' | 'request' | 'outcome'>;
  readonly requestErrors: Counter<'connection' | 'request' | 'code'>;
  readonly events: Counter<'connection' | 'kind'>;

  constructor(registry: Registry, prefix: string, buckets: number[]) {
    const registers = [registry];
    // Gauges read the connections at scrape time: nothing is counted between scrapes.
    const live = (name: string, help: string, read: (connection: JanusConnection) => number): Gauge<'connection'> => {
      const connections = this.connections;
      return new Gauge({
        name: prefix + name,
        help,
        labelNames: ['connection'],
        registers,
        collect() {
          this.reset();
          for (const c of connections) this.inc({ connection: c.name }, read(c.connection));
        },
      });
    };
    const connections = this.connections;
    new Gauge({
      name: `${prefix}connection_state`,
      help: 'Connection state: 1 for the current state of each connection, 0 for the others.',
      labelNames: ['connection', 'state'],
      registers,
      collect() {
        this.reset();
        for (const c of connections) {
          for (const state of STATES) this.set({ connection: c.name, state }, c.connection.state === state ? 1 : 0);
        }
      },
    });
    live('sessions', 'Live Janus sessions created through the connection.', (c) => c.sessionCount);
    live('handles', 'Live plugin handles of those sessions.', (c) => c.handleCount);
    live('requests_in_flight', 'Requests sent to Janus and waiting for their reply.', (c) => c.pendingRequestCount);
    live(
      'pending_teardown',
      'Sessions and handles the application ended while Janus was unreachable, to be ended on Janus once it answers.',
      (c) => c.pendingTeardownCount,
    );
    this.reconnects = new Counter({
      name: `${prefix}reconnects_total`,
      help: 'Successful reconnects after a lost connection.',
      labelNames: ['connection'],
      registers,
    });
    this.sessionsCreated = new Counter({
      name: `${prefix}sessions_created_total`,
      help: 'Janus sessions created.',
      labelNames: ['connection'],
      registers,
    });
    this.requestDuration = new Histogram({
      name: `${prefix}request_duration_seconds`,
      help: 'Time from sending a Janus request to its final reply, by Janus request kind and outcome.',
      labelNames: ['connection', 'request', 'outcome'],
      buckets,
      registers,
    });
    this.requestErrors = new Counter({
      name: `${prefix}request_errors_total`,
      help: 'Failed Janus requests by kind and code: the Janus error code, or "timeout" or "closed".',
      labelNames: ['connection', 'request', 'code'],
      registers,
    });
    this.events = new Counter({
      name: `${prefix}events_total`,
      help: 'Asynchronous messages received from Janus, by kind (event, webrtcup, media, hangup, ...).',
      labelNames: ['connection', 'kind'],
      registers,
    });
  }
}

/** One metric set per registry and prefix, so two apps (or two modules) on one registry do not collide. */
const metricSets = new WeakMap<Registry, Map<string, MetricSet>>();

function metricSetFor(registry: Registry, prefix: string, buckets: number[]): MetricSet {
  let byPrefix = metricSets.get(registry);
  if (!byPrefix) {
    byPrefix = new Map();
    metricSets.set(registry, byPrefix);
  }
  let set = byPrefix.get(prefix);
  if (!set) {
    set = new MetricSet(registry, prefix, buckets);
    byPrefix.set(prefix, set);
  }
  return set;
}

/**
 * Prometheus metrics of Janus connections, through the core's observer hooks: connection state, reconnects,
 * live sessions and handles, requests in flight, request latency by kind, errors by code, events by kind.
 *
 * `JanusMetricsModule` instruments every `JanusModule` connection; without Nest, call `instrument()` yourself.
 */
export class JanusMetrics implements JanusInstrumentation {
  /** The registry the metrics live in. */
  readonly registry: Registry;
  private readonly metrics: MetricSet;

  constructor(options: JanusMetricsOptions = {}) {
    this.registry = options.registry ?? globalRegistry;
    this.metrics = metricSetFor(
      this.registry,
      options.prefix ?? 'janus_',
      options.requestDurationBuckets ?? DEFAULT_BUCKETS,
    );
  }

  /** Starts counting for `connection` under the label `connection="<name>"`; it is dropped when it closes. */
  instrument(connection: JanusConnection, name: string): void {
    const m = this.metrics;
    const entry: Instrumented = { connection, name };
    m.connections.add(entry);
    connection.state$.subscribe({ complete: () => m.connections.delete(entry) });
    connection.setObserver({
      onRequest: (request, outcome, durationMs, janusCode) => {
        m.requestDuration.observe({ connection: name, request, outcome }, durationMs / 1000);
        if (outcome !== 'success') {
          const code = outcome === 'error' ? String(janusCode ?? 'unknown') : outcome;
          m.requestErrors.inc({ connection: name, request, code });
        }
      },
      onEvent: (kind) => m.events.inc({ connection: name, kind }),
      onReconnect: () => m.reconnects.inc({ connection: name }),
      onSessions: (delta) => {
        if (delta > 0) m.sessionsCreated.inc({ connection: name }, delta);
      },
    });
  }
}
