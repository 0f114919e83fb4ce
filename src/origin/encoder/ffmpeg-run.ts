import { spawn, type ChildProcess } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { ORIGIN_CONFIG } from '../config.ts';
import { buildAudioArgs, buildLadderArgs, FIRST_OUTPUT_FD } from './ffmpeg-args.ts';
import type { FfmpegInfo } from './find-ffmpeg.ts';
import type { Rung } from './ladder.ts';

const STDERR_TAIL = 4000;

export interface FfmpegRunOptions {
  ffmpeg: FfmpegInfo;
  rungs: Rung[];
  sourceWidth: number;
  sourceHeight: number;
  fps: number;
  audio: boolean;
}

/** What one run reports to its owner (LadderEncoder, which restarts). */
export interface FfmpegRunEvents {
  /** Bytes of output `output`: 0..rungs-1 the rungs (video only), `rungs` the audio. */
  data(output: number, bytes: Buffer): void;
  /** The video ffmpeg's first output byte: it works. */
  firstOutput(): void;
  /** The video ffmpeg's outputs are closed and fully read: what it left open is complete. */
  closed(): void;
  /** The video ffmpeg exited (the audio one is killed with it); `reason` is the end of its stderr. */
  exited(code: number | null, signal: NodeJS.Signals | null, reason: string): void;
  log(message: string): void;
}

/**
 * One encoder run: the ffmpeg for the video rungs (raw video on stdin, one fMP4 pipe per rung
 * from fd FIRST_OUTPUT_FD) and, with audio, its own ffmpeg for the AAC (PCM on stdin, fMP4 on
 * stdout), so that no video fragment waits for an AAC frame. Both make one run: when one goes,
 * the other goes too.
 */
export class FfmpegRun {
  private readonly child: ChildProcess;
  private readonly audioChild: ChildProcess | null;
  /** Where the frames go; null once the pipe is gone. */
  readonly video: Writable | null;
  readonly audio: Writable | null;
  private stopping = false;

  constructor(
    options: FfmpegRunOptions,
    readonly run: number,
    events: FfmpegRunEvents,
  ) {
    const o = options;
    const args = buildLadderArgs({ sourceWidth: o.sourceWidth, sourceHeight: o.sourceHeight, fps: o.fps, rungs: o.rungs, supportsCmafFlag: o.ffmpeg.supportsCmafFlag });
    const outputs = o.rungs.length;
    const stdio: Array<'pipe' | 'ignore'> = ['pipe', 'ignore', 'pipe', 'ignore'];
    for (let i = 0; i < outputs; i++) stdio[FIRST_OUTPUT_FD + i] = 'pipe';
    const child = spawn(o.ffmpeg.path, args, { stdio });
    const audioChild = o.audio ? spawn(o.ffmpeg.path, buildAudioArgs(o.ffmpeg.supportsCmafFlag), { stdio: ['pipe', 'pipe', 'pipe'] }) : null;
    this.child = child;
    this.audioChild = audioChild;
    events.log(`encoder: ffmpeg ${o.ffmpeg.version} run ${run} started (pid ${child.pid}${audioChild ? `, audio pid ${audioChild.pid}` : ''}), ${o.rungs.map((r) => `${r.name}@${r.videoKbps}k`).join(' ')}`);

    this.video = child.stdin;
    this.audio = audioChild?.stdin ?? null;
    // EPIPE when ffmpeg dies mid-write; the exit handler does the restart.
    this.video?.on('error', () => undefined);
    this.audio?.on('error', () => undefined);
    let stderrTail = '';
    for (const c of [child, audioChild]) {
      c?.stderr?.setEncoding('utf8');
      c?.stderr?.on('data', (text: string) => {
        stderrTail = (stderrTail + text).slice(-STDERR_TAIL);
        if (process.env.GM_FFMPEG_LOGLEVEL) process.stderr.write(text);
      });
    }
    const forward = (out: Readable, output: number) => {
      out.on('data', (bytes: Buffer) => events.data(output, bytes));
      out.on('error', () => undefined);
    };
    for (let i = 0; i < outputs; i++) forward(child.stdio[FIRST_OUTPUT_FD + i] as Readable, i);
    if (audioChild?.stdout) forward(audioChild.stdout, outputs);
    (child.stdio[FIRST_OUTPUT_FD] as Readable).once('data', () => events.firstOutput());
    child.on('error', (err) => events.log(`encoder: ffmpeg could not run: ${err.message}`));
    // 'close' comes after the last output byte was read: only then is the open segment complete.
    child.on('close', () => events.closed());
    audioChild?.on('error', (err) => events.log(`encoder: audio ffmpeg could not run: ${err.message}`));
    audioChild?.on('exit', (code, signal) => {
      if (exited(child)) return;
      if (!this.stopping) events.log(`encoder: audio ffmpeg run ${run} exited (code ${code}, signal ${signal}); restarting the run`);
      child.kill('SIGKILL');
    });
    child.on('exit', (code, signal) => {
      if (audioChild && !exited(audioChild)) audioChild.kill('SIGKILL');
      events.exited(code, signal, stderrTail.trim().split('\n').slice(-5).join(' | ') || 'no message');
    });
  }

  get pid(): number | null {
    return this.child.pid ?? null;
  }

  /** The audio encoder's process id, or null when audio is off. */
  get audioPid(): number | null {
    return this.audioChild?.pid ?? null;
  }

  /** Ends the run at once, as a crash would (SIGKILL also ends a stopped, SIGSTOP, process). */
  kill(): void {
    this.child.kill('SIGKILL');
  }

  /** Stops both processes: SIGTERM, then SIGKILL after ORIGIN_CONFIG.encoderStopGraceMs. */
  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.all([this.child, this.audioChild].map((c) => (c ? stopChild(c) : undefined)));
  }
}

const exited = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null;

/** SIGTERM, then SIGKILL after ORIGIN_CONFIG.encoderStopGraceMs; resolves when the process has exited. */
function stopChild(child: ChildProcess): Promise<void> {
  if (exited(child)) return Promise.resolve();
  return new Promise<void>((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), ORIGIN_CONFIG.encoderStopGraceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
