import { useCallback, useEffect, useState } from "react";

/**
 * Whole seconds left until a deadline set by `waitFor(seconds)`; 0 once it has passed. For a
 * button the API told to wait (a 429's `Retry-After`) or that should not be pressed again yet.
 */
export function useCountdown(): [number, (seconds: number) => void] {
  const [deadline, setDeadline] = useState(0);
  const [now, setNow] = useState(() => Date.now());

  useEffect(() => {
    if (deadline <= Date.now()) return;
    const timer = setInterval(() => {
      setNow(Date.now());
      if (Date.now() >= deadline) clearInterval(timer);
    }, 250);
    return () => clearInterval(timer);
  }, [deadline]);

  const waitFor = useCallback((seconds: number) => {
    const start = Date.now();
    setNow(start);
    setDeadline(start + seconds * 1000);
  }, []);
  return [Math.max(0, Math.ceil((deadline - now) / 1000)), waitFor];
}
