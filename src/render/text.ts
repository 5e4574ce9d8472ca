/**
 * The terminal report: the verdict first, then each plan's counts and findings, worst first,
 * wrapped to the terminal's width; `analyze` ends with the verdict again, what the exit status
 * means and what to do next, so a long report still ends on the point.
 */
import type { SecretValues } from '../plan/model.js';
import type { Analysis, Report } from '../report.js';
import type { Finding, Severity } from '../rules/types.js';
import { scrubAbout, scrubAddress, scrubSecrets } from './scrub.js';
import { blockingFindings, describeSummary, groupBySeverity, planHeading, verdictLine } from './words.js';
import { formatCount } from '../numbers.js';

export interface TextOptions {
  color: boolean;
  /** Wrap to this many columns (at least MIN_WIDTH); absent or null: lines are not wrapped. */
  width?: number | null;
  /** End with the verdict, the exit status' meaning and the next step (the `analyze` command's report). */
  closing?: boolean;
}

/** Narrower than this, hanging indents leave too little room: wrapping stops there. */
export const MIN_WIDTH = 40;

const SEVERITY_COLOR: Record<Severity, string> = {
  critical: '1;31',
  high: '31',
  medium: '33',
  low: '36',
  info: '2',
};

/**
 * One line of the report before wrapping: its indent, its text (plan text made inert and scrubbed),
 * how far its continuation lines hang in, and its colour (whole, or its first `lead` characters).
 */
interface Line {
  indent: number;
  text: string;
  /** Extra indent of the continuation lines, beyond `indent`. */
  hang?: number;
  style?: string;
  /** Colour only the first `lead.length` characters (a severity label). */
  lead?: { length: number; style: string };
}

export function renderText({ report, secrets }: Analysis, options: TextOptions): string {
  const clean = (text: string) => inert(scrubSecrets(text, secrets));
  const lines: Line[] = [];
  const add = (indent: number, text: string, more: Omit<Line, 'indent' | 'text'> = {}) => {
    // A line break in plan text starts another line at the same indent.
    for (const part of text.split('\n')) lines.push({ indent, text: part, ...more });
  };
  const blank = () => lines.push({ indent: 0, text: '' });

  add(0, `tf-plan-guard: ${verdictLine(report)}`, { style: verdictStyle(report) });
  if (report.risk !== 'none') add(0, `Highest risk: ${report.risk}`);

  for (const plan of report.plans) {
    blank();
    add(0, clean(planHeading(plan)), { style: '1' });
    add(2, describeSummary(plan.summary));
    for (const warning of plan.warnings) add(2, `Warning: ${clean(warning)}`, { style: '33', hang: 2 });
    for (const group of groupBySeverity(plan.findings)) {
      for (const finding of group.findings) {
        blank();
        findingLines(finding, secrets, add);
      }
    }
    const suppressed = plan.findings.filter((finding) => finding.suppressed);
    if (suppressed.length > 0) {
      blank();
      add(2, `Suppressed by the policy (${formatCount(suppressed.length)}):`, { style: '2' });
      for (const finding of suppressed) {
        add(4, clean(`${finding.ruleId} ${finding.address ?? '(plan)'}: ${finding.suppressed?.reason ?? ''}`), { style: '2', hang: 2 });
      }
    }
  }
  if (options.closing) {
    blank();
    for (const line of closingLines(report)) add(0, line.text, { ...(line.style ? { style: line.style } : {}), hang: line.hang ?? 0 });
  }
  const width = options.width === undefined || options.width === null ? null : Math.max(options.width, MIN_WIDTH);
  return `${lines.flatMap((line) => layOut(line, width, options.color)).join('\n')}\n`;
}

function findingLines(finding: Finding, secrets: SecretValues, add: (indent: number, text: string, more?: Omit<Line, 'indent' | 'text'>) => void): void {
  const label = finding.severity.toUpperCase().padEnd(8);
  // Of the resource's address only the instance keys are values, where it stands alone and where its sentences name it.
  const about = (text: string) => inert(scrubAbout(text, finding.address, secrets));
  add(2, `${label} ${finding.ruleId}${finding.address ? `  ${inert(scrubAddress(finding.address, secrets))}` : ''}`, { lead: { length: finding.severity.length, style: SEVERITY_COLOR[finding.severity] }, hang: 9 });
  add(4, about(finding.message), { hang: 0 });
  for (const detail of finding.details) add(6, about(detail), { hang: 2 });
  if (finding.remediation) add(4, `Fix: ${about(finding.remediation)}`, { hang: 5 });
}

