# The two commands of the README: `make up` (install what is missing, start the platform) and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help
export PATH := $(CURDIR)/node_modules/.bin:$(PATH)

.PHONY: help install install-system install-dapr install-brokers install-observability install-node build up up-foreground down status logs test test-brokers test-unit test-component test-integration typecheck bench clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-18s %s\n", $$1, $$2}'

install: install-system install-dapr install-brokers install-observability install-node build ## install everything missing (idempotent)

install-system: ## PostgreSQL and Redis from Debian packages
	@bash scripts/install-system.sh

install-dapr: ## build daprd, placement, scheduler (and the CLI when available) into ~/.cache/dapr-shop
	@bash scripts/install-dapr.sh

install-brokers: ## RabbitMQ and NATS (Debian), Kafka (Maven Central, KRaft) for the swappable pubsub
	@bash scripts/install-brokers.sh

install-observability: ## Zipkin (server jar, Maven Central); Jaeger v2 built from its Go module when TRACING=jaeger
	@bash scripts/install-observability.sh

install-node: ## npm workspaces
	@bash scripts/install-node.sh

build: ## compile every package and service (tsc -b)
	@echo "==> build (tsc -b)"
	@npx tsc -b

up: install ## start the whole platform; returns when the gateway on :8080 is ready
	@echo "==> platform up"
	@node packages/local-platform/dist/cli.js up

up-foreground: install ## like up, but stays attached; Ctrl-C stops everything
	@node packages/local-platform/dist/cli.js up --foreground

down: ## stop everything `make up` started
	@echo "==> platform down"
	@if [ -f packages/local-platform/dist/cli.js ]; then node packages/local-platform/dist/cli.js down; else echo "    nothing was running"; fi

status: ## which platform processes are alive
	@node packages/local-platform/dist/cli.js status

logs: ## follow every log of the running platform, JSON lines made readable (LOGS=order,payment for some; LINES=N of history)
	@node scripts/follow-logs.mjs

test: install ## every suite: typecheck, unit, component, integration (whole platform), then the pub/sub suites on a second broker
	@echo "==> typecheck (tests included)"
	@npx tsc -p tsconfig.tests.json --noEmit
	@echo "==> jest: unit, component, integration"
	@status=0; npx jest --ci || status=$$?; node packages/local-platform/dist/cli.js reap; exit $$status
	@bash scripts/test-brokers.sh --rotate

test-brokers: install ## the pub/sub suites once per broker (redis, rabbitmq, kafka, nats) and a pass/fail table
	@bash scripts/test-brokers.sh

test-unit: install-node ## unit tests only
	@npx jest --ci --selectProjects unit

test-component: install ## component tests only
	@npx jest --ci --selectProjects component

test-integration: install ## integration tests only
	@npx jest --ci --selectProjects integration

bench: install ## benchmarks: invocation overhead, checkout throughput (127.0.0.1 only, bounded)
	@npm run --silent bench:invoke
	@npm run --silent bench:checkout

clean: down ## remove build output and the local runtime data (keeps the Dapr build cache)
	@rm -rf .runtime packages/*/dist services/*/dist packages/*/*.tsbuildinfo services/*/*.tsbuildinfo
