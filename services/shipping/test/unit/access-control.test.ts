import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { shippingRoutes } from '../../src/api/routes';

interface Policy { appId: string; operations: { name: string; httpVerb: string[]; action: string }[] }

const repo = path.join(__dirname, '../../../..');
const policiesIn = (file: string) => (parse(readFileSync(path.join(repo, file), 'utf8')) as { spec: { accessControl: { policies: Policy[] } } }).spec.accessControl.policies;

describe('who may ask shipping to stop a parcel', () => {
  it('when order invokes shipping, then only POST /shipment-cancellations is allowed, locally and on Kubernetes, and shipping serves that route', () => {
    const local = policiesIn('components/config/access-control/shipping.yaml').find((p) => p.appId === 'order');
    const cluster = policiesIn('k8s/base/services/shipping/configuration.yaml').find((p) => p.appId === 'order');
    const served = shippingRoutes({} as never).stack.flatMap((layer) => layer.methods.map((method) => `${method} ${layer.path}`));

    expect(local?.operations.map((o) => `${o.httpVerb.join(',')} ${o.name}`)).toEqual(['POST /shipment-cancellations']);
    expect(cluster).toEqual(local);
    expect(served).toContain('POST /shipment-cancellations');
  });

  it('when the gateway invokes shipping, then its allow-list (/shipments/**) does not reach the cancellation route', () => {
    const gateway = policiesIn('components/config/access-control/shipping.yaml').find((p) => p.appId === 'gateway');

    expect(gateway?.operations.map((o) => o.name)).toEqual(['/shipments/**', '/readyz']);
  });
});
