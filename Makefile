# The two commands of the README: `make up` (install what is missing, start the platform) and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help
export PATH := $(CURDIR)/node_modules/.bin:$(PATH)

.PHONY: help install install-runtime install-system install-prometheus install-observability install-jaeger install-dapr install-brokers install-node install-k8s-tools build up up-foreground down status logs test test-brokers test-unit test-k8s test-component test-integration test-chaos typecheck bench screenshot clean

help: ## list the targets
	@grep -E '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-18s %s\n", $$1, $$2}'

install: install-runtime install-brokers install-jaeger install-k8s-tools ## install everything missing, tests' tools included (idempotent)

# What `make up` needs: the brokers only when BROKER names one, the Kubernetes tools never.
install-runtime: install-system install-prometheus install-observability install-dapr install-node build $(if $(filter-out redis,$(BROKER)),install-brokers)

install-system: ## PostgreSQL and Redis from Debian packages
	@bash scripts/install-system.sh

install-prometheus: ## Prometheus and promtool from the Debian package (its system service never left running)
	@bash scripts/install-prometheus.sh

install-jaeger: ## Jaeger v2 built from its Go module (make test's second run traces into it)
	@bash scripts/install-observability.sh --jaeger

install-dapr: ## build daprd, placement, scheduler, sentry (and the CLI when available) into ~/.cache/dapr-shop
	@bash scripts/install-dapr.sh

install-brokers: ## RabbitMQ and NATS (Debian), Kafka (Maven Central, KRaft) for the swappable pubsub
	@bash scripts/install-brokers.sh

install-observability: ## Zipkin (server jar, Maven Central); Jaeger v2 built from its Go module when TRACING=jaeger
	@bash scripts/install-observability.sh

install-node: ## npm workspaces
	@bash scripts/install-node.sh

install-k8s-tools: install-node ## kustomize, kubeconform, tilt (Go modules) and the Kubernetes and Dapr JSON schemas into ~/.cache/dapr-shop
	@bash scripts/install-k8s-tools.sh

build: ## compile every package and service (tsc -b)
	@echo "==> build (tsc -b)"
	@npx tsc -b

up: install-runtime ## start the whole platform (BROKER=, ACTOR_STATE=, SECRETS= pick components); returns when :8080 is ready
	@echo "==> platform up"
	@node packages/local-platform/dist/cli.js up

up-foreground: install-runtime ## like up, but stays attached; Ctrl-C stops everything
	@node packages/local-platform/dist/cli.js up --foreground

down: ## stop everything `make up` started
	@echo "==> platform down"
	@if [ -f packages/local-platform/dist/cli.js ]; then node packages/local-platform/dist/cli.js down; else echo "    nothing was running"; fi

status: ## which platform processes are alive
	@node packages/local-platform/dist/cli.js status

logs: ## follow every log of the running platform, JSON lines made readable (LOGS=order,payment for some; LINES=N of history)
	@node scripts/follow-logs.mjs

test: install ## every suite: typecheck, unit, k8s (offline), component, integration (whole platform), chaos (its own platform), then the pub/sub suites on a second broker
	@echo "==> typecheck (tests included)"
	@npx tsc -p tsconfig.tests.json --noEmit
	@echo "==> jest: unit, k8s, component, integration"
	@status=0; npx jest --ci --selectProjects unit k8s component integration || status=$$?; node packages/local-platform/dist/cli.js reap; exit $$status
	@echo "==> jest: chaos (crashes, circuit breaker, broker outage) on a platform of its own"
	@status=0; npx jest --ci --selectProjects chaos || status=$$?; node packages/local-platform/dist/cli.js reap; exit $$status
	@bash scripts/test-brokers.sh --rotate

test-brokers: install ## the pub/sub suites once per broker (redis, rabbitmq, kafka, nats) and a pass/fail table
	@bash scripts/test-brokers.sh

test-unit: install-node ## unit tests only
	@npx jest --ci --selectProjects unit

test-k8s: install-k8s-tools ## the Kubernetes manifests, Dockerfile and Tiltfile, validated offline (no cluster, no Docker)
	@npx jest --ci --selectProjects k8s

test-component: install ## component tests only
	@npx jest --ci --selectProjects component

test-integration: install ## integration tests only (end to end through the gateway; business counters audited at the end)
	@npx jest --ci --selectProjects integration

test-chaos: install ## chaos tests only: crashes mid-checkout, payment's circuit breaker, a broker outage (platform of their own)
	@npx jest --ci --selectProjects chaos

bench: install-runtime install-brokers ## benchmarks: invocation overhead, checkout throughput and its profile, pub/sub per broker (127.0.0.1 only, bounded)
	@npm run --silent bench:invoke
	@npm run --silent bench:checkout
	@npm run --silent bench:profile
	@npm run --silent bench:pubsub

screenshot: ## retake the README's Zipkin screenshot of one checkout (needs `make up`; installs Debian's chromium)
	@bash scripts/screenshot-trace.sh

clean: down ## remove build output and the local runtime data (keeps the Dapr build cache)
	@# As root from a private folder, Postgres keeps its data outside the clone, linked from .runtime/postgres.
	@if [ -L .runtime/postgres ]; then rm -rf "$$(readlink .runtime/postgres)"; fi
	@rm -rf .runtime packages/*/dist services/*/dist packages/*/*.tsbuildinfo services/*/*.tsbuildinfo
