import type { INestApplicationContext, Type } from '@nestjs/common';
import { useContainer } from 'class-validator';

/**
 * Gives class-validator the constraints that need Nest's injection (e.g. {@link SdpSizeConstraint}, which reads the
 * config): each listed class is resolved from Nest once, here; every other constraint (class-validator's own) comes
 * from class-validator's default container.
 *
 * class-validator asks its container for every constraint of every validation. Handing it Nest's container
 * (`useContainer(app.select(...), { fallbackOnErrors: true })`) made Nest build and throw an
 * `UnknownElementException` for each constraint that is not a provider, on every message: about half the
 * validation time of a signaling message. Here a lookup is one `Map.get`.
 */
export function useNestConstraints(app: INestApplicationContext, constraints: readonly Type[]): void {
  const instances = new Map<unknown, unknown>(constraints.map((constraint) => [constraint, app.get(constraint)]));
  useContainer({ get: (someClass: unknown) => instances.get(someClass) }, { fallback: true });
}
