import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { UNSTORABLE_TEXT_MESSAGE, unstorableTextPaths } from '../storable-text';

export class ContractViolation extends Error {
  override name = 'ContractViolation';
  constructor(readonly eventType: string, readonly problems: string[]) {
    super(`${eventType} does not match its contract: ${problems.join('; ')}`);
  }
}

/**
 * The versioned JSON Schemas of `contracts/events/<type>.v1.json`. The publisher validates before writing to the
 * outbox and the consumer validates on delivery, so a drifting producer is caught on both sides.
 */
export class EventContracts {
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(directory: string) {
    const ajv = new Ajv2020({ allErrors: true, strict: true });
    addFormats(ajv);
    for (const file of readdirSync(directory).filter((f) => f.endsWith('.v1.json'))) {
      const schema = JSON.parse(readFileSync(path.join(directory, file), 'utf8')) as object;
      this.validators.set(file.replace(/\.v1\.json$/, ''), ajv.compile(schema));
    }
  }

  has(type: string): boolean {
    return this.validators.has(type);
  }

  /** Every event type with a published contract. */
  types(): string[] {
    return [...this.validators.keys()].sort();
  }

  assertValid(type: string, data: unknown): void {
    const validate = this.validators.get(type);
    if (!validate) throw new ContractViolation(type, ['no contract is published for this event type']);
    if (!validate(data)) {
      throw new ContractViolation(type, (validate.errors ?? []).map((e) => `${e.instancePath || '(data)'} ${e.message ?? 'is invalid'}`));
    }
    // Every contract implies it: no event's text may hold what the databases of its consumers cannot store.
    const unstorable = unstorableTextPaths(data);
    if (unstorable.length) throw new ContractViolation(type, unstorable.map((pointer) => `${pointer} ${UNSTORABLE_TEXT_MESSAGE}`));
  }
}

/** `CONTRACTS_DIR`, else the nearest `contracts/events` above the running code (repo checkout or container image). */
export function findContractsDirectory(start = __dirname): string {
  if (process.env.CONTRACTS_DIR) return process.env.CONTRACTS_DIR;
  let directory = start;
  for (;;) {
    const candidate = path.join(directory, 'contracts', 'events');
    if (existsSync(candidate)) return candidate;
    const parent = path.dirname(directory);
    if (parent === directory) throw new Error(`no contracts/events folder above ${start}; set CONTRACTS_DIR`);
    directory = parent;
  }
}
