import { type ReactNode, useCallback, useId, useState } from "react";
import { useAuth } from "../../lib/auth.tsx";
import { useTitle } from "../../lib/use_title.ts";
import { AccountSection } from "./account_section.tsx";
import { ActivitySection } from "./activity_section.tsx";
import { PasskeysSection } from "./passkeys_section.tsx";
import { PasswordForm } from "./password_form.tsx";
import { ProfileForm } from "./profile_form.tsx";
import { SessionsSection } from "./sessions_section.tsx";
import { TwoStepSection } from "./two_step_section.tsx";

export function SettingsPage() {
  useTitle("Settings");
  const { user } = useAuth();
  // Moves on after every change made here, so the sessions and the activity are fetched again.
  const [version, setVersion] = useState(0);
  const changed = useCallback(() => setVersion((n) => n + 1), []);
  const [passkeysVersion, setPasskeysVersion] = useState(0);
  // The router shows this page to logged-in users only; the session may still end while open.
  if (user === null) return null;

  return (
    <>
      <h1>Settings</h1>
      <Section title="Profile">
        <ProfileForm user={user} onSaved={changed} />
      </Section>
      <Section title="Password">
        <PasswordForm user={user} onChanged={changed} />
      </Section>
      <Section title="Two-step sign-in" id="two-step-sign-in">
        {/* Passkeys count as the second step too: the section reads the factors again. */}
        <TwoStepSection key={passkeysVersion} onChanged={changed} />
      </Section>
      <Section title="Passkeys" id="passkeys">
        <PasskeysSection
          onChanged={() => {
            setPasskeysVersion((n) => n + 1);
            changed();
          }}
        />
      </Section>
      <Section title="Sessions">
        <SessionsSection version={version} onChanged={changed} />
      </Section>
      <Section title="Recent activity">
        <ActivitySection version={version} />
      </Section>
      <Section title="Your data and account">
        <AccountSection />
      </Section>
    </>
  );
}

function Section({ title, id, children }: { title: string; id?: string; children: ReactNode }) {
  const headingId = useId();
  return (
    <section id={id} aria-labelledby={headingId} className="mb-5">
      <h2 id={headingId} className="h4">{title}</h2>
      {children}
    </section>
  );
}
