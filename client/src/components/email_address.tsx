import { Fragment } from "react";

/**
 * An email address that wraps where a reader expects it to: before the `@` and before each dot
 * (the Chicago Manual's rule for addresses), and mid-part only when one part alone is wider than
 * the screen. The text stays whole for copying and for screen readers.
 */
export function EmailAddress({ email }: { email: string }) {
  const parts = email.split(/(?=[@.])/);
  return (
    <span className="text-break">
      {parts.map((part, i) => (
        <Fragment key={i}>
          {i > 0 && <wbr />}
          {part}
        </Fragment>
      ))}
    </span>
  );
}
