import { useState } from "react";
import { FormModal } from "../../components/form_modal.tsx";
import {
  NewUserFields,
  newUserValid,
  type NewUserValues,
  NO_NEW_USER,
} from "../../components/new_user_fields.tsx";
import { useAlert } from "../../lib/alerts.tsx";
import { createUser } from "../../lib/create_user.ts";
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

  return (
    <FormModal
      title="Add User"
      submitLabel="Add User"
      ready={newUserValid(values)}
      busy={busy}
      error={message}
      onSubmit={submit}
      onHide={onHide}
    >
      <NewUserFields
        values={values}
        onChange={setValues}
        layout="stack"
        fieldErrors={fieldErrors}
      />
    </FormModal>
  );
}
