import { createRequire as __tfpgCreateRequire } from 'node:module';
const require = __tfpgCreateRequire(import.meta.url);

// src/plan/element-worker.ts
import { readSync } from "node:fs";
import { isMainThread, parentPort, workerData } from "node:worker_threads";

// src/plan/load-scan.ts
var RawJson = class {
  /**
   * @param fields for an object, per field in order: key start, key end (quotes included),
   * whether the key is plain ASCII without escapes (1 or 0), value start, value end; offsets into
   * `bytes`. Null when the value is not an object.
   */
  constructor(bytes, fields = null) {
    this.bytes = bytes;
    this.fields = fields;
  }
  bytes;
  fields;
  /** The value, parsed whole (the scan that captured the bytes checked them). */
  parse() {
    return JSON.parse(decodeUtf8(this.bytes));
  }
  get isObject() {
    return this.fields !== null;
  }
  /**
   * An object of only the named fields the value has, each parsed (as JSON.parse would give
   * them: the last of duplicate keys wins). Only for an object (isObject).
   */
  parseFields(names) {
    const picked = {};
    for (const name of names) {
      const at = this.lastField(name);
      if (at >= 0) setOwn(picked, name, JSON.parse(decodeUtf8(this.bytes.subarray(this.fields[at + 3], this.fields[at + 4]))));
    }
    return picked;
  }
  /** Where the last field named `name` is described in `fields`, or -1. */
  lastField(name) {
    const fields = this.fields;
    const bytes = this.bytes;
    let encoded = null;
    for (let at = fields.length - 5; at >= 0; at -= 5) {
      const keyStart = fields[at] + 1;
      const keyEnd = fields[at + 1] - 1;
      if (fields[at + 2] === 0) {
        if (JSON.parse(decodeUtf8(bytes.subarray(keyStart - 1, keyEnd + 1))) === name) return at;
        continue;
      }
      encoded ??= Buffer.from(name, "utf8");
      if (keyEnd - keyStart === encoded.length && encoded.equals(bytes.subarray(keyStart, keyEnd))) return at;
    }
    return -1;
  }
};
var MAX_BUILT_DEPTH = 1e3;
var LITERAL_WORDS = [Buffer.from("true"), Buffer.from("false"), Buffer.from("null")];
var SIMPLE_ESCAPE = new Uint8Array(256).map((_, byte) => [34, 92, 47, 98, 102, 110, 114, 116].includes(byte) ? 1 : 0);
var STRING_STOP = new Uint8Array(256).map((_, byte) => byte === 34 || byte === 92 || byte < 32 || byte >= 128 ? 1 : 0);
var utf8 = new TextDecoder("utf-8", { ignoreBOM: true });
function decodeUtf8(bytes) {
  return (Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)).toString("utf8");
}
var ELEMENT_BOUNDARY = Buffer.from("},{");
var LIST_CLOSE_THEN_KEY = Buffer.from("],");
function readElementBytes(bytes) {
  const text = decodeUtf8(bytes);
  if (text.includes("\n") || text.includes("�")) return null;
  let value;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  return nestsDeeperThan(value, MAX_BUILT_DEPTH) ? null : { value, units: text.length };
}
function nestsDeeperThan(value, limit) {
  if (value === null || typeof value !== "object") return false;
  if (limit === 0) return true;
  if (Array.isArray(value)) {
    for (const item of value) if (item !== null && typeof item === "object" && nestsDeeperThan(item, limit - 1)) return true;
    return false;
  }
  for (const key in value) {
    const item = value[key];
    if (item !== null && typeof item === "object" && nestsDeeperThan(item, limit - 1)) return true;
  }
  return false;
}
function setOwn(target, key, value) {
  if (key === "__proto__") Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

// node_modules/balanced-match/dist/esm/index.js
var range = (a, b, str) => {
  let begs, beg, left, right = void 0, result;
  let ai = str.indexOf(a);
  let bi = str.indexOf(b, ai + 1);
  let i = ai;
  if (ai >= 0 && bi > 0) {
    if (a === b) {
      return [ai, bi];
    }
    begs = [];
    left = str.length;
    while (i >= 0 && !result) {
      if (i === ai) {
        begs.push(i);
        ai = str.indexOf(a, i + 1);
      } else if (begs.length === 1) {
        const r = begs.pop();
        if (r !== void 0)
          result = [r, bi];
      } else {
        beg = begs.pop();
        if (beg !== void 0 && beg < left) {
          left = beg;
          right = bi;
        }
        bi = str.indexOf(b, i + 1);
      }
      i = ai < bi && ai >= 0 ? ai : bi;
    }
    if (begs.length && right !== void 0) {
      result = [left, right];
    }
  }
  return result;
};

// node_modules/brace-expansion/dist/esm/index.js
var escSlash = "\0SLASH" + Math.random().toFixed(16) + "\0";
var escOpen = "\0OPEN" + Math.random().toFixed(16) + "\0";
var escClose = "\0CLOSE" + Math.random().toFixed(16) + "\0";
var escComma = "\0COMMA" + Math.random().toFixed(16) + "\0";
var escPeriod = "\0PERIOD" + Math.random().toFixed(16) + "\0";
var escSlashPattern = new RegExp(escSlash, "g");
var escOpenPattern = new RegExp(escOpen, "g");
var escClosePattern = new RegExp(escClose, "g");
var escCommaPattern = new RegExp(escComma, "g");
var escPeriodPattern = new RegExp(escPeriod, "g");
var slashPattern = /\\\\/g;
var openPattern = /\\{/g;
var closePattern = /\\}/g;
var commaPattern = /\\,/g;
var periodPattern = /\\\./g;
var EXPANSION_MAX = 1e5;
var EXPANSION_MAX_LENGTH = 4e6;
var EXPANSION_MAX_DEPTH = 1e3;
var EXPANSION_MAX_REWRITES = 1e3;
var EXPANSION_MAX_STEPS = 2e7;
var CALL_STEPS = 16;
function numeric(str) {
  return !isNaN(str) ? parseInt(str, 10) : str.charCodeAt(0);
}
function escapeBraces(str) {
  return str.replace(slashPattern, escSlash).replace(openPattern, escOpen).replace(closePattern, escClose).replace(commaPattern, escComma).replace(periodPattern, escPeriod);
}
function unescapeBraces(str) {
  return str.replace(escSlashPattern, "\\").replace(escOpenPattern, "{").replace(escClosePattern, "}").replace(escCommaPattern, ",").replace(escPeriodPattern, ".");
}
function pushAll(target, items) {
  for (let i = 0; i < items.length; i++) {
    target.push(items[i]);
  }
}
function balancedWithBudget(str, masked, budget) {
  if (budget.remaining < 0) {
    return void 0;
  }
  const r = range("{", "}", masked);
  const unmatched = r !== void 0 && masked.indexOf("{") < r[0];
  budget.remaining -= r && !unmatched ? r[1] + 1 : str.length;
  if (!r || budget.remaining < 0) {
    return void 0;
  }
  return {
    end: r[1],
    pre: str.slice(0, r[0]),
    body: str.slice(r[0] + 1, r[1]),
    post: str.slice(r[1] + 1),
    unmatched
  };
}
function maskUnmatchedOpens(masked, budget) {
  budget.remaining -= masked.length;
  const open = [];
  for (let i = 0; i < masked.length; i++) {
    const c = masked.charCodeAt(i);
    if (c === 123) {
      open.push(i);
    } else if (c === 125 && open.length) {
      open.pop();
    }
  }
  let out = "";
  let last = 0;
  for (let i = 0; i < open.length; i++) {
    const at = open[i];
    out += masked.slice(last, at) + "\0";
    last = at + 1;
  }
  return out + masked.slice(last);
}
function commaSetFollows(str, budget) {
  budget.remaining -= str.length;
  if (budget.remaining < 0) {
    return false;
  }
  let close = false;
  for (let i = str.length - 1; i >= 0; i--) {
    const c = str.charCodeAt(i);
    if (c === 125) {
      close = true;
    } else if (c === 10 || c === 13 || c === 8232 || c === 8233) {
      close = false;
    } else if (c === 44 && close && str.charCodeAt(i + 1) !== 44) {
      return true;
    }
  }
  return false;
}
function parseCommaParts(str, budget) {
  const parts = [];
  let carry = "";
  for (; ; ) {
    const m = balancedWithBudget(str, str, budget);
    if (budget.remaining < 0) {
      return void 0;
    }
    if (!m) {
      const tail = str.split(",");
      tail[0] = carry + tail[0];
      pushAll(parts, tail);
      return parts;
    }
    const { pre, body, post } = m;
    const p = pre.split(",");
    p[0] = carry + p[0];
    p[p.length - 1] += "{" + body + "}";
    if (!post.length) {
      pushAll(parts, p);
      return parts;
    }
    carry = p.pop();
    pushAll(parts, p);
    str = post;
  }
}
function bound(value, fallback) {
  return value === void 0 || isNaN(value) ? fallback : value;
}
function expand(str, options = {}) {
  if (!str) {
    return [];
  }
  const max = bound(options.max, EXPANSION_MAX);
  const maxLength = bound(options.maxLength, EXPANSION_MAX_LENGTH);
  const maxDepth = bound(options.maxDepth, EXPANSION_MAX_DEPTH);
  const maxRewrites = bound(options.maxRewrites, EXPANSION_MAX_REWRITES);
  const maxSteps = bound(options.maxSteps, EXPANSION_MAX_STEPS);
  if (str.slice(0, 2) === "{}") {
    str = "\\{\\}" + str.slice(2);
  }
  return expand_(escapeBraces(str), max, maxLength, maxDepth, 0, maxRewrites, { remaining: maxSteps }, true).map(unescapeBraces);
}
function embrace(str) {
  return "{" + str + "}";
}
function isPadded(el) {
  return /^-?0\d/.test(el);
}
function lte(i, y) {
  return i <= y;
}
function gte(i, y) {
  return i >= y;
}
function combine(acc, pre, values, max, maxLength, dropEmpties, budget) {
  const out = [];
  let length = 0;
  let nonEmpty;
  outer: for (let a = 0; a < acc.length; a++) {
    const prefix2 = acc[a] + pre;
    let vs = values;
    if (dropEmpties && !prefix2) {
      if (!nonEmpty)
        nonEmpty = values.filter((v) => v);
      vs = nonEmpty;
    }
    for (let v = 0; v < vs.length; v++) {
      if (out.length >= max)
        break outer;
      const expansion = prefix2 + vs[v];
      if (length + expansion.length > maxLength)
        break outer;
      out.push(expansion);
      length += expansion.length;
    }
  }
  budget.remaining -= out.length;
  return out;
}
function expandSequence(body, isAlphaSequence, max, maxLength, budget) {
  const n = body.split(/\.\./);
  const N = [];
  if (n[0] === void 0 || n[1] === void 0) {
    return N;
  }
  const x = numeric(n[0]);
  const y = numeric(n[1]);
  const width = Math.max(n[0].length, n[1].length);
  let incr = n.length === 3 && n[2] !== void 0 ? Math.max(Math.abs(numeric(n[2])), 1) : 1;
  let test = lte;
  const reverse = y < x;
  if (reverse) {
    incr *= -1;
    test = gte;
  }
  const pad = n.some(isPadded);
  const cost = pad ? width : 1;
  let length = 0;
  for (let i = x; test(i, y) && N.length < max; i += incr) {
    budget.remaining -= cost;
    if (budget.remaining < 0) {
      return void 0;
    }
    let c;
    if (isAlphaSequence) {
      c = String.fromCharCode(i);
      if (c === "\\") {
        c = "";
      }
    } else {
      c = String(i);
      if (pad) {
        const need = width - c.length;
        if (need > 0) {
          const z = new Array(need + 1).join("0");
          if (i < 0) {
            c = "-" + z + c.slice(1);
          } else {
            c = z + c;
          }
        }
      }
    }
    if (length + c.length > maxLength)
      break;
    N.push(c);
    length += c.length;
  }
  return N;
}
function expand_(str, max, maxLength, maxDepth, depth, maxRewrites, budget, isTop) {
  budget.remaining -= CALL_STEPS;
  if (depth > maxDepth) {
    return [str];
  }
  let acc = [""];
  let rewrites = 0;
  let dropEmpties = false;
  let firstGroup = true;
  let masked = str;
  for (; ; ) {
    const m = balancedWithBudget(str, masked, budget);
    if (!m) {
      return combine(acc, str, [""], max, maxLength, dropEmpties, budget);
    }
    if (m.unmatched) {
      masked = maskUnmatchedOpens(masked, budget);
    }
    const pre = m.pre;
    const literal2 = () => combine(acc, pre + "{" + m.body + "}" + m.post, [""], max, maxLength, dropEmpties, budget);
    if (/\$$/.test(pre)) {
      acc = combine(acc, pre + "{" + m.body + "}", [""], max, maxLength, dropEmpties && !m.post.length, budget);
      firstGroup = false;
      if (!m.post.length)
        break;
      str = m.post;
      masked = masked.slice(m.end + 1);
      continue;
    }
    const isNumericSequence = /^-?\d+\.\.-?\d+(?:\.\.-?\d+)?$/.test(m.body);
    const isAlphaSequence = /^[a-zA-Z]\.\.[a-zA-Z](?:\.\.-?\d+)?$/.test(m.body);
    const isSequence = isNumericSequence || isAlphaSequence;
    const isOptions = m.body.indexOf(",") >= 0;
    if (!isSequence && !isOptions) {
      if (rewrites < maxRewrites && commaSetFollows(m.post, budget)) {
        rewrites++;
        str = m.pre + "{" + m.body + escClose + m.post;
        masked = masked.slice(0, m.end) + escClose + masked.slice(m.end + 1);
        isTop = true;
        continue;
      }
      return literal2();
    }
    if (firstGroup) {
      dropEmpties = isTop && !isSequence;
      firstGroup = false;
    }
    let values;
    if (isSequence) {
      values = expandSequence(m.body, isAlphaSequence, max, maxLength, budget);
      if (!values) {
        return literal2();
      }
    } else {
      let n = parseCommaParts(m.body, budget);
      if (!n) {
        return literal2();
      }
      if (n.length === 1 && n[0] !== void 0) {
        n = expand_(n[0], max, maxLength, maxDepth, depth + 1, maxRewrites, budget, false).map(embrace);
        if (budget.remaining < 0) {
          return literal2();
        }
        if (n.length === 1) {
          const next2 = combine(acc, pre + n[0], [""], max, maxLength, dropEmpties && !m.post.length, budget);
          if (budget.remaining < 0) {
            return literal2();
          }
          acc = next2;
          if (!m.post.length)
            break;
          str = m.post;
          masked = masked.slice(m.end + 1);
          continue;
        }
      }
      let dropsEmpties = dropEmpties && !m.post.length && !pre;
      for (let d = 0; dropsEmpties && d < acc.length; d++) {
        if (acc[d]) {
          dropsEmpties = false;
        }
      }
      values = [];
      let valuesLength = 0;
      outer: for (let j = 0; j < n.length; j++) {
        const expanded = expand_(n[j], max, maxLength, maxDepth, depth + 1, maxRewrites, budget, false);
        if (budget.remaining < 0) {
          return literal2();
        }
        for (let k = 0; k < expanded.length; k++) {
          const v = expanded[k];
          if (dropsEmpties && !v)
            continue;
          if (values.length >= max || valuesLength + v.length > maxLength) {
            break outer;
          }
          values.push(v);
          valuesLength += v.length;
        }
      }
    }
    const next = combine(acc, pre, values, max, maxLength, dropEmpties && !m.post.length, budget);
    if (budget.remaining < 0) {
      return literal2();
    }
    acc = next;
    if (!m.post.length)
      break;
    str = m.post;
    masked = masked.slice(m.end + 1);
  }
  return acc;
}

// node_modules/@isaacs/nonrecursive-glob-match/dist/esm/numeric-range.js
var digit = (a, b) => a === b ? { t: "lit", ch: String(a) } : { t: "class", re: new RegExp(`^[${a}-${b}]$`) };
var prefix = (d, alts) => alts.map((s) => [digit(d, d), ...s]);
var fixed = (a, b) => {
  if (!a)
    return [[]];
  let lo = +a[0];
  let hi = +b[0];
  const ra = a.slice(1);
  const rb = b.slice(1);
  if (lo === hi)
    return prefix(lo, fixed(ra, rb));
  const zeros = "0".repeat(ra.length);
  const nines = "9".repeat(ra.length);
  const out = [];
  if (ra !== zeros)
    out.push(...prefix(lo++, fixed(ra, nines)));
  const last = rb === nines ? [] : prefix(hi--, fixed(zeros, rb));
  if (lo <= hi) {
    out.push([digit(lo, hi), ...Array.from(ra, () => digit(0, 9))]);
  }
  out.push(...last);
  return out;
};
var nonneg = (a, b, width) => {
  if (width) {
    return fixed(String(a).padStart(width, "0"), String(b).padStart(width, "0"));
  }
  const out = [];
  for (let len = String(a).length; len <= String(b).length; len++) {
    const lo = Math.max(a, len === 1 ? 0 : 10 ** (len - 1));
    const hi = Math.min(b, 10 ** len - 1);
    out.push(...fixed(String(lo), String(hi)));
  }
  return out;
};
var numericRange = (loStr, hiStr) => {
  let lo = Number(loStr);
  let hi = Number(hiStr);
  if (!Number.isSafeInteger(lo) || !Number.isSafeInteger(hi))
    return;
  if (lo > hi)
    [lo, hi] = [hi, lo];
  const padded = /^-?0\d/.test(loStr) || /^-?0\d/.test(hiStr);
  const width = padded ? Math.max(loStr.length, hiStr.length) : 0;
  const out = [];
  if (lo < 0) {
    const neg = nonneg(Math.max(-hi, 1), -lo, width && width - 1);
    out.push(...neg.map((s) => [{ t: "lit", ch: "-" }, ...s]));
  }
  if (hi >= 0)
    out.push(...nonneg(Math.max(lo, 0), hi, width));
  return out;
};

// node_modules/@isaacs/nonrecursive-glob-match/dist/esm/parse-class.js
var posixClasses = {
  "[:alnum:]": ["\\p{L}\\p{Nl}\\p{Nd}"],
  "[:alpha:]": ["\\p{L}\\p{Nl}"],
  "[:ascii:]": ["\\x00-\\x7f"],
  "[:blank:]": ["\\p{Zs}\\t"],
  "[:cntrl:]": ["\\p{Cc}"],
  "[:digit:]": ["\\p{Nd}"],
  "[:graph:]": ["\\p{Z}\\p{C}", true],
  "[:lower:]": ["\\p{Ll}"],
  "[:print:]": ["\\p{C}", true],
  "[:punct:]": ["\\p{P}\\p{S}"],
  "[:space:]": ["\\p{Z}\\t\\r\\n\\v\\f"],
  "[:upper:]": ["\\p{Lu}"],
  "[:word:]": ["\\p{L}\\p{Nl}\\p{Nd}\\p{Pc}"],
  "[:xdigit:]": ["A-Fa-f0-9"]
};
var braceEscape = (s) => s.replace(/[[\]\\-]/g, "\\$&");
var noMatch = /$./;
var parseClass = (glob, position, nocase = false, form) => {
  const norm = (c) => {
    const n = form ? c.normalize(form) : c;
    return [...n].length === 1 ? n : c;
  };
  const pos = position;
  if (glob.charAt(pos) !== "[") {
    throw new Error("not in a brace expression");
  }
  const ranges = [];
  const negs = [];
  let i = pos + 1;
  let sawStart = false;
  let escaping = false;
  let negate = false;
  let endPos = pos;
  let rangeStart = "";
  WHILE: while (i < glob.length) {
    const c = String.fromCodePoint(glob.codePointAt(i));
    if ((c === "!" || c === "^") && i === pos + 1) {
      negate = true;
      i++;
      continue;
    }
    if (c === "]" && sawStart && !escaping) {
      endPos = i + 1;
      break;
    }
    sawStart = true;
    if (c === "\\") {
      if (!escaping) {
        escaping = true;
        i++;
        continue;
      }
    }
    if (c === "[" && !escaping) {
      for (const [cls, [unip, neg]] of Object.entries(posixClasses)) {
        if (glob.startsWith(cls, i)) {
          if (rangeStart) {
            return [noMatch, glob.length - pos];
          }
          i += cls.length;
          if (neg)
            negs.push(unip);
          else
            ranges.push(unip);
          continue WHILE;
        }
      }
    }
    escaping = false;
    const n = norm(c);
    if (rangeStart) {
      if (n.codePointAt(0) > rangeStart.codePointAt(0)) {
        ranges.push(braceEscape(rangeStart) + "-" + braceEscape(n));
      } else if (n === rangeStart) {
        ranges.push(braceEscape(n));
      }
      rangeStart = "";
      i += c.length;
      continue;
    }
    if (glob.startsWith("-]", i + c.length)) {
      ranges.push(braceEscape(n + "-"));
      i += c.length + 1;
      continue;
    }
    if (glob.startsWith("-", i + c.length)) {
      rangeStart = n;
      i += c.length + 1;
      continue;
    }
    ranges.push(braceEscape(n));
    i += c.length;
  }
  if (endPos < i) {
    return [noMatch, 0];
  }
  if (!ranges.length && !negs.length) {
    return [noMatch, glob.length - pos];
  }
  const sranges = "[" + (negate ? "^" : "") + ranges.join("") + "]";
  const snegs = "[" + (negate ? "" : "^") + negs.join("") + "]";
  const comb = "^" + (ranges.length && negs.length ? "(" + sranges + "|" + snegs + ")" : ranges.length ? sranges : snegs);
  return [new RegExp(comb, nocase ? "iu" : "u"), endPos - pos];
};

// node_modules/@isaacs/nonrecursive-glob-match/dist/esm/index.js
var MATCH = { t: "match", id: 0 };
var extTypes = "!?+*@";
var lit = (ch) => ({ t: "lit", ch });
var reEscape = (s) => s.replace(/[\\^$.*+?()[\]{}|/]/g, "\\$&");
var newFoldRe = (s) => new RegExp(`^${reEscape(s)}$`, "iu");
var foldCache = /* @__PURE__ */ new Map();
var foldRe = (ch) => {
  let re = foldCache.get(ch);
  if (!re) {
    re = newFoldRe(ch);
    if (foldCache.size >= 1e3)
      foldCache.clear();
    foldCache.set(ch, re);
  }
  return re;
};
var litMatch = (l, c) => {
  if (c === l.ch)
    return true;
  if (!l.re)
    return false;
  const code = c.charCodeAt(0);
  if (code >= 128)
    return l.re.test(c);
  const ascii = l.ascii ??= new Uint8Array(128);
  ascii[code] ||= l.re.test(c) ? 1 : 2;
  return ascii[code] === 1;
};
var tokenize = (p, nocase, noext, form, mark2) => {
  const toks = [];
  for (let i = 0; i < p.length; ) {
    const c = String.fromCodePoint(p.codePointAt(i));
    if (mark2) {
      const m = c === "\\" && p.startsWith(mark2, i + 1) ? 1 : 0;
      if (m || c === mark2) {
        const start = i + m + mark2.length;
        const end = p.indexOf(mark2, start);
        const r = /^(-?\d+)\.\.(-?\d+)$/.exec(p.slice(start, end));
        const alts = end !== -1 && r && numericRange(r[1], r[2]);
        if (alts) {
          toks.push({ t: "ext", type: "@", alts });
          i = end + mark2.length;
          continue;
        }
      }
    }
    if (c === "\\") {
      const e = p.codePointAt(i + 1);
      const ch = e === void 0 ? c : String.fromCodePoint(e);
      toks.push(lit(ch));
      i += 1 + ch.length;
      continue;
    }
    if (c === "[") {
      const [re, consumed] = parseClass(p, i, nocase, form);
      if (consumed) {
        toks.push({ t: "class", re });
        i += consumed;
        continue;
      }
    }
    if (!noext && extTypes.includes(c) && p[i + 1] === "(") {
      toks.push({ t: "open", type: c });
      i += 2;
      continue;
    }
    toks.push(!noext && c === "|" ? { t: "bar" } : !noext && c === ")" ? { t: "close" } : c === "*" ? { t: "star" } : c === "?" ? { t: "any" } : lit(c));
    i += c.length;
  }
  return toks;
};
var pair = (toks) => {
  const pairs = /* @__PURE__ */ new Map();
  const stack = [];
  toks.forEach((tok, i) => {
    if (tok.t === "open")
      stack.push(i);
    else if (tok.t === "close" && stack.length)
      pairs.set(stack.pop(), i);
  });
  return pairs;
};
var build = (toks, pairs, start, end, top) => {
  let seq = [];
  const alts = [seq];
  for (let i = start; i < end; i++) {
    const tok = toks[i];
    const close = pairs.get(i);
    if (tok.t === "open" && close !== void 0) {
      const sub = build(toks, pairs, i + 1, close, false);
      seq.push({ t: "ext", type: tok.type, alts: sub });
      i = close;
    } else if (tok.t === "bar" && !top) {
      alts.push(seq = []);
    } else if (tok.t === "open") {
      seq.push(lit(tok.type), lit("("));
    } else if (tok.t === "bar") {
      seq.push(lit("|"));
    } else if (tok.t === "close") {
      seq.push(lit(")"));
    } else {
      seq.push(tok);
    }
  }
  return alts;
};
var normalize = (items, form) => {
  const out = [];
  let run = "";
  const flush = () => {
    for (const ch of run.normalize(form))
      out.push(lit(ch));
    run = "";
  };
  for (const it of items) {
    if (it.t === "lit") {
      run += it.ch;
      continue;
    }
    flush();
    out.push(it.t === "ext" ? { ...it, alts: it.alts.map((a) => normalize(a, form)) } : it);
  }
  flush();
  return out;
};
var compile = (items, nocase) => {
  let id = 1;
  const split = (out) => ({ t: "split", id: id++, out });
  const seq = (items2, next) => items2.reduceRight((next2, it) => item(it, next2), next);
  const item = (it, next) => {
    switch (it.t) {
      case "lit":
        const re = nocase ? foldRe(it.ch) : void 0;
        return { t: "lit", id: id++, ch: it.ch, re, next };
      case "any":
      case "star":
        return { t: it.t, id: id++, next };
      case "class":
        return { t: "class", id: id++, re: it.re, next };
    }
    const alts = (next2) => it.alts.map((a) => seq(a, next2));
    switch (it.type) {
      case "@":
        return split(alts(next));
      case "?":
        return split([next, ...alts(next)]);
      case "!":
        return { t: "neg", id: id++, sub: split(alts(MATCH)), next };
    }
    const after = split([]);
    const entry = split(alts(after));
    after.out.push(next, entry);
    return it.type === "*" ? after : entry;
  };
  const start = seq(items, MATCH);
  return [start, id];
};
var show = (start) => {
  const lines = [];
  const seen = /* @__PURE__ */ new Set();
  const ref = (n) => n.t === "match" ? "match" : String(n.id);
  const walk = (n, indent) => {
    if (n.t === "match" || seen.has(n))
      return;
    seen.add(n);
    const line = (desc) => lines.push(`${indent}${n.id}: ${desc}`);
    switch (n.t) {
      case "split":
        line(`split -> ${n.out.map(ref).join(", ")}`);
        for (const o of n.out)
          walk(o, indent);
        return;
      case "neg":
        line(`!(${ref(n.sub)}) -> ${ref(n.next)}`);
        walk(n.sub, indent + "  ");
        return walk(n.next, indent);
      case "lit":
        line(`${JSON.stringify(n.ch)} -> ${ref(n.next)}`);
        break;
      case "class":
        line(`${n.re} -> ${ref(n.next)}`);
        break;
      default:
        line(`${n.t === "any" ? "?" : "*"} -> ${ref(n.next)}`);
    }
    walk(n.next, indent);
  };
  walk(start, "");
  return [`start -> ${ref(start)}`, ...lines].join("\n");
};
var State = class {
  // set by the Sim, to mark the nodes that this state has
  gen;
  threads = [];
  match = false;
  runs = [];
  // the sorted ids of the threads, with 0 for a match, once the
  // state is done
  ids = [];
  constructor(gen) {
    this.gen = gen;
  }
  // no threads, so nothing more can match
  get dead() {
    return !this.threads.length && !this.match && !this.runs.length;
  }
};
var sameState = (a, b) => {
  if (a.ids.length !== b.ids.length)
    return false;
  if (a.runs.length !== b.runs.length)
    return false;
  if (a.ids.some((id, i) => id !== b.ids[i]))
    return false;
  return a.runs.every((r) => b.runs.some((o) => o.neg === r.neg && sameState(o.state, r.state)));
};
var marks = (size) => ({
  has: new Float64Array(size),
  seen: new Float64Array(size),
  gen: 0
});
var Sim = class {
  // `.` and `..` only match literal dots, even with `dot:true`
  dots;
  // the string starts with `.`, and `dot:true` is not set
  dotStart;
  #marks;
  constructor(dots, dotStart, marks2) {
    this.dots = dots;
    this.dotStart = dotStart;
    this.#marks = marks2;
  }
  state() {
    return new State(++this.#marks.gen);
  }
  // sort the ids of a state, once it has all of its threads
  done(state) {
    state.ids = state.threads.map((n) => n.id).sort((a, b) => a - b);
    if (state.match)
      state.ids.unshift(MATCH.id);
    return state;
  }
  // true the first time that the state walks through the node, so
  // that loops in the graph stop
  #visit(state, node) {
    const { seen } = this.#marks;
    if (seen[node.id] === state.gen)
      return false;
    seen[node.id] = state.gen;
    return true;
  }
  #addThread(state, node) {
    const { has } = this.#marks;
    if (has[node.id] === state.gen)
      return false;
    has[node.id] = state.gen;
    state.threads.push(node);
    return true;
  }
  // wildcards only match a leading dot if `dot:true`. In a negated
  // sub-pattern, this does not apply, because the negation itself
  // can not match a leading dot.
  restricted(i, top) {
    return top && (this.dots || this.dotStart && i === 0);
  }
  add(state, node, i, top) {
    switch (node.t) {
      case "split":
        if (!this.#visit(state, node))
          return;
        for (const o of node.out)
          this.add(state, o, i, top);
        return;
      case "neg":
        if (!this.#visit(state, node))
          return;
        const sub = this.state();
        this.add(sub, node.sub, i, false);
        this.done(sub);
        return this.addRun(state, { t: "run", neg: node, state: sub }, i, top);
      case "star":
        if (this.restricted(i, top))
          return;
        if (this.#addThread(state, node))
          this.add(state, node.next, i, top);
        return;
      case "match":
        state.match = true;
        return;
      default:
        this.#addThread(state, node);
    }
  }
  addRun(state, run, i, top) {
    for (const r of state.runs) {
      if (r.neg === run.neg && sameState(r.state, run.state))
        return;
    }
    state.runs.push(run);
    if (!run.state.match) {
      this.add(state, run.neg.next, i, top);
    }
  }
  // the threads after char `c`, at index `i`
  step(state, c, i, top) {
    const next = this.state();
    for (const th of state.threads) {
      switch (th.t) {
        case "lit":
          if (litMatch(th, c)) {
            this.add(next, th.next, i + 1, top);
          }
          break;
        case "any":
          if (!this.restricted(i, top))
            this.add(next, th.next, i + 1, top);
          break;
        case "class":
          if (!this.restricted(i, top) && th.re.test(c)) {
            this.add(next, th.next, i + 1, top);
          }
          break;
        case "star":
          if (!this.restricted(i, top))
            this.add(next, th, i + 1, top);
      }
    }
    if (!this.restricted(i, top)) {
      for (const run of state.runs) {
        if (run.state.dead) {
          this.addRun(next, run, i + 1, top);
          continue;
        }
        const sub = this.step(run.state, c, i, false);
        this.addRun(next, { t: "run", neg: run.neg, state: sub }, i + 1, top);
      }
    }
    return this.done(next);
  }
};
var stateKey = (state) => {
  const ids = state.ids.join();
  if (!state.runs.length)
    return ids;
  const runs = state.runs.map((r) => `${r.neg.id}(${stateKey(r.state)})`);
  return `${ids}|${runs.sort().join("|")}`;
};
var DFA_BUDGET = 1 << 18;
var Dfa = class {
  #start;
  #states = /* @__PURE__ */ new Map();
  #size = 0;
  #plain;
  #dotStart;
  #sim;
  #dotSim;
  constructor(start, marks2) {
    this.#start = start;
    this.#sim = new Sim(false, false, marks2);
    this.#dotSim = new Sim(false, true, marks2);
  }
  #make(state) {
    return {
      state,
      match: state.match,
      dead: state.dead,
      next: /* @__PURE__ */ new Map()
    };
  }
  #intern(state) {
    const key = stateKey(state);
    const found = this.#states.get(key);
    if (found)
      return found;
    if (this.#size > DFA_BUDGET)
      this.#clear();
    const d = this.#make(state);
    this.#states.set(key, d);
    this.#size += key.length + 1;
    return d;
  }
  #clear() {
    this.#states.clear();
    this.#size = 0;
    this.#plain = void 0;
    this.#dotStart = void 0;
  }
  start(dotStart) {
    if (dotStart) {
      if (this.#dotStart)
        return this.#dotStart;
      const state2 = this.#dotSim.state();
      this.#dotSim.add(state2, this.#start, 0, true);
      return this.#dotStart = this.#make(this.#dotSim.done(state2));
    }
    if (this.#plain)
      return this.#plain;
    const state = this.#sim.state();
    this.#sim.add(state, this.#start, 0, true);
    return this.#plain = this.#intern(this.#sim.done(state));
  }
  // the next state, after a miss in `d.ascii`
  next(d, c) {
    const code = c.charCodeAt(0);
    const found = code < 128 ? void 0 : d.next.get(c);
    if (found)
      return found;
    const n = d === this.#dotStart ? this.#intern(this.#dotSim.step(d.state, c, 0, true)) : this.#intern(this.#sim.step(d.state, c, 1, true));
    if (code < 128) {
      if (!d.ascii) {
        d.ascii = new Array(128);
        this.#size += 128;
      }
      d.ascii[code] = n;
    } else {
      d.next.set(c, n);
    }
    this.#size++;
    return n;
  }
};
var linear = (start) => {
  const nodes = [];
  for (let n = start; n.t !== "match"; n = n.next) {
    if (n.t === "split" || n.t === "neg")
      return void 0;
    nodes.push(n);
  }
  return nodes;
};
var testLinear = (nodes, chars, start, end) => {
  let ni = 0;
  let ci = start;
  let starNi = -1;
  let starCi = 0;
  while (ci < end) {
    const n = nodes[ni];
    if (n?.t === "star") {
      starNi = ni++;
      starCi = ci;
      continue;
    }
    const c = chars[ci];
    if (n && (n.t === "any" || n.t === "lit" && litMatch(n, c) || n.t === "class" && n.re.test(c))) {
      ni++;
      ci++;
      continue;
    }
    if (starNi === -1)
      return false;
    ni = starNi + 1;
    ci = ++starCi;
  }
  while (nodes[ni]?.t === "star")
    ni++;
  return ni === nodes.length;
};
var lengths = (items) => {
  let min = 0;
  let max = 0;
  for (const it of items) {
    const [lo, hi] = itemLengths(it);
    min += lo;
    max += hi;
  }
  return [min, max];
};
var itemLengths = (it) => {
  if (it.t === "star")
    return [0, Infinity];
  if (it.t !== "ext")
    return [1, 1];
  if (it.type === "!")
    return [0, Infinity];
  const alts = it.alts.map(lengths);
  const min = Math.min(...alts.map((a) => a[0]));
  const max = Math.max(...alts.map((a) => a[1]));
  const loop = max === 0 ? 0 : Infinity;
  return it.type === "@" ? [min, max] : it.type === "?" ? [0, max] : it.type === "*" ? [0, loop] : [min, loop];
};
var hasAffix = (lits, chars, start) => {
  for (let j = 0; j < lits.length; j++) {
    if (!litMatch(lits[j], chars[start + j]))
      return false;
  }
  return true;
};
var slashOrSurrogate = /[/\ud800-\udfff]/;
var surrogate = /[\ud800-\udfff]/;
var codePoints = (s) => surrogate.test(s) ? [...s] : s;
var noSlash = (s) => {
  if (s.includes("/")) {
    throw new Error("can only match a single path portion, got: " + s);
  }
};
var Matcher = class {
  pattern;
  options;
  #start;
  // the number of node ids
  #size;
  #marks;
  // the Sim for strings that are only `.` or `..`
  #dotsSim;
  // the string to compare, if the pattern has no magic. With
  // `nocase:true`, the RegExp that folds case is made when it is
  // first used.
  #literal;
  #literalFold = false;
  #literalRe;
  // the nodes between the prefix and suffix, if the graph is a
  // single chain
  #linear;
  // the linear nodes are only `*` and `?`, so the length bounds and
  // the prefix and suffix decide the match
  #wild = false;
  // the least and most chars that a match can have
  #min = 0;
  #max = Infinity;
  // the literals that a match must start and end with. Each one
  // matches exactly one char, and they are distinct items in the
  // pattern, so a string that does not have them can not match.
  #prefix = [];
  #suffix = [];
  // the prefix and suffix as strings, if they do not fold case
  #prefixStr;
  #suffixStr;
  // there is a prefix or suffix to check
  #affix = false;
  #dfa;
  #form;
  constructor(pattern, options = {}) {
    if (pattern.includes("/")) {
      throw new Error("can only match a single path portion, got pattern: " + pattern);
    }
    this.pattern = pattern;
    this.options = options;
    const { nocase = false, noext = false, normalize: n } = options;
    this.#form = n === true ? "NFC" : n || void 0;
    const literal2 = /^[?*+@]\(\)$/.test(pattern);
    const toks = tokenize(pattern, nocase, noext || literal2, this.#form, options.rangeMark);
    let [items] = build(toks, pair(toks), 0, toks.length, true);
    if (this.#form)
      items = normalize(items, this.#form);
    const [start, size] = compile(items, nocase);
    this.#start = start;
    this.#size = size;
    if (items.every((it) => it.t === "lit")) {
      this.#literal = items.map((it) => it.ch).join("");
      this.#literalFold = nocase;
    } else {
      const lit2 = (it) => it.t !== "lit" ? void 0 : nocase ? { ch: it.ch, re: foldRe(it.ch) } : { ch: it.ch };
      for (const it of items) {
        const l = lit2(it);
        if (!l)
          break;
        this.#prefix.push(l);
      }
      for (let j = items.length - 1; j >= 0; j--) {
        const l = lit2(items[j]);
        if (!l)
          break;
        this.#suffix.unshift(l);
      }
      this.#affix = !!(this.#prefix.length || this.#suffix.length);
      if (!nocase) {
        this.#prefixStr = this.#prefix.map((l) => l.ch).join("");
        this.#suffixStr = this.#suffix.map((l) => l.ch).join("");
      }
      this.#linear = linear(this.#start)?.slice(this.#prefix.length, -this.#suffix.length || void 0);
      this.#wild = !!this.#linear?.every((n2) => n2.t === "star" || n2.t === "any");
      const [min, max] = lengths(items);
      this.#min = min;
      this.#max = max;
    }
  }
  test(s) {
    if (this.#form) {
      noSlash(s);
      return this.#test(s.normalize(this.#form));
    }
    if (slashOrSurrogate.test(s)) {
      noSlash(s);
      return this.#test(s, [...s]);
    }
    return this.#test(s, s);
  }
  /**
   * The same as {@link Matcher#test}, but the string is not checked
   * for `/` chars, so the result for a string that has one is not
   * defined. Only use it for a string that is known to be one path
   * portion, such as a part of a path that was split on `/`. It can
   * be faster, because some patterns do not need to look at each char
   * of the string.
   */
  testUnchecked(s) {
    return this.#test(this.#form ? s.normalize(this.#form) : s);
  }
  // Test a string that has no `/`. `chars` indexes it by code point.
  // If it is not given, it is only found if a step needs it.
  #test(s, chars) {
    if (this.#literal !== void 0) {
      return this.#literalFold ? (this.#literalRe ??= newFoldRe(this.#literal)).test(s) : s === this.#literal;
    }
    const min = this.#min;
    const max = this.#max;
    if (chars === void 0) {
      const most = s.length;
      const least = most + 1 >> 1;
      if (most < min || least > max)
        return false;
      if (least < min || most > max)
        chars = codePoints(s);
    }
    if (chars !== void 0 && (chars.length < min || chars.length > max)) {
      return false;
    }
    const prefix2 = this.#prefix.length;
    if (this.#affix) {
      if (this.#prefixStr !== void 0 && this.#suffixStr !== void 0) {
        if (!s.startsWith(this.#prefixStr) || !s.endsWith(this.#suffixStr)) {
          return false;
        }
      } else {
        chars ??= codePoints(s);
        const end = chars.length - this.#suffix.length;
        if (!hasAffix(this.#prefix, chars, 0) || !hasAffix(this.#suffix, chars, end)) {
          return false;
        }
      }
    }
    const dotStart = !this.options.dot && s.startsWith(".");
    if (this.#linear) {
      if (s === "." || s === "..")
        return false;
      if (dotStart && !prefix2)
        return false;
      if (this.#wild)
        return true;
      chars ??= codePoints(s);
      const end = chars.length - this.#suffix.length;
      return testLinear(this.#linear, chars, prefix2, end);
    }
    chars ??= codePoints(s);
    if (s === "." || s === "..") {
      this.#marks ??= marks(this.#size);
      const sim = this.#dotsSim ??= new Sim(true, false, this.#marks);
      const start = sim.state();
      sim.add(start, this.#start, 0, true);
      let state = sim.done(start);
      for (let i = 0; i < chars.length; i++) {
        state = sim.step(state, chars[i], i, true);
      }
      return state.match;
    }
    this.#marks ??= marks(this.#size);
    const dfa = this.#dfa ??= new Dfa(this.#start, this.#marks);
    let d = dfa.start(dotStart);
    const str = chars === s;
    for (let i = 0; i < chars.length; i++) {
      if (d.dead)
        return false;
      const code = str ? s.charCodeAt(i) : chars[i].charCodeAt(0);
      d = d.ascii?.[code] ?? dfa.next(d, chars[i]);
    }
    return d.match;
  }
  /** a readable listing of the state machine */
  toString() {
    return show(this.#start);
  }
};

// node_modules/minimatch/dist/esm/assert-valid-pattern.js
var MAX_PATTERN_LENGTH = 1024 * 64;
var assertValidPattern = (pattern) => {
  if (typeof pattern !== "string") {
    throw new TypeError("invalid pattern");
  }
  if (pattern.length > MAX_PATTERN_LENGTH) {
    throw new TypeError("pattern is too long");
  }
};

// node_modules/minimatch/dist/esm/escape.js
var escape = (s, { windowsPathsNoEscape = false, magicalBraces = false } = {}) => {
  const e = magicalBraces ? windowsPathsNoEscape ? s.replace(/[?*()[\]{}]/g, "[$&]") : s.replace(/[?*()[\]\\{}]/g, "\\$&") : windowsPathsNoEscape ? s.replace(/[?*()[\]]/g, "[$&]") : s.replace(/[?*()[\]\\]/g, "\\$&");
  const c = e.charAt(0);
  if (c === "#") {
    return (windowsPathsNoEscape ? "[#]" : "\\#") + e.slice(1);
  }
  if (c === "!") {
    return (windowsPathsNoEscape ? "@(!)" : "\\!") + e.slice(1);
  }
  return e;
};

// node_modules/minimatch/dist/esm/unescape.js
var unescape = (s, { windowsPathsNoEscape = false, magicalBraces = true } = {}) => {
  if (windowsPathsNoEscape && s.startsWith("@(!)")) {
    return "!" + unescape(s.slice(4), { windowsPathsNoEscape, magicalBraces });
  }
  if (magicalBraces) {
    return windowsPathsNoEscape ? s.replace(/\[([^/\\])\]/g, "$1") : s.replace(/((?!\\).|^)\[([^/\\])\]/g, "$1$2").replace(/\\([^/])/g, "$1");
  }
  return windowsPathsNoEscape ? s.replace(/\[([^/\\{}])\]/g, "$1") : s.replace(/((?!\\).|^)\[([^/\\{}])\]/g, "$1$2").replace(/\\([^/{}])/g, "$1");
};

// node_modules/minimatch/dist/esm/index.js
var DEFAULT_BRACE_EXPAND_MAX = 1e5;
var DEFAULT_GLOB_STAR_RECURSION_MAX = 200;
var AWE_KEY = "allowWindowsEscape";
var minimatch = (p, pattern, options) => {
  assertValidPattern(pattern);
  if (!options?.nocomment && pattern.charAt(0) === "#") {
    return false;
  }
  return cachedMinimatch(pattern, options).match(p);
};
var cache = /* @__PURE__ */ new Map();
var oldCache = /* @__PURE__ */ new Map();
var cacheSize = 0;
var cacheTotalWeight = 0;
var cacheMax = 256;
var cacheMaxWeight = 1 << 15;
var cacheMaxEntryWeight = 1 << 12;
var cacheWeight = (mm) => {
  let w = mm.pattern.length;
  for (const s of mm.globSet) {
    w += s.length + 1;
    if (w > cacheMaxEntryWeight)
      break;
  }
  return w;
};
var tri = (v) => v === void 0 ? 0 : v ? 2 : 1;
var booleanWeights = new Map(Object.keys({
  nobrace: 0,
  nocomment: 0,
  nonegate: 0,
  noglobstar: 0,
  noext: 0,
  nonull: 0,
  partial: 0,
  dot: 0,
  nocase: 0,
  nocaseMagicOnly: 0,
  magicalBraces: 0,
  matchBase: 0,
  flipNegate: 0,
  preserveMultipleSlashes: 0,
  windowsNoMagicRoot: 0
}).map((k, i) => [k, 24 * 3 ** i]));
var optionsKey = (o) => {
  let n = 0;
  let wpe = false;
  for (const k in o) {
    const v = o[k];
    switch (k) {
      // the same test as the Minimatch constructor
      case "windowsPathsNoEscape":
        if (v)
          wpe = true;
        break;
      case AWE_KEY:
        if (v === false)
          wpe = true;
        break;
      case "platform": {
        const p = v || defaultPlatform;
        if (p === defaultPlatform)
          break;
        if (p === "darwin")
          n += 3;
        else if (p === "win32")
          n += 6;
        else if (p === "linux")
          n += 9;
        else
          return JSON.stringify(o);
        break;
      }
      case "optimizationLevel":
        if (v === void 0)
          break;
        n += v >= 2 ? 1 : v >= 1 ? 0 : 2;
        break;
      case "braceExpandMax":
        if (v !== void 0 && v !== DEFAULT_BRACE_EXPAND_MAX) {
          return JSON.stringify(o);
        }
        break;
      case "maxGlobstarRecursion":
        if (v !== void 0 && v !== DEFAULT_GLOB_STAR_RECURSION_MAX) {
          return JSON.stringify(o);
        }
        break;
      case "normalize":
        if (v !== void 0)
          return JSON.stringify(o);
        break;
      default:
        n += (booleanWeights.get(k) ?? 0) * tri(v);
    }
  }
  return wpe ? n + 12 : n;
};
var copyOptions = (o) => {
  const copy = {};
  for (const k in o)
    copy[k] = o[k];
  return copy;
};
var cachedMinimatch = (pattern, options) => {
  const key = options ? optionsKey(options) : 0;
  let mm = cache.get(key)?.get(pattern);
  if (mm)
    return mm;
  mm = oldCache.get(key)?.get(pattern) ?? new Minimatch(pattern, copyOptions(options));
  const weight = cacheWeight(mm);
  if (weight > cacheMaxEntryWeight)
    return mm;
  if (cacheSize >= cacheMax || cacheTotalWeight + weight > cacheMaxWeight) {
    oldCache = cache;
    cache = /* @__PURE__ */ new Map();
    cacheSize = 0;
    cacheTotalWeight = 0;
  }
  let byPattern = cache.get(key);
  if (!byPattern)
    cache.set(key, byPattern = /* @__PURE__ */ new Map());
  byPattern.set(pattern, mm);
  cacheSize++;
  cacheTotalWeight += weight;
  return mm;
};
var defaultPlatform = typeof process === "object" && process ? process.env?.__MINIMATCH_TESTING_PLATFORM__ || process.platform : "posix";
var path = {
  win32: { sep: "\\" },
  posix: { sep: "/" }
};
var sep = defaultPlatform === "win32" ? path.win32.sep : path.posix.sep;
minimatch.sep = sep;
var GLOBSTAR = /* @__PURE__ */ Symbol("globstar **");
minimatch.GLOBSTAR = GLOBSTAR;
var filter = (pattern, options) => {
  let mm;
  return (p) => (mm ??= cachedMinimatch(pattern, options)).match(p);
};
minimatch.filter = filter;
var ext = (a, b = {}) => Object.assign({}, a, b);
var defaults = (def) => {
  if (!def || typeof def !== "object" || !Object.keys(def).length) {
    return minimatch;
  }
  const orig = minimatch;
  const m = (p, pattern, options = {}) => orig(p, pattern, ext(def, options));
  return Object.assign(m, {
    Minimatch: class Minimatch extends orig.Minimatch {
      constructor(pattern, options = {}) {
        super(pattern, ext(def, options));
      }
      static defaults(options) {
        return orig.defaults(ext(def, options)).Minimatch;
      }
    },
    unescape: (s, options = {}) => orig.unescape(s, ext(def, options)),
    escape: (s, options = {}) => orig.escape(s, ext(def, options)),
    filter: (pattern, options = {}) => orig.filter(pattern, ext(def, options)),
    defaults: (options) => orig.defaults(ext(def, options)),
    braceExpand: (pattern, options = {}) => orig.braceExpand(pattern, ext(def, options)),
    match: (list, pattern, options = {}) => orig.match(list, pattern, ext(def, options)),
    sep: orig.sep,
    GLOBSTAR
  });
};
minimatch.defaults = defaults;
var braceExpand = (pattern, options = {}) => {
  assertValidPattern(pattern);
  if (options.nobrace || !/\{(?:(?!\{).)*\}/.test(pattern)) {
    return [pattern];
  }
  let p = pattern.replace(/\\\\/g, "\\\\\\\\");
  if (options.windowsPathsNoEscape || options[AWE_KEY] === false) {
    p = p.replace(/\[([{}])\]/g, "[\\$1]");
  }
  return expand(p, { max: options.braceExpandMax });
};
minimatch.braceExpand = braceExpand;
var RANGE_MIN = 100;
var rangeRe = /(?<![\\$])\{(-?\d+)\.\.(-?\d+)\}/g;
var inRepeatOrNegExt = (portion, mark2) => {
  const stack = [];
  for (let i = 0; i < portion.length; i++) {
    const c = portion.charAt(i);
    if (c === "\\") {
      i++;
    } else if (c === mark2) {
      if (stack.some((t) => t !== "@" && t !== "?"))
        return true;
    } else if (portion.charAt(i + 1) === "(" && "!?+*@".includes(c)) {
      stack.push(c);
      i++;
    } else if (c === ")") {
      stack.pop();
    }
  }
  return false;
};
var match = (list, pattern, options = {}) => {
  const mm = new Minimatch(pattern, options);
  list = list.filter((f) => mm.match(f));
  if (mm.options.nonull && !list.length) {
    list.push(pattern);
  }
  return list;
};
minimatch.match = match;
var globMagic = /[?*]|[+@!]\(.*?\)|\[|\]/;
var classEnd = (pattern, start) => {
  let i = start + 1;
  if (pattern.charAt(i) === "!" || pattern.charAt(i) === "^")
    i++;
  let sawStart = false;
  for (; i < pattern.length; i++) {
    const c = pattern.charAt(i);
    if (c === "]" && sawStart)
      return i;
    sawStart = true;
    if (c === "\\")
      i++;
  }
  return -1;
};
var literal = (pattern, noext) => {
  if (!noext && (pattern === "+()" || pattern === "@()"))
    return pattern;
  let lit2 = "";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern.charAt(i);
    if (c === "\\") {
      lit2 += pattern.charAt(++i) || c;
    } else if (c === "*" || c === "?") {
      return void 0;
    } else if (c === "[") {
      const close = classEnd(pattern, i);
      if (close === -1) {
        lit2 += c;
        continue;
      }
      let body = pattern.slice(i + 1, close);
      if (body.startsWith("\\"))
        body = body.slice(1);
      if ([...body].length !== 1 || "!^".includes(pattern.charAt(i + 1))) {
        return void 0;
      }
      lit2 += body;
      i = close;
    } else if (!noext && "+@!".includes(c) && pattern.charAt(i + 1) === "(" && pattern.includes(")", i + 2)) {
      return void 0;
    } else {
      lit2 += c;
    }
  }
  return lit2;
};
var MAX_EXTGLOBS = 256;
var extglobCount = (pattern) => {
  let n = 0;
  for (let i = 0; i < pattern.length - 1; i++) {
    const c = pattern.charAt(i);
    if (c === "\\") {
      i++;
    } else if ("+@!?*".includes(c) && pattern.charAt(i + 1) === "(") {
      n++;
      i++;
    }
  }
  return n;
};
var assertValidExtglobs = (pattern) => {
  if (extglobCount(pattern) > MAX_EXTGLOBS) {
    throw new TypeError("pattern has too many extglobs");
  }
};
var extSafe = (pattern) => {
  if (/^[?*+@]\(\)$/.test(pattern) || pattern.includes("[:"))
    return false;
  let depth = 0;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern.charAt(i);
    if (c === "\\") {
      if (++i === pattern.length)
        return false;
    } else if (c === "[") {
      const close = classEnd(pattern, i);
      if (close !== -1)
        i = close;
    } else if ("+@!?*".includes(c) && pattern.charAt(i + 1) === "(") {
      depth++;
      i++;
    } else if (c === ")") {
      if (!depth--)
        return false;
    } else if (c === "|" && !depth) {
      return false;
    }
  }
  return !depth;
};
var lastSplit;
var lastChecked;
var portionMatch = (p, f) => typeof p === "string" ? f === p : f !== "" && p.testUnchecked(f);
var endIndex = (p, last, lastStart, prev, prevStart) => portionMatch(p, last) ? lastStart : prev !== void 0 && portionMatch(p, prev) ? prevStart : -1;
var isDots = (p) => p === "." || p === "..";
var isDrive = (p) => typeof p === "string" && /^[a-z]:$/i.test(p);
var isLongUNC = (p) => typeof p === "string" && /^unc$/i.test(p);
var uncHost = (p) => {
  if (p[0] !== "" || p[1] !== "")
    return -1;
  const h = p[2] !== "?" ? 2 : isLongUNC(p[3]) ? 4 : -1;
  const host = p[h];
  const share = p[h + 1];
  return h !== -1 && host !== void 0 && host !== "" && host !== GLOBSTAR && share !== void 0 && share !== "" && share !== GLOBSTAR ? h : -1;
};
var walkable = (p, dot) => !isDots(p) && (dot || !p.startsWith("."));
var dotPortion = (f, start, end, dot, sep2) => {
  for (let k = start; k < end; ) {
    if (f.charCodeAt(k) === 46) {
      if (!dot)
        return true;
      const n = f.charCodeAt(k + 1) === 46 ? k + 2 : k + 1;
      if (n >= end || isSep(f.charCodeAt(n), sep2))
        return true;
    }
    const s = nextSep(f, k, sep2);
    if (s === -1)
      return false;
    k = s + 1;
    while (k < end && isSep(f.charCodeAt(k), sep2))
      k++;
  }
  return false;
};
var isSep = (c, sep2) => sep2 === "/" ? c === 47 : sep2 === "\\" ? c === 92 : c === 47 || c === 92;
var nextSep = (f, from, sep2) => {
  if (sep2 !== "both")
    return f.indexOf(sep2, from);
  const s = f.indexOf("/", from);
  const b = f.indexOf("\\", from);
  return s === -1 ? b : b === -1 ? s : Math.min(s, b);
};
var lastSep = (f, from, sep2) => sep2 !== "both" ? f.lastIndexOf(sep2, from) : Math.max(f.lastIndexOf("/", from), f.lastIndexOf("\\", from));
var PENDING = {};
var Minimatch = class {
  options;
  set;
  pattern;
  windowsPathsNoEscape;
  nonegate;
  negate;
  comment;
  empty;
  preserveMultipleSlashes;
  partial;
  globSet;
  globParts;
  nocase;
  isWindows;
  platform;
  windowsNoMagicRoot;
  maxGlobstarRecursion;
  // the path can be checked against the last portion, and the string
  // portions, of each row before it is split. See #canMatch.
  #endCheck;
  #literalCheck;
  // level 2 resolves `.` and `..` portions in the path
  #level2;
  // the unicode normalization form, if any
  #form;
  // the string portions of each row in the set
  #literals = [];
  // the rows that #canMatch can match without splitting the path
  #shapes = [];
  // the rows whose last portion can be checked against the path's
  #endRows = [];
  // brace expansion can make the same portion in many rows, so they
  // share one Matcher, and the states that it caches
  #matchers = /* @__PURE__ */ new Map();
  // parse() returns PENDING in place of a Matcher
  #pending = false;
  // the char that marks numeric ranges in globSet, if any
  #rangeMark;
  // the GlobstarParts of each pattern row, by start index and partial
  #globstarParts = /* @__PURE__ */ new WeakMap();
  constructor(pattern, options = {}) {
    assertValidPattern(pattern);
    options = options || {};
    this.options = options;
    this.maxGlobstarRecursion = options.maxGlobstarRecursion ?? DEFAULT_GLOB_STAR_RECURSION_MAX;
    this.pattern = pattern;
    this.platform = options.platform || defaultPlatform;
    this.isWindows = this.platform === "win32";
    this.windowsPathsNoEscape = !!options.windowsPathsNoEscape || options[AWE_KEY] === false;
    if (this.windowsPathsNoEscape) {
      this.pattern = this.pattern.replace(/\\/g, "/");
    }
    this.preserveMultipleSlashes = !!options.preserveMultipleSlashes;
    this.negate = false;
    this.nonegate = !!options.nonegate;
    this.comment = false;
    this.empty = false;
    this.partial = !!options.partial;
    this.nocase = !!this.options.nocase;
    this.windowsNoMagicRoot = options.windowsNoMagicRoot !== void 0 ? options.windowsNoMagicRoot : !!(this.isWindows && this.nocase);
    this.globSet = [];
    this.globParts = [];
    this.set = [];
    this.#endCheck = !this.preserveMultipleSlashes;
    this.#level2 = (options.optimizationLevel ?? 1) >= 2;
    const n = options.normalize;
    this.#form = n === true ? "NFC" : n || void 0;
    this.make();
    const drives = this.set.map((row) => this.#rootIndex(row));
    this.#endRows = this.set.map((row, r) => this.#endCheck && row.length - 1 > drives[r]);
    this.#literals = this.set.map((row, r) => {
      const end = this.#endRows[r] ? row.length - 1 : row.length;
      const lits = row.slice(drives[r] + 1, end).filter((p) => typeof p === "string" && !!p);
      return [...new Set(lits)];
    });
    this.#literalCheck = this.#literals.some((l) => l.length);
    this.#shapes = this.set.map((row, r) => {
      const [p0, p1, p2] = row;
      if (this.#endRows[r] && row.length === 2) {
        if (p0 === GLOBSTAR && p1 !== GLOBSTAR)
          return "tail";
      }
      if (this.#endRows[r] && options.matchBase && row.length === 1 && p0 !== GLOBSTAR && p0 !== "") {
        return "base";
      }
      if (!this.#endCheck || drives[r] !== -1)
        return void 0;
      if (row.length === 3 && p0 === GLOBSTAR && p2 === GLOBSTAR && p1 !== GLOBSTAR && p1 !== "" && // the portion between is only matched below this limit
      this.maxGlobstarRecursion > 0) {
        return "mid";
      }
      if (row.length === 2 && p1 === GLOBSTAR && p0 !== GLOBSTAR && p0 !== "") {
        return "head";
      }
      return void 0;
    });
  }
  // a string portion of a pattern, normalized if the option is set
  #norm(p) {
    return this.#form ? p.normalize(this.#form) : p;
  }
  // On Windows, the index of the last root portion of a row, as
  // #matchRow finds it: 0 for `c:/...`, 3 for `//?/c:/...` and
  // `//host/share/...`, and 5 for `//?/UNC/host/share/...`. Otherwise
  // -1.
  #rootIndex(row) {
    if (!this.isWindows)
      return -1;
    if (isDrive(row[0]))
      return 0;
    const uncDrive = row[0] === "" && row[1] === "" && row[2] === "?" && isDrive(row[3]);
    if (uncDrive)
      return 3;
    const h = uncHost(row);
    return h === -1 ? -1 : h + 1;
  }
  hasMagic() {
    if (this.options.magicalBraces && this.set.length > 1) {
      return true;
    }
    for (const pattern of this.set) {
      for (const part of pattern) {
        if (typeof part !== "string")
          return true;
      }
    }
    return false;
  }
  make() {
    const pattern = this.pattern;
    const options = this.options;
    if (!options.nocomment && pattern.charAt(0) === "#") {
      this.comment = true;
      return;
    }
    if (!pattern) {
      this.empty = true;
      return;
    }
    this.parseNegate();
    this.globSet = [...new Set(this.#expandBraces())];
    const rawGlobParts = this.globSet.map((s) => this.#slashSplit(s));
    this.globParts = this.preprocess(rawGlobParts);
    this.#pending = true;
    let set = this.globParts.map((s, _, __) => {
      if (this.isWindows && this.windowsNoMagicRoot) {
        const n = s[2] === "?" && isLongUNC(s[3]) ? 6 : 4;
        const isUNC = s[0] === "" && s[1] === "" && (s[2] === "?" || !globMagic.test(s[2])) && s.slice(3, n).every((p) => !globMagic.test(p));
        const isDrive2 = /^[a-z]:/i.test(s[0]);
        if (isUNC) {
          return [
            ...s.slice(0, n).map((p) => this.#norm(p)),
            ...s.slice(n).map((ss) => this.parse(ss))
          ];
        } else if (isDrive2) {
          return [
            this.#norm(s[0]),
            ...s.slice(1).map((ss) => this.parse(ss))
          ];
        }
      }
      return s.map((ss) => this.parse(ss));
    });
    this.set = set.filter((s) => s.indexOf(false) === -1);
    if (this.isWindows) {
      for (let i = 0; i < this.set.length; i++) {
        const p = this.set[i];
        if (p[0] === "" && p[1] === "" && this.globParts[i][2] === "?" && (isDrive(p[3]) || isLongUNC(this.globParts[i][3]))) {
          if (isLongUNC(this.globParts[i][3]))
            p[3] = "UNC";
          p[2] = "?";
        }
      }
    }
    if (!options.noext)
      this.mergeRows();
    this.#pending = false;
    this.set.forEach((row, i) => {
      for (let k = 0; k < row.length; k++) {
        if (row[k] === PENDING) {
          row[k] = this.parse(this.globParts[i][k]);
        }
      }
    });
  }
  // Merge rows that only differ in one portion, where each of them
  // is a Matcher, into one row that matches any of them with
  // `@(a|b|...)`. Then a path is only walked once for all of them,
  // for example with `**/*.{js,ts}`.
  mergeRows() {
    let merged = true;
    while (merged) {
      merged = false;
      if (this.set.length < 2)
        return;
      let keys = this.#mergeKeys();
      const len = Math.max(0, ...this.set.map((r) => r.length));
      for (let k = 0; k < len; k++) {
        const groups = /* @__PURE__ */ new Map();
        const R = this.set.length + 1;
        this.set.forEach((row, i) => {
          if (!(row[k] instanceof Matcher || row[k] === PENDING) || !extSafe(this.globParts[i][k])) {
            return;
          }
          const { pre, suf } = keys[i];
          const key = pre[k] * R + suf[k + 1];
          const g = groups.get(key);
          if (g)
            g.push(i);
          else
            groups.set(key, [i]);
        });
        const drop = /* @__PURE__ */ new Set();
        for (const g of groups.values()) {
          if (g.length < 2)
            continue;
          const [first, ...rest] = g;
          const alts = g.map((i) => this.globParts[i][k]);
          const glob = `@(${alts.join("|")})`;
          if (extglobCount(glob) > MAX_EXTGLOBS)
            continue;
          this.globParts[first][k] = glob;
          this.set[first][k] = this.parse(glob);
          for (const i of rest)
            drop.add(i);
        }
        if (drop.size) {
          merged = true;
          this.set = this.set.filter((_, i) => !drop.has(i));
          this.globParts = this.globParts.filter((_, i) => !drop.has(i));
          if (this.set.length < 2)
            return;
          keys = this.#mergeKeys();
        }
      }
    }
  }
  // For each row, number ids for its prefixes and suffixes, such that
  // pre[k] identifies parts[0..k) and suf[k] identifies parts[k..n).
  // Two rows are the same other than at portion k exactly when they
  // have the same pre[k] and suf[k + 1]. This is linear in the size of
  // the rows, where joining the whole row for every k was quadratic.
  #mergeKeys() {
    const partIds = /* @__PURE__ */ new Map();
    const ids = this.globParts.map((parts) => parts.map((s) => {
      let id = partIds.get(s);
      if (id === void 0)
        partIds.set(s, id = partIds.size);
      return id;
    }));
    const P = partIds.size;
    const len = Math.max(0, ...ids.map((r) => r.length));
    const keys = ids.map((r) => ({
      pre: [0],
      suf: new Array(r.length + 1).fill(0)
    }));
    for (let k = 0; k < len; k++) {
      const m = /* @__PURE__ */ new Map();
      ids.forEach((r, i) => {
        if (k >= r.length)
          return;
        const { pre } = keys[i];
        const key = pre[k] * P + r[k];
        let id = m.get(key);
        if (id === void 0)
          m.set(key, id = m.size + 1);
        pre.push(id);
      });
    }
    for (let k = len - 1; k >= 0; k--) {
      const m = /* @__PURE__ */ new Map();
      ids.forEach((r, i) => {
        if (k >= r.length)
          return;
        const { suf } = keys[i];
        const key = suf[k + 1] * P + r[k];
        let id = m.get(key);
        if (id === void 0)
          m.set(key, id = m.size + 1);
        suf[k] = id;
      });
    }
    return keys;
  }
  // various transforms to equivalent pattern sets that are
  // faster to process in a filesystem walk.  The goal is to
  // eliminate what we can, and push all ** patterns as far
  // to the right as possible, even if it increases the number
  // of patterns that we have to process.
  preprocess(globParts) {
    if (this.options.noglobstar) {
      for (const partset of globParts) {
        for (let j = 0; j < partset.length; j++) {
          if (partset[j] === "**") {
            partset[j] = "*";
          }
        }
      }
    }
    const { optimizationLevel = 1 } = this.options;
    if (optimizationLevel >= 2) {
      globParts = this.firstPhasePreProcess(globParts);
      globParts = this.secondPhasePreProcess(globParts);
    } else if (optimizationLevel >= 1) {
      globParts = this.levelOneOptimize(globParts);
    } else {
      globParts = this.adjascentGlobstarOptimize(globParts);
    }
    return globParts;
  }
  // just get rid of adjascent ** portions
  adjascentGlobstarOptimize(globParts) {
    return globParts.map((parts) => {
      let gs = -1;
      while (-1 !== (gs = parts.indexOf("**", gs + 1))) {
        let i = gs;
        while (parts[i + 1] === "**") {
          i++;
        }
        if (i !== gs) {
          parts.splice(gs, i - gs);
        }
      }
      return parts;
    });
  }
  // get rid of adjascent ** and resolve .. portions
  levelOneOptimize(globParts) {
    return globParts.map((parts) => {
      const root = this.#rootIndex(parts) + 1;
      parts = parts.reduce((set, part) => {
        const prev = set[set.length - 1];
        if (part === "**" && prev === "**") {
          return set;
        }
        if (part === "..") {
          if (set.length > root && prev && prev !== ".." && prev !== "." && prev !== "**") {
            set.pop();
            return set;
          }
        }
        set.push(part);
        return set;
      }, []);
      return parts.length === 0 ? [""] : parts;
    });
  }
  // Check the path against each row before it is split. 'no' if no
  // row can match, so it does not need to be split. 'yes' if a row of
  // `**` and one more portion matches. 'maybe' if it must be split to
  // know. None of this applies with partial, where the path can end
  // before the row does.
  //
  // On Windows, `\` is a separator in the path too, and the portions of
  // a row up to its drive letter or UNC share are not checked (see
  // #rootIndex).
  //
  // Each string portion of a row must be a portion of the path, so the
  // path must contain it. Level 2 can only take portions out of the
  // path, so this is still true then.
  //
  // The last portion of a row must match the last portion of the path,
  // or the one before a trailing `/` (as a/* and a/**/* match a/b/).
  // This does not apply to rows that end in **, rows that end in a
  // root, or preserveMultipleSlashes (which can leave more
  // than one '' at the end). At level 2, it does not apply if that
  // portion is `.` or `..`, which can be
  // resolved away. Level 2 only takes other portions out of the
  // middle of the path.
  //
  // A row of `**/x` then matches if the ** can walk the portions
  // before the one that x matches, the same as #matchGlobstar. At
  // level 2, this is only known if none of them are `.` or `..`, so
  // that the path does not change when it is resolved.
  #canMatch(f) {
    const sep2 = !this.isWindows || !f.includes("\\") ? "/" : f.includes("/") ? "both" : "\\";
    let ends = this.#endCheck ? 0 : -1;
    let last = "";
    let lastStart = 0;
    let prev;
    let prevStart = 0;
    const dot = !!this.options.dot;
    ROWS: for (let r = 0; r < this.set.length; r++) {
      const row = this.set[r];
      const p = row[row.length - 1];
      let end = ends !== -1 && this.#endRows[r] && p !== GLOBSTAR;
      if (end && ends === 0) {
        const i = lastSep(f, f.length, sep2);
        lastStart = i + 1;
        last = f.slice(lastStart);
        if (last === "" && i >= 0) {
          let j = i;
          while (j > 0 && isSep(f.charCodeAt(j - 1), sep2))
            j--;
          prevStart = j === 0 ? 0 : lastSep(f, j - 1, sep2) + 1;
          prev = f.slice(prevStart, j);
        }
        const resolves = this.#level2 && (isDots(last) || last === "" && prev !== void 0 && isDots(prev));
        ends = resolves ? -1 : 1;
        end = !resolves;
      }
      let tailStart = -1;
      if (end && typeof p === "string") {
        tailStart = endIndex(p, last, lastStart, prev, prevStart);
        if (tailStart === -1)
          continue;
      }
      if (this.#literalCheck) {
        for (const l of this.#literals[r]) {
          if (!f.includes(l))
            continue ROWS;
        }
      }
      if (end && typeof p === "object") {
        tailStart = endIndex(p, last, lastStart, prev, prevStart);
        if (tailStart === -1)
          continue;
      }
      const shape = this.#shapes[r];
      if (shape === "base" && end)
        return "yes";
      if (shape === "tail" && end) {
        if (this.#level2 && dotPortion(f, 0, tailStart, true, sep2)) {
          return "maybe";
        }
        if (!dotPortion(f, 0, tailStart, dot, sep2))
          return "yes";
        continue;
      }
      if (shape === "mid" || shape === "head") {
        const m = this.#walk(f, row, shape === "head", dot, sep2);
        if (m !== "no")
          return m;
        continue;
      }
      return "maybe";
    }
    return "no";
  }
  // Match a row of a known shape against the split path, the same as
  // #matchGlobstar and #matchGlobStarBodySections do. None of these
  // rows have a drive letter, so they start at the first portion.
  #matchShape(file, row, shape) {
    const dot = !!this.options.dot;
    const n = file.length;
    if (shape === "head") {
      if (n < 2 || !portionMatch(row[0], file[0])) {
        return false;
      }
      for (let i = 1; i < n; i++)
        if (!walkable(file[i], dot))
          return false;
      return true;
    }
    const x = row[1];
    if (shape === "tail") {
      let t = n - 1;
      if (!portionMatch(x, file[t])) {
        if (file[t] !== "" || n === 1 || !portionMatch(x, file[--t])) {
          return false;
        }
      }
      for (let i = 0; i < t; i++)
        if (!walkable(file[i], dot))
          return false;
      return true;
    }
    for (let k = 0; k < n; k++) {
      if (portionMatch(x, file[k]) && k + 1 < n) {
        let i = k + 1;
        while (i < n && walkable(file[i], dot))
          i++;
        if (i === n)
          return true;
      }
      if (!walkable(file[k], dot))
        return false;
    }
    return false;
  }
  // Match a row of `**/x/**` or `x/**` against the path, the same as
  // #matchGlobstar and #matchGlobStarBodySections do once it is split.
  // x must match a portion (the first one, for `x/**`), the ** before
  // it must be able to walk the portions before that one, and there
  // must be a portion after it, which the ** after it can walk. At
  // level 2, this is only known if no portion is `.` or `..`.
  #walk(f, row, head, dot, sep2) {
    if (this.#level2 && dotPortion(f, 0, f.length, true, sep2))
      return "maybe";
    const x = row[head ? 0 : 1];
    let s = 0;
    for (let e = nextSep(f, s, sep2); e !== -1; e = nextSep(f, s, sep2)) {
      let next = e + 1;
      while (next < f.length && isSep(f.charCodeAt(next), sep2))
        next++;
      const hit = typeof x === "string" ? e - s === x.length && f.startsWith(x, s) : e > s && x.testUnchecked(f.slice(s, e));
      if (hit && !dotPortion(f, next, f.length, dot, sep2))
        return "yes";
      if (head || dotPortion(f, s, next, dot, sep2))
        return "no";
      s = next;
    }
    return "no";
  }
  // the last split, if it was the same path with the same split
  // settings
  #cachedSplit(f) {
    const last = lastSplit;
    return last?.f === f && last.isWindows === this.isWindows && last.preserveMultipleSlashes === this.preserveMultipleSlashes && last.normalize === this.#form ? last : void 0;
  }
  // split a path for match(), and keep the parts for the next call
  #split(f) {
    const { isWindows, preserveMultipleSlashes } = this;
    let parts = this.#slashSplit(isWindows ? f.split("\\").join("/") : f);
    const normalize2 = this.#form;
    if (normalize2)
      parts = parts.map((p) => p.normalize(normalize2));
    lastSplit = {
      f,
      isWindows,
      preserveMultipleSlashes,
      normalize: normalize2,
      parts
    };
    return lastSplit;
  }
  // resolve `.` and `..` portions of a path, for level 2
  #levelTwoFileOptimize(file) {
    const parts = [...file];
    let didSomething = false;
    do {
      didSomething = false;
      if (!this.preserveMultipleSlashes) {
        for (let i = 1; i < parts.length - 1; i++) {
          const p = parts[i];
          if (i === 1 && p === "" && parts[0] === "")
            continue;
          if (p === "." || p === "") {
            didSomething = true;
            parts.splice(i, 1);
            i--;
          }
        }
        if (parts[0] === "." && parts.length === 2 && (parts[1] === "." || parts[1] === "")) {
          didSomething = true;
          parts.pop();
        }
      }
      const root = this.#rootIndex(parts) + 1;
      let dd = root;
      while (-1 !== (dd = parts.indexOf("..", dd + 1))) {
        const p = parts[dd - 1];
        if (p && p !== "." && p !== ".." && p !== "**") {
          didSomething = true;
          parts.splice(dd - 1, 2);
          dd = Math.max(dd - 2, root);
        }
      }
    } while (didSomething);
    return parts.length === 0 ? [""] : parts;
  }
  // First phase: single-pattern processing
  // <pre> is 1 or more portions
  // <rest> is 1 or more portions
  // <p> is any portion other than ., .., '', or **
  // <e> is . or ''
  //
  // **/.. is *brutal* for filesystem walking performance, because
  // it effectively resets the recursive walk each time it occurs,
  // and ** cannot be reduced out by a .. pattern part like a regexp
  // or most strings (other than .., ., and '') can be.
  //
  // <pre>/**/../<p>/<p>/<rest> -> {<pre>/../<p>/<p>/<rest>,<pre>/**/<p>/<p>/<rest>}
  // <pre>/<e>/<rest> -> <pre>/<rest>
  // <pre>/<p>/../<rest> -> <pre>/<rest>
  // **/**/<rest> -> **/<rest>
  //
  // **/*/<rest> -> */**/<rest> <== not valid because ** doesn't follow
  // this WOULD be allowed if ** did follow symlinks, or * didn't
  firstPhasePreProcess(globParts) {
    const { braceExpandMax = DEFAULT_BRACE_EXPAND_MAX } = this.options;
    let splitCells = 0;
    const maxSplitCells = 1e6;
    let didSomething = false;
    do {
      didSomething = false;
      for (let parts of globParts) {
        let gs = -1;
        while (-1 !== (gs = parts.indexOf("**", gs + 1))) {
          let gss = gs;
          while (parts[gss + 1] === "**") {
            gss++;
          }
          if (gss > gs) {
            parts.splice(gs + 1, gss - gs);
          }
          let next = parts[gs + 1];
          const p = parts[gs + 2];
          const p2 = parts[gs + 3];
          if (next !== "..")
            continue;
          if (!p || p === "." || p === ".." || !p2 || p2 === "." || p2 === "..") {
            continue;
          }
          const addedCells = parts.length - 1;
          if (globParts.length >= braceExpandMax || splitCells + addedCells > maxSplitCells) {
            throw new RangeError(`optimizationLevel 2: too many patterns from '**/..'`);
          }
          didSomething = true;
          parts.splice(gs, 1);
          const other = parts.slice(0);
          other[gs] = "**";
          splitCells += addedCells;
          globParts.push(other);
          gs--;
        }
        if (!this.preserveMultipleSlashes) {
          for (let i = 1; i < parts.length - 1; i++) {
            const p = parts[i];
            if (i === 1 && p === "" && parts[0] === "")
              continue;
            if (p === "." || p === "") {
              didSomething = true;
              parts.splice(i, 1);
              i--;
            }
          }
          if (parts[0] === "." && parts.length === 2 && (parts[1] === "." || parts[1] === "")) {
            didSomething = true;
            parts.pop();
          }
        }
        const root = this.#rootIndex(parts) + 1;
        let dd = root;
        while (-1 !== (dd = parts.indexOf("..", dd + 1))) {
          const p = parts[dd - 1];
          if (p && p !== "." && p !== ".." && p !== "**") {
            didSomething = true;
            const needDot = dd === 1 && parts[dd + 1] === "**";
            const splin = needDot ? ["."] : [];
            parts.splice(dd - 1, 2, ...splin);
            if (parts.length === 0)
              parts.push("");
            dd = Math.max(dd - 2, root);
          }
        }
      }
    } while (didSomething);
    return globParts;
  }
  // second phase: multi-pattern dedupes
  // {<pre>/<rest>,<pre>/<rest>} -> <pre>/<rest>
  // {<pre>/*/<rest>,<pre>/<p>/<rest>} -> <pre>/*/<rest>
  secondPhasePreProcess(globParts) {
    const keys = /* @__PURE__ */ new Set();
    const rows = globParts.filter((parts) => {
      const key = parts.join("/");
      if (keys.has(key))
        return false;
      keys.add(key);
      return true;
    });
    const stars = /* @__PURE__ */ new Map();
    for (const parts of rows) {
      const s = [];
      for (let i = 0; i < parts.length; i++) {
        if (parts[i] === "*")
          s.push(i);
      }
      if (s.length)
        stars.set(s.join(","), s);
    }
    if (!stars.size || rows.length * stars.size > 1e5)
      return rows;
    const { dot } = this.options;
    return rows.filter((parts) => {
      for (const s of stars.values()) {
        if (s[s.length - 1] >= parts.length)
          continue;
        const c = [...parts];
        let ok = true;
        let changed = false;
        for (const i of s) {
          const p = parts[i];
          if (p === "*")
            continue;
          if (!p || p === "**" || !dot && p.startsWith(".")) {
            ok = false;
            break;
          }
          c[i] = "*";
          changed = true;
        }
        if (ok && changed && keys.has(c.join("/")))
          return false;
      }
      return true;
    });
  }
  parseNegate() {
    if (this.nonegate)
      return;
    const pattern = this.pattern;
    let negate = false;
    let negateOffset = 0;
    for (let i = 0; i < pattern.length && pattern.charAt(i) === "!"; i++) {
      negate = !negate;
      negateOffset++;
    }
    if (negateOffset)
      this.pattern = pattern.slice(negateOffset);
    this.negate = negate;
  }
  // Match the parts of a path against one row of the set. `resolved`
  // is the parts after level 2 resolves `.` and `..` in them, or the
  // same parts below level 2. Set partial to true to test if, for
  // example, "/a/b" matches the start of "/*/b/*/d". Partial means, if
  // you run out of file before you run out of pattern, then that's
  // fine, as long as all the parts match.
  #matchRow(file, resolved, pattern, partial) {
    let fileStartIndex = 0;
    let patternStartIndex = 0;
    const fh = this.isWindows ? uncHost(resolved) : -1;
    const ph = fh === -1 ? -1 : uncHost(pattern);
    if (ph !== -1) {
      const host = pattern[ph];
      const share = pattern[ph + 1];
      if (typeof host !== "string" || typeof share !== "string") {
        fileStartIndex = fh;
        patternStartIndex = ph;
      } else if (resolved[fh].toLowerCase() === host.toLowerCase() && resolved[fh + 1].toLowerCase() === share.toLowerCase()) {
        fileStartIndex = fh + 2;
        patternStartIndex = ph + 2;
      }
    } else if (this.isWindows) {
      const fileDrive = typeof file[0] === "string" && /^[a-z]:$/i.test(file[0]);
      const fileUNC = !fileDrive && file[0] === "" && file[1] === "" && file[2] === "?" && /^[a-z]:$/i.test(file[3]);
      const patternDrive = typeof pattern[0] === "string" && /^[a-z]:$/i.test(pattern[0]);
      const patternUNC = !patternDrive && pattern[0] === "" && pattern[1] === "" && pattern[2] === "?" && typeof pattern[3] === "string" && /^[a-z]:$/i.test(pattern[3]);
      const fdi = fileUNC ? 3 : fileDrive ? 0 : void 0;
      const pdi = patternUNC ? 3 : patternDrive ? 0 : void 0;
      if (typeof fdi === "number" && typeof pdi === "number") {
        const [fd, pd] = [
          file[fdi],
          pattern[pdi]
        ];
        if (fd.toLowerCase() === pd.toLowerCase()) {
          patternStartIndex = pdi + 1;
          fileStartIndex = fdi + 1;
        }
      }
    }
    file = resolved;
    if (pattern.includes(GLOBSTAR)) {
      return this.#matchGlobstar(file, pattern, partial, fileStartIndex, patternStartIndex);
    }
    return this.#matchOne(file, pattern, partial, fileStartIndex, patternStartIndex);
  }
  #matchGlobstar(file, pattern, partial, fileIndex, patternIndex) {
    const { head, body, tail, segments } = this.#getGlobstarParts(pattern, partial, patternIndex);
    if (head.length) {
      const headEnd = fileIndex + head.length;
      if (!this.#matchOne(file, head, partial, fileIndex, 0, headEnd)) {
        return false;
      }
      fileIndex += head.length;
      patternIndex += head.length;
    }
    let fileTailMatch = 0;
    if (tail.length) {
      if (tail.length + fileIndex > file.length)
        return false;
      let tailStart = file.length - tail.length;
      if (this.#matchOne(file, tail, partial, tailStart, 0)) {
        fileTailMatch = tail.length;
      } else {
        if (file[file.length - 1] !== "" || fileIndex + tail.length === file.length) {
          return false;
        }
        tailStart--;
        if (!this.#matchOne(file, tail, partial, tailStart, 0)) {
          return false;
        }
        fileTailMatch = tail.length + 1;
      }
    }
    if (!body.length) {
      let sawSome = !!fileTailMatch;
      for (let i = fileIndex; i < file.length - fileTailMatch; i++) {
        const f = String(file[i]);
        sawSome = true;
        if (f === "." || f === ".." || !this.options.dot && f.startsWith(".")) {
          return false;
        }
      }
      return partial || sawSome;
    }
    return !!this.#matchGlobStarBodySections(file, segments, file.length - fileTailMatch, fileIndex, 0, partial, 0, !!fileTailMatch, /* @__PURE__ */ new Set());
  }
  // Split the pattern into head, tail, and middle of ** delimited
  // parts. The tail has to be at the end, and the others just have to
  // be found in order from the head. These only depend on the pattern
  // row, so they are kept for the next path.
  #getGlobstarParts(pattern, partial, patternIndex) {
    let byStart = this.#globstarParts.get(pattern);
    if (!byStart) {
      byStart = [];
      this.#globstarParts.set(pattern, byStart);
    }
    const key = patternIndex * 2 + (partial ? 1 : 0);
    const found = byStart[key];
    if (found)
      return found;
    const firstgs = pattern.indexOf(GLOBSTAR, patternIndex);
    const lastgs = pattern.lastIndexOf(GLOBSTAR);
    const head = pattern.slice(patternIndex, firstgs);
    const body = pattern.slice(firstgs + 1, partial ? void 0 : lastgs);
    const tail = partial ? [] : pattern.slice(lastgs + 1);
    const segments = [[[], 0]];
    let current = segments[0];
    let nonGsParts = 0;
    const nonGsPartsSums = [0];
    for (const b of body) {
      if (b === GLOBSTAR) {
        nonGsPartsSums.push(nonGsParts);
        current = [[], 0];
        segments.push(current);
      } else {
        current[0].push(b);
        nonGsParts++;
      }
    }
    segments.forEach((b, i) => {
      b[1] = nonGsParts - nonGsPartsSums[i];
    });
    const parts = { head, body, tail, segments };
    byStart[key] = parts;
    return parts;
  }
  // return false for "nope, not matching"
  // return null for "not matching, cannot keep trying"
  #matchGlobStarBodySections(file, bodySegments, fileLength, fileIndex, bodyIndex, partial, globStarDepth, sawTail, tried) {
    const bs = bodySegments[bodyIndex];
    if (!bs) {
      if (partial) {
        return fileIndex >= fileLength || fileIndex === fileLength - 1 && file[fileIndex] === "";
      }
      for (let i = fileIndex; i < fileLength; i++) {
        sawTail = true;
        const f = file[i];
        if (f === "." || f === ".." || !this.options.dot && f.startsWith(".")) {
          return false;
        }
      }
      return sawTail;
    }
    const [body, need] = bs;
    const after = partial ? fileLength : fileLength - need;
    while (fileIndex <= after) {
      const key = bodyIndex * (file.length + 1) + fileIndex;
      if (tried.has(key))
        return false;
      tried.add(key);
      const m = this.#matchOne(file, body, partial, fileIndex, 0, fileIndex + body.length);
      if (m && globStarDepth < this.maxGlobstarRecursion) {
        const sub = this.#matchGlobStarBodySections(file, bodySegments, fileLength, fileIndex + body.length, bodyIndex + 1, partial, globStarDepth + 1, sawTail, tried);
        if (sub !== false) {
          return sub;
        }
      }
      if (fileIndex === after)
        break;
      const f = file[fileIndex];
      if (f === "." || f === ".." || !this.options.dot && f.startsWith(".")) {
        return false;
      }
      fileIndex++;
    }
    return partial || null;
  }
  #matchOne(file, pattern, partial, fileIndex, patternIndex, fileEnd = file.length) {
    let fi;
    let pi;
    let pl;
    let fl;
    for (fi = fileIndex, pi = patternIndex, fl = Math.min(fileEnd, file.length), pl = pattern.length; fi < fl && pi < pl; fi++, pi++) {
      let p = pattern[pi];
      let f = file[fi];
      if (p === false || p === GLOBSTAR) {
        return false;
      }
      if (!portionMatch(p, f))
        return false;
    }
    if (fi === fl && pi === pl) {
      return true;
    } else if (fi === fl) {
      return partial;
    } else if (pi === pl) {
      return fi === fl - 1 && file[fi] === "";
    } else {
      throw new Error("wtf?");
    }
  }
  braceExpand() {
    return braceExpand(this.pattern, this.options);
  }
  // Expand braces, except numeric ranges such as {0..999} with at
  // least RANGE_MIN values. Each of those stays in its pattern as
  // `<mark>0..999<mark>`, for the Matcher to test. If a range might
  // be inside a [...] class, expand all of them instead.
  #expandBraces() {
    const { pattern } = this;
    if (this.options.nobrace)
      return this.braceExpand();
    let code = 57344;
    while (pattern.includes(String.fromCharCode(code))) {
      if (++code > 63743)
        return this.braceExpand();
    }
    const mark2 = String.fromCharCode(code);
    let found = false;
    const marked = pattern.replace(rangeRe, (m, lo, hi) => {
      const a = Number(lo);
      const b = Number(hi);
      if (!Number.isSafeInteger(a) || !Number.isSafeInteger(b) || Math.abs(a - b) + 1 < RANGE_MIN) {
        return m;
      }
      found = true;
      return `${mark2}${lo}..${hi}${mark2}`;
    });
    if (!found)
      return this.braceExpand();
    const set = braceExpand(marked, this.options);
    for (const p of set) {
      for (const portion of p.split("/")) {
        const c = portion.indexOf("[");
        if (c !== -1 && c < portion.lastIndexOf(mark2)) {
          return this.braceExpand();
        }
        if (!this.options.noext && inRepeatOrNegExt(portion, mark2)) {
          return this.braceExpand();
        }
      }
    }
    this.#rangeMark = mark2;
    return set;
  }
  parse(pattern) {
    assertValidPattern(pattern);
    const options = this.options;
    if (pattern === "**")
      return GLOBSTAR;
    if (pattern === "")
      return "";
    const { nocase, nocaseMagicOnly, noext = false, dot, normalize: normalize2 } = options;
    const rangeMark = this.#rangeMark;
    const lit2 = rangeMark && pattern.includes(rangeMark) ? void 0 : literal(pattern, noext);
    if (lit2 !== void 0 && !(nocase && !nocaseMagicOnly && pattern.toUpperCase() !== pattern.toLowerCase())) {
      return this.#norm(lit2);
    }
    if (this.#pending)
      return PENDING;
    let m = this.#matchers.get(pattern);
    if (!m) {
      if (!noext)
        assertValidExtglobs(pattern);
      m = new Matcher(pattern, {
        nocase,
        noext,
        dot,
        normalize: normalize2,
        ...rangeMark && { rangeMark }
      });
      this.#matchers.set(pattern, m);
    }
    return m;
  }
  #slashSplit(p) {
    if (this.preserveMultipleSlashes) {
      return p.split("/");
    } else if (this.isWindows && /^\/\/[^/]+/.test(p)) {
      return ["", ...p.split(/\/+/)];
    } else {
      return p.split(/\/+/);
    }
  }
  match(f, partial = this.partial) {
    if (this.comment) {
      return false;
    }
    if (this.empty) {
      return f === "";
    }
    if (f === "/" && partial) {
      return true;
    }
    const options = this.options;
    let split = this.#cachedSplit(f);
    if (!split) {
      if (!partial && !this.#form && (this.#endCheck || this.#literalCheck) && lastChecked !== f) {
        lastChecked = f;
        const can = this.#canMatch(f);
        if (can === "no")
          return options.flipNegate ? false : this.negate;
        if (can === "yes")
          return options.flipNegate ? true : !this.negate;
      }
      split = this.#split(f);
    }
    const ff = split.parts;
    const resolved = this.#level2 ? split.resolved ??= this.#levelTwoFileOptimize(ff) : ff;
    const set = this.set;
    let filename = ff[ff.length - 1];
    if (!filename) {
      for (let i = ff.length - 2; !filename && i >= 0; i--) {
        filename = ff[i];
      }
    }
    for (let r = 0; r < set.length; r++) {
      const pattern = set[r];
      const shape = partial ? void 0 : this.#shapes[r];
      const hit = shape === "base" ? portionMatch(pattern[0], filename) : shape ? this.#matchShape(resolved, pattern, shape) : options.matchBase && pattern.length === 1 ? this.#matchRow([filename], [filename], pattern, partial) : this.#matchRow(ff, resolved, pattern, partial);
      if (hit) {
        if (options.flipNegate) {
          return true;
        }
        return !this.negate;
      }
    }
    if (options.flipNegate) {
      return false;
    }
    return this.negate;
  }
  static defaults(def) {
    return minimatch.defaults(def).Minimatch;
  }
};
minimatch.Minimatch = Minimatch;
minimatch.escape = escape;
minimatch.unescape = unescape;

