import { useEffect, useRef, useState } from "react";
import { Alert } from "react-bootstrap";
import { Link, useNavigate } from "react-router-dom";
import { Loading } from "../../components/loading.tsx";
import { useAlert } from "../../lib/alerts.tsx";
import { useAuth } from "../../lib/auth.tsx";
import { errorMessage } from "../../lib/http.ts";
import { linkToken } from "../../lib/link_token.ts";
import { useTitle } from "../../lib/use_title.ts";
import { type Verified, verifyEmail } from "./api.ts";

const PATH = "/verify-email";

// A token works once: the page asks the API once per token however often React runs its effect
// (twice in development's StrictMode), and every run waits for that one answer.
const answers = new Map<string, Promise<Verified>>();

function verifyOnce(token: string): Promise<Verified> {
  let answer = answers.get(token);
  if (answer === undefined) {
    answer = verifyEmail(token);
    answers.set(token, answer);
  }
  return answer;
}

/** Opened from a mailed link: confirms the address, then goes on to the app or to login. */
export function VerifyEmailPage() {
  useTitle("Verify email");
  const token = linkToken(PATH);
  const { user, reloadUser } = useAuth();
  const showAlert = useAlert();
  const navigate = useNavigate();
  const [failure, setFailure] = useState<string | null>(null);
  // Where to go is decided by who was signed in when the link was opened.
  const signedIn = useRef(user !== null);

  useEffect(() => {
    if (token === null) return;
    let current = true;
    verifyOnce(token).then(async ({ message }) => {
      if (!current) return;
      if (signedIn.current) {
        // The banner goes, and an email change shows the new address.
        await reloadUser().catch(() => undefined);
        if (!current) return;
        showAlert("success", message, { path: "/" });
        navigate("/", { replace: true });
      } else {
        showAlert("success", `${message} You can log in now.`, { path: "/login" });
        navigate("/login", { replace: true });
      }
    }, (error) => {
      if (current) setFailure(errorMessage(error));
    });
    return () => {
      current = false;
    };
  }, [token, reloadUser, showAlert, navigate]);

  return (
    <>
      <h1>Verify email</h1>
      {token === null
        ? (
          <p>
            This page opens from the link in our email. Open that link again, or{" "}
            {user ? <Link to="/">go to the app</Link> : <Link to="/login">log in</Link>}{" "}
            to ask for a new one.
          </p>
        )
        : failure === null
        ? (
          <div className="d-flex align-items-center gap-2">
            <Loading />
            <span>Checking your link…</span>
          </div>
        )
        : (
          <>
            <Alert variant="danger">{failure}</Alert>
            <p>
              Each link works once and expires after a day; a newer one replaces it. {user
                ? (
                  <>
                    <Link to="/">Go to the app</Link> to send yourself a new one.
                  </>
                )
                : (
                  <>
                    <Link to="/login">Log in</Link> to send yourself a new one.
                  </>
                )}
            </p>
          </>
        )}
    </>
  );
}
