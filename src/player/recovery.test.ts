import { describe, expect, it } from 'vitest';
import { MAX_RECOVERIES, RecoveryPolicy, recoveryDelayMs } from './recovery.ts';

describe('RecoveryPolicy', () => {
  it('backs off network and other errors (at once, then 1, 2, 4, 8 s) and retries media errors at once', () => {
    const network = new RecoveryPolicy();
    expect([1, 2, 3, 4, 5].map(() => network.onFatal('network', true))).toEqual([0, 1000, 2000, 4000, 8000]);
    const other = new RecoveryPolicy();
    expect([other.onFatal('other', true), other.onFatal('unreachable', true)]).toEqual([0, 1000]);
    const media = new RecoveryPolicy();
    expect([1, 2, 3].map(() => media.onFatal('media', true))).toEqual([0, 0, 0]);
    // The delay follows the attempt, whatever failed before it.
    const mixed = new RecoveryPolicy();
    expect([mixed.onFatal('media', true), mixed.onFatal('network', true)]).toEqual([0, recoveryDelayMs(2)]);
  });

  it(`gives up after ${MAX_RECOVERIES} recoveries in a row, and at once on an error the library calls final`, () => {
    const policy = new RecoveryPolicy();
    for (let i = 0; i < MAX_RECOVERIES; i++) expect(policy.onFatal('network', true)).not.toBeNull();
    expect(policy.onFatal('network', true)).toBeNull();
    expect(policy.onFatal('media', true)).toBeNull();
    expect(new RecoveryPolicy().onFatal('unreachable', false)).toBeNull();
  });

  it('counts afresh once media loads, and says "recovered" only for the load that ends a recovery', () => {
    const policy = new RecoveryPolicy();
    expect(policy.onMedia()).toBe(false);
    for (let i = 0; i < MAX_RECOVERIES; i++) policy.onFatal('network', true);
    expect(policy.onMedia()).toBe(true);
    expect(policy.onMedia()).toBe(false);
    // A whole new run of tries, starting at once again.
    expect([1, 2, 3, 4, 5].map(() => policy.onFatal('network', true))).toEqual([0, 1000, 2000, 4000, 8000]);
  });

  it('forgets tries and a recovery in progress on a new load', () => {
    const policy = new RecoveryPolicy();
    for (let i = 0; i < MAX_RECOVERIES; i++) policy.onFatal('network', true);
    policy.reset();
    expect(policy.onMedia()).toBe(false);
    expect(policy.onFatal('network', true)).toBe(0);
  });
});
