import { ResendButton } from "../../components/resend_button.tsx";
import type { CurrentUser } from "../../lib/auth.tsx";
import { resendVerificationMail } from "./api.ts";

/** For a signed-in user whose address is not confirmed yet: what to do, and a new link. */
export function VerifyBanner({ user }: { user: CurrentUser }) {
  return (
    <section className="alert alert-warning" aria-label="Verify your email">
      <p className="mb-2">
        Please verify your email address: follow the link we sent to <strong>{user.email}</strong>.
      </p>
      <ResendButton
        label="Resend"
        send={resendVerificationMail}
        sentText={`A new link is on its way to ${user.email}.`}
      />
    </section>
  );
}
