/**
 * Turns text offsets into 1-based line and column numbers. The line starts are found on first
 * use with a plain scan for `\n`, which is far cheaper than counting lines while parsing, and
 * most files never need a position beyond each entity's start.
 *
 * @example
 * const lines = new LineIndex('a: 1\nb: 2\n');
 * lines.position(5); // { line: 2, column: 1 }
 */
export class LineIndex {
  readonly #text: string;
  #starts: number[] | undefined;

  constructor(text: string) {
    this.#text = text;
  }

  position(offset: number): { line: number; column: number } {
    this.#starts ??= lineStarts(this.#text);
    const starts = this.#starts;
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (starts[middle]! <= offset) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, column: offset - starts[low]! + 1 };
  }
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1))
    starts.push(index + 1);
  return starts;
}
