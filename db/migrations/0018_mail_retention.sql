-- migrate:up
-- The retention job deletes mail some days after it was delivered or given up on (its envelope
-- has served the admins' view by then): this finds those rows without reading the queue's.
create index mail_outbox_finished_idx on mail_outbox ((coalesce(sent_at, failed_at)))
  where status <> 'queued';

-- migrate:down
drop index mail_outbox_finished_idx;
