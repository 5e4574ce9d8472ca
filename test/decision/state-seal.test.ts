import { describe, expect, it } from 'vitest';
import { isSealed, stateSeal } from '../../src/decision/state-seal.js';

const LINE = '<!-- tf-plan-guard:state v1 eyJ2IjoxfQ== -->';

describe('stateSeal', () => {
  it('is a named sha256 digest that fits a check run external_id', () => {
    expect(stateSeal(LINE, 12)).toMatch(/^tf-plan-guard:state-sha256:[0-9a-f]{64}$/);
    expect(stateSeal(LINE, 12)).toBe(stateSeal(LINE, 12));
  });

  it('differs for another state line or another pull request', () => {
    expect(stateSeal(`${LINE} `, 12)).not.toBe(stateSeal(LINE, 12));
    expect(stateSeal(LINE, 13)).not.toBe(stateSeal(LINE, 12));
  });
});

describe('isSealed', () => {
  it('believes a state only when one of the check runs carries its seal', () => {
    const seal = stateSeal(LINE, 12);
    expect(isSealed(LINE, 12, [null, 'other', seal])).toBe(true);
    expect(isSealed(LINE, 12, [])).toBe(false);
    expect(isSealed(LINE, 12, [null, ''])).toBe(false);
    expect(isSealed(LINE, 13, [seal])).toBe(false);
    expect(isSealed(LINE.replace('eyJ2IjoxfQ==', 'eyJ2IjoyfQ=='), 12, [seal])).toBe(false);
  });
});
