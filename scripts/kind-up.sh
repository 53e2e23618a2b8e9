#!/usr/bin/env bash
# The platform on a local kind cluster, from nothing: creates the cluster (kind-config.yaml, node image pinned in
# scripts/versions.env), installs ingress-nginx and Dapr (its Helm chart at DAPR_RUNTIME_VERSION), creates the Secrets
# (scripts/k8s-secrets.sh), builds the 11 images, loads them into the cluster and applies k8s/overlays/kind.
#
#   scripts/kind-up.sh                 everything; then http://localhost/api/v1/products answers
#   scripts/kind-up.sh --cluster-only  the cluster alone: `tilt up` installs the rest and live-updates the apps
#   scripts/kind-up.sh --down          deletes the cluster
#
# Needs docker (with a running engine), kind, kubectl and helm on PATH. Each step is idempotent.
# shellcheck source=lib/common.sh
source "$(dirname "$0")/lib/common.sh"

CLUSTER=dapr-shop
APPS=(gateway auth catalog order inventory payment notification cart user shipping deadletters)
INGRESS_MANIFEST="https://raw.githubusercontent.com/kubernetes/ingress-nginx/controller-v$INGRESS_NGINX_VERSION/deploy/static/provider/kind/deploy.yaml"
DAPR_HELM_REPO=https://dapr.github.io/helm-charts

mode=all
case "${1:-}" in
  "") ;;
  --cluster-only) mode=cluster ;;
  --down) mode=down ;;
  -h | --help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
  *) fail "unknown option $1 (see --help)" ;;
esac

require() { for tool; do command -v "$tool" >/dev/null || fail "$tool is required on PATH"; done; }

if [[ $mode == down ]]; then
  require kind
  step "deleting kind cluster $CLUSTER"
  kind delete cluster --name "$CLUSTER"
  exit 0
fi

require docker kind kubectl
docker info >/dev/null 2>&1 || fail "docker cannot reach a Docker engine (kind runs its node in a container)"

step "kind cluster $CLUSTER ($KIND_NODE_IMAGE)"
if kind get clusters 2>/dev/null | grep -qx "$CLUSTER"; then
  info "present"
else
  kind create cluster --config "$REPO_ROOT/kind-config.yaml" --image "$KIND_NODE_IMAGE" --wait 120s
fi
kubectl config use-context "kind-$CLUSTER" >/dev/null
[[ $mode == cluster ]] && { info "cluster ready: now run 'tilt up' in $REPO_ROOT"; exit 0; }

require helm
step "ingress-nginx $INGRESS_NGINX_VERSION"
kubectl apply -f "$INGRESS_MANIFEST"
kubectl wait --namespace ingress-nginx --for=condition=Available deployment/ingress-nginx-controller --timeout=180s

step "Dapr $DAPR_RUNTIME_VERSION (Helm chart)"
helm upgrade --install dapr dapr --repo "$DAPR_HELM_REPO" --version "$DAPR_RUNTIME_VERSION" \
  --namespace dapr-system --create-namespace --values "$REPO_ROOT/k8s/dapr/helm-values-kind.yaml" --wait --timeout 10m

step "Secrets"
bash "$REPO_ROOT/scripts/k8s-secrets.sh" --namespace default

step "images (one Dockerfile, target runtime)"
for app in "${APPS[@]}"; do
  info "dapr-shop/$app:dev"
  docker build --quiet --target runtime --build-arg "SERVICE=$app" --tag "dapr-shop/$app:dev" "$REPO_ROOT" >/dev/null
  kind load docker-image --name "$CLUSTER" "dapr-shop/$app:dev" >/dev/null
done

step "k8s/overlays/kind"
kubectl apply -k "$REPO_ROOT/k8s/overlays/kind"
for app in "${APPS[@]}"; do
  kubectl rollout status --namespace default "deployment/$app" --timeout=300s
done
info "ready: curl http://localhost/api/v1/products"
