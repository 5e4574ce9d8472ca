import { describe, expect, it } from 'vitest';
import { shortenMiddle } from '../../src/render/words.js';

describe('shortenMiddle', () => {
  it('keeps short text as it is and cuts long text to the size asked, head and tail kept', () => {
    expect(shortenMiddle('aws_db_instance.orders')).toBe('aws_db_instance.orders');
    const long = `module.a.${'x'.repeat(200)}.aws_db_instance.orders`;
    const short = shortenMiddle(long, 56);
    expect(short).toHaveLength(56);
    expect(short.startsWith('module.a.')).toBe(true);
    expect(short.endsWith('aws_db_instance.orders')).toBe(true);
  });

  it('never cuts between the halves of a surrogate pair', () => {
    for (let shift = 0; shift < 4; shift++) {
      const text = `${'a'.repeat(shift)}${'😀'.repeat(100)}`;
      const short = shortenMiddle(text, 56);
      expect(short.length).toBeLessThanOrEqual(56);
      // A lone surrogate would not survive a round trip through UTF-8.
      expect(Buffer.from(short, 'utf8').toString('utf8')).toBe(short);
    }
  });
});
