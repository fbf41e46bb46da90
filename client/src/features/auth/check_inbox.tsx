import { useEffect, useRef } from "react";
import { ResendButton } from "../../components/resend_button.tsx";
import { resendVerificationMailTo } from "./api.ts";

/** The address waits for its mailed link: what to do, and a button for a new link. */
export function CheckInbox(
  { email, heading, text }: { email: string; heading: string; text: string },
) {
  // It replaces or follows the form just submitted: reading goes on from here.
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), []);
  return (
    <section className="alert alert-info" aria-label={heading}>
      <h2 className="h5" tabIndex={-1} ref={headingRef}>{heading}</h2>
      <p>{text}</p>
      <p className="mb-2">No mail after a few minutes? Look in the spam folder, or:</p>
      <ResendButton
        label="Send the link again"
        send={() => resendVerificationMailTo(email)}
        sentText={`If ${email} waits for confirmation, a new link is on its way.`}
      />
    </section>
  );
}
