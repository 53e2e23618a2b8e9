#!/usr/bin/env bash
# The Kubernetes Secrets the manifests in k8s/ reference. The manifests never hold a value: this script is the one
# place that says which Secrets and keys exist.
#
#   scripts/k8s-secrets.sh --template         print every Secret with placeholders (review it, map it to your vault or
#                                             External Secrets, or fill it in for a cluster of your own)
#   scripts/k8s-secrets.sh [--namespace NS]   create, with kubectl, each Secret that is missing in NS (default:
#                                             `default`), with random passwords and tokens and the addresses of the
#                                             kind overlay's in-cluster infrastructure; an existing Secret is kept as
#                                             it is, so running it again changes nothing
#
# Needs kubectl and openssl (apply mode only). Values are never printed, except the admin password's retrieval command.
set -euo pipefail

MODE=apply
NAMESPACE=default
usage() { sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; }
while (($#)); do
  case "$1" in
    --template) MODE=template ;;
    --namespace) NAMESPACE=${2:?--namespace needs a value}; shift ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; exit 2 ;;
  esac
  shift
done

# Every app has a Dapr sidecar with two tokens; these have a database of their own (dapr.yaml's DATABASE_URL).
APPS=(gateway auth catalog order inventory payment notification cart user shipping deadletters)
DATABASE_APPS=(auth catalog order inventory payment notification user shipping deadletters)
# In-cluster addresses of the development clusters' infrastructure (k8s/overlays/dev-cluster/infra: kind and local).
POSTGRES_HOST="postgres.$NAMESPACE.svc.cluster.local:5432"
REDIS_HOST="redis.$NAMESPACE.svc.cluster.local:6379"
RABBITMQ_HOST="rabbitmq.$NAMESPACE.svc.cluster.local:5672"
KAFKA_HOST="kafka.$NAMESPACE.svc.cluster.local:9092"
NATS_HOST="nats.$NAMESPACE.svc.cluster.local:4222"
SMTP_HOST="mailpit.$NAMESPACE.svc.cluster.local"
SMS_URL="http://sms-sink.$NAMESPACE.svc.cluster.local/messages"

random_hex() { if [[ $MODE == apply ]]; then openssl rand -hex "${1:-24}"; fi; }

# secret NAME KEY=VALUE... — prints the Secret (template) or creates it when missing (apply).
secret() {
  local name=$1 pair key value
  shift
  if [[ $MODE == apply ]] && kubectl get secret --namespace "$NAMESPACE" "$name" >/dev/null 2>&1; then
    printf '    %s: present, kept\n' "$name"
    return 0
  fi
  {
    printf -- '---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: %s\n  namespace: %s\n' "$name" "$NAMESPACE"
    printf '  labels:\n    app.kubernetes.io/part-of: dapr-shop\ntype: Opaque\n'
    if [[ $MODE == template ]]; then printf 'stringData:\n'; else printf 'data:\n'; fi
    for pair in "$@"; do
      key=${pair%%=*}
      value=${pair#*=}
      if [[ $MODE == template ]]; then
        printf '  %s: "%s"\n' "$key" "$value"
      else
        # Quoted: an empty value encodes to nothing, and a bare `key:` is null in YAML (the key would be dropped).
        printf '  %s: "%s"\n' "$key" "$(printf '%s' "$value" | base64 | tr -d '\n')"
      fi
    done
  } | if [[ $MODE == template ]]; then cat; else kubectl apply --namespace "$NAMESPACE" -f - >/dev/null && printf '    %s: created\n' "$name"; fi
}

# value GENERATED TEMPLATE — what a key holds: generated (apply) or described (template).
value() { if [[ $MODE == template ]]; then printf '%s' "$2"; else printf '%s' "$1"; fi; }

if [[ $MODE == apply ]]; then
  command -v kubectl >/dev/null || { echo "kubectl is required" >&2; exit 1; }
  command -v openssl >/dev/null || { echo "openssl is required" >&2; exit 1; }
  printf '==> Secrets in namespace %s (missing ones are created)\n' "$NAMESPACE"
fi

# Sidecar <-> app tokens (dapr.io/app-token-secret and dapr.io/api-token-secret, key `token`).
for app in "${APPS[@]}"; do
  secret "$app-app-token" "token=$(value "$(random_hex 32)" "<random, 64 hex characters: what $app's sidecar presents to $app>")"
  secret "$app-dapr-api-token" "token=$(value "$(random_hex 32)" "<random, 64 hex characters: what $app presents to its sidecar>")"
done

# One database and role per app. On kind the Postgres of the overlay creates them from these Secrets at its first start.
secret postgres-admin "password=$(value "$(random_hex)" "<the superuser password of the kind overlay's Postgres>")"
for app in "${DATABASE_APPS[@]}"; do
  password=$(value "$(random_hex)" "<password of role $app>")
  secret "$app-database" "username=$app" "password=$password" \
    "url=$(value "postgres://$app:$password@$POSTGRES_HOST/$app" "postgres://$app:<password>@<host>:5432/$app")"
done

# Redis: the state store (catalog, cart), the Redis pub/sub and actor state profiles, and the gateway's rate limits.
redis_password=$(value "$(random_hex)" "<Redis password>")
secret redis "host=$(value "$REDIS_HOST" "<host>:6379")" "password=$redis_password" \
  "tls=$(value false "<true for a TLS endpoint (managed Redis), false in the kind cluster>")" \
  "url=$(value "redis://:$redis_password@$REDIS_HOST" "redis://:<password>@<host>:6379 (rediss:// for TLS)")"

# The brokers the pub/sub profiles (k8s/components/pubsub-*) connect to; only the chosen one must exist.
rabbitmq_password=$(value "$(random_hex)" "<RabbitMQ password>")
secret pubsub-rabbitmq "username=shop" "password=$rabbitmq_password" \
  "connection-string=$(value "amqp://shop:$rabbitmq_password@$RABBITMQ_HOST" "amqp://shop:<password>@<host>:5672 (amqps:// for TLS)")"
secret pubsub-kafka "brokers=$(value "$KAFKA_HOST" "<host>:9092[,<host>:9092...]")" \
  "sasl-username=$(value shop "<SASL user (prod overlay)>")" "sasl-password=$(value "$(random_hex)" "<SASL password (prod overlay)>")"
secret pubsub-nats "url=$(value "nats://$NATS_HOST" "nats://<host>:4222")"

# Notification's output bindings.
secret smtp "host=$(value "$SMTP_HOST" "<SMTP relay host>")" "port=$(value 1025 "<SMTP relay port>")" \
  "user=$(value "" "<SMTP user, empty for none>")" "password=$(value "" "<SMTP password, empty for none>")"
secret sms "url=$(value "$SMS_URL" "<the SMS provider's send URL>")"

# Auth's secret store (k8s/base/dapr/secretstore.yaml): each Secret has one key of its own name.
secret jwt-signing-key "jwt-signing-key=$(value "$(if [[ $MODE == apply ]]; then openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 2>/dev/null; fi)" "<PKCS#8 PEM RSA private key: openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048>")"
secret jwt-previous-keys "jwt-previous-keys=$(value "[]" "<JSON array of retired keys' PEMs, [] when none>")"
secret admin-password "admin-password=$(value "$(random_hex 12)" "<the seeded admin's password (admin@shop.local), 8 to 128 characters>")"

if [[ $MODE == apply ]]; then
  printf '    admin password: kubectl get secret admin-password -n %s -o jsonpath="{.data.admin-password}" | base64 -d\n' "$NAMESPACE"
fi
