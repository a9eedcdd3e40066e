import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { finalizeConfigNode } from './config-node.js';
import { MAX_CONFIG_FILE_BYTES, parseConfigText, readConfigFile } from './parse-config-file.js';

const parse = (text: string) =>
  finalizeConfigNode(parseConfigText(text, 'app-config.yaml', { requireMapping: true })).data;

describe('parseConfigText', () => {
  it('parses a mapping into plain JSON', () => {
    expect(parse('backend:\n  listen: { port: 7007 }\n  flags: [true, null, "x"]\n')).toEqual({
      backend: { listen: { port: 7007 }, flags: [true, null, 'x'] },
    });
  });

  it('reads numeric and boolean keys as strings', () => {
    expect(parse('codes:\n  404: missing\n  true: yes\n')).toEqual({
      codes: { '404': 'missing', true: 'yes' },
    });
  });

  it('expands anchors and aliases', () => {
    expect(parse('base: &base { a: 1 }\ncopy: *base\n')).toEqual({ base: { a: 1 }, copy: { a: 1 } });
  });

  it('rejects an alias bomb before it expands', () => {
    const levels = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 9; i++) {
      const [name, previous] = [String.fromCharCode(97 + i), String.fromCharCode(96 + i)];
      levels.push(`${name}: &${name} [${Array(9).fill(`*${previous}`).join(',')}]`);
    }
    expect(() => parse(`${levels.join('\n')}\n`)).toThrow(/more than 100 alias references/);
  });

  it('rejects more than one document, pointing at the second', () => {
    expect(() => parse('a: 1\n---\nb: 2\n')).toThrow(
      /^app-config\.yaml:2:1: a config file must hold exactly one YAML document/,
    );
  });

  it('rejects duplicate keys with their line', () => {
    expect(() => parse('a: 1\nb: 2\na: 3\n')).toThrow(/^app-config\.yaml:3:1: Map keys must be unique/);
  });

  it('rejects deep nesting without crashing the parser', () => {
    expect(() => parse(`a: ${'['.repeat(100)}${']'.repeat(100)}\n`)).toThrow(
      /nesting is deeper than 64 levels/,
    );
    expect(() => parse(`a: ${'['.repeat(20_000)}${']'.repeat(20_000)}\n`)).toThrow(
      /^app-config\.yaml:\d+:\d+: nesting/,
    );
  });

  it('rejects values that are not JSON, such as binary data or infinity', () => {
    expect(() => parse('a: .inf\n')).toThrow(/^app-config\.yaml:1:4: unsupported value \.inf/);
    expect(() => parse('a: !!binary aGVsbG8=\n')).toThrow(/unsupported value/);
  });

  it('rejects keys that are not plain strings', () => {
    expect(() => parse('? [1, 2]\n: x\n')).toThrow(
      /^app-config\.yaml:1:3: mapping keys must be plain strings/,
    );
  });

  it('rejects a root that is a list or a single value when a mapping is required', () => {
    expect(() => parse('- a\n')).toThrow(
      /root of a config file must be a mapping of keys to values, not a list/,
    );
    expect(() => parse('just text\n')).toThrow(/not a single value/);
  });

  it('accepts any root when a mapping is not required, as for included files', () => {
    const node = parseConfigText('- a\n- b\n', 'list.yaml');
    expect(
      finalizeConfigNode({ kind: 'object', entries: new Map([['x', node]]), location: node.location }).data,
    ).toEqual({
      x: ['a', 'b'],
    });
  });
});

describe('readConfigFile', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'greenroom-config-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses files over 5 MiB before parsing them', async () => {
    const path = join(dir, 'big.yaml');
    await writeFile(path, `a: "${'x'.repeat(MAX_CONFIG_FILE_BYTES)}"\n`);
    await expect(readConfigFile(path, 'big.yaml')).rejects.toThrow(
      /^big\.yaml: file is \d+ bytes; config files may be at most 5 MiB/,
    );
  });

  it('says which file is missing', async () => {
    await expect(readConfigFile(join(dir, 'nope.yaml'), 'nope.yaml')).rejects.toThrow(
      /^nope\.yaml: file not found/,
    );
  });
});
