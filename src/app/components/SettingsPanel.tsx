import { useState } from 'react';
import { ENGINE_CATALOG } from '../../player/catalog.ts';
import type { SettingValue } from '../../player/engine.ts';
import { validateSetting, type SettingDef } from '../../player/settings-schema.ts';
import { usePlayer, usePlayerId } from '../player-context.ts';
import { usePlayerStore } from '../stores/player-store.ts';

function SettingField({ def, value, onChange }: { def: SettingDef; value: SettingValue; onChange: (v: SettingValue) => void }) {
  const [draft, setDraft] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const id = `setting-${def.key}`;
  if (def.type === 'boolean') {
    return <input id={id} data-testid={id} type="checkbox" checked={value === true} onChange={(e) => onChange(e.target.checked)} />;
  }
  if (def.type === 'choice') {
    return (
      <select id={id} data-testid={id} value={String(value)} onChange={(e) => onChange(e.target.value)}>
        {def.choices?.map((c) => (
          <option key={c}>{c}</option>
        ))}
      </select>
    );
  }
  // Numbers apply on Enter or blur, so typing "1.5" does not apply "1" and "1." first.
  const commit = () => {
    if (draft === null) return;
    const result = validateSetting(def, draft);
    if (result.ok) {
      setError(null);
      setDraft(null);
      if (result.value !== value) onChange(result.value);
    } else {
      setError(result.message);
    }
  };
  return (
    <span className="number-field">
      <input
        id={id}
        data-testid={id}
        type="text"
        inputMode="decimal"
        value={draft ?? (value === null ? '' : String(value))}
        placeholder={def.nullable ? 'auto' : undefined}
        aria-invalid={error !== null}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => e.key === 'Enter' && commit()}
      />
      {def.unit && <span className="unit">{def.unit}</span>}
      {error && <span className="field-error">{error}</span>}
    </span>
  );
}

/** Presets and every knob of the current engine, with its default and help. */
export function SettingsPanel() {
  const id = usePlayerId();
  const engine = usePlayer((p) => p.engine);
  const settings = usePlayer((p) => p.settings);
  const presetId = usePlayer((p) => p.presetId) ?? null;
  const label = usePlayer((p) => p.label);
  const several = usePlayerStore((s) => s.players.length > 1);
  const applyPresetOf = usePlayerStore((s) => s.applyPreset);
  const setSettingOf = usePlayerStore((s) => s.setSetting);
  const applyPreset = (preset: string) => applyPresetOf(id, preset);
  const setSetting = (key: string, value: SettingValue) => setSettingOf(id, key, value);
  if (!engine || !settings) return null;
  const entry = ENGINE_CATALOG[engine];
  const problem = entry.crossValidate(settings);
  const groups = [...new Set(entry.settings.map((d) => d.group))];
  return (
    <aside className="settings" data-testid="settings-panel">
      <h2>
        {entry.label} settings{several && <span data-testid="settings-player"> of {label}</span>}
      </h2>
      <label className="preset">
        Preset
        <select data-testid="preset-select" value={presetId ?? ''} onChange={(e) => e.target.value && applyPreset(e.target.value)}>
          <option value="">Custom</option>
          {entry.presets.map((p) => (
            <option key={p.id} value={p.id} title={p.description}>
              {p.name}
            </option>
          ))}
        </select>
      </label>
      {presetId && <p className="hint">{entry.presets.find((p) => p.id === presetId)?.description}</p>}
      {problem && (
        <p className="field-error" role="alert" data-testid="settings-problem">
          {problem}
        </p>
      )}
      {groups.map((group) => (
        <fieldset key={group}>
          <legend>{group}</legend>
          {entry.settings
            .filter((d) => d.group === group)
            .map((def) => (
              <div className="setting" key={def.key} title={def.help}>
                <label htmlFor={`setting-${def.key}`}>
                  {def.label}
                  {def.requiresReload && <span className="badge">reload</span>}
                </label>
                <SettingField
                  def={def}
                  value={settings[def.key] ?? null}
                  onChange={(v) => setSetting(def.key, v)}
                />
                <small>
                  {def.help} Default: {def.default === null ? 'auto' : String(def.default)}.
                </small>
              </div>
            ))}
        </fieldset>
      ))}
    </aside>
  );
}
