import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { renderTemplate } from '../../src/components';
import { DEFAULT_RUN_FILE, LOCAL_INFRASTRUCTURE_PORTS } from '../../src/platform';
import { DEFAULT_PROFILE, PROFILES_DIR, profileChoices, profileDirectory, profileFromEnvironment } from '../../src/profiles';
import { repoRoot } from '../../src/paths';
import { readRunFile } from '../../src/run-file';

const infrastructurePorts = () => {
  const { postgres, redis, smtpSink, smsSink, sentry, placement, scheduler } = LOCAL_INFRASTRUCTURE_PORTS;
  return [postgres, redis, smtpSink, smsSink, ...Object.values(sentry), ...Object.values(placement), ...Object.values(scheduler)];
};

describe('dapr.yaml', () => {
  const runFile = readRunFile(DEFAULT_RUN_FILE);

  it('when it is read, then every service directory exists and has a package', () => {
    for (const app of runFile.apps) {
      expect(readdirSync(app.appDirPath)).toContain('package.json');
    }
    expect(runFile.apps.map((app) => app.appID)).toEqual(expect.arrayContaining(['gateway', 'auth', 'catalog']));
  });

  it('when the local profile runs, then no two processes share a port and the gateway owns 8080', () => {
    const infrastructure = infrastructurePorts();
    const apps = runFile.apps.flatMap((app) => [app.appPort, app.daprHTTPPort, app.daprGRPCPort, app.daprInternalGRPCPort, app.metricsPort]);
    const all = [...infrastructure, ...apps];

    expect(new Set(all).size).toBe(all.length);
    expect(runFile.apps.find((app) => app.appID === 'gateway')?.appPort).toBe(8080);
    expect(all.filter((port) => [5432, 6379, 50001, 50005, 50006].includes(port))).toEqual([]);
  });

  it('when a fixed port is chosen, then it lies below 20000: outside the ephemeral range and the tests\' free ports', () => {
    const infrastructure = infrastructurePorts();
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

const templateVariables: Record<string, string> = new Proxy({}, { get: (_, name) => (typeof name === 'string' ? `value-of-${name}` : undefined) });
/** Every profile folder: components/profiles/<kind>/<choice>. */
const profileFolders = () =>
  readdirSync(PROFILES_DIR).flatMap((kind) => readdirSync(path.join(PROFILES_DIR, kind)).map((choice) => path.relative(repoRoot, path.join(PROFILES_DIR, kind, choice))));

describe('component templates', () => {
  const variables = templateVariables;
  const files = ['components/local', 'components/config', 'components/config/access-control', ...profileFolders()].flatMap((dir) =>
    readdirSync(path.join(repoRoot, dir)).filter((file) => file.endsWith('.yaml')).map((file) => path.join(repoRoot, dir, file)),
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

  it('when a component talks to Redis, then it authenticates with the password of the local secret store', () => {
    const redisComponents = files
      .map((file) => parse(renderTemplate(readFileSync(file, 'utf8'), variables, file)) as { kind: string; spec?: { type?: string; metadata?: { name: string; value: string }[] } })
      .filter((resource) => resource.kind === 'Component' && /^(state|pubsub|bindings|lock|configuration)\.redis$/.test(resource.spec?.type ?? ''));

    expect(redisComponents.length).toBeGreaterThanOrEqual(3);
    for (const component of redisComponents) {
      expect(component.spec!.metadata!.find((item) => item.name === 'redisPassword')?.value).toBe(templateVariables.REDIS_PASSWORD);
    }
  });

  it('when name resolution is configured, then it uses sqlite, not mDNS', () => {
    const config = parse(renderTemplate(readFileSync(path.join(repoRoot, 'components/config/local.yaml'), 'utf8'), variables, 'local.yaml')) as {
      spec: { nameResolution: { component: string; configuration: { connectionString: string } } };
    };

    expect(config.spec.nameResolution.component).toBe('sqlite');
    expect(config.spec.nameResolution.configuration.connectionString).toBe(templateVariables.NAME_RESOLUTION_DB);
  });
});

describe.each(profileChoices('broker'))('topic ownership on the %s profile', (broker) => {
  const file = path.join(PROFILES_DIR, 'pubsub', broker, 'pubsub.yaml');
  const pubsub = parse(renderTemplate(readFileSync(file, 'utf8'), templateVariables, file)) as { spec: { metadata: { name: string; value: string }[] }; scopes: string[] };
  const scopesOf = (name: string) =>
    Object.fromEntries(
      pubsub.spec.metadata.find((m) => m.name === name)!.value.split(';').map((entry) => {
        const [app, topics] = entry.split('=') as [string, string];
        return [app, topics ? topics.split(',') : []];
      }),
    ) as Record<string, string[]>;

  const contracts = () => readdirSync(path.join(repoRoot, 'contracts/events')).map((file) => file.replace(/\.v1\.json$/, ''));
  /** The dead-letter office: the one deliberate exception to topic ownership (it replays events to their topics). */
  const DEAD_LETTER_OFFICE = 'deadletters';

  it('when an event type has a contract, then exactly one app (besides the dead-letter office) may publish it', () => {
    const publishers = Object.entries(scopesOf('publishingScopes'))
      .filter(([app]) => app !== DEAD_LETTER_OFFICE)
      .flatMap(([app, topics]) => topics.map((topic) => [topic, app] as const));

    expect(publishers.map(([topic]) => topic).filter((topic) => topic !== 'deadletter').sort()).toEqual([...contracts()].sort());
  });

  it('when the dead-letter office replays, then it may publish every event type with a contract, and subscribes only to deadletter', () => {
    expect([...scopesOf('publishingScopes')[DEAD_LETTER_OFFICE]!].sort()).toEqual([...contracts()].sort());
    expect(scopesOf('subscriptionScopes')[DEAD_LETTER_OFFICE]).toEqual(['deadletter']);
  });

  it('when an app subscribes to anything, then it may publish to deadletter (where its sidecar moves what it drops), and only those', () => {
    // The office's own subscription (to deadletter) names no dead-letter topic: it never dead-letters into itself.
    const subscribers = Object.entries(scopesOf('subscriptionScopes')).filter(([app, topics]) => topics.length > 0 && app !== DEAD_LETTER_OFFICE).map(([app]) => app).sort();
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

describe('component profiles', () => {
  const componentNames = (directory: string) =>
    readdirSync(directory)
      .filter((file) => file.endsWith('.yaml'))
      .map((file) => (parse(readFileSync(path.join(directory, file), 'utf8')) as { metadata: { name: string } }).metadata.name)
      .sort();

  it('when a kind of profile has several choices, then each defines the same component names (code never changes)', () => {
    for (const kind of ['broker', 'actorState', 'secrets'] as const) {
      const names = profileChoices(kind).map((choice) => componentNames(profileDirectory(kind, choice)));

      expect(new Set(names.map((n) => n.join())).size).toBe(1);
    }
  });

  it('when BROKER, ACTOR_STATE or SECRETS name a profile, then it is chosen; an unknown one fails with the choices', () => {
    expect(profileFromEnvironment({ ACTOR_STATE: 'redis', SECRETS: 'env' })).toEqual({ broker: 'redis', actorState: 'redis', secrets: 'env' });
    expect(profileFromEnvironment({})).toEqual(DEFAULT_PROFILE);
    expect(() => profileFromEnvironment({ BROKER: 'kafak' })).toThrow(/BROKER=kafak is not a profile: choose one of .*redis/);
  });
});
