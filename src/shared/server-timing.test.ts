import { describe, expect, it } from 'vitest';
import { formatServerTiming, parseServerTimingHeader, readObjectTiming, type ObjectTiming } from './server-timing.ts';

const timing: ObjectTiming = {
  captureFirstMs: 1764600000000,
  captureLastMs: 1764600000167,
  availableMs: 1764600000310.25,
  packagingMs: null,
  holdMs: 12.5,
  delayMs: 0,
  videoHeight: 720,
};

describe('Server-Timing', () => {
  it('round-trips an object timing through the header', () => {
    const header = formatServerTiming(timing);
    expect(header).toBe('gm-cap-first;desc=1764600000000, gm-cap-last;desc=1764600000167, gm-avail;desc=1764600000310.25, gm-hold;dur=12.5, gm-delay;dur=0, gm-height;dur=720');
    expect(readObjectTiming(parseServerTimingHeader(header))).toEqual(timing);
  });

  it('reads Resource Timing entries, which report a missing dur as 0 and desc as a string', () => {
    const entries = [
      { name: 'cdn-cache', duration: 0, description: 'HIT' },
      { name: 'gm-cap-first', duration: 0, description: '1764600000000' },
      { name: 'gm-pkg', duration: 110.5, description: '' },
    ];
    expect(readObjectTiming(entries)).toEqual({ captureFirstMs: 1764600000000, captureLastMs: null, availableMs: null, packagingMs: 110.5, holdMs: 0, delayMs: 0, videoHeight: null });
  });

  it('is null for another origin and refuses bad values field by field', () => {
    expect(readObjectTiming([])).toBeNull();
    expect(readObjectTiming(parseServerTimingHeader('db;dur=53, app;dur=47.2'))).toBeNull();
    const bad = readObjectTiming(parseServerTimingHeader('gm-cap-first;desc=1e12, gm-cap-last;desc=-5, gm-avail;desc="1764600000310", gm-hold;dur=abc, gm-height;dur=Infinity'));
    expect(bad).toEqual({ captureFirstMs: null, captureLastMs: null, availableMs: 1764600000310, packagingMs: null, holdMs: 0, delayMs: 0, videoHeight: null });
  });

  it('skips malformed header entries', () => {
    expect(parseServerTimingHeader(' , ;dur=1, bad name;dur=2, ok;dur=3;desc="x"')).toEqual([{ name: 'ok', duration: 3, description: 'x' }]);
  });
});
