#!/bin/bash
# Runs once, when the Postgres data folder is first created: one role and one database per app, each role allowed
# into its own database only (as the local platform does). Passwords come from the apps' <app>-database Secrets.
set -euo pipefail
for app in auth catalog order inventory payment notification user shipping deadletters; do
  var="${app^^}_DB_PASSWORD"
  psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
    -v app="$app" -v password="${!var}" <<'SQL'
CREATE ROLE :"app" LOGIN PASSWORD :'password';
CREATE DATABASE :"app" OWNER :"app";
REVOKE CONNECT ON DATABASE :"app" FROM PUBLIC;
SQL
done
