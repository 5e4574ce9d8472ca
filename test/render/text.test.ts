import { describe, expect, it } from 'vitest';
import { renderText, wrap } from '../../src/render/text.js';
import { analysis, finding, planReport } from './support.js';

const ANSI = /\u001b\[/;

describe('renderText', () => {
  const report = analysis([
    planReport(
      'plans/prod.json',
      [
        finding({ severity: 'high', ruleId: 'mass-delete', address: null, resourceType: null, actions: [], message: 'This plan destroys 12 resources.', details: ['delete a.b', 'delete c.d'] }),
        finding({ remediation: 'Add lifecycle { prevent_destroy = true }.' }),
        finding({ severity: 'low', ruleId: 'network-open-ingress', address: 'aws_security_group_rule.web', message: 'Port 443 is open to the internet.' }),
        finding({ address: 'module.sandbox.aws_s3_bucket.tmp', suppressed: { reason: 'sandbox is rebuilt nightly' } }),
      ],
      { delete: 3, create: 1, noop: 7 },
    ),
  ]);

  it('writes the verdict, the plan, and each finding worst first, without colour', () => {
    expect(renderText(report, { color: false })).toBe(
      [
        'tf-plan-guard: Needs approval: 2 blocking changes (at or above high)',
        'Highest risk: critical',
        '',
        'plans/prod.json (Terraform 1.9.8, format 1.2)',
        '  1 to create, 3 to delete',
        '',
        '  CRITICAL stateful-delete  aws_db_instance.main',
        '    aws_db_instance.main will be destroyed.',
        '    Fix: Add lifecycle { prevent_destroy = true }.',
        '',
        '  HIGH     mass-delete',
        '    This plan destroys 12 resources.',
        '      delete a.b',
        '      delete c.d',
        '',
        '  LOW      network-open-ingress  aws_security_group_rule.web',
        '    Port 443 is open to the internet.',
        '',
        '  Suppressed by the policy (1):',
        '    stateful-delete module.sandbox.aws_s3_bucket.tmp: sandbox is rebuilt nightly',
        '',
      ].join('\n'),
    );
  });

  it('has no escape codes unless colour is asked for', () => {
    expect(renderText(report, { color: false })).not.toMatch(ANSI);
    const coloured = renderText(report, { color: true });
    expect(coloured).toMatch(ANSI);
    expect(coloured.split('\n')[0]).toBe('\u001b[1;31mtf-plan-guard: Needs approval: 2 blocking changes (at or above high)\u001b[0m');
    expect(coloured).toContain('\u001b[1;31mCRITICAL\u001b[0m stateful-delete');
  });

  it('says when nothing is dangerous, and when findings stay below block-on', () => {
    expect(renderText(analysis([planReport('p.json', [], {})]), { color: false })).toBe('tf-plan-guard: No dangerous changes\n\np.json (Terraform 1.9.8, format 1.2)\n  no changes\n');
    const low = renderText(analysis([planReport('p.json', [finding({ severity: 'medium' })])]), { color: false });
    expect(low.split('\n').slice(0, 2)).toEqual(['tf-plan-guard: No blocking changes (1 finding below high)', 'Highest risk: medium']);
  });

  it('prints no control character that came from the plan', () => {
    const hostile = analysis([
      planReport('plan\u001b]0;owned\u0007.json', [
        finding({ address: 'aws_s3_bucket.b["\u001b[2J"]', message: 'gone because \u001b[8mhidden\r', details: ['a\u009bb'], remediation: 'fix\u0000', suppressed: null }),
        finding({ suppressed: { reason: 'ok\u001b[0m' } }),
      ]),
    ]);
    const out = renderText(hostile, { color: false });
    expect(out).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    expect(out).toContain('aws_s3_bucket.b["\ufffd[2J"]');
    expect(out).toContain('    gone because \ufffd[8mhidden\ufffd\n');
    const coloured = renderText(hostile, { color: true }).replace(/\u001b\[[0-9;]*m/g, '');
    expect(coloured).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
  });
});

describe('renderText wrapped to a width, with its closing', () => {
  const visible = (line: string) => [...line.replace(/\u001b\[[0-9;]*m/g, '')].length;
  const long = analysis([
    planReport('plans/prod.json', [
      finding({
        message: `aws_db_instance.main will be destroyed, and with it ${'every row of every table '.repeat(6)}that it holds.`,
        details: [`an address too long for any line: module.${'very_long_module_name.'.repeat(6)}aws_s3_bucket.b`],
        remediation: 'Add lifecycle { prevent_destroy = true } to the resource block, or take a final snapshot first.',
      }),
    ]),
  ]);

  it('keeps every line within the width, continuation lines hanging under their text', () => {
    for (const width of [40, 60, 100]) {
      const out = renderText(long, { color: true, width, closing: true });
      const lines = out.split('\n');
      expect(lines.filter((line) => visible(line) > width)).toEqual([]);
      expect(lines.filter((line) => / $/.test(line.replace(/\u001b\[[0-9;]*m/g, '')))).toEqual([]);
      // The message's continuation lines keep its indent; the fix's hang under its text.
      const message = lines.findIndex((line) => line.startsWith('    aws_db_instance.main will'));
      expect(lines[message + 1]).toMatch(/^ {4}\S/);
      const fix = lines.findIndex((line) => line.startsWith('    Fix: '));
      expect(lines[fix + 1]).toMatch(/^ {9}\S/);
      // Nothing is lost: the words read the same unwrapped.
      const words = (text: string) => text.replace(/\u001b\[[0-9;]*m/g, '').split(/\s+/).join('');
      expect(words(out)).toBe(words(renderText(long, { color: false, closing: true })));
    }
  });

  it('does not wrap without a width', () => {
    expect(renderText(long, { color: false }).split('\n').some((line) => line.length > 200)).toBe(true);
  });

  it('ends with the verdict, what the exit status means and the next step', () => {
    const blocking = renderText(long, { color: false, width: 80, closing: true }).trimEnd().split('\n');
    const closing = blocking.slice(blocking.findIndex((line) => line.startsWith('───')));
    expect(closing.join('\n')).toMatch(/^─+\nNeeds approval: 1 blocking change \(at or above high\)\nExit status 1: a change at or above high needs a human's approval/);
    expect(closing.join(' ')).toContain('Next: read each blocking change above and its Fix');

    const below = renderText(analysis([planReport('p.json', [finding({ severity: 'medium' })])]), { color: false, width: 80, closing: true }).trimEnd().split('\n');
    expect(below.slice(-3)).toEqual([
      'No blocking changes (1 finding below high)',
      'Exit status 0: nothing at or above high blocks.',
      'Next: nothing to approve; read the finding above before applying.',
    ]);
    const none = renderText(analysis([planReport('p.json', [])]), { color: false, width: 80, closing: true }).trimEnd().split('\n');
    expect(none.slice(-3)).toEqual(['No dangerous changes', 'Exit status 0: nothing at or above high blocks.', 'Next: nothing to approve; apply as usual.']);
  });

  it('scrubs a secret before wrapping, so a line break cannot split it past the scrubber', () => {
    // Longer than any line: wrapping alone would cut it in pieces no scrubber recognizes.
    const secret = `Zq8-${'very-secret-token-value-'.repeat(3)}7781`;
    const leaky = analysis([planReport('p.json', [finding({ message: `${'word '.repeat(7)}${secret} and more` })])], 'high', { sensitive: new Set([secret]), variables: new Set() });
    for (let width = 40; width <= 60; width++) {
      const out = renderText(leaky, { color: false, width });
      expect(out.replace(/\s+/g, '')).not.toContain(secret);
      expect(out.replace(/\s+/g, '')).not.toContain(secret.slice(0, 12));
    }
  });
});

describe('wrap', () => {
  it('counts code points: an emoji (a surrogate pair) is one character, a lone surrogate one too', () => {
    expect(wrap('😀😀😀 ab', 5, 5)).toEqual(['😀😀😀', 'ab']);
    expect(wrap('😀😀 ab', 5, 5)).toEqual(['😀😀 ab']);
    expect(wrap('\ud800\ud800 ab', 5, 5)).toEqual(['\ud800\ud800 ab']);
    expect(wrap('é😀 abc', 6, 6)).toEqual(['é😀 abc']);
  });

  it('cuts a word longer than a line between code points, never inside a pair', () => {
    expect(wrap('x 😀😀😀😀😀😀😀', 4, 3)).toEqual(['x', '😀😀😀', '😀😀😀', '😀']);
    expect(wrap('abcdefgh', 3, 5)).toEqual(['abc', 'defgh']);
  });
});
