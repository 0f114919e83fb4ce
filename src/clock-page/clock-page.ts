// The clock page (/clock): a full-window GTC1 that carries the time each display frame is drawn,
// for an OBS Browser Source, a monitor filmed by a camera, or a PC feeding a hardware encoder.
// It covers everything after the drawing: compositing and scan-out, the camera's exposure or
// the capture card, the encoder, the network and the player. It leaves out nothing upstream of
// the frame being drawn, because nothing is: the stamp IS the moment the picture was made.

import { fetchTimeFromOrigin } from '../analyzer/clock-fetch.ts';
import { ClockSync } from '../analyzer/clock-sync.ts';
import { encodeGtc1Bits, gtc1Geometry, GTC1_CELLS_PER_ROW } from '../timecode/index.ts';
import { clockOriginOf } from '../app/permalink.ts';

/** Output size from ?w=&h= (even, 160..7680 x 90..4320), else null (fit the window). */
export function sizeFromQuery(search: string): { width: number; height: number } | null {
  const q = new URLSearchParams(search);
  const w = Number(q.get('w'));
  const h = Number(q.get('h'));
  if (!Number.isInteger(w) || !Number.isInteger(h) || w < 160 || h < 90 || w > 7680 || h > 4320) return null;
  return { width: w, height: h };
}

/** Draws GTC1 for `timeMs` at the format's default place for a width x height picture (RGB). */
export function drawGtc1(ctx: CanvasRenderingContext2D, width: number, height: number, timeMs: number): void {
  const g = gtc1Geometry(width, height);
  if (!g) return;
  const { row0, row1 } = encodeGtc1Bits(timeMs);
  const q = g.quiet;
  ctx.fillStyle = 'rgb(128,128,128)';
  ctx.fillRect(q.x0, q.y0, q.x1 - q.x0, q.y1 - q.y0);
  const c = g.cell;
  for (let r = 0; r < 2; r++) {
    const bits = r === 0 ? row0 : row1;
    for (let i = 0; i < GTC1_CELLS_PER_ROW; i++) {
      const white = i === 1 || i === 26 || (i >= 2 && i <= 25 && ((bits >>> (25 - i)) & 1) === 1);
      ctx.fillStyle = white ? '#fff' : '#000';
      ctx.fillRect(g.x + i * c, g.y + r * c, c, c);
    }
  }
}

function formatUtc(ms: number): string {
  return new Date(Math.floor(ms)).toISOString().slice(11, 23) + ' UTC';
}

/** Starts the clock page in `root`: the canvas, the clock sync and the beep. */
export function startClockPage(root: HTMLElement): void {
  const q = new URLSearchParams(location.search);
  const clockRaw = q.get('clock');
  const clockBase = (clockRaw && clockOriginOf(clockRaw)) || location.origin;
  const fixed = sizeFromQuery(location.search);
  document.body.style.margin = '0';
  document.body.style.background = '#000';
  document.body.style.overflow = 'hidden';
  const canvas = document.createElement('canvas');
  canvas.dataset.testid = 'clock-canvas';
  canvas.style.display = 'block';
  root.replaceChildren(canvas);
  const ctx = canvas.getContext('2d', { alpha: false });
  if (!ctx) {
    root.textContent = 'this browser cannot draw a 2D canvas';
    return;
  }
  const clock = new ClockSync({ fetchTime: () => fetchTimeFromOrigin(clockBase) });
  clock.start(10_000);
  let audio: AudioContext | null = null;
  let lastBeepSecond = -1;
  // Browsers only start audio after a user gesture (OBS's Browser Source allows it at once).
  const enableAudio = () => {
    audio ??= new AudioContext();
    void audio.resume();
  };
  window.addEventListener('pointerdown', enableAudio);
  try {
    enableAudio();
  } catch {
    audio = null;
  }

  const draw = (rafTime: number) => {
    const width = fixed?.width ?? window.innerWidth;
    const height = fixed?.height ?? window.innerHeight;
    if (canvas.width !== width || canvas.height !== height) {
      canvas.width = width;
      canvas.height = height;
      canvas.style.width = `${width}px`;
      canvas.style.height = `${height}px`;
    }
    // The time this frame is drawn, on the synchronized clock.
    const now = clock.toOriginTime(performance.timeOrigin + rafTime);
    const msInSecond = ((now % 1000) + 1000) % 1000;
    const flash = msInSecond < 100;
    ctx.fillStyle = '#202020';
    ctx.fillRect(0, 0, width, height);
    const g = gtc1Geometry(width, height);
    drawGtc1(ctx, width, height, now);
    const unit = g ? g.cell : Math.max(4, Math.round(height / 24));
    // Flash square at the bottom right, with a 1 kHz beep: for checking A/V sync by eye or meter.
    ctx.fillStyle = flash ? '#fff' : '#000';
    ctx.fillRect(width - 4 * unit, height - 4 * unit, 3 * unit, 3 * unit);
    const second = Math.floor(now / 1000);
    if (audio && audio.state === 'running' && second !== lastBeepSecond) {
      lastBeepSecond = second;
      const osc = audio.createOscillator();
      osc.frequency.value = 1000;
      osc.connect(audio.destination);
      const at = audio.currentTime + Math.max(0, (1000 - msInSecond) / 1000);
      osc.start(at);
      osc.stop(at + 0.1);
    }
    // Human-readable time and sync state, below the code (outside its quiet zone).
    ctx.fillStyle = '#e5e7eb';
    ctx.font = `${Math.round(unit * 1.6)}px monospace`;
    ctx.textBaseline = 'top';
    const top = (g ? g.quiet.y1 : 0) + unit;
    ctx.fillText(formatUtc(now), unit, top);
    ctx.font = `${Math.round(unit * 0.8)}px monospace`;
    const sync = clock.synced
      ? `synced to ${clockBase}/time: offset ${clock.offsetMs.toFixed(1)} ms ± ${clock.uncertaintyMs.toFixed(1)} ms`
      : `WARNING: not synchronized to ${clockBase}/time${clock.error ? ` (${clock.error})` : ''}: this machine's clock is stamped`;
    ctx.fillStyle = clock.synced ? '#94a3b8' : '#fbbf24';
    ctx.fillText(sync, unit, top + unit * 2.2);
    canvas.dataset.stampMs = String(now);
    canvas.dataset.synced = String(clock.synced);
    requestAnimationFrame(draw);
  };
  requestAnimationFrame(draw);
}
