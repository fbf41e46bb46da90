import { type FormEvent, useState } from "react";
import { useNavigate } from "react-router-dom";
import { useAlert } from "../../lib/alerts.tsx";
import { errorMessage } from "../../lib/api.ts";
import { useAuth } from "../../lib/auth.tsx";

/** How login and registration end: keep the token, load the user, welcome them on the home page. */
export function useTokenSubmit(requestToken: () => Promise<string>) {
  const { signIn } = useAuth();
  const showAlert = useAlert();
  const navigate = useNavigate();
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    try {
      await signIn(await requestToken());
      showAlert("success", "Welcome!");
      navigate("/");
    } catch (error) {
      showAlert("danger", errorMessage(error));
      setBusy(false);
    }
  }

  return { busy, submit };
}
