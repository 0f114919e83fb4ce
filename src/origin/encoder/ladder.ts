import { ownValue } from '../../shared/own.ts';
import { gtc1Geometry } from '../../timecode/index.ts';

/** One rung of the ABR ladder. */
export interface Rung {
  /** Stable name used in URLs, e.g. "720p". */
  name: string;
  width: number;
  height: number;
  videoKbps: number;
}

export const LADDER_PRESETS: Record<string, Rung[]> = {
  default: [
    { name: '720p', width: 1280, height: 720, videoKbps: 2500 },
    { name: '480p', width: 854, height: 480, videoKbps: 1200 },
    { name: '360p', width: 640, height: 360, videoKbps: 700 },
    { name: '240p', width: 426, height: 240, videoKbps: 300 },
  ],
  // ACM MMSys 2020 "Twitch" low-latency grand challenge ladder.
  twitch: [
    { name: '720p', width: 1280, height: 720, videoKbps: 1000 },
    { name: '480p', width: 854, height: 480, videoKbps: 600 },
    { name: '360p', width: 640, height: 360, videoKbps: 200 },
  ],
};

/** Rejects a ladder spec with a message that says what is wrong and what is accepted. */
export class LadderSpecError extends Error {}

const RUNG_PATTERN = /^(\d{2,4})x(\d{2,4})@(\d{2,6})$/;

/**
 * Parses `--ladder`: a preset name (`default`, `twitch`) or a comma list of `WxH@kbps`,
 * e.g. `1280x720@2500,640x360@700`. Rungs come out sorted from the highest to the lowest.
 */
export function parseLadder(spec: string): Rung[] {
  const preset = ownValue(LADDER_PRESETS, spec);
  if (preset) return preset.map((r) => ({ ...r }));
  if (!spec.includes('x')) {
    throw new LadderSpecError(`unknown --ladder preset "${spec}": use ${Object.keys(LADDER_PRESETS).join(' or ')}, or WxH@kbps[,WxH@kbps...]`);
  }
  const parts = spec.split(',').map((s) => s.trim());
  if (parts.length === 0 || parts.some((p) => p === '')) {
    throw new LadderSpecError(`bad --ladder "${spec}": expected a preset (${Object.keys(LADDER_PRESETS).join(', ')}) or WxH@kbps[,WxH@kbps...]`);
  }
  const rungs = parts.map((part) => {
    const m = RUNG_PATTERN.exec(part);
    if (!m) throw new LadderSpecError(`bad rung "${part}" in --ladder: expected WxH@kbps, e.g. 1280x720@2500`);
    const width = Number(m[1]);
    const height = Number(m[2]);
    const videoKbps = Number(m[3]);
    if (width % 2 || height % 2) throw new LadderSpecError(`bad rung "${part}": width and height must be even`);
    if (height < 96 || height > 2160 || width < 128 || width > 3840) {
      throw new LadderSpecError(`bad rung "${part}": size must be between 128x96 and 3840x2160`);
    }
    if (!gtc1Geometry(width, height)) {
      throw new LadderSpecError(`bad rung "${part}": too narrow to carry the GTC1 timecode (needs width >= 30 x round(height / 24))`);
    }
    if (videoKbps < 50 || videoKbps > 50_000) throw new LadderSpecError(`bad rung "${part}": kbps must be 50..50000`);
    return { name: `${height}p`, width, height, videoKbps };
  });
  rungs.sort((a, b) => b.height - a.height || b.videoKbps - a.videoKbps);
  const names = new Set<string>();
  for (const r of rungs) {
    if (names.has(r.name)) throw new LadderSpecError(`bad --ladder "${spec}": two rungs are ${r.name}; use one per height`);
    names.add(r.name);
  }
  return rungs;
}
