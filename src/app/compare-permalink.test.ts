import { describe, expect, it } from 'vitest';
import { DASH_PRESETS, DASH_SETTINGS, crossValidateDash } from '../player/dash-settings.ts';
import { HLS_PRESETS, HLS_SETTINGS, crossValidateHls } from '../player/hls-settings.ts';
import { buildComparePermalink, parseComparePermalink, type ComparePlayerState } from './compare-permalink.ts';
import { buildPermalink, presetSettings, type EngineCatalog, type PlayerState } from './permalink.ts';

const HLS: EngineCatalog = { settings: HLS_SETTINGS, presets: HLS_PRESETS, crossValidate: crossValidateHls };
const DASH: EngineCatalog = { settings: DASH_SETTINGS, presets: DASH_PRESETS, crossValidate: crossValidateDash };
const CATALOGS = { hls: HLS, dash: DASH };
const catalogOf = (engine: string) => (engine === 'dash' ? DASH : HLS);
const LAST_USED: PlayerState = { src: '/live/ll100/master.m3u8', engine: 'hls', presetId: 'smooth', settings: presetSettings(HLS, 'smooth') };
const DEFAULT: PlayerState = { src: '/live/ll200/master.m3u8', engine: 'hls', presetId: 'lowest', settings: presetSettings(HLS, 'lowest') };

describe('multi-player permalink', () => {
  it('round-trips four players, each with its own engine, stream, preset, settings and label', () => {
    const players: ComparePlayerState[] = [
      { label: 'P1', src: '/live/ll200/master.m3u8', engine: 'hls', presetId: 'lowest', settings: { ...presetSettings(HLS, 'lowest'), liveSyncOnStallIncrease: 0 } },
      { label: 'delayed, 500', src: '/o/delay=500/live/ll200/master.m3u8', engine: 'hls', presetId: 'balanced', settings: presetSettings(HLS, 'balanced') },
      { label: 'P3', src: '/live/dash-ll/manifest.mpd', engine: 'dash', presetId: 'lolp', settings: { ...presetSettings(DASH, 'lolp'), maxDrift: 2 } },
      { label: 'custom', src: '/o/net=cascade/live/ll100/master.m3u8', engine: 'hls', presetId: null, settings: { ...presetSettings(HLS, null), maxBufferLength: 7 } },
    ];
    const link = buildComparePermalink(players, catalogOf);
    const parsed = parseComparePermalink(link, CATALOGS, LAST_USED, DEFAULT);
    expect(parsed.notices).toEqual([]);
    expect(parsed.players).toEqual(players);
  });

  it('writes a one-player page as exactly the old single-player link', () => {
    const player: ComparePlayerState = { ...DEFAULT, label: 'P1', settings: { ...DEFAULT.settings, maxBufferLength: 8 } };
    expect(buildComparePermalink([player], catalogOf)).toBe(buildPermalink(player, HLS));
  });

  it('reads an old single-player link as one player, falling back to the last used state as before', () => {
    const parsed = parseComparePermalink('?src=/live/ll500/master.m3u8&engine=hls&preset=balanced&maxBufferLength=9', CATALOGS, LAST_USED, DEFAULT);
    expect(parsed.notices).toEqual([]);
    expect(parsed.players).toEqual([{ label: 'P1', src: '/live/ll500/master.m3u8', engine: 'hls', presetId: 'balanced', settings: { ...presetSettings(HLS, 'balanced'), maxBufferLength: 9 } }]);
    const bare = parseComparePermalink('?src=/live/ll500/master.m3u8', CATALOGS, LAST_USED, DEFAULT);
    expect(bare.players).toEqual([{ ...LAST_USED, src: '/live/ll500/master.m3u8', label: 'P1' }]);
  });

  it('gives players 2-4 the defaults, not the last used state, and closes gaps in the numbering', () => {
    const parsed = parseComparePermalink('?preset=lowest&p4.src=/live/ll100/master.m3u8', CATALOGS, LAST_USED, DEFAULT);
    expect(parsed.players.map((p) => [p.label, p.src, p.presetId])).toEqual([
      ['P1', LAST_USED.src, 'lowest'],
      ['P2', '/live/ll100/master.m3u8', 'lowest'],
    ]);
  });

  it('refuses a fifth player and bad values with notices naming the player, and cleans labels', () => {
    const parsed = parseComparePermalink('?p2.preset=nope&p2.label=%00%00x&p5.src=/x&p2.maxBufferLength=-3', CATALOGS, LAST_USED, DEFAULT);
    expect(parsed.players).toHaveLength(2);
    expect(parsed.players[1]!.label).toBe('x');
    expect(parsed.notices).toContain('player 5 ignored: at most 4 players');
    expect(parsed.notices.some((n) => n.startsWith('x: preset "nope"'))).toBe(true);
    expect(parsed.notices.some((n) => n.startsWith('x: maxBufferLength must be at least'))).toBe(true);
    const long = parseComparePermalink(`?label=${'a'.repeat(100)}`, CATALOGS, LAST_USED, DEFAULT);
    expect(long.players[0]!.label).toHaveLength(40);
  });
});
