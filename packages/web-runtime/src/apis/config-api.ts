/** A JSON value as it arrives in the frontend config. */
export type FrontendConfigValue =
  | string
  | number
  | boolean
  | null
  | FrontendConfigValue[]
  | { [key: string]: FrontendConfigValue };

/**
 * Read access to the frontend config, by dotted key.
 *
 * @example
 * config.getOptionalString('app.title') ?? 'Greenroom';
 */
export interface ConfigApi {
  getOptional<T = FrontendConfigValue>(key: string): T | undefined;
  getOptionalString(key: string): string | undefined;
  getString(key: string): string;
  getOptionalBoolean(key: string): boolean | undefined;
}

/** The id of the `<script type="application/json">` element the backend injects into index.html. */
export const FRONTEND_CONFIG_ELEMENT_ID = 'greenroom-frontend-config';

/**
 * A {@link ConfigApi} over a plain object. Type mismatches throw naming the key.
 *
 * @example
 * const config = new StaticConfigApi({ app: { title: 'Greenroom' } });
 * config.getString('app.title'); // 'Greenroom'
 */
export class StaticConfigApi implements ConfigApi {
  readonly #data: Record<string, FrontendConfigValue>;

  constructor(data: Record<string, FrontendConfigValue>) {
    this.#data = data;
  }

  getOptional<T = FrontendConfigValue>(key: string): T | undefined {
    let node: FrontendConfigValue | undefined = this.#data;
    for (const part of key.split('.')) {
      if (node === null || typeof node !== 'object' || Array.isArray(node)) return undefined;
      node = Object.hasOwn(node, part) ? node[part] : undefined;
    }
    return node as T | undefined;
  }

  getOptionalString(key: string): string | undefined {
    return this.#typed(key, 'string') as string | undefined;
  }

  getString(key: string): string {
    const value = this.getOptionalString(key);
    if (value === undefined)
      throw new Error(`Missing frontend config key '${key}'; set it in app-config.yaml`);
    return value;
  }

  getOptionalBoolean(key: string): boolean | undefined {
    return this.#typed(key, 'boolean') as boolean | undefined;
  }

  #typed(key: string, type: 'string' | 'boolean'): unknown {
    const value = this.getOptional(key);
    if (value !== undefined && typeof value !== type) {
      throw new Error(`Frontend config key '${key}' must be a ${type}, got ${JSON.stringify(value)}`);
    }
    return value;
  }
}

/**
 * Reads the frontend config the backend injected into the page (an empty config
 * when there is none, e.g. in the Vite dev server before the backend answers).
 *
 * @example
 * const config = readInjectedConfig(document);
 */
export function readInjectedConfig(doc: Document): StaticConfigApi {
  const text = doc.getElementById(FRONTEND_CONFIG_ELEMENT_ID)?.textContent;
  if (!text) return new StaticConfigApi({});
  const data: unknown = JSON.parse(text);
  return new StaticConfigApi(data && typeof data === 'object' && !Array.isArray(data) ? (data as never) : {});
}
