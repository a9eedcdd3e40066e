import { describe, expect, it } from 'vitest';
import { LineIndex } from './line-index.js';

describe('LineIndex', () => {
  it('gives 1-based lines and columns for offsets', () => {
    const lines = new LineIndex('ab\ncd\r\n\nef');
    expect(lines.position(0)).toEqual({ line: 1, column: 1 });
    expect(lines.position(2)).toEqual({ line: 1, column: 3 });
    expect(lines.position(3)).toEqual({ line: 2, column: 1 });
    expect(lines.position(7)).toEqual({ line: 3, column: 1 });
    expect(lines.position(9)).toEqual({ line: 4, column: 2 });
  });

  it('puts everything on line 1 for text without newlines, including empty text', () => {
    expect(new LineIndex('').position(0)).toEqual({ line: 1, column: 1 });
    expect(new LineIndex('abc').position(2)).toEqual({ line: 1, column: 3 });
  });
});
