import { InputError } from '@greenroom/errors';

/**
 * Collects the `--config <path>` and `--config=<path>` flags (repeatable, in order)
 * from command-line arguments; other arguments are ignored.
 *
 * @example
 * parseConfigArgs(['--config', 'app-config.yaml', '--config=app-config.production.yaml']);
 * // ['app-config.yaml', 'app-config.production.yaml']
 */
export function parseConfigArgs(argv: readonly string[]): string[] {
  const paths: string[] = [];
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index]!;
    if (arg === '--') break;
    if (arg.startsWith('--config=')) {
      paths.push(requirePath(arg.slice('--config='.length)));
    } else if (arg === '--config') {
      const next = argv[index + 1];
      if (next === undefined || next.startsWith('--')) requirePath('');
      paths.push(requirePath(next!));
      index++;
    }
  }
  return paths;
}

function requirePath(path: string): string {
  if (path === '')
    throw new InputError('--config needs a file path, e.g. --config app-config.production.yaml');
  return path;
}
