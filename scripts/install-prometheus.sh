#!/usr/bin/env bash
# Installs Prometheus (and promtool) from the Debian package, to run as a project-owned process on loopback
# (packages/local-platform/src/prometheus.ts, config rendered from monitoring/prometheus.yml). The package's own
# service (prometheus on :9090, with node-exporter) is never left running nor enabled at boot.
# Idempotent: installs only when the pinned version is missing.
source "$(dirname "$0")/lib/common.sh"

installed_version() {
  dpkg-query -W -f='${db:Status-Abbrev} ${Version}\n' "$1" 2>/dev/null | awk '$1 == "ii" { sub(/^[0-9]+:/, "", $2); sub(/[+-].*$/, "", $2); print $2 }'
}

candidate_version() {
  apt-cache policy "$1" 2>/dev/null | awk '/Candidate:/ { v = $2; sub(/^[0-9]+:/, "", v); sub(/[+-].*$/, "", v); print v }'
}

# A prometheus as the package runs it: the prometheus user (the project's copy runs as the caller).
system_prometheus_pids() { pgrep -u prometheus 2>/dev/null || true; }

step "Prometheus $PROMETHEUS_VERSION (Debian package)"
if [[ "$(installed_version prometheus)" == "$PROMETHEUS_VERSION" ]] && command -v promtool >/dev/null; then
  info "present"
else
  [[ $EUID -eq 0 ]] || fail "installing prometheus needs root (apt-get)"
  info "refreshing the package lists"
  apt-get update -qq
  candidate=$(candidate_version prometheus)
  [[ "$candidate" == "$PROMETHEUS_VERSION" ]] ||
    fail "apt offers prometheus ${candidate:-(none)}, scripts/versions.env pins $PROMETHEUS_VERSION"
  policy=/usr/sbin/policy-rc.d
  created_policy=0
  if [[ ! -e $policy ]]; then
    # Debian's maintainer scripts start the service unless policy-rc.d forbids it: forbid it for the install.
    printf '#!/bin/sh\n# Written by scripts/install-prometheus.sh for the length of an install: start no services.\nexit 101\n' >"$policy"
    chmod 755 "$policy"
    created_policy=1
    trap 'rm -f /usr/sbin/policy-rc.d' EXIT
  fi
  info "installing prometheus (no recommends: no node-exporter)"
  output=$(mktemp)
  status=0
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus >"$output" 2>&1 || status=$?
  if ((created_policy)); then rm -f "$policy" && trap - EXIT; fi
  ((status == 0)) || { cat "$output" >&2; rm -f "$output"; fail "apt-get install prometheus failed"; }
  rm -f "$output"
  [[ "$(installed_version prometheus)" == "$PROMETHEUS_VERSION" ]] || fail "prometheus $PROMETHEUS_VERSION did not install"
fi
# Never started at boot, and never left running on :9090: the project runs its own on 127.0.0.1.
if [[ -x /etc/init.d/prometheus ]]; then update-rc.d prometheus disable >/dev/null 2>&1 || true; fi
if command -v systemctl >/dev/null && [[ -d /run/systemd/system ]]; then
  systemctl disable --now prometheus >/dev/null 2>&1 || true
fi
for pid in $(system_prometheus_pids); do
  info "stopping $(ps -o args= -p "$pid" 2>/dev/null || echo "process $pid") (pid $pid), started by the package install"
  kill "$pid" 2>/dev/null || true
done
command -v promtool >/dev/null || fail "promtool is missing (it ships with the prometheus package)"
info "prometheus $(prometheus --version 2>&1 | awk 'NR == 1 {print $3}'), promtool at $(command -v promtool)"