// src/catalog/grant-subjects.ts
var GRANT_SUBJECTS = [
  // AWS managed-policy attachments and inline policies: the principal they are attached to.
  { type: "aws_iam_role_policy_attachment", attributes: ["role"], names: "grantee", source: "AWSd:iam_role_policy_attachment (role)" },
  { type: "aws_iam_user_policy_attachment", attributes: ["user"], names: "grantee", source: "AWSd:iam_user_policy_attachment (user)" },
  { type: "aws_iam_group_policy_attachment", attributes: ["group"], names: "grantee", source: "AWSd:iam_group_policy_attachment (group)" },
  { type: "aws_iam_policy_attachment", attributes: ["users", "roles", "groups"], names: "grantee", source: "AWSd:iam_policy_attachment L78-81 (users, roles, groups)" },
  { type: "aws_ssoadmin_managed_policy_attachment", attributes: ["instance_arn", "permission_set_arn"], names: "grantee", source: "AWSd:ssoadmin_managed_policy_attachment" },
  { type: "aws_iam_role_policy", attributes: ["role"], names: "grantee", source: "AWSd:iam_role_policy (role)" },
  { type: "aws_iam_user_policy", attributes: ["user"], names: "grantee", source: "AWSd:iam_user_policy (user)" },
  { type: "aws_iam_group_policy", attributes: ["group"], names: "grantee", source: "AWSd:iam_group_policy (group)" },
  { type: "aws_ssoadmin_permission_set_inline_policy", attributes: ["instance_arn", "permission_set_arn"], names: "grantee", source: "AWSd:ssoadmin_permission_set_inline_policy" },
  // The role itself receives managed_policy_arns and inline_policy, and is what assume_role_policy opens.
  // Whoever the trust policy lets assume the role receives what the role is granted.
  { type: "aws_iam_role", attributes: ["name", "assume_role_policy"], policyDocuments: ["assume_role_policy"], names: "grantee", source: "AWSd:iam_role (name, assume_role_policy)" },
  // Grants written as attributes: which function, which version or alias, which action.
  { type: "aws_lambda_permission", attributes: ["function_name", "qualifier", "action"], names: "target", source: "AWSd:lambda_permission (function_name, qualifier, action)" },
  { type: "aws_lambda_function_url", attributes: ["function_name", "qualifier"], names: "target", source: "AWSd:lambda_function_url" },
  // Resource policies and public settings held by a separate resource: the object they open.
  { type: "aws_s3_bucket_policy", attributes: ["bucket"], names: "target", source: "AWSd:s3_bucket_policy (bucket)" },
  { type: "aws_s3_bucket_acl", attributes: ["bucket"], names: "target", source: "AWSd:s3_bucket_acl (bucket)" },
  { type: "aws_s3_bucket_public_access_block", attributes: ["bucket"], names: "target", source: "AWSd:s3_bucket_public_access_block (bucket)" },
  { type: "aws_s3_access_point", attributes: ["bucket"], names: "target", source: "AWSd:s3_access_point (bucket: the bucket the access point and its policy open)" },
  { type: "aws_sqs_queue_policy", attributes: ["queue_url"], names: "target", source: "AWSd:sqs_queue_policy (queue_url)" },
  { type: "aws_sns_topic_policy", attributes: ["arn"], names: "target", source: "AWSd:sns_topic_policy (arn)" },
  { type: "aws_kms_key_policy", attributes: ["key_id"], names: "target", source: "AWSd:kms_key_policy (key_id)" },
  { type: "aws_ecr_repository_policy", attributes: ["repository"], names: "target", source: "AWSd:ecr_repository_policy (repository)" },
  { type: "aws_secretsmanager_secret_policy", attributes: ["secret_arn"], names: "target", source: "AWSd:secretsmanager_secret_policy (secret_arn)" },
  { type: "aws_efs_file_system_policy", attributes: ["file_system_id"], names: "target", source: "AWSd:efs_file_system_policy (file_system_id)" },
  { type: "aws_backup_vault_policy", attributes: ["backup_vault_name"], names: "target", source: "AWSd:backup_vault_policy (backup_vault_name)" },
  { type: "aws_opensearch_domain_policy", attributes: ["domain_name"], names: "target", source: "AWSd:opensearch_domain_policy (domain_name)" },
  { type: "aws_elasticsearch_domain_policy", attributes: ["domain_name"], names: "target", source: "AWSd:elasticsearch_domain_policy (domain_name)" },
  { type: "aws_api_gateway_rest_api_policy", attributes: ["rest_api_id"], names: "target", source: "AWSd:api_gateway_rest_api_policy (rest_api_id)" },
  // AWS ingress rules written as their own resource: the security group they open.
  { type: "aws_security_group_rule", attributes: ["security_group_id"], names: "target", source: "AWSd:security_group_rule (security_group_id)" },
  { type: "aws_vpc_security_group_ingress_rule", attributes: ["security_group_id"], names: "target", source: "AWSd:vpc_security_group_ingress_rule (security_group_id)" },
  { type: "aws_security_group", attributes: ["vpc_id"], names: "target", source: "AWSd:security_group (vpc_id)" },
  { type: "aws_default_security_group", attributes: ["vpc_id"], names: "target", source: "AWSd:default_security_group (vpc_id: whose default group it manages)" },
  // Azure: who an assignment is for (its role and scope are in the grant itself).
  { type: "azurerm_role_assignment", attributes: ["principal_id"], names: "grantee", source: "AZd:role_assignment (principal_id)" },
  { type: "azurerm_network_security_rule", attributes: ["resource_group_name", "network_security_group_name"], names: "target", source: "AZd:network_security_rule" },
  { type: "azurerm_mssql_firewall_rule", attributes: ["server_id"], names: "target", source: "AZd:mssql_firewall_rule (server_id)" },
  { type: "azurerm_mysql_flexible_server_firewall_rule", attributes: ["resource_group_name", "server_name"], names: "target", source: "AZd:mysql_flexible_server_firewall_rule" },
  { type: "azurerm_postgresql_flexible_server_firewall_rule", attributes: ["resource_group_name", "server_name"], names: "target", source: "AZd:postgresql_flexible_server_firewall_rule" },
  { type: "azurerm_redis_firewall_rule", attributes: ["resource_group_name", "redis_cache_name"], names: "target", source: "AZd:redis_firewall_rule" },
  { type: "azurerm_synapse_firewall_rule", attributes: ["synapse_workspace_id"], names: "target", source: "AZd:synapse_firewall_rule" },
  // Google IAM (member, binding and policy alike): the organization, folder, project or resource granted on.
  { type: "google_organization_iam_*", attributes: ["org_id"], names: "target", source: "GCd:google_organization_iam (org_id)" },
  { type: "google_folder_iam_*", attributes: ["folder"], names: "target", source: "GCd:google_folder_iam (folder)" },
  { type: "google_project_iam_*", attributes: ["project"], names: "target", source: "GCd:google_project_iam (project)" },
  { type: "google_storage_bucket_iam_*", attributes: ["bucket"], names: "target", source: "GCd:storage_bucket_iam (bucket)" },
  { type: "google_service_account_iam_*", attributes: ["service_account_id"], names: "target", source: "GCd:google_service_account_iam (service_account_id)" },
  { type: "google_bigquery_dataset_iam_*", attributes: ["project", "dataset_id"], names: "target", source: "GCd:bigquery_dataset_iam" },
  { type: "google_bigquery_table_iam_*", attributes: ["project", "dataset_id", "table_id"], names: "target", source: "GCd:bigquery_table_iam" },
  { type: "google_pubsub_topic_iam_*", attributes: ["project", "topic"], names: "target", source: "GCd:pubsub_topic_iam" },
  { type: "google_pubsub_subscription_iam_*", attributes: ["project", "subscription"], names: "target", source: "GCd:pubsub_subscription_iam" },
  { type: "google_secret_manager_secret_iam_*", attributes: ["project", "secret_id"], names: "target", source: "GCd:secret_manager_secret_iam" },
  { type: "google_kms_crypto_key_iam_*", attributes: ["crypto_key_id"], names: "target", source: "GCd:kms_crypto_key_iam" },
  { type: "google_kms_key_ring_iam_*", attributes: ["key_ring_id"], names: "target", source: "GCd:kms_key_ring_iam" },
  { type: "google_cloud_run_service_iam_*", attributes: ["project", "location", "service"], names: "target", source: "GCd:cloud_run_service_iam" },
  { type: "google_cloud_run_v2_service_iam_*", attributes: ["project", "location", "name"], names: "target", source: "GCd:cloud_run_v2_service_iam" },
  { type: "google_cloudfunctions_function_iam_*", attributes: ["project", "region", "cloud_function"], names: "target", source: "GCd:cloudfunctions_function_iam" },
  { type: "google_artifact_registry_repository_iam_*", attributes: ["project", "location", "repository"], names: "target", source: "GCd:artifact_registry_repository_iam" },
  // Google firewalls: which network and which instances (tags, service accounts) a rule opens.
  { type: "google_compute_firewall", attributes: ["project", "network", "target_tags", "target_service_accounts"], names: "target", source: "GCd:compute_firewall (network, target_tags, target_service_accounts)" },
  { type: "google_compute_firewall_policy_rule", attributes: ["firewall_policy", "target_resources", "target_service_accounts"], names: "target", source: "GCd:compute_firewall_policy_rule" },
  { type: "google_compute_network_firewall_policy_rule", attributes: ["project", "firewall_policy", "target_service_accounts"], names: "target", source: "GCd:compute_network_firewall_policy_rule" },
  { type: "google_compute_region_network_firewall_policy_rule", attributes: ["project", "region", "firewall_policy", "target_service_accounts"], names: "target", source: "GCd:compute_region_network_firewall_policy_rule" }
];
var ROLE_TRUST = { type: "aws_iam_role", name: "name", trust: "assume_role_policy", source: "AWSd:iam_role (name, assume_role_policy)" };
var cache2 = /* @__PURE__ */ new Map();
function grantSubjectAttributes(type) {
  let attributes = cache2.get(type);
  if (!attributes) {
    attributes = [...new Set(GRANT_SUBJECTS.filter((row) => row.type === type || minimatch(type, row.type)).flatMap((row) => row.attributes))];
    cache2.set(type, attributes);
  }
  return attributes;
}

