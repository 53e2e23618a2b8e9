#!/usr/bin/env bash
# The tools that validate k8s/, the Dockerfile and the Tiltfile offline (make test), built or generated into a cache
# outside the repo ($CACHE_ROOT/k8s-tools), at the versions pinned in scripts/versions.env:
#   kustomize    from its Go module (sigs.k8s.io/kustomize/kustomize/v5)
#   kubeconform  from its Go module (github.com/yannh/kubeconform/cmd/kubeconform)
#   tilt         from its Go module (github.com/tilt-dev/tilt/cmd/tilt), to evaluate the Tiltfile
#   promtool     from the Go module of the kind overlay's Prometheus (github.com/prometheus/prometheus/cmd/promtool), to
#                check its config: Debian's promtool (scripts/install-prometheus.sh) knows no kubernetes_sd_configs
#   schemas      Kubernetes JSON schemas from the release's OpenAPI document (Go module k8s.io/kubernetes,
#                api/openapi-spec/swagger.json), Dapr CRD schemas from the Dapr runtime module (charts/dapr/crds) and
#                the sidecar annotations Dapr knows (pkg/injector/annotations); see scripts/k8s/json-schemas.mjs
#   ShellCheck   the Debian package, for the cluster scripts
# Idempotent: a tool is rebuilt only when its stamp (version and checksum) does not match. A cold run takes 10-20
# minutes on 2 cores, most of it Tilt; go prints progress every 50 packages.
# shellcheck source=lib/common.sh
source "$(dirname "$0")/lib/common.sh"

TOOLS_DIR="$CACHE_ROOT/k8s-tools"
TOOLS_BIN="$TOOLS_DIR/bin"
BUILD_ROOT="$TOOLS_DIR/build"
SCHEMA_ROOT="$TOOLS_DIR/schemas"
mkdir -p "$TOOLS_BIN" "$BUILD_ROOT" "$SCHEMA_ROOT"

command -v go >/dev/null || fail "Go is required to build the Kubernetes tools (it ships with this machine kind)"
command -v node >/dev/null || fail "Node.js is required to generate the JSON schemas"

stamp_of() { echo "$2 $(sha256sum "$TOOLS_BIN/$1" | cut -d' ' -f1)"; }
is_current() { # name version
  [[ -x "$TOOLS_BIN/$1" && -f "$TOOLS_BIN/.$1.stamp" && "$(cat "$TOOLS_BIN/.$1.stamp")" == "$(stamp_of "$1" "$2")" ]]
}

