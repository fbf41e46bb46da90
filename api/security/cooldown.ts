/**
 * "Not again before N seconds": one row per (name, key) holding when the next event may happen.
 * A sliding-window limit of 1 per N seconds would make a second event wait up to 2N; this waits
 * exactly N. Shared by every replica through PostgreSQL; keys are stored as SHA-256.
 */
import { createHash } from "node:crypto";
import type { Queryable } from "../db.ts";
import { tooManyAttempts } from "./rate_limit.ts";

/**
 * Starts the cooldown of (name, key) when it is not running, in one statement (two requests at
 * once: one claims it). Returns 0 when claimed, else the seconds left.
 */
export async function claimCooldown(
  sql: Queryable,
  name: string,
  key: string,
  seconds: number,
): Promise<number> {
  if (seconds <= 0) return 0;
  const hash = keyHash(name, key);
  const [claimed] = await sql<{ until: Date }[]>`
    insert into cooldowns as c (name, key_hash, until)
    values (${name}, ${hash}, now() + ${seconds} * interval '1 second')
    on conflict (name, key_hash) do update set until = excluded.until where c.until <= now()
    returning until`;
  if (claimed) {
    // Ended cooldowns are of no use: sweep a few now and then rather than run a timer.
    if (Math.random() < 0.01) await sql`delete from cooldowns where until < now()`;
    return 0;
  }
  const [left] = await sql<{ seconds: number }[]>`
    select greatest(1, ceil(extract(epoch from until - now())))::int as seconds
    from cooldowns where name = ${name} and key_hash = ${hash}`;
  return left?.seconds ?? 1;
}

/** Claims the cooldown or throws 429 with the seconds left in Retry-After. */
export async function enforceCooldown(
  sql: Queryable,
  name: string,
  key: string,
  seconds: number,
): Promise<void> {
  const left = await claimCooldown(sql, name, key, seconds);
  if (left > 0) throw tooManyAttempts(left);
}

function keyHash(name: string, key: string): Uint8Array {
  return createHash("sha256").update(`${name}:${key}`, "utf8").digest();
}
