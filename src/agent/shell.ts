/**
 * Just enough of a POSIX shell's grammar to see which programs a command line runs, with which
 * words: quotes, escapes, command separators, subshells, redirections and substitutions. It never
 * expands anything: a word whose value depends on the environment (`$VAR`, `$(...)`, globs)
 * is marked `dynamic`, so callers can say "not sure" instead of guessing.
 */

export interface Word {
  /** The word with quotes and escapes removed. */
  text: string;
  /** True when part of it is only known when the shell runs (a parameter, a substitution). */
  dynamic: boolean;
}

/** One simple command: the words a program is started with, in the order written. */
export type SimpleCommand = Word[];

export interface ParsedLine {
  /** Simple commands in order. A separator (`;`, `&&`, `(`...) starts a new one. */
  commands: SimpleCommand[];
  /** For each command, how many subshell parentheses enclose it (a `cd` inside ends with them). */
  subshellDepths: number[];
  /**
   * For each command, whether it runs in a process of its own: a stage of a pipeline (`a | b`) or
   * in the background (`a &`). A `cd` or `export` there changes nothing for what follows.
   */
  forked: boolean[];
  /** For each command, the files its output redirections write (`> main.tf`, `>> x`, `&> log`). */
  writes: string[][];
  /** For each command, the file its standard input is redirected from (`< script.sh`), or null. */
  stdinFiles: (Word | null)[];
  /** For each command, whether its standard input is the output of the command before it (`a | b`). */
  pipedIn: boolean[];
  /**
   * For each command, the operator that joins it to the one before: `&&` or `||` (it runs only
   * if the one before succeeded or failed), or '' for any other separator.
   */
  joinedBy: ('&&' | '||' | '')[];
  /** For each command, how many `{ ... }` groups (brace groups, function bodies) enclose it. */
  braceDepths: number[];
  /**
   * For each command, the name of the shell function it defines (`name() …`, `function name …`),
   * whose body is the `{ … }` or `( … )` after it; null for any other command.
   */
  functionNames: (string | null)[];
  /** Command substitutions (`$(...)`, backticks) and process substitutions: they run too. */
  substitutions: string[];
  /** Why the parse may be incomplete (an unclosed quote); null when the line was read whole. */
  incomplete: string | null;
  /**
   * Set when the line has more commands or words than are read (MAX_COMMANDS, MAX_WORDS): what
   * it has, in words. The parse stops there, so what comes after is not known at all.
   */
  tooLong: string | null;
}

/**
 * How many simple commands, and words, one line is read for. A command an agent runs has a few
 * dozen; a line past these is not read on (its reading would outlast the harness's time for the
 * hook), and is asked about as a line that cannot be read.
 */
export const MAX_COMMANDS = 10_000;
export const MAX_WORDS = 100_000;
/** How deep subshells and `{ }` groups nest in a line that is read (each level is a scope of its own). */
export const MAX_NESTING = 1000;
/** How many pieces (a quoted string, an escape, a `$NAME`, a run of plain characters) the words of one line are read in. */
export const MAX_PIECES = 1_000_000;

/** Characters that are part of a word wherever they stand (none of the grammar's), read as a run. */
const ORDINARY = characterSet('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.,:=@%+~^/-', true);

const SEPARATORS = new Set([';', '&', '|', '(', ')', '\n', '{', '}', '!']);

