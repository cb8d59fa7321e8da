/**
 * An event as the domain sees it. `occurredAt` and `schemaVersion` travel in the store's event
 * metadata (see `toNewEvent`), so `data` holds only the fact itself.
 */
export interface DomainEvent<Type extends string, Data> {
  type: Type;
  schemaVersion: 1;
  occurredAt: string;
  data: Data;
}

/** An opaque JSON object the domain stores but does not interpret (certificate, signature). */
export type JsonObject = { readonly [key: string]: unknown };
