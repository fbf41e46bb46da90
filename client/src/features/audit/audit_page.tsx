import { useCallback, useState } from "react";
import { Button, Col, Form, Row } from "react-bootstrap";
import { PagedList } from "../../components/paged_list.tsx";
import { useAlert } from "../../lib/alerts.tsx";
import { ACTIONS } from "../../lib/audit_events.ts";
import { errorMessage } from "../../lib/http.ts";
import { useAddressQuery } from "../../lib/use_address_query.ts";
import { useDebounced } from "../../lib/use_debounced.ts";
import { usePages } from "../../lib/use_pages.ts";
import { useTitle } from "../../lib/use_title.ts";
import { type AuditFilters, fetchAllAudit, fetchAudit } from "./api.ts";
import { AuditTable } from "./audit_table.tsx";
import { auditCsv } from "./csv.ts";

const FIELDS = ["user", "action", "from", "to"] as const;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function AuditPage() {
  useTitle("Audit trail");
  const showAlert = useAlert();
  const [params, changeQuery] = useAddressQuery();
  // The filters live in the address: a reload, Back or a shared link shows the same rows.
  const filters = readFilters(params);
  const setFilter = (name: keyof AuditFilters) => (value: string) =>
    changeQuery((current) => {
      const next = new URLSearchParams();
      for (const [key, old] of Object.entries(readFilters(current))) {
        const kept = key === name ? value : old;
        if (kept !== "") next.set(key, kept);
      }
      return next;
    });
  // Typing a name waits for a pause; the other filters apply at once.
  const user = useDebounced(filters.user);
  const { action, from, to } = filters;
  const fetchPage = useCallback(
    (cursor?: string) => fetchAudit({ user, action, from, to }, cursor),
    [user, action, from, to],
  );
  const events = usePages(fetchPage);
  const [exporting, setExporting] = useState(false);

  async function exportCsv() {
    setExporting(true);
    try {
      const rows = await fetchAllAudit({ user, action, from, to });
      const url = URL.createObjectURL(new Blob([auditCsv(rows)], { type: "text/csv" }));
      const link = document.createElement("a");
      link.href = url;
      link.download = "audit-trail.csv";
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 0);
    } catch (error) {
      showAlert("danger", errorMessage(error));
    } finally {
      setExporting(false);
    }
  }

  return (
    <>
      <div className="d-flex flex-wrap align-items-center justify-content-between gap-2 mb-3">
        <h1 className="mb-0">Audit trail</h1>
        <Button variant="outline-primary" onClick={exportCsv} disabled={exporting}>
          Export CSV
        </Button>
      </div>
      <Form className="mb-3" role="search" onSubmit={(event) => event.preventDefault()}>
        <Row className="g-3">
          <Form.Group as={Col} sm={6} lg={3} controlId="audit-user">
            <Form.Label>User</Form.Label>
            <Form.Control
              type="search"
              autoComplete="off"
              placeholder="Username"
              value={filters.user}
              onChange={(event) => setFilter("user")(event.target.value)}
            />
          </Form.Group>
          <Form.Group as={Col} sm={6} lg={3} controlId="audit-action">
            <Form.Label>Action</Form.Label>
            <Form.Select
              value={action}
              onChange={(event) => setFilter("action")(event.target.value)}
            >
              <option value="">All</option>
              {Object.entries(ACTIONS).map(([value, label]) => (
                <option key={value} value={value}>{label}</option>
              ))}
            </Form.Select>
          </Form.Group>
          <Form.Group as={Col} xs={6} lg={3} controlId="audit-from">
            <Form.Label>From</Form.Label>
            <Form.Control
              type="date"
              value={from}
              max={to || undefined}
              onChange={(event) => setFilter("from")(event.target.value)}
            />
          </Form.Group>
          <Form.Group as={Col} xs={6} lg={3} controlId="audit-to">
            <Form.Label>To</Form.Label>
            <Form.Control
              type="date"
              value={to}
              min={from || undefined}
              onChange={(event) => setFilter("to")(event.target.value)}
            />
          </Form.Group>
        </Row>
      </Form>
      <PagedList pages={events} empty="No events.">
        {(items, busy) => <AuditTable events={items} busy={busy} />}
      </PagedList>
    </>
  );
}

function readFilters(params: URLSearchParams): AuditFilters {
  const get = (name: (typeof FIELDS)[number]) => params.get(name) ?? "";
  const day = (name: "from" | "to") => DAY.test(get(name)) ? get(name) : "";
  const action = get("action") in ACTIONS ? get("action") as AuditFilters["action"] : "";
  return { user: get("user"), action, from: day("from"), to: day("to") };
}
