import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { renderTemplate } from '../../src/components';
import { DEFAULT_RUN_FILE, LOCAL_INFRASTRUCTURE_PORTS } from '../../src/platform';
import { repoRoot } from '../../src/paths';
import { readRunFile } from '../../src/run-file';

describe('dapr.yaml', () => {
  const runFile = readRunFile(DEFAULT_RUN_FILE);

  it('when it is read, then every service directory exists and has a package', () => {
    for (const app of runFile.apps) {
      expect(readdirSync(app.appDirPath)).toContain('package.json');
    }
    expect(runFile.apps.map((app) => app.appID)).toEqual(expect.arrayContaining(['gateway', 'auth', 'catalog']));
  });

  it('when the local profile runs, then no two processes share a port and the gateway owns 8080', () => {
    const infrastructure = [LOCAL_INFRASTRUCTURE_PORTS.postgres, LOCAL_INFRASTRUCTURE_PORTS.redis, LOCAL_INFRASTRUCTURE_PORTS.smtpSink, LOCAL_INFRASTRUCTURE_PORTS.smsSink, ...Object.values(LOCAL_INFRASTRUCTURE_PORTS.placement), ...Object.values(LOCAL_INFRASTRUCTURE_PORTS.scheduler)];
    const apps = runFile.apps.flatMap((app) => [app.appPort, app.daprHTTPPort, app.daprGRPCPort, app.daprInternalGRPCPort, app.metricsPort]);
    const all = [...infrastructure, ...apps];

    expect(new Set(all).size).toBe(all.length);
    expect(runFile.apps.find((app) => app.appID === 'gateway')?.appPort).toBe(8080);
    expect(all.filter((port) => [5432, 6379, 50001, 50005, 50006].includes(port))).toEqual([]);
  });

  it('when a fixed port is chosen, then it lies below 20000: outside the ephemeral range and the tests\' free ports', () => {
    const infrastructure = [LOCAL_INFRASTRUCTURE_PORTS.postgres, LOCAL_INFRASTRUCTURE_PORTS.redis, LOCAL_INFRASTRUCTURE_PORTS.smtpSink, LOCAL_INFRASTRUCTURE_PORTS.smsSink, ...Object.values(LOCAL_INFRASTRUCTURE_PORTS.placement), ...Object.values(LOCAL_INFRASTRUCTURE_PORTS.scheduler)];
    const apps = runFile.apps.flatMap((app) => [app.appPort, app.daprHTTPPort, app.daprGRPCPort, app.daprInternalGRPCPort, app.metricsPort]);

    expect([...infrastructure, ...apps].filter((port) => port >= 20000)).toEqual([]);
  });

  it('when an app has a database, then its role is named like the database (one database per service)', () => {
    for (const app of runFile.apps.filter((a) => a.env.DATABASE_URL)) {
      const url = new URL(app.env.DATABASE_URL!);

      expect(url.username).toBe(url.pathname.slice(1));
      expect(url.port).toBe(String(LOCAL_INFRASTRUCTURE_PORTS.postgres));
    }
  });
});

describe('component templates', () => {
  const variables = { REDIS_HOST: '127.0.0.1', REDIS_PORT: '1', SMTP_PORT: '2', SMS_SINK_PORT: '3', SECRETS_FILE: '/s.json', SECRETS_REVISION: '0123abcd', NAME_RESOLUTION_DB: '/n.db' };
  const files = ['components/local', 'components/config'].flatMap((dir) =>
    readdirSync(path.join(repoRoot, dir)).map((file) => path.join(repoRoot, dir, file)),
  );

  it('when a placeholder has no value, then rendering fails instead of writing an empty setting', () => {
    expect(() => renderTemplate('redisHost: ${REDIS_HOST}:${REDIS_PORT}', { REDIS_HOST: 'h' }, 'x.yaml')).toThrow(/REDIS_PORT/);
  });

  it('when the local profile is rendered, then every file is valid YAML for a Dapr resource', () => {
    for (const file of files) {
      const resource = parse(renderTemplate(readFileSync(file, 'utf8'), variables, file)) as { apiVersion: string; kind: string; metadata: { name: string } };

      expect(resource.apiVersion).toMatch(/^dapr\.io\//);
      expect(['Component', 'Configuration', 'Resiliency']).toContain(resource.kind);
      expect(resource.metadata.name).toMatch(/^[a-z][a-z0-9-]*$/);
    }
  });

  it('when a component is used by apps, then it is scoped to apps that exist in dapr.yaml', () => {
    const appIds = readRunFile(DEFAULT_RUN_FILE).apps.map((app) => app.appID);
    for (const file of files) {
      const resource = parse(renderTemplate(readFileSync(file, 'utf8'), variables, file)) as { kind: string; scopes?: string[] };
      if (resource.kind !== 'Component') continue;

      expect(resource.scopes?.length).toBeGreaterThan(0);
      expect(appIds).toEqual(expect.arrayContaining(resource.scopes!));
    }
  });

  it('when name resolution is configured, then it uses sqlite, not mDNS', () => {
    const config = parse(renderTemplate(readFileSync(path.join(repoRoot, 'components/config/local.yaml'), 'utf8'), variables, 'local.yaml')) as {
      spec: { nameResolution: { component: string; configuration: { connectionString: string } } };
    };

    expect(config.spec.nameResolution.component).toBe('sqlite');
    expect(config.spec.nameResolution.configuration.connectionString).toBe('/n.db');
  });
});

describe('topic ownership', () => {
  const pubsub = parse(readFileSync(path.join(repoRoot, 'components/local/pubsub.yaml'), 'utf8')) as { metadata?: unknown; spec: { metadata: { name: string; value: string }[] }; scopes: string[] };
  const scopesOf = (name: string) =>
    Object.fromEntries(
      pubsub.spec.metadata.find((m) => m.name === name)!.value.split(';').map((entry) => {
        const [app, topics] = entry.split('=') as [string, string];
        return [app, topics ? topics.split(',') : []];
      }),
    ) as Record<string, string[]>;

  it('when an event type has a contract, then exactly one app may publish it', () => {
    const contracts = readdirSync(path.join(repoRoot, 'contracts/events')).map((file) => file.replace(/\.v1\.json$/, ''));
    const publishers = Object.entries(scopesOf('publishingScopes')).flatMap(([app, topics]) => topics.map((topic) => [topic, app] as const));

    expect(publishers.map(([topic]) => topic).filter((topic) => topic !== 'deadletter').sort()).toEqual([...contracts].sort());
  });

  it('when an app subscribes to anything, then it may publish to deadletter (where its sidecar moves what it drops), and only those', () => {
    const subscribers = Object.entries(scopesOf('subscriptionScopes')).filter(([, topics]) => topics.length > 0).map(([app]) => app).sort();
    const deadLetterPublishers = Object.entries(scopesOf('publishingScopes')).filter(([, topics]) => topics.includes('deadletter')).map(([app]) => app).sort();

    expect(deadLetterPublishers).toEqual(subscribers);
  });

  it('when an app uses the broker, then it is listed in both scopes, so nothing is allowed by omission', () => {
    for (const app of pubsub.scopes) {
      expect(Object.keys(scopesOf('publishingScopes'))).toContain(app);
      expect(Object.keys(scopesOf('subscriptionScopes'))).toContain(app);
    }
  });
});
