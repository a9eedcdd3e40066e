/** What each occurrence of a registered secret string is replaced with. */
export const REDACTED_SECRET = '***';

/**
 * Secrets shorter than this are not redacted: replacing every `yes` or `123`
 * in every log line would make the logs unreadable and protect nothing.
 */
export const MIN_SECRET_LENGTH = 4;

/**
 * Replaces known secret strings (e.g. config values marked secret) wherever they
 * appear in a text. All secrets are matched by one combined regular expression,
 * rebuilt only when the set changes, longest first so overlapping secrets are
 * replaced whole.
 *
 * @example
 * const redactor = new SecretRedactor();
 * redactor.add(['hunter2-password']);
 * redactor.redact('login with hunter2-password'); // 'login with ***'
 */
export class SecretRedactor {
  readonly #secrets = new Set<string>();
  #pattern: RegExp | undefined;
  #version = 0;

  /** Increases whenever secrets are added; lets callers cache redacted values. */
  get version(): number {
    return this.#version;
  }

  /** Registers more secrets; values shorter than {@link MIN_SECRET_LENGTH} are ignored. */
  add(secrets: Iterable<string>): void {
    let changed = false;
    for (const secret of secrets) {
      if (typeof secret !== 'string' || secret.length < MIN_SECRET_LENGTH || this.#secrets.has(secret)) {
        continue;
      }
      this.#secrets.add(secret);
      changed = true;
    }
    if (!changed) return;
    const alternatives = [...this.#secrets].sort((a, b) => b.length - a.length).map(escapeRegExp);
    this.#pattern = new RegExp(alternatives.join('|'), 'g');
    this.#version += 1;
  }

  /** The text with every registered secret replaced by {@link REDACTED_SECRET}. */
  redact(text: string): string {
    if (!this.#pattern || text.length < MIN_SECRET_LENGTH) return text;
    return text.replace(this.#pattern, REDACTED_SECRET);
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
