// A 5x7 bitmap font for the human-readable burn-in line. Hand-made so the
// origin needs no font files or canvas library; only the glyphs the line uses.
const GLYPHS: Record<string, string> = {
  '0': '01110 10001 10011 10101 11001 10001 01110',
  '1': '00100 01100 00100 00100 00100 00100 01110',
  '2': '01110 10001 00001 00010 00100 01000 11111',
  '3': '11110 00001 00001 01110 00001 00001 11110',
  '4': '00010 00110 01010 10010 11111 00010 00010',
  '5': '11111 10000 11110 00001 00001 10001 01110',
  '6': '00110 01000 10000 11110 10001 10001 01110',
  '7': '11111 00001 00010 00100 01000 01000 01000',
  '8': '01110 10001 10001 01110 10001 10001 01110',
  '9': '01110 10001 10001 01111 00001 00010 01100',
  ':': '00000 01100 01100 00000 01100 01100 00000',
  '.': '00000 00000 00000 00000 00000 01100 01100',
  '-': '00000 00000 00000 11111 00000 00000 00000',
  '/': '00001 00010 00010 00100 01000 01000 10000',
  '#': '01010 11111 01010 01010 01010 11111 01010',
  ' ': '00000 00000 00000 00000 00000 00000 00000',
  A: '01110 10001 10001 11111 10001 10001 10001',
  B: '11110 10001 10001 11110 10001 10001 11110',
  C: '01110 10001 10000 10000 10000 10001 01110',
  D: '11110 10001 10001 10001 10001 10001 11110',
  E: '11111 10000 10000 11110 10000 10000 11111',
  F: '11111 10000 10000 11110 10000 10000 10000',
  G: '01110 10001 10000 10111 10001 10001 01111',
  H: '10001 10001 10001 11111 10001 10001 10001',
  I: '01110 00100 00100 00100 00100 00100 01110',
  J: '00111 00010 00010 00010 00010 10010 01100',
  K: '10001 10010 10100 11000 10100 10010 10001',
  L: '10000 10000 10000 10000 10000 10000 11111',
  M: '10001 11011 10101 10101 10001 10001 10001',
  N: '10001 11001 10101 10011 10001 10001 10001',
  O: '01110 10001 10001 10001 10001 10001 01110',
  P: '11110 10001 10001 11110 10000 10000 10000',
  Q: '01110 10001 10001 10001 10101 10010 01101',
  R: '11110 10001 10001 11110 10100 10010 10001',
  S: '01111 10000 10000 01110 00001 00001 11110',
  T: '11111 00100 00100 00100 00100 00100 00100',
  U: '10001 10001 10001 10001 10001 10001 01110',
  V: '10001 10001 10001 10001 10001 01010 00100',
  W: '10001 10001 10001 10101 10101 10101 01010',
  X: '10001 10001 01010 00100 01010 10001 10001',
  Y: '10001 10001 01010 00100 00100 00100 00100',
  Z: '11111 00001 00010 00100 01000 10000 11111',
};

export const GLYPH_WIDTH = 5;
export const GLYPH_HEIGHT = 7;

/** Glyph rows as bit masks (bit 4 = leftmost column); unknown characters render as blanks. */
const ROWS = new Map<string, number[]>(
  Object.entries(GLYPHS).map(([ch, pattern]) => [ch, pattern.split(' ').map((row) => parseInt(row, 2))]),
);

/** Width in pixels of `text` drawn at `scale` with one blank column between glyphs. */
export function textWidth(text: string, scale: number): number {
  return text.length * (GLYPH_WIDTH + 1) * scale;
}

/**
 * Draws `text` into an 8-bit plane (luma) with the top-left at (x, y), each font pixel a
 * `scale` x `scale` square of value `value`. Pixels outside the plane are clipped.
 */
export function drawText(
  plane: Uint8Array,
  width: number,
  height: number,
  stride: number,
  x: number,
  y: number,
  text: string,
  scale: number,
  value: number,
): void {
  const upper = text.toUpperCase();
  for (let i = 0; i < upper.length; i++) {
    const rows = ROWS.get(upper[i] ?? ' ');
    if (!rows) continue;
    const gx = x + i * (GLYPH_WIDTH + 1) * scale;
    for (let r = 0; r < GLYPH_HEIGHT; r++) {
      const bits = rows[r] ?? 0;
      if (bits === 0) continue;
      for (let c = 0; c < GLYPH_WIDTH; c++) {
        if ((bits & (1 << (GLYPH_WIDTH - 1 - c))) === 0) continue;
        const px0 = Math.max(0, gx + c * scale);
        const px1 = Math.min(width, gx + (c + 1) * scale);
        if (px0 >= px1) continue;
        for (let py = Math.max(0, y + r * scale); py < Math.min(height, y + (r + 1) * scale); py++) {
          plane.fill(value, py * stride + px0, py * stride + px1);
        }
      }
    }
  }
}
