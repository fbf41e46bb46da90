import { type FormEvent, useState } from "react";
import { ApiError, errorMessage } from "./http.ts";

/**
 * A form's submit that shows the API's refusal where it is made: each field error under its
 * field (for the `fields` the form has), everything else as one message.
 */
export function useSubmit<Field extends string>(action: () => Promise<void>, fields: Field[] = []) {
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);

  async function submit(event?: FormEvent) {
    event?.preventDefault();
    if (busy) return;
    setBusy(true);
    setFailure(null);
    try {
      await action();
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
    }
  }

  const fieldErrors: Partial<Record<Field, string>> = {};
  let message: string | null = null;
  if (failure !== null) {
    const all = failure instanceof ApiError ? failure.fieldErrors : [];
    const shownElsewhere = all.filter((e) => (fields as string[]).includes(e.field));
    for (const e of shownElsewhere) fieldErrors[e.field as Field] ??= e.message;
    const rest = all.filter((e) => !shownElsewhere.includes(e));
    if (all.length === 0) message = errorMessage(failure);
    else if (rest.length > 0) message = rest.map((e) => e.message).join(" ");
  }

  return { busy, message, fieldErrors, submit, clear: () => setFailure(null) };
}
