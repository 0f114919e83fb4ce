/**
 * The encoder section: capture to packaged per rung, once with audio on and once with the origin
 * started with audio off, each origin alone on the machine (started, measured, stopped in turn).
 */
import { parseLadder } from '../src/origin/encoder/ladder.ts';
import { startOrigin } from '../src/origin/start-origin.ts';
import { describe, processCpuSeconds } from './stats.ts';

export interface EncoderTrack {
  /** A rung's name (720p ...) or "audio". */
  track: string;
  chunks: number;
  captureToPackagedMs: ReturnType<typeof describe>;
}

export interface EncoderRun {
  audio: boolean;
  seconds: number;
  originCpuPercentOfOneCore: number;
  ffmpegCpuPercentOfOneCore: number;
  /** The audio encoder's own ffmpeg; null when audio is off. */
  audioFfmpegCpuPercentOfOneCore: number | null;
  framesDropped: number;
  tracks: EncoderTrack[];
}

export interface EncoderResult {
  ladder: string;
  warmupS: number;
  runs: EncoderRun[];
}

const LADDER = 'default';

async function measureOne(appRoot: string, audio: boolean, warmupS: number, seconds: number): Promise<EncoderRun> {
  const rungs = parseLadder(LADDER);
  const origin = await startOrigin({ rungs, audio, appRoot, port: 0 });
  try {
    await origin.server.waitUntilReady();
    await new Promise((r) => setTimeout(r, warmupS * 1000));
    const { encoder, packager, source } = origin.pipeline;
    const names = [...rungs.map((r) => r.name), 'audio'];
    const perTrack = names.map(() => [] as number[]);
    // Each chunk is one video frame (or one AAC frame group): published - captured, one clock.
    const stop = packager.onChunk((track, chunk) => perTrack[track]?.push(chunk.publishedAtMs - chunk.captureTimeMs));
    const cpu = async (pid: number | null) => (pid === null ? NaN : processCpuSeconds(pid));
    const dropsBefore = source.stats.droppedBackpressure + source.stats.skippedLate;
    const origin0 = process.cpuUsage();
    const [video0, audio0] = [await cpu(encoder.pid), await cpu(encoder.audioPid)];
    const started = performance.now();
    await new Promise((r) => setTimeout(r, seconds * 1000));
    const wall = (performance.now() - started) / 1000;
    const originCpu = process.cpuUsage(origin0);
    const [video1, audio1] = [await cpu(encoder.pid), await cpu(encoder.audioPid)];
    stop();
    const pct = (cpuS: number) => Number(((100 * cpuS) / wall).toFixed(1));
    return {
      audio,
      seconds: Number(wall.toFixed(1)),
      originCpuPercentOfOneCore: pct((originCpu.user + originCpu.system) / 1e6),
      ffmpegCpuPercentOfOneCore: pct(video1 - video0),
      audioFfmpegCpuPercentOfOneCore: audio ? pct(audio1 - audio0) : null,
      framesDropped: source.stats.droppedBackpressure + source.stats.skippedLate - dropsBefore,
      tracks: names.map((track, i) => ({ track, chunks: perTrack[i]!.length, captureToPackagedMs: describe(perTrack[i]!, 1) })).filter((t) => t.chunks > 0),
    };
  } finally {
    await origin.stop();
  }
}

export async function runEncoderSection(appRoot: string, warmupS: number, seconds: number, log: (m: string) => void): Promise<EncoderResult> {
  const runs: EncoderRun[] = [];
  for (const audio of [true, false]) {
    log(`encoder: capture to packaged per rung over ${seconds} s, audio ${audio ? 'on' : 'off'}`);
    runs.push(await measureOne(appRoot, audio, warmupS, seconds));
  }
  return { ladder: 'default (720p/480p/360p/240p)', warmupS, runs };
}

export function renderEncoder(r: EncoderResult): string[] {
  const cpuCell = (x: EncoderRun) => `${x.originCpuPercentOfOneCore} / ${x.ffmpegCpuPercentOfOneCore} / ${x.audioFfmpegCpuPercentOfOneCore ?? '—'}`;
  return [
    `Capture to packaged, per chunk (one chunk = one video frame): **capture** is the wall-clock time the live source's pacer gives a frame, the time burned into its GTC1 code, at which it is painted and written to the encoder's stdin; **packaged** is the moment the origin has parsed that frame's CMAF chunk (moof + mdat) out of its rung's ffmpeg output and appended it to the timelines (\`publishedAtMs\`, the clock blocked part requests are released against). One clock, one process. A part is published with its last frame's chunk, so this is also "last frame captured to part published"; a part's first frame waits the rest of the part on top (the latency section's floors). Ladder ${r.ladder}, x264 \`zerolatency\`; two origins in turn, each alone on the machine, measured after ${r.warmupS} s of warm-up: one as \`npm start\` runs it (audio on, AAC in its own ffmpeg and its own rendition), one started with \`audio: false\`.`,
    '',
    '| audio | track | over | chunks | capture to packaged p50 (ms) | p95 | p99 | max |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    ...r.runs.flatMap((x) => x.tracks.map((t) => `| ${x.audio ? 'on' : 'off'} | ${t.track} | ${x.seconds} s | ${t.chunks} | ${t.captureToPackagedMs.p50} | ${t.captureToPackagedMs.p95} | ${t.captureToPackagedMs.p99} | ${t.captureToPackagedMs.max} |`)),
    '',
    '| audio | over | CPU, % of one core: origin process / video ffmpeg / audio ffmpeg | frames dropped |',
    '| --- | --- | --- | --- |',
    ...r.runs.map((x) => `| ${x.audio ? 'on' : 'off'} | ${x.seconds} s | ${cpuCell(x)} | ${x.framesDropped} |`),
    '',
    'The origin process includes the live source, which paints every 720p frame in JavaScript. The audio row is one AAC chunk (its capture: the first sample\'s) to published, for reference: no video part waits for it.',
  ];
}
