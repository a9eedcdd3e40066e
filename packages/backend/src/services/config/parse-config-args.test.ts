import { describe, expect, it } from 'vitest';
import { parseConfigArgs } from './parse-config-args.js';

describe('parseConfigArgs', () => {
  it('collects --config <path> and --config=<path> in order', () => {
    expect(parseConfigArgs(['--config', 'a.yaml', '--verbose', '--config=b.yaml', 'start'])).toEqual([
      'a.yaml',
      'b.yaml',
    ]);
  });

  it('returns nothing when no --config flag is given', () => {
    expect(parseConfigArgs(['start', '--port', '1'])).toEqual([]);
  });

  it('stops at --', () => {
    expect(parseConfigArgs(['--config', 'a.yaml', '--', '--config', 'b.yaml'])).toEqual(['a.yaml']);
  });

  it('rejects a --config flag without a path', () => {
    expect(() => parseConfigArgs(['--config'])).toThrow(/--config needs a file path/);
    expect(() => parseConfigArgs(['--config', '--other'])).toThrow(/--config needs a file path/);
    expect(() => parseConfigArgs(['--config='])).toThrow(/--config needs a file path/);
  });
});
