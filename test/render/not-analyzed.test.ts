import { describe, expect, it } from 'vitest';
import { analysisFailed } from '../../src/render/not-analyzed.js';
import { markdownStructure } from '../support/gfm.js';

describe('analysisFailed', () => {
  it('writes the error as text: a plan file named with markup adds no element to the summary (audit 27 F5)', () => {
    const plain = analysisFailed('cannot read plans/x.json: unexpected end of JSON input').summary;
    const marked = analysisFailed('cannot read plans/<details><summary>[a](https://x.example) **b** `c`.json: unexpected end of JSON input').summary;
    expect(markdownStructure(marked)).toEqual(markdownStructure(plain));
    expect(plain).toContain('plans/x.json');
  });
});
