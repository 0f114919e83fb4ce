import { useEffect, useState, type FormEvent } from 'react';
import { applyNetwork, FAULT_PRESETS, NETWORK_PROFILES, parseNetwork, splitStreamUrl, type NetworkChoice } from '../origin-options.ts';
import { usePlayer, usePlayerId } from '../player-context.ts';
import { usePlayerStore } from '../stores/player-store.ts';

/** One emulated session per player: requests of a player share one link at the origin, players do not. */
const PAGE_ID = Math.random().toString(36).slice(2, 10);

/**
 * Network emulation, injected delay and faults for the bundled origin's streams: builds the
 * /o/<options>/ segment of the stream URL (see docs/origin.md).
 */
export function NetworkPicker() {
  const id = usePlayerId();
  const src = usePlayer((p) => p.src) ?? '';
  const setSrcOf = usePlayerStore((s) => s.setSrc);
  const setSrc = (next: string) => setSrcOf(id, next);
  const split = splitStreamUrl(src);
  const [choice, setChoice] = useState<NetworkChoice>(() => parseNetwork(split?.options ?? ''));
  useEffect(() => setChoice(parseNetwork(splitStreamUrl(src)?.options ?? '')), [src]);
  if (!split) return null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const next = applyNetwork(src, choice, `${PAGE_ID}${id}`);
    if (next && next !== src) setSrc(next);
  };
  const number = (v: string) => Math.max(0, Math.round(Number(v) || 0));
  return (
    <form className="network-picker" onSubmit={submit} aria-label="Network emulation">
      <label>
        Network
        <select data-testid="net-select" value={choice.net} onChange={(e) => setChoice({ ...choice, net: e.target.value })}>
          <option value="">unlimited</option>
          {NETWORK_PROFILES.map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
      </label>
      <label>
        RTT
        <input data-testid="rtt-input" className="short" inputMode="numeric" value={choice.rttMs} onChange={(e) => setChoice({ ...choice, rttMs: number(e.target.value) })} />
        ms
      </label>
      <label title="Every object becomes available this much later, as if the encoder were slower; the analyzer should report exactly this much more latency">
        Delay
        <input data-testid="delay-input" className="short" inputMode="numeric" value={choice.delayMs} onChange={(e) => setChoice({ ...choice, delayMs: number(e.target.value) })} />
        ms
      </label>
      <label>
        Fault
        <select data-testid="fault-select" value={choice.fault} onChange={(e) => setChoice({ ...choice, fault: e.target.value })}>
          <option value="">none</option>
          {FAULT_PRESETS.map((f) => (
            <option key={f.spec} value={f.spec}>
              {f.label}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" data-testid="apply-network">
        Apply
      </button>
    </form>
  );
}
