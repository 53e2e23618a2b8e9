import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { EventContracts } from '@shop/service-kit';

const eventsDir = path.join(__dirname, '..', 'events');
const servicesDir = path.join(__dirname, '..', '..', 'services');
const schemaFiles = readdirSync(eventsDir).filter((file) => file.endsWith('.v1.json'));
const typeOf = (file: string) => file.replace(/\.v1\.json$/, '');

interface Schema {
  $id: string;
  required: string[];
  additionalProperties: boolean;
  examples?: Record<string, unknown>[];
}
const schemaOf = (file: string) => JSON.parse(readFileSync(path.join(eventsDir, file), 'utf8')) as Schema;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) return entry === 'node_modules' || entry === 'dist' ? [] : sourceFiles(full);
    return full.endsWith('.ts') ? [full] : [];
  });
}

/** Event types named in the services' own code (what they publish through the outbox and what they subscribe to). */
const EVENT_TYPE = /['"]((?:user|order|payment|inventory|shipment)\.[a-z_]+(?:\.[a-z_]+)?)['"]/g;
const typesNamedInCode = (): Map<string, string[]> => {
  const named = new Map<string, string[]>();
  for (const service of readdirSync(servicesDir)) {
    for (const file of sourceFiles(path.join(servicesDir, service, 'src'))) {
      for (const [, type] of readFileSync(file, 'utf8').matchAll(EVENT_TYPE)) named.set(type!, [...(named.get(type!) ?? []), path.relative(servicesDir, file)]);
    }
  }
  return named;
};

describe('event contracts', () => {
  const contracts = new EventContracts(eventsDir);

  it('when the contracts are loaded, then every schema compiles in strict mode and is closed', () => {
    expect(schemaFiles.length).toBeGreaterThanOrEqual(12);
    for (const file of schemaFiles) {
      const schema = schemaOf(file);

      expect(contracts.has(typeOf(file))).toBe(true);
      expect(schema.$id).toContain(file);
      expect(schema.additionalProperties).toBe(false);
    }
  });

  it.each(schemaFiles)('when the publisher sample of %s is validated, then it passes', (file) => {
    const examples = schemaOf(file).examples ?? [];

    expect(examples.length).toBeGreaterThan(0);
    for (const example of examples) expect(() => contracts.assertValid(typeOf(file), example)).not.toThrow();
  });

  it.each(schemaFiles)('when a required field of %s is missing or an unknown one added, then the sample fails', (file) => {
    const schema = schemaOf(file);
    const [example] = schema.examples ?? [{}];

    for (const field of schema.required) {
      const { [field]: _removed, ...incomplete } = example!;
      expect(() => contracts.assertValid(typeOf(file), incomplete)).toThrow(field);
    }
    expect(() => contracts.assertValid(typeOf(file), { ...example, unexpected: true })).toThrow();
  });

  it('when a service names an event type in its code, then that type has a published contract', () => {
    const missing = [...typesNamedInCode()].filter(([type]) => !contracts.has(type)).map(([type, files]) => `${type} (${files.join(', ')})`);

    expect(missing).toEqual([]);
  });
});
