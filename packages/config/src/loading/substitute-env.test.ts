// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${VAR} is app-config syntax, not a mistaken template
import { describe, expect, it } from 'vitest';
import { substituteEnv } from './substitute-env.js';

describe('substituteEnv', () => {
  const env = { HOST: 'db', EMPTY: '', PORT: '5432' };

  it('replaces every reference in a string', () => {
    expect(substituteEnv('${HOST}:${PORT}/${HOST}', env, 'x')).toEqual({ value: 'db:5432/db', missing: [] });
  });

  it('uses the default when the variable is unset or empty', () => {
    expect(substituteEnv('${NOPE:-a}-${EMPTY:-b}-${HOST:-c}-${NOPE:-}', env, 'x').value).toBe('a-b-db-');
  });

  it('keeps an empty variable without default as an empty string', () => {
    expect(substituteEnv('[${EMPTY}]', env, 'x').value).toBe('[]');
  });

  it('makes the whole value undefined and lists the variables when one is unset', () => {
    expect(substituteEnv('${HOST}:${NOPE}:${ALSO_NOPE}', env, 'x')).toEqual({
      value: undefined,
      missing: ['NOPE', 'ALSO_NOPE'],
    });
  });

  it('turns $${VAR} into the literal ${VAR}', () => {
    expect(substituteEnv('$${HOST} ${HOST}', env, 'x').value).toBe('${HOST} db');
  });

  it('leaves text that is not a reference alone, including ${{ template }} expressions', () => {
    expect(substituteEnv('cost: $5, ${{ parameters.name }}', env, 'x').value).toBe(
      'cost: $5, ${{ parameters.name }}',
    );
  });

  it('rejects references that do not name a variable, saying where', () => {
    expect(() => substituteEnv('${1abc}', env, 'app-config.yaml:3:7')).toThrow(
      /^app-config\.yaml:3:7: '\$\{1abc\}' does not name an environment variable/,
    );
  });
});
