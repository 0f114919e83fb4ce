// Synthetic luma frames for the GTC1 reader's tests: a busy background carrying the code, and the
// things a pipeline does to it (scaling, padding, cropping, noise, blur, block artefacts).

import { writeGtc1 } from '../gtc1.ts';
import { mulberry32 } from '../../shared/mulberry32.ts';

export interface Plane {
  data: Uint8Array;
  width: number;
  height: number;
}

/** A frame with stripes, blocks and noise (edges everywhere), GTC1 burned at its default place. */
export function codedFrame(width: number, height: number, captureTimeMs: number, seed: number): Plane {
  const p = busyFrame(width, height, seed);
  if (!writeGtc1(p.data, width, height, width, captureTimeMs)) throw new Error(`${width}x${height} cannot carry GTC1`);
  return p;
}

/** Stripes, blocks and noise, no code. */
export function busyFrame(width: number, height: number, seed: number): Plane {
  const rand = mulberry32(seed);
  const data = new Uint8Array(width * height);
  const period = 6 + Math.floor(rand() * 20);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const stripe = Math.floor((x + y * 0.5) / period) % 2 ? 220 : 30;
      data[y * width + x] = Math.max(0, Math.min(255, stripe + Math.floor((rand() - 0.5) * 60)));
    }
  }
  for (let k = 0; k < 30; k++) {
    const bw = 5 + Math.floor(rand() * 80);
    const bh = 5 + Math.floor(rand() * 40);
    const bx = Math.floor(rand() * (width - bw));
    const by = Math.floor(rand() * (height - bh));
    const level = rand() < 0.5 ? 16 : 235;
    for (let y = by; y < by + bh; y++) data.fill(level, y * width + bx, y * width + bx + bw);
  }
  return { data, width, height };
}

/**
 * One axis of a separable resampler: triangle (bilinear) kernel widened by 1/scale when shrinking.
 * The taps are computed once per output index into flat arrays, and the loops run over typed
 * arrays (the test suite resizes hundreds of 720p frames); same sums in the same order as a
 * per-pixel version, so the same pixels.
 */
function resampleAxis(src: Float32Array, w: number, h: number, outLen: number, horizontal: boolean): Float32Array {
  const inLen = horizontal ? w : h;
  const scale = outLen / inLen;
  const support = Math.max(1, 1 / scale);
  const outW = horizontal ? outLen : w;
  const outH = horizontal ? h : outLen;
  const out = new Float32Array(outW * outH);
  const start = new Int32Array(outLen + 1); // taps of output o: [start[o], start[o + 1])
  const idx: number[] = [];
  const wts: number[] = [];
  const sums = new Float64Array(outLen);
  for (let o = 0; o < outLen; o++) {
    start[o] = idx.length;
    const center = (o + 0.5) / scale - 0.5;
    const lo = Math.max(0, Math.ceil(center - support));
    const hi = Math.min(inLen - 1, Math.floor(center + support));
    let sum = 0;
    for (let i = lo; i <= hi; i++) {
      const wt = Math.max(0, 1 - Math.abs(i - center) / support);
      if (wt > 0) {
        idx.push(i);
        wts.push(wt);
      }
      sum += wt;
    }
    if (idx.length === start[o]) {
      idx.push(Math.min(inLen - 1, Math.max(0, Math.round(center))));
      wts.push(1);
      sum = 1;
    }
    sums[o] = sum;
  }
  start[outLen] = idx.length;
  const tapIdx = Int32Array.from(idx);
  const tapWt = Float64Array.from(wts);
  const across = horizontal ? h : w;
  // Element i of line a: horizontal lines are rows (a * w + i), vertical ones columns (i * w + a).
  const step = horizontal ? 1 : w;
  for (let o = 0; o < outLen; o++) {
    const t0 = start[o] as number;
    const t1 = start[o + 1] as number;
    const sum = sums[o] as number;
    for (let a = 0; a < across; a++) {
      const base = horizontal ? a * w : a;
      let v = 0;
      for (let t = t0; t < t1; t++) v += (src[base + (tapIdx[t] as number) * step] as number) * (tapWt[t] as number);
      out[horizontal ? a * outW + o : o * outW + a] = v / sum;
    }
  }
  return out;
}

