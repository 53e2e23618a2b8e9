#!/usr/bin/env bash
# Installs Prometheus (with promtool) and Alertmanager (with amtool) from the Debian packages, to run as project-owned
# processes on loopback (packages/local-platform/src/prometheus.ts and alertmanager.ts, configs rendered from
# monitoring/). The packages' own services (prometheus on :9090 with node-exporter, alertmanager on :9093) are never
# left running nor enabled at boot.
# Idempotent: installs only what is missing at its pinned version.
source "$(dirname "$0")/lib/common.sh"

installed_version() {
  dpkg-query -W -f='${db:Status-Abbrev} ${Version}\n' "$1" 2>/dev/null | awk '$1 == "ii" { sub(/^[0-9]+:/, "", $2); sub(/[+-].*$/, "", $2); print $2 }'
}

candidate_version() {
  apt-cache policy "$1" 2>/dev/null | awk '/Candidate:/ { v = $2; sub(/^[0-9]+:/, "", v); sub(/[+-].*$/, "", v); print v }'
}

lists_refreshed=0
# Installs a Debian package at its pinned version with no recommends and no service started by its maintainer scripts.
install_package() {
  local package=$1 version=$2
  [[ $EUID -eq 0 ]] || fail "installing $package needs root (apt-get)"
  if ((!lists_refreshed)); then
    info "refreshing the package lists"
    apt-get update -qq
    lists_refreshed=1
  fi
  local candidate
  candidate=$(candidate_version "$package")
  [[ "$candidate" == "$version" ]] || fail "apt offers $package ${candidate:-(none)}, scripts/versions.env pins $version"
  local policy=/usr/sbin/policy-rc.d created_policy=0
  if [[ ! -e $policy ]]; then
    # Debian's maintainer scripts start the service unless policy-rc.d forbids it: forbid it for the install.
    printf '#!/bin/sh\n# Written by scripts/install-prometheus.sh for the length of an install: start no services.\nexit 101\n' >"$policy"
    chmod 755 "$policy"
    created_policy=1
    trap 'rm -f /usr/sbin/policy-rc.d' EXIT
  fi
  info "installing $package (no recommends)"
  local output status=0
  output=$(mktemp)
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$package" >"$output" 2>&1 || status=$?
  if ((created_policy)); then rm -f "$policy" && trap - EXIT; fi
  ((status == 0)) || { cat "$output" >&2; rm -f "$output"; fail "apt-get install $package failed"; }
  rm -f "$output"
  [[ "$(installed_version "$package")" == "$version" ]] || fail "$package $version did not install"
}

# Never started at boot, and never left running: the project runs its own copies on 127.0.0.1.
disable_service() {
  local service=$1 user=$2 pid
  if [[ -x /etc/init.d/$service ]]; then update-rc.d "$service" disable >/dev/null 2>&1 || true; fi
  if command -v systemctl >/dev/null && [[ -d /run/systemd/system ]]; then
    systemctl disable --now "$service" >/dev/null 2>&1 || true
  fi
  # A copy as the package runs it: under the package's user (the project's copies run as the caller).
  for pid in $(pgrep -u "$user" -f "$service" 2>/dev/null || true); do
    info "stopping $(ps -o args= -p "$pid" 2>/dev/null || echo "process $pid") (pid $pid), started by the package install"
    kill "$pid" 2>/dev/null || true
  done
}

step "Prometheus $PROMETHEUS_VERSION (Debian package)"
if [[ "$(installed_version prometheus)" == "$PROMETHEUS_VERSION" ]] && command -v promtool >/dev/null; then
  info "present"
else
  install_package prometheus "$PROMETHEUS_VERSION"
fi
disable_service prometheus prometheus
command -v promtool >/dev/null || fail "promtool is missing (it ships with the prometheus package)"
info "prometheus $(prometheus --version 2>&1 | awk 'NR == 1 {print $3}'), promtool at $(command -v promtool)"

step "Alertmanager $ALERTMANAGER_VERSION (Debian package prometheus-alertmanager)"
if [[ "$(installed_version prometheus-alertmanager)" == "$ALERTMANAGER_VERSION" ]] && command -v amtool >/dev/null; then
  info "present"
else
  install_package prometheus-alertmanager "$ALERTMANAGER_VERSION"
fi
disable_service prometheus-alertmanager prometheus
command -v amtool >/dev/null || fail "amtool is missing (it ships with the prometheus-alertmanager package)"
info "alertmanager $(prometheus-alertmanager --version 2>&1 | awk 'NR == 1 {print $3}'), amtool at $(command -v amtool)"
