/**
 * Cutting a report to a surface's limit by design: whole blocks, never lines. The report is a
 * series of top-level blocks (separated by blank lines outside any `<details>`); plan headings,
 * plan lines and plan-wide findings are always kept, resource blocks are kept in order (worst
 * first) while they fit, and the note counts the resources left out, not lines. Every `<details>`
 * stays balanced because a block is kept or dropped whole.
 */
import { count } from './words.js';

export interface FitOptions {
  /** "a comment", "the check summary": what the note says the report is too long for. */
  surface: string;
  /** Where the complete report is, in markdown ("the [job summary](…)"). */
  where: string;
  /** How the limit is counted: GitHub counts a comment in characters, a check summary in bytes. */
  measure?: 'characters' | 'bytes';
}

/** How the fold of a plan's changes without findings starts its summary: the first fold to leave out, and it stops nothing. */
export const OTHER_CHANGES_TITLE = 'Other changes';
const OTHER_CHANGES_BLOCK = `<details>\n<summary>${OTHER_CHANGES_TITLE} `;

/** The one-line `<summary>` of a resource block: its severity icon, its action, and for a group its size. */
const RESOURCE_SUMMARY = /^\s*<details><summary>(?:🔴|🟠|🟡|🔵|⚪) <b>[^<]*<\/b> (?:([\d,]+) × )?/;

export function sizeOf(text: string, measure: FitOptions['measure'] = 'characters'): number {
  return measure === 'bytes' ? Buffer.byteLength(text, 'utf8') : text.length;
}

/** The body, whole when it fits the budget; otherwise cut at block boundaries with a note. */
export function fitReport(body: string, budget: number, options: FitOptions): string {
  const size = (text: string) => sizeOf(text, options.measure);
  if (size(body) <= budget) return body;
  const blocks = topLevelBlocks(body);
  const total = blocks.reduce((sum, block) => sum + resourcesIn(block), 0);
  const othersLeftOut = ' The other changes (without findings) are left out too.';
  const note = (shown: number, others = true) =>
    `> [!NOTE]\n> This report is too long for ${options.surface}: ${count(shown)} of ${count(total)} resources with findings are shown.${others ? othersLeftOut : ''} The complete report is in ${options.where}.`;
  const essential = blocks.filter((block) => !isDroppable(block));
  let room = budget - size(note(total)) - 2 - essential.reduce((sum, block) => sum + size(block) + 2, 0);
  if (room < 0) return cutLines(body, budget, options);
  let dropping = false;
  let shown = 0;
  let othersDropped = false;
  const kept: string[] = [];
  for (const block of blocks) {
    if (!isDroppable(block)) {
      kept.push(block);
      continue;
    }
    if (block.startsWith(OTHER_CHANGES_BLOCK)) {
      // The least a reviewer needs: left out when it does not fit, without cutting what follows.
      if (!dropping && size(block) + 2 <= room) {
        kept.push(block);
        room -= size(block) + 2;
      } else othersDropped = true;
      continue;
    }
    if (!dropping && size(block) + 2 <= room) {
      kept.push(block);
      room -= size(block) + 2;
      shown += resourcesIn(block);
    } else {
      // A fold of resource blocks (those below the threshold) that does not fit whole keeps the
      // first of them that do: dropped whole, it left a long plan's reviewers none of them.
      const cut = dropping ? null : foldCutToFit(block, room - 2, size);
      if (cut !== null) {
        kept.push(cut);
        shown += resourcesIn(cut);
      }
      // Past the first block that does not fit, nothing more is kept: the order is the reading order.
      dropping = true;
    }
  }
  return [...kept, note(shown, othersDropped)].join('\n\n');
}

/** Blocks separated by blank lines that are outside every `<details>`. */
export function topLevelBlocks(body: string): string[] {
  const blocks: string[] = [];
  let current: string[] = [];
  let depth = 0;
  for (const line of body.split('\n')) {
    if (line.trim() === '' && depth === 0) {
      if (current.length > 0) blocks.push(current.join('\n'));
      current = [];
      continue;
    }
    current.push(line);
    depth = Math.max(0, depth + detailsDepthChange(line));
  }
  if (current.length > 0) blocks.push(current.join('\n'));
  return blocks;
}

/**
 * A fold as markdown.ts `folded` writes it (`<details>`, its summary, a blank line, its blocks, a
 * blank line, `</details>`) with only as many of its blocks, from the first, as fit in `room`;
 * null when not even the first one does, or the block is not such a fold.
 */
