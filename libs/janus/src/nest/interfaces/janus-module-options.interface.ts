import type { JanusConnectionOptions } from '../../interfaces/connection-options.interface.js';

/**
 * Options of `JanusModule.forRoot()` (and what a `forRootAsync()` factory returns): the core's
 * {@link JanusConnectionOptions} plus how the module starts the connection.
 *
 * `logger` defaults to Nest's `Logger` with context `Janus` (`Janus:<name>` for a named connection), so the
 * application's logger (e.g. nestjs-pino) receives the library's lines.
 */
export interface JanusModuleOptions extends JanusConnectionOptions {
  /**
   * `false` (default): the module connects during `onModuleInit` and startup fails with `JanusConnectError`
   * when no server answers within `connectTimeoutMs`. `true`: the module connects in the background (await
   * `JanusService.ready`); without an explicit `connectTimeoutMs` it keeps trying until a server answers.
   */
  lazy?: boolean | undefined;
}

/** Extra options of `forRoot()`/`forRootAsync()`, next to the connection options. */
export interface JanusModuleExtras {
  /** Registers the connection's providers globally (default `false`). */
  isGlobal: boolean;
  /** Connection name, for several connections in one app; inject with `@InjectJanus(name)`. */
  name: string;
}

/** A class that `forRootAsync({ useClass | useExisting })` asks for the options. */
export interface JanusOptionsFactory {
  /** Returns the module options (may be async). */
  createJanusOptions(): JanusModuleOptions | Promise<JanusModuleOptions>;
}