export function parseCommandLine(line: string): ParsedLine {
  const commands: SimpleCommand[] = [];
  const subshellDepths: number[] = [];
  const forked: boolean[] = [];
  const writes: string[][] = [];
  const stdinFiles: (Word | null)[] = [];
  const pipedIn: boolean[] = [];
  const joinedBy: ('&&' | '||' | '')[] = [];
  const braceDepths: number[] = [];
  const functionNames: (string | null)[] = [];
  let definesFunction = false;
  let joiner: '&&' | '||' | '' = '';
  let braceDepth = 0;
  // The characters of the current word written outside quotes: globs and braces among them expand.
  let unquoted = '';
  let currentWrites: string[] = [];
  let currentStdin: Word | null = null;
  let pipedFromPrevious = false;
  let subshellDepth = 0;
  const substitutions: string[] = [];
  let incomplete: string | null = null;
  let tooLong: string | null = null;
  let wordCount = 0;
  // Pieces left to read: the words' own, and those within double quotes and `$'...'`.
  const budget = { pieces: MAX_PIECES };
  let current: SimpleCommand = [];
  let word: Word | null = null;
  // The current word's pieces, joined when it is read: a word of a great many pieces (`$a$a$a…`)
  // is joined once, not copied or chained piece by piece.
  let pieces: string[] = [];
  let unquotedPieces: string[] = [];
  /** The current word with its pieces joined (null when there is none). */
  const currentWord = (): Word | null => {
    if (word !== null && pieces.length > 0) {
      word.text += pieces.join('');
      unquoted += unquotedPieces.join('');
      pieces = [];
      unquotedPieces = [];
    }
    return word;
  };
  // The target of a redirection is a file, not an argument: 'in' for `<`, 'out' when it is
  // written, 'heredoc' for a here-document's delimiter or a here-string.
  let redirectTarget: 'in' | 'out' | 'heredoc' | null = null;

  const endWord = (): void => {
    const word = currentWord();
    if (word === null) return;
    // Globs (`destro?`, `*.tf`, `a[0]`) and brace expansion (`{destroy,-auto-approve}`) written
    // outside quotes: what the word becomes is only known when the shell runs.
    if (/[*?]|\[[^\]]*\]|\{[^{}]*(?:,|\.\.)[^{}]*\}/.test(unquoted)) word.dynamic = true;
    unquoted = '';
    if (redirectTarget === 'out') currentWrites.push(word.dynamic ? `${word.text} (only known when the shell runs)` : word.text);
    if (redirectTarget === 'in') currentStdin = word;
    if (redirectTarget !== null) redirectTarget = null;
    else current.push(word);
    clearWord();
    if (++wordCount > MAX_WORDS) tooLong ??= `more than ${MAX_WORDS.toLocaleString('en-US')} words`;
  };
  const endCommand = (runsForked = false): void => {
    endWord();
    if (current.length > 0 || currentWrites.length > 0) {
      commands.push(current);
      subshellDepths.push(subshellDepth);
      forked.push(runsForked || pipedFromPrevious);
      writes.push(currentWrites);
      stdinFiles.push(currentStdin);
      pipedIn.push(pipedFromPrevious);
      joinedBy.push(joiner);
      braceDepths.push(braceDepth);
      const [first, second] = current;
      // `name()` (read below) or `function name`: the name is the last word.
      const named = definesFunction || (current.length === 2 && first!.text === 'function' && !first!.dynamic);
      functionNames.push(named && current.length > 0 && !current[current.length - 1]!.dynamic ? (second ?? first)!.text : null);
      if (commands.length > MAX_COMMANDS) tooLong ??= `more than ${MAX_COMMANDS.toLocaleString('en-US')} commands`;
      // Kept past an empty one: after `a ||` or `a |` a newline, `(`, `{` or `!` continues the list (`a ||⏎ export X=v && b`).
      joiner = '';
      pipedFromPrevious = false;
    }
    definesFunction = false;
    current = [];
    currentWrites = [];
    currentStdin = null;
  };
  const clearWord = (): void => {
    word = null;
  };
  const append = (text: string, dynamic = false, quoted = true): void => {
    word ??= { text: '', dynamic: false };
    if (--budget.pieces < 0) tooLong ??= `more than ${MAX_PIECES.toLocaleString('en-US')} quoted, escaped or expanded pieces of words`;
    pieces.push(text);
    unquotedPieces.push(quoted ? ' ' : text);
    if (dynamic) word.dynamic = true;
  };

  let i = 0;
  while (i < line.length && tooLong === null) {
    const char = line[i]!;
    if (char === '\\') {
      if (line[i + 1] === '\n') i += 2; // a line continuation
      else {
        append(line[i + 1] ?? '');
        i += 2;
      }
      continue;
    }
    if (char === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) {
        incomplete = 'an unclosed single quote';
        append(line.slice(i + 1));
        break;
      }
      append(line.slice(i + 1, end));
      i = end + 1;
      continue;
    }
    if (char === '"') {
      const read = readDoubleQuoted(line, i + 1, substitutions, budget);
      append(read.text, read.dynamic);
      if (read.end < 0) {
        incomplete = 'an unclosed double quote';
        break;
      }
      i = read.end + 1;
      continue;
    }
    if (char === '$' && line[i + 1] === "'") {
      // ANSI-C quoting: backslash escapes inside, `\'` among them.
      const read = readAnsiC(line, i + 2, budget);
      append(read.text);
      if (read.end < 0) {
        incomplete = 'an unclosed $\'...\' string';
        break;
      }
      i = read.end + 1;
      continue;
    }
    if (char === '$' || char === '`') {
      const read = readDollarOrBacktick(line, i, substitutions);
      append(read.text, true);
      if (read.end < 0) {
        incomplete = 'an unclosed substitution';
        break;
      }
      i = read.end;
      continue;
    }
    if ((char === '<' || char === '>') && line[i + 1] === '(') {
      // Process substitution: its body runs.
      const end = matchingParen(line, i + 1);
      substitutions.push(line.slice(i + 2, end < 0 ? line.length : end));
      append('/dev/fd/63', true);
      if (end < 0) {
        incomplete = 'an unclosed process substitution';
        break;
      }
      i = end + 1;
      continue;
    }
    if (char === '#' && word === null) {
      const end = line.indexOf('\n', i);
      i = end < 0 ? line.length : end;
      continue;
    }
    if (char === ' ' || char === '\t') {
      endWord();
      i++;
      continue;
    }
    if (char === '<' || char === '>') {
      // A redirection: a file descriptor number written just before it belongs to it.
      const pending = currentWord();
      if (pending !== null && /^\d+$/.test(pending.text) && !pending.dynamic) {
        clearWord();
        unquoted = '';
      }
      else endWord();
      const start = i;
      i++;
      while (line[i] === '<' || line[i] === '>' || line[i] === '&' || line[i] === '|') i++;
      if (/^\d|^-/.test(line[i] ?? '') && line[i - 1] === '&') {
        while (/[\d-]/.test(line[i] ?? '')) i++; // 2>&1, >&-
      } else if (line.startsWith('<<', start)) {
        redirectTarget = 'heredoc'; // a here-document's delimiter (its body is not read here)
      } else redirectTarget = line.slice(start, i).includes('>') ? 'out' : 'in';
      while (line[i] === ' ' || line[i] === '\t') i++;
      continue;
    }
    if (char === '&' && line[i + 1] === '>') {
      endWord();
      i += 2;
      if (line[i] === '>') i++;
      redirectTarget = 'out';
      while (line[i] === ' ' || line[i] === '\t') i++;
      continue;
    }
    if (char === '|' || char === '&') {
      // `||` and `&&` join commands of this shell; `|` (and `|&`) forks each stage, `&` the one before it.
      if (line[i + 1] === char) {
        endCommand();
        joiner = char === '&' ? '&&' : '||';
        i += 2;
      } else {
        endCommand(true);
        pipedFromPrevious = char === '|';
        i += char === '|' && line[i + 1] === '&' ? 2 : 1;
      }
      redirectTarget = null;
      continue;
    }
    if (char === '(') {
      // `name()`, `name ()`, `function name()`: a function definition, not a subshell.
      const close = /^[ \t]*\)/.exec(line.slice(i + 1));
      const pending = currentWord();
      const names = pending === null ? current : [...current, pending];
      if (close !== null && (names.length === 1 || (names.length === 2 && names[0]!.text === 'function'))) {
        definesFunction = true;
        endCommand();
        i += 1 + close[0].length;
        continue;
      }
    }
    if (SEPARATORS.has(char)) {
      // `{`, `}` and `!` are separators only as words of their own.
      if ((char === '{' || char === '}' || char === '!') && (word !== null || !/[\s;]|^$/.test(line[i + 1] ?? ''))) {
        append(char, false, false);
        i++;
        continue;
      }
      endCommand();
      if (char === '(') subshellDepth++;
      if (subshellDepth + braceDepth >= MAX_NESTING) tooLong ??= `subshells and { } groups nested more than ${MAX_NESTING.toLocaleString('en-US')} deep`;
      if (char === ')') subshellDepth = Math.max(0, subshellDepth - 1);
      if (char === '{') braceDepth++;
      if (char === '}') braceDepth = Math.max(0, braceDepth - 1);
      redirectTarget = null;
      i++;
      continue;
    }
    // A run of characters no rule above reads, at once.
    const text = runAt(ORDINARY, line, i) ?? char;
    append(text, false, false);
    i += text.length;
  }
  endCommand();
  if (tooLong !== null) incomplete = tooLong;
  return { commands, subshellDepths, forked, writes, stdinFiles, pipedIn, joinedBy, braceDepths, functionNames, substitutions, incomplete, tooLong };
}

