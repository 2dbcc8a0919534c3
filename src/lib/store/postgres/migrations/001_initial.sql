-- The Voices store on PostgreSQL. The same records as the embedded store (src/lib/store/lowStore.ts),
-- a column a field; seq keeps the order records were added, so an export reads back as it was.

CREATE TABLE submissions (
  seq bigserial UNIQUE,
  id text PRIMARY KEY,
  kind text NOT NULL,
  title text,
  body text,
  pen_name text,
  place text,
  prompt_id text,
  warnings jsonb NOT NULL,
  publish boolean NOT NULL,
  flags jsonb NOT NULL,
  urgent boolean NOT NULL,
  status text NOT NULL,
  -- A keyed hash of the receipt code; '' once the receipt has expired.
  receipt_hash text NOT NULL,
  created_at timestamptz NOT NULL,
  decided_at timestamptz,
  message text,
  published jsonb,
  -- published->>'at', kept as a column so Voices reads it from an index.
  published_at timestamptz
);
-- The queue: by status within the places in scope, urgent first, then oldest first; and its counts.
CREATE INDEX submissions_queue ON submissions (status, place, urgent DESC, created_at);
CREATE INDEX submissions_queue_all ON submissions (urgent DESC, created_at);
CREATE UNIQUE INDEX submissions_receipt ON submissions (receipt_hash) WHERE receipt_hash <> '';
-- Voices: published words, newest first.
CREATE INDEX submissions_voices ON submissions (published_at DESC) WHERE status = 'published';
CREATE INDEX submissions_prompt ON submissions (prompt_id) WHERE prompt_id IS NOT NULL;
-- Reports (what arrived in a period) and retention.
CREATE INDEX submissions_created ON submissions (created_at);

CREATE TABLE used_form_tokens (
  id text PRIMARY KEY,
  -- ms since the epoch
  expires_at bigint NOT NULL
);
CREATE INDEX used_form_tokens_expiry ON used_form_tokens (expires_at);

CREATE TABLE facilitators (
  seq bigserial UNIQUE,
  id text PRIMARY KEY,
  email text NOT NULL UNIQUE,
  role text NOT NULL,
  place text,
  password_hash text NOT NULL,
  disabled boolean NOT NULL,
  created_at timestamptz NOT NULL,
  -- A session made before this time is over (disable, set-password).
  sessions_valid_from timestamptz
);

CREATE TABLE sessions (
  id text PRIMARY KEY,
  value text NOT NULL,
  -- ms since the epoch
  expires_at bigint NOT NULL
);
CREATE INDEX sessions_expiry ON sessions (expires_at);

CREATE TABLE audit (
  seq bigserial PRIMARY KEY,
  at timestamptz NOT NULL,
  actor text NOT NULL,
  action text NOT NULL,
  target text
);
CREATE INDEX audit_target ON audit (target, seq);
CREATE INDEX audit_at ON audit (at);

CREATE TABLE prompts (
  seq bigserial UNIQUE,
  id text PRIMARY KEY,
  question text NOT NULL,
  context text NOT NULL,
  place text,
  -- UK days, YYYY-MM-DD
  opens_on text NOT NULL,
  closes_on text NOT NULL,
  closed_at timestamptz,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL,
  outcome jsonb
);

CREATE TABLE workshop_codes (
  seq bigserial UNIQUE,
  id text PRIMARY KEY,
  code text NOT NULL UNIQUE,
  place text NOT NULL,
  prompt_id text,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL
);
CREATE INDEX workshop_codes_place ON workshop_codes (place, expires_at);

-- One row: keys receipt hashes, form tokens and sign-in counters on every server.
CREATE TABLE server_secret (
  only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
  secret bytea NOT NULL
);

-- The random key client addresses are hashed under for rate limits: today's only, replaced daily.
CREATE TABLE client_keys (
  -- UTC days since the epoch
  day integer PRIMARY KEY,
  key bytea NOT NULL
);

-- rate-limiter-flexible's RateLimiterPostgres table: one row per limit and key.
CREATE TABLE rate_limits (
  key varchar(255) PRIMARY KEY,
  points integer NOT NULL DEFAULT 0,
  expire bigint
);
