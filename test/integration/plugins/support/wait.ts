import { firstValueFrom, throwError, timeout, type Observable } from 'rxjs';

/**
 * The next value of `stream`, or a rejection naming `what` after `ms`. Subscribe (call this) before the action
 * that makes Janus send the event: handle streams are hot.
 */
export function nextOf<T>(stream: Observable<T>, what: string, ms = 5000): Promise<T> {
  return firstValueFrom(
    stream.pipe(timeout({ first: ms, with: () => throwError(() => new Error(`no ${what} within ${ms} ms`)) })),
  );
}

/** A room id unlikely to collide with another test's. */
export function randomRoom(): number {
  return 100_000 + Math.floor(Math.random() * 900_000_000);
}