const ANSI_C_ESCAPES: Record<string, string> = { a: '\x07', b: '\b', e: '\x1b', E: '\x1b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', "'": "'", '"': '"', '?': '?' };

/** Bash's numeric escapes in `$'...'`: \NNN octal, \xHH, \uHHHH, \UHHHHHHHH, and \cX (control-X). */
const ANSI_C_NUMERIC = /^(?:([0-7]{1,3})|x([0-9a-fA-F]{1,2})|u([0-9a-fA-F]{1,4})|U([0-9a-fA-F]{1,8})|c(.))/;

/** Which ASCII characters a run holds: those listed (`listed` true), or every character but those listed. */
interface CharacterSet {
  ascii: Uint8Array;
  beyondAscii: boolean;
}

function characterSet(characters: string, listed: boolean): CharacterSet {
  const ascii = new Uint8Array(128).fill(listed ? 0 : 1);
  for (let k = 0; k < characters.length; k++) ascii[characters.charCodeAt(k)] = listed ? 1 : 0;
  return { ascii, beyondAscii: !listed };
}

/**
 * The run of characters of `set` at `at`, or null. Scanned, not matched by a regular expression:
 * V8 runs a pattern's first executions in its regexp interpreter, whose backtracking stack
 * overflowed on a run of 5,000,000 characters ("Maximum call stack size exceeded").
 */
