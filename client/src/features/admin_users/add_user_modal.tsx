import { useState } from "react";
import { FormModal } from "../../components/form_modal.tsx";
import {
  newUserChecks,
  NewUserFields,
  type NewUserValues,
  NO_NEW_USER,
} from "../../components/new_user_fields.tsx";
import { useAlert } from "../../lib/alerts.tsx";
import { createUser } from "../../lib/create_user.ts";
import { useFormCheck } from "../../lib/use_form_check.ts";
import { useSubmit } from "../../lib/use_submit.ts";
import type { ManagedUser } from "./api.ts";

export function AddUserModal(
  { onHide, onAdded }: { onHide: () => void; onAdded: (user: ManagedUser) => void },
) {
  const showAlert = useAlert();
  const [values, setValues] = useState<NewUserValues>(NO_NEW_USER);
  const { busy, message, fieldErrors, submit } = useSubmit(async () => {
    const added = await createUser(values);
    onAdded(added.user);
    showAlert("success", added.message);
    onHide();
  }, ["username", "email", "password"]);
  const form = useFormCheck(newUserChecks(values));

  return (
    <FormModal
      title="Add User"
      submitLabel="Add User"
      check={form}
      busy={busy}
      error={message}
      onSubmit={submit}
      onHide={onHide}
    >
      <NewUserFields
        values={values}
        onChange={setValues}
        layout="stack"
        fieldErrors={{ ...fieldErrors, ...form.errors }}
      />
    </FormModal>
  );
}
