// A table of JSON configuration keys. The JSON schema, the defaults and the TypeScript type of a
// configuration are all derived from it, so each key's type, default, limits and text are
// written once. Only schema keywords that mean the same in draft-04 and later drafts are produced.

interface KeyText {
  /** Short name shown by tools that render the schema. */
  readonly title: string;
  /** What the key does; the schema's description adds "(Default: ...)" from `default`. */
  readonly description: string;
}

export type KeySpec =
  | (KeyText & { readonly type: 'integer'; readonly default?: number; readonly minimum?: number; readonly maximum?: number })
  | (KeyText & { readonly type: 'boolean'; readonly default?: boolean })
  | (KeyText & { readonly type: 'string'; readonly default?: string });

export type KeyTable = Readonly<Record<string, KeySpec>>;

type ValueOf<S extends KeySpec> = S['type'] extends 'integer' ? number : S['type'] extends 'boolean' ? boolean : string;

type KeysWithDefault<T extends KeyTable> = { [K in keyof T]: T[K] extends { readonly default: unknown } ? K : never }[keyof T];

/** The configuration a table describes: keys with a default are always set, the others optional. */
export type ConfigOf<T extends KeyTable> = {
  readonly [K in KeysWithDefault<T>]: ValueOf<T[K]>;
} & {
  readonly [K in Exclude<keyof T, KeysWithDefault<T>>]?: ValueOf<T[K]> | undefined;
};

export interface SchemaProperty {
  readonly type: KeySpec['type'];
  readonly title: string;
  readonly description: string;
  readonly default?: number | boolean | string;
  readonly minimum?: number;
  readonly maximum?: number;
}

/** The JSON-schema property of every key, in table order. */
export function schemaProperties(table: KeyTable): Record<string, SchemaProperty> {
  const out: Record<string, SchemaProperty> = {};
  for (const [name, spec] of Object.entries(table)) {
    const shown = spec.default === undefined ? 'none' : String(spec.default);
    out[name] = {
      type: spec.type,
      title: spec.title,
      description: `${spec.description} (Default: ${shown})`,
      ...(spec.default === undefined ? {} : { default: spec.default }),
      ...(spec.type === 'integer' && spec.minimum !== undefined ? { minimum: spec.minimum } : {}),
      ...(spec.type === 'integer' && spec.maximum !== undefined ? { maximum: spec.maximum } : {}),
    };
  }
  return out;
}

/** The value of every key that has a default. */
export function defaultsOf<T extends KeyTable>(table: T): ConfigOf<T> {
  const out: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(table)) if (spec.default !== undefined) out[name] = spec.default;
  return out as ConfigOf<T>;
}