function runAt(set: CharacterSet, line: string, at: number): string | null {
  let end = at;
  for (; end < line.length; end++) {
    const code = line.charCodeAt(end);
    if (code < 128 ? set.ascii[code] === 0 : !set.beyondAscii) break;
  }
  return end === at ? null : line.slice(at, end);
}

/** What is left of a line's MAX_PIECES: a quoted string stops being read once it is spent. */
interface PieceBudget {
  pieces: number;
}

/** Characters that mean nothing inside `$'...'`. */
const ANSI_C_RUN = characterSet("'\\", false);

/** The text of a `$'...'` string whose body starts at `start`, and the index of its closing quote (-1 if none, or when `budget` ran out). */
function readAnsiC(line: string, start: number, budget: PieceBudget): { text: string; end: number } {
  let text = '';
  let i = start;
  while (i < line.length) {
    const char = line[i]!;
    if (char === "'") return { text, end: i };
    if (--budget.pieces < 0) return { text, end: -1 };
    const run = runAt(ANSI_C_RUN, line, i);
    if (run !== null) {
      text += run;
      i += run.length;
      continue;
    }
    if (char === '\\' && i + 1 < line.length) {
      const numeric = ANSI_C_NUMERIC.exec(line.slice(i + 1, i + 11));
      if (numeric) {
        const [whole, octal, ...rest] = numeric;
        const hex = rest[0] ?? rest[1] ?? rest[2];
        const code = octal !== undefined ? parseInt(octal, 8) : hex !== undefined ? parseInt(hex, 16) : (rest[3] ?? '@').toUpperCase().charCodeAt(0) ^ 0x40;
        text += code <= 0x10ffff ? String.fromCodePoint(code) : '';
        i += 1 + whole.length;
        continue;
      }
      const next = line[i + 1]!;
      text += ANSI_C_ESCAPES[next] ?? `\\${next}`;
      i += 2;
      continue;
    }
    text += char;
    i++;
  }
  return { text, end: -1 };
}

/** Characters that mean nothing inside double quotes. */
const QUOTED_RUN = characterSet('"\\$`', false);

