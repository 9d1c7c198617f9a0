/**
 * A small interpreter of the part of JSON Schema (draft 2020-12) that `schemas.ts` uses: `type`,
 * `properties`, `required`, `additionalProperties`, `items`, `enum`, `const`, `pattern`,
 * `minLength`/`maxLength`, `minimum`/`maximum`, `minItems`/`maxItems`, `anyOf`, `allOf`,
 * `if`/`then` and local `$ref`s to `#/$defs/...`. It interprets (no code generation, so it runs
 * where `eval` is forbidden, e.g. in workers) and stops at the first problem, which it names by
 * its path. The tests check that Ajv, a full implementation, agrees with it on the schemas.
 */

/** A JSON Schema of the subset above. */
export interface JsonSchema {
  $schema?: string;
  $id?: string;
  $ref?: string;
  $defs?: Record<string, JsonSchema>;
  title?: string;
  description?: string;
  type?: JsonType | JsonType[];
  properties?: Record<string, JsonSchema>;
  required?: readonly string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  enum?: readonly unknown[];
  const?: unknown;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  anyOf?: JsonSchema[];
  allOf?: JsonSchema[];
  if?: JsonSchema;
  then?: JsonSchema;
}

type JsonType = 'string' | 'number' | 'integer' | 'boolean' | 'object' | 'array' | 'null';

/** What was wrong, and where (`products[0].base_price.gross`; `""` for the value itself). */
export interface SchemaProblem {
  path: string;
  message: string;
}

const patterns = new Map<string, RegExp>();

function typeOf(value: unknown): JsonType {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value as JsonType;
}

function join(path: string, key: string | number): string {
  return typeof key === 'number' ? `${path}[${key}]` : path ? `${path}.${key}` : key;
}

/**
 * Validates `value` against `schema` (whose `$defs` resolve the `$ref`s). Only own properties
 * of the schema's `properties` and `$defs` count, so a key such as `__proto__`, `constructor` or
 * `toString` is an additional property like any other.
 * @returns the first problem, or null when the value is valid
 */
export function validate(schema: JsonSchema, value: unknown, root: JsonSchema = schema, path = ''): SchemaProblem | null {
  if (schema.$ref !== undefined) {
    const name = schema.$ref.replace(/^#\/\$defs\//, '');
    const target = root.$defs && Object.hasOwn(root.$defs, name) ? root.$defs[name] : undefined;
    if (!target) throw new Error(`Unknown $ref ${schema.$ref}`);
    const problem = validate(target, value, root, path);
    if (problem) return problem;
  }
  const actual = typeOf(value);
  if (schema.type !== undefined) {
    const allowed = Array.isArray(schema.type) ? schema.type : [schema.type];
    const ok = allowed.includes(actual) || (actual === 'integer' && allowed.includes('number'));
    if (!ok) return { path, message: `must be ${allowed.join(' or ')}` };
  }
  if (schema.const !== undefined && value !== schema.const) return { path, message: `must be ${JSON.stringify(schema.const)}` };
  if (schema.enum !== undefined && !schema.enum.includes(value)) {
    return { path, message: `must be one of ${schema.enum.map((item) => JSON.stringify(item)).join(', ')}` };
  }
  if (typeof value === 'string') {
    const length = [...value].length;
    if (schema.minLength !== undefined && length < schema.minLength) return { path, message: `must have at least ${schema.minLength} characters` };
    if (schema.maxLength !== undefined && length > schema.maxLength) return { path, message: `must have at most ${schema.maxLength} characters` };
    if (schema.pattern !== undefined) {
      let pattern = patterns.get(schema.pattern);
      if (!pattern) patterns.set(schema.pattern, (pattern = new RegExp(schema.pattern, 'u')));
      if (!pattern.test(value)) return { path, message: `must match ${schema.pattern}` };
    }
  }
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum) return { path, message: `must be at least ${schema.minimum}` };
    if (schema.maximum !== undefined && value > schema.maximum) return { path, message: `must be at most ${schema.maximum}` };
  }
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems) return { path, message: `must have at least ${schema.minItems} items` };
    if (schema.maxItems !== undefined && value.length > schema.maxItems) return { path, message: `must have at most ${schema.maxItems} items` };
    if (schema.items) {
      for (let i = 0; i < value.length; i++) {
        const problem = validate(schema.items, value[i], root, join(path, i));
        if (problem) return problem;
      }
    }
  }
  if (actual === 'object') {
    const object = value as Record<string, unknown>;
    for (const key of schema.required ?? []) {
      if (!Object.hasOwn(object, key)) return { path: join(path, key), message: 'is required' };
    }
    for (const key of Object.keys(object)) {
      // Own properties only: a key named `__proto__`, `constructor` or `toString` must not find
      // Object.prototype's members as its schema.
      const property = schema.properties && Object.hasOwn(schema.properties, key) ? schema.properties[key] : undefined;
      if (property) {
        const problem = validate(property, object[key], root, join(path, key));
        if (problem) return problem;
      } else if (schema.additionalProperties === false) {
        return { path: join(path, key), message: 'is not allowed' };
      } else if (typeof schema.additionalProperties === 'object') {
        const problem = validate(schema.additionalProperties, object[key], root, join(path, key));
        if (problem) return problem;
      }
    }
  }
  for (const part of schema.allOf ?? []) {
    const problem = validate(part, value, root, path);
    if (problem) return problem;
  }
  if (schema.anyOf) {
    // When no option fits, report the problem with the longest path, and of equal ones the last
    // option's: `nullable(PhoneNumber)` then names `phone_number.phone`, not "must be null".
    let best: SchemaProblem | null = null;
    for (const option of schema.anyOf) {
      const problem = validate(option, value, root, path);
      if (!problem) {
        best = null;
        break;
      }
      if (!best || problem.path.length >= best.path.length) best = problem;
    }
    if (best) return best;
  }
  if (schema.if && schema.then && !validate(schema.if, value, root, path)) {
    const problem = validate(schema.then, value, root, path);
    if (problem) return problem;
  }
  return null;
}
