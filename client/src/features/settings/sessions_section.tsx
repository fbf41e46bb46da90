import { useEffect, useState } from "react";
import { Alert, Badge, Button, Table } from "react-bootstrap";
import { DateTime } from "../../components/date_time.tsx";
import { Loading } from "../../components/loading.tsx";
import { useAlert } from "../../lib/alerts.tsx";
import { placeText } from "../../lib/audit_events.ts";
import { errorMessage } from "../../lib/http.ts";
import { listSessions, type Session, signOutOtherSessions, signOutSession } from "./api.ts";
import { describeUserAgent } from "./user_agent.ts";

/** One's own sessions; loaded again whenever `version` changes (something here ended some). */
export function SessionsSection(
  { version, onChanged }: { version: number; onChanged: () => void },
) {
  const showAlert = useAlert();
  const [sessions, setSessions] = useState<Session[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let current = true;
    listSessions().then((found) => {
      if (!current) return;
      setSessions(found);
      setError(null);
    }, (failure) => {
      if (current) setError(errorMessage(failure));
    });
    return () => {
      current = false;
    };
  }, [version]);

  async function signOut(end: () => Promise<string>) {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      showAlert("success", await end());
      onChanged();
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  }

  const others = sessions?.filter((session) => !session.current) ?? [];
  return (
    <>
      {error !== null && <Alert variant="danger">{error}</Alert>}
      {sessions === null ? (error === null && <Loading />) : (
        <Table className="align-middle">
          <caption className="visually-hidden">Your sessions, most recently used first</caption>
          <thead>
            <tr>
              <th scope="col">Device</th>
              <th scope="col">From</th>
              <th scope="col">Created</th>
              <th scope="col">Last used</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {sessions.map((session) => (
              <tr key={session.id}>
                <td>
                  <span title={session.user_agent ?? undefined}>
                    {describeUserAgent(session.user_agent)}
                  </span>
                  {session.current && <Badge bg="success" className="ms-2">This device</Badge>}
                </td>
                <td title={session.ip ?? undefined}>{placeText(session.ip)}</td>
                <td>
                  <DateTime iso={session.created_at} />
                </td>
                <td>
                  <DateTime iso={session.last_used_at} />
                </td>
                <td>
                  {!session.current && (
                    <Button
                      size="sm"
                      variant="outline-danger"
                      onClick={() => signOut(() => signOutSession(session.id))}
                    >
                      Sign out
                      <span className="visually-hidden">
                        : {describeUserAgent(session.user_agent)}, {placeText(session.ip)}
                      </span>
                    </Button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      {others.length > 0 && (
        <Button
          variant="outline-danger"
          onClick={() => signOut(signOutOtherSessions)}
        >
          Sign out everywhere else
        </Button>
      )}
    </>
  );
}