// src/catalog/iam-policy-attributes.ts
var EACH_ELEMENT = "[]";
var AWS_POLICY_ATTRIBUTES = [
  { type: "aws_iam_policy", path: ["policy"], kind: "identity", source: "AWSd:iam_policy L48" },
  { type: "aws_iam_role_policy", path: ["policy"], kind: "identity", source: "AWSd:iam_role_policy L67-68" },
  { type: "aws_iam_user_policy", path: ["policy"], kind: "identity", source: "AWSd:iam_user_policy" },
  { type: "aws_iam_group_policy", path: ["policy"], kind: "identity", source: "AWSd:iam_group_policy" },
  { type: "aws_iam_role", path: ["inline_policy", EACH_ELEMENT, "policy"], kind: "identity", computed: true, source: "AWSd:iam_role L179-203" },
  { type: "aws_iam_role", path: ["assume_role_policy"], kind: "trust", source: "AWSd:iam_role L15" },
  { type: "aws_ssoadmin_permission_set_inline_policy", path: ["inline_policy"], kind: "identity", source: "rule-catalog.md §4.1 (CKV_AWS_62/63)" },
  { type: "aws_s3_bucket_policy", path: ["policy"], kind: "resource", source: "AWSd:s3_bucket_policy L54" },
  { type: "aws_s3_bucket", path: ["policy"], kind: "resource", computed: true, source: "AWSd:s3_bucket (legacy policy argument)" },
  { type: "aws_s3_access_point", path: ["policy"], kind: "resource", computed: true, source: "AWSd:s3_access_point" },
  { type: "aws_sqs_queue_policy", path: ["policy"], kind: "resource", source: "AWSd:sqs_queue_policy L53" },
  { type: "aws_sqs_queue", path: ["policy"], kind: "resource", computed: true, source: "AWSd:sqs_queue L111" },
  { type: "aws_sns_topic_policy", path: ["policy"], kind: "resource", source: "AWSd:sns_topic_policy L73-74" },
  { type: "aws_sns_topic", path: ["policy"], kind: "resource", computed: true, source: "AWSd:sns_topic" },
  { type: "aws_kms_key", path: ["policy"], kind: "resource", computed: true, source: "AWSd:kms_key L36" },
  { type: "aws_kms_key_policy", path: ["policy"], kind: "resource", source: "AWSd:kms_key_policy" },
  { type: "aws_ecr_repository_policy", path: ["policy"], kind: "resource", source: "AWSd:ecr_repository_policy L62" },
  { type: "aws_secretsmanager_secret", path: ["policy"], kind: "resource", computed: true, source: "AWSd:secretsmanager_secret L31" },
  { type: "aws_secretsmanager_secret_policy", path: ["policy"], kind: "resource", source: "AWSd:secretsmanager_secret_policy" },
  { type: "aws_glacier_vault", path: ["access_policy"], kind: "resource", source: "rule-catalog.md §4.1 (CKV_AWS_167)" },
  { type: "aws_efs_file_system_policy", path: ["policy"], kind: "resource", source: "AWSd:efs_file_system_policy" },
  { type: "aws_backup_vault_policy", path: ["policy"], kind: "resource", source: "AWSd:backup_vault_policy" },
  { type: "aws_opensearch_domain", path: ["access_policies"], kind: "resource", computed: true, source: "AWSd:opensearch_domain" },
  { type: "aws_opensearch_domain_policy", path: ["access_policies"], kind: "resource", source: "AWSd:opensearch_domain_policy" },
  { type: "aws_elasticsearch_domain", path: ["access_policies"], kind: "resource", computed: true, source: "AWSd:elasticsearch_domain" },
  { type: "aws_elasticsearch_domain_policy", path: ["access_policies"], kind: "resource", source: "AWSd:elasticsearch_domain_policy" },
  { type: "aws_api_gateway_rest_api", path: ["policy"], kind: "resource", computed: true, source: "AWSd:api_gateway_rest_api" },
  { type: "aws_api_gateway_rest_api_policy", path: ["policy"], kind: "resource", source: "AWSd:api_gateway_rest_api_policy" },
  { type: "aws_dynamodb_resource_policy", path: ["policy"], kind: "resource", source: "registry: aws/docs/resources/dynamodb_resource_policy (policy)" },
  { type: "aws_vpc_endpoint", path: ["policy"], kind: "resource", computed: true, source: "registry: aws/docs/resources/vpc_endpoint (policy, Optional + Computed: full access by default)" },
  { type: "aws_vpc_endpoint_policy", path: ["policy"], kind: "resource", source: "registry: aws/docs/resources/vpc_endpoint_policy (policy)" },
  { type: "aws_ecr_registry_policy", path: ["policy"], kind: "resource", source: "registry: aws/docs/resources/ecr_registry_policy (policy)" },
  { type: "aws_cloudwatch_log_resource_policy", path: ["policy_document"], kind: "resource", source: "registry: aws/docs/resources/cloudwatch_log_resource_policy (policy_document)" },
  { type: "aws_s3control_bucket_policy", path: ["policy"], kind: "resource", source: "registry: aws/docs/resources/s3control_bucket_policy (policy)" },
  { type: "aws_glue_resource_policy", path: ["policy"], kind: "resource", source: "registry: aws/docs/resources/glue_resource_policy (policy)" },
  { type: "aws_cloudwatch_event_bus_policy", path: ["policy"], kind: "resource", source: "registry: aws/docs/resources/cloudwatch_event_bus_policy (policy)" }
];
function awsPolicyArguments(type) {
  return AWS_POLICY_ATTRIBUTES.filter((row) => row.type === type && row.path.length === 1).map((row) => row.path[0]);
}
var AWS_MANAGED_POLICY_ATTACHMENTS = [
  { type: "aws_iam_role_policy_attachment", attribute: "policy_arn", list: false, source: "AWSd:iam_role_policy_attachment L62-63" },
  { type: "aws_iam_user_policy_attachment", attribute: "policy_arn", list: false, source: "rule-catalog.md §4.1" },
  { type: "aws_iam_group_policy_attachment", attribute: "policy_arn", list: false, source: "rule-catalog.md §4.1" },
  { type: "aws_iam_policy_attachment", attribute: "policy_arn", list: false, source: "AWSd:iam_policy_attachment L13, L78-81" },
  { type: "aws_iam_role", attribute: "managed_policy_arns", list: true, computed: true, source: "AWSd:iam_role L179-203" },
  { type: "aws_ssoadmin_managed_policy_attachment", attribute: "managed_policy_arn", list: false, source: "rule-catalog.md §4.1 (CKV_AWS_274)" }
];
var AWS_PRINCIPAL_ATTRIBUTES = [
  {
    type: "aws_lambda_permission",
    principal: "principal",
    limitedBy: ["source_arn", "source_account", "principal_org_id"],
    grants: "invoke it",
    source: "AWSd:lambda_permission L230-244"
  },
  {
    type: "aws_lambda_layer_version_permission",
    principal: "principal",
    limitedBy: ["organization_id"],
    grants: "use the layer version",
    source: 'registry: aws/docs/resources/lambda_layer_version_permission (principal "*" = all AWS accounts; organization_id)'
  }
];
var GOOGLE_IAM_CARRIERS = [
  { suffix: "_iam_member", shape: "member", attributes: ["role", "member"], source: "GCd:google_project_iam L169-196" },
  { suffix: "_iam_binding", shape: "binding", attributes: ["role", "members"], source: "GCd:google_project_iam L169-196" },
  { suffix: "_iam_policy", shape: "policy", attributes: ["policy_data"], source: "GCd:google_project_iam L25-30 (policy_data JSON: bindings[].role, members[])" }
];
var AZURE_ROLE_ASSIGNMENT = {
  type: "azurerm_role_assignment",
  scope: "scope",
  roleName: "role_definition_name",
  roleId: "role_definition_id",
  source: "AZd:role_assignment L180-206"
};
var AZURE_ROLE_DEFINITION = {
  type: "azurerm_role_definition",
  permissions: "permissions",
  actionLists: ["actions", "data_actions"],
  source: "AZd:role_definition L70-92"
};

