#!/usr/bin/env bash
# Retakes the README's screenshot: one checkout through the gateway of a running `make up` platform, shown as one trace
# in Zipkin by headless Chromium (Debian's package, installed when missing). Writes docs/images/zipkin-checkout-trace.png.
#   make up && scripts/screenshot-trace.sh [output.png]
source "$(dirname "$0")/lib/common.sh"

OUTPUT=${1:-$REPO_ROOT/docs/images/zipkin-checkout-trace.png}
API=http://127.0.0.1:${GATEWAY_PORT:-8080}/api/v1
ZIPKIN=http://127.0.0.1:19411/zipkin

step "headless Chromium"
if command -v chromium >/dev/null; then
  info "present: $(chromium --version 2>/dev/null)"
else
  [[ $EUID -eq 0 ]] || fail "installing chromium needs root (apt-get)"
  info "installing Debian's chromium"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends chromium >/dev/null
fi

step "one checkout through the gateway"
curl -sf "$API/products" >/dev/null || fail "no gateway on $API: run 'make up' first"
curl -sf "$ZIPKIN/" >/dev/null || fail "no Zipkin on $ZIPKIN (make up's default TRACING=zipkin)"
json() { curl -sf -H 'content-type: application/json' "$@"; }
admin_password=$(jq -r '."admin-password"' "$RUNTIME_DIR/secrets/local-secrets.json")
admin=$(json -X POST "$API/auth/login" -d "{\"email\":\"admin@shop.local\",\"password\":\"$admin_password\"}" | jq -r .accessToken)
suffix=$(date +%s)
email="trace-$suffix@example.test"
json -X POST "$API/auth/register" -d "{\"email\":\"$email\",\"password\":\"correct horse battery\",\"name\":\"Trace\"}" >/dev/null
token=$(json -X POST "$API/auth/login" -d "{\"email\":\"$email\",\"password\":\"correct horse battery\"}" | jq -r .accessToken)
category=$(json -X POST "$API/categories" -H "authorization: Bearer $admin" -d "{\"name\":\"Trace $suffix\"}" | jq -r .id)
product=$(json -X POST "$API/products" -H "authorization: Bearer $admin" \
  -d "{\"sku\":\"TRACE-$suffix\",\"name\":\"Traced mug\",\"description\":\"for the screenshot\",\"priceCents\":1299,\"currency\":\"USD\",\"categoryId\":\"$category\"}" | jq -r .id)
json -X PUT "$API/inventory/$product" -H "authorization: Bearer $admin" -d '{"onHand":5}' >/dev/null
# Our own trace id, so the order's trace is the one to show.
trace_id=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
span_id=$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')
order=$(json -X POST "$API/orders" -H "authorization: Bearer $token" -H "idempotency-key: trace-$suffix" \
  -H "traceparent: 00-$trace_id-$span_id-01" \
  -d "{\"items\":[{\"productId\":\"$product\",\"quantity\":1}],\"paymentToken\":\"tok_visa\",\"shippingAddress\":{\"line1\":\"1 Main St\",\"city\":\"Springfield\",\"postalCode\":\"12345\",\"country\":\"US\"}}" | jq -r .id)
info "order $order, trace $trace_id"
for ((i = 0; i < 60; i++)); do
  [[ $(curl -sf "$API/orders/$order" -H "authorization: Bearer $token" | jq -r .status) == CONFIRMED ]] && break
  sleep 0.5
done
# Spans are exported in batches (about every half second); the notification's e-mail is the last hop.
sleep 5
spans=$(curl -sf "$ZIPKIN/api/v2/trace/$trace_id" | jq length)
info "$spans spans in Zipkin"

step "screenshot → ${OUTPUT#"$REPO_ROOT"/}"
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
chromium --headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
  --disable-component-update --disable-sync --user-data-dir="$profile" --window-size=1400,3950 \
  --virtual-time-budget=15000 --screenshot="$OUTPUT" "$ZIPKIN/traces/$trace_id" 2>/dev/null
[[ -s "$OUTPUT" ]] || fail "chromium wrote no screenshot"
info "done"
