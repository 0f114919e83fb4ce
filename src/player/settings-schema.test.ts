import { describe, expect, it } from 'vitest';
import { changedKeys, defaultSettings, validateSetting, type SettingDef } from './settings-schema.ts';

const boolDef: SettingDef = { key: 'lowLatencyMode', label: 'LL', help: '', type: 'boolean', default: true, group: 'g' };
const choiceDef: SettingDef = { key: 'liveSyncMode', label: 'Mode', help: '', type: 'choice', choices: ['edge', 'buffered'], default: 'edge', group: 'g' };
const numberDef: SettingDef = { key: 'maxBufferHole', label: 'Hole', help: '', type: 'number', default: 0.1, min: 0, max: 5, group: 'g' };
const nullableDef: SettingDef = { key: 'liveSyncDuration', label: 'Sync', help: '', type: 'number', default: null, nullable: true, min: 0.5, max: 60, group: 'g' };
const integerDef: SettingDef = { key: 'levelLock', label: 'Lock', help: '', type: 'number', default: -1, min: -1, max: 20, integer: true, group: 'g' };

describe('validateSetting', () => {
  it('reads booleans from true/false, "true"/"false" and "1"/"0"', () => {
    expect(validateSetting(boolDef, true)).toEqual({ ok: true, value: true });
    expect(validateSetting(boolDef, false)).toEqual({ ok: true, value: false });
    expect(validateSetting(boolDef, 'true')).toEqual({ ok: true, value: true });
    expect(validateSetting(boolDef, '1')).toEqual({ ok: true, value: true });
    expect(validateSetting(boolDef, 'false')).toEqual({ ok: true, value: false });
    expect(validateSetting(boolDef, '0')).toEqual({ ok: true, value: false });
  });

  it('rejects other boolean spellings, naming the key', () => {
    for (const raw of ['yes', 'TRUE', 'on', '', 1, null, undefined]) {
      expect(validateSetting(boolDef, raw)).toEqual({ ok: false, message: 'lowLatencyMode must be true or false' });
    }
  });

  it('accepts only listed choices, exactly', () => {
    expect(validateSetting(choiceDef, 'buffered')).toEqual({ ok: true, value: 'buffered' });
    expect(validateSetting(choiceDef, 'edge')).toEqual({ ok: true, value: 'edge' });
    for (const raw of ['Edge', 'live', '', null]) {
      expect(validateSetting(choiceDef, raw)).toEqual({ ok: false, message: 'liveSyncMode must be one of edge, buffered' });
    }
  });

  it('parses numbers from numbers and numeric strings within the bounds (inclusive)', () => {
    expect(validateSetting(numberDef, 0.5)).toEqual({ ok: true, value: 0.5 });
    expect(validateSetting(numberDef, '0.25')).toEqual({ ok: true, value: 0.25 });
    expect(validateSetting(numberDef, '0')).toEqual({ ok: true, value: 0 });
    expect(validateSetting(numberDef, 5)).toEqual({ ok: true, value: 5 });
  });

  it('rejects numbers outside min/max with the bound in the message', () => {
    expect(validateSetting(numberDef, -0.01)).toEqual({ ok: false, message: 'maxBufferHole must be at least 0' });
    expect(validateSetting(numberDef, '5.01')).toEqual({ ok: false, message: 'maxBufferHole must be at most 5' });
    expect(validateSetting(nullableDef, '0.4')).toEqual({ ok: false, message: 'liveSyncDuration must be at least 0.5' });
  });

  it('rejects garbage for a number, naming the key', () => {
    for (const raw of ['abc', '', '   ', 'NaN', 'Infinity', '1.5s', NaN, Infinity, true, null, undefined, {}]) {
      expect(validateSetting(numberDef, raw)).toEqual({ ok: false, message: 'maxBufferHole must be a number' });
    }
  });

  it('maps empty, "null" and null to null for a nullable setting only', () => {
    for (const raw of ['', 'null', null]) expect(validateSetting(nullableDef, raw)).toEqual({ ok: true, value: null });
    expect(validateSetting(nullableDef, '2.5')).toEqual({ ok: true, value: 2.5 });
    expect(validateSetting(numberDef, '').ok).toBe(false);
    expect(validateSetting(numberDef, null).ok).toBe(false);
  });

  it('accepts only whole numbers for an integer setting', () => {
    expect(validateSetting(integerDef, '2')).toEqual({ ok: true, value: 2 });
    expect(validateSetting(integerDef, -1)).toEqual({ ok: true, value: -1 });
    expect(validateSetting(integerDef, '0.5')).toEqual({ ok: false, message: 'levelLock must be a whole number' });
    expect(validateSetting(integerDef, -0.5)).toEqual({ ok: false, message: 'levelLock must be a whole number' });
    // Fractions stay fine where the setting is not integer.
    expect(validateSetting(numberDef, '0.5').ok).toBe(true);
  });
});

describe('defaultSettings', () => {
  it('maps every key to its default, nulls included', () => {
    expect(defaultSettings([boolDef, choiceDef, numberDef, nullableDef, integerDef])).toEqual({
      lowLatencyMode: true,
      liveSyncMode: 'edge',
      maxBufferHole: 0.1,
      liveSyncDuration: null,
      levelLock: -1,
    });
    expect(defaultSettings([])).toEqual({});
  });
});

describe('changedKeys', () => {
  it('lists keys whose values differ, including keys present on one side only', () => {
    expect(changedKeys({ a: 1, b: true, c: 'x', d: null }, { a: 1, b: false, c: 'x', d: 2, e: null })).toEqual(['b', 'd', 'e']);
    expect(changedKeys({ a: 1, gone: 3 }, { a: 1 })).toEqual(['gone']);
  });

  it('is empty for equal settings and distinguishes null, 0 and false', () => {
    expect(changedKeys({ a: 1, b: null }, { b: null, a: 1 })).toEqual([]);
    expect(changedKeys({ a: null, b: 0 }, { a: 0, b: false })).toEqual(['a', 'b']);
  });
});