function foldCutToFit(block: string, room: number, size: (text: string) => number): string | null {
  const lines = block.split('\n');
  const summary = lines[1] ?? '';
  if (lines.length < 6 || lines[0] !== '<details>' || !summary.startsWith('<summary>') || !summary.endsWith('</summary>') || lines[2] !== '' || lines.at(-1) !== '</details>' || lines.at(-2) !== '') return null;
  // The summary says how many of its resources are shown in it: room is kept for the longest count.
  const shownIn = (resources: number) => `${summary.slice(0, -'</summary>'.length)} (the first ${count(resources)} shown here)</summary>`;
  const tail = '\n\n</details>';
  let left = room - size(`<details>\n${shownIn(resourcesIn(block))}\n\n`) - size(tail);
  const inner: string[] = [];
  for (const innerBlock of topLevelBlocks(lines.slice(3, -2).join('\n'))) {
    const cost = size(innerBlock) + (inner.length > 0 ? 2 : 0);
    if (cost > left) break;
    inner.push(innerBlock);
    left -= cost;
  }
  // Each kept block closes every fold it opens: otherwise it is not cut here at all.
  if (inner.length === 0 || inner.some((innerBlock) => innerBlock.split('\n').reduce((depth, line) => depth + detailsDepthChange(line), 0) !== 0)) return null;
  const kept = inner.join('\n\n');
  return `<details>\n${shownIn(resourcesIn(kept))}\n\n${kept}${tail}`;
}

/**
 * How many folds a line opens less how many it closes: its `<details>` and `</details>` tags,
 * outside code spans. Inside one (an address in backticks: `aws_sg.x["</details>"]`) a tag is
 * text GitHub shows as it is, and counted it made a resource look like the end of its fold.
 */
export function detailsDepthChange(line: string): number {
  let change = 0;
  for (let at = 0; at < line.length; ) {
    if (line.charCodeAt(at) === 0x60) {
      // A code span: a run of backticks, closed by the next run of exactly as many (CommonMark 6.1).
      let run = at;
      while (line.charCodeAt(run) === 0x60) run++;
      const fence = line.slice(at, run);
      let close = line.indexOf(fence, run);
      while (close >= 0 && (line.charCodeAt(close + fence.length) === 0x60 || line.charCodeAt(close - 1) === 0x60)) {
        let end = close;
        while (line.charCodeAt(end) === 0x60) end++;
        close = line.indexOf(fence, end);
      }
      at = close < 0 ? run : close + fence.length;
      continue;
    }
    if (line.startsWith('<details>', at)) {
      change++;
      at += '<details>'.length;
    } else if (line.startsWith('</details>', at)) {
      change--;
      at += '</details>'.length;
    } else at++;
  }
  return change;
}

/** A fold (resources, findings below the threshold, suppressed ones) may be left out; text may not. */
function isDroppable(block: string): boolean {
  return block.startsWith('<details>');
}

function resourcesIn(block: string): number {
  let resources = 0;
  for (const line of block.split('\n')) {
    const match = RESOURCE_SUMMARY.exec(line);
    if (match) resources += match[1] ? Number(match[1].replace(/,/g, '')) : 1;
  }
  return resources;
}

/**
 * The last resort, when even the plan-wide text does not fit: cut at a line, close the folds
 * left open, and say so.
 */
function cutLines(body: string, budget: number, options: FitOptions): string {
  const size = (text: string) => sizeOf(text, options.measure);
  const lines = body.split('\n');
  const note = (shown: number) =>
    `\n\n> [!NOTE]\n> This report is too long for ${options.surface}: it is cut after ${shown.toLocaleString('en-US')} of its ${lines.length.toLocaleString('en-US')} lines. The complete report is in ${options.where}.`;
  const reserve = size(note(lines.length));
  const kept: string[] = [];
  let used = 0;
  let open = 0;
  for (const line of lines) {
    // The closers of the folds left open once this line is kept, its own included (audit 24 F2).
    const openAfter = Math.max(0, open + detailsDepthChange(line));
    const closing = '\n</details>'.length * openAfter + 1;
    if (used + size(line) + 1 + reserve + closing > budget) break;
    kept.push(line);
    used += size(line) + 1;
    open = openAfter;
  }
  const closers = Array.from({ length: open }, () => '\n</details>').join('');
  return `${kept.join('\n')}${open > 0 ? '\n' : ''}${closers}${note(kept.length)}`;
}
