import type { EngineSettings, SettingValue } from './engine.ts';

/** One tunable knob of a playback engine, with its library default and a one-line help. */
export interface SettingDef {
  key: string;
  label: string;
  help: string;
  type: 'number' | 'boolean' | 'choice';
  default: SettingValue;
  /** For numbers: bounds and step. */
  min?: number;
  max?: number;
  step?: number;
  /** For numbers: whole numbers only (indices such as a level); 1.5 would reach the library as a bad index. */
  integer?: boolean;
  unit?: string;
  choices?: string[];
  /** May be left unset (null): the library then uses its own default or derives one. */
  nullable?: boolean;
  /** The library reads this only when a player is created: changing it re-creates the player. */
  requiresReload?: boolean;
  group: string;
}

export interface Preset {
  id: string;
  name: string;
  description: string;
  /** Only what differs from the engine's defaults. */
  values: EngineSettings;
}

export type ValidationResult = { ok: true; value: SettingValue } | { ok: false; message: string };

/** Checks a value against its definition (used for permalinks and the settings form). */
export function validateSetting(def: SettingDef, raw: unknown): ValidationResult {
  if (def.nullable && (raw === null || raw === '' || raw === 'null')) return { ok: true, value: null };
  if (def.type === 'boolean') {
    if (typeof raw === 'boolean') return { ok: true, value: raw };
    if (raw === 'true' || raw === '1') return { ok: true, value: true };
    if (raw === 'false' || raw === '0') return { ok: true, value: false };
    return { ok: false, message: `${def.key} must be true or false` };
  }
  if (def.type === 'choice') {
    const text = String(raw);
    return def.choices?.includes(text) ? { ok: true, value: text } : { ok: false, message: `${def.key} must be one of ${def.choices?.join(', ')}` };
  }
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
  if (!Number.isFinite(n)) return { ok: false, message: `${def.key} must be a number` };
  if (def.integer && !Number.isInteger(n)) return { ok: false, message: `${def.key} must be a whole number` };
  if (def.min !== undefined && n < def.min) return { ok: false, message: `${def.key} must be at least ${def.min}` };
  if (def.max !== undefined && n > def.max) return { ok: false, message: `${def.key} must be at most ${def.max}` };
  return { ok: true, value: n };
}

/** The defaults of a schema as a settings object. */
export function defaultSettings(defs: readonly SettingDef[]): EngineSettings {
  return Object.fromEntries(defs.map((d) => [d.key, d.default]));
}

/** Keys whose values differ between two settings objects. */
export function changedKeys(before: EngineSettings, after: EngineSettings): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].filter((k) => before[k] !== after[k]);
}

/** A plain nested settings object (dash.js settings, hls.js load policies). */
export type Nested = { [key: string]: unknown };

export function setPath(target: Nested, path: string, value: unknown): void {
  const parts = path.split('.');
  let node = target;
  for (const part of parts.slice(0, -1)) {
    const next = node[part];
    if (typeof next === 'object' && next !== null) node = next as Nested;
    else node = node[part] = {};
  }
  node[parts[parts.length - 1]!] = value;
}

export function getPath(source: unknown, path: string): unknown {
  let node: unknown = source;
  for (const part of path.split('.')) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Nested)[part];
  }
  return node;
}
