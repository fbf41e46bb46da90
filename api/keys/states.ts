/**
 * A signing key's state follows from the clock alone, so every replica that has loaded the same
 * keys agrees on it without any job moving keys from one state to the next:
 *   next      published, not signing yet (activates_at is ahead): consumers' caches pick it up
 *   current   the latest key whose activates_at has passed: it signs
 *   previous  superseded, still published until every token it signed has expired
 *   retired   superseded long enough ago that no token it signed is still valid: not published
 */
export type KeyState = "next" | "current" | "previous" | "retired";
export type Timed = { kid: string; activatesAt: Date; createdAt: Date };

/**
 * `retainSeconds`: how long a superseded key stays published, at least the access tokens'
 * lifetime. A replica may go on signing with it until it next reads the keys, so a margin for
 * that and for clock drift belongs in it too.
 */
export function keyStates<K extends Timed>(
  keys: readonly K[],
  now: number,
  retainSeconds: number,
): Map<string, KeyState> {
  const states = new Map<string, KeyState>();
  const active = keys.filter((key) => key.activatesAt.getTime() <= now).sort(byActivation);
  for (const key of keys) {
    if (key.activatesAt.getTime() > now) states.set(key.kid, "next");
  }
  active.forEach((key, i) => {
    const successor = active[i + 1];
    if (!successor) states.set(key.kid, "current");
    else {
      const supersededFor = now - successor.activatesAt.getTime();
      states.set(key.kid, supersededFor < retainSeconds * 1000 ? "previous" : "retired");
    }
  });
  return states;
}

/** Activation order; keys activated at the same instant are ordered by creation, then kid. */
function byActivation(a: Timed, b: Timed): number {
  return a.activatesAt.getTime() - b.activatesAt.getTime() ||
    a.createdAt.getTime() - b.createdAt.getTime() || a.kid.localeCompare(b.kid);
}
