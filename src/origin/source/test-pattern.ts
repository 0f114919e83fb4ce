import { gtc1Geometry, writeGtc1 } from '../../timecode/index.ts';
import { drawText, GLYPH_HEIGHT, textWidth } from './font.ts';
import { mulberry32 } from '../../shared/mulberry32.ts';

/** How long the once-a-second flash (and the audio beep) lasts. */
export const FLASH_MS = 100;

/** I420 (yuv420p) frame layout: Y plane, then U, then V, no padding. */
export interface I420Layout {
  width: number;
  height: number;
  ySize: number;
  cSize: number;
  frameSize: number;
}

export function i420Layout(width: number, height: number): I420Layout {
  if (width % 2 !== 0 || height % 2 !== 0) throw new Error(`frame size ${width}x${height} must be even for yuv420p`);
  const ySize = width * height;
  const cSize = (width / 2) * (height / 2);
  return { width, height, ySize, cSize, frameSize: ySize + 2 * cSize };
}

/** True while the frame captured at `captureTimeMs` is inside the once-a-second flash/beep. */
export function isFlashTime(captureTimeMs: number): boolean {
  return captureTimeMs % 1000 < FLASH_MS;
}

export function formatUtcClock(ms: number): string {
  const d = new Date(ms);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}.${p(d.getUTCMilliseconds(), 3)} UTC`;
}


/**
 * Paints the synthetic test frames: a textured background that scrolls every frame (so the
 * encoder does real motion work), a bouncing box, a flash square that lights up with the
 * audio beep, the GTC1 strip and a human-readable line. Background textures are computed
 * once; each frame is then row copies plus a few small fills (well under 1 ms at 720p).
 */
export class TestPatternPainter {
  readonly layout: I420Layout;
  private readonly lumaTexture: Uint8Array; // 2W x H, so any horizontal offset is one copy per row
  private readonly chromaTextureU: Uint8Array; // W/2 x H (chroma height doubled for vertical scroll)
  private readonly chromaTextureV: Uint8Array;
  private readonly cell: number;

  constructor(
    width: number,
    height: number,
    private readonly label: string,
  ) {
    this.layout = i420Layout(width, height);
    const geometry = gtc1Geometry(width, height);
    if (!geometry) throw new Error(`frame ${width}x${height} is too narrow to carry GTC1`);
    this.cell = geometry.cell;
    const random = mulberry32(0x6a1a55);
    this.lumaTexture = new Uint8Array(2 * width * height);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        // Diagonal bands plus fine noise: structure for motion search, noise for bits.
        const band = 90 + 50 * Math.sin((x + y) / 37) + 30 * Math.sin(x / 11 - y / 23);
        const v = Math.round(band + (random() - 0.5) * 40);
        const clamped = Math.max(20, Math.min(230, v));
        this.lumaTexture[y * 2 * width + x] = clamped;
        this.lumaTexture[y * 2 * width + x + width] = clamped;
      }
    }
    const cw = width / 2;
    const ch = height / 2;
    this.chromaTextureU = new Uint8Array(cw * ch * 2);
    this.chromaTextureV = new Uint8Array(cw * ch * 2);
    for (let y = 0; y < ch * 2; y++) {
      for (let x = 0; x < cw; x++) {
        const phase = (2 * Math.PI * y) / ch;
        this.chromaTextureU[y * cw + x] = Math.round(128 + 40 * Math.sin(phase + x / 60));
        this.chromaTextureV[y * cw + x] = Math.round(128 + 40 * Math.cos(phase - x / 90));
      }
    }
  }

  /** Paints frame `frameNumber`, captured at `captureTimeMs`, into `out` (an I420 buffer). */
  paint(out: Uint8Array, frameNumber: number, captureTimeMs: number): void {
    const { width, height, ySize, cSize } = this.layout;
    if (out.length < this.layout.frameSize) throw new Error('frame buffer too small');
    const y = out.subarray(0, ySize);
    const u = out.subarray(ySize, ySize + cSize);
    const v = out.subarray(ySize + cSize, ySize + 2 * cSize);

    // Background: luma scrolls left 4 px/frame, chroma scrolls down 1 row/frame.
    const shift = (frameNumber * 4) % width;
    for (let row = 0; row < height; row++) {
      const src = row * 2 * width + shift;
      y.set(this.lumaTexture.subarray(src, src + width), row * width);
    }
    const cw = width / 2;
    const ch = height / 2;
    const cshift = frameNumber % ch;
    u.set(this.chromaTextureU.subarray(cshift * cw, (cshift + ch) * cw));
    v.set(this.chromaTextureV.subarray(cshift * cw, (cshift + ch) * cw));

    // A box bouncing across the lower half: a strong moving edge.
    const box = this.cell * 3;
    const span = width - box;
    const pos = frameNumber * 7 % (2 * span);
    const bx = pos < span ? pos : 2 * span - pos;
    const by = Math.round(height * 0.55);
    this.fillRect(out, bx, by, box, box, 200, 90, 200);

    // The flash square, bottom right, lit during the beep.
    const flash = isFlashTime(captureTimeMs);
    const fs = this.cell * 4;
    this.fillRect(out, width - fs - this.cell, height - fs - this.cell, fs, fs, flash ? 235 : 16, 128, 128);

    // GTC1 strip (luma) with neutral chroma under its quiet zone.
    writeGtc1(y, width, height, width, captureTimeMs);
    const g = gtc1Geometry(width, height);
    if (g) this.fillChroma(out, g.quiet.x0, g.quiet.y0, g.quiet.x1 - g.quiet.x0, g.quiet.y1 - g.quiet.y0, 128, 128);

    // Human-readable line below the strip: time, frame number, label.
    const scale = Math.max(1, Math.round(height / 180));
    const text = `${formatUtcClock(captureTimeMs)} #${frameNumber} ${this.label}`;
    const tx = this.cell;
    const ty = this.cell * 4;
    const pad = scale * 2;
    this.fillRect(out, tx - pad, ty - pad, textWidth(text, scale) + pad, GLYPH_HEIGHT * scale + 2 * pad, 16, 128, 128);
    drawText(y, width, height, width, tx, ty, text, scale, 235);
  }

  private fillRect(out: Uint8Array, x: number, y: number, w: number, h: number, luma: number, cb: number, cr: number) {
    const { width, height } = this.layout;
    const x0 = Math.max(0, Math.floor(x));
    const x1 = Math.min(width, Math.floor(x + w));
    const y0 = Math.max(0, Math.floor(y));
    const y1 = Math.min(height, Math.floor(y + h));
    for (let row = y0; row < y1; row++) out.fill(luma, row * width + x0, row * width + x1);
    this.fillChroma(out, x0, y0, x1 - x0, y1 - y0, cb, cr);
  }

  private fillChroma(out: Uint8Array, x: number, y: number, w: number, h: number, cb: number, cr: number) {
    const { width, height, ySize, cSize } = this.layout;
    const cw = width / 2;
    const cx0 = Math.max(0, Math.floor(x / 2));
    const cx1 = Math.min(cw, Math.ceil((x + w) / 2));
    const cy0 = Math.max(0, Math.floor(y / 2));
    const cy1 = Math.min(height / 2, Math.ceil((y + h) / 2));
    for (let row = cy0; row < cy1; row++) {
      out.fill(cb, ySize + row * cw + cx0, ySize + row * cw + cx1);
      out.fill(cr, ySize + cSize + row * cw + cx0, ySize + cSize + row * cw + cx1);
    }
  }
}
