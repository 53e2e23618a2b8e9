/**
 * Five suites, one runner. `unit`: pure domain and rules, no I/O. `k8s`: the Kubernetes manifests, Dockerfile and
 * Tiltfile, validated offline. `component`: one service in-process against a real Postgres, Redis and daprd started by
 * the global setup. `integration`: the whole platform (control plane, sidecars, broker) started on free ports, called
 * through the gateway. `chaos`: the same platform, started again for the suites that kill parts of it.
 */
const tsJest = ['ts-jest', { tsconfig: '<rootDir>/tsconfig.tests.json' }];
const shared = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': tsJest },
  moduleNameMapper: { '^@shop/([a-z-]+)$': '<rootDir>/packages/$1/src' },
};

module.exports = {
  testTimeout: 30_000,
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/{services,packages}/*/test/unit/**/*.test.ts', '<rootDir>/contracts/test/**/*.test.ts', '<rootDir>/monitoring/test/**/*.test.ts', '<rootDir>/test/support/**/*.test.ts'] },
    // Offline checks of the Kubernetes manifests, the Dockerfile and the Tiltfile with the tools of
    // scripts/install-k8s-tools.sh (kustomize, kubeconform, tilt; the schemas): no cluster, no Docker engine.
    { ...shared, displayName: 'k8s', testMatch: ['<rootDir>/k8s/test/**/*.test.ts'] },
    {
      ...shared,
      displayName: 'component',
      testMatch: ['<rootDir>/{services,packages}/*/test/component/**/*.test.ts'],
      globalSetup: '<rootDir>/test/component-setup/global-setup.ts',
      globalTeardown: '<rootDir>/test/component-setup/global-teardown.ts',
    },
    {
      ...shared,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/integration/**/*.test.ts'],
      globalSetup: '<rootDir>/test/integration/setup/global-setup.ts',
      globalTeardown: '<rootDir>/test/integration/setup/global-teardown.ts',
    },
    // Crashes, breakers and broker outages, on a platform of their own: the end-to-end platform is never restarted,
    // so its business counters can be held against its databases at the end. `make test` runs it after the others
    // (two platforms at once would crowd a two-core machine).
    {
      ...shared,
      displayName: 'chaos',
      testMatch: ['<rootDir>/test/chaos/**/*.test.ts'],
      globalSetup: '<rootDir>/test/chaos/setup/global-setup.ts',
      globalTeardown: '<rootDir>/test/chaos/setup/global-teardown.ts',
    },
  ],
};