/** A double-quoted string whose body starts at `start`: its text, and the index of its closing quote (-1 if none, or when `budget` ran out). */
function readDoubleQuoted(line: string, start: number, substitutions: string[], budget: PieceBudget): { text: string; dynamic: boolean; end: number } {
  let text = '';
  let dynamic = false;
  let i = start;
  while (i < line.length) {
    const char = line[i]!;
    if (char === '"') return { text, dynamic, end: i };
    if (--budget.pieces < 0) return { text, dynamic, end: -1 };
    const run = runAt(QUOTED_RUN, line, i);
    if (run !== null) {
      // Characters with no meaning inside double quotes, at once.
      text += run;
      i += run.length;
      continue;
    }
    if (char === '\\' && '"\\$`\n'.includes(line[i + 1] ?? '')) {
      if (line[i + 1] !== '\n') text += line[i + 1];
      i += 2;
      continue;
    }
    if (char === '$' || char === '`') {
      const read = readDollarOrBacktick(line, i, substitutions);
      text += read.text;
      dynamic = true;
      if (read.end < 0) return { text, dynamic, end: -1 };
      i = read.end;
      continue;
    }
    text += char;
    i++;
  }
  return { text, dynamic, end: -1 };
}

/**
 * `$NAME`, `${...}`, `$(...)`, `$((...))` or a backtick substitution starting at `start`. Returns
 * a placeholder text (the source as written) and the index after it; -1 when unclosed.
 */
function readDollarOrBacktick(line: string, start: number, substitutions: string[]): { text: string; end: number } {
  if (line[start] === '`') {
    let i = start + 1;
    while (i < line.length && line[i] !== '`') i += line[i] === '\\' ? 2 : 1;
    if (i >= line.length) {
      substitutions.push(line.slice(start + 1));
      return { text: line.slice(start), end: -1 };
    }
    substitutions.push(line.slice(start + 1, i));
    return { text: line.slice(start, i + 1), end: i + 1 };
  }
  const next = line[start + 1];
  if (next === '(') {
    const end = matchingParen(line, start + 1);
    const arithmetic = line[start + 2] === '(';
    if (!arithmetic) substitutions.push(line.slice(start + 2, end < 0 ? line.length : end));
    return end < 0 ? { text: line.slice(start), end: -1 } : { text: line.slice(start, end + 1), end: end + 1 };
  }
  if (next === '{') {
    const end = line.indexOf('}', start + 2);
    return end < 0 ? { text: line.slice(start), end: -1 } : { text: line.slice(start, end + 1), end: end + 1 };
  }
  const name = /^[A-Za-z_][A-Za-z0-9_]*|^[0-9@*#?$!-]/.exec(line.slice(start + 1));
  if (!name) return { text: '$', end: start + 1 };
  return { text: line.slice(start, start + 1 + name[0].length), end: start + 1 + name[0].length };
}

/** Index of the `)` closing the `(` at `open`, skipping quotes and nested parentheses; -1 if none. */
function matchingParen(line: string, open: number): number {
  let depth = 0;
  for (let i = open; i < line.length; i++) {
    const char = line[i];
    if (char === '\\') i++;
    else if (char === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) return -1;
      i = end;
    } else if (char === '"') {
      let j = i + 1;
      while (j < line.length && line[j] !== '"') j += line[j] === '\\' ? 2 : 1;
      i = j;
    } else if (char === '(') depth++;
    else if (char === ')' && --depth === 0) return i;
  }
  return -1;
}

/**
 * Words appended to a shell line as a program appends its arguments to a script it runs (npm to
 * a package script, git to a `!` alias): each quoted so the shell reads it back as the same word.
 * A word only known when it runs is appended as `"$@"`, which the guard reads as just that.
 */
export function appendArguments(line: string, args: readonly Word[]): string {
  if (args.length === 0) return line;
  const quoted = args.some((word) => word.dynamic) ? '"$@"' : args.map((word) => quoteWord(word.text)).join(' ');
  return `${line} ${quoted}`;
}

/** A word quoted so that the shell reads it back as exactly that word. */
export function quoteWord(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}
