#!/bin/sh
# One login role and one database per Vigil service, all with VIGIL_DB_PASSWORD (Compose only;
# on Kubernetes each role has its own Secret). Runs once, on an empty data directory.
set -eu
for name in gateway sync scanning secrets repoconfig; do
  psql -v ON_ERROR_STOP=1 -U postgres -v role="vigil_$name" -v password="$VIGIL_DB_PASSWORD" <<'SQL'
CREATE ROLE :"role" LOGIN PASSWORD :'password';
CREATE DATABASE :"role" OWNER :"role";
SQL
done
