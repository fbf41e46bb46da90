import { useEffect, useState } from "react";
import { useDebounced } from "../../lib/use_debounced.ts";

type Estimator = typeof import("../../lib/password_strength.ts");

const BAR = [
  ["w-25", "bg-danger"],
  ["w-25", "bg-danger"],
  ["w-50", "bg-warning"],
  ["w-75", "bg-info"],
  ["w-100", "bg-success"],
] as const;

/**
 * How hard the password being chosen is to guess, as a bar and in words. Its estimator and word
 * lists (zxcvbn-ts) are fetched when the first new-password field appears, never before.
 */
export function StrengthMeter({ password, owner }: { password: string; owner: string[] }) {
  const [estimator, setEstimator] = useState<Estimator | null>(null);
  const settled = useDebounced(password, 150);

  useEffect(() => {
    let current = true;
    import("../../lib/password_strength.ts").then((module) => {
      if (current) setEstimator(module);
    }, () => undefined);
    return () => {
      current = false;
    };
  }, []);

  const strength = estimator && settled.length > 0
    ? estimator.passwordStrength(settled, owner)
    : null;
  return (
    <div className="mt-2 small">
      {strength && (
        <div className="progress" aria-hidden="true">
          <div className={`progress-bar ${BAR[strength.score].join(" ")}`} />
        </div>
      )}
      {/* Read out when it changes, after typing pauses. */}
      <p className="mb-0 mt-1" aria-live="polite" data-strength={strength?.score}>
        {strength && (
          <>
            Strength: <strong>{strength.label}</strong>
            {strength.warning && <>· {strength.warning}</>}
          </>
        )}
      </p>
    </div>
  );
}
