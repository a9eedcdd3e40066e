/**
 * The UTF-8 size of a string in bytes, counting no further than just past `limit` (the exact
 * size does not matter once it is over). Works without `Buffer`, in browsers too.
 *
 * @example
 * utf8Length('héllo'); // 6
 */
export function utf8Length(text: string, limit = Number.POSITIVE_INFINITY): number {
  let bytes = 0;
  for (let index = 0; index < text.length && bytes <= limit; index++) {
    const code = text.charCodeAt(index);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && index + 1 < text.length) {
      bytes += 4;
      index++;
    } else bytes += 3;
  }
  return bytes;
}
