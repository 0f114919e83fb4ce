import type { EngineName } from '../analyzer/types.ts';
import { buildPermalink, parsePermalink, type EngineCatalog, type PlayerState } from './permalink.ts';

/** Most players on one page: four software-decoded videos already starve two cores. */
export const MAX_PLAYERS = 4;

/** A player of the compare view: what it plays and how, and the label its rows carry. */
export interface ComparePlayerState extends PlayerState {
  label: string;
}

/** Longest label kept (it ends up in every CSV row and chart legend). */
const MAX_LABEL = 40;

/**
 * The permalink encoding for several players. Player 1 uses today's single-player keys
 * (`src`, `engine`, `preset`, settings), so every old link is a one-player link and a
 * one-player page writes exactly the old link. Players 2-4 use the same keys prefixed with
 * `p<n>.` (`p2.src`, `p2.engine`, `p2.preset`, `p2.maxBufferLength`, …). `label` and
 * `p<n>.label` name a player; without one it is `P<n>`.
 */
const PREFIX = /^p([2-9])\.(.+)$/;

export const defaultLabel = (index: number) => `P${index + 1}`;

/** A label as a visitor may write it: trimmed, bounded, printable. */
export function cleanLabel(raw: string | null | undefined, index: number): string {
  // Control characters would break a CSV cell or a legend: keep printable ones only.
  const text = [...(raw ?? '')].filter((c) => c >= ' ' && c !== '\u007f').join('').trim().slice(0, MAX_LABEL);
  return text || defaultLabel(index);
}

function splitQuery(search: string): { perPlayer: Map<number, URLSearchParams>; notices: string[] } {
  const perPlayer = new Map<number, URLSearchParams>([[1, new URLSearchParams()]]);
  const notices: string[] = [];
  for (const [key, value] of new URLSearchParams(search)) {
    const match = PREFIX.exec(key);
    const n = match ? Number(match[1]) : 1;
    if (n > MAX_PLAYERS) {
      notices.push(`player ${n} ignored: at most ${MAX_PLAYERS} players`);
      continue;
    }
    let query = perPlayer.get(n);
    if (!query) perPlayer.set(n, (query = new URLSearchParams()));
    query.append(match ? match[2]! : key, value);
  }
  return { perPlayer, notices: [...new Set(notices)] };
}

/**
 * Reads every player of a link. Player 1 falls back to the last used state (as a one-player
 * link always did); the others to `fallbackOthers` (the defaults). Players are numbered by
 * their prefix and kept in that order; gaps close up (p2 and p4 become players 2 and 3).
 */
export function parseComparePermalink(
  search: string,
  catalogs: Partial<Record<EngineName, EngineCatalog>>,
  fallbackFirst: PlayerState,
  fallbackOthers: PlayerState,
  srcProblem: (src: string) => string | null = () => null,
): { players: ComparePlayerState[]; notices: string[] } {
  const { perPlayer, notices } = splitQuery(search);
  const players: ComparePlayerState[] = [];
  for (const n of [...perPlayer.keys()].sort((a, b) => a - b)) {
    const query = perPlayer.get(n)!;
    const label = query.get('label');
    query.delete('label');
    const parsed = parsePermalink(`?${query.toString()}`, catalogs, n === 1 ? fallbackFirst : fallbackOthers, srcProblem);
    const index = players.length;
    const name = cleanLabel(label, index);
    players.push({ ...parsed.state, label: name });
    notices.push(...parsed.notices.map((note) => (perPlayer.size > 1 ? `${name}: ${note}` : note)));
  }
  return { players, notices };
}

/** The link for every player: player 1 as a one-player link, the others prefixed. */
export function buildComparePermalink(players: readonly ComparePlayerState[], catalogOf: (engine: EngineName) => EngineCatalog): string {
  const parts: string[] = [];
  players.slice(0, MAX_PLAYERS).forEach((player, index) => {
    const query = new URLSearchParams(buildPermalink(player, catalogOf(player.engine)).slice(1));
    if (player.label !== defaultLabel(index)) query.set('label', player.label);
    if (index === 0) {
      parts.push(query.toString());
      return;
    }
    const prefixed = new URLSearchParams();
    for (const [key, value] of query) prefixed.append(`p${index + 1}.${key}`, value);
    parts.push(prefixed.toString());
  });
  return `?${parts.filter(Boolean).join('&')}`;
}
