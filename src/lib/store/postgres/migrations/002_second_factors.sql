-- Facilitators' second factors (src/lib/accounts/secondFactors.ts): the same records as the
-- embedded store's totp, passkeys and recoveryCodes.

-- An authenticator app: one per account at most.
CREATE TABLE totp_factors (
  facilitator_id text PRIMARY KEY REFERENCES facilitators (id),
  -- The id of the MFA key (MFA_KEY, never stored here) that sealed the secret.
  key_id text NOT NULL,
  -- The secret, AES-256-GCM: nonce, ciphertext and tag, base64url.
  sealed_secret text NOT NULL,
  -- The last 30-second step a code was accepted for.
  last_step bigint NOT NULL,
  created_at timestamptz NOT NULL
);

CREATE TABLE passkeys (
  seq bigserial UNIQUE,
  -- The credential id, base64url.
  id text PRIMARY KEY,
  facilitator_id text NOT NULL REFERENCES facilitators (id),
  name text NOT NULL,
  -- The COSE public key, base64url.
  public_key text NOT NULL,
  counter bigint NOT NULL,
  transports jsonb NOT NULL,
  created_at timestamptz NOT NULL,
  last_used_at timestamptz
);
CREATE INDEX passkeys_facilitator ON passkeys (facilitator_id, seq);

-- Keyed hashes of unused recovery codes.
CREATE TABLE recovery_codes (
  seq bigserial UNIQUE,
  facilitator_id text NOT NULL REFERENCES facilitators (id),
  hash text NOT NULL,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (facilitator_id, hash)
);
