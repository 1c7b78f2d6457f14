/** The keys of `T` whose properties are optional. */
type OptionalKeys<T> = { [K in keyof T]-?: Pick<T, K> extends Required<Pick<T, K>> ? never : K }[keyof T];

/**
 * `T` with `| undefined` added to each optional property, so that callers compiled with `exactOptionalPropertyTypes`
 * may pass `undefined` (e.g. `name: config.get('JANUS_NAME')`). Used for option types built by Nest's
 * `ConfigurableModuleBuilder`, whose optional fields do not accept `undefined` themselves.
 */
export type AcceptUndefined<T> = { [K in keyof T]: K extends OptionalKeys<T> ? T[K] | undefined : T[K] };
