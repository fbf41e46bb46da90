import type { Changes } from "./queries.ts";

/** Field-by-field differences between a record before and after a change, for an audit event. */
export function diff<T extends Record<string, unknown>>(
  before: T,
  after: Partial<T>,
  fields: (keyof T & string)[],
): Changes {
  const changes: Changes = {};
  for (const field of fields) {
    if (field in after && after[field] !== before[field]) {
      changes[field] = { old: before[field], new: after[field] };
    }
  }
  return changes;
}
