#!/bin/sh
# npm run test:postgres: one throwaway PostgreSQL cluster (pg_virtualenv, from Debian's
# postgresql-common) for every PostgreSQL check: the store contract and its own tests (vitest),
# then two servers on one database in the browser (Playwright). Never skipped: without
# pg_virtualenv it fails, saying how to get it.
set -eu
if ! command -v pg_virtualenv >/dev/null 2>&1; then
  echo "test:postgres needs PostgreSQL and pg_virtualenv: apt-get install postgresql (Debian), then run it again." >&2
  exit 1
fi
exec pg_virtualenv -- sh -c 'npx vitest run --config vitest.postgres.config.ts && npx playwright test -c playwright.postgres.config.ts'
