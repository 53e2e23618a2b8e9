#!/usr/bin/env bash
# The cluster's image registry: Debian's docker-registry (distribution 2.8) as a process of the project's on
# 127.0.0.1:5001, plain HTTP on loopback only, its blobs under ~/.cache/dapr-shop/registry (kept between clusters).
#   scripts/cluster/registry.sh start | stop | status
source "$(dirname "$0")/lib.sh"

PID_FILE="$CACHE_ROOT/registry.pid"
CONFIG="$CACHE_ROOT/registry.yml"
LOG="$CACHE_ROOT/registry.log"

running() { [[ -f $PID_FILE ]] && kill -0 "$(cat "$PID_FILE")" 2>/dev/null && [[ $(cat "/proc/$(cat "$PID_FILE")/comm" 2>/dev/null) == docker-registry* ]]; }

start() {
  if running; then info "registry already running on $REGISTRY"; return 0; fi
  step "image registry on $REGISTRY"
  apt_install docker-registry
  mkdir -p "$REGISTRY_DATA"
  cat >"$CONFIG" <<YAML
version: 0.1
log: { level: warn, fields: { service: registry } }
storage:
  filesystem: { rootdirectory: $REGISTRY_DATA }
  delete: { enabled: true }
http:
  addr: $REGISTRY
  headers: { X-Content-Type-Options: [nosniff] }
YAML
  port_is_open "$REGISTRY_PORT" && fail "127.0.0.1:$REGISTRY_PORT is taken by another process (set SHOP_REGISTRY_PORT)"
  setsid /usr/bin/docker-registry serve "$CONFIG" >>"$LOG" 2>&1 </dev/null &
  echo $! >"$PID_FILE"
  wait_for_port "$REGISTRY_PORT" 30 registry
  info "registry ready: http://$REGISTRY/v2/ (log $LOG)"
}

stop() {
  if running; then
    step "stopping the image registry"
    kill "$(cat "$PID_FILE")"
    local i
    for ((i = 0; i < 50; i++)); do running || break; sleep 0.1; done
  fi
  rm -f "$PID_FILE"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) if running; then echo "registry running on $REGISTRY (pid $(cat "$PID_FILE"))"; else echo "registry stopped"; exit 1; fi ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
