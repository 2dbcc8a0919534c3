#!/bin/sh
# Runs a command with a throwaway PostgreSQL cluster (pg_virtualenv, from Debian's postgresql-common:
# it exports PGHOST, PGPORT, PGUSER, PGPASSWORD and PGDATABASE, works as root, and removes the cluster
# at the end). Used by `npm run test:postgres` and `npm run test:soak`. Never skipped: without
# pg_virtualenv it fails, saying how to get it.
set -eu
if ! command -v pg_virtualenv >/dev/null 2>&1; then
  echo "This needs PostgreSQL and pg_virtualenv: apt-get install postgresql (Debian), then run it again." >&2
  exit 1
fi
# -t: the cluster lives in a temporary folder even as root, so runs side by side never share one.
exec pg_virtualenv -t -- "$@"
