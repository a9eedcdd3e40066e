/**
 * Maps items with an async function, at most `limit` at a time, keeping the order of
 * the items in the result. The first rejection rejects the whole map (items already
 * started still finish).
 *
 * @example
 * const sizes = await mapConcurrently(files, 8, async (file) => (await stat(file)).size);
 */
export async function mapConcurrently<T, R>(
  items: readonly T[],
  limit: number,
  map: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await map(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
