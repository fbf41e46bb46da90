/**
 * What each mail says, one function per kind, all laid out by `renderMail`. Links carry their
 * token in the fragment (`#token=`), which browsers send to no server: it reaches neither an
 * access log nor a `Referer` header. Nothing here is sent; flows hand the result to `queueMail`.
 */
import { type Brand, type MailContent, renderMail } from "./layout.ts";
import type { MailKind, OutgoingMail } from "./outbox.ts";

/** The service's name and address, as every mail shows them. */
export function brandOf(config: Brand): Brand {
  return { appName: config.appName, publicUrl: config.publicUrl };
}

/** Who a mail goes to: one address, and the account it is about (for the admins' view). */
export type Recipient = { to: string; userId: number | null; username?: string };

/** A mail to the account's own address. */
export function recipientOf(user: { id: number; email: string; username: string }): Recipient {
  return { to: user.email, userId: user.id, username: user.username };
}

const IF_NOT_YOU = 'If this wasn\'t you, reset your password at once with "Forgot password?" ' +
  "on the login page, and tell an administrator.";

function mail(kind: MailKind, brand: Brand, to: Recipient, content: MailContent): OutgoingMail {
  return { kind, to: to.to, userId: to.userId, ...renderMail(brand, content) };
}

function hello(to: Recipient): string {
  return to.username ? `Hello ${to.username},` : "Hello,";
}

function link(brand: Brand, page: string, token: string): string {
  return `${brand.publicUrl}/${page}#token=${encodeURIComponent(token)}`;
}

export function verifyEmailMail(brand: Brand, to: Recipient, token: string): OutgoingMail {
  return mail("verify_email", brand, to, {
    subject: "Confirm your email address",
    heading: "Confirm your email address",
    paragraphs: [
      hello(to),
      `Please confirm that ${to.to} is your address by following the link below. ` +
      "It works once, for 24 hours.",
    ],
    action: { label: "Confirm my address", url: link(brand, "verify-email", token) },
    reason: `You received this because an account on ${brand.appName} was registered with, ` +
      "or asked for a new confirmation of, this address.",
    footnote: "If you did not register, ignore this mail: nothing happens without the link.",
  });
}

export function emailTakenOnRegisterMail(brand: Brand, to: Recipient): OutgoingMail {
  return mail("email_taken_on_register", brand, to, {
    subject: "Someone tried to register with your address",
    heading: "Someone tried to register with your address",
    paragraphs: [
      hello(to),
      `Someone tried to register a new account on ${brand.appName} with ${to.to}, which ` +
      "already has an account: yours. No new account was made and yours is unchanged.",
      'If it was you, log in instead; if you forgot your password, use "Forgot password?" ' +
      "on the login page.",
    ],
    action: { label: "Log in", url: `${brand.publicUrl}/login` },
    reason: `You received this because your address has an account on ${brand.appName}.`,
  });
}

export function passwordResetMail(brand: Brand, to: Recipient, token: string): OutgoingMail {
  return mail("password_reset", brand, to, {
    subject: "Reset your password",
    heading: "Reset your password",
    paragraphs: [
      hello(to),
      "Someone (we hope you) asked to reset the password of your account. Follow the link " +
      "below to choose a new one. It works once, for 1 hour; a newer request replaces it.",
      "Setting a new password signs you out everywhere.",
    ],
    action: { label: "Choose a new password", url: link(brand, "reset-password", token) },
    reason: `You received this because a password reset was requested for ${to.to} on ` +
      `${brand.appName}.`,
    footnote: "If you did not ask for this, ignore this mail: your password stays as it is.",
  });
}

export function passwordChangedMail(brand: Brand, to: Recipient): OutgoingMail {
  return mail("password_changed", brand, to, {
    subject: "Your password was changed",
    heading: "Your password was changed",
    paragraphs: [hello(to), `The password of your ${brand.appName} account was just changed.`],
    reason: `You received this security notice because your account's password changed.`,
    footnote: IF_NOT_YOU,
  });
}

export function emailChangeConfirmMail(
  brand: Brand,
  to: Recipient,
  token: string,
): OutgoingMail {
  return mail("email_change_confirm", brand, to, {
    subject: "Confirm your new email address",
    heading: "Confirm your new email address",
    paragraphs: [
      hello(to),
      `You asked to move your ${brand.appName} account to ${to.to}. Follow the link below ` +
      "to confirm: the address changes only then. It works once, for 24 hours.",
    ],
    action: { label: "Confirm the new address", url: link(brand, "verify-email", token) },
    reason: `You received this because this address was entered as the new address of an ` +
      `account on ${brand.appName}.`,
    footnote: "If you did not ask for this, ignore this mail: nothing changes without the link.",
  });
}

