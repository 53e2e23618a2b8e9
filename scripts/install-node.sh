#!/usr/bin/env bash
# npm workspaces: `npm ci` when node_modules is missing or older than the lock file, otherwise nothing.
source "$(dirname "$0")/lib/common.sh"
cd "$REPO_ROOT"
step "node packages"
node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)' ||
  fail "Node.js 20.19 or newer is required (found $(node --version))"
if [[ -d node_modules && node_modules/.package-lock.json -nt package-lock.json ]]; then
  info "node_modules up to date"
else
  npm ci --no-audit --no-fund --loglevel=error
  touch node_modules/.package-lock.json
fi
