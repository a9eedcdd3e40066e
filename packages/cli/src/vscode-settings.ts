import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError } from '@greenroom/errors';

const MAX_SETTINGS_BYTES = 1024 * 1024;

/** What {@link addYamlSchemaSetting} did. */
export type SettingsChange = 'created' | 'updated' | 'unchanged';

/**
 * Makes VS Code's YAML extension validate and complete files with a JSON Schema:
 * adds `"yaml.schemas": { "<schemaPath>": [<globs>] }` to `.vscode/settings.json`,
 * keeping every other setting (and other globs already listed for the schema).
 * Comments in the file are accepted but not preserved.
 *
 * @example
 * await addYamlSchemaSetting('/srv/portal', './app-config.schema.json', ['app-config*.yaml']); // 'updated'
 */
export async function addYamlSchemaSetting(
  cwd: string,
  schemaPath: string,
  globs: readonly string[],
): Promise<SettingsChange> {
  const file = join(cwd, '.vscode', 'settings.json');
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (text !== undefined && text.length > MAX_SETTINGS_BYTES) {
    throw new InputError(`.vscode/settings.json is larger than 1 MiB; add "yaml.schemas" by hand`);
  }
  const settings = text === undefined || text.trim() === '' ? {} : parseJsonWithComments(text);
  const handEdit = `add "yaml.schemas": { "${schemaPath}": ${JSON.stringify(globs)} } by hand`;
  if (typeof settings !== 'object' || settings === null || Array.isArray(settings)) {
    throw new InputError(`.vscode/settings.json does not hold a JSON object; ${handEdit}`);
  }
  const record = settings as Record<string, unknown>;
  const schemas = record['yaml.schemas'] ?? {};
  if (typeof schemas !== 'object' || schemas === null || Array.isArray(schemas)) {
    throw new InputError(`"yaml.schemas" in .vscode/settings.json is not an object; ${handEdit}`);
  }
  const current = (schemas as Record<string, unknown>)[schemaPath];
  const listed = typeof current === 'string' ? [current] : Array.isArray(current) ? current : [];
  const wanted = [...new Set([...listed, ...globs])];
  if (text !== undefined && wanted.length === listed.length) return 'unchanged';
  record['yaml.schemas'] = { ...schemas, [schemaPath]: wanted };
  await mkdir(join(cwd, '.vscode'), { recursive: true });
  await writeFile(file, `${JSON.stringify(record, null, 2)}\n`);
  return text === undefined ? 'created' : 'updated';
}

/**
 * Parses JSON that may contain `//` and `/* *\/` comments and trailing commas, as
 * VS Code settings files do.
 */
export function parseJsonWithComments(text: string): unknown {
  let out = '';
  for (let index = 0; index < text.length; index++) {
    const char = text[index]!;
    if (char === '"') {
      const end = endOfString(text, index);
      out += text.slice(index, end);
      index = end - 1;
    } else if (char === '/' && text[index + 1] === '/') {
      while (index < text.length && text[index] !== '\n') index++;
      out += '\n';
    } else if (char === '/' && text[index + 1] === '*') {
      const end = text.indexOf('*/', index + 2);
      index = end === -1 ? text.length : end + 1;
    } else {
      out += char;
    }
  }
  try {
    return JSON.parse(withoutTrailingCommas(out));
  } catch (error) {
    throw new InputError(`.vscode/settings.json is not valid JSON: ${(error as Error).message}`, error);
  }
}

function withoutTrailingCommas(text: string): string {
  let out = '';
  for (let index = 0; index < text.length; index++) {
    const char = text[index]!;
    if (char === '"') {
      const end = endOfString(text, index);
      out += text.slice(index, end);
      index = end - 1;
    } else if (char !== ',' || !closesNext(text, index + 1)) {
      out += char;
    }
  }
  return out;
}

function closesNext(text: string, from: number): boolean {
  const closing = /\s*[}\]]/y;
  closing.lastIndex = from;
  return closing.test(text);
}

function endOfString(text: string, start: number): number {
  for (let index = start + 1; index < text.length; index++) {
    if (text[index] === '\\') index++;
    else if (text[index] === '"') return index + 1;
  }
  return text.length;
}
