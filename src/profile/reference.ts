/**
 * docs/profile-reference.md, rendered from the profile's JSON Schema: one table per object
 * (every field with its type, whether it is required, its default and its description).
 */

type JsonSchema = {
  type?: string | string[];
  const?: unknown;
  enum?: unknown[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  additionalProperties?: JsonSchema | boolean;
  propertyNames?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  default?: unknown;
  description?: string;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  title?: string;
  /** What a complete profile (not a base) must write: `required` lists mirroring the schema. */
  else?: RequiredSkeleton;
};

interface RequiredSkeleton {
  required?: string[];
  properties?: Record<string, RequiredSkeleton>;
  items?: RequiredSkeleton;
}

interface Section {
  path: string;
  schema: JsonSchema;
  /** The required keys of this object in a complete profile. */
  required: RequiredSkeleton | undefined;
}

export function renderReference(root: JsonSchema): string {
  const sections: Section[] = [];
  const queue: Section[] = [{ path: '', schema: root, required: root.else ?? root }];
  while (queue.length > 0) {
    const section = queue.shift()!;
    sections.push(section);
    for (const [key, field] of Object.entries(section.schema.properties ?? {})) {
      const nested = objectWithin(field);
      if (!nested) continue;
      const own = section.required?.properties?.[key] ?? (field as RequiredSkeleton);
      queue.push({ path: joinPath(section.path, key) + nested.suffix, schema: nested.schema, required: nested.suffix === '[]' ? own.items : own });
    }
  }

  const out: string[] = [
    `# Profile reference (${String((root.properties?.apiVersion as JsonSchema | undefined)?.const ?? 'ackl2/v1')})`,
    '',
    '<!-- Generated from src/profile/schema.ts by `node scripts/gen.mjs`; do not edit by hand. -->',
    '',
    `${root.description ?? ''} Every object is strict: an unknown key is an error that names the nearest known key.`,
    'Editors validate and complete profiles with [schema/ackl2-profile.schema.json](../schema/ackl2-profile.schema.json)',
    '(first line of a profile: `# yaml-language-server: $schema=<path>/ackl2-profile.schema.json`); `ackl2 validate -f FILE`',
    'checks the same types plus the cross-field rules (CIDRs, plugin needs, pool sizing, secrets, scenario requirements).',
    '',
    'A profile is one YAML document. Anchors, aliases and merge keys (`<<: *defaults`) work, and errors in values',
    'taken from an anchor point at the anchor. Quote versions (`kubernetesVersion: "1.30"`): unquoted, YAML reads',
    '1.30 as the number 1.3. Secrets never go into a profile: use `login.keyPair`, or `login.passwordFromEnv` naming',
    'an environment variable.',
    '',
    `Top-level keys that start with \`x-\` are ignored: a place for anchors (\`x-pool: &pool { ... }\`) the rest of the`,
    'file refers to. A file with `kind: ClusterProfileBase` is a base: a partial profile that others `extends`. It is',
    'validated on its own (keys, types and values; "Required" below applies to complete profiles only), never planned',
    'or created, and its kind is not inherited.',
    '',
  ];
  for (const section of sections) {
    out.push(`## ${section.path === '' ? 'Top level' : `\`${section.path}\``}`, '');
    if (section.path !== '' && section.schema.description) out.push(escapeText(section.schema.description), '');
    out.push('| Field | Type | Required | Default | Description |', '|---|---|---|---|---|');
    const required = new Set(section.required?.required ?? []);
    for (const [key, field] of Object.entries(section.schema.properties ?? {})) {
      const description = [field.description ?? descriptionWithin(field), constraintsOf(field)].filter(Boolean).join(' ');
      out.push(
        `| \`${key}\` | ${escapeCell(typeOf(field, joinPath(section.path, key)))} | ${required.has(key) ? 'yes' : 'no'} | ${field.default === undefined ? '' : `\`${escapeCell(JSON.stringify(field.default))}\``} | ${escapeCell(description)} |`,
      );
    }
    out.push('');
  }
  return `${out.join('\n').trimEnd()}\n`;
}

/** An object the reader needs a table for: directly, or as the items of a list. */
function objectWithin(field: JsonSchema): { schema: JsonSchema; suffix: string } | undefined {
  if (field.properties) return { schema: field, suffix: '' };
  if (field.items?.properties) return { schema: field.items, suffix: '[]' };
  return undefined;
}

function descriptionWithin(field: JsonSchema): string | undefined {
  return field.items?.description;
}

function typeOf(field: JsonSchema, path: string): string {
  if (field.const !== undefined) return `\`${JSON.stringify(field.const)}\``;
  if (field.enum) return field.enum.map((v) => `\`${String(v)}\``).join(' \\| ');
  const variants = field.anyOf ?? field.oneOf;
  if (variants) return variants.map((v) => typeOf(v, path)).join(' or ');
  if (field.properties) return `object (see \`${path}\`)`;
  const type = Array.isArray(field.type) ? field.type.join(' or ') : field.type;
  if (type === 'array') return field.items ? `list of ${field.items.properties ? `objects (see \`${path}[]\`)` : typeOf(field.items, `${path}[]`)}` : 'list';
  if (type === 'object') {
    const values = typeof field.additionalProperties === 'object' ? typeOf(field.additionalProperties, path) : 'any';
    return `map of string to ${values}`;
  }
  return type ?? 'any';
}

function constraintsOf(field: JsonSchema): string {
  const parts: string[] = [];
  const range = (min: number | undefined, max: number | undefined, unit: string): void => {
    if (min === 1 && max === undefined && unit.includes('character')) parts.push(unit.includes('each') ? 'each not empty' : 'not empty');
    else if (min !== undefined && max !== undefined) parts.push(`${min} to ${max}${unit}`);
    else if (min !== undefined) parts.push(`at least ${min}${unit}`);
    else if (max !== undefined) parts.push(`at most ${max}${unit}`);
  };
  range(field.minimum, field.maximum, '');
  range(field.minItems, field.maxItems, ' items');
  range(field.minLength, field.maxLength, ' characters');
  const item = field.items;
  if (item) {
    range(item.minLength, item.maxLength, ' characters each');
    if (item.pattern) parts.push(`Each matches \`${item.pattern}\`.`);
  }
  const keys = field.propertyNames;
  if (keys) range(keys.minLength, keys.maxLength, ' characters per key');
  if (field.pattern) parts.push(`Matches \`${field.pattern}\`.`);
  return parts.length === 0 ? '' : parts.map((p) => (p.endsWith('.') ? p : `${p[0]!.toUpperCase()}${p.slice(1)}.`)).join(' ');
}

function joinPath(parent: string, key: string): string {
  return parent === '' ? key : `${parent}.${key}`;
}

function escapeCell(text: string): string {
  return escapeText(text).replace(/\|/g, '\\|').replace(/\\\\\|/g, '\\|');
}

function escapeText(text: string): string {
  return text.replace(/\n/g, ' ');
}
