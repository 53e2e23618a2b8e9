#!/usr/bin/env bash
# Builds the Dapr runtime (daprd, placement, scheduler, sentry) and the dapr CLI from their published Go modules into a cache
# outside the repo. No Docker and no `dapr init` (it downloads release archives, which this machine cannot reach).
# Idempotent: skips every binary that is present and answers --version with the pinned version.
source "$(dirname "$0")/lib/common.sh"

RUNTIME_MODULE=github.com/dapr/dapr
CLI_MODULE=github.com/dapr/cli
BUILD_ROOT="$CACHE_ROOT/dapr/$DAPR_RUNTIME_VERSION/build"
# Fixes the pinned release lacks (each patch says why), applied to a copy of its source: DAPR_RUNTIME_BUILD names the
# result, so binaries of another build (an older checkout's) are never overwritten.
PATCH_DIR="$REPO_ROOT/scripts/patches/dapr-$DAPR_RUNTIME_VERSION"
mapfile -t PATCHES < <(find "$PATCH_DIR" -name '*.patch' 2>/dev/null | LC_ALL=C sort)
PATCHES_SHA=$( ((${#PATCHES[@]})) && cat "${PATCHES[@]}" | sha256sum | cut -c1-16 || echo none)
mkdir -p "$DAPR_BIN_DIR" "$BUILD_ROOT"

command -v go >/dev/null || fail "Go is required to build Dapr (it ships with this machine kind)"

# A binary counts as current when its stamp (version and sha256, written after a successful build) matches and, for
# daprd and the CLI, when it reports that version itself (placement and scheduler have no --version flag).
binary_is_current() { # name version
  local bin="$DAPR_BIN_DIR/$1" stamp="$DAPR_BIN_DIR/.$1.stamp"
  [[ -x "$bin" && -f "$stamp" ]] || return 1
  [[ "$(cat "$stamp")" == "$2 $(stamp_of "$1" "$2")" ]] || return 1
  case "$1" in
    dapr) "$bin" version --output json 2>/dev/null | grep -q "\"Cli version\": \"$2\"" ;;
    daprd) [[ "$("$bin" --version 2>/dev/null)" == "$2" ]] ;;
    *) return 0 ;;
  esac
}

# The binary's hash, and for the runtime the patches it was built with.
stamp_of() { # name version
  local sha
  sha=$(sha256sum "$DAPR_BIN_DIR/$1" | cut -d' ' -f1)
  if [[ "$1" == dapr ]]; then echo "$sha"; else echo "$sha patches:$PATCHES_SHA"; fi
}

write_stamp() { # name version
  echo "$2 $(stamp_of "$1" "$2")" >"$DAPR_BIN_DIR/.$1.stamp"
}

# The module cache is read-only and the runtime's go.mod carries `replace` directives (so `go install m@v` refuses):
# copy the module to a writable folder and build it there as a main module.
prepare_source() { # module version dest
  local module=$1 version=$2 dest=$3 dir
  if [[ -f "$dest/go.mod" ]]; then return 0; fi
  info "downloading $module@v$version from the Go module proxy"
  dir=$(go mod download -json "$module@v$version" 2>/dev/null | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
  [[ -d "$dir" ]] || fail "go mod download did not return a source folder for $module@v$version"
  rm -rf "$dest.tmp" && cp -r "$dir" "$dest.tmp" && chmod -R u+w "$dest.tmp" && mv "$dest.tmp" "$dest"
}

# Resolving the import graph takes seconds and names every module the proxy refuses, instead of failing 10 minutes
# into a build.
check_modules_served() { # src
  [[ -f "$1/.modules-served" ]] && return 0
  info "checking that the Go module proxy serves every module the runtime imports"
  local refused
  if ! refused=$(cd "$1" && go list -deps -tags=allcomponents ./cmd/daprd ./cmd/placement ./cmd/scheduler ./cmd/sentry 2>&1 >/dev/null); then
    printf '%s\n' "$refused" | grep -oE '[^ ]+@v[^:]+: reading [^ ]+: [0-9]+ [A-Za-z ]+' | sort -u >&2 || printf '%s\n' "$refused" >&2
    fail "the Go module proxy did not serve every module Dapr $DAPR_RUNTIME_VERSION needs (see above)"
  fi
  touch "$1/.modules-served"
}

# The release's source with the patches applied, once (a folder per build: the stamp file records what went in).
prepare_patched_source() { # dest
  local dest=$1 patch
  if [[ -f "$dest/.patches-applied" && "$(cat "$dest/.patches-applied")" == "$PATCHES_SHA" ]]; then return 0; fi
  rm -rf "$dest"
  prepare_source "$RUNTIME_MODULE" "$DAPR_RUNTIME_VERSION" "$dest"
  for patch in "${PATCHES[@]}"; do
    info "applying $(basename "$patch")"
    (cd "$dest" && git apply -p1 "$patch") || fail "$patch does not apply to Dapr $DAPR_RUNTIME_VERSION"
  done
  echo "$PATCHES_SHA" >"$dest/.patches-applied"
}

build_runtime_binary() { # name
  local name=$1 src="$BUILD_ROOT/dapr-$DAPR_RUNTIME_BUILD" started
  prepare_patched_source "$src"
  check_modules_served "$src"
  started=$SECONDS
  info "building $name $DAPR_RUNTIME_VERSION (cold builds take 10-30 minutes on 2 cores; go prints each package it compiles)"
  # A non-semver ("edge") version makes the CLI silently drop flags such as --scheduler-host-address.
  local ldflags="-s -w"
  ldflags+=" -X github.com/dapr/dapr/pkg/buildinfo.version=$DAPR_RUNTIME_VERSION"
  ldflags+=" -X github.com/dapr/dapr/pkg/buildinfo.gitversion=v$DAPR_RUNTIME_VERSION"
  ldflags+=" -X github.com/dapr/kit/logger.DaprVersion=$DAPR_RUNTIME_VERSION"
  (cd "$src" && CGO_ENABLED=0 go build -v -trimpath -tags=allcomponents -ldflags "$ldflags" \
      -o "$DAPR_BIN_DIR/$name.tmp" "./cmd/$name" 2>&1 | progress_lines "$name")
  mv "$DAPR_BIN_DIR/$name.tmp" "$DAPR_BIN_DIR/$name"
  write_stamp "$name" "$DAPR_RUNTIME_VERSION"
  info "$name built in $((SECONDS - started))s"
}

build_cli() {
  local src="$BUILD_ROOT/cli-$DAPR_CLI_VERSION" started=$SECONDS
  prepare_source "$CLI_MODULE" "$DAPR_CLI_VERSION" "$src"
  info "building dapr CLI $DAPR_CLI_VERSION"
  (cd "$src" && CGO_ENABLED=0 go build -v -trimpath \
      -ldflags "-s -w -X main.version=$DAPR_CLI_VERSION -X main.apiVersion=1.0 -X main.runtimeVersion=$DAPR_RUNTIME_VERSION" \
      -o "$DAPR_BIN_DIR/dapr.tmp" . 2>&1 | progress_lines dapr)
  mv "$DAPR_BIN_DIR/dapr.tmp" "$DAPR_BIN_DIR/dapr"
  write_stamp dapr "$DAPR_CLI_VERSION"
  info "dapr CLI built in $((SECONDS - started))s"
}

step "Dapr runtime $DAPR_RUNTIME_VERSION (build $DAPR_RUNTIME_BUILD, ${#PATCHES[@]} patches) and CLI $DAPR_CLI_VERSION in $DAPR_BIN_DIR"
for name in daprd placement scheduler sentry; do
  if binary_is_current "$name" "$DAPR_RUNTIME_VERSION"; then info "$name $DAPR_RUNTIME_VERSION present"; else build_runtime_binary "$name"; fi
  binary_is_current "$name" "$DAPR_RUNTIME_VERSION" || fail "$name was built but does not report version $DAPR_RUNTIME_VERSION"
done
# The CLI is optional: `make up` prefers `dapr run -f dapr.yaml` and falls back to the project's runner, which reads
# the same file. The proxy here refuses github.com/dapr/cli, so a refusal is reported, not fatal.
if binary_is_current dapr "$DAPR_CLI_VERSION"; then
  info "dapr CLI $DAPR_CLI_VERSION present"
elif [[ -f "$CACHE_ROOT/dapr/cli-$DAPR_CLI_VERSION.refused" ]]; then
  info "dapr CLI $DAPR_CLI_VERSION: refused by the Go module proxy earlier; using the project's runner for dapr.yaml"
elif (build_cli); then
  binary_is_current dapr "$DAPR_CLI_VERSION" || fail "the dapr CLI was built but does not report version $DAPR_CLI_VERSION"
else
  touch "$CACHE_ROOT/dapr/cli-$DAPR_CLI_VERSION.refused"
  info "dapr CLI $DAPR_CLI_VERSION could not be fetched; using the project's runner for dapr.yaml (rm $CACHE_ROOT/dapr/cli-*.refused to retry)"
fi
info "done: $(ls "$DAPR_BIN_DIR" | tr '\n' ' ')"
