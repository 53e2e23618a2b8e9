# Shared shell helpers for the project's scripts: paths, logging, waiting on ports.
# shellcheck shell=bash
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=../versions.env
source "$REPO_ROOT/scripts/versions.env"

CACHE_ROOT="${SHOP_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/dapr-shop}"
DAPR_BIN_DIR="$CACHE_ROOT/dapr/$DAPR_RUNTIME_BUILD/bin"
RUNTIME_DIR="${SHOP_RUNTIME_DIR:-$REPO_ROOT/.runtime}"

step() { printf '\033[1;34m==>\033[0m %s\n' "$*"; }
info() { printf '    %s\n' "$*"; }
fail() { printf '\033[1;31mxx\033[0m %s\n' "$*" >&2; exit 1; }

# wait_for_port PORT SECONDS [NAME]
wait_for_port() {
  local port=$1 seconds=$2 name=${3:-"port $1"} i
  for ((i = 0; i < seconds * 5; i++)); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then return 0; fi
    sleep 0.2
  done
  fail "$name did not open 127.0.0.1:$port within ${seconds}s"
}

port_is_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# For `go build -v` / `go install -v` output: prints a progress line every 50 compiled packages (and downloaded
# modules) instead of hundreds of package names; errors pass through.
progress_lines() {
  local name=$1 count=0 downloads=0 line
  while IFS= read -r line; do
    if [[ "$line" == "go: downloading "* ]]; then
      downloads=$((downloads + 1))
      ((downloads % 50 == 0)) && info "[$name] $downloads modules downloaded"
    elif [[ "$line" =~ ^[a-zA-Z0-9._/~-]+$ ]]; then
      count=$((count + 1))
      ((count % 50 == 0)) && info "[$name] $count packages compiled (latest: $line)"
    else
      printf '    [%s] %s\n' "$name" "$line"
    fi
  done
  return 0
}
