/**
 * The event catalog, generated from the zod schemas of the registry: every event type with its
 * fields (path, type, required, description), its current and past schema versions and an
 * example. Nothing here is written by hand but the examples, and a test proves each example is
 * accepted by its schema — so the catalog cannot drift from the code that validates events.
 */
import { z } from 'zod';
import { catalogExamples } from './catalogExamples.ts';
import { EVENT_TYPES, type EventType, eventRegistry } from './registry.ts';
import { EventMetadata } from './shared/metadata.ts';

export interface CatalogField {
  /** Dotted path; `[]` marks the items of a list (`partners[].role`). */
  readonly path: string;
  readonly type: string;
  readonly required: boolean;
  readonly description: string | null;
}

export interface CatalogVersion {
  readonly version: number;
  readonly fields: readonly CatalogField[];
}

export interface CatalogEntry {
  readonly type: EventType;
  readonly description: string | null;
  /** The stream the event is stored in: `{stream}-{data[idField]}`. */
  readonly stream: string;
  readonly idField: string;
  /** The version writers produce now. */
  readonly version: number;
  readonly fields: readonly CatalogField[];
  /** Older versions still readable (upcast on read), oldest first. */
  readonly pastVersions: readonly CatalogVersion[];
  readonly example: unknown;
}

export interface EventCatalog {
  readonly events: readonly CatalogEntry[];
  /** The metadata every event carries, whatever its type. */
  readonly metadata: readonly CatalogField[];
}

type JsonSchema = {
  readonly type?: string | readonly string[];
  readonly description?: string;
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly required?: readonly string[];
  readonly items?: JsonSchema;
  readonly additionalProperties?: JsonSchema | boolean;
  readonly enum?: readonly unknown[];
  readonly const?: unknown;
  readonly oneOf?: readonly JsonSchema[];
  readonly anyOf?: readonly JsonSchema[];
  readonly allOf?: readonly JsonSchema[];
  readonly pattern?: string;
  readonly format?: string;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly default?: unknown;
};

const jsonSchemaOf = (schema: z.ZodType): JsonSchema =>
  z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;

const PARTIAL_DATE = '^(\\d{4})(?:-(\\d{2})(?:-(\\d{2}))?)?$';
const SLUG = '^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?$';

// zod writes `z.int()`'s implicit bounds as the safe-integer limits: no bound worth printing.
const bound = (value: number | undefined): number | undefined =>
  value === undefined || Math.abs(value) >= Number.MAX_SAFE_INTEGER ? undefined : value;

const range = (schema: JsonSchema): string => {
  const min = bound(schema.minimum ?? schema.exclusiveMinimum);
  const max = bound(schema.maximum);
  if (min === undefined && max === undefined) return '';
  if (max === undefined) return ` ≥ ${min}`;
  if (min === undefined) return ` ≤ ${max}`;
  return ` ${min}–${max}`;
};

const variantsOf = (schema: JsonSchema): readonly JsonSchema[] | undefined =>
  schema.oneOf ?? schema.anyOf;

/** A readable type: `string (slug)`, `integer 1–6`, `list of string`, `"a" | "b"`… */
function typeOf(schema: JsonSchema): string {
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  if (schema.enum !== undefined)
    return schema.enum.map((value) => JSON.stringify(value)).join(' | ');
  const variants = variantsOf(schema);
  if (variants !== undefined) return variants.map(typeOf).join(' | ');
  if (schema.allOf !== undefined) return schema.allOf.map(typeOf).join(' & ');
  const type = Array.isArray(schema.type) ? schema.type.join(' | ') : schema.type;
  switch (type) {
    case 'string': {
      if (schema.pattern === PARTIAL_DATE) return 'partial date (YYYY, YYYY-MM or YYYY-MM-DD)';
      if (schema.pattern === SLUG) return 'slug (a-z, 0-9, -)';
      if (schema.format !== undefined) return `string (${schema.format})`;
      if (schema.pattern !== undefined) return `string matching \`${schema.pattern}\``;
      return schema.minLength !== undefined && schema.minLength > 0 ? 'text' : 'string';
    }
    case 'integer':
    case 'number':
      return `${type}${range(schema)}`;
    case 'array': {
      const items = schema.items === undefined ? 'any' : typeOf(schema.items);
      return `list of ${items}${schema.minItems !== undefined && schema.minItems > 0 ? ` (at least ${schema.minItems})` : ''}`;
    }
    case 'object': {
      if (schema.properties === undefined) {
        const values = schema.additionalProperties;
        return typeof values === 'object' ? `map of ${typeOf(values)}` : 'object';
      }
      const fields = Object.entries(schema.properties).map(
        ([name, field]) =>
          `${name}${schema.required?.includes(name) === true ? '' : '?'}: ${typeOf(field)}`,
      );
      return `{ ${fields.join(', ')} }`;
    }
    case undefined:
      return 'any';
    default:
      return String(type);
  }
}

/** The object shape a field's type reads as, when it has named fields worth a row each. */
const objectShape = (schema: JsonSchema): JsonSchema | undefined =>
  schema.type === 'object' && schema.properties !== undefined ? schema : undefined;

function fieldsOf(schema: JsonSchema, prefix = ''): CatalogField[] {
  const fields: CatalogField[] = [];
  for (const [name, field] of Object.entries(schema.properties ?? {})) {
    const path = `${prefix}${name}`;
    const nested = objectShape(field);
    const items =
      field.type === 'array' && field.items !== undefined ? objectShape(field.items) : undefined;
    fields.push({
      path,
      type:
        nested !== undefined ? 'object' : items !== undefined ? 'list of objects' : typeOf(field),
      required: schema.required?.includes(name) === true && field.default === undefined,
      description:
        field.description ?? (items !== undefined ? (field.items?.description ?? null) : null),
    });
    if (nested !== undefined) fields.push(...fieldsOf(nested, `${path}.`));
    if (items !== undefined) fields.push(...fieldsOf(items, `${path}[].`));
  }
  return fields;
}

/** The catalog of every event type the domain knows, in registry order. */
export function eventCatalog(): EventCatalog {
  return {
    events: EVENT_TYPES.map((type): CatalogEntry => {
      const definition = eventRegistry[type];
      const schema = jsonSchemaOf(definition.schema);
      return {
        type,
        description: schema.description ?? null,
        stream: definition.stream,
        idField: definition.idField,
        version: definition.version,
        fields: fieldsOf(schema),
        pastVersions: definition.upcasters.map((upcaster) => ({
          version: upcaster.fromVersion,
          fields: fieldsOf(jsonSchemaOf(upcaster.schema)),
        })),
        example: catalogExamples[type],
      };
    }),
    metadata: fieldsOf(jsonSchemaOf(EventMetadata)),
  };
}
