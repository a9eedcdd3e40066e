import { createEntityProjector } from '../query/index.js';

/**
 * Turns stored entity JSON into response JSON: as is, or projected to `fields`
 * (only then is it parsed).
 *
 * @example
 * const toJson = entityJson(['kind', 'metadata.name']);
 * toJson('{"kind":"Component","metadata":{"name":"a","uid":"…"}}'); // '{"kind":"Component","metadata":{"name":"a"}}'
 */
export function entityJson(fields: readonly string[] | undefined): (stored: string) => string {
  if (!fields || fields.length === 0) return (stored) => stored;
  const project = createEntityProjector(fields);
  return (stored) => JSON.stringify(project(JSON.parse(stored) as object));
}

/**
 * A JSON array of stored entities (`null` stays `null`), projected to `fields`, between
 * `prefix` and `suffix`, as one UTF-8 Buffer written in place: a response sent as a
 * string would be measured and then encoded again by the socket.
 *
 * @example
 * reply.send(entityArrayBytes('{"items":', items, undefined, '}'));
 */
export function entityArrayBytes(
  prefix: string,
  items: readonly (string | null)[],
  fields: readonly string[] | undefined,
  suffix: string,
): Buffer {
  const toJson = entityJson(fields);
  const parts = items.map((item) => (item === null ? 'null' : toJson(item)));
  let length = Buffer.byteLength(prefix) + Buffer.byteLength(suffix) + 2 + Math.max(0, parts.length - 1);
  for (const part of parts) length += Buffer.byteLength(part);
  const bytes = Buffer.allocUnsafe(length);
  let offset = bytes.write(prefix);
  offset += bytes.write('[', offset);
  parts.forEach((part, index) => {
    if (index > 0) offset += bytes.write(',', offset);
    offset += bytes.write(part, offset);
  });
  offset += bytes.write(']', offset);
  bytes.write(suffix, offset);
  return bytes;
}