function verdictStyle(report: Report): string {
  return report.blocking ? '1;31' : '1;32';
}

/** The last words: the verdict, what the exit status says, what to do next. */
function closingLines(report: Report): { text: string; style?: string; hang?: number }[] {
  const rule = { text: '─'.repeat(MIN_WIDTH) };
  if (report.blocking) {
    const count = blockingFindings(report).length;
    return [
      rule,
      { text: verdictLine(report), style: verdictStyle(report) },
      { text: `Exit status 1: ${count === 1 ? 'a change' : `${formatCount(count)} changes`} at or above ${report.blockOn} need${count === 1 ? 's' : ''} a human's approval before this plan is applied.`, hang: 2 },
      {
        text: `Next: read each blocking change above and its Fix. If it is intended, have it approved (on a pull request, a reviewer other than its author adds the approval label, tf-plan-guard:approved by default); if not, change the configuration and plan again.`,
        hang: 2,
      },
    ];
  }
  const findings = report.plans.flatMap((plan) => plan.findings).filter((finding) => !finding.suppressed).length;
  return [
    rule,
    { text: verdictLine(report), style: verdictStyle(report) },
    { text: `Exit status 0: nothing ${report.blockOn === 'none' ? 'blocks (block-on is none)' : `at or above ${report.blockOn} blocks`}.`, hang: 2 },
    {
      text:
        findings > 0
          ? `Next: nothing to approve; read the ${findings === 1 ? 'finding' : `${formatCount(findings)} findings`} above before applying.`
          : 'Next: nothing to approve; apply as usual.',
      hang: 2,
    },
  ];
}

/** A line as printed: wrapped to `width` (null: not wrapped), then coloured. */
function layOut(line: Line, width: number | null, color: boolean): string[] {
  const indent = ' '.repeat(line.indent);
  const hang = ' '.repeat(line.indent + (line.hang ?? 0));
  const pieces = width === null ? [line.text] : wrap(line.text, width - line.indent, width - line.indent - (line.hang ?? 0));
  return pieces.map((piece, index) => {
    let shown = piece;
    if (color && line.style && piece !== '') shown = paint(line.style, piece);
    else if (color && line.lead && index === 0) shown = paint(line.lead.style, piece.slice(0, line.lead.length)) + piece.slice(line.lead.length);
    return `${index === 0 ? indent : hang}${shown}`;
  });
}

function paint(code: string, text: string): string {
  return `\u001b[${code}m${text}\u001b[0m`;
}

/**
 * Words (split at spaces) greedily filled into lines of at most `first` characters, then `rest`;
 * a word longer than a line is cut (the terminal would cut it anyway, without the indent).
 * Characters are counted as code points.
 */
export function wrap(text: string, first: number, rest: number): string[] {
  const out: string[] = [];
  let current: string[] = [];
  let length = 0;
  const room = () => (out.length === 0 ? first : rest);
  const flush = () => {
    // The spaces where a line breaks are not printed.
    out.push(current.join('').trimEnd());
    current = [];
    length = 0;
  };
  for (const word of text.split(' ')) {
    if (word === '' && length === 0 && out.length > 0) continue;
    // The word as what is left of it to place, and its length in code points (split only to cut it).
    let left = word;
    let count = codePointCount(word);
    const space = length > 0 ? 1 : 0;
    if (length > 0 && length + space + count > room()) flush();
    if (length > 0) {
      current.push(' ');
      length += 1;
    }
    while (length + count > room() && room() > 0) {
      const fits = room() - length;
      const chars = [...left];
      current.push(chars.slice(0, fits).join(''));
      left = chars.slice(fits).join('');
      count = chars.length - fits;
      flush();
    }
    current.push(left);
    length += count;
  }
  if (current.length > 0 || out.length === 0) flush();
  return out;
}

/** How many code points `[...text]` has: a surrogate pair is one, a lone surrogate one too. */
function codePointCount(text: string): number {
  let count = text.length;
  for (let index = 0; index < text.length - 1; index++) {
    const code = text.charCodeAt(index);
    if (code < 0xd800 || code > 0xdbff) continue;
    const next = text.charCodeAt(index + 1);
    if (next >= 0xdc00 && next <= 0xdfff) {
      count -= 1;
      index += 1;
    }
  }
  return count;
}

/**
 * Text that came from the plan, unable to drive the terminal: control characters (an escape
 * sequence in a resource key or an action reason could clear the screen or hide lines) become
 * U+FFFD. Tabs stay; line breaks are split into lines by the caller.
 */
function inert(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '\ufffd');
}
