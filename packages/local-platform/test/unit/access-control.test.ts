import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { routeAreas } from '../../../../services/gateway/src/domain/route-table';
import { ACCESS_CONTROL_DIR, DEFAULT_RUN_FILE, renderAppConfigurations } from '../../src/platform';
import { readRunFile } from '../../src/run-file';

interface Operation { name: string; httpVerb: string[]; action: string }
interface Policy { appId: string; defaultAction: string; trustDomain: string; namespace: string; operations: Operation[] }
interface AccessControl { defaultAction: string; trustDomain: string; policies: Policy[] }

const appIds = readRunFile(DEFAULT_RUN_FILE).apps.map((app) => app.appID);
const accessControlOf = (appId: string): AccessControl =>
  (parse(readFileSync(path.join(ACCESS_CONTROL_DIR, `${appId}.yaml`), 'utf8')) as { spec: { accessControl: AccessControl } }).spec.accessControl;
const policy = (callee: string, caller: string) => accessControlOf(callee).policies.find((p) => p.appId === caller);

describe('sidecar access control (components/config/access-control)', () => {
  it('when the run file lists an app, then it has exactly one access control file, and no file is for an unknown app', () => {
    const files = readdirSync(ACCESS_CONTROL_DIR).filter((file) => file.endsWith('.yaml')).map((file) => file.replace(/\.yaml$/, ''));

    expect(files.sort()).toEqual([...appIds].sort());
  });

  it('when any app is invoked, then deny is the default for unknown callers and for unlisted operations of known ones', () => {
    for (const appId of appIds) {
      const accessControl = accessControlOf(appId);

      expect(accessControl.defaultAction).toBe('deny');
      for (const p of accessControl.policies) {
        expect(appIds).toContain(p.appId);
        expect(p).toMatchObject({ defaultAction: 'deny', trustDomain: 'public', namespace: 'default' });
        for (const operation of p.operations) {
          expect(operation.action).toBe('allow');
          // Dapr lower-cases HTTP operations before matching: an upper-case rule would never match.
          expect(operation.name).toBe(operation.name.toLowerCase());
        }
      }
    }
  });

  it('when the gateway calls a service, then the callee allows exactly the methods of the gateway route table for that area', () => {
    for (const route of routeAreas()) {
      const operation = policy(route.appId, 'gateway')?.operations.find((o) => o.name === `/${route.area}/**`);

      expect({ area: route.area, verbs: [...(operation?.httpVerb ?? [])].sort() }).toEqual({ area: route.area, verbs: [...route.methods].sort() });
    }
  });

  it('when the gateway checks readiness, then every app it checks lets it GET /readyz, and nobody may invoke the gateway', () => {
    const readinessApps = readRunFile(DEFAULT_RUN_FILE).apps.find((app) => app.appID === 'gateway')!.env.READINESS_APPS!.split(',');

    for (const appId of readinessApps) {
      expect(policy(appId, 'gateway')?.operations).toContainEqual({ name: '/readyz', httpVerb: ['GET'], action: 'allow' });
    }
    expect(accessControlOf('gateway').policies).toEqual([]);
  });

  it('when payment is invoked, then only the gateway (reads) and order (charges, refunds) are listed', () => {
    const callers = accessControlOf('payment').policies.map((p) => p.appId).sort();

    expect(callers).toEqual(['gateway', 'order']);
    expect(policy('payment', 'order')?.operations.map((o) => `${o.httpVerb.join(',')} ${o.name}`)).toEqual(['POST /payments/charges', 'POST /payments/refunds']);
  });

  it('when catalog is invoked by another service than the gateway, then only the batch product lookup is allowed (it never answers 404)', () => {
    const callers = accessControlOf('catalog').policies.map((p) => p.appId).sort();
    const otherCallers = callers.filter((appId) => appId !== 'gateway');

    expect(callers).toEqual(['cart', 'gateway', 'inventory', 'order']);
    for (const caller of otherCallers) {
      expect({ caller, operations: policy('catalog', caller)?.operations.map((o) => `${o.httpVerb.join(',')} ${o.name}`) }).toEqual({ caller, operations: ['POST /product-lookup'] });
    }
    expect(policy('catalog', 'gateway')?.operations.map((o) => o.name)).not.toContain('/product-lookup');
  });

  it('when the configurations are rendered, then each sidecar gets the shared settings plus its own access control, and a probe app gets deny-all', () => {
    const runtimeDir = mkdtempSync(path.join(os.tmpdir(), 'access-control-'));

    const fileOf = renderAppConfigurations(runtimeDir, ['payment'], ['event-probe']);
    const payment = parse(readFileSync(fileOf('payment'), 'utf8')) as { metadata: { name: string }; spec: Record<string, any> };
    const probe = parse(readFileSync(fileOf('event-probe'), 'utf8')) as { spec: Record<string, any> };

    expect(payment.metadata.name).toBe('payment');
    expect(payment.spec.tracing.samplingRate).toBe('1');
    expect(payment.spec.nameResolution.configuration.connectionString).toBe(path.join(runtimeDir, 'name-resolution.db'));
    expect(payment.spec.accessControl).toEqual(accessControlOf('payment'));
    expect(probe.spec.accessControl).toEqual({ defaultAction: 'deny', trustDomain: 'public', policies: [] });
  });

  it('when an app of the run file has no access control file, then rendering fails with the file to create', () => {
    const runtimeDir = mkdtempSync(path.join(os.tmpdir(), 'access-control-'));

    expect(() => renderAppConfigurations(runtimeDir, ['ghost'])).toThrow(/ghost has no access control file: create components\/config\/access-control\/ghost.yaml/);
  });
});
