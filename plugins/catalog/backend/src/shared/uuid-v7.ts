import { randomFillSync } from 'node:crypto';

/** Random bytes drawn from the OS at once: one `randomFillSync` per 512 ids, not one per id. */
const pool = new Uint8Array(10 * 512);
let poolOffset = pool.length;

/** The last timestamp used, and the 12-bit counter within it (rand_a, RFC 9562 method 1). */
let lastMs = -1;
let counter = 0;

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/**
 * A UUIDv7 (RFC 9562): 48-bit Unix time in ms, version 7, a 12-bit counter (rand_a), the
 * variant bits and 62 random bits. Entity ids become time-ordered, so every index keyed
 * by `entity_id` grows at its end instead of splitting pages all over (random v4 ids).
 * Ids from one process are strictly increasing, also within one millisecond: the counter
 * starts at a random value below 2048 and counts up; when it overflows, or the clock goes
 * back, the timestamp is advanced by a millisecond rather than breaking the order.
 *
 * @example
 * const id = uuidV7(); // '0193a4f2-6c1e-7a3b-9f0e-5d2c8b1a4e7f'
 */
export function uuidV7(now: number = Date.now()): string {
  if (now > lastMs) {
    lastMs = now;
    // Random start, top bit clear: room for at least 2048 more ids in the same ms.
    counter = randomByte() | ((randomByte() & 0x07) << 8);
  } else if (++counter > 0xfff) {
    lastMs++;
    counter = 0;
  }
  const bytes = takeRandom(8);
  const ms = lastMs;
  // 48-bit big-endian timestamp: above 2^32, so split it rather than use bit operators.
  const high = Math.floor(ms / 0x1_0000_0000);
  const low = ms >>> 0;
  return (
    HEX[(high >>> 8) & 0xff]! +
    HEX[high & 0xff]! +
    HEX[low >>> 24]! +
    HEX[(low >>> 16) & 0xff]! +
    '-' +
    HEX[(low >>> 8) & 0xff]! +
    HEX[low & 0xff]! +
    '-' +
    HEX[0x70 | (counter >>> 8)]! +
    HEX[counter & 0xff]! +
    '-' +
    HEX[0x80 | (pool[bytes]! & 0x3f)]! +
    HEX[pool[bytes + 1]!]! +
    '-' +
    HEX[pool[bytes + 2]!]! +
    HEX[pool[bytes + 3]!]! +
    HEX[pool[bytes + 4]!]! +
    HEX[pool[bytes + 5]!]! +
    HEX[pool[bytes + 6]!]! +
    HEX[pool[bytes + 7]!]!
  );
}

/** The offset of `count` fresh random bytes in the pool, refilling it when it runs out. */
function takeRandom(count: number): number {
  if (poolOffset + count > pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  const offset = poolOffset;
  poolOffset += count;
  return offset;
}

function randomByte(): number {
  return pool[takeRandom(1)]!;
}
