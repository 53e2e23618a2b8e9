#!/usr/bin/env node
// Writes the JSON schemas kubeconform validates k8s/ against, in the layout of its schema registry
// (<kind>-<group>-<version>.json, group being the API group's first label, none for the core group):
//
//   node scripts/k8s/json-schemas.mjs kubernetes <swagger.json> <out-dir>   every kind of a Kubernetes release, from
//       the OpenAPI v2 document the release ships (k8s.io/kubernetes: api/openapi-spec/swagger.json), standalone
//       (every $ref inlined) and strict (no property the API does not define), as kubeconform's published
//       "-standalone-strict" schemas are made;
//   node scripts/k8s/json-schemas.mjs crds <out-dir> <crd.yaml>...          every version of every CustomResourceDefinition,
//       from its openAPIV3Schema, with the rules of kubeconform's scripts/openapi2jsonschema.py.
//
// The transformations, shared by both: an `int-or-string` format becomes "string or integer" and a resource Quantity
// "string or number" (what the API server accepts), and every object with declared properties gets
// `additionalProperties: false` unless it already says otherwise or keeps unknown fields
// (x-kubernetes-preserve-unknown-fields). CRD roots stay open, like openapi2jsonschema.py's (kubeconform checks
// apiVersion and kind itself).
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const QUANTITY = 'io.k8s.apimachinery.pkg.api.resource.Quantity';

function fileName(kind, group, version) {
  const groupLabel = group ? `-${group.split('.')[0]}` : '';
  return `${kind}${groupLabel}-${version}`.toLowerCase() + '.json';
}

/** Inlines `#/definitions/...` references; a reference back into itself (JSONSchemaProps) becomes an open schema. */
function inline(node, definitions, stack = []) {
  if (Array.isArray(node)) return node.map((item) => inline(item, definitions, stack));
  if (!node || typeof node !== 'object') return node;
  if (typeof node.$ref === 'string') {
    const name = node.$ref.replace('#/definitions/', '');
    if (name === QUANTITY) return { oneOf: [{ type: 'string' }, { type: 'number' }], description: definitions[name]?.description };
    if (stack.includes(name)) return {};
    const target = definitions[name];
    if (!target) throw new Error(`unresolved $ref ${node.$ref}`);
    const { $ref: _ignored, ...siblings } = node;
    return { ...inline(target, definitions, [...stack, name]), ...inline(siblings, definitions, stack) };
  }
  return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, inline(value, definitions, stack)]));
}

function intOrString(node) {
  if (Array.isArray(node)) return node.map(intOrString);
  if (!node || typeof node !== 'object') return node;
  if (node.format === 'int-or-string' || node['x-kubernetes-int-or-string'] === true) {
    const { type: _type, format: _format, 'x-kubernetes-int-or-string': _flag, ...rest } = node;
    return { ...rest, oneOf: [{ type: 'string' }, { type: 'integer' }] };
  }
  return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, intOrString(value)]));
}

/** Adds additionalProperties: false to every object schema with properties (see the header); `properties` maps names to schemas. */
function strict(node, isRoot, leaveRootOpen) {
  if (Array.isArray(node)) return node.map((item) => strict(item, false, false));
  if (!node || typeof node !== 'object') return node;
  const out = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'properties' && value && typeof value === 'object') {
      out[key] = Object.fromEntries(Object.entries(value).map(([name, schema]) => [name, strict(schema, false, false)]));
    } else if (key === 'enum' || key === 'required' || key === 'default' || key === 'example') {
      out[key] = value;
    } else {
      out[key] = strict(value, false, false);
    }
  }
  const keepsUnknown = node['x-kubernetes-preserve-unknown-fields'] === true;
  if (node.properties && !('additionalProperties' in node) && !keepsUnknown && !(isRoot && leaveRootOpen)) {
    out.additionalProperties = false;
  }
  return out;
}

function write(outDir, name, schema) {
  fs.writeFileSync(path.join(outDir, name), JSON.stringify(schema, null, 2) + '\n');
}

function kubernetes(swaggerPath, outDir) {
  const { definitions } = JSON.parse(fs.readFileSync(swaggerPath, 'utf8'));
  fs.mkdirSync(outDir, { recursive: true });
  let count = 0;
  for (const [name, definition] of Object.entries(definitions)) {
    const kinds = definition['x-kubernetes-group-version-kind'];
    if (!Array.isArray(kinds)) continue;
    const schema = strict(intOrString(inline(definition, definitions, [name])), true, false);
    for (const { group, version, kind } of kinds) {
      write(outDir, fileName(kind, group, version), { $schema: 'http://json-schema.org/schema#', ...schema });
      count += 1;
    }
  }
  return count;
}

function crds(outDir, files) {
  const require = createRequire(path.join(process.cwd(), 'package.json'));
  const YAML = require('yaml');
  fs.mkdirSync(outDir, { recursive: true });
  let count = 0;
  for (const file of files) {
    for (const doc of YAML.parseAllDocuments(fs.readFileSync(file, 'utf8'))) {
      const crd = doc.toJS();
      if (crd?.kind !== 'CustomResourceDefinition') continue;
      for (const version of crd.spec.versions ?? []) {
        const schema = version.schema?.openAPIV3Schema;
        if (!schema) continue;
        write(outDir, fileName(crd.spec.names.kind, crd.spec.group, version.name), strict(intOrString(schema), true, true));
        count += 1;
      }
    }
  }
  return count;
}

const [mode, ...args] = process.argv.slice(2);
if (mode === 'kubernetes' && args.length === 2) {
  console.log(`    ${kubernetes(args[0], args[1])} Kubernetes schemas written to ${args[1]}`);
} else if (mode === 'crds' && args.length >= 2) {
  console.log(`    ${crds(args[0], args.slice(1))} CRD schemas written to ${args[0]}`);
} else {
  console.error('usage: json-schemas.mjs kubernetes <swagger.json> <out-dir> | crds <out-dir> <crd.yaml>...');
  process.exit(2);
}
