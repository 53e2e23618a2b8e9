#!/usr/bin/env bash
# Installs the Debian packages the local platform runs as project-owned processes: PostgreSQL and Redis; and jq, which
# the README's curl examples and scripts/screenshot-trace.sh use.
# Idempotent: installs only what is missing. Never starts the system services (the project runs its own instances on
# non-default loopback ports, with data under .runtime/).
source "$(dirname "$0")/lib/common.sh"

missing=()
[[ -x "/usr/lib/postgresql/$POSTGRES_MAJOR/bin/postgres" ]] || missing+=("postgresql-$POSTGRES_MAJOR")
command -v redis-server >/dev/null || missing+=(redis-server)
command -v openssl >/dev/null || missing+=(openssl)
command -v jq >/dev/null || missing+=(jq)

step "system packages"
if ((${#missing[@]} == 0)); then
  info "PostgreSQL $POSTGRES_MAJOR, Redis, openssl and jq present"
else
  [[ $EUID -eq 0 ]] || fail "installing ${missing[*]} needs root (apt-get)"
  # Keep Debian from creating and starting its own cluster on 5432: the project runs its own.
  mkdir -p /etc/postgresql-common
  grep -qs '^create_main_cluster = false' /etc/postgresql-common/createcluster.conf ||
    echo 'create_main_cluster = false' >>/etc/postgresql-common/createcluster.conf
  info "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
redis_major=$(redis-server --version | sed -E 's/.* v=([0-9]+).*/\1/')
((redis_major >= REDIS_MAJOR)) || fail "redis-server $redis_major found; $REDIS_MAJOR or newer is required"
id postgres >/dev/null 2>&1 || fail "the postgres system user is missing (it comes with the postgresql package)"
info "postgres $("/usr/lib/postgresql/$POSTGRES_MAJOR/bin/postgres" --version | awk '{print $3}'), redis $(redis-server --version | sed -E 's/.* v=([0-9.]+).*/\1/')"