// src/plan/configuration.ts
function referencedArguments(type) {
  return [.../* @__PURE__ */ new Set([...grantSubjectAttributes(type), ...awsPolicyArguments(type)])];
}
function configuredType(address) {
  if (typeof address !== "string") return "";
  const [first = "", second = ""] = address.split(".", 2);
  return first === "data" ? second : first;
}

// src/plan/values.ts
function pruneMarks(mask) {
  return prunedBelow(mask);
}
function prunedBelow(mask) {
  if (mask === null || typeof mask !== "object") return mask === true;
  if (Array.isArray(mask)) {
    let items = null;
    let any = false;
    for (let index = 0; index < mask.length; index++) {
      const item = mask[index];
      const pruned = prunedBelow(item);
      if (pruned !== false) any = true;
      if (pruned !== item && items === null) items = mask.slice(0, index);
      if (items !== null) items.push(pruned);
    }
    return any ? items ?? mask : false;
  }
  const record = mask;
  let kept = null;
  let changed = false;
  for (const key in record) {
    if (!Object.prototype.hasOwnProperty.call(record, key)) continue;
    const item = record[key];
    const pruned = prunedBelow(item);
    if (pruned !== item) changed = true;
    if (pruned === false) continue;
    kept ??= {};
    setOwnKey(kept, key, pruned);
  }
  if (kept === null) return false;
  return changed ? kept : mask;
}
function setOwnKey(target, key, value) {
  if (key === "__proto__") Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

// src/catalog/backup-guards.ts
var NO_FINAL_SNAPSHOT = "no final snapshot is taken when it is destroyed";
function skipFinalSnapshot(type, source, defaultWhenOmitted = false) {
  return { type, path: ["skip_final_snapshot"], weakening: "set-true", defaultWhenOmitted, finalCopy: true, onCreate: true, effect: NO_FINAL_SNAPSHOT, source };
}
function retention(type, path2, defaultWhenOmitted, effect, source, onCreate = true) {
  return { type, path: path2, weakening: "lowered", defaultWhenOmitted, finalCopy: false, onCreate, effect, source };
}
var AUTOMATED_BACKUPS = "automated backups are kept for fewer days (0 turns them off)";
var BACKUP_GUARDS = [
  // --- AWS relational databases ---
  skipFinalSnapshot("aws_db_instance", "AWSs:rds/instance.go L614-617, L2432-2443; AWSd:db_instance L397"),
  { type: "aws_db_instance", path: ["delete_automated_backups"], weakening: "set-true", defaultWhenOmitted: true, finalCopy: false, onCreate: false, effect: "automated backups (point-in-time recovery) are deleted with the instance", source: "AWSs:rds/instance.go L235-238" },
  // Create always sends the zero value when omitted: backups are off unless set (rule-catalog §6 item 2).
  {
    ...retention("aws_db_instance", ["backup_retention_period"], 0, AUTOMATED_BACKUPS, "AWSs:rds/instance.go L144-149, L1546; https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_WorkingWithAutomatedBackups.html (retention 0 disables backups and deletes the existing automated backups)"),
    zeroDeletesBackups: true,
    copiedFrom: ["snapshot_identifier", "replicate_source_db", "restore_to_point_in_time", "s3_import"]
  },
  skipFinalSnapshot("aws_rds_cluster", "AWSs:rds/cluster.go L502-505; AWSd:rds_cluster L252"),
  { type: "aws_rds_cluster", path: ["delete_automated_backups"], weakening: "set-true", defaultWhenOmitted: true, finalCopy: false, onCreate: false, effect: "automated backups are deleted with the cluster", source: "AWSd:rds_cluster L221" },
  retention("aws_rds_cluster", ["backup_retention_period"], 1, AUTOMATED_BACKUPS, "AWSd:rds_cluster L210; AWSs:rds/cluster.go L96-101"),
  skipFinalSnapshot("aws_docdb_cluster", "AWSs:docdb/cluster.go L225-228, L653-656"),
  retention("aws_docdb_cluster", ["backup_retention_period"], 1, AUTOMATED_BACKUPS, "AWSs:docdb/cluster.go L77-82"),
  skipFinalSnapshot("aws_neptune_cluster", "AWSs:neptune/cluster.go L271-274, L753-763"),
  retention("aws_neptune_cluster", ["backup_retention_period"], 1, AUTOMATED_BACKUPS, "AWSs:neptune/cluster.go L88-93"),
  skipFinalSnapshot("aws_neptune_cluster_instance", "AWSd:neptune_cluster_instance L62", null),
  skipFinalSnapshot("aws_redshift_cluster", "AWSs:redshift/cluster.go L351-354, L1003-1010; AWSd:redshift_cluster L78"),
  retention("aws_redshift_cluster", ["automated_snapshot_retention_period"], 1, "automated snapshots are kept for fewer days (0 turns them off)", "AWSd:redshift_cluster L96-105"),
  skipFinalSnapshot("aws_lightsail_database", "AWSd:lightsail_database L117-118", null),
  // --- AWS caches: no final snapshot name means no final snapshot ---
  ...["aws_elasticache_cluster", "aws_elasticache_replication_group"].flatMap((type) => [
    { type, path: ["final_snapshot_identifier"], weakening: "cleared", defaultWhenOmitted: null, finalCopy: true, onCreate: false, effect: NO_FINAL_SNAPSHOT, source: "AWSd:elasticache_cluster L164; AWSd:elasticache_replication_group L212" },
    { type, path: ["snapshot_retention_limit"], weakening: "to-zero", defaultWhenOmitted: null, finalCopy: false, onCreate: false, effect: "automatic backups are turned off", source: "AWSd:elasticache_cluster L180" }
  ]),
  { type: "aws_memorydb_cluster", path: ["final_snapshot_name"], weakening: "cleared", defaultWhenOmitted: null, finalCopy: true, onCreate: false, effect: NO_FINAL_SNAPSHOT, source: "AWSd:memorydb_cluster L42" },
  { type: "aws_memorydb_cluster", path: ["snapshot_retention_limit"], weakening: "to-zero", defaultWhenOmitted: 0, finalCopy: false, onCreate: false, effect: "automatic snapshots are turned off", source: "AWSd:memorydb_cluster L54" },
  // --- AWS tables, buckets, keys, secrets, volumes, file systems ---
  { type: "aws_dynamodb_table", path: ["point_in_time_recovery", 0, "enabled"], weakening: "set-false", defaultWhenOmitted: false, finalCopy: false, onCreate: true, effect: "point-in-time recovery is turned off and its restore history is lost", source: "AWSd:dynamodb_table L248" },
  // "Deleting this resource will either suspend versioning on the associated S3 bucket or simply remove the resource from Terraform state."
  { type: "aws_s3_bucket_versioning", path: ["versioning_configuration", 0, "status"], weakening: "changed-to", weakValues: ["Suspended", "Disabled"], defaultWhenOmitted: null, finalCopy: false, onCreate: true, guards: { type: "aws_s3_bucket", key: "bucket", via: "bucket" }, effect: "overwritten and deleted objects are no longer kept as versions", source: "AWSd:s3_bucket_versioning L96-108 (and its destroy note)" },
  { type: "aws_s3_bucket_versioning", path: ["versioning_configuration", 0, "mfa_delete"], weakening: "changed-to", weakValues: ["Disabled"], defaultWhenOmitted: "Disabled", finalCopy: false, onCreate: false, effect: "deleting versions no longer needs MFA", source: "AWSd:s3_bucket_versioning L96-108" },
  // The legacy inline block, deprecated in AWS provider v4 but still common.
  { type: "aws_s3_bucket", path: ["versioning", 0, "enabled"], weakening: "set-false", defaultWhenOmitted: false, finalCopy: false, onCreate: false, effect: "overwritten and deleted objects are no longer kept as versions", source: "AWSd:s3_bucket (versioning block)" },
  ...["aws_kms_key", "aws_kms_replica_key", "aws_kms_external_key"].map(
    (type) => retention(type, ["deletion_window_in_days"], 30, "key material is destroyed sooner after a deletion is scheduled", "AWSd:kms_key L44-46; AWSs:kms/key.go L72-76")
  ),
  retention("aws_secretsmanager_secret", ["recovery_window_in_days"], 30, "a deleted secret can be recovered for fewer days (0 deletes it immediately and for good)", "AWSd:secretsmanager_secret L32"),
  { type: "aws_ebs_volume", path: ["final_snapshot"], weakening: "set-false", defaultWhenOmitted: false, finalCopy: true, onCreate: false, effect: NO_FINAL_SNAPSHOT, source: "AWSs:ec2/ebs_volume.go L69-73; AWSd:ebs_volume L34" },
  { type: "aws_instance", path: ["root_block_device", 0, "delete_on_termination"], weakening: "set-true", defaultWhenOmitted: true, finalCopy: false, onCreate: false, effect: "the root volume is deleted with the instance", source: "AWSd:instance L304" },
  ...["aws_fsx_windows_file_system", "aws_fsx_openzfs_file_system", "aws_fsx_ontap_volume"].map(
    (type) => ({ type, path: ["skip_final_backup"], weakening: "set-true", defaultWhenOmitted: false, finalCopy: true, onCreate: true, effect: "no final backup is taken when it is destroyed", source: "AWSd:fsx_windows_file_system L73; AWSd:fsx_openzfs_file_system L45; AWSd:fsx_ontap_volume L58" })
  ),
  retention("aws_fsx_windows_file_system", ["automatic_backup_retention_days"], 7, "automatic backups are kept for fewer days (0 turns them off)", "AWSd:fsx_windows_file_system L63"),
  retention("aws_fsx_lustre_file_system", ["automatic_backup_retention_days"], null, "automatic backups are kept for fewer days (0 turns them off)", "AWSd:fsx_lustre_file_system L41"),
  { type: "aws_efs_backup_policy", path: ["backup_policy", 0, "status"], weakening: "changed-to", weakValues: ["DISABLED"], defaultWhenOmitted: null, finalCopy: false, onCreate: true, effect: "AWS Backup no longer backs up the file system", source: "AWSd:efs_backup_policy L41" },
  // --- Expiry: data deleted after a time (0 or omitted: never) ---
  { type: "aws_cloudwatch_log_group", path: ["retention_in_days"], weakening: "expires-sooner", defaultWhenOmitted: 0, finalCopy: false, onCreate: false, effect: "log events older than the new retention are deleted", source: "AWSd:cloudwatch_log_group" },
  { type: "aws_backup_plan", path: ["rule", 0, "lifecycle", 0, "delete_after"], weakening: "expires-sooner", defaultWhenOmitted: 0, finalCopy: false, onCreate: false, effect: "recovery points are deleted sooner (existing ones too, by their new lifecycle)", source: "AWSd:backup_plan" },
  { type: "aws_s3_bucket_lifecycle_configuration", path: ["rule", 0, "expiration", 0, "days"], weakening: "expires-sooner", defaultWhenOmitted: 0, finalCopy: false, onCreate: true, onCreateAtMost: 7, effect: "objects the rule covers (every object when it has no filter) are deleted that many days after creation", source: "AWSd:s3_bucket_lifecycle_configuration" },
  { type: "aws_s3_bucket_lifecycle_configuration", path: ["rule", 0, "noncurrent_version_expiration", 0, "noncurrent_days"], weakening: "expires-sooner", defaultWhenOmitted: 0, finalCopy: false, onCreate: true, onCreateAtMost: 7, effect: "overwritten and deleted object versions are purged that many days later", source: "AWSd:s3_bucket_lifecycle_configuration" },
  // --- Google ---
  { type: "google_sql_database_instance", path: ["settings", 0, "backup_configuration", 0, "enabled"], weakening: "set-false", defaultWhenOmitted: null, finalCopy: false, onCreate: true, effect: "automated backups are turned off", source: "GCs:sql/resource_sql_database_instance.go L471-476; GCd:sql_database_instance L582" },
  { type: "google_sql_database_instance", path: ["settings", 0, "backup_configuration", 0, "point_in_time_recovery_enabled"], weakening: "set-false", defaultWhenOmitted: null, finalCopy: false, onCreate: false, effect: "point-in-time recovery is turned off", source: "GCd:sql_database_instance L579-601" },
  { type: "google_sql_database_instance", path: ["settings", 0, "backup_configuration", 0, "binary_log_enabled"], weakening: "set-false", defaultWhenOmitted: null, finalCopy: false, onCreate: false, effect: "the binary log (MySQL point-in-time recovery) is turned off", source: "GCd:sql_database_instance L579-601" },
  retention("google_sql_database_instance", ["settings", 0, "backup_configuration", 0, "transaction_log_retention_days"], null, "point-in-time recovery reaches back fewer days", "GCd:sql_database_instance L579-601", false),
  retention("google_sql_database_instance", ["settings", 0, "backup_configuration", 0, "backup_retention_settings", 0, "retained_backups"], null, "fewer automated backups are kept", "GCd:sql_database_instance L579-601", false),
  { type: "google_sql_database_instance", path: ["settings", 0, "retain_backups_on_delete"], weakening: "set-false", defaultWhenOmitted: null, finalCopy: false, onCreate: false, effect: "backups are deleted with the instance", source: "GCd:sql_database_instance L521" },
  { type: "google_sql_database_instance", path: ["settings", 0, "final_backup_config", 0, "enabled"], weakening: "set-false", defaultWhenOmitted: null, finalCopy: true, onCreate: false, effect: "no final backup is taken when it is destroyed", source: "GCd:sql_database_instance L523-527" },
  { type: "google_storage_bucket", path: ["versioning", 0, "enabled"], weakening: "set-false", defaultWhenOmitted: null, finalCopy: false, onCreate: false, effect: "overwritten and deleted objects are no longer kept as versions", source: "GCd:storage_bucket L231, L333" },
  retention("google_storage_bucket", ["soft_delete_policy", 0, "retention_duration_seconds"], 604800, "deleted objects can be restored for a shorter time (0 turns soft delete off)", "GCd:storage_bucket L260, L400"),
  retention("google_storage_bucket", ["retention_policy", 0, "retention_period"], null, "objects are protected from deletion for a shorter time", "GCd:storage_bucket L239, L355-357", false),
  { type: "google_compute_disk", path: ["create_snapshot_before_destroy"], weakening: "set-false", defaultWhenOmitted: null, finalCopy: true, onCreate: false, effect: NO_FINAL_SNAPSHOT, source: "GCd:compute_disk L362-366" },
  retention("google_kms_crypto_key", ["destroy_scheduled_duration"], "2592000s", "key versions are destroyed sooner after a destroy is scheduled", "GCd:kms_crypto_key L126-129", false),
  // --- Azure ---
  retention("azurerm_mssql_database", ["short_term_retention_policy", 0, "retention_days"], null, "point-in-time restore reaches back fewer days", "AZd:mssql_database L192-296", false),
  { type: "azurerm_mssql_database", path: ["geo_backup_enabled"], weakening: "set-false", defaultWhenOmitted: true, finalCopy: false, onCreate: true, effect: "backups are no longer copied to the paired region", source: "AZd:mssql_database L192-296" },
  retention("azurerm_postgresql_flexible_server", ["backup_retention_days"], null, "backups are kept for fewer days", "AZd:postgresql_flexible_server L111-115", false),
  retention("azurerm_mysql_flexible_server", ["backup_retention_days"], 7, "backups are kept for fewer days", "AZd:mysql_flexible_server L97", false),
  { type: "azurerm_cosmosdb_account", path: ["backup", 0, "type"], weakening: "changed-to", weakValues: ["Periodic"], defaultWhenOmitted: null, finalCopy: false, onCreate: false, effect: "continuous backup (point-in-time restore) becomes periodic snapshots", source: "AZd:cosmosdb_account L181-258" },
  retention("azurerm_cosmosdb_account", ["backup", 0, "retention_in_hours"], 8, "periodic backups are kept for fewer hours", "AZd:cosmosdb_account L181-258", false),
  retention("azurerm_storage_account", ["blob_properties", 0, "delete_retention_policy", 0, "days"], 7, "deleted blobs can be restored for fewer days", "AZd:storage_account L197-280", false),
  retention("azurerm_storage_account", ["blob_properties", 0, "container_delete_retention_policy", 0, "days"], 7, "deleted containers can be restored for fewer days", "AZd:storage_account L197-280", false),
  { type: "azurerm_storage_account", path: ["blob_properties", 0, "delete_retention_policy", 0, "permanent_delete_enabled"], weakening: "set-true", defaultWhenOmitted: false, finalCopy: false, onCreate: true, effect: "soft-deleted blobs can be deleted permanently before the retention ends", source: "AZd:storage_account L197-280" },
  { type: "azurerm_storage_account", path: ["blob_properties", 0, "versioning_enabled"], weakening: "set-false", defaultWhenOmitted: false, finalCopy: false, onCreate: false, effect: "overwritten and deleted blobs are no longer kept as versions", source: "AZd:storage_account L197-280" },
  retention("azurerm_storage_account", ["share_properties", 0, "retention_policy", 0, "days"], 7, "deleted file shares can be restored for fewer days", "AZd:storage_account L390", false),
  retention("azurerm_data_protection_backup_vault", ["retention_duration_in_days"], 14, "soft-deleted backups are kept for fewer days", "AZd:data_protection_backup_vault L53", false),
  retention("azurerm_key_vault", ["soft_delete_retention_days"], 90, "a deleted vault can be recovered for fewer days", "AZs:.../key_vault_resource.go L205-210; AZd:key_vault L107", false),
  retention("azurerm_log_analytics_workspace", ["retention_in_days"], null, "logs are kept for fewer days", "AZd:log_analytics_workspace L54", false),
  // --- MongoDB Atlas ---
  { type: "mongodbatlas_advanced_cluster", path: ["backup_enabled"], weakening: "set-false", defaultWhenOmitted: false, finalCopy: false, onCreate: false, effect: "cloud backups are turned off", source: "MDB:docs/resources/advanced_cluster.md L535-563" },
  { type: "mongodbatlas_advanced_cluster", path: ["pit_enabled"], weakening: "set-false", defaultWhenOmitted: null, finalCopy: false, onCreate: false, effect: "continuous (point-in-time) backup is turned off", source: "MDB:docs/resources/advanced_cluster.md L535-563" },
  { type: "mongodbatlas_advanced_cluster", path: ["retain_backups_enabled"], weakening: "set-false", defaultWhenOmitted: null, finalCopy: false, onCreate: false, effect: "backups are deleted with the cluster", source: "MDB:docs/resources/advanced_cluster.md L535-563" }
];

// src/catalog/data-kept.ts
var DATA_KEPT = [
  { type: "aws_cloudwatch_log_group", path: ["skip_destroy"], keptWhen: [true], defaultWhenOmitted: false, why: "skip_destroy = true only removes the log group from the state; it and its log events stay", source: "AWSd:cloudwatch_log_group" },
  { type: "aws_organizations_account", path: ["close_on_deletion"], keptWhen: [false], defaultWhenOmitted: false, why: "close_on_deletion is false, so the account only leaves the organization; it and everything in it stay", source: "AWSd:organizations_account" },
  { type: "google_firestore_database", path: ["deletion_policy"], keptWhen: ["ABANDON"], defaultWhenOmitted: "ABANDON", why: 'deletion_policy = "ABANDON" only removes the database from the state; it and its documents stay', source: "GCd:firestore_database" },
  { type: "google_project", path: ["deletion_policy"], keptWhen: ["PREVENT", "ABANDON"], defaultWhenOmitted: "PREVENT", why: "deletion_policy PREVENT makes the provider refuse the destroy (the apply fails), and ABANDON only removes the project from the state", source: "GCd:google_project" },
  { type: "google_secret_manager_secret_version", path: ["deletion_policy"], keptWhen: ["ABANDON", "DISABLE"], defaultWhenOmitted: "DELETE", why: "deletion_policy ABANDON leaves the version as it is, and DISABLE only disables it; its value stays", source: "GCd:secret_manager_secret_version" },
  { type: "kubernetes_persistent_volume", path: ["spec", 0, "persistent_volume_reclaim_policy"], keptWhen: ["Retain"], defaultWhenOmitted: "Retain", why: "the reclaim policy is Retain, so Kubernetes keeps the backing volume and its data", source: "K8S:kubernetes/resource_kubernetes_persistent_volume_v1.go" },
  { type: "kubernetes_persistent_volume_v1", path: ["spec", 0, "persistent_volume_reclaim_policy"], keptWhen: ["Retain"], defaultWhenOmitted: "Retain", why: "the reclaim policy is Retain, so Kubernetes keeps the backing volume and its data", source: "K8S:kubernetes/resource_kubernetes_persistent_volume_v1.go" },
  { type: "kubernetes_manifest", path: ["manifest", "spec", "persistentVolumeReclaimPolicy"], keptWhen: ["Retain"], defaultWhenOmitted: null, why: "the PersistentVolume's reclaim policy is Retain, so Kubernetes keeps the backing volume and its data", source: "https://kubernetes.io/docs/concepts/storage/persistent-volumes/#retain" },
  { type: "kubernetes_stateful_set", path: ["spec", 0, "persistent_volume_claim_retention_policy", 0, "when_deleted"], keptWhen: ["Retain"], defaultWhenOmitted: "Retain", why: "its claims' retention policy when_deleted is Retain, so the claims from volume_claim_template and their data stay (only the pods go)", source: "K8S:kubernetes/schema_stateful_set_spec.go" },
  { type: "kubernetes_stateful_set_v1", path: ["spec", 0, "persistent_volume_claim_retention_policy", 0, "when_deleted"], keptWhen: ["Retain"], defaultWhenOmitted: "Retain", why: "its claims' retention policy when_deleted is Retain, so the claims from volume_claim_template and their data stay (only the pods go)", source: "K8S:kubernetes/schema_stateful_set_spec.go" }
];

// src/catalog/database-firewalls.ts
var FIREWALL_RANGES = [
  { type: "azurerm_mssql_firewall_rule", start: "start_ip_address", end: "end_ip_address", opens: "the SQL server (port 1433)", source: "AZd:mssql_firewall_rule" },
  { type: "azurerm_mysql_flexible_server_firewall_rule", start: "start_ip_address", end: "end_ip_address", opens: "the MySQL server (port 3306)", source: "AZd:mysql_flexible_server_firewall_rule" },
  { type: "azurerm_postgresql_flexible_server_firewall_rule", start: "start_ip_address", end: "end_ip_address", opens: "the PostgreSQL server (port 5432)", source: "AZd:postgresql_flexible_server_firewall_rule" },
  { type: "azurerm_redis_firewall_rule", start: "start_ip", end: "end_ip", opens: "the Redis cache (ports 6379/6380)", source: "AZd:redis_firewall_rule" },
  { type: "azurerm_synapse_firewall_rule", start: "start_ip_address", end: "end_ip_address", opens: "the Synapse workspace SQL endpoints (port 1433)", source: "AZd:synapse_firewall_rule" }
];
var NETWORK_LISTS = [
  { type: "google_sql_database_instance", list: ["settings", 0, "ip_configuration", 0, "authorized_networks"], cidr: "value", opens: "the Cloud SQL instance's public IP (its database port)", source: "GCd:sql_database_instance" }
];

// src/catalog/identifying-attributes.ts
var NAME_ATTRIBUTES = [
  { path: ["identifier"], show: "name" },
  // aws_db_instance, aws_docdb/neptune instances
  { path: ["cluster_identifier"], show: "name" },
  // aws_rds_cluster, aws_redshift_cluster
  { path: ["replication_group_id"], show: "name" },
  // aws_elasticache_replication_group
  { path: ["bucket"], show: "name" },
  // aws_s3_bucket
  { path: ["function_name"], show: "name" },
  // aws_lambda_function
  { path: ["domain_name"], show: "name" },
  // aws_opensearch_domain, aws_elasticsearch_domain
  { path: ["creation_token"], show: "name" },
  // aws_efs_file_system
  { path: ["name"], show: "name" }
  // most Google, Azure and Kubernetes types, many AWS ones
];
var ENVIRONMENT_TAGS = ["tags", "labels"].flatMap(
  (map) => ["Environment", "environment", "Env", "env", "Stage", "stage"].map((key) => ({ path: [map, key], show: "tag" }))
);
var SIZE_ATTRIBUTES = [
  { path: ["allocated_storage"], show: { unit: "GiB" }, types: ["aws_db_instance", "aws_rds_cluster"] },
  { path: ["size"], show: { unit: "GiB" }, types: ["aws_ebs_volume"] },
  { path: ["storage_capacity"], show: { unit: "GiB" }, types: ["aws_fsx_lustre_file_system", "aws_fsx_windows_file_system", "aws_fsx_ontap_file_system", "aws_fsx_openzfs_file_system"] },
  { path: ["size"], show: { unit: "GB" }, types: ["google_compute_disk", "google_compute_region_disk"] },
  { path: ["disk_size_gb"], show: { unit: "GB" }, types: ["azurerm_managed_disk"] },
  { path: ["storage_mb"], show: { unit: "MB" }, types: ["azurerm_postgresql_flexible_server", "azurerm_mysql_flexible_server"] },
  { path: ["max_size_gb"], show: { unit: "GB" }, types: ["azurerm_mssql_database"] }
];

// src/catalog/ingress-shapes.ts
var PORT_FILTERED_PROTOCOLS = {
  aws: { values: ["tcp", "udp", "6", "17"], source: 'AWS EC2 API IpPermission.IpProtocol: "a protocol number other than tcp, udp, icmp, or icmpv6 allows traffic on all ports, regardless of any port range you specify"' },
  google: { values: ["tcp", "udp", "sctp", "6", "17", "132"], source: 'GCd:compute_firewall (allow.ports: "only applicable for UDP, TCP or SCTP protocol")' },
  azure: { values: ["tcp", "udp", "*"], source: "AZd:network_security_rule (protocol Tcp, Udp, Icmp, Esp, Ah or *; port ranges apply to Tcp, Udp and *)" }
};
function ingressAttributes(row) {
  const ports = row.ports;
  const portAttributes = ports.kind === "from-to" ? [ports.protocol, ports.from, ports.to] : ports.kind === "port-ranges" ? [ports.protocol, ports.single, ports.list] : [ports.block, ports.protocol, ports.ports];
  const attributes = [row.rulesAt, row.direction?.attribute, row.access?.attribute, row.disabledAttribute, ...row.sources.map((source) => source.attribute), ...portAttributes, row.identity?.attribute, row.identity?.scope, row.groupOf?.attribute, row.groupOf?.scope];
  return [...new Set(attributes.filter((attribute) => typeof attribute === "string"))];
}
var AWS_GROUP = "aws-security-group";
var AWS_RULE_GROUP = { family: AWS_GROUP, attribute: "security_group_id", scope: null, types: ["aws_security_group", "aws_default_security_group"], identity: "id" };
var AZURE_NSG = "azure-network-security-group";
var INGRESS_SHAPES = [
  {
    type: "aws_security_group",
    rulesAt: "ingress",
    direction: null,
    access: null,
    disabledAttribute: null,
    sources: [{ attribute: "cidr_blocks", list: true }, { attribute: "ipv6_cidr_blocks", list: true }],
    ports: { kind: "from-to", protocol: "protocol", from: "from_port", to: "to_port", portFiltered: PORT_FILTERED_PROTOCOLS.aws.values },
    identity: { family: AWS_GROUP, attribute: "id", scope: null },
    source: "AWSd:security_group L245-292"
  },
  {
    type: "aws_default_security_group",
    rulesAt: "ingress",
    direction: null,
    access: null,
    disabledAttribute: null,
    sources: [{ attribute: "cidr_blocks", list: true }, { attribute: "ipv6_cidr_blocks", list: true }],
    ports: { kind: "from-to", protocol: "protocol", from: "from_port", to: "to_port", portFiltered: PORT_FILTERED_PROTOCOLS.aws.values },
    identity: { family: AWS_GROUP, attribute: "id", scope: null },
    source: "rule-catalog.md §5.1 (default SG ingress, same block shape)"
  },
  {
    type: "aws_security_group_rule",
    rulesAt: null,
    direction: { attribute: "type", ingressValues: ["ingress"], omittedIsIngress: false },
    access: null,
    disabledAttribute: null,
    sources: [{ attribute: "cidr_blocks", list: true }, { attribute: "ipv6_cidr_blocks", list: true }],
    ports: { kind: "from-to", protocol: "protocol", from: "from_port", to: "to_port", portFiltered: PORT_FILTERED_PROTOCOLS.aws.values },
    groupOf: AWS_RULE_GROUP,
    source: "AWSd:security_group_rule L93-109"
  },
  {
    type: "aws_vpc_security_group_ingress_rule",
    rulesAt: null,
    direction: null,
    access: null,
    disabledAttribute: null,
    sources: [{ attribute: "cidr_ipv4", list: false }, { attribute: "cidr_ipv6", list: false }],
    ports: { kind: "from-to", protocol: "ip_protocol", from: "from_port", to: "to_port", portFiltered: PORT_FILTERED_PROTOCOLS.aws.values },
    groupOf: AWS_RULE_GROUP,
    source: "AWSd:vpc_security_group_ingress_rule L46-57"
  },
  {
    type: "google_compute_firewall",
    rulesAt: null,
    direction: { attribute: "direction", ingressValues: ["INGRESS"], omittedIsIngress: true },
    access: null,
    disabledAttribute: "disabled",
    sources: [{ attribute: "source_ranges", list: true }],
    ports: { kind: "allow-blocks", block: "allow", protocol: "protocol", ports: "ports", portFiltered: PORT_FILTERED_PROTOCOLS.google.values },
    source: "GCd:compute_firewall (direction defaults to INGRESS; omitted ports = any port)"
  },
  ...["google_compute_firewall_policy_rule", "google_compute_network_firewall_policy_rule", "google_compute_region_network_firewall_policy_rule"].map(
    (type) => ({
      type,
      rulesAt: "match",
      settingsOnResource: true,
      direction: { attribute: "direction", ingressValues: ["INGRESS"], omittedIsIngress: false },
      // apply_security_profile_group lets the traffic through after inspection.
      access: { attribute: "action", allowValues: ["allow", "apply_security_profile_group"] },
      disabledAttribute: "disabled",
      sources: [{ attribute: "src_ip_ranges", list: true }],
      ports: { kind: "allow-blocks", block: "layer4_configs", protocol: "ip_protocol", ports: "ports", portFiltered: PORT_FILTERED_PROTOCOLS.google.values },
      source: `GCd:${type.replace(/^google_/, "")} (match.src_ip_ranges, match.layer4_configs; action allow or apply_security_profile_group)`
    })
  ),
  {
    type: "azurerm_network_security_rule",
    rulesAt: null,
    direction: { attribute: "direction", ingressValues: ["Inbound"], omittedIsIngress: false },
    access: { attribute: "access", allowValues: ["Allow"] },
    disabledAttribute: null,
    sources: [{ attribute: "source_address_prefix", list: false }, { attribute: "source_address_prefixes", list: true }],
    ports: { kind: "port-ranges", protocol: "protocol", single: "destination_port_range", list: "destination_port_ranges", portFiltered: PORT_FILTERED_PROTOCOLS.azure.values },
    groupOf: { family: AZURE_NSG, attribute: "network_security_group_name", scope: "resource_group_name", types: ["azurerm_network_security_group"], identity: "name", caseInsensitive: true },
    source: "AZd:network_security_rule L59-89"
  },
  {
    type: "azurerm_network_security_group",
    rulesAt: "security_rule",
    direction: { attribute: "direction", ingressValues: ["Inbound"], omittedIsIngress: false },
    access: { attribute: "access", allowValues: ["Allow"] },
    disabledAttribute: null,
    sources: [{ attribute: "source_address_prefix", list: false }, { attribute: "source_address_prefixes", list: true }],
    ports: { kind: "port-ranges", protocol: "protocol", single: "destination_port_range", list: "destination_port_ranges", portFiltered: PORT_FILTERED_PROTOCOLS.azure.values },
    identity: { family: AZURE_NSG, attribute: "name", scope: "resource_group_name", caseInsensitive: true },
    source: "AZd:network_security_rule L59-89 (inline security_rule has the same fields)"
  }
];

// src/catalog/lockout.ts
var KEY_SWITCHES = [
  { type: "aws_kms_key", path: ["is_enabled"], enabledValues: [true], disabledValues: [false], source: "AWSd:kms_key" },
  { type: "aws_kms_external_key", path: ["enabled"], enabledValues: [true], disabledValues: [false], source: "AWSd:kms_external_key" },
  { type: "aws_kms_replica_key", path: ["enabled"], enabledValues: [true], disabledValues: [false], source: "AWSd:kms_replica_key" },
  { type: "google_kms_crypto_key_version", path: ["state"], enabledValues: ["ENABLED"], disabledValues: ["DISABLED", "DESTROYED", "DESTROY_SCHEDULED"], source: "GCd:kms_crypto_key_version" }
];

// src/catalog/production-names.ts
var NAME_ATTRIBUTES2 = [
  "name",
  "identifier",
  "bucket",
  "cluster_identifier",
  "cluster_id",
  "cluster_name",
  "db_name",
  "database_name",
  "table_name",
  "function_name",
  "domain_name",
  "replication_group_id",
  "global_cluster_identifier",
  "repository_name",
  "queue_name",
  "topic_name",
  "stream_name",
  "ledger_name",
  "project",
  "project_id",
  "resource_group_name",
  "account_name",
  "server_name"
];
var TAG_ATTRIBUTES = ["tags", "tags_all", "labels"];

// src/catalog/protection-attributes.ts
var REFUSED = "the delete is refused, so the apply fails unless the guard is switched off in an earlier apply";
var FAILS_WHILE_NOT_EMPTY = "Terraform does not empty it first, so the delete fails while it still holds data";
function inverse(type, attribute, source, expected) {
  return { type, path: [attribute], protectedWhen: false, defaultWhenOmitted: false, layer: "terraform", expected, protectedMeans: FAILS_WHILE_NOT_EMPTY, source };
}
function skipDestroy(type, source) {
  return { type, path: ["skip_destroy"], protectedWhen: true, defaultWhenOmitted: false, layer: "terraform", expected: false, protectedMeans: "the object is only removed from the state, not destroyed", source };
}
var PROTECTION_ATTRIBUTES = [
  // --- AWS (rule-catalog §2.1) ---
  { type: "aws_db_instance", path: ["deletion_protection"], protectedWhen: true, defaultWhenOmitted: false, layer: "cloud-api", expected: true, protectedMeans: REFUSED, source: "AWScur:db_instance@0130d51a; AWSd:db_instance L322" },
  { type: "aws_rds_cluster", path: ["deletion_protection"], protectedWhen: true, defaultWhenOmitted: false, layer: "cloud-api", expected: true, protectedMeans: REFUSED, source: "AWSs:rds/cluster.go L174-177" },
  { type: "aws_rds_global_cluster", path: ["deletion_protection"], protectedWhen: true, defaultWhenOmitted: false, layer: "cloud-api", expected: true, protectedMeans: REFUSED, source: "AWSd:rds_global_cluster L207" },
  inverse("aws_rds_global_cluster", "force_destroy", "AWSd:rds_global_cluster (force_destroy grep list)", false),
  { type: "aws_docdb_cluster", path: ["deletion_protection"], protectedWhen: true, defaultWhenOmitted: false, layer: "cloud-api", expected: true, protectedMeans: REFUSED, source: "AWSd:docdb_cluster L56" },
  { type: "aws_docdb_global_cluster", path: ["deletion_protection"], protectedWhen: true, defaultWhenOmitted: false, layer: "cloud-api", expected: true, protectedMeans: REFUSED, source: "AWSd:docdb_global_cluster L109" },
  { type: "aws_neptune_cluster", path: ["deletion_protection"], protectedWhen: true, defaultWhenOmitted: false, layer: "cloud-api", expected: true, protectedMeans: REFUSED, source: "AWSd:neptune_cluster L70" },
  { type: "aws_neptune_global_cluster", path: ["deletion_protection"], protectedWhen: true, defaultWhenOmitted: false, layer: "cloud-api", expected: true, protectedMeans: REFUSED, source: "AWSd:neptune_global_cluster L106" },
  { type: "aws_dynamodb_table", path: ["deletion_protection_enabled"], protectedWhen: true, defaultWhenOmitted: false, layer: "cloud-api", expected: true, protectedMeans: REFUSED, source: "AWSd:dynamodb_table L179" },
  { type: "aws_qldb_ledger", path: ["deletion_protection"], protectedWhen: true, defaultWhenOmitted: true, layer: "cloud-api", expected: true, protectedMeans: "the delete is refused; it must be set to false and applied first", source: "AWSs:qldb/ledger.go L52-56; AWSd:qldb_ledger L28" },
  { type: "aws_cognito_user_pool", path: ["deletion_protection"], protectedWhen: "ACTIVE", defaultWhenOmitted: "INACTIVE", layer: "cloud-api", expected: true, protectedMeans: REFUSED, source: "AWSs:cognitoidp/user_pool.go L143-148; AWSd:cognito_user_pool L76" },
  { type: "aws_lb", path: ["enable_deletion_protection"], protectedWhen: true, defaultWhenOmitted: false, layer: "cloud-api", expected: true, protectedMeans: REFUSED, source: "AWSd:lb L111" },
  { type: "aws_alb", path: ["enable_deletion_protection"], protectedWhen: true, defaultWhenOmitted: false, layer: "cloud-api", expected: true, protectedMeans: REFUSED, source: "AWSd:lb L111" },
  // Enforced on `terraform destroy` only from provider v6.8.0; instances are usually replaceable compute.
  { type: "aws_instance", path: ["disable_api_termination"], protectedWhen: true, defaultWhenOmitted: false, layer: "cloud-api", expected: false, protectedMeans: "termination is refused (Terraform honours it from AWS provider v6.8.0)", source: "AWSs:ec2/ec2_instance.go L2141-2170; AWSCL6 6.8.0" },
  inverse("aws_instance", "force_destroy", "AWSCL6 6.8.0 (default UNVERIFIED)", false),
  { type: "aws_eks_cluster", path: ["deletion_protection"], protectedWhen: true, defaultWhenOmitted: false, layer: "cloud-api", expected: true, protectedMeans: REFUSED, source: "AWSCL6 6.9.0 (default UNVERIFIED)" },
  { type: "aws_emr_cluster", path: ["termination_protection"], protectedWhen: true, defaultWhenOmitted: false, layer: "cloud-api", expected: false, protectedMeans: "termination is refused; it must be set to false and applied first", source: "AWSd:emr_cluster L665" },
  { type: "aws_networkfirewall_firewall", path: ["delete_protection"], protectedWhen: true, defaultWhenOmitted: false, layer: "cloud-api", expected: true, protectedMeans: REFUSED, source: "AWSd:networkfirewall_firewall L41" },
  { type: "aws_cloudfront_distribution", path: ["retain_on_delete"], protectedWhen: true, defaultWhenOmitted: false, layer: "terraform", expected: false, protectedMeans: "the distribution is disabled instead of deleted", source: "AWSd:cloudfront_distribution L264" },
  skipDestroy("aws_cloudwatch_log_group", "AWSd:cloudwatch_log_group L32"),
  skipDestroy("aws_lambda_function", "AWSd:lambda_function (skip_destroy)"),
  skipDestroy("aws_dx_connection", "AWSd:dx_connection (skip_destroy)"),
  skipDestroy("aws_organizations_policy", "AWSd:organizations_policy (skip_destroy)"),
  skipDestroy("aws_s3_bucket_public_access_block", "AWSCL6 6.4.0"),
  { type: "aws_organizations_account", path: ["close_on_deletion"], protectedWhen: false, defaultWhenOmitted: false, layer: "cloud-api", expected: true, protectedMeans: "the account is only removed from the organization, not closed", source: "AWSd:organizations_account L15, L35" },
  { ...inverse("aws_s3_bucket", "force_destroy", "AWSd:s3_bucket L38", true), protectedMeans: "Terraform does not empty the bucket first (force_destroy would delete every object, locked ones included), so the delete fails while it holds objects" },
  inverse("aws_s3_directory_bucket", "force_destroy", "AWSd:s3_directory_bucket L31", true),
  inverse("aws_s3tables_table_bucket", "force_destroy", "AWSCL6 6.11.0", true),
  inverse("aws_ecr_repository", "force_delete", "AWSd:ecr_repository L32-33", true),
  inverse("aws_backup_vault", "force_destroy", "AWSd:backup_vault L26", true),
  inverse("aws_route53_zone", "force_destroy", "AWSs:route53/zone.go L72-76", true),
  inverse("aws_kinesis_stream", "enforce_consumer_deletion", "AWSd:kinesis_stream L48", false),
  inverse("aws_iam_user", "force_destroy", "AWSd:iam_user (force_destroy grep list)", false),
  inverse("aws_athena_database", "force_destroy", "AWSd:athena_database (force_destroy grep list)", false),
  inverse("aws_athena_workgroup", "force_destroy", "AWSd:athena_workgroup (force_destroy grep list)", false),
  inverse("aws_dx_lag", "force_destroy", "AWSd:dx_lag (force_destroy grep list)", false),
  inverse("aws_service_discovery_service", "force_destroy", "AWSd:service_discovery_service (force_destroy grep list)", false),
  inverse("aws_transfer_server", "force_destroy", "AWSd:transfer_server (force_destroy grep list)", false),
  inverse("aws_redshift_snapshot_schedule", "force_destroy", "AWSd:redshift_snapshot_schedule (force_destroy grep list)", false),
  // --- Google (rule-catalog §2.2). Most `deletion_protection` flags bind Terraform only (§0.1 rule 3). ---
  { type: "google_sql_database_instance", path: ["deletion_protection"], protectedWhen: true, defaultWhenOmitted: true, layer: "terraform", expected: true, protectedMeans: REFUSED, source: "GCs:sql/resource_sql_database_instance.go L264-268; GCd:sql_database_instance L413-418" },
  { type: "google_sql_database_instance", path: ["settings", 0, "deletion_protection_enabled"], protectedWhen: true, defaultWhenOmitted: false, layer: "cloud-api", expected: true, protectedMeans: REFUSED, source: "GCd:sql_database_instance L495" },
  { type: "google_container_cluster", path: ["deletion_protection"], protectedWhen: true, defaultWhenOmitted: true, layer: "terraform", expected: true, protectedMeans: REFUSED, source: "GCs:container/resource_container_cluster.go L342-345; GCg:version_5_upgrade L575-581" },
  { type: "google_bigquery_table", path: ["deletion_protection"], protectedWhen: true, defaultWhenOmitted: true, layer: "terraform", expected: true, protectedMeans: REFUSED, source: "GCs:bigquery/resource_bigquery_table.go L1580-1583; GCd:bigquery_table L200-203" },
  { ...inverse("google_bigquery_dataset", "delete_contents_on_destroy", "GCs:bigquery/resource_bigquery_dataset.go L440-446", true), protectedMeans: "Terraform does not delete the tables first, so the delete fails while the dataset holds tables" },
  { type: "google_spanner_database", path: ["deletion_protection"], protectedWhen: true, defaultWhenOmitted: true, layer: "terraform", expected: true, protectedMeans: REFUSED, source: "GCs:spanner/resource_spanner_database.go L320-329; GCd:spanner_database L134" },
  { type: "google_spanner_database", path: ["enable_drop_protection"], protectedWhen: true, defaultWhenOmitted: false, layer: "cloud-api", expected: true, protectedMeans: REFUSED, source: "GCd:spanner_database L115-118" },
  { ...inverse("google_spanner_instance", "force_destroy", "GCs:spanner/resource_spanner_instance.go L497-502", true), protectedMeans: "Terraform does not delete the backups first, so the delete fails while backups exist" },
  { type: "google_bigtable_instance", path: ["deletion_protection"], protectedWhen: true, defaultWhenOmitted: true, layer: "terraform", expected: true, protectedMeans: REFUSED, source: "GCs:bigtable/resource_bigtable_instance.go L206-209" },
  { ...inverse("google_bigtable_instance", "force_destroy", "GCs:bigtable/resource_bigtable_instance.go L199-202; GCd:bigtable_instance L114", true), protectedMeans: "Terraform does not delete the backups first, so the delete fails while backups exist" },
  { type: "google_bigtable_table", path: ["deletion_protection"], protectedWhen: "PROTECTED", defaultWhenOmitted: "UNPROTECTED", layer: "cloud-api", expected: true, protectedMeans: REFUSED, source: "GCd:bigtable_table L113" },
  { type: "google_bigtable_authorized_view", path: ["deletion_protection"], protectedWhen: "PROTECTED", defaultWhenOmitted: "UNPROTECTED", layer: "cloud-api", expected: true, protectedMeans: REFUSED, source: "GCd:bigtable_table L113" },
  { type: "google_compute_instance", path: ["deletion_protection"], protectedWhen: true, defaultWhenOmitted: false, layer: "cloud-api", expected: false, protectedMeans: REFUSED, source: "GCs:compute/resource_compute_instance.go L973-976; GCd:compute_instance L171" },
  { type: "google_alloydb_cluster", path: ["deletion_protection"], protectedWhen: true, defaultWhenOmitted: true, layer: "terraform", expected: true, protectedMeans: REFUSED, source: "GCs:alloydb/resource_alloydb_cluster.go L853-860; GCg:version_7_upgrade L121-125" },
  // The docs say "unset protects", but the delete code reads d.Get(...).(bool): unset is unprotected.
  { type: "google_redis_instance", path: ["deletion_protection"], protectedWhen: true, defaultWhenOmitted: false, layer: "terraform", expected: true, protectedMeans: REFUSED, source: "GCs:redis/resource_redis_instance.go L661-669, L1325-1326" },
  { type: "google_memcache_instance", path: ["deletion_protection"], protectedWhen: true, defaultWhenOmitted: null, layer: "terraform", expected: true, protectedMeans: REFUSED, source: "GCs:memcache/resource_memcache_instance.go L455-464 (default UNVERIFIED)" },
  { type: "google_redis_cluster", path: ["deletion_protection_enabled"], protectedWhen: true, defaultWhenOmitted: true, layer: "cloud-api", expected: true, protectedMeans: REFUSED, source: "GCs:redis/resource_redis_cluster.go L334-338; GCg:version_6_upgrade L386-387" },
  { type: "google_memorystore_instance", path: ["deletion_protection_enabled"], protectedWhen: true, defaultWhenOmitted: true, layer: "cloud-api", expected: true, protectedMeans: REFUSED, source: "GCs:memorystore/resource_memorystore_instance.go L360-362" },
  { type: "google_filestore_instance", path: ["deletion_protection_enabled"], protectedWhen: true, defaultWhenOmitted: null, layer: "cloud-api", expected: true, protectedMeans: REFUSED, source: "GCd:filestore_instance L211-216 (default UNVERIFIED)" },
  { type: "google_firestore_database", path: ["delete_protection_state"], protectedWhen: "DELETE_PROTECTION_ENABLED", defaultWhenOmitted: "DELETE_PROTECTION_STATE_UNSPECIFIED", layer: "cloud-api", expected: true, protectedMeans: REFUSED, source: "GCd:firestore_database L301-307" },
  { type: "google_privateca_certificate_authority", path: ["deletion_protection"], protectedWhen: true, defaultWhenOmitted: true, layer: "terraform", expected: true, protectedMeans: REFUSED, source: "GCs:privateca/resource_privateca_certificate_authority.go L958" },
  { type: "google_compute_storage_pool", path: ["deletion_protection"], protectedWhen: true, defaultWhenOmitted: true, layer: "terraform", expected: true, protectedMeans: REFUSED, source: "GCs:compute/resource_compute_storage_pool.go L417" },
  { type: "google_secret_manager_secret", path: ["deletion_protection"], protectedWhen: true, defaultWhenOmitted: false, layer: "terraform", expected: false, protectedMeans: REFUSED, source: "GCs:secretmanager/resource_secret_manager_secret.go L420-426" },
  { type: "google_secret_manager_regional_secret", path: ["deletion_protection"], protectedWhen: true, defaultWhenOmitted: false, layer: "terraform", expected: false, protectedMeans: REFUSED, source: "GCs:secretmanager/resource_secret_manager_secret.go L420-426" },
  { type: "google_folder", path: ["deletion_protection"], protectedWhen: true, defaultWhenOmitted: true, layer: "terraform", expected: true, protectedMeans: REFUSED, source: "GCd:google_folder L72" },
  { type: "google_cloud_run_v2_service", path: ["deletion_protection"], protectedWhen: true, defaultWhenOmitted: true, layer: "terraform", expected: true, protectedMeans: REFUSED, source: "GCd:cloud_run_v2_service L982" },
  { type: "google_cloud_run_v2_job", path: ["deletion_protection"], protectedWhen: true, defaultWhenOmitted: true, layer: "terraform", expected: true, protectedMeans: REFUSED, source: "GCd:cloud_run_v2_job L569" },
  { type: "google_cloud_run_v2_worker_pool", path: ["deletion_protection"], protectedWhen: true, defaultWhenOmitted: true, layer: "terraform", expected: true, protectedMeans: REFUSED, source: "GCd:cloud_run_v2_worker_pool L650" },
  { type: "google_workflows_workflow", path: ["deletion_protection"], protectedWhen: true, defaultWhenOmitted: true, layer: "terraform", expected: true, protectedMeans: REFUSED, source: "GCd:workflows_workflow L235" },
  { type: "google_active_directory_domain", path: ["deletion_protection"], protectedWhen: true, defaultWhenOmitted: true, layer: "terraform", expected: true, protectedMeans: REFUSED, source: "GCd:active_directory_domain L91" },
  { type: "google_dataproc_metastore_service", path: ["deletion_protection"], protectedWhen: true, defaultWhenOmitted: null, layer: "cloud-api", expected: true, protectedMeans: REFUSED, source: "GCd:dataproc_metastore_service L455 (layer UNVERIFIED)" },
  { ...inverse("google_storage_bucket", "force_destroy", "GCs:storage/resource_storage_bucket.go L164-167; GCd:storage_bucket L220", true), protectedMeans: "Terraform does not empty the bucket first, so the delete fails while it holds objects" },
  inverse("google_dns_managed_zone", "force_destroy", "GCs:dns/resource_dns_managed_zone.go L418-422", true),
  { type: "google_project", path: ["deletion_policy"], protectedWhen: ["PREVENT", "ABANDON"], defaultWhenOmitted: "PREVENT", layer: "terraform", expected: true, protectedMeans: "the delete is refused (PREVENT) or only removes the project from the state (ABANDON)", source: "GCd:google_project L125-128; GCg:version_6_upgrade L367-376" },
  // Since v7.33.0 almost every Google resource has `deletion_policy`; the default is DELETE.
  { type: "google_*", path: ["deletion_policy"], protectedWhen: ["PREVENT", "ABANDON"], defaultWhenOmitted: "DELETE", layer: "terraform", expected: false, protectedMeans: "the delete is refused (PREVENT) or only removes the object from the state (ABANDON)", source: "google CHANGELOG.md L636 (7.33.0); GCd:storage_bucket L270-274" },
  // --- Azure (rule-catalog §2.3). Provider `features {}` switches are not in the resource diff. ---
  { type: "azurerm_key_vault", path: ["purge_protection_enabled"], protectedWhen: true, defaultWhenOmitted: false, layer: "cloud-api", expected: true, protectedMeans: "the vault cannot be purged while soft-deleted, so it stays recoverable", source: "AZs:internal/services/keyvault/key_vault_resource.go L200-203; AZd:key_vault L101-103" },
  { type: "azurerm_app_configuration", path: ["purge_protection_enabled"], protectedWhen: true, defaultWhenOmitted: false, layer: "cloud-api", expected: true, protectedMeans: "the store cannot be purged while soft-deleted, so it stays recoverable", source: "AZd:app_configuration L173" },
  { type: "azurerm_data_protection_backup_vault", path: ["soft_delete"], protectedWhen: ["AlwaysOn", "On"], defaultWhenOmitted: "On", layer: "cloud-api", expected: true, protectedMeans: "deleted backups stay recoverable (soft delete)", source: "AZd:data_protection_backup_vault L57-59" },
  { type: "azurerm_data_protection_backup_vault", path: ["immutability"], protectedWhen: "Locked", defaultWhenOmitted: "Disabled", layer: "cloud-api", expected: false, protectedMeans: "recovery points cannot be deleted before they expire", source: "AZd:data_protection_backup_vault L57-59" },
  { type: "azurerm_recovery_services_vault", path: ["immutability"], protectedWhen: "Locked", defaultWhenOmitted: null, layer: "cloud-api", expected: false, protectedMeans: "recovery points cannot be deleted before they expire", source: "AZd:recovery_services_vault L47" },
  // --- MongoDB Atlas (rule-catalog §2.4). Kubernetes and Cloudflare have no such attribute. ---
  ...["mongodbatlas_advanced_cluster", "mongodbatlas_cluster", "mongodbatlas_flex_cluster", "mongodbatlas_serverless_instance"].map(
    (type) => ({ type, path: ["termination_protection_enabled"], protectedWhen: true, defaultWhenOmitted: null, layer: "cloud-api", expected: true, protectedMeans: REFUSED, source: "MDB:docs/resources/advanced_cluster.md L566" })
  )
];

// src/catalog/public-settings.ts
var PUBLIC_SETTINGS = [
  { type: "aws_lambda_function_url", attribute: "authorization_type", openValues: ["NONE"], severity: "high", consequence: "anyone on the internet can invoke the function through its URL, unauthenticated", instead: '"AWS_IAM" (and grant lambda:InvokeFunctionUrl to the callers)', source: "AWSd:lambda_function_url" },
  { type: "aws_s3_bucket_acl", attribute: "acl", openValues: ["public-read", "public-read-write", "authenticated-read"], severity: "high", consequence: "anyone (with authenticated-read: any AWS account holder) can list the bucket, and with public-read-write also write to it, unless a public access block ignores public ACLs", instead: '"private", or use bucket policies scoped to named principals', source: "AWSd:s3_bucket_acl" },
  { type: "aws_s3_bucket", attribute: "acl", openValues: ["public-read", "public-read-write", "authenticated-read"], severity: "high", consequence: "anyone (with authenticated-read: any AWS account holder) can list the bucket, and with public-read-write also write to it, unless a public access block ignores public ACLs", instead: '"private"', source: "AWSd:s3_bucket" },
  { type: "aws_s3_bucket_public_access_block", group: "public access block", attribute: "block_public_acls", openValues: [false], severity: "medium", consequence: "new public ACLs on the bucket and its objects are accepted", instead: "true", source: "AWSd:s3_bucket_public_access_block" },
  { type: "aws_s3_bucket_public_access_block", group: "public access block", attribute: "ignore_public_acls", openValues: [false], severity: "medium", consequence: "public ACLs on the bucket and its objects take effect", instead: "true", source: "AWSd:s3_bucket_public_access_block" },
  { type: "aws_s3_bucket_public_access_block", group: "public access block", attribute: "block_public_policy", openValues: [false], severity: "medium", consequence: "a bucket policy granting public access is accepted", instead: "true", source: "AWSd:s3_bucket_public_access_block" },
  { type: "aws_s3_bucket_public_access_block", group: "public access block", attribute: "restrict_public_buckets", openValues: [false], severity: "medium", consequence: "a public bucket policy takes effect for anyone, not only AWS services and the owner account", instead: "true", source: "AWSd:s3_bucket_public_access_block" },
  { type: "aws_s3_account_public_access_block", group: "public access block", attribute: "block_public_acls", openValues: [false], severity: "medium", consequence: "new public ACLs are accepted on every bucket of the account", instead: "true", source: "AWSd:s3_account_public_access_block" },
  { type: "aws_s3_account_public_access_block", group: "public access block", attribute: "ignore_public_acls", openValues: [false], severity: "medium", consequence: "public ACLs take effect on every bucket of the account", instead: "true", source: "AWSd:s3_account_public_access_block" },
  { type: "aws_s3_account_public_access_block", group: "public access block", attribute: "block_public_policy", openValues: [false], severity: "medium", consequence: "public bucket policies are accepted on every bucket of the account", instead: "true", source: "AWSd:s3_account_public_access_block" },
  { type: "aws_s3_account_public_access_block", group: "public access block", attribute: "restrict_public_buckets", openValues: [false], severity: "medium", consequence: "public bucket policies take effect for anyone on every bucket of the account", instead: "true", source: "AWSd:s3_account_public_access_block" }
];

// src/catalog/attributes-read.ts
var EVERY_TYPE = [.../* @__PURE__ */ new Set([...NAME_ATTRIBUTES2, ...TAG_ATTRIBUTES, ...[...NAME_ATTRIBUTES, ...ENVIRONMENT_TAGS].flatMap((row) => firstStep(row.path))])];
var READ_BY_CODE = [
  { type: "kubernetes_manifest", attributes: ["manifest"], why: "its manifest kind tells whether it holds data (catalog/kubernetes-manifest-kinds.ts)" }
];
var APPLY_IMMEDIATELY = "apply_immediately";
function firstStep(path2) {
  const step = path2[0];
  return typeof step === "string" ? [step] : [];
}
function buildTable() {
  const table = /* @__PURE__ */ new Map();
  const add = (type, attributes) => {
    let set = table.get(type);
    if (!set) table.set(type, set = /* @__PURE__ */ new Set());
    for (const attribute of attributes) set.add(attribute);
  };
  for (const row of PROTECTION_ATTRIBUTES) add(row.type, firstStep(row.path));
  for (const row of BACKUP_GUARDS) {
    add(row.type, [...firstStep(row.path), ...row.copiedFrom ?? [], APPLY_IMMEDIATELY]);
    if (row.guards) {
      add(row.type, [row.guards.via]);
      add(row.guards.type, [row.guards.key]);
    }
  }
  for (const row of DATA_KEPT) add(row.type, firstStep(row.path));
  for (const row of FIREWALL_RANGES) add(row.type, [row.start, row.end]);
  for (const row of NETWORK_LISTS) add(row.type, firstStep(row.list));
  for (const row of INGRESS_SHAPES) add(row.type, ingressAttributes(row));
  for (const row of KEY_SWITCHES) add(row.type, firstStep(row.path));
  for (const row of PUBLIC_SETTINGS) add(row.type, [row.attribute]);
  for (const row of AWS_POLICY_ATTRIBUTES) add(row.type, firstStep(row.path));
  for (const row of AWS_MANAGED_POLICY_ATTACHMENTS) add(row.type, [row.attribute]);
  for (const row of AWS_PRINCIPAL_ATTRIBUTES) add(row.type, [row.principal, ...row.limitedBy]);
  add(AZURE_ROLE_ASSIGNMENT.type, [AZURE_ROLE_ASSIGNMENT.scope, AZURE_ROLE_ASSIGNMENT.roleName, AZURE_ROLE_ASSIGNMENT.roleId]);
  add(AZURE_ROLE_DEFINITION.type, [AZURE_ROLE_DEFINITION.permissions]);
  for (const row of GRANT_SUBJECTS) add(row.type, row.attributes);
  for (const row of READ_BY_CODE) add(row.type, row.attributes);
  for (const row of SIZE_ATTRIBUTES) for (const type of row.types ?? []) add(type, firstStep(row.path));
  return table;
}
var BY_TYPE = buildTable();
var BY_GLOB = [...BY_TYPE].filter(([type]) => /[*?[]/.test(type));
var cache3 = /* @__PURE__ */ new Map();
function attributesRead(type) {
  let set = cache3.get(type);
  if (!set) {
    const globs = BY_GLOB.filter(([glob]) => minimatch(type, glob)).flatMap(([, attributes]) => [...attributes]);
    const google = GOOGLE_IAM_CARRIERS.filter((carrier) => type.endsWith(carrier.suffix)).flatMap((carrier) => carrier.attributes);
    set = /* @__PURE__ */ new Set([...EVERY_TYPE, ...BY_TYPE.get(type) ?? [], ...globs, ...google]);
    cache3.set(type, set);
  }
  return set;
}

// src/catalog/unchanged-kept.ts
var UNCHANGED_KEPT = [
  { type: "kubernetes_manifest", path: ["manifest", "kind"], why: "a manifest moved or imported into an ignored address holds data or not by its kind (policy/moved-into-ignored.ts, catalog/kubernetes-manifest-kinds.ts)" },
  { type: ROLE_TRUST.type, path: [ROLE_TRUST.name], why: "an attachment names the role it is on by this name (rules/grant-subject.ts trustedRoles)" },
  { type: ROLE_TRUST.type, path: [ROLE_TRUST.trust], why: "who may assume a role an admin grant is attached to is bound into its approval the same whether the plan updates the role or leaves it as it is (rules/grant-subject.ts)" },
  // One PR adding 11.0.0.0/8, the next 12.0.0.0/8: each stays below the breadth alone, not with the rules already there.
  ...INGRESS_SHAPES.flatMap(
    (shape) => [.../* @__PURE__ */ new Set([...ingressAttributes(shape), ...grantSubjectAttributes(shape.type)])].map((attribute) => ({
      type: shape.type,
      path: [attribute],
      why: "the ingress rules a group already has, and what they open (a firewall's network and targets), are combined with those the plan adds (rules/network.ts)"
    }))
  )
];
var BY_TYPE2 = /* @__PURE__ */ new Map();
for (const row of UNCHANGED_KEPT) BY_TYPE2.set(row.type, [...BY_TYPE2.get(row.type) ?? [], row.path]);
function unchangedKeptPaths(type) {
  return BY_TYPE2.get(type) ?? [];
}

// src/plan/actions.ts
function classifyActions(actions) {
  const key = actions.join(",");
  switch (key) {
    case "create":
      return { action: "create", replaceOrder: null };
    case "update":
      return { action: "update", replaceOrder: null };
    case "delete":
      return { action: "delete", replaceOrder: null };
    case "delete,create":
      return { action: "replace", replaceOrder: "delete-before-create" };
    case "create,delete":
      return { action: "replace", replaceOrder: "create-before-destroy" };
    case "read":
      return { action: "read", replaceOrder: null };
    case "no-op":
      return { action: "no-op", replaceOrder: null };
    case "":
      return { action: "no-op", replaceOrder: null };
    case "forget":
      return { action: "forget", replaceOrder: null };
    case "create,forget":
      return { action: "create-then-forget", replaceOrder: null };
    default:
      if (actions.includes("delete") && actions.includes("create")) {
        return { action: "replace", replaceOrder: actions.indexOf("delete") < actions.indexOf("create") ? "delete-before-create" : "create-before-destroy" };
      }
      if (actions.includes("delete")) return { action: "delete", replaceOrder: null };
      return { action: "unknown", replaceOrder: null };
  }
}

// src/catalog/secret-names.ts
var SECRET_NAMES = [
  { words: ["password"], reason: "a password (master_password, admin_password; providers that predate sensitive marks, module outputs, app settings)" },
  { words: ["passwords"], reason: "a list of passwords (e.g. aws_mq_broker user passwords, redis auth lists)" },
  { words: ["passwd"], reason: "a password, abbreviated" },
  { words: ["pwd"], reason: "a password, abbreviated (DB_PWD environment variables)" },
  { words: ["pass"], reason: "a password, abbreviated (SMTP_PASS, DB_PASS environment variables)" },
  { words: ["passphrase"], reason: "the passphrase of a key or certificate" },
  { words: ["secret"], reason: "a secret (client_secret, secret_key, secret_string)" },
  { words: ["secrets"], reason: "a map or list of secrets" },
  { words: ["token"], reason: "an access or authentication token (auth_token, api_token, github_token)" },
  { words: ["tokens"], reason: "a list of tokens" },
  { words: ["private", "key"], reason: "a private key (private_key_pem, ssh_private_key)" },
  { words: ["privatekey"], reason: "a private key, written as one word" },
  { words: ["client", "key"], reason: "a TLS client's private key (kube_config client_key)" },
  { words: ["signing", "key"], reason: "a key that signs tokens or requests" },
  { words: ["encryption", "key"], reason: "a customer-supplied encryption key" },
  { words: ["master", "key"], reason: "a master key (Cosmos DB, search services)" },
  { words: ["primary", "key"], reason: "an Azure access key (primary_key of storage, Cosmos DB, Event Hubs, App Insights)" },
  { words: ["secondary", "key"], reason: "an Azure access key (secondary_key)" },
  { words: ["access", "key"], reason: "an access key (storage_account_access_key, primary_access_key)" },
  { words: ["account", "key"], reason: "a storage account key" },
  { words: ["shared", "key"], reason: "a shared key (VPN pre-shared keys, shared access keys)" },
  { words: ["psk"], reason: "a pre-shared key (VPN tunnels)" },
  { words: ["api", "key"], reason: "an API key" },
  { words: ["apikey"], reason: "an API key, written as one word" },
  { words: ["auth", "key"], reason: "an authentication key" },
  { words: ["license", "key"], reason: "a license key (monitoring agents)" },
  { words: ["instrumentation", "key"], reason: "an Application Insights key that lets anyone write telemetry" },
  { words: ["hmac"], reason: "an HMAC key" },
  { words: ["credential"], reason: "a credential" },
  { words: ["credentials"], reason: "credentials (a service account key JSON, a username and password)" },
  { words: ["creds"], reason: "credentials, abbreviated" },
  { words: ["connection", "string"], reason: "a connection string, which carries the password or account key (primary_connection_string)" },
  { words: ["connection", "strings"], reason: "connection strings (.NET ConnectionStrings__Name app settings)" },
  { words: ["connectionstring"], reason: "a connection string, written as one word" },
  { words: ["conn", "str"], reason: "a connection string, abbreviated" },
  { words: ["dsn"], reason: "a data source name, which usually carries the password" },
  { words: ["database", "url"], reason: "a database URL (DATABASE_URL), which usually carries the password" },
  { words: ["kubeconfig"], reason: "a kubeconfig, which carries the cluster's client key or token" },
  { words: ["kube", "config"], reason: "a kubeconfig (azurerm_kubernetes_cluster kube_config), which carries the cluster's client key or token" },
  { words: ["kube", "admin", "config"], reason: "an admin kubeconfig" },
  { words: ["sas"], reason: "a shared access signature (sas, sas_url): a bearer credential" },
  { words: ["pfx"], reason: "a PKCS#12 bundle, which holds the private key" },
  { words: ["webhook", "url"], reason: "a webhook URL (Slack, Teams), whose path is the credential" }
];
var NOT_SECRET_LAST_WORDS = [
  { word: "arn", reason: "an AWS identifier (secret_arn, master_user_secret_arn)" },
  { word: "id", reason: "an identifier (access_key_id, key_vault_secret_id, kms_key_id)" },
  { word: "ids", reason: "identifiers" },
  { word: "name", reason: "a name (secret_name, key_name)" },
  { word: "names", reason: "names" },
  { word: "uri", reason: "an address (key vault secret_uri)" },
  { word: "path", reason: "a file or Vault path" },
  { word: "file", reason: "a file name (credentials_file)" },
  { word: "filename", reason: "a file name" },
  { word: "ref", reason: "a reference to a secret stored elsewhere (secret_key_ref)" },
  { word: "reference", reason: "a reference to a secret stored elsewhere" },
  { word: "source", reason: "where a secret comes from (api_key_source: HEADER)" },
  { word: "type", reason: "a kind (private_key_type, token_type)" },
  { word: "version", reason: "a version number (secret_version, password_wo_version)" },
  { word: "length", reason: "a length (password_length, minimum_password_length)" },
  { word: "prevention", reason: "a count (password_reuse_prevention)" },
  { word: "age", reason: "a duration (max_password_age)" },
  { word: "days", reason: "a duration (secret_rotation_days)" },
  { word: "expiry", reason: "a date (token_expiry)" },
  { word: "expiration", reason: "a date" },
  { word: "ttl", reason: "a duration" },
  { word: "validity", reason: "a duration (refresh_token_validity)" },
  { word: "units", reason: "a unit of time (token_validity_units)" },
  { word: "policy", reason: "a policy about the secret (password_policy)" },
  { word: "status", reason: "a state (secret_status)" },
  { word: "strategy", reason: "how a secret is changed (auth_token_update_strategy)" },
  { word: "rotation", reason: "a rotation setting" },
  { word: "algorithm", reason: "an algorithm name (private_key_algorithm)" },
  { word: "sha256", reason: "a hash published by the service (customer_encryption_key_sha256)" },
  { word: "fingerprint", reason: "a public fingerprint" },
  { word: "enabled", reason: "a switch" },
  { word: "required", reason: "a switch" },
  { word: "stdin", reason: "a switch to read the secret from standard input (docker login --password-stdin)" }
];
var NOT_SECRET_VALUES = [
  { value: /^(?:true|false|yes|no|on|off|auto|none|null|nil|enabled|disabled|required|optional)$/i, reason: 'a setting (ENABLE_TOKEN=true, token=auto, "password": null)' },
  { value: /^arn:/i, reason: "an ARN: where the secret is stored (secret=arn:aws:secretsmanager:…)" },
  { value: /^\//, reason: "a path: the file or SSM parameter holding the secret (ssm_parameter_token=/prod/db/password)" },
  { value: /^file:\/\//i, reason: "a file the tool reads the secret from (aws … --secret-string file://secret.json)" },
  { value: /^(?:\$|\{\{|%\{)/, reason: "a shell, template or Terraform reference ($DB_PASSWORD, ${var.password}, {{ .Values.password }}, %{ … })" }
];
function anchoredName(characters) {
  const phrases = SECRET_NAMES.map((row) => row.words.join("[_.-]?")).join("|");
  return `(?<name>[${characters}]{0,48}(?:${phrases})[${characters}]{0,32})`;
}
var SECRET_SHAPES = [
  { holds: "PRIVATE KEY", pattern: /(?<![A-Za-z0-9])-----BEGIN [A-Z0-9 ]{0,40}PRIVATE KEY( BLOCK)?-----/, reason: "a PEM private key (RSA, EC, OpenSSH, PKCS#8, PGP)" },
  { holds: "PuTTY-User-Key-File-", pattern: /(?<![A-Za-z0-9-])PuTTY-User-Key-File-\d:/, reason: 'a PuTTY private key file (.ppk; PuTTY docs, appendix C "PPK file format")' },
  {
    holds: "=",
    pattern: /(?<=^|;)\s{0,16}(?:password|pwd|accountkey|sharedaccesskey)\s{0,16}=\s{0,16}[^;\s]/i,
    reason: "an ADO.NET or Azure connection string with a password or account key"
  },
  {
    holds: "://",
    // The password may hold '/' (generated base64 passwords do); a port (`host:8080/…@`) is not one,
    // nor is an IPv6 literal (`http://[::1]/a@b`: a user name holds no '[' (RFC 3986, 3.2.1)).
    // Matched backwards from each '@', so only an '@' starts work: a value of `a://` repeated
    // would otherwise read up to 256 characters from every `://` looking for one.
    pattern: /@(?<=(?<![a-z0-9+.-])[a-z][a-z0-9+.-]{0,31}:\/\/[^/\s:@[\]]{0,256}:(?!\d{1,5}(?:[/?#]|$))[^\s@]{1,256}@)/i,
    reason: "a URL with a password in it (postgres://user:password@host; redis://:password@host, the usual Redis form)"
  },
  {
    holds: "=",
    pattern: /(?<=[?&;])(?:password|passwd|pwd|secret|client_secret|token|access_token|auth_token|api_key|apikey|sig|signature)=[^&;\s#]/i,
    reason: "a URL or JDBC query parameter holding a secret (jdbc:…?user=app&password=…; ?sig= of an Azure SAS URL)"
  },
  {
    holds: ":",
    // Credentials of letters only followed by another word are prose (`Authorization: token required for …`).
    pattern: /(?<![a-z-])(?:proxy-)?authorization["']?[ \t]{0,8}:[ \t]{0,8}["']?(?:basic|bearer|token|digest)[ \t]{1,8}(?![a-z]{1,256}[ \t])[a-z0-9+/=._~-]{8}/i,
    reason: "an HTTP Authorization header with its credentials (RFC 9110, section 11.6.2)"
  },
  {
    holds: "_",
    pattern: /(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{22})/,
    reason: 'a GitHub token (ghp_, gho_, ghu_, ghs_, ghr_, github_pat_: GitHub docs, "About authentication to GitHub", token formats)'
  },
  {
    holds: "xox",
    pattern: /(?<![A-Za-z0-9-])xox[abeoprs]-[A-Za-z0-9-]{10}/,
    reason: 'a Slack token (xoxb- bot, xoxp- user, xoxe- refresh...: Slack API docs, "Token types")'
  },
  {
    holds: "eyJ",
    pattern: /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{4,4096}\.eyJ[A-Za-z0-9_-]{4,8192}\.[A-Za-z0-9_-]{0,1}/,
    reason: 'a JSON Web Token (RFC 7519: base64url of {"alg"... and {"sub"..., which open with eyJ)'
  },
  {
    holds: "IA",
    // The id alone: its secret is written beside it in every form (env file, JSON, CSV), at any distance.
    // The 16 characters after the prefix are base32 ([A-Z2-7]); one of letters only (about 1 id in 28)
    // is passed over, since such a word is far more often a name (role/ASIAPACIFICSOUTHEAST).
    pattern: /(?<![A-Z0-9])(?:AKIA|ASIA)(?=[A-Z]{0,15}[2-7])[A-Z2-7]{16}(?![A-Z0-9])/,
    reason: 'an AWS access key id (AKIA long-term, ASIA temporary), whose secret access key is written beside it (AWS IAM docs, "Managing access keys"; "Understanding unique ID prefixes")'
  },
  {
    holds: "=",
    pattern: new RegExp(String.raw`(?<![A-Za-z0-9_.-])${anchoredName("A-Za-z0-9_.-")}["']?[ \t]{0,4}=[ \t]{0,4}(?=["']?(?<value>[^\s"';,&]{1,64}))`, "i"),
    judgeName: true,
    reason: "an assignment to a secret name: an environment, .env, .properties or INI line, or a command-line option (export AWS_SECRET_ACCESS_KEY=…, aws_secret_access_key = …, spring.datasource.password=…, --password=…), as user_data and scripts hold them"
  },
  {
    holds: ":",
    pattern: new RegExp(String.raw`(?<![A-Za-z0-9_.-])${anchoredName("A-Za-z0-9_.-")}(?:["'][ \t]{0,4}:[ \t]{0,4}|:[ \t]{1,4})(?=["']?(?<value>[^\s"';,&]{1,64}))`, "i"),
    judgeName: true,
    reason: 'a JSON, YAML or HTTP-header entry under a secret name ("password": "…", password: …, DB_PASSWORD: …, X-Api-Key: …); a YAML or header colon is followed by a space, so an ARN\'s `:secret:` is not one'
  },
  {
    holds: "--",
    pattern: new RegExp(String.raw`(?<![A-Za-z0-9_-])--${anchoredName("A-Za-z0-9-")}[ \t]{1,4}(?=(?<value>[^\s"'-][^\s"';,&]{0,63}))`, "i"),
    judgeName: true,
    reason: "a command-line option naming a secret, with its value as the next word (docker login --password …, --client-secret …)"
  },
  {
    holds: '"value"',
    pattern: new RegExp(String.raw`(?<=[{,\s])"(?:name|key)"\s{0,16}:\s{0,16}"${anchoredName("A-Za-z0-9_.-")}"\s{0,16},\s{0,16}"value"\s{0,16}:\s{0,16}(?="(?<value>[^"]{1,64}))`, "i"),
    judgeName: true,
    reason: 'an environment variable as a JSON name/value pair under a secret name ({"name":"DB_PASSWORD","value":"…"} in ECS container definitions, Kubernetes and CodeBuild env lists), as the same pair in HCL already is'
  },
  {
    holds: "hooks.slack.com",
    pattern: /(?<![A-Za-z0-9-])hooks\.slack\.com\/services\/[A-Za-z0-9]{1,32}\/[A-Za-z0-9]{1,32}\/[A-Za-z0-9]{8}/,
    reason: 'a Slack incoming-webhook URL, whose path is the credential (Slack API docs, "Sending messages using incoming webhooks")'
  },
  {
    holds: "_live_",
    pattern: /(?<![A-Za-z0-9_])[rs]k_live_[A-Za-z0-9]{16}/,
    reason: 'a Stripe live secret or restricted key (Stripe docs, "API keys")'
  },
  {
    holds: "AIza",
    pattern: /(?<![A-Za-z0-9_-])AIza[0-9A-Za-z_-]{35}/,
    reason: 'a Google API key (Google Cloud docs, "Manage API keys")'
  },
  {
    holds: '"auths"',
    pattern: /(?<=[{,\s])"auth"\s{0,16}:\s{0,16}"[A-Za-z0-9+/]{8}/,
    reason: 'a Docker registry credential (config.json "auths": {registry: {"auth": base64 of user:password}}: Docker docs, "docker login")'
  },
  {
    holds: "npm_",
    pattern: /(?<![A-Za-z0-9_])npm_[A-Za-z0-9]{36}(?![A-Za-z0-9])/,
    reason: 'an npm access token (npm docs, "About access tokens": npm_ and 36 characters)'
  },
  {
    holds: "glpat-",
    pattern: /(?<![A-Za-z0-9_-])glpat-[A-Za-z0-9_-]{20}/,
    reason: 'a GitLab personal access token (GitLab docs, "Token overview": prefix glpat-)'
  },
  {
    holds: "sk-",
    pattern: /(?<![A-Za-z0-9_-])sk-(?:proj|svcacct|admin)-[A-Za-z0-9_-]{20}/,
    reason: "an OpenAI API key (sk-proj- project, sk-svcacct- service account, sk-admin- admin keys)"
  },
  {
    holds: "sk-ant-",
    pattern: /(?<![A-Za-z0-9_-])sk-ant-(?:api|admin)\d{2}-[A-Za-z0-9_-]{20}/,
    reason: "an Anthropic API key (sk-ant-api03-…, sk-ant-admin01-…)"
  },
  {
    holds: "SG.",
    pattern: /(?<![A-Za-z0-9_.-])SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}/,
    reason: 'a SendGrid API key (SG., 22 characters, a dot, 43 characters: SendGrid docs, "API keys")'
  },
  {
    holds: "hv",
    pattern: /(?<![A-Za-z0-9_.-])hv[sbr]\.[A-Za-z0-9_-]{24}/,
    reason: 'a HashiCorp Vault token (hvs. service, hvb. batch, hvr. recovery: Vault docs, "Tokens", token prefixes)'
  },
  {
    holds: "/api/webhooks/",
    pattern: /(?<![A-Za-z0-9.-])(?:discord|discordapp)\.com\/api\/webhooks\/\d{1,20}\/[A-Za-z0-9_-]{20}/,
    reason: 'a Discord webhook URL, whose path is the credential (Discord developer docs, "Webhook resource")'
  }
];

// src/plan/secret-names.ts
var NOT_SECRET_LAST = new Set(NOT_SECRET_LAST_WORDS.map((row) => row.word));
function nameWords(name) {
  return name.replace(/([a-z0-9])([A-Z])/g, "$1 $2").replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2").toLowerCase().split(/[^a-z0-9]+/).filter((word) => word !== "");
}
var judged = /* @__PURE__ */ new Map();
var JUDGED_MAX = 1e5;
function namesSecret(name) {
  const known = judged.get(name);
  if (known !== void 0) return known;
  const words = nameWords(name);
  const last = words[words.length - 1];
  const secret = last !== void 0 && !NOT_SECRET_LAST.has(last) && SECRET_NAMES.some((row) => containsPhrase(words, row.words));
  if (judged.size >= JUDGED_MAX) judged.clear();
  judged.set(name, secret);
  return secret;
}
function containsPhrase(words, phrase) {
  for (let start = 0; start + phrase.length <= words.length; start++) {
    if (phrase.every((word, k) => words[start + k] === word)) return true;
  }
  return false;
}
var GATE_CHARACTERS = ["=", ":", "_"];
var NO_GATE = -1;
var SHAPES = SECRET_SHAPES.map((row) => ({
  row,
  every: row.judgeName ? new RegExp(row.pattern.source, `${row.pattern.flags}g`) : null,
  gate: GATE_CHARACTERS.findIndex((character) => row.holds.includes(character))
}));
var HOLDS_UNGATED_SHAPE = new RegExp(
  SHAPES.filter((shape) => shape.gate === NO_GATE).map((shape) => escapeRegExp(shape.row.holds)).join("|")
);
function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
var HOLDS_ANY_SHAPE = new RegExp([...new Set(SECRET_SHAPES.map((row) => row.holds))].map(escapeRegExp).join("|"));
var SECRET_NAME_PHRASES = SECRET_NAMES.map((row) => row.words.join("[_.-]?")).join("|");
var HOLDS_SECRET_PHRASE = new RegExp(SECRET_NAME_PHRASES, "i");
var shapeJudged = /* @__PURE__ */ new Map();
var SHAPE_JUDGED_MIN_LENGTH = 64;
var SHAPE_JUDGED_MAX_CHARACTERS = 4 << 20;
var shapeJudgedCharacters = 0;
function shapedLikeSecret(value) {
  if (value.length < SHAPE_JUDGED_MIN_LENGTH) return judgeShape(value);
  const known = shapeJudged.get(value);
  if (known !== void 0) return known;
  const secret = judgeShape(value);
  if (shapeJudgedCharacters + value.length > SHAPE_JUDGED_MAX_CHARACTERS) {
    shapeJudged.clear();
    shapeJudgedCharacters = 0;
  }
  shapeJudged.set(value, secret);
  shapeJudgedCharacters += value.length;
  return secret;
}
function judgeShape(value) {
  if (!HOLDS_ANY_SHAPE.test(value)) return false;
  let gates = 0;
  for (let k = 0; k < GATE_CHARACTERS.length; k++) if (value.includes(GATE_CHARACTERS[k])) gates |= 1 << k;
  let holdsUngated = null;
  let holdsPhrase = null;
  for (const { row, every, gate } of SHAPES) {
    if (gate === NO_GATE ? !(holdsUngated ??= HOLDS_UNGATED_SHAPE.test(value)) : (gates & 1 << gate) === 0) continue;
    if (row.holds.length > 1 && !value.includes(row.holds)) continue;
    if (every === null) {
      if (row.pattern.test(value)) return true;
      continue;
    }
    holdsPhrase ??= HOLDS_SECRET_PHRASE.test(value);
    if (holdsPhrase && assignsSecret(every, value)) return true;
  }
  return false;
}
function assignsSecret(every, value) {
  for (const match2 of value.matchAll(every)) {
    const name = match2.groups?.["name"] ?? "";
    const assigned = match2.groups?.["value"] ?? "";
    if (namesSecret(name) && !NOT_SECRET_VALUES.some((row) => row.value.test(assigned))) return true;
  }
  return false;
}
function isSettingWord(value) {
  return value === "" || value === "true" || value === "false";
}
function markSecretsByName(value, mask, key = null) {
  return mark(value, mask, key, false, false);
}
function mark(value, mask, key, underSecret, inList) {
  if (mask === true || value === null || value === void 0) return mask;
  if (typeof value === "string") {
    if (isSettingWord(value)) return mask;
    const byName = key !== null && (namesSecret(key) || underSecret && !NOT_SECRET_LAST.has(nameWords(key).at(-1) ?? ""));
    return byName || shapedLikeSecret(value) ? true : mask;
  }
  if (typeof value !== "object") return mask;
  const maskObject = mask !== null && typeof mask === "object" ? mask : null;
  let marked = null;
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) {
      const itemMask = maskObject?.[index];
      const markedItem = mark(value[index], itemMask, key, false, true);
      if (markedItem !== itemMask) (marked ??= Object.assign([], maskObject))[index] = markedItem;
    }
    return marked ?? mask;
  }
  const record = value;
  const childrenUnderSecret = !inList && key !== null && namesSecret(key);
  const pairValue = record["value"];
  const pairIsSecret = typeof pairValue === "string" && !isSettingWord(pairValue) && pairNameIsSecret(record);
  for (const childKey of Object.keys(record)) {
    const childMask = maskObject?.[childKey];
    const markedChild = pairIsSecret && childKey === "value" ? true : mark(record[childKey], childMask, childKey, childrenUnderSecret, false);
    if (markedChild !== childMask) (marked ??= { ...maskObject })[childKey] = markedChild;
  }
  return marked ?? mask;
}
function pairNameIsSecret(record) {
  const pairName = typeof record["name"] === "string" ? record["name"] : typeof record["key"] === "string" ? record["key"] : null;
  return pairName !== null && namesSecret(pairName);
}

// src/plan/values-kept.ts
function valuesUnread(actions) {
  return Array.isArray(actions) && actions.length === 1 && (actions[0] === "no-op" || actions[0] === "read");
}
var SIDES = [
  ["before", "before_sensitive"],
  ["after", "after_sensitive"]
];
function keptChange(type, change, valuesRead = true) {
  const kept = { ...change };
  const actions = change["actions"];
  const unread = !valuesRead || valuesUnread(actions);
  const unknownAction = Array.isArray(actions) && actions.every((action) => typeof action === "string") && classifyActions(actions).action === "unknown";
  for (const [side, maskName] of SIDES) {
    if (!(side in change)) continue;
    const mask = markSecretsByName(change[side], change[maskName]);
    if (mask !== change[maskName]) kept[maskName] = mask;
    if (unread) kept[side] = (valuesRead ? withUnchangedValues(maskedPart(change[side], mask), type, actions, change[side]) : maskedPart(change[side], mask)) ?? null;
    else if (!unknownAction) kept[side] = keptValues(change[side], typeof type === "string" ? type : "", mask, change["replace_paths"]);
  }
  for (const mask of ["after_unknown", "before_sensitive", "after_sensitive"]) if (mask in kept) kept[mask] = pruneMarks(kept[mask]);
  return kept;
}
function withUnchangedValues(secrets, type, actions, values) {
  if (actions[0] === "read") return values !== null && typeof values === "object" && !Array.isArray(values) ? values : secrets;
  let kept = secrets;
  for (const path2 of unchangedKeptPaths(typeof type === "string" ? type : "")) kept = withPath(kept, values, path2);
  return kept;
}
function withPath(kept, values, path2) {
  if (path2.length === 0) return values;
  if (values === null || typeof values !== "object") return kept;
  const [step, ...rest] = path2;
  if (!Object.prototype.hasOwnProperty.call(values, step)) return kept;
  const base = kept !== null && typeof kept === "object" ? kept : Array.isArray(values) ? [] : {};
  const part = withPath(base[step], values[step], rest);
  if (part === void 0) return kept;
  if (base[step] === part) return base;
  const copy = Array.isArray(base) ? [...base] : { ...base };
  setOwnKey(copy, String(step), part);
  return copy;
}
function keptValues(values, type, mask, replacePaths) {
  if (values === null || typeof values !== "object" || Array.isArray(values)) return values;
  return reduceValues(values, type, mask, replacePaths);
}
function reduceValues(values, type, mask, replacePaths) {
  const read = attributesRead(type);
  const forcing = new Set(Array.isArray(replacePaths) ? replacePaths.map((path2) => Array.isArray(path2) ? path2[0] : void 0).filter((step) => typeof step === "string") : []);
  const record = values;
  const masks = mask !== null && typeof mask === "object" ? mask : null;
  let kept = null;
  const keys = Object.keys(record);
  for (const key of keys) {
    if (read.has(key) || forcing.has(key) || mask === true) continue;
    kept = {};
    for (const other of keys) {
      if (read.has(other) || forcing.has(other)) setOwnKey(kept, other, record[other]);
      else if (masks && Object.prototype.hasOwnProperty.call(masks, other)) {
        const part = maskedPart(record[other], masks[other]);
        if (part !== void 0) setOwnKey(kept, other, part);
      }
    }
    break;
  }
  return kept ?? values;
}
function maskedPart(value, mask) {
  if (mask === true) return value;
  if (mask === null || typeof mask !== "object" || value === null || typeof value !== "object") return void 0;
  const kept = Array.isArray(value) ? [] : {};
  let any = false;
  for (const [key, itemMask] of Object.entries(mask)) {
    if (!Object.prototype.hasOwnProperty.call(value, key)) continue;
    const part = maskedPart(value[key], itemMask);
    if (part === void 0) continue;
    setOwnKey(kept, key, part);
    any = true;
  }
  return any ? kept : void 0;
}

// src/plan/load-sections.ts
var KEEP = { kind: "keep" };
var PRESENCE = { kind: "presence" };
var STATE_RESOURCE = {
  kind: "object",
  // `values` comes before the `sensitive_values` that says which of it is needed: kept as bytes until then.
  // Nothing reads a state resource's address or type (tens of thousands of strings on a large plan).
  keys: { mode: KEEP, deposed_key: KEEP, values: { kind: "raw" }, sensitive_values: KEEP }
};
var STATE_MODULE = {
  kind: "object",
  keys: {
    resources: { kind: "array", each: STATE_RESOURCE, map: keepSecretValuesOnly, offload: "stateResource" },
    get child_modules() {
      return { kind: "array", each: STATE_MODULE };
    }
  }
};
var REFERENCES_BY_NAME = { kind: "object", anyKey: { kind: "object", keys: { references: KEEP } } };
var CONFIGURATION_MODULE = {
  kind: "object",
  keys: {
    // `for_each_expression`: what an `each.value` in a grant-subject argument stands for.
    resources: { kind: "array", each: { kind: "object", keys: { address: KEEP, expressions: KEEP, for_each_expression: KEEP } }, map: keepSetArgumentsOnly },
    variables: KEEP,
    outputs: { kind: "object", anyKey: { kind: "object", keys: { expression: { kind: "object", keys: { references: KEEP } } } } },
    get module_calls() {
      return { kind: "object", anyKey: { kind: "object", keys: { module: CONFIGURATION_MODULE, expressions: REFERENCES_BY_NAME, for_each_expression: KEEP } } };
    }
  }
};
var ELEMENT_REDUCERS = {
  change: (element) => keepChange(element, true),
  drift: (element) => keepChange(element, false),
  // A state resource parsed whole: first only the keys STATE_RESOURCE builds, as it builds them.
  stateResource: (element) => keepSecretValuesOnly(selectedKeys(element, STATE_RESOURCE))
};
function selectedKeys(element, selection) {
  if (!isRecord(element) || selection.kind !== "object" || selection.keys === void 0) return element;
  const selected = {};
  for (const key of Object.keys(element)) if (Object.prototype.hasOwnProperty.call(selection.keys, key)) selected[key] = element[key];
  return selected;
}
var PLAN_SECTIONS = {
  format_version: KEEP,
  plan_format_version: KEEP,
  terraform_version: KEEP,
  errored: KEEP,
  // Terraform 1.8+: false for -target plans and plans with deferred changes.
  complete: KEEP,
  variables: KEEP,
  // Each change is reduced as soon as it is built to what the model keeps of it (values-kept.ts).
  resource_changes: { kind: "array", each: KEEP, map: ELEMENT_REDUCERS.change, offload: "change" },
  // Nothing reads drift's values (the model keeps them null): only their secrets are kept.
  resource_drift: { kind: "array", each: KEEP, map: ELEMENT_REDUCERS.drift, offload: "drift" },
  // Terraform 1.9+ (deferred changes) and 1.14+ (provider actions).
  deferred_changes: { kind: "array", each: KEEP },
  action_invocations: { kind: "array", each: KEEP },
  deferred_action_invocations: { kind: "array", each: KEEP },
  output_changes: KEEP,
  prior_state: { kind: "object", keys: { values: { kind: "object", keys: { outputs: KEEP, root_module: STATE_MODULE } } } },
  planned_values: { kind: "object", keys: { outputs: KEEP, root_module: STATE_MODULE } },
  configuration: { kind: "object", keys: { root_module: CONFIGURATION_MODULE } },
  // Looked for only to tell a state file from a plan.
  lineage: KEEP,
  serial: KEEP,
  values: PRESENCE
};
function keepSecretValuesOnly(element) {
  if (!isRecord(element) || !Object.prototype.hasOwnProperty.call(element, "values")) return element;
  const mask = pruneMarks(element["sensitive_values"]);
  const secrets = mask === false ? void 0 : maskedPart(markedFields(element["values"], mask), mask);
  const reduced = {};
  for (const key of Object.keys(element)) {
    if (key === "sensitive_values") reduced[key] = mask;
    else if (key !== "values") reduced[key] = element[key];
    else if (secrets !== void 0) reduced[key] = secrets;
  }
  if (!("sensitive_values" in element)) reduced["sensitive_values"] = mask;
  return reduced;
}
function markedFields(values, mask) {
  const byField = mask !== null && typeof mask === "object";
  if (values instanceof RawJson) return values.isObject && byField ? values.parseFields(Object.keys(mask)) : values.parse();
  if (!isRecord(values) || !byField) return values;
  const picked = {};
  for (const name of Object.keys(mask)) if (Object.prototype.hasOwnProperty.call(values, name)) setOwnKey(picked, name, values[name]);
  return picked;
}
function keepChange(element, valuesRead) {
  if (!isRecord(element) || !isRecord(element["change"])) return element;
  return { ...element, change: keptChange(element["type"], element["change"], valuesRead) };
}
function keepSetArgumentsOnly(element) {
  if (!isRecord(element) || !isRecord(element["expressions"])) return element;
  const subjects = referencedArguments(configuredType(element["address"]));
  const expressions = {};
  for (const [argument, expression] of Object.entries(element["expressions"])) {
    const literalNull = isRecord(expression) && "constant_value" in expression && expression["constant_value"] === null && expression["references"] === void 0;
    const references = !literalNull && subjects.includes(argument) && isRecord(expression) ? expression["references"] : void 0;
    setOwnKey(expressions, argument, literalNull ? { constant_value: null } : references !== void 0 ? { references } : {});
  }
  return { ...element, expressions };
}
function isRecord(value) {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

// src/plan/element-worker.ts
var ELEMENT_REDUCER_NAMES = Object.keys(ELEMENT_REDUCERS);
var STATUS_DONE = 0;
var STATUS_FAILED = 1;
var STATUS_CELLS = 2;
var CLAIM_PENDING = 0;
var CLAIM_WORKER = 1;
var CLAIM_MAIN = 2;
var ELEMENT_WORKER_BUILD = true ? "1d4020e01a9d7d13" : "sources";
var ELEMENT_JOBS_KEY = "tfPlanGuardElementJobsOfBuild";
function readBatch(fd, batch, scratch) {
  const from = batch[2];
  const length = batch[batch.length - 1] - from;
  if (length > scratch.buffer.length) scratch.buffer = Buffer.allocUnsafe(length);
  const buffer = scratch.buffer;
  if (readSync(fd, buffer, 0, length, from) !== length) throw new Error("the file is shorter than it was");
  const values = [];
  for (let k = 1; k < batch.length; k += 3) {
    const read = readElementBytes(buffer.subarray(batch[k + 1] - from, batch[k + 2] - from));
    if (read === null) throw new Error("not one element");
    values.push(reducerOf(batch[k])(read.value));
  }
  return values;
}
function serveElementJobs(jobs2, jobsPort) {
  if (jobs2.build !== ELEMENT_WORKER_BUILD) {
    Atomics.store(jobs2.status, STATUS_FAILED, 1);
    Atomics.notify(jobs2.status, STATUS_DONE);
    return;
  }
  const scratch = { buffer: Buffer.allocUnsafe(1 << 20) };
  let failed = false;
  jobsPort.on("message", (batch) => {
    if (failed) return;
    const number = batch[0];
    if (Atomics.compareExchange(jobs2.claims, number, CLAIM_PENDING, CLAIM_WORKER) !== CLAIM_PENDING) return;
    try {
      const values = readBatch(jobs2.fd, batch, scratch);
      const results = { batch: number, values };
      jobs2.results.postMessage(results);
      Atomics.add(jobs2.status, STATUS_DONE, values.length);
    } catch {
      failed = true;
      Atomics.store(jobs2.status, STATUS_FAILED, 1);
    }
    Atomics.notify(jobs2.status, STATUS_DONE);
  });
}
function reducerOf(code) {
  const name = ELEMENT_REDUCER_NAMES[code];
  if (name === void 0) throw new Error(`no reducer ${code}`);
  return ELEMENT_REDUCERS[name];
}
var jobs = isMainThread ? void 0 : workerData?.[ELEMENT_JOBS_KEY];
if (jobs !== void 0 && parentPort !== null) serveElementJobs(jobs, parentPort);
export {
  CLAIM_MAIN,
  CLAIM_PENDING,
  CLAIM_WORKER,
  ELEMENT_JOBS_KEY,
  ELEMENT_REDUCER_NAMES,
  ELEMENT_WORKER_BUILD,
  STATUS_CELLS,
  STATUS_DONE,
  STATUS_FAILED,
  readBatch,
  serveElementJobs
};