export function emailChangeRequestedNoticeMail(
  brand: Brand,
  to: Recipient,
  newEmail: string,
): OutgoingMail {
  return mail("email_change_requested_notice", brand, to, {
    subject: "A change of your email address was requested",
    heading: "A change of your email address was requested",
    paragraphs: [
      hello(to),
      `Someone signed in to your ${brand.appName} account asked to move it to ${newEmail}. ` +
      "The address changes only when the link sent there is followed.",
    ],
    reason: "You received this security notice because it is about your account's address.",
    footnote: IF_NOT_YOU + " Changing your password cancels the pending change.",
  });
}

/** To the old address after a change, or to both addresses after an admin's change. */
export function emailChangedNoticeMail(
  brand: Brand,
  to: Recipient,
  change: { from: string; to: string; byAdmin: boolean },
): OutgoingMail {
  const who = change.byAdmin ? "An administrator changed" : "You changed";
  return mail("email_changed_notice", brand, to, {
    subject: "Your account's email address was changed",
    heading: "Your account's email address was changed",
    paragraphs: [
      hello(to),
      `${who} the email address of your ${brand.appName} account from ${change.from} to ` +
      `${change.to}.`,
    ],
    reason: "You received this security notice because it is about your account's address.",
    footnote: IF_NOT_YOU,
  });
}

export function emailChangeTakenNoticeMail(brand: Brand, to: Recipient): OutgoingMail {
  return mail("email_change_taken_notice", brand, to, {
    subject: "Someone tried to move an account to your address",
    heading: "Someone tried to move an account to your address",
    paragraphs: [
      hello(to),
      `Someone signed in to another ${brand.appName} account asked to move it to ${to.to}, ` +
      "which already belongs to your account. Nothing changed: your account is untouched.",
    ],
    reason: `You received this security notice because your address has an account on ` +
      `${brand.appName}.`,
  });
}

export function newDeviceSigninMail(
  brand: Brand,
  to: Recipient,
  signIn: { at: Date; ip: string; userAgent: string | null },
): OutgoingMail {
  // A header the client wrote: one line, bounded.
  const agent = signIn.userAgent?.replace(/\p{Cc}+/gu, " ").trim().slice(0, 200);
  const browser = agent || "an unnamed browser";
  return mail("new_device_signin", brand, to, {
    subject: "New sign-in to your account",
    heading: "New sign-in to your account",
    paragraphs: [
      hello(to),
      `Your ${brand.appName} account was signed in to from a browser it had not seen before.`,
      `When: ${signIn.at.toISOString().replace("T", " ").slice(0, 19)} UTC`,
      `From: ${signIn.ip}`,
      `Browser: ${browser}`,
      "If it was you, there is nothing to do.",
    ],
    reason: "You received this security notice because of a sign-in to your account.",
    footnote: IF_NOT_YOU,
  });
}

/** What changed about an account's second factors, as the notice says it. */
export type FactorChange =
  | "totp_enabled"
  | "totp_disabled"
  | "recovery_codes_regenerated"
  | "passkey_added"
  | "passkey_removed"
  | "factors_reset_by_admin";

const FACTOR_CHANGES: Record<FactorChange, string> = {
  totp_enabled: "An authenticator app was set up as a second step of signing in",
  totp_disabled: "The authenticator app was removed from signing in",
  recovery_codes_regenerated: "New recovery codes were made; the old ones no longer work",
  passkey_added: "A passkey was added",
  passkey_removed: "A passkey was removed",
  factors_reset_by_admin: "An administrator removed every second step of signing in " +
    "(authenticator app, recovery codes, passkeys)",
};

export function secondFactorChangedMail(
  brand: Brand,
  to: Recipient,
  change: FactorChange,
): OutgoingMail {
  return mail("second_factor_changed", brand, to, {
    subject: "Your sign-in settings changed",
    heading: "Your sign-in settings changed",
    paragraphs: [
      hello(to),
      `${FACTOR_CHANGES[change]} on your ${brand.appName} account. Every other session of ` +
      "the account was signed out.",
    ],
    reason: "You received this security notice because it is about how your account is " +
      "signed in to.",
    footnote: IF_NOT_YOU,
  });
}
