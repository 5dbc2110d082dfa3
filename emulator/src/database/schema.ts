import fs from 'node:fs';
import { z } from 'zod';

/**
 * Collections and indexes are declared once, in the project's schema file (`--schema`, by default
 * `<functions>/database.json`). The emulator creates them; a project's deploy creates the same ones on CloudBase.
 */
const IndexKey = z.object({
  field: z.string().min(1).regex(/^[^$][^]*$/, 'field must not start with $'),
  direction: z.union([z.literal(1), z.literal(-1)]).default(1),
});

const IndexSpec = z.object({
  name: z.string().min(1).max(64),
  keys: z.array(IndexKey).min(1).max(8),
  unique: z.boolean().default(false),
});

const Rule = z.object({ read: z.boolean(), write: z.boolean() });

const CollectionSpec = z.object({
  name: z.string().regex(/^[A-Za-z][A-Za-z0-9_-]{0,63}$/, 'collection names are letters, digits, _ and -'),
  description: z.string().optional(),
  indexes: z.array(IndexSpec).max(100).default([]),
  /** The client security rule. Functions own all access, so every collection denies clients. */
  rule: Rule.default({ read: false, write: false }),
});

export const DatabaseSchemaSchema = z.object({
  collections: z.array(CollectionSpec),
});

export type IndexSpec = z.infer<typeof IndexSpec>;
export type CollectionSpec = z.infer<typeof CollectionSpec>;
export type DatabaseSchema = z.infer<typeof DatabaseSchemaSchema>;

export function parseSchema(input: unknown): DatabaseSchema {
  const schema = DatabaseSchemaSchema.parse(input);
  const seen = new Set<string>();
  for (const c of schema.collections) {
    if (seen.has(c.name)) throw new Error(`collection ${c.name} is declared twice`);
    seen.add(c.name);
    const names = new Set<string>();
    for (const i of c.indexes) {
      if (names.has(i.name)) throw new Error(`index ${i.name} is declared twice in ${c.name}`);
      names.add(i.name);
    }
  }
  return schema;
}

export function loadSchema(file: string): DatabaseSchema {
  if (!fs.existsSync(file)) return { collections: [] };
  return parseSchema(JSON.parse(fs.readFileSync(file, 'utf8')));
}
