// A table of JSON configuration keys. The JSON schema, the defaults and the TypeScript type of a
// configuration are all derived from it, so each key's type, default, limits and text are
// written once. Only schema keywords that mean the same in draft-04 and later drafts are produced.

interface KeyText {
  /** Short name shown by tools that render the schema. */
  readonly title: string;
  /** What the key does; the schema's description adds "(Default: ...)" from `default`. */
  readonly description: string;
}

export type ConfigKey =
  | (KeyText & { readonly type: 'integer' | 'number'; readonly default?: number; readonly minimum?: number; readonly maximum?: number })
  | (KeyText & { readonly type: 'boolean'; readonly default?: boolean })
  | (KeyText & { readonly type: 'string'; readonly default?: string });

export type KeyTable = Readonly<Record<string, ConfigKey>>;

type ValueOf<S extends ConfigKey> = S['type'] extends 'integer' | 'number' ? number : S['type'] extends 'boolean' ? boolean : string;

type KeysWithDefault<T extends KeyTable> = { [K in keyof T]: T[K] extends { readonly default: unknown } ? K : never }[keyof T];

/** The configuration a table describes: keys with a default are always set, the others optional. */
export type ConfigOf<T extends KeyTable> = {
  readonly [K in KeysWithDefault<T>]: ValueOf<T[K]>;
} & {
  readonly [K in Exclude<keyof T, KeysWithDefault<T>>]?: ValueOf<T[K]> | undefined;
};

export interface SchemaProperty {
  readonly type: ConfigKey['type'];
  readonly title: string;
  readonly description: string;
  readonly default?: number | boolean | string;
  readonly minimum?: number;
  readonly maximum?: number;
}

/** The JSON-schema property of every key, in table order. */
export function schemaProperties(table: KeyTable): Record<string, SchemaProperty> {
  const out: Record<string, SchemaProperty> = {};
  for (const [name, key] of Object.entries(table)) {
    const shown = key.default === undefined ? 'none' : String(key.default);
    out[name] = {
      type: key.type,
      title: key.title,
      description: `${key.description} (Default: ${shown})`,
      ...(key.default === undefined ? {} : { default: key.default }),
      ...(key.type !== 'boolean' && key.type !== 'string' && key.minimum !== undefined ? { minimum: key.minimum } : {}),
      ...(key.type !== 'boolean' && key.type !== 'string' && key.maximum !== undefined ? { maximum: key.maximum } : {}),
    };
  }
  return out;
}

/** The value of every key that has a default. */
export function defaultsOf<T extends KeyTable>(table: T): ConfigOf<T> {
  const out: Record<string, unknown> = {};
  for (const [name, key] of Object.entries(table)) if (key.default !== undefined) out[name] = key.default;
  return out as ConfigOf<T>;
}
