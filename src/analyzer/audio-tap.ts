// Taps the <video> element's audio in the page (WebAudio) to find the beep onsets as played.
// The element's audio is routed through a graph whose output gain is 0: the tap sees every
// sample while the user hears nothing. (A muted element feeds WebAudio silence, so the element
// itself is unmuted once its audio goes only into the graph.)

/** An AudioWorklet that forwards its input in batches of ~40 ms, with the context frame of each batch's first sample. */
const WORKLET = `
registerProcessor('glassmeter-tap', class extends AudioWorkletProcessor {
  constructor() { super(); this.buf = new Float32Array(4096); this.n = 0; this.start = 0; }
  process(inputs) {
    const ch = inputs[0] && inputs[0][0];
    if (!ch || (this.n > 0 && currentFrame !== this.start + this.n)) this.flush();
    if (ch) {
      if (this.n === 0) this.start = currentFrame;
      this.buf.set(ch, this.n);
      this.n += ch.length;
      if (this.n + 128 > 1920) this.flush();
    }
    return true;
  }
  flush() {
    if (this.n > 0) this.port.postMessage({ frame: this.start, samples: this.buf.slice(0, this.n) });
    this.n = 0;
  }
});`;

export type TapState = 'unsupported' | 'waiting-for-click' | 'running' | 'failed';

interface Graph {
  context: AudioContext;
  source: MediaElementAudioSourceNode;
  node: AudioWorkletNode | null;
}

/** createMediaElementSource works once per element: the graph outlives engine switches. */
const graphs = new WeakMap<HTMLVideoElement, Graph>();

export class AudioTap {
  state: TapState = 'unsupported';
  /** How play times are found: the context's output timestamp, or its current time. */
  clockPath: 'output-timestamp' | 'latency' | null = null;
  private detachGesture: (() => void) | null = null;
  private stopped = false;

  /** `onSamples(samples, startLocalMs, sampleRate)`: local wall time the element played the first sample (see elementTimeOf). */
  constructor(
    private readonly video: HTMLVideoElement,
    private readonly onSamples: (samples: Float32Array, startLocalMs: number, sampleRate: number) => void,
  ) {
    if (typeof AudioContext === 'undefined' || typeof AudioWorkletNode === 'undefined') return;
    this.state = 'waiting-for-click';
    void this.start();
  }

  /** Starts now if the browser lets audio run, else at the user's first click or key. */
  private async start(): Promise<void> {
    try {
      let graph = graphs.get(this.video);
      if (!graph) {
        const context = new AudioContext({ latencyHint: 'interactive' });
        graph = { context, source: context.createMediaElementSource(this.video), node: null };
        graphs.set(this.video, graph);
      }
      const { context } = graph;
      if (context.state !== 'running') await Promise.race([context.resume(), new Promise((r) => setTimeout(r, 500))]);
      if (this.stopped) return;
      if (context.state !== 'running') return this.waitForGesture();
      if (!graph.node) {
        await context.audioWorklet.addModule(URL.createObjectURL(new Blob([WORKLET], { type: 'text/javascript' })));
        const node = new AudioWorkletNode(context, 'glassmeter-tap', { numberOfInputs: 1, numberOfOutputs: 1, channelCount: 1, channelCountMode: 'explicit' });
        const silent = new GainNode(context, { gain: 0 });
        graph.source.connect(node).connect(silent).connect(context.destination);
        graph.node = node;
      }
      const rate = context.sampleRate;
      graph.node.port.onmessage = (e: MessageEvent<{ frame: number; samples: Float32Array }>) => {
        if (this.stopped) return;
        this.onSamples(e.data.samples, this.elementTimeOf(context, e.data.frame / rate), rate);
      };
      // Its audio now goes only into the silent graph.
      this.video.muted = false;
      this.state = 'running';
    } catch {
      this.state = 'failed';
    }
  }

  /**
   * When the element gave up the sample the context processed at `contextTime`, local wall ms.
   * That is the moment its video is synced to: routed into WebAudio, Chromium's media clock takes
   * the graph's pull as "played" and does not count the graph's own output path (base + output
   * latency, 42 ms in headless Chromium), which a viewer without the tap never has. So the output
   * path is taken off: getOutputTimestamp maps the output position to performance time, minus the
   * latencies; without it, the processing time is mapped through currentTime directly.
   */
  private elementTimeOf(context: AudioContext, contextTime: number): number {
    const ts = context.getOutputTimestamp?.();
    if (ts && ts.performanceTime && ts.contextTime) {
      this.clockPath = 'output-timestamp';
      const outputPathS = (context.outputLatency ?? 0) + context.baseLatency;
      return performance.timeOrigin + ts.performanceTime + (contextTime - ts.contextTime - outputPathS) * 1000;
    }
    this.clockPath = 'latency';
    return performance.timeOrigin + performance.now() + (contextTime - context.currentTime) * 1000;
  }

  private waitForGesture(): void {
    if (this.detachGesture) return;
    const go = () => {
      this.detachGesture?.();
      this.detachGesture = null;
      void this.start();
    };
    document.addEventListener('pointerdown', go, { once: true });
    document.addEventListener('keydown', go, { once: true });
    this.detachGesture = () => {
      document.removeEventListener('pointerdown', go);
      document.removeEventListener('keydown', go);
    };
  }

  stop(): void {
    this.stopped = true;
    this.detachGesture?.();
    const graph = graphs.get(this.video);
    if (graph?.node) graph.node.port.onmessage = null;
    // Back to muted for the user: the next tap unmutes it again into the graph.
    if (this.state === 'running') this.video.muted = true;
  }
}
