-- Team work on an item (src/lib/moderation/: notes, second opinions, who has it open) and email
-- alerts (src/lib/alerts/: what arrived, unopened items, the emails waiting to go).

ALTER TABLE submissions
  -- False until a digest or urgent alert has covered its arrival; items from before were covered.
  ADD COLUMN alerted boolean NOT NULL DEFAULT true,
  -- Its first opening by a facilitator: reminders stop.
  ADD COLUMN opened_at timestamptz,
  ADD COLUMN reminders integer NOT NULL DEFAULT 0,
  ADD COLUMN reminded_at timestamptz,
  -- An open request for a second opinion: who asked, and when. A decision clears it.
  ADD COLUMN second_opinion_by text,
  ADD COLUMN second_opinion_at timestamptz;
ALTER TABLE submissions ALTER COLUMN alerted SET DEFAULT false;
CREATE INDEX submissions_unalerted ON submissions (place) WHERE NOT alerted;
CREATE INDEX submissions_unopened ON submissions (created_at) WHERE status = 'pending' AND opened_at IS NULL;
CREATE INDEX submissions_second_opinion ON submissions (place) WHERE second_opinion_by IS NOT NULL;

-- Erased with the item's words (the store deletes them then) or with the item (the cascade).
CREATE TABLE team_notes (
  seq bigserial UNIQUE,
  id text PRIMARY KEY,
  item_id text NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
  facilitator_id text NOT NULL,
  at timestamptz NOT NULL,
  text text NOT NULL,
  second_opinion boolean NOT NULL
);
CREATE INDEX team_notes_item ON team_notes (item_id, seq);

CREATE TABLE item_presence (
  item_id text NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
  facilitator_id text NOT NULL,
  since timestamptz NOT NULL,
  until timestamptz NOT NULL,
  PRIMARY KEY (item_id, facilitator_id)
);

-- Each place's last digest or urgent alert ('' for no place given): claims compare-and-set on it.
CREATE TABLE alert_places (
  place text PRIMARY KEY,
  last_digest_at timestamptz
);

-- Alert emails waiting to go. The recipient is a facilitator id, never an address.
CREATE TABLE alert_outbox (
  seq bigserial UNIQUE,
  id text PRIMARY KEY,
  recipient text NOT NULL,
  email jsonb NOT NULL,
  created_at timestamptz NOT NULL,
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL,
  -- While a server is sending it.
  held_until timestamptz
);
CREATE INDEX alert_outbox_due ON alert_outbox (next_attempt_at, seq);

CREATE TABLE digest_off (
  facilitator_id text PRIMARY KEY REFERENCES facilitators (id)
);
