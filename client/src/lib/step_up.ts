/**
 * What the app does with the API's two requests for more proof: `step_up_required` (a sensitive
 * action needs a fresh re-check: a dialog asks, then the request is sent once more) and
 * `mfa_enrollment_required` (an admin must set up two-step sign-in: the settings page's section
 * for it). The layout registers the handlers; lib/api.ts calls them.
 */

/** Resolves true once the person re-checked, false when they gave up. */
export type StepUpHandler = () => Promise<boolean>;
export type EnrolmentHandler = () => void;

let stepUpHandler: StepUpHandler | null = null;
let enrolmentHandler: EnrolmentHandler | null = null;

export function onStepUp(handler: StepUpHandler | null): void {
  stepUpHandler = handler;
}

export function onEnrolmentRequired(handler: EnrolmentHandler | null): void {
  enrolmentHandler = handler;
}

export async function askForStepUp(): Promise<boolean> {
  return stepUpHandler ? await stepUpHandler() : false;
}

export function requireEnrolment(): void {
  enrolmentHandler?.();
}

/** Where the app sends an admin who must set up a second factor. */
export const ENROLMENT_PATH = "/settings#two-step-sign-in";
