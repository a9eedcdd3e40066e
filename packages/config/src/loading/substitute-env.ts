import { InputError } from '@greenroom/errors';

const REFERENCE = /(\$?)\$\{([^{}]*)\}/g;
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The result of substituting environment variables into one string. */
export interface Substitution {
  /** The new string, or `undefined` when a referenced variable is unset and has no default. */
  value: string | undefined;
  /** Variables that were referenced without a default and are unset. */
  missing: string[];
}

/**
 * Replaces every `${VAR}` and `${VAR:-default}` in a string with values from `env`.
 * The default applies when the variable is unset or empty; `$${VAR}` stays as the
 * literal text `${VAR}`. If a variable without default is unset the whole value is
 * undefined, so the key it belongs to is left out. `where` prefixes error messages.
 *
 * @example
 * substituteEnv('postgres://${DB_HOST:-localhost}:5432', { DB_HOST: 'db' }, 'app-config.yaml:4:11');
 * // { value: 'postgres://db:5432', missing: [] }
 */
export function substituteEnv(
  text: string,
  env: Record<string, string | undefined>,
  where: string,
): Substitution {
  if (!text.includes('${')) return { value: text, missing: [] };
  const missing: string[] = [];
  const value = text.replace(REFERENCE, (_match, escaped: string, body: string) => {
    if (escaped) return `\${${body}}`;
    const separator = body.indexOf(':-');
    const name = (separator === -1 ? body : body.slice(0, separator)).trim();
    if (!VARIABLE_NAME.test(name)) {
      throw new InputError(
        `${where}: '\${${body}}' does not name an environment variable; write \${NAME} or \${NAME:-default}, or $\${...} for a literal`,
      );
    }
    const found = env[name];
    if (separator !== -1) return found === undefined || found === '' ? body.slice(separator + 2) : found;
    if (found === undefined) missing.push(name);
    return found ?? '';
  });
  return { value: missing.length > 0 ? undefined : value, missing };
}
