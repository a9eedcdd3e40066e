/**
 * Prints why the portal could not start, with the chain of causes, on stderr. Used
 * when startup fails before or after the logger exists, so the reason is never lost.
 */
export function reportStartupFailure(error: unknown, write: (line: string) => void = console.error): void {
  const lines: string[] = ['Greenroom could not start:'];
  let current: unknown = error;
  const seen = new Set<unknown>();
  while (current && !seen.has(current)) {
    seen.add(current);
    const message = current instanceof Error ? current.message : String(current);
    if (!lines.some((line) => line.includes(message))) lines.push(`  ${message}`);
    current = current instanceof Error ? current.cause : undefined;
  }
  if (process.env.GREENROOM_DEBUG && error instanceof Error && error.stack) lines.push(error.stack);
  write(lines.join('\n'));
}
