import type { Labels, Pod } from './prometheus-discovery';
import type { K8sObject } from './tools';

/*
 * What a set of NetworkPolicies lets through, worked out offline as the Kubernetes API documents it
 * (networking.k8s.io/v1): a pod selected by no Ingress policy of its namespace takes every connection; a selected pod
 * takes a connection when one rule of one selecting policy admits both its source (`from`) and its port (`ports`).
 * TCP only. Addresses only where a source has one (`Pod.address`: a host-network pod such as the local cluster's
 * Traefik); a pod without one is matched by no ipBlock, which holds for the blocks the overlays name (a single address
 * outside any pod's range).
 */

export interface LabelSelector {
  matchLabels?: Labels;
  matchExpressions?: { key: string; operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist'; values?: string[] }[];
}

interface Peer {
  podSelector?: LabelSelector;
  namespaceSelector?: LabelSelector;
  ipBlock?: { cidr: string; except?: string[] };
}

interface PolicyPort {
  protocol?: string;
  port?: number | string;
  endPort?: number;
}

interface IngressRule {
  from?: Peer[];
  ports?: PolicyPort[];
}

/** The labels Kubernetes gives every namespace (1.21 and later): its name. */
export const namespaceLabels = (namespace: string): Labels => ({ 'kubernetes.io/metadata.name': namespace });

/** A label selector as the API reads it: every matchLabels pair and every expression must hold; `{}` selects all. */
export function selects(selector: LabelSelector, labels: Labels): boolean {
  const pairs = Object.entries(selector.matchLabels ?? {}).every(([key, value]) => labels[key] === value);
  const expressions = (selector.matchExpressions ?? []).every(({ key, operator, values = [] }) => {
    switch (operator) {
      case 'In':
        return key in labels && values.includes(labels[key]!);
      case 'NotIn':
        return !(key in labels) || !values.includes(labels[key]!);
      case 'Exists':
        return key in labels;
      case 'DoesNotExist':
        return !(key in labels);
      default:
        throw new Error(`selector operator ${String(operator)} is not a label selector's`);
    }
  });
  return pairs && expressions;
}

/** Whether the policies let `source` open a TCP connection to port `port` (a number) of `destination`. */
export function admits(policies: K8sObject[], source: Pod, destination: Pod, port: number): boolean {
  const isolating = policies.filter(
    (policy) => namespaceOf(policy) === destination.namespace && governsIngress(policy) && selects(policy.spec.podSelector, destination.labels),
  );
  if (isolating.length === 0) return true;
  return isolating.some((policy) =>
    ((policy.spec.ingress ?? []) as IngressRule[]).some(
      (rule) => admitsSource(rule.from, namespaceOf(policy), source) && admitsPort(rule.ports, destination, port),
    ),
  );
}

const namespaceOf = (object: K8sObject): string => object.metadata.namespace ?? 'default';

/** policyTypes, or when absent the API's default: Ingress always, Egress when the policy has egress rules. */
function governsIngress(policy: K8sObject): boolean {
  return ((policy.spec.policyTypes as string[] | undefined) ?? ['Ingress']).includes('Ingress');
}

/** No `from` (or an empty one) admits every source; a peer without a namespaceSelector means the policy's namespace. */
function admitsSource(from: Peer[] | undefined, policyNamespace: string, source: Pod): boolean {
  if (!from || from.length === 0) return true;
  return from.some((peer) => {
    if (peer.ipBlock) return source.address !== undefined && inBlock(source.address, peer.ipBlock);
    const namespace = peer.namespaceSelector ? selects(peer.namespaceSelector, namespaceLabels(source.namespace)) : source.namespace === policyNamespace;
    return namespace && (!peer.podSelector || selects(peer.podSelector, source.labels));
  });
}

/** No `ports` admits every port; a named port is the destination's container port of that name. */
function admitsPort(ports: PolicyPort[] | undefined, destination: Pod, port: number): boolean {
  if (!ports || ports.length === 0) return true;
  return ports.some((entry) => {
    if ((entry.protocol ?? 'TCP') !== 'TCP') return false;
    if (entry.port === undefined) return true;
    if (typeof entry.port === 'number') return entry.endPort ? port >= entry.port && port <= entry.endPort : port === entry.port;
    return destination.containers.some((container) => (container.ports ?? []).some((p) => p.name === entry.port && p.containerPort === port));
  });
}

/** IPv4 only: whether `address` is in the block's CIDR and in none of its exceptions. */
export function inBlock(address: string, block: { cidr: string; except?: string[] }): boolean {
  const within = (cidr: string): boolean => {
    const [network, prefix] = cidr.split('/');
    const bits = Number(prefix ?? 32);
    const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
    return ((ipv4(address) & mask) >>> 0) === ((ipv4(network!) & mask) >>> 0);
  };
  return within(block.cidr) && !(block.except ?? []).some(within);
}

function ipv4(text: string): number {
  const parts = text.split('.').map(Number);
  if (parts.length !== 4 || parts.some((part) => !Number.isInteger(part) || part < 0 || part > 255)) throw new Error(`${text} is not an IPv4 address`);
  return parts.reduce((value, part) => ((value << 8) | part) >>> 0, 0);
}
