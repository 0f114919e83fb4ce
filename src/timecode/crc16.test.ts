import { describe, it, expect } from 'vitest';
import { crc16CcittFalse } from './crc16.ts';

// Straightforward bitwise reference, to check the table-driven version against.
function crcBitwise(bytes: Uint8Array): number {
  let crc = 0xffff;
  for (const byte of bytes) {
    crc ^= byte << 8;
    for (let k = 0; k < 8; k++) {
      crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
    }
  }
  return crc;
}

describe('crc16CcittFalse', () => {
  it('matches the catalogue check value for "123456789"', () => {
    expect(crc16CcittFalse(new TextEncoder().encode('123456789'))).toBe(0x29b1);
  });

  it('matches the TIMECODE.md vector over 62 3D 3A 7B', () => {
    expect(crc16CcittFalse(new Uint8Array([0x62, 0x3d, 0x3a, 0x7b]))).toBe(0x922c);
  });

  it('returns the init value for empty input', () => {
    expect(crc16CcittFalse(new Uint8Array(0))).toBe(0xffff);
  });

  it('agrees with a bitwise implementation on pseudo-random inputs', () => {
    let seed = 12345;
    for (let n = 0; n < 200; n++) {
      const bytes = new Uint8Array(n % 37);
      for (let i = 0; i < bytes.length; i++) {
        seed = (seed * 1103515245 + 12345) >>> 0;
        bytes[i] = seed >>> 24;
      }
      expect(crc16CcittFalse(bytes)).toBe(crcBitwise(bytes));
    }
  });
});
