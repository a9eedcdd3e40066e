import { describe, expect, it } from 'vitest';
import { uuidV7 } from './uuid-v7.js';

const FORMAT = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('uuidV7', () => {
  it('is a UUID with version 7 and the RFC 9562 variant', () => {
    for (let i = 0; i < 2_000; i++) expect(uuidV7()).toMatch(FORMAT);
  });

  it('starts with the 48-bit Unix time in milliseconds', () => {
    const now = Date.UTC(2030, 0, 2, 3, 4, 5, 678);
    const id = uuidV7(now);
    expect(Number.parseInt(id.slice(0, 8) + id.slice(9, 13), 16)).toBe(now);
  });

  it('increases strictly across many calls in the same millisecond', () => {
    const now = Date.UTC(2031, 5, 6);
    const ids = Array.from({ length: 10_000 }, () => uuidV7(now));
    for (let i = 1; i < ids.length; i++) expect(ids[i]! > ids[i - 1]!).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('keeps increasing when the clock goes back', () => {
    const first = uuidV7(Date.UTC(2032, 0, 1));
    const second = uuidV7(Date.UTC(2031, 0, 1));
    expect(second > first).toBe(true);
  });

  it('sorts by creation time across milliseconds', () => {
    const ids = [Date.UTC(2033, 0, 1), Date.UTC(2033, 0, 1) + 1, Date.UTC(2034, 0, 1)].map((ms) =>
      uuidV7(ms),
    );
    expect([...ids].sort()).toEqual(ids);
  });

  it('varies in its random part', () => {
    const tails = new Set(Array.from({ length: 1_000 }, () => uuidV7().slice(19)));
    expect(tails.size).toBe(1_000);
  });
});
