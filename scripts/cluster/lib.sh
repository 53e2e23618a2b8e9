# Shared settings of the local one-node Kubernetes cluster (`make cluster-up`): where its binaries are cached, where
# its state lives, the image registry and the image builder. Sourced by every script of scripts/cluster/.
# shellcheck shell=bash
# shellcheck source=../lib/common.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/lib/common.sh"

# Binaries and images built once and reused (like the Dapr build): never in the repository, kept by `cluster-down`.
CLUSTER_CACHE="$CACHE_ROOT/cluster"
# The running cluster's state (etcd, containerd, kubelet, certificates, CNI leases, pids, logs): removed by
# `cluster-down`. Root's, because containerd and the kubelet run as root.
CLUSTER_STATE="${SHOP_CLUSTER_STATE:-/var/lib/dapr-shop/cluster}"
CLUSTER_RUN="${SHOP_CLUSTER_RUN:-/run/dapr-shop/cluster}"
CLUSTER_LOGS="$CLUSTER_STATE/logs"
KUBE_CONTEXT=dapr-shop-local

# Images the cluster runs: pushed to the project's registry (Debian's docker-registry, a process of ours on loopback,
# its blobs under the cache so that a new cluster starts from warm images), pulled by the cluster's containerd.
REGISTRY_HOST=127.0.0.1
REGISTRY_PORT="${SHOP_REGISTRY_PORT:-5001}"
REGISTRY="$REGISTRY_HOST:$REGISTRY_PORT"
REGISTRY_DATA="$CACHE_ROOT/registry"

# Images are built without Docker by Debian's buildah, as root, with a storage of the project's own (overlay, chroot
# isolation: this VM runs no daemon and lacks the capabilities a user namespace would need).
BUILDAH_ROOT="$CACHE_ROOT/buildah/storage"
BUILDAH_RUNROOT="/run/dapr-shop/buildah"

shop_buildah() {
  buildah --root "$BUILDAH_ROOT" --runroot "$BUILDAH_RUNROOT" --storage-driver overlay "$@"
}

# push_image LOCAL_NAME REF: the built image to the registry, over plain HTTP on loopback.
push_image() {
  shop_buildah push --quiet --tls-verify=false "$1" "docker://$2"
}

require_root() {
  [[ $(id -u) -eq 0 ]] || fail "$1 needs root (containerd, the kubelet and the image builder run as root): run it with sudo"
}

# apt_install PACKAGE...: the Debian packages that are missing, once (apt-get update first, as on a fresh machine).
apt_install() {
  local missing=() package
  for package in "$@"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
  done
  ((${#missing[@]} == 0)) && return 0
  info "installing from Debian: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}
