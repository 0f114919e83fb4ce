import type { EngineName } from '../analyzer/types.ts';
import { ENGINE_CATALOG, ENGINE_NAMES, canPlay, isEngineName } from '../player/catalog.ts';
import type { SettingValue } from '../player/engine.ts';
import { validateSetting } from '../player/settings-schema.ts';
import { engineForUrl } from '../player/stream-format.ts';
import { defaultProfileFor, findProfile, isDash, PROFILES } from '../shared/stream/profiles.ts';
import { parseUrlOptions } from '../shared/stream/url-options.ts';
import { UsageError } from '../cli/usage-error.ts';

/**
 * One player of `measure --compare "<spec>"`: comma-separated key=value pairs. Keys: `engine`,
 * `profile` or `url`, `options` (origin URL options; their own separator is `;` here, because
 * `,` separates the spec's pairs: `options=net=cascade;delay=500`), `preset`, `label`, and any
 * setting of the engine (`maxLiveSyncPlaybackRate=1.2`).
 */
export interface CompareSpec {
  label: string;
  engine: EngineName;
  profile: string | null;
  url: string | null;
  /** Origin URL options in the origin's own syntax (`net=cascade,delay=500`), or null. */
  options: string | null;
  preset: string;
  settings: Record<string, SettingValue>;
}

const OWN_KEYS = new Set(['engine', 'profile', 'url', 'options', 'preset', 'label']);

/** `flag` names the option in errors (`--sweep` builds its configurations as specs too). */
export function parseCompareSpec(text: string, index: number, flag = '--compare'): CompareSpec {
  const pairs = new Map<string, string>();
  for (const part of text.split(',')) {
    if (part.trim() === '') continue;
    const eq = part.indexOf('=');
    if (eq <= 0) throw new UsageError(`${flag} "${text}": "${part}" is not key=value`);
    const key = part.slice(0, eq).trim();
    if (pairs.has(key)) throw new UsageError(`${flag} "${text}": ${key} given twice`);
    pairs.set(key, part.slice(eq + 1).trim());
  }
  const engineText = pairs.get('engine');
  if (engineText !== undefined && !isEngineName(engineText)) throw new UsageError(`${flag}: engine "${engineText}" is not one of ${ENGINE_NAMES.join(', ')}`);
  const url = pairs.get('url') ?? null;
  const profileText = pairs.get('profile') ?? null;
  if (url !== null && profileText !== null) throw new UsageError(`${flag}: profile and url exclude each other`);
  if (url !== null && !/^https?:\/\/./.test(url)) throw new UsageError(`${flag}: url must be an http(s) URL, got "${url}"`);
  const profile = profileText === null ? null : findProfile(profileText);
  if (profileText !== null && !profile) throw new UsageError(`${flag}: profile "${profileText}" is not one of ${PROFILES.map((p) => p.name).join(', ')}`);
  const streamEngine: EngineName | null = url ? engineForUrl(url) : profile ? (isDash(profile) ? 'dash' : 'hls') : null;
  const engine: EngineName = (engineText as EngineName | undefined) ?? streamEngine ?? 'hls';
  const streamPath = url ?? (profile ? (isDash(profile) ? 'x.mpd' : 'x.m3u8') : 'x.m3u8');
  if (!canPlay(engine, streamPath)) throw new UsageError(`${flag}: engine ${engine} cannot play ${url ?? `profile ${profileText}`}`);
  let options: string | null = null;
  const optionsText = pairs.get('options');
  if (optionsText !== undefined) {
    if (url !== null) throw new UsageError(`${flag}: options apply to the bundled origin's profiles, not to url`);
    options = optionsText.replaceAll(';', ',');
    const parsed = parseUrlOptions(options);
    if (!parsed.ok) throw new UsageError(`${flag}: options: ${parsed.message}`);
  }
  const catalog = ENGINE_CATALOG[engine];
  const preset = pairs.get('preset') ?? 'lowest';
  if (!catalog.presets.some((p) => p.id === preset)) throw new UsageError(`${flag}: preset "${preset}" is not a ${catalog.label} preset`);
  const settings: Record<string, SettingValue> = {};
  for (const [key, raw] of pairs) {
    if (OWN_KEYS.has(key)) continue;
    const def = catalog.settings.find((d) => d.key === key);
    if (!def) throw new UsageError(`${flag}: unknown key "${key}" (not a spec key nor a ${catalog.label} setting)`);
    const result = validateSetting(def, raw);
    if (!result.ok) throw new UsageError(`${flag}: ${result.message}`);
    settings[key] = result.value;
  }
  const label = (pairs.get('label') ?? '').slice(0, 40) || `P${index + 1}`;
  return { label, engine, profile: profile?.name ?? (url ? null : defaultProfileFor(engine === 'dash' ? 'dash' : 'hls')), url, options, preset, settings };
}
