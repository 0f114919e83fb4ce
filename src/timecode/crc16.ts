// CRC-16/CCITT-FALSE: poly 0x1021, init 0xFFFF, no reflection, no final xor.

const TABLE: Uint16Array = (() => {
  const table = new Uint16Array(256);
  for (let n = 0; n < 256; n++) {
    let crc = n << 8;
    for (let k = 0; k < 8; k++) {
      crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
    }
    table[n] = crc;
  }
  return table;
})();

export function crc16CcittFalse(bytes: Uint8Array): number {
  let crc = 0xffff;
  for (let i = 0; i < bytes.length; i++) {
    // Both indices are < 256 by construction, so the lookups cannot miss.
    crc = ((crc << 8) & 0xffff) ^ (TABLE[((crc >>> 8) ^ (bytes[i] as number)) & 0xff] as number);
  }
  return crc;
}
