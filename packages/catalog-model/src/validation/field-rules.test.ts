import { describe, expect, it } from 'vitest';
import { fieldRules } from './field-rules.js';
import { describeValue, formatJsonPath, invalidFieldMessage } from './issue.js';

const x = (count: number, char = 'a') => char.repeat(count);
const label63 = x(63);
const subdomain253 = [x(63), x(63), x(63), x(61)].join('.');

const cases: Record<keyof typeof fieldRules, { valid: unknown[]; invalid: unknown[] }> = {
  entityName: {
    valid: ['a', 'A', '9', 'checkout', 'Checkout-Service', 'a.b_c-d', 'a--b', 'a._-b', x(63)],
    invalid: ['', '-a', 'a-', '.a', 'a.', '_a', 'a b', 'a/b', 'a:b', 'ä', x(64), 7, null, undefined],
  },
  namespace: {
    valid: ['default', 'a', 'team-a', 'a--b', '0', x(63)],
    invalid: ['', 'Default', 'a_b', 'a.b', '-a', 'a-', x(64), 1],
  },
  kind: {
    valid: ['Component', 'API', 'a', 'K8sCluster', x(63)],
    invalid: ['', '1Component', 'My-Kind', 'My_Kind', 'a.b', x(64), {}],
  },
  apiVersion: {
    valid: [
      'v1',
      'backstage.io/v1alpha1',
      'scaffolder.backstage.io/v1beta3',
      'a/b',
      `${subdomain253}/v1`,
      `x/${x(63)}`,
    ],
    invalid: [
      '',
      '/v1',
      'backstage.io/',
      'Backstage.io/v1',
      'a/b/c',
      'backstage.io/v1-alpha',
      `${subdomain253}a/v1`,
      `x/${x(64)}`,
      `${x(64)}.io/v1`,
      'a_b.io/v1',
      3,
    ],
  },
  labelKey: {
    valid: ['app', 'example.com/tier', 'a.b/C_d', `${subdomain253}/${label63}`],
    invalid: ['', 'a/b/c', '/a', 'a/', 'Example.com/a', 'a b', `x/${x(64)}`, `${x(64)}`, 5],
  },
  labelValue: {
    valid: ['', 'prod', 'Prod-1.2_3', x(63)],
    invalid: ['-x', 'a b', x(64), 1, null],
  },
  annotationKey: {
    valid: ['backstage.io/techdocs-ref', 'github.com/project-slug', 'plain', 'a-b.c/D.e'],
    invalid: ['backstage.io/', 'a/b/c', 'BACKSTAGE.io/x', 'a b/c', ''],
  },
  annotationValue: {
    valid: ['', 'anything at all: ✓', 'url:https://x/y'],
    invalid: [1, true, null, {}, []],
  },
  tag: {
    valid: ['java', 'c++', 'c#', 'a:b', 'web-app', 'a-b-c', x(63)],
    invalid: ['', 'Java', 'a--b', '-a', 'a-', 'a b', 'a_b', 'a.b', x(64), 1],
  },
  url: {
    valid: ['https://example.com', 'http://localhost:3000/x?y=1', 'mailto:a@b.c', 'slack://channel'],
    invalid: ['', 'example.com', '/relative', 'not a url', 1],
  },
  nonBlankString: {
    valid: ['a', ' a '],
    invalid: ['', '   ', '\t', 1],
  },
};

describe('fieldRules', () => {
  for (const [name, { valid, invalid }] of Object.entries(cases)) {
    const rule = fieldRules[name as keyof typeof fieldRules];
    it.each(valid.map((value) => [value]))(`${name} accepts %j`, (value) => {
      expect(rule.test(value)).toBe(true);
    });
    it.each(invalid.map((value) => [value]))(`${name} rejects %j`, (value) => {
      expect(rule.test(value)).toBe(false);
    });
  }

  it('states each expectation in words, with the length limit where there is one', () => {
    expect(fieldRules.entityName.expectation).toContain('1–63');
    expect(fieldRules.namespace.expectation).toContain('lowercase');
    expect(fieldRules.apiVersion.expectation).toContain('253');
  });
});

describe('invalidFieldMessage', () => {
  it('reads "<field>" is not valid; expected … but found "<value>"', () => {
    expect(invalidFieldMessage('metadata.name', fieldRules.entityName.expectation, 'x y')).toBe(
      `"metadata.name" is not valid; expected ${fieldRules.entityName.expectation} but found "x y"`,
    );
  });

  it('shows values that are not strings by their type, and cuts long strings', () => {
    expect(describeValue(5)).toBe('5');
    expect(describeValue(null)).toBe('null');
    expect(describeValue(['a'])).toBe('a list');
    expect(describeValue({})).toBe('an object');
    expect(describeValue(x(300))).toHaveLength(103);
  });
});

describe('formatJsonPath', () => {
  it('joins words with dots and puts indices and other keys in brackets', () => {
    expect(formatJsonPath(['spec', 'steps', 0, 'action'])).toBe('spec.steps[0].action');
    expect(formatJsonPath(['metadata', 'annotations', 'backstage.io/techdocs-ref'])).toBe(
      'metadata.annotations["backstage.io/techdocs-ref"]',
    );
    expect(formatJsonPath([])).toBe('<root>');
  });
});
