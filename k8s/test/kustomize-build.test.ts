import { OVERLAYS, buildBaseWith, kustomizeBuild, parseObjects, profileComponents, runFileApps } from './support/tools';

describe('kustomize build', () => {
  const apps = runFileApps().map((app) => app.appID).sort();

  it.each(OVERLAYS)('when %s is built, then it yields one Deployment per app of dapr.yaml', (overlay) => {
    const objects = parseObjects(kustomizeBuild(overlay));

    const appDeployments = objects.filter((o) => o.kind === 'Deployment' && o.metadata.labels?.['app.kubernetes.io/component'] === 'app');
    expect(appDeployments.map((o) => o.metadata.name).sort()).toEqual(apps);
  });

  it.each(profileComponents())('when the base is built with the profile component %s alone, then it builds', (component) => {
    const objects = parseObjects(buildBaseWith([component]));

    const name = component.startsWith('pubsub-') ? 'pubsub' : 'actorstore';
    expect(objects.filter((o) => o.kind === 'Component' && o.metadata.name === name)).toHaveLength(1);
  });

  it('when the profile components are listed, then there is one per local profile choice of pubsub and actor-state', () => {
    expect(profileComponents()).toEqual([
      'actor-state-postgres',
      'actor-state-redis',
      'pubsub-kafka',
      'pubsub-nats',
      'pubsub-rabbitmq',
      'pubsub-redis',
    ]);
  });
});