# go_module_dir MODULE VERSION — downloads a module (no build) and prints its read-only folder in the module cache.
go_module_dir() {
  local dir
  dir=$(go mod download -json "$1@v$2" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
  [[ -d "$dir" ]] || fail "the Go module proxy did not serve $1@v$2"
  printf '%s\n' "$dir"
}

# go_install NAME PACKAGE VERSION — `go install` of a module without replace directives.
go_install() {
  local name=$1 package=$2 version=$3 started=$SECONDS
  if is_current "$name" "$version"; then info "$name $version present"; return 0; fi
  info "building $name $version from $package"
  (GOBIN="$BUILD_ROOT/gobin" CGO_ENABLED=0 go install -v -trimpath -ldflags "-s -w" "$package@v$version" 2>&1 | progress_lines "$name")
  # go names the binary after the package path's last element that is not a major version (kustomize, not v5).
  [[ -x "$BUILD_ROOT/gobin/$name" ]] || fail "$name was not built"
  mv "$BUILD_ROOT/gobin/$name" "$TOOLS_BIN/$name"
  stamp_of "$name" "$version" >"$TOOLS_BIN/.$name.stamp"
  info "$name built in $((SECONDS - started))s"
}

# writable_module_copy DIR MODULE VERSION — a writable copy of a module in DIR, to build as the main module: a go.mod
# with replace directives makes `go install module@version` refuse (as scripts/install-dapr.sh found for daprd).
writable_module_copy() {
  local src=$1 dir
  [[ -f "$src/go.mod" ]] && return 0
  info "downloading $2@v$3 from the Go module proxy"
  dir=$(go_module_dir "$2" "$3")
  rm -rf "$src.tmp" && cp -r "$dir" "$src.tmp" && chmod -R u+w "$src.tmp" && mv "$src.tmp" "$src"
}

# put_built NAME VERSION STARTED — puts $TOOLS_BIN/NAME.tmp, just built, in place and stamps it.
put_built() {
  [[ -x "$TOOLS_BIN/$1.tmp" ]] || fail "$1 was not built"
  mv "$TOOLS_BIN/$1.tmp" "$TOOLS_BIN/$1"
  stamp_of "$1" "$2" >"$TOOLS_BIN/.$1.stamp"
  info "$1 built in $((SECONDS - $3))s"
}

# Tilt's go.mod has replace directives: built from a writable copy. It needs cgo (tree-sitter).
build_tilt() {
  local src="$BUILD_ROOT/tilt-$TILT_VERSION" started=$SECONDS
  if is_current tilt "$TILT_VERSION"; then info "tilt $TILT_VERSION present"; return 0; fi
  command -v gcc >/dev/null || fail "tilt needs a C compiler (cgo): apt-get install gcc"
  writable_module_copy "$src" github.com/tilt-dev/tilt "$TILT_VERSION"
  info "building tilt $TILT_VERSION (cold builds take 10-20 minutes on 2 cores)"
  (cd "$src" && CGO_ENABLED=1 go build -v -mod=mod -trimpath -ldflags "-s -w -X main.version=$TILT_VERSION" \
      -o "$TOOLS_BIN/tilt.tmp" ./cmd/tilt 2>&1 | progress_lines tilt)
  put_built tilt "$TILT_VERSION" "$started"
}

# Prometheus's go.mod has replace directives too: built from a writable copy, whose Go module version for release 2.x.y
# is v0.x.y. Its plugins package, which registers every cloud's service discovery (and pulls in each cloud's SDK), is
# emptied: promtool registers the file, http and Kubernetes discovery itself, and the overlays use no other.
build_promtool() {
  local version=$KIND_PROMETHEUS_VERSION src="$BUILD_ROOT/prometheus-$KIND_PROMETHEUS_VERSION" started=$SECONDS
  if is_current promtool "$version"; then info "promtool $version present"; return 0; fi
  [[ $version == 2.* ]] || fail "KIND_PROMETHEUS_VERSION=$version: only 2.x releases map to Go module versions here"
  writable_module_copy "$src" github.com/prometheus/prometheus "0.${version#2.}"
  printf 'package plugins\n' >"$src/plugins/plugins.go"
  info "building promtool $version"
  (cd "$src" && CGO_ENABLED=0 go build -v -mod=mod -trimpath \
      -ldflags "-s -w -X github.com/prometheus/common/version.Version=$version" \
      -o "$TOOLS_BIN/promtool.tmp" ./cmd/promtool 2>&1 | progress_lines promtool)
  put_built promtool "$version" "$started"
}

# The schemas are regenerated when their inputs' versions or the generator change.
generate_schemas() {
  local generator="$REPO_ROOT/scripts/k8s/json-schemas.mjs" key dir crds
  local k8s_dir="$SCHEMA_ROOT/kubernetes/v$KUBERNETES_VERSION-standalone-strict"
  local dapr_dir="$SCHEMA_ROOT/dapr/$DAPR_RUNTIME_VERSION"
  key="$KUBERNETES_VERSION $DAPR_RUNTIME_VERSION $(sha256sum "$generator" | cut -d' ' -f1)"
  if [[ -f "$SCHEMA_ROOT/.stamp" && "$(cat "$SCHEMA_ROOT/.stamp")" == "$key" ]]; then
    info "schemas for Kubernetes $KUBERNETES_VERSION and Dapr $DAPR_RUNTIME_VERSION present"
    return 0
  fi
  info "downloading k8s.io/kubernetes@v$KUBERNETES_VERSION (its OpenAPI document; nothing is built)"
  dir=$(go_module_dir k8s.io/kubernetes "$KUBERNETES_VERSION")
  rm -rf "$k8s_dir" && node "$generator" kubernetes "$dir/api/openapi-spec/swagger.json" "$k8s_dir"
  info "reading the Dapr $DAPR_RUNTIME_VERSION CRDs and sidecar annotations from github.com/dapr/dapr@v$DAPR_RUNTIME_VERSION"
  dir=$(go_module_dir github.com/dapr/dapr "$DAPR_RUNTIME_VERSION")
  crds=("$dir"/charts/dapr/crds/*.yaml)
  rm -rf "$dapr_dir" && (cd "$REPO_ROOT" && node "$generator" crds "$dapr_dir" "${crds[@]}")
  grep -oE '"dapr\.io/[a-z0-9-]+"' "$dir/pkg/injector/annotations/annotations.go" | tr -d '"' | sort -u >"$dapr_dir/annotations.txt"
  info "$(wc -l <"$dapr_dir/annotations.txt") Dapr sidecar annotations listed"
  echo "$key" >"$SCHEMA_ROOT/.stamp"
}

install_shellcheck() {
  if command -v shellcheck >/dev/null; then info "shellcheck $(shellcheck --version | sed -n 's/^version: //p') present"; return 0; fi
  [[ $(id -u) == 0 ]] || fail "shellcheck is missing: apt-get install shellcheck (as root)"
  info "installing shellcheck from Debian"
  (apt-get install -y -qq shellcheck >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq shellcheck >/dev/null; }) ||
    fail "apt-get could not install shellcheck"
}

step "Kubernetes tools in $TOOLS_BIN"
go_install kustomize sigs.k8s.io/kustomize/kustomize/v5 "$KUSTOMIZE_VERSION"
go_install kubeconform github.com/yannh/kubeconform/cmd/kubeconform "$KUBECONFORM_VERSION"
build_tilt
build_promtool
generate_schemas
install_shellcheck
info "done: kustomize $KUSTOMIZE_VERSION, kubeconform $KUBECONFORM_VERSION, tilt $TILT_VERSION, promtool $KIND_PROMETHEUS_VERSION, schemas for Kubernetes $KUBERNETES_VERSION and Dapr $DAPR_RUNTIME_VERSION"