export function resize(p: Plane, width: number, height: number): Plane {
  const f = new Float32Array(p.data.length);
  for (let i = 0; i < f.length; i++) f[i] = p.data[i] as number;
  const h1 = resampleAxis(f, p.width, p.height, width, true);
  const v = resampleAxis(h1, width, p.height, height, false);
  const data = new Uint8Array(v.length);
  for (let i = 0; i < v.length; i++) data[i] = Math.round(v[i] as number);
  return { data, width, height };
}

/** `inner` placed at (x, y) on a width x height frame of `fill` (letterbox, pillarbox, PiP). */
export function pad(inner: Plane, width: number, height: number, x: number, y: number, fill = 16): Plane {
  const data = new Uint8Array(width * height).fill(fill);
  for (let r = 0; r < inner.height; r++) data.set(inner.data.subarray(r * inner.width, (r + 1) * inner.width), (y + r) * width + x);
  return { data, width, height };
}

/** `inner` drawn over `outer` at (x, y) (picture-in-picture); returns `outer`. */
export function overlay(outer: Plane, inner: Plane, x: number, y: number): Plane {
  for (let r = 0; r < inner.height; r++) outer.data.set(inner.data.subarray(r * inner.width, (r + 1) * inner.width), (y + r) * outer.width + x);
  return outer;
}

export function crop(p: Plane, x: number, y: number, width: number, height: number): Plane {
  const data = new Uint8Array(width * height);
  for (let r = 0; r < height; r++) data.set(p.data.subarray((y + r) * p.width + x, (y + r) * p.width + x + width), r * width);
  return { data, width, height };
}

export function addNoise(p: Plane, amplitude: number, seed: number): Plane {
  const rand = mulberry32(seed);
  const data = new Uint8Array(p.data.length);
  for (let i = 0; i < data.length; i++) data[i] = Math.max(0, Math.min(255, (p.data[i] as number) + Math.round((rand() * 2 - 1) * amplitude)));
  return { ...p, data };
}

export function blur3x3(p: Plane): Plane {
  const { width: w, height: h } = p;
  const data = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let s = 0;
      let n = 0;
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const yy = y + dy;
          const xx = x + dx;
          if (yy < 0 || yy >= h || xx < 0 || xx >= w) continue;
          s += p.data[yy * w + xx] as number;
          n++;
        }
      }
      data[y * w + x] = Math.round(s / n);
    }
  }
  return { ...p, data };
}

/**
 * Block artefacts of a coarse codec: each 8x8 block keeps only part of its detail
 * (v -> mean + keep * (v - mean)) and gets a flat offset of up to +-`step`, so block edges show.
 */
export function blockArtefacts(p: Plane, keep: number, step: number, seed: number): Plane {
  const rand = mulberry32(seed);
  const { width: w, height: h } = p;
  const data = new Uint8Array(w * h);
  for (let by = 0; by < h; by += 8) {
    for (let bx = 0; bx < w; bx += 8) {
      let s = 0;
      let n = 0;
      for (let y = by; y < Math.min(h, by + 8); y++) {
        for (let x = bx; x < Math.min(w, bx + 8); x++) {
          s += p.data[y * w + x] as number;
          n++;
        }
      }
      const mean = s / n;
      const offset = (rand() * 2 - 1) * step;
      for (let y = by; y < Math.min(h, by + 8); y++) {
        for (let x = bx; x < Math.min(w, bx + 8); x++) {
          const v = mean + keep * ((p.data[y * w + x] as number) - mean) + offset;
          data[y * w + x] = Math.max(0, Math.min(255, Math.round(v)));
        }
      }
    }
  }
  return { ...p, data };
}
