#!/usr/bin/env node
import { createRequire as __tfpgCreateRequire } from 'node:module';
const require = __tfpgCreateRequire(import.meta.url);
var __create = Object.create;
var __defProp = Object.defineProperty;
var __getOwnPropDesc = Object.getOwnPropertyDescriptor;
var __getOwnPropNames = Object.getOwnPropertyNames;
var __getProtoOf = Object.getPrototypeOf;
var __hasOwnProp = Object.prototype.hasOwnProperty;
var __require = /* @__PURE__ */ ((x) => typeof require !== "undefined" ? require : typeof Proxy !== "undefined" ? new Proxy(x, {
  get: (a, b) => (typeof require !== "undefined" ? require : a)[b]
}) : x)(function(x) {
  if (typeof require !== "undefined") return require.apply(this, arguments);
  throw Error('Dynamic require of "' + x + '" is not supported');
});
var __commonJS = (cb, mod) => function __require2() {
  try {
    return mod || (0, cb[__getOwnPropNames(cb)[0]])((mod = { exports: {} }).exports, mod), mod.exports;
  } catch (e) {
    throw mod = 0, e;
  }
};
var __export = (target2, all) => {
  for (var name in all)
    __defProp(target2, name, { get: all[name], enumerable: true });
};
var __copyProps = (to, from, except, desc) => {
  if (from && typeof from === "object" || typeof from === "function") {
    for (let key of __getOwnPropNames(from))
      if (!__hasOwnProp.call(to, key) && key !== except)
        __defProp(to, key, { get: () => from[key], enumerable: !(desc = __getOwnPropDesc(from, key)) || desc.enumerable });
  }
  return to;
};
var __toESM = (mod, isNodeMode, target2) => (target2 = mod != null ? __create(__getProtoOf(mod)) : {}, __copyProps(
  // If the importer is in node compatibility mode or this is not an ESM
  // file that has been converted to a CommonJS file using a Babel-
  // compatible transform (i.e. "__esModule" has not been set), then set
  // "default" to the CommonJS "module.exports" for node compatibility.
  isNodeMode || !mod || !mod.__esModule ? __defProp(target2, "default", { value: mod, enumerable: true }) : target2,
  mod
));

// node_modules/yaml/dist/nodes/identity.js
var require_identity = __commonJS({
  "node_modules/yaml/dist/nodes/identity.js"(exports) {
    "use strict";
    var ALIAS = /* @__PURE__ */ Symbol.for("yaml.alias");
    var DOC = /* @__PURE__ */ Symbol.for("yaml.document");
    var MAP = /* @__PURE__ */ Symbol.for("yaml.map");
    var PAIR = /* @__PURE__ */ Symbol.for("yaml.pair");
    var SCALAR = /* @__PURE__ */ Symbol.for("yaml.scalar");
    var SEQ = /* @__PURE__ */ Symbol.for("yaml.seq");
    var NODE_TYPE = /* @__PURE__ */ Symbol.for("yaml.node.type");
    var isAlias = (node2) => !!node2 && typeof node2 === "object" && node2[NODE_TYPE] === ALIAS;
    var isDocument = (node2) => !!node2 && typeof node2 === "object" && node2[NODE_TYPE] === DOC;
    var isMap = (node2) => !!node2 && typeof node2 === "object" && node2[NODE_TYPE] === MAP;
    var isPair = (node2) => !!node2 && typeof node2 === "object" && node2[NODE_TYPE] === PAIR;
    var isScalar = (node2) => !!node2 && typeof node2 === "object" && node2[NODE_TYPE] === SCALAR;
    var isSeq = (node2) => !!node2 && typeof node2 === "object" && node2[NODE_TYPE] === SEQ;
    function isCollection(node2) {
      if (node2 && typeof node2 === "object")
        switch (node2[NODE_TYPE]) {
          case MAP:
          case SEQ:
            return true;
        }
      return false;
    }
    function isNode(node2) {
      if (node2 && typeof node2 === "object")
        switch (node2[NODE_TYPE]) {
          case ALIAS:
          case MAP:
          case SCALAR:
          case SEQ:
            return true;
        }
      return false;
    }
    var hasAnchor = (node2) => (isScalar(node2) || isCollection(node2)) && !!node2.anchor;
    exports.ALIAS = ALIAS;
    exports.DOC = DOC;
    exports.MAP = MAP;
    exports.NODE_TYPE = NODE_TYPE;
    exports.PAIR = PAIR;
    exports.SCALAR = SCALAR;
    exports.SEQ = SEQ;
    exports.hasAnchor = hasAnchor;
    exports.isAlias = isAlias;
    exports.isCollection = isCollection;
    exports.isDocument = isDocument;
    exports.isMap = isMap;
    exports.isNode = isNode;
    exports.isPair = isPair;
    exports.isScalar = isScalar;
    exports.isSeq = isSeq;
  }
});

// node_modules/yaml/dist/visit.js
var require_visit = __commonJS({
  "node_modules/yaml/dist/visit.js"(exports) {
    "use strict";
    var identity = require_identity();
    var BREAK = /* @__PURE__ */ Symbol("break visit");
    var SKIP = /* @__PURE__ */ Symbol("skip children");
    var REMOVE = /* @__PURE__ */ Symbol("remove node");
    function visit(node2, visitor) {
      const visitor_ = initVisitor(visitor);
      if (identity.isDocument(node2)) {
        const cd = visit_(null, node2.contents, visitor_, Object.freeze([node2]));
        if (cd === REMOVE)
          node2.contents = null;
      } else
        visit_(null, node2, visitor_, Object.freeze([]));
    }
    visit.BREAK = BREAK;
    visit.SKIP = SKIP;
    visit.REMOVE = REMOVE;
    function visit_(key, node2, visitor, path2) {
      const ctrl = callVisitor(key, node2, visitor, path2);
      if (identity.isNode(ctrl) || identity.isPair(ctrl)) {
        replaceNode(key, path2, ctrl);
        return visit_(key, ctrl, visitor, path2);
      }
      if (typeof ctrl !== "symbol") {
        if (identity.isCollection(node2)) {
          path2 = Object.freeze(path2.concat(node2));
          for (let i = 0; i < node2.items.length; ++i) {
            const ci = visit_(i, node2.items[i], visitor, path2);
            if (typeof ci === "number")
              i = ci - 1;
            else if (ci === BREAK)
              return BREAK;
            else if (ci === REMOVE) {
              node2.items.splice(i, 1);
              i -= 1;
            }
          }
        } else if (identity.isPair(node2)) {
          path2 = Object.freeze(path2.concat(node2));
          const ck = visit_("key", node2.key, visitor, path2);
          if (ck === BREAK)
            return BREAK;
          else if (ck === REMOVE)
            node2.key = null;
          const cv = visit_("value", node2.value, visitor, path2);
          if (cv === BREAK)
            return BREAK;
          else if (cv === REMOVE)
            node2.value = null;
        }
      }
      return ctrl;
    }
    async function visitAsync(node2, visitor) {
      const visitor_ = initVisitor(visitor);
      if (identity.isDocument(node2)) {
        const cd = await visitAsync_(null, node2.contents, visitor_, Object.freeze([node2]));
        if (cd === REMOVE)
          node2.contents = null;
      } else
        await visitAsync_(null, node2, visitor_, Object.freeze([]));
    }
    visitAsync.BREAK = BREAK;
    visitAsync.SKIP = SKIP;
    visitAsync.REMOVE = REMOVE;
    async function visitAsync_(key, node2, visitor, path2) {
      const ctrl = await callVisitor(key, node2, visitor, path2);
      if (identity.isNode(ctrl) || identity.isPair(ctrl)) {
        replaceNode(key, path2, ctrl);
        return visitAsync_(key, ctrl, visitor, path2);
      }
      if (typeof ctrl !== "symbol") {
        if (identity.isCollection(node2)) {
          path2 = Object.freeze(path2.concat(node2));
          for (let i = 0; i < node2.items.length; ++i) {
            const ci = await visitAsync_(i, node2.items[i], visitor, path2);
            if (typeof ci === "number")
              i = ci - 1;
            else if (ci === BREAK)
              return BREAK;
            else if (ci === REMOVE) {
              node2.items.splice(i, 1);
              i -= 1;
            }
          }
        } else if (identity.isPair(node2)) {
          path2 = Object.freeze(path2.concat(node2));
          const ck = await visitAsync_("key", node2.key, visitor, path2);
          if (ck === BREAK)
            return BREAK;
          else if (ck === REMOVE)
            node2.key = null;
          const cv = await visitAsync_("value", node2.value, visitor, path2);
          if (cv === BREAK)
            return BREAK;
          else if (cv === REMOVE)
            node2.value = null;
        }
      }
      return ctrl;
    }
    function initVisitor(visitor) {
      if (typeof visitor === "object" && (visitor.Collection || visitor.Node || visitor.Value)) {
        return Object.assign({
          Alias: visitor.Node,
          Map: visitor.Node,
          Scalar: visitor.Node,
          Seq: visitor.Node
        }, visitor.Value && {
          Map: visitor.Value,
          Scalar: visitor.Value,
          Seq: visitor.Value
        }, visitor.Collection && {
          Map: visitor.Collection,
          Seq: visitor.Collection
        }, visitor);
      }
      return visitor;
    }
    function callVisitor(key, node2, visitor, path2) {
      if (typeof visitor === "function")
        return visitor(key, node2, path2);
      if (identity.isMap(node2))
        return visitor.Map?.(key, node2, path2);
      if (identity.isSeq(node2))
        return visitor.Seq?.(key, node2, path2);
      if (identity.isPair(node2))
        return visitor.Pair?.(key, node2, path2);
      if (identity.isScalar(node2))
        return visitor.Scalar?.(key, node2, path2);
      if (identity.isAlias(node2))
        return visitor.Alias?.(key, node2, path2);
      return void 0;
    }
    function replaceNode(key, path2, node2) {
      const parent = path2[path2.length - 1];
      if (identity.isCollection(parent)) {
        parent.items[key] = node2;
      } else if (identity.isPair(parent)) {
        if (key === "key")
          parent.key = node2;
        else
          parent.value = node2;
      } else if (identity.isDocument(parent)) {
        parent.contents = node2;
      } else {
        const pt = identity.isAlias(parent) ? "alias" : "scalar";
        throw new Error(`Cannot replace node with ${pt} parent`);
      }
    }
    exports.visit = visit;
    exports.visitAsync = visitAsync;
  }
});

// node_modules/yaml/dist/doc/directives.js
var require_directives = __commonJS({
  "node_modules/yaml/dist/doc/directives.js"(exports) {
    "use strict";
    var identity = require_identity();
    var visit = require_visit();
    var escapeChars = {
      "!": "%21",
      ",": "%2C",
      "[": "%5B",
      "]": "%5D",
      "{": "%7B",
      "}": "%7D"
    };
    var escapeTagName = (tn) => tn.replace(/[!,[\]{}]/g, (ch) => escapeChars[ch]);
    var Directives = class _Directives {
      constructor(yaml, tags) {
        this.docStart = null;
        this.docEnd = false;
        this.yaml = Object.assign({}, _Directives.defaultYaml, yaml);
        this.tags = Object.assign({}, _Directives.defaultTags, tags);
      }
      clone() {
        const copy = new _Directives(this.yaml, this.tags);
        copy.docStart = this.docStart;
        return copy;
      }
      /**
       * During parsing, get a Directives instance for the current document and
       * update the stream state according to the current version's spec.
       */
      atDocument() {
        const res = new _Directives(this.yaml, this.tags);
        switch (this.yaml.version) {
          case "1.1":
            this.atNextDocument = true;
            break;
          case "1.2":
            this.atNextDocument = false;
            this.yaml = {
              explicit: _Directives.defaultYaml.explicit,
              version: "1.2"
            };
            this.tags = Object.assign({}, _Directives.defaultTags);
            break;
        }
        return res;
      }
      /**
       * @param onError - May be called even if the action was successful
       * @returns `true` on success
       */
      add(line, onError) {
        if (this.atNextDocument) {
          this.yaml = { explicit: _Directives.defaultYaml.explicit, version: "1.1" };
          this.tags = Object.assign({}, _Directives.defaultTags);
          this.atNextDocument = false;
        }
        const parts = line.trim().split(/[ \t]+/);
        const name = parts.shift();
        switch (name) {
          case "%TAG": {
            if (parts.length !== 2) {
              onError(0, "%TAG directive should contain exactly two parts");
              if (parts.length < 2)
                return false;
            }
            const [handle, prefix2] = parts;
            this.tags[handle] = prefix2;
            return true;
          }
          case "%YAML": {
            this.yaml.explicit = true;
            if (parts.length !== 1) {
              onError(0, "%YAML directive should contain exactly one part");
              return false;
            }
            const [version2] = parts;
            if (version2 === "1.1" || version2 === "1.2") {
              this.yaml.version = version2;
              return true;
            } else {
              const isValid = /^\d+\.\d+$/.test(version2);
              onError(6, `Unsupported YAML version ${version2}`, isValid);
              return false;
            }
          }
          default:
            onError(0, `Unknown directive ${name}`, true);
            return false;
        }
      }
      /**
       * Resolves a tag, matching handles to those defined in %TAG directives.
       *
       * @returns Resolved tag, which may also be the non-specific tag `'!'` or a
       *   `'!local'` tag, or `null` if unresolvable.
       */
      tagName(source, onError) {
        if (source === "!")
          return "!";
        if (source[0] !== "!") {
          onError(`Not a valid tag: ${source}`);
          return null;
        }
        if (source[1] === "<") {
          const verbatim = source.slice(2, -1);
          if (verbatim === "!" || verbatim === "!!") {
            onError(`Verbatim tags aren't resolved, so ${source} is invalid.`);
            return null;
          }
          if (source[source.length - 1] !== ">")
            onError("Verbatim tags must end with a >");
          return verbatim;
        }
        const [, handle, suffix] = source.match(/^(.*!)([^!]*)$/s);
        if (!suffix)
          onError(`The ${source} tag has no suffix`);
        const prefix2 = this.tags[handle];
        if (prefix2) {
          try {
            return prefix2 + decodeURIComponent(suffix);
          } catch (error2) {
            onError(String(error2));
            return null;
          }
        }
        if (handle === "!")
          return source;
        onError(`Could not resolve tag: ${source}`);
        return null;
      }
      /**
       * Given a fully resolved tag, returns its printable string form,
       * taking into account current tag prefixes and defaults.
       */
      tagString(tag) {
        for (const [handle, prefix2] of Object.entries(this.tags)) {
          if (tag.startsWith(prefix2))
            return handle + escapeTagName(tag.substring(prefix2.length));
        }
        return tag[0] === "!" ? tag : `!<${tag}>`;
      }
      toString(doc) {
        const lines = this.yaml.explicit ? [`%YAML ${this.yaml.version || "1.2"}`] : [];
        const tagEntries = Object.entries(this.tags);
        let tagNames;
        if (doc && tagEntries.length > 0 && identity.isNode(doc.contents)) {
          const tags = {};
          visit.visit(doc.contents, (_key, node2) => {
            if (identity.isNode(node2) && node2.tag)
              tags[node2.tag] = true;
          });
          tagNames = Object.keys(tags);
        } else
          tagNames = [];
        for (const [handle, prefix2] of tagEntries) {
          if (handle === "!!" && prefix2 === "tag:yaml.org,2002:")
            continue;
          if (!doc || tagNames.some((tn) => tn.startsWith(prefix2)))
            lines.push(`%TAG ${handle} ${prefix2}`);
        }
        return lines.join("\n");
      }
    };
    Directives.defaultYaml = { explicit: false, version: "1.2" };
    Directives.defaultTags = { "!!": "tag:yaml.org,2002:" };
    exports.Directives = Directives;
  }
});

// node_modules/yaml/dist/doc/anchors.js
var require_anchors = __commonJS({
  "node_modules/yaml/dist/doc/anchors.js"(exports) {
    "use strict";
    var identity = require_identity();
    var visit = require_visit();
    function anchorIsValid(anchor2) {
      if (/[\x00-\x19\s,[\]{}]/.test(anchor2)) {
        const sa = JSON.stringify(anchor2);
        const msg = `Anchor must not contain whitespace or control characters: ${sa}`;
        throw new Error(msg);
      }
      return true;
    }
    function anchorNames(root) {
      const anchors = /* @__PURE__ */ new Set();
      visit.visit(root, {
        Value(_key, node2) {
          if (node2.anchor)
            anchors.add(node2.anchor);
        }
      });
      return anchors;
    }
    function findNewAnchor(prefix2, exclude) {
      for (let i = 1; true; ++i) {
        const name = `${prefix2}${i}`;
        if (!exclude.has(name))
          return name;
      }
    }
    function createNodeAnchors(doc, prefix2) {
      const aliasObjects = [];
      const sourceObjects = /* @__PURE__ */ new Map();
      let prevAnchors = null;
      return {
        onAnchor: (source) => {
          aliasObjects.push(source);
          prevAnchors ?? (prevAnchors = anchorNames(doc));
          const anchor2 = findNewAnchor(prefix2, prevAnchors);
          prevAnchors.add(anchor2);
          return anchor2;
        },
        /**
         * With circular references, the source node is only resolved after all
         * of its child nodes are. This is why anchors are set only after all of
         * the nodes have been created.
         */
        setAnchors: () => {
          for (const source of aliasObjects) {
            const ref = sourceObjects.get(source);
            if (typeof ref === "object" && ref.anchor && (identity.isScalar(ref.node) || identity.isCollection(ref.node))) {
              ref.node.anchor = ref.anchor;
            } else {
              const error2 = new Error("Failed to resolve repeated object (this should not happen)");
              error2.source = source;
              throw error2;
            }
          }
        },
        sourceObjects
      };
    }
    exports.anchorIsValid = anchorIsValid;
    exports.anchorNames = anchorNames;
    exports.createNodeAnchors = createNodeAnchors;
    exports.findNewAnchor = findNewAnchor;
  }
});

// node_modules/yaml/dist/doc/applyReviver.js
var require_applyReviver = __commonJS({
  "node_modules/yaml/dist/doc/applyReviver.js"(exports) {
    "use strict";
    function applyReviver(reviver, obj, key, val) {
      if (val && typeof val === "object") {
        if (Array.isArray(val)) {
          for (let i = 0, len = val.length; i < len; ++i) {
            const v0 = val[i];
            const v1 = applyReviver(reviver, val, String(i), v0);
            if (v1 === void 0)
              delete val[i];
            else if (v1 !== v0)
              val[i] = v1;
          }
        } else if (val instanceof Map) {
          for (const k of Array.from(val.keys())) {
            const v0 = val.get(k);
            const v1 = applyReviver(reviver, val, k, v0);
            if (v1 === void 0)
              val.delete(k);
            else if (v1 !== v0)
              val.set(k, v1);
          }
        } else if (val instanceof Set) {
          for (const v0 of Array.from(val)) {
            const v1 = applyReviver(reviver, val, v0, v0);
            if (v1 === void 0)
              val.delete(v0);
            else if (v1 !== v0) {
              val.delete(v0);
              val.add(v1);
            }
          }
        } else {
          for (const [k, v0] of Object.entries(val)) {
            const v1 = applyReviver(reviver, val, k, v0);
            if (v1 === void 0)
              delete val[k];
            else if (v1 !== v0)
              val[k] = v1;
          }
        }
      }
      return reviver.call(obj, key, val);
    }
    exports.applyReviver = applyReviver;
  }
});

// node_modules/yaml/dist/nodes/toJS.js
var require_toJS = __commonJS({
  "node_modules/yaml/dist/nodes/toJS.js"(exports) {
    "use strict";
    var identity = require_identity();
    function toJS(value, arg, ctx) {
      if (Array.isArray(value))
        return value.map((v, i) => toJS(v, String(i), ctx));
      if (value && typeof value.toJSON === "function") {
        if (!ctx || !identity.hasAnchor(value))
          return value.toJSON(arg, ctx);
        const data = { aliasCount: 0, count: 1, res: void 0 };
        ctx.anchors.set(value, data);
        ctx.onCreate = (res2) => {
          data.res = res2;
          delete ctx.onCreate;
        };
        const res = value.toJSON(arg, ctx);
        if (ctx.onCreate)
          ctx.onCreate(res);
        return res;
      }
      if (typeof value === "bigint" && !ctx?.keep)
        return Number(value);
      return value;
    }
    exports.toJS = toJS;
  }
});

// node_modules/yaml/dist/nodes/Node.js
var require_Node = __commonJS({
  "node_modules/yaml/dist/nodes/Node.js"(exports) {
    "use strict";
    var applyReviver = require_applyReviver();
    var identity = require_identity();
    var toJS = require_toJS();
    var NodeBase = class {
      constructor(type) {
        Object.defineProperty(this, identity.NODE_TYPE, { value: type });
      }
      /** Create a copy of this node.  */
      clone() {
        const copy = Object.create(Object.getPrototypeOf(this), Object.getOwnPropertyDescriptors(this));
        if (this.range)
          copy.range = this.range.slice();
        return copy;
      }
      /** A plain JavaScript representation of this node. */
      toJS(doc, { mapAsMap, maxAliasCount, onAnchor, reviver } = {}) {
        if (!identity.isDocument(doc))
          throw new TypeError("A document argument is required");
        const ctx = {
          anchors: /* @__PURE__ */ new Map(),
          doc,
          keep: true,
          mapAsMap: mapAsMap === true,
          mapKeyWarned: false,
          maxAliasCount: typeof maxAliasCount === "number" ? maxAliasCount : 100
        };
        const res = toJS.toJS(this, "", ctx);
        if (typeof onAnchor === "function")
          for (const { count: count2, res: res2 } of ctx.anchors.values())
            onAnchor(res2, count2);
        return typeof reviver === "function" ? applyReviver.applyReviver(reviver, { "": res }, "", res) : res;
      }
    };
    exports.NodeBase = NodeBase;
  }
});

// node_modules/yaml/dist/nodes/Alias.js
var require_Alias = __commonJS({
  "node_modules/yaml/dist/nodes/Alias.js"(exports) {
    "use strict";
    var anchors = require_anchors();
    var visit = require_visit();
    var identity = require_identity();
    var Node = require_Node();
    var toJS = require_toJS();
    var Alias = class extends Node.NodeBase {
      constructor(source) {
        super(identity.ALIAS);
        this.source = source;
        Object.defineProperty(this, "tag", {
          set() {
            throw new Error("Alias nodes cannot have tags");
          }
        });
      }
      /**
       * Resolve the value of this alias within `doc`, finding the last
       * instance of the `source` anchor before this node.
       */
      resolve(doc, ctx) {
        if (ctx?.maxAliasCount === 0)
          throw new ReferenceError("Alias resolution is disabled");
        let nodes;
        if (ctx?.aliasResolveCache) {
          nodes = ctx.aliasResolveCache;
        } else {
          nodes = [];
          visit.visit(doc, {
            Node: (_key, node2) => {
              if (identity.isAlias(node2) || identity.hasAnchor(node2))
                nodes.push(node2);
            }
          });
          if (ctx)
            ctx.aliasResolveCache = nodes;
        }
        let found = void 0;
        for (const node2 of nodes) {
          if (node2 === this)
            break;
          if (node2.anchor === this.source)
            found = node2;
        }
        if (found && ctx) {
          const { anchors: anchors2, doc: doc2, maxAliasCount } = ctx;
          let data = anchors2.get(found);
          if (!data) {
            toJS.toJS(found, null, ctx);
            data = anchors2.get(found);
          }
          if (data?.res === void 0) {
            const msg = "This should not happen: Alias anchor was not resolved?";
            throw new ReferenceError(msg);
          }
          if (maxAliasCount >= 0) {
            data.count += 1;
            if (data.aliasCount === 0)
              data.aliasCount = getAliasCount(doc2, found, anchors2);
            if (data.count * data.aliasCount > maxAliasCount) {
              const msg = "Excessive alias count indicates a resource exhaustion attack";
              throw new ReferenceError(msg);
            }
          }
        }
        return found;
      }
      toJSON(_arg, ctx) {
        if (!ctx)
          return { source: this.source };
        const source = this.resolve(ctx.doc, ctx);
        if (!source) {
          const msg = `Unresolved alias (the anchor must be set before the alias): ${this.source}`;
          throw new ReferenceError(msg);
        }
        return ctx.anchors.get(source).res;
      }
      toString(ctx, _onComment, _onChompKeep) {
        const src = `*${this.source}`;
        if (ctx) {
          anchors.anchorIsValid(this.source);
          if (ctx.options.verifyAliasOrder && !ctx.anchors.has(this.source)) {
            const msg = `Unresolved alias (the anchor must be set before the alias): ${this.source}`;
            throw new Error(msg);
          }
          if (ctx.implicitKey)
            return `${src} `;
        }
        return src;
      }
    };
    function getAliasCount(doc, node2, anchors2) {
      if (identity.isAlias(node2)) {
        const source = node2.resolve(doc);
        const anchor2 = anchors2 && source && anchors2.get(source);
        return anchor2 ? anchor2.count * anchor2.aliasCount : 0;
      } else if (identity.isCollection(node2)) {
        let count2 = 0;
        for (const item of node2.items) {
          const c = getAliasCount(doc, item, anchors2);
          if (c > count2)
            count2 = c;
        }
        return count2;
      } else if (identity.isPair(node2)) {
        const kc = getAliasCount(doc, node2.key, anchors2);
        const vc = getAliasCount(doc, node2.value, anchors2);
        return Math.max(kc, vc);
      }
      return 1;
    }
    exports.Alias = Alias;
  }
});

// node_modules/yaml/dist/nodes/Scalar.js
var require_Scalar = __commonJS({
  "node_modules/yaml/dist/nodes/Scalar.js"(exports) {
    "use strict";
    var identity = require_identity();
    var Node = require_Node();
    var toJS = require_toJS();
    var isScalarValue = (value) => !value || typeof value !== "function" && typeof value !== "object";
    var Scalar = class extends Node.NodeBase {
      constructor(value) {
        super(identity.SCALAR);
        this.value = value;
      }
      toJSON(arg, ctx) {
        return ctx?.keep ? this.value : toJS.toJS(this.value, arg, ctx);
      }
      toString() {
        return String(this.value);
      }
    };
    Scalar.BLOCK_FOLDED = "BLOCK_FOLDED";
    Scalar.BLOCK_LITERAL = "BLOCK_LITERAL";
    Scalar.PLAIN = "PLAIN";
    Scalar.QUOTE_DOUBLE = "QUOTE_DOUBLE";
    Scalar.QUOTE_SINGLE = "QUOTE_SINGLE";
    exports.Scalar = Scalar;
    exports.isScalarValue = isScalarValue;
  }
});

// node_modules/yaml/dist/doc/createNode.js
var require_createNode = __commonJS({
  "node_modules/yaml/dist/doc/createNode.js"(exports) {
    "use strict";
    var Alias = require_Alias();
    var identity = require_identity();
    var Scalar = require_Scalar();
    var defaultTagPrefix = "tag:yaml.org,2002:";
    function findTagObject(value, tagName, tags) {
      if (tagName) {
        const match2 = tags.filter((t) => t.tag === tagName);
        const tagObj = match2.find((t) => !t.format) ?? match2[0];
        if (!tagObj)
          throw new Error(`Tag ${tagName} not found`);
        return tagObj;
      }
      return tags.find((t) => t.identify?.(value) && !t.format);
    }
    function createNode(value, tagName, ctx) {
      if (identity.isDocument(value))
        value = value.contents;
      if (identity.isNode(value))
        return value;
      if (identity.isPair(value)) {
        const map = ctx.schema[identity.MAP].createNode?.(ctx.schema, null, ctx);
        map.items.push(value);
        return map;
      }
      if (value instanceof String || value instanceof Number || value instanceof Boolean || typeof BigInt !== "undefined" && value instanceof BigInt) {
        value = value.valueOf();
      }
      const { aliasDuplicateObjects, onAnchor, onTagObj, schema, sourceObjects } = ctx;
      let ref = void 0;
      if (aliasDuplicateObjects && value && typeof value === "object") {
        ref = sourceObjects.get(value);
        if (ref) {
          ref.anchor ?? (ref.anchor = onAnchor(value));
          return new Alias.Alias(ref.anchor);
        } else {
          ref = { anchor: null, node: null };
          sourceObjects.set(value, ref);
        }
      }
      if (tagName?.startsWith("!!"))
        tagName = defaultTagPrefix + tagName.slice(2);
      let tagObj = findTagObject(value, tagName, schema.tags);
      if (!tagObj) {
        if (value && typeof value.toJSON === "function") {
          value = value.toJSON();
        }
        if (!value || typeof value !== "object") {
          const node3 = new Scalar.Scalar(value);
          if (ref)
            ref.node = node3;
          return node3;
        }
        tagObj = value instanceof Map ? schema[identity.MAP] : Symbol.iterator in Object(value) ? schema[identity.SEQ] : schema[identity.MAP];
      }
      if (onTagObj) {
        onTagObj(tagObj);
        delete ctx.onTagObj;
      }
      const node2 = tagObj?.createNode ? tagObj.createNode(ctx.schema, value, ctx) : typeof tagObj?.nodeClass?.from === "function" ? tagObj.nodeClass.from(ctx.schema, value, ctx) : new Scalar.Scalar(value);
      if (tagName)
        node2.tag = tagName;
      else if (!tagObj.default)
        node2.tag = tagObj.tag;
      if (ref)
        ref.node = node2;
      return node2;
    }
    exports.createNode = createNode;
  }
});

// node_modules/yaml/dist/nodes/Collection.js
var require_Collection = __commonJS({
  "node_modules/yaml/dist/nodes/Collection.js"(exports) {
    "use strict";
    var createNode = require_createNode();
    var identity = require_identity();
    var Node = require_Node();
    function collectionFromPath(schema, path2, value) {
      let v = value;
      for (let i = path2.length - 1; i >= 0; --i) {
        const k = path2[i];
        if (typeof k === "number" && Number.isInteger(k) && k >= 0) {
          const a = [];
          a[k] = v;
          v = a;
        } else {
          v = /* @__PURE__ */ new Map([[k, v]]);
        }
      }
      return createNode.createNode(v, void 0, {
        aliasDuplicateObjects: false,
        keepUndefined: false,
        onAnchor: () => {
          throw new Error("This should not happen, please report a bug.");
        },
        schema,
        sourceObjects: /* @__PURE__ */ new Map()
      });
    }
    var isEmptyPath = (path2) => path2 == null || typeof path2 === "object" && !!path2[Symbol.iterator]().next().done;
    var Collection = class extends Node.NodeBase {
      constructor(type, schema) {
        super(type);
        Object.defineProperty(this, "schema", {
          value: schema,
          configurable: true,
          enumerable: false,
          writable: true
        });
      }
      /**
       * Create a copy of this collection.
       *
       * @param schema - If defined, overwrites the original's schema
       */
      clone(schema) {
        const copy = Object.create(Object.getPrototypeOf(this), Object.getOwnPropertyDescriptors(this));
        if (schema)
          copy.schema = schema;
        copy.items = copy.items.map((it) => identity.isNode(it) || identity.isPair(it) ? it.clone(schema) : it);
        if (this.range)
          copy.range = this.range.slice();
        return copy;
      }
      /**
       * Adds a value to the collection. For `!!map` and `!!omap` the value must
       * be a Pair instance or a `{ key, value }` object, which may not have a key
       * that already exists in the map.
       */
      addIn(path2, value) {
        if (isEmptyPath(path2))
          this.add(value);
        else {
          const [key, ...rest] = path2;
          const node2 = this.get(key, true);
          if (identity.isCollection(node2))
            node2.addIn(rest, value);
          else if (node2 === void 0 && this.schema)
            this.set(key, collectionFromPath(this.schema, rest, value));
          else
            throw new Error(`Expected YAML collection at ${key}. Remaining path: ${rest}`);
        }
      }
      /**
       * Removes a value from the collection.
       * @returns `true` if the item was found and removed.
       */
      deleteIn(path2) {
        const [key, ...rest] = path2;
        if (rest.length === 0)
          return this.delete(key);
        const node2 = this.get(key, true);
        if (identity.isCollection(node2))
          return node2.deleteIn(rest);
        else
          throw new Error(`Expected YAML collection at ${key}. Remaining path: ${rest}`);
      }
      /**
       * Returns item at `key`, or `undefined` if not found. By default unwraps
       * scalar values from their surrounding node; to disable set `keepScalar` to
       * `true` (collections are always returned intact).
       */
      getIn(path2, keepScalar) {
        const [key, ...rest] = path2;
        const node2 = this.get(key, true);
        if (rest.length === 0)
          return !keepScalar && identity.isScalar(node2) ? node2.value : node2;
        else
          return identity.isCollection(node2) ? node2.getIn(rest, keepScalar) : void 0;
      }
      hasAllNullValues(allowScalar) {
        return this.items.every((node2) => {
          if (!identity.isPair(node2))
            return false;
          const n = node2.value;
          return n == null || allowScalar && identity.isScalar(n) && n.value == null && !n.commentBefore && !n.comment && !n.tag;
        });
      }
      /**
       * Checks if the collection includes a value with the key `key`.
       */
      hasIn(path2) {
        const [key, ...rest] = path2;
        if (rest.length === 0)
          return this.has(key);
        const node2 = this.get(key, true);
        return identity.isCollection(node2) ? node2.hasIn(rest) : false;
      }
      /**
       * Sets a value in this collection. For `!!set`, `value` needs to be a
       * boolean to add/remove the item from the set.
       */
      setIn(path2, value) {
        const [key, ...rest] = path2;
        if (rest.length === 0) {
          this.set(key, value);
        } else {
          const node2 = this.get(key, true);
          if (identity.isCollection(node2))
            node2.setIn(rest, value);
          else if (node2 === void 0 && this.schema)
            this.set(key, collectionFromPath(this.schema, rest, value));
          else
            throw new Error(`Expected YAML collection at ${key}. Remaining path: ${rest}`);
        }
      }
    };
    exports.Collection = Collection;
    exports.collectionFromPath = collectionFromPath;
    exports.isEmptyPath = isEmptyPath;
  }
});

// node_modules/yaml/dist/stringify/stringifyComment.js
var require_stringifyComment = __commonJS({
  "node_modules/yaml/dist/stringify/stringifyComment.js"(exports) {
    "use strict";
    var stringifyComment = (str) => str.replace(/^(?!$)(?: $)?/gm, "#");
    function indentComment(comment, indent) {
      if (/^\n+$/.test(comment))
        return comment.substring(1);
      return indent ? comment.replace(/^(?! *$)/gm, indent) : comment;
    }
    var lineComment = (str, indent, comment) => str.endsWith("\n") ? indentComment(comment, indent) : comment.includes("\n") ? "\n" + indentComment(comment, indent) : (str.endsWith(" ") ? "" : " ") + comment;
    exports.indentComment = indentComment;
    exports.lineComment = lineComment;
    exports.stringifyComment = stringifyComment;
  }
});

// node_modules/yaml/dist/stringify/foldFlowLines.js
var require_foldFlowLines = __commonJS({
  "node_modules/yaml/dist/stringify/foldFlowLines.js"(exports) {
    "use strict";
    var FOLD_FLOW = "flow";
    var FOLD_BLOCK = "block";
    var FOLD_QUOTED = "quoted";
    function foldFlowLines(text, indent, mode = "flow", { indentAtStart, lineWidth = 80, minContentWidth = 20, onFold, onOverflow } = {}) {
      if (!lineWidth || lineWidth < 0)
        return text;
      if (lineWidth < minContentWidth)
        minContentWidth = 0;
      const endStep = Math.max(1 + minContentWidth, 1 + lineWidth - indent.length);
      if (text.length <= endStep)
        return text;
      const folds = [];
      const escapedFolds = {};
      let end = lineWidth - indent.length;
      if (typeof indentAtStart === "number") {
        if (indentAtStart > lineWidth - Math.max(2, minContentWidth))
          folds.push(0);
        else
          end = lineWidth - indentAtStart;
      }
      let split = void 0;
      let prev = void 0;
      let overflow = false;
      let i = -1;
      let escStart = -1;
      let escEnd = -1;
      if (mode === FOLD_BLOCK) {
        i = consumeMoreIndentedLines(text, i, indent.length);
        if (i !== -1)
          end = i + endStep;
      }
      for (let ch; ch = text[i += 1]; ) {
        if (mode === FOLD_QUOTED && ch === "\\") {
          escStart = i;
          switch (text[i + 1]) {
            case "x":
              i += 3;
              break;
            case "u":
              i += 5;
              break;
            case "U":
              i += 9;
              break;
            default:
              i += 1;
          }
          escEnd = i;
        }
        if (ch === "\n") {
          if (mode === FOLD_BLOCK)
            i = consumeMoreIndentedLines(text, i, indent.length);
          end = i + indent.length + endStep;
          split = void 0;
        } else {
          if (ch === " " && prev && prev !== " " && prev !== "\n" && prev !== "	") {
            const next = text[i + 1];
            if (next && next !== " " && next !== "\n" && next !== "	")
              split = i;
          }
          if (i >= end) {
            if (split) {
              folds.push(split);
              end = split + endStep;
              split = void 0;
            } else if (mode === FOLD_QUOTED) {
              while (prev === " " || prev === "	") {
                prev = ch;
                ch = text[i += 1];
                overflow = true;
              }
              const j = i > escEnd + 1 ? i - 2 : escStart - 1;
              if (escapedFolds[j])
                return text;
              folds.push(j);
              escapedFolds[j] = true;
              end = j + endStep;
              split = void 0;
            } else {
              overflow = true;
            }
          }
        }
        prev = ch;
      }
      if (overflow && onOverflow)
        onOverflow();
      if (folds.length === 0)
        return text;
      if (onFold)
        onFold();
      let res = text.slice(0, folds[0]);
      for (let i2 = 0; i2 < folds.length; ++i2) {
        const fold = folds[i2];
        const end2 = folds[i2 + 1] || text.length;
        if (fold === 0)
          res = `
${indent}${text.slice(0, end2)}`;
        else {
          if (mode === FOLD_QUOTED && escapedFolds[fold])
            res += `${text[fold]}\\`;
          res += `
${indent}${text.slice(fold + 1, end2)}`;
        }
      }
      return res;
    }
    function consumeMoreIndentedLines(text, i, indent) {
      let end = i;
      let start = i + 1;
      let ch = text[start];
      while (ch === " " || ch === "	") {
        if (i < start + indent) {
          ch = text[++i];
        } else {
          do {
            ch = text[++i];
          } while (ch && ch !== "\n");
          end = i;
          start = i + 1;
          ch = text[start];
        }
      }
      return end;
    }
    exports.FOLD_BLOCK = FOLD_BLOCK;
    exports.FOLD_FLOW = FOLD_FLOW;
    exports.FOLD_QUOTED = FOLD_QUOTED;
    exports.foldFlowLines = foldFlowLines;
  }
});

// node_modules/yaml/dist/stringify/stringifyString.js
var require_stringifyString = __commonJS({
  "node_modules/yaml/dist/stringify/stringifyString.js"(exports) {
    "use strict";
    var Scalar = require_Scalar();
    var foldFlowLines = require_foldFlowLines();
    var getFoldOptions = (ctx, isBlock) => ({
      indentAtStart: isBlock ? ctx.indent.length : ctx.indentAtStart,
      lineWidth: ctx.options.lineWidth,
      minContentWidth: ctx.options.minContentWidth
    });
    var containsDocumentMarker = (str) => /^(%|---|\.\.\.)/m.test(str);
    function lineLengthOverLimit(str, lineWidth, indentLength) {
      if (!lineWidth || lineWidth < 0)
        return false;
      const limit = lineWidth - indentLength;
      const strLen = str.length;
      if (strLen <= limit)
        return false;
      for (let i = 0, start = 0; i < strLen; ++i) {
        if (str[i] === "\n") {
          if (i - start > limit)
            return true;
          start = i + 1;
          if (strLen - start <= limit)
            return false;
        }
      }
      return true;
    }
    function doubleQuotedString(value, ctx) {
      const json = JSON.stringify(value);
      if (ctx.options.doubleQuotedAsJSON)
        return json;
      const { implicitKey } = ctx;
      const minMultiLineLength = ctx.options.doubleQuotedMinMultiLineLength;
      const indent = ctx.indent || (containsDocumentMarker(value) ? "  " : "");
      let str = "";
      let start = 0;
      for (let i = 0, ch = json[i]; ch; ch = json[++i]) {
        if (ch === " " && json[i + 1] === "\\" && json[i + 2] === "n") {
          str += json.slice(start, i) + "\\ ";
          i += 1;
          start = i;
          ch = "\\";
        }
        if (ch === "\\")
          switch (json[i + 1]) {
            case "u":
              {
                str += json.slice(start, i);
                const code2 = json.substr(i + 2, 4);
                switch (code2) {
                  case "0000":
                    str += "\\0";
                    break;
                  case "0007":
                    str += "\\a";
                    break;
                  case "000b":
                    str += "\\v";
                    break;
                  case "001b":
                    str += "\\e";
                    break;
                  case "0085":
                    str += "\\N";
                    break;
                  case "00a0":
                    str += "\\_";
                    break;
                  case "2028":
                    str += "\\L";
                    break;
                  case "2029":
                    str += "\\P";
                    break;
                  default:
                    if (code2.substr(0, 2) === "00")
                      str += "\\x" + code2.substr(2);
                    else
                      str += json.substr(i, 6);
                }
                i += 5;
                start = i + 1;
              }
              break;
            case "n":
              if (implicitKey || json[i + 2] === '"' || json.length < minMultiLineLength) {
                i += 1;
              } else {
                str += json.slice(start, i) + "\n\n";
                while (json[i + 2] === "\\" && json[i + 3] === "n" && json[i + 4] !== '"') {
                  str += "\n";
                  i += 2;
                }
                str += indent;
                if (json[i + 2] === " ")
                  str += "\\";
                i += 1;
                start = i + 1;
              }
              break;
            default:
              i += 1;
          }
      }
      str = start ? str + json.slice(start) : json;
      return implicitKey ? str : foldFlowLines.foldFlowLines(str, indent, foldFlowLines.FOLD_QUOTED, getFoldOptions(ctx, false));
    }
    function singleQuotedString(value, ctx) {
      if (ctx.options.singleQuote === false || ctx.implicitKey && value.includes("\n") || /[ \t]\n|\n[ \t]/.test(value))
        return doubleQuotedString(value, ctx);
      const indent = ctx.indent || (containsDocumentMarker(value) ? "  " : "");
      const res = "'" + value.replace(/'/g, "''").replace(/\n+/g, `$&
${indent}`) + "'";
      return ctx.implicitKey ? res : foldFlowLines.foldFlowLines(res, indent, foldFlowLines.FOLD_FLOW, getFoldOptions(ctx, false));
    }
    function quotedString(value, ctx) {
      const { singleQuote } = ctx.options;
      let qs;
      if (singleQuote === false)
        qs = doubleQuotedString;
      else {
        const hasDouble = value.includes('"');
        const hasSingle = value.includes("'");
        if (hasDouble && !hasSingle)
          qs = singleQuotedString;
        else if (hasSingle && !hasDouble)
          qs = doubleQuotedString;
        else
          qs = singleQuote ? singleQuotedString : doubleQuotedString;
      }
      return qs(value, ctx);
    }
    var blockEndNewlines;
    try {
      blockEndNewlines = new RegExp("(^|(?<!\n))\n+(?!\n|$)", "g");
    } catch {
      blockEndNewlines = /\n+(?!\n|$)/g;
    }
    function blockString({ comment, type, value }, ctx, onComment, onChompKeep) {
      const { blockQuote, commentString, lineWidth } = ctx.options;
      if (!blockQuote || /\n[\t ]+$/.test(value)) {
        return quotedString(value, ctx);
      }
      const indent = ctx.indent || (ctx.forceBlockIndent || containsDocumentMarker(value) ? "  " : "");
      const literal2 = blockQuote === "literal" ? true : blockQuote === "folded" || type === Scalar.Scalar.BLOCK_FOLDED ? false : type === Scalar.Scalar.BLOCK_LITERAL ? true : !lineLengthOverLimit(value, lineWidth, indent.length);
      if (!value)
        return literal2 ? "|\n" : ">\n";
      let chomp;
      let endStart;
      for (endStart = value.length; endStart > 0; --endStart) {
        const ch = value[endStart - 1];
        if (ch !== "\n" && ch !== "	" && ch !== " ")
          break;
      }
      let end = value.substring(endStart);
      const endNlPos = end.indexOf("\n");
      if (endNlPos === -1) {
        chomp = "-";
      } else if (value === end || endNlPos !== end.length - 1) {
        chomp = "+";
        if (onChompKeep)
          onChompKeep();
      } else {
        chomp = "";
      }
      if (end) {
        value = value.slice(0, -end.length);
        if (end[end.length - 1] === "\n")
          end = end.slice(0, -1);
        end = end.replace(blockEndNewlines, `$&${indent}`);
      }
      let startWithSpace = false;
      let startEnd;
      let startNlPos = -1;
      for (startEnd = 0; startEnd < value.length; ++startEnd) {
        const ch = value[startEnd];
        if (ch === " ")
          startWithSpace = true;
        else if (ch === "\n")
          startNlPos = startEnd;
        else
          break;
      }
      let start = value.substring(0, startNlPos < startEnd ? startNlPos + 1 : startEnd);
      if (start) {
        value = value.substring(start.length);
        start = start.replace(/\n+/g, `$&${indent}`);
      }
      const indentSize = indent ? "2" : "1";
      let header = (startWithSpace ? indentSize : "") + chomp;
      if (comment) {
        header += " " + commentString(comment.replace(/ ?[\r\n]+/g, " "));
        if (onComment)
          onComment();
      }
      if (!literal2) {
        const foldedValue = value.replace(/\n+/g, "\n$&").replace(/(?:^|\n)([\t ].*)(?:([\n\t ]*)\n(?![\n\t ]))?/g, "$1$2").replace(/\n+/g, `$&${indent}`);
        let literalFallback = false;
        const foldOptions = getFoldOptions(ctx, true);
        if (blockQuote !== "folded" && type !== Scalar.Scalar.BLOCK_FOLDED) {
          foldOptions.onOverflow = () => {
            literalFallback = true;
          };
        }
        const body = foldFlowLines.foldFlowLines(`${start}${foldedValue}${end}`, indent, foldFlowLines.FOLD_BLOCK, foldOptions);
        if (!literalFallback)
          return `>${header}
${indent}${body}`;
      }
      value = value.replace(/\n+/g, `$&${indent}`);
      return `|${header}
${indent}${start}${value}${end}`;
    }
    function plainString(item, ctx, onComment, onChompKeep) {
      const { type, value } = item;
      const { actualString, implicitKey, indent, indentStep, inFlow } = ctx;
      if (implicitKey && value.includes("\n") || inFlow && /[[\]{},]/.test(value)) {
        return quotedString(value, ctx);
      }
      if (/^[\n\t ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-][ \t]|[\n:][ \t]|[ \t]\n|[\n\t ]#|[\n\t :]$/.test(value)) {
        return implicitKey || inFlow || !value.includes("\n") ? quotedString(value, ctx) : blockString(item, ctx, onComment, onChompKeep);
      }
      if (!implicitKey && !inFlow && type !== Scalar.Scalar.PLAIN && value.includes("\n")) {
        return blockString(item, ctx, onComment, onChompKeep);
      }
      if (containsDocumentMarker(value)) {
        if (indent === "") {
          ctx.forceBlockIndent = true;
          return blockString(item, ctx, onComment, onChompKeep);
        } else if (implicitKey && indent === indentStep) {
          return quotedString(value, ctx);
        }
      }
      const str = value.replace(/\n+/g, `$&
${indent}`);
      if (actualString) {
        const test = (tag) => tag.default && tag.tag !== "tag:yaml.org,2002:str" && tag.test?.test(str);
        const { compat, tags } = ctx.doc.schema;
        if (tags.some(test) || compat?.some(test))
          return quotedString(value, ctx);
      }
      return implicitKey ? str : foldFlowLines.foldFlowLines(str, indent, foldFlowLines.FOLD_FLOW, getFoldOptions(ctx, false));
    }
    function stringifyString(item, ctx, onComment, onChompKeep) {
      const { implicitKey, inFlow } = ctx;
      const ss = typeof item.value === "string" ? item : Object.assign({}, item, { value: String(item.value) });
      let { type } = item;
      if (type !== Scalar.Scalar.QUOTE_DOUBLE) {
        if (/[\x00-\x08\x0b-\x1f\x7f-\x9f\u{D800}-\u{DFFF}]/u.test(ss.value))
          type = Scalar.Scalar.QUOTE_DOUBLE;
      }
      const _stringify = (_type) => {
        switch (_type) {
          case Scalar.Scalar.BLOCK_FOLDED:
          case Scalar.Scalar.BLOCK_LITERAL:
            return implicitKey || inFlow ? quotedString(ss.value, ctx) : blockString(ss, ctx, onComment, onChompKeep);
          case Scalar.Scalar.QUOTE_DOUBLE:
            return doubleQuotedString(ss.value, ctx);
          case Scalar.Scalar.QUOTE_SINGLE:
            return singleQuotedString(ss.value, ctx);
          case Scalar.Scalar.PLAIN:
            return plainString(ss, ctx, onComment, onChompKeep);
          default:
            return null;
        }
      };
      let res = _stringify(type);
      if (res === null) {
        const { defaultKeyType, defaultStringType } = ctx.options;
        const t = implicitKey && defaultKeyType || defaultStringType;
        res = _stringify(t);
        if (res === null)
          throw new Error(`Unsupported default string type ${t}`);
      }
      return res;
    }
    exports.stringifyString = stringifyString;
  }
});

// node_modules/yaml/dist/stringify/stringify.js
var require_stringify = __commonJS({
  "node_modules/yaml/dist/stringify/stringify.js"(exports) {
    "use strict";
    var anchors = require_anchors();
    var identity = require_identity();
    var stringifyComment = require_stringifyComment();
    var stringifyString = require_stringifyString();
    function createStringifyContext(doc, options) {
      const opt = Object.assign({
        blockQuote: true,
        commentString: stringifyComment.stringifyComment,
        defaultKeyType: null,
        defaultStringType: "PLAIN",
        directives: null,
        doubleQuotedAsJSON: false,
        doubleQuotedMinMultiLineLength: 40,
        falseStr: "false",
        flowCollectionPadding: true,
        indentSeq: true,
        lineWidth: 80,
        minContentWidth: 20,
        nullStr: "null",
        simpleKeys: false,
        singleQuote: null,
        trailingComma: false,
        trueStr: "true",
        verifyAliasOrder: true
      }, doc.schema.toStringOptions, options);
      let inFlow;
      switch (opt.collectionStyle) {
        case "block":
          inFlow = false;
          break;
        case "flow":
          inFlow = true;
          break;
        default:
          inFlow = null;
      }
      return {
        anchors: /* @__PURE__ */ new Set(),
        doc,
        flowCollectionPadding: opt.flowCollectionPadding ? " " : "",
        indent: "",
        indentStep: typeof opt.indent === "number" ? " ".repeat(opt.indent) : "  ",
        inFlow,
        options: opt
      };
    }
    function getTagObject(tags, item) {
      if (item.tag) {
        const match2 = tags.filter((t) => t.tag === item.tag);
        if (match2.length > 0)
          return match2.find((t) => t.format === item.format) ?? match2[0];
      }
      let tagObj = void 0;
      let obj;
      if (identity.isScalar(item)) {
        obj = item.value;
        let match2 = tags.filter((t) => t.identify?.(obj));
        if (match2.length > 1) {
          const testMatch = match2.filter((t) => t.test);
          if (testMatch.length > 0)
            match2 = testMatch;
        }
        tagObj = match2.find((t) => t.format === item.format) ?? match2.find((t) => !t.format);
      } else {
        obj = item;
        tagObj = tags.find((t) => t.nodeClass && obj instanceof t.nodeClass);
      }
      if (!tagObj) {
        const name = obj?.constructor?.name ?? (obj === null ? "null" : typeof obj);
        throw new Error(`Tag not resolved for ${name} value`);
      }
      return tagObj;
    }
    function stringifyProps(node2, tagObj, { anchors: anchors$1, doc }) {
      if (!doc.directives)
        return "";
      const props = [];
      const anchor2 = (identity.isScalar(node2) || identity.isCollection(node2)) && node2.anchor;
      if (anchor2 && anchors.anchorIsValid(anchor2)) {
        anchors$1.add(anchor2);
        props.push(`&${anchor2}`);
      }
      const tag = node2.tag ?? (tagObj.default ? null : tagObj.tag);
      if (tag)
        props.push(doc.directives.tagString(tag));
      return props.join(" ");
    }
    function stringify(item, ctx, onComment, onChompKeep) {
      if (identity.isPair(item))
        return item.toString(ctx, onComment, onChompKeep);
      if (identity.isAlias(item)) {
        if (ctx.doc.directives)
          return item.toString(ctx);
        if (ctx.resolvedAliases?.has(item)) {
          throw new TypeError(`Cannot stringify circular structure without alias nodes`);
        } else {
          if (ctx.resolvedAliases)
            ctx.resolvedAliases.add(item);
          else
            ctx.resolvedAliases = /* @__PURE__ */ new Set([item]);
          item = item.resolve(ctx.doc);
        }
      }
      let tagObj = void 0;
      const node2 = identity.isNode(item) ? item : ctx.doc.createNode(item, { onTagObj: (o) => tagObj = o });
      tagObj ?? (tagObj = getTagObject(ctx.doc.schema.tags, node2));
      const props = stringifyProps(node2, tagObj, ctx);
      if (props.length > 0)
        ctx.indentAtStart = (ctx.indentAtStart ?? 0) + props.length + 1;
      const str = typeof tagObj.stringify === "function" ? tagObj.stringify(node2, ctx, onComment, onChompKeep) : identity.isScalar(node2) ? stringifyString.stringifyString(node2, ctx, onComment, onChompKeep) : node2.toString(ctx, onComment, onChompKeep);
      if (!props)
        return str;
      return identity.isScalar(node2) || str[0] === "{" || str[0] === "[" ? `${props} ${str}` : `${props}
${ctx.indent}${str}`;
    }
    exports.createStringifyContext = createStringifyContext;
    exports.stringify = stringify;
  }
});

// node_modules/yaml/dist/stringify/stringifyPair.js
var require_stringifyPair = __commonJS({
  "node_modules/yaml/dist/stringify/stringifyPair.js"(exports) {
    "use strict";
    var identity = require_identity();
    var Scalar = require_Scalar();
    var stringify = require_stringify();
    var stringifyComment = require_stringifyComment();
    function stringifyPair({ key, value }, ctx, onComment, onChompKeep) {
      const { allNullValues, doc, indent, indentStep, options: { commentString, indentSeq, simpleKeys } } = ctx;
      let keyComment = identity.isNode(key) && key.comment || null;
      if (simpleKeys) {
        if (keyComment) {
          throw new Error("With simple keys, key nodes cannot have comments");
        }
        if (identity.isCollection(key) || !identity.isNode(key) && typeof key === "object") {
          const msg = "With simple keys, collection cannot be used as a key value";
          throw new Error(msg);
        }
      }
      let explicitKey = !simpleKeys && (!key || keyComment && value == null && !ctx.inFlow || identity.isCollection(key) || (identity.isScalar(key) ? key.type === Scalar.Scalar.BLOCK_FOLDED || key.type === Scalar.Scalar.BLOCK_LITERAL : typeof key === "object"));
      ctx = Object.assign({}, ctx, {
        allNullValues: false,
        implicitKey: !explicitKey && (simpleKeys || !allNullValues),
        indent: indent + indentStep
      });
      let keyCommentDone = false;
      let chompKeep = false;
      let str = stringify.stringify(key, ctx, () => keyCommentDone = true, () => chompKeep = true);
      if (!explicitKey && !ctx.inFlow && str.length > 1024) {
        if (simpleKeys)
          throw new Error("With simple keys, single line scalar must not span more than 1024 characters");
        explicitKey = true;
      }
      if (ctx.inFlow) {
        if (allNullValues || value == null) {
          if (keyCommentDone && onComment)
            onComment();
          return str === "" ? "?" : explicitKey ? `? ${str}` : str;
        }
      } else if (allNullValues && !simpleKeys || value == null && explicitKey) {
        str = `? ${str}`;
        if (keyComment && !keyCommentDone) {
          str += stringifyComment.lineComment(str, ctx.indent, commentString(keyComment));
        } else if (chompKeep && onChompKeep)
          onChompKeep();
        return str;
      }
      if (keyCommentDone)
        keyComment = null;
      if (explicitKey) {
        if (keyComment)
          str += stringifyComment.lineComment(str, ctx.indent, commentString(keyComment));
        str = `? ${str}
${indent}:`;
      } else {
        str = `${str}:`;
        if (keyComment)
          str += stringifyComment.lineComment(str, ctx.indent, commentString(keyComment));
      }
      let vsb, vcb, valueComment;
      if (identity.isNode(value)) {
        vsb = !!value.spaceBefore;
        vcb = value.commentBefore;
        valueComment = value.comment;
      } else {
        vsb = false;
        vcb = null;
        valueComment = null;
        if (value && typeof value === "object")
          value = doc.createNode(value);
      }
      ctx.implicitKey = false;
      if (!explicitKey && !keyComment && identity.isScalar(value))
        ctx.indentAtStart = str.length + 1;
      chompKeep = false;
      if (!indentSeq && indentStep.length >= 2 && !ctx.inFlow && !explicitKey && identity.isSeq(value) && !value.flow && !value.tag && !value.anchor) {
        ctx.indent = ctx.indent.substring(2);
      }
      let valueCommentDone = false;
      const valueStr = stringify.stringify(value, ctx, () => valueCommentDone = true, () => chompKeep = true);
      let ws = " ";
      if (keyComment || vsb || vcb) {
        ws = vsb ? "\n" : "";
        if (vcb) {
          const cs = commentString(vcb);
          ws += `
${stringifyComment.indentComment(cs, ctx.indent)}`;
        }
        if (valueStr === "" && !ctx.inFlow) {
          if (ws === "\n" && valueComment)
            ws = "\n\n";
        } else {
          ws += `
${ctx.indent}`;
        }
      } else if (!explicitKey && identity.isCollection(value)) {
        const vs0 = valueStr[0];
        const nl0 = valueStr.indexOf("\n");
        const hasNewline = nl0 !== -1;
        const flow = ctx.inFlow ?? value.flow ?? value.items.length === 0;
        if (hasNewline || !flow) {
          let hasPropsLine = false;
          if (hasNewline && (vs0 === "&" || vs0 === "!")) {
            let sp0 = valueStr.indexOf(" ");
            if (vs0 === "&" && sp0 !== -1 && sp0 < nl0 && valueStr[sp0 + 1] === "!") {
              sp0 = valueStr.indexOf(" ", sp0 + 1);
            }
            if (sp0 === -1 || nl0 < sp0)
              hasPropsLine = true;
          }
          if (!hasPropsLine)
            ws = `
${ctx.indent}`;
        }
      } else if (valueStr === "" || valueStr[0] === "\n") {
        ws = "";
      }
      str += ws + valueStr;
      if (ctx.inFlow) {
        if (valueCommentDone && onComment)
          onComment();
      } else if (valueComment && !valueCommentDone) {
        str += stringifyComment.lineComment(str, ctx.indent, commentString(valueComment));
      } else if (chompKeep && onChompKeep) {
        onChompKeep();
      }
      return str;
    }
    exports.stringifyPair = stringifyPair;
  }
});

// node_modules/yaml/dist/log.js
var require_log = __commonJS({
  "node_modules/yaml/dist/log.js"(exports) {
    "use strict";
    var node_process = __require("process");
    function debug(logLevel, ...messages) {
      if (logLevel === "debug")
        console.log(...messages);
    }
    function warn(logLevel, warning) {
      if (logLevel === "debug" || logLevel === "warn") {
        if (typeof node_process.emitWarning === "function")
          node_process.emitWarning(warning);
        else
          console.warn(warning);
      }
    }
    exports.debug = debug;
    exports.warn = warn;
  }
});

// node_modules/yaml/dist/schema/yaml-1.1/merge.js
var require_merge = __commonJS({
  "node_modules/yaml/dist/schema/yaml-1.1/merge.js"(exports) {
    "use strict";
    var identity = require_identity();
    var Scalar = require_Scalar();
    var MERGE_KEY = "<<";
    var merge2 = {
      identify: (value) => value === MERGE_KEY || typeof value === "symbol" && value.description === MERGE_KEY,
      default: "key",
      tag: "tag:yaml.org,2002:merge",
      test: /^<<$/,
      resolve: () => Object.assign(new Scalar.Scalar(Symbol(MERGE_KEY)), {
        addToJSMap: addMergeToJSMap
      }),
      stringify: () => MERGE_KEY
    };
    var isMergeKey = (ctx, key) => (merge2.identify(key) || identity.isScalar(key) && (!key.type || key.type === Scalar.Scalar.PLAIN) && merge2.identify(key.value)) && ctx?.doc.schema.tags.some((tag) => tag.tag === merge2.tag && tag.default);
    function addMergeToJSMap(ctx, map, value) {
      const source = resolveAliasValue(ctx, value);
      if (identity.isSeq(source))
        for (const it of source.items)
          mergeValue(ctx, map, it);
      else if (Array.isArray(source))
        for (const it of source)
          mergeValue(ctx, map, it);
      else
        mergeValue(ctx, map, source);
    }
    function mergeValue(ctx, map, value) {
      const source = resolveAliasValue(ctx, value);
      if (!identity.isMap(source))
        throw new Error("Merge sources must be maps or map aliases");
      const srcMap = source.toJSON(null, ctx, Map);
      for (const [key, value2] of srcMap) {
        if (map instanceof Map) {
          if (!map.has(key))
            map.set(key, value2);
        } else if (map instanceof Set) {
          map.add(key);
        } else if (!Object.prototype.hasOwnProperty.call(map, key)) {
          Object.defineProperty(map, key, {
            value: value2,
            writable: true,
            enumerable: true,
            configurable: true
          });
        }
      }
      return map;
    }
    function resolveAliasValue(ctx, value) {
      return ctx && identity.isAlias(value) ? value.resolve(ctx.doc, ctx) : value;
    }
    exports.addMergeToJSMap = addMergeToJSMap;
    exports.isMergeKey = isMergeKey;
    exports.merge = merge2;
  }
});

// node_modules/yaml/dist/nodes/addPairToJSMap.js
var require_addPairToJSMap = __commonJS({
  "node_modules/yaml/dist/nodes/addPairToJSMap.js"(exports) {
    "use strict";
    var log = require_log();
    var merge2 = require_merge();
    var stringify = require_stringify();
    var identity = require_identity();
    var toJS = require_toJS();
    function addPairToJSMap(ctx, map, { key, value }) {
      if (identity.isNode(key) && key.addToJSMap)
        key.addToJSMap(ctx, map, value);
      else if (merge2.isMergeKey(ctx, key))
        merge2.addMergeToJSMap(ctx, map, value);
      else {
        const jsKey = toJS.toJS(key, "", ctx);
        if (map instanceof Map) {
          map.set(jsKey, toJS.toJS(value, jsKey, ctx));
        } else if (map instanceof Set) {
          map.add(jsKey);
        } else {
          const stringKey = stringifyKey(key, jsKey, ctx);
          const jsValue = toJS.toJS(value, stringKey, ctx);
          if (stringKey in map)
            Object.defineProperty(map, stringKey, {
              value: jsValue,
              writable: true,
              enumerable: true,
              configurable: true
            });
          else
            map[stringKey] = jsValue;
        }
      }
      return map;
    }
    function stringifyKey(key, jsKey, ctx) {
      if (jsKey === null)
        return "";
      if (typeof jsKey !== "object")
        return String(jsKey);
      if (identity.isNode(key) && ctx?.doc) {
        const strCtx = stringify.createStringifyContext(ctx.doc, {});
        strCtx.anchors = /* @__PURE__ */ new Set();
        for (const node2 of ctx.anchors.keys())
          strCtx.anchors.add(node2.anchor);
        strCtx.inFlow = true;
        strCtx.inStringifyKey = true;
        const strKey = key.toString(strCtx);
        if (!ctx.mapKeyWarned) {
          let jsonStr = JSON.stringify(strKey);
          if (jsonStr.length > 40)
            jsonStr = jsonStr.substring(0, 36) + '..."';
          log.warn(ctx.doc.options.logLevel, `Keys with collection values will be stringified due to JS Object restrictions: ${jsonStr}. Set mapAsMap: true to use object keys.`);
          ctx.mapKeyWarned = true;
        }
        return strKey;
      }
      return JSON.stringify(jsKey);
    }
    exports.addPairToJSMap = addPairToJSMap;
  }
});

// node_modules/yaml/dist/nodes/Pair.js
var require_Pair = __commonJS({
  "node_modules/yaml/dist/nodes/Pair.js"(exports) {
    "use strict";
    var createNode = require_createNode();
    var stringifyPair = require_stringifyPair();
    var addPairToJSMap = require_addPairToJSMap();
    var identity = require_identity();
    function createPair(key, value, ctx) {
      const k = createNode.createNode(key, void 0, ctx);
      const v = createNode.createNode(value, void 0, ctx);
      return new Pair(k, v);
    }
    var Pair = class _Pair {
      constructor(key, value = null) {
        Object.defineProperty(this, identity.NODE_TYPE, { value: identity.PAIR });
        this.key = key;
        this.value = value;
      }
      clone(schema) {
        let { key, value } = this;
        if (identity.isNode(key))
          key = key.clone(schema);
        if (identity.isNode(value))
          value = value.clone(schema);
        return new _Pair(key, value);
      }
      toJSON(_, ctx) {
        const pair2 = ctx?.mapAsMap ? /* @__PURE__ */ new Map() : {};
        return addPairToJSMap.addPairToJSMap(ctx, pair2, this);
      }
      toString(ctx, onComment, onChompKeep) {
        return ctx?.doc ? stringifyPair.stringifyPair(this, ctx, onComment, onChompKeep) : JSON.stringify(this);
      }
    };
    exports.Pair = Pair;
    exports.createPair = createPair;
  }
});

// node_modules/yaml/dist/stringify/stringifyCollection.js
var require_stringifyCollection = __commonJS({
  "node_modules/yaml/dist/stringify/stringifyCollection.js"(exports) {
    "use strict";
    var identity = require_identity();
    var stringify = require_stringify();
    var stringifyComment = require_stringifyComment();
    function stringifyCollection(collection, ctx, options) {
      const flow = ctx.inFlow ?? collection.flow;
      const stringify2 = flow ? stringifyFlowCollection : stringifyBlockCollection;
      return stringify2(collection, ctx, options);
    }
    function stringifyBlockCollection({ comment, items }, ctx, { blockItemPrefix, flowChars, itemIndent, onChompKeep, onComment }) {
      const { indent, options: { commentString } } = ctx;
      const itemCtx = Object.assign({}, ctx, { indent: itemIndent, type: null });
      let chompKeep = false;
      const lines = [];
      for (let i = 0; i < items.length; ++i) {
        const item = items[i];
        let comment2 = null;
        if (identity.isNode(item)) {
          if (!chompKeep && item.spaceBefore)
            lines.push("");
          addCommentBefore(ctx, lines, item.commentBefore, chompKeep);
          if (item.comment)
            comment2 = item.comment;
        } else if (identity.isPair(item)) {
          const ik = identity.isNode(item.key) ? item.key : null;
          if (ik) {
            if (!chompKeep && ik.spaceBefore)
              lines.push("");
            addCommentBefore(ctx, lines, ik.commentBefore, chompKeep);
          }
        }
        chompKeep = false;
        let str2 = stringify.stringify(item, itemCtx, () => comment2 = null, () => chompKeep = true);
        if (comment2)
          str2 += stringifyComment.lineComment(str2, itemIndent, commentString(comment2));
        if (chompKeep && comment2)
          chompKeep = false;
        lines.push(blockItemPrefix + str2);
      }
      let str;
      if (lines.length === 0) {
        str = flowChars.start + flowChars.end;
      } else {
        str = lines[0];
        for (let i = 1; i < lines.length; ++i) {
          const line = lines[i];
          str += line ? `
${indent}${line}` : "\n";
        }
      }
      if (comment) {
        str += "\n" + stringifyComment.indentComment(commentString(comment), indent);
        if (onComment)
          onComment();
      } else if (chompKeep && onChompKeep)
        onChompKeep();
      return str;
    }
    function stringifyFlowCollection({ items }, ctx, { flowChars, itemIndent }) {
      const { indent, indentStep, flowCollectionPadding: fcPadding, options: { commentString } } = ctx;
      itemIndent += indentStep;
      const itemCtx = Object.assign({}, ctx, {
        indent: itemIndent,
        inFlow: true,
        type: null
      });
      let reqNewline = false;
      let linesAtValue = 0;
      const lines = [];
      for (let i = 0; i < items.length; ++i) {
        const item = items[i];
        let comment = null;
        if (identity.isNode(item)) {
          if (item.spaceBefore)
            lines.push("");
          addCommentBefore(ctx, lines, item.commentBefore, false);
          if (item.comment)
            comment = item.comment;
        } else if (identity.isPair(item)) {
          const ik = identity.isNode(item.key) ? item.key : null;
          if (ik) {
            if (ik.spaceBefore)
              lines.push("");
            addCommentBefore(ctx, lines, ik.commentBefore, false);
            if (ik.comment)
              reqNewline = true;
          }
          const iv = identity.isNode(item.value) ? item.value : null;
          if (iv) {
            if (iv.comment)
              comment = iv.comment;
            if (iv.commentBefore)
              reqNewline = true;
          } else if (item.value == null && ik?.comment) {
            comment = ik.comment;
          }
        }
        if (comment)
          reqNewline = true;
        let str = stringify.stringify(item, itemCtx, () => comment = null);
        reqNewline || (reqNewline = lines.length > linesAtValue || str.includes("\n"));
        if (i < items.length - 1) {
          str += ",";
        } else if (ctx.options.trailingComma) {
          if (ctx.options.lineWidth > 0) {
            reqNewline || (reqNewline = lines.reduce((sum, line) => sum + line.length + 2, 2) + (str.length + 2) > ctx.options.lineWidth);
          }
          if (reqNewline) {
            str += ",";
          }
        }
        if (comment)
          str += stringifyComment.lineComment(str, itemIndent, commentString(comment));
        lines.push(str);
        linesAtValue = lines.length;
      }
      const { start, end } = flowChars;
      if (lines.length === 0) {
        return start + end;
      } else {
        if (!reqNewline) {
          const len = lines.reduce((sum, line) => sum + line.length + 2, 2);
          reqNewline = ctx.options.lineWidth > 0 && len > ctx.options.lineWidth;
        }
        if (reqNewline) {
          let str = start;
          for (const line of lines)
            str += line ? `
${indentStep}${indent}${line}` : "\n";
          return `${str}
${indent}${end}`;
        } else {
          return `${start}${fcPadding}${lines.join(" ")}${fcPadding}${end}`;
        }
      }
    }
    function addCommentBefore({ indent, options: { commentString } }, lines, comment, chompKeep) {
      if (comment && chompKeep)
        comment = comment.replace(/^\n+/, "");
      if (comment) {
        const ic = stringifyComment.indentComment(commentString(comment), indent);
        lines.push(ic.trimStart());
      }
    }
    exports.stringifyCollection = stringifyCollection;
  }
});

// node_modules/yaml/dist/nodes/YAMLMap.js
var require_YAMLMap = __commonJS({
  "node_modules/yaml/dist/nodes/YAMLMap.js"(exports) {
    "use strict";
    var stringifyCollection = require_stringifyCollection();
    var addPairToJSMap = require_addPairToJSMap();
    var Collection = require_Collection();
    var identity = require_identity();
    var Pair = require_Pair();
    var Scalar = require_Scalar();
    function findPair(items, key) {
      const k = identity.isScalar(key) ? key.value : key;
      for (const it of items) {
        if (identity.isPair(it)) {
          if (it.key === key || it.key === k)
            return it;
          if (identity.isScalar(it.key) && it.key.value === k)
            return it;
        }
      }
      return void 0;
    }
    var YAMLMap = class extends Collection.Collection {
      static get tagName() {
        return "tag:yaml.org,2002:map";
      }
      constructor(schema) {
        super(identity.MAP, schema);
        this.items = [];
      }
      /**
       * A generic collection parsing method that can be extended
       * to other node classes that inherit from YAMLMap
       */
      static from(schema, obj, ctx) {
        const { keepUndefined, replacer } = ctx;
        const map = new this(schema);
        const add = (key, value) => {
          if (typeof replacer === "function")
            value = replacer.call(obj, key, value);
          else if (Array.isArray(replacer) && !replacer.includes(key))
            return;
          if (value !== void 0 || keepUndefined)
            map.items.push(Pair.createPair(key, value, ctx));
        };
        if (obj instanceof Map) {
          for (const [key, value] of obj)
            add(key, value);
        } else if (obj && typeof obj === "object") {
          for (const key of Object.keys(obj))
            add(key, obj[key]);
        }
        if (typeof schema.sortMapEntries === "function") {
          map.items.sort(schema.sortMapEntries);
        }
        return map;
      }
      /**
       * Adds a value to the collection.
       *
       * @param overwrite - If not set `true`, using a key that is already in the
       *   collection will throw. Otherwise, overwrites the previous value.
       */
      add(pair2, overwrite) {
        let _pair;
        if (identity.isPair(pair2))
          _pair = pair2;
        else if (!pair2 || typeof pair2 !== "object" || !("key" in pair2)) {
          _pair = new Pair.Pair(pair2, pair2?.value);
        } else
          _pair = new Pair.Pair(pair2.key, pair2.value);
        const prev = findPair(this.items, _pair.key);
        const sortEntries = this.schema?.sortMapEntries;
        if (prev) {
          if (!overwrite)
            throw new Error(`Key ${_pair.key} already set`);
          if (identity.isScalar(prev.value) && Scalar.isScalarValue(_pair.value))
            prev.value.value = _pair.value;
          else
            prev.value = _pair.value;
        } else if (sortEntries) {
          const i = this.items.findIndex((item) => sortEntries(_pair, item) < 0);
          if (i === -1)
            this.items.push(_pair);
          else
            this.items.splice(i, 0, _pair);
        } else {
          this.items.push(_pair);
        }
      }
      delete(key) {
        const it = findPair(this.items, key);
        if (!it)
          return false;
        const del = this.items.splice(this.items.indexOf(it), 1);
        return del.length > 0;
      }
      get(key, keepScalar) {
        const it = findPair(this.items, key);
        const node2 = it?.value;
        return (!keepScalar && identity.isScalar(node2) ? node2.value : node2) ?? void 0;
      }
      has(key) {
        return !!findPair(this.items, key);
      }
      set(key, value) {
        this.add(new Pair.Pair(key, value), true);
      }
      /**
       * @param ctx - Conversion context, originally set in Document#toJS()
       * @param {Class} Type - If set, forces the returned collection type
       * @returns Instance of Type, Map, or Object
       */
      toJSON(_, ctx, Type) {
        const map = Type ? new Type() : ctx?.mapAsMap ? /* @__PURE__ */ new Map() : {};
        if (ctx?.onCreate)
          ctx.onCreate(map);
        for (const item of this.items)
          addPairToJSMap.addPairToJSMap(ctx, map, item);
        return map;
      }
      toString(ctx, onComment, onChompKeep) {
        if (!ctx)
          return JSON.stringify(this);
        for (const item of this.items) {
          if (!identity.isPair(item))
            throw new Error(`Map items must all be pairs; found ${JSON.stringify(item)} instead`);
        }
        if (!ctx.allNullValues && this.hasAllNullValues(false))
          ctx = Object.assign({}, ctx, { allNullValues: true });
        return stringifyCollection.stringifyCollection(this, ctx, {
          blockItemPrefix: "",
          flowChars: { start: "{", end: "}" },
          itemIndent: ctx.indent || "",
          onChompKeep,
          onComment
        });
      }
    };
    exports.YAMLMap = YAMLMap;
    exports.findPair = findPair;
  }
});

// node_modules/yaml/dist/schema/common/map.js
var require_map = __commonJS({
  "node_modules/yaml/dist/schema/common/map.js"(exports) {
    "use strict";
    var identity = require_identity();
    var YAMLMap = require_YAMLMap();
    var map = {
      collection: "map",
      default: true,
      nodeClass: YAMLMap.YAMLMap,
      tag: "tag:yaml.org,2002:map",
      resolve(map2, onError) {
        if (!identity.isMap(map2))
          onError("Expected a mapping for this tag");
        return map2;
      },
      createNode: (schema, obj, ctx) => YAMLMap.YAMLMap.from(schema, obj, ctx)
    };
    exports.map = map;
  }
});

// node_modules/yaml/dist/nodes/YAMLSeq.js
var require_YAMLSeq = __commonJS({
  "node_modules/yaml/dist/nodes/YAMLSeq.js"(exports) {
    "use strict";
    var createNode = require_createNode();
    var stringifyCollection = require_stringifyCollection();
    var Collection = require_Collection();
    var identity = require_identity();
    var Scalar = require_Scalar();
    var toJS = require_toJS();
    var YAMLSeq = class extends Collection.Collection {
      static get tagName() {
        return "tag:yaml.org,2002:seq";
      }
      constructor(schema) {
        super(identity.SEQ, schema);
        this.items = [];
      }
      add(value) {
        this.items.push(value);
      }
      /**
       * Removes a value from the collection.
       *
       * `key` must contain a representation of an integer for this to succeed.
       * It may be wrapped in a `Scalar`.
       *
       * @returns `true` if the item was found and removed.
       */
      delete(key) {
        const idx = asItemIndex(key);
        if (typeof idx !== "number")
          return false;
        const del = this.items.splice(idx, 1);
        return del.length > 0;
      }
      get(key, keepScalar) {
        const idx = asItemIndex(key);
        if (typeof idx !== "number")
          return void 0;
        const it = this.items[idx];
        return !keepScalar && identity.isScalar(it) ? it.value : it;
      }
      /**
       * Checks if the collection includes a value with the key `key`.
       *
       * `key` must contain a representation of an integer for this to succeed.
       * It may be wrapped in a `Scalar`.
       */
      has(key) {
        const idx = asItemIndex(key);
        return typeof idx === "number" && idx < this.items.length;
      }
      /**
       * Sets a value in this collection. For `!!set`, `value` needs to be a
       * boolean to add/remove the item from the set.
       *
       * If `key` does not contain a representation of an integer, this will throw.
       * It may be wrapped in a `Scalar`.
       */
      set(key, value) {
        const idx = asItemIndex(key);
        if (typeof idx !== "number")
          throw new Error(`Expected a valid index, not ${key}.`);
        const prev = this.items[idx];
        if (identity.isScalar(prev) && Scalar.isScalarValue(value))
          prev.value = value;
        else
          this.items[idx] = value;
      }
      toJSON(_, ctx) {
        const seq = [];
        if (ctx?.onCreate)
          ctx.onCreate(seq);
        let i = 0;
        for (const item of this.items)
          seq.push(toJS.toJS(item, String(i++), ctx));
        return seq;
      }
      toString(ctx, onComment, onChompKeep) {
        if (!ctx)
          return JSON.stringify(this);
        return stringifyCollection.stringifyCollection(this, ctx, {
          blockItemPrefix: "- ",
          flowChars: { start: "[", end: "]" },
          itemIndent: (ctx.indent || "") + "  ",
          onChompKeep,
          onComment
        });
      }
      static from(schema, obj, ctx) {
        const { replacer } = ctx;
        const seq = new this(schema);
        if (obj && Symbol.iterator in Object(obj)) {
          let i = 0;
          for (let it of obj) {
            if (typeof replacer === "function") {
              const key = obj instanceof Set ? it : String(i++);
              it = replacer.call(obj, key, it);
            }
            seq.items.push(createNode.createNode(it, void 0, ctx));
          }
        }
        return seq;
      }
    };
    function asItemIndex(key) {
      let idx = identity.isScalar(key) ? key.value : key;
      if (idx && typeof idx === "string")
        idx = Number(idx);
      return typeof idx === "number" && Number.isInteger(idx) && idx >= 0 ? idx : null;
    }
    exports.YAMLSeq = YAMLSeq;
  }
});

// node_modules/yaml/dist/schema/common/seq.js
var require_seq = __commonJS({
  "node_modules/yaml/dist/schema/common/seq.js"(exports) {
    "use strict";
    var identity = require_identity();
    var YAMLSeq = require_YAMLSeq();
    var seq = {
      collection: "seq",
      default: true,
      nodeClass: YAMLSeq.YAMLSeq,
      tag: "tag:yaml.org,2002:seq",
      resolve(seq2, onError) {
        if (!identity.isSeq(seq2))
          onError("Expected a sequence for this tag");
        return seq2;
      },
      createNode: (schema, obj, ctx) => YAMLSeq.YAMLSeq.from(schema, obj, ctx)
    };
    exports.seq = seq;
  }
});

// node_modules/yaml/dist/schema/common/string.js
var require_string = __commonJS({
  "node_modules/yaml/dist/schema/common/string.js"(exports) {
    "use strict";
    var stringifyString = require_stringifyString();
    var string3 = {
      identify: (value) => typeof value === "string",
      default: true,
      tag: "tag:yaml.org,2002:str",
      resolve: (str) => str,
      stringify(item, ctx, onComment, onChompKeep) {
        ctx = Object.assign({ actualString: true }, ctx);
        return stringifyString.stringifyString(item, ctx, onComment, onChompKeep);
      }
    };
    exports.string = string3;
  }
});

// node_modules/yaml/dist/schema/common/null.js
var require_null = __commonJS({
  "node_modules/yaml/dist/schema/common/null.js"(exports) {
    "use strict";
    var Scalar = require_Scalar();
    var nullTag = {
      identify: (value) => value == null,
      createNode: () => new Scalar.Scalar(null),
      default: true,
      tag: "tag:yaml.org,2002:null",
      test: /^(?:~|[Nn]ull|NULL)?$/,
      resolve: () => new Scalar.Scalar(null),
      stringify: ({ source }, ctx) => typeof source === "string" && nullTag.test.test(source) ? source : ctx.options.nullStr
    };
    exports.nullTag = nullTag;
  }
});

// node_modules/yaml/dist/schema/core/bool.js
var require_bool = __commonJS({
  "node_modules/yaml/dist/schema/core/bool.js"(exports) {
    "use strict";
    var Scalar = require_Scalar();
    var boolTag = {
      identify: (value) => typeof value === "boolean",
      default: true,
      tag: "tag:yaml.org,2002:bool",
      test: /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/,
      resolve: (str) => new Scalar.Scalar(str[0] === "t" || str[0] === "T"),
      stringify({ source, value }, ctx) {
        if (source && boolTag.test.test(source)) {
          const sv = source[0] === "t" || source[0] === "T";
          if (value === sv)
            return source;
        }
        return value ? ctx.options.trueStr : ctx.options.falseStr;
      }
    };
    exports.boolTag = boolTag;
  }
});

// node_modules/yaml/dist/stringify/stringifyNumber.js
var require_stringifyNumber = __commonJS({
  "node_modules/yaml/dist/stringify/stringifyNumber.js"(exports) {
    "use strict";
    function stringifyNumber({ format, minFractionDigits, tag, value }) {
      if (typeof value === "bigint")
        return String(value);
      const num = typeof value === "number" ? value : Number(value);
      if (!isFinite(num))
        return isNaN(num) ? ".nan" : num < 0 ? "-.inf" : ".inf";
      let n = Object.is(value, -0) ? "-0" : JSON.stringify(value);
      if (!format && minFractionDigits && (!tag || tag === "tag:yaml.org,2002:float") && /^-?\d/.test(n) && !n.includes("e")) {
        let i = n.indexOf(".");
        if (i < 0) {
          i = n.length;
          n += ".";
        }
        let d = minFractionDigits - (n.length - i - 1);
        while (d-- > 0)
          n += "0";
      }
      return n;
    }
    exports.stringifyNumber = stringifyNumber;
  }
});

// node_modules/yaml/dist/schema/core/float.js
var require_float = __commonJS({
  "node_modules/yaml/dist/schema/core/float.js"(exports) {
    "use strict";
    var Scalar = require_Scalar();
    var stringifyNumber = require_stringifyNumber();
    var floatNaN = {
      identify: (value) => typeof value === "number",
      default: true,
      tag: "tag:yaml.org,2002:float",
      test: /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
      resolve: (str) => str.slice(-3).toLowerCase() === "nan" ? NaN : str[0] === "-" ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY,
      stringify: stringifyNumber.stringifyNumber
    };
    var floatExp = {
      identify: (value) => typeof value === "number",
      default: true,
      tag: "tag:yaml.org,2002:float",
      format: "EXP",
      test: /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/,
      resolve: (str) => parseFloat(str),
      stringify(node2) {
        const num = Number(node2.value);
        return isFinite(num) ? num.toExponential() : stringifyNumber.stringifyNumber(node2);
      }
    };
    var float = {
      identify: (value) => typeof value === "number",
      default: true,
      tag: "tag:yaml.org,2002:float",
      test: /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/,
      resolve(str) {
        const node2 = new Scalar.Scalar(parseFloat(str));
        const dot = str.indexOf(".");
        if (dot !== -1 && str[str.length - 1] === "0")
          node2.minFractionDigits = str.length - dot - 1;
        return node2;
      },
      stringify: stringifyNumber.stringifyNumber
    };
    exports.float = float;
    exports.floatExp = floatExp;
    exports.floatNaN = floatNaN;
  }
});

// node_modules/yaml/dist/schema/core/int.js
var require_int = __commonJS({
  "node_modules/yaml/dist/schema/core/int.js"(exports) {
    "use strict";
    var stringifyNumber = require_stringifyNumber();
    var intIdentify = (value) => typeof value === "bigint" || Number.isInteger(value);
    var intResolve = (str, offset, radix, { intAsBigInt }) => intAsBigInt ? BigInt(str) : parseInt(str.substring(offset), radix);
    function intStringify(node2, radix, prefix2) {
      const { value } = node2;
      if (intIdentify(value) && value >= 0)
        return prefix2 + value.toString(radix);
      return stringifyNumber.stringifyNumber(node2);
    }
    var intOct = {
      identify: (value) => intIdentify(value) && value >= 0,
      default: true,
      tag: "tag:yaml.org,2002:int",
      format: "OCT",
      test: /^0o[0-7]+$/,
      resolve: (str, _onError, opt) => intResolve(str, 2, 8, opt),
      stringify: (node2) => intStringify(node2, 8, "0o")
    };
    var int2 = {
      identify: intIdentify,
      default: true,
      tag: "tag:yaml.org,2002:int",
      test: /^[-+]?[0-9]+$/,
      resolve: (str, _onError, opt) => intResolve(str, 0, 10, opt),
      stringify: stringifyNumber.stringifyNumber
    };
    var intHex = {
      identify: (value) => intIdentify(value) && value >= 0,
      default: true,
      tag: "tag:yaml.org,2002:int",
      format: "HEX",
      test: /^0x[0-9a-fA-F]+$/,
      resolve: (str, _onError, opt) => intResolve(str, 2, 16, opt),
      stringify: (node2) => intStringify(node2, 16, "0x")
    };
    exports.int = int2;
    exports.intHex = intHex;
    exports.intOct = intOct;
  }
});

// node_modules/yaml/dist/schema/core/schema.js
var require_schema = __commonJS({
  "node_modules/yaml/dist/schema/core/schema.js"(exports) {
    "use strict";
    var map = require_map();
    var _null3 = require_null();
    var seq = require_seq();
    var string3 = require_string();
    var bool = require_bool();
    var float = require_float();
    var int2 = require_int();
    var schema = [
      map.map,
      seq.seq,
      string3.string,
      _null3.nullTag,
      bool.boolTag,
      int2.intOct,
      int2.int,
      int2.intHex,
      float.floatNaN,
      float.floatExp,
      float.float
    ];
    exports.schema = schema;
  }
});

// node_modules/yaml/dist/schema/json/schema.js
var require_schema2 = __commonJS({
  "node_modules/yaml/dist/schema/json/schema.js"(exports) {
    "use strict";
    var Scalar = require_Scalar();
    var map = require_map();
    var seq = require_seq();
    function intIdentify(value) {
      return typeof value === "bigint" || Number.isInteger(value);
    }
    var stringifyJSON = ({ value }) => JSON.stringify(value);
    var jsonScalars = [
      {
        identify: (value) => typeof value === "string",
        default: true,
        tag: "tag:yaml.org,2002:str",
        resolve: (str) => str,
        stringify: stringifyJSON
      },
      {
        identify: (value) => value == null,
        createNode: () => new Scalar.Scalar(null),
        default: true,
        tag: "tag:yaml.org,2002:null",
        test: /^null$/,
        resolve: () => null,
        stringify: stringifyJSON
      },
      {
        identify: (value) => typeof value === "boolean",
        default: true,
        tag: "tag:yaml.org,2002:bool",
        test: /^true$|^false$/,
        resolve: (str) => str === "true",
        stringify: stringifyJSON
      },
      {
        identify: intIdentify,
        default: true,
        tag: "tag:yaml.org,2002:int",
        test: /^-?(?:0|[1-9][0-9]*)$/,
        resolve: (str, _onError, { intAsBigInt }) => intAsBigInt ? BigInt(str) : parseInt(str, 10),
        stringify: ({ value }) => intIdentify(value) ? value.toString() : JSON.stringify(value)
      },
      {
        identify: (value) => typeof value === "number",
        default: true,
        tag: "tag:yaml.org,2002:float",
        test: /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]*)?(?:[eE][-+]?[0-9]+)?$/,
        resolve: (str) => parseFloat(str),
        stringify: stringifyJSON
      }
    ];
    var jsonError = {
      default: true,
      tag: "",
      test: /^/,
      resolve(str, onError) {
        onError(`Unresolved plain scalar ${JSON.stringify(str)}`);
        return str;
      }
    };
    var schema = [map.map, seq.seq].concat(jsonScalars, jsonError);
    exports.schema = schema;
  }
});

// node_modules/yaml/dist/schema/yaml-1.1/binary.js
var require_binary = __commonJS({
  "node_modules/yaml/dist/schema/yaml-1.1/binary.js"(exports) {
    "use strict";
    var node_buffer = __require("buffer");
    var Scalar = require_Scalar();
    var stringifyString = require_stringifyString();
    var binary = {
      identify: (value) => value instanceof Uint8Array,
      // Buffer inherits from Uint8Array
      default: false,
      tag: "tag:yaml.org,2002:binary",
      /**
       * Returns a Buffer in node and an Uint8Array in browsers
       *
       * To use the resulting buffer as an image, you'll want to do something like:
       *
       *   const blob = new Blob([buffer], { type: 'image/jpeg' })
       *   document.querySelector('#photo').src = URL.createObjectURL(blob)
       */
      resolve(src, onError) {
        if (typeof node_buffer.Buffer === "function") {
          return node_buffer.Buffer.from(src, "base64");
        } else if (typeof atob === "function") {
          const str = atob(src.replace(/[\n\r]/g, ""));
          const buffer = new Uint8Array(str.length);
          for (let i = 0; i < str.length; ++i)
            buffer[i] = str.charCodeAt(i);
          return buffer;
        } else {
          onError("This environment does not support reading binary tags; either Buffer or atob is required");
          return src;
        }
      },
      stringify({ comment, type, value }, ctx, onComment, onChompKeep) {
        if (!value)
          return "";
        const buf = value;
        let str;
        if (typeof node_buffer.Buffer === "function") {
          str = buf instanceof node_buffer.Buffer ? buf.toString("base64") : node_buffer.Buffer.from(buf.buffer).toString("base64");
        } else if (typeof btoa === "function") {
          let s = "";
          for (let i = 0; i < buf.length; ++i)
            s += String.fromCharCode(buf[i]);
          str = btoa(s);
        } else {
          throw new Error("This environment does not support writing binary tags; either Buffer or btoa is required");
        }
        type ?? (type = Scalar.Scalar.BLOCK_LITERAL);
        if (type !== Scalar.Scalar.QUOTE_DOUBLE) {
          const lineWidth = Math.max(ctx.options.lineWidth - ctx.indent.length, ctx.options.minContentWidth);
          const n = Math.ceil(str.length / lineWidth);
          const lines = new Array(n);
          for (let i = 0, o = 0; i < n; ++i, o += lineWidth) {
            lines[i] = str.substr(o, lineWidth);
          }
          str = lines.join(type === Scalar.Scalar.BLOCK_LITERAL ? "\n" : " ");
        }
        return stringifyString.stringifyString({ comment, type, value: str }, ctx, onComment, onChompKeep);
      }
    };
    exports.binary = binary;
  }
});

// node_modules/yaml/dist/schema/yaml-1.1/pairs.js
var require_pairs = __commonJS({
  "node_modules/yaml/dist/schema/yaml-1.1/pairs.js"(exports) {
    "use strict";
    var identity = require_identity();
    var Pair = require_Pair();
    var Scalar = require_Scalar();
    var YAMLSeq = require_YAMLSeq();
    function resolvePairs(seq, onError) {
      if (identity.isSeq(seq)) {
        for (let i = 0; i < seq.items.length; ++i) {
          let item = seq.items[i];
          if (identity.isPair(item))
            continue;
          else if (identity.isMap(item)) {
            if (item.items.length > 1)
              onError("Each pair must have its own sequence indicator");
            const pair2 = item.items[0] || new Pair.Pair(new Scalar.Scalar(null));
            if (item.commentBefore)
              pair2.key.commentBefore = pair2.key.commentBefore ? `${item.commentBefore}
${pair2.key.commentBefore}` : item.commentBefore;
            if (item.comment) {
              const cn = pair2.value ?? pair2.key;
              cn.comment = cn.comment ? `${item.comment}
${cn.comment}` : item.comment;
            }
            item = pair2;
          }
          seq.items[i] = identity.isPair(item) ? item : new Pair.Pair(item);
        }
      } else
        onError("Expected a sequence for this tag");
      return seq;
    }
    function createPairs(schema, iterable, ctx) {
      const { replacer } = ctx;
      const pairs2 = new YAMLSeq.YAMLSeq(schema);
      pairs2.tag = "tag:yaml.org,2002:pairs";
      let i = 0;
      if (iterable && Symbol.iterator in Object(iterable))
        for (let it of iterable) {
          if (typeof replacer === "function")
            it = replacer.call(iterable, String(i++), it);
          let key, value;
          if (Array.isArray(it)) {
            if (it.length === 2) {
              key = it[0];
              value = it[1];
            } else
              throw new TypeError(`Expected [key, value] tuple: ${it}`);
          } else if (it && it instanceof Object) {
            const keys = Object.keys(it);
            if (keys.length === 1) {
              key = keys[0];
              value = it[key];
            } else {
              throw new TypeError(`Expected tuple with one key, not ${keys.length} keys`);
            }
          } else {
            key = it;
          }
          pairs2.items.push(Pair.createPair(key, value, ctx));
        }
      return pairs2;
    }
    var pairs = {
      collection: "seq",
      default: false,
      tag: "tag:yaml.org,2002:pairs",
      resolve: resolvePairs,
      createNode: createPairs
    };
    exports.createPairs = createPairs;
    exports.pairs = pairs;
    exports.resolvePairs = resolvePairs;
  }
});

// node_modules/yaml/dist/schema/yaml-1.1/omap.js
var require_omap = __commonJS({
  "node_modules/yaml/dist/schema/yaml-1.1/omap.js"(exports) {
    "use strict";
    var identity = require_identity();
    var toJS = require_toJS();
    var YAMLMap = require_YAMLMap();
    var YAMLSeq = require_YAMLSeq();
    var pairs = require_pairs();
    var YAMLOMap = class _YAMLOMap extends YAMLSeq.YAMLSeq {
      constructor() {
        super();
        this.add = YAMLMap.YAMLMap.prototype.add.bind(this);
        this.delete = YAMLMap.YAMLMap.prototype.delete.bind(this);
        this.get = YAMLMap.YAMLMap.prototype.get.bind(this);
        this.has = YAMLMap.YAMLMap.prototype.has.bind(this);
        this.set = YAMLMap.YAMLMap.prototype.set.bind(this);
        this.tag = _YAMLOMap.tag;
      }
      /**
       * If `ctx` is given, the return type is actually `Map<unknown, unknown>`,
       * but TypeScript won't allow widening the signature of a child method.
       */
      toJSON(_, ctx) {
        if (!ctx)
          return super.toJSON(_);
        const map = /* @__PURE__ */ new Map();
        if (ctx?.onCreate)
          ctx.onCreate(map);
        for (const pair2 of this.items) {
          let key, value;
          if (identity.isPair(pair2)) {
            key = toJS.toJS(pair2.key, "", ctx);
            value = toJS.toJS(pair2.value, key, ctx);
          } else {
            key = toJS.toJS(pair2, "", ctx);
          }
          if (map.has(key))
            throw new Error("Ordered maps must not include duplicate keys");
          map.set(key, value);
        }
        return map;
      }
      static from(schema, iterable, ctx) {
        const pairs$1 = pairs.createPairs(schema, iterable, ctx);
        const omap2 = new this();
        omap2.items = pairs$1.items;
        return omap2;
      }
    };
    YAMLOMap.tag = "tag:yaml.org,2002:omap";
    var omap = {
      collection: "seq",
      identify: (value) => value instanceof Map,
      nodeClass: YAMLOMap,
      default: false,
      tag: "tag:yaml.org,2002:omap",
      resolve(seq, onError) {
        const pairs$1 = pairs.resolvePairs(seq, onError);
        const seenKeys = [];
        for (const { key } of pairs$1.items) {
          if (identity.isScalar(key)) {
            if (seenKeys.includes(key.value)) {
              onError(`Ordered maps must not include duplicate keys: ${key.value}`);
            } else {
              seenKeys.push(key.value);
            }
          }
        }
        return Object.assign(new YAMLOMap(), pairs$1);
      },
      createNode: (schema, iterable, ctx) => YAMLOMap.from(schema, iterable, ctx)
    };
    exports.YAMLOMap = YAMLOMap;
    exports.omap = omap;
  }
});

// node_modules/yaml/dist/schema/yaml-1.1/bool.js
var require_bool2 = __commonJS({
  "node_modules/yaml/dist/schema/yaml-1.1/bool.js"(exports) {
    "use strict";
    var Scalar = require_Scalar();
    function boolStringify({ value, source }, ctx) {
      const boolObj = value ? trueTag : falseTag;
      if (source && boolObj.test.test(source))
        return source;
      return value ? ctx.options.trueStr : ctx.options.falseStr;
    }
    var trueTag = {
      identify: (value) => value === true,
      default: true,
      tag: "tag:yaml.org,2002:bool",
      test: /^(?:Y|y|[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON)$/,
      resolve: () => new Scalar.Scalar(true),
      stringify: boolStringify
    };
    var falseTag = {
      identify: (value) => value === false,
      default: true,
      tag: "tag:yaml.org,2002:bool",
      test: /^(?:N|n|[Nn]o|NO|[Ff]alse|FALSE|[Oo]ff|OFF)$/,
      resolve: () => new Scalar.Scalar(false),
      stringify: boolStringify
    };
    exports.falseTag = falseTag;
    exports.trueTag = trueTag;
  }
});

// node_modules/yaml/dist/schema/yaml-1.1/float.js
var require_float2 = __commonJS({
  "node_modules/yaml/dist/schema/yaml-1.1/float.js"(exports) {
    "use strict";
    var Scalar = require_Scalar();
    var stringifyNumber = require_stringifyNumber();
    var floatNaN = {
      identify: (value) => typeof value === "number",
      default: true,
      tag: "tag:yaml.org,2002:float",
      test: /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
      resolve: (str) => str.slice(-3).toLowerCase() === "nan" ? NaN : str[0] === "-" ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY,
      stringify: stringifyNumber.stringifyNumber
    };
    var floatExp = {
      identify: (value) => typeof value === "number",
      default: true,
      tag: "tag:yaml.org,2002:float",
      format: "EXP",
      test: /^[-+]?(?:[0-9][0-9_]*)?(?:\.[0-9_]*)?[eE][-+]?[0-9]+$/,
      resolve: (str) => parseFloat(str.replace(/_/g, "")),
      stringify(node2) {
        const num = Number(node2.value);
        return isFinite(num) ? num.toExponential() : stringifyNumber.stringifyNumber(node2);
      }
    };
    var float = {
      identify: (value) => typeof value === "number",
      default: true,
      tag: "tag:yaml.org,2002:float",
      test: /^[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*$/,
      resolve(str) {
        const node2 = new Scalar.Scalar(parseFloat(str.replace(/_/g, "")));
        const dot = str.indexOf(".");
        if (dot !== -1) {
          const f = str.substring(dot + 1).replace(/_/g, "");
          if (f[f.length - 1] === "0")
            node2.minFractionDigits = f.length;
        }
        return node2;
      },
      stringify: stringifyNumber.stringifyNumber
    };
    exports.float = float;
    exports.floatExp = floatExp;
    exports.floatNaN = floatNaN;
  }
});

// node_modules/yaml/dist/schema/yaml-1.1/int.js
var require_int2 = __commonJS({
  "node_modules/yaml/dist/schema/yaml-1.1/int.js"(exports) {
    "use strict";
    var stringifyNumber = require_stringifyNumber();
    var intIdentify = (value) => typeof value === "bigint" || Number.isInteger(value);
    function intResolve(str, offset, radix, { intAsBigInt }) {
      const sign = str[0];
      if (sign === "-" || sign === "+")
        offset += 1;
      str = str.substring(offset).replace(/_/g, "");
      if (intAsBigInt) {
        switch (radix) {
          case 2:
            str = `0b${str}`;
            break;
          case 8:
            str = `0o${str}`;
            break;
          case 16:
            str = `0x${str}`;
            break;
        }
        const n2 = BigInt(str);
        return sign === "-" ? BigInt(-1) * n2 : n2;
      }
      const n = parseInt(str, radix);
      return sign === "-" ? -1 * n : n;
    }
    function intStringify(node2, radix, prefix2) {
      const { value } = node2;
      if (intIdentify(value)) {
        const str = value.toString(radix);
        return value < 0 ? "-" + prefix2 + str.substr(1) : prefix2 + str;
      }
      return stringifyNumber.stringifyNumber(node2);
    }
    var intBin = {
      identify: intIdentify,
      default: true,
      tag: "tag:yaml.org,2002:int",
      format: "BIN",
      test: /^[-+]?0b[0-1_]+$/,
      resolve: (str, _onError, opt) => intResolve(str, 2, 2, opt),
      stringify: (node2) => intStringify(node2, 2, "0b")
    };
    var intOct = {
      identify: intIdentify,
      default: true,
      tag: "tag:yaml.org,2002:int",
      format: "OCT",
      test: /^[-+]?0[0-7_]+$/,
      resolve: (str, _onError, opt) => intResolve(str, 1, 8, opt),
      stringify: (node2) => intStringify(node2, 8, "0")
    };
    var int2 = {
      identify: intIdentify,
      default: true,
      tag: "tag:yaml.org,2002:int",
      test: /^[-+]?[0-9][0-9_]*$/,
      resolve: (str, _onError, opt) => intResolve(str, 0, 10, opt),
      stringify: stringifyNumber.stringifyNumber
    };
    var intHex = {
      identify: intIdentify,
      default: true,
      tag: "tag:yaml.org,2002:int",
      format: "HEX",
      test: /^[-+]?0x[0-9a-fA-F_]+$/,
      resolve: (str, _onError, opt) => intResolve(str, 2, 16, opt),
      stringify: (node2) => intStringify(node2, 16, "0x")
    };
    exports.int = int2;
    exports.intBin = intBin;
    exports.intHex = intHex;
    exports.intOct = intOct;
  }
});

// node_modules/yaml/dist/schema/yaml-1.1/set.js
var require_set = __commonJS({
  "node_modules/yaml/dist/schema/yaml-1.1/set.js"(exports) {
    "use strict";
    var identity = require_identity();
    var Pair = require_Pair();
    var YAMLMap = require_YAMLMap();
    var YAMLSet = class _YAMLSet extends YAMLMap.YAMLMap {
      constructor(schema) {
        super(schema);
        this.tag = _YAMLSet.tag;
      }
      add(key) {
        let pair2;
        if (identity.isPair(key))
          pair2 = key;
        else if (key && typeof key === "object" && "key" in key && "value" in key && key.value === null)
          pair2 = new Pair.Pair(key.key, null);
        else
          pair2 = new Pair.Pair(key, null);
        const prev = YAMLMap.findPair(this.items, pair2.key);
        if (!prev)
          this.items.push(pair2);
      }
      /**
       * If `keepPair` is `true`, returns the Pair matching `key`.
       * Otherwise, returns the value of that Pair's key.
       */
      get(key, keepPair) {
        const pair2 = YAMLMap.findPair(this.items, key);
        return !keepPair && identity.isPair(pair2) ? identity.isScalar(pair2.key) ? pair2.key.value : pair2.key : pair2;
      }
      set(key, value) {
        if (typeof value !== "boolean")
          throw new Error(`Expected boolean value for set(key, value) in a YAML set, not ${typeof value}`);
        const prev = YAMLMap.findPair(this.items, key);
        if (prev && !value) {
          this.items.splice(this.items.indexOf(prev), 1);
        } else if (!prev && value) {
          this.items.push(new Pair.Pair(key));
        }
      }
      toJSON(_, ctx) {
        return super.toJSON(_, ctx, Set);
      }
      toString(ctx, onComment, onChompKeep) {
        if (!ctx)
          return JSON.stringify(this);
        if (this.hasAllNullValues(true))
          return super.toString(Object.assign({}, ctx, { allNullValues: true }), onComment, onChompKeep);
        else
          throw new Error("Set items must all have null values");
      }
      static from(schema, iterable, ctx) {
        const { replacer } = ctx;
        const set2 = new this(schema);
        if (iterable && Symbol.iterator in Object(iterable))
          for (let value of iterable) {
            if (typeof replacer === "function")
              value = replacer.call(iterable, value, value);
            set2.items.push(Pair.createPair(value, null, ctx));
          }
        return set2;
      }
    };
    YAMLSet.tag = "tag:yaml.org,2002:set";
    var set = {
      collection: "map",
      identify: (value) => value instanceof Set,
      nodeClass: YAMLSet,
      default: false,
      tag: "tag:yaml.org,2002:set",
      createNode: (schema, iterable, ctx) => YAMLSet.from(schema, iterable, ctx),
      resolve(map, onError) {
        if (identity.isMap(map)) {
          if (map.hasAllNullValues(true))
            return Object.assign(new YAMLSet(), map);
          else
            onError("Set items must all have null values");
        } else
          onError("Expected a mapping for this tag");
        return map;
      }
    };
    exports.YAMLSet = YAMLSet;
    exports.set = set;
  }
});

// node_modules/yaml/dist/schema/yaml-1.1/timestamp.js
var require_timestamp = __commonJS({
  "node_modules/yaml/dist/schema/yaml-1.1/timestamp.js"(exports) {
    "use strict";
    var stringifyNumber = require_stringifyNumber();
    function parseSexagesimal(str, asBigInt) {
      const sign = str[0];
      const parts = sign === "-" || sign === "+" ? str.substring(1) : str;
      const num = (n) => asBigInt ? BigInt(n) : Number(n);
      const res = parts.replace(/_/g, "").split(":").reduce((res2, p) => res2 * num(60) + num(p), num(0));
      return sign === "-" ? num(-1) * res : res;
    }
    function stringifySexagesimal(node2) {
      let { value } = node2;
      let num = (n) => n;
      if (typeof value === "bigint")
        num = (n) => BigInt(n);
      else if (isNaN(value) || !isFinite(value))
        return stringifyNumber.stringifyNumber(node2);
      let sign = "";
      if (value < 0) {
        sign = "-";
        value *= num(-1);
      }
      const _60 = num(60);
      const parts = [value % _60];
      if (value < 60) {
        parts.unshift(0);
      } else {
        value = (value - parts[0]) / _60;
        parts.unshift(value % _60);
        if (value >= 60) {
          value = (value - parts[0]) / _60;
          parts.unshift(value);
        }
      }
      return sign + parts.map((n) => String(n).padStart(2, "0")).join(":").replace(/000000\d*$/, "");
    }
    var intTime = {
      identify: (value) => typeof value === "bigint" || Number.isInteger(value),
      default: true,
      tag: "tag:yaml.org,2002:int",
      format: "TIME",
      test: /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+$/,
      resolve: (str, _onError, { intAsBigInt }) => parseSexagesimal(str, intAsBigInt),
      stringify: stringifySexagesimal
    };
    var floatTime = {
      identify: (value) => typeof value === "number",
      default: true,
      tag: "tag:yaml.org,2002:float",
      format: "TIME",
      test: /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*$/,
      resolve: (str) => parseSexagesimal(str, false),
      stringify: stringifySexagesimal
    };
    var timestamp = {
      identify: (value) => value instanceof Date,
      default: true,
      tag: "tag:yaml.org,2002:timestamp",
      // If the time zone is omitted, the timestamp is assumed to be specified in UTC. The time part
      // may be omitted altogether, resulting in a date format. In such a case, the time part is
      // assumed to be 00:00:00Z (start of day, UTC).
      test: RegExp("^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:(?:t|T|[ \\t]+)([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2}(\\.[0-9]+)?)(?:[ \\t]*(Z|[-+][012]?[0-9](?::[0-9]{2})?))?)?$"),
      resolve(str) {
        const match2 = str.match(timestamp.test);
        if (!match2)
          throw new Error("!!timestamp expects a date, starting with yyyy-mm-dd");
        const [, year, month, day, hour, minute, second] = match2.map(Number);
        const millisec = match2[7] ? Number((match2[7] + "00").substr(1, 3)) : 0;
        let date2 = Date.UTC(year, month - 1, day, hour || 0, minute || 0, second || 0, millisec);
        const tz = match2[8];
        if (tz && tz !== "Z") {
          let d = parseSexagesimal(tz, false);
          if (Math.abs(d) < 30)
            d *= 60;
          date2 -= 6e4 * d;
        }
        return new Date(date2);
      },
      stringify: ({ value }) => value?.toISOString().replace(/(T00:00:00)?\.000Z$/, "") ?? ""
    };
    exports.floatTime = floatTime;
    exports.intTime = intTime;
    exports.timestamp = timestamp;
  }
});

// node_modules/yaml/dist/schema/yaml-1.1/schema.js
var require_schema3 = __commonJS({
  "node_modules/yaml/dist/schema/yaml-1.1/schema.js"(exports) {
    "use strict";
    var map = require_map();
    var _null3 = require_null();
    var seq = require_seq();
    var string3 = require_string();
    var binary = require_binary();
    var bool = require_bool2();
    var float = require_float2();
    var int2 = require_int2();
    var merge2 = require_merge();
    var omap = require_omap();
    var pairs = require_pairs();
    var set = require_set();
    var timestamp = require_timestamp();
    var schema = [
      map.map,
      seq.seq,
      string3.string,
      _null3.nullTag,
      bool.trueTag,
      bool.falseTag,
      int2.intBin,
      int2.intOct,
      int2.int,
      int2.intHex,
      float.floatNaN,
      float.floatExp,
      float.float,
      binary.binary,
      merge2.merge,
      omap.omap,
      pairs.pairs,
      set.set,
      timestamp.intTime,
      timestamp.floatTime,
      timestamp.timestamp
    ];
    exports.schema = schema;
  }
});

// node_modules/yaml/dist/schema/tags.js
var require_tags = __commonJS({
  "node_modules/yaml/dist/schema/tags.js"(exports) {
    "use strict";
    var map = require_map();
    var _null3 = require_null();
    var seq = require_seq();
    var string3 = require_string();
    var bool = require_bool();
    var float = require_float();
    var int2 = require_int();
    var schema = require_schema();
    var schema$1 = require_schema2();
    var binary = require_binary();
    var merge2 = require_merge();
    var omap = require_omap();
    var pairs = require_pairs();
    var schema$2 = require_schema3();
    var set = require_set();
    var timestamp = require_timestamp();
    var schemas = /* @__PURE__ */ new Map([
      ["core", schema.schema],
      ["failsafe", [map.map, seq.seq, string3.string]],
      ["json", schema$1.schema],
      ["yaml11", schema$2.schema],
      ["yaml-1.1", schema$2.schema]
    ]);
    var tagsByName = {
      binary: binary.binary,
      bool: bool.boolTag,
      float: float.float,
      floatExp: float.floatExp,
      floatNaN: float.floatNaN,
      floatTime: timestamp.floatTime,
      int: int2.int,
      intHex: int2.intHex,
      intOct: int2.intOct,
      intTime: timestamp.intTime,
      map: map.map,
      merge: merge2.merge,
      null: _null3.nullTag,
      omap: omap.omap,
      pairs: pairs.pairs,
      seq: seq.seq,
      set: set.set,
      timestamp: timestamp.timestamp
    };
    var coreKnownTags = {
      "tag:yaml.org,2002:binary": binary.binary,
      "tag:yaml.org,2002:merge": merge2.merge,
      "tag:yaml.org,2002:omap": omap.omap,
      "tag:yaml.org,2002:pairs": pairs.pairs,
      "tag:yaml.org,2002:set": set.set,
      "tag:yaml.org,2002:timestamp": timestamp.timestamp
    };
    function getTags(customTags, schemaName, addMergeTag) {
      const schemaTags = schemas.get(schemaName);
      if (schemaTags && !customTags) {
        return addMergeTag && !schemaTags.includes(merge2.merge) ? schemaTags.concat(merge2.merge) : schemaTags.slice();
      }
      let tags = schemaTags;
      if (!tags) {
        if (Array.isArray(customTags))
          tags = [];
        else {
          const keys = Array.from(schemas.keys()).filter((key) => key !== "yaml11").map((key) => JSON.stringify(key)).join(", ");
          throw new Error(`Unknown schema "${schemaName}"; use one of ${keys} or define customTags array`);
        }
      }
      if (Array.isArray(customTags)) {
        for (const tag of customTags)
          tags = tags.concat(tag);
      } else if (typeof customTags === "function") {
        tags = customTags(tags.slice());
      }
      if (addMergeTag)
        tags = tags.concat(merge2.merge);
      return tags.reduce((tags2, tag) => {
        const tagObj = typeof tag === "string" ? tagsByName[tag] : tag;
        if (!tagObj) {
          const tagName = JSON.stringify(tag);
          const keys = Object.keys(tagsByName).map((key) => JSON.stringify(key)).join(", ");
          throw new Error(`Unknown custom tag ${tagName}; use one of ${keys}`);
        }
        if (!tags2.includes(tagObj))
          tags2.push(tagObj);
        return tags2;
      }, []);
    }
    exports.coreKnownTags = coreKnownTags;
    exports.getTags = getTags;
  }
});

// node_modules/yaml/dist/schema/Schema.js
var require_Schema = __commonJS({
  "node_modules/yaml/dist/schema/Schema.js"(exports) {
    "use strict";
    var identity = require_identity();
    var map = require_map();
    var seq = require_seq();
    var string3 = require_string();
    var tags = require_tags();
    var sortMapEntriesByKey = (a, b) => a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
    var Schema = class _Schema {
      constructor({ compat, customTags, merge: merge2, resolveKnownTags, schema, sortMapEntries, toStringDefaults }) {
        this.compat = Array.isArray(compat) ? tags.getTags(compat, "compat") : compat ? tags.getTags(null, compat) : null;
        this.name = typeof schema === "string" && schema || "core";
        this.knownTags = resolveKnownTags ? tags.coreKnownTags : {};
        this.tags = tags.getTags(customTags, this.name, merge2);
        this.toStringOptions = toStringDefaults ?? null;
        Object.defineProperty(this, identity.MAP, { value: map.map });
        Object.defineProperty(this, identity.SCALAR, { value: string3.string });
        Object.defineProperty(this, identity.SEQ, { value: seq.seq });
        this.sortMapEntries = typeof sortMapEntries === "function" ? sortMapEntries : sortMapEntries === true ? sortMapEntriesByKey : null;
      }
      clone() {
        const copy = Object.create(_Schema.prototype, Object.getOwnPropertyDescriptors(this));
        copy.tags = this.tags.slice();
        return copy;
      }
    };
    exports.Schema = Schema;
  }
});

// node_modules/yaml/dist/stringify/stringifyDocument.js
var require_stringifyDocument = __commonJS({
  "node_modules/yaml/dist/stringify/stringifyDocument.js"(exports) {
    "use strict";
    var identity = require_identity();
    var stringify = require_stringify();
    var stringifyComment = require_stringifyComment();
    function stringifyDocument(doc, options) {
      const lines = [];
      let hasDirectives = options.directives === true;
      if (options.directives !== false && doc.directives) {
        const dir = doc.directives.toString(doc);
        if (dir) {
          lines.push(dir);
          hasDirectives = true;
        } else if (doc.directives.docStart)
          hasDirectives = true;
      }
      if (hasDirectives)
        lines.push("---");
      const ctx = stringify.createStringifyContext(doc, options);
      const { commentString } = ctx.options;
      if (doc.commentBefore) {
        if (lines.length !== 1)
          lines.unshift("");
        const cs = commentString(doc.commentBefore);
        lines.unshift(stringifyComment.indentComment(cs, ""));
      }
      let chompKeep = false;
      let contentComment = null;
      if (doc.contents) {
        if (identity.isNode(doc.contents)) {
          if (doc.contents.spaceBefore && hasDirectives)
            lines.push("");
          if (doc.contents.commentBefore) {
            const cs = commentString(doc.contents.commentBefore);
            lines.push(stringifyComment.indentComment(cs, ""));
          }
          ctx.forceBlockIndent = !!doc.comment;
          contentComment = doc.contents.comment;
        }
        const onChompKeep = contentComment ? void 0 : () => chompKeep = true;
        let body = stringify.stringify(doc.contents, ctx, () => contentComment = null, onChompKeep);
        if (contentComment)
          body += stringifyComment.lineComment(body, "", commentString(contentComment));
        if ((body[0] === "|" || body[0] === ">") && lines[lines.length - 1] === "---") {
          lines[lines.length - 1] = `--- ${body}`;
        } else
          lines.push(body);
      } else {
        lines.push(stringify.stringify(doc.contents, ctx));
      }
      if (doc.directives?.docEnd) {
        if (doc.comment) {
          const cs = commentString(doc.comment);
          if (cs.includes("\n")) {
            lines.push("...");
            lines.push(stringifyComment.indentComment(cs, ""));
          } else {
            lines.push(`... ${cs}`);
          }
        } else {
          lines.push("...");
        }
      } else {
        let dc = doc.comment;
        if (dc && chompKeep)
          dc = dc.replace(/^\n+/, "");
        if (dc) {
          if ((!chompKeep || contentComment) && lines[lines.length - 1] !== "")
            lines.push("");
          lines.push(stringifyComment.indentComment(commentString(dc), ""));
        }
      }
      return lines.join("\n") + "\n";
    }
    exports.stringifyDocument = stringifyDocument;
  }
});

// node_modules/yaml/dist/doc/Document.js
var require_Document = __commonJS({
  "node_modules/yaml/dist/doc/Document.js"(exports) {
    "use strict";
    var Alias = require_Alias();
    var Collection = require_Collection();
    var identity = require_identity();
    var Pair = require_Pair();
    var toJS = require_toJS();
    var Schema = require_Schema();
    var stringifyDocument = require_stringifyDocument();
    var anchors = require_anchors();
    var applyReviver = require_applyReviver();
    var createNode = require_createNode();
    var directives = require_directives();
    var Document = class _Document {
      constructor(value, replacer, options) {
        this.commentBefore = null;
        this.comment = null;
        this.errors = [];
        this.warnings = [];
        Object.defineProperty(this, identity.NODE_TYPE, { value: identity.DOC });
        let _replacer = null;
        if (typeof replacer === "function" || Array.isArray(replacer)) {
          _replacer = replacer;
        } else if (options === void 0 && replacer) {
          options = replacer;
          replacer = void 0;
        }
        const opt = Object.assign({
          intAsBigInt: false,
          keepSourceTokens: false,
          logLevel: "warn",
          prettyErrors: true,
          strict: true,
          stringKeys: false,
          uniqueKeys: true,
          version: "1.2"
        }, options);
        this.options = opt;
        let { version: version2 } = opt;
        if (options?._directives) {
          this.directives = options._directives.atDocument();
          if (this.directives.yaml.explicit)
            version2 = this.directives.yaml.version;
        } else
          this.directives = new directives.Directives({ version: version2 });
        this.setSchema(version2, options);
        this.contents = value === void 0 ? null : this.createNode(value, _replacer, options);
      }
      /**
       * Create a deep copy of this Document and its contents.
       *
       * Custom Node values that inherit from `Object` still refer to their original instances.
       */
      clone() {
        const copy = Object.create(_Document.prototype, {
          [identity.NODE_TYPE]: { value: identity.DOC }
        });
        copy.commentBefore = this.commentBefore;
        copy.comment = this.comment;
        copy.errors = this.errors.slice();
        copy.warnings = this.warnings.slice();
        copy.options = Object.assign({}, this.options);
        if (this.directives)
          copy.directives = this.directives.clone();
        copy.schema = this.schema.clone();
        copy.contents = identity.isNode(this.contents) ? this.contents.clone(copy.schema) : this.contents;
        if (this.range)
          copy.range = this.range.slice();
        return copy;
      }
      /** Adds a value to the document. */
      add(value) {
        if (assertCollection(this.contents))
          this.contents.add(value);
      }
      /** Adds a value to the document. */
      addIn(path2, value) {
        if (assertCollection(this.contents))
          this.contents.addIn(path2, value);
      }
      /**
       * Create a new `Alias` node, ensuring that the target `node` has the required anchor.
       *
       * If `node` already has an anchor, `name` is ignored.
       * Otherwise, the `node.anchor` value will be set to `name`,
       * or if an anchor with that name is already present in the document,
       * `name` will be used as a prefix for a new unique anchor.
       * If `name` is undefined, the generated anchor will use 'a' as a prefix.
       */
      createAlias(node2, name) {
        if (!node2.anchor) {
          const prev = anchors.anchorNames(this);
          node2.anchor = // eslint-disable-next-line @typescript-eslint/prefer-nullish-coalescing
          !name || prev.has(name) ? anchors.findNewAnchor(name || "a", prev) : name;
        }
        return new Alias.Alias(node2.anchor);
      }
      createNode(value, replacer, options) {
        let _replacer = void 0;
        if (typeof replacer === "function") {
          value = replacer.call({ "": value }, "", value);
          _replacer = replacer;
        } else if (Array.isArray(replacer)) {
          const keyToStr = (v) => typeof v === "number" || v instanceof String || v instanceof Number;
          const asStr = replacer.filter(keyToStr).map(String);
          if (asStr.length > 0)
            replacer = replacer.concat(asStr);
          _replacer = replacer;
        } else if (options === void 0 && replacer) {
          options = replacer;
          replacer = void 0;
        }
        const { aliasDuplicateObjects, anchorPrefix, flow, keepUndefined, onTagObj, tag } = options ?? {};
        const { onAnchor, setAnchors, sourceObjects } = anchors.createNodeAnchors(
          this,
          // eslint-disable-next-line @typescript-eslint/prefer-nullish-coalescing
          anchorPrefix || "a"
        );
        const ctx = {
          aliasDuplicateObjects: aliasDuplicateObjects ?? true,
          keepUndefined: keepUndefined ?? false,
          onAnchor,
          onTagObj,
          replacer: _replacer,
          schema: this.schema,
          sourceObjects
        };
        const node2 = createNode.createNode(value, tag, ctx);
        if (flow && identity.isCollection(node2))
          node2.flow = true;
        setAnchors();
        return node2;
      }
      /**
       * Convert a key and a value into a `Pair` using the current schema,
       * recursively wrapping all values as `Scalar` or `Collection` nodes.
       */
      createPair(key, value, options = {}) {
        const k = this.createNode(key, null, options);
        const v = this.createNode(value, null, options);
        return new Pair.Pair(k, v);
      }
      /**
       * Removes a value from the document.
       * @returns `true` if the item was found and removed.
       */
      delete(key) {
        return assertCollection(this.contents) ? this.contents.delete(key) : false;
      }
      /**
       * Removes a value from the document.
       * @returns `true` if the item was found and removed.
       */
      deleteIn(path2) {
        if (Collection.isEmptyPath(path2)) {
          if (this.contents == null)
            return false;
          this.contents = null;
          return true;
        }
        return assertCollection(this.contents) ? this.contents.deleteIn(path2) : false;
      }
      /**
       * Returns item at `key`, or `undefined` if not found. By default unwraps
       * scalar values from their surrounding node; to disable set `keepScalar` to
       * `true` (collections are always returned intact).
       */
      get(key, keepScalar) {
        return identity.isCollection(this.contents) ? this.contents.get(key, keepScalar) : void 0;
      }
      /**
       * Returns item at `path`, or `undefined` if not found. By default unwraps
       * scalar values from their surrounding node; to disable set `keepScalar` to
       * `true` (collections are always returned intact).
       */
      getIn(path2, keepScalar) {
        if (Collection.isEmptyPath(path2))
          return !keepScalar && identity.isScalar(this.contents) ? this.contents.value : this.contents;
        return identity.isCollection(this.contents) ? this.contents.getIn(path2, keepScalar) : void 0;
      }
      /**
       * Checks if the document includes a value with the key `key`.
       */
      has(key) {
        return identity.isCollection(this.contents) ? this.contents.has(key) : false;
      }
      /**
       * Checks if the document includes a value at `path`.
       */
      hasIn(path2) {
        if (Collection.isEmptyPath(path2))
          return this.contents !== void 0;
        return identity.isCollection(this.contents) ? this.contents.hasIn(path2) : false;
      }
      /**
       * Sets a value in this document. For `!!set`, `value` needs to be a
       * boolean to add/remove the item from the set.
       */
      set(key, value) {
        if (this.contents == null) {
          this.contents = Collection.collectionFromPath(this.schema, [key], value);
        } else if (assertCollection(this.contents)) {
          this.contents.set(key, value);
        }
      }
      /**
       * Sets a value in this document. For `!!set`, `value` needs to be a
       * boolean to add/remove the item from the set.
       */
      setIn(path2, value) {
        if (Collection.isEmptyPath(path2)) {
          this.contents = value;
        } else if (this.contents == null) {
          this.contents = Collection.collectionFromPath(this.schema, Array.from(path2), value);
        } else if (assertCollection(this.contents)) {
          this.contents.setIn(path2, value);
        }
      }
      /**
       * Change the YAML version and schema used by the document.
       * A `null` version disables support for directives, explicit tags, anchors, and aliases.
       * It also requires the `schema` option to be given as a `Schema` instance value.
       *
       * Overrides all previously set schema options.
       */
      setSchema(version2, options = {}) {
        if (typeof version2 === "number")
          version2 = String(version2);
        let opt;
        switch (version2) {
          case "1.1":
            if (this.directives)
              this.directives.yaml.version = "1.1";
            else
              this.directives = new directives.Directives({ version: "1.1" });
            opt = { resolveKnownTags: false, schema: "yaml-1.1" };
            break;
          case "1.2":
          case "next":
            if (this.directives)
              this.directives.yaml.version = version2;
            else
              this.directives = new directives.Directives({ version: version2 });
            opt = { resolveKnownTags: true, schema: "core" };
            break;
          case null:
            if (this.directives)
              delete this.directives;
            opt = null;
            break;
          default: {
            const sv = JSON.stringify(version2);
            throw new Error(`Expected '1.1', '1.2' or null as first argument, but found: ${sv}`);
          }
        }
        if (options.schema instanceof Object)
          this.schema = options.schema;
        else if (opt)
          this.schema = new Schema.Schema(Object.assign(opt, options));
        else
          throw new Error(`With a null YAML version, the { schema: Schema } option is required`);
      }
      // json & jsonArg are only used from toJSON()
      toJS({ json, jsonArg, mapAsMap, maxAliasCount, onAnchor, reviver } = {}) {
        const ctx = {
          anchors: /* @__PURE__ */ new Map(),
          doc: this,
          keep: !json,
          mapAsMap: mapAsMap === true,
          mapKeyWarned: false,
          maxAliasCount: typeof maxAliasCount === "number" ? maxAliasCount : 100
        };
        const res = toJS.toJS(this.contents, jsonArg ?? "", ctx);
        if (typeof onAnchor === "function")
          for (const { count: count2, res: res2 } of ctx.anchors.values())
            onAnchor(res2, count2);
        return typeof reviver === "function" ? applyReviver.applyReviver(reviver, { "": res }, "", res) : res;
      }
      /**
       * A JSON representation of the document `contents`.
       *
       * @param jsonArg Used by `JSON.stringify` to indicate the array index or
       *   property name.
       */
      toJSON(jsonArg, onAnchor) {
        return this.toJS({ json: true, jsonArg, mapAsMap: false, onAnchor });
      }
      /** A YAML representation of the document. */
      toString(options = {}) {
        if (this.errors.length > 0)
          throw new Error("Document with errors cannot be stringified");
        if ("indent" in options && (!Number.isInteger(options.indent) || Number(options.indent) <= 0)) {
          const s = JSON.stringify(options.indent);
          throw new Error(`"indent" option must be a positive integer, not ${s}`);
        }
        return stringifyDocument.stringifyDocument(this, options);
      }
    };
    function assertCollection(contents) {
      if (identity.isCollection(contents))
        return true;
      throw new Error("Expected a YAML collection as document contents");
    }
    exports.Document = Document;
  }
});

// node_modules/yaml/dist/errors.js
var require_errors = __commonJS({
  "node_modules/yaml/dist/errors.js"(exports) {
    "use strict";
    var YAMLError = class extends Error {
      constructor(name, pos, code2, message) {
        super();
        this.name = name;
        this.code = code2;
        this.message = message;
        this.pos = pos;
      }
    };
    var YAMLParseError = class extends YAMLError {
      constructor(pos, code2, message) {
        super("YAMLParseError", pos, code2, message);
      }
    };
    var YAMLWarning = class extends YAMLError {
      constructor(pos, code2, message) {
        super("YAMLWarning", pos, code2, message);
      }
    };
    var prettifyError = (src, lc) => (error2) => {
      if (error2.pos[0] === -1)
        return;
      error2.linePos = error2.pos.map((pos) => lc.linePos(pos));
      const { line, col } = error2.linePos[0];
      error2.message += ` at line ${line}, column ${col}`;
      let ci = col - 1;
      let lineStr = src.substring(lc.lineStarts[line - 1], lc.lineStarts[line]).replace(/[\n\r]+$/, "");
      if (ci >= 60 && lineStr.length > 80) {
        const trimStart = Math.min(ci - 39, lineStr.length - 79);
        lineStr = "…" + lineStr.substring(trimStart);
        ci -= trimStart - 1;
      }
      if (lineStr.length > 80)
        lineStr = lineStr.substring(0, 79) + "…";
      if (line > 1 && /^ *$/.test(lineStr.substring(0, ci))) {
        let prev = src.substring(lc.lineStarts[line - 2], lc.lineStarts[line - 1]);
        if (prev.length > 80)
          prev = prev.substring(0, 79) + "…\n";
        lineStr = prev + lineStr;
      }
      if (/[^ ]/.test(lineStr)) {
        let count2 = 1;
        const end = error2.linePos[1];
        if (end?.line === line && end.col > col) {
          count2 = Math.max(1, Math.min(end.col - col, 80 - ci));
        }
        const pointer = " ".repeat(ci) + "^".repeat(count2);
        error2.message += `:

${lineStr}
${pointer}
`;
      }
    };
    exports.YAMLError = YAMLError;
    exports.YAMLParseError = YAMLParseError;
    exports.YAMLWarning = YAMLWarning;
    exports.prettifyError = prettifyError;
  }
});

// node_modules/yaml/dist/compose/resolve-props.js
var require_resolve_props = __commonJS({
  "node_modules/yaml/dist/compose/resolve-props.js"(exports) {
    "use strict";
    function resolveProps(tokens, { flow, indicator, next, offset, onError, parentIndent, startOnNewline }) {
      let spaceBefore = false;
      let atNewline = startOnNewline;
      let hasSpace = startOnNewline;
      let comment = "";
      let commentSep = "";
      let hasNewline = false;
      let reqSpace = false;
      let tab = null;
      let anchor2 = null;
      let tag = null;
      let newlineAfterProp = null;
      let comma = null;
      let found = null;
      let start = null;
      for (const token of tokens) {
        if (reqSpace) {
          if (token.type !== "space" && token.type !== "newline" && token.type !== "comma")
            onError(token.offset, "MISSING_CHAR", "Tags and anchors must be separated from the next token by white space");
          reqSpace = false;
        }
        if (tab) {
          if (atNewline && token.type !== "comment" && token.type !== "newline") {
            onError(tab, "TAB_AS_INDENT", "Tabs are not allowed as indentation");
          }
          tab = null;
        }
        switch (token.type) {
          case "space":
            if (!flow && (indicator !== "doc-start" || next?.type !== "flow-collection") && token.source.includes("	")) {
              tab = token;
            }
            hasSpace = true;
            break;
          case "comment": {
            if (!hasSpace)
              onError(token, "MISSING_CHAR", "Comments must be separated from other tokens by white space characters");
            const cb = token.source.substring(1) || " ";
            if (!comment)
              comment = cb;
            else
              comment += commentSep + cb;
            commentSep = "";
            atNewline = false;
            break;
          }
          case "newline":
            if (atNewline) {
              if (comment)
                comment += token.source;
              else if (!found || indicator !== "seq-item-ind")
                spaceBefore = true;
            } else
              commentSep += token.source;
            atNewline = true;
            hasNewline = true;
            if (anchor2 || tag)
              newlineAfterProp = token;
            hasSpace = true;
            break;
          case "anchor":
            if (anchor2)
              onError(token, "MULTIPLE_ANCHORS", "A node can have at most one anchor");
            if (token.source.endsWith(":"))
              onError(token.offset + token.source.length - 1, "BAD_ALIAS", "Anchor ending in : is ambiguous", true);
            anchor2 = token;
            start ?? (start = token.offset);
            atNewline = false;
            hasSpace = false;
            reqSpace = true;
            break;
          case "tag": {
            if (tag)
              onError(token, "MULTIPLE_TAGS", "A node can have at most one tag");
            tag = token;
            start ?? (start = token.offset);
            atNewline = false;
            hasSpace = false;
            reqSpace = true;
            break;
          }
          case indicator:
            if (anchor2 || tag)
              onError(token, "BAD_PROP_ORDER", `Anchors and tags must be after the ${token.source} indicator`);
            if (found)
              onError(token, "UNEXPECTED_TOKEN", `Unexpected ${token.source} in ${flow ?? "collection"}`);
            found = token;
            atNewline = indicator === "seq-item-ind" || indicator === "explicit-key-ind";
            hasSpace = false;
            break;
          case "comma":
            if (flow) {
              if (comma)
                onError(token, "UNEXPECTED_TOKEN", `Unexpected , in ${flow}`);
              comma = token;
              atNewline = false;
              hasSpace = false;
              break;
            }
          // else fallthrough
          default:
            onError(token, "UNEXPECTED_TOKEN", `Unexpected ${token.type} token`);
            atNewline = false;
            hasSpace = false;
        }
      }
      const last = tokens[tokens.length - 1];
      const end = last ? last.offset + last.source.length : offset;
      if (reqSpace && next && next.type !== "space" && next.type !== "newline" && next.type !== "comma" && (next.type !== "scalar" || next.source !== "")) {
        onError(next.offset, "MISSING_CHAR", "Tags and anchors must be separated from the next token by white space");
      }
      if (tab && (atNewline && tab.indent <= parentIndent || next?.type === "block-map" || next?.type === "block-seq"))
        onError(tab, "TAB_AS_INDENT", "Tabs are not allowed as indentation");
      return {
        comma,
        found,
        spaceBefore,
        comment,
        hasNewline,
        anchor: anchor2,
        tag,
        newlineAfterProp,
        end,
        start: start ?? end
      };
    }
    exports.resolveProps = resolveProps;
  }
});

// node_modules/yaml/dist/compose/util-contains-newline.js
var require_util_contains_newline = __commonJS({
  "node_modules/yaml/dist/compose/util-contains-newline.js"(exports) {
    "use strict";
    function containsNewline(key) {
      if (!key)
        return null;
      switch (key.type) {
        case "alias":
        case "scalar":
        case "double-quoted-scalar":
        case "single-quoted-scalar":
          if (key.source.includes("\n"))
            return true;
          if (key.end) {
            for (const st of key.end)
              if (st.type === "newline")
                return true;
          }
          return false;
        case "flow-collection":
          for (const it of key.items) {
            for (const st of it.start)
              if (st.type === "newline")
                return true;
            if (it.sep) {
              for (const st of it.sep)
                if (st.type === "newline")
                  return true;
            }
            if (containsNewline(it.key) || containsNewline(it.value))
              return true;
          }
          return false;
        default:
          return true;
      }
    }
    exports.containsNewline = containsNewline;
  }
});

// node_modules/yaml/dist/compose/util-flow-indent-check.js
var require_util_flow_indent_check = __commonJS({
  "node_modules/yaml/dist/compose/util-flow-indent-check.js"(exports) {
    "use strict";
    var utilContainsNewline = require_util_contains_newline();
    function flowIndentCheck(indent, fc, onError) {
      if (fc?.type === "flow-collection") {
        const end = fc.end[0];
        if (end.indent === indent && (end.source === "]" || end.source === "}") && utilContainsNewline.containsNewline(fc)) {
          const msg = "Flow end indicator should be more indented than parent";
          onError(end, "BAD_INDENT", msg, true);
        }
      }
    }
    exports.flowIndentCheck = flowIndentCheck;
  }
});

// node_modules/yaml/dist/compose/util-map-includes.js
var require_util_map_includes = __commonJS({
  "node_modules/yaml/dist/compose/util-map-includes.js"(exports) {
    "use strict";
    var identity = require_identity();
    function mapIncludes(ctx, items, search) {
      const { uniqueKeys } = ctx.options;
      if (uniqueKeys === false)
        return false;
      const isEqual = typeof uniqueKeys === "function" ? uniqueKeys : (a, b) => a === b || identity.isScalar(a) && identity.isScalar(b) && a.value === b.value;
      return items.some((pair2) => isEqual(pair2.key, search));
    }
    exports.mapIncludes = mapIncludes;
  }
});

// node_modules/yaml/dist/compose/resolve-block-map.js
var require_resolve_block_map = __commonJS({
  "node_modules/yaml/dist/compose/resolve-block-map.js"(exports) {
    "use strict";
    var Pair = require_Pair();
    var YAMLMap = require_YAMLMap();
    var resolveProps = require_resolve_props();
    var utilContainsNewline = require_util_contains_newline();
    var utilFlowIndentCheck = require_util_flow_indent_check();
    var utilMapIncludes = require_util_map_includes();
    var startColMsg = "All mapping items must start at the same column";
    function resolveBlockMap({ composeNode, composeEmptyNode }, ctx, bm, onError, tag) {
      const NodeClass = tag?.nodeClass ?? YAMLMap.YAMLMap;
      const map = new NodeClass(ctx.schema);
      if (ctx.atRoot)
        ctx.atRoot = false;
      let offset = bm.offset;
      let commentEnd = null;
      for (const collItem of bm.items) {
        const { start, key, sep: sep3, value } = collItem;
        const keyProps = resolveProps.resolveProps(start, {
          indicator: "explicit-key-ind",
          next: key ?? sep3?.[0],
          offset,
          onError,
          parentIndent: bm.indent,
          startOnNewline: true
        });
        const implicitKey = !keyProps.found;
        if (implicitKey) {
          if (key) {
            if (key.type === "block-seq")
              onError(offset, "BLOCK_AS_IMPLICIT_KEY", "A block sequence may not be used as an implicit map key");
            else if ("indent" in key && key.indent !== bm.indent)
              onError(offset, "BAD_INDENT", startColMsg);
          }
          if (!keyProps.anchor && !keyProps.tag && !sep3) {
            commentEnd = keyProps.end;
            if (keyProps.comment) {
              if (map.comment)
                map.comment += "\n" + keyProps.comment;
              else
                map.comment = keyProps.comment;
            }
            continue;
          }
          if (keyProps.newlineAfterProp || utilContainsNewline.containsNewline(key)) {
            onError(key ?? start[start.length - 1], "MULTILINE_IMPLICIT_KEY", "Implicit keys need to be on a single line");
          }
        } else if (keyProps.found?.indent !== bm.indent) {
          onError(offset, "BAD_INDENT", startColMsg);
        }
        ctx.atKey = true;
        const keyStart = keyProps.end;
        const keyNode = key ? composeNode(ctx, key, keyProps, onError) : composeEmptyNode(ctx, keyStart, start, null, keyProps, onError);
        if (ctx.schema.compat)
          utilFlowIndentCheck.flowIndentCheck(bm.indent, key, onError);
        ctx.atKey = false;
        if (utilMapIncludes.mapIncludes(ctx, map.items, keyNode))
          onError(keyStart, "DUPLICATE_KEY", "Map keys must be unique");
        const valueProps = resolveProps.resolveProps(sep3 ?? [], {
          indicator: "map-value-ind",
          next: value,
          offset: keyNode.range[2],
          onError,
          parentIndent: bm.indent,
          startOnNewline: !key || key.type === "block-scalar"
        });
        offset = valueProps.end;
        if (valueProps.found) {
          if (implicitKey) {
            if (value?.type === "block-map" && !valueProps.hasNewline)
              onError(offset, "BLOCK_AS_IMPLICIT_KEY", "Nested mappings are not allowed in compact mappings");
            if (ctx.options.strict && keyProps.start < valueProps.found.offset - 1024)
              onError(keyNode.range, "KEY_OVER_1024_CHARS", "The : indicator must be at most 1024 chars after the start of an implicit block mapping key");
          }
          const valueNode = value ? composeNode(ctx, value, valueProps, onError) : composeEmptyNode(ctx, offset, sep3, null, valueProps, onError);
          if (ctx.schema.compat)
            utilFlowIndentCheck.flowIndentCheck(bm.indent, value, onError);
          offset = valueNode.range[2];
          const pair2 = new Pair.Pair(keyNode, valueNode);
          if (ctx.options.keepSourceTokens)
            pair2.srcToken = collItem;
          map.items.push(pair2);
        } else {
          if (implicitKey)
            onError(keyNode.range, "MISSING_CHAR", "Implicit map keys need to be followed by map values");
          if (valueProps.comment) {
            if (keyNode.comment)
              keyNode.comment += "\n" + valueProps.comment;
            else
              keyNode.comment = valueProps.comment;
          }
          const pair2 = new Pair.Pair(keyNode);
          if (ctx.options.keepSourceTokens)
            pair2.srcToken = collItem;
          map.items.push(pair2);
        }
      }
      if (commentEnd && commentEnd < offset)
        onError(commentEnd, "IMPOSSIBLE", "Map comment with trailing content");
      map.range = [bm.offset, offset, commentEnd ?? offset];
      return map;
    }
    exports.resolveBlockMap = resolveBlockMap;
  }
});

// node_modules/yaml/dist/compose/resolve-block-seq.js
var require_resolve_block_seq = __commonJS({
  "node_modules/yaml/dist/compose/resolve-block-seq.js"(exports) {
    "use strict";
    var YAMLSeq = require_YAMLSeq();
    var resolveProps = require_resolve_props();
    var utilFlowIndentCheck = require_util_flow_indent_check();
    function resolveBlockSeq({ composeNode, composeEmptyNode }, ctx, bs, onError, tag) {
      const NodeClass = tag?.nodeClass ?? YAMLSeq.YAMLSeq;
      const seq = new NodeClass(ctx.schema);
      if (ctx.atRoot)
        ctx.atRoot = false;
      if (ctx.atKey)
        ctx.atKey = false;
      let offset = bs.offset;
      let commentEnd = null;
      for (const { start, value } of bs.items) {
        const props = resolveProps.resolveProps(start, {
          indicator: "seq-item-ind",
          next: value,
          offset,
          onError,
          parentIndent: bs.indent,
          startOnNewline: true
        });
        if (!props.found) {
          if (props.anchor || props.tag || value) {
            if (value?.type === "block-seq")
              onError(props.end, "BAD_INDENT", "All sequence items must start at the same column");
            else
              onError(offset, "MISSING_CHAR", "Sequence item without - indicator");
          } else {
            commentEnd = props.end;
            if (props.comment)
              seq.comment = props.comment;
            continue;
          }
        }
        const node2 = value ? composeNode(ctx, value, props, onError) : composeEmptyNode(ctx, props.end, start, null, props, onError);
        if (ctx.schema.compat)
          utilFlowIndentCheck.flowIndentCheck(bs.indent, value, onError);
        offset = node2.range[2];
        seq.items.push(node2);
      }
      seq.range = [bs.offset, offset, commentEnd ?? offset];
      return seq;
    }
    exports.resolveBlockSeq = resolveBlockSeq;
  }
});

// node_modules/yaml/dist/compose/resolve-end.js
var require_resolve_end = __commonJS({
  "node_modules/yaml/dist/compose/resolve-end.js"(exports) {
    "use strict";
    function resolveEnd(end, offset, reqSpace, onError) {
      let comment = "";
      if (end) {
        let hasSpace = false;
        let sep3 = "";
        for (const token of end) {
          const { source, type } = token;
          switch (type) {
            case "space":
              hasSpace = true;
              break;
            case "comment": {
              if (reqSpace && !hasSpace)
                onError(token, "MISSING_CHAR", "Comments must be separated from other tokens by white space characters");
              const cb = source.substring(1) || " ";
              if (!comment)
                comment = cb;
              else
                comment += sep3 + cb;
              sep3 = "";
              break;
            }
            case "newline":
              if (comment)
                sep3 += source;
              hasSpace = true;
              break;
            default:
              onError(token, "UNEXPECTED_TOKEN", `Unexpected ${type} at node end`);
          }
          offset += source.length;
        }
      }
      return { comment, offset };
    }
    exports.resolveEnd = resolveEnd;
  }
});

// node_modules/yaml/dist/compose/resolve-flow-collection.js
var require_resolve_flow_collection = __commonJS({
  "node_modules/yaml/dist/compose/resolve-flow-collection.js"(exports) {
    "use strict";
    var identity = require_identity();
    var Pair = require_Pair();
    var YAMLMap = require_YAMLMap();
    var YAMLSeq = require_YAMLSeq();
    var resolveEnd = require_resolve_end();
    var resolveProps = require_resolve_props();
    var utilContainsNewline = require_util_contains_newline();
    var utilMapIncludes = require_util_map_includes();
    var blockMsg = "Block collections are not allowed within flow collections";
    var isBlock = (token) => token && (token.type === "block-map" || token.type === "block-seq");
    function resolveFlowCollection({ composeNode, composeEmptyNode }, ctx, fc, onError, tag) {
      const isMap = fc.start.source === "{";
      const fcName = isMap ? "flow map" : "flow sequence";
      const NodeClass = tag?.nodeClass ?? (isMap ? YAMLMap.YAMLMap : YAMLSeq.YAMLSeq);
      const coll = new NodeClass(ctx.schema);
      coll.flow = true;
      const atRoot = ctx.atRoot;
      if (atRoot)
        ctx.atRoot = false;
      if (ctx.atKey)
        ctx.atKey = false;
      let offset = fc.offset + fc.start.source.length;
      for (let i = 0; i < fc.items.length; ++i) {
        const collItem = fc.items[i];
        const { start, key, sep: sep3, value } = collItem;
        const props = resolveProps.resolveProps(start, {
          flow: fcName,
          indicator: "explicit-key-ind",
          next: key ?? sep3?.[0],
          offset,
          onError,
          parentIndent: fc.indent,
          startOnNewline: false
        });
        if (!props.found) {
          if (!props.anchor && !props.tag && !sep3 && !value) {
            if (i === 0 && props.comma)
              onError(props.comma, "UNEXPECTED_TOKEN", `Unexpected , in ${fcName}`);
            else if (i < fc.items.length - 1)
              onError(props.start, "UNEXPECTED_TOKEN", `Unexpected empty item in ${fcName}`);
            if (props.comment) {
              if (coll.comment)
                coll.comment += "\n" + props.comment;
              else
                coll.comment = props.comment;
            }
            offset = props.end;
            continue;
          }
          if (!isMap && ctx.options.strict && utilContainsNewline.containsNewline(key))
            onError(
              key,
              // checked by containsNewline()
              "MULTILINE_IMPLICIT_KEY",
              "Implicit keys of flow sequence pairs need to be on a single line"
            );
        }
        if (i === 0) {
          if (props.comma)
            onError(props.comma, "UNEXPECTED_TOKEN", `Unexpected , in ${fcName}`);
        } else {
          if (!props.comma)
            onError(props.start, "MISSING_CHAR", `Missing , between ${fcName} items`);
          if (props.comment) {
            let prevItemComment = "";
            loop: for (const st of start) {
              switch (st.type) {
                case "comma":
                case "space":
                  break;
                case "comment":
                  prevItemComment = st.source.substring(1);
                  break loop;
                default:
                  break loop;
              }
            }
            if (prevItemComment) {
              let prev = coll.items[coll.items.length - 1];
              if (identity.isPair(prev))
                prev = prev.value ?? prev.key;
              if (prev.comment)
                prev.comment += "\n" + prevItemComment;
              else
                prev.comment = prevItemComment;
              props.comment = props.comment.substring(prevItemComment.length + 1);
            }
          }
        }
        if (!isMap && !sep3 && !props.found) {
          const valueNode = value ? composeNode(ctx, value, props, onError) : composeEmptyNode(ctx, props.end, sep3, null, props, onError);
          coll.items.push(valueNode);
          offset = valueNode.range[2];
          if (isBlock(value))
            onError(valueNode.range, "BLOCK_IN_FLOW", blockMsg);
        } else {
          ctx.atKey = true;
          const keyStart = props.end;
          const keyNode = key ? composeNode(ctx, key, props, onError) : composeEmptyNode(ctx, keyStart, start, null, props, onError);
          if (isBlock(key))
            onError(keyNode.range, "BLOCK_IN_FLOW", blockMsg);
          ctx.atKey = false;
          const valueProps = resolveProps.resolveProps(sep3 ?? [], {
            flow: fcName,
            indicator: "map-value-ind",
            next: value,
            offset: keyNode.range[2],
            onError,
            parentIndent: fc.indent,
            startOnNewline: false
          });
          if (valueProps.found) {
            if (!isMap && !props.found && ctx.options.strict) {
              if (sep3)
                for (const st of sep3) {
                  if (st === valueProps.found)
                    break;
                  if (st.type === "newline") {
                    onError(st, "MULTILINE_IMPLICIT_KEY", "Implicit keys of flow sequence pairs need to be on a single line");
                    break;
                  }
                }
              if (props.start < valueProps.found.offset - 1024)
                onError(valueProps.found, "KEY_OVER_1024_CHARS", "The : indicator must be at most 1024 chars after the start of an implicit flow sequence key");
            }
          } else if (value) {
            if ("source" in value && value.source?.[0] === ":")
              onError(value, "MISSING_CHAR", `Missing space after : in ${fcName}`);
            else
              onError(valueProps.start, "MISSING_CHAR", `Missing , or : between ${fcName} items`);
          }
          const valueNode = value ? composeNode(ctx, value, valueProps, onError) : valueProps.found ? composeEmptyNode(ctx, valueProps.end, sep3, null, valueProps, onError) : null;
          if (valueNode) {
            if (isBlock(value))
              onError(valueNode.range, "BLOCK_IN_FLOW", blockMsg);
          } else if (valueProps.comment) {
            if (keyNode.comment)
              keyNode.comment += "\n" + valueProps.comment;
            else
              keyNode.comment = valueProps.comment;
          }
          const pair2 = new Pair.Pair(keyNode, valueNode);
          if (ctx.options.keepSourceTokens)
            pair2.srcToken = collItem;
          if (isMap) {
            const map = coll;
            if (utilMapIncludes.mapIncludes(ctx, map.items, keyNode))
              onError(keyStart, "DUPLICATE_KEY", "Map keys must be unique");
            map.items.push(pair2);
          } else {
            const map = new YAMLMap.YAMLMap(ctx.schema);
            map.flow = true;
            map.items.push(pair2);
            const endRange = (valueNode ?? keyNode).range;
            map.range = [keyNode.range[0], endRange[1], endRange[2]];
            coll.items.push(map);
          }
          offset = valueNode ? valueNode.range[2] : valueProps.end;
        }
      }
      const expectedEnd = isMap ? "}" : "]";
      const [ce, ...ee] = fc.end;
      let cePos = offset;
      if (ce?.source === expectedEnd)
        cePos = ce.offset + ce.source.length;
      else {
        const name = fcName[0].toUpperCase() + fcName.substring(1);
        const msg = atRoot ? `${name} must end with a ${expectedEnd}` : `${name} in block collection must be sufficiently indented and end with a ${expectedEnd}`;
        onError(offset, atRoot ? "MISSING_CHAR" : "BAD_INDENT", msg);
        if (ce && ce.source.length !== 1)
          ee.unshift(ce);
      }
      if (ee.length > 0) {
        const end = resolveEnd.resolveEnd(ee, cePos, ctx.options.strict, onError);
        if (end.comment) {
          if (coll.comment)
            coll.comment += "\n" + end.comment;
          else
            coll.comment = end.comment;
        }
        coll.range = [fc.offset, cePos, end.offset];
      } else {
        coll.range = [fc.offset, cePos, cePos];
      }
      return coll;
    }
    exports.resolveFlowCollection = resolveFlowCollection;
  }
});

// node_modules/yaml/dist/compose/compose-collection.js
var require_compose_collection = __commonJS({
  "node_modules/yaml/dist/compose/compose-collection.js"(exports) {
    "use strict";
    var identity = require_identity();
    var Scalar = require_Scalar();
    var YAMLMap = require_YAMLMap();
    var YAMLSeq = require_YAMLSeq();
    var resolveBlockMap = require_resolve_block_map();
    var resolveBlockSeq = require_resolve_block_seq();
    var resolveFlowCollection = require_resolve_flow_collection();
    function resolveCollection(CN, ctx, token, onError, tagName, tag) {
      const coll = token.type === "block-map" ? resolveBlockMap.resolveBlockMap(CN, ctx, token, onError, tag) : token.type === "block-seq" ? resolveBlockSeq.resolveBlockSeq(CN, ctx, token, onError, tag) : resolveFlowCollection.resolveFlowCollection(CN, ctx, token, onError, tag);
      const Coll = coll.constructor;
      if (tagName === "!" || tagName === Coll.tagName) {
        coll.tag = Coll.tagName;
        return coll;
      }
      if (tagName)
        coll.tag = tagName;
      return coll;
    }
    function composeCollection(CN, ctx, token, props, onError) {
      const tagToken = props.tag;
      const tagName = !tagToken ? null : ctx.directives.tagName(tagToken.source, (msg) => onError(tagToken, "TAG_RESOLVE_FAILED", msg));
      if (token.type === "block-seq") {
        const { anchor: anchor2, newlineAfterProp: nl } = props;
        const lastProp = anchor2 && tagToken ? anchor2.offset > tagToken.offset ? anchor2 : tagToken : anchor2 ?? tagToken;
        if (lastProp && (!nl || nl.offset < lastProp.offset)) {
          const message = "Missing newline after block sequence props";
          onError(lastProp, "MISSING_CHAR", message);
        }
      }
      const expType = token.type === "block-map" ? "map" : token.type === "block-seq" ? "seq" : token.start.source === "{" ? "map" : "seq";
      if (!tagToken || !tagName || tagName === "!" || tagName === YAMLMap.YAMLMap.tagName && expType === "map" || tagName === YAMLSeq.YAMLSeq.tagName && expType === "seq") {
        return resolveCollection(CN, ctx, token, onError, tagName);
      }
      let tag = ctx.schema.tags.find((t) => t.tag === tagName && t.collection === expType);
      if (!tag) {
        const kt = ctx.schema.knownTags[tagName];
        if (kt?.collection === expType) {
          ctx.schema.tags.push(Object.assign({}, kt, { default: false }));
          tag = kt;
        } else {
          if (kt) {
            onError(tagToken, "BAD_COLLECTION_TYPE", `${kt.tag} used for ${expType} collection, but expects ${kt.collection ?? "scalar"}`, true);
          } else {
            onError(tagToken, "TAG_RESOLVE_FAILED", `Unresolved tag: ${tagName}`, true);
          }
          return resolveCollection(CN, ctx, token, onError, tagName);
        }
      }
      const coll = resolveCollection(CN, ctx, token, onError, tagName, tag);
      const res = tag.resolve?.(coll, (msg) => onError(tagToken, "TAG_RESOLVE_FAILED", msg), ctx.options) ?? coll;
      const node2 = identity.isNode(res) ? res : new Scalar.Scalar(res);
      node2.range = coll.range;
      node2.tag = tagName;
      if (tag?.format)
        node2.format = tag.format;
      return node2;
    }
    exports.composeCollection = composeCollection;
  }
});

// node_modules/yaml/dist/compose/resolve-block-scalar.js
var require_resolve_block_scalar = __commonJS({
  "node_modules/yaml/dist/compose/resolve-block-scalar.js"(exports) {
    "use strict";
    var Scalar = require_Scalar();
    function resolveBlockScalar(ctx, scalar, onError) {
      const start = scalar.offset;
      const header = parseBlockScalarHeader(scalar, ctx.options.strict, onError);
      if (!header)
        return { value: "", type: null, comment: "", range: [start, start, start] };
      const type = header.mode === ">" ? Scalar.Scalar.BLOCK_FOLDED : Scalar.Scalar.BLOCK_LITERAL;
      const lines = scalar.source ? splitLines(scalar.source) : [];
      let chompStart = lines.length;
      for (let i = lines.length - 1; i >= 0; --i) {
        const content = lines[i][1];
        if (content === "" || content === "\r")
          chompStart = i;
        else
          break;
      }
      if (chompStart === 0) {
        const value2 = header.chomp === "+" && lines.length > 0 ? "\n".repeat(Math.max(1, lines.length - 1)) : "";
        let end2 = start + header.length;
        if (scalar.source)
          end2 += scalar.source.length;
        return { value: value2, type, comment: header.comment, range: [start, end2, end2] };
      }
      let trimIndent = scalar.indent + header.indent;
      let offset = scalar.offset + header.length;
      let contentStart = 0;
      for (let i = 0; i < chompStart; ++i) {
        const [indent, content] = lines[i];
        if (content === "" || content === "\r") {
          if (header.indent === 0 && indent.length > trimIndent)
            trimIndent = indent.length;
        } else {
          if (indent.length < trimIndent) {
            const message = "Block scalars with more-indented leading empty lines must use an explicit indentation indicator";
            onError(offset + indent.length, "MISSING_CHAR", message);
          }
          if (header.indent === 0)
            trimIndent = indent.length;
          contentStart = i;
          if (trimIndent === 0 && !ctx.atRoot) {
            const message = "Block scalar values in collections must be indented";
            onError(offset, "BAD_INDENT", message);
          }
          break;
        }
        offset += indent.length + content.length + 1;
      }
      for (let i = lines.length - 1; i >= chompStart; --i) {
        if (lines[i][0].length > trimIndent)
          chompStart = i + 1;
      }
      let value = "";
      let sep3 = "";
      let prevMoreIndented = false;
      for (let i = 0; i < contentStart; ++i)
        value += lines[i][0].slice(trimIndent) + "\n";
      for (let i = contentStart; i < chompStart; ++i) {
        let [indent, content] = lines[i];
        offset += indent.length + content.length + 1;
        const crlf = content[content.length - 1] === "\r";
        if (crlf)
          content = content.slice(0, -1);
        if (content && indent.length < trimIndent) {
          const src = header.indent ? "explicit indentation indicator" : "first line";
          const message = `Block scalar lines must not be less indented than their ${src}`;
          onError(offset - content.length - (crlf ? 2 : 1), "BAD_INDENT", message);
          indent = "";
        }
        if (type === Scalar.Scalar.BLOCK_LITERAL) {
          value += sep3 + indent.slice(trimIndent) + content;
          sep3 = "\n";
        } else if (indent.length > trimIndent || content[0] === "	") {
          if (sep3 === " ")
            sep3 = "\n";
          else if (!prevMoreIndented && sep3 === "\n")
            sep3 = "\n\n";
          value += sep3 + indent.slice(trimIndent) + content;
          sep3 = "\n";
          prevMoreIndented = true;
        } else if (content === "") {
          if (sep3 === "\n")
            value += "\n";
          else
            sep3 = "\n";
        } else {
          value += sep3 + content;
          sep3 = " ";
          prevMoreIndented = false;
        }
      }
      switch (header.chomp) {
        case "-":
          break;
        case "+":
          for (let i = chompStart; i < lines.length; ++i)
            value += "\n" + lines[i][0].slice(trimIndent);
          if (value[value.length - 1] !== "\n")
            value += "\n";
          break;
        default:
          value += "\n";
      }
      const end = start + header.length + scalar.source.length;
      return { value, type, comment: header.comment, range: [start, end, end] };
    }
    function parseBlockScalarHeader({ offset, props }, strict, onError) {
      if (props[0].type !== "block-scalar-header") {
        onError(props[0], "IMPOSSIBLE", "Block scalar header not found");
        return null;
      }
      const { source } = props[0];
      const mode = source[0];
      let indent = 0;
      let chomp = "";
      let error2 = -1;
      for (let i = 1; i < source.length; ++i) {
        const ch = source[i];
        if (!chomp && (ch === "-" || ch === "+"))
          chomp = ch;
        else {
          const n = Number(ch);
          if (!indent && n)
            indent = n;
          else if (error2 === -1)
            error2 = offset + i;
        }
      }
      if (error2 !== -1)
        onError(error2, "UNEXPECTED_TOKEN", `Block scalar header includes extra characters: ${source}`);
      let hasSpace = false;
      let comment = "";
      let length = source.length;
      for (let i = 1; i < props.length; ++i) {
        const token = props[i];
        switch (token.type) {
          case "space":
            hasSpace = true;
          // fallthrough
          case "newline":
            length += token.source.length;
            break;
          case "comment":
            if (strict && !hasSpace) {
              const message = "Comments must be separated from other tokens by white space characters";
              onError(token, "MISSING_CHAR", message);
            }
            length += token.source.length;
            comment = token.source.substring(1);
            break;
          case "error":
            onError(token, "UNEXPECTED_TOKEN", token.message);
            length += token.source.length;
            break;
          /* istanbul ignore next should not happen */
          default: {
            const message = `Unexpected token in block scalar header: ${token.type}`;
            onError(token, "UNEXPECTED_TOKEN", message);
            const ts = token.source;
            if (ts && typeof ts === "string")
              length += ts.length;
          }
        }
      }
      return { mode, indent, chomp, comment, length };
    }
    function splitLines(source) {
      const split = source.split(/\n( *)/);
      const first = split[0];
      const m = first.match(/^( *)/);
      const line0 = m?.[1] ? [m[1], first.slice(m[1].length)] : ["", first];
      const lines = [line0];
      for (let i = 1; i < split.length; i += 2)
        lines.push([split[i], split[i + 1]]);
      return lines;
    }
    exports.resolveBlockScalar = resolveBlockScalar;
  }
});

// node_modules/yaml/dist/compose/resolve-flow-scalar.js
var require_resolve_flow_scalar = __commonJS({
  "node_modules/yaml/dist/compose/resolve-flow-scalar.js"(exports) {
    "use strict";
    var Scalar = require_Scalar();
    var resolveEnd = require_resolve_end();
    function resolveFlowScalar(scalar, strict, onError) {
      const { offset, type, source, end } = scalar;
      let _type;
      let value;
      const _onError = (rel, code2, msg) => onError(offset + rel, code2, msg);
      switch (type) {
        case "scalar":
          _type = Scalar.Scalar.PLAIN;
          value = plainValue(source, _onError);
          break;
        case "single-quoted-scalar":
          _type = Scalar.Scalar.QUOTE_SINGLE;
          value = singleQuotedValue(source, _onError);
          break;
        case "double-quoted-scalar":
          _type = Scalar.Scalar.QUOTE_DOUBLE;
          value = doubleQuotedValue(source, _onError);
          break;
        /* istanbul ignore next should not happen */
        default:
          onError(scalar, "UNEXPECTED_TOKEN", `Expected a flow scalar value, but found: ${type}`);
          return {
            value: "",
            type: null,
            comment: "",
            range: [offset, offset + source.length, offset + source.length]
          };
      }
      const valueEnd = offset + source.length;
      const re = resolveEnd.resolveEnd(end, valueEnd, strict, onError);
      return {
        value,
        type: _type,
        comment: re.comment,
        range: [offset, valueEnd, re.offset]
      };
    }
    function plainValue(source, onError) {
      let badChar = "";
      switch (source[0]) {
        /* istanbul ignore next should not happen */
        case "	":
          badChar = "a tab character";
          break;
        case ",":
          badChar = "flow indicator character ,";
          break;
        case "%":
          badChar = "directive indicator character %";
          break;
        case "|":
        case ">": {
          badChar = `block scalar indicator ${source[0]}`;
          break;
        }
        case "@":
        case "`": {
          badChar = `reserved character ${source[0]}`;
          break;
        }
      }
      if (badChar)
        onError(0, "BAD_SCALAR_START", `Plain value cannot start with ${badChar}`);
      return unfoldLines(source);
    }
    function singleQuotedValue(source, onError) {
      if (source[source.length - 1] !== "'" || source.length === 1)
        onError(source.length, "MISSING_CHAR", "Missing closing 'quote");
      return unfoldLines(source.slice(1, -1)).replace(/''/g, "'");
    }
    function unfoldLines(source) {
      const line = /(.*?)\r?\n/sy;
      let match2 = line.exec(source);
      if (!match2)
        return source;
      let trimEnd, trimBoth;
      try {
        trimEnd = new RegExp("(?<![ 	])[ 	]+$");
        trimBoth = new RegExp("^[ 	]+|(?<![ 	])[ 	]+$", "g");
      } catch {
        trimEnd = /[ \t]+$/;
        trimBoth = /^[ \t]+|[ \t]+$/g;
      }
      let res = match2[1].replace(trimEnd, "");
      let sep3 = " ";
      let pos = line.lastIndex;
      while (match2 = line.exec(source)) {
        const lm = match2[1].replace(trimBoth, "");
        if (lm === "") {
          if (sep3 === "\n")
            res += sep3;
          else
            sep3 = "\n";
        } else {
          res += sep3 + lm;
          sep3 = " ";
        }
        pos = line.lastIndex;
      }
      const last = /[ \t]*(.*)/sy;
      last.lastIndex = pos;
      match2 = last.exec(source);
      return res + sep3 + (match2?.[1] ?? "");
    }
    function doubleQuotedValue(source, onError) {
      let res = "";
      for (let i = 1; i < source.length - 1; ++i) {
        const ch = source[i];
        if (ch === "\r" && source[i + 1] === "\n")
          continue;
        if (ch === "\n") {
          const { fold, offset } = foldNewline(source, i);
          res += fold;
          i = offset;
        } else if (ch === "\\") {
          let next = source[++i];
          const cc = escapeCodes[next];
          if (cc)
            res += cc;
          else if (next === "\n") {
            next = source[i + 1];
            while (next === " " || next === "	")
              next = source[++i + 1];
          } else if (next === "\r" && source[i + 1] === "\n") {
            next = source[++i + 1];
            while (next === " " || next === "	")
              next = source[++i + 1];
          } else if (next === "x" || next === "u" || next === "U") {
            const length = next === "x" ? 2 : next === "u" ? 4 : 8;
            res += parseCharCode(source, i + 1, length, onError);
            i += length;
          } else {
            const raw = source.substr(i - 1, 2);
            onError(i - 1, "BAD_DQ_ESCAPE", `Invalid escape sequence ${raw}`);
            res += raw;
          }
        } else if (ch === " " || ch === "	") {
          const wsStart = i;
          let next = source[i + 1];
          while (next === " " || next === "	")
            next = source[++i + 1];
          if (next !== "\n" && !(next === "\r" && source[i + 2] === "\n"))
            res += i > wsStart ? source.slice(wsStart, i + 1) : ch;
        } else {
          res += ch;
        }
      }
      if (source[source.length - 1] !== '"' || source.length === 1)
        onError(source.length, "MISSING_CHAR", 'Missing closing "quote');
      return res;
    }
    function foldNewline(source, offset) {
      let fold = "";
      let ch = source[offset + 1];
      while (ch === " " || ch === "	" || ch === "\n" || ch === "\r") {
        if (ch === "\r" && source[offset + 2] !== "\n")
          break;
        if (ch === "\n")
          fold += "\n";
        offset += 1;
        ch = source[offset + 1];
      }
      if (!fold)
        fold = " ";
      return { fold, offset };
    }
    var escapeCodes = {
      "0": "\0",
      // null character
      a: "\x07",
      // bell character
      b: "\b",
      // backspace
      e: "\x1B",
      // escape character
      f: "\f",
      // form feed
      n: "\n",
      // line feed
      r: "\r",
      // carriage return
      t: "	",
      // horizontal tab
      v: "\v",
      // vertical tab
      N: "",
      // Unicode next line
      _: " ",
      // Unicode non-breaking space
      L: "\u2028",
      // Unicode line separator
      P: "\u2029",
      // Unicode paragraph separator
      " ": " ",
      '"': '"',
      "/": "/",
      "\\": "\\",
      "	": "	"
    };
    function parseCharCode(source, offset, length, onError) {
      const cc = source.substr(offset, length);
      const ok = cc.length === length && /^[0-9a-fA-F]+$/.test(cc);
      const code2 = ok ? parseInt(cc, 16) : NaN;
      try {
        return String.fromCodePoint(code2);
      } catch {
        const raw = source.substr(offset - 2, length + 2);
        onError(offset - 2, "BAD_DQ_ESCAPE", `Invalid escape sequence ${raw}`);
        return raw;
      }
    }
    exports.resolveFlowScalar = resolveFlowScalar;
  }
});

// node_modules/yaml/dist/compose/compose-scalar.js
var require_compose_scalar = __commonJS({
  "node_modules/yaml/dist/compose/compose-scalar.js"(exports) {
    "use strict";
    var identity = require_identity();
    var Scalar = require_Scalar();
    var resolveBlockScalar = require_resolve_block_scalar();
    var resolveFlowScalar = require_resolve_flow_scalar();
    function composeScalar(ctx, token, tagToken, onError) {
      const { value, type, comment, range: range2 } = token.type === "block-scalar" ? resolveBlockScalar.resolveBlockScalar(ctx, token, onError) : resolveFlowScalar.resolveFlowScalar(token, ctx.options.strict, onError);
      const tagName = tagToken ? ctx.directives.tagName(tagToken.source, (msg) => onError(tagToken, "TAG_RESOLVE_FAILED", msg)) : null;
      let tag;
      if (ctx.options.stringKeys && ctx.atKey) {
        tag = ctx.schema[identity.SCALAR];
      } else if (tagName)
        tag = findScalarTagByName(ctx.schema, value, tagName, tagToken, onError);
      else if (token.type === "scalar")
        tag = findScalarTagByTest(ctx, value, token, onError);
      else
        tag = ctx.schema[identity.SCALAR];
      let scalar;
      try {
        const res = tag.resolve(value, (msg) => onError(tagToken ?? token, "TAG_RESOLVE_FAILED", msg), ctx.options);
        scalar = identity.isScalar(res) ? res : new Scalar.Scalar(res);
      } catch (error2) {
        const msg = error2 instanceof Error ? error2.message : String(error2);
        onError(tagToken ?? token, "TAG_RESOLVE_FAILED", msg);
        scalar = new Scalar.Scalar(value);
      }
      scalar.range = range2;
      scalar.source = value;
      if (type)
        scalar.type = type;
      if (tagName)
        scalar.tag = tagName;
      if (tag.format)
        scalar.format = tag.format;
      if (comment)
        scalar.comment = comment;
      return scalar;
    }
    function findScalarTagByName(schema, value, tagName, tagToken, onError) {
      if (tagName === "!")
        return schema[identity.SCALAR];
      const matchWithTest = [];
      for (const tag of schema.tags) {
        if (!tag.collection && tag.tag === tagName) {
          if (tag.default && tag.test)
            matchWithTest.push(tag);
          else
            return tag;
        }
      }
      for (const tag of matchWithTest)
        if (tag.test?.test(value))
          return tag;
      const kt = schema.knownTags[tagName];
      if (kt && !kt.collection) {
        schema.tags.push(Object.assign({}, kt, { default: false, test: void 0 }));
        return kt;
      }
      onError(tagToken, "TAG_RESOLVE_FAILED", `Unresolved tag: ${tagName}`, tagName !== "tag:yaml.org,2002:str");
      return schema[identity.SCALAR];
    }
    function findScalarTagByTest({ atKey, directives, schema }, value, token, onError) {
      const tag = schema.tags.find((tag2) => (tag2.default === true || atKey && tag2.default === "key") && tag2.test?.test(value)) || schema[identity.SCALAR];
      if (schema.compat) {
        const compat = schema.compat.find((tag2) => tag2.default && tag2.test?.test(value)) ?? schema[identity.SCALAR];
        if (tag.tag !== compat.tag) {
          const ts = directives.tagString(tag.tag);
          const cs = directives.tagString(compat.tag);
          const msg = `Value may be parsed as either ${ts} or ${cs}`;
          onError(token, "TAG_RESOLVE_FAILED", msg, true);
        }
      }
      return tag;
    }
    exports.composeScalar = composeScalar;
  }
});

// node_modules/yaml/dist/compose/util-empty-scalar-position.js
var require_util_empty_scalar_position = __commonJS({
  "node_modules/yaml/dist/compose/util-empty-scalar-position.js"(exports) {
    "use strict";
    function emptyScalarPosition(offset, before, pos) {
      if (before) {
        pos ?? (pos = before.length);
        for (let i = pos - 1; i >= 0; --i) {
          let st = before[i];
          switch (st.type) {
            case "space":
            case "comment":
            case "newline":
              offset -= st.source.length;
              continue;
          }
          st = before[++i];
          while (st?.type === "space") {
            offset += st.source.length;
            st = before[++i];
          }
          break;
        }
      }
      return offset;
    }
    exports.emptyScalarPosition = emptyScalarPosition;
  }
});

// node_modules/yaml/dist/compose/compose-node.js
var require_compose_node = __commonJS({
  "node_modules/yaml/dist/compose/compose-node.js"(exports) {
    "use strict";
    var Alias = require_Alias();
    var identity = require_identity();
    var composeCollection = require_compose_collection();
    var composeScalar = require_compose_scalar();
    var resolveEnd = require_resolve_end();
    var utilEmptyScalarPosition = require_util_empty_scalar_position();
    var CN = { composeNode, composeEmptyNode };
    function composeNode(ctx, token, props, onError) {
      const atKey = ctx.atKey;
      const { spaceBefore, comment, anchor: anchor2, tag } = props;
      let node2;
      let isSrcToken = true;
      switch (token.type) {
        case "alias":
          node2 = composeAlias(ctx, token, onError);
          if (anchor2 || tag)
            onError(token, "ALIAS_PROPS", "An alias node must not specify any properties");
          break;
        case "scalar":
        case "single-quoted-scalar":
        case "double-quoted-scalar":
        case "block-scalar":
          node2 = composeScalar.composeScalar(ctx, token, tag, onError);
          if (anchor2)
            node2.anchor = anchor2.source.substring(1);
          break;
        case "block-map":
        case "block-seq":
        case "flow-collection":
          try {
            node2 = composeCollection.composeCollection(CN, ctx, token, props, onError);
            if (anchor2)
              node2.anchor = anchor2.source.substring(1);
          } catch (error2) {
            const message = error2 instanceof Error ? error2.message : String(error2);
            onError(token, "RESOURCE_EXHAUSTION", message);
          }
          break;
        default: {
          const message = token.type === "error" ? token.message : `Unsupported token (type: ${token.type})`;
          onError(token, "UNEXPECTED_TOKEN", message);
          isSrcToken = false;
        }
      }
      node2 ?? (node2 = composeEmptyNode(ctx, token.offset, void 0, null, props, onError));
      if (anchor2 && node2.anchor === "")
        onError(anchor2, "BAD_ALIAS", "Anchor cannot be an empty string");
      if (atKey && ctx.options.stringKeys && (!identity.isScalar(node2) || typeof node2.value !== "string" || node2.tag && node2.tag !== "tag:yaml.org,2002:str")) {
        const msg = "With stringKeys, all keys must be strings";
        onError(tag ?? token, "NON_STRING_KEY", msg);
      }
      if (spaceBefore)
        node2.spaceBefore = true;
      if (comment) {
        if (token.type === "scalar" && token.source === "")
          node2.comment = comment;
        else
          node2.commentBefore = comment;
      }
      if (ctx.options.keepSourceTokens && isSrcToken)
        node2.srcToken = token;
      return node2;
    }
    function composeEmptyNode(ctx, offset, before, pos, { spaceBefore, comment, anchor: anchor2, tag, end }, onError) {
      const token = {
        type: "scalar",
        offset: utilEmptyScalarPosition.emptyScalarPosition(offset, before, pos),
        indent: -1,
        source: ""
      };
      const node2 = composeScalar.composeScalar(ctx, token, tag, onError);
      if (anchor2) {
        node2.anchor = anchor2.source.substring(1);
        if (node2.anchor === "")
          onError(anchor2, "BAD_ALIAS", "Anchor cannot be an empty string");
      }
      if (spaceBefore)
        node2.spaceBefore = true;
      if (comment) {
        node2.comment = comment;
        node2.range[2] = end;
      }
      return node2;
    }
    function composeAlias({ options }, { offset, source, end }, onError) {
      const alias = new Alias.Alias(source.substring(1));
      if (alias.source === "")
        onError(offset, "BAD_ALIAS", "Alias cannot be an empty string");
      if (alias.source.endsWith(":"))
        onError(offset + source.length - 1, "BAD_ALIAS", "Alias ending in : is ambiguous", true);
      const valueEnd = offset + source.length;
      const re = resolveEnd.resolveEnd(end, valueEnd, options.strict, onError);
      alias.range = [offset, valueEnd, re.offset];
      if (re.comment)
        alias.comment = re.comment;
      return alias;
    }
    exports.composeEmptyNode = composeEmptyNode;
    exports.composeNode = composeNode;
  }
});

// node_modules/yaml/dist/compose/compose-doc.js
var require_compose_doc = __commonJS({
  "node_modules/yaml/dist/compose/compose-doc.js"(exports) {
    "use strict";
    var Document = require_Document();
    var composeNode = require_compose_node();
    var resolveEnd = require_resolve_end();
    var resolveProps = require_resolve_props();
    function composeDoc(options, directives, { offset, start, value, end }, onError) {
      const opts = Object.assign({ _directives: directives }, options);
      const doc = new Document.Document(void 0, opts);
      const ctx = {
        atKey: false,
        atRoot: true,
        directives: doc.directives,
        options: doc.options,
        schema: doc.schema
      };
      const props = resolveProps.resolveProps(start, {
        indicator: "doc-start",
        next: value ?? end?.[0],
        offset,
        onError,
        parentIndent: 0,
        startOnNewline: true
      });
      if (props.found) {
        doc.directives.docStart = true;
        if (value && (value.type === "block-map" || value.type === "block-seq") && !props.hasNewline)
          onError(props.end, "MISSING_CHAR", "Block collection cannot start on same line with directives-end marker");
      }
      doc.contents = value ? composeNode.composeNode(ctx, value, props, onError) : composeNode.composeEmptyNode(ctx, props.end, start, null, props, onError);
      const contentEnd = doc.contents.range[2];
      const re = resolveEnd.resolveEnd(end, contentEnd, false, onError);
      if (re.comment)
        doc.comment = re.comment;
      doc.range = [offset, contentEnd, re.offset];
      return doc;
    }
    exports.composeDoc = composeDoc;
  }
});

// node_modules/yaml/dist/compose/composer.js
var require_composer = __commonJS({
  "node_modules/yaml/dist/compose/composer.js"(exports) {
    "use strict";
    var node_process = __require("process");
    var directives = require_directives();
    var Document = require_Document();
    var errors = require_errors();
    var identity = require_identity();
    var composeDoc = require_compose_doc();
    var resolveEnd = require_resolve_end();
    function getErrorPos(src) {
      if (typeof src === "number")
        return [src, src + 1];
      if (Array.isArray(src))
        return src.length === 2 ? src : [src[0], src[1]];
      const { offset, source } = src;
      return [offset, offset + (typeof source === "string" ? source.length : 1)];
    }
    function parsePrelude(prelude) {
      let comment = "";
      let atComment = false;
      let afterEmptyLine = false;
      for (let i = 0; i < prelude.length; ++i) {
        const source = prelude[i];
        switch (source[0]) {
          case "#":
            comment += (comment === "" ? "" : afterEmptyLine ? "\n\n" : "\n") + (source.substring(1) || " ");
            atComment = true;
            afterEmptyLine = false;
            break;
          case "%":
            if (prelude[i + 1]?.[0] !== "#")
              i += 1;
            atComment = false;
            break;
          default:
            if (!atComment)
              afterEmptyLine = true;
            atComment = false;
        }
      }
      return { comment, afterEmptyLine };
    }
    var Composer = class {
      constructor(options = {}) {
        this.doc = null;
        this.atDirectives = false;
        this.prelude = [];
        this.errors = [];
        this.warnings = [];
        this.onError = (source, code2, message, warning) => {
          const pos = getErrorPos(source);
          if (warning)
            this.warnings.push(new errors.YAMLWarning(pos, code2, message));
          else
            this.errors.push(new errors.YAMLParseError(pos, code2, message));
        };
        this.directives = new directives.Directives({ version: options.version || "1.2" });
        this.options = options;
      }
      decorate(doc, afterDoc) {
        const { comment, afterEmptyLine } = parsePrelude(this.prelude);
        if (comment) {
          const dc = doc.contents;
          if (afterDoc) {
            doc.comment = doc.comment ? `${doc.comment}
${comment}` : comment;
          } else if (afterEmptyLine || doc.directives.docStart || !dc) {
            doc.commentBefore = comment;
          } else if (identity.isCollection(dc) && !dc.flow && dc.items.length > 0) {
            let it = dc.items[0];
            if (identity.isPair(it))
              it = it.key;
            const cb = it.commentBefore;
            it.commentBefore = cb ? `${comment}
${cb}` : comment;
          } else {
            const cb = dc.commentBefore;
            dc.commentBefore = cb ? `${comment}
${cb}` : comment;
          }
        }
        if (afterDoc) {
          for (let i = 0; i < this.errors.length; ++i)
            doc.errors.push(this.errors[i]);
          for (let i = 0; i < this.warnings.length; ++i)
            doc.warnings.push(this.warnings[i]);
        } else {
          doc.errors = this.errors;
          doc.warnings = this.warnings;
        }
        this.prelude = [];
        this.errors = [];
        this.warnings = [];
      }
      /**
       * Current stream status information.
       *
       * Mostly useful at the end of input for an empty stream.
       */
      streamInfo() {
        return {
          comment: parsePrelude(this.prelude).comment,
          directives: this.directives,
          errors: this.errors,
          warnings: this.warnings
        };
      }
      /**
       * Compose tokens into documents.
       *
       * @param forceDoc - If the stream contains no document, still emit a final document including any comments and directives that would be applied to a subsequent document.
       * @param endOffset - Should be set if `forceDoc` is also set, to set the document range end and to indicate errors correctly.
       */
      *compose(tokens, forceDoc = false, endOffset = -1) {
        for (const token of tokens)
          yield* this.next(token);
        yield* this.end(forceDoc, endOffset);
      }
      /** Advance the composer by one CST token. */
      *next(token) {
        if (node_process.env.LOG_STREAM)
          console.dir(token, { depth: null });
        switch (token.type) {
          case "directive":
            this.directives.add(token.source, (offset, message, warning) => {
              const pos = getErrorPos(token);
              pos[0] += offset;
              this.onError(pos, "BAD_DIRECTIVE", message, warning);
            });
            this.prelude.push(token.source);
            this.atDirectives = true;
            break;
          case "document": {
            const doc = composeDoc.composeDoc(this.options, this.directives, token, this.onError);
            if (this.atDirectives && !doc.directives.docStart)
              this.onError(token, "MISSING_CHAR", "Missing directives-end/doc-start indicator line");
            this.decorate(doc, false);
            if (this.doc)
              yield this.doc;
            this.doc = doc;
            this.atDirectives = false;
            break;
          }
          case "byte-order-mark":
          case "space":
            break;
          case "comment":
          case "newline":
            this.prelude.push(token.source);
            break;
          case "error": {
            const msg = token.source ? `${token.message}: ${JSON.stringify(token.source)}` : token.message;
            const error2 = new errors.YAMLParseError(getErrorPos(token), "UNEXPECTED_TOKEN", msg);
            if (this.atDirectives || !this.doc)
              this.errors.push(error2);
            else
              this.doc.errors.push(error2);
            break;
          }
          case "doc-end": {
            if (!this.doc) {
              const msg = "Unexpected doc-end without preceding document";
              this.errors.push(new errors.YAMLParseError(getErrorPos(token), "UNEXPECTED_TOKEN", msg));
              break;
            }
            this.doc.directives.docEnd = true;
            const end = resolveEnd.resolveEnd(token.end, token.offset + token.source.length, this.doc.options.strict, this.onError);
            this.decorate(this.doc, true);
            if (end.comment) {
              const dc = this.doc.comment;
              this.doc.comment = dc ? `${dc}
${end.comment}` : end.comment;
            }
            this.doc.range[2] = end.offset;
            break;
          }
          default:
            this.errors.push(new errors.YAMLParseError(getErrorPos(token), "UNEXPECTED_TOKEN", `Unsupported token ${token.type}`));
        }
      }
      /**
       * Call at end of input to yield any remaining document.
       *
       * @param forceDoc - If the stream contains no document, still emit a final document including any comments and directives that would be applied to a subsequent document.
       * @param endOffset - Should be set if `forceDoc` is also set, to set the document range end and to indicate errors correctly.
       */
      *end(forceDoc = false, endOffset = -1) {
        if (this.doc) {
          this.decorate(this.doc, true);
          yield this.doc;
          this.doc = null;
        } else if (forceDoc) {
          const opts = Object.assign({ _directives: this.directives }, this.options);
          const doc = new Document.Document(void 0, opts);
          if (this.atDirectives)
            this.onError(endOffset, "MISSING_CHAR", "Missing directives-end indicator line");
          doc.range = [0, endOffset, endOffset];
          this.decorate(doc, false);
          yield doc;
        }
      }
    };
    exports.Composer = Composer;
  }
});

// node_modules/yaml/dist/parse/cst-scalar.js
var require_cst_scalar = __commonJS({
  "node_modules/yaml/dist/parse/cst-scalar.js"(exports) {
    "use strict";
    var resolveBlockScalar = require_resolve_block_scalar();
    var resolveFlowScalar = require_resolve_flow_scalar();
    var errors = require_errors();
    var stringifyString = require_stringifyString();
    function resolveAsScalar(token, strict = true, onError) {
      if (token) {
        const _onError = (pos, code2, message) => {
          const offset = typeof pos === "number" ? pos : Array.isArray(pos) ? pos[0] : pos.offset;
          if (onError)
            onError(offset, code2, message);
          else
            throw new errors.YAMLParseError([offset, offset + 1], code2, message);
        };
        switch (token.type) {
          case "scalar":
          case "single-quoted-scalar":
          case "double-quoted-scalar":
            return resolveFlowScalar.resolveFlowScalar(token, strict, _onError);
          case "block-scalar":
            return resolveBlockScalar.resolveBlockScalar({ options: { strict } }, token, _onError);
        }
      }
      return null;
    }
    function createScalarToken(value, context) {
      const { implicitKey = false, indent, inFlow = false, offset = -1, type = "PLAIN" } = context;
      const source = stringifyString.stringifyString({ type, value }, {
        implicitKey,
        indent: indent > 0 ? " ".repeat(indent) : "",
        inFlow,
        options: { blockQuote: true, lineWidth: -1 }
      });
      const end = context.end ?? [
        { type: "newline", offset: -1, indent, source: "\n" }
      ];
      switch (source[0]) {
        case "|":
        case ">": {
          const he = source.indexOf("\n");
          const head = source.substring(0, he);
          const body = source.substring(he + 1) + "\n";
          const props = [
            { type: "block-scalar-header", offset, indent, source: head }
          ];
          if (!addEndtoBlockProps(props, end))
            props.push({ type: "newline", offset: -1, indent, source: "\n" });
          return { type: "block-scalar", offset, indent, props, source: body };
        }
        case '"':
          return { type: "double-quoted-scalar", offset, indent, source, end };
        case "'":
          return { type: "single-quoted-scalar", offset, indent, source, end };
        default:
          return { type: "scalar", offset, indent, source, end };
      }
    }
    function setScalarValue(token, value, context = {}) {
      let { afterKey = false, implicitKey = false, inFlow = false, type } = context;
      let indent = "indent" in token ? token.indent : null;
      if (afterKey && typeof indent === "number")
        indent += 2;
      if (!type)
        switch (token.type) {
          case "single-quoted-scalar":
            type = "QUOTE_SINGLE";
            break;
          case "double-quoted-scalar":
            type = "QUOTE_DOUBLE";
            break;
          case "block-scalar": {
            const header = token.props[0];
            if (header.type !== "block-scalar-header")
              throw new Error("Invalid block scalar header");
            type = header.source[0] === ">" ? "BLOCK_FOLDED" : "BLOCK_LITERAL";
            break;
          }
          default:
            type = "PLAIN";
        }
      const source = stringifyString.stringifyString({ type, value }, {
        implicitKey: implicitKey || indent === null,
        indent: indent !== null && indent > 0 ? " ".repeat(indent) : "",
        inFlow,
        options: { blockQuote: true, lineWidth: -1 }
      });
      switch (source[0]) {
        case "|":
        case ">":
          setBlockScalarValue(token, source);
          break;
        case '"':
          setFlowScalarValue(token, source, "double-quoted-scalar");
          break;
        case "'":
          setFlowScalarValue(token, source, "single-quoted-scalar");
          break;
        default:
          setFlowScalarValue(token, source, "scalar");
      }
    }
    function setBlockScalarValue(token, source) {
      const he = source.indexOf("\n");
      const head = source.substring(0, he);
      const body = source.substring(he + 1) + "\n";
      if (token.type === "block-scalar") {
        const header = token.props[0];
        if (header.type !== "block-scalar-header")
          throw new Error("Invalid block scalar header");
        header.source = head;
        token.source = body;
      } else {
        const { offset } = token;
        const indent = "indent" in token ? token.indent : -1;
        const props = [
          { type: "block-scalar-header", offset, indent, source: head }
        ];
        if (!addEndtoBlockProps(props, "end" in token ? token.end : void 0))
          props.push({ type: "newline", offset: -1, indent, source: "\n" });
        for (const key of Object.keys(token))
          if (key !== "type" && key !== "offset")
            delete token[key];
        Object.assign(token, { type: "block-scalar", indent, props, source: body });
      }
    }
    function addEndtoBlockProps(props, end) {
      if (end)
        for (const st of end)
          switch (st.type) {
            case "space":
            case "comment":
              props.push(st);
              break;
            case "newline":
              props.push(st);
              return true;
          }
      return false;
    }
    function setFlowScalarValue(token, source, type) {
      switch (token.type) {
        case "scalar":
        case "double-quoted-scalar":
        case "single-quoted-scalar":
          token.type = type;
          token.source = source;
          break;
        case "block-scalar": {
          const end = token.props.slice(1);
          let oa = source.length;
          if (token.props[0].type === "block-scalar-header")
            oa -= token.props[0].source.length;
          for (const tok of end)
            tok.offset += oa;
          delete token.props;
          Object.assign(token, { type, source, end });
          break;
        }
        case "block-map":
        case "block-seq": {
          const offset = token.offset + source.length;
          const nl = { type: "newline", offset, indent: token.indent, source: "\n" };
          delete token.items;
          Object.assign(token, { type, source, end: [nl] });
          break;
        }
        default: {
          const indent = "indent" in token ? token.indent : -1;
          const end = "end" in token && Array.isArray(token.end) ? token.end.filter((st) => st.type === "space" || st.type === "comment" || st.type === "newline") : [];
          for (const key of Object.keys(token))
            if (key !== "type" && key !== "offset")
              delete token[key];
          Object.assign(token, { type, indent, source, end });
        }
      }
    }
    exports.createScalarToken = createScalarToken;
    exports.resolveAsScalar = resolveAsScalar;
    exports.setScalarValue = setScalarValue;
  }
});

// node_modules/yaml/dist/parse/cst-stringify.js
var require_cst_stringify = __commonJS({
  "node_modules/yaml/dist/parse/cst-stringify.js"(exports) {
    "use strict";
    var stringify = (cst) => "type" in cst ? stringifyToken(cst) : stringifyItem(cst);
    function stringifyToken(token) {
      switch (token.type) {
        case "block-scalar": {
          let res = "";
          for (const tok of token.props)
            res += stringifyToken(tok);
          return res + token.source;
        }
        case "block-map":
        case "block-seq": {
          let res = "";
          for (const item of token.items)
            res += stringifyItem(item);
          return res;
        }
        case "flow-collection": {
          let res = token.start.source;
          for (const item of token.items)
            res += stringifyItem(item);
          for (const st of token.end)
            res += st.source;
          return res;
        }
        case "document": {
          let res = stringifyItem(token);
          if (token.end)
            for (const st of token.end)
              res += st.source;
          return res;
        }
        default: {
          let res = token.source;
          if ("end" in token && token.end)
            for (const st of token.end)
              res += st.source;
          return res;
        }
      }
    }
    function stringifyItem({ start, key, sep: sep3, value }) {
      let res = "";
      for (const st of start)
        res += st.source;
      if (key)
        res += stringifyToken(key);
      if (sep3)
        for (const st of sep3)
          res += st.source;
      if (value)
        res += stringifyToken(value);
      return res;
    }
    exports.stringify = stringify;
  }
});

// node_modules/yaml/dist/parse/cst-visit.js
var require_cst_visit = __commonJS({
  "node_modules/yaml/dist/parse/cst-visit.js"(exports) {
    "use strict";
    var BREAK = /* @__PURE__ */ Symbol("break visit");
    var SKIP = /* @__PURE__ */ Symbol("skip children");
    var REMOVE = /* @__PURE__ */ Symbol("remove item");
    function visit(cst, visitor) {
      if ("type" in cst && cst.type === "document")
        cst = { start: cst.start, value: cst.value };
      _visit(Object.freeze([]), cst, visitor);
    }
    visit.BREAK = BREAK;
    visit.SKIP = SKIP;
    visit.REMOVE = REMOVE;
    visit.itemAtPath = (cst, path2) => {
      let item = cst;
      for (const [field, index] of path2) {
        const tok = item?.[field];
        if (tok && "items" in tok) {
          item = tok.items[index];
        } else
          return void 0;
      }
      return item;
    };
    visit.parentCollection = (cst, path2) => {
      const parent = visit.itemAtPath(cst, path2.slice(0, -1));
      const field = path2[path2.length - 1][0];
      const coll = parent?.[field];
      if (coll && "items" in coll)
        return coll;
      throw new Error("Parent collection not found");
    };
    function _visit(path2, item, visitor) {
      let ctrl = visitor(item, path2);
      if (typeof ctrl === "symbol")
        return ctrl;
      for (const field of ["key", "value"]) {
        const token = item[field];
        if (token && "items" in token) {
          for (let i = 0; i < token.items.length; ++i) {
            const ci = _visit(Object.freeze(path2.concat([[field, i]])), token.items[i], visitor);
            if (typeof ci === "number")
              i = ci - 1;
            else if (ci === BREAK)
              return BREAK;
            else if (ci === REMOVE) {
              token.items.splice(i, 1);
              i -= 1;
            }
          }
          if (typeof ctrl === "function" && field === "key")
            ctrl = ctrl(item, path2);
        }
      }
      return typeof ctrl === "function" ? ctrl(item, path2) : ctrl;
    }
    exports.visit = visit;
  }
});

// node_modules/yaml/dist/parse/cst.js
var require_cst = __commonJS({
  "node_modules/yaml/dist/parse/cst.js"(exports) {
    "use strict";
    var cstScalar = require_cst_scalar();
    var cstStringify = require_cst_stringify();
    var cstVisit = require_cst_visit();
    var BOM = "\uFEFF";
    var DOCUMENT = "";
    var FLOW_END = "";
    var SCALAR = "";
    var isCollection = (token) => !!token && "items" in token;
    var isScalar = (token) => !!token && (token.type === "scalar" || token.type === "single-quoted-scalar" || token.type === "double-quoted-scalar" || token.type === "block-scalar");
    function prettyToken(token) {
      switch (token) {
        case BOM:
          return "<BOM>";
        case DOCUMENT:
          return "<DOC>";
        case FLOW_END:
          return "<FLOW_END>";
        case SCALAR:
          return "<SCALAR>";
        default:
          return JSON.stringify(token);
      }
    }
    function tokenType(source) {
      switch (source) {
        case BOM:
          return "byte-order-mark";
        case DOCUMENT:
          return "doc-mode";
        case FLOW_END:
          return "flow-error-end";
        case SCALAR:
          return "scalar";
        case "---":
          return "doc-start";
        case "...":
          return "doc-end";
        case "":
        case "\n":
        case "\r\n":
          return "newline";
        case "-":
          return "seq-item-ind";
        case "?":
          return "explicit-key-ind";
        case ":":
          return "map-value-ind";
        case "{":
          return "flow-map-start";
        case "}":
          return "flow-map-end";
        case "[":
          return "flow-seq-start";
        case "]":
          return "flow-seq-end";
        case ",":
          return "comma";
      }
      switch (source[0]) {
        case " ":
        case "	":
          return "space";
        case "#":
          return "comment";
        case "%":
          return "directive-line";
        case "*":
          return "alias";
        case "&":
          return "anchor";
        case "!":
          return "tag";
        case "'":
          return "single-quoted-scalar";
        case '"':
          return "double-quoted-scalar";
        case "|":
        case ">":
          return "block-scalar-header";
      }
      return null;
    }
    exports.createScalarToken = cstScalar.createScalarToken;
    exports.resolveAsScalar = cstScalar.resolveAsScalar;
    exports.setScalarValue = cstScalar.setScalarValue;
    exports.stringify = cstStringify.stringify;
    exports.visit = cstVisit.visit;
    exports.BOM = BOM;
    exports.DOCUMENT = DOCUMENT;
    exports.FLOW_END = FLOW_END;
    exports.SCALAR = SCALAR;
    exports.isCollection = isCollection;
    exports.isScalar = isScalar;
    exports.prettyToken = prettyToken;
    exports.tokenType = tokenType;
  }
});

// node_modules/yaml/dist/parse/lexer.js
var require_lexer = __commonJS({
  "node_modules/yaml/dist/parse/lexer.js"(exports) {
    "use strict";
    var cst = require_cst();
    function isEmpty(ch) {
      switch (ch) {
        case void 0:
        case " ":
        case "\n":
        case "\r":
        case "	":
          return true;
        default:
          return false;
      }
    }
    var hexDigits = new Set("0123456789ABCDEFabcdef");
    var tagChars = new Set("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-#;/?:@&=+$_.!~*'()");
    var flowIndicatorChars = new Set(",[]{}");
    var invalidAnchorChars = new Set(" ,[]{}\n\r	");
    var isNotAnchorChar = (ch) => !ch || invalidAnchorChars.has(ch);
    var Lexer = class {
      constructor() {
        this.atEnd = false;
        this.blockScalarIndent = -1;
        this.blockScalarKeep = false;
        this.buffer = "";
        this.flowKey = false;
        this.flowLevel = 0;
        this.indentNext = 0;
        this.indentValue = 0;
        this.lineEndPos = null;
        this.next = null;
        this.pos = 0;
      }
      /**
       * Generate YAML tokens from the `source` string. If `incomplete`,
       * a part of the last line may be left as a buffer for the next call.
       *
       * @returns A generator of lexical tokens
       */
      *lex(source, incomplete = false) {
        if (source) {
          if (typeof source !== "string")
            throw TypeError("source is not a string");
          this.buffer = this.buffer ? this.buffer + source : source;
          this.lineEndPos = null;
        }
        this.atEnd = !incomplete;
        let next = this.next ?? "stream";
        while (next && (incomplete || this.hasChars(1)))
          next = yield* this.parseNext(next);
      }
      atLineEnd() {
        let i = this.pos;
        let ch = this.buffer[i];
        while (ch === " " || ch === "	")
          ch = this.buffer[++i];
        if (!ch || ch === "#" || ch === "\n")
          return true;
        if (ch === "\r")
          return this.buffer[i + 1] === "\n";
        return false;
      }
      charAt(n) {
        return this.buffer[this.pos + n];
      }
      continueScalar(offset) {
        let ch = this.buffer[offset];
        if (this.indentNext > 0) {
          let indent = 0;
          while (ch === " ")
            ch = this.buffer[++indent + offset];
          if (ch === "\r") {
            const next = this.buffer[indent + offset + 1];
            if (next === "\n" || !next && !this.atEnd)
              return offset + indent + 1;
          }
          return ch === "\n" || indent >= this.indentNext || !ch && !this.atEnd ? offset + indent : -1;
        }
        if (ch === "-" || ch === ".") {
          const dt = this.buffer.substr(offset, 3);
          if ((dt === "---" || dt === "...") && isEmpty(this.buffer[offset + 3]))
            return -1;
        }
        return offset;
      }
      getLine() {
        let end = this.lineEndPos;
        if (typeof end !== "number" || end !== -1 && end < this.pos) {
          end = this.buffer.indexOf("\n", this.pos);
          this.lineEndPos = end;
        }
        if (end === -1)
          return this.atEnd ? this.buffer.substring(this.pos) : null;
        if (this.buffer[end - 1] === "\r")
          end -= 1;
        return this.buffer.substring(this.pos, end);
      }
      hasChars(n) {
        return this.pos + n <= this.buffer.length;
      }
      setNext(state) {
        this.buffer = this.buffer.substring(this.pos);
        this.pos = 0;
        this.lineEndPos = null;
        this.next = state;
        return null;
      }
      peek(n) {
        return this.buffer.substr(this.pos, n);
      }
      *parseNext(next) {
        switch (next) {
          case "stream":
            return yield* this.parseStream();
          case "line-start":
            return yield* this.parseLineStart();
          case "block-start":
            return yield* this.parseBlockStart();
          case "doc":
            return yield* this.parseDocument();
          case "flow":
            return yield* this.parseFlowCollection();
          case "quoted-scalar":
            return yield* this.parseQuotedScalar();
          case "block-scalar":
            return yield* this.parseBlockScalar();
          case "plain-scalar":
            return yield* this.parsePlainScalar();
        }
      }
      *parseStream() {
        let line = this.getLine();
        if (line === null)
          return this.setNext("stream");
        if (line[0] === cst.BOM) {
          yield* this.pushCount(1);
          line = line.substring(1);
        }
        if (line[0] === "%") {
          let dirEnd = line.length;
          let cs = line.indexOf("#");
          while (cs !== -1) {
            const ch = line[cs - 1];
            if (ch === " " || ch === "	") {
              dirEnd = cs - 1;
              break;
            } else {
              cs = line.indexOf("#", cs + 1);
            }
          }
          while (true) {
            const ch = line[dirEnd - 1];
            if (ch === " " || ch === "	")
              dirEnd -= 1;
            else
              break;
          }
          const n = (yield* this.pushCount(dirEnd)) + (yield* this.pushSpaces(true));
          yield* this.pushCount(line.length - n);
          this.pushNewline();
          return "stream";
        }
        if (this.atLineEnd()) {
          const sp = yield* this.pushSpaces(true);
          yield* this.pushCount(line.length - sp);
          yield* this.pushNewline();
          return "stream";
        }
        yield cst.DOCUMENT;
        return yield* this.parseLineStart();
      }
      *parseLineStart() {
        const ch = this.charAt(0);
        if (!ch && !this.atEnd)
          return this.setNext("line-start");
        if (ch === "-" || ch === ".") {
          if (!this.atEnd && !this.hasChars(4))
            return this.setNext("line-start");
          const s = this.peek(3);
          if ((s === "---" || s === "...") && isEmpty(this.charAt(3))) {
            yield* this.pushCount(3);
            this.indentValue = 0;
            this.indentNext = 0;
            return s === "---" ? "doc" : "stream";
          }
        }
        this.indentValue = yield* this.pushSpaces(false);
        if (this.indentNext > this.indentValue && !isEmpty(this.charAt(1)))
          this.indentNext = this.indentValue;
        return yield* this.parseBlockStart();
      }
      *parseBlockStart() {
        const [ch0, ch1] = this.peek(2);
        if (!ch1 && !this.atEnd)
          return this.setNext("block-start");
        if ((ch0 === "-" || ch0 === "?" || ch0 === ":") && isEmpty(ch1)) {
          const n = (yield* this.pushCount(1)) + (yield* this.pushSpaces(true));
          this.indentNext = this.indentValue + 1;
          this.indentValue += n;
          return "block-start";
        }
        return "doc";
      }
      *parseDocument() {
        yield* this.pushSpaces(true);
        const line = this.getLine();
        if (line === null)
          return this.setNext("doc");
        let n = yield* this.pushIndicators();
        switch (line[n]) {
          case "#":
            yield* this.pushCount(line.length - n);
          // fallthrough
          case void 0:
            yield* this.pushNewline();
            return yield* this.parseLineStart();
          case "{":
          case "[":
            yield* this.pushCount(1);
            this.flowKey = false;
            this.flowLevel = 1;
            return "flow";
          case "}":
          case "]":
            yield* this.pushCount(1);
            return "doc";
          case "*":
            yield* this.pushUntil(isNotAnchorChar);
            return "doc";
          case '"':
          case "'":
            return yield* this.parseQuotedScalar();
          case "|":
          case ">":
            n += yield* this.parseBlockScalarHeader();
            n += yield* this.pushSpaces(true);
            yield* this.pushCount(line.length - n);
            yield* this.pushNewline();
            return yield* this.parseBlockScalar();
          default:
            return yield* this.parsePlainScalar();
        }
      }
      *parseFlowCollection() {
        let nl, sp;
        let indent = -1;
        do {
          nl = yield* this.pushNewline();
          if (nl > 0) {
            sp = yield* this.pushSpaces(false);
            this.indentValue = indent = sp;
          } else {
            sp = 0;
          }
          sp += yield* this.pushSpaces(true);
        } while (nl + sp > 0);
        const line = this.getLine();
        if (line === null)
          return this.setNext("flow");
        if (indent !== -1 && indent < this.indentNext && line[0] !== "#" || indent === 0 && (line.startsWith("---") || line.startsWith("...")) && isEmpty(line[3])) {
          const atFlowEndMarker = indent === this.indentNext - 1 && this.flowLevel === 1 && (line[0] === "]" || line[0] === "}");
          if (!atFlowEndMarker) {
            this.flowLevel = 0;
            yield cst.FLOW_END;
            return yield* this.parseLineStart();
          }
        }
        let n = 0;
        while (line[n] === ",") {
          n += yield* this.pushCount(1);
          n += yield* this.pushSpaces(true);
          this.flowKey = false;
        }
        n += yield* this.pushIndicators();
        switch (line[n]) {
          case void 0:
            return "flow";
          case "#":
            yield* this.pushCount(line.length - n);
            return "flow";
          case "{":
          case "[":
            yield* this.pushCount(1);
            this.flowKey = false;
            this.flowLevel += 1;
            return "flow";
          case "}":
          case "]":
            yield* this.pushCount(1);
            this.flowKey = true;
            this.flowLevel -= 1;
            return this.flowLevel ? "flow" : "doc";
          case "*":
            yield* this.pushUntil(isNotAnchorChar);
            return "flow";
          case '"':
          case "'":
            this.flowKey = true;
            return yield* this.parseQuotedScalar();
          case ":": {
            const next = this.charAt(1);
            if (this.flowKey || isEmpty(next) || next === ",") {
              this.flowKey = false;
              yield* this.pushCount(1);
              yield* this.pushSpaces(true);
              return "flow";
            }
          }
          // fallthrough
          default:
            this.flowKey = false;
            return yield* this.parsePlainScalar();
        }
      }
      *parseQuotedScalar() {
        const quote2 = this.charAt(0);
        let end = this.buffer.indexOf(quote2, this.pos + 1);
        if (quote2 === "'") {
          while (end !== -1 && this.buffer[end + 1] === "'")
            end = this.buffer.indexOf("'", end + 2);
        } else {
          while (end !== -1) {
            let n = 0;
            while (this.buffer[end - 1 - n] === "\\")
              n += 1;
            if (n % 2 === 0)
              break;
            end = this.buffer.indexOf('"', end + 1);
          }
        }
        const qb = this.buffer.substring(0, end);
        let nl = qb.indexOf("\n", this.pos);
        if (nl !== -1) {
          while (nl !== -1) {
            const cs = this.continueScalar(nl + 1);
            if (cs === -1)
              break;
            nl = qb.indexOf("\n", cs);
          }
          if (nl !== -1) {
            end = nl - (qb[nl - 1] === "\r" ? 2 : 1);
          }
        }
        if (end === -1) {
          if (!this.atEnd)
            return this.setNext("quoted-scalar");
          end = this.buffer.length;
        }
        yield* this.pushToIndex(end + 1, false);
        return this.flowLevel ? "flow" : "doc";
      }
      *parseBlockScalarHeader() {
        this.blockScalarIndent = -1;
        this.blockScalarKeep = false;
        let i = this.pos;
        while (true) {
          const ch = this.buffer[++i];
          if (ch === "+")
            this.blockScalarKeep = true;
          else if (ch > "0" && ch <= "9")
            this.blockScalarIndent = Number(ch) - 1;
          else if (ch !== "-")
            break;
        }
        return yield* this.pushUntil((ch) => isEmpty(ch) || ch === "#");
      }
      *parseBlockScalar() {
        let nl = this.pos - 1;
        let indent = 0;
        let ch;
        loop: for (let i2 = this.pos; ch = this.buffer[i2]; ++i2) {
          switch (ch) {
            case " ":
              indent += 1;
              break;
            case "\n":
              nl = i2;
              indent = 0;
              break;
            case "\r": {
              const next = this.buffer[i2 + 1];
              if (!next && !this.atEnd)
                return this.setNext("block-scalar");
              if (next === "\n")
                break;
            }
            // fallthrough
            default:
              break loop;
          }
        }
        if (!ch && !this.atEnd)
          return this.setNext("block-scalar");
        if (indent >= this.indentNext) {
          if (this.blockScalarIndent === -1)
            this.indentNext = indent;
          else {
            this.indentNext = this.blockScalarIndent + (this.indentNext === 0 ? 1 : this.indentNext);
          }
          do {
            const cs = this.continueScalar(nl + 1);
            if (cs === -1)
              break;
            nl = this.buffer.indexOf("\n", cs);
          } while (nl !== -1);
          if (nl === -1) {
            if (!this.atEnd)
              return this.setNext("block-scalar");
            nl = this.buffer.length;
          }
        }
        let i = nl + 1;
        ch = this.buffer[i];
        while (ch === " ")
          ch = this.buffer[++i];
        if (ch === "	") {
          while (ch === "	" || ch === " " || ch === "\r" || ch === "\n")
            ch = this.buffer[++i];
          nl = i - 1;
        } else if (!this.blockScalarKeep) {
          do {
            let i2 = nl - 1;
            let ch2 = this.buffer[i2];
            if (ch2 === "\r")
              ch2 = this.buffer[--i2];
            const lastChar = i2;
            while (ch2 === " ")
              ch2 = this.buffer[--i2];
            if (ch2 === "\n" && i2 >= this.pos && i2 + 1 + indent > lastChar)
              nl = i2;
            else
              break;
          } while (true);
        }
        yield cst.SCALAR;
        yield* this.pushToIndex(nl + 1, true);
        return yield* this.parseLineStart();
      }
      *parsePlainScalar() {
        const inFlow = this.flowLevel > 0;
        let end = this.pos - 1;
        let i = this.pos - 1;
        let ch;
        while (ch = this.buffer[++i]) {
          if (ch === ":") {
            const next = this.buffer[i + 1];
            if (isEmpty(next) || inFlow && flowIndicatorChars.has(next))
              break;
            end = i;
          } else if (isEmpty(ch)) {
            let next = this.buffer[i + 1];
            if (ch === "\r") {
              if (next === "\n") {
                i += 1;
                ch = "\n";
                next = this.buffer[i + 1];
              } else
                end = i;
            }
            if (next === "#" || inFlow && flowIndicatorChars.has(next))
              break;
            if (ch === "\n") {
              const cs = this.continueScalar(i + 1);
              if (cs === -1)
                break;
              i = Math.max(i, cs - 2);
            }
          } else {
            if (inFlow && flowIndicatorChars.has(ch))
              break;
            end = i;
          }
        }
        if (!ch && !this.atEnd)
          return this.setNext("plain-scalar");
        yield cst.SCALAR;
        yield* this.pushToIndex(end + 1, true);
        return inFlow ? "flow" : "doc";
      }
      *pushCount(n) {
        if (n > 0) {
          yield this.buffer.substr(this.pos, n);
          this.pos += n;
          return n;
        }
        return 0;
      }
      *pushToIndex(i, allowEmpty) {
        const s = this.buffer.slice(this.pos, i);
        if (s) {
          yield s;
          this.pos += s.length;
          return s.length;
        } else if (allowEmpty)
          yield "";
        return 0;
      }
      *pushIndicators() {
        let n = 0;
        loop: while (true) {
          switch (this.charAt(0)) {
            case "!":
              n += yield* this.pushTag();
              n += yield* this.pushSpaces(true);
              continue loop;
            case "&":
              n += yield* this.pushUntil(isNotAnchorChar);
              n += yield* this.pushSpaces(true);
              continue loop;
            case "-":
            // this is an error
            case "?":
            // this is an error outside flow collections
            case ":": {
              const inFlow = this.flowLevel > 0;
              const ch1 = this.charAt(1);
              if (isEmpty(ch1) || inFlow && flowIndicatorChars.has(ch1)) {
                if (!inFlow)
                  this.indentNext = this.indentValue + 1;
                else if (this.flowKey)
                  this.flowKey = false;
                n += yield* this.pushCount(1);
                n += yield* this.pushSpaces(true);
                continue loop;
              }
            }
          }
          break loop;
        }
        return n;
      }
      *pushTag() {
        if (this.charAt(1) === "<") {
          let i = this.pos + 2;
          let ch = this.buffer[i];
          while (!isEmpty(ch) && ch !== ">")
            ch = this.buffer[++i];
          return yield* this.pushToIndex(ch === ">" ? i + 1 : i, false);
        } else {
          let i = this.pos + 1;
          let ch = this.buffer[i];
          while (ch) {
            if (tagChars.has(ch))
              ch = this.buffer[++i];
            else if (ch === "%" && hexDigits.has(this.buffer[i + 1]) && hexDigits.has(this.buffer[i + 2])) {
              ch = this.buffer[i += 3];
            } else
              break;
          }
          return yield* this.pushToIndex(i, false);
        }
      }
      *pushNewline() {
        const ch = this.buffer[this.pos];
        if (ch === "\n")
          return yield* this.pushCount(1);
        else if (ch === "\r" && this.charAt(1) === "\n")
          return yield* this.pushCount(2);
        else
          return 0;
      }
      *pushSpaces(allowTabs) {
        let i = this.pos - 1;
        let ch;
        do {
          ch = this.buffer[++i];
        } while (ch === " " || allowTabs && ch === "	");
        const n = i - this.pos;
        if (n > 0) {
          yield this.buffer.substr(this.pos, n);
          this.pos = i;
        }
        return n;
      }
      *pushUntil(test) {
        let i = this.pos;
        let ch = this.buffer[i];
        while (!test(ch))
          ch = this.buffer[++i];
        return yield* this.pushToIndex(i, false);
      }
    };
    exports.Lexer = Lexer;
  }
});

// node_modules/yaml/dist/parse/line-counter.js
var require_line_counter = __commonJS({
  "node_modules/yaml/dist/parse/line-counter.js"(exports) {
    "use strict";
    var LineCounter = class {
      constructor() {
        this.lineStarts = [];
        this.addNewLine = (offset) => this.lineStarts.push(offset);
        this.linePos = (offset) => {
          let low = 0;
          let high = this.lineStarts.length;
          while (low < high) {
            const mid = low + high >> 1;
            if (this.lineStarts[mid] < offset)
              low = mid + 1;
            else
              high = mid;
          }
          if (this.lineStarts[low] === offset)
            return { line: low + 1, col: 1 };
          if (low === 0)
            return { line: 0, col: offset };
          const start = this.lineStarts[low - 1];
          return { line: low, col: offset - start + 1 };
        };
      }
    };
    exports.LineCounter = LineCounter;
  }
});

// node_modules/yaml/dist/parse/parser.js
var require_parser = __commonJS({
  "node_modules/yaml/dist/parse/parser.js"(exports) {
    "use strict";
    var node_process = __require("process");
    var cst = require_cst();
    var lexer = require_lexer();
    function includesToken(list, type) {
      for (let i = 0; i < list.length; ++i)
        if (list[i].type === type)
          return true;
      return false;
    }
    function findNonEmptyIndex(list) {
      for (let i = 0; i < list.length; ++i) {
        switch (list[i].type) {
          case "space":
          case "comment":
          case "newline":
            break;
          default:
            return i;
        }
      }
      return -1;
    }
    function isFlowToken(token) {
      switch (token?.type) {
        case "alias":
        case "scalar":
        case "single-quoted-scalar":
        case "double-quoted-scalar":
        case "flow-collection":
          return true;
        default:
          return false;
      }
    }
    function getPrevProps(parent) {
      switch (parent.type) {
        case "document":
          return parent.start;
        case "block-map": {
          const it = parent.items[parent.items.length - 1];
          return it.sep ?? it.start;
        }
        case "block-seq":
          return parent.items[parent.items.length - 1].start;
        /* istanbul ignore next should not happen */
        default:
          return [];
      }
    }
    function getFirstKeyStartProps(prev) {
      if (prev.length === 0)
        return [];
      let i = prev.length;
      loop: while (--i >= 0) {
        switch (prev[i].type) {
          case "doc-start":
          case "explicit-key-ind":
          case "map-value-ind":
          case "seq-item-ind":
          case "newline":
            break loop;
        }
      }
      while (prev[++i]?.type === "space") {
      }
      return prev.splice(i, prev.length);
    }
    function arrayPushArray(target2, source) {
      if (source.length < 1e5)
        Array.prototype.push.apply(target2, source);
      else
        for (let i = 0; i < source.length; ++i)
          target2.push(source[i]);
    }
    function fixFlowSeqItems(fc) {
      if (fc.start.type === "flow-seq-start") {
        for (const it of fc.items) {
          if (it.sep && !it.value && !includesToken(it.start, "explicit-key-ind") && !includesToken(it.sep, "map-value-ind")) {
            if (it.key)
              it.value = it.key;
            delete it.key;
            if (isFlowToken(it.value)) {
              if (it.value.end)
                arrayPushArray(it.value.end, it.sep);
              else
                it.value.end = it.sep;
            } else
              arrayPushArray(it.start, it.sep);
            delete it.sep;
          }
        }
      }
    }
    var Parser = class {
      /**
       * @param onNewLine - If defined, called separately with the start position of
       *   each new line (in `parse()`, including the start of input).
       */
      constructor(onNewLine) {
        this.atNewLine = true;
        this.atScalar = false;
        this.indent = 0;
        this.offset = 0;
        this.onKeyLine = false;
        this.stack = [];
        this.source = "";
        this.type = "";
        this.lexer = new lexer.Lexer();
        this.onNewLine = onNewLine;
      }
      /**
       * Parse `source` as a YAML stream.
       * If `incomplete`, a part of the last line may be left as a buffer for the next call.
       *
       * Errors are not thrown, but yielded as `{ type: 'error', message }` tokens.
       *
       * @returns A generator of tokens representing each directive, document, and other structure.
       */
      *parse(source, incomplete = false) {
        if (this.onNewLine && this.offset === 0)
          this.onNewLine(0);
        for (const lexeme of this.lexer.lex(source, incomplete))
          yield* this.next(lexeme);
        if (!incomplete)
          yield* this.end();
      }
      /**
       * Advance the parser by the `source` of one lexical token.
       */
      *next(source) {
        this.source = source;
        if (node_process.env.LOG_TOKENS)
          console.log("|", cst.prettyToken(source));
        if (this.atScalar) {
          this.atScalar = false;
          yield* this.step();
          this.offset += source.length;
          return;
        }
        const type = cst.tokenType(source);
        if (!type) {
          const message = `Not a YAML token: ${source}`;
          yield* this.pop({ type: "error", offset: this.offset, message, source });
          this.offset += source.length;
        } else if (type === "scalar") {
          this.atNewLine = false;
          this.atScalar = true;
          this.type = "scalar";
        } else {
          this.type = type;
          yield* this.step();
          switch (type) {
            case "newline":
              this.atNewLine = true;
              this.indent = 0;
              if (this.onNewLine)
                this.onNewLine(this.offset + source.length);
              break;
            case "space":
              if (this.atNewLine && source[0] === " ")
                this.indent += source.length;
              break;
            case "explicit-key-ind":
            case "map-value-ind":
            case "seq-item-ind":
              if (this.atNewLine)
                this.indent += source.length;
              break;
            case "doc-mode":
            case "flow-error-end":
              return;
            default:
              this.atNewLine = false;
          }
          this.offset += source.length;
        }
      }
      /** Call at end of input to push out any remaining constructions */
      *end() {
        while (this.stack.length > 0)
          yield* this.pop();
      }
      get sourceToken() {
        const st = {
          type: this.type,
          offset: this.offset,
          indent: this.indent,
          source: this.source
        };
        return st;
      }
      *step() {
        const top = this.peek(1);
        if (this.type === "doc-end" && top?.type !== "doc-end") {
          while (this.stack.length > 0)
            yield* this.pop();
          this.stack.push({
            type: "doc-end",
            offset: this.offset,
            source: this.source
          });
          return;
        }
        if (!top)
          return yield* this.stream();
        switch (top.type) {
          case "document":
            return yield* this.document(top);
          case "alias":
          case "scalar":
          case "single-quoted-scalar":
          case "double-quoted-scalar":
            return yield* this.scalar(top);
          case "block-scalar":
            return yield* this.blockScalar(top);
          case "block-map":
            return yield* this.blockMap(top);
          case "block-seq":
            return yield* this.blockSequence(top);
          case "flow-collection":
            return yield* this.flowCollection(top);
          case "doc-end":
            return yield* this.documentEnd(top);
        }
        yield* this.pop();
      }
      peek(n) {
        return this.stack[this.stack.length - n];
      }
      *pop(error2) {
        const token = error2 ?? this.stack.pop();
        if (!token) {
          const message = "Tried to pop an empty stack";
          yield { type: "error", offset: this.offset, source: "", message };
        } else if (this.stack.length === 0) {
          yield token;
        } else {
          const top = this.peek(1);
          if (token.type === "block-scalar") {
            token.indent = "indent" in top ? top.indent : 0;
          } else if (token.type === "flow-collection" && top.type === "document") {
            token.indent = 0;
          }
          if (token.type === "flow-collection")
            fixFlowSeqItems(token);
          switch (top.type) {
            case "document":
              top.value = token;
              break;
            case "block-scalar":
              top.props.push(token);
              break;
            case "block-map": {
              const it = top.items[top.items.length - 1];
              if (it.value) {
                top.items.push({ start: [], key: token, sep: [] });
                this.onKeyLine = true;
                return;
              } else if (it.sep) {
                it.value = token;
              } else {
                Object.assign(it, { key: token, sep: [] });
                this.onKeyLine = !it.explicitKey;
                return;
              }
              break;
            }
            case "block-seq": {
              const it = top.items[top.items.length - 1];
              if (it.value)
                top.items.push({ start: [], value: token });
              else
                it.value = token;
              break;
            }
            case "flow-collection": {
              const it = top.items[top.items.length - 1];
              if (!it || it.value)
                top.items.push({ start: [], key: token, sep: [] });
              else if (it.sep)
                it.value = token;
              else
                Object.assign(it, { key: token, sep: [] });
              return;
            }
            /* istanbul ignore next should not happen */
            default:
              yield* this.pop();
              yield* this.pop(token);
          }
          if ((top.type === "document" || top.type === "block-map" || top.type === "block-seq") && (token.type === "block-map" || token.type === "block-seq")) {
            const last = token.items[token.items.length - 1];
            if (last && !last.sep && !last.value && last.start.length > 0 && findNonEmptyIndex(last.start) === -1 && (token.indent === 0 || last.start.every((st) => st.type !== "comment" || st.indent < token.indent))) {
              if (top.type === "document")
                top.end = last.start;
              else
                top.items.push({ start: last.start });
              token.items.splice(-1, 1);
            }
          }
        }
      }
      *stream() {
        switch (this.type) {
          case "directive-line":
            yield { type: "directive", offset: this.offset, source: this.source };
            return;
          case "byte-order-mark":
          case "space":
          case "comment":
          case "newline":
            yield this.sourceToken;
            return;
          case "doc-mode":
          case "doc-start": {
            const doc = {
              type: "document",
              offset: this.offset,
              start: []
            };
            if (this.type === "doc-start")
              doc.start.push(this.sourceToken);
            this.stack.push(doc);
            return;
          }
        }
        yield {
          type: "error",
          offset: this.offset,
          message: `Unexpected ${this.type} token in YAML stream`,
          source: this.source
        };
      }
      *document(doc) {
        if (doc.value)
          return yield* this.lineEnd(doc);
        switch (this.type) {
          case "doc-start": {
            if (findNonEmptyIndex(doc.start) !== -1) {
              yield* this.pop();
              yield* this.step();
            } else
              doc.start.push(this.sourceToken);
            return;
          }
          case "anchor":
          case "tag":
          case "space":
          case "comment":
          case "newline":
            doc.start.push(this.sourceToken);
            return;
        }
        const bv = this.startBlockValue(doc);
        if (bv)
          this.stack.push(bv);
        else {
          yield {
            type: "error",
            offset: this.offset,
            message: `Unexpected ${this.type} token in YAML document`,
            source: this.source
          };
        }
      }
      *scalar(scalar) {
        if (this.type === "map-value-ind") {
          const prev = getPrevProps(this.peek(2));
          const start = getFirstKeyStartProps(prev);
          let sep3;
          if (scalar.end) {
            sep3 = scalar.end;
            sep3.push(this.sourceToken);
            delete scalar.end;
          } else
            sep3 = [this.sourceToken];
          const map = {
            type: "block-map",
            offset: scalar.offset,
            indent: scalar.indent,
            items: [{ start, key: scalar, sep: sep3 }]
          };
          this.onKeyLine = true;
          this.stack[this.stack.length - 1] = map;
        } else
          yield* this.lineEnd(scalar);
      }
      *blockScalar(scalar) {
        switch (this.type) {
          case "space":
          case "comment":
          case "newline":
            scalar.props.push(this.sourceToken);
            return;
          case "scalar":
            scalar.source = this.source;
            this.atNewLine = true;
            this.indent = 0;
            if (this.onNewLine) {
              let nl = this.source.indexOf("\n") + 1;
              while (nl !== 0) {
                this.onNewLine(this.offset + nl);
                nl = this.source.indexOf("\n", nl) + 1;
              }
            }
            yield* this.pop();
            break;
          /* istanbul ignore next should not happen */
          default:
            yield* this.pop();
            yield* this.step();
        }
      }
      *blockMap(map) {
        const it = map.items[map.items.length - 1];
        switch (this.type) {
          case "newline":
            this.onKeyLine = false;
            if (it.value) {
              const end = "end" in it.value ? it.value.end : void 0;
              const last = Array.isArray(end) ? end[end.length - 1] : void 0;
              if (last?.type === "comment")
                end?.push(this.sourceToken);
              else
                map.items.push({ start: [this.sourceToken] });
            } else if (it.sep) {
              it.sep.push(this.sourceToken);
            } else {
              it.start.push(this.sourceToken);
            }
            return;
          case "space":
          case "comment":
            if (it.value) {
              map.items.push({ start: [this.sourceToken] });
            } else if (it.sep) {
              it.sep.push(this.sourceToken);
            } else {
              if (this.atIndentedComment(it.start, map.indent)) {
                const prev = map.items[map.items.length - 2];
                const end = prev?.value?.end;
                if (Array.isArray(end)) {
                  arrayPushArray(end, it.start);
                  end.push(this.sourceToken);
                  map.items.pop();
                  return;
                }
              }
              it.start.push(this.sourceToken);
            }
            return;
        }
        if (this.indent >= map.indent) {
          const atMapIndent = !this.onKeyLine && this.indent === map.indent;
          const atNextItem = atMapIndent && (it.sep || it.explicitKey) && this.type !== "seq-item-ind";
          let start = [];
          if (atNextItem && it.sep && !it.value) {
            const nl = [];
            for (let i = 0; i < it.sep.length; ++i) {
              const st = it.sep[i];
              switch (st.type) {
                case "newline":
                  nl.push(i);
                  break;
                case "space":
                  break;
                case "comment":
                  if (st.indent > map.indent)
                    nl.length = 0;
                  break;
                default:
                  nl.length = 0;
              }
            }
            if (nl.length >= 2)
              start = it.sep.splice(nl[1]);
          }
          switch (this.type) {
            case "anchor":
            case "tag":
              if (atNextItem || it.value) {
                start.push(this.sourceToken);
                map.items.push({ start });
                this.onKeyLine = true;
              } else if (it.sep) {
                it.sep.push(this.sourceToken);
              } else {
                it.start.push(this.sourceToken);
              }
              return;
            case "explicit-key-ind":
              if (!it.sep && !it.explicitKey) {
                it.start.push(this.sourceToken);
                it.explicitKey = true;
              } else if (atNextItem || it.value) {
                start.push(this.sourceToken);
                map.items.push({ start, explicitKey: true });
              } else {
                this.stack.push({
                  type: "block-map",
                  offset: this.offset,
                  indent: this.indent,
                  items: [{ start: [this.sourceToken], explicitKey: true }]
                });
              }
              this.onKeyLine = true;
              return;
            case "map-value-ind":
              if (it.explicitKey) {
                if (!it.sep) {
                  if (includesToken(it.start, "newline")) {
                    Object.assign(it, { key: null, sep: [this.sourceToken] });
                  } else {
                    const start2 = getFirstKeyStartProps(it.start);
                    this.stack.push({
                      type: "block-map",
                      offset: this.offset,
                      indent: this.indent,
                      items: [{ start: start2, key: null, sep: [this.sourceToken] }]
                    });
                  }
                } else if (it.value) {
                  map.items.push({ start: [], key: null, sep: [this.sourceToken] });
                } else if (includesToken(it.sep, "map-value-ind")) {
                  this.stack.push({
                    type: "block-map",
                    offset: this.offset,
                    indent: this.indent,
                    items: [{ start, key: null, sep: [this.sourceToken] }]
                  });
                } else if (isFlowToken(it.key) && !includesToken(it.sep, "newline")) {
                  const start2 = getFirstKeyStartProps(it.start);
                  const key = it.key;
                  const sep3 = it.sep;
                  sep3.push(this.sourceToken);
                  delete it.key;
                  delete it.sep;
                  this.stack.push({
                    type: "block-map",
                    offset: this.offset,
                    indent: this.indent,
                    items: [{ start: start2, key, sep: sep3 }]
                  });
                } else if (start.length > 0) {
                  it.sep = it.sep.concat(start, this.sourceToken);
                } else {
                  it.sep.push(this.sourceToken);
                }
              } else {
                if (!it.sep) {
                  Object.assign(it, { key: null, sep: [this.sourceToken] });
                } else if (it.value || atNextItem) {
                  map.items.push({ start, key: null, sep: [this.sourceToken] });
                } else if (includesToken(it.sep, "map-value-ind")) {
                  this.stack.push({
                    type: "block-map",
                    offset: this.offset,
                    indent: this.indent,
                    items: [{ start: [], key: null, sep: [this.sourceToken] }]
                  });
                } else {
                  it.sep.push(this.sourceToken);
                }
              }
              this.onKeyLine = true;
              return;
            case "alias":
            case "scalar":
            case "single-quoted-scalar":
            case "double-quoted-scalar": {
              const fs = this.flowScalar(this.type);
              if (atNextItem || it.value) {
                map.items.push({ start, key: fs, sep: [] });
                this.onKeyLine = true;
              } else if (it.sep) {
                this.stack.push(fs);
              } else {
                Object.assign(it, { key: fs, sep: [] });
                this.onKeyLine = true;
              }
              return;
            }
            default: {
              const bv = this.startBlockValue(map);
              if (bv) {
                if (bv.type === "block-seq") {
                  if (!it.explicitKey && it.sep && !includesToken(it.sep, "newline")) {
                    yield* this.pop({
                      type: "error",
                      offset: this.offset,
                      message: "Unexpected block-seq-ind on same line with key",
                      source: this.source
                    });
                    return;
                  }
                } else if (atMapIndent) {
                  map.items.push({ start });
                }
                this.stack.push(bv);
                return;
              }
            }
          }
        }
        yield* this.pop();
        yield* this.step();
      }
      *blockSequence(seq) {
        const it = seq.items[seq.items.length - 1];
        switch (this.type) {
          case "newline":
            if (it.value) {
              const end = "end" in it.value ? it.value.end : void 0;
              const last = Array.isArray(end) ? end[end.length - 1] : void 0;
              if (last?.type === "comment")
                end?.push(this.sourceToken);
              else
                seq.items.push({ start: [this.sourceToken] });
            } else
              it.start.push(this.sourceToken);
            return;
          case "space":
          case "comment":
            if (it.value)
              seq.items.push({ start: [this.sourceToken] });
            else {
              if (this.atIndentedComment(it.start, seq.indent)) {
                const prev = seq.items[seq.items.length - 2];
                const end = prev?.value?.end;
                if (Array.isArray(end)) {
                  arrayPushArray(end, it.start);
                  end.push(this.sourceToken);
                  seq.items.pop();
                  return;
                }
              }
              it.start.push(this.sourceToken);
            }
            return;
          case "anchor":
          case "tag":
            if (it.value || this.indent <= seq.indent)
              break;
            it.start.push(this.sourceToken);
            return;
          case "seq-item-ind":
            if (this.indent !== seq.indent)
              break;
            if (it.value || includesToken(it.start, "seq-item-ind"))
              seq.items.push({ start: [this.sourceToken] });
            else
              it.start.push(this.sourceToken);
            return;
        }
        if (this.indent > seq.indent) {
          const bv = this.startBlockValue(seq);
          if (bv) {
            this.stack.push(bv);
            return;
          }
        }
        yield* this.pop();
        yield* this.step();
      }
      *flowCollection(fc) {
        const it = fc.items[fc.items.length - 1];
        if (this.type === "flow-error-end") {
          let top;
          do {
            yield* this.pop();
            top = this.peek(1);
          } while (top?.type === "flow-collection");
        } else if (fc.end.length === 0) {
          switch (this.type) {
            case "comma":
            case "explicit-key-ind":
              if (!it || it.sep)
                fc.items.push({ start: [this.sourceToken] });
              else
                it.start.push(this.sourceToken);
              return;
            case "map-value-ind":
              if (!it || it.value)
                fc.items.push({ start: [], key: null, sep: [this.sourceToken] });
              else if (it.sep)
                it.sep.push(this.sourceToken);
              else
                Object.assign(it, { key: null, sep: [this.sourceToken] });
              return;
            case "space":
            case "comment":
            case "newline":
            case "anchor":
            case "tag":
              if (!it || it.value)
                fc.items.push({ start: [this.sourceToken] });
              else if (it.sep)
                it.sep.push(this.sourceToken);
              else
                it.start.push(this.sourceToken);
              return;
            case "alias":
            case "scalar":
            case "single-quoted-scalar":
            case "double-quoted-scalar": {
              const fs = this.flowScalar(this.type);
              if (!it || it.value)
                fc.items.push({ start: [], key: fs, sep: [] });
              else if (it.sep)
                this.stack.push(fs);
              else
                Object.assign(it, { key: fs, sep: [] });
              return;
            }
            case "flow-map-end":
            case "flow-seq-end":
              fc.end.push(this.sourceToken);
              return;
          }
          const bv = this.startBlockValue(fc);
          if (bv)
            this.stack.push(bv);
          else {
            yield* this.pop();
            yield* this.step();
          }
        } else {
          const parent = this.peek(2);
          if (parent.type === "block-map" && (this.type === "map-value-ind" && parent.indent === fc.indent || this.type === "newline" && !parent.items[parent.items.length - 1].sep)) {
            yield* this.pop();
            yield* this.step();
          } else if (this.type === "map-value-ind" && parent.type !== "flow-collection") {
            const prev = getPrevProps(parent);
            const start = getFirstKeyStartProps(prev);
            fixFlowSeqItems(fc);
            const sep3 = fc.end.splice(1, fc.end.length);
            sep3.push(this.sourceToken);
            const map = {
              type: "block-map",
              offset: fc.offset,
              indent: fc.indent,
              items: [{ start, key: fc, sep: sep3 }]
            };
            this.onKeyLine = true;
            this.stack[this.stack.length - 1] = map;
          } else {
            yield* this.lineEnd(fc);
          }
        }
      }
      flowScalar(type) {
        if (this.onNewLine) {
          let nl = this.source.indexOf("\n") + 1;
          while (nl !== 0) {
            this.onNewLine(this.offset + nl);
            nl = this.source.indexOf("\n", nl) + 1;
          }
        }
        return {
          type,
          offset: this.offset,
          indent: this.indent,
          source: this.source
        };
      }
      startBlockValue(parent) {
        switch (this.type) {
          case "alias":
          case "scalar":
          case "single-quoted-scalar":
          case "double-quoted-scalar":
            return this.flowScalar(this.type);
          case "block-scalar-header":
            return {
              type: "block-scalar",
              offset: this.offset,
              indent: this.indent,
              props: [this.sourceToken],
              source: ""
            };
          case "flow-map-start":
          case "flow-seq-start":
            return {
              type: "flow-collection",
              offset: this.offset,
              indent: this.indent,
              start: this.sourceToken,
              items: [],
              end: []
            };
          case "seq-item-ind":
            return {
              type: "block-seq",
              offset: this.offset,
              indent: this.indent,
              items: [{ start: [this.sourceToken] }]
            };
          case "explicit-key-ind": {
            this.onKeyLine = true;
            const prev = getPrevProps(parent);
            const start = getFirstKeyStartProps(prev);
            start.push(this.sourceToken);
            return {
              type: "block-map",
              offset: this.offset,
              indent: this.indent,
              items: [{ start, explicitKey: true }]
            };
          }
          case "map-value-ind": {
            this.onKeyLine = true;
            const prev = getPrevProps(parent);
            const start = getFirstKeyStartProps(prev);
            return {
              type: "block-map",
              offset: this.offset,
              indent: this.indent,
              items: [{ start, key: null, sep: [this.sourceToken] }]
            };
          }
        }
        return null;
      }
      atIndentedComment(start, indent) {
        if (this.type !== "comment")
          return false;
        if (this.indent <= indent)
          return false;
        return start.every((st) => st.type === "newline" || st.type === "space");
      }
      *documentEnd(docEnd) {
        if (this.type !== "doc-mode") {
          if (docEnd.end)
            docEnd.end.push(this.sourceToken);
          else
            docEnd.end = [this.sourceToken];
          if (this.type === "newline")
            yield* this.pop();
        }
      }
      *lineEnd(token) {
        switch (this.type) {
          case "comma":
          case "doc-start":
          case "doc-end":
          case "flow-seq-end":
          case "flow-map-end":
          case "map-value-ind":
            yield* this.pop();
            yield* this.step();
            break;
          case "newline":
            this.onKeyLine = false;
          // fallthrough
          case "space":
          case "comment":
          default:
            if (token.end)
              token.end.push(this.sourceToken);
            else
              token.end = [this.sourceToken];
            if (this.type === "newline")
              yield* this.pop();
        }
      }
    };
    exports.Parser = Parser;
  }
});

// node_modules/yaml/dist/public-api.js
var require_public_api = __commonJS({
  "node_modules/yaml/dist/public-api.js"(exports) {
    "use strict";
    var composer = require_composer();
    var Document = require_Document();
    var errors = require_errors();
    var log = require_log();
    var identity = require_identity();
    var lineCounter = require_line_counter();
    var parser = require_parser();
    function parseOptions(options) {
      const prettyErrors = options.prettyErrors !== false;
      const lineCounter$1 = options.lineCounter || prettyErrors && new lineCounter.LineCounter() || null;
      return { lineCounter: lineCounter$1, prettyErrors };
    }
    function parseAllDocuments(source, options = {}) {
      const { lineCounter: lineCounter2, prettyErrors } = parseOptions(options);
      const parser$1 = new parser.Parser(lineCounter2?.addNewLine);
      const composer$1 = new composer.Composer(options);
      const docs = Array.from(composer$1.compose(parser$1.parse(source)));
      if (prettyErrors && lineCounter2)
        for (const doc of docs) {
          doc.errors.forEach(errors.prettifyError(source, lineCounter2));
          doc.warnings.forEach(errors.prettifyError(source, lineCounter2));
        }
      if (docs.length > 0)
        return docs;
      return Object.assign([], { empty: true }, composer$1.streamInfo());
    }
    function parseDocument(source, options = {}) {
      const { lineCounter: lineCounter2, prettyErrors } = parseOptions(options);
      const parser$1 = new parser.Parser(lineCounter2?.addNewLine);
      const composer$1 = new composer.Composer(options);
      let doc = null;
      for (const _doc of composer$1.compose(parser$1.parse(source), true, source.length)) {
        if (!doc)
          doc = _doc;
        else if (doc.options.logLevel !== "silent") {
          doc.errors.push(new errors.YAMLParseError(_doc.range.slice(0, 2), "MULTIPLE_DOCS", "Source contains multiple documents; please use YAML.parseAllDocuments()"));
          break;
        }
      }
      if (prettyErrors && lineCounter2) {
        doc.errors.forEach(errors.prettifyError(source, lineCounter2));
        doc.warnings.forEach(errors.prettifyError(source, lineCounter2));
      }
      return doc;
    }
    function parse3(src, reviver, options) {
      let _reviver = void 0;
      if (typeof reviver === "function") {
        _reviver = reviver;
      } else if (options === void 0 && reviver && typeof reviver === "object") {
        options = reviver;
      }
      const doc = parseDocument(src, options);
      if (!doc)
        return null;
      doc.warnings.forEach((warning) => log.warn(doc.options.logLevel, warning));
      if (doc.errors.length > 0) {
        if (doc.options.logLevel !== "silent")
          throw doc.errors[0];
        else
          doc.errors = [];
      }
      return doc.toJS(Object.assign({ reviver: _reviver }, options));
    }
    function stringify(value, replacer, options) {
      let _replacer = null;
      if (typeof replacer === "function" || Array.isArray(replacer)) {
        _replacer = replacer;
      } else if (options === void 0 && replacer) {
        options = replacer;
      }
      if (typeof options === "string")
        options = options.length;
      if (typeof options === "number") {
        const indent = Math.round(options);
        options = indent < 1 ? void 0 : indent > 8 ? { indent: 8 } : { indent };
      }
      if (value === void 0) {
        const { keepUndefined } = options ?? replacer ?? {};
        if (!keepUndefined)
          return void 0;
      }
      if (identity.isDocument(value) && !_replacer)
        return value.toString(options);
      return new Document.Document(value, _replacer, options).toString(options);
    }
    exports.parse = parse3;
    exports.parseAllDocuments = parseAllDocuments;
    exports.parseDocument = parseDocument;
    exports.stringify = stringify;
  }
});

// node_modules/yaml/dist/index.js
var require_dist = __commonJS({
  "node_modules/yaml/dist/index.js"(exports) {
    "use strict";
    var composer = require_composer();
    var Document = require_Document();
    var Schema = require_Schema();
    var errors = require_errors();
    var Alias = require_Alias();
    var identity = require_identity();
    var Pair = require_Pair();
    var Scalar = require_Scalar();
    var YAMLMap = require_YAMLMap();
    var YAMLSeq = require_YAMLSeq();
    var cst = require_cst();
    var lexer = require_lexer();
    var lineCounter = require_line_counter();
    var parser = require_parser();
    var publicApi = require_public_api();
    var visit = require_visit();
    exports.Composer = composer.Composer;
    exports.Document = Document.Document;
    exports.Schema = Schema.Schema;
    exports.YAMLError = errors.YAMLError;
    exports.YAMLParseError = errors.YAMLParseError;
    exports.YAMLWarning = errors.YAMLWarning;
    exports.Alias = Alias.Alias;
    exports.isAlias = identity.isAlias;
    exports.isCollection = identity.isCollection;
    exports.isDocument = identity.isDocument;
    exports.isMap = identity.isMap;
    exports.isNode = identity.isNode;
    exports.isPair = identity.isPair;
    exports.isScalar = identity.isScalar;
    exports.isSeq = identity.isSeq;
    exports.Pair = Pair.Pair;
    exports.Scalar = Scalar.Scalar;
    exports.YAMLMap = YAMLMap.YAMLMap;
    exports.YAMLSeq = YAMLSeq.YAMLSeq;
    exports.CST = cst;
    exports.Lexer = lexer.Lexer;
    exports.LineCounter = lineCounter.LineCounter;
    exports.Parser = parser.Parser;
    exports.parse = publicApi.parse;
    exports.parseAllDocuments = publicApi.parseAllDocuments;
    exports.parseDocument = publicApi.parseDocument;
    exports.stringify = publicApi.stringify;
    exports.visit = visit.visit;
    exports.visitAsync = visit.visitAsync;
  }
});

// src/cli.ts
import { realpathSync as realpathSync3, writeFileSync as writeFileSync2 } from "node:fs";
import { resolve as resolve4 } from "node:path";
import { isatty } from "node:tty";
import { fileURLToPath } from "node:url";
import { parseArgs as parseArgs2 } from "node:util";

// src/action/plan-files.ts
import { isAbsolute, join as join2, relative as relative2, resolve } from "node:path";

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
function pushAll(target2, items) {
  for (let i = 0; i < items.length; i++) {
    target2.push(items[i]);
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
  const open2 = [];
  for (let i = 0; i < masked.length; i++) {
    const c = masked.charCodeAt(i);
    if (c === 123) {
      open2.push(i);
    } else if (c === 125 && open2.length) {
      open2.pop();
    }
  }
  let out = "";
  let last = 0;
  for (let i = 0; i < open2.length; i++) {
    const at = open2[i];
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
  const code2 = c.charCodeAt(0);
  if (code2 >= 128)
    return l.re.test(c);
  const ascii = l.ascii ??= new Uint8Array(128);
  ascii[code2] ||= l.re.test(c) ? 1 : 2;
  return ascii[code2] === 1;
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
  let run3 = "";
  const flush = () => {
    for (const ch of run3.normalize(form))
      out.push(lit(ch));
    run3 = "";
  };
  for (const it of items) {
    if (it.t === "lit") {
      run3 += it.ch;
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
  const walk2 = (n, indent) => {
    if (n.t === "match" || seen.has(n))
      return;
    seen.add(n);
    const line = (desc) => lines.push(`${indent}${n.id}: ${desc}`);
    switch (n.t) {
      case "split":
        line(`split -> ${n.out.map(ref).join(", ")}`);
        for (const o of n.out)
          walk2(o, indent);
        return;
      case "neg":
        line(`!(${ref(n.sub)}) -> ${ref(n.next)}`);
        walk2(n.sub, indent + "  ");
        return walk2(n.next, indent);
      case "lit":
        line(`${JSON.stringify(n.ch)} -> ${ref(n.next)}`);
        break;
      case "class":
        line(`${n.re} -> ${ref(n.next)}`);
        break;
      default:
        line(`${n.t === "any" ? "?" : "*"} -> ${ref(n.next)}`);
    }
    walk2(n.next, indent);
  };
  walk2(start, "");
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
  #visit(state, node2) {
    const { seen } = this.#marks;
    if (seen[node2.id] === state.gen)
      return false;
    seen[node2.id] = state.gen;
    return true;
  }
  #addThread(state, node2) {
    const { has } = this.#marks;
    if (has[node2.id] === state.gen)
      return false;
    has[node2.id] = state.gen;
    state.threads.push(node2);
    return true;
  }
  // wildcards only match a leading dot if `dot:true`. In a negated
  // sub-pattern, this does not apply, because the negation itself
  // can not match a leading dot.
  restricted(i, top) {
    return top && (this.dots || this.dotStart && i === 0);
  }
  add(state, node2, i, top) {
    switch (node2.t) {
      case "split":
        if (!this.#visit(state, node2))
          return;
        for (const o of node2.out)
          this.add(state, o, i, top);
        return;
      case "neg":
        if (!this.#visit(state, node2))
          return;
        const sub = this.state();
        this.add(sub, node2.sub, i, false);
        this.done(sub);
        return this.addRun(state, { t: "run", neg: node2, state: sub }, i, top);
      case "star":
        if (this.restricted(i, top))
          return;
        if (this.#addThread(state, node2))
          this.add(state, node2.next, i, top);
        return;
      case "match":
        state.match = true;
        return;
      default:
        this.#addThread(state, node2);
    }
  }
  addRun(state, run3, i, top) {
    for (const r of state.runs) {
      if (r.neg === run3.neg && sameState(r.state, run3.state))
        return;
    }
    state.runs.push(run3);
    if (!run3.state.match) {
      this.add(state, run3.neg.next, i, top);
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
      for (const run3 of state.runs) {
        if (run3.state.dead) {
          this.addRun(next, run3, i + 1, top);
          continue;
        }
        const sub = this.step(run3.state, c, i, false);
        this.addRun(next, { t: "run", neg: run3.neg, state: sub }, i + 1, top);
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
    const code2 = c.charCodeAt(0);
    const found = code2 < 128 ? void 0 : d.next.get(c);
    if (found)
      return found;
    const n = d === this.#dotStart ? this.#intern(this.#dotSim.step(d.state, c, 0, true)) : this.#intern(this.#sim.step(d.state, c, 1, true));
    if (code2 < 128) {
      if (!d.ascii) {
        d.ascii = new Array(128);
        this.#size += 128;
      }
      d.ascii[code2] = n;
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
      const code2 = str ? s.charCodeAt(i) : chars[i].charCodeAt(0);
      d = d.ascii?.[code2] ?? dfa.next(d, chars[i]);
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
var dotPortion = (f, start, end, dot, sep3) => {
  for (let k = start; k < end; ) {
    if (f.charCodeAt(k) === 46) {
      if (!dot)
        return true;
      const n = f.charCodeAt(k + 1) === 46 ? k + 2 : k + 1;
      if (n >= end || isSep(f.charCodeAt(n), sep3))
        return true;
    }
    const s = nextSep(f, k, sep3);
    if (s === -1)
      return false;
    k = s + 1;
    while (k < end && isSep(f.charCodeAt(k), sep3))
      k++;
  }
  return false;
};
var isSep = (c, sep3) => sep3 === "/" ? c === 47 : sep3 === "\\" ? c === 92 : c === 47 || c === 92;
var nextSep = (f, from, sep3) => {
  if (sep3 !== "both")
    return f.indexOf(sep3, from);
  const s = f.indexOf("/", from);
  const b = f.indexOf("\\", from);
  return s === -1 ? b : b === -1 ? s : Math.min(s, b);
};
var lastSep = (f, from, sep3) => sep3 !== "both" ? f.lastIndexOf(sep3, from) : Math.max(f.lastIndexOf("/", from), f.lastIndexOf("\\", from));
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
    const sep3 = !this.isWindows || !f.includes("\\") ? "/" : f.includes("/") ? "both" : "\\";
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
        const i = lastSep(f, f.length, sep3);
        lastStart = i + 1;
        last = f.slice(lastStart);
        if (last === "" && i >= 0) {
          let j = i;
          while (j > 0 && isSep(f.charCodeAt(j - 1), sep3))
            j--;
          prevStart = j === 0 ? 0 : lastSep(f, j - 1, sep3) + 1;
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
        if (this.#level2 && dotPortion(f, 0, tailStart, true, sep3)) {
          return "maybe";
        }
        if (!dotPortion(f, 0, tailStart, dot, sep3))
          return "yes";
        continue;
      }
      if (shape === "mid" || shape === "head") {
        const m = this.#walk(f, row, shape === "head", dot, sep3);
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
  #walk(f, row, head, dot, sep3) {
    if (this.#level2 && dotPortion(f, 0, f.length, true, sep3))
      return "maybe";
    const x = row[head ? 0 : 1];
    let s = 0;
    for (let e = nextSep(f, s, sep3); e !== -1; e = nextSep(f, s, sep3)) {
      let next = e + 1;
      while (next < f.length && isSep(f.charCodeAt(next), sep3))
        next++;
      const hit = typeof x === "string" ? e - s === x.length && f.startsWith(x, s) : e > s && x.testUnchecked(f.slice(s, e));
      if (hit && !dotPortion(f, next, f.length, dot, sep3))
        return "yes";
      if (head || dotPortion(f, s, next, dot, sep3))
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
  #matchRow(file, resolved, pattern, partial2) {
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
      return this.#matchGlobstar(file, pattern, partial2, fileStartIndex, patternStartIndex);
    }
    return this.#matchOne(file, pattern, partial2, fileStartIndex, patternStartIndex);
  }
  #matchGlobstar(file, pattern, partial2, fileIndex, patternIndex) {
    const { head, body, tail, segments } = this.#getGlobstarParts(pattern, partial2, patternIndex);
    if (head.length) {
      const headEnd = fileIndex + head.length;
      if (!this.#matchOne(file, head, partial2, fileIndex, 0, headEnd)) {
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
      if (this.#matchOne(file, tail, partial2, tailStart, 0)) {
        fileTailMatch = tail.length;
      } else {
        if (file[file.length - 1] !== "" || fileIndex + tail.length === file.length) {
          return false;
        }
        tailStart--;
        if (!this.#matchOne(file, tail, partial2, tailStart, 0)) {
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
      return partial2 || sawSome;
    }
    return !!this.#matchGlobStarBodySections(file, segments, file.length - fileTailMatch, fileIndex, 0, partial2, 0, !!fileTailMatch, /* @__PURE__ */ new Set());
  }
  // Split the pattern into head, tail, and middle of ** delimited
  // parts. The tail has to be at the end, and the others just have to
  // be found in order from the head. These only depend on the pattern
  // row, so they are kept for the next path.
  #getGlobstarParts(pattern, partial2, patternIndex) {
    let byStart = this.#globstarParts.get(pattern);
    if (!byStart) {
      byStart = [];
      this.#globstarParts.set(pattern, byStart);
    }
    const key = patternIndex * 2 + (partial2 ? 1 : 0);
    const found = byStart[key];
    if (found)
      return found;
    const firstgs = pattern.indexOf(GLOBSTAR, patternIndex);
    const lastgs = pattern.lastIndexOf(GLOBSTAR);
    const head = pattern.slice(patternIndex, firstgs);
    const body = pattern.slice(firstgs + 1, partial2 ? void 0 : lastgs);
    const tail = partial2 ? [] : pattern.slice(lastgs + 1);
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
  #matchGlobStarBodySections(file, bodySegments, fileLength, fileIndex, bodyIndex, partial2, globStarDepth, sawTail, tried) {
    const bs = bodySegments[bodyIndex];
    if (!bs) {
      if (partial2) {
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
    const after = partial2 ? fileLength : fileLength - need;
    while (fileIndex <= after) {
      const key = bodyIndex * (file.length + 1) + fileIndex;
      if (tried.has(key))
        return false;
      tried.add(key);
      const m = this.#matchOne(file, body, partial2, fileIndex, 0, fileIndex + body.length);
      if (m && globStarDepth < this.maxGlobstarRecursion) {
        const sub = this.#matchGlobStarBodySections(file, bodySegments, fileLength, fileIndex + body.length, bodyIndex + 1, partial2, globStarDepth + 1, sawTail, tried);
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
    return partial2 || null;
  }
  #matchOne(file, pattern, partial2, fileIndex, patternIndex, fileEnd = file.length) {
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
      return partial2;
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
    let code2 = 57344;
    while (pattern.includes(String.fromCharCode(code2))) {
      if (++code2 > 63743)
        return this.braceExpand();
    }
    const mark2 = String.fromCharCode(code2);
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
  match(f, partial2 = this.partial) {
    if (this.comment) {
      return false;
    }
    if (this.empty) {
      return f === "";
    }
    if (f === "/" && partial2) {
      return true;
    }
    const options = this.options;
    let split = this.#cachedSplit(f);
    if (!split) {
      if (!partial2 && !this.#form && (this.#endCheck || this.#literalCheck) && lastChecked !== f) {
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
      const shape = partial2 ? void 0 : this.#shapes[r];
      const hit = shape === "base" ? portionMatch(pattern[0], filename) : shape ? this.#matchShape(resolved, pattern, shape) : options.matchBase && pattern.length === 1 ? this.#matchRow([filename], [filename], pattern, partial2) : this.#matchRow(ff, resolved, pattern, partial2);
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

// src/errors.ts
var InputError = class extends Error {
  constructor(source, problem) {
    super(source ? `${source}: ${problem}` : problem);
    this.source = source;
    this.problem = problem;
  }
  source;
  problem;
  name = "InputError";
};

// src/action/workspace.ts
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, sep as sep2 } from "node:path";
var SKIPPED_DIRECTORIES = /* @__PURE__ */ new Set([".git", "node_modules", ".terraform"]);
function walk(directory, visit) {
  let entries;
  try {
    entries = readdirSync(directory, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const path2 = join(directory, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRECTORIES.has(entry.name)) walk(path2, visit);
    } else if (entry.isFile() || entry.isSymbolicLink() && isFile(path2)) {
      visit(path2);
    }
  }
}
function isFile(path2) {
  try {
    return statSync(path2).isFile();
  } catch {
    return false;
  }
}
function toPosix(path2) {
  return sep2 === "/" ? path2 : path2.split(sep2).join("/");
}
function readTfFiles(workspace, limits = { files: 5e3, bytes: 1e6 }) {
  const found = [];
  walk(workspace, (file) => {
    if (found.length >= limits.files || !file.endsWith(".tf")) return;
    try {
      if (statSync(file).size > limits.bytes) return;
      found.push({ path: toPosix(relative(workspace, file)), text: readFileSync(file, "utf8") });
    } catch {
    }
  });
  return found;
}

// src/action/plan-files.ts
function planFileAt(path2, workspace) {
  const fromWorkspace = relative2(workspace, path2);
  const inside = fromWorkspace !== "" && !fromWorkspace.startsWith("..") && !isAbsolute(fromWorkspace);
  const name = inside ? toPosix(fromWorkspace) : path2;
  const slash = name.lastIndexOf("/");
  return { path: path2, name, configurationDir: inside ? slash < 0 ? "" : name.slice(0, slash) : null };
}

// src/agent/commands.ts
import { spawnSync as spawnSync2 } from "node:child_process";
import { closeSync as closeSync3, existsSync as existsSync5, mkdirSync, openSync as openSync3, readFileSync as readFileSync3, readSync as readSync3, realpathSync as realpathSync2, writeFileSync, writeSync } from "node:fs";
import { delimiter as delimiter2, dirname as dirname2, join as join6, resolve as resolve3 } from "node:path";
import { parseArgs } from "node:util";

// src/catalog/kubernetes-manifest-kinds.ts
var K8S_DOCS = "https://kubernetes.io/docs/";
var STATEFUL_MANIFEST_KINDS = [
  { kind: "CustomResourceDefinition", loses: "every custom resource of this kind, in every namespace: Kubernetes deletes them with their definition", source: `${K8S_DOCS}tasks/extend-kubernetes/custom-resources/custom-resource-definitions/#delete-a-customresourcedefinition` },
  { kind: "Namespace", loses: "every object in the namespace (Kubernetes deletes its contents with it)", source: `${K8S_DOCS}concepts/overview/working-with-objects/namespaces/` },
  { kind: "PersistentVolume", loses: "the backing volume when its reclaim policy (spec.persistentVolumeReclaimPolicy) is Delete", source: `${K8S_DOCS}concepts/storage/persistent-volumes/#reclaiming` },
  { kind: "PersistentVolumeClaim", loses: "the bound volume when its reclaim policy is Delete (the StorageClass's reclaimPolicy, Delete by default)", source: `${K8S_DOCS}concepts/storage/persistent-volumes/#reclaiming` },
  { kind: "Secret", loses: "the secret data", source: `${K8S_DOCS}concepts/configuration/secret/` },
  { kind: "StatefulSet", loses: "its pods, and the claims from volumeClaimTemplates when spec.persistentVolumeClaimRetentionPolicy.whenDeleted is Delete (default Retain)", source: `${K8S_DOCS}concepts/workloads/controllers/statefulset/#persistentvolumeclaim-retention` }
];
function manifestKind(values) {
  if (values === null || typeof values !== "object") return null;
  const manifest = values["manifest"];
  if (manifest === null || typeof manifest !== "object") return null;
  const kind = manifest["kind"];
  return typeof kind === "string" ? kind : null;
}

// src/catalog/stateful-types.ts
var STATEFUL_TYPES = [
  // AWS (hashicorp/aws): databases, object/block/file storage, keys, backups, queues and streams, registries.
  { type: "aws_acmpca_certificate_authority", provider: "aws", loses: "the private CA and its key material", source: "AWSs:acmpca/certificate_authority.go" },
  { type: "aws_athena_database", provider: "aws", loses: "the database and its table definitions (metadata; the data in S3 stays); force_destroy drops the tables first", source: "AWSd:athena_database" },
  { type: "aws_backup_vault", provider: "aws", loses: "every recovery point in the vault (destroy fails while any exist unless force_destroy is true)", source: "AWSs:backup/vault.go; AWSd:backup_vault" },
  { type: "aws_cloudtrail_event_data_store", provider: "aws", loses: "every CloudTrail event stored in the event data store (termination_protection_enabled defaults to true)", source: "AWSd:cloudtrail_event_data_store" },
  { type: "aws_cloudwatch_log_group", provider: "aws", loses: "every log event in the group (unless skip_destroy is true, which only removes it from state)", source: "AWSs:logs/group.go; AWSd:cloudwatch_log_group" },
  { type: "aws_cloudwatch_log_stream", provider: "aws", loses: "every log event in the stream", source: "AWSd:cloudwatch_log_stream" },
  { type: "aws_codeartifact_domain", provider: "aws", loses: "the domain and the packages stored in it", source: "AWSs:codeartifact/domain.go" },
  { type: "aws_codeartifact_repository", provider: "aws", loses: "every package in the repository", source: "AWSs:codeartifact/repository.go" },
  { type: "aws_codecommit_repository", provider: "aws", loses: "the Git repository with its whole history", source: "AWSs:codecommit/repository.go" },
  { type: "aws_cognito_user_pool", provider: "aws", loses: "every user and their credentials, with no way to restore them (deletion_protection defaults to INACTIVE)", source: "AWSs:cognitoidp/user_pool.go" },
  { type: "aws_db_cluster_snapshot", provider: "aws", loses: "the cluster snapshot, a backup", source: "AWSd:db_cluster_snapshot" },
  { type: "aws_db_instance", provider: "aws", loses: "the database instance and all its data, with its automated backups (delete_automated_backups defaults to true); only a final snapshot, if taken, survives", source: "AWSs:rds/instance.go" },
  { type: "aws_db_snapshot", provider: "aws", loses: "the DB snapshot, a backup", source: "AWSd:db_snapshot" },
  { type: "aws_db_snapshot_copy", provider: "aws", loses: "the copied DB snapshot, a backup", source: "AWSd:db_snapshot_copy" },
  { type: "aws_directory_service_directory", provider: "aws", loses: "the directory with its users and groups", source: "AWSs:ds/directory.go" },
  { type: "aws_docdb_cluster", provider: "aws", loses: "every DocumentDB database in the cluster volume; a final snapshot is taken only while skip_final_snapshot is false (the default)", source: "AWSs:docdb/cluster.go" },
  { type: "aws_docdb_cluster_snapshot", provider: "aws", loses: "the DocumentDB cluster snapshot, a backup", source: "AWSd:docdb_cluster_snapshot" },
  { type: "aws_docdb_global_cluster", provider: "aws", loses: "the global cluster that links the regional DocumentDB clusters", source: "AWSd:docdb_global_cluster" },
  { type: "aws_docdbelastic_cluster", provider: "aws", loses: "every DocumentDB database in the elastic cluster", source: "AWScur:docdbelastic_cluster@fe6753a9" },
  { type: "aws_dsql_cluster", provider: "aws", loses: "every table in the Aurora DSQL cluster (deletion_protection_enabled guards it)", source: "AWScur:dsql_cluster@367e0373" },
  { type: "aws_dynamodb_global_table", provider: "aws", loses: "the legacy (2017 version) global table", source: "AWSs:dynamodb/global_table.go" },
  { type: "aws_dynamodb_table", provider: "aws", loses: "every item in the table, and its point-in-time recovery history", source: "AWSs:dynamodb/table.go" },
  { type: "aws_dynamodb_table_replica", provider: "aws", loses: "the replica table in its region, with its items", source: "AWSd:dynamodb_table_replica" },
  { type: "aws_ebs_snapshot", provider: "aws", loses: "the EBS snapshot, a backup", source: "AWSs:ec2/ebs_snapshot.go" },
  { type: "aws_ebs_snapshot_copy", provider: "aws", loses: "the copied EBS snapshot, a backup", source: "AWSd:ebs_snapshot_copy" },
  { type: "aws_ebs_volume", provider: "aws", loses: "the data on the volume; a final snapshot is taken only if final_snapshot is true (default false)", source: "AWSs:ec2/ebs_volume.go; AWSd:ebs_volume" },
  { type: "aws_ecr_repository", provider: "aws", loses: "every image in the repository (destroy fails on a non-empty repository unless force_delete is true)", source: "AWSs:ecr/repository.go; AWSd:ecr_repository" },
  { type: "aws_ecrpublic_repository", provider: "aws", loses: "every image in the public repository", source: "AWSs:ecrpublic/repository.go" },
  { type: "aws_efs_file_system", provider: "aws", loses: "every file in the file system", source: "AWSs:efs/file_system.go" },
  { type: "aws_eks_cluster", provider: "aws", loses: "the cluster state (every Kubernetes object) and its workloads (persistent volumes follow their reclaim policy)", source: "AWSd:eks_cluster" },
  { type: "aws_elasticache_cluster", provider: "aws", loses: "the cached data; no final snapshot unless final_snapshot_identifier is set", source: "AWSs:elasticache/cluster.go; AWSd:elasticache_cluster" },
  { type: "aws_elasticache_replication_group", provider: "aws", loses: "the Redis data on every node; no final snapshot unless final_snapshot_identifier is set", source: "AWSs:elasticache/replication_group.go; AWSd:elasticache_replication_group" },
  { type: "aws_elasticache_serverless_cache", provider: "aws", loses: "the cached data; no final snapshot unless final_snapshot_name is set", source: "AWSd:elasticache_serverless_cache" },
  { type: "aws_elasticsearch_domain", provider: "aws", loses: "every index in the domain", source: "AWSs:elasticsearch/domain.go" },
  { type: "aws_emr_cluster", provider: "aws", loses: "the HDFS data on the cluster's nodes (data in S3 stays)", source: "AWSd:emr_cluster" },
  { type: "aws_fsx_backup", provider: "aws", loses: "the FSx backup", source: "AWSd:fsx_backup" },
  { type: "aws_fsx_lustre_file_system", provider: "aws", loses: "every file; backups are kept only if automatic_backup_retention_days is above 0 (PERSISTENT deployments)", source: "AWSs:fsx/lustre_file_system.go" },
  { type: "aws_fsx_ontap_file_system", provider: "aws", loses: "every volume on the file system", source: "AWSs:fsx/ontap_file_system.go" },
  { type: "aws_fsx_ontap_volume", provider: "aws", loses: "every file on the ONTAP volume; a final backup is taken unless skip_final_backup is true", source: "AWSd:fsx_ontap_volume" },
  { type: "aws_fsx_openzfs_file_system", provider: "aws", loses: "every file; a final backup is taken unless skip_final_backup is true", source: "AWSs:fsx/openzfs_file_system.go; AWSd:fsx_openzfs_file_system" },
  { type: "aws_fsx_openzfs_volume", provider: "aws", loses: "every file on the OpenZFS volume", source: "AWSd:fsx_openzfs_volume" },
  { type: "aws_fsx_windows_file_system", provider: "aws", loses: "every file; a final backup is taken unless skip_final_backup is true", source: "AWSs:fsx/windows_file_system.go; AWSd:fsx_windows_file_system" },
  { type: "aws_glacier_vault", provider: "aws", loses: "every archive in the vault", source: "AWSs:glacier/vault.go" },
  { type: "aws_glue_catalog_database", provider: "aws", loses: "the database and its table definitions (metadata only; the data in S3 stays)", source: "AWSs:glue/catalog_database.go" },
  { type: "aws_glue_catalog_table", provider: "aws", loses: "the table definition (metadata only; the data in S3 stays)", source: "AWSs:glue/catalog_table.go" },
  { type: "aws_instance", provider: "aws", loses: "the root volume and every EBS block device with delete_on_termination (defaults to true)", source: "AWSs:ec2/ec2_instance.go; AWSd:instance" },
  { type: "aws_keyspaces_keyspace", provider: "aws", loses: "every Cassandra table in the keyspace", source: "AWSs:keyspaces/keyspace.go" },
  { type: "aws_keyspaces_table", provider: "aws", loses: "every row in the Cassandra table", source: "AWSs:keyspaces/table.go" },
  { type: "aws_kinesis_stream", provider: "aws", loses: "every record still within the retention period", source: "AWSs:kinesis/stream.go" },
  { type: "aws_kinesis_video_stream", provider: "aws", loses: "the video data retained in the stream", source: "AWSd:kinesis_video_stream" },
  { type: "aws_kms_external_key", provider: "aws", loses: "the key with its imported key material: everything encrypted under it becomes unrecoverable when the deletion window ends (deletion_window_in_days, 30 by default)", source: "AWSd:kms_external_key" },
  { type: "aws_kms_key", provider: "aws", loses: "the key: everything encrypted under it becomes unrecoverable when the deletion window ends (deletion_window_in_days, 30 by default)", source: "AWSs:kms/key.go; AWSd:kms_key" },
  { type: "aws_kms_replica_key", provider: "aws", loses: "the replica key: what is encrypted under it becomes unrecoverable when the deletion window ends", source: "AWSs:kms/replica_key.go" },
  { type: "aws_lightsail_bucket", provider: "aws", loses: "every object in the Lightsail bucket (force_delete empties it first)", source: "AWSd:lightsail_bucket" },
  { type: "aws_lightsail_database", provider: "aws", loses: "the database and all its data", source: "AWSs:lightsail/database.go" },
  { type: "aws_lightsail_disk", provider: "aws", loses: "the data on the Lightsail block storage disk", source: "AWSd:lightsail_disk" },
  { type: "aws_memorydb_cluster", provider: "aws", loses: "the durable Redis data; no final snapshot unless final_snapshot_name is set (snapshot_retention_limit defaults to 0)", source: "AWSs:memorydb/cluster.go; AWSd:memorydb_cluster" },
  { type: "aws_memorydb_snapshot", provider: "aws", loses: "the MemoryDB snapshot, a backup", source: "AWSd:memorydb_snapshot" },
  { type: "aws_mq_broker", provider: "aws", loses: "the persistent messages on the broker", source: "AWSs:mq/broker.go" },
  { type: "aws_msk_cluster", provider: "aws", loses: "the data in every Kafka topic", source: "AWSs:kafka/cluster.go" },
  { type: "aws_msk_serverless_cluster", provider: "aws", loses: "the data in every Kafka topic", source: "AWSs:kafka/serverless_cluster.go" },
  { type: "aws_neptune_cluster", provider: "aws", loses: "the graph data in the cluster volume; a final snapshot is taken only while skip_final_snapshot is false (the default)", source: "AWSs:neptune/cluster.go" },
  { type: "aws_neptune_cluster_snapshot", provider: "aws", loses: "the Neptune cluster snapshot, a backup", source: "AWSd:neptune_cluster_snapshot" },
  { type: "aws_neptune_global_cluster", provider: "aws", loses: "the global database that links the regional Neptune clusters", source: "AWSd:neptune_global_cluster" },
  { type: "aws_opensearch_domain", provider: "aws", loses: "every index in the domain", source: "AWSs:opensearch/domain.go" },
  { type: "aws_opensearchserverless_collection", provider: "aws", loses: "every index in the collection", source: "AWSd:opensearchserverless_collection" },
  { type: "aws_organizations_account", provider: "aws", loses: "by default only its membership of the organization; with close_on_deletion = true, the account and everything in it", source: "AWSd:organizations_account; AWSs:organizations/account.go" },
  { type: "aws_qldb_ledger", provider: "aws", loses: "the ledger journal (deletion_protection defaults to true and must be applied as false before a destroy)", source: "AWSs:qldb/ledger.go; AWSd:qldb_ledger" },
  { type: "aws_rds_cluster", provider: "aws", loses: "the cluster volume with every database, and its automated backups (delete_automated_backups defaults to true)", source: "AWSs:rds/cluster.go" },
  { type: "aws_rds_global_cluster", provider: "aws", loses: "the global database that links the regional clusters", source: "AWSs:rds/global_cluster.go" },
  { type: "aws_redshift_cluster", provider: "aws", loses: "the warehouse data; a final snapshot is taken only while skip_final_snapshot is false (the default)", source: "AWSs:redshift/cluster.go" },
  { type: "aws_redshift_cluster_snapshot", provider: "aws", loses: "the Redshift cluster snapshot, a backup", source: "AWSd:redshift_cluster_snapshot" },
  { type: "aws_redshiftserverless_namespace", provider: "aws", loses: "every database in the namespace", source: "AWSs:redshiftserverless/namespace.go" },
  { type: "aws_redshiftserverless_snapshot", provider: "aws", loses: "the Redshift Serverless snapshot, a backup", source: "AWSd:redshiftserverless_snapshot" },
  { type: "aws_route53_zone", provider: "aws", loses: "every DNS record in the zone (destroy fails on records Terraform does not manage unless force_destroy is true)", source: "AWSs:route53/zone.go; AWSd:route53_zone" },
  { type: "aws_s3_bucket", provider: "aws", loses: "every object in the bucket (destroy fails on a non-empty bucket unless force_destroy is true, which deletes even locked objects)", source: "AWSs:s3/bucket.go; AWSd:s3_bucket" },
  { type: "aws_s3_bucket_object", provider: "aws", loses: "the object (all its versions only if force_destroy is true)", source: "AWSd:s3_bucket_object" },
  { type: "aws_s3_directory_bucket", provider: "aws", loses: "every object in the directory bucket", source: "AWSd:s3_directory_bucket" },
  { type: "aws_s3_object", provider: "aws", loses: "the object (all its versions only if force_destroy is true)", source: "AWSd:s3_object" },
  { type: "aws_s3tables_table", provider: "aws", loses: "every row of the Iceberg table", source: "AWScur:s3tables_table@0ac6a8e1" },
  { type: "aws_s3tables_table_bucket", provider: "aws", loses: "every table in the table bucket", source: "AWScur:s3tables_table_bucket@8fac77f1" },
  { type: "aws_sagemaker_feature_group", provider: "aws", loses: "the records in the online store of the feature group", source: "AWSd:sagemaker_feature_group" },
  { type: "aws_secretsmanager_secret", provider: "aws", loses: "every version of the secret once the recovery window ends (recovery_window_in_days, 30 by default; 0 deletes at once)", source: "AWSs:secretsmanager/secret.go; AWSd:secretsmanager_secret" },
  { type: "aws_sqs_queue", provider: "aws", loses: "every message in the queue", source: "AWSs:sqs/queue.go" },
  { type: "aws_ssm_parameter", provider: "aws", loses: "the parameter value (a secret when the type is SecureString)", source: "AWSs:ssm/parameter.go" },
  { type: "aws_timestreamwrite_database", provider: "aws", loses: "the time-series data in the database", source: "AWSs:timestreamwrite/database.go" },
  { type: "aws_timestreamwrite_table", provider: "aws", loses: "the time-series records in the table", source: "AWSs:timestreamwrite/table.go" },
  // Google Cloud (hashicorp/google): note the generic deletion_policy (§2.2), ABANDON or PREVENT on some types.
  { type: "google_active_directory_domain", provider: "google", loses: "the managed Active Directory domain with its users and groups", source: "GCd:active_directory_domain" },
  { type: "google_alloydb_backup", provider: "google", loses: "the AlloyDB backup", source: "GCd:alloydb_backup" },
  { type: "google_alloydb_cluster", provider: "google", loses: "all data in the cluster", source: "GCs:alloydb/resource_alloydb_cluster.go" },
  { type: "google_artifact_registry_repository", provider: "google", loses: "every image and package in the repository", source: "GCs:artifactregistry/resource_artifact_registry_repository.go" },
  { type: "google_backup_dr_backup_vault", provider: "google", loses: "every backup in the vault (destroy fails while backups exist unless force_delete is true)", source: "GCd:backup_dr_backup_vault" },
  { type: "google_bigquery_dataset", provider: "google", loses: "every table in the dataset (destroy fails while tables exist unless delete_contents_on_destroy is true)", source: "GCs:bigquery/resource_bigquery_dataset.go" },
  { type: "google_bigquery_table", provider: "google", loses: "the table data (deletion_protection defaults to true, in Terraform only)", source: "GCs:bigquery/resource_bigquery_table.go" },
  { type: "google_bigtable_instance", provider: "google", loses: "every table in the instance (backups block the destroy unless force_destroy is true)", source: "GCs:bigtable/resource_bigtable_instance.go" },
  { type: "google_bigtable_table", provider: "google", loses: "the table data", source: "GCs:bigtable/resource_bigtable_table.go" },
  { type: "google_compute_disk", provider: "google", loses: "the disk data; a snapshot is taken on destroy only if create_snapshot_before_destroy is true", source: "GCs:compute/resource_compute_disk.go; GCd:compute_disk" },
  { type: "google_compute_image", provider: "google", loses: "the disk image", source: "GCd:compute_image" },
  { type: "google_compute_instance", provider: "google", loses: "the boot disk (boot_disk.auto_delete defaults to true) and any other attached disk set to auto-delete", source: "GCs:compute/resource_compute_instance.go" },
  { type: "google_compute_machine_image", provider: "google", loses: "the machine image, a backup of a whole VM", source: "GCd:compute_machine_image" },
  { type: "google_compute_region_disk", provider: "google", loses: "the regional disk data", source: "GCs:compute/resource_compute_region_disk.go" },
  { type: "google_compute_snapshot", provider: "google", loses: "the disk snapshot, a backup", source: "GCs:compute/resource_compute_snapshot.go" },
  { type: "google_container_cluster", provider: "google", loses: "the cluster state and its workloads (persistent-disk volumes follow their reclaim policy)", source: "GCs:container/resource_container_cluster.go" },
  { type: "google_dataproc_metastore_service", provider: "google", loses: "the Hive metastore: every table and partition definition in it (deletion_protection guards it)", source: "GCd:dataproc_metastore_service" },
  { type: "google_dns_managed_zone", provider: "google", loses: "every record in the zone (destroy fails on records Terraform does not manage unless force_destroy is true)", source: "GCs:dns/resource_dns_managed_zone.go" },
  { type: "google_filestore_backup", provider: "google", loses: "the Filestore backup", source: "GCd:filestore_backup" },
  { type: "google_filestore_instance", provider: "google", loses: "every file on the instance", source: "GCs:filestore/resource_filestore_instance.go" },
  { type: "google_filestore_snapshot", provider: "google", loses: "the Filestore snapshot", source: "GCd:filestore_snapshot" },
  { type: "google_firestore_database", provider: "google", loses: "every document, but only when deletion_policy is DELETE; the default ABANDON leaves the database in place", source: "GCs:firestore/resource_firestore_database.go; GCd:firestore_database" },
  { type: "google_firestore_document", provider: "google", loses: "the document and its fields", source: "GCd:firestore_document" },
  { type: "google_healthcare_consent_store", provider: "google", loses: "every consent record in the store", source: "GCd:healthcare_consent_store" },
  { type: "google_healthcare_dataset", provider: "google", loses: "every FHIR, DICOM, HL7v2 and consent store in the dataset, with the health data in them", source: "GCd:healthcare_dataset" },
  { type: "google_healthcare_dicom_store", provider: "google", loses: "every DICOM image in the store", source: "GCd:healthcare_dicom_store" },
  { type: "google_healthcare_fhir_store", provider: "google", loses: "every FHIR resource in the store", source: "GCd:healthcare_fhir_store" },
  { type: "google_healthcare_hl7_v2_store", provider: "google", loses: "every HL7v2 message in the store", source: "GCd:healthcare_hl7_v2_store" },
  { type: "google_kms_crypto_key", provider: "google", loses: "every key version: data encrypted with them becomes unrecoverable after destroy_scheduled_duration (30 days by default)", source: "GCd:kms_crypto_key" },
  { type: "google_kms_crypto_key_version", provider: "google", loses: "the key version: data encrypted with it becomes unrecoverable once it is destroyed", source: "GCd:kms_crypto_key_version" },
  { type: "google_logging_billing_account_bucket_config", provider: "google", loses: "the logs stored in the bucket", source: "GCd:logging_billing_account_bucket_config" },
  { type: "google_logging_folder_bucket_config", provider: "google", loses: "the logs stored in the bucket", source: "GCd:logging_folder_bucket_config" },
  { type: "google_logging_organization_bucket_config", provider: "google", loses: "the logs stored in the bucket", source: "GCd:logging_organization_bucket_config" },
  { type: "google_logging_project_bucket_config", provider: "google", loses: "the logs stored in the bucket", source: "GCs:logging/resource_logging_project_bucket_config.go" },
  { type: "google_memorystore_instance", provider: "google", loses: "the in-memory data and its persisted copy", source: "GCs:memorystore/resource_memorystore_instance.go" },
  { type: "google_netapp_volume", provider: "google", loses: "every file on the NetApp volume", source: "GCd:netapp_volume" },
  { type: "google_parallelstore_instance", provider: "google", loses: "every file on the Parallelstore instance", source: "GCd:parallelstore_instance" },
  { type: "google_privateca_certificate_authority", provider: "google", loses: "the CA and its signing key; certificates it issued can no longer be renewed or revoked (deletion_protection defaults to true, in Terraform only)", source: "GCd:privateca_certificate_authority" },
  { type: "google_project", provider: "google", loses: "everything in the project when deletion_policy is DELETE (the default PREVENT makes the destroy fail)", source: "GCs:resourcemanager/resource_google_project.go; GCd:google_project" },
  { type: "google_pubsub_subscription", provider: "google", loses: "undelivered and retained messages", source: "GCs:pubsub/resource_pubsub_subscription.go" },
  { type: "google_pubsub_topic", provider: "google", loses: "messages retained on the topic", source: "GCs:pubsub/resource_pubsub_topic.go" },
  { type: "google_redis_cluster", provider: "google", loses: "the in-memory data and its persisted copy", source: "GCs:redis/resource_redis_cluster.go" },
  { type: "google_redis_instance", provider: "google", loses: "the in-memory data and its persisted copy", source: "GCs:redis/resource_redis_instance.go" },
  { type: "google_secret_manager_regional_secret", provider: "google", loses: "every version of the regional secret", source: "GCd:secret_manager_regional_secret" },
  { type: "google_secret_manager_secret", provider: "google", loses: "every version of the secret", source: "GCs:secretmanager/resource_secret_manager_secret.go" },
  { type: "google_secret_manager_secret_version", provider: "google", loses: "the secret value of this version (deletion_policy DELETE by default; ABANDON or DISABLE keep it)", source: "GCd:secret_manager_secret_version" },
  { type: "google_sourcerepo_repository", provider: "google", loses: "the Git repository with its whole history", source: "GCd:sourcerepo_repository" },
  { type: "google_spanner_database", provider: "google", loses: "the database and its data (deletion_protection defaults to true, in Terraform only)", source: "GCs:spanner/resource_spanner_database.go" },
  { type: "google_spanner_instance", provider: "google", loses: "every database in the instance (backups are kept unless force_destroy is true)", source: "GCs:spanner/resource_spanner_instance.go" },
  { type: "google_sql_database", provider: "google", loses: "the database and its data", source: "GCs:sql/resource_sql_database.go" },
  { type: "google_sql_database_instance", provider: "google", loses: "the instance and all its databases, and its backups unless settings.retain_backups_on_delete or final_backup_config is set", source: "GCs:sql/resource_sql_database_instance.go; GCd:sql_database_instance" },
  { type: "google_storage_bucket", provider: "google", loses: "every object in the bucket (destroy fails on a non-empty bucket unless force_destroy is true)", source: "GCs:storage/resource_storage_bucket.go" },
  { type: "google_storage_bucket_object", provider: "google", loses: "the object", source: "GCd:storage_bucket_object" },
  { type: "google_vertex_ai_dataset", provider: "google", loses: "the dataset and its data items", source: "GCd:vertex_ai_dataset" },
  { type: "google_vertex_ai_featurestore", provider: "google", loses: "every entity type and its feature values (force_destroy deletes them)", source: "GCd:vertex_ai_featurestore" },
  // Azure (hashicorp/azurerm): some losses depend on provider `features {}` switches (§2.3), not the resource.
  { type: "azurerm_app_configuration", provider: "azurerm", loses: "every key-value in the store (purged on destroy by default: features.app_configuration.purge_soft_delete_on_destroy)", source: "AZd:app_configuration; AZfeat" },
  { type: "azurerm_application_insights", provider: "azurerm", loses: "the telemetry collected by the component", source: "AZd:application_insights" },
  { type: "azurerm_container_registry", provider: "azurerm", loses: "every image in the registry", source: "AZd:container_registry" },
  { type: "azurerm_cosmosdb_account", provider: "azurerm", loses: "every database and container in the account", source: "AZd:cosmosdb_account" },
  { type: "azurerm_cosmosdb_cassandra_keyspace", provider: "azurerm", loses: "every Cassandra table in the keyspace", source: "AZd:cosmosdb_cassandra_keyspace" },
  { type: "azurerm_cosmosdb_cassandra_table", provider: "azurerm", loses: "every row in the Cassandra table", source: "AZd:cosmosdb_cassandra_table" },
  { type: "azurerm_cosmosdb_gremlin_database", provider: "azurerm", loses: "every graph in the database", source: "AZd:cosmosdb_gremlin_database" },
  { type: "azurerm_cosmosdb_gremlin_graph", provider: "azurerm", loses: "every vertex and edge in the graph", source: "AZd:cosmosdb_gremlin_graph" },
  { type: "azurerm_cosmosdb_mongo_collection", provider: "azurerm", loses: "every document in the collection", source: "AZd:cosmosdb_mongo_collection" },
  { type: "azurerm_cosmosdb_mongo_database", provider: "azurerm", loses: "every collection in the database", source: "AZd:cosmosdb_mongo_database" },
  { type: "azurerm_cosmosdb_postgresql_cluster", provider: "azurerm", loses: "every database in the cluster", source: "AZd:cosmosdb_postgresql_cluster" },
  { type: "azurerm_cosmosdb_sql_container", provider: "azurerm", loses: "every item in the container", source: "AZd:cosmosdb_sql_container" },
  { type: "azurerm_cosmosdb_sql_database", provider: "azurerm", loses: "every container in the database", source: "AZd:cosmosdb_sql_database" },
  { type: "azurerm_cosmosdb_table", provider: "azurerm", loses: "every entity in the table", source: "AZd:cosmosdb_table" },
  { type: "azurerm_data_protection_backup_vault", provider: "azurerm", loses: "every backup in the vault", source: "AZd:data_protection_backup_vault" },
  { type: "azurerm_dns_zone", provider: "azurerm", loses: "every record in the zone", source: "AZd:dns_zone" },
  { type: "azurerm_elastic_san", provider: "azurerm", loses: "every volume group and volume in the Elastic SAN", source: "AZd:elastic_san" },
  { type: "azurerm_elastic_san_volume", provider: "azurerm", loses: "the data on the Elastic SAN volume", source: "AZd:elastic_san_volume" },
  { type: "azurerm_eventhub", provider: "azurerm", loses: "the events retained in the hub", source: "AZd:eventhub" },
  { type: "azurerm_eventhub_namespace", provider: "azurerm", loses: "every event hub in the namespace, with its events", source: "AZd:eventhub_namespace" },
  { type: "azurerm_key_vault", provider: "azurerm", loses: "every key, secret and certificate, purged on destroy by default (features.key_vault.purge_soft_delete_on_destroy) unless purge protection is on", source: "AZd:key_vault; AZfeat" },
  { type: "azurerm_key_vault_certificate", provider: "azurerm", loses: "the certificate and its private key, purged on destroy by default (features.key_vault.purge_soft_deleted_certificates_on_destroy)", source: "AZd:key_vault_certificate; AZfeat" },
  { type: "azurerm_key_vault_key", provider: "azurerm", loses: "the key, purged on destroy by default (features.key_vault.purge_soft_deleted_keys_on_destroy): data encrypted with it becomes unrecoverable", source: "AZd:key_vault_key; AZfeat" },
  { type: "azurerm_key_vault_managed_hardware_security_module", provider: "azurerm", loses: "every key in the managed HSM (purged on destroy by default: features.key_vault.purge_soft_deleted_hardware_security_modules_on_destroy)", source: "AZd:key_vault_managed_hardware_security_module; AZfeat" },
  { type: "azurerm_key_vault_managed_hardware_security_module_key", provider: "azurerm", loses: "the HSM key: data encrypted with it becomes unrecoverable", source: "AZd:key_vault_managed_hardware_security_module_key" },
  { type: "azurerm_key_vault_secret", provider: "azurerm", loses: "the secret, purged on destroy by default (features.key_vault.purge_soft_deleted_secrets_on_destroy)", source: "AZd:key_vault_secret; AZfeat" },
  { type: "azurerm_kubernetes_cluster", provider: "azurerm", loses: "the cluster state and its workloads", source: "AZd:kubernetes_cluster" },
  { type: "azurerm_kusto_cluster", provider: "azurerm", loses: "every database in the cluster", source: "AZd:kusto_cluster" },
  { type: "azurerm_kusto_database", provider: "azurerm", loses: "the data in the database", source: "AZd:kusto_database" },
  { type: "azurerm_linux_virtual_machine", provider: "azurerm", loses: "the OS disk (features.virtual_machine.delete_os_disk_on_deletion defaults to true)", source: "AZd:linux_virtual_machine; AZfeat" },
  { type: "azurerm_log_analytics_workspace", provider: "azurerm", loses: "the logs (soft-deleted by default; gone at once when features.log_analytics_workspace.permanently_delete_on_destroy is true)", source: "AZd:log_analytics_workspace; AZfeat" },
  { type: "azurerm_managed_disk", provider: "azurerm", loses: "the disk data", source: "AZd:managed_disk" },
  { type: "azurerm_managed_lustre_file_system", provider: "azurerm", loses: "every file on the Lustre file system", source: "AZd:managed_lustre_file_system" },
  { type: "azurerm_mariadb_database", provider: "azurerm", loses: "the database and its data (Azure Database for MariaDB; removed from azurerm in 4.0)", source: "AZ3d:mariadb_database@97897398" },
  { type: "azurerm_mariadb_server", provider: "azurerm", loses: "every database on the server (Azure Database for MariaDB; removed from azurerm in 4.0)", source: "AZ3d:mariadb_server@d4ec0b02" },
  { type: "azurerm_mssql_database", provider: "azurerm", loses: "the database and its data", source: "AZd:mssql_database" },
  { type: "azurerm_mssql_managed_database", provider: "azurerm", loses: "the database on the managed instance", source: "AZd:mssql_managed_database" },
  { type: "azurerm_mssql_managed_instance", provider: "azurerm", loses: "every database on the managed instance", source: "AZd:mssql_managed_instance" },
  { type: "azurerm_mssql_server", provider: "azurerm", loses: "every database on the server", source: "AZd:mssql_server" },
  { type: "azurerm_mysql_database", provider: "azurerm", loses: "the database and its data (Azure Database for MySQL single server; removed from azurerm in 4.0)", source: "AZ3d:mysql_database@0bcfe299" },
  { type: "azurerm_mysql_flexible_database", provider: "azurerm", loses: "the database and its data", source: "AZd:mysql_flexible_database" },
  { type: "azurerm_mysql_flexible_server", provider: "azurerm", loses: "every database on the server", source: "AZd:mysql_flexible_server" },
  { type: "azurerm_mysql_server", provider: "azurerm", loses: "every database on the single server (removed from azurerm in 4.0)", source: "AZ3d:mysql_server@18b22139" },
  { type: "azurerm_netapp_snapshot", provider: "azurerm", loses: "the NetApp volume snapshot", source: "AZd:netapp_snapshot" },
  { type: "azurerm_netapp_volume", provider: "azurerm", loses: "every file on the volume (the provider refuses by default: features.netapp.prevent_volume_destruction)", source: "AZd:netapp_volume; AZfeat" },
  { type: "azurerm_postgresql_database", provider: "azurerm", loses: "the database and its data (Azure Database for PostgreSQL single server; removed from azurerm in 4.0)", source: "AZ3d:postgresql_database@1cf75916" },
  { type: "azurerm_postgresql_flexible_server", provider: "azurerm", loses: "every database on the server", source: "AZd:postgresql_flexible_server" },
  { type: "azurerm_postgresql_flexible_server_database", provider: "azurerm", loses: "the database and its data", source: "AZd:postgresql_flexible_server_database" },
  { type: "azurerm_postgresql_server", provider: "azurerm", loses: "every database on the single server (removed from azurerm in 4.0)", source: "AZ3d:postgresql_server@0bcfe299" },
  { type: "azurerm_private_dns_zone", provider: "azurerm", loses: "every record in the zone", source: "AZd:private_dns_zone" },
  { type: "azurerm_recovery_services_vault", provider: "azurerm", loses: "every backup in the vault", source: "AZd:recovery_services_vault" },
  { type: "azurerm_redis_cache", provider: "azurerm", loses: "the cached data", source: "AZd:redis_cache" },
  { type: "azurerm_resource_group", provider: "azurerm", loses: "every resource in the group (the provider refuses by default: features.resource_group.prevent_deletion_if_contains_resources)", source: "AZd:resource_group; AZfeat" },
  { type: "azurerm_search_service", provider: "azurerm", loses: "every search index", source: "AZd:search_service" },
  { type: "azurerm_servicebus_namespace", provider: "azurerm", loses: "every queue and topic in the namespace, with their messages", source: "AZd:servicebus_namespace" },
  { type: "azurerm_servicebus_queue", provider: "azurerm", loses: "every message in the queue", source: "AZd:servicebus_queue" },
  { type: "azurerm_shared_image_version", provider: "azurerm", loses: "the image version in the gallery", source: "AZd:shared_image_version" },
  { type: "azurerm_snapshot", provider: "azurerm", loses: "the managed disk snapshot, a backup", source: "AZd:snapshot" },
  { type: "azurerm_sql_database", provider: "azurerm", loses: "the database and its data (legacy azurerm_sql_*; removed from azurerm in 4.0)", source: "AZ3d:sql_database@73b236a4" },
  { type: "azurerm_sql_server", provider: "azurerm", loses: "every database on the server (legacy azurerm_sql_*; removed from azurerm in 4.0)", source: "AZ3d:sql_server@2598a629" },
  { type: "azurerm_storage_account", provider: "azurerm", loses: "all blobs, files, queues and tables in the account", source: "AZd:storage_account" },
  { type: "azurerm_storage_blob", provider: "azurerm", loses: "the blob", source: "AZd:storage_blob" },
  { type: "azurerm_storage_container", provider: "azurerm", loses: "every blob in the container", source: "AZd:storage_container" },
  { type: "azurerm_storage_data_lake_gen2_filesystem", provider: "azurerm", loses: "every file and directory in the filesystem", source: "AZd:storage_data_lake_gen2_filesystem" },
  { type: "azurerm_storage_data_lake_gen2_path", provider: "azurerm", loses: "every file under the path", source: "AZd:storage_data_lake_gen2_path" },
  { type: "azurerm_storage_queue", provider: "azurerm", loses: "every message in the queue", source: "AZd:storage_queue" },
  { type: "azurerm_storage_share", provider: "azurerm", loses: "every file in the share", source: "AZd:storage_share" },
  { type: "azurerm_storage_share_file", provider: "azurerm", loses: "the file", source: "AZd:storage_share_file" },
  { type: "azurerm_storage_table", provider: "azurerm", loses: "every entity in the table", source: "AZd:storage_table" },
  { type: "azurerm_synapse_sql_pool", provider: "azurerm", loses: "the data warehouse in the dedicated SQL pool", source: "AZd:synapse_sql_pool" },
  { type: "azurerm_synapse_workspace", provider: "azurerm", loses: "its SQL pools and workspace metadata", source: "AZd:synapse_workspace" },
  { type: "azurerm_windows_virtual_machine", provider: "azurerm", loses: "the OS disk (features.virtual_machine.delete_os_disk_on_deletion defaults to true)", source: "AZd:windows_virtual_machine; AZfeat" },
  // Kubernetes (hashicorp/kubernetes): both the unversioned and the _v1 name of each; reclaim policies decide volume loss.
  { type: "kubernetes_namespace", provider: "kubernetes", loses: "every object in the namespace (Kubernetes deletes its contents with it)", source: "K8S:kubernetes/schema_metadata.go" },
  { type: "kubernetes_namespace_v1", provider: "kubernetes", loses: "every object in the namespace (Kubernetes deletes its contents with it)", source: "K8S:kubernetes/schema_metadata.go" },
  { type: "kubernetes_persistent_volume", provider: "kubernetes", loses: "the backing volume when its reclaim policy is Delete (persistent_volume_reclaim_policy defaults to Retain)", source: "K8S:kubernetes/resource_kubernetes_persistent_volume_v1.go" },
  { type: "kubernetes_persistent_volume_claim", provider: "kubernetes", loses: "the bound volume when its reclaim policy is Delete (the StorageClass reclaim_policy default)", source: "K8S:kubernetes/resource_kubernetes_persistent_volume_claim_v1.go; K8S:kubernetes/resource_kubernetes_storage_class_v1.go" },
  { type: "kubernetes_persistent_volume_claim_v1", provider: "kubernetes", loses: "the bound volume when its reclaim policy is Delete (the StorageClass reclaim_policy default)", source: "K8S:kubernetes/resource_kubernetes_persistent_volume_claim_v1.go; K8S:kubernetes/resource_kubernetes_storage_class_v1.go" },
  { type: "kubernetes_persistent_volume_v1", provider: "kubernetes", loses: "the backing volume when its reclaim policy is Delete (persistent_volume_reclaim_policy defaults to Retain)", source: "K8S:kubernetes/resource_kubernetes_persistent_volume_v1.go" },
  { type: "kubernetes_secret", provider: "kubernetes", loses: "the secret data", source: "K8S:kubernetes/schema_metadata.go" },
  { type: "kubernetes_secret_v1", provider: "kubernetes", loses: "the secret data", source: "K8S:kubernetes/schema_metadata.go" },
  { type: "kubernetes_stateful_set", provider: "kubernetes", loses: "its pods, and the claims from volume_claim_template when persistent_volume_claim_retention_policy.when_deleted is Delete (default Retain)", source: "K8S:kubernetes/schema_stateful_set_spec.go" },
  { type: "kubernetes_stateful_set_v1", provider: "kubernetes", loses: "its pods, and the claims from volume_claim_template when persistent_volume_claim_retention_policy.when_deleted is Delete (default Retain)", source: "K8S:kubernetes/schema_stateful_set_spec.go" },
  // Other providers: MongoDB Atlas (mongodbatlas_) and Cloudflare (cloudflare_).
  { type: "cloudflare_d1_database", provider: "other", loses: "every table and row in the database", source: "CF:docs/resources/d1_database.md" },
  { type: "cloudflare_r2_bucket", provider: "other", loses: "every object in the bucket", source: "CF:internal/services/r2_bucket/schema.go" },
  { type: "cloudflare_workers_kv_namespace", provider: "other", loses: "every key-value pair in the namespace", source: "CF:internal/services/workers_kv_namespace/schema.go" },
  { type: "cloudflare_zone", provider: "other", loses: "the zone configuration and its DNS records", source: "CF:internal/services/zone/schema.go" },
  { type: "mongodbatlas_advanced_cluster", provider: "other", loses: "the MongoDB cluster and its data; snapshots survive only if retain_backups_enabled is true", source: "MDB:internal/service/advancedcluster/schema.go; MDB:docs/resources/advanced_cluster.md" },
  { type: "mongodbatlas_cluster", provider: "other", loses: "the MongoDB cluster and its data; snapshots survive only if retain_backups_enabled is true", source: "MDB:docs/resources/cluster.md" },
  { type: "mongodbatlas_flex_cluster", provider: "other", loses: "the MongoDB cluster and its data", source: "MDB:docs/resources/flex_cluster.md" },
  { type: "mongodbatlas_serverless_instance", provider: "other", loses: "the MongoDB instance and its data", source: "MDB:docs/resources/serverless_instance.md" }
];

// src/catalog/stateful.ts
var BUILT_IN = new Map(STATEFUL_TYPES.map((row) => [row.type, row]));
var MANIFEST_KINDS = new Map(STATEFUL_MANIFEST_KINDS.map((row) => [row.kind, row]));
var MANIFEST_TYPE = "kubernetes_manifest";
function statefulCatalog(options = {}) {
  const include = options.include ?? [];
  const exclude = options.exclude ?? [];
  const cache4 = /* @__PURE__ */ new Map();
  const resolve5 = (resourceType) => {
    if (exclude.some((glob) => minimatch(resourceType, glob))) return null;
    const row = BUILT_IN.get(resourceType);
    if (row) return { type: row.type, loses: row.loses, source: "built-in" };
    if (include.some((glob) => minimatch(resourceType, glob))) {
      return { type: resourceType, loses: "the data this resource holds (declared stateful by the policy file)", source: "policy" };
    }
    return null;
  };
  const lookup = (resourceType) => {
    if (!cache4.has(resourceType)) cache4.set(resourceType, resolve5(resourceType));
    return cache4.get(resourceType) ?? null;
  };
  return {
    lookup,
    lookupObject(resourceType, values) {
      const byType = lookup(resourceType);
      if (byType || resourceType !== MANIFEST_TYPE || exclude.some((glob) => minimatch(resourceType, glob))) return byType;
      const row = MANIFEST_KINDS.get(manifestKind(values) ?? "");
      return row ? { type: `${MANIFEST_TYPE} (kind ${row.kind})`, loses: row.loses, source: "built-in" } : null;
    }
  };
}

// src/rules/types.ts
var SEVERITIES = ["critical", "high", "medium", "low", "info"];
function severityRank(severity) {
  return SEVERITIES.length - SEVERITIES.indexOf(severity);
}
function atLeast(severity, threshold) {
  return severityRank(severity) >= severityRank(threshold);
}
var RULE_IDS = [
  "stateful-delete",
  "stateful-replace",
  "empty-prior-state",
  "mass-delete",
  "deletion-protection-disabled",
  "deletion-protection-missing",
  "backup-weakened",
  "iam-wildcard-action",
  "iam-wildcard-resource",
  "iam-admin-policy",
  "iam-public-principal",
  "iam-unverifiable",
  "network-open-ingress",
  // Not a plan rule: the action's finding when a pull request changes the policy file that gates it.
  "policy-changed",
  // Beyond the contract's table: a forget is information, never a delete.
  "resource-forget",
  // Beyond the contract's table (documented in the README's rule reference and docs/rules-*.md).
  "destructive-action",
  "helm-release-uninstall",
  "iam-policy-removed",
  "key-disabled"
];
function resourceFinding(rule, change, fields) {
  return {
    ruleId: rule.id,
    severity: fields.severity ?? rule.defaultSeverity,
    address: change.address,
    resourceType: change.type,
    actions: [...change.rawActions],
    message: fields.message,
    remediation: fields.remediation ?? null,
    details: fields.details ?? [],
    suppressed: null,
    ...fields.evidence === void 0 ? {} : { evidence: fields.evidence }
  };
}
function planFinding(rule, fields) {
  return {
    ruleId: rule.id,
    severity: fields.severity ?? rule.defaultSeverity,
    address: null,
    resourceType: null,
    actions: [],
    message: fields.message,
    remediation: fields.remediation ?? null,
    details: fields.details ?? [],
    suppressed: null,
    ...fields.evidence === void 0 ? {} : { evidence: fields.evidence }
  };
}

// src/decision/blocking.ts
function isBlockingFinding(finding, blockOn) {
  return finding.suppressed === null && blockOn !== "none" && atLeast(finding.severity, blockOn);
}
function highestRisk(findings) {
  let risk = "none";
  for (const finding of findings) {
    if (finding.suppressed) continue;
    if (risk === "none" || severityRank(finding.severity) > severityRank(risk)) risk = finding.severity;
  }
  return risk;
}

// src/decision/fingerprint.ts
import { createHash as createHash2 } from "node:crypto";

// src/rules/evidence.ts
import { createHash } from "node:crypto";

// src/plan/model.ts
var SCRUBBED_SECRET_MIN_LENGTH = 4;
function isDestroying(change) {
  return change.action === "delete" || change.action === "replace";
}
function configurationSets(change, argument) {
  return change.configuredArguments === null ? null : change.configuredArguments.has(argument);
}
function summarize(changes) {
  const summary = { create: 0, update: 0, replace: 0, delete: 0, read: 0, noop: 0, forget: 0, import: 0, move: 0 };
  for (const change of changes) {
    switch (change.action) {
      case "create":
        summary.create++;
        break;
      case "update":
        summary.update++;
        break;
      case "replace":
        summary.replace++;
        break;
      case "create-then-forget":
        summary.replace++;
        break;
      case "delete":
        summary.delete++;
        break;
      case "read":
        summary.read++;
        break;
      case "no-op":
        summary.noop++;
        break;
      case "forget":
        summary.forget++;
        break;
      case "unknown":
        break;
    }
    if (change.isImport) summary.import++;
    if (change.isMove) summary.move++;
  }
  return summary;
}

// src/plan/secret-matcher.ts
function isWordCharacter(code2) {
  return code2 >= 97 && code2 <= 122 || code2 >= 65 && code2 <= 90 || code2 >= 48 && code2 <= 57 || code2 === 95 || code2 === 46 || code2 === 45;
}
var KEY_LENGTH = 4;
function keyAt(text, at) {
  let hash = 0;
  for (let k = 0; k < KEY_LENGTH; k++) hash = Math.imul(hash, 31) + text.charCodeAt(at + k) | 0;
  return hash;
}
var SecretMatcher = class {
  /** Forms by the hash of their first KEY_LENGTH characters, longest first within each. */
  byKey = /* @__PURE__ */ new Map();
  /** Forms shorter than KEY_LENGTH, longest first: checked at every position (there are few). */
  short = [];
  constructor(forms) {
    const unique = /* @__PURE__ */ new Map();
    for (const form of forms) {
      if (form.text === "") continue;
      const known = unique.get(form.text);
      if (!known) unique.set(form.text, form);
    }
    for (const form of unique.values()) {
      if (form.text.length < KEY_LENGTH) {
        this.short.push(form);
        continue;
      }
      const key = keyAt(form.text, 0);
      const bucket = this.byKey.get(key);
      if (bucket) bucket.push(form);
      else this.byKey.set(key, [form]);
    }
    for (const bucket of this.byKey.values()) bucket.sort((a, b) => b.text.length - a.text.length);
    this.short.sort((a, b) => b.text.length - a.text.length);
  }
  get isEmpty() {
    return this.byKey.size === 0 && this.short.length === 0;
  }
  /** Whether any secret occurs in `text`. */
  test(text) {
    for (let at = 0; at < text.length; at++) if (this.longestAt(text, at) !== null) return true;
    return false;
  }
  /** `text` with every occurrence replaced, scanning left to right (matches do not overlap). */
  replaceAll(text, replacement) {
    let out = "";
    let copiedUpTo = 0;
    for (let at = 0; at < text.length; ) {
      const found = this.longestAt(text, at);
      if (found === null) {
        at++;
        continue;
      }
      out += text.slice(copiedUpTo, at) + replacement;
      at += found.text.length;
      copiedUpTo = at;
    }
    return copiedUpTo === 0 ? text : out + text.slice(copiedUpTo);
  }
  /** The longest secret that occurs at `at` (respecting word boundaries), or null. */
  longestAt(text, at) {
    const long = at + KEY_LENGTH <= text.length ? this.byKey.get(keyAt(text, at)) : void 0;
    if (long) {
      for (const form of long) if (this.occursAt(text, at, form)) return form;
    }
    for (const form of this.short) if (this.occursAt(text, at, form)) return form;
    return null;
  }
  occursAt(text, at, form) {
    if (!text.startsWith(form.text, at)) return false;
    if (!form.wholeWord) return true;
    const end = at + form.text.length;
    return !(at > 0 && isWordCharacter(text.charCodeAt(at - 1))) && !(end < text.length && isWordCharacter(text.charCodeAt(end)));
  }
};

// src/plan/values.ts
function valueAt(value, path2) {
  let current = value;
  for (const step of path2) {
    if (current === null || typeof current !== "object") return void 0;
    current = current[step];
  }
  return current;
}
function isMarkedAt(mask, path2) {
  let current = mask;
  for (const step of path2) {
    if (current === true) return true;
    if (current === null || typeof current !== "object") return false;
    current = current[step];
  }
  return containsTrue(current);
}
function pruneMarks(mask) {
  if (mask === null || typeof mask !== "object") return mask === true;
  if (PRUNED.has(mask)) return mask;
  const pruned = prunedBelow(mask);
  if (pruned !== null && typeof pruned === "object") PRUNED.add(pruned);
  return pruned;
}
var PRUNED = /* @__PURE__ */ new WeakSet();
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
  const record2 = mask;
  let kept = null;
  let changed = false;
  for (const key in record2) {
    if (!Object.prototype.hasOwnProperty.call(record2, key)) continue;
    const item = record2[key];
    const pruned = prunedBelow(item);
    if (pruned !== item) changed = true;
    if (pruned === false) continue;
    kept ??= {};
    setOwnKey(kept, key, pruned);
  }
  if (kept === null) return false;
  return changed ? kept : mask;
}
function setOwnKey(target2, key, value) {
  if (key === "__proto__") Object.defineProperty(target2, key, { value, enumerable: true, writable: true, configurable: true });
  else target2[key] = value;
}
function containsTrue(mask) {
  if (mask === true) return true;
  if (mask === null || typeof mask !== "object") return false;
  return Object.values(mask).some(containsTrue);
}
var SENSITIVE_PLACEHOLDER = "(sensitive)";
var UNKNOWN_PLACEHOLDER = "(known after apply)";
var MAX_VALUE_LENGTH = 80;
function displayValue(change, side, path2, secrets) {
  if (isMarkedAt(side === "before" ? change.beforeSensitive : change.afterSensitive, path2)) return SENSITIVE_PLACEHOLDER;
  const value = valueAt(side === "before" ? change.before : change.after, path2);
  if (side === "after" && value === void 0 && isMarkedAt(change.afterUnknown, path2)) return UNKNOWN_PLACEHOLDER;
  return formatPlainValue(value, secrets);
}
function formatPlainValue(value, secrets) {
  if (value === void 0 || value === null) return "null";
  const text = typeof value === "string" ? JSON.stringify(value) : JSON.stringify(value) ?? String(value);
  if (holdsSecretLeaf(value, secrets) || containsSecret(text, secrets)) return SENSITIVE_PLACEHOLDER;
  return text.length > MAX_VALUE_LENGTH ? `${text.slice(0, MAX_VALUE_LENGTH - 1)}…` : text;
}
function holdsSecret(value, secrets) {
  if (value === void 0 || value === null) return false;
  const text = typeof value === "string" ? value : JSON.stringify(value) ?? String(value);
  return holdsSecretLeaf(value, secrets) || containsSecret(text, secrets);
}
function holdsSecretLeaf(value, secrets) {
  if (typeof value === "string" || typeof value === "number") {
    const text = String(value);
    return secrets.sensitive.has(text) || secrets.variables.has(text);
  }
  if (value !== null && typeof value === "object") return Object.values(value).some((item) => holdsSecretLeaf(item, secrets));
  return false;
}
function displayTransition(change, path2, secrets) {
  const before = displayValue(change, "before", path2, secrets);
  const after = displayValue(change, "after", path2, secrets);
  if (before === SENSITIVE_PLACEHOLDER || after === SENSITIVE_PLACEHOLDER) return `${SENSITIVE_PLACEHOLDER} → ${SENSITIVE_PLACEHOLDER}`;
  return `${before} → ${after}`;
}
var secretMatchers = /* @__PURE__ */ new WeakMap();
function containsSecret(text, secrets) {
  let matcher = secretMatchers.get(secrets);
  if (matcher === void 0) {
    matcher = anyOf([...secrets.sensitive, ...secrets.variables].filter((secret) => secret.length >= SCRUBBED_SECRET_MIN_LENGTH));
    secretMatchers.set(secrets, matcher);
  }
  return !matcher.isEmpty && matcher.test(text);
}
function anyOf(values) {
  const forms = /* @__PURE__ */ new Set();
  for (const value of values) {
    forms.add(value);
    forms.add(JSON.stringify(value).slice(1, -1));
  }
  return new SecretMatcher([...forms].map((text) => ({ text, wholeWord: false })));
}
function formatPath(path2) {
  let out = "";
  for (const step of path2) {
    if (typeof step === "number") out += `[${step}]`;
    else if (!/^[A-Za-z_][A-Za-z0-9_-]*$/.test(step)) out += `[${JSON.stringify(step)}]`;
    else out += out === "" ? step : `.${step}`;
  }
  return out;
}

// src/rules/evidence.ts
function canonicalEvidence(evidence) {
  if (evidence === null || typeof evidence !== "object") return JSON.stringify(evidence);
  if (Array.isArray(evidence)) return `[${evidence.map(canonicalEvidence).join(",")}]`;
  const record2 = evidence;
  const keys = Object.keys(record2).sort();
  return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalEvidence(record2[key] ?? null)}`).join(",")}}`;
}
function evidenceSet(items) {
  const byText = /* @__PURE__ */ new Map();
  for (const item of items) byText.set(canonicalEvidence(item), item);
  return [...byText.keys()].sort().map((text) => byText.get(text));
}
function hiddenValue(value) {
  const text = canonicalEvidence(toEvidence(value));
  return { sensitiveSha256: createHash("sha256").update(`tf-plan-guard:sensitive\0${text}`, "utf8").digest("hex") };
}
function toEvidence(value) {
  if (value === void 0 || value === null) return null;
  if (typeof value === "boolean" || typeof value === "number" || typeof value === "string") return value;
  if (Array.isArray(value)) return value.map(toEvidence);
  if (typeof value === "object") return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, toEvidence(item)]));
  return String(value);
}
function attributeEvidence(change, side, path2, secrets) {
  const value = valueAt(side === "before" ? change.before : change.after, path2);
  if (side === "after" && (value === void 0 || value === null) && isMarkedAt(change.afterUnknown, path2)) return { unknown: true };
  const mask = side === "before" ? change.beforeSensitive : change.afterSensitive;
  if (isMarkedAt(mask, path2) || holdsSecret(value, secrets)) return hiddenValue(value);
  return toEvidence(value);
}
function concealSecrets(evidence, secrets) {
  if (evidence === null || typeof evidence === "boolean") return evidence;
  if (typeof evidence === "string" || typeof evidence === "number") return holdsSecret(evidence, secrets) ? hiddenValue(evidence) : evidence;
  if (Array.isArray(evidence)) return evidence.map((item) => concealSecrets(item, secrets));
  const record2 = evidence;
  return Object.fromEntries(Object.keys(record2).map((key) => [key, concealSecrets(record2[key] ?? null, secrets)]));
}

// src/decision/fingerprint.ts
function findingSubject(finding, plan = null) {
  return canonicalEvidence({
    plan,
    ruleId: finding.ruleId,
    address: finding.address,
    actions: finding.actions,
    evidence: finding.evidence ?? null
  });
}
function fingerprint(blockingFindings2, planOf = () => null) {
  const subjects = [...new Set(blockingFindings2.map((finding) => findingSubject(finding, planOf(finding))))].sort();
  return sha256(subjects.join("\n"));
}
function sha256(text) {
  return createHash2("sha256").update(text, "utf8").digest("hex");
}

// src/plan/completeness.ts
var NAMED_EXAMPLES = 3;
var DEFERRAL_REASONS = {
  instance_count_unknown: "its count or for_each is not known yet",
  resource_config_unknown: "its configuration depends on values not known yet",
  provider_config_unknown: "its provider's configuration is not known yet",
  absent_prereq: "something it needs does not exist yet",
  deferred_prereq: "something it depends on was deferred",
  excluded: "it was excluded from this plan",
  not_included: "it was not included in this plan"
};
function describeDeferral(reason) {
  return DEFERRAL_REASONS[reason] ?? `reason ${JSON.stringify(reason)}`;
}
function listed(items) {
  const more = items.length > NAMED_EXAMPLES ? `, and ${items.length - NAMED_EXAMPLES} more` : "";
  return `${items.slice(0, NAMED_EXAMPLES).join(", ")}${more}`;
}
function plural(count2, one, many) {
  return `${count2} ${count2 === 1 ? one : many}`;
}
function describeInvocation(invocation) {
  const when = invocation.triggeringAddress === null ? "on -invoke" : `${invocation.triggerEvent ?? "on a lifecycle event"} of ${invocation.triggeringAddress}`;
  return `${invocation.address} (${when}${invocation.deferredReason === null ? "" : ", deferred"})`;
}
function planWarnings(plan) {
  const warnings = [];
  if (plan.errored) {
    warnings.push(
      "Terraform reported errors while planning: this plan is incomplete (Terraform will not apply it), and changes it could not plan are missing from this analysis."
    );
  }
  if (plan.complete === false && !plan.errored) {
    warnings.push(
      "Terraform marked this plan incomplete (`complete: false`): it was made with -target or -exclude, or some changes were deferred. Applying it does not finish the change; a later plan will hold changes this analysis has not seen."
    );
  }
  if (plan.deferred.length > 0) {
    const reasons = [...new Set(plan.deferred.map((entry) => describeDeferral(entry.reason)))];
    const examples = plan.deferred.map((entry) => `${entry.change.address} (${entry.change.rawActions.join(", ") || "action not known"})`);
    warnings.push(
      `${plural(plan.deferred.length, "change was", "changes were")} deferred to a later plan (${reasons.join("; ")}): ${listed(examples)}. They are not applied now and are not counted in the summary; where their actions are already known they are analyzed below, marked as deferred.`
    );
  }
  if (plan.actionInvocations.length > 0) {
    warnings.push(
      `This plan runs ${plural(plan.actionInvocations.length, "provider action", "provider actions")}: ${listed(plan.actionInvocations.map(describeInvocation))}. An action acts outside Terraform's resource changes, and the plan does not show what it changes or deletes; review each one.`
    );
  }
  const unknown2 = plan.changes.filter((change) => change.action === "unknown");
  if (unknown2.length > 0) {
    const examples = unknown2.slice(0, NAMED_EXAMPLES).map((change) => `${change.address} (${JSON.stringify(change.rawActions)})`);
    const more = unknown2.length > NAMED_EXAMPLES ? `, and ${unknown2.length - NAMED_EXAMPLES} more` : "";
    warnings.push(
      `${unknown2.length} change${unknown2.length === 1 ? " has" : "s have"} actions this version of tf-plan-guard does not know, so ${unknown2.length === 1 ? "it was" : "they were"} not analyzed and ${unknown2.length === 1 ? "is" : "are"} not counted in the summary: ${examples.join(", ")}${more}. Upgrade tf-plan-guard.`
    );
  }
  return warnings;
}

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

// src/plan/identity.ts
var MAX_VALUE_LENGTH2 = 80;
function identifyingValues(change, secrets) {
  const side = change.before !== null && change.before !== void 0 ? "before" : "after";
  const values = [];
  const first = (rows) => {
    for (const row of rows) {
      const shown = showRow(change, side, row, secrets);
      if (shown !== null) return shown;
    }
    return null;
  };
  const name = first(NAME_ATTRIBUTES);
  if (name !== null) values.push(name);
  const environment = first(ENVIRONMENT_TAGS);
  if (environment !== null) values.push(environment);
  const size = first(SIZE_ATTRIBUTES);
  if (size !== null) values.push(size);
  return values;
}
function showRow(change, side, row, secrets) {
  if (row.types && !row.types.includes(change.type)) return null;
  const path2 = [...row.path];
  const object = side === "before" ? change.before : change.after;
  if (side === "after" && isMarkedAt(change.afterUnknown, path2)) return null;
  const value = valueAt(object, path2);
  if (typeof value !== "string" && typeof value !== "number") return null;
  if (displayTransition(change, path2, secrets).includes(SENSITIVE_PLACEHOLDER)) return null;
  const text = String(value);
  if (text === "" || text.length > MAX_VALUE_LENGTH2) return null;
  if (row.show === "name") return text;
  if (row.show === "tag") return `${path2.at(-1)}=${text}`;
  return `${text} ${row.show.unit}`;
}

// src/policy/apply.ts
function applyPolicy(findings, policy) {
  const result = [];
  for (const finding of findings) {
    const settings = policy.rules[finding.ruleId];
    if (settings?.enabled === false) continue;
    const severity = settings?.severity ?? finding.severity;
    const ignore = policy.ignore.find((entry) => ignores(entry, finding));
    result.push({ ...finding, severity, suppressed: ignore ? { reason: ignore.reason } : null });
  }
  return result;
}
function ignores(entry, finding) {
  if (entry.rules && !entry.rules.includes(finding.ruleId)) return false;
  const address = finding.address ?? "";
  return entry.addresses.some((glob) => matchesAddress(address, glob));
}
function matchesAddress(address, glob) {
  if (glob === "**" || glob === "*") return true;
  if (address === "") return false;
  const options = { nocomment: true, noext: true };
  const pathGlob = literalBrackets(toPathForm(glob));
  const candidates = /* @__PURE__ */ new Set([address, withoutModuleInstanceKeys(address)]);
  for (const candidate of candidates) {
    if (minimatch(toPathForm(candidate), pathGlob, options) || minimatch(candidate, literalBrackets(glob), options)) return true;
  }
  return false;
}
function withoutModuleInstanceKeys(address) {
  return address.replace(/(module\.[A-Za-z0-9_-]+)\[(?:\d+|"(?:[^"\\]|\\.)*")\]/g, "$1");
}
function literalBrackets(glob) {
  return glob.replace(/[[\]]/g, "\\$&");
}
function toPathForm(address) {
  let out = "";
  let quoted = false;
  for (const char of address) {
    if (char === '"') quoted = !quoted;
    out += char === "." && !quoted ? "/" : char;
  }
  return out;
}

// src/catalog/action-types.ts
var AWS_ACTIONS = "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/actions/";
var DESTRUCTIVE_ACTION_TYPES = [
  { type: "aws_ec2_stop_instance", does: "stops the EC2 instance, interrupting what runs on it (with force = true, without flushing file system caches)", severity: "medium", targetArgument: "instance_id", source: `${AWS_ACTIONS}ec2_stop_instance` },
  { type: "aws_odb_reboot_db_node", does: "reboots an Oracle Database@AWS node (downtime)", severity: "medium", source: `${AWS_ACTIONS}odb_reboot_db_node` },
  { type: "aws_odb_stop_db_node", does: "stops an Oracle Database@AWS node (downtime)", severity: "medium", source: `${AWS_ACTIONS}odb_stop_db_node` },
  { type: "aws_rds_cluster_instance_reboot", does: "reboots an Aurora DB instance (downtime)", severity: "medium", source: `${AWS_ACTIONS}rds_cluster_instance_reboot` },
  { type: "aws_rdsdata_query", does: "runs SQL against the Aurora database through the RDS Data API", severity: "high", sqlArgument: "sql", targetArgument: "resource_arn", source: `${AWS_ACTIONS}rdsdata_query` },
  { type: "aws_s3_empty_bucket", does: "deletes every object and every object version in the bucket (only those under `prefix` when set); the bucket stays, empty", severity: "critical", targetArgument: "bucket_name", source: `${AWS_ACTIONS}s3_empty_bucket` },
  { type: "aws_ssm_send_command", does: "runs an SSM command document on the targeted instances, with whatever that command changes or deletes", severity: "high", source: `${AWS_ACTIONS}ssm_send_command` },
  { type: "aws_vpc_delete_default_vpc", does: "deletes the region's default VPC with its subnets, internet gateways, route tables and security groups, cutting off anything still running in it", severity: "high", source: `${AWS_ACTIONS}vpc_delete_default_vpc` }
];

// src/rules/actions.ts
var BY_TYPE = new Map(DESTRUCTIVE_ACTION_TYPES.map((row) => [row.type, row]));
var DROPPING_SQL = /\b(?:drop|truncate)\b/i;
var WRITING_SQL = /\b(?:delete|update|insert|merge|alter|create|replace|grant|revoke|call|exec|execute)\b/i;
function describeTrigger(invocation) {
  if (invocation.triggeringAddress === null) return "when invoked (terraform apply -invoke)";
  const event = invocation.triggerEvent ?? "";
  const match2 = /^(before|after)_(create|update|destroy)$/.exec(event);
  const done = { create: "created", update: "updated", destroy: "destroyed" };
  if (!match2) return `on ${event || "a lifecycle event"} of ${invocation.triggeringAddress}`;
  return `${match2[1]} ${invocation.triggeringAddress} is ${done[match2[2]]}`;
}
function judgeSql(invocation, argument, fallback) {
  if (isMarkedAt(invocation.configSensitive, [argument])) return { severity: fallback, says: "Its SQL is sensitive, so what it does cannot be checked here." };
  const sql = invocation.configValues[argument];
  if (typeof sql !== "string") return { severity: fallback, says: "Its SQL is not known until apply." };
  if (DROPPING_SQL.test(sql)) return { severity: "critical", says: "Its SQL drops or truncates: the tables or rows it names are gone, with no way back but a restore." };
  if (WRITING_SQL.test(sql)) return { severity: fallback, says: "Its SQL changes data or schema." };
  return null;
}
function target(invocation, row, secrets) {
  const argument = row.targetArgument;
  if (!argument || isMarkedAt(invocation.configSensitive, [argument])) return null;
  const value = invocation.configValues[argument];
  return value === void 0 || value === null ? null : `${argument}: ${formatPlainValue(value, secrets)}`;
}
var destructiveAction = {
  id: "destructive-action",
  defaultSeverity: "high",
  summary: "A provider action the apply runs deletes data or interrupts a service (aws_s3_empty_bucket, SQL that drops tables, …).",
  evaluate(plan) {
    const findings = [];
    for (const invocation of plan.actionInvocations) {
      const row = BY_TYPE.get(invocation.type);
      if (!row) continue;
      const sql = row.sqlArgument ? judgeSql(invocation, row.sqlArgument, row.severity) : void 0;
      if (sql === null) continue;
      const deferred = invocation.deferredReason === null ? "" : ` It is deferred (${invocation.deferredReason}): it runs in a later apply.`;
      const shown = target(invocation, row, plan.secrets);
      findings.push({
        ruleId: this.id,
        severity: sql?.severity ?? row.severity,
        address: invocation.address,
        resourceType: invocation.type,
        actions: ["invoke"],
        message: `${invocation.address} runs ${describeTrigger(invocation)}: it ${row.does}.${sql ? ` ${sql.says}` : ""}${deferred} The plan does not show what it removes.`,
        remediation: "Confirm the action is meant to run on this apply (and against this target), or remove it from the action_trigger / -invoke.",
        details: [...shown ? [shown] : [], `What it does: ${row.source}`],
        suppressed: null
      });
    }
    return findings;
  }
};

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

// src/rules/guard-reading.ts
function readGuard(change, side, path2, defaultWhenOmitted) {
  if (side === "after" && isMarkedAt(change.afterUnknown, path2)) {
    return omittedOnNewObject(change, path2) && defaultWhenOmitted != null ? { kind: "value", value: defaultWhenOmitted, explicit: false } : { kind: "unknown" };
  }
  if (isMarkedAt(side === "before" ? change.beforeSensitive : change.afterSensitive, path2)) return { kind: "undetermined" };
  const raw = valueAt(side === "before" ? change.before : change.after, path2);
  if (raw === void 0) return { kind: "undetermined" };
  if (raw !== null) return { kind: "value", value: raw, explicit: true };
  if (defaultWhenOmitted === null || defaultWhenOmitted === void 0) return { kind: "undetermined" };
  return { kind: "value", value: defaultWhenOmitted, explicit: false };
}
function omittedOnNewObject(change, path2) {
  const newObject = change.action === "create" || change.action === "create-then-forget" || change.action === "replace";
  return newObject && path2.length === 1 && configurationSets(change, String(path2[0])) === false;
}
function guardEvidence(reading) {
  return reading.kind === "value" ? toEvidence(reading.value) : { [reading.kind]: true };
}
function showGuard(change, side, path2, reading, secrets) {
  if (reading.kind === "value" && !reading.explicit) return `${formatPlainValue(reading.value, secrets)} (not set: the provider default)`;
  return displayValue(change, side, path2, secrets);
}
function asNumber(value) {
  if (typeof value === "number" && Number.isFinite(value)) return value;
  if (typeof value === "string") {
    const match2 = /^(\d+(?:\.\d+)?)s?$/.exec(value.trim());
    if (match2?.[1] !== void 0) return Number(match2[1]);
  }
  return null;
}

// src/rules/backup.ts
var ROWS_BY_TYPE = /* @__PURE__ */ new Map();
for (const row of BACKUP_GUARDS) ROWS_BY_TYPE.set(row.type, [...ROWS_BY_TYPE.get(row.type) ?? [], row]);
function backupGuardsFor(type) {
  return ROWS_BY_TYPE.get(type) ?? [];
}
function readRow(change, side, row) {
  const values = side === "before" ? change.before : change.after;
  const copied = (row.copiedFrom ?? []).some((argument) => {
    const value = valueAt(values, [argument]);
    return value !== null && value !== void 0 && !(Array.isArray(value) && value.length === 0) || side === "after" && configurationSets(change, argument) === true;
  });
  return readGuard(change, side, row.path, copied ? null : row.defaultWhenOmitted);
}
function effective(change, side, row) {
  const reading = readRow(change, side, row);
  return reading.kind === "value" ? reading.value : void 0;
}
function isCleared(change, side, row) {
  if (side === "after" && readGuard(change, side, row.path, null).kind === "unknown") return false;
  const raw = valueAt(side === "before" ? change.before : change.after, row.path);
  return raw === null || raw === "";
}
function isWeakAt(change, side, row) {
  if (row.weakening === "cleared") return isCleared(change, side, row);
  const value = effective(change, side, row);
  switch (row.weakening) {
    case "set-true":
      return value === true;
    case "set-false":
      return value === false;
    case "lowered":
    case "to-zero":
      return asNumber(value) === 0;
    case "changed-to":
      return typeof value === "string" && (row.weakValues ?? []).includes(value);
    case "expires-sooner": {
      const days = asNumber(value);
      return days !== null && days > 0 && row.onCreateAtMost !== void 0 && days <= row.onCreateAtMost;
    }
  }
}
function expiryDays(value) {
  const days = asNumber(value);
  return days === null ? null : days === 0 ? Number.POSITIVE_INFINITY : days;
}
function isWeakTransition(change, row) {
  if (row.weakening === "cleared") {
    const before2 = valueAt(change.before, row.path);
    return typeof before2 === "string" && before2 !== "" && isCleared(change, "after", row);
  }
  const before = effective(change, "before", row);
  const after = effective(change, "after", row);
  if (before === void 0 || after === void 0) return false;
  switch (row.weakening) {
    case "set-true":
      return before !== true && after === true;
    case "set-false":
      return before === true && after === false;
    case "lowered": {
      const [from, to] = [asNumber(before), asNumber(after)];
      return from !== null && to !== null && to < from;
    }
    case "to-zero": {
      const [from, to] = [asNumber(before), asNumber(after)];
      return from !== null && from > 0 && to === 0;
    }
    case "changed-to": {
      const weak = row.weakValues ?? [];
      return typeof after === "string" && weak.includes(after) && !(typeof before === "string" && weak.includes(before));
    }
    case "expires-sooner": {
      const [from, to] = [expiryDays(before), expiryDays(after)];
      return from !== null && to !== null && to < from;
    }
  }
}
function weakeningSeverity(change, row, creating) {
  const after = asNumber(effective(change, "after", row));
  if (row.weakening === "expires-sooner") return after !== null && after > 0 && after <= EXPIRY_HIGH_DAYS ? "high" : "medium";
  if (!creating && row.zeroDeletesBackups === true && after === 0) return "high";
  return "medium";
}
var EXPIRY_HIGH_DAYS = 1;
function guardedObjectDestroyed(plan) {
  const destroyed = plan.changes.filter((change) => change.action === "delete" || change.action === "replace");
  return (guards, change) => {
    const target2 = valueAt(change.before, [guards.via]);
    return target2 != null && destroyed.some((other) => other.type === guards.type && valueAt(other.before, [guards.key]) === target2);
  };
}
function weakenedGuards(change, secrets, objectDestroyed) {
  const creating = change.action === "create" || change.action === "create-then-forget";
  const changing = change.action === "update" || change.action === "replace";
  const weakened = [];
  for (const row of backupGuardsFor(change.type)) {
    const show2 = (side) => showGuard(change, side, row.path, readRow(change, side, row), secrets);
    if (creating && row.onCreate && isWeakAt(change, "after", row)) {
      weakened.push({ row, severity: weakeningSeverity(change, row, true), setting: `${formatPath(row.path)} = ${show2("after")}`, fix: createFix(row) });
    } else if (changing && !row.finalCopy && isWeakTransition(change, row)) {
      weakened.push({ row, severity: weakeningSeverity(change, row, false), setting: `${formatPath(row.path)} ${show2("before")} → ${show2("after")}`, fix: `set ${formatPath(row.path)} back to ${formatPlainValue(effective(change, "before", row), secrets)}` });
    } else if (change.action === "delete" && row.guards && !objectDestroyed(row.guards, change) && effective(change, "before", row) !== void 0 && !isWeakAt(change, "before", row)) {
      weakened.push({ row, severity: "medium", setting: `it is destroyed while ${formatPath(row.path)} = ${show2("before")}`, fix: DESTROYED_GUARD_FIX });
    }
  }
  return weakened;
}
var DESTROYED_GUARD_FIX = "keep the resource block, or replace it with a `removed` block with lifecycle { destroy = false } to stop managing it without switching the guard off";
function createFix(row) {
  const name = formatPath(row.path);
  switch (row.weakening) {
    case "set-true":
      return `set ${name} = false`;
    case "set-false":
      return `set ${name} = true`;
    case "lowered":
    case "to-zero":
      return `set ${name} to a retention above 0`;
    case "expires-sooner":
      return `set ${name} to the retention the data needs (0 or omitted keeps it)`;
    case "changed-to":
      return `set ${name} to a value other than ${(row.weakValues ?? []).join("/")}`;
    case "cleared":
      return `set ${name}`;
  }
}
var backupWeakened = {
  id: "backup-weakened",
  defaultSeverity: "medium",
  summary: "Backups, snapshots or retention are turned off or reduced (skip_final_snapshot on a new database, retention lowered, PITR off, versioning suspended).",
  evaluate(plan) {
    const findings = [];
    const objectDestroyed = guardedObjectDestroyed(plan);
    for (const change of plan.changes) {
      if (change.mode !== "managed") continue;
      const weakened = weakenedGuards(change, plan.secrets, objectDestroyed);
      if (weakened.length === 0) continue;
      const immediately = valueAt(change.after, ["apply_immediately"]) === true && weakened.some((item) => item.severity === "high");
      findings.push(
        resourceFinding(this, change, {
          severity: weakened.some((item) => item.severity === "high") ? "high" : "medium",
          message: `${change.address} weakens its backups: ${weakened.map((item) => `${item.setting}, so ${item.row.effect}`).join("; ")}.`,
          details: [
            ...weakened.map((item) => `${formatPath(item.row.path)}: ${item.row.effect}`),
            ...immediately ? ["apply_immediately = true: this takes effect during the apply, not in the next maintenance window."] : []
          ],
          remediation: remediation(weakened),
          // The guard values on both sides: weakening further (retention 7 → 1, then → 0) is a new approval.
          evidence: {
            weakened: evidenceSet(
              weakened.map((item) => ({
                guard: formatPath(item.row.path),
                before: guardEvidence(readRow(change, "before", item.row)),
                after: guardEvidence(readRow(change, "after", item.row))
              }))
            )
          }
        })
      );
    }
    return findings;
  }
};
function remediation(weakened) {
  const fixes = weakened.map((item) => item.fix);
  const where = fixes.includes(DESTROYED_GUARD_FIX) ? "" : " in the resource block";
  return `${capitalize(fixes.join("; "))}${where}.`;
}
function capitalize(text) {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

// src/catalog/production-names.ts
var PRODUCTION_WORDS = ["prod", "production", "prd"];
var NOT_PRODUCTION_QUALIFIERS = ["pre", "non", "not"];
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
var NAME_TAG_KEYS = ["name"];
var ENVIRONMENT_TAG_KEYS = ["environment", "env", "stage", "environment_name", "env_name"];

// src/rules/empty-state.ts
var LISTED_EVIDENCE = 10;
var PRODUCTION = new Set(PRODUCTION_WORDS);
var NOT_PRODUCTION = new Set(NOT_PRODUCTION_QUALIFIERS);
var EVIDENCE_TAG_KEYS = new Set([...ENVIRONMENT_TAG_KEYS, ...NAME_TAG_KEYS].map((key) => key.toLowerCase()));
function hasProductionWord(text) {
  const words = text.toLowerCase().split(/[^a-z0-9]+/);
  return words.some((word, index) => PRODUCTION.has(word) && !NOT_PRODUCTION.has(words[index - 1] ?? ""));
}
function productionEvidence(change, secrets) {
  const values = [];
  for (const name of NAME_ATTRIBUTES2) {
    const value = readPlain(change, [name]);
    if (typeof value === "string" && hasProductionWord(value)) values.push(named(name, displayValue(change, "after", [name], secrets)));
  }
  const seenTagKeys = /* @__PURE__ */ new Set();
  for (const tagAttribute of TAG_ATTRIBUTES) {
    const tags = readPlain(change, [tagAttribute]);
    if (tags === null || typeof tags !== "object" || Array.isArray(tags)) continue;
    for (const [key, value] of Object.entries(tags)) {
      if (!EVIDENCE_TAG_KEYS.has(key.toLowerCase()) || typeof value !== "string" || !hasProductionWord(value)) continue;
      if (isMarkedAt(change.afterSensitive, [tagAttribute, key]) || seenTagKeys.has(key)) continue;
      seenTagKeys.add(key);
      values.push(named(`${tagAttribute}.${key}`, displayValue(change, "after", [tagAttribute, key], secrets)));
    }
  }
  if (values.length === 0) return hasProductionWord(change.address) ? change.address : null;
  return `${change.address} (${values.join(", ")})`;
}
function named(name, shown) {
  return shown === SENSITIVE_PLACEHOLDER ? name : `${name} ${shown}`;
}
function readPlain(change, path2) {
  if (isMarkedAt(change.afterSensitive, path2)) return void 0;
  return valueAt(change.after, path2);
}
function severityFor(configurationChange, productionNames) {
  if (configurationChange === "modified") return "critical";
  if (configurationChange === "added") return productionNames ? "high" : "medium";
  return "high";
}
var emptyPriorState = {
  id: "empty-prior-state",
  defaultSeverity: "high",
  summary: "The prior state holds no managed resource while the plan creates some: a lost or missing backend would duplicate everything.",
  evaluate(plan, context) {
    if (plan.priorManagedResourceCount !== 0 || plan.priorOutputCount > 0) return [];
    const created = plan.changes.filter((change) => change.mode === "managed" && change.action === "create");
    if (created.length === 0) return [];
    const evidence = created.map((change) => productionEvidence(change, plan.secrets)).filter((text) => text !== null);
    const severity = severityFor(context.configurationChange, evidence.length > 0);
    const details = [`Resources to create: ${created.length}; resources in the prior state: 0.`];
    if (context.configurationChange === "modified") details.push("The .tf files of this configuration existed before this change, so an empty state is not expected.");
    if (context.configurationChange === "added") details.push("The pull request adds the .tf files of this configuration.");
    if (evidence.length > 0) {
      const listed2 = evidence.slice(0, LISTED_EVIDENCE);
      const more = evidence.length > LISTED_EVIDENCE ? `, and ${evidence.length - LISTED_EVIDENCE} more` : "";
      details.push(`Production-looking names in ${evidence.length} of the ${created.length} resources: ${listed2.join("; ")}${more}.`);
    }
    return [
      planFinding({ id: this.id, defaultSeverity: this.defaultSeverity }, {
        severity,
        message: `Terraform sees no existing resources in the state, so it will create ${created.length === 1 ? "the 1 resource" : `all ${created.length} resources`} of this plan as new. If these resources already exist, this is a lost or wrong state: the apply creates duplicates (or fails on name clashes), and a later apply or destroy against the real state can delete production.`,
        details,
        remediation: "Check the backend block (bucket/key/workspace), run `terraform init` against the backend and workspace where this configuration's state lives, and plan again."
      })
    ];
  }
};

// src/catalog/admin-roles.ts
var AWS_ADMIN_MANAGED_POLICIES = [
  { name: "AdministratorAccess", grants: "every action on every resource", source: "CKV:resource/aws/IAMManagedAdminPolicy.py (CKV_AWS_274)" },
  { name: "IAMFullAccess", grants: "full control of IAM, so it can grant itself anything", source: "CKV2_AWS_56" },
  { name: "PowerUserAccess", grants: "every action except most of IAM and Organizations", source: "rule-catalog.md §4.1 (ARN UNVERIFIED)" }
];
var GOOGLE_ADMIN_ROLES = [
  { role: "roles/owner", grants: "full control, including IAM and billing", source: "CKV:resource/gcp/AbsGoogleBasicRoles.py (CKV_GCP_115-117)" },
  { role: "roles/editor", grants: "change and delete almost every resource", source: "CKV:resource/gcp/AbsGoogleBasicRoles.py (CKV_GCP_115-117)" },
  { role: "roles/iam.securityAdmin", grants: "set any IAM policy, so it can grant itself anything", source: "CKV:resource/gcp/AbsGoogleImpersonationRoles.py (CKV_GCP_44/45/49)" }
];
var AZURE_PRIVILEGED_ROLES = [
  { name: "Owner", id: "8e3af657-a8ff-443c-a75c-2fe8c4bcb635", reach: "admin", source: "learn.microsoft.com built-in-roles/privileged (id UNVERIFIED in §4.5)" },
  { name: "User Access Administrator", id: "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9", reach: "admin", source: "learn.microsoft.com built-in-roles/privileged (id UNVERIFIED in §4.5)" },
  { name: "Role Based Access Control Administrator", id: "f58310d9-a9f6-439a-9e8d-f62e7b41a168", reach: "admin", source: "rule-catalog.md §4.5 (UNVERIFIED)" },
  { name: "Contributor", id: "b24988ac-6180-42a0-ab88-20f7382dd24c", reach: "write", source: 'learn.microsoft.com built-in-roles/general (actions ["*"] minus Microsoft.Authorization writes)' }
];
var AZURE_WILDCARD_ACTIONS = [
  { pattern: /^\*+(?:\/\*+)*$/, allows: "every {plane} action" },
  // Microsoft.Authorization writes role assignments and definitions: granting access, User Access Administrator's reach.
  { pattern: /^Microsoft\.Authorization\/(?=.*\*)(?!.*\/read$).+$/i, allows: "changes to access control (Microsoft.Authorization), role assignments included" },
  { pattern: /^\*+(?:\/[^/]+)*\/(?!read$)[^/*]+$/i, allows: "that operation on every resource type of every provider" },
  { pattern: /^[^/*]+\/\*+$/, allows: "every {plane} action of a resource provider" },
  { pattern: /^[^/*]+\/\*+\/(?!read$)[^/*]+$/i, allows: "that operation on every resource type of a resource provider" }
];
var AZURE_SCOPE_PATTERNS = [
  { level: "root", pattern: /^\/$/, source: 'AZd:role_assignment (scope "/")' },
  { level: "management-group", pattern: /^\/providers\/Microsoft\.Management\/managementGroups\/[^/]+$/i, source: "AZd:role_assignment L180-206" },
  { level: "subscription", pattern: /^\/subscriptions\/[^/]+$/i, source: "AZd:role_assignment L180-206" },
  { level: "resource-group", pattern: /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+$/i, source: "AZd:role_assignment L180-206" }
];
var AZURE_ASSIGNMENT_SEVERITY = {
  admin: { root: "high", "management-group": "high", subscription: "high", "resource-group": "medium", resource: "low", unknown: "medium" },
  write: { root: "medium", "management-group": "medium", subscription: "medium", "resource-group": "low", resource: null, unknown: "low" }
};

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
  { type: "aws_api_gateway_rest_api_policy", path: ["policy"], kind: "resource", source: "AWSd:api_gateway_rest_api_policy" }
];
var AWS_MANAGED_POLICY_ATTACHMENTS = [
  { type: "aws_iam_role_policy_attachment", attribute: "policy_arn", list: false, source: "AWSd:iam_role_policy_attachment L62-63" },
  { type: "aws_iam_user_policy_attachment", attribute: "policy_arn", list: false, source: "rule-catalog.md §4.1" },
  { type: "aws_iam_group_policy_attachment", attribute: "policy_arn", list: false, source: "rule-catalog.md §4.1" },
  { type: "aws_iam_policy_attachment", attribute: "policy_arn", list: false, source: "AWSd:iam_policy_attachment L13, L78-81" },
  { type: "aws_iam_role", attribute: "managed_policy_arns", list: true, source: "AWSd:iam_role L179-203" },
  { type: "aws_ssoadmin_managed_policy_attachment", attribute: "managed_policy_arn", list: false, source: "rule-catalog.md §4.1 (CKV_AWS_274)" }
];
var AWS_PRINCIPAL_ATTRIBUTES = [
  {
    type: "aws_lambda_permission",
    principal: "principal",
    limitedBy: ["source_arn", "source_account", "principal_org_id"],
    source: "AWSd:lambda_permission L230-244"
  }
];
var GOOGLE_IAM_CARRIERS = [
  { suffix: "_iam_member", shape: "member", attributes: ["role", "member"], source: "GCd:google_project_iam L169-196" },
  { suffix: "_iam_binding", shape: "binding", attributes: ["role", "members"], source: "GCd:google_project_iam L169-196" },
  { suffix: "_iam_policy", shape: "policy", attributes: ["policy_data"], source: "GCd:google_project_iam L25-30 (policy_data JSON: bindings[].role, members[])" }
];
var GOOGLE_IAM_SCOPES = [
  { prefix: "google_organization_iam", scope: "organization", source: "rule-catalog.md §4.4" },
  { prefix: "google_folder_iam", scope: "folder", source: "rule-catalog.md §4.4" },
  { prefix: "google_project_iam", scope: "project", source: "GCd:google_project_iam" }
];
var GOOGLE_PUBLIC_MEMBERS = [
  { member: "allUsers", meaning: "anyone on the internet", source: "GCd:storage_bucket_iam L159-162" },
  { member: "allAuthenticatedUsers", meaning: "anyone with a Google account", source: "GCd:storage_bucket_iam L159-162" }
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

// src/catalog/aws-policy-grammar.ts
var READ_ONLY_ACTION_PREFIXES = [
  { prefix: "Get", source: "AWS access level Read (e.g. s3:GetObject)" },
  { prefix: "List", source: "AWS access level List (e.g. s3:ListBucket)" },
  { prefix: "Describe", source: "AWS access level List/Read (e.g. ec2:DescribeInstances)" },
  { prefix: "BatchGet", source: "AWS access level Read (e.g. dynamodb:BatchGetItem)" },
  { prefix: "Lookup", source: "AWS access level Read (e.g. cloudtrail:LookupEvents)" },
  { prefix: "Search", source: "AWS access level Read (e.g. resource-explorer-2:Search)" },
  { prefix: "View", source: "AWS access level Read (e.g. billing:ViewBilling)" }
];
var ESCALATION_METHODS = "https://rhinosecuritylabs.com/aws/aws-privilege-escalation-methods-mitigation/";
var ESCALATION_ACTIONS = [
  { action: "iam:PassRole", why: "lets the holder hand any role, including admin roles, to a service it controls", scope: "the ARNs of the specific roles to pass (and add an iam:PassedToService condition)", source: "rule-catalog.md §4.2 (CKV_AWS_110/286)" },
  { action: "sts:AssumeRole", why: "lets the holder become any role whose trust policy admits it", scope: "the ARNs of the specific roles to assume", source: "rule-catalog.md §4.2" },
  { action: "iam:CreatePolicyVersion", why: "lets the holder rewrite any customer-managed policy, its own included, to grant itself anything", scope: "the ARNs of the specific policies it maintains", source: `${ESCALATION_METHODS} (CreatePolicyVersion)` },
  { action: "iam:SetDefaultPolicyVersion", why: "lets the holder switch any policy to an older, broader version", scope: "the ARNs of the specific policies it maintains", source: `${ESCALATION_METHODS} (SetDefaultPolicyVersion)` },
  { action: "iam:AttachRolePolicy", why: "lets the holder attach AdministratorAccess to any role, its own included", scope: "the ARNs of the specific roles it manages (and add an iam:PolicyARN condition)", source: `${ESCALATION_METHODS} (AttachRolePolicy)` },
  { action: "iam:AttachUserPolicy", why: "lets the holder attach AdministratorAccess to any user, itself included", scope: "the ARNs of the specific users it manages (and add an iam:PolicyARN condition)", source: `${ESCALATION_METHODS} (AttachUserPolicy)` },
  { action: "iam:AttachGroupPolicy", why: "lets the holder attach AdministratorAccess to any group, its own included", scope: "the ARNs of the specific groups it manages (and add an iam:PolicyARN condition)", source: `${ESCALATION_METHODS} (AttachGroupPolicy)` },
  { action: "iam:PutRolePolicy", why: "lets the holder write an inline policy granting anything into any role, its own included", scope: "the ARNs of the specific roles it manages", source: `${ESCALATION_METHODS} (PutRolePolicy)` },
  { action: "iam:PutUserPolicy", why: "lets the holder write an inline policy granting anything into any user, itself included", scope: "the ARNs of the specific users it manages", source: `${ESCALATION_METHODS} (PutUserPolicy)` },
  { action: "iam:PutGroupPolicy", why: "lets the holder write an inline policy granting anything into any group, its own included", scope: "the ARNs of the specific groups it manages", source: `${ESCALATION_METHODS} (PutGroupPolicy)` },
  { action: "iam:UpdateAssumeRolePolicy", why: "lets the holder rewrite any role's trust policy so that it can assume the role", scope: "the ARNs of the specific roles it manages", source: `${ESCALATION_METHODS} (UpdateAssumeRolePolicy)` }
];
var LIMITING_OPERATORS = [
  { operator: "StringEquals", family: "string" },
  { operator: "StringEqualsIgnoreCase", family: "string" },
  { operator: "StringLike", family: "string" },
  { operator: "ArnEquals", family: "arn" },
  { operator: "ArnLike", family: "arn" },
  { operator: "IpAddress", family: "ip" }
];
var LIMITING_CONDITION_KEYS = [
  { key: "aws:SourceArn", families: ["arn", "string"], value: "arn", source: "CKV S3AllowsAnyPrincipal.py (ArnEquals/ArnLike)" },
  { key: "aws:PrincipalArn", families: ["arn", "string"], value: "arn", source: "CKV S3AllowsAnyPrincipal.py" },
  { key: "aws:SourceAccount", families: ["string"], value: "account", source: "AWS global condition keys (confused-deputy protection)" },
  { key: "aws:SourceOwner", families: ["string"], value: "account", source: "AWS global condition keys (SNS/SES legacy form of SourceAccount)" },
  { key: "aws:SourceOrgID", families: ["string"], value: "organization", source: "AWS global condition keys" },
  { key: "aws:PrincipalAccount", families: ["string"], value: "account", source: "CKV S3AllowsAnyPrincipal.py" },
  { key: "aws:PrincipalOrgID", families: ["string"], value: "organization", source: "CKV S3AllowsAnyPrincipal.py" },
  { key: "aws:PrincipalOrgPaths", families: ["string"], value: "organization-path", source: "CKV S3AllowsAnyPrincipal.py" },
  { key: "aws:userid", families: ["string"], value: "id", source: "CKV S3AllowsAnyPrincipal.py" },
  { key: "aws:SourceVpce", families: ["string"], value: "id", source: "CKV S3AllowsAnyPrincipal.py" },
  { key: "aws:SourceVpc", families: ["string"], value: "id", source: "CKV S3AllowsAnyPrincipal.py" },
  { key: "aws:VpceAccount", families: ["string"], value: "account", source: "CKV S3AllowsAnyPrincipal.py" },
  { key: "aws:Ec2InstanceSourceVpc", families: ["string"], value: "id", source: "CKV S3AllowsAnyPrincipal.py" },
  { key: "ec2:SourceInstanceArn", families: ["string", "arn"], value: "arn", source: "CKV S3AllowsAnyPrincipal.py" },
  { key: "lambda:SourceFunctionArn", families: ["string", "arn"], value: "arn", source: "CKV S3AllowsAnyPrincipal.py" },
  { key: "ssm:SourceInstanceArn", families: ["string", "arn"], value: "arn", source: "CKV S3AllowsAnyPrincipal.py" },
  { key: "kms:CallerAccount", families: ["string"], value: "account", source: "Datadog KMS rule def-000-fdu (condition on the caller's account)" },
  // Checkov does not count SourceIp; a specific network range does confine the grant to callers
  // inside it, so it counts here unless the range is the whole internet.
  { key: "aws:SourceIp", families: ["ip"], value: "network", source: "AWS global condition keys (IpAddress)" }
];
var SHARED_OIDC_PROVIDERS = [
  { host: "token.actions.githubusercontent.com", subjectKey: "token.actions.githubusercontent.com:sub", everyone: "every GitHub Actions workflow of every repository on GitHub", source: "https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/configuring-openid-connect-in-amazon-web-services" },
  { host: "gitlab.com", subjectKey: "gitlab.com:sub", everyone: "every CI/CD job of every project on gitlab.com", source: "https://docs.gitlab.com/ci/cloud_services/aws/" },
  { host: "app.terraform.io", subjectKey: "app.terraform.io:sub", everyone: "every run of every HCP Terraform organization", source: "https://developer.hashicorp.com/terraform/cloud-docs/workspaces/dynamic-provider-credentials/aws-configuration" }
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

// src/rules/added-by-plan.ts
function addsOrChanges(change) {
  if (change.mode !== "managed") return false;
  switch (change.action) {
    case "create":
    case "replace":
    case "create-then-forget":
    case "update":
      return true;
    case "unknown":
      return change.after !== null && typeof change.after === "object";
    default:
      return false;
  }
}
function addedByPlan(plan, collect) {
  const out = [];
  for (const change of plan.changes) {
    if (!addsOrChanges(change)) continue;
    let items = collect(change, "after");
    if (items.length === 0) continue;
    if (change.action === "update" && change.before !== null) {
      const existing = new Set(collect(change, "before").map((item) => item.key));
      items = items.filter((item) => !existing.has(item.key));
    }
    if (items.length > 0) out.push({ change, items });
  }
  return out;
}

// src/rules/iam/issues.ts
function sideView(change, side, secrets) {
  return { change, side, values: side === "before" ? change.before : change.after, secrets };
}
function attributeState(view, path2) {
  const value = valueAt(view.values, path2);
  if (view.side === "after" && (value === void 0 || value === null) && isUnknownAt(view.change.afterUnknown, path2)) return { state: "unknown" };
  if (value === void 0 || value === null || value === "") return { state: "absent" };
  return { state: "known", value };
}
function isUnknownAt(mask, path2) {
  let current = mask;
  for (const step of path2) {
    if (current === true) return true;
    if (current === null || typeof current !== "object") return false;
    current = current[step];
  }
  return current === true;
}
function quoteFrom(view, path2, value) {
  const mask = view.side === "before" ? view.change.beforeSensitive : view.change.afterSensitive;
  if (isMarkedAt(mask, path2)) return SENSITIVE_PLACEHOLDER;
  return formatPlainValue(value, view.secrets);
}
function quoteList(view, path2, values, limit = 4) {
  const quoted = values.slice(0, limit).map((value) => quoteFrom(view, path2, value));
  const more = values.length > limit ? `, and ${values.length - limit} more` : "";
  return `${quoted.join(", ")}${more}`;
}
var cache2 = /* @__PURE__ */ new WeakMap();
function planIssues(plan, collectors) {
  let result = cache2.get(plan);
  if (!result) {
    result = addedByPlan(
      plan,
      (change, side) => collectors.flatMap((collect) => collect(sideView(change, side, plan.secrets))).map((issue2) => ({ ...issue2, key: `${issue2.ruleId}\0${issue2.key}` }))
    );
    cache2.set(plan, result);
  }
  return result;
}
function findingsFor(rule, changes) {
  const findings = [];
  for (const { change, items: issues } of changes) {
    const byAttribute = /* @__PURE__ */ new Map();
    for (const issue2 of issues) {
      if (issue2.ruleId !== rule.id) continue;
      const group = byAttribute.get(issue2.attribute) ?? [];
      group.push(issue2);
      byAttribute.set(issue2.attribute, group);
    }
    for (const group of byAttribute.values()) {
      const sorted = [...group].sort((a, b) => severityRank(b.severity) - severityRank(a.severity));
      const worst = sorted[0];
      const more = sorted.length > 1 ? ` (${sorted.length - 1} more in the same attribute: see the details)` : "";
      findings.push(
        resourceFinding(rule, change, {
          severity: worst.severity,
          message: `${worst.message}${more}`,
          remediation: worst.remediation,
          details: sorted.length > 1 ? sorted.map((issue2) => issue2.summary) : [],
          evidence: { grants: evidenceSet(group.map((issue2) => ({ grant: issue2.key, statement: issue2.evidence ?? null }))) }
        })
      );
    }
  }
  return findings;
}

// src/rules/iam/policy-document.ts
function parsePolicyDocument(input) {
  let json = input;
  if (typeof input === "string") {
    if (input.trim() === "") return { ok: false, problem: "the policy is an empty string" };
    try {
      json = JSON.parse(input);
    } catch {
      return { ok: false, problem: "the policy is not valid JSON" };
    }
  }
  if (!isRecord(json)) return { ok: false, problem: "the policy is not a JSON object" };
  const rawStatements = json["Statement"];
  if (rawStatements === void 0) return { ok: false, problem: "the policy has no Statement" };
  const list = Array.isArray(rawStatements) ? rawStatements : [rawStatements];
  const statements = [];
  for (const [index, raw] of list.entries()) {
    const parsed = parseStatement(raw, index);
    if (typeof parsed === "string") return { ok: false, problem: `statement ${index + 1}: ${parsed}` };
    statements.push(parsed);
  }
  return { ok: true, document: { statements } };
}
function parseStatement(raw, index) {
  if (!isRecord(raw)) return "is not an object";
  const effect = parseEffect(raw["Effect"]);
  if (effect === null) return `has an unrecognized Effect ${JSON.stringify(raw["Effect"])}`;
  const actions = parseElement(raw, "Action", "NotAction");
  const resources = parseElement(raw, "Resource", "NotResource");
  const principals = parsePrincipals(raw);
  if (typeof actions === "string") return actions;
  if (typeof resources === "string") return resources;
  if (typeof principals === "string") return principals;
  const conditions = parseConditions(raw["Condition"]);
  if (typeof conditions === "string") return conditions;
  const sid = raw["Sid"];
  return { index, sid: typeof sid === "string" && sid !== "" ? sid : null, effect, actions, resources, principals, conditions };
}
function statementEvidence(statement) {
  const element = (values, lower) => values === null ? null : { negated: values.negated, values: evidenceSet(values.values.map((value) => lower ? value.toLowerCase() : value)) };
  const principals = statement.principals;
  return {
    effect: statement.effect,
    actions: element(statement.actions, true),
    resources: element(statement.resources, false),
    principals: principals === null ? null : {
      negated: principals.negated,
      everyone: principals.everyone,
      byType: Object.fromEntries(Object.entries(principals.byType).map(([type, values]) => [type, evidenceSet(values)]))
    },
    // Operators and keys are case-insensitive in IAM; values are not.
    conditions: evidenceSet(statement.conditions.map((clause) => ({ operator: clause.operator.toLowerCase(), key: clause.key.toLowerCase(), values: evidenceSet(clause.values) })))
  };
}
function parseEffect(raw) {
  if (raw === void 0) return "Allow";
  if (typeof raw !== "string") return null;
  const lower = raw.toLowerCase();
  return lower === "allow" ? "Allow" : lower === "deny" ? "Deny" : null;
}
function parseElement(raw, positive, negative) {
  const hasPositive = raw[positive] !== void 0;
  const hasNegative = raw[negative] !== void 0;
  if (hasPositive && hasNegative) return `has both ${positive} and ${negative}`;
  if (!hasPositive && !hasNegative) return null;
  const name = hasPositive ? positive : negative;
  const values = stringList(raw[name]);
  if (values === null) return `${name} is neither a string nor a list of strings`;
  return { negated: hasNegative, values };
}
function parsePrincipals(raw) {
  const hasPositive = raw["Principal"] !== void 0;
  const hasNegative = raw["NotPrincipal"] !== void 0;
  if (hasPositive && hasNegative) return "has both Principal and NotPrincipal";
  if (!hasPositive && !hasNegative) return null;
  const name = hasPositive ? "Principal" : "NotPrincipal";
  const value = raw[name];
  if (typeof value === "string") {
    if (value !== "*") return `${name} is the string ${JSON.stringify(value)} (only "*" may be a plain string)`;
    return { negated: hasNegative, everyone: true, byType: {} };
  }
  if (!isRecord(value)) return `${name} is neither "*" nor an object`;
  const byType = {};
  for (const [type, identifiers] of Object.entries(value)) {
    const list = stringList(identifiers);
    if (list === null) return `${name}.${type} is neither a string nor a list of strings`;
    byType[type] = list;
  }
  return { negated: hasNegative, everyone: false, byType };
}
function parseConditions(raw) {
  if (raw === void 0) return [];
  if (!isRecord(raw)) return "Condition is not an object";
  const clauses = [];
  for (const [operator, keys] of Object.entries(raw)) {
    if (!isRecord(keys)) return `Condition operator ${operator} does not hold an object of keys`;
    for (const [key, values] of Object.entries(keys)) {
      const list = scalarList(values);
      if (list === null) return `Condition ${operator} ${key} holds a value that is not a string, number, boolean or list of them`;
      clauses.push({ operator, key, values: list });
    }
  }
  return clauses;
}
function stringList(value) {
  if (typeof value === "string") return [value];
  if (Array.isArray(value) && value.every((item) => typeof item === "string")) return value;
  return null;
}
function scalarList(value) {
  const items = Array.isArray(value) ? value : [value];
  const out = [];
  for (const item of items) {
    if (typeof item === "string" || typeof item === "number" || typeof item === "boolean") out.push(String(item));
    else return null;
  }
  return out;
}
function isRecord(value) {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
function wildcardMatches(pattern, name) {
  const source = pattern.split("").map((char) => char === "*" ? ".*" : char === "?" ? "." : char.replace(/[.+^${}()|[\]\\]/g, "\\$&")).join("");
  return new RegExp(`^${source}$`, "i").test(name);
}
function actionBreadth(pattern) {
  const colon = pattern.indexOf(":");
  if (colon < 0) return /^\*+$/.test(pattern) ? "all" : "partial";
  const service = pattern.slice(0, colon);
  const name = pattern.slice(colon + 1);
  if (!/^\*+$/.test(name)) return "partial";
  return /^\*+$/.test(service) ? "all" : "service";
}
function coversEveryResource(resources) {
  if (resources === null) return false;
  return resources.negated || resources.values.some((value) => /^\*+$/.test(value));
}

// src/rules/iam/principals.ts
function publicPrincipal(principals) {
  if (principals === null) return null;
  if (principals.negated) return "everyone except the listed principals (NotPrincipal)";
  if (principals.everyone) return 'every principal ("Principal": "*")';
  for (const [type, identifiers] of Object.entries(principals.byType)) {
    if (identifiers.includes("*")) return `every principal (${KNOWN_PRINCIPAL_TYPES.has(type) ? `{"${type}": "*"}` : 'a principal type holding "*"'})`;
  }
  return null;
}
var KNOWN_PRINCIPAL_TYPES = /* @__PURE__ */ new Set(["AWS", "Service", "Federated", "CanonicalUser"]);
var OPERATOR_FAMILY = new Map(LIMITING_OPERATORS.map((row) => [row.operator.toLowerCase(), row.family]));
var LIMITING_KEYS = new Map(LIMITING_CONDITION_KEYS.map((row) => [row.key.toLowerCase(), row]));
function limitingCondition(clause) {
  let operator = clause.operator;
  if (/^ForAllValues:/i.test(operator) || /IfExists$/i.test(operator)) return false;
  operator = operator.replace(/^ForAnyValue:/i, "");
  const family = OPERATOR_FAMILY.get(operator.toLowerCase());
  const key = LIMITING_KEYS.get(clause.key.toLowerCase());
  if (family === void 0 || key === void 0 || !key.families.includes(family)) return false;
  return clause.values.length > 0 && clause.values.every((value) => specificValue(value, key.value));
}
var WILDCARD = /[*?]/;
function specificValue(value, kind) {
  const trimmed = value.trim();
  if (trimmed === "" || /^[*?]+$/.test(trimmed) || trimmed.includes("${")) return false;
  switch (kind) {
    case "network":
      return !/\/0$/.test(trimmed);
    case "account":
    case "organization":
      return !WILDCARD.test(trimmed);
    case "organization-path":
      return !WILDCARD.test(trimmed.split("/")[0] ?? "");
    case "arn":
      return specificArn(trimmed);
    case "id":
      return !WILDCARD.test(trimmed.split(":")[0] ?? "");
  }
}
function specificArn(value) {
  const arn = /^arn:[^:]*:([^:]*):[^:]*:([^:]*):(.*)$/i.exec(value);
  if (!arn) return !WILDCARD.test(value);
  const service = arn[1].toLowerCase();
  const account = arn[2];
  const resource = arn[3];
  if (WILDCARD.test(account)) return false;
  if (account === "") {
    if (service === "s3") return resource !== "" && !WILDCARD.test(resource.split("/")[0] ?? "");
    return resource !== "" && !WILDCARD.test(resource);
  }
  return true;
}

// src/rules/iam/aws.ts
function awsPolicyIssues(view) {
  const issues = [];
  for (const row of AWS_POLICY_ATTRIBUTES) {
    if (row.type !== view.change.type) continue;
    for (const path2 of concretePaths(view, row.path)) issues.push(...policyAttributeIssues(view, path2, row.kind, row.computed === true));
  }
  return issues;
}
function concretePaths(view, pattern, prefix2 = []) {
  const at = pattern.indexOf(EACH_ELEMENT);
  if (at < 0) return [[...prefix2, ...pattern]];
  const listPath = [...prefix2, ...pattern.slice(0, at)];
  const list = attributeState(view, listPath);
  if (list.state === "unknown") return [listPath];
  if (list.state !== "known" || !Array.isArray(list.value)) return [];
  return list.value.flatMap((_, index) => concretePaths(view, pattern.slice(at + 1), [...listPath, index]));
}
function unknownComputedIsSilent(view, path2, computed) {
  if (!computed || path2.length !== 1 || view.change.action === "update") return false;
  return configurationSets(view.change, String(path2[0])) !== true;
}
function policyAttributeIssues(view, path2, kind, computed) {
  const attribute2 = formatPath(path2);
  const address = view.change.address;
  const state = attributeState(view, path2);
  if (state.state === "absent") return [];
  if (state.state === "unknown" && unknownComputedIsSilent(view, path2, computed)) return [];
  if (state.state === "unknown") {
    return [
      {
        ruleId: "iam-unverifiable",
        severity: "info",
        attribute: attribute2,
        key: `unknown:${attribute2}`,
        summary: `${attribute2} is known only after apply`,
        message: `${address}: the ${KIND_WORDS[kind]} in \`${attribute2}\` is known only after apply, so it could not be checked for wildcards or public access.`,
        remediation: "Review the policy source (e.g. the aws_iam_policy_document it renders from) by hand, or build it from values known at plan time."
      }
    ];
  }
  const parsed = parsePolicyDocument(state.value);
  if (!parsed.ok) {
    return [
      {
        ruleId: "iam-unverifiable",
        severity: "info",
        attribute: attribute2,
        key: `invalid:${attribute2}:${parsed.problem}`,
        summary: `${attribute2}: ${parsed.problem}`,
        message: `${address}: the ${KIND_WORDS[kind]} in \`${attribute2}\` could not be checked: ${parsed.problem}.`,
        remediation: `Fix \`${attribute2}\` so it is a valid IAM policy document (jsonencode() or an aws_iam_policy_document data source avoids syntax errors).`
      }
    ];
  }
  const context = { view, path: path2, attribute: attribute2, address };
  const allows = parsed.document.statements.filter((statement) => statement.effect === "Allow");
  if (kind === "identity") return allows.flatMap((statement) => identityStatementIssues(context, statement));
  return allows.flatMap((statement) => principalStatementIssues(context, statement, kind));
}
var KIND_WORDS = {
  identity: "policy",
  resource: "resource policy",
  trust: "trust (assume-role) policy"
};
function flaggedStatement(context, statement) {
  const mask = context.view.side === "before" ? context.view.change.beforeSensitive : context.view.change.afterSensitive;
  const evidence = statementEvidence(statement);
  return isMarkedAt(mask, context.path) ? hiddenValue(evidence) : evidence;
}
function statementName(context, statement) {
  const position = `statement ${statement.index + 1}`;
  return statement.sid !== null ? `${position} (Sid ${quoteFrom(context.view, context.path, statement.sid)})` : position;
}
function resourceWords(context, statement) {
  const resources = statement.resources;
  if (resources === null) return "on the resources it names";
  if (resources.negated) return `on every resource except ${quoteList(context.view, context.path, resources.values)}`;
  if (coversEveryResource(resources)) return 'on every resource ("*")';
  return `on ${quoteList(context.view, context.path, resources.values)}`;
}
function identityStatementIssues(context, statement) {
  const { view, path: path2, attribute: attribute2, address } = context;
  const actions = statement.actions;
  if (actions === null) return [];
  const name = statementName(context, statement);
  const where = resourceWords(context, statement);
  const everyResource = coversEveryResource(statement.resources);
  const issues = [];
  if (actions.negated) {
    const except = quoteList(view, path2, actions.values);
    issues.push({
      ruleId: "iam-wildcard-action",
      severity: "high",
      attribute: attribute2,
      key: `notaction:${statement.resources?.negated ? "!" : ""}${(statement.resources?.values ?? []).join(",")}:${actions.values.join(",").toLowerCase()}`,
      evidence: flaggedStatement(context, statement),
      summary: `${name} allows every action except ${except} ${where} (NotAction with Allow)`,
      message: `${address}: ${name} of \`${attribute2}\` uses NotAction with Allow, which grants every action in every service except ${except}, ${where}.`,
      remediation: `In ${name}, replace NotAction with an Action list of the actions actually needed (or turn it into a Deny statement).`
    });
    return issues;
  }
  const wildcards = actions.values.filter((pattern) => actionBreadth(pattern) !== "partial");
  for (const pattern of wildcards) {
    const quoted = quoteFrom(view, path2, pattern);
    const full = actionBreadth(pattern) === "all";
    const what = full ? everyResource ? "every action on every resource: full administrator access" : `every action in every service ${where}` : `every action of the ${quoteFrom(view, path2, pattern.split(":")[0])} service ${where}`;
    issues.push({
      ruleId: "iam-wildcard-action",
      severity: "high",
      attribute: attribute2,
      key: `action:${pattern.toLowerCase()}:${statement.resources?.negated ? "!" : ""}${(statement.resources?.values ?? []).join(",")}`,
      evidence: flaggedStatement(context, statement),
      summary: `${name} allows ${quoted}: ${what}`,
      message: `${address}: ${name} of \`${attribute2}\` allows ${quoted}, ${what}.`,
      remediation: `In ${name}, replace ${quoted} with the specific actions needed${everyResource ? " and scope Resource to specific ARNs" : ""}.`
    });
  }
  if (!everyResource) return issues;
  const specific = actions.values.filter((pattern) => actionBreadth(pattern) === "partial");
  const escalations = ESCALATION_ACTIONS.filter((row) => specific.some((pattern) => wildcardMatches(pattern, row.action)));
  for (const row of escalations) {
    issues.push({
      ruleId: "iam-wildcard-resource",
      severity: "high",
      attribute: attribute2,
      key: `escalation:${row.action.toLowerCase()}:${statement.resources?.negated ? "!" : ""}${(statement.resources?.values ?? []).join(",")}`,
      evidence: flaggedStatement(context, statement),
      summary: `${name} allows ${row.action} ${where}: ${row.why}`,
      message: `${address}: ${name} of \`${attribute2}\` allows ${row.action} ${where}, which ${row.why}: a privilege escalation path.`,
      remediation: `In ${name}, set Resource to ${row.scope}.`
    });
  }
  const writes = specific.filter((pattern) => !isReadOnly(pattern) && !escalations.some((row) => wildcardMatches(pattern, row.action)));
  if (writes.length > 0) {
    const quoted = quoteList(view, path2, writes);
    issues.push({
      ruleId: "iam-wildcard-resource",
      severity: "medium",
      attribute: attribute2,
      key: `resource:${statement.resources?.negated ? "!" : ""}${(statement.resources?.values ?? []).join(",")}:${writes.map((w) => w.toLowerCase()).sort().join(",")}`,
      evidence: flaggedStatement(context, statement),
      summary: `${name} allows write actions ${quoted} ${where}`,
      message: `${address}: ${name} of \`${attribute2}\` allows write actions (${quoted}) ${where}, not just the resources they are meant for.`,
      remediation: `In ${name}, replace Resource "*" with the ARNs of the resources these actions need.`
    });
  }
  return issues;
}
function isReadOnly(pattern) {
  const name = pattern.slice(pattern.indexOf(":") + 1);
  return READ_ONLY_ACTION_PREFIXES.some((row) => name.toLowerCase().startsWith(row.prefix.toLowerCase()));
}
function sharedOidcIssue(context, statement) {
  const federated = statement.principals?.negated ? [] : statement.principals?.byType["Federated"] ?? [];
  const provider = SHARED_OIDC_PROVIDERS.find((row) => federated.some((principal) => principal.toLowerCase().endsWith(`oidc-provider/${row.host}`) || principal.toLowerCase() === row.host));
  if (!provider) return null;
  const limitsSubject = statement.conditions.some(
    (clause) => clause.key.toLowerCase() === provider.subjectKey && !/^ForAllValues:|IfExists$|^StringNot/i.test(clause.operator) && clause.values.length > 0 && clause.values.every((value) => !/^[*?]*$/.test(value.trim()) && !/^[a-z_]+:[*?]*$/i.test(value.trim()))
  );
  if (limitsSubject) return null;
  const name = statementName(context, statement);
  return {
    ruleId: "iam-public-principal",
    severity: "high",
    attribute: context.attribute,
    key: `oidc-subject:${provider.host}`,
    evidence: flaggedStatement(context, statement),
    summary: `${name} trusts ${provider.host} with no condition on ${provider.subjectKey}`,
    message: `${context.address}: ${name} of the trust (assume-role) policy \`${context.attribute}\` trusts the OIDC provider ${provider.host} with no condition limiting ${provider.subjectKey}, so ${provider.everyone} can assume this role.`,
    remediation: `In ${name}, add a StringEquals (or StringLike) condition on ${provider.subjectKey} naming your own repository, project or workspace (${provider.source}).`
  };
}
function principalStatementIssues(context, statement, kind) {
  const { view, path: path2, attribute: attribute2, address } = context;
  if (kind === "trust") {
    const oidc = sharedOidcIssue(context, statement);
    if (oidc) return [oidc];
  }
  const who = publicPrincipal(statement.principals);
  if (who === null) return [];
  if (statement.conditions.some(limitingCondition)) return [];
  const name = statementName(context, statement);
  const actions = statement.actions === null ? "its actions" : statement.actions.negated ? `every action except ${quoteList(view, path2, statement.actions.values)}` : quoteList(view, path2, statement.actions.values);
  const consequence = kind === "trust" ? "anyone in any AWS account can assume this role" : `anyone can call ${actions} on it`;
  return [
    {
      ruleId: "iam-public-principal",
      severity: "high",
      attribute: attribute2,
      key: `public:${who}:${statement.actions?.negated ? "!" : ""}${(statement.actions?.values ?? []).map((a) => a.toLowerCase()).sort().join(",")}`,
      evidence: flaggedStatement(context, statement),
      summary: `${name} admits ${who} for ${actions} with no limiting Condition`,
      message: `${address}: ${name} of the ${KIND_WORDS[kind]} \`${attribute2}\` admits ${who} with no Condition limiting it, so ${consequence}.`,
      remediation: kind === "trust" ? `In ${name}, replace the "*" principal with the specific account, role or service that should assume the role.` : `In ${name}, name specific principals, or add a Condition such as aws:SourceArn, aws:SourceAccount or aws:PrincipalOrgID.`
    }
  ];
}
function awsAttachmentIssues(view) {
  const issues = [];
  for (const row of AWS_MANAGED_POLICY_ATTACHMENTS) {
    if (row.type !== view.change.type) continue;
    const path2 = [row.attribute];
    const state = attributeState(view, path2);
    if (state.state !== "known") continue;
    const arns = row.list ? Array.isArray(state.value) ? state.value : [] : [state.value];
    arns.forEach((arn, index) => {
      if (typeof arn !== "string") return;
      const admin = adminManagedPolicy(arn);
      if (!admin) return;
      const at = row.list ? [row.attribute, index] : path2;
      const quoted = quoteFrom(view, at, arn);
      issues.push({
        ruleId: "iam-admin-policy",
        severity: "high",
        attribute: row.attribute,
        key: `managed:${arn.toLowerCase()}`,
        summary: `attaches ${quoted}: ${admin.grants}`,
        message: `${view.change.address} attaches the AWS managed policy ${admin.name} (${quoted}), which grants ${admin.grants}.`,
        remediation: `Replace ${admin.name} in \`${row.attribute}\` with a policy scoped to the actions and resources this principal needs.`
      });
    });
  }
  return issues;
}
function adminManagedPolicy(arn) {
  const match2 = /^arn:aws[a-z-]*:iam::aws:policy\/(.+)$/i.exec(arn.trim());
  if (!match2) return void 0;
  const name = match2[1].toLowerCase();
  return AWS_ADMIN_MANAGED_POLICIES.find((row) => row.name.toLowerCase() === name);
}
function awsPrincipalAttributeIssues(view) {
  const issues = [];
  for (const row of AWS_PRINCIPAL_ATTRIBUTES) {
    if (row.type !== view.change.type) continue;
    const state = attributeState(view, [row.principal]);
    if (state.state !== "known" || state.value !== "*") continue;
    const limited = row.limitedBy.some((attribute2) => attributeState(view, [attribute2]).state !== "absent");
    if (limited) continue;
    issues.push({
      ruleId: "iam-public-principal",
      severity: "high",
      attribute: row.principal,
      key: `public-attribute:${row.principal}`,
      summary: `${row.principal} = "*" with none of ${row.limitedBy.join(", ")} set`,
      message: `${view.change.address} grants ${row.principal} = "*" with none of ${row.limitedBy.join(", ")} set, so anyone can invoke it.`,
      remediation: `Set ${row.principal} to the specific service or account, and add ${row.limitedBy.join(" or ")}.`
    });
  }
  return issues;
}
function awsPublicSettingIssues(view) {
  const issues = [];
  for (const row of PUBLIC_SETTINGS) {
    if (row.type !== view.change.type) continue;
    const state = attributeState(view, [row.attribute]);
    if (state.state !== "known" || isMarkedAt(view.side === "before" ? view.change.beforeSensitive : view.change.afterSensitive, [row.attribute])) continue;
    if (!row.openValues.includes(state.value)) continue;
    const quoted = quoteFrom(view, [row.attribute], state.value);
    issues.push({
      ruleId: "iam-public-principal",
      severity: row.severity,
      attribute: row.group ?? row.attribute,
      key: `public-setting:${row.attribute}:${String(state.value)}`,
      summary: `${row.attribute} = ${quoted}: ${row.consequence}`,
      message: `${view.change.address} sets ${row.attribute} = ${quoted}, so ${row.consequence}.`,
      remediation: `Set \`${row.attribute}\` to ${row.instead} (${row.source}).`
    });
  }
  return issues;
}

// src/rules/iam/azure.ts
var SCOPE_WORDS = {
  root: 'the root management group ("/"), that is the whole tenant',
  "management-group": "a management group, that is every subscription under it",
  subscription: "a whole subscription",
  "resource-group": "a resource group",
  resource: "a single resource",
  unknown: "a scope known only after apply"
};
function azureRoleAssignmentIssues(view) {
  if (view.change.type !== AZURE_ROLE_ASSIGNMENT.type) return [];
  const role = privilegedRole(view);
  if (!role) return [];
  const scopeState = attributeState(view, [AZURE_ROLE_ASSIGNMENT.scope]);
  if (scopeState.state === "absent") return [];
  const level = scopeState.state === "unknown" ? "unknown" : typeof scopeState.value === "string" ? scopeLevel(scopeState.value) : "unknown";
  const severity = AZURE_ASSIGNMENT_SEVERITY[role.row.reach][level];
  if (severity === null) return [];
  const scopeText = scopeState.state === "known" ? ` (${quoteFrom(view, [AZURE_ROLE_ASSIGNMENT.scope], scopeState.value)})` : "";
  const power = role.row.reach === "admin" ? "full control, including granting access to anyone" : "create, change and delete every resource";
  return [
    {
      ruleId: "iam-admin-policy",
      severity,
      attribute: role.attribute,
      key: `azure:${role.row.name}:${level}:${scopeState.state === "known" ? String(scopeState.value).toLowerCase() : "?"}`,
      summary: `${role.row.name} on ${SCOPE_WORDS[level]}`,
      message: `${view.change.address} assigns ${role.row.name} on ${SCOPE_WORDS[level]}${scopeText}: ${power} there.`,
      remediation: `Assign a narrower built-in or custom role than ${role.row.name}, or narrow \`scope\` to the resource group or resource that needs it.`
    }
  ];
}
function privilegedRole(view) {
  const name = attributeState(view, [AZURE_ROLE_ASSIGNMENT.roleName]);
  if (name.state === "known" && typeof name.value === "string") {
    const row = AZURE_PRIVILEGED_ROLES.find((candidate) => candidate.name.toLowerCase() === name.value.trim().toLowerCase());
    if (row) return { row, attribute: AZURE_ROLE_ASSIGNMENT.roleName };
  }
  const id = attributeState(view, [AZURE_ROLE_ASSIGNMENT.roleId]);
  if (id.state === "known" && typeof id.value === "string") {
    const guid2 = id.value.trim().split("/").pop()?.toLowerCase();
    const row = AZURE_PRIVILEGED_ROLES.find((candidate) => candidate.id === guid2);
    if (row) return { row, attribute: AZURE_ROLE_ASSIGNMENT.roleId };
  }
  return void 0;
}
function scopeLevel(scope) {
  const trimmed = scope.trim();
  const normalized = trimmed.length > 1 ? trimmed.replace(/\/+$/, "") : trimmed;
  return AZURE_SCOPE_PATTERNS.find((row) => row.pattern.test(normalized))?.level ?? "resource";
}
function wildcardAzureAction(action, plane) {
  const row = AZURE_WILDCARD_ACTIONS.find((candidate) => candidate.pattern.test(action.trim()));
  return row ? row.allows.replace("{plane}", plane) : null;
}
function azureRoleDefinitionIssues(view) {
  if (view.change.type !== AZURE_ROLE_DEFINITION.type) return [];
  const address = view.change.address;
  const permissions = attributeState(view, [AZURE_ROLE_DEFINITION.permissions]);
  if (permissions.state === "unknown") {
    return [unknownPermissions(address, AZURE_ROLE_DEFINITION.permissions)];
  }
  if (permissions.state !== "known" || !Array.isArray(permissions.value)) return [];
  const issues = [];
  permissions.value.forEach((_, blockIndex) => {
    for (const list of AZURE_ROLE_DEFINITION.actionLists) {
      const path2 = [AZURE_ROLE_DEFINITION.permissions, blockIndex, list];
      const attribute2 = `${AZURE_ROLE_DEFINITION.permissions}[${blockIndex}].${list}`;
      const state = attributeState(view, path2);
      if (state.state === "unknown") {
        issues.push(unknownPermissions(address, attribute2));
        continue;
      }
      if (state.state !== "known" || !Array.isArray(state.value)) continue;
      const plane = list === "data_actions" ? "data" : "management";
      const matches = state.value.flatMap((action) => {
        const allowed = typeof action === "string" ? wildcardAzureAction(action, plane) : null;
        return allowed === null ? [] : [{ action, allowed }];
      });
      if (matches.length === 0) continue;
      const wildcards = matches.map((match2) => match2.action);
      const quoted = quoteList(view, path2, wildcards);
      const allows = [...new Set(matches.map((match2) => match2.allowed))].join("; ");
      issues.push({
        ruleId: "iam-wildcard-action",
        severity: "high",
        attribute: attribute2,
        key: `azure-definition:${list}:${wildcards.map((w) => w.toLowerCase()).sort().join(",")}`,
        summary: `${attribute2} allows ${quoted}`,
        message: `${address}: custom role \`${attribute2}\` allows ${quoted}: ${allows}, wherever the role is assigned.`,
        remediation: `List the specific ${list} the role needs in ${attribute2} instead of ${quoted}.`
      });
    }
  });
  return issues;
}
function unknownPermissions(address, attribute2) {
  return {
    ruleId: "iam-unverifiable",
    severity: "info",
    attribute: attribute2,
    key: `unknown:${attribute2}`,
    summary: `${attribute2} is known only after apply`,
    message: `${address}: \`${attribute2}\` of the custom role is known only after apply, so it could not be checked for wildcard actions.`,
    remediation: "Write the role's actions as literals (or values known at plan time) so they can be reviewed."
  };
}

// src/rules/iam/google.ts
function googleIamIssues(view) {
  const type = view.change.type;
  if (!type.startsWith("google_")) return [];
  const carrier = GOOGLE_IAM_CARRIERS.find((row) => type.endsWith(row.suffix));
  if (!carrier) return [];
  const scope = GOOGLE_IAM_SCOPES.find((row) => type.startsWith(row.prefix))?.scope ?? "resource";
  let bindings;
  let attribute2;
  if (carrier.shape === "policy") {
    attribute2 = "policy_data";
    const state = attributeState(view, ["policy_data"]);
    if (state.state === "absent") return [];
    if (state.state === "unknown") {
      return [unverifiable(view, "unknown:policy_data", `${view.change.address}: \`policy_data\` is known only after apply, so the bindings it sets could not be checked for admin roles or public members.`)];
    }
    const parsed = parsePolicyData(state.value);
    if (typeof parsed === "string") return [unverifiable(view, `invalid:${parsed}`, `${view.change.address}: \`policy_data\` could not be checked: ${parsed}.`)];
    bindings = parsed;
  } else {
    const role = attributeState(view, ["role"]);
    if (role.state !== "known" || typeof role.value !== "string") return [];
    const membersAttribute = carrier.shape === "member" ? "member" : "members";
    attribute2 = membersAttribute;
    const members2 = attributeState(view, [membersAttribute]);
    if (members2.state === "absent") return [];
    const list = members2.state === "unknown" ? [null] : carrier.shape === "member" ? [members2.value] : Array.isArray(members2.value) ? members2.value : [];
    bindings = [
      {
        role: role.value,
        rolePath: ["role"],
        members: list.map((member, index) => ({
          member: typeof member === "string" ? member : null,
          path: carrier.shape === "member" || members2.state === "unknown" ? [membersAttribute] : [membersAttribute, index]
        }))
      }
    ];
  }
  return bindings.flatMap((binding) => bindingIssues(view, binding, scope, attribute2));
}
function bindingIssues(view, binding, scope, attribute2) {
  const issues = [];
  const address = view.change.address;
  const role = quoteFrom(view, binding.rolePath, binding.role);
  const admin = scope === "resource" ? void 0 : GOOGLE_ADMIN_ROLES.find((row) => row.role === binding.role);
  for (const { member, path: path2 } of binding.members) {
    const who = member === null ? "a member known only after apply" : quoteFrom(view, path2, member);
    if (admin) {
      issues.push({
        ruleId: "iam-admin-policy",
        severity: "high",
        attribute: attribute2,
        key: `admin:${binding.role}:${member ?? "(known after apply)"}`,
        summary: `${who} gets ${role} on the ${scope}`,
        message: `${address} grants ${role} on the whole ${scope} to ${who}: ${admin.grants}.`,
        remediation: `Replace ${role} with a predefined role scoped to what ${member === null || who === SENSITIVE_PLACEHOLDER ? "this member" : who} needs.`
      });
    }
    const isPublic = member === null ? void 0 : GOOGLE_PUBLIC_MEMBERS.find((row) => row.member === member);
    if (isPublic) {
      issues.push({
        ruleId: "iam-public-principal",
        severity: "high",
        attribute: attribute2,
        key: `public:${binding.role}:${member}`,
        summary: `${isPublic.member} (${isPublic.meaning}) gets ${role}`,
        message: `${address} grants ${role} to ${isPublic.member}, that is ${isPublic.meaning}${scope === "resource" ? "" : ` on the whole ${scope}`}.`,
        remediation: `Remove ${isPublic.member} from the ${attribute2 === "policy_data" ? "policy bindings" : attribute2}; grant the role to specific users, groups or service accounts.`
      });
    }
  }
  return issues;
}
function parsePolicyData(value) {
  let json = value;
  if (typeof value === "string") {
    try {
      json = JSON.parse(value);
    } catch {
      return "it is not valid JSON";
    }
  }
  if (json === null || typeof json !== "object" || Array.isArray(json)) return "it is not a JSON object";
  const raw = json["bindings"];
  if (raw === void 0) return [];
  if (!Array.isArray(raw)) return "its bindings is not a list";
  const bindings = [];
  for (const [index, entry] of raw.entries()) {
    if (entry === null || typeof entry !== "object") return `binding ${index + 1} is not an object`;
    const record2 = entry;
    const role = record2["role"];
    const members2 = record2["members"];
    if (typeof role !== "string") return `binding ${index + 1} has no role`;
    if (members2 !== void 0 && (!Array.isArray(members2) || !members2.every((m) => typeof m === "string"))) return `binding ${index + 1} has members that are not a list of strings`;
    bindings.push({
      role,
      rolePath: ["policy_data"],
      members: (members2 ?? []).map((member) => ({ member, path: ["policy_data"] }))
    });
  }
  return bindings;
}
function unverifiable(view, key, message) {
  return {
    ruleId: "iam-unverifiable",
    severity: "info",
    attribute: formatPath(["policy_data"]),
    key,
    summary: message,
    message,
    remediation: "Review the data.google_iam_policy it comes from by hand, or build it from values known at plan time."
  };
}

// src/rules/iam/index.ts
var COLLECTORS = [
  awsPolicyIssues,
  awsAttachmentIssues,
  awsPrincipalAttributeIssues,
  awsPublicSettingIssues,
  googleIamIssues,
  azureRoleAssignmentIssues,
  azureRoleDefinitionIssues
];
function iamRule(id, defaultSeverity, summary) {
  return {
    id,
    defaultSeverity,
    summary,
    evaluate(plan) {
      return findingsFor(this, planIssues(plan, COLLECTORS));
    }
  };
}
var iamWildcardAction = iamRule(
  "iam-wildcard-action",
  "high",
  "An Allow grants every action (`*`), every action of a service (`s3:*`), or everything but a list (NotAction); Azure custom roles with `*` actions."
);
var iamWildcardResource = iamRule(
  "iam-wildcard-resource",
  "medium",
  'An Allow grants write actions on every resource (`Resource: "*"`); high for iam:PassRole and sts:AssumeRole.'
);
var iamAdminPolicy = iamRule(
  "iam-admin-policy",
  "high",
  "An admin-equivalent grant: AWS AdministratorAccess/IAMFullAccess/PowerUserAccess, GCP owner/editor/securityAdmin, Azure Owner/User Access Administrator by scope."
);
var iamPublicPrincipal = iamRule(
  "iam-public-principal",
  "high",
  'A resource or trust policy, or a binding, open to everyone: Principal "*" without a limiting Condition, allUsers, allAuthenticatedUsers.'
);
var iamUnverifiable = iamRule(
  "iam-unverifiable",
  "info",
  "A policy is known only after apply (or is not valid), so it could not be checked."
);
var IAM_RULES = [iamWildcardAction, iamWildcardResource, iamAdminPolicy, iamPublicPrincipal, iamUnverifiable];

// src/catalog/lockout.ts
var AUTHORITATIVE_POLICIES = [
  { type: "aws_iam_policy_attachment", removes: "the policy from every user, role and group in the account that has it, not only those this resource lists (it is an exclusive attachment)", severity: "high", source: "AWSd:iam_policy_attachment" },
  { type: "google_folder_iam_policy", removes: "every IAM binding on the folder: everyone without access from the organization loses access to the folder and what it holds", severity: "critical", source: "GCd:google_folder_iam" },
  { type: "google_organization_iam_policy", removes: "every IAM binding on the organization: everyone, administrators included, can be locked out of it", severity: "critical", source: "GCd:google_organization_iam" },
  { type: "google_project_iam_policy", removes: "every IAM binding on the project: everyone without organization-level access loses access to it", severity: "critical", source: "GCd:google_project_iam" }
];
var KEY_SWITCHES = [
  { type: "aws_kms_key", path: ["is_enabled"], enabledValues: [true], disabledValues: [false], source: "AWSd:kms_key" },
  { type: "aws_kms_external_key", path: ["enabled"], enabledValues: [true], disabledValues: [false], source: "AWSd:kms_external_key" },
  { type: "aws_kms_replica_key", path: ["enabled"], enabledValues: [true], disabledValues: [false], source: "AWSd:kms_replica_key" },
  { type: "google_kms_crypto_key_version", path: ["state"], enabledValues: ["ENABLED"], disabledValues: ["DISABLED", "DESTROYED", "DESTROY_SCHEDULED"], source: "GCd:kms_crypto_key_version" }
];

// src/rules/lockout.ts
var POLICIES = new Map(AUTHORITATIVE_POLICIES.map((row) => [row.type, row]));
var KEYS = new Map(KEY_SWITCHES.map((row) => [row.type, row]));
var iamPolicyRemoved = {
  id: "iam-policy-removed",
  defaultSeverity: "critical",
  summary: "An authoritative IAM policy (google_project_iam_policy, folder, organization; an exclusive AWS policy attachment) is destroyed: every binding it holds goes with it.",
  evaluate(plan) {
    return plan.changes.flatMap((change) => {
      const row = POLICIES.get(change.type);
      if (change.mode !== "managed" || !row || !isDestroying(change)) return [];
      const replacing = change.action === "replace";
      return [
        resourceFinding(this, change, {
          severity: row.severity,
          message: `${change.address} will be ${replacing ? "replaced: while the old one is destroyed, the target has no policy" : "destroyed"}. Destroying it removes ${row.removes}.`,
          details: [`Provider documentation: ${row.source}`],
          remediation: replacing ? "Find what forces the replacement and revert it; an authoritative policy should be changed in place." : "Keep the resource, or replace it by non-authoritative grants (…_iam_member / …_iam_binding) applied before this one is removed; use a `removed` block with lifecycle { destroy = false } to stop managing it without clearing the policy."
        })
      ];
    });
  }
};
var keyDisabled = {
  id: "key-disabled",
  defaultSeverity: "critical",
  summary: "An encryption key is switched off (AWS KMS is_enabled/enabled true → false, a Cloud KMS key version leaving ENABLED): everything it encrypts becomes unreadable at once.",
  evaluate(plan) {
    return plan.changes.flatMap((change) => {
      const row = KEYS.get(change.type);
      if (change.mode !== "managed" || !row || change.action !== "update") return [];
      if (isMarkedAt(change.beforeSensitive, row.path) || isMarkedAt(change.afterSensitive, row.path)) return [];
      const before = valueAt(change.before, row.path);
      const after = valueAt(change.after, row.path);
      if (!row.enabledValues.includes(before) || !row.disabledValues.includes(after)) return [];
      return [
        resourceFinding(this, change, {
          message: `${change.address} will be switched off (${formatPath(row.path)}: ${displayTransition(change, row.path, plan.secrets)}): every service reading data encrypted with it (volumes, databases, buckets, secrets) fails at once, until the key is enabled again.`,
          details: [`Provider documentation: ${row.source}`],
          remediation: "Re-encrypt or retire what the key protects first, and switch the key off only once nothing depends on it."
        })
      ];
    });
  }
};

// src/rules/mass-delete.ts
var LISTED_ADDRESSES = 20;
var MIN_TEARDOWN_RESOURCES = 2;
var massDelete = {
  id: "mass-delete",
  defaultSeverity: "high",
  summary: "Deletes plus replacements reach the threshold (default 10), or the plan destroys every managed resource.",
  evaluate(plan, context) {
    const managed = plan.changes.filter((change) => change.mode === "managed");
    const deleted = managed.filter((change) => change.action === "delete");
    const replaced = managed.filter((change) => change.action === "replace");
    const destroyed = deleted.length + replaced.length;
    const prior = plan.priorManagedResourceCount;
    const currentDeletes = deleted.filter((change) => change.deposedKey === null).length;
    const teardown = prior !== null && prior >= MIN_TEARDOWN_RESOURCES && currentDeletes >= prior;
    if (!teardown && destroyed < context.massDeleteThreshold) return [];
    const counts = `${deleted.length} delete${deleted.length === 1 ? "" : "s"} and ${replaced.length} replacement${replaced.length === 1 ? "" : "s"}`;
    const message = teardown ? `This plan destroys every resource in the state (${prior} managed): a teardown, as with \`terraform destroy\` or a removed configuration.` : `This plan destroys ${destroyed} resources (${counts}), at or above the mass-delete threshold of ${context.massDeleteThreshold}.`;
    const addresses = [...deleted, ...replaced].map((change) => `${change.action === "replace" ? "replace" : "delete"} ${change.address}`);
    const details = addresses.slice(0, LISTED_ADDRESSES);
    if (addresses.length > LISTED_ADDRESSES) details.push(`… and ${addresses.length - LISTED_ADDRESSES} more`);
    return [
      planFinding(this, {
        message,
        details,
        // What an approval covers: exactly these destroys (growing the set is a new approval).
        evidence: { destroyed: evidenceSet(addresses) },
        remediation: teardown ? "If this is not a deliberate teardown, check that the configuration and the backend are the ones you meant (a wrong directory or workspace looks like this)." : "Split the change into smaller plans, or confirm each destroy is intended; use `moved` blocks for renames."
      })
    ];
  }
};

// src/catalog/ingress-shapes.ts
var INGRESS_SHAPES = [
  {
    type: "aws_security_group",
    rulesAt: "ingress",
    direction: null,
    access: null,
    disabledAttribute: null,
    sources: [{ attribute: "cidr_blocks", list: true }, { attribute: "ipv6_cidr_blocks", list: true }],
    ports: { kind: "from-to", protocol: "protocol", from: "from_port", to: "to_port" },
    source: "AWSd:security_group L245-292"
  },
  {
    type: "aws_default_security_group",
    rulesAt: "ingress",
    direction: null,
    access: null,
    disabledAttribute: null,
    sources: [{ attribute: "cidr_blocks", list: true }, { attribute: "ipv6_cidr_blocks", list: true }],
    ports: { kind: "from-to", protocol: "protocol", from: "from_port", to: "to_port" },
    source: "rule-catalog.md §5.1 (default SG ingress, same block shape)"
  },
  {
    type: "aws_security_group_rule",
    rulesAt: null,
    direction: { attribute: "type", ingressValues: ["ingress"], omittedIsIngress: false },
    access: null,
    disabledAttribute: null,
    sources: [{ attribute: "cidr_blocks", list: true }, { attribute: "ipv6_cidr_blocks", list: true }],
    ports: { kind: "from-to", protocol: "protocol", from: "from_port", to: "to_port" },
    source: "AWSd:security_group_rule L93-109"
  },
  {
    type: "aws_vpc_security_group_ingress_rule",
    rulesAt: null,
    direction: null,
    access: null,
    disabledAttribute: null,
    sources: [{ attribute: "cidr_ipv4", list: false }, { attribute: "cidr_ipv6", list: false }],
    ports: { kind: "from-to", protocol: "ip_protocol", from: "from_port", to: "to_port" },
    source: "AWSd:vpc_security_group_ingress_rule L46-57"
  },
  {
    type: "google_compute_firewall",
    rulesAt: null,
    direction: { attribute: "direction", ingressValues: ["INGRESS"], omittedIsIngress: true },
    access: null,
    disabledAttribute: "disabled",
    sources: [{ attribute: "source_ranges", list: true }],
    ports: { kind: "allow-blocks", block: "allow", protocol: "protocol", ports: "ports" },
    source: "GCd:compute_firewall (direction defaults to INGRESS; omitted ports = any port)"
  },
  ...["google_compute_firewall_policy_rule", "google_compute_network_firewall_policy_rule", "google_compute_region_network_firewall_policy_rule"].map(
    (type) => ({
      type,
      rulesAt: "match",
      settingsOnResource: true,
      direction: { attribute: "direction", ingressValues: ["INGRESS"], omittedIsIngress: false },
      access: { attribute: "action", allowValues: ["allow"] },
      disabledAttribute: "disabled",
      sources: [{ attribute: "src_ip_ranges", list: true }],
      ports: { kind: "allow-blocks", block: "layer4_configs", protocol: "ip_protocol", ports: "ports" },
      source: `GCd:${type.replace(/^google_/, "")} (match.src_ip_ranges, match.layer4_configs; action allow)`
    })
  ),
  {
    type: "azurerm_network_security_rule",
    rulesAt: null,
    direction: { attribute: "direction", ingressValues: ["Inbound"], omittedIsIngress: false },
    access: { attribute: "access", allowValues: ["Allow"] },
    disabledAttribute: null,
    sources: [{ attribute: "source_address_prefix", list: false }, { attribute: "source_address_prefixes", list: true }],
    ports: { kind: "port-ranges", protocol: "protocol", single: "destination_port_range", list: "destination_port_ranges" },
    source: "AZd:network_security_rule L59-89"
  },
  {
    type: "azurerm_network_security_group",
    rulesAt: "security_rule",
    direction: { attribute: "direction", ingressValues: ["Inbound"], omittedIsIngress: false },
    access: { attribute: "access", allowValues: ["Allow"] },
    disabledAttribute: null,
    sources: [{ attribute: "source_address_prefix", list: false }, { attribute: "source_address_prefixes", list: true }],
    ports: { kind: "port-ranges", protocol: "protocol", single: "destination_port_range", list: "destination_port_ranges" },
    source: "AZd:network_security_rule L59-89 (inline security_rule has the same fields)"
  }
];
var PROTOCOLS = [
  { value: "-1", reach: "all-ports", source: "AWSd:security_group_rule, AWSd:vpc_security_group_ingress_rule (all protocols and ports)" },
  { value: "all", reach: "all-ports", source: "AWSd:security_group_rule; GCd:compute_firewall" },
  // Azure `*` is every protocol; the rule's destination ports still apply.
  { value: "*", reach: "ports", source: "AZd:network_security_rule (protocol *)" },
  { value: "tcp", reach: "ports", source: "all three providers" },
  { value: "udp", reach: "ports", source: "all three providers" },
  { value: "sctp", reach: "ports", source: "GCd:compute_firewall" },
  { value: "6", reach: "ports", source: "IANA protocol number (TCP)" },
  { value: "17", reach: "ports", source: "IANA protocol number (UDP)" },
  { value: "132", reach: "ports", source: "IANA protocol number (SCTP)" },
  { value: "icmp", reach: "no-ports", source: "all three providers; from/to_port carry ICMP type/code" },
  { value: "icmpv6", reach: "no-ports", source: "AWS protocol name" },
  { value: "1", reach: "no-ports", source: "IANA protocol number (ICMP)" },
  { value: "58", reach: "no-ports", source: "IANA protocol number (ICMPv6)" },
  { value: "esp", reach: "no-ports", source: "AZd:network_security_rule; GCd:compute_firewall" },
  { value: "ah", reach: "no-ports", source: "AZd:network_security_rule; GCd:compute_firewall" },
  { value: "50", reach: "no-ports", source: "IANA protocol number (ESP)" },
  { value: "51", reach: "no-ports", source: "IANA protocol number (AH)" },
  { value: "ipip", reach: "no-ports", source: "GCd:compute_firewall" }
];
var WORLD_SOURCE_TAGS = [
  { value: "*", source: 'AZd:network_security_rule ("* to match any IP")' },
  { value: "Internet", source: "AZd:network_security_rule (service tag)" },
  { value: "Any", source: "rule-catalog.md §5.3" }
];

// src/catalog/ports.ts
var SENSITIVE_PORTS = [
  { from: 22, to: 22, service: "SSH", exposure: "high", source: "CKV_AWS_24, CKV_GCP_2, CKV_AZURE_10" },
  { from: 3389, to: 3389, service: "RDP", exposure: "high", source: "CKV_AWS_25, CKV_GCP_3, CKV_AZURE_9" },
  { from: 20, to: 21, service: "FTP", exposure: "high", source: "CKV_GCP_77, CKV_GCP_75" },
  { from: 23, to: 23, service: "Telnet", exposure: "high", source: "Datadog admin ports list" },
  { from: 115, to: 115, service: "SFTP (RFC 913)", exposure: "high", source: "Datadog admin ports list" },
  { from: 135, to: 135, service: "Windows RPC", exposure: "high", source: "§5.4 (UNVERIFIED list)" },
  { from: 137, to: 139, service: "NetBIOS", exposure: "high", source: "Datadog admin ports list" },
  { from: 445, to: 445, service: "SMB", exposure: "high", source: "§5.4 (UNVERIFIED list)" },
  { from: 2049, to: 2049, service: "NFS", exposure: "high", source: "Datadog admin ports list" },
  { from: 3306, to: 3306, service: "MySQL", exposure: "high", source: "CKV_GCP_88" },
  { from: 5432, to: 5432, service: "PostgreSQL", exposure: "high", source: "§5.4 (UNVERIFIED list)" },
  { from: 1433, to: 1434, service: "SQL Server", exposure: "high", source: "§5.4 (UNVERIFIED list)" },
  { from: 1521, to: 1521, service: "Oracle", exposure: "high", source: "§5.4 (UNVERIFIED list)" },
  { from: 27017, to: 27017, service: "MongoDB", exposure: "high", source: "§5.4 (UNVERIFIED list)" },
  { from: 5e4, to: 5e4, service: "DB2", exposure: "high", source: "Alibaba Cloud Firewall checks" },
  { from: 9200, to: 9200, service: "Elasticsearch", exposure: "high", source: "§5.4 (UNVERIFIED list)" },
  { from: 9300, to: 9300, service: "Elasticsearch transport", exposure: "high", source: "§5.4 (UNVERIFIED list)" },
  { from: 5601, to: 5601, service: "Kibana", exposure: "high", source: "§5.4 (UNVERIFIED list)" },
  { from: 6379, to: 6379, service: "Redis", exposure: "high", source: "§5.4 (secondary source)" },
  { from: 11211, to: 11211, service: "Memcached", exposure: "high", source: "§5.4 (UNVERIFIED list)" },
  { from: 9092, to: 9092, service: "Kafka", exposure: "high", source: "§5.4 (UNVERIFIED list)" },
  { from: 2375, to: 2376, service: "Docker API", exposure: "high", source: "§5.4 (UNVERIFIED list)" },
  { from: 2379, to: 2379, service: "etcd", exposure: "high", source: "§5.4 (UNVERIFIED list)" },
  { from: 6443, to: 6443, service: "Kubernetes API", exposure: "high", source: "§5.4 (UNVERIFIED list)" },
  { from: 5900, to: 5900, service: "VNC", exposure: "high", source: "§5.4 (UNVERIFIED list)" },
  { from: 80, to: 80, service: "HTTP", exposure: "web", source: "CKV_AWS_260, CKV_GCP_106, CKV_AZURE_160" },
  { from: 443, to: 443, service: "HTTPS", exposure: "web", source: "Security Hub EC2.18 default authorizedTcpPorts 80, 443" }
];
var MIN_PORT = 0;
var MAX_PORT = 65535;

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

// src/rules/cidr-coverage.ts
var V4_BITS = 32n;
var V6_BITS = 128n;
function internetCoveringRanges(values) {
  const v4 = values.filter((value) => parseV4(value) !== null);
  const v6 = values.filter((value) => parseV6(value) !== null);
  const covering = [];
  if (covers(v4.map((value) => parseV4(value)), V4_BITS)) covering.push(...v4);
  if (covers(v6.map((value) => parseV6(value)), V6_BITS)) covering.push(...v6);
  return covering;
}
function covers(intervals, bits) {
  if (intervals.length === 0) return false;
  const sorted = [...intervals].sort((a, b) => a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);
  let next = 0n;
  for (const [start, end] of sorted) {
    if (start > next) return false;
    if (end + 1n > next) next = end + 1n;
  }
  return next >= 1n << bits;
}
function toInterval(address, prefix2, bits) {
  if (!Number.isInteger(prefix2) || prefix2 < 0 || BigInt(prefix2) > bits) return null;
  const hostBits = bits - BigInt(prefix2);
  const start = address >> hostBits << hostBits;
  return [start, start + (1n << hostBits) - 1n];
}
function parseV4(text) {
  const match2 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(text.trim());
  if (!match2) return null;
  const octets = match2.slice(1, 5).map(Number);
  if (octets.some((octet) => octet > 255)) return null;
  const address = octets.reduce((sum, octet) => (sum << 8n) + BigInt(octet), 0n);
  return toInterval(address, Number(match2[5]), V4_BITS);
}
function parseV6(text) {
  const match2 = /^([0-9a-f:]+)\/(\d{1,3})$/i.exec(text.trim());
  if (!match2 || !match2[1].includes(":")) return null;
  const halves = match2[1].split("::");
  if (halves.length > 2) return null;
  const groups = (part) => part === "" ? [] : part.split(":");
  const head = groups(halves[0]);
  const tail = halves.length === 2 ? groups(halves[1]) : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return null;
  const all = [...head, ...Array(halves.length === 2 ? missing : 0).fill("0"), ...tail];
  if (all.some((group) => !/^[0-9a-f]{1,4}$/i.test(group))) return null;
  const address = all.reduce((sum, group) => (sum << 16n) + BigInt(Number.parseInt(group, 16)), 0n);
  return toInterval(address, Number(match2[2]), V6_BITS);
}

// src/rules/network.ts
var LISTED_SERVICES = 4;
var SHAPES = new Map(INGRESS_SHAPES.map((row) => [row.type, row]));
var PROTOCOL_REACH = new Map(PROTOCOLS.map((row) => [row.value.toLowerCase(), row.reach]));
var WORLD_TAGS = new Set(WORLD_SOURCE_TAGS.map((row) => row.value.toLowerCase()));
var networkOpenIngress = {
  id: "network-open-ingress",
  defaultSeverity: "high",
  summary: "Ingress from the whole internet (0.0.0.0/0, ::/0, Azure * / Internet): high for SSH, RDP, database/cache ports or all ports; low for 80/443 only; medium otherwise.",
  evaluate(plan) {
    const added = addedByPlan(plan, (change, side) => [...exposures(change, side, plan.secrets), ...databaseExposures(change, side, plan.secrets)]);
    return added.map(({ change, items }) => {
      const sorted = [...items].sort((a, b) => severityRank(b.severity) - severityRank(a.severity));
      const worst = sorted[0];
      const where = worst.where ? ` (${worst.where})` : "";
      const more = sorted.length > 1 ? ` ${sorted.length - 1} more open rule${sorted.length > 2 ? "s" : ""} in the details.` : "";
      return resourceFinding(this, change, {
        severity: worst.severity,
        message: `${change.address}${where} opens ${worst.portsText} to the whole internet (${worst.sourcesText}).${more}`,
        details: sorted.length > 1 ? sorted.map((item) => `${item.where ?? "rule"}: ${item.portsText} from ${item.sourcesText}`) : [],
        remediation: remediation2(worst),
        evidence: { open: evidenceSet(sorted.map((item) => item.evidence)) }
      });
    });
  }
};
function remediation2(exposure) {
  const attributes = exposure.sourceAttributes.map((name) => `\`${name}\``).join(" / ");
  if (exposure.severity === "low") {
    return `If this is a public web endpoint this is expected; otherwise narrow ${attributes} to the ranges that need it.`;
  }
  return `Replace the world-open source in ${attributes} with the specific ranges that need access (office, VPN, load balancer), or reach the service through a bastion or private endpoint.`;
}
function exposures(change, side, secrets) {
  const shape = SHAPES.get(change.type);
  if (!shape) return [];
  const values = side === "before" ? change.before : change.after;
  const sensitiveMask = side === "before" ? change.beforeSensitive : change.afterSensitive;
  const reader = {
    value: (path2) => valueAt(values, path2),
    // An unknown value is absent from `after`, or null where it is a list element.
    unknown: (path2) => side === "after" && valueAt(values, path2) == null && isMarkedAt(change.afterUnknown, path2),
    quote: (paths, value) => paths.some((path2) => isMarkedAt(sensitiveMask, path2)) ? SENSITIVE_PLACEHOLDER : formatPlainValue(value, secrets)
  };
  const rules = [];
  if (shape.rulesAt === null) rules.push([]);
  else {
    const list = valueAt(values, [shape.rulesAt]);
    if (Array.isArray(list)) list.forEach((_, index) => rules.push([shape.rulesAt, index]));
  }
  return rules.flatMap((rulePath) => {
    const exposure = ruleExposure(shape, reader, rulePath);
    return exposure ? [exposure] : [];
  });
}
var FIREWALLS = new Map(FIREWALL_RANGES.map((row) => [row.type, row]));
var NETWORK_LIST_TYPES = new Map(NETWORK_LISTS.map((row) => [row.type, row]));
var LAST_IPV4 = 2 ** 32 - 1;
function databaseExposures(change, side, secrets) {
  const values = side === "before" ? change.before : change.after;
  const mask = side === "before" ? change.beforeSensitive : change.afterSensitive;
  const firewall = FIREWALLS.get(change.type);
  if (firewall) {
    if (isMarkedAt(mask, [firewall.start]) || isMarkedAt(mask, [firewall.end])) return [];
    const start = ipv4Number(valueAt(values, [firewall.start]));
    const end = ipv4Number(valueAt(values, [firewall.end]));
    if (start !== 0 || end !== LAST_IPV4) return [];
    const range2 = `${formatPlainValue(valueAt(values, [firewall.start]), secrets)}–${formatPlainValue(valueAt(values, [firewall.end]), secrets)}`;
    const evidence2 = { sources: [String(valueAt(values, [firewall.start])), String(valueAt(values, [firewall.end]))], ports: firewall.opens };
    return [{ key: "whole-ipv4-range", evidence: evidence2, severity: "high", where: null, portsText: firewall.opens, sourcesText: range2, sourceAttributes: [firewall.start, firewall.end] }];
  }
  const listRow = NETWORK_LIST_TYPES.get(change.type);
  if (!listRow) return [];
  const list = valueAt(values, listRow.list);
  if (!Array.isArray(list)) return [];
  const entries = list.flatMap((_, index) => {
    const path2 = [...listRow.list, index, listRow.cidr];
    const value = valueAt(values, path2);
    return typeof value === "string" && !isMarkedAt(mask, path2) ? [value] : [];
  });
  const covering = /* @__PURE__ */ new Set([...entries.filter(isWorldSource), ...entries.some(isWorldSource) ? [] : internetCoveringRanges(entries)]);
  if (covering.size === 0) return [];
  const sourcesText = [...covering].map((value) => formatPlainValue(value, secrets)).join(", ");
  const evidence = { sources: evidenceSet([...covering].map((value) => value.toLowerCase())), ports: listRow.opens };
  return [{ key: [...covering].sort().join(","), evidence, severity: "high", where: formatPath(listRow.list), portsText: listRow.opens, sourcesText, sourceAttributes: [`${formatPath(listRow.list)}[*].${listRow.cidr}`] }];
}
function ipv4Number(value) {
  if (typeof value !== "string") return null;
  const match2 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(value.trim());
  if (!match2) return null;
  const octets = match2.slice(1).map(Number);
  return octets.some((octet) => octet > 255) ? null : octets.reduce((sum, octet) => sum * 256 + octet, 0);
}
function ruleExposure(shape, reader, rulePath) {
  const read = (attribute2) => reader.value([...rulePath, attribute2]);
  const readSetting = (attribute2) => shape.settingsOnResource ? reader.value([attribute2]) : read(attribute2);
  if (shape.direction) {
    const direction = readSetting(shape.direction.attribute);
    const ingress = typeof direction === "string" && direction !== "" ? shape.direction.ingressValues.some((value) => value.toLowerCase() === direction.toLowerCase()) : shape.direction.omittedIsIngress;
    if (!ingress) return null;
  }
  if (shape.access) {
    const access = readSetting(shape.access.attribute);
    if (typeof access !== "string" || !shape.access.allowValues.some((value) => value.toLowerCase() === access.toLowerCase())) return null;
  }
  if (shape.disabledAttribute && readSetting(shape.disabledAttribute) === true) return null;
  const sources = [];
  for (const source of shape.sources) {
    const value = read(source.attribute);
    const items = source.list ? Array.isArray(value) ? value : [] : [value];
    items.forEach((item, index) => {
      if (typeof item === "string") sources.push({ path: source.list ? [...rulePath, source.attribute, index] : [...rulePath, source.attribute], value: item });
    });
  }
  let world = sources.filter((source) => isWorldSource(source.value));
  if (world.length === 0) {
    const covering = new Set(internetCoveringRanges(sources.map((source) => source.value)));
    world = sources.filter((source) => covering.has(source.value));
  }
  if (world.length === 0) return null;
  const ports = openPorts(shape, read, (relative3) => reader.unknown([...rulePath, ...relative3]));
  if (ports === null) return null;
  const portPaths = portAttributes(shape).map((attribute2) => [...rulePath, attribute2]);
  const classified = classify(ports, (port) => reader.quote(portPaths, port));
  const sourcesText = [...new Set(world.map(({ path: path2, value }) => reader.quote([path2], value)))].join(", ");
  const key = `${world.map((w) => w.value.toLowerCase()).sort().join(",")}|${ports.kind === "ranges" ? ports.ranges.map(([a, b]) => `${a}-${b}`).sort().join(",") : ports.kind}`;
  return {
    key,
    evidence: {
      sources: evidenceSet(world.map((source) => source.value.trim().toLowerCase())),
      ports: ports.kind === "ranges" ? { ranges: evidenceSet(ports.ranges.map(([from, to]) => [from, to])), partlyUnknown: ports.partlyUnknown } : ports.kind,
      protocols: protocolsOf(shape, read)
    },
    severity: classified.severity,
    where: rulePath.length > 0 ? formatPath(rulePath) : null,
    portsText: classified.text,
    sourcesText,
    sourceAttributes: shape.sources.map((source) => source.attribute)
  };
}
function protocolsOf(shape, read) {
  const ports = shape.ports;
  const normalize2 = (value) => typeof value === "string" ? value.trim().toLowerCase() : toEvidence(value);
  if (ports.kind !== "allow-blocks") return [normalize2(read(ports.protocol))];
  const blocks = read(ports.block);
  if (!Array.isArray(blocks)) return [];
  return evidenceSet(blocks.map((block) => block !== null && typeof block === "object" ? normalize2(block[ports.protocol]) : null));
}
function isWorldSource(value) {
  const trimmed = value.trim();
  if (WORLD_TAGS.has(trimmed.toLowerCase())) return true;
  return /^[0-9a-f.:]+\/0+$/i.test(trimmed);
}
function protocolReach(protocol) {
  if (typeof protocol === "number") return PROTOCOL_REACH.get(String(protocol)) ?? "ports";
  if (typeof protocol !== "string" || protocol === "") return "ports";
  return PROTOCOL_REACH.get(protocol.toLowerCase()) ?? "ports";
}
function portAttributes(shape) {
  const ports = shape.ports;
  switch (ports.kind) {
    case "from-to":
      return [ports.from, ports.to];
    case "port-ranges":
      return [ports.single, ports.list];
    case "allow-blocks":
      return [ports.block];
  }
}
function openPorts(shape, read, unknown2) {
  const ports = shape.ports;
  switch (ports.kind) {
    case "from-to": {
      const reach = protocolReach(read(ports.protocol));
      if (reach === "no-ports") return null;
      if (reach === "all-ports") return { kind: "all" };
      if (unknown2([ports.from]) || unknown2([ports.to])) return { kind: "unknown" };
      if (read(ports.from) == null && read(ports.to) == null) return { kind: "all" };
      const from = toPort(read(ports.from));
      const to = toPort(read(ports.to));
      if (from === null || to === null) return { kind: "unknown" };
      return { kind: "ranges", ranges: [[Math.min(from, to), Math.max(from, to)]], partlyUnknown: false };
    }
    case "port-ranges": {
      const reach = protocolReach(read(ports.protocol));
      if (reach === "no-ports") return null;
      if (unknown2([ports.single]) || unknown2([ports.list])) return { kind: "unknown" };
      const list = Array.isArray(read(ports.list)) ? read(ports.list) : [];
      const texts = [read(ports.single), ...list];
      const unknownEntries = list.some((_, index) => unknown2([ports.list, index]));
      return withUnknown(rangesFromTexts(texts.filter((text) => text !== void 0 && text !== null && text !== "")), unknownEntries);
    }
    case "allow-blocks": {
      if (unknown2([ports.block])) return { kind: "unknown" };
      const blocks = read(ports.block);
      if (!Array.isArray(blocks)) return null;
      const collected = [];
      let someUnknown = false;
      for (const [index, block] of blocks.entries()) {
        if (block === null || typeof block !== "object") continue;
        const record2 = block;
        const reach = protocolReach(record2[ports.protocol]);
        if (reach === "no-ports") continue;
        if (unknown2([ports.block, index, ports.ports])) {
          someUnknown = true;
          continue;
        }
        const list = record2[ports.ports];
        if (reach === "all-ports" || !Array.isArray(list) || list.length === 0) return { kind: "all" };
        const parsed = rangesFromTexts(list);
        if (parsed.kind === "all") return parsed;
        if (parsed.kind === "unknown") someUnknown = true;
        else {
          collected.push(...parsed.ranges);
          someUnknown ||= parsed.partlyUnknown;
        }
      }
      if (collected.length > 0) return { kind: "ranges", ranges: collected, partlyUnknown: someUnknown };
      return someUnknown ? { kind: "unknown" } : null;
    }
  }
}
function rangesFromTexts(texts) {
  const ranges = [];
  let unreadable = texts.length === 0;
  for (const text of texts) {
    const value = typeof text === "number" ? String(text) : text;
    const trimmed = typeof value === "string" ? value.trim() : "";
    if (trimmed === "*" || trimmed.toLowerCase() === "any") return { kind: "all" };
    const match2 = /^(\d+)(?:\s*-\s*(\d+))?$/.exec(trimmed);
    if (!match2) {
      unreadable = true;
      continue;
    }
    const from = Number(match2[1]);
    const to = match2[2] === void 0 ? from : Number(match2[2]);
    ranges.push([Math.min(from, to), Math.max(from, to)]);
  }
  return ranges.length > 0 ? { kind: "ranges", ranges, partlyUnknown: unreadable } : { kind: "unknown" };
}
function withUnknown(ports, unknownEntries) {
  if (!unknownEntries) return ports;
  return ports.kind === "ranges" ? { ...ports, partlyUnknown: true } : ports;
}
function toPort(value) {
  if (typeof value === "number" && Number.isInteger(value)) return value;
  if (typeof value === "string" && /^-?\d+$/.test(value.trim())) return Number(value.trim());
  return null;
}
var UNKNOWN_PORTS = { severity: "medium", text: "ports known only after apply" };
function classify(ports, quote2) {
  if (ports.kind === "all") return { severity: "high", text: "all ports" };
  if (ports.kind === "unknown") return UNKNOWN_PORTS;
  const known = classifyRanges(ports.ranges, quote2);
  if (!ports.partlyUnknown) return known;
  const severity = severityRank(known.severity) > severityRank(UNKNOWN_PORTS.severity) ? known.severity : UNKNOWN_PORTS.severity;
  return { severity, text: `${known.text}, and ports known only after apply or unreadable` };
}
function classifyRanges(ranges, quote2) {
  if (ranges.some(([from, to]) => from <= MIN_PORT + 1 && to >= MAX_PORT)) return { severity: "high", text: "all ports" };
  const rangeText = ranges.map(([from, to]) => from === to ? quote2(from) : `${quote2(from)}-${quote2(to)}`).join(", ");
  const covered = (row) => ranges.some(([from, to]) => from <= row.to && to >= row.from);
  const high = SENSITIVE_PORTS.filter((row) => row.exposure === "high" && covered(row));
  const plural2 = ranges.length > 1 || ranges.some(([from, to]) => from !== to) ? "ports" : "port";
  if (high.length > 0) {
    const services = high.slice(0, LISTED_SERVICES).map((row) => row.service).join(", ");
    const more = high.length > LISTED_SERVICES ? ` and ${high.length - LISTED_SERVICES} more` : "";
    return { severity: "high", text: `${plural2} ${rangeText} (${services}${more})` };
  }
  const web = SENSITIVE_PORTS.filter((row) => row.exposure === "web");
  const onlyWeb = ranges.every(([from, to]) => {
    for (let port = from; port <= to; port++) if (!web.some((row) => port >= row.from && port <= row.to)) return false;
    return true;
  });
  if (onlyWeb) return { severity: "low", text: `${plural2} ${rangeText} (${web.filter(covered).map((row) => row.service).join(", ")})` };
  return { severity: "medium", text: `${plural2} ${rangeText}` };
}

// src/catalog/protection-attributes.ts
var REFUSED = "the delete is refused, so the apply fails unless the guard is switched off in an earlier apply";
var FAILS_WHILE_NOT_EMPTY = "Terraform does not empty it first, so the delete fails while it still holds data";
function inverse(type, attribute2, source, expected) {
  return { type, path: [attribute2], protectedWhen: false, defaultWhenOmitted: false, layer: "terraform", expected, protectedMeans: FAILS_WHILE_NOT_EMPTY, source };
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

// src/rules/protection.ts
var EXACT_ROWS = /* @__PURE__ */ new Map();
for (const row of PROTECTION_ATTRIBUTES) {
  if (isPattern(row.type)) continue;
  EXACT_ROWS.set(row.type, [...EXACT_ROWS.get(row.type) ?? [], row]);
}
var PATTERN_ROWS = PROTECTION_ATTRIBUTES.filter((row) => isPattern(row.type));
function isPattern(type) {
  return /[*?[\]{}]/.test(type);
}
var ROWS_BY_TYPE2 = /* @__PURE__ */ new Map();
function protectionRowsFor(type) {
  let rows = ROWS_BY_TYPE2.get(type);
  if (!rows) {
    const own2 = EXACT_ROWS.get(type) ?? [];
    const ownPaths = new Set(own2.map((row) => formatPath(row.path)));
    const wide = PATTERN_ROWS.filter((row) => minimatch(type, row.type) && !ownPaths.has(formatPath(row.path)));
    rows = [...own2, ...wide];
    ROWS_BY_TYPE2.set(type, rows);
  }
  return rows;
}
function protectedValues(row) {
  return Array.isArray(row.protectedWhen) ? row.protectedWhen : [row.protectedWhen];
}
function isInverse(row) {
  return row.protectedWhen === false;
}
function readProtection(change, side, row) {
  const value = readGuard(change, side, row.path, row.defaultWhenOmitted);
  if (value.kind !== "value") return { row, state: value.kind, value };
  const isProtected = protectedValues(row).some((protectedValue) => protectedValue === value.value);
  return { row, state: isProtected ? "protected" : "unprotected", value };
}
function protectionStatus(change, side = "before") {
  return protectionRowsFor(change.type).map((row) => readProtection(change, side, row));
}
function protectedText(row) {
  return protectedValues(row).map((value) => JSON.stringify(value)).join(" or ");
}
function attribute(row) {
  return formatPath(row.path);
}
var LAYER_TEXT = {
  "cloud-api": "enforced by the cloud API",
  terraform: "a Terraform-only guard: other tools can still delete it"
};
function deleteProtectionNotes(change, secrets) {
  const readings = protectionStatus(change, "before");
  const show2 = (reading) => `${attribute(reading.row)} = ${showGuard(change, "before", reading.row.path, reading.value, secrets)}`;
  const holding = readings.filter((reading) => reading.state === "protected");
  const notes = holding.map((reading) => `${show2(reading)} in the current state: ${reading.row.protectedMeans} (${LAYER_TEXT[reading.row.layer]}).`);
  if (holding.length === 0) {
    const open2 = readings.filter((reading) => reading.state === "unprotected" && (reading.row.expected || reading.value.kind === "value" && reading.value.explicit));
    notes.push(...open2.map((reading) => `${show2(reading)} in the current state: nothing stops this delete.`));
  }
  for (const row of backupGuardsFor(change.type).filter((guard) => guard.finalCopy)) {
    if (isWeakAt(change, "before", row)) {
      const value = readGuard(change, "before", row.path, row.defaultWhenOmitted);
      notes.push(`${attribute(row)} = ${showGuard(change, "before", row.path, value, secrets)} in the current state: ${row.effect}.`);
    }
  }
  return notes;
}
var KEEPING_ACTIONS = /* @__PURE__ */ new Set(["create", "replace", "create-then-forget", "update"]);
var deletionProtectionMissing = {
  id: "deletion-protection-missing",
  defaultSeverity: "medium",
  summary: "A resource type that supports deletion protection is created, replaced or updated without it (no-op resources are not reported).",
  evaluate(plan) {
    const findings = [];
    for (const change of plan.changes) {
      if (change.mode !== "managed" || !KEEPING_ACTIONS.has(change.action)) continue;
      const missing = missingGuards(change);
      if (missing.length === 0) continue;
      findings.push(missingFinding(this, change, missing, plan.secrets));
    }
    return findings;
  }
};
function missingGuards(change) {
  const changesExisting = change.action === "update" || change.action === "replace";
  if (changesExisting && switchedOff(change).length > 0) return [];
  const after = protectionStatus(change, "after");
  const guards = after.filter((reading) => !isInverse(reading.row));
  const expectedGuards = guards.filter((reading) => reading.row.expected);
  const anyGuardHolds = guards.some((reading) => reading.state === "protected") || expectedGuards.some((reading) => reading.state === "unknown");
  const missing = anyGuardHolds ? [] : expectedGuards.filter((reading) => reading.state === "unprotected");
  missing.push(...after.filter((reading) => isInverse(reading.row) && reading.row.expected && reading.state === "unprotected"));
  if (!changesExisting) return missing;
  return missing.filter((reading) => readProtection(change, "before", reading.row).state !== "protected");
}
function missingFinding(rule, change, missing, secrets) {
  const inverseOnly = missing.every((reading) => isInverse(reading.row));
  const what = inverseOnly ? "with its deletion guard switched off" : "without deletion protection";
  const subject = change.action === "update" ? `${change.address} is updated and still has no deletion protection` : change.action === "replace" ? `${change.address} will be replaced by a new object ${what}` : `${change.address} will be created ${what}`;
  const settings = missing.map((reading) => `${attribute(reading.row)} = ${showGuard(change, "after", reading.row.path, reading.value, secrets)}`);
  const first = missing[0].row;
  return resourceFinding(rule, change, {
    message: `${subject}: ${settings.join(", ")}. With ${attribute(first)} = ${protectedText(first)}, ${first.protectedMeans}.`,
    details: missing.map((reading) => `${attribute(reading.row)}: ${LAYER_TEXT[reading.row.layer]}`),
    remediation: `Set ${missing.map((reading) => `${attribute(reading.row)} = ${firstProtectedValue(reading.row)}`).join(" or ")} in the resource block.`,
    evidence: { missing: evidenceSet(missing.map((reading) => ({ guard: attribute(reading.row), after: guardEvidence(reading.value) }))) }
  });
}
function firstProtectedValue(row) {
  return JSON.stringify(protectedValues(row)[0]);
}
function switchedOff(change) {
  const off = [];
  for (const row of protectionRowsFor(change.type)) {
    if (readProtection(change, "before", row).state === "protected" && readProtection(change, "after", row).state === "unprotected") {
      off.push({ path: row.path, defaultWhenOmitted: row.defaultWhenOmitted, consequence: `no longer: ${row.protectedMeans}` });
    }
  }
  for (const row of backupGuardsFor(change.type).filter((guard) => guard.finalCopy)) {
    if (isWeakTransition(change, row)) off.push({ path: row.path, defaultWhenOmitted: row.defaultWhenOmitted, consequence: row.effect });
  }
  return off;
}
var deletionProtectionDisabled = {
  id: "deletion-protection-disabled",
  defaultSeverity: "high",
  summary: "An update or replacement switches a deletion guard off (deletion_protection true→false, force_destroy false→true, skip_final_snapshot false→true).",
  evaluate(plan) {
    const findings = [];
    for (const change of plan.changes) {
      if (change.mode !== "managed" || change.action !== "update" && change.action !== "replace") continue;
      const off = switchedOff(change);
      if (off.length === 0) continue;
      findings.push(disabledFinding(this, change, off, plan.secrets));
    }
    return findings;
  }
};
function disabledFinding(rule, change, off, secrets) {
  const names = off.map((guard) => formatPath(guard.path));
  const transition = (guard) => {
    const before = showGuard(change, "before", guard.path, readGuard(change, "before", guard.path, guard.defaultWhenOmitted), secrets);
    const after = showGuard(change, "after", guard.path, readGuard(change, "after", guard.path, guard.defaultWhenOmitted), secrets);
    return `${formatPath(guard.path)}: ${before} → ${after}`;
  };
  const sameApply = change.action === "replace" ? ` This plan also replaces it: the old object's delete reads ${names.join(", ")} from the current state, not from this change, so the switch does not take effect for that delete (a refusing guard makes the apply fail). Switch guards off in their own apply first.` : " Once applied, nothing in the state stops a later plan from destroying it.";
  return resourceFinding(rule, change, {
    message: `${change.address} switches off its deletion guard (${names.join(", ")}).${sameApply}`,
    details: off.map((guard) => `${transition(guard)} (${guard.consequence})`),
    remediation: `Keep ${off.map((guard) => `${formatPath(guard.path)} = ${formatPlainValue(beforeValue(change, guard), secrets)}`).join(" and ")}; switch it off only in a reviewed change made just before an intended delete.`,
    evidence: {
      switchedOff: evidenceSet(
        off.map((guard) => ({
          guard: formatPath(guard.path),
          before: guardEvidence(readGuard(change, "before", guard.path, guard.defaultWhenOmitted)),
          after: guardEvidence(readGuard(change, "after", guard.path, guard.defaultWhenOmitted))
        }))
      )
    }
  });
}
function beforeValue(change, guard) {
  const reading = readGuard(change, "before", guard.path, guard.defaultWhenOmitted);
  return reading.kind === "value" ? reading.value : null;
}

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

// src/rules/stateful.ts
var statefulDelete = {
  id: "stateful-delete",
  defaultSeverity: "critical",
  summary: "A resource that holds data is destroyed (removed config, count/for_each shrink, module removed, -destroy, deposed object).",
  evaluate(plan, context) {
    return managedStatefulChanges(plan, context, "delete").map(({ change, loses }) => {
      const subject = change.deposedKey ? `A deposed object of ${change.address} (left over from an earlier create-before-destroy, key ${change.deposedKey})` : change.address;
      const why = change.reasonText ? ` because ${change.reasonText}` : "";
      const kept = dataKept(change);
      return resourceFinding(this, change, {
        ...kept ? { severity: DATA_KEPT_SEVERITY } : {},
        message: kept ? `${subject} will be destroyed${why}, but the data stays: ${kept}.` : `${subject} will be destroyed${why}. Lost: ${loses}.`,
        details: deleteProtectionNotes(change, plan.secrets),
        remediation: kept ? "Nothing is lost if this is intended; make sure someone owns what is left behind." : deleteRemediation(change)
      });
    });
  }
};
var statefulReplace = {
  id: "stateful-replace",
  defaultSeverity: "critical",
  summary: "A resource that holds data is destroyed and created again (the new one starts empty).",
  evaluate(plan, context) {
    return managedStatefulChanges(plan, context, "replace").map(({ change, loses }) => {
      const order = change.replaceOrder === "create-before-destroy" ? "a new one is created, then the old one destroyed" : "destroyed, then created again";
      const why = change.reasonText ? ` because ${change.reasonText}` : "";
      const forcing = change.replacePaths.map(formatPath);
      const forcedBy = forcing.length > 0 ? ` Forced by: ${forcing.join(", ")}.` : "";
      const kept = dataKept(change);
      return resourceFinding(this, change, {
        ...kept ? { severity: DATA_KEPT_SEVERITY } : {},
        message: kept ? `${change.address} will be replaced (${order})${why}.${forcedBy} The old object's data stays: ${kept}; the new one starts empty.` : `${change.address} will be replaced (${order})${why}.${forcedBy} Lost: ${loses}.`,
        details: [
          ...change.replacePaths.map(
            (path2) => `${formatPath(path2)}: ${displayTransition(change, path2, plan.secrets)}`
          ),
          // Whether the guards in the current state would stop the old object's delete.
          ...deleteProtectionNotes(change, plan.secrets)
        ],
        remediation: forcing.length > 0 ? `Revert the change to ${forcing.join(", ")}, or migrate the data first and add lifecycle { prevent_destroy = true } until it is done.` : "Find what forces the replacement (see the reason), revert it, or migrate the data first; add lifecycle { prevent_destroy = true } to guard it.",
        // What forces it and to what: a new forcing attribute, or a forcing value changed again, is a new approval.
        evidence: {
          forcedBy: evidenceSet(change.replacePaths.map((path2) => ({ path: formatPath(path2), after: attributeEvidence(change, "after", path2, plan.secrets) }))),
          reason: change.reasonText
        }
      });
    });
  }
};
var resourceForget = {
  id: "resource-forget",
  defaultSeverity: "info",
  summary: "Terraform stops managing an object but leaves it in the cloud (removed block with destroy = false).",
  evaluate(plan) {
    return plan.changes.filter((change) => change.mode === "managed" && (change.action === "forget" || change.action === "create-then-forget")).map(
      (change) => resourceFinding(this, change, {
        message: change.action === "forget" ? `${change.address} will be removed from the state but not destroyed: the object stays in the cloud, no longer managed by Terraform.` : `${change.address} will be replaced by a new object; the old one is left in the cloud, no longer managed by Terraform.`,
        remediation: "Nothing to undo if intended; make sure someone owns the object from now on (another configuration, or an import)."
      })
    );
  }
};
var DATA_KEPT_SEVERITY = "low";
var KEPT_BY_TYPE = /* @__PURE__ */ new Map();
for (const row of DATA_KEPT) KEPT_BY_TYPE.set(row.type, [...KEPT_BY_TYPE.get(row.type) ?? [], row]);
function dataKept(change) {
  for (const row of KEPT_BY_TYPE.get(change.type) ?? []) {
    if (isMarkedAt(change.beforeSensitive, row.path)) continue;
    const stored = valueAt(change.before, row.path);
    const value = stored === void 0 || stored === null ? row.defaultWhenOmitted : stored;
    if (value !== null && row.keptWhen.includes(value)) {
      return stored === void 0 || stored === null ? `${row.why} (${formatPath(row.path)} is not set; the provider's default is ${JSON.stringify(row.defaultWhenOmitted)})` : row.why;
    }
  }
  return null;
}
var HELM_UNINSTALL_DOCS = "https://helm.sh/docs/helm/helm_uninstall/; https://helm.sh/docs/howto/charts_tips_and_tricks/#tell-helm-not-to-uninstall-a-resource";
var helmReleaseUninstall = {
  id: "helm-release-uninstall",
  defaultSeverity: "info",
  summary: "A helm_release is destroyed or replaced: Helm uninstalls it, deleting the Kubernetes objects its chart created.",
  evaluate(plan) {
    return plan.changes.filter((change) => change.mode === "managed" && change.type === "helm_release" && isDestroying(change)).map(
      (change) => resourceFinding(this, change, {
        message: `${change.address} will be ${change.action === "replace" ? "uninstalled and installed again" : "uninstalled"}: Helm deletes every Kubernetes object the chart created (Secrets, ConfigMaps and PersistentVolumeClaims the chart itself declares among them), except those annotated helm.sh/resource-policy: keep; claims made from a StatefulSet's volumeClaimTemplates are not part of the release and stay.`,
        details: [`Helm: ${HELM_UNINSTALL_DOCS}`],
        remediation: "Check what the chart creates (helm get manifest RELEASE) before the apply; annotate objects that must survive with helm.sh/resource-policy: keep."
      })
    );
  }
};
function managedStatefulChanges(plan, context, action) {
  const matches = [];
  for (const change of plan.changes) {
    if (change.mode !== "managed" || change.action !== action) continue;
    const entry = context.stateful.lookupObject(change.type, change.before);
    if (entry) matches.push({ change, loses: entry.loses });
  }
  return matches;
}
function deleteRemediation(change) {
  switch (change.actionReason) {
    case "delete_because_no_resource_config":
      return "If the resource was renamed or moved, add a `moved` block; to stop managing it without destroying it, use a `removed` block with lifecycle { destroy = false }.";
    case "delete_because_no_module":
      return "If the module was renamed, add `moved` blocks for its resources; otherwise restore the module call or use `removed` blocks with lifecycle { destroy = false }.";
    case "delete_because_count_index":
    case "delete_because_each_key":
    case "delete_because_wrong_repetition":
      return "Check the count/for_each expression; if instances were re-keyed, add `moved` blocks from the old keys to the new ones.";
    default:
      return change.deposedKey ? "Confirm the replacement object holds the data before this deposed object is destroyed." : "Confirm the data is backed up or migrated; add lifecycle { prevent_destroy = true } to resources that must never be destroyed.";
  }
}

// src/rules/index.ts
var RULES = [
  statefulDelete,
  statefulReplace,
  emptyPriorState,
  massDelete,
  deletionProtectionDisabled,
  deletionProtectionMissing,
  backupWeakened,
  ...IAM_RULES,
  iamPolicyRemoved,
  keyDisabled,
  networkOpenIngress,
  resourceForget,
  helmReleaseUninstall,
  destructiveAction
];
function evaluateRules(plan, context, rules = RULES) {
  const findings = [...rules.flatMap((rule) => rule.evaluate(plan, context)), ...evaluateDeferred(plan, context, rules)];
  return findings.map((finding) => finding.evidence === void 0 ? finding : { ...finding, evidence: concealSecrets(finding.evidence, plan.secrets) });
}
function evaluateDeferred(plan, context, rules) {
  if (plan.deferred.length === 0) return [];
  const reasons = new Map(plan.deferred.map((entry) => [entry.change.address, entry.reason]));
  const deferredPlan = { ...plan, changes: plan.deferred.map((entry) => entry.change), deferred: [], actionInvocations: [] };
  return rules.flatMap((rule) => rule.evaluate(deferredPlan, context)).filter((finding) => finding.address !== null).map((finding) => ({
    ...finding,
    details: [...finding.details, `Deferred (${describeDeferral(reasons.get(finding.address) ?? "unknown")}): a later plan and apply make this change, not this one.`]
  }));
}

// src/version.ts
var TOOL_VERSION = true ? "0.1.0" : "0.0.0-dev";

// src/analyze.ts
function analyzePlans(plans, policy, context = {}) {
  const stateful = statefulCatalog(policy.stateful);
  const extra = context.pullRequestFindings ?? [];
  const planReports = plans.map((plan, index) => {
    const ruleContext = {
      stateful,
      massDeleteThreshold: policy.massDeleteThreshold,
      configurationChange: context.configurationChange?.(plan) ?? "unknown"
    };
    return {
      name: plan.name,
      terraformVersion: plan.terraformVersion,
      formatVersion: plan.formatVersion,
      summary: summarize(plan.changes),
      warnings: planWarnings(plan),
      findings: withIdentity(applyPolicy([...index === 0 ? extra : [], ...evaluateRules(plan, ruleContext)], policy), plan)
    };
  });
  const findings = planReports.flatMap((plan) => plan.findings);
  const blocking = findings.filter((finding) => isBlockingFinding(finding, policy.blockOn));
  const planOf = new Map(planReports.flatMap((plan) => plan.findings.map((finding) => [finding, plan.name])));
  const qualifyByPlan = planReports.length > 1;
  return {
    report: {
      schemaVersion: 1,
      tool: { name: "tf-plan-guard", version: TOOL_VERSION },
      blockOn: policy.blockOn,
      risk: highestRisk(findings),
      blocking: blocking.length > 0,
      fingerprint: fingerprint(blocking, (finding) => qualifyByPlan ? planOf.get(finding) ?? null : null),
      plans: planReports
    },
    secrets: mergeSecrets(plans.map((plan) => plan.secrets))
  };
}
function withIdentity(findings, plan) {
  const changes = /* @__PURE__ */ new Map();
  for (const change of plan.changes) if (!changes.has(change.address) || change.deposedKey === null) changes.set(change.address, change);
  return findings.map((finding) => {
    const change = finding.address === null ? void 0 : changes.get(finding.address);
    const identity = change ? identifyingValues(change, plan.secrets) : [];
    return identity.length > 0 ? { ...finding, identity } : finding;
  });
}
function mergeSecrets(all) {
  const sensitive = /* @__PURE__ */ new Set();
  const variables = /* @__PURE__ */ new Set();
  for (const secrets of all) {
    for (const value of secrets.sensitive) sensitive.add(value);
    for (const value of secrets.variables) variables.add(value);
  }
  return { sensitive, variables };
}

// src/plan/decode.ts
var ZIP_MAGIC = [80, 75, 3, 4];
var TEXT_PLAN_MARKERS = [
  "Terraform used the selected providers",
  "Terraform will perform the following actions",
  "An execution plan has been generated",
  "No changes. Your infrastructure matches the configuration",
  "Refreshing state...",
  "Plan: "
];
var SETUP_TERRAFORM_WRAPPER_MARKER = "[command]";
var TEXT_PLAN_LINE = /^\s*(?:# \S+ (?:will|must|has|is) |(?:[-+~]|-\/\+|\+\/-|<=) (?:resource|data) ")/m;
var TERRAFORM_ERROR_START = /^\s*(?:\u2577|Error: )/;
function decodePlanBytes(bytes, source) {
  if (bytes.length === 0) throw new InputError(source, "the file is empty (did `terraform show -json` fail?)");
  if (ZIP_MAGIC.every((b, i) => bytes[i] === b)) {
    throw new InputError(
      source,
      "this is a binary plan file (a zip), not JSON. Convert it first: terraform show -json PLANFILE > plan.json"
    );
  }
  const text = decodeText(bytes);
  if (text.trim() === "") throw new InputError(source, "the file holds only white space (did `terraform show -json` fail?)");
  const start = text.trimStart();
  if (start.startsWith(SETUP_TERRAFORM_WRAPPER_MARKER)) {
    throw new InputError(
      source,
      "this is the output of hashicorp/setup-terraform's wrapper (`[command]` and `::debug::` lines around the JSON). Set terraform_wrapper: false in setup-terraform, or write the file with: terraform show -json tfplan > plan.json"
    );
  }
  if (!start.startsWith("{") && !start.startsWith("[")) {
    const plain = stripAnsi(start);
    if (TEXT_PLAN_MARKERS.some((marker) => plain.includes(marker)) || TEXT_PLAN_LINE.test(plain)) {
      throw new InputError(
        source,
        "this is the text output of `terraform plan`, not JSON. Save the plan (-out=tfplan) and run: terraform show -json tfplan > plan.json"
      );
    }
    if (TERRAFORM_ERROR_START.test(plain)) {
      throw new InputError(source, "this is an error message from Terraform, not JSON: the command that wrote this file failed; run `terraform show -json PLANFILE` again and read its error");
    }
    throw new InputError(source, "this is not JSON (it does not start with { or [); expected the output of `terraform show -json`");
  }
  return text;
}
function decodeText(bytes) {
  const [b0, b1] = [bytes[0], bytes[1]];
  if (b0 === 255 && b1 === 254) return new TextDecoder("utf-16le").decode(bytes.subarray(2));
  if (b0 === 254 && b1 === 255) return new TextDecoder("utf-16be").decode(bytes.subarray(2));
  if (bytes.length >= 2 && b0 !== 0 && b1 === 0) return new TextDecoder("utf-16le").decode(bytes);
  if (bytes.length >= 2 && b0 === 0 && b1 !== 0) return new TextDecoder("utf-16be").decode(bytes);
  return new TextDecoder("utf-8").decode(bytes);
}
function stripAnsi(text) {
  return text.replace(/\u001b\[[0-9;]*[A-Za-z]/g, "");
}
function parseJson(text, source) {
  try {
    return JSON.parse(text);
  } catch {
    if (looksLikeUiStream(text)) throw uiStreamError(source);
    const error2 = locateJsonError(text);
    if (error2 === null) throw new InputError(source, "invalid JSON");
    const end = text.trimEnd().length;
    if (error2.offset >= end) throw truncatedJsonError(source, positionOf(text, end));
    throw invalidJsonError(source, positionOf(text, error2.offset), error2.problem);
  }
}
function uiStreamError(source) {
  return new InputError(
    source,
    "this is the streamed log of `terraform plan -json` (one message per line), not a plan. Save the plan (-out=tfplan) and run: terraform show -json tfplan > plan.json"
  );
}
function truncatedJsonError(source, end) {
  return new InputError(source, `the JSON is truncated: it stops at ${describePosition(end)} before the plan is complete`);
}
function invalidJsonError(source, at, problem) {
  return new InputError(source, `invalid JSON at ${describePosition(at)}: ${problem}`);
}
function describePosition({ line, column }) {
  return `line ${line}, column ${column}`;
}
function looksLikeUiStream(text) {
  const firstLine = text.trimStart().split("\n", 1)[0] ?? "";
  if (!firstLine.startsWith('{"@level"')) return false;
  try {
    const message = JSON.parse(firstLine);
    return message !== null && typeof message === "object" && "@message" in message;
  } catch {
    return false;
  }
}
var NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
var LITERALS = ["true", "false", "null"];
function locateJsonError(text) {
  const length = text.length;
  const stack = [];
  let state = "value";
  let i = 0;
  const afterValue = () => stack.length === 0 ? "done" : "after-value";
  const fail = (offset, expected) => ({ offset, problem: `${expected}, found ${describeChar(text, offset)}` });
  while (true) {
    while (i < length && isJsonSpace(text.charCodeAt(i))) i++;
    if (i >= length) return state === "done" ? null : { offset: length, problem: "unexpected end of the text" };
    const char = text.charAt(i);
    switch (state) {
      case "done":
        return fail(i, "expected the end of the text after the JSON value");
      case "colon":
        if (char !== ":") return fail(i, "expected ':' after an object key");
        i++;
        state = "value";
        break;
      case "key":
      case "key-or-end":
        if (state === "key-or-end" && char === "}") {
          stack.pop();
          i++;
          state = afterValue();
        } else if (char === '"') {
          const end = scanString(text, i);
          if (typeof end !== "number") return end;
          i = end;
          state = "colon";
        } else {
          return fail(i, state === "key" ? "expected a quoted object key" : "expected a quoted object key or '}'");
        }
        break;
      case "after-value": {
        const close = stack[stack.length - 1] === "{" ? "}" : "]";
        if (char === ",") {
          i++;
          state = close === "}" ? "key" : "value";
        } else if (char === close) {
          stack.pop();
          i++;
          state = afterValue();
        } else {
          return fail(i, `expected ',' or '${close}'`);
        }
        break;
      }
      case "value":
      case "value-or-end":
        if (state === "value-or-end" && char === "]") {
          stack.pop();
          i++;
          state = afterValue();
        } else if (char === "{" || char === "[") {
          stack.push(char);
          i++;
          state = char === "{" ? "key-or-end" : "value-or-end";
        } else if (char === '"') {
          const end = scanString(text, i);
          if (typeof end !== "number") return end;
          i = end;
          state = afterValue();
        } else {
          NUMBER.lastIndex = i;
          const number3 = NUMBER.exec(text);
          const literal2 = LITERALS.find((word) => text.startsWith(word, i));
          if (number3) i += number3[0].length;
          else if (literal2) i += literal2.length;
          else if (LITERALS.some((word) => word.startsWith(text.slice(i)))) return { offset: length, problem: "unexpected end of the text" };
          else return fail(i, "expected a value (object, array, string, number, true, false or null)");
          state = afterValue();
        }
        break;
    }
  }
}
function isJsonSpace(code2) {
  return code2 === 32 || code2 === 9 || code2 === 10 || code2 === 13;
}
function scanString(text, start) {
  for (let i = start + 1; i < text.length; i++) {
    const code2 = text.charCodeAt(i);
    if (code2 === 34) return i + 1;
    if (code2 < 32) return { offset: i, problem: "a control character (such as a line break) inside a string must be escaped" };
    if (code2 === 92) {
      const escape2 = text.charAt(i + 1);
      if (escape2 === "") break;
      if (escape2 === "u") {
        const hex = /^[0-9a-fA-F]{0,4}/.exec(text.slice(i + 2, i + 6))?.[0].length ?? 0;
        if (hex < 4) return i + 2 + hex >= text.length ? { offset: text.length, problem: "unexpected end of the text" } : { offset: i + 2 + hex, problem: "invalid \\u escape in a string" };
        i += 5;
      } else if ('"\\/bfnrt'.includes(escape2)) {
        i += 1;
      } else {
        return { offset: i + 1, problem: "invalid escape sequence in a string" };
      }
    }
  }
  return { offset: text.length, problem: "unexpected end of the text" };
}
function describeChar(text, offset) {
  const char = text.charAt(offset);
  return /^[\x21-\x7e]$/.test(char) ? `'${char}'` : `U+${char.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`;
}
function positionOf(text, offset) {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

// src/plan/load-input.ts
import { closeSync, fstatSync, openSync, readSync } from "node:fs";
var CHUNK_BYTES = 1 << 20;
function* readChunks(fd, onProgress) {
  const total = regularFileSize(fd);
  let bytesRead = 0;
  let wait = new PipeWait();
  while (true) {
    const size = total === null ? CHUNK_BYTES : Math.min(CHUNK_BYTES, Math.max(total - bytesRead, 0) + 1);
    const buffer = Buffer.allocUnsafe(size);
    let count2;
    try {
      count2 = readSync(fd, buffer, 0, size, null);
    } catch (error2) {
      if (error2.code === "EAGAIN") {
        wait.pause();
        continue;
      }
      throw error2;
    }
    if (count2 === 0) return;
    wait = new PipeWait();
    bytesRead += count2;
    onProgress?.(bytesRead, total);
    yield count2 < size / 4 ? Uint8Array.prototype.slice.call(buffer, 0, count2) : buffer.subarray(0, count2);
  }
}
function* readFileChunks(path2, onProgress) {
  const fd = openSync(path2, "r");
  try {
    yield* readChunks(fd, onProgress);
  } finally {
    closeSync(fd);
  }
}
function regularFileSize(fd) {
  try {
    const stat = fstatSync(fd);
    return stat.isFile() ? stat.size : null;
  } catch {
    return null;
  }
}
var PipeWait = class _PipeWait {
  static cell = new Int32Array(new SharedArrayBuffer(4));
  milliseconds = 0.02;
  pause() {
    Atomics.wait(_PipeWait.cell, 0, 0, this.milliseconds);
    this.milliseconds = Math.min(this.milliseconds * 2, 20);
  }
};
function describeReadError(error2) {
  const code2 = error2?.code;
  if (code2 === "ENOENT") return "no such file";
  if (code2 === "EISDIR") return "is a directory, not a plan file";
  if (code2 === "EACCES") return "permission denied";
  return `cannot be read (${code2 ?? "unknown error"})`;
}

// src/plan/load-scan.ts
var RawJson = class {
  constructor(bytes) {
    this.bytes = bytes;
  }
  bytes;
  /** The value, parsed whole (the scan that captured the bytes checked them). */
  parse() {
    return JSON.parse(decodeUtf8(this.bytes));
  }
};
var MAX_BUILT_DEPTH = 1e3;
var JsonScanError = class extends Error {
  constructor(detail) {
    super(detail.truncated ? "truncated JSON" : `invalid JSON: ${detail.problem ?? ""}`);
    this.detail = detail;
  }
  detail;
};
var VALUE = 0;
var VALUE_OR_END = 1;
var KEY = 2;
var KEY_OR_END = 3;
var COLON = 4;
var AFTER_VALUE = 5;
var DONE = 6;
var IN_STRING = 7;
var IN_NUMBER = 8;
var IN_LITERAL = 9;
var N_SIGN = 0;
var N_ZERO = 1;
var N_INT = 2;
var N_DOT = 3;
var N_FRAC = 4;
var N_E = 5;
var N_E_SIGN = 6;
var N_EXP = 7;
var S_PLAIN = 0;
var S_ESCAPE = 1;
var S_HEX = 2;
var OPEN_OBJECT = 123;
var OPEN_ARRAY = 91;
var LITERAL_WORDS = [Buffer.from("true"), Buffer.from("false"), Buffer.from("null")];
var SIMPLE_ESCAPES = /* @__PURE__ */ new Set([34, 92, 47, 98, 102, 110, 114, 116]);
var KEY_SELECTION = { kind: "keep" };
var STRING_STOP = new Uint8Array(256).map((_, byte) => byte === 34 || byte === 92 || byte < 32 || byte >= 128 ? 1 : 0);
var CONTROL_CHARACTER = "a control character (such as a line break) inside a string must be escaped";
var utf8 = new TextDecoder("utf-8");
function decodeUtf8(bytes) {
  return (Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)).toString("utf8");
}
var SelectiveJsonScanner = class {
  constructor(selection) {
    this.selection = selection;
    this.frameDepth = 0;
  }
  selection;
  state = VALUE;
  stack = new Uint8Array(64);
  depth = 0;
  /** Absolute offset of the first byte of the current chunk. */
  base = 0;
  line = 1;
  lineStart = 0;
  /** UTF-16 code units minus bytes, over the current line up to the scan position. */
  unitAdjust = 0;
  /** The end of the last byte that was not white space before the latest run of white space, with its line. */
  lastSolidEnd = 0;
  lastSolidLine = 1;
  lastSolidLineStart = 0;
  lastSolidAdjust = 0;
  previousChunkEndsInSpace = false;
  stringState = S_PLAIN;
  /** The string being read is an object key (a colon follows it). */
  stringIsKey = false;
  /**
   * A tab or line break inside a string is an error only when something other than white space
   * follows it: at the very end, the text is merely truncated there (its white space trimmed).
   */
  deferredError = null;
  hexCount = 0;
  stringStart = 0;
  numberState = N_SIGN;
  /** Offset of a '.' or 'e' the number may have to give back (the grammar's backtracking). */
  numberRetreat = 0;
  numberRetreatChar = 0;
  numberStart = 0;
  literal = LITERAL_WORDS[0];
  literalIndex = 0;
  literalStart = 0;
  // A UTF-8 sequence in progress (the WHATWG decoder's state), to count the code units a
  // decoder makes of it: one per character (two above U+FFFF), one U+FFFD per invalid part.
  utf8Needed = 0;
  utf8Seen = 0;
  utf8Lower = 128;
  utf8Upper = 191;
  frames = [];
  /** Depth at which the innermost frame's keys and values start; -1 when nothing is selected here. */
  frameDepth = -1;
  capture = null;
  root = void 0;
  rootSet = false;
  /** The last bytes of the previous chunk, for describing a character that spans chunks. */
  chunk = new Uint8Array(0);
  /** Scans the next chunk of UTF-8 bytes. Throws JsonScanError at the first syntax error. */
  write(chunk) {
    if (chunk.length === 0) return;
    if (this.chunk.length > 0) this.previousChunkEndsInSpace = isJsonSpace2(this.chunk[this.chunk.length - 1]);
    this.chunk = chunk;
    this.scan(chunk);
    if (this.capture) this.capture.parts.push(chunk.subarray(Math.max(0, this.capture.start - this.base)));
    if (this.capture && this.capture.start < this.base + chunk.length) this.capture.start = this.base + chunk.length;
    this.base += chunk.length;
  }
  /** Ends the input; returns the value built (what the selection kept of it). */
  end() {
    if (this.deferredError) throw new JsonScanError({ truncated: true, position: this.deferredError.position });
    if (this.state === IN_NUMBER) {
      if (this.numberState === N_SIGN) this.failAt(this.numberStart, "expected a value (object, array, string, number, true, false or null)", 45);
      if (this.numberState === N_DOT || this.numberState === N_E || this.numberState === N_E_SIGN) this.retreatNumber();
      this.endNumber(this.base);
    }
    if (this.state === DONE) return this.root;
    if (this.state === IN_STRING || this.state === IN_LITERAL) {
      if (this.utf8Needed > 0) this.unitAdjust += 1 - this.utf8Seen;
      let end = this.base;
      if (this.state === IN_STRING && this.stringState === S_PLAIN) {
        const chunk = this.chunk;
        for (let k = chunk.length; k > 0 && chunk[k - 1] === 32 && end > this.stringStart + 1; k--) end--;
      }
      throw new JsonScanError({ truncated: true, position: { line: this.line, column: end - this.lineStart + this.unitAdjust + 1 } });
    }
    const last = this.chunk[this.chunk.length - 1];
    const endsInSpace = last !== void 0 && isJsonSpace2(last);
    throw new JsonScanError({
      truncated: true,
      position: endsInSpace ? { line: this.lastSolidLine, column: this.lastSolidEnd - this.lastSolidLineStart + this.lastSolidAdjust + 1 } : { line: this.line, column: this.base - this.lineStart + this.unitAdjust + 1 }
    });
  }
  scan(buf) {
    const length = buf.length;
    const base = this.base;
    if (this.deferredError) {
      if (onlyWhiteSpace(buf, 0)) return;
      throw new JsonScanError(this.deferredError);
    }
    let i = 0;
    while (i < length) {
      const state = this.state;
      if (state === IN_STRING) {
        if (this.utf8Needed > 0) {
          if (this.continueUtf8(buf[i])) i++;
          continue;
        }
        if (this.stringState === S_PLAIN) {
          while (i < length && STRING_STOP[buf[i]] === 0) i++;
          if (i >= length) break;
          const c3 = buf[i];
          if (c3 === 34) {
            i++;
            this.endString(base + i);
            continue;
          }
          if (c3 === 92) {
            this.stringState = S_ESCAPE;
            i++;
            continue;
          }
          if (c3 < 32) {
            if (c3 >= 9 && c3 <= 13 && onlyWhiteSpace(buf, i + 1)) {
              this.deferredError = { truncated: false, position: { line: this.line, column: this.columnOf(base + i) }, problem: CONTROL_CHARACTER };
              return;
            }
            this.failPlain(base + i, CONTROL_CHARACTER);
          }
          this.startUtf8(c3);
          i++;
          continue;
        }
        const c2 = buf[i];
        if (this.stringState === S_ESCAPE) {
          if (c2 === 117) {
            this.stringState = S_HEX;
            this.hexCount = 0;
          } else if (SIMPLE_ESCAPES.has(c2)) {
            this.stringState = S_PLAIN;
          } else {
            this.failPlain(base + i, "invalid escape sequence in a string");
          }
          i++;
          continue;
        }
        if (c2 >= 48 && c2 <= 57 || c2 >= 65 && c2 <= 70 || c2 >= 97 && c2 <= 102) {
          if (++this.hexCount === 4) this.stringState = S_PLAIN;
          i++;
          continue;
        }
        this.failPlain(base + i, "invalid \\u escape in a string");
      }
      const c = buf[i];
      if (state === IN_NUMBER) {
        i = this.continueNumber(buf, i, c);
        continue;
      }
      if (state === IN_LITERAL) {
        if (c !== this.literal[this.literalIndex]) this.failAt(this.literalStart, "expected a value (object, array, string, number, true, false or null)", this.literal[0]);
        i++;
        if (++this.literalIndex === this.literal.length) this.valueDone(base + i);
        continue;
      }
      if (c === 32 || c === 10 || c === 13 || c === 9) {
        if (i === 0 ? !this.previousChunkEndsInSpace : !isJsonSpace2(buf[i - 1])) this.markSolid(base + i);
        do {
          if (buf[i] === 10) {
            this.line++;
            this.lineStart = base + i + 1;
            this.unitAdjust = 0;
          }
          i++;
        } while (i < length && isJsonSpace2(buf[i]));
        continue;
      }
      switch (state) {
        case DONE:
          this.failAt(base + i, "expected the end of the text after the JSON value");
          break;
        case COLON:
          if (c !== 58) this.failAt(base + i, "expected ':' after an object key");
          this.state = VALUE;
          i++;
          break;
        case KEY:
        case KEY_OR_END:
          if (state === KEY_OR_END && c === 125) {
            this.closeContainer(base + i + 1);
            i++;
          } else if (c === 34) {
            if (this.depth === this.frameDepth) this.startCapture(base + i, true, KEY_SELECTION);
            this.beginString(base + i);
            this.stringIsKey = true;
            i++;
          } else {
            this.failAt(base + i, state === KEY ? "expected a quoted object key" : "expected a quoted object key or '}'");
          }
          break;
        case AFTER_VALUE: {
          const open2 = this.stack[this.depth - 1];
          if (c === 44) {
            this.state = open2 === OPEN_OBJECT ? KEY : VALUE;
          } else if (c === (open2 === OPEN_OBJECT ? 125 : 93)) {
            this.closeContainer(base + i + 1);
          } else {
            this.failAt(base + i, `expected ',' or '${open2 === OPEN_OBJECT ? "}" : "]"}'`);
          }
          i++;
          break;
        }
        default: {
          if (state === VALUE_OR_END && c === 93) {
            this.closeContainer(base + i + 1);
            i++;
            break;
          }
          if (this.depth === this.frameDepth) this.startValue(base + i, c);
          if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
            this.push(c, base + i);
            this.state = c === OPEN_OBJECT ? KEY_OR_END : VALUE_OR_END;
            i++;
          } else if (c === 34) {
            this.beginString(base + i);
            i++;
          } else if (c === 45 || c >= 48 && c <= 57) {
            this.state = IN_NUMBER;
            this.numberStart = base + i;
            this.numberState = c === 45 ? N_SIGN : c === 48 ? N_ZERO : N_INT;
            i++;
          } else if (c === 116 || c === 102 || c === 110) {
            this.state = IN_LITERAL;
            this.literal = LITERAL_WORDS[c === 116 ? 0 : c === 102 ? 1 : 2];
            this.literalIndex = 1;
            this.literalStart = base + i;
            i++;
          } else {
            this.failAt(base + i, "expected a value (object, array, string, number, true, false or null)");
          }
        }
      }
    }
  }
  /** A byte of 0x80 or above in a string: the lead of a multi-byte character, or an invalid byte. */
  startUtf8(c) {
    if (c >= 194 && c <= 223) this.utf8Needed = 1;
    else if (c >= 224 && c <= 239) {
      this.utf8Needed = 2;
      if (c === 224) this.utf8Lower = 160;
      if (c === 237) this.utf8Upper = 159;
    } else if (c >= 240 && c <= 244) {
      this.utf8Needed = 3;
      if (c === 240) this.utf8Lower = 144;
      if (c === 244) this.utf8Upper = 143;
    }
    this.utf8Seen = 1;
  }
  /** The next byte of a multi-byte sequence; false when it is not one (it is then read afresh). */
  continueUtf8(c) {
    if (c < this.utf8Lower || c > this.utf8Upper) {
      this.unitAdjust += 1 - this.utf8Seen;
      this.resetUtf8();
      return false;
    }
    this.utf8Lower = 128;
    this.utf8Upper = 191;
    if (++this.utf8Seen === this.utf8Needed + 1) {
      this.unitAdjust += (this.utf8Needed === 3 ? 2 : 1) - this.utf8Seen;
      this.resetUtf8();
    }
    return true;
  }
  resetUtf8() {
    this.utf8Needed = 0;
    this.utf8Seen = 0;
    this.utf8Lower = 128;
    this.utf8Upper = 191;
  }
  /** One byte of a number; returns where to continue (the same byte when the number ended before it). */
  continueNumber(buf, i, c) {
    const digit2 = c >= 48 && c <= 57;
    const at = this.base + i;
    switch (this.numberState) {
      case N_SIGN:
        if (!digit2) this.failAt(this.numberStart, "expected a value (object, array, string, number, true, false or null)", 45);
        this.numberState = c === 48 ? N_ZERO : N_INT;
        return i + 1;
      case N_ZERO:
      case N_INT:
        if (digit2 && this.numberState === N_INT) return i + 1;
        if (c === 46) return this.numberMayRetreat(N_DOT, at, c, i);
        if (c === 101 || c === 69) return this.numberMayRetreat(N_E, at, c, i);
        break;
      case N_DOT:
        if (!digit2) return this.retreatNumber();
        this.numberState = N_FRAC;
        return i + 1;
      case N_FRAC:
        if (digit2) return i + 1;
        if (c === 101 || c === 69) return this.numberMayRetreat(N_E, at, c, i);
        break;
      case N_E:
        if (c === 43 || c === 45) {
          this.numberState = N_E_SIGN;
          return i + 1;
        }
        if (!digit2) return this.retreatNumber();
        this.numberState = N_EXP;
        return i + 1;
      case N_E_SIGN:
        if (!digit2) return this.retreatNumber();
        this.numberState = N_EXP;
        return i + 1;
      case N_EXP:
        if (digit2) return i + 1;
        break;
    }
    this.endNumber(at);
    return i;
  }
  /** A '.' or 'e' the number may have to give back if no digit follows. */
  numberMayRetreat(state, at, c, i) {
    this.numberState = state;
    this.numberRetreat = at;
    this.numberRetreatChar = c;
    return i + 1;
  }
  /**
   * The number stopped at a '.' or 'e' with no digit after it: the number ends before that
   * character, which is then the unexpected one (as a backtracking match of the grammar finds).
   */
  retreatNumber() {
    const at = this.numberRetreat;
    const char = this.numberRetreatChar;
    this.endNumber(at);
    this.failAt(at, this.expectedAfterValue(), char);
  }
  endNumber(end) {
    this.valueDone(end);
  }
  expectedAfterValue() {
    if (this.state === DONE) return "expected the end of the text after the JSON value";
    return `expected ',' or '${this.stack[this.depth - 1] === OPEN_OBJECT ? "}" : "]"}'`;
  }
  beginString(start) {
    this.state = IN_STRING;
    this.stringState = S_PLAIN;
    this.stringStart = start;
  }
  /** A string ended just before `end`: a key (then a colon follows) or a value. */
  endString(end) {
    if (this.stringIsKey) {
      this.stringIsKey = false;
      this.state = COLON;
      if (this.capture && this.capture.isKey) this.finishKey(end);
      return;
    }
    this.valueDone(end);
  }
  push(open2, at) {
    if (this.capture !== null && this.depth - this.capture.depth >= MAX_BUILT_DEPTH) {
      throw new JsonScanError({ truncated: false, tooDeep: true, position: { line: this.line, column: this.columnOf(at) } });
    }
    if (this.depth === this.stack.length) {
      const bigger = new Uint8Array(this.stack.length * 2);
      bigger.set(this.stack);
      this.stack = bigger;
    }
    this.stack[this.depth++] = open2;
  }
  closeContainer(end) {
    this.depth--;
    this.valueDone(end);
  }
  /** A value ended just before `end` at the current depth. */
  valueDone(end) {
    this.state = this.depth === 0 ? DONE : AFTER_VALUE;
    const capture = this.capture;
    if (capture !== null && !capture.isKey && capture.depth === this.depth) {
      this.capture = null;
      this.deliver(this.parseCapture(capture, end));
      return;
    }
    if (this.frameDepth === this.depth + 1) {
      const frame = this.frames[this.frames.length - 1];
      if (frame && frame.depth === this.depth + 1) {
        this.frames.pop();
        this.frameDepth = this.frames.length > 0 ? this.frames[this.frames.length - 1].depth : -1;
        this.deliver(frame.value);
      }
    }
  }
  /** Gives a built value to the frame it belongs to (or makes it the result). */
  deliver(value) {
    const frame = this.frames[this.frames.length - 1];
    if (!frame || frame.depth !== this.depth) {
      this.root = value;
      this.rootSet = true;
      return;
    }
    if (Array.isArray(frame.value)) {
      const map = frame.selection.kind === "array" ? frame.selection.map : void 0;
      frame.value[frame.index] = map ? map(value) : value;
    } else if (frame.key !== null) {
      setOwn(frame.value, frame.key, value);
    }
  }
  /** A value starts at `start` (first byte `c`) where the innermost frame selects what to build. */
  startValue(start, c) {
    const selection = this.selectionHere();
    if (selection === null) return;
    if (selection.kind === "object" && c === OPEN_OBJECT) {
      this.pushFrame(selection, {});
      return;
    }
    if (selection.kind === "array" && c === OPEN_ARRAY) {
      this.pushFrame(selection, []);
      return;
    }
    if (selection.kind === "presence") {
      this.deliverPresence();
      return;
    }
    this.startCapture(start, false, selection);
  }
  deliverPresence() {
    this.deliver(null);
  }
  selectionHere() {
    const frame = this.frames[this.frames.length - 1];
    if (!frame || frame.depth !== this.depth) return this.depth === 0 ? this.selection : null;
    if (frame.selection.kind === "array") {
      const index = ++frame.index;
      return frame.selection.items ? frame.selection.items[index] ?? null : frame.selection.each ?? null;
    }
    const next = frame.next;
    frame.next = null;
    return next;
  }
  pushFrame(selection, value) {
    this.frames.push({ depth: this.depth + 1, selection, value, next: null, key: null, index: -1 });
    this.frameDepth = this.depth + 1;
  }
  startCapture(start, isKey, selection) {
    this.capture = { depth: this.depth, start, parts: [], isKey, selection };
  }
  finishKey(end) {
    const capture = this.capture;
    this.capture = null;
    const key = this.parseCapture(capture, end);
    const frame = this.frames[this.frames.length - 1];
    if (frame.selection.kind !== "object") return;
    frame.key = key;
    frame.next = frame.selection.keys?.[key] ?? frame.selection.anyKey ?? null;
    if (frame.next === null) frame.key = null;
  }
  parseCapture(capture, end) {
    const tail = this.chunk.subarray(Math.max(0, capture.start - this.base), end - this.base);
    const bytes = capture.parts.length === 0 ? tail : Buffer.concat([...capture.parts, tail]);
    if (capture.selection.kind === "raw") return new RawJson(bytes);
    return JSON.parse(decodeUtf8(bytes));
  }
  markSolid(end) {
    this.lastSolidEnd = end;
    this.lastSolidLine = this.line;
    this.lastSolidLineStart = this.lineStart;
    this.lastSolidAdjust = this.unitAdjust;
  }
  /** Throws the error at `offset`; `found` names the byte there when it is not in the current chunk. */
  failAt(offset, expected, found) {
    const column = this.columnOf(offset);
    throw new JsonScanError({ truncated: false, position: { line: this.line, column }, problem: `${expected}, found ${this.describeAt(offset, found)}` });
  }
  /** Throws an error inside a string at `offset`: its words say what is wrong without quoting. */
  failPlain(offset, problem) {
    throw new JsonScanError({ truncated: false, position: { line: this.line, column: this.columnOf(offset) }, problem });
  }
  columnOf(offset) {
    return offset - this.lineStart + this.unitAdjust + 1;
  }
  describeAt(offset, found) {
    const k = offset - this.base;
    let code2;
    if (k >= 0 && k < this.chunk.length) {
      const first = this.chunk[k];
      code2 = first < 128 ? first : utf8.decode(this.chunk.subarray(k, Math.min(this.chunk.length, k + 4))).charCodeAt(0);
    } else {
      code2 = found ?? 65533;
    }
    return code2 >= 33 && code2 <= 126 ? `'${String.fromCharCode(code2)}'` : `U+${code2.toString(16).toUpperCase().padStart(4, "0")}`;
  }
};
function setOwn(target2, key, value) {
  if (key === "__proto__") Object.defineProperty(target2, key, { value, enumerable: true, writable: true, configurable: true });
  else target2[key] = value;
}
function onlyWhiteSpace(buf, from) {
  for (let k = from; k < buf.length; k++) {
    const c = buf[k];
    if (c !== 32 && (c < 9 || c > 13)) return false;
  }
  return true;
}
function isJsonSpace2(byte) {
  return byte === 32 || byte === 10 || byte === 13 || byte === 9;
}

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
    for (const attribute2 of attributes) set.add(attribute2);
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
  for (const row of INGRESS_SHAPES) {
    const attributes = [row.rulesAt, row.direction?.attribute, row.access?.attribute, row.disabledAttribute, ...row.sources.map((source) => source.attribute)];
    const ports = row.ports;
    if (ports.kind === "from-to") attributes.push(ports.protocol, ports.from, ports.to);
    else if (ports.kind === "port-ranges") attributes.push(ports.protocol, ports.single, ports.list);
    else attributes.push(ports.block, ports.protocol, ports.ports);
    add(row.type, attributes.filter((attribute2) => typeof attribute2 === "string"));
  }
  for (const row of KEY_SWITCHES) add(row.type, firstStep(row.path));
  for (const row of PUBLIC_SETTINGS) add(row.type, [row.attribute]);
  for (const row of AWS_POLICY_ATTRIBUTES) add(row.type, firstStep(row.path));
  for (const row of AWS_MANAGED_POLICY_ATTACHMENTS) add(row.type, [row.attribute]);
  for (const row of AWS_PRINCIPAL_ATTRIBUTES) add(row.type, [row.principal, ...row.limitedBy]);
  add(AZURE_ROLE_ASSIGNMENT.type, [AZURE_ROLE_ASSIGNMENT.scope, AZURE_ROLE_ASSIGNMENT.roleName, AZURE_ROLE_ASSIGNMENT.roleId]);
  add(AZURE_ROLE_DEFINITION.type, [AZURE_ROLE_DEFINITION.permissions]);
  for (const row of READ_BY_CODE) add(row.type, row.attributes);
  for (const row of SIZE_ATTRIBUTES) for (const type of row.types ?? []) add(type, firstStep(row.path));
  return table;
}
var BY_TYPE2 = buildTable();
var BY_GLOB = [...BY_TYPE2].filter(([type]) => /[*?[]/.test(type));
var cache3 = /* @__PURE__ */ new Map();
function attributesRead(type) {
  let set = cache3.get(type);
  if (!set) {
    const globs = BY_GLOB.filter(([glob]) => minimatch(type, glob)).flatMap(([, attributes]) => [...attributes]);
    const google = GOOGLE_IAM_CARRIERS.filter((carrier) => type.endsWith(carrier.suffix)).flatMap((carrier) => carrier.attributes);
    set = /* @__PURE__ */ new Set([...EVERY_TYPE, ...BY_TYPE2.get(type) ?? [], ...globs, ...google]);
    cache3.set(type, set);
  }
  return set;
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
var REASONS = {
  replace_because_cannot_update: "a changed attribute cannot be updated in place",
  replace_because_tainted: "the object is tainted (marked for replacement, e.g. after a failed create or `terraform taint`)",
  replace_by_request: "replacement was requested with `-replace`",
  replace_by_triggers: "a `replace_triggered_by` reference changed",
  delete_because_no_resource_config: "its resource block was removed from the configuration",
  delete_because_wrong_repetition: "the resource switched between count, for_each and a single instance",
  delete_because_count_index: "its count index is beyond the new `count`",
  delete_because_each_key: "its key is no longer in `for_each`",
  delete_because_no_module: "its module instance is no longer declared (the module call was removed, or its count/for_each no longer includes it)",
  delete_because_no_move_target: "a `moved` block points to an address that does not exist",
  delete_because_enabled_false: "its `enabled` meta-argument is now false (OpenTofu)",
  read_because_config_unknown: "its configuration depends on values known only after apply",
  read_because_dependency_pending: "it depends on a resource with pending changes",
  read_because_check_nested: "it is read inside a check block"
};
var REASONS_IN_MODULE = {
  delete_because_no_resource_config: "it is no longer in the configuration (its resource block, or the module call that declared it, was removed)"
};
function describeReason(reason, inModule = false) {
  if (!reason) return null;
  return (inModule ? REASONS_IN_MODULE[reason] : void 0) ?? REASONS[reason] ?? `Terraform reports \`${reason}\``;
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
  { word: "required", reason: "a switch" }
];
var SECRET_SHAPES = [
  { holds: "PRIVATE KEY", pattern: /-----BEGIN [A-Z0-9 ]*PRIVATE KEY( BLOCK)?-----/, reason: "a PEM private key (RSA, EC, OpenSSH, PKCS#8, PGP)" },
  { holds: "=", pattern: /(?:^|;)\s*(?:password|pwd|accountkey|sharedaccesskey)\s*=\s*[^;\s]/i, reason: "an ADO.NET or Azure connection string with a password or account key" },
  { holds: "@", pattern: /[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:[^/\s@]+@/i, reason: "a URL with a password in it (postgres://user:password@host)" }
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
function shapedLikeSecret(value) {
  return SECRET_SHAPES.some((row) => value.includes(row.holds) && row.pattern.test(value));
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
  const set = (step, itemMask) => {
    if (itemMask === (maskObject ? maskObject[step] : void 0)) return;
    marked ??= Array.isArray(value) ? Object.assign([], maskObject) : { ...maskObject };
    marked[step] = itemMask;
  };
  if (Array.isArray(value)) {
    value.forEach((item, index) => set(index, mark(item, maskObject?.[index], key, false, true)));
    return marked ?? mask;
  }
  const record2 = value;
  const childrenUnderSecret = !inList && key !== null && namesSecret(key);
  const pairName = typeof record2["name"] === "string" ? record2["name"] : typeof record2["key"] === "string" ? record2["key"] : null;
  const pairIsSecret = pairName !== null && namesSecret(pairName);
  for (const [childKey, child] of Object.entries(record2)) {
    const childMask = maskObject?.[childKey];
    if (pairIsSecret && childKey === "value" && typeof child === "string" && !isSettingWord(child)) set(childKey, true);
    else set(childKey, mark(child, childMask, childKey, childrenUnderSecret, false));
  }
  return marked ?? mask;
}
function markChange(raw) {
  const change = raw.change;
  const beforeSensitive = markSecretsByName(change.before, change.before_sensitive);
  const afterSensitive = markSecretsByName(change.after, change.after_sensitive);
  if (beforeSensitive === change.before_sensitive && afterSensitive === change.after_sensitive) return raw;
  return { ...raw, change: { ...change, before_sensitive: beforeSensitive, after_sensitive: afterSensitive } };
}
function markPlanSecretsByName(raw) {
  const marked = { ...raw };
  if (raw.resource_changes) marked.resource_changes = raw.resource_changes.map(markChange);
  if (raw.resource_drift) marked.resource_drift = raw.resource_drift.map(markChange);
  if (raw.deferred_changes) marked.deferred_changes = raw.deferred_changes.map((entry) => ({ ...entry, resource_change: markChange(entry.resource_change) }));
  const markInvocation = (invocation) => ({
    ...invocation,
    config_sensitive: markSecretsByName(invocation.config_values, invocation.config_sensitive)
  });
  if (raw.action_invocations) marked.action_invocations = raw.action_invocations.map(markInvocation);
  if (raw.deferred_action_invocations) {
    marked.deferred_action_invocations = raw.deferred_action_invocations.map((entry) => ({ ...entry, action_invocation: markInvocation(entry.action_invocation) }));
  }
  if (raw.output_changes) {
    marked.output_changes = Object.fromEntries(
      Object.entries(raw.output_changes).map(([name, output]) => [
        name,
        { ...output, before_sensitive: markSecretsByName(output.before, output.before_sensitive, name), after_sensitive: markSecretsByName(output.after, output.after_sensitive, name) }
      ])
    );
  }
  return marked;
}

// src/plan/values-kept.ts
function valuesUnread(actions) {
  return Array.isArray(actions) && actions.length === 1 && (actions[0] === "no-op" || actions[0] === "read");
}
function keptChange(type, change, valuesRead = true) {
  const kept = { ...change };
  const actions = change["actions"];
  const unread = !valuesRead || valuesUnread(actions);
  const unknownAction = Array.isArray(actions) && actions.every((action) => typeof action === "string") && classifyActions(actions).action === "unknown";
  for (const [side, maskName] of [["before", "before_sensitive"], ["after", "after_sensitive"]]) {
    if (!(side in change)) continue;
    const mask = markSecretsByName(change[side], change[maskName]);
    if (mask !== change[maskName]) kept[maskName] = mask;
    if (unread) kept[side] = maskedPart(change[side], mask) ?? null;
    else if (!unknownAction) kept[side] = keptValues(change[side], typeof type === "string" ? type : "", mask, change["replace_paths"]);
  }
  for (const mask of ["after_unknown", "before_sensitive", "after_sensitive"]) if (mask in kept) kept[mask] = pruneMarks(kept[mask]);
  return kept;
}
function keptValues(values, type, mask, replacePaths) {
  if (values === null || typeof values !== "object" || Array.isArray(values) || KEPT.has(values)) return values;
  const kept = reduceValues(values, type, mask, replacePaths);
  KEPT.add(kept);
  return kept;
}
var KEPT = /* @__PURE__ */ new WeakSet();
function reduceValues(values, type, mask, replacePaths) {
  const read = attributesRead(type);
  const forcing = new Set(Array.isArray(replacePaths) ? replacePaths.map((path2) => Array.isArray(path2) ? path2[0] : void 0).filter((step) => typeof step === "string") : []);
  const record2 = values;
  const masks = mask !== null && typeof mask === "object" ? mask : null;
  let kept = null;
  const keys = Object.keys(record2);
  for (const key of keys) {
    if (read.has(key) || forcing.has(key) || mask === true) continue;
    kept = {};
    for (const other of keys) {
      if (read.has(other) || forcing.has(other)) setOwnKey(kept, other, record2[other]);
      else if (masks && Object.prototype.hasOwnProperty.call(masks, other)) {
        const part = maskedPart(record2[other], masks[other]);
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
    resources: { kind: "array", each: STATE_RESOURCE, map: keepSecretValuesOnly },
    get child_modules() {
      return { kind: "array", each: STATE_MODULE };
    }
  }
};
var CONFIGURATION_MODULE = {
  kind: "object",
  keys: {
    resources: { kind: "array", each: { kind: "object", keys: { address: KEEP, expressions: KEEP } }, map: keepSetArgumentsOnly },
    variables: KEEP,
    get module_calls() {
      return { kind: "object", anyKey: { kind: "object", keys: { module: CONFIGURATION_MODULE } } };
    }
  }
};
var PLAN_SECTIONS = {
  format_version: KEEP,
  plan_format_version: KEEP,
  terraform_version: KEEP,
  errored: KEEP,
  // Terraform 1.8+: false for -target plans and plans with deferred changes.
  complete: KEEP,
  variables: KEEP,
  // Each change is reduced as soon as it is built to what the model keeps of it (values-kept.ts).
  resource_changes: { kind: "array", each: KEEP, map: (element) => keepChange(element, true) },
  // Nothing reads drift's values (the model keeps them null): only their secrets are kept.
  resource_drift: { kind: "array", each: KEEP, map: (element) => keepChange(element, false) },
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
var PLAN_SELECTION = { kind: "object", keys: PLAN_SECTIONS };
function keepSecretValuesOnly(element) {
  if (!isRecord2(element) || !(element["values"] instanceof RawJson)) return element;
  const mask = pruneMarks(element["sensitive_values"]);
  const reduced = { ...element, sensitive_values: mask };
  const secrets = mask === false ? void 0 : maskedPart(element["values"].parse(), mask);
  if (secrets === void 0) delete reduced["values"];
  else reduced["values"] = secrets;
  return reduced;
}
function keepChange(element, valuesRead) {
  if (!isRecord2(element) || !isRecord2(element["change"])) return element;
  return { ...element, change: keptChange(element["type"], element["change"], valuesRead) };
}
function keepSetArgumentsOnly(element) {
  if (!isRecord2(element) || !isRecord2(element["expressions"])) return element;
  const expressions = {};
  for (const [argument, expression] of Object.entries(element["expressions"])) {
    const literalNull = isRecord2(expression) && "constant_value" in expression && expression["constant_value"] === null && expression["references"] === void 0;
    setOwnKey(expressions, argument, literalNull ? { constant_value: null } : {});
  }
  return { ...element, expressions };
}
function isRecord2(value) {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

// src/plan/large-input.ts
import { setFlagsFromString } from "node:v8";
var LARGE_INPUT_BYTES = 64 << 20;
var HEAP_GROWING_PERCENT = 20;
var asked = false;
function noteInputBytes(bytes) {
  if (asked || bytes < LARGE_INPUT_BYTES) return;
  asked = true;
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}

// src/plan/load-stream.ts
var DIAGNOSED_BYTES = 64 << 20;
var HEAD_BYTES = 64 << 10;
var WRAPPER_MARKER = Buffer.from("[command]");
function readPlanSections(chunks, source) {
  const input = new PlanInput(source);
  try {
    for (const chunk of chunks) input.write(chunk);
  } catch (error2) {
    if (error2 instanceof InputError) throw error2;
    if (error2 instanceof JsonScanError) throw input.describe(error2);
    if (isSystemError(error2)) throw new InputError(source, describeReadError(error2));
    if (error2 instanceof RangeError) throw tooLarge(source);
    throw error2;
  }
  try {
    return input.end();
  } catch (error2) {
    if (error2 instanceof JsonScanError) throw input.describe(error2);
    if (error2 instanceof RangeError) throw tooLarge(source);
    throw error2;
  }
}
var PlanInput = class {
  constructor(source) {
    this.source = source;
  }
  source;
  mode = "sniffing";
  /** The raw bytes while the kind of input is not known yet (and for diagnosing). */
  raw = [];
  rawBytes = 0;
  toUtf8 = null;
  scanner = new SelectiveJsonScanner(PLAN_SELECTION);
  head = [];
  scannedBytes = 0;
  headBytes = 0;
  write(chunk) {
    if (chunk.length === 0) return;
    if (this.mode === "json") {
      this.scan(this.toUtf8(chunk, false));
      return;
    }
    if (this.mode === "diagnosing") {
      if (this.rawBytes < DIAGNOSED_BYTES) this.keepRaw(chunk.subarray(0, DIAGNOSED_BYTES - this.rawBytes));
      return;
    }
    this.keepRaw(chunk);
    this.sniff(false);
  }
  end() {
    if (this.mode === "sniffing") this.sniff(true);
    if (this.mode === "diagnosing") {
      const bytes = Buffer.concat(this.raw);
      return parseJson(decodePlanBytes(bytes, this.source), this.source);
    }
    const rest = this.toUtf8(new Uint8Array(0), true);
    if (rest.length > 0) this.scan(rest);
    return this.scanner.end();
  }
  /** The syntax error in the words decode.ts uses for a whole text. */
  describe(error2) {
    const headText = new TextDecoder("utf-8").decode(Buffer.concat(this.head));
    if (looksLikeUiStream(headText)) return uiStreamError(this.source);
    const { truncated, position, problem, tooDeep } = error2.detail;
    if (tooDeep) {
      return new InputError(
        this.source,
        `at line ${position.line}, column ${position.column} values nest more than ${MAX_BUILT_DEPTH} levels deep, far deeper than Terraform writes them; this is not a plan that can be analyzed`
      );
    }
    return truncated ? truncatedJsonError(this.source, position) : invalidJsonError(this.source, position, problem ?? "invalid JSON");
  }
  keepRaw(chunk) {
    this.raw.push(chunk);
    this.rawBytes += chunk.length;
  }
  scan(utf82) {
    if (this.headBytes < HEAD_BYTES) {
      this.head.push(utf82.subarray(0, HEAD_BYTES - this.headBytes));
      this.headBytes += Math.min(utf82.length, HEAD_BYTES - this.headBytes);
    }
    this.scanner.write(utf82);
    this.scannedBytes += utf82.length;
    noteInputBytes(this.scannedBytes);
  }
  /**
   * Decides, from the bytes so far, whether this is JSON to scan. JSON opens with `{` or `[`
   * after JSON white space; anything else (or setup-terraform's `[command]`) is diagnosed.
   */
  sniff(atEnd) {
    if (this.rawBytes < 4 && !atEnd) return;
    const bytes = Buffer.concat(this.raw);
    this.raw = [bytes];
    const encoding = encodingOf(bytes);
    const decoder = new TextDecoder(encoding.name);
    const utf82 = encoding.name === "utf-8" ? bytes.subarray(encoding.skip) : Buffer.from(decoder.decode(bytes.subarray(encoding.skip), { stream: !atEnd }), "utf8");
    let first = 0;
    while (first < utf82.length && isJsonSpace3(utf82[first])) first++;
    if (first === utf82.length) {
      if (atEnd || this.rawBytes > DIAGNOSED_BYTES) this.mode = "diagnosing";
      return;
    }
    const opening = utf82[first];
    if (opening !== 123 && opening !== 91) {
      this.mode = "diagnosing";
      return;
    }
    if (opening === 91) {
      const candidate = utf82.subarray(first, first + WRAPPER_MARKER.length);
      if (candidate.length < WRAPPER_MARKER.length && !atEnd) return;
      if (candidate.equals(WRAPPER_MARKER)) {
        this.mode = "diagnosing";
        return;
      }
    }
    this.mode = "json";
    this.raw = [];
    this.toUtf8 = encoding.name === "utf-8" ? (chunk) => chunk : (chunk, last) => Buffer.from(decoder.decode(chunk, { stream: !last }), "utf8");
    this.scan(utf82);
  }
};
function encodingOf(bytes) {
  const [b0, b1, b2] = [bytes[0], bytes[1], bytes[2]];
  if (b0 === 255 && b1 === 254) return { name: "utf-16le", skip: 2 };
  if (b0 === 254 && b1 === 255) return { name: "utf-16be", skip: 2 };
  if (bytes.length >= 2 && b0 !== 0 && b1 === 0) return { name: "utf-16le", skip: 0 };
  if (bytes.length >= 2 && b0 === 0 && b1 !== 0) return { name: "utf-16be", skip: 0 };
  return { name: "utf-8", skip: b0 === 239 && b1 === 187 && b2 === 191 ? 3 : 0 };
}
function isJsonSpace3(byte) {
  return byte === 32 || byte === 10 || byte === 13 || byte === 9;
}
function isSystemError(error2) {
  return error2 instanceof Error && typeof error2.code === "string";
}
function tooLarge(source) {
  return new InputError(source, "a single value in this plan is larger than can be held in memory as one string (about 512 MiB); it cannot be analyzed");
}

// src/plan/configuration.ts
function configAddress(instanceAddress) {
  let result = "";
  let i = 0;
  while (i < instanceAddress.length) {
    const char = instanceAddress.charAt(i);
    if (char !== "[") {
      result += char;
      i++;
      continue;
    }
    i = indexKeyEnd(instanceAddress, i + 1);
  }
  return result;
}
function indexKeyEnd(address, start) {
  let i = start;
  if (address.charAt(i) === '"') {
    i++;
    while (i < address.length && address.charAt(i) !== '"') i += address.charAt(i) === "\\" ? 2 : 1;
    i++;
  }
  while (i < address.length && address.charAt(i) !== "]") i++;
  return i + 1;
}
function configuredArgumentsOf(configuration) {
  const root = objectField(configuration, "root_module");
  if (root === void 0) return null;
  const byAddress = /* @__PURE__ */ new Map();
  collectModule(root, "", byAddress);
  return byAddress;
}
function collectModule(module, prefix2, byAddress) {
  const resources = module["resources"];
  if (Array.isArray(resources)) {
    for (const resource of resources) {
      const address = asObject(resource)?.["address"];
      if (typeof address !== "string") continue;
      byAddress.set(`${prefix2}${address}`, setArguments(objectField(resource, "expressions")));
    }
  }
  const calls = objectField(module, "module_calls");
  for (const [name, call] of Object.entries(calls ?? {})) {
    const child = objectField(call, "module");
    if (child !== void 0) collectModule(child, `${prefix2}module.${name}.`, byAddress);
  }
}
function setArguments(expressions) {
  const set = /* @__PURE__ */ new Set();
  for (const [argument, expression] of Object.entries(expressions ?? {})) {
    if (!isLiteralNull(expression)) set.add(argument);
  }
  return set;
}
function isLiteralNull(expression) {
  const record2 = asObject(expression);
  return record2 !== void 0 && "constant_value" in record2 && record2["constant_value"] === null && record2["references"] === void 0;
}
function objectField(value, key) {
  return asObject(asObject(value)?.[key]);
}
function asObject(value) {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? value : void 0;
}

// src/plan/secrets.ts
function collectSecrets(raw) {
  const sensitive = /* @__PURE__ */ new Set();
  const variables = /* @__PURE__ */ new Set();
  const deferred = (raw.deferred_changes ?? []).map((entry) => entry.resource_change);
  for (const change of [...raw.resource_changes ?? [], ...raw.resource_drift ?? [], ...deferred]) {
    collectMasked(change.change.before, change.change.before_sensitive, sensitive);
    collectMasked(change.change.after, change.change.after_sensitive, sensitive);
  }
  const invocations = [...raw.action_invocations ?? [], ...(raw.deferred_action_invocations ?? []).map((entry) => entry.action_invocation)];
  for (const invocation of invocations) collectMasked(invocation.config_values, invocation.config_sensitive, sensitive);
  for (const output of Object.values(raw.output_changes ?? {})) {
    collectMasked(output.before, output.before_sensitive, sensitive);
    collectMasked(output.after, output.after_sensitive, sensitive);
  }
  for (const [name, output] of [...Object.entries(raw.prior_state?.values?.outputs ?? {}), ...plannedOutputs(raw.planned_values)]) {
    if (output.sensitive) collectLeaves(output.value, sensitive);
    else collectMasked(output.value, markSecretsByName(output.value, false, name), sensitive);
  }
  collectModuleSecrets(raw.prior_state?.values?.root_module, sensitive);
  collectModuleSecrets(plannedRootModule(raw.planned_values), sensitive);
  const declaredSensitive = sensitiveVariableNames(raw.configuration);
  for (const [name, variable] of Object.entries(raw.variables ?? {})) {
    if (declaredSensitive.has(name)) collectLeaves(variable.value, sensitive, 1);
    else {
      collectMasked(variable.value, markSecretsByName(variable.value, false, name), sensitive);
      collectLeaves(variable.value, variables);
    }
  }
  for (const value of sensitive) variables.delete(value);
  return { sensitive, variables };
}
function collectMasked(value, mask, into) {
  if (mask === true) {
    collectLeaves(value, into);
    return;
  }
  if (mask === null || typeof mask !== "object" || value === null || typeof value !== "object") return;
  if (Array.isArray(mask) && Array.isArray(value)) {
    mask.forEach((itemMask, i) => collectMasked(value[i], itemMask, into));
    return;
  }
  for (const [key, itemMask] of Object.entries(mask)) {
    collectMasked(value[key], itemMask, into);
  }
}
var NUMBER_MIN_DIGITS = 4;
function collectLeaves(value, into, numberMinDigits = NUMBER_MIN_DIGITS) {
  if (typeof value === "string") {
    if (value !== "") into.add(value);
  } else if (typeof value === "number") {
    if (String(value).length >= numberMinDigits) into.add(String(value));
  } else if (Array.isArray(value)) {
    for (const item of value) collectLeaves(item, into, numberMinDigits);
  } else if (value !== null && typeof value === "object") {
    for (const item of Object.values(value)) collectLeaves(item, into, numberMinDigits);
  }
}
function collectModuleSecrets(module, into) {
  if (!module) return;
  for (const resource of module.resources ?? []) {
    const record2 = resource;
    collectMasked(record2["values"], record2["sensitive_values"], into);
  }
  for (const child of module.child_modules ?? []) collectModuleSecrets(child, into);
}
function plannedRootModule(planned) {
  if (planned === null || typeof planned !== "object") return void 0;
  const root = planned["root_module"];
  return root !== null && typeof root === "object" ? root : void 0;
}
function plannedOutputs(planned) {
  if (planned === null || typeof planned !== "object") return [];
  const outputs = planned["outputs"];
  if (outputs === null || typeof outputs !== "object") return [];
  return Object.entries(outputs).filter(
    (entry) => entry[1] !== null && typeof entry[1] === "object"
  );
}
function sensitiveVariableNames(configuration) {
  const names = /* @__PURE__ */ new Set();
  const root = configuration && typeof configuration === "object" ? configuration["root_module"] : void 0;
  const declared = root && typeof root === "object" ? root["variables"] : void 0;
  if (declared && typeof declared === "object") {
    for (const [name, variable] of Object.entries(declared)) {
      if (variable && typeof variable === "object" && variable["sensitive"] === true) names.add(name);
    }
  }
  return names;
}

// src/plan/normalize.ts
function normalizePlan(plan, name) {
  const raw = markPlanSecretsByName(plan);
  const configured = configuredArgumentsOf(raw.configuration);
  const normalize2 = (change) => normalizeChange(change, configured);
  const changes = (raw.resource_changes ?? []).map(normalize2);
  const outputChanges = Object.entries(raw.output_changes ?? {}).map(([outputName, change]) => ({
    name: outputName,
    action: classifyActions(change.actions).action,
    sensitive: change.after_sensitive === true || change.before_sensitive === true
  }));
  return {
    name,
    formatVersion: raw.format_version ?? raw.plan_format_version ?? null,
    terraformVersion: raw.terraform_version ?? null,
    changes,
    // Nothing reads drift's values; they are kept null as an unchanged object's are.
    drift: (raw.resource_drift ?? []).map((change) => withoutValues(normalize2(change))),
    outputChanges,
    priorManagedResourceCount: countPriorManagedResources(raw, changes),
    variableNames: Object.keys(raw.variables ?? {}),
    secrets: collectSecrets(raw),
    errored: raw.errored === true,
    complete: typeof raw.complete === "boolean" ? raw.complete : null,
    deferred: (raw.deferred_changes ?? []).map((entry) => ({ reason: entry.reason ?? "unknown", change: normalize2(entry.resource_change) })),
    actionInvocations: [
      ...(raw.action_invocations ?? []).map((invocation) => normalizeInvocation(invocation, null)),
      ...(raw.deferred_action_invocations ?? []).map((entry) => normalizeInvocation(entry.action_invocation, entry.reason ?? "unknown"))
    ],
    priorOutputCount: countPriorOutputs(raw, outputChanges)
  };
}
function normalizeInvocation(raw, deferredReason) {
  const type = raw.type ?? "";
  const name = raw.name ?? "";
  return {
    address: raw.address ?? `action.${type}.${name}`,
    type,
    name,
    providerName: raw.provider_name ?? "",
    configValues: raw.config_values ?? {},
    configSensitive: raw.config_sensitive ?? false,
    triggeringAddress: raw.lifecycle_action_trigger?.triggering_resource_address ?? null,
    triggerEvent: raw.lifecycle_action_trigger?.action_trigger_event ?? raw.invoke_cmd_action_trigger?.action_trigger_event ?? null,
    deferredReason
  };
}
function countPriorOutputs(raw, outputChanges) {
  const created = new Set(outputChanges.filter((output) => output.action === "create").map((output) => output.name));
  const names = new Set(Object.keys(raw.prior_state?.values?.outputs ?? {}).filter((name) => !created.has(name)));
  for (const output of outputChanges) {
    if (output.action === "update" || output.action === "no-op" || output.action === "delete") names.add(output.name);
  }
  return names.size;
}
function withoutValues(change) {
  return { ...change, before: null, after: null };
}
function normalizeChange(raw, configured) {
  const { action, replaceOrder } = classifyActions(raw.change.actions);
  const kept = keptChange(raw.type, raw.change);
  const unread = valuesUnread(raw.change.actions);
  const index = raw.index;
  const actionReason = raw.action_reason ?? null;
  const address = raw.address ?? rebuildAddress(raw);
  const previousAddress = raw.previous_address && raw.previous_address !== address ? raw.previous_address : null;
  return {
    address,
    previousAddress,
    moduleAddress: raw.module_address ?? null,
    mode: raw.mode === "data" ? "data" : "managed",
    type: raw.type,
    name: raw.name ?? "",
    index: typeof index === "string" || typeof index === "number" ? index : null,
    providerName: raw.provider_name ?? "",
    deposedKey: raw.deposed ?? null,
    rawActions: [...raw.change.actions],
    action,
    replaceOrder,
    isImport: raw.change.importing !== void 0 && raw.change.importing !== null,
    isMove: previousAddress !== null,
    actionReason,
    reasonText: describeReason(actionReason, Boolean(raw.module_address)),
    replacePaths: raw.change.replace_paths ?? [],
    before: unread ? null : kept["before"] ?? null,
    after: unread ? null : kept["after"] ?? null,
    afterUnknown: kept["after_unknown"] ?? false,
    beforeSensitive: kept["before_sensitive"] ?? false,
    afterSensitive: kept["after_sensitive"] ?? false,
    // Deposed objects and drift share their block's entry: the lookup is by address alone.
    configuredArguments: configured?.get(configAddress(address)) ?? null
  };
}
function rebuildAddress(raw) {
  const prefix2 = raw.module_address ? `${raw.module_address}.` : "";
  const mode = raw.mode === "data" ? "data." : "";
  const index = typeof raw.index === "number" ? `[${raw.index}]` : typeof raw.index === "string" ? `[${JSON.stringify(raw.index)}]` : "";
  return `${prefix2}${mode}${raw.type}.${raw.name ?? ""}${index}`;
}
function countPriorManagedResources(raw, changes) {
  const root = raw.prior_state?.values?.root_module;
  const count2 = raw.prior_state ? root ? countManaged(root) : 0 : raw.format_version === void 0 ? null : 0;
  if (count2 !== 0) return count2;
  const touchesExisting = changes.some((change) => change.mode === "managed" && change.action !== "create" && change.action !== "read");
  return touchesExisting ? null : 0;
}
function countManaged(module) {
  let count2 = 0;
  for (const resource of module.resources ?? []) if (resource.mode !== "data" && !resource.deposed_key) count2++;
  for (const child of module.child_modules ?? []) count2 += countManaged(child);
  return count2;
}

// node_modules/zod/v4/core/util.js
var util_exports = {};
__export(util_exports, {
  BIGINT_FORMAT_RANGES: () => BIGINT_FORMAT_RANGES,
  CONSTANT_CATCH: () => CONSTANT_CATCH,
  Class: () => Class,
  NUMBER_FORMAT_RANGES: () => NUMBER_FORMAT_RANGES,
  aborted: () => aborted,
  allowsEval: () => allowsEval,
  assert: () => assert,
  assertEqual: () => assertEqual,
  assertIs: () => assertIs,
  assertNever: () => assertNever,
  assertNotEqual: () => assertNotEqual,
  assignProp: () => assignProp,
  attachSchema: () => attachSchema,
  base64ToUint8Array: () => base64ToUint8Array,
  base64urlToUint8Array: () => base64urlToUint8Array,
  cached: () => cached,
  captureStackTrace: () => captureStackTrace,
  cleanEnum: () => cleanEnum,
  cleanRegex: () => cleanRegex,
  clone: () => clone,
  cloneDef: () => cloneDef,
  codePointLength: () => codePointLength,
  constantCatch: () => constantCatch,
  createTransparentProxy: () => createTransparentProxy,
  defineLazy: () => defineLazy,
  defineLazyInternal: () => defineLazyInternal,
  derived: () => derived,
  esc: () => esc,
  escapeRegex: () => escapeRegex,
  explicitlyAborted: () => explicitlyAborted,
  extend: () => extend,
  finalizeIssue: () => finalizeIssue,
  floatSafeRemainder: () => floatSafeRemainder,
  getElementAtPath: () => getElementAtPath,
  getEnumValues: () => getEnumValues,
  getLengthableOrigin: () => getLengthableOrigin,
  getParsedType: () => getParsedType,
  getSizableOrigin: () => getSizableOrigin,
  hexToUint8Array: () => hexToUint8Array,
  hide: () => hide,
  installLazyProp: () => installLazyProp,
  isObject: () => isObject,
  isPlainObject: () => isPlainObject,
  issue: () => issue,
  joinValues: () => joinValues,
  jsonStringifyReplacer: () => jsonStringifyReplacer,
  members: () => members,
  merge: () => merge,
  mergeDefs: () => mergeDefs,
  normalizeParams: () => normalizeParams,
  nullish: () => nullish,
  numKeys: () => numKeys,
  objectClone: () => objectClone,
  omit: () => omit,
  optionalKeys: () => optionalKeys,
  own: () => own,
  parsedType: () => parsedType,
  partial: () => partial,
  pick: () => pick,
  prefixIssues: () => prefixIssues,
  primitiveTypes: () => primitiveTypes,
  promiseAllObject: () => promiseAllObject,
  propertyKeyTypes: () => propertyKeyTypes,
  randomString: () => randomString,
  rawShape: () => rawShape,
  required: () => required,
  safeExtend: () => safeExtend,
  shallowClone: () => shallowClone,
  sizeCaps: () => sizeCaps,
  slugify: () => slugify,
  stringifyPrimitive: () => stringifyPrimitive,
  toZod: () => toZod,
  uint8ArrayToBase64: () => uint8ArrayToBase64,
  uint8ArrayToBase64url: () => uint8ArrayToBase64url,
  uint8ArrayToHex: () => uint8ArrayToHex,
  unwrapMessage: () => unwrapMessage
});
function assertEqual(val) {
  return val;
}
function assertNotEqual(val) {
  return val;
}
function toZod() {
  return (schema) => schema;
}
function assertIs(_arg) {
}
function assertNever(_x) {
  throw new Error("Unexpected value in exhaustive check");
}
function assert(_) {
}
function getEnumValues(entries) {
  const numericValues = Object.values(entries).filter((v) => typeof v === "number");
  const values = Object.entries(entries).filter(([k, _]) => numericValues.indexOf(+k) === -1).map(([_, v]) => v);
  return values;
}
function joinValues(array2, separator = "|") {
  return array2.map((val) => stringifyPrimitive(val)).join(separator);
}
function jsonStringifyReplacer(_, value) {
  if (typeof value === "bigint")
    return value.toString();
  return value;
}
var Cached = class {
  constructor(getter) {
    this._getter = getter;
    this._value = void 0;
  }
  get value() {
    const getter = this._getter;
    if (getter !== void 0) {
      this._value = getter();
      this._getter = void 0;
    }
    return this._value;
  }
};
function cached(getter) {
  return new Cached(getter);
}
function nullish(input) {
  return input === null || input === void 0;
}
function cleanRegex(source) {
  const start = source.startsWith("^") ? 1 : 0;
  const end = source.endsWith("$") ? source.length - 1 : source.length;
  return source.slice(start, end);
}
function floatSafeRemainder(val, step) {
  const ratio = val / step;
  const roundedRatio = Math.round(ratio);
  const tolerance = 4 * Number.EPSILON * Math.max(Math.abs(ratio), 1);
  if (Math.abs(ratio - roundedRatio) < tolerance)
    return 0;
  return ratio - roundedRatio;
}
var EVALUATING = /* @__PURE__ */ Symbol("evaluating");
function defineLazy(object, key, getter) {
  let value = void 0;
  Object.defineProperty(object, key, {
    get() {
      if (value === EVALUATING) {
        return void 0;
      }
      if (value === void 0) {
        value = EVALUATING;
        value = getter();
      }
      return value;
    },
    set(v) {
      Object.defineProperty(object, key, {
        value: v
        // configurable: true,
      });
    },
    configurable: true
  });
}
function objectClone(obj) {
  return Object.create(Object.getPrototypeOf(obj), Object.getOwnPropertyDescriptors(obj));
}
function assignProp(target2, prop, value) {
  Object.defineProperty(target2, prop, {
    value,
    writable: true,
    enumerable: true,
    configurable: true
  });
}
function rawShape(def) {
  const desc = Object.getOwnPropertyDescriptor(def, "shape");
  return desc?.get ? desc.get.raw : desc?.value;
}
function sourceShape(schema) {
  return rawShape(schema._zod.def) ?? schema._zod.def.shape;
}
function deferProp(target2, key, getter) {
  Object.defineProperty(target2, key, {
    get() {
      const value = getter();
      assignProp(this, key, value);
      return value;
    },
    enumerable: true,
    configurable: true
  });
}
function putProp(target2, key, value) {
  if (key in target2)
    assignProp(target2, key, value);
  else
    target2[key] = value;
}
function mirrorShape(target2, source, keys, wrap2) {
  const raw = sourceShape(source);
  for (const key of keys) {
    const desc = Object.getOwnPropertyDescriptor(raw, key);
    if (!desc.enumerable)
      continue;
    if (desc.get) {
      deferProp(target2, key, () => {
        const value = source._zod.def.shape[key];
        return wrap2 ? wrap2(value, key) : value;
      });
    } else
      putProp(target2, key, wrap2 ? wrap2(desc.value, key) : desc.value);
  }
}
function mirrorProps(target2, source) {
  for (const key of Reflect.ownKeys(source)) {
    const desc = Object.getOwnPropertyDescriptor(source, key);
    if (!desc.enumerable)
      continue;
    if (desc.get)
      deferProp(target2, key, () => source[key]);
    else
      putProp(target2, key, desc.value);
  }
}
function mergeDefs(...defs) {
  const mergedDescriptors = {};
  for (const def of defs) {
    const descriptors = Object.getOwnPropertyDescriptors(def);
    Object.assign(mergedDescriptors, descriptors);
  }
  return Object.defineProperties({}, mergedDescriptors);
}
function cloneDef(schema) {
  return mergeDefs(schema._zod.def);
}
function getElementAtPath(obj, path2) {
  if (!path2)
    return obj;
  return path2.reduce((acc, key) => acc?.[key], obj);
}
function promiseAllObject(promisesObj) {
  const keys = Object.keys(promisesObj);
  const promises = keys.map((key) => promisesObj[key]);
  return Promise.all(promises).then((results) => {
    const resolvedObj = {};
    for (let i = 0; i < keys.length; i++) {
      resolvedObj[keys[i]] = results[i];
    }
    return resolvedObj;
  });
}
function randomString(length = 10) {
  const chars = "abcdefghijklmnopqrstuvwxyz";
  let str = "";
  for (let i = 0; i < length; i++) {
    str += chars[Math.floor(Math.random() * chars.length)];
  }
  return str;
}
function esc(str) {
  return JSON.stringify(str);
}
function slugify(input) {
  return input.toLowerCase().trim().replace(/[^\w\s-]/g, "").replace(/[\s_-]+/g, "-").replace(/^-+|-+$/g, "");
}
var captureStackTrace = "captureStackTrace" in Error ? Error.captureStackTrace : (..._args) => {
};
function isObject(data) {
  return typeof data === "object" && data !== null && !Array.isArray(data);
}
var allowsEval = /* @__PURE__ */ cached(() => {
  if (globalConfig.jitless) {
    return false;
  }
  if (typeof navigator !== "undefined" && navigator?.userAgent?.includes("Cloudflare")) {
    return false;
  }
  try {
    const F = Function;
    new F("");
    return true;
  } catch (_) {
    return false;
  }
});
function isPlainObject(o) {
  if (isObject(o) === false)
    return false;
  const ctor = o.constructor;
  if (ctor === void 0)
    return true;
  if (typeof ctor !== "function")
    return true;
  const prot = ctor.prototype;
  if (isObject(prot) === false)
    return false;
  if (Object.prototype.hasOwnProperty.call(prot, "isPrototypeOf") === false) {
    return false;
  }
  return true;
}
function shallowClone(o) {
  if (isPlainObject(o))
    return { ...o };
  if (Array.isArray(o))
    return [...o];
  if (o instanceof Map)
    return new Map(o);
  if (o instanceof Set)
    return new Set(o);
  return o;
}
function numKeys(data) {
  let keyCount = 0;
  for (const key in data) {
    if (Object.prototype.hasOwnProperty.call(data, key)) {
      keyCount++;
    }
  }
  return keyCount;
}
var getParsedType = (data) => {
  const t = typeof data;
  switch (t) {
    case "undefined":
      return "undefined";
    case "string":
      return "string";
    case "number":
      return Number.isNaN(data) ? "nan" : "number";
    case "boolean":
      return "boolean";
    case "function":
      return "function";
    case "bigint":
      return "bigint";
    case "symbol":
      return "symbol";
    case "object":
      if (Array.isArray(data)) {
        return "array";
      }
      if (data === null) {
        return "null";
      }
      if (data.then && typeof data.then === "function" && data.catch && typeof data.catch === "function") {
        return "promise";
      }
      if (typeof Map !== "undefined" && data instanceof Map) {
        return "map";
      }
      if (typeof Set !== "undefined" && data instanceof Set) {
        return "set";
      }
      if (typeof Date !== "undefined" && data instanceof Date) {
        return "date";
      }
      if (typeof File !== "undefined" && data instanceof File) {
        return "file";
      }
      return "object";
    default:
      throw new Error(`Unknown data type: ${t}`);
  }
};
var propertyKeyTypes = /* @__PURE__ */ new Set(["string", "number", "symbol"]);
var primitiveTypes = /* @__PURE__ */ new Set([
  "string",
  "number",
  "bigint",
  "boolean",
  "symbol",
  "undefined"
]);
function escapeRegex(str) {
  return str.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
function clone(inst, def, params) {
  const cl = new inst._zod.constr(def ?? inst._zod.def);
  if (!def || params?.parent)
    cl._zod.parent = inst;
  return cl;
}
function normalizeParams(_params) {
  const params = _params;
  if (!params)
    return {};
  if (typeof params === "string")
    return { error: () => params };
  if (params?.message !== void 0) {
    if (params?.error !== void 0)
      throw new Error("Cannot specify both `message` and `error` params");
    params.error = params.message;
  }
  delete params.message;
  if (typeof params.error === "string")
    return { ...params, error: () => params.error };
  return params;
}
function createTransparentProxy(getter) {
  let target2;
  return new Proxy({}, {
    get(_, prop, receiver) {
      target2 ?? (target2 = getter());
      return Reflect.get(target2, prop, receiver);
    },
    set(_, prop, value, receiver) {
      target2 ?? (target2 = getter());
      return Reflect.set(target2, prop, value, receiver);
    },
    has(_, prop) {
      target2 ?? (target2 = getter());
      return Reflect.has(target2, prop);
    },
    deleteProperty(_, prop) {
      target2 ?? (target2 = getter());
      return Reflect.deleteProperty(target2, prop);
    },
    ownKeys(_) {
      target2 ?? (target2 = getter());
      return Reflect.ownKeys(target2);
    },
    getOwnPropertyDescriptor(_, prop) {
      target2 ?? (target2 = getter());
      return Reflect.getOwnPropertyDescriptor(target2, prop);
    },
    defineProperty(_, prop, descriptor) {
      target2 ?? (target2 = getter());
      return Reflect.defineProperty(target2, prop, descriptor);
    }
  });
}
function stringifyPrimitive(value) {
  if (typeof value === "bigint")
    return value.toString() + "n";
  if (typeof value === "string")
    return `"${value}"`;
  return `${value}`;
}
function optionalKeys(shape) {
  return Object.keys(shape).filter((k) => {
    return shape[k]._zod.optin !== void 0 && shape[k]._zod.optout === "optional";
  });
}
var NUMBER_FORMAT_RANGES = /* @__PURE__ */ (() => ({
  safeint: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
  int32: [-2147483648, 2147483647],
  uint32: [0, 4294967295],
  float32: [-34028234663852886e22, 34028234663852886e22],
  float64: [-Number.MAX_VALUE, Number.MAX_VALUE]
}))();
var BIGINT_FORMAT_RANGES = {
  int64: [/* @__PURE__ */ BigInt("-9223372036854775808"), /* @__PURE__ */ BigInt("9223372036854775807")],
  uint64: [/* @__PURE__ */ BigInt(0), /* @__PURE__ */ BigInt("18446744073709551615")]
};
function pick(schema, mask) {
  const currDef = schema._zod.def;
  const checks = currDef.checks;
  const hasChecks = checks && checks.length > 0;
  if (hasChecks) {
    throw new Error(".pick() cannot be used on object schemas containing refinements");
  }
  const newShape = {};
  mirrorShape(newShape, schema, maskedKeys(schema, mask));
  return clone(schema, mergeDefs(currDef, { shape: newShape, checks: [] }));
}
function maskedKeys(schema, mask) {
  const raw = sourceShape(schema);
  const keys = [];
  for (const key of Reflect.ownKeys(mask)) {
    if (!Object.getOwnPropertyDescriptor(raw, key)?.enumerable) {
      throw new Error(`Unrecognized key: "${String(key)}"`);
    }
    if (mask[key])
      keys.push(key);
  }
  return keys;
}
function omit(schema, mask) {
  const currDef = schema._zod.def;
  const checks = currDef.checks;
  const hasChecks = checks && checks.length > 0;
  if (hasChecks) {
    throw new Error(".omit() cannot be used on object schemas containing refinements");
  }
  const omitted = new Set(maskedKeys(schema, mask));
  const newShape = {};
  mirrorShape(newShape, schema, Reflect.ownKeys(sourceShape(schema)).filter((key) => !omitted.has(key)));
  return clone(schema, mergeDefs(currDef, { shape: newShape, checks: [] }));
}
function extend(schema, shape) {
  if (!isPlainObject(shape)) {
    throw new Error("Invalid input to extend: expected a plain object");
  }
  const checks = schema._zod.def.checks;
  const hasChecks = checks && checks.length > 0;
  if (hasChecks) {
    const existingShape = sourceShape(schema);
    for (const key of Reflect.ownKeys(shape)) {
      if (Object.getOwnPropertyDescriptor(existingShape, key) !== void 0) {
        throw new Error("Cannot overwrite keys on object schemas containing refinements. Use `.safeExtend()` instead.");
      }
    }
  }
  return clone(schema, mergeDefs(schema._zod.def, { shape: extended(schema, shape) }));
}
function extended(schema, shape) {
  const newShape = {};
  mirrorShape(newShape, schema, Reflect.ownKeys(sourceShape(schema)));
  mirrorProps(newShape, shape);
  return newShape;
}
function safeExtend(schema, shape) {
  if (!isPlainObject(shape)) {
    throw new Error("Invalid input to safeExtend: expected a plain object");
  }
  return clone(schema, mergeDefs(schema._zod.def, { shape: extended(schema, shape) }));
}
function merge(a, b) {
  if (!b?._zod?.def) {
    throw new Error("Invalid input to merge: expected an object schema. To merge a plain shape, use `.extend()`.");
  }
  if (a._zod.def.checks?.length) {
    throw new Error(".merge() cannot be used on object schemas containing refinements. Use .safeExtend() instead.");
  }
  const newShape = {};
  mirrorShape(newShape, a, Reflect.ownKeys(sourceShape(a)));
  mirrorShape(newShape, b, Reflect.ownKeys(sourceShape(b)));
  const def = mergeDefs(a._zod.def, {
    shape: newShape,
    get catchall() {
      return b._zod.def.catchall;
    },
    checks: b._zod.def.checks ?? []
  });
  return clone(a, def);
}
function partial(Class2, schema, mask, name = "partial") {
  const currDef = schema._zod.def;
  const checks = currDef.checks;
  const hasChecks = checks && checks.length > 0;
  if (hasChecks) {
    throw new Error(`.${name}() cannot be used on object schemas containing refinements`);
  }
  const selected = mask ? new Set(maskedKeys(schema, mask)) : void 0;
  const newShape = {};
  mirrorShape(newShape, schema, Reflect.ownKeys(sourceShape(schema)), Class2 && ((value, key) => selected && !selected.has(key) ? value : new Class2({ type: "optional", innerType: value })));
  return clone(schema, mergeDefs(schema._zod.def, { shape: newShape, checks: [] }));
}
function required(Class2, schema, mask) {
  const selected = mask ? new Set(maskedKeys(schema, mask)) : void 0;
  const newShape = {};
  mirrorShape(newShape, schema, Reflect.ownKeys(sourceShape(schema)), (value, key) => (
    // overwrite with non-optional
    selected && !selected.has(key) ? value : new Class2({ type: "nonoptional", innerType: value })
  ));
  return clone(schema, mergeDefs(schema._zod.def, { shape: newShape }));
}
function aborted(x, startIndex = 0) {
  if (x.aborted === true)
    return true;
  for (let i = startIndex; i < x.issues.length; i++) {
    if (x.issues[i]?.continue !== true) {
      return true;
    }
  }
  return false;
}
function explicitlyAborted(x, startIndex = 0) {
  if (x.aborted === true)
    return true;
  for (let i = startIndex; i < x.issues.length; i++) {
    if (x.issues[i]?.continue === false) {
      return true;
    }
  }
  return false;
}
function prefixIssues(path2, issues) {
  return issues.map((iss) => {
    var _a3;
    (_a3 = iss).path ?? (_a3.path = []);
    iss.path.unshift(path2);
    return iss;
  });
}
function unwrapMessage(message) {
  return typeof message === "string" ? message : message?.message;
}
function sizeCaps(defChecks) {
  const caps = [];
  for (const ch of defChecks ?? []) {
    const d = ch._zod.def;
    if (!/_(length|size)$|_equals$/.test(d.check))
      break;
    const max = d.maximum ?? d.length ?? d.size;
    if (max >= 0)
      caps.push([max, ch]);
  }
  return caps;
}
function attachSchema(issues, start, inst) {
  var _a3;
  for (let i = start; i < issues.length; i++) {
    (_a3 = issues[i]).schema ?? (_a3.schema = inst);
  }
}
function finalizeIssue(iss, ctx, config2) {
  var _a3;
  const traits = iss.inst?._zod?.traits;
  if (traits?.has("$ZodType")) {
    if (traits.has("$ZodCheck"))
      (_a3 = iss).schema ?? (_a3.schema = iss.inst);
    else
      iss.schema = iss.inst;
  }
  const schemaError = iss.schema !== iss.inst ? iss.schema?._zod.def?.error : void 0;
  const message = iss.message ? iss.message : unwrapMessage(iss.inst?._zod.def?.error?.(iss)) ?? unwrapMessage(schemaError?.(iss)) ?? unwrapMessage(ctx?.error?.(iss)) ?? unwrapMessage(config2.customError?.(iss)) ?? unwrapMessage(config2.localeError?.(iss)) ?? "Invalid input";
  const full = {};
  for (const k of Object.keys(iss)) {
    if (k === "inst" || k === "schema" || k === "continue" || k === "input" || k === "__proto__")
      continue;
    full[k] = iss[k];
  }
  full.path ?? (full.path = []);
  full.message = message;
  if (ctx?.reportInput) {
    full.input = iss.input;
  }
  return full;
}
function getSizableOrigin(input) {
  if (input instanceof Set)
    return "set";
  if (input instanceof Map)
    return "map";
  if (input instanceof File)
    return "file";
  return "unknown";
}
var highSurrogate = /[\uD800-\uDBFF]/;
function codePointLength(str) {
  const units = str.length;
  if (!highSurrogate.test(str))
    return units;
  let count2 = units;
  for (let i = 0; i < units - 1; i++) {
    if ((str.charCodeAt(i) & 64512) === 55296 && (str.charCodeAt(i + 1) & 64512) === 56320) {
      count2--;
      i++;
    }
  }
  return count2;
}
function getLengthableOrigin(input) {
  if (Array.isArray(input))
    return "array";
  if (typeof input === "string")
    return "string";
  return "unknown";
}
function parsedType(data) {
  const t = typeof data;
  switch (t) {
    case "number": {
      return Number.isNaN(data) ? "nan" : "number";
    }
    case "object": {
      if (data === null) {
        return "null";
      }
      if (Array.isArray(data)) {
        return "array";
      }
      const obj = data;
      if (obj && Object.getPrototypeOf(obj) !== Object.prototype && "constructor" in obj && obj.constructor) {
        return obj.constructor.name;
      }
    }
  }
  return t;
}
function issue(...args) {
  const [iss, input, inst] = args;
  if (typeof iss === "string") {
    return {
      message: iss,
      code: "custom",
      input,
      inst
    };
  }
  return { ...iss };
}
function cleanEnum(obj) {
  return Object.entries(obj).filter(([k, _]) => {
    return Number.isNaN(Number.parseInt(k, 10));
  }).map((el) => el[1]);
}
function base64ToUint8Array(base642) {
  const binaryString = atob(base642);
  const bytes = new Uint8Array(binaryString.length);
  for (let i = 0; i < binaryString.length; i++) {
    bytes[i] = binaryString.charCodeAt(i);
  }
  return bytes;
}
function uint8ArrayToBase64(bytes) {
  let binaryString = "";
  for (let i = 0; i < bytes.length; i++) {
    binaryString += String.fromCharCode(bytes[i]);
  }
  return btoa(binaryString);
}
function base64urlToUint8Array(base64url2) {
  const base642 = base64url2.replace(/-/g, "+").replace(/_/g, "/");
  const padding = "=".repeat((4 - base642.length % 4) % 4);
  return base64ToUint8Array(base642 + padding);
}
function uint8ArrayToBase64url(bytes) {
  return uint8ArrayToBase64(bytes).replace(/\+/g, "-").replace(/\//g, "_").replace(/=/g, "");
}
function hexToUint8Array(hex) {
  const cleanHex = hex.replace(/^0x/, "");
  if (cleanHex.length % 2 !== 0) {
    throw new Error("Invalid hex string length");
  }
  const bytes = new Uint8Array(cleanHex.length / 2);
  for (let i = 0; i < cleanHex.length; i += 2) {
    bytes[i / 2] = Number.parseInt(cleanHex.slice(i, i + 2), 16);
  }
  return bytes;
}
function uint8ArrayToHex(bytes) {
  return Array.from(bytes).map((b) => b.toString(16).padStart(2, "0")).join("");
}
var Class = class {
  constructor(..._args) {
  }
};
function members(proto, table) {
  for (const key in table) {
    const desc = Object.getOwnPropertyDescriptor(table, key);
    if (desc.get)
      Object.defineProperty(proto, key, { ...desc, enumerable: false });
    else
      defineBound(proto, key, desc.value);
  }
}
function own(inst, key, value, enumerable = true) {
  Object.defineProperty(inst, key, { configurable: true, writable: true, enumerable, value });
  return value;
}
function hide(inst, key, value) {
  return own(inst, key, value, false);
}
// @__NO_SIDE_EFFECTS__
function derived(computes, table) {
  for (const key in computes) {
    const compute = computes[key];
    Object.defineProperty(table, key, {
      configurable: true,
      enumerable: true,
      get() {
        return own(this, key, compute(this));
      },
      set(value) {
        own(this, key, value);
      }
    });
  }
  return table;
}
function defineBound(proto, key, fn) {
  Object.defineProperty(proto, key, {
    configurable: true,
    get() {
      return this == null ? fn : own(this, key, fn.bind(this));
    },
    set(value) {
      own(this, key, value);
    }
  });
}
function claim(inst, sentinel) {
  const proto = Object.getPrototypeOf(inst);
  return sentinel in proto ? void 0 : proto;
}
var installing;
var broke = false;
var breaker = {
  configurable: true,
  get() {
    broke = true;
    return void 0;
  }
};
function defineLazyInternal(inst, key, compute) {
  const proto = Object.getPrototypeOf(inst._zod);
  if (key in proto && installing !== inst._zod) {
    installing = void 0;
    return;
  }
  installing = inst._zod;
  Object.defineProperty(proto, key, {
    configurable: true,
    get() {
      Object.defineProperty(this, key, breaker);
      const outer = broke;
      broke = false;
      try {
        const value = compute(this);
        if (broke)
          delete this[key];
        else
          Object.defineProperty(this, key, { configurable: true, writable: true, value });
        broke = broke || outer;
        return value;
      } catch (err) {
        delete this[key];
        broke = broke || outer;
        throw err;
      }
    },
    set(value) {
      Object.defineProperty(this, key, { configurable: true, writable: true, value });
    }
  });
}
function installLazyProp(inst, key, make, enumerable) {
  const proto = claim(inst, key);
  if (!proto)
    return;
  Object.defineProperty(proto, key, {
    configurable: true,
    get() {
      const desc = { configurable: true, writable: true, enumerable, value: void 0 };
      Object.defineProperty(this, key, desc);
      desc.value = make(this);
      Object.defineProperty(this, key, desc);
      return desc.value;
    },
    set(value) {
      Object.defineProperty(this, key, { configurable: true, writable: true, enumerable, value });
    }
  });
}
var CONSTANT_CATCH = "~constantCatch";
function constantCatch(value) {
  const fn = () => value;
  fn[CONSTANT_CATCH] = true;
  return fn;
}

// node_modules/zod/v4/core/core.js
var _a;
var _zodDesc = { value: void 0, enumerable: false };
var _E = "captureStackTrace" in Error ? Error : null;
function newError(Definition) {
  const E = _E;
  if (E) {
    const saved = E.stackTraceLimit;
    if (typeof saved === "number") {
      try {
        E.stackTraceLimit = 0;
      } catch {
        _E = null;
        return new Definition();
      }
      try {
        return new Definition();
      } finally {
        E.stackTraceLimit = saved;
      }
    }
  }
  return new Definition();
}
// @__NO_SIDE_EFFECTS__
function $constructor(name, initializer3, proto, params) {
  const zodProto = {};
  function Internals(def) {
    this.def = def;
    this.constr = _;
    this.traits = /* @__PURE__ */ new Set();
  }
  Internals.prototype = zodProto;
  const protoMembers = proto;
  const initialized = protoMembers && /* @__PURE__ */ new WeakSet();
  function init(inst, def) {
    if (!inst._zod) {
      _zodDesc.value = new Internals(def);
      try {
        Object.defineProperty(inst, "_zod", _zodDesc);
      } finally {
        _zodDesc.value = void 0;
      }
    } else if (inst._zod.traits.has(name)) {
      return;
    }
    inst._zod.traits.add(name);
    initializer3(inst, def);
    if (initialized) {
      const own2 = Object.getPrototypeOf(inst);
      const ctorProto = inst._zod.constr.prototype;
      let up = own2;
      while (up && up !== ctorProto)
        up = Object.getPrototypeOf(up);
      const target2 = up ?? own2;
      if (!initialized.has(target2)) {
        initialized.add(target2);
        members(target2, protoMembers);
      }
    }
    const proto2 = _.prototype;
    for (const k in proto2) {
      if (!Object.prototype.hasOwnProperty.call(proto2, k))
        continue;
      if (!(k in inst)) {
        inst[k] = proto2[k].bind(inst);
      }
    }
  }
  const Parent = params?.Parent ?? Object;
  class Definition extends Parent {
  }
  Object.defineProperty(Definition, "name", { value: name });
  function _(def) {
    const inst = params?.Parent ? newError(Definition) : this;
    init(inst, def);
    const deferred = inst._zod.deferred;
    if (deferred) {
      for (const fn of deferred) {
        fn();
      }
      inst._zod.deferred = void 0;
    }
    const pp = globalThis.__zod_globalConfig?.postProcessor;
    if (pp)
      pp(inst);
    return inst;
  }
  Object.defineProperty(_, "init", { value: init });
  Object.defineProperty(_, Symbol.hasInstance, {
    value: (inst) => {
      if (params?.Parent && inst instanceof params.Parent)
        return true;
      return inst?._zod?.traits?.has(name);
    }
  });
  Object.defineProperty(_, "name", { value: name });
  return _;
}
var $ZodAsyncError = class extends Error {
  constructor() {
    super(`Encountered Promise during synchronous parse. Use .parseAsync() instead.`);
  }
};
var $ZodEncodeError = class extends Error {
  constructor(name) {
    super(`Encountered unidirectional transform during encode: ${name}`);
    this.name = "ZodEncodeError";
  }
};
(_a = globalThis).__zod_globalConfig ?? (_a.__zod_globalConfig = {});
var globalConfig = globalThis.__zod_globalConfig;
function config(newConfig) {
  if (newConfig)
    Object.assign(globalConfig, newConfig);
  return globalConfig;
}

// node_modules/zod/v4/core/errors.js
function _getMessage() {
  const internals = this._zod;
  internals.message ?? (internals.message = JSON.stringify(internals.def, jsonStringifyReplacer, 2));
  return internals.message;
}
function _setMessage(value) {
  this._zod.message = value;
}
var _messageDesc = {
  get: _getMessage,
  set: _setMessage,
  enumerable: true,
  configurable: true
};
var _issuesDesc = { value: void 0, enumerable: false };
var _installedToString = /* @__PURE__ */ new WeakSet([Object.prototype, Error.prototype]);
var initializer = (inst, def) => {
  inst.name = "$ZodError";
  _issuesDesc.value = def;
  Object.defineProperty(inst, "issues", _issuesDesc);
  _issuesDesc.value = void 0;
  Object.defineProperty(inst, "message", _messageDesc);
  const proto = Object.getPrototypeOf(inst);
  if (!_installedToString.has(proto)) {
    _installedToString.add(proto);
    Object.defineProperty(proto, "toString", {
      configurable: true,
      enumerable: false,
      get() {
        const value = () => this.message;
        Object.defineProperty(this, "toString", { value, configurable: true, writable: true });
        return value;
      },
      set(value) {
        Object.defineProperty(this, "toString", { value, configurable: true, writable: true });
      }
    });
  }
};
var $ZodError = $constructor("$ZodError", initializer);
var $ZodRealError = $constructor("$ZodError", initializer, void 0, {
  Parent: Error
});
function node(obj, key, make) {
  if (!Object.prototype.hasOwnProperty.call(obj, key)) {
    if (key === "__proto__") {
      Object.defineProperty(obj, key, { value: make(), writable: true, enumerable: true, configurable: true });
    } else {
      obj[key] = make();
    }
  }
  return obj[key];
}
function flattenError(error2, mapper = (issue2) => issue2.message) {
  const fieldErrors = {};
  const formErrors = [];
  for (const sub of error2.issues) {
    if (sub.path.length > 0) {
      node(fieldErrors, sub.path[0], () => []).push(mapper(sub));
    } else {
      formErrors.push(mapper(sub));
    }
  }
  return { formErrors, fieldErrors };
}
function formatError(error2, mapper = (issue2) => issue2.message) {
  const fieldErrors = { _errors: [] };
  const processError = (error3, path2 = []) => {
    for (const issue2 of error3.issues) {
      if (issue2.code === "invalid_union" && issue2.errors.length) {
        issue2.errors.map((issues) => processError({ issues }, [...path2, ...issue2.path]));
      } else if (issue2.code === "invalid_key") {
        processError({ issues: issue2.issues }, [...path2, ...issue2.path]);
      } else if (issue2.code === "invalid_element") {
        processError({ issues: issue2.issues }, [...path2, ...issue2.path]);
      } else {
        const fullpath = [...path2, ...issue2.path];
        if (fullpath.length === 0) {
          fieldErrors._errors.push(mapper(issue2));
        } else {
          let curr = fieldErrors;
          let i = 0;
          while (i < fullpath.length) {
            const el = fullpath[i];
            const terminal = i === fullpath.length - 1;
            if (el === "_errors") {
              if (terminal)
                curr._errors.push(mapper(issue2));
              i++;
              continue;
            }
            if (!Object.prototype.hasOwnProperty.call(curr, el)) {
              Object.defineProperty(curr, el, {
                value: { _errors: [] },
                enumerable: true,
                writable: true,
                configurable: true
              });
            }
            const node2 = curr[el];
            if (terminal) {
              node2._errors.push(mapper(issue2));
            }
            curr = node2;
            i++;
          }
        }
      }
    }
  };
  processError(error2);
  return fieldErrors;
}

// node_modules/zod/v4/core/parse.js
function finalizeParams(callee, params) {
  return { callee: params?.callee ?? callee, Err: params?.Err };
}
var _parse = (_Err) => {
  const fn = (schema, value, _ctx, _params) => {
    const ctx = _ctx ? { ..._ctx, async: false } : { async: false };
    const result = schema._zod.run({ value, issues: [] }, ctx);
    if (result instanceof Promise) {
      throw new $ZodAsyncError();
    }
    if (result.issues.length) {
      const e = new (_params?.Err ?? _Err)(result.issues.map((iss) => finalizeIssue(iss, ctx, config())));
      captureStackTrace(e, _params?.callee ?? fn);
      throw e;
    }
    return result.value;
  };
  return fn;
};
var _parseAsync = (_Err) => {
  const fn = async (schema, value, _ctx, params) => {
    const ctx = _ctx ? { ..._ctx, async: true } : { async: true };
    let result = schema._zod.run({ value, issues: [] }, ctx);
    if (result instanceof Promise)
      result = await result;
    if (result.issues.length) {
      const e = new (params?.Err ?? _Err)(result.issues.map((iss) => finalizeIssue(iss, ctx, config())));
      captureStackTrace(e, params?.callee ?? fn);
      throw e;
    }
    return result.value;
  };
  return fn;
};
var _safeParse = (_Err) => (schema, value, _ctx) => {
  const ctx = _ctx ? { ..._ctx, async: false } : { async: false };
  const result = schema._zod.run({ value, issues: [] }, ctx);
  if (result instanceof Promise) {
    throw new $ZodAsyncError();
  }
  return result.issues.length ? failure(_Err, result.issues, ctx) : { success: true, data: result.value };
};
function failure(Err, issues, ctx) {
  let error2;
  return {
    success: false,
    get error() {
      if (!error2) {
        error2 = new Err(issues.map((iss) => finalizeIssue(iss, ctx, config())));
        issues = void 0;
        ctx = void 0;
      }
      return error2;
    },
    set error(e) {
      error2 = e;
      issues = void 0;
      ctx = void 0;
    }
  };
}
var _safeParseAsync = (_Err) => async (schema, value, _ctx) => {
  const ctx = _ctx ? { ..._ctx, async: true } : { async: true };
  let result = schema._zod.run({ value, issues: [] }, ctx);
  if (result instanceof Promise)
    result = await result;
  return result.issues.length ? failure(_Err, result.issues, ctx) : { success: true, data: result.value };
};
var COMPILE_INVALID = /* @__PURE__ */ Symbol.for("zod.compile.invalid");
var COMPILE_FALLBACK = /* @__PURE__ */ Symbol.for("zod.compile.fallback");
var validate = ((schema, value, _ctx) => {
  const validator = schema._zod.bag.validator;
  if (validator !== void 0) {
    if (validator(value) !== COMPILE_INVALID)
      return true;
    if (validator.definite === true && _ctx === void 0)
      return false;
  }
  return validateFallback(schema, value, _ctx);
});
function validateFallback(schema, value, _ctx) {
  const ctx = _ctx ? { ..._ctx, async: false, abortEarly: true } : { async: false, abortEarly: true };
  const fallbackRun = schema._zod.bag.fallbackRun;
  let result;
  if (fallbackRun) {
    ctx[COMPILE_FALLBACK] = true;
    result = fallbackRun({ value, issues: [] }, ctx);
  } else {
    result = schema._zod.run({ value, issues: [] }, ctx);
  }
  if (result instanceof Promise) {
    throw new $ZodAsyncError();
  }
  return result.issues.length === 0;
}
var validateAsync = async (schema, value, _ctx) => {
  const ctx = _ctx ? { ..._ctx, async: true, abortEarly: true } : { async: true, abortEarly: true };
  let result = schema._zod.run({ value, issues: [] }, ctx);
  if (result instanceof Promise)
    result = await result;
  return result.issues.length === 0;
};
var _encode = (_Err) => {
  const parse3 = _parse(_Err);
  const fn = (schema, value, _ctx, _params) => {
    const ctx = _ctx ? { ..._ctx, direction: "backward" } : { direction: "backward" };
    return parse3(schema, value, ctx, finalizeParams(fn, _params));
  };
  return fn;
};
var _decode = (_Err) => {
  const parse3 = _parse(_Err);
  const fn = (schema, value, _ctx, _params) => {
    return parse3(schema, value, _ctx, finalizeParams(fn, _params));
  };
  return fn;
};
var _encodeAsync = (_Err) => {
  const parseAsync2 = _parseAsync(_Err);
  const fn = async (schema, value, _ctx, _params) => {
    const ctx = _ctx ? { ..._ctx, direction: "backward" } : { direction: "backward" };
    return await parseAsync2(schema, value, ctx, finalizeParams(fn, _params));
  };
  return fn;
};
var _decodeAsync = (_Err) => {
  const parseAsync2 = _parseAsync(_Err);
  const fn = async (schema, value, _ctx, _params) => {
    return await parseAsync2(schema, value, _ctx, finalizeParams(fn, _params));
  };
  return fn;
};
var _safeEncode = (_Err) => (schema, value, _ctx) => {
  const ctx = _ctx ? { ..._ctx, direction: "backward" } : { direction: "backward" };
  return _safeParse(_Err)(schema, value, ctx);
};
var _safeDecode = (_Err) => (schema, value, _ctx) => {
  return _safeParse(_Err)(schema, value, _ctx);
};
var _safeEncodeAsync = (_Err) => async (schema, value, _ctx) => {
  const ctx = _ctx ? { ..._ctx, direction: "backward" } : { direction: "backward" };
  return _safeParseAsync(_Err)(schema, value, ctx);
};
var _safeDecodeAsync = (_Err) => async (schema, value, _ctx) => {
  return _safeParseAsync(_Err)(schema, value, _ctx);
};

// node_modules/zod/v4/core/regexes.js
var cuid = /^[cC][0-9a-z]{6,}$/;
var cuid2 = /^[0-9a-z]+$/;
var ulid = /^[0-7][0-9A-HJKMNP-TV-Za-hjkmnp-tv-z]{25}$/;
var xid = /^[0-9a-vA-V]{20}$/;
var ksuid = /^[A-Za-z0-9]{27}$/;
var nanoid = /^[a-zA-Z0-9_-]{21}$/;
function nanoidOfLength(length) {
  return new RegExp(`^[a-zA-Z0-9_-]{${length}}$`);
}
var duration = /^P(?:(\d+W)|(?!.*W)(?=\d|T\d)(\d+Y)?(\d+M)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+([.,]\d+)?S)?)?)$/;
var guid = /^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$/;
var uuid = (version2) => {
  if (!version2)
    return /^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-8][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}|00000000-0000-0000-0000-000000000000|ffffffff-ffff-ffff-ffff-ffffffffffff)$/;
  return new RegExp(`^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-${version2}[0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12})$`);
};
var email = /^(?:[A-Za-z0-9_'+\-]+\.)*[A-Za-z0-9_'+\-]*[A-Za-z0-9_+-]@(?:[A-Za-z0-9][A-Za-z0-9\-]*\.)+[A-Za-z]{2,}$/;
var _emoji = `^(?=[\\s\\S]*[\\p{Extended_Pictographic}\\p{Regional_Indicator}\\u20E3])[\\p{Extended_Pictographic}\\p{Emoji_Component}]+$`;
function emoji() {
  return new RegExp(_emoji, "u");
}
var ipv4 = /^(?:(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9][0-9]|[0-9])\.){3}(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9][0-9]|[0-9])$/;
var ipv6 = /^(([0-9a-fA-F]{1,4}:){7}[0-9a-fA-F]{1,4}|([0-9a-fA-F]{1,4}:){1,7}:|([0-9a-fA-F]{1,4}:){1,6}:[0-9a-fA-F]{1,4}|([0-9a-fA-F]{1,4}:){1,5}(:[0-9a-fA-F]{1,4}){1,2}|([0-9a-fA-F]{1,4}:){1,4}(:[0-9a-fA-F]{1,4}){1,3}|([0-9a-fA-F]{1,4}:){1,3}(:[0-9a-fA-F]{1,4}){1,4}|([0-9a-fA-F]{1,4}:){1,2}(:[0-9a-fA-F]{1,4}){1,5}|[0-9a-fA-F]{1,4}:((:[0-9a-fA-F]{1,4}){1,6})|:((:[0-9a-fA-F]{1,4}){1,7}|:))$/;
var cidrv4 = /^((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9][0-9]|[0-9])\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9][0-9]|[0-9])\/([0-9]|[1-2][0-9]|3[0-2])$/;
var cidrv6 = /^(([0-9a-fA-F]{1,4}:){7}[0-9a-fA-F]{1,4}|([0-9a-fA-F]{1,4}:){1,7}:|([0-9a-fA-F]{1,4}:){1,6}:[0-9a-fA-F]{1,4}|([0-9a-fA-F]{1,4}:){1,5}(:[0-9a-fA-F]{1,4}){1,2}|([0-9a-fA-F]{1,4}:){1,4}(:[0-9a-fA-F]{1,4}){1,3}|([0-9a-fA-F]{1,4}:){1,3}(:[0-9a-fA-F]{1,4}){1,4}|([0-9a-fA-F]{1,4}:){1,2}(:[0-9a-fA-F]{1,4}){1,5}|[0-9a-fA-F]{1,4}:((:[0-9a-fA-F]{1,4}){1,6})|:((:[0-9a-fA-F]{1,4}){1,7}|:))\/(12[0-8]|1[01][0-9]|[1-9]?[0-9])$/;
var base64 = /^$|^(?:[0-9a-zA-Z+/]{4})*(?:(?:[0-9a-zA-Z+/]{2}==)|(?:[0-9a-zA-Z+/]{3}=))?$/;
var base64url = /^(?:[A-Za-z0-9_-]{4})*(?:[A-Za-z0-9_-]{2,3})?$/;
var httpProtocol = /^https?$/;
var e164 = /^\+[1-9]\d{6,14}$/;
var dateSource = `(?:(?:\\d\\d[2468][048]|\\d\\d[13579][26]|\\d\\d0[48]|[02468][048]00|[13579][26]00)-02-29|\\d{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\\d|30)|(?:02)-(?:0[1-9]|1\\d|2[0-8])))`;
function anchor(source) {
  return new RegExp(`^${source}$`);
}
var date = /* @__PURE__ */ anchor(dateSource);
function timeSource(args) {
  const hhmm = `(?:[01]\\d|2[0-3]):[0-5]\\d`;
  const regex = typeof args.precision === "number" ? args.precision === -1 ? `${hhmm}` : args.precision === 0 ? `${hhmm}:[0-5]\\d` : `${hhmm}:[0-5]\\d\\.\\d{${args.precision}}` : args.seconds ? `${hhmm}:[0-5]\\d(?:\\.\\d+)?` : `${hhmm}(?::[0-5]\\d(?:\\.\\d+)?)?`;
  return regex;
}
function time(args) {
  return new RegExp(`^${timeSource(args)}$`);
}
function datetime(args) {
  const opts = ["Z"];
  if (args.offset)
    opts.push(`([+-](?:[01]\\d|2[0-3]):[0-5]\\d)`);
  const qualified = `${timeSource({ precision: args.precision, seconds: true })}(?:${opts.join("|")})`;
  const timeRegex = args.local ? `${qualified}|${timeSource({ precision: args.precision })}` : qualified;
  return new RegExp(`^${dateSource}T(?:${timeRegex})$`);
}
var anyString = /^[\s\S]{0,}$/;
var integer = /^-?\d+$/;
var number = /^-?\d+(?:\.\d+)?$/;
var boolean = /^(?:true|false)$/i;
var lowercase = /^[^A-Z]*$/;
var uppercase = /^[^a-z]*$/;

// node_modules/zod/v4/core/checks.js
var $ZodCheck = /* @__PURE__ */ $constructor("$ZodCheck", (inst, def) => {
  var _a3;
  inst._zod ?? (inst._zod = {});
  inst._zod.def = def;
  (_a3 = inst._zod).onattach ?? (_a3.onattach = []);
});
var _whenHasLength = (payload) => {
  const val = payload.value;
  return !nullish(val) && val.length !== void 0;
};
var numericOriginMap = {
  number: "number",
  bigint: "bigint",
  object: "date"
};
var $ZodCheckLessThan = /* @__PURE__ */ $constructor("$ZodCheckLessThan", (inst, def) => {
  $ZodCheck.init(inst, def);
  const origin = numericOriginMap[typeof def.value];
  inst._zod.check = (payload) => {
    if (def.inclusive ? payload.value <= def.value : payload.value < def.value) {
      return;
    }
    payload.issues.push({
      origin: numericOriginMap[typeof payload.value] ?? origin,
      code: "too_big",
      maximum: typeof def.value === "object" ? def.value.getTime() : def.value,
      input: payload.value,
      inclusive: def.inclusive,
      inst,
      continue: !def.abort
    });
  };
});
var $ZodCheckGreaterThan = /* @__PURE__ */ $constructor("$ZodCheckGreaterThan", (inst, def) => {
  $ZodCheck.init(inst, def);
  const origin = numericOriginMap[typeof def.value];
  inst._zod.check = (payload) => {
    if (def.inclusive ? payload.value >= def.value : payload.value > def.value) {
      return;
    }
    payload.issues.push({
      origin: numericOriginMap[typeof payload.value] ?? origin,
      code: "too_small",
      minimum: typeof def.value === "object" ? def.value.getTime() : def.value,
      input: payload.value,
      inclusive: def.inclusive,
      inst,
      continue: !def.abort
    });
  };
});
var $ZodCheckMultipleOf = /* @__PURE__ */ $constructor("$ZodCheckMultipleOf", (inst, def) => {
  $ZodCheck.init(inst, def);
  inst._zod.check = (payload) => {
    if (typeof payload.value !== typeof def.value)
      throw new Error("Cannot mix number and bigint in multiple_of check.");
    const isMultiple = typeof payload.value === "bigint" ? (
      // `value % 0n` throws, and nothing is a multiple of zero — the number branch already fails this way via NaN
      def.value !== BigInt(0) && payload.value % def.value === BigInt(0)
    ) : floatSafeRemainder(payload.value, def.value) === 0;
    if (isMultiple)
      return;
    payload.issues.push({
      origin: typeof payload.value,
      code: "not_multiple_of",
      divisor: def.value,
      input: payload.value,
      inst,
      continue: !def.abort
    });
  };
});
var $ZodCheckNumberFormat = /* @__PURE__ */ $constructor("$ZodCheckNumberFormat", (inst, def) => {
  $ZodCheck.init(inst, def);
  def.format = def.format || "float64";
  const isInt = def.format?.includes("int");
  const origin = isInt ? "int" : "number";
  const [minimum, maximum] = NUMBER_FORMAT_RANGES[def.format];
  inst._zod.check = (payload) => {
    const input = payload.value;
    if (isInt) {
      if (!Number.isInteger(input)) {
        payload.issues.push({
          expected: origin,
          format: def.format,
          code: "invalid_type",
          continue: false,
          input,
          inst
        });
        return;
      }
      if (!Number.isSafeInteger(input)) {
        if (input > 0) {
          payload.issues.push({
            input,
            code: "too_big",
            maximum: Number.MAX_SAFE_INTEGER,
            note: "Integers must be within the safe integer range.",
            inst,
            origin,
            inclusive: true,
            continue: !def.abort
          });
        } else {
          payload.issues.push({
            input,
            code: "too_small",
            minimum: Number.MIN_SAFE_INTEGER,
            note: "Integers must be within the safe integer range.",
            inst,
            origin,
            inclusive: true,
            continue: !def.abort
          });
        }
        return;
      }
    }
    if (input < minimum) {
      payload.issues.push({
        origin: "number",
        input,
        code: "too_small",
        minimum,
        inclusive: true,
        inst,
        continue: !def.abort
      });
    }
    if (input > maximum) {
      payload.issues.push({
        origin: "number",
        input,
        code: "too_big",
        maximum,
        inclusive: true,
        inst,
        continue: !def.abort
      });
    }
  };
});
var $ZodCheckMaxLength = /* @__PURE__ */ $constructor("$ZodCheckMaxLength", (inst, def) => {
  var _a3;
  $ZodCheck.init(inst, def);
  (_a3 = inst._zod.def).when ?? (_a3.when = _whenHasLength);
  inst._zod.check = (payload) => {
    const input = payload.value;
    const units = input.length;
    const length = typeof input === "string" && units > def.maximum ? codePointLength(input) : units;
    if (length <= def.maximum)
      return;
    const origin = getLengthableOrigin(input);
    payload.issues.push({
      origin,
      code: "too_big",
      maximum: def.maximum,
      inclusive: true,
      input,
      inst,
      continue: !def.abort
    });
  };
});
var $ZodCheckMinLength = /* @__PURE__ */ $constructor("$ZodCheckMinLength", (inst, def) => {
  var _a3;
  $ZodCheck.init(inst, def);
  (_a3 = inst._zod.def).when ?? (_a3.when = _whenHasLength);
  inst._zod.check = (payload) => {
    const input = payload.value;
    const units = input.length;
    const length = typeof input === "string" && units >= def.minimum && units < def.minimum * 2 ? codePointLength(input) : units;
    if (length >= def.minimum)
      return;
    const origin = getLengthableOrigin(input);
    payload.issues.push({
      origin,
      code: "too_small",
      minimum: def.minimum,
      inclusive: true,
      input,
      inst,
      continue: !def.abort
    });
  };
});
var $ZodCheckLengthEquals = /* @__PURE__ */ $constructor("$ZodCheckLengthEquals", (inst, def) => {
  var _a3;
  $ZodCheck.init(inst, def);
  (_a3 = inst._zod.def).when ?? (_a3.when = _whenHasLength);
  inst._zod.check = (payload) => {
    const input = payload.value;
    const units = input.length;
    const length = typeof input === "string" && units >= def.length && units <= def.length * 2 ? codePointLength(input) : units;
    if (length === def.length)
      return;
    const origin = getLengthableOrigin(input);
    const tooBig = length > def.length;
    payload.issues.push({
      origin,
      ...tooBig ? { code: "too_big", maximum: def.length } : { code: "too_small", minimum: def.length },
      inclusive: true,
      exact: true,
      input: payload.value,
      inst,
      continue: !def.abort
    });
  };
});
var $ZodCheckStringFormat = /* @__PURE__ */ $constructor("$ZodCheckStringFormat", (inst, def) => {
  var _a3, _b;
  $ZodCheck.init(inst, def);
  if (def.pattern)
    (_a3 = inst._zod).check ?? (_a3.check = (payload) => {
      def.pattern.lastIndex = 0;
      if (def.pattern.test(payload.value))
        return;
      payload.issues.push({
        origin: "string",
        code: "invalid_format",
        format: def.format,
        input: payload.value,
        ...def.pattern ? { pattern: def.pattern.toString() } : {},
        inst,
        continue: !def.abort
      });
    });
  else
    (_b = inst._zod).check ?? (_b.check = () => {
    });
});
var $ZodCheckRegex = /* @__PURE__ */ $constructor("$ZodCheckRegex", (inst, def) => {
  $ZodCheckStringFormat.init(inst, def);
  inst._zod.check = (payload) => {
    def.pattern.lastIndex = 0;
    if (def.pattern.test(payload.value))
      return;
    payload.issues.push({
      origin: "string",
      code: "invalid_format",
      format: "regex",
      input: payload.value,
      pattern: def.pattern.toString(),
      inst,
      continue: !def.abort
    });
  };
});
var $ZodCheckLowerCase = /* @__PURE__ */ $constructor("$ZodCheckLowerCase", (inst, def) => {
  def.pattern ?? (def.pattern = lowercase);
  $ZodCheckStringFormat.init(inst, def);
});
var $ZodCheckUpperCase = /* @__PURE__ */ $constructor("$ZodCheckUpperCase", (inst, def) => {
  def.pattern ?? (def.pattern = uppercase);
  $ZodCheckStringFormat.init(inst, def);
});
var $ZodCheckIncludes = /* @__PURE__ */ $constructor("$ZodCheckIncludes", (inst, def) => {
  $ZodCheck.init(inst, def);
  const escapedRegex = escapeRegex(def.includes);
  const pattern = new RegExp(typeof def.position === "number" ? `^.{${def.position},}${escapedRegex}` : escapedRegex);
  def.pattern = pattern;
  inst._zod.check = (payload) => {
    if (payload.value.includes(def.includes, def.position))
      return;
    payload.issues.push({
      origin: "string",
      code: "invalid_format",
      format: "includes",
      includes: def.includes,
      input: payload.value,
      inst,
      continue: !def.abort
    });
  };
});
var $ZodCheckStartsWith = /* @__PURE__ */ $constructor("$ZodCheckStartsWith", (inst, def) => {
  $ZodCheck.init(inst, def);
  const pattern = new RegExp(`^${escapeRegex(def.prefix)}.*`);
  def.pattern ?? (def.pattern = pattern);
  inst._zod.check = (payload) => {
    if (payload.value.startsWith(def.prefix))
      return;
    payload.issues.push({
      origin: "string",
      code: "invalid_format",
      format: "starts_with",
      prefix: def.prefix,
      input: payload.value,
      inst,
      continue: !def.abort
    });
  };
});
var $ZodCheckEndsWith = /* @__PURE__ */ $constructor("$ZodCheckEndsWith", (inst, def) => {
  $ZodCheck.init(inst, def);
  const pattern = new RegExp(`.*${escapeRegex(def.suffix)}$`);
  def.pattern ?? (def.pattern = pattern);
  inst._zod.check = (payload) => {
    if (payload.value.endsWith(def.suffix))
      return;
    payload.issues.push({
      origin: "string",
      code: "invalid_format",
      format: "ends_with",
      suffix: def.suffix,
      input: payload.value,
      inst,
      continue: !def.abort
    });
  };
});
var $ZodCheckOverwrite = /* @__PURE__ */ $constructor("$ZodCheckOverwrite", (inst, def) => {
  $ZodCheck.init(inst, def);
  inst._zod.check = (payload) => {
    payload.value = def.tx(payload.value);
  };
});

// node_modules/zod/v4/core/doc.js
var Doc = class {
  constructor(args = [], closed = {}) {
    this.content = [];
    this.indent = 0;
    this.args = args;
    this.closed = closed;
  }
  // the compiler catches a child's throw and keeps writing into this doc, so the indent has to unwind with it
  indented(fn) {
    this.indent += 1;
    try {
      fn(this);
    } finally {
      this.indent -= 1;
    }
  }
  write(arg) {
    if (typeof arg === "function") {
      arg(this, { execution: "sync" });
      arg(this, { execution: "async" });
      return;
    }
    const content = arg;
    const lines = content.split("\n").filter((x) => x);
    const minIndent = Math.min(...lines.map((x) => x.length - x.trimStart().length));
    const dedented = lines.map((x) => x.slice(minIndent)).map((x) => " ".repeat(this.indent * 2) + x);
    for (const line of dedented) {
      this.content.push(line);
    }
  }
  compile() {
    const F = Function;
    const content = this?.content ?? [``];
    const factory = new F(...Object.keys(this.closed), `return function (${this.args.join(", ")}) {
${content.join("\n")}
};`);
    return factory(...Object.values(this.closed));
  }
};

// node_modules/zod/v4/core/versions.js
var version = {
  major: 4,
  minor: 6,
  patch: 7
};

// node_modules/zod/v4/core/schemas.js
var $ZodType = /* @__PURE__ */ $constructor("$ZodType", (inst, def) => {
  var _a3;
  inst ?? (inst = {});
  inst._zod.def = def;
  inst._zod.bag = inst._zod.bag || {};
  inst._zod.version = version;
  const defChecks = inst._zod.def.checks;
  const checks = inst._zod.traits.has("$ZodCheck") ? [inst, ...defChecks ?? []] : defChecks?.length ? [...defChecks] : [];
  for (const ch of checks) {
    for (const fn of ch._zod.onattach) {
      fn(inst);
    }
  }
  if (checks.length === 0) {
    (_a3 = inst._zod).deferred ?? (_a3.deferred = []);
    inst._zod.deferred?.push(() => {
      inst._zod.run = inst._zod.parse;
    });
  } else {
    const runChecks = (payload, checks2, ctx) => {
      if (payload.memo)
        return payload;
      let isAborted = aborted(payload);
      let asyncResult;
      for (const ch of checks2) {
        if (ch._zod.def.when) {
          if (explicitlyAborted(payload))
            continue;
          const shouldRun = ch._zod.def.when(payload);
          if (!shouldRun)
            continue;
        } else if (isAborted) {
          continue;
        }
        const currLen = payload.issues.length;
        const _ = ch._zod.check(payload);
        if (_ instanceof Promise && ctx?.async === false) {
          throw new $ZodAsyncError();
        }
        if (asyncResult || _ instanceof Promise) {
          asyncResult = (asyncResult ?? Promise.resolve()).then(async () => {
            await _;
            const nextLen = payload.issues.length;
            if (nextLen === currLen)
              return;
            attachSchema(payload.issues, currLen, inst);
            if (!isAborted)
              isAborted = aborted(payload, currLen);
          });
        } else {
          const nextLen = payload.issues.length;
          if (nextLen === currLen)
            continue;
          attachSchema(payload.issues, currLen, inst);
          if (!isAborted)
            isAborted = aborted(payload, currLen);
        }
      }
      if (asyncResult) {
        return asyncResult.then(() => {
          return payload;
        });
      }
      return payload;
    };
    const handleCanaryResult = (canary, payload, ctx) => {
      if (aborted(canary)) {
        canary.aborted = true;
        return canary;
      }
      const checkResult = runChecks(payload, checks, ctx);
      if (checkResult instanceof Promise) {
        if (ctx.async === false)
          throw new $ZodAsyncError();
        return checkResult.then((checkResult2) => inst._zod.parse(checkResult2, ctx));
      }
      return inst._zod.parse(checkResult, ctx);
    };
    inst._zod.run = (payload, ctx) => {
      if (ctx.skipChecks) {
        return inst._zod.parse(payload, ctx);
      }
      if (ctx.direction === "backward") {
        const canary = inst._zod.parse({ value: payload.value, issues: [] }, { ...ctx, skipChecks: true });
        if (canary instanceof Promise) {
          return canary.then((canary2) => {
            return handleCanaryResult(canary2, payload, ctx);
          });
        }
        return handleCanaryResult(canary, payload, ctx);
      }
      const result = inst._zod.parse(payload, ctx);
      if (result instanceof Promise) {
        if (ctx.async === false)
          throw new $ZodAsyncError();
        return result.then((result2) => runChecks(result2, checks, ctx));
      }
      return runChecks(result, checks, ctx);
    };
  }
}, {
  // Wrappers extend this by installing a richer factory over it; reading it eagerly would defeat the laziness.
  get "~standard"() {
    return hide(this, "~standard", standardProps(this));
  },
  set "~standard"(value) {
    own(this, "~standard", value);
  }
});
var toStandardResult = (r, ctx) => r.issues.length ? { issues: r.issues.map((iss) => finalizeIssue(iss, ctx, config())) } : { value: r.value };
async function validateAsync2(inst, value) {
  const ctx = { async: true };
  return toStandardResult(await inst._zod.run({ value, issues: [] }, ctx), ctx);
}
function standardProps(inst) {
  return {
    validate: (value) => {
      const ctx = { async: false };
      try {
        const r = inst._zod.run({ value, issues: [] }, ctx);
        if (!(r instanceof Promise))
          return toStandardResult(r, ctx);
      } catch (_) {
      }
      return validateAsync2(inst, value);
    },
    vendor: "zod",
    version: 1
  };
}
var $ZodString = /* @__PURE__ */ $constructor("$ZodString", (inst, def) => {
  $ZodType.init(inst, def);
  inst._zod.pattern = def.pattern ?? anyString;
  inst._zod.parse = (payload, _) => {
    if (def.coerce)
      try {
        payload.value = String(payload.value);
      } catch (_2) {
      }
    if (typeof payload.value === "string")
      return payload;
    payload.issues.push({
      expected: "string",
      code: "invalid_type",
      input: payload.value,
      inst
    });
    return payload;
  };
});
var $ZodStringFormat = /* @__PURE__ */ $constructor("$ZodStringFormat", (inst, def) => {
  $ZodCheckStringFormat.init(inst, def);
  $ZodString.init(inst, def);
});
var $ZodGUID = /* @__PURE__ */ $constructor("$ZodGUID", (inst, def) => {
  def.pattern ?? (def.pattern = guid);
  $ZodStringFormat.init(inst, def);
});
var $ZodUUID = /* @__PURE__ */ $constructor("$ZodUUID", (inst, def) => {
  if (def.version) {
    const versionMap = {
      v1: 1,
      v2: 2,
      v3: 3,
      v4: 4,
      v5: 5,
      v6: 6,
      v7: 7,
      v8: 8
    };
    const v = versionMap[def.version];
    if (v === void 0)
      throw new Error(`Invalid UUID version: "${def.version}"`);
    def.pattern ?? (def.pattern = uuid(v));
  } else
    def.pattern ?? (def.pattern = uuid());
  $ZodStringFormat.init(inst, def);
});
var $ZodEmail = /* @__PURE__ */ $constructor("$ZodEmail", (inst, def) => {
  def.pattern ?? (def.pattern = email);
  $ZodStringFormat.init(inst, def);
});
var URL_BAD_FORMAT = 1;
var URL_UNPARSEABLE = 2;
function canParseURL(input) {
  try {
    if (typeof URL !== "undefined" && typeof URL.canParse === "function")
      return URL.canParse(input);
    new URL(input);
    return true;
  } catch {
    return false;
  }
}
function validateURL(trimmed, def) {
  if (!("normalize" in def) && !("hostname" in def) && !("protocol" in def)) {
    return canParseURL(trimmed) || URL_UNPARSEABLE;
  }
  return parseURLObject(trimmed, def);
}
function parseURLObject(trimmed, def) {
  if (!def.normalize && def.protocol?.source === httpProtocol.source && !/^https?:\/\//i.test(trimmed)) {
    return URL_BAD_FORMAT;
  }
  try {
    if (typeof URL !== "undefined") {
      const URLStatic = URL;
      if (typeof URLStatic.parse === "function")
        return URLStatic.parse(trimmed) ?? URL_UNPARSEABLE;
    }
    return new URL(trimmed);
  } catch {
    return URL_UNPARSEABLE;
  }
}
var asciiTabOrNewline = /[\t\n\r]/g;
function stripTabAndNewline(value) {
  return value.replace(asciiTabOrNewline, "");
}
function urlHostnameOk(url, hostname) {
  hostname.lastIndex = 0;
  return hostname.test(url.hostname);
}
function urlProtocolOk(url, protocol) {
  protocol.lastIndex = 0;
  return protocol.test(url.protocol.endsWith(":") ? url.protocol.slice(0, -1) : url.protocol);
}
var $ZodURL = /* @__PURE__ */ $constructor("$ZodURL", (inst, def) => {
  $ZodStringFormat.init(inst, def);
  inst._zod.check = (payload) => {
    try {
      const trimmed = payload.value.trim();
      const url = validateURL(trimmed, def);
      if (url === URL_BAD_FORMAT) {
        payload.issues.push({
          code: "invalid_format",
          format: "url",
          note: "Invalid URL format",
          input: payload.value,
          inst,
          continue: !def.abort
        });
        return;
      }
      if (url === URL_UNPARSEABLE) {
        payload.issues.push({
          code: "invalid_format",
          format: "url",
          input: payload.value,
          inst,
          continue: !def.abort
        });
        return;
      }
      if (url === true) {
        payload.value = stripTabAndNewline(trimmed);
        return;
      }
      if (def.hostname && !urlHostnameOk(url, def.hostname)) {
        payload.issues.push({
          code: "invalid_format",
          format: "url",
          note: "Invalid hostname",
          pattern: def.hostname.source,
          input: payload.value,
          inst,
          continue: !def.abort
        });
      }
      if (def.protocol && !urlProtocolOk(url, def.protocol)) {
        payload.issues.push({
          code: "invalid_format",
          format: "url",
          note: "Invalid protocol",
          pattern: def.protocol.source,
          input: payload.value,
          inst,
          continue: !def.abort
        });
      }
      payload.value = def.normalize ? url.href : stripTabAndNewline(trimmed);
      return;
    } catch (_) {
      payload.issues.push({
        code: "invalid_format",
        format: "url",
        input: payload.value,
        inst,
        continue: !def.abort
      });
    }
  };
});
var $ZodEmoji = /* @__PURE__ */ $constructor("$ZodEmoji", (inst, def) => {
  def.pattern ?? (def.pattern = emoji());
  $ZodStringFormat.init(inst, def);
});
var $ZodNanoID = /* @__PURE__ */ $constructor("$ZodNanoID", (inst, def) => {
  if (def.length !== void 0 && (!Number.isInteger(def.length) || def.length < 1))
    throw new Error(`Invalid nanoid length: ${def.length}`);
  def.pattern ?? (def.pattern = def.length === void 0 ? nanoid : nanoidOfLength(def.length));
  $ZodStringFormat.init(inst, def);
});
var $ZodCUID = /* @__PURE__ */ $constructor("$ZodCUID", (inst, def) => {
  def.pattern ?? (def.pattern = cuid);
  $ZodStringFormat.init(inst, def);
});
var $ZodCUID2 = /* @__PURE__ */ $constructor("$ZodCUID2", (inst, def) => {
  def.pattern ?? (def.pattern = cuid2);
  $ZodStringFormat.init(inst, def);
});
var $ZodULID = /* @__PURE__ */ $constructor("$ZodULID", (inst, def) => {
  def.pattern ?? (def.pattern = ulid);
  $ZodStringFormat.init(inst, def);
});
var $ZodXID = /* @__PURE__ */ $constructor("$ZodXID", (inst, def) => {
  def.pattern ?? (def.pattern = xid);
  $ZodStringFormat.init(inst, def);
});
var $ZodKSUID = /* @__PURE__ */ $constructor("$ZodKSUID", (inst, def) => {
  def.pattern ?? (def.pattern = ksuid);
  $ZodStringFormat.init(inst, def);
});
var $ZodISODateTime = /* @__PURE__ */ $constructor("$ZodISODateTime", (inst, def) => {
  def.pattern ?? (def.pattern = datetime(def));
  $ZodStringFormat.init(inst, def);
});
var $ZodISODate = /* @__PURE__ */ $constructor("$ZodISODate", (inst, def) => {
  def.pattern ?? (def.pattern = date);
  $ZodStringFormat.init(inst, def);
});
var $ZodISOTime = /* @__PURE__ */ $constructor("$ZodISOTime", (inst, def) => {
  def.pattern ?? (def.pattern = time(def));
  $ZodStringFormat.init(inst, def);
});
var $ZodISODuration = /* @__PURE__ */ $constructor("$ZodISODuration", (inst, def) => {
  def.pattern ?? (def.pattern = duration);
  $ZodStringFormat.init(inst, def);
});
var $ZodIPv4 = /* @__PURE__ */ $constructor("$ZodIPv4", (inst, def) => {
  def.pattern ?? (def.pattern = ipv4);
  $ZodStringFormat.init(inst, def);
});
var ipv6Alphabet = /^[0-9a-fA-F:.]+$/;
function isValidIPv6(value) {
  if (!ipv6Alphabet.test(value))
    return false;
  return canParseURL(`http://[${value}]`);
}
var $ZodIPv6 = /* @__PURE__ */ $constructor("$ZodIPv6", (inst, def) => {
  def.pattern ?? (def.pattern = ipv6);
  $ZodStringFormat.init(inst, def);
  inst._zod.check = (payload) => {
    if (!isValidIPv6(payload.value)) {
      payload.issues.push({
        code: "invalid_format",
        format: "ipv6",
        input: payload.value,
        inst,
        continue: !def.abort
      });
    }
  };
});
var $ZodCIDRv4 = /* @__PURE__ */ $constructor("$ZodCIDRv4", (inst, def) => {
  def.pattern ?? (def.pattern = cidrv4);
  $ZodStringFormat.init(inst, def);
});
function isValidCIDRv6(value) {
  const parts = value.split("/");
  if (parts.length !== 2)
    return false;
  const [address, prefix2] = parts;
  if (!prefix2)
    return false;
  const prefixNum = Number(prefix2);
  if (`${prefixNum}` !== prefix2)
    return false;
  if (prefixNum < 0 || prefixNum > 128)
    return false;
  return isValidIPv6(address);
}
var $ZodCIDRv6 = /* @__PURE__ */ $constructor("$ZodCIDRv6", (inst, def) => {
  def.pattern ?? (def.pattern = cidrv6);
  $ZodStringFormat.init(inst, def);
  inst._zod.check = (payload) => {
    if (!isValidCIDRv6(payload.value)) {
      payload.issues.push({
        code: "invalid_format",
        format: "cidrv6",
        input: payload.value,
        inst,
        continue: !def.abort
      });
    }
  };
});
function isValidBase64(data) {
  if (data === "")
    return true;
  if (/\s/.test(data))
    return false;
  if (data.length % 4 !== 0)
    return false;
  try {
    atob(data);
    return true;
  } catch {
    return false;
  }
}
var base64Charset = /^[0-9a-zA-Z+/]*={0,2}$/;
var $ZodBase64 = /* @__PURE__ */ $constructor("$ZodBase64", (inst, def) => {
  def.pattern ?? (def.pattern = base64Charset);
  $ZodStringFormat.init(inst, def);
  inst._zod.check = (payload) => {
    if (isValidBase64(payload.value))
      return;
    payload.issues.push({
      code: "invalid_format",
      format: "base64",
      input: payload.value,
      inst,
      continue: !def.abort
    });
  };
});
var base64urlCharset = /^[A-Za-z0-9_-]*$/;
function isValidBase64URL(data) {
  if (!base64urlCharset.test(data))
    return false;
  const base642 = data.replace(/[-_]/g, (c) => c === "-" ? "+" : "/");
  const padded = base642.padEnd(Math.ceil(base642.length / 4) * 4, "=");
  return isValidBase64(padded);
}
var $ZodBase64URL = /* @__PURE__ */ $constructor("$ZodBase64URL", (inst, def) => {
  def.pattern ?? (def.pattern = base64urlCharset);
  $ZodStringFormat.init(inst, def);
  inst._zod.check = (payload) => {
    if (isValidBase64URL(payload.value))
      return;
    payload.issues.push({
      code: "invalid_format",
      format: "base64url",
      input: payload.value,
      inst,
      continue: !def.abort
    });
  };
});
var $ZodE164 = /* @__PURE__ */ $constructor("$ZodE164", (inst, def) => {
  def.pattern ?? (def.pattern = e164);
  $ZodStringFormat.init(inst, def);
});
function isValidJWT(token, algorithm = null) {
  try {
    const tokensParts = token.split(".");
    if (tokensParts.length !== 3)
      return false;
    const [header] = tokensParts;
    if (!header)
      return false;
    const parsedHeader = JSON.parse(atob(header));
    if ("typ" in parsedHeader && parsedHeader?.typ !== "JWT")
      return false;
    if (!parsedHeader.alg)
      return false;
    if (algorithm && (!("alg" in parsedHeader) || parsedHeader.alg !== algorithm))
      return false;
    return true;
  } catch {
    return false;
  }
}
var $ZodJWT = /* @__PURE__ */ $constructor("$ZodJWT", (inst, def) => {
  $ZodStringFormat.init(inst, def);
  inst._zod.check = (payload) => {
    if (isValidJWT(payload.value, def.alg))
      return;
    payload.issues.push({
      code: "invalid_format",
      format: "jwt",
      input: payload.value,
      inst,
      continue: !def.abort
    });
  };
});
var $ZodNumber = /* @__PURE__ */ $constructor("$ZodNumber", (inst, def) => {
  $ZodType.init(inst, def);
  inst._zod.pattern = number;
  inst._zod.parse = (payload, _ctx) => {
    if (def.coerce)
      try {
        payload.value = Number(payload.value);
      } catch (_) {
      }
    const input = payload.value;
    if (typeof input === "number" && !Number.isNaN(input) && Number.isFinite(input)) {
      return payload;
    }
    const received = typeof input === "number" ? Number.isNaN(input) ? "NaN" : !Number.isFinite(input) ? String(input) : void 0 : void 0;
    payload.issues.push({
      expected: "number",
      code: "invalid_type",
      input,
      inst,
      ...received ? { received } : {}
    });
    return payload;
  };
});
var $ZodNumberFormat = /* @__PURE__ */ $constructor("$ZodNumberFormat", (inst, def) => {
  $ZodCheckNumberFormat.init(inst, def);
  $ZodNumber.init(inst, def);
});
var $ZodBoolean = /* @__PURE__ */ $constructor("$ZodBoolean", (inst, def) => {
  $ZodType.init(inst, def);
  inst._zod.pattern = boolean;
  inst._zod.parse = (payload, _ctx) => {
    if (def.coerce)
      try {
        payload.value = Boolean(payload.value);
      } catch (_) {
      }
    const input = payload.value;
    if (typeof input === "boolean")
      return payload;
    payload.issues.push({
      expected: "boolean",
      code: "invalid_type",
      input,
      inst
    });
    return payload;
  };
});
var $ZodUnknown = /* @__PURE__ */ $constructor("$ZodUnknown", (inst, def) => {
  $ZodType.init(inst, def);
  inst._zod.parse = (payload) => payload;
});
var $ZodNever = /* @__PURE__ */ $constructor("$ZodNever", (inst, def) => {
  $ZodType.init(inst, def);
  inst._zod.parse = (payload, _ctx) => {
    payload.issues.push({
      expected: "never",
      code: "invalid_type",
      input: payload.value,
      inst
    });
    return payload;
  };
});
function capSize(inst, size) {
  const caps = sizeCaps(inst._zod.def.checks);
  if (!caps.length)
    return;
  const cap = Math.min(...caps.map((c) => c[0]));
  const parse3 = inst._zod.parse;
  inst._zod.parse = (payload, ctx) => {
    const n = size(payload.value);
    if (n > cap && !ctx?.skipChecks && ctx?.direction !== "backward") {
      for (const [max, ch] of sizeCaps(inst._zod.def.checks)) {
        if (n > max && ch._zod.def.when(payload)) {
          const start = payload.issues.length;
          ch._zod.check(payload);
          payload.issues[start].continue = false;
          attachSchema(payload.issues, start, inst);
          return payload;
        }
      }
    }
    return parse3(payload, ctx);
  };
}
var arraySize = (input) => Array.isArray(input) ? input.length : -1;
function handleArrayResult(result, final, index) {
  if (result.issues.length) {
    final.issues.push(...prefixIssues(index, result.issues));
  }
  final.value[index] = result.value;
}
var $ZodArray = /* @__PURE__ */ $constructor("$ZodArray", (inst, def) => {
  $ZodType.init(inst, def);
  const memo2 = globalConfig.memoizer;
  memo2?.attach(inst);
  inst._zod.parse = (payload, ctx) => {
    const input = payload.value;
    if (!Array.isArray(input)) {
      payload.issues.push({
        expected: "array",
        code: "invalid_type",
        input,
        inst
      });
      return payload;
    }
    payload.value = memo2 ? memo2.alloc(inst, payload, Array(input.length), ctx) : Array(input.length);
    const proms = [];
    const abortEarly = ctx?.abortEarly;
    for (let i = 0; i < input.length; i++) {
      const item = input[i];
      const result = def.element._zod.run({
        value: item,
        issues: []
      }, ctx);
      if (result instanceof Promise) {
        proms.push(result.then((result2) => handleArrayResult(result2, payload, i)));
      } else {
        handleArrayResult(result, payload, i);
        if (abortEarly && result.issues.length !== 0 && aborted(result))
          break;
      }
    }
    if (proms.length) {
      return Promise.all(proms).then(() => payload);
    }
    return payload;
  };
  capSize(inst, arraySize);
});
function handlePropertyResult(result, final, key, input, optin, optout) {
  const isPresent = key in input;
  const isOptionalOut = optout === "optional";
  if (!isPresent && isOptionalOut && optin === "optional") {
    return;
  }
  if (result.issues.length) {
    if (optin !== void 0 && isOptionalOut && !isPresent) {
      return;
    }
    final.issues.push(...prefixIssues(key, result.issues));
  }
  if (!isPresent && optin === void 0) {
    if (!result.issues.length) {
      final.issues.push({
        code: "invalid_type",
        expected: "nonoptional",
        input: void 0,
        path: [key]
      });
    }
    return;
  }
  if (result.value === void 0) {
    if (isPresent || optin === "defaulted" && !isOptionalOut) {
      final.value[key] = void 0;
    }
  } else {
    final.value[key] = result.value;
  }
}
var NO_SYMBOL_KEYS = [];
function normalizeDef(def) {
  const keys = Object.keys(def.shape);
  const ownSymbols = Object.getOwnPropertySymbols(def.shape);
  const symbolKeys = ownSymbols.length ? ownSymbols : NO_SYMBOL_KEYS;
  const allKeys = symbolKeys.length ? [...keys, ...symbolKeys] : keys;
  for (const k of allKeys) {
    if (!def.shape?.[k]?._zod?.traits?.has("$ZodType")) {
      throw new Error(`Invalid element at key "${String(k)}": expected a Zod schema`);
    }
  }
  const okeys = optionalKeys(def.shape);
  return {
    ...def,
    allKeys,
    symbolKeys,
    // string-only: handleCatchall matches it against `for...in`, which never yields a symbol
    keySet: new Set(keys),
    numKeys: keys.length,
    optionalKeys: new Set(okeys)
  };
}
function handleCatchall(proms, input, payload, ctx, def, inst, abortEarly) {
  const unrecognized = [];
  const keySet = def.keySet;
  const _catchall = def.catchall._zod;
  const t = _catchall.def.type;
  const optin = _catchall.optin;
  const optout = _catchall.optout;
  let seen = 0;
  for (const key in input) {
    if (abortEarly && payload.issues.length !== seen) {
      if (aborted(payload, seen))
        break;
      seen = payload.issues.length;
    }
    if (keySet.has(key))
      continue;
    if (key === "__proto__") {
      if (t === "never")
        unrecognized.push(key);
      continue;
    }
    if (t === "never") {
      unrecognized.push(key);
      continue;
    }
    const r = _catchall.run({ value: input[key], issues: [] }, ctx);
    if (r instanceof Promise) {
      proms.push(r.then((r2) => handlePropertyResult(r2, payload, key, input, optin, optout)));
    } else {
      handlePropertyResult(r, payload, key, input, optin, optout);
    }
  }
  if (unrecognized.length) {
    payload.issues.push({
      code: "unrecognized_keys",
      keys: unrecognized,
      input,
      inst,
      // Describes the shape of the input, not the validity of the parsed value, so it never aborts. The parse still fails; the schema's own checks just get to run first, and an enclosing intersection can reconcile the key against a sibling operand.
      continue: true
    });
  }
  if (!proms.length)
    return payload;
  return Promise.all(proms).then(() => {
    return payload;
  });
}
var $ZodObject = /* @__PURE__ */ $constructor("$ZodObject", (inst, def) => {
  $ZodType.init(inst, def);
  const desc = Object.getOwnPropertyDescriptor(def, "shape");
  const sh = desc?.get ? desc.get.raw : def.shape ?? {};
  if (sh) {
    const get = () => {
      const newSh = { ...sh };
      Object.defineProperty(def, "shape", { value: newSh });
      get.raw = newSh;
      return newSh;
    };
    get.raw = sh;
    Object.defineProperty(def, "shape", { get });
  }
  const _normalized = cached(() => normalizeDef(def));
  defineLazyInternal(inst, "propValues", (zod) => {
    const shape = zod.def.shape;
    const propValues = {};
    for (const key in shape) {
      const field = shape[key]._zod;
      if (field.values) {
        if (!Object.prototype.hasOwnProperty.call(propValues, key)) {
          assignProp(propValues, key, /* @__PURE__ */ new Set());
        }
        for (const v of field.values)
          propValues[key].add(v);
        if (field.optin !== void 0)
          propValues[key].add(void 0);
      }
    }
    return propValues;
  });
  const isObject2 = isObject;
  const catchall = def.catchall;
  let value;
  const memo2 = globalConfig.memoizer;
  memo2?.attach(inst);
  inst._zod.parse = (payload, ctx) => {
    value ?? (value = _normalized.value);
    const input = payload.value;
    if (!isObject2(input)) {
      payload.issues.push({
        expected: "object",
        code: "invalid_type",
        input,
        inst
      });
      return payload;
    }
    payload.value = memo2 ? memo2.alloc(inst, payload, {}, ctx) : {};
    const proms = [];
    const shape = value.shape;
    const abortEarly = ctx?.abortEarly;
    let seen = payload.issues.length;
    for (const key of value.allKeys) {
      if (abortEarly && payload.issues.length !== seen) {
        if (aborted(payload, seen))
          break;
        seen = payload.issues.length;
      }
      if (key === "__proto__")
        continue;
      const el = shape[key];
      const optin = el._zod.optin;
      const optout = el._zod.optout;
      const r = el._zod.run({ value: input[key], issues: [] }, ctx);
      if (r instanceof Promise) {
        proms.push(r.then((r2) => handlePropertyResult(r2, payload, key, input, optin, optout)));
      } else {
        handlePropertyResult(r, payload, key, input, optin, optout);
      }
    }
    if (!catchall) {
      return proms.length ? Promise.all(proms).then(() => payload) : payload;
    }
    return handleCatchall(proms, input, payload, ctx, _normalized.value, inst, abortEarly === true);
  };
});
var $ZodObjectJIT = /* @__PURE__ */ $constructor("$ZodObjectJIT", (inst, def) => {
  $ZodObject.init(inst, def);
  const superParse = inst._zod.parse;
  const _normalized = cached(() => normalizeDef(def));
  const memo2 = globalConfig.memoizer;
  const generateFastpass = (shape) => {
    const normalized = _normalized.value;
    const syms = normalized.symbolKeys;
    const doc = new Doc(["payload", "ctx"], { shape, inst, memo: memo2, syms });
    const parseStr = (k) => `shape[${k}]._zod.run({ value: input[${k}], issues: [] }, ctx)`;
    const prefixStr = (id, k) => `
          let ${id}_ab = false;
          for (let i = 0; i < ${id}.issues.length; i++) {
            const iss = ${id}.issues[i];
            iss.path = iss.path ? [${k}, ...iss.path] : [${k}];
            payload.issues.push(iss);
            if (iss.continue !== true) ${id}_ab = true;
          }
          if (${id}_ab && ctx && ctx.abortEarly) {
            payload.value = newResult;
            return payload;
          }`;
    doc.write(`const input = payload.value;`);
    const ids = /* @__PURE__ */ Object.create(null);
    let counter = 0;
    for (const key of normalized.allKeys) {
      ids[key] = `key_${counter++}`;
    }
    doc.write(memo2 ? `const newResult = memo.alloc(inst, payload, {}, ctx);` : `const newResult = {};`);
    for (const key of normalized.allKeys) {
      if (key === "__proto__")
        continue;
      const id = ids[key];
      const k = typeof key === "symbol" ? `syms[${syms.indexOf(key)}]` : esc(key);
      const isPresent = `${k} in input`;
      const schema = shape[key];
      const optin = schema?._zod?.optin;
      const isOptionalIn = optin !== void 0;
      const isOptionalOut = schema?._zod?.optout === "optional";
      doc.write(`const ${id} = ${parseStr(k)};`);
      if (isOptionalIn && isOptionalOut) {
        const assign = optin === "optional" ? `${id}_present` : `${id}.value !== undefined || ${id}_present`;
        doc.write(`
        const ${id}_present = ${isPresent};
        if (!${id}.issues.length || ${id}_present) {
          if (${id}.issues.length) {${prefixStr(id, k)}
          }

          if (${assign}) {
            newResult[${k}] = ${id}.value;
          }
        }

      `);
      } else if (!isOptionalIn) {
        doc.write(`
        const ${id}_present = ${isPresent};
        if (${id}.issues.length) {${prefixStr(id, k)}
        }
        if (!${id}_present && !${id}.issues.length) {
          payload.issues.push({
            code: "invalid_type",
            expected: "nonoptional",
            input: undefined,
            path: [${k}]
          });
          if (ctx && ctx.abortEarly) {
            payload.value = newResult;
            return payload;
          }
        }

        if (${id}_present) {
          newResult[${k}] = ${id}.value;
        }

      `);
      } else {
        doc.write(`
        if (${id}.issues.length) {${prefixStr(id, k)}
        }
      `);
        if (optin === "defaulted") {
          doc.write(`newResult[${k}] = ${id}.value;`);
        } else {
          doc.write(`
        if (${id}.value !== undefined || ${isPresent}) {
          newResult[${k}] = ${id}.value;
        }
      `);
        }
      }
    }
    doc.write(`payload.value = newResult;`);
    doc.write(`return payload;`);
    return doc.compile();
  };
  let fastpass;
  const isObject2 = isObject;
  const jit = !globalConfig.jitless;
  const allowsEval2 = allowsEval;
  const fastEnabled = jit && allowsEval2.value;
  const catchall = def.catchall;
  let value;
  inst._zod.parse = (payload, ctx) => {
    value ?? (value = _normalized.value);
    const input = payload.value;
    if (!isObject2(input)) {
      payload.issues.push({
        expected: "object",
        code: "invalid_type",
        input,
        inst
      });
      return payload;
    }
    if (jit && fastEnabled && ctx?.async === false && ctx.jitless !== true) {
      if (!fastpass)
        fastpass = generateFastpass(def.shape);
      payload = fastpass(payload, ctx);
      if (!catchall)
        return payload;
      return handleCatchall([], input, payload, ctx, value, inst, ctx?.abortEarly === true);
    }
    return superParse(payload, ctx);
  };
});
function handleUnionResults(results, final, inst, ctx) {
  for (const result of results) {
    if (result.issues.length === 0) {
      final.value = result.value;
      return final;
    }
  }
  const nonaborted = results.filter((r) => !aborted(r));
  if (nonaborted.length === 1) {
    final.value = nonaborted[0].value;
    return nonaborted[0];
  }
  final.issues.push({
    code: "invalid_union",
    input: final.value,
    inst,
    errors: results.map((result) => result.issues.map((iss) => finalizeIssue(iss, ctx, config())))
  });
  return final;
}
var $ZodUnion = /* @__PURE__ */ $constructor("$ZodUnion", (inst, def) => {
  $ZodType.init(inst, def);
  defineLazyInternal(inst, "optin", (zod) => zod.def.options.some((o) => o._zod.optin === "defaulted") ? "defaulted" : zod.def.options.some((o) => o._zod.optin !== void 0) ? "optional" : void 0);
  defineLazyInternal(inst, "optout", (zod) => zod.def.options.some((o) => o._zod.optout === "optional") ? "optional" : void 0);
  defineLazyInternal(inst, "values", (zod) => {
    if (zod.def.options.every((o) => o._zod.values)) {
      return new Set(zod.def.options.flatMap((option) => Array.from(option._zod.values)));
    }
    return void 0;
  });
  defineLazyInternal(inst, "pattern", (zod) => {
    if (zod.def.options.every((o) => o._zod.pattern)) {
      const patterns = zod.def.options.map((o) => o._zod.pattern);
      return new RegExp(`^(${patterns.map((p) => cleanRegex(p.source)).join("|")})$`);
    }
    return void 0;
  });
  const first = def.options.length === 1 ? def.options[0]._zod.run : null;
  inst._zod.parse = (payload, ctx) => {
    if (first) {
      return first(payload, ctx);
    }
    let async = false;
    const results = [];
    for (const option of def.options) {
      const result = option._zod.run({
        value: payload.value,
        issues: []
      }, ctx);
      if (result instanceof Promise) {
        results.push(result);
        async = true;
      } else {
        if (result.issues.length === 0)
          return result;
        results.push(result);
      }
    }
    if (!async)
      return handleUnionResults(results, payload, inst, ctx);
    return Promise.all(results).then((results2) => {
      return handleUnionResults(results2, payload, inst, ctx);
    });
  };
});
var $ZodIntersection = /* @__PURE__ */ $constructor("$ZodIntersection", (inst, def) => {
  $ZodType.init(inst, def);
  inst._zod.parse = (payload, ctx) => {
    const input = payload.value;
    const left = def.left._zod.run({ value: input, issues: [] }, ctx);
    const right = def.right._zod.run({ value: input, issues: [] }, ctx);
    const async = left instanceof Promise || right instanceof Promise;
    if (async) {
      return Promise.all([left, right]).then(([left2, right2]) => {
        return handleIntersectionResults(payload, left2, right2);
      });
    }
    return handleIntersectionResults(payload, left, right);
  };
});
function mergeValues(a, b) {
  if (a === b) {
    return { valid: true, data: a };
  }
  if (a instanceof Date && b instanceof Date && +a === +b) {
    return { valid: true, data: a };
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const bKeys = Object.keys(b);
    const sharedKeys = Object.keys(a).filter((key) => bKeys.indexOf(key) !== -1);
    const newObj = { ...a, ...b };
    if (Object.prototype.hasOwnProperty.call(newObj, "__proto__"))
      delete newObj.__proto__;
    for (const key of sharedKeys) {
      if (key === "__proto__")
        continue;
      const sharedValue = mergeValues(a[key], b[key]);
      if (!sharedValue.valid) {
        return {
          valid: false,
          mergeErrorPath: [key, ...sharedValue.mergeErrorPath]
        };
      }
      newObj[key] = sharedValue.data;
    }
    return { valid: true, data: newObj };
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) {
      return { valid: false, mergeErrorPath: [] };
    }
    const newArray = [];
    for (let index = 0; index < a.length; index++) {
      const itemA = a[index];
      const itemB = b[index];
      const sharedValue = mergeValues(itemA, itemB);
      if (!sharedValue.valid) {
        return {
          valid: false,
          mergeErrorPath: [index, ...sharedValue.mergeErrorPath]
        };
      }
      newArray.push(sharedValue.data);
    }
    return { valid: true, data: newArray };
  }
  return { valid: false, mergeErrorPath: [] };
}
function handleIntersectionResults(result, left, right) {
  const unrecKeys = /* @__PURE__ */ new Map();
  let unrecIssue;
  const keyIssues = /* @__PURE__ */ new Map();
  const collect = (iss, side) => {
    let keys;
    if (iss.code === "unrecognized_keys" && !iss.path?.length) {
      unrecIssue ?? (unrecIssue = iss);
      keys = iss.keys;
    } else if (iss.code === "invalid_key" && iss.origin === "record" && iss.path?.length === 1) {
      const k = String(iss.path[0]);
      if (!keyIssues.has(k))
        keyIssues.set(k, iss);
      keys = [k];
    } else {
      return false;
    }
    for (const k of keys) {
      if (!unrecKeys.has(k))
        unrecKeys.set(k, {});
      unrecKeys.get(k)[side] = true;
    }
    return true;
  };
  for (const iss of left.issues) {
    if (!collect(iss, "l"))
      result.issues.push(iss);
  }
  for (const iss of right.issues) {
    if (!collect(iss, "r"))
      result.issues.push(iss);
  }
  const bothKeys = [...unrecKeys].filter(([, f]) => f.l && f.r).map(([k]) => k);
  if (bothKeys.length) {
    const aggregated = unrecIssue ? bothKeys.filter((k) => unrecIssue.keys.includes(k)) : [];
    if (aggregated.length)
      result.issues.push({ ...unrecIssue, keys: aggregated });
    for (const k of bothKeys) {
      if (!aggregated.includes(k) && keyIssues.has(k))
        result.issues.push(keyIssues.get(k));
    }
  }
  const merged = mergeValues(left.value, right.value);
  if (!merged.valid) {
    if (aborted(result))
      return result;
    throw new Error(`Unmergable intersection. Error path: ${JSON.stringify(merged.mergeErrorPath)}`);
  }
  result.value = merged.data;
  return result;
}
var $ZodRecord = /* @__PURE__ */ $constructor("$ZodRecord", (inst, def) => {
  $ZodType.init(inst, def);
  const memo2 = globalConfig.memoizer;
  memo2?.attach(inst);
  inst._zod.parse = (payload, ctx) => {
    const input = payload.value;
    if (!isPlainObject(input)) {
      payload.issues.push({
        expected: "record",
        code: "invalid_type",
        input,
        inst
      });
      return payload;
    }
    const proms = [];
    const values = def.keyType._zod.values;
    if (values && !def.partial) {
      payload.value = memo2 ? memo2.alloc(inst, payload, {}, ctx) : {};
      const recordKeys = /* @__PURE__ */ new Set();
      for (const key of values) {
        if (typeof key === "string" || typeof key === "number" || typeof key === "symbol") {
          recordKeys.add(typeof key === "number" ? key.toString() : key);
          if (key === "__proto__")
            continue;
          const keyResult = def.keyType._zod.run({ value: key, issues: [] }, ctx);
          if (keyResult instanceof Promise) {
            throw new Error("Async schemas not supported in object keys currently");
          }
          if (keyResult.issues.length) {
            payload.issues.push({
              code: "invalid_key",
              origin: "record",
              issues: keyResult.issues.map((iss) => finalizeIssue(iss, ctx, config())),
              input: key,
              path: [key],
              inst
            });
            continue;
          }
          const outKey = keyResult.value;
          if (outKey === "__proto__")
            continue;
          const result = def.valueType._zod.run({ value: input[key], issues: [] }, ctx);
          if (result instanceof Promise) {
            proms.push(result.then((result2) => {
              if (result2.issues.length) {
                payload.issues.push(...prefixIssues(key, result2.issues));
              }
              payload.value[outKey] = result2.value;
            }));
          } else {
            if (result.issues.length) {
              payload.issues.push(...prefixIssues(key, result.issues));
            }
            payload.value[outKey] = result.value;
          }
        }
      }
      let unrecognized;
      for (const key in input) {
        if (!recordKeys.has(key)) {
          if (def.mode === "loose") {
            if (key === "__proto__")
              continue;
            payload.value[key] = input[key];
          } else {
            unrecognized = unrecognized ?? [];
            unrecognized.push(key);
          }
        }
      }
      if (unrecognized && unrecognized.length > 0) {
        payload.issues.push({
          code: "unrecognized_keys",
          input,
          inst,
          keys: unrecognized,
          continue: true
        });
      }
    } else {
      payload.value = memo2 ? memo2.alloc(inst, payload, {}, ctx) : {};
      let unrecognized;
      for (const key of Reflect.ownKeys(input)) {
        if (key === "__proto__")
          continue;
        if (!Object.prototype.propertyIsEnumerable.call(input, key))
          continue;
        let keyResult = def.keyType._zod.run({ value: key, issues: [] }, ctx);
        if (keyResult instanceof Promise) {
          throw new Error("Async schemas not supported in object keys currently");
        }
        const checkNumericKey = typeof key === "string" && number.test(key) && keyResult.issues.length;
        if (checkNumericKey) {
          const retryResult = def.keyType._zod.run({ value: Number(key), issues: [] }, ctx);
          if (retryResult instanceof Promise) {
            throw new Error("Async schemas not supported in object keys currently");
          }
          if (retryResult.issues.length === 0) {
            keyResult = retryResult;
          }
        }
        if (keyResult.issues.length) {
          if (def.mode === "loose") {
            payload.value[key] = input[key];
          } else if (values) {
            unrecognized = unrecognized ?? [];
            unrecognized.push(key);
          } else {
            payload.issues.push({
              code: "invalid_key",
              origin: "record",
              issues: keyResult.issues.map((iss) => finalizeIssue(iss, ctx, config())),
              input: key,
              path: [key],
              inst
            });
          }
          continue;
        }
        const outKey = keyResult.value;
        if (outKey === "__proto__")
          continue;
        const result = def.valueType._zod.run({ value: input[key], issues: [] }, ctx);
        if (result instanceof Promise) {
          proms.push(result.then((result2) => {
            if (result2.issues.length) {
              payload.issues.push(...prefixIssues(key, result2.issues));
            }
            payload.value[outKey] = result2.value;
          }));
        } else {
          if (result.issues.length) {
            payload.issues.push(...prefixIssues(key, result.issues));
          }
          payload.value[outKey] = result.value;
        }
      }
      if (unrecognized && unrecognized.length > 0) {
        payload.issues.push({
          code: "unrecognized_keys",
          input,
          inst,
          keys: unrecognized,
          continue: true
        });
      }
    }
    if (proms.length) {
      return Promise.all(proms).then(() => payload);
    }
    return payload;
  };
});
var $ZodEnum = /* @__PURE__ */ $constructor("$ZodEnum", (inst, def) => {
  $ZodType.init(inst, def);
  const values = getEnumValues(def.entries);
  const valuesSet = new Set(values);
  inst._zod.values = valuesSet;
  defineLazyInternal(inst, "pattern", (zod) => {
    const patternValues = getEnumValues(zod.def.entries).filter((k) => propertyKeyTypes.has(typeof k));
    return new RegExp(patternValues.length ? `^(${patternValues.map((o) => escapeRegex(o.toString())).join("|")})$` : "^[^\\s\\S]$");
  });
  inst._zod.parse = (payload, _ctx) => {
    const input = payload.value;
    if (valuesSet.has(input)) {
      return payload;
    }
    payload.issues.push({
      code: "invalid_value",
      values,
      input,
      inst
    });
    return payload;
  };
});
var $ZodTransform = /* @__PURE__ */ $constructor("$ZodTransform", (inst, def) => {
  $ZodType.init(inst, def);
  inst._zod.optin = "optional";
  globalConfig.memoizer?.guard(inst);
  inst._zod.parse = (payload, ctx) => {
    if (ctx.direction === "backward") {
      throw new $ZodEncodeError(inst.constructor.name);
    }
    const _out = def.transform(payload.value, payload);
    if (ctx.async) {
      const output = _out instanceof Promise ? _out : Promise.resolve(_out);
      return output.then((output2) => {
        payload.value = output2;
        return payload;
      });
    }
    if (_out instanceof Promise) {
      throw new $ZodAsyncError();
    }
    payload.value = _out;
    return payload;
  };
});
function handleOptionalResult(payload, result) {
  payload.value = result.issues.length ? void 0 : result.value;
  return payload;
}
var $ZodOptional = /* @__PURE__ */ $constructor("$ZodOptional", (inst, def) => {
  $ZodType.init(inst, def);
  defineLazyInternal(inst, "optin", (zod) => zod.def.innerType._zod.optin === "defaulted" ? "defaulted" : "optional");
  inst._zod.optout = "optional";
  defineLazyInternal(inst, "values", (zod) => {
    const values = zod.def.innerType._zod.values;
    return values ? /* @__PURE__ */ new Set([...values, void 0]) : void 0;
  });
  defineLazyInternal(inst, "pattern", (zod) => {
    const pattern = zod.def.innerType._zod.pattern;
    return pattern ? new RegExp(`^(${cleanRegex(pattern.source)})?$`) : void 0;
  });
  inst._zod.parse = (payload, ctx) => {
    if (payload.value === void 0) {
      if (def.innerType._zod.optin !== "defaulted")
        return payload;
      const result = def.innerType._zod.run({ value: payload.value, issues: [] }, ctx);
      if (result instanceof Promise)
        return result.then((result2) => handleOptionalResult(payload, result2));
      return handleOptionalResult(payload, result);
    }
    return def.innerType._zod.run(payload, ctx);
  };
});
var $ZodExactOptional = /* @__PURE__ */ $constructor("$ZodExactOptional", (inst, def) => {
  $ZodOptional.init(inst, def);
  defineLazyInternal(inst, "values", (zod) => zod.def.innerType._zod.values);
  defineLazyInternal(inst, "pattern", (zod) => zod.def.innerType._zod.pattern);
  inst._zod.parse = (payload, ctx) => {
    return def.innerType._zod.run(payload, ctx);
  };
});
var $ZodNullable = /* @__PURE__ */ $constructor("$ZodNullable", (inst, def) => {
  $ZodType.init(inst, def);
  defineLazyInternal(inst, "optin", (zod) => zod.def.innerType._zod.optin);
  defineLazyInternal(inst, "optout", (zod) => zod.def.innerType._zod.optout);
  defineLazyInternal(inst, "pattern", (zod) => {
    const pattern = zod.def.innerType._zod.pattern;
    return pattern ? new RegExp(`^(${cleanRegex(pattern.source)}|null)$`) : void 0;
  });
  defineLazyInternal(inst, "values", (zod) => {
    return zod.def.innerType._zod.values ? /* @__PURE__ */ new Set([...zod.def.innerType._zod.values, null]) : void 0;
  });
  inst._zod.parse = (payload, ctx) => {
    if (payload.value === null)
      return payload;
    return def.innerType._zod.run(payload, ctx);
  };
});
var $ZodDefault = /* @__PURE__ */ $constructor("$ZodDefault", (inst, def) => {
  $ZodType.init(inst, def);
  inst._zod.optin = "defaulted";
  defineLazyInternal(inst, "values", (zod) => zod.def.innerType._zod.values);
  inst._zod.parse = (payload, ctx) => {
    if (ctx.direction === "backward") {
      return def.innerType._zod.run(payload, ctx);
    }
    if (payload.value === void 0) {
      payload.value = def.defaultValue;
      return payload;
    }
    const result = def.innerType._zod.run(payload, ctx);
    if (result instanceof Promise) {
      return result.then((result2) => handleDefaultResult(result2, def));
    }
    return handleDefaultResult(result, def);
  };
});
function handleDefaultResult(payload, def) {
  if (payload.value === void 0) {
    payload.value = def.defaultValue;
  }
  return payload;
}
var $ZodPrefault = /* @__PURE__ */ $constructor("$ZodPrefault", (inst, def) => {
  $ZodType.init(inst, def);
  inst._zod.optin = "defaulted";
  defineLazyInternal(inst, "values", (zod) => zod.def.innerType._zod.values);
  inst._zod.parse = (payload, ctx) => {
    if (ctx.direction === "backward") {
      return def.innerType._zod.run(payload, ctx);
    }
    if (payload.value === void 0) {
      payload.value = def.defaultValue;
    }
    return def.innerType._zod.run(payload, ctx);
  };
});
var $ZodNonOptional = /* @__PURE__ */ $constructor("$ZodNonOptional", (inst, def) => {
  $ZodType.init(inst, def);
  defineLazyInternal(inst, "values", (zod) => {
    const v = zod.def.innerType._zod.values;
    return v ? new Set([...v].filter((x) => x !== void 0)) : void 0;
  });
  inst._zod.parse = (payload, ctx) => {
    const result = def.innerType._zod.run(payload, ctx);
    if (result instanceof Promise) {
      return result.then((result2) => handleNonOptionalResult(result2, inst));
    }
    return handleNonOptionalResult(result, inst);
  };
});
function handleNonOptionalResult(payload, inst) {
  if (!payload.issues.length && payload.value === void 0) {
    payload.issues.push({
      code: "invalid_type",
      expected: "nonoptional",
      input: payload.value,
      inst
    });
  }
  return payload;
}
function handleCatchResult(payload, result, def, ctx) {
  if (!result.issues.length) {
    payload.value = result.value;
    if (result.memo)
      payload.memo = true;
    return payload;
  }
  payload.value = def.catchValue({
    ...result,
    value: payload.value,
    error: {
      issues: result.issues.map((iss) => finalizeIssue(iss, ctx, config()))
    },
    input: payload.value
  });
  return payload;
}
var $ZodCatch = /* @__PURE__ */ $constructor("$ZodCatch", (inst, def) => {
  $ZodType.init(inst, def);
  defineLazyInternal(inst, "optin", (zod) => zod.def.innerType._zod.optin === "defaulted" ? "defaulted" : "optional");
  defineLazyInternal(inst, "optout", (zod) => zod.def.innerType._zod.optout);
  defineLazyInternal(inst, "values", (zod) => zod.def.innerType._zod.values);
  inst._zod.parse = (payload, ctx) => {
    if (ctx.direction === "backward") {
      return def.innerType._zod.run(payload, ctx);
    }
    const result = def.innerType._zod.run({ value: payload.value, issues: [] }, ctx);
    if (result instanceof Promise) {
      return result.then((result2) => handleCatchResult(payload, result2, def, ctx));
    }
    return handleCatchResult(payload, result, def, ctx);
  };
});
var $ZodPipe = /* @__PURE__ */ $constructor("$ZodPipe", (inst, def) => {
  $ZodType.init(inst, def);
  defineLazyInternal(inst, "values", (zod) => zod.def.in._zod.values);
  defineLazyInternal(inst, "optin", (zod) => zod.def.in._zod.optin);
  defineLazyInternal(inst, "optout", (zod) => zod.def.out._zod.optout);
  defineLazyInternal(inst, "propValues", (zod) => zod.def.in._zod.propValues);
  inst._zod.parse = (payload, ctx) => {
    if (ctx.direction === "backward") {
      const right = def.out._zod.run(payload, ctx);
      if (right instanceof Promise) {
        return right.then((right2) => handlePipeResult(right2, def.in, ctx));
      }
      return handlePipeResult(right, def.in, ctx);
    }
    const left = def.in._zod.run(payload, ctx);
    if (left instanceof Promise) {
      return left.then((left2) => handlePipeResult(left2, def.out, ctx));
    }
    return handlePipeResult(left, def.out, ctx);
  };
});
function handlePipeResult(left, next, ctx) {
  if (left.issues.some((iss) => iss.code !== "unrecognized_keys")) {
    left.aborted = true;
    return left;
  }
  return next._zod.run({ value: left.value, issues: left.issues }, ctx);
}
var $ZodReadonly = /* @__PURE__ */ $constructor("$ZodReadonly", (inst, def) => {
  $ZodType.init(inst, def);
  defineLazyInternal(inst, "propValues", (zod) => zod.def.innerType._zod.propValues);
  defineLazyInternal(inst, "values", (zod) => zod.def.innerType._zod.values);
  defineLazyInternal(inst, "optin", (zod) => zod.def.innerType?._zod?.optin);
  defineLazyInternal(inst, "optout", (zod) => zod.def.innerType?._zod?.optout);
  inst._zod.parse = (payload, ctx) => {
    if (ctx.direction === "backward") {
      return def.innerType._zod.run(payload, ctx);
    }
    const result = def.innerType._zod.run(payload, ctx);
    if (result instanceof Promise) {
      return result.then(handleReadonlyResult);
    }
    return handleReadonlyResult(result);
  };
});
function handleReadonlyResult(payload) {
  if (!payload.memo)
    payload.value = Object.freeze(payload.value);
  return payload;
}
var $ZodLazy = /* @__PURE__ */ $constructor("$ZodLazy", (inst, def) => {
  $ZodType.init(inst, def);
  defineLazy(inst._zod, "innerType", () => {
    const d = def;
    if (!d._cachedInner)
      d._cachedInner = def.getter();
    return d._cachedInner;
  });
  defineLazyInternal(inst, "pattern", (zod) => zod.innerType?._zod?.pattern);
  defineLazyInternal(inst, "propValues", (zod) => zod.innerType?._zod?.propValues);
  defineLazyInternal(inst, "optin", (zod) => zod.innerType?._zod?.optin ?? void 0);
  defineLazyInternal(inst, "optout", (zod) => zod.innerType?._zod?.optout ?? void 0);
  inst._zod.parse = (payload, ctx) => {
    const inner = inst._zod.innerType;
    return inner._zod.run(payload, ctx);
  };
});
var $ZodCustom = /* @__PURE__ */ $constructor("$ZodCustom", (inst, def) => {
  $ZodCheck.init(inst, def);
  $ZodType.init(inst, def);
  inst._zod.parse = (payload, _) => {
    return payload;
  };
  inst._zod.check = (payload) => {
    const input = payload.value;
    const r = def.fn(input);
    if (r instanceof Promise) {
      return r.then((r2) => handleRefineResult(r2, payload, input, inst));
    }
    handleRefineResult(r, payload, input, inst);
    return;
  };
});
function handleRefineResult(result, payload, input, inst) {
  if (!result) {
    const _iss = {
      code: "custom",
      input,
      inst,
      // incorporates params.error into issue reporting
      path: [...inst._zod.def.path ?? []],
      // incorporates params.error into issue reporting
      continue: !inst._zod.def.abort
      // params: inst._zod.def.params,
    };
    if (inst._zod.def.params)
      _iss.params = inst._zod.def.params;
    payload.issues.push(issue(_iss));
  }
}

// node_modules/zod/v4/core/memoizer.js
var $ZodCyclicError = class extends Error {
  constructor() {
    super(`Cannot parse a reference cycle that closes through a transform`);
    this.name = "ZodCyclicError";
  }
};
var STATE = "~memo";
var NO_ISSUES = [];
function isRef(value) {
  return value !== null && typeof value === "object";
}
function cloneIssues(issues) {
  return issues.map((iss) => iss.path ? { ...iss, path: iss.path.slice() } : { ...iss });
}
var recursive = /* @__PURE__ */ new WeakMap();
var NONE = 0;
var ASSUMED = 1;
var PROVEN = 2;
function isRecursive(inst, stack, resolve5) {
  const cached2 = recursive.get(inst);
  if (cached2 !== void 0)
    return cached2 ? PROVEN : NONE;
  if (stack.has(inst))
    return PROVEN;
  stack.add(inst);
  let result = NONE;
  const check = (child) => {
    if (result !== PROVEN && child?._zod) {
      const answer = isRecursive(child, stack, resolve5);
      if (answer > result)
        result = answer;
    }
  };
  const shape = (sh, spread) => {
    let answer = NONE;
    for (const key of Reflect.ownKeys(sh)) {
      const desc = Object.getOwnPropertyDescriptor(sh, key);
      if (spread && !desc.enumerable)
        continue;
      const child = desc.get ? ASSUMED : desc.value?._zod ? isRecursive(desc.value, stack, resolve5) : NONE;
      if (child > answer)
        answer = child;
    }
    return answer;
  };
  const merge2 = (answer) => {
    if (answer > result)
      result = answer;
  };
  const def = inst._zod.def;
  const kind = def.type;
  switch (kind) {
    case "object": {
      const raw = rawShape(def);
      merge2(raw ? shape(raw, true) : ASSUMED);
      check(def.catchall);
      break;
    }
    case "array":
      check(def.element);
      break;
    case "tuple":
      for (const el of def.items)
        check(el);
      check(def.rest);
      break;
    case "record":
    case "map":
      check(def.keyType);
      check(def.valueType);
      break;
    case "set":
      check(def.valueType);
      break;
    case "union":
      for (const el of def.options)
        check(el);
      break;
    case "intersection":
      check(def.left);
      check(def.right);
      break;
    case "optional":
    case "nullable":
    case "default":
    case "prefault":
    case "catch":
    case "readonly":
    case "nonoptional":
    case "promise":
    case "success":
      check(def.innerType);
      break;
    case "pipe":
      check(def.in);
      check(def.out);
      break;
    case "function":
      check(def.input);
      check(def.output);
      break;
    // `$ZodLazy` caches its inner on the def, so a resolved edge is followed exactly
    case "lazy": {
      const inner = def._cachedInner ?? (resolve5 ? inst._zod.innerType : void 0);
      merge2(inner ? isRecursive(inner, stack, false) : ASSUMED);
      break;
    }
    // a leaf by choice: `parts` are regex fragments, not data positions
    case "template_literal":
    // leaves
    case "string":
    case "number":
    case "int":
    case "boolean":
    case "bigint":
    case "symbol":
    case "undefined":
    case "null":
    case "void":
    case "never":
    case "any":
    case "unknown":
    case "date":
    case "nan":
    case "enum":
    case "literal":
    case "file":
    case "transform":
    case "custom":
      break;
    default: {
      kind;
      for (const key in def) {
        const desc = Object.getOwnPropertyDescriptor(def, key);
        if (!desc || desc.get)
          continue;
        const value = desc.value;
        if (!value || typeof value !== "object")
          continue;
        if (value._zod)
          check(value);
        else if (Array.isArray(value))
          for (const el of value)
            check(el);
      }
    }
  }
  stack.delete(inst);
  return settle(inst, result);
}
function settle(inst, answer) {
  if (answer !== ASSUMED)
    recursive.set(inst, answer === PROVEN);
  return answer;
}
function bucketFor(state, inst) {
  let bucket = state.buckets.get(inst);
  if (!bucket) {
    bucket = /* @__PURE__ */ new WeakMap();
    state.buckets.set(inst, bucket);
  }
  return bucket;
}
var handoff;
var open = [];
var memo = {
  alloc(_inst, payload, empty) {
    const bucket = handoff;
    if (!bucket)
      return empty;
    handoff = void 0;
    const entry = { value: empty, issues: null };
    bucket.set(payload.value, entry);
    open.push(entry);
    return empty;
  },
  guard(inst) {
    var _a3;
    (_a3 = inst._zod).deferred ?? (_a3.deferred = []);
    inst._zod.deferred.push(() => {
      const base = inst._zod.parse;
      const wrapped = (payload, ctx) => {
        if (ctx.direction !== "backward" && isBackEdge(ctx, payload.value))
          throw new $ZodCyclicError();
        return base(payload, ctx);
      };
      inst._zod.parse = wrapped;
      if (inst._zod.run === base)
        inst._zod.run = wrapped;
    });
  },
  attach(inst) {
    var _a3;
    let isRecursiveInst;
    let rechecked = false;
    let lastCtx;
    let lastBucket;
    (_a3 = inst._zod).deferred ?? (_a3.deferred = []);
    inst._zod.deferred.push(() => {
      const base = inst._zod.parse;
      const wrapped = (payload, ctx) => {
        if (isRecursiveInst === void 0) {
          const walked = isRecursive(inst, /* @__PURE__ */ new Set(), false);
          if (walked === NONE) {
            inst._zod.parse = base;
            if (inst._zod.run === wrapped)
              inst._zod.run = base;
            return base(payload, ctx);
          }
          if (walked === PROVEN || rechecked)
            isRecursiveInst = true;
          else
            rechecked = true;
        }
        const input = payload.value;
        if (!isRef(input))
          return base(payload, ctx);
        let state = ctx[STATE];
        if (!state) {
          state = { buckets: /* @__PURE__ */ new WeakMap(), backEdges: void 0 };
          ctx[STATE] = state;
        }
        let bucket;
        if (lastCtx === ctx) {
          bucket = lastBucket;
        } else {
          bucket = bucketFor(state, inst);
          lastCtx = ctx;
          lastBucket = bucket;
        }
        const hit = bucket.get(input);
        if (hit) {
          payload.value = hit.value;
          if (hit.issues) {
            if (hit.issues.length)
              payload.issues.push(...cloneIssues(hit.issues));
          } else {
            payload.memo = true;
            state.backEdges ?? (state.backEdges = /* @__PURE__ */ new WeakSet());
            state.backEdges.add(hit.value);
          }
          return payload;
        }
        handoff = bucket;
        const depth = open.length;
        const result = base(payload, ctx);
        handoff = void 0;
        const entry = open.length > depth ? open.pop() : void 0;
        if (result instanceof Promise) {
          return result.then((r) => {
            if (entry)
              entry.issues = r.issues.length ? cloneIssues(r.issues) : NO_ISSUES;
            return r;
          });
        }
        if (entry)
          entry.issues = result.issues.length ? cloneIssues(result.issues) : NO_ISSUES;
        return result;
      };
      inst._zod.parse = wrapped;
      if (inst._zod.run === base)
        inst._zod.run = wrapped;
    });
  }
};
function memoizer() {
  return memo;
}
function isBackEdge(ctx, value) {
  const backEdges = ctx[STATE]?.backEdges;
  return backEdges !== void 0 && isRef(value) && backEdges.has(value);
}

// node_modules/zod/v4/locales/en.js
var error = () => {
  const Sizable = {
    string: { unit: "characters", verb: "to have" },
    file: { unit: "bytes", verb: "to have" },
    array: { unit: "items", verb: "to have" },
    set: { unit: "items", verb: "to have" },
    map: { unit: "entries", verb: "to have" }
  };
  function getSizing(origin) {
    return Sizable[origin] ?? null;
  }
  const FormatDictionary = {
    regex: "input",
    email: "email address",
    url: "URL",
    emoji: "emoji",
    uuid: "UUID",
    uuidv4: "UUIDv4",
    uuidv6: "UUIDv6",
    nanoid: "nanoid",
    guid: "GUID",
    cuid: "cuid",
    cuid2: "cuid2",
    ulid: "ULID",
    xid: "XID",
    ksuid: "KSUID",
    datetime: "ISO datetime",
    date: "ISO date",
    time: "ISO time",
    duration: "ISO duration",
    ipv4: "IPv4 address",
    ipv6: "IPv6 address",
    mac: "MAC address",
    cidrv4: "IPv4 range",
    cidrv6: "IPv6 range",
    base64: "base64-encoded string",
    base64url: "base64url-encoded string",
    json_string: "JSON string",
    e164: "E.164 number",
    currency_code: "currency code",
    credit_card: "credit card number",
    iban: "IBAN",
    jwt: "JWT",
    template_literal: "input"
  };
  const TypeDictionary = {
    // Compatibility: "nan" -> "NaN" for display
    nan: "NaN"
    // All other type names omitted - they fall back to raw values via ?? operator
  };
  function getTypeName(type, input) {
    if (type === "number" && typeof input === "number" && !Number.isFinite(input)) {
      return String(input);
    }
    return TypeDictionary[type] ?? type;
  }
  return (issue2) => {
    switch (issue2.code) {
      case "invalid_type": {
        const expected = getTypeName(issue2.expected);
        const receivedType = parsedType(issue2.input);
        const received = getTypeName(receivedType, issue2.input);
        return `Invalid input: expected ${expected}, received ${received}`;
      }
      case "invalid_value":
        if (issue2.values.length === 1)
          return `Invalid input: expected ${stringifyPrimitive(issue2.values[0])}`;
        return `Invalid option: expected one of ${joinValues(issue2.values, "|")}`;
      case "too_big": {
        const adj = issue2.exact ? "exactly " : issue2.inclusive ? "<=" : "<";
        const sizing = getSizing(issue2.origin);
        if (sizing)
          return `Too big: expected ${issue2.origin ?? "value"} to have ${adj}${issue2.maximum.toString()} ${sizing.unit ?? "elements"}`;
        return `Too big: expected ${issue2.origin ?? "value"} to be ${adj}${issue2.maximum.toString()}`;
      }
      case "too_small": {
        const adj = issue2.exact ? "exactly " : issue2.inclusive ? ">=" : ">";
        const sizing = getSizing(issue2.origin);
        if (sizing) {
          return `Too small: expected ${issue2.origin} to have ${adj}${issue2.minimum.toString()} ${sizing.unit}`;
        }
        return `Too small: expected ${issue2.origin} to be ${adj}${issue2.minimum.toString()}`;
      }
      case "invalid_format": {
        const _issue = issue2;
        if (_issue.format === "starts_with") {
          return `Invalid string: must start with "${_issue.prefix}"`;
        }
        if (_issue.format === "ends_with")
          return `Invalid string: must end with "${_issue.suffix}"`;
        if (_issue.format === "includes")
          return `Invalid string: must include "${_issue.includes}"`;
        if (_issue.format === "regex")
          return `Invalid string: must match pattern ${_issue.pattern}`;
        return `Invalid ${FormatDictionary[_issue.format] ?? issue2.format}`;
      }
      case "not_multiple_of":
        return `Invalid number: must be a multiple of ${issue2.divisor}`;
      case "unrecognized_keys":
        return `Unrecognized key${issue2.keys.length > 1 ? "s" : ""}: ${joinValues(issue2.keys, ", ")}`;
      case "invalid_key":
        return `Invalid key in ${issue2.origin}`;
      case "invalid_union":
        if (issue2.options && Array.isArray(issue2.options) && issue2.options.length > 0) {
          const opts = issue2.options.map((o) => `'${o}'`).join(" | ");
          return `Invalid discriminator value. Expected ${opts}`;
        }
        if (issue2.inclusive === false) {
          return "Invalid input: more than one option matched";
        }
        return "Invalid input";
      case "invalid_element":
        return `Invalid value in ${issue2.origin}`;
      default:
        return `Invalid input`;
    }
  };
};
function en_default() {
  return {
    localeError: error()
  };
}

// node_modules/zod/v4/core/registries.js
var _a2;
var $ZodRegistry = class {
  constructor() {
    this._map = /* @__PURE__ */ new WeakMap();
    this._idmap = /* @__PURE__ */ new Map();
  }
  add(schema, ..._meta) {
    const meta2 = _meta[0];
    this._map.set(schema, meta2);
    if (meta2 && typeof meta2 === "object" && "id" in meta2) {
      this._idmap.set(meta2.id, schema);
    }
    return this;
  }
  clear() {
    this._map = /* @__PURE__ */ new WeakMap();
    this._idmap = /* @__PURE__ */ new Map();
    return this;
  }
  remove(schema) {
    const meta2 = this._map.get(schema);
    if (meta2 && typeof meta2 === "object" && "id" in meta2) {
      this._idmap.delete(meta2.id);
    }
    this._map.delete(schema);
    return this;
  }
  get(schema) {
    const p = schema._zod.parent;
    if (p) {
      const pm = { ...this.get(p) ?? {} };
      delete pm.id;
      const f = { ...pm, ...this._map.get(schema) };
      return Object.keys(f).length ? f : void 0;
    }
    return this._map.get(schema);
  }
  has(schema) {
    return this._map.has(schema);
  }
};
function registry() {
  return new $ZodRegistry();
}
(_a2 = globalThis).__zod_globalRegistry ?? (_a2.__zod_globalRegistry = registry());
var globalRegistry = globalThis.__zod_globalRegistry;

// node_modules/zod/v4/core/api.js
function snapshotChecks(def) {
  if (def.checks)
    def.checks = [...def.checks];
  return def;
}
// @__NO_SIDE_EFFECTS__
function _string(Class2, params) {
  return new Class2(snapshotChecks({ type: "string", ...normalizeParams(params) }));
}
// @__NO_SIDE_EFFECTS__
function _email(Class2, params) {
  return new Class2({
    type: "string",
    format: "email",
    check: "string_format",
    abort: false,
    ...normalizeParams(params)
  });
}
// @__NO_SIDE_EFFECTS__
function _guid(Class2, params) {
  return new Class2({
    type: "string",
    format: "guid",
    check: "string_format",
    abort: false,
    ...normalizeParams(params)
  });
}
// @__NO_SIDE_EFFECTS__
function _uuid(Class2, params) {
  return new Class2({
    type: "string",
    format: "uuid",
    check: "string_format",
    abort: false,
    ...normalizeParams(params)
  });
}
// @__NO_SIDE_EFFECTS__
function _uuidv4(Class2, params) {
  return new Class2({
    type: "string",
    format: "uuid",
    check: "string_format",
    abort: false,
    version: "v4",
    ...normalizeParams(params)
  });
}
// @__NO_SIDE_EFFECTS__
function _uuidv6(Class2, params) {
  return new Class2({
    type: "string",
    format: "uuid",
    check: "string_format",
    abort: false,
    version: "v6",
    ...normalizeParams(params)
  });
}
// @__NO_SIDE_EFFECTS__
function _uuidv7(Class2, params) {
  return new Class2({
    type: "string",
    format: "uuid",
    check: "string_format",
    abort: false,
    version: "v7",
    ...normalizeParams(params)
  });
}
// @__NO_SIDE_EFFECTS__
function _url(Class2, params) {
  return new Class2({
    type: "string",
    format: "url",
    check: "string_format",
    abort: false,
    ...normalizeParams(params)
  });
}
// @__NO_SIDE_EFFECTS__
function _emoji2(Class2, params) {
  return new Class2({
    type: "string",
    format: "emoji",
    check: "string_format",
    abort: false,
    ...normalizeParams(params)
  });
}
// @__NO_SIDE_EFFECTS__
function _nanoid(Class2, params) {
  return new Class2({
    type: "string",
    format: "nanoid",
    check: "string_format",
    abort: false,
    ...normalizeParams(params)
  });
}
// @__NO_SIDE_EFFECTS__
function _cuid(Class2, params) {
  return new Class2({
    type: "string",
    format: "cuid",
    check: "string_format",
    abort: false,
    ...normalizeParams(params)
  });
}
// @__NO_SIDE_EFFECTS__
function _cuid2(Class2, params) {
  return new Class2({
    type: "string",
    format: "cuid2",
    check: "string_format",
    abort: false,
    ...normalizeParams(params)
  });
}
// @__NO_SIDE_EFFECTS__
function _ulid(Class2, params) {
  return new Class2({
    type: "string",
    format: "ulid",
    check: "string_format",
    abort: false,
    ...normalizeParams(params)
  });
}
// @__NO_SIDE_EFFECTS__
function _xid(Class2, params) {
  return new Class2({
    type: "string",
    format: "xid",
    check: "string_format",
    abort: false,
    ...normalizeParams(params)
  });
}
// @__NO_SIDE_EFFECTS__
function _ksuid(Class2, params) {
  return new Class2({
    type: "string",
    format: "ksuid",
    check: "string_format",
    abort: false,
    ...normalizeParams(params)
  });
}
// @__NO_SIDE_EFFECTS__
function _ipv4(Class2, params) {
  return new Class2({
    type: "string",
    format: "ipv4",
    check: "string_format",
    abort: false,
    ...normalizeParams(params)
  });
}
// @__NO_SIDE_EFFECTS__
function _ipv6(Class2, params) {
  return new Class2({
    type: "string",
    format: "ipv6",
    check: "string_format",
    abort: false,
    ...normalizeParams(params)
  });
}
// @__NO_SIDE_EFFECTS__
function _cidrv4(Class2, params) {
  return new Class2({
    type: "string",
    format: "cidrv4",
    check: "string_format",
    abort: false,
    ...normalizeParams(params)
  });
}
// @__NO_SIDE_EFFECTS__
function _cidrv6(Class2, params) {
  return new Class2({
    type: "string",
    format: "cidrv6",
    check: "string_format",
    abort: false,
    ...normalizeParams(params)
  });
}
// @__NO_SIDE_EFFECTS__
function _base64(Class2, params) {
  return new Class2({
    type: "string",
    format: "base64",
    check: "string_format",
    abort: false,
    ...normalizeParams(params)
  });
}
// @__NO_SIDE_EFFECTS__
function _base64url(Class2, params) {
  return new Class2({
    type: "string",
    format: "base64url",
    check: "string_format",
    abort: false,
    ...normalizeParams(params)
  });
}
// @__NO_SIDE_EFFECTS__
function _e164(Class2, params) {
  return new Class2({
    type: "string",
    format: "e164",
    check: "string_format",
    abort: false,
    ...normalizeParams(params)
  });
}
// @__NO_SIDE_EFFECTS__
function _jwt(Class2, params) {
  return new Class2({
    type: "string",
    format: "jwt",
    check: "string_format",
    abort: false,
    ...normalizeParams(params)
  });
}
// @__NO_SIDE_EFFECTS__
function _isoDateTime(Class2, params) {
  return new Class2({
    type: "string",
    format: "datetime",
    check: "string_format",
    offset: false,
    local: false,
    precision: null,
    ...normalizeParams(params)
  });
}
// @__NO_SIDE_EFFECTS__
function _isoDate(Class2, params) {
  return new Class2({
    type: "string",
    format: "date",
    check: "string_format",
    ...normalizeParams(params)
  });
}
// @__NO_SIDE_EFFECTS__
function _isoTime(Class2, params) {
  return new Class2({
    type: "string",
    format: "time",
    check: "string_format",
    precision: null,
    ...normalizeParams(params)
  });
}
// @__NO_SIDE_EFFECTS__
function _isoDuration(Class2, params) {
  return new Class2({
    type: "string",
    format: "duration",
    check: "string_format",
    ...normalizeParams(params)
  });
}
// @__NO_SIDE_EFFECTS__
function _number(Class2, params) {
  return new Class2(snapshotChecks({ type: "number", checks: [], ...normalizeParams(params) }));
}
// @__NO_SIDE_EFFECTS__
function _int(Class2, params) {
  return new Class2({
    type: "number",
    check: "number_format",
    abort: false,
    format: "safeint",
    ...normalizeParams(params)
  });
}
// @__NO_SIDE_EFFECTS__
function _boolean(Class2, params) {
  return new Class2({
    type: "boolean",
    ...normalizeParams(params)
  });
}
// @__NO_SIDE_EFFECTS__
function _unknown(Class2) {
  return new Class2({
    type: "unknown"
  });
}
// @__NO_SIDE_EFFECTS__
function _never(Class2, params) {
  return new Class2({
    type: "never",
    ...normalizeParams(params)
  });
}
// @__NO_SIDE_EFFECTS__
function _lt(value, params) {
  return new $ZodCheckLessThan({
    check: "less_than",
    ...normalizeParams(params),
    value,
    inclusive: false
  });
}
// @__NO_SIDE_EFFECTS__
function _lte(value, params) {
  return new $ZodCheckLessThan({
    check: "less_than",
    ...normalizeParams(params),
    value,
    inclusive: true
  });
}
// @__NO_SIDE_EFFECTS__
function _gt(value, params) {
  return new $ZodCheckGreaterThan({
    check: "greater_than",
    ...normalizeParams(params),
    value,
    inclusive: false
  });
}
// @__NO_SIDE_EFFECTS__
function _gte(value, params) {
  return new $ZodCheckGreaterThan({
    check: "greater_than",
    ...normalizeParams(params),
    value,
    inclusive: true
  });
}
// @__NO_SIDE_EFFECTS__
function _multipleOf(value, params) {
  return new $ZodCheckMultipleOf({
    check: "multiple_of",
    ...normalizeParams(params),
    value
  });
}
// @__NO_SIDE_EFFECTS__
function _maxLength(maximum, params) {
  const ch = new $ZodCheckMaxLength({
    check: "max_length",
    ...normalizeParams(params),
    maximum
  });
  return ch;
}
// @__NO_SIDE_EFFECTS__
function _minLength(minimum, params) {
  return new $ZodCheckMinLength({
    check: "min_length",
    ...normalizeParams(params),
    minimum
  });
}
// @__NO_SIDE_EFFECTS__
function _length(length, params) {
  return new $ZodCheckLengthEquals({
    check: "length_equals",
    ...normalizeParams(params),
    length
  });
}
// @__NO_SIDE_EFFECTS__
function _regex(pattern, params) {
  return new $ZodCheckRegex({
    check: "string_format",
    format: "regex",
    ...normalizeParams(params),
    pattern
  });
}
// @__NO_SIDE_EFFECTS__
function _lowercase(params) {
  return new $ZodCheckLowerCase({
    check: "string_format",
    format: "lowercase",
    ...normalizeParams(params)
  });
}
// @__NO_SIDE_EFFECTS__
function _uppercase(params) {
  return new $ZodCheckUpperCase({
    check: "string_format",
    format: "uppercase",
    ...normalizeParams(params)
  });
}
// @__NO_SIDE_EFFECTS__
function _includes(includes, params) {
  return new $ZodCheckIncludes({
    check: "string_format",
    format: "includes",
    ...normalizeParams(params),
    includes
  });
}
// @__NO_SIDE_EFFECTS__
function _startsWith(prefix2, params) {
  return new $ZodCheckStartsWith({
    check: "string_format",
    format: "starts_with",
    ...normalizeParams(params),
    prefix: prefix2
  });
}
// @__NO_SIDE_EFFECTS__
function _endsWith(suffix, params) {
  return new $ZodCheckEndsWith({
    check: "string_format",
    format: "ends_with",
    ...normalizeParams(params),
    suffix
  });
}
// @__NO_SIDE_EFFECTS__
function _overwrite(tx) {
  return new $ZodCheckOverwrite({
    check: "overwrite",
    tx
  });
}
// @__NO_SIDE_EFFECTS__
function _normalize(form) {
  return /* @__PURE__ */ _overwrite((input) => input.normalize(form));
}
// @__NO_SIDE_EFFECTS__
function _trim() {
  return /* @__PURE__ */ _overwrite((input) => input.trim());
}
// @__NO_SIDE_EFFECTS__
function _toLowerCase() {
  return /* @__PURE__ */ _overwrite((input) => input.toLowerCase());
}
// @__NO_SIDE_EFFECTS__
function _toUpperCase() {
  return /* @__PURE__ */ _overwrite((input) => input.toUpperCase());
}
// @__NO_SIDE_EFFECTS__
function _slugify() {
  return /* @__PURE__ */ _overwrite((input) => slugify(input));
}
// @__NO_SIDE_EFFECTS__
function _array(Class2, element, params) {
  return new Class2({
    type: "array",
    element,
    // get element() {
    //   return element;
    // },
    ...normalizeParams(params)
  });
}
// @__NO_SIDE_EFFECTS__
function _refine(Class2, fn, _params) {
  const schema = new Class2({
    type: "custom",
    check: "custom",
    fn,
    ...normalizeParams(_params)
  });
  return schema;
}
// @__NO_SIDE_EFFECTS__
function _superRefine(fn, params) {
  const ch = /* @__PURE__ */ _check((payload) => {
    payload.addIssue = (issue2) => {
      if (typeof issue2 === "string") {
        payload.issues.push(issue(issue2, payload.value, ch._zod.def));
      } else {
        const _issue = issue2;
        if (_issue.fatal)
          _issue.continue = false;
        _issue.code ?? (_issue.code = "custom");
        if (!("input" in _issue))
          _issue.input = payload.value;
        _issue.inst ?? (_issue.inst = ch);
        _issue.continue ?? (_issue.continue = !ch._zod.def.abort);
        payload.issues.push(issue(_issue));
      }
    };
    return fn(payload.value, payload);
  }, params);
  return ch;
}
// @__NO_SIDE_EFFECTS__
function _check(fn, params) {
  const ch = new $ZodCheck({
    check: "custom",
    ...normalizeParams(params)
  });
  ch._zod.check = fn;
  return ch;
}

// node_modules/zod/v4/core/to-json-schema.js
function assignProps(target2, ...sources) {
  for (const source of sources) {
    for (const key of Reflect.ownKeys(source)) {
      if (Object.prototype.propertyIsEnumerable.call(source, key)) {
        assignProp(target2, key, source[key]);
      }
    }
  }
  return target2;
}
function initializeContext(params) {
  let target2 = params?.target ?? "draft-2020-12";
  if (target2 === "draft-4")
    target2 = "draft-04";
  if (target2 === "draft-7")
    target2 = "draft-07";
  return {
    processors: params.processors ?? {},
    metadataRegistry: params?.metadata ?? globalRegistry,
    target: target2,
    unrepresentable: params?.unrepresentable ?? "throw",
    override: params?.override ?? (() => {
    }),
    io: params?.io ?? "output",
    counter: 0,
    seen: /* @__PURE__ */ new Map(),
    sharedDefsExtractedFor: void 0,
    sharedEmitDoneFor: void 0,
    cycles: params?.cycles ?? "ref",
    reused: params?.reused ?? "inline",
    intersections: [],
    deferred: [],
    external: params?.external ?? void 0
  };
}
function handleUnrepresentable(schema, ctx, json, params, message) {
  const result = typeof ctx.unrepresentable === "function" ? ctx.unrepresentable({ zodSchema: schema, path: params.path, message }) : ctx.unrepresentable;
  if (result === "any")
    return false;
  if (result === void 0 || result === "throw")
    throw new Error(message);
  Object.assign(json, result);
  return true;
}
function processSchema(schema, ctx, _params = { path: [], schemaPath: [] }) {
  var _a3;
  const def = schema._zod.def;
  const seen = ctx.seen.get(schema);
  if (seen) {
    seen.count++;
    const isCycle = _params.schemaPath.includes(schema);
    if (isCycle) {
      seen.cycle = _params.path;
    }
    return seen.schema;
  }
  const result = { schema: {}, count: 1, cycle: void 0, path: _params.path };
  ctx.seen.set(schema, result);
  ctx.sharedDefsExtractedFor = void 0;
  ctx.sharedEmitDoneFor = void 0;
  const overrideSchema = schema._zod.toJSONSchema?.();
  if (overrideSchema) {
    result.schema = overrideSchema;
  } else {
    const params = {
      ..._params,
      schemaPath: [..._params.schemaPath, schema],
      path: _params.path
    };
    if (schema._zod.processJSONSchema) {
      schema._zod.processJSONSchema(ctx, result.schema, params);
    } else {
      const _json = result.schema;
      const processor = ctx.processors[def.type];
      if (!processor) {
        throw new Error(`[toJSONSchema]: Non-representable type encountered: ${def.type}`);
      }
      processor(schema, ctx, _json, params);
    }
    const parent = schema._zod.parent;
    if (parent) {
      if (!result.ref)
        result.ref = parent;
      processSchema(parent, ctx, params);
      ctx.seen.get(parent).isParent = true;
    }
  }
  const meta2 = ctx.metadataRegistry.get(schema);
  if (meta2)
    assignProps(result.schema, meta2);
  if (ctx.io === "input" && isTransforming(schema)) {
    delete result.schema.examples;
    delete result.schema.default;
  }
  if (ctx.io === "input" && "_prefault" in result.schema)
    (_a3 = result.schema).default ?? (_a3.default = result.schema._prefault);
  delete result.schema._prefault;
  const _result = ctx.seen.get(schema);
  return _result.schema;
}
function encodeJSONPointerSegment(segment) {
  return segment.replace(/~/g, "~0").replace(/\//g, "~1");
}
function extractDefs(ctx, schema) {
  const root = ctx.seen.get(schema);
  if (!root)
    throw new Error("Unprocessed schema. This is a bug in Zod.");
  if (ctx.external && ctx.sharedDefsExtractedFor === ctx.external)
    return;
  const idToSchema = /* @__PURE__ */ new Map();
  for (const entry of ctx.seen.entries()) {
    const id = ctx.metadataRegistry.get(entry[0])?.id;
    if (id) {
      const existing = idToSchema.get(id);
      if (existing && existing !== entry[0]) {
        throw new Error(`Duplicate schema id "${id}" detected during JSON Schema conversion. Two different schemas cannot share the same id when converted together.`);
      }
      idToSchema.set(id, entry[0]);
    }
  }
  const makeURI = (entry) => {
    const defsSegment = ctx.target === "draft-2020-12" ? "$defs" : "definitions";
    if (ctx.external) {
      const externalId = ctx.external.registry.get(entry[0])?.id;
      const uriGenerator = ctx.external.uri ?? ((id2) => id2);
      if (externalId) {
        return { ref: uriGenerator(externalId) };
      }
      const id = entry[1].defId ?? entry[1].schema.id ?? `schema${ctx.counter++}`;
      entry[1].defId = id;
      return { defId: id, ref: `${uriGenerator("__shared")}#/${defsSegment}/${encodeJSONPointerSegment(id)}` };
    }
    const uriPrefix = `#`;
    const defUriPrefix = `${uriPrefix}/${defsSegment}/`;
    if (entry[1] === root && !entry[1].schema.id) {
      return { ref: uriPrefix };
    }
    const defId = entry[1].schema.id ?? `__schema${ctx.counter++}`;
    return { defId, ref: defUriPrefix + encodeJSONPointerSegment(defId) };
  };
  const extractToDef = (entry) => {
    if (entry[1].schema.$ref) {
      return;
    }
    const seen = entry[1];
    const { ref, defId } = makeURI(entry);
    seen.def = { ...seen.schema };
    if (defId)
      seen.defId = defId;
    const schema2 = seen.schema;
    for (const key in schema2) {
      delete schema2[key];
    }
    schema2.$ref = ref;
  };
  if (ctx.cycles === "throw") {
    for (const entry of ctx.seen.entries()) {
      const seen = entry[1];
      if (seen.cycle) {
        throw new Error(`Cycle detected: #/${seen.cycle?.join("/")}/<root>

Set the \`cycles\` parameter to \`"ref"\` to resolve cyclical schemas with defs.`);
      }
    }
  }
  for (const entry of ctx.seen.entries()) {
    const seen = entry[1];
    if (schema === entry[0]) {
      extractToDef(entry);
      continue;
    }
    if (ctx.external) {
      const ext2 = ctx.external.registry.get(entry[0])?.id;
      if (schema !== entry[0] && ext2) {
        extractToDef(entry);
        continue;
      }
    }
    const id = ctx.metadataRegistry.get(entry[0])?.id;
    if (id) {
      extractToDef(entry);
      continue;
    }
    if (seen.cycle) {
      extractToDef(entry);
      continue;
    }
    if (seen.count > 1) {
      if (ctx.reused === "ref") {
        extractToDef(entry);
      }
    }
  }
  if (ctx.external)
    ctx.sharedDefsExtractedFor = ctx.external;
}
function compactTypeUnion(schema) {
  const options = schema.anyOf;
  if (!Array.isArray(options) || options.length === 0 || schema.type !== void 0)
    return;
  const types = [];
  for (const option of options) {
    if (!option || typeof option !== "object")
      return;
    compactTypeUnion(option);
    const keys = Object.keys(option);
    if (keys.length !== 1 || keys[0] !== "type")
      return;
    const type = option.type;
    for (const member of Array.isArray(type) ? type : [type]) {
      if (typeof member !== "string")
        return;
      if (!types.includes(member))
        types.push(member);
    }
  }
  delete schema.anyOf;
  schema.type = types.length === 1 ? types[0] : types;
}
var FOLDABLE_KEYS = /* @__PURE__ */ new Set(["type", "properties", "required", "additionalProperties"]);
var UNION_KEYS = ["oneOf", "anyOf"];
function undeclaredConstraint(member) {
  const extra = member.additionalProperties;
  if (extra === void 0 || extra === false || typeof extra !== "object" || extra === null)
    return null;
  return Object.keys(extra).length ? extra : null;
}
function foldObjects(members2) {
  const objects = [];
  for (const member of members2) {
    if (typeof member !== "object" || member.type !== "object")
      return null;
    for (const key in member) {
      if (!FOLDABLE_KEYS.has(key))
        return null;
    }
    objects.push(member);
  }
  const properties = {};
  const required2 = /* @__PURE__ */ new Set();
  for (const object of objects) {
    for (const key in object.properties) {
      if (Object.prototype.hasOwnProperty.call(properties, key))
        continue;
      const parts = [];
      for (const other of objects) {
        const part = other.properties?.[key] ?? undeclaredConstraint(other);
        if (part === null || part === void 0)
          continue;
        if (!parts.some((seen) => JSON.stringify(seen) === JSON.stringify(part)))
          parts.push(part);
      }
      const merged = parts.length === 1 ? parts[0] : foldObjects(parts) ?? { allOf: parts };
      assignProp(properties, key, merged);
    }
    for (const key of object.required ?? [])
      required2.add(key);
  }
  const folded2 = { type: "object", properties };
  if (required2.size)
    folded2.required = [...required2];
  if (objects.every((object) => object.additionalProperties === false)) {
    folded2.additionalProperties = false;
  } else {
    const constraints = [];
    for (const object of objects) {
      const constraint = undeclaredConstraint(object);
      if (constraint && !constraints.some((seen) => JSON.stringify(seen) === JSON.stringify(constraint)))
        constraints.push(constraint);
    }
    if (constraints.length === 1)
      folded2.additionalProperties = constraints[0];
    else if (constraints.length > 1)
      folded2.additionalProperties = { allOf: constraints };
  }
  return folded2;
}
function foldIntersection(json) {
  const allOf = json.allOf;
  if (!Array.isArray(allOf) || allOf.length < 2)
    return;
  for (const key of FOLDABLE_KEYS)
    if (key in json)
      return;
  const unions = allOf.filter((m) => UNION_KEYS.some((k) => Array.isArray(m[k])));
  let folded2 = null;
  if (!unions.length) {
    folded2 = foldObjects(allOf);
  } else {
    const union2 = unions[0];
    const keyword = UNION_KEYS.find((k) => Array.isArray(union2[k]));
    if (Object.keys(union2).length !== 1)
      return;
    const rest = allOf.filter((m) => m !== union2);
    const branches = union2[keyword].map((branch) => foldObjects([...rest, branch]));
    if (branches.some((b) => !b))
      return;
    folded2 = { [keyword]: branches };
  }
  if (!folded2)
    return;
  delete json.allOf;
  assignProps(json, folded2);
}
function finalize(ctx, schema) {
  const root = ctx.seen.get(schema);
  if (!root)
    throw new Error("Unprocessed schema. This is a bug in Zod.");
  const flattenRef = (zodSchema) => {
    const seen = ctx.seen.get(zodSchema);
    if (seen.ref === null)
      return;
    const schema2 = seen.def ?? seen.schema;
    const _cached = { ...schema2 };
    const ref = seen.ref;
    seen.ref = null;
    if (ref) {
      flattenRef(ref);
      const refSeen = ctx.seen.get(ref);
      const refSchema = refSeen.schema;
      if (refSchema.$ref && (ctx.target === "draft-07" || ctx.target === "draft-04" || ctx.target === "openapi-3.0")) {
        schema2.allOf = schema2.allOf ?? [];
        schema2.allOf.push(refSchema);
      } else {
        assignProps(schema2, refSchema);
      }
      assignProps(schema2, _cached);
      const isParentRef = zodSchema._zod.parent === ref;
      if (isParentRef) {
        for (const key in schema2) {
          if (key === "$ref" || key === "allOf")
            continue;
          if (!(key in _cached)) {
            delete schema2[key];
          }
        }
      }
      if (refSchema.$ref && refSeen.def) {
        for (const key in schema2) {
          if (key === "$ref" || key === "allOf")
            continue;
          if (key in refSeen.def && JSON.stringify(schema2[key]) === JSON.stringify(refSeen.def[key])) {
            delete schema2[key];
          }
        }
      }
    }
    const parent = zodSchema._zod.parent;
    if (parent && parent !== ref) {
      flattenRef(parent);
      const parentSeen = ctx.seen.get(parent);
      if (parentSeen?.schema.$ref) {
        schema2.$ref = parentSeen.schema.$ref;
        if (parentSeen.def) {
          for (const key in schema2) {
            if (key === "$ref" || key === "allOf")
              continue;
            if (key in parentSeen.def && JSON.stringify(schema2[key]) === JSON.stringify(parentSeen.def[key])) {
              delete schema2[key];
            }
          }
        }
      }
    }
    ctx.override({
      zodSchema,
      jsonSchema: schema2,
      path: seen.path ?? []
    });
  };
  if (!ctx.external || ctx.sharedEmitDoneFor !== ctx.external) {
    for (const entry of [...ctx.seen.entries()].reverse()) {
      flattenRef(entry[0]);
    }
    if (ctx.target !== "openapi-3.0") {
      for (const entry of ctx.seen.entries()) {
        compactTypeUnion(entry[1].def ?? entry[1].schema);
      }
    }
    for (const rewrite of ctx.deferred)
      rewrite();
    if (ctx.intersections.length) {
      const carriers = /* @__PURE__ */ new Map();
      for (const seen of ctx.seen.values()) {
        for (const json of [seen.schema, seen.def]) {
          const allOf = json?.allOf;
          if (!Array.isArray(allOf))
            continue;
          const existing = carriers.get(allOf);
          if (existing)
            existing.push(json);
          else
            carriers.set(allOf, [json]);
        }
      }
      for (const allOf of ctx.intersections) {
        for (const json of carriers.get(allOf) ?? [])
          foldIntersection(json);
      }
    }
  }
  const result = {};
  if (ctx.target === "draft-2020-12") {
    result.$schema = "https://json-schema.org/draft/2020-12/schema";
  } else if (ctx.target === "draft-07") {
    result.$schema = "http://json-schema.org/draft-07/schema#";
  } else if (ctx.target === "draft-04") {
    result.$schema = "http://json-schema.org/draft-04/schema#";
  } else if (ctx.target === "openapi-3.0") {
  } else {
  }
  if (ctx.external?.uri) {
    const id = ctx.external.registry.get(schema)?.id;
    if (!id)
      throw new Error("Schema is missing an `id` property");
    result.$id = ctx.external.uri(id);
  }
  assignProps(result, root.defId ? root.schema : root.def ?? root.schema);
  const rootMetaId = ctx.metadataRegistry.get(schema)?.id;
  if (rootMetaId !== void 0 && result.id === rootMetaId)
    delete result.id;
  const defs = ctx.external?.defs ?? {};
  if (!ctx.external || ctx.sharedEmitDoneFor !== ctx.external) {
    for (const entry of ctx.seen.entries()) {
      const seen = entry[1];
      if (seen.def && seen.defId) {
        if (seen.def.id === seen.defId)
          delete seen.def.id;
        assignProp(defs, seen.defId, seen.def);
      }
    }
  }
  if (ctx.external)
    ctx.sharedEmitDoneFor = ctx.external;
  if (ctx.external) {
  } else {
    if (Object.keys(defs).length > 0) {
      if (ctx.target === "draft-2020-12") {
        result.$defs = defs;
      } else {
        result.definitions = defs;
      }
    }
  }
  try {
    const finalized = JSON.parse(JSON.stringify(result));
    Object.defineProperty(finalized, "~standard", {
      value: {
        ...schema["~standard"],
        jsonSchema: {
          input: createStandardJSONSchemaMethod(schema, "input", ctx.processors),
          output: createStandardJSONSchemaMethod(schema, "output", ctx.processors)
        }
      },
      enumerable: false,
      writable: false
    });
    return finalized;
  } catch (_err) {
    throw new Error("Error converting schema to JSON.");
  }
}
function isTransforming(_schema, _ctx) {
  const ctx = _ctx ?? { seen: /* @__PURE__ */ new Set() };
  if (ctx.seen.has(_schema))
    return false;
  ctx.seen.add(_schema);
  const def = _schema._zod.def;
  if (def.type === "transform")
    return true;
  if (def.type === "array")
    return isTransforming(def.element, ctx);
  if (def.type === "set")
    return isTransforming(def.valueType, ctx);
  if (def.type === "lazy")
    return isTransforming(def.getter(), ctx);
  if (def.type === "promise" || def.type === "optional" || def.type === "nonoptional" || def.type === "nullable" || def.type === "readonly" || def.type === "default" || def.type === "prefault" || def.type === "catch") {
    return isTransforming(def.innerType, ctx);
  }
  if (def.type === "intersection") {
    return isTransforming(def.left, ctx) || isTransforming(def.right, ctx);
  }
  if (def.type === "record" || def.type === "map") {
    return isTransforming(def.keyType, ctx) || isTransforming(def.valueType, ctx);
  }
  if (def.type === "pipe") {
    if (_schema._zod.traits.has("$ZodCodec"))
      return true;
    return isTransforming(def.in, ctx) || isTransforming(def.out, ctx);
  }
  if (def.type === "object") {
    for (const key in def.shape) {
      if (isTransforming(def.shape[key], ctx))
        return true;
    }
    return false;
  }
  if (def.type === "union") {
    for (const option of def.options) {
      if (isTransforming(option, ctx))
        return true;
    }
    return false;
  }
  if (def.type === "tuple") {
    for (const item of def.items) {
      if (isTransforming(item, ctx))
        return true;
    }
    if (def.rest && isTransforming(def.rest, ctx))
      return true;
    return false;
  }
  return false;
}
var createToJSONSchemaMethod = (schema, processors = {}) => (params) => {
  const ctx = initializeContext({ ...params, processors });
  processSchema(schema, ctx);
  extractDefs(ctx, schema);
  return finalize(ctx, schema);
};
var createStandardJSONSchemaMethod = (schema, io, processors = {}) => (params) => {
  const { libraryOptions, target: target2 } = params ?? {};
  const ctx = initializeContext({ ...libraryOptions ?? {}, target: target2, io, processors });
  processSchema(schema, ctx);
  extractDefs(ctx, schema);
  return finalize(ctx, schema);
};

// node_modules/zod/v4/core/json-schema-processors.js
var narrowMin = (agg, key, value) => {
  if (agg[key] === void 0 || value > agg[key])
    agg[key] = value;
};
var narrowMax = (agg, key, value) => {
  if (agg[key] === void 0 || value < agg[key])
    agg[key] = value;
};
var narrowBoth = (agg, value) => {
  narrowMin(agg, "minimum", value);
  narrowMax(agg, "maximum", value);
};
var addDivisor = (agg, value) => {
  agg.multipleOf ?? (agg.multipleOf = []);
  if (!agg.multipleOf.includes(value))
    agg.multipleOf.push(value);
};
var addPattern = (agg, pattern) => {
  agg.patterns ?? (agg.patterns = /* @__PURE__ */ new Set());
  agg.patterns.add(pattern);
};
var intersectMime = (agg, mime) => {
  agg.mime = agg.mime ? agg.mime.filter((m) => mime.includes(m)) : [...mime];
};
var setFormat = (agg, format) => {
  agg.format = format;
  if (format.includes("int"))
    agg.isInt = true;
};
var minContributor = (agg, def) => narrowMin(agg, "minimum", def.minimum);
var maxContributor = (agg, def) => narrowMax(agg, "maximum", def.maximum);
var formatContributor = (ranges) => (agg, def) => {
  setFormat(agg, def.format);
  const [minimum, maximum] = ranges[def.format];
  narrowMin(agg, "minimum", minimum);
  narrowMax(agg, "maximum", maximum);
};
var contributors = {
  greater_than: (agg, def) => narrowMin(agg, def.inclusive ? "minimum" : "exclusiveMinimum", def.value),
  less_than: (agg, def) => narrowMax(agg, def.inclusive ? "maximum" : "exclusiveMaximum", def.value),
  multiple_of: (agg, def) => addDivisor(agg, def.value),
  number_format: formatContributor(NUMBER_FORMAT_RANGES),
  bigint_format: formatContributor(BIGINT_FORMAT_RANGES),
  min_length: minContributor,
  max_length: maxContributor,
  length_equals: (agg, def) => narrowBoth(agg, def.length),
  min_size: minContributor,
  max_size: maxContributor,
  size_equals: (agg, def) => narrowBoth(agg, def.size),
  string_format: (agg, def) => {
    setFormat(agg, def.format);
    if (def.pattern)
      addPattern(agg, def.pattern);
    if (def.format === "base64" || def.format === "base64url")
      agg.contentEncoding = def.format;
    if (def.local || def.precision === -1)
      agg.laxFormat = true;
  },
  mime_type: (agg, def) => intersectMime(agg, def.mime)
};
function aggregateChecks(schema) {
  const agg = {};
  const def = schema._zod.def;
  const list = schema._zod.traits.has("$ZodCheck") ? [schema, ...def.checks ?? []] : def.checks ?? [];
  for (const ch of list)
    contributors[ch._zod.def.check]?.(agg, ch._zod.def);
  const bag = schema._zod.bag;
  if (bag.minimum !== void 0)
    narrowMin(agg, "minimum", bag.minimum);
  if (bag.exclusiveMinimum !== void 0)
    narrowMin(agg, "exclusiveMinimum", bag.exclusiveMinimum);
  if (bag.maximum !== void 0)
    narrowMax(agg, "maximum", bag.maximum);
  if (bag.exclusiveMaximum !== void 0)
    narrowMax(agg, "exclusiveMaximum", bag.exclusiveMaximum);
  if (bag.multipleOf !== void 0)
    addDivisor(agg, bag.multipleOf);
  if (bag.format !== void 0) {
    agg.format ?? (agg.format = bag.format);
    if (bag.format.includes("int"))
      agg.isInt = true;
  }
  if (bag.mime)
    intersectMime(agg, bag.mime);
  for (const pattern of bag.patterns ?? [])
    addPattern(agg, pattern);
  return agg;
}
var formatMap = {
  guid: "uuid",
  url: "uri",
  datetime: "date-time",
  json_string: "json-string",
  regex: ""
  // do not set
};
var exactPatterns = /* @__PURE__ */ new Map([
  [base64Charset, base64],
  [base64urlCharset, base64url]
]);
var exactPattern = (p) => exactPatterns.get(p) ?? p;
var stringProcessor = (schema, ctx, _json, _params) => {
  const json = _json;
  json.type = "string";
  const { minimum, maximum, format, patterns, contentEncoding, laxFormat } = aggregateChecks(schema);
  if (typeof minimum === "number")
    json.minLength = minimum;
  if (typeof maximum === "number")
    json.maxLength = maximum;
  if (format) {
    json.format = formatMap[format] ?? format;
    if (json.format === "")
      delete json.format;
    if (format === "time" || laxFormat) {
      delete json.format;
    }
  }
  if (contentEncoding)
    json.contentEncoding = contentEncoding;
  if (patterns && patterns.size > 0) {
    const patternList = [...patterns].map(exactPattern);
    if (patternList.length === 1)
      json.pattern = patternList[0].source;
    else if (patternList.length > 1) {
      json.allOf = [
        ...patternList.map((regex) => ({
          ...ctx.target === "draft-07" || ctx.target === "draft-04" || ctx.target === "openapi-3.0" ? { type: "string" } : {},
          pattern: regex.source
        }))
      ];
    }
  }
};
var numberProcessor = (schema, ctx, _json, params) => {
  const json = _json;
  const { minimum, maximum, multipleOf, exclusiveMaximum, exclusiveMinimum, isInt } = aggregateChecks(schema);
  json.type = isInt ? "integer" : "number";
  const exMin = typeof exclusiveMinimum === "number" && exclusiveMinimum >= (minimum ?? Number.NEGATIVE_INFINITY);
  const exMax = typeof exclusiveMaximum === "number" && exclusiveMaximum <= (maximum ?? Number.POSITIVE_INFINITY);
  const legacy = ctx.target === "draft-04" || ctx.target === "openapi-3.0";
  if (exMin) {
    if (legacy) {
      json.minimum = exclusiveMinimum;
      json.exclusiveMinimum = true;
    } else {
      json.exclusiveMinimum = exclusiveMinimum;
    }
  } else if (typeof minimum === "number") {
    json.minimum = minimum;
  }
  if (exMax) {
    if (legacy) {
      json.maximum = exclusiveMaximum;
      json.exclusiveMaximum = true;
    } else {
      json.exclusiveMaximum = exclusiveMaximum;
    }
  } else if (typeof maximum === "number") {
    json.maximum = maximum;
  }
  if (multipleOf) {
    const divisors = /* @__PURE__ */ new Set();
    for (const divisor of multipleOf) {
      if (Number.isFinite(divisor) && divisor !== 0)
        divisors.add(Math.abs(divisor));
      else
        handleUnrepresentable(schema, ctx, json, params, `A multipleOf divisor of ${divisor} cannot be represented in JSON Schema`);
    }
    const [first, ...rest] = divisors;
    if (first !== void 0)
      json.multipleOf = first;
    if (rest.length)
      json.allOf = [...json.allOf ?? [], ...rest.map((m) => ({ multipleOf: m }))];
  }
};
var booleanProcessor = (_schema, _ctx, json, _params) => {
  json.type = "boolean";
};
var neverProcessor = (_schema, _ctx, json, _params) => {
  json.not = {};
};
var unknownProcessor = (_schema, _ctx, _json, _params) => {
};
var enumProcessor = (schema, _ctx, json, _params) => {
  const def = schema._zod.def;
  const values = getEnumValues(def.entries);
  if (values.length === 0) {
    json.not = {};
    return;
  }
  if (values.every((v) => typeof v === "number"))
    json.type = "number";
  if (values.every((v) => typeof v === "string"))
    json.type = "string";
  json.enum = values;
};
var customProcessor = (schema, ctx, json, params) => {
  handleUnrepresentable(schema, ctx, json, params, "Custom types cannot be represented in JSON Schema");
};
var transformProcessor = (schema, ctx, json, params) => {
  handleUnrepresentable(schema, ctx, json, params, "Transforms cannot be represented in JSON Schema");
};
var arrayProcessor = (schema, ctx, _json, params) => {
  const json = _json;
  const def = schema._zod.def;
  const { minimum, maximum } = aggregateChecks(schema);
  if (typeof minimum === "number")
    json.minItems = minimum;
  if (typeof maximum === "number")
    json.maxItems = maximum;
  json.type = "array";
  json.items = processSchema(def.element, ctx, {
    ...params,
    path: [...params.path, "items"]
  });
};
function inputOptin(schema) {
  const def = schema._zod.def;
  if (def.type === "pipe" && def.in._zod.traits.has("$ZodTransform")) {
    return inputOptin(def.out);
  }
  if (def.type === "catch") {
    return inputOptin(def.innerType);
  }
  return schema._zod.optin;
}
var objectProcessor = (schema, ctx, _json, params) => {
  const json = _json;
  const def = schema._zod.def;
  const shape = def.shape;
  const symbolKeys = Object.getOwnPropertySymbols(shape);
  if (symbolKeys.length && handleUnrepresentable(schema, ctx, json, params, "Symbol keys cannot be represented in JSON Schema")) {
    return;
  }
  json.type = "object";
  json.properties = {};
  for (const key in shape) {
    assignProp(json.properties, key, processSchema(shape[key], ctx, {
      ...params,
      path: [...params.path, "properties", key]
    }));
  }
  const requiredKeys = [];
  for (const key of Object.keys(shape)) {
    const field = def.shape[key];
    if (ctx.io === "input" ? inputOptin(field) === void 0 : field._zod.optout === void 0) {
      requiredKeys.push(key);
    }
  }
  if (requiredKeys.length > 0) {
    json.required = requiredKeys;
  }
  if (def.catchall?._zod.def.type === "never") {
    json.additionalProperties = false;
  } else if (!def.catchall) {
    if (ctx.io === "output")
      json.additionalProperties = false;
  } else if (def.catchall) {
    json.additionalProperties = processSchema(def.catchall, ctx, {
      ...params,
      path: [...params.path, "additionalProperties"]
    });
  }
};
var unionProcessor = (schema, ctx, json, params) => {
  const def = schema._zod.def;
  const isExclusive = def.inclusive === false;
  const options = def.options.map((x, i) => processSchema(x, ctx, {
    ...params,
    path: [...params.path, isExclusive ? "oneOf" : "anyOf", i]
  }));
  if (isExclusive) {
    json.oneOf = options;
  } else {
    json.anyOf = options;
  }
};
var intersectionProcessor = (schema, ctx, json, params) => {
  const def = schema._zod.def;
  const a = processSchema(def.left, ctx, {
    ...params,
    path: [...params.path, "allOf", 0]
  });
  const b = processSchema(def.right, ctx, {
    ...params,
    path: [...params.path, "allOf", 1]
  });
  const isSimpleIntersection = (val) => "allOf" in val && Object.keys(val).length === 1;
  const allOf = [
    ...isSimpleIntersection(a) ? a.allOf : [a],
    ...isSimpleIntersection(b) ? b.allOf : [b]
  ];
  json.allOf = allOf;
  ctx.intersections.push(allOf);
};
function stringifyKeyNames(bySchema, json, visited) {
  if (json.$ref) {
    if (visited.has(json))
      return json;
    visited.add(json);
    const def = bySchema.get(json)?.def;
    if (!def)
      return json;
    const inlined = stringifyKeyNames(bySchema, def, visited);
    return inlined === def ? json : inlined;
  }
  for (const keyword of ["anyOf", "oneOf"]) {
    const branches = json[keyword];
    if (!Array.isArray(branches))
      continue;
    const mapped = branches.map((branch) => stringifyKeyNames(bySchema, branch, visited));
    if (mapped.some((branch, i) => branch !== branches[i]))
      json = { ...json, [keyword]: mapped };
  }
  const types = Array.isArray(json.type) ? json.type : [json.type];
  const numericType = !types.includes("string") && types.some((t) => t === "number" || t === "integer");
  const values = json.enum ?? (json.const !== void 0 ? [json.const] : void 0);
  if (!numericType && !values?.some((v) => typeof v === "number"))
    return json;
  const { minimum, maximum, exclusiveMinimum, exclusiveMaximum, multipleOf, format, id, ...rest } = json;
  if (rest.enum)
    rest.enum = rest.enum.map((v) => typeof v === "number" ? String(v) : v);
  else if (typeof rest.const === "number")
    rest.const = String(rest.const);
  if (!numericType)
    return rest;
  rest.type = "string";
  if (!values)
    rest.pattern = (types.includes("number") ? number : integer).source;
  return rest;
}
var pendingRecords = /* @__PURE__ */ new WeakMap();
function rewriteKeyNames(ctx) {
  const bySchema = /* @__PURE__ */ new Map();
  for (const entry of ctx.seen.values()) {
    if (entry.def && !bySchema.has(entry.schema))
      bySchema.set(entry.schema, entry);
  }
  const rewrites = /* @__PURE__ */ new Map();
  for (const record2 of pendingRecords.get(ctx) ?? []) {
    const seen = ctx.seen.get(record2);
    const names = (seen?.def ?? seen?.schema)?.propertyNames;
    if (!names || names === true || rewrites.has(names))
      continue;
    const rewritten = stringifyKeyNames(bySchema, names, /* @__PURE__ */ new Set());
    if (rewritten !== names)
      rewrites.set(names, rewritten);
  }
  if (!rewrites.size)
    return;
  for (const entry of ctx.seen.values()) {
    for (const carrier of [entry.schema, entry.def]) {
      const rewritten = carrier && rewrites.get(carrier.propertyNames);
      if (rewritten)
        carrier.propertyNames = rewritten;
    }
  }
}
var recordProcessor = (schema, ctx, _json, params) => {
  const json = _json;
  const def = schema._zod.def;
  json.type = "object";
  const keyType = def.keyType;
  const patterns = aggregateChecks(keyType).patterns;
  if (def.mode === "loose" && patterns && patterns.size > 0) {
    const valueSchema = processSchema(def.valueType, ctx, {
      ...params,
      path: [...params.path, "patternProperties", "*"]
    });
    json.patternProperties = {};
    for (const pattern of patterns) {
      assignProp(json.patternProperties, exactPattern(pattern).source, valueSchema);
    }
  } else {
    if (ctx.target === "draft-07" || ctx.target === "draft-2020-12") {
      json.propertyNames = processSchema(def.keyType, ctx, {
        ...params,
        path: [...params.path, "propertyNames"]
      });
      let pending = pendingRecords.get(ctx);
      if (!pending) {
        pending = [];
        pendingRecords.set(ctx, pending);
        ctx.deferred.push(() => rewriteKeyNames(ctx));
      }
      pending.push(schema);
    }
    json.additionalProperties = processSchema(def.valueType, ctx, {
      ...params,
      path: [...params.path, "additionalProperties"]
    });
  }
  const keyValues = keyType._zod.values;
  const omittableOnInput = ctx.io === "input" && inputOptin(def.valueType) !== void 0;
  if (keyValues && !def.partial && !omittableOnInput) {
    const validKeyValues = [...keyValues].filter((v) => typeof v === "string" || typeof v === "number");
    if (validKeyValues.length > 0) {
      json.required = validKeyValues.map(String);
    }
  }
};
var nullableProcessor = (schema, ctx, json, params) => {
  const def = schema._zod.def;
  const inner = processSchema(def.innerType, ctx, params);
  const seen = ctx.seen.get(schema);
  if (ctx.target === "openapi-3.0") {
    seen.ref = def.innerType;
    json.nullable = true;
  } else {
    json.anyOf = [inner, { type: "null" }];
  }
};
var nonoptionalProcessor = (schema, ctx, _json, params) => {
  const def = schema._zod.def;
  processSchema(def.innerType, ctx, params);
  const seen = ctx.seen.get(schema);
  seen.ref = def.innerType;
};
var UNREPRESENTABLE_DEFAULT = /* @__PURE__ */ Symbol();
function serializeDefaultValue(value, schema, ctx, json, params) {
  let unrepresentable = false;
  const serialized = JSON.stringify(value, (_, val) => {
    if (typeof val !== "bigint")
      return val;
    unrepresentable = true;
    return null;
  });
  if (!unrepresentable)
    return JSON.parse(serialized);
  handleUnrepresentable(schema, ctx, json, params, "BigInt defaults cannot be represented in JSON Schema");
  return UNREPRESENTABLE_DEFAULT;
}
var defaultProcessor = (schema, ctx, json, params) => {
  const def = schema._zod.def;
  processSchema(def.innerType, ctx, params);
  const seen = ctx.seen.get(schema);
  seen.ref = def.innerType;
  const value = serializeDefaultValue(def.defaultValue, schema, ctx, json, params);
  if (value !== UNREPRESENTABLE_DEFAULT)
    json.default = value;
};
var prefaultProcessor = (schema, ctx, json, params) => {
  const def = schema._zod.def;
  processSchema(def.innerType, ctx, params);
  const seen = ctx.seen.get(schema);
  seen.ref = def.innerType;
  if (ctx.io !== "input")
    return;
  const value = serializeDefaultValue(def.defaultValue, schema, ctx, json, params);
  if (value !== UNREPRESENTABLE_DEFAULT)
    json._prefault = value;
};
var catchProcessor = (schema, ctx, json, params) => {
  const def = schema._zod.def;
  processSchema(def.innerType, ctx, params);
  const seen = ctx.seen.get(schema);
  seen.ref = def.innerType;
  let catchValue;
  try {
    catchValue = def.catchValue(void 0);
  } catch {
    handleUnrepresentable(schema, ctx, json, params, "Dynamic catch values are not supported in JSON Schema");
    return;
  }
  json.default = catchValue;
};
var pipeProcessor = (schema, ctx, _json, params) => {
  const def = schema._zod.def;
  const inIsTransform = def.in._zod.traits.has("$ZodTransform");
  const innerType = ctx.io === "input" ? inIsTransform ? def.out : def.in : def.out;
  processSchema(innerType, ctx, params);
  const seen = ctx.seen.get(schema);
  seen.ref = innerType;
};
var readonlyProcessor = (schema, ctx, json, params) => {
  const def = schema._zod.def;
  processSchema(def.innerType, ctx, params);
  const seen = ctx.seen.get(schema);
  seen.ref = def.innerType;
  json.readOnly = true;
};
var optionalProcessor = (schema, ctx, _json, params) => {
  const def = schema._zod.def;
  processSchema(def.innerType, ctx, params);
  const seen = ctx.seen.get(schema);
  seen.ref = def.innerType;
};
var lazyProcessor = (schema, ctx, _json, params) => {
  const innerType = schema._zod.innerType;
  processSchema(innerType, ctx, params);
  const seen = ctx.seen.get(schema);
  seen.ref = innerType;
};

// node_modules/zod/v4/classic/errors.js
var _installedErrorProtos = /* @__PURE__ */ new WeakSet([Object.prototype, Error.prototype]);
function _lazyMethod(proto, key, make) {
  Object.defineProperty(proto, key, {
    configurable: true,
    enumerable: false,
    get() {
      const value = make(this);
      Object.defineProperty(this, key, { value, configurable: true, writable: true });
      return value;
    },
    set(value) {
      Object.defineProperty(this, key, { value, configurable: true, writable: true });
    }
  });
}
var initializer2 = (inst, issues) => {
  $ZodError.init(inst, issues);
  inst.name = "ZodError";
  const proto = Object.getPrototypeOf(inst);
  if (_installedErrorProtos.has(proto))
    return;
  _installedErrorProtos.add(proto);
  _lazyMethod(proto, "format", (self) => (mapper) => formatError(self, mapper));
  _lazyMethod(proto, "flatten", (self) => (mapper) => flattenError(self, mapper));
  _lazyMethod(proto, "addIssue", (self) => (issue2) => {
    self.issues.push(issue2);
    self.message = JSON.stringify(self.issues, jsonStringifyReplacer, 2);
  });
  _lazyMethod(proto, "addIssues", (self) => (issues2) => {
    self.issues.push(...issues2);
    self.message = JSON.stringify(self.issues, jsonStringifyReplacer, 2);
  });
  Object.defineProperty(proto, "isEmpty", {
    configurable: true,
    enumerable: false,
    get() {
      return this.issues.length === 0;
    }
  });
};
var ZodRealError = /* @__PURE__ */ $constructor("ZodError", initializer2, void 0, {
  Parent: Error
});

// node_modules/zod/v4/classic/parse.js
var parse = /* @__PURE__ */ _parse(ZodRealError);
var parseAsync = /* @__PURE__ */ _parseAsync(ZodRealError);
var safeParse = /* @__PURE__ */ _safeParse(ZodRealError);
var safeParseAsync = /* @__PURE__ */ _safeParseAsync(ZodRealError);
var encode = /* @__PURE__ */ _encode(ZodRealError);
var decode = /* @__PURE__ */ _decode(ZodRealError);
var encodeAsync = /* @__PURE__ */ _encodeAsync(ZodRealError);
var decodeAsync = /* @__PURE__ */ _decodeAsync(ZodRealError);
var safeEncode = /* @__PURE__ */ _safeEncode(ZodRealError);
var safeDecode = /* @__PURE__ */ _safeDecode(ZodRealError);
var safeEncodeAsync = /* @__PURE__ */ _safeEncodeAsync(ZodRealError);
var safeDecodeAsync = /* @__PURE__ */ _safeDecodeAsync(ZodRealError);

// node_modules/zod/v4/classic/schemas.js
function _ensureDefaultLocale() {
  if (!globalConfig.localeError)
    config(en_default());
}
function _ensureDefaultMemoizer() {
  if (!globalConfig.memoizer)
    config({ memoizer: memoizer() });
}
var ZodType = /* @__PURE__ */ $constructor("ZodType", (inst, def) => {
  _ensureDefaultLocale();
  $ZodType.init(inst, def);
  inst.def = def;
  inst.type = def.type;
  return inst;
}, {
  check(...chks) {
    const def = this.def;
    return this.clone(util_exports.mergeDefs(def, {
      checks: [
        ...def.checks ?? [],
        ...chks.map((ch) => typeof ch === "function" ? { _zod: { check: ch, def: { check: "custom" }, onattach: [] } } : ch)
      ]
    }), { parent: true });
  },
  with(...chks) {
    return this.check(...chks);
  },
  clone(def, params) {
    return clone(this, def, params);
  },
  brand() {
    return this;
  },
  register(reg, meta2) {
    reg.add(this, meta2);
    return this;
  },
  refine(check, params) {
    return this.check(refine(check, params));
  },
  superRefine(refinement, params) {
    return this.check(superRefine(refinement, params));
  },
  overwrite(fn) {
    return this.check(_overwrite(fn));
  },
  optional() {
    return optional(this);
  },
  exactOptional() {
    return exactOptional(this);
  },
  nullable() {
    return nullable(this);
  },
  nullish() {
    return optional(nullable(this));
  },
  nonoptional(params) {
    return nonoptional(this, params);
  },
  array() {
    return array(this);
  },
  or(arg) {
    return union([this, arg]);
  },
  and(arg) {
    return intersection(this, arg);
  },
  transform(tx) {
    return pipe(this, transform(tx));
  },
  default(d) {
    return _default(this, d);
  },
  prefault(d) {
    return prefault(this, d);
  },
  catch(params) {
    return _catch(this, params);
  },
  pipe(target2) {
    return pipe(this, target2);
  },
  readonly() {
    return readonly(this);
  },
  describe(description) {
    const cl = this.clone();
    globalRegistry.add(cl, { description });
    return cl;
  },
  meta(...args) {
    if (args.length === 0)
      return globalRegistry.get(this);
    const cl = this.clone();
    globalRegistry.add(cl, args[0]);
    return cl;
  },
  isOptional() {
    return this.safeParse(void 0).success;
  },
  isNullable() {
    return this.safeParse(null).success;
  },
  apply(fn, ...args) {
    return args.length === 0 ? fn(this) : fn(this, ...args);
  },
  // Overrides core's `~standard` to add `jsonSchema`. Must stay a prototype entry: redefining it per instance demotes instances to dictionary mode.
  get "~standard"() {
    return util_exports.hide(this, "~standard", {
      ...standardProps(this),
      jsonSchema: {
        input: createStandardJSONSchemaMethod(this, "input"),
        output: createStandardJSONSchemaMethod(this, "output")
      }
    });
  },
  set "~standard"(value) {
    util_exports.own(this, "~standard", value);
  },
  parse: function _parse2(data, params) {
    return parse(this, data, params, { callee: _parse2 });
  },
  parseAsync: async function _parseAsync2(data, params) {
    return await parseAsync(this, data, params, { callee: _parseAsync2 });
  },
  safeParse(data, params) {
    return safeParse(this, data, params);
  },
  async safeParseAsync(data, params) {
    return safeParseAsync(this, data, params);
  },
  // `spa` is an alias: same function object as `safeParseAsync`, as before.
  get spa() {
    return this?.safeParseAsync;
  },
  set spa(value) {
    util_exports.own(this, "spa", value);
  },
  validate(data, params) {
    return validate(this, data, params);
  },
  validateAsync(data, params) {
    return validateAsync(this, data, params);
  },
  encode: function _encode2(data, params) {
    return encode(this, data, params, { callee: _encode2 });
  },
  decode: function _decode2(data, params) {
    return decode(this, data, params, { callee: _decode2 });
  },
  encodeAsync: async function _encodeAsync2(data, params) {
    return await encodeAsync(this, data, params, { callee: _encodeAsync2 });
  },
  decodeAsync: async function _decodeAsync2(data, params) {
    return await decodeAsync(this, data, params, { callee: _decodeAsync2 });
  },
  safeEncode(data, params) {
    return safeEncode(this, data, params);
  },
  safeDecode(data, params) {
    return safeDecode(this, data, params);
  },
  async safeEncodeAsync(data, params) {
    return safeEncodeAsync(this, data, params);
  },
  async safeDecodeAsync(data, params) {
    return safeDecodeAsync(this, data, params);
  },
  toJSONSchema(params) {
    return createToJSONSchemaMethod(this, {})(params);
  },
  // Reads through to the registry on every access, so it must not cache.
  get description() {
    return globalRegistry.get(this)?.description;
  },
  // No setter: `schema._def = x` throws, as it did when `_def` was a non-writable own property.
  get _def() {
    return this._zod.def;
  }
});
var _ZodString = /* @__PURE__ */ $constructor(
  "_ZodString",
  (inst, def) => {
    $ZodString.init(inst, def);
    ZodType.init(inst, def);
    inst._zod.processJSONSchema = (ctx, json, params) => stringProcessor(inst, ctx, json, params);
  },
  /* @__PURE__ */ util_exports.derived({
    format: (inst) => aggregateChecks(inst).format ?? null,
    minLength: (inst) => aggregateChecks(inst).minimum ?? null,
    maxLength: (inst) => aggregateChecks(inst).maximum ?? null
  }, {
    regex(...args) {
      return this.check(_regex(...args));
    },
    includes(...args) {
      return this.check(_includes(...args));
    },
    startsWith(...args) {
      return this.check(_startsWith(...args));
    },
    endsWith(...args) {
      return this.check(_endsWith(...args));
    },
    min(...args) {
      return this.check(_minLength(...args));
    },
    max(...args) {
      return this.check(_maxLength(...args));
    },
    length(...args) {
      return this.check(_length(...args));
    },
    nonempty(...args) {
      return this.check(_minLength(1, ...args));
    },
    lowercase(params) {
      return this.check(_lowercase(params));
    },
    uppercase(params) {
      return this.check(_uppercase(params));
    },
    trim() {
      return this.check(_trim());
    },
    normalize(...args) {
      return this.check(_normalize(...args));
    },
    toLowerCase() {
      return this.check(_toLowerCase());
    },
    toUpperCase() {
      return this.check(_toUpperCase());
    },
    slugify() {
      return this.check(_slugify());
    }
  })
);
var ZodString = /* @__PURE__ */ $constructor("ZodString", (inst, def) => {
  $ZodString.init(inst, def);
  _ZodString.init(inst, def);
}, {
  email(params) {
    return this.check(_email(ZodEmail, params));
  },
  url(params) {
    return this.check(_url(ZodURL, params));
  },
  jwt(params) {
    return this.check(_jwt(ZodJWT, params));
  },
  emoji(params) {
    return this.check(_emoji2(ZodEmoji, params));
  },
  guid(params) {
    return this.check(_guid(ZodGUID, params));
  },
  uuid(params) {
    return this.check(_uuid(ZodUUID, params));
  },
  uuidv4(params) {
    return this.check(_uuidv4(ZodUUID, params));
  },
  uuidv6(params) {
    return this.check(_uuidv6(ZodUUID, params));
  },
  uuidv7(params) {
    return this.check(_uuidv7(ZodUUID, params));
  },
  nanoid(params) {
    return this.check(_nanoid(ZodNanoID, params));
  },
  cuid(params) {
    return this.check(_cuid(ZodCUID, params));
  },
  cuid2(params) {
    return this.check(_cuid2(ZodCUID2, params));
  },
  ulid(params) {
    return this.check(_ulid(ZodULID, params));
  },
  base64(params) {
    return this.check(_base64(ZodBase64, params));
  },
  base64url(params) {
    return this.check(_base64url(ZodBase64URL, params));
  },
  xid(params) {
    return this.check(_xid(ZodXID, params));
  },
  ksuid(params) {
    return this.check(_ksuid(ZodKSUID, params));
  },
  ipv4(params) {
    return this.check(_ipv4(ZodIPv4, params));
  },
  ipv6(params) {
    return this.check(_ipv6(ZodIPv6, params));
  },
  cidrv4(params) {
    return this.check(_cidrv4(ZodCIDRv4, params));
  },
  cidrv6(params) {
    return this.check(_cidrv6(ZodCIDRv6, params));
  },
  e164(params) {
    return this.check(_e164(ZodE164, params));
  },
  datetime(params) {
    return this.check(_isoDateTime(ZodISODateTime, params));
  },
  date(params) {
    return this.check(_isoDate(ZodISODate, params));
  },
  time(params) {
    return this.check(_isoTime(ZodISOTime, params));
  },
  duration(params) {
    return this.check(_isoDuration(ZodISODuration, params));
  }
});
function string2(params) {
  return _string(ZodString, params);
}
var ZodStringFormat = /* @__PURE__ */ $constructor("ZodStringFormat", (inst, def) => {
  $ZodStringFormat.init(inst, def);
  _ZodString.init(inst, def);
});
var ZodISODateTime = /* @__PURE__ */ $constructor("ZodISODateTime", (inst, def) => {
  $ZodISODateTime.init(inst, def);
  ZodStringFormat.init(inst, def);
});
var ZodISODate = /* @__PURE__ */ $constructor("ZodISODate", (inst, def) => {
  $ZodISODate.init(inst, def);
  ZodStringFormat.init(inst, def);
});
var ZodISOTime = /* @__PURE__ */ $constructor("ZodISOTime", (inst, def) => {
  $ZodISOTime.init(inst, def);
  ZodStringFormat.init(inst, def);
});
var ZodISODuration = /* @__PURE__ */ $constructor("ZodISODuration", (inst, def) => {
  $ZodISODuration.init(inst, def);
  ZodStringFormat.init(inst, def);
});
var ZodEmail = /* @__PURE__ */ $constructor("ZodEmail", (inst, def) => {
  $ZodEmail.init(inst, def);
  ZodStringFormat.init(inst, def);
});
var ZodGUID = /* @__PURE__ */ $constructor("ZodGUID", (inst, def) => {
  $ZodGUID.init(inst, def);
  ZodStringFormat.init(inst, def);
});
var ZodUUID = /* @__PURE__ */ $constructor("ZodUUID", (inst, def) => {
  $ZodUUID.init(inst, def);
  ZodStringFormat.init(inst, def);
});
var ZodURL = /* @__PURE__ */ $constructor("ZodURL", (inst, def) => {
  $ZodURL.init(inst, def);
  ZodStringFormat.init(inst, def);
});
var ZodEmoji = /* @__PURE__ */ $constructor("ZodEmoji", (inst, def) => {
  $ZodEmoji.init(inst, def);
  ZodStringFormat.init(inst, def);
});
var ZodNanoID = /* @__PURE__ */ $constructor("ZodNanoID", (inst, def) => {
  $ZodNanoID.init(inst, def);
  ZodStringFormat.init(inst, def);
});
var ZodCUID = /* @__PURE__ */ $constructor("ZodCUID", (inst, def) => {
  $ZodCUID.init(inst, def);
  ZodStringFormat.init(inst, def);
});
var ZodCUID2 = /* @__PURE__ */ $constructor("ZodCUID2", (inst, def) => {
  $ZodCUID2.init(inst, def);
  ZodStringFormat.init(inst, def);
});
var ZodULID = /* @__PURE__ */ $constructor("ZodULID", (inst, def) => {
  $ZodULID.init(inst, def);
  ZodStringFormat.init(inst, def);
});
var ZodXID = /* @__PURE__ */ $constructor("ZodXID", (inst, def) => {
  $ZodXID.init(inst, def);
  ZodStringFormat.init(inst, def);
});
var ZodKSUID = /* @__PURE__ */ $constructor("ZodKSUID", (inst, def) => {
  $ZodKSUID.init(inst, def);
  ZodStringFormat.init(inst, def);
});
var ZodIPv4 = /* @__PURE__ */ $constructor("ZodIPv4", (inst, def) => {
  $ZodIPv4.init(inst, def);
  ZodStringFormat.init(inst, def);
});
var ZodIPv6 = /* @__PURE__ */ $constructor("ZodIPv6", (inst, def) => {
  $ZodIPv6.init(inst, def);
  ZodStringFormat.init(inst, def);
});
var ZodCIDRv4 = /* @__PURE__ */ $constructor("ZodCIDRv4", (inst, def) => {
  $ZodCIDRv4.init(inst, def);
  ZodStringFormat.init(inst, def);
});
var ZodCIDRv6 = /* @__PURE__ */ $constructor("ZodCIDRv6", (inst, def) => {
  $ZodCIDRv6.init(inst, def);
  ZodStringFormat.init(inst, def);
});
var ZodBase64 = /* @__PURE__ */ $constructor("ZodBase64", (inst, def) => {
  $ZodBase64.init(inst, def);
  ZodStringFormat.init(inst, def);
});
var ZodBase64URL = /* @__PURE__ */ $constructor("ZodBase64URL", (inst, def) => {
  $ZodBase64URL.init(inst, def);
  ZodStringFormat.init(inst, def);
});
var ZodE164 = /* @__PURE__ */ $constructor("ZodE164", (inst, def) => {
  $ZodE164.init(inst, def);
  ZodStringFormat.init(inst, def);
});
var ZodJWT = /* @__PURE__ */ $constructor("ZodJWT", (inst, def) => {
  $ZodJWT.init(inst, def);
  ZodStringFormat.init(inst, def);
});
var ZodNumber = /* @__PURE__ */ $constructor(
  "ZodNumber",
  (inst, def) => {
    $ZodNumber.init(inst, def);
    ZodType.init(inst, def);
    inst._zod.processJSONSchema = (ctx, json, params) => numberProcessor(inst, ctx, json, params);
    inst.isFinite = true;
  },
  /* @__PURE__ */ util_exports.derived({
    minValue: (inst) => {
      const { minimum, exclusiveMinimum } = aggregateChecks(inst);
      return Math.max(minimum ?? Number.NEGATIVE_INFINITY, exclusiveMinimum ?? Number.NEGATIVE_INFINITY);
    },
    maxValue: (inst) => {
      const { maximum, exclusiveMaximum } = aggregateChecks(inst);
      return Math.min(maximum ?? Number.POSITIVE_INFINITY, exclusiveMaximum ?? Number.POSITIVE_INFINITY);
    },
    isInt: (inst) => {
      const { isInt, multipleOf } = aggregateChecks(inst);
      return !!isInt || !!multipleOf?.some(Number.isSafeInteger);
    },
    format: (inst) => aggregateChecks(inst).format ?? null
  }, {
    gt(value, params) {
      return this.check(_gt(value, params));
    },
    gte(value, params) {
      return this.check(_gte(value, params));
    },
    min(value, params) {
      return this.check(_gte(value, params));
    },
    lt(value, params) {
      return this.check(_lt(value, params));
    },
    lte(value, params) {
      return this.check(_lte(value, params));
    },
    max(value, params) {
      return this.check(_lte(value, params));
    },
    int(params) {
      return this.check(int(params));
    },
    safe(params) {
      return this.check(int(params));
    },
    positive(params) {
      return this.check(_gt(0, params));
    },
    nonnegative(params) {
      return this.check(_gte(0, params));
    },
    negative(params) {
      return this.check(_lt(0, params));
    },
    nonpositive(params) {
      return this.check(_lte(0, params));
    },
    multipleOf(value, params) {
      return this.check(_multipleOf(value, params));
    },
    step(value, params) {
      return this.check(_multipleOf(value, params));
    },
    finite() {
      return this;
    }
  })
);
function number2(params) {
  return _number(ZodNumber, params);
}
var ZodNumberFormat = /* @__PURE__ */ $constructor("ZodNumberFormat", (inst, def) => {
  $ZodNumberFormat.init(inst, def);
  ZodNumber.init(inst, def);
});
function int(params) {
  return _int(ZodNumberFormat, params);
}
var ZodBoolean = /* @__PURE__ */ $constructor("ZodBoolean", (inst, def) => {
  $ZodBoolean.init(inst, def);
  ZodType.init(inst, def);
  inst._zod.processJSONSchema = (ctx, json, params) => booleanProcessor(inst, ctx, json, params);
});
function boolean2(params) {
  return _boolean(ZodBoolean, params);
}
var ZodUnknown = /* @__PURE__ */ $constructor("ZodUnknown", (inst, def) => {
  $ZodUnknown.init(inst, def);
  ZodType.init(inst, def);
  inst._zod.processJSONSchema = (ctx, json, params) => unknownProcessor(inst, ctx, json, params);
});
function unknown() {
  return _unknown(ZodUnknown);
}
var ZodNever = /* @__PURE__ */ $constructor("ZodNever", (inst, def) => {
  $ZodNever.init(inst, def);
  ZodType.init(inst, def);
  inst._zod.processJSONSchema = (ctx, json, params) => neverProcessor(inst, ctx, json, params);
});
function never(params) {
  return _never(ZodNever, params);
}
var ZodArray = /* @__PURE__ */ $constructor("ZodArray", (inst, def) => {
  _ensureDefaultMemoizer();
  $ZodArray.init(inst, def);
  ZodType.init(inst, def);
  inst._zod.processJSONSchema = (ctx, json, params) => arrayProcessor(inst, ctx, json, params);
  inst.element = def.element;
}, {
  min(n, params) {
    return this.check(_minLength(n, params));
  },
  nonempty(params) {
    return this.check(_minLength(1, params));
  },
  max(n, params) {
    return this.check(_maxLength(n, params));
  },
  length(n, params) {
    return this.check(_length(n, params));
  },
  unwrap() {
    return this.element;
  }
});
function array(element, params) {
  return _array(ZodArray, element, params);
}
var ZodObject = /* @__PURE__ */ $constructor("ZodObject", (inst, def) => {
  _ensureDefaultMemoizer();
  $ZodObjectJIT.init(inst, def);
  ZodType.init(inst, def);
  inst._zod.processJSONSchema = (ctx, json, params) => objectProcessor(inst, ctx, json, params);
  util_exports.installLazyProp(inst, "shape", (self) => self._zod.def.shape, false);
}, {
  keyof() {
    return _enum(Object.keys(this._zod.def.shape));
  },
  catchall(catchall) {
    return this.clone(util_exports.mergeDefs(this._zod.def, { catchall }));
  },
  passthrough() {
    return this.clone(util_exports.mergeDefs(this._zod.def, { catchall: unknown() }));
  },
  loose() {
    return this.clone(util_exports.mergeDefs(this._zod.def, { catchall: unknown() }));
  },
  strict() {
    return this.clone(util_exports.mergeDefs(this._zod.def, { catchall: never() }));
  },
  strip() {
    return this.clone(util_exports.mergeDefs(this._zod.def, { catchall: void 0 }));
  },
  extend(incoming) {
    return util_exports.extend(this, incoming);
  },
  safeExtend(incoming) {
    return util_exports.safeExtend(this, incoming);
  },
  merge(other) {
    return util_exports.merge(this, other);
  },
  pick(mask) {
    return util_exports.pick(this, mask);
  },
  omit(mask) {
    return util_exports.omit(this, mask);
  },
  partial(...args) {
    return util_exports.partial(ZodOptional, this, args[0]);
  },
  exactPartial(...args) {
    return util_exports.partial(ZodExactOptional, this, args[0], "exactPartial");
  },
  required(...args) {
    return util_exports.required(ZodNonOptional, this, args[0]);
  }
});
function strictObject(shape, params) {
  return new ZodObject({
    type: "object",
    shape,
    catchall: never(),
    ...util_exports.normalizeParams(params)
  });
}
function looseObject(shape, params) {
  return new ZodObject({
    type: "object",
    shape,
    catchall: unknown(),
    ...util_exports.normalizeParams(params)
  });
}
var ZodUnion = /* @__PURE__ */ $constructor("ZodUnion", (inst, def) => {
  $ZodUnion.init(inst, def);
  ZodType.init(inst, def);
  inst._zod.processJSONSchema = (ctx, json, params) => unionProcessor(inst, ctx, json, params);
  inst.options = def.options;
});
function union(options, params) {
  return new ZodUnion({
    type: "union",
    options,
    ...util_exports.normalizeParams(params)
  });
}
var ZodIntersection = /* @__PURE__ */ $constructor("ZodIntersection", (inst, def) => {
  $ZodIntersection.init(inst, def);
  ZodType.init(inst, def);
  inst._zod.processJSONSchema = (ctx, json, params) => intersectionProcessor(inst, ctx, json, params);
});
function intersection(left, right) {
  return new ZodIntersection({
    type: "intersection",
    left,
    right
  });
}
var ZodRecord = /* @__PURE__ */ $constructor("ZodRecord", (inst, def) => {
  _ensureDefaultMemoizer();
  $ZodRecord.init(inst, def);
  ZodType.init(inst, def);
  inst._zod.processJSONSchema = (ctx, json, params) => recordProcessor(inst, ctx, json, params);
  inst.keyType = def.keyType;
  inst.valueType = def.valueType;
});
function record(keyType, valueType, params) {
  if (!valueType || !valueType._zod) {
    return new ZodRecord({
      type: "record",
      keyType: string2(),
      valueType: keyType,
      ...util_exports.normalizeParams(valueType)
    });
  }
  return new ZodRecord({
    type: "record",
    keyType,
    valueType,
    ...util_exports.normalizeParams(params)
  });
}
function partialRecord(keyType, valueType, params) {
  return new ZodRecord({
    type: "record",
    keyType,
    valueType,
    ...util_exports.normalizeParams(params),
    partial: true
  });
}
var ZodEnum = /* @__PURE__ */ $constructor("ZodEnum", (inst, def) => {
  $ZodEnum.init(inst, def);
  ZodType.init(inst, def);
  inst._zod.processJSONSchema = (ctx, json, params) => enumProcessor(inst, ctx, json, params);
  inst.enum = def.entries;
  inst.options = [...inst._zod.values];
  const keys = new Set(Object.keys(def.entries));
  inst.extract = (values, params) => {
    const newEntries = {};
    for (const value of values) {
      if (keys.has(value)) {
        newEntries[value] = def.entries[value];
      } else
        throw new Error(`Key ${value} not found in enum`);
    }
    return new ZodEnum({
      ...def,
      checks: [],
      ...util_exports.normalizeParams(params),
      entries: newEntries
    });
  };
  inst.exclude = (values, params) => {
    const newEntries = { ...def.entries };
    for (const value of values) {
      if (keys.has(value)) {
        delete newEntries[value];
      } else
        throw new Error(`Key ${value} not found in enum`);
    }
    return new ZodEnum({
      ...def,
      checks: [],
      ...util_exports.normalizeParams(params),
      entries: newEntries
    });
  };
});
function _enum(values, params) {
  const entries = Array.isArray(values) ? Object.fromEntries(values.map((v) => [v, v])) : values;
  return new ZodEnum({
    type: "enum",
    entries,
    ...util_exports.normalizeParams(params)
  });
}
var ZodTransform = /* @__PURE__ */ $constructor("ZodTransform", (inst, def) => {
  _ensureDefaultMemoizer();
  $ZodTransform.init(inst, def);
  ZodType.init(inst, def);
  inst._zod.processJSONSchema = (ctx, json, params) => transformProcessor(inst, ctx, json, params);
  inst._zod.parse = (payload, _ctx) => {
    if (_ctx.direction === "backward") {
      throw new $ZodEncodeError(inst.constructor.name);
    }
    payload.addIssue = (issue2) => {
      if (typeof issue2 === "string") {
        payload.issues.push(util_exports.issue(issue2, payload.value, def));
      } else {
        const _issue = issue2;
        if (_issue.fatal)
          _issue.continue = false;
        _issue.code ?? (_issue.code = "custom");
        if (!("input" in _issue))
          _issue.input = payload.value;
        _issue.inst ?? (_issue.inst = inst);
        payload.issues.push(util_exports.issue(_issue));
      }
    };
    const output = def.transform(payload.value, payload);
    if (output instanceof Promise) {
      return output.then((output2) => {
        payload.value = output2;
        return payload;
      });
    }
    payload.value = output;
    return payload;
  };
});
function transform(fn) {
  return new ZodTransform({
    type: "transform",
    transform: fn
  });
}
var ZodOptional = /* @__PURE__ */ $constructor("ZodOptional", (inst, def) => {
  $ZodOptional.init(inst, def);
  ZodType.init(inst, def);
  inst._zod.processJSONSchema = (ctx, json, params) => optionalProcessor(inst, ctx, json, params);
  inst.unwrap = () => inst._zod.def.innerType;
});
function optional(innerType) {
  return new ZodOptional({
    type: "optional",
    innerType
  });
}
var ZodExactOptional = /* @__PURE__ */ $constructor("ZodExactOptional", (inst, def) => {
  $ZodExactOptional.init(inst, def);
  ZodType.init(inst, def);
  inst._zod.processJSONSchema = (ctx, json, params) => optionalProcessor(inst, ctx, json, params);
  inst.unwrap = () => inst._zod.def.innerType;
});
function exactOptional(innerType) {
  return new ZodExactOptional({
    type: "optional",
    innerType
  });
}
var ZodNullable = /* @__PURE__ */ $constructor("ZodNullable", (inst, def) => {
  $ZodNullable.init(inst, def);
  ZodType.init(inst, def);
  inst._zod.processJSONSchema = (ctx, json, params) => nullableProcessor(inst, ctx, json, params);
  inst.unwrap = () => inst._zod.def.innerType;
});
function nullable(innerType) {
  return new ZodNullable({
    type: "nullable",
    innerType
  });
}
var ZodDefault = /* @__PURE__ */ $constructor("ZodDefault", (inst, def) => {
  $ZodDefault.init(inst, def);
  ZodType.init(inst, def);
  inst._zod.processJSONSchema = (ctx, json, params) => defaultProcessor(inst, ctx, json, params);
  inst.unwrap = () => inst._zod.def.innerType;
  inst.removeDefault = inst.unwrap;
});
function _default(innerType, defaultValue) {
  return new ZodDefault({
    type: "default",
    innerType,
    get defaultValue() {
      return typeof defaultValue === "function" ? defaultValue() : util_exports.shallowClone(defaultValue);
    }
  });
}
var ZodPrefault = /* @__PURE__ */ $constructor("ZodPrefault", (inst, def) => {
  $ZodPrefault.init(inst, def);
  ZodType.init(inst, def);
  inst._zod.processJSONSchema = (ctx, json, params) => prefaultProcessor(inst, ctx, json, params);
  inst.unwrap = () => inst._zod.def.innerType;
});
function prefault(innerType, defaultValue) {
  return new ZodPrefault({
    type: "prefault",
    innerType,
    get defaultValue() {
      return typeof defaultValue === "function" ? defaultValue() : util_exports.shallowClone(defaultValue);
    }
  });
}
var ZodNonOptional = /* @__PURE__ */ $constructor("ZodNonOptional", (inst, def) => {
  $ZodNonOptional.init(inst, def);
  ZodType.init(inst, def);
  inst._zod.processJSONSchema = (ctx, json, params) => nonoptionalProcessor(inst, ctx, json, params);
  inst.unwrap = () => inst._zod.def.innerType;
});
function nonoptional(innerType, params) {
  return new ZodNonOptional({
    type: "nonoptional",
    innerType,
    ...util_exports.normalizeParams(params)
  });
}
var ZodCatch = /* @__PURE__ */ $constructor("ZodCatch", (inst, def) => {
  $ZodCatch.init(inst, def);
  ZodType.init(inst, def);
  inst._zod.processJSONSchema = (ctx, json, params) => catchProcessor(inst, ctx, json, params);
  inst.unwrap = () => inst._zod.def.innerType;
  inst.removeCatch = inst.unwrap;
});
function _catch(innerType, catchValue) {
  return new ZodCatch({
    type: "catch",
    innerType,
    catchValue: typeof catchValue === "function" ? catchValue : util_exports.constantCatch(catchValue)
  });
}
var ZodPipe = /* @__PURE__ */ $constructor("ZodPipe", (inst, def) => {
  $ZodPipe.init(inst, def);
  ZodType.init(inst, def);
  inst._zod.processJSONSchema = (ctx, json, params) => pipeProcessor(inst, ctx, json, params);
  inst.in = def.in;
  inst.out = def.out;
});
function pipe(in_, out) {
  return new ZodPipe({
    type: "pipe",
    in: in_,
    out
    // ...util.normalizeParams(params),
  });
}
var ZodReadonly = /* @__PURE__ */ $constructor("ZodReadonly", (inst, def) => {
  $ZodReadonly.init(inst, def);
  ZodType.init(inst, def);
  inst._zod.processJSONSchema = (ctx, json, params) => readonlyProcessor(inst, ctx, json, params);
  inst.unwrap = () => inst._zod.def.innerType;
});
function readonly(innerType) {
  return new ZodReadonly({
    type: "readonly",
    innerType
  });
}
var ZodLazy = /* @__PURE__ */ $constructor("ZodLazy", (inst, def) => {
  $ZodLazy.init(inst, def);
  ZodType.init(inst, def);
  inst._zod.processJSONSchema = (ctx, json, params) => lazyProcessor(inst, ctx, json, params);
  inst.unwrap = () => inst._zod.def.getter();
});
function lazy(getter) {
  return new ZodLazy({
    type: "lazy",
    getter
  });
}
var ZodCustom = /* @__PURE__ */ $constructor("ZodCustom", (inst, def) => {
  $ZodCustom.init(inst, def);
  ZodType.init(inst, def);
  inst._zod.processJSONSchema = (ctx, json, params) => customProcessor(inst, ctx, json, params);
});
function refine(fn, _params = {}) {
  return _refine(ZodCustom, fn, _params);
}
function superRefine(fn, params) {
  return _superRefine(fn, params);
}

// src/plan/schema.ts
var rawChange = looseObject({
  // Action names are free strings: a future Terraform may add one, which must not be fatal.
  actions: array(string2()),
  before: unknown().optional(),
  after: unknown().optional(),
  after_unknown: unknown().optional(),
  before_sensitive: unknown().optional(),
  after_sensitive: unknown().optional(),
  replace_paths: array(array(union([string2(), number2()]))).nullish(),
  importing: unknown().optional()
});
var rawResourceChange = looseObject({
  // Terraform 0.15-1.0 wrote `resource_drift` entries without an address; it is rebuilt from the parts.
  address: string2().nullish(),
  previous_address: string2().nullish(),
  module_address: string2().nullish(),
  mode: string2().nullish(),
  type: string2(),
  name: string2().nullish(),
  index: unknown().optional(),
  provider_name: string2().nullish(),
  deposed: string2().nullish(),
  change: rawChange,
  action_reason: string2().nullish()
});
var rawResource = looseObject({
  address: string2().nullish(),
  mode: string2().nullish(),
  type: string2().nullish(),
  /** Set on a deposed object, listed beside the current object of the same resource instance. */
  deposed_key: string2().nullish()
});
var rawModule = lazy(
  () => looseObject({
    resources: array(rawResource).nullish(),
    child_modules: array(rawModule).nullish()
  })
);
var rawState = looseObject({
  values: looseObject({
    root_module: rawModule.nullish(),
    outputs: record(string2(), looseObject({ sensitive: boolean2().nullish(), value: unknown().optional() })).nullish()
  }).nullish()
});
var rawOutputChange = looseObject({
  actions: array(string2()),
  after_sensitive: unknown().optional(),
  before_sensitive: unknown().optional(),
  before: unknown().optional(),
  after: unknown().optional()
});
var rawActionInvocation = looseObject({
  address: string2().nullish(),
  type: string2().nullish(),
  name: string2().nullish(),
  provider_name: string2().nullish(),
  config_values: record(string2(), unknown()).nullish(),
  config_sensitive: unknown().optional(),
  lifecycle_action_trigger: looseObject({ triggering_resource_address: string2().nullish(), action_trigger_event: string2().nullish() }).nullish(),
  invoke_cmd_action_trigger: looseObject({ action_trigger_event: string2().nullish() }).nullish()
});
var rawPlan = looseObject({
  format_version: string2().optional(),
  plan_format_version: string2().optional(),
  terraform_version: string2().nullish(),
  variables: record(string2(), looseObject({ value: unknown().optional() })).nullish(),
  resource_changes: array(rawResourceChange).nullish(),
  resource_drift: array(rawResourceChange).nullish(),
  output_changes: record(string2(), rawOutputChange).nullish(),
  prior_state: rawState.nullish(),
  planned_values: unknown().optional(),
  configuration: unknown().optional(),
  errored: boolean2().nullish(),
  complete: boolean2().nullish(),
  // Terraform 1.9+: changes that could not be planned fully this round.
  deferred_changes: array(looseObject({ reason: string2().nullish(), resource_change: rawResourceChange })).nullish(),
  // Terraform 1.14+: provider actions the apply runs.
  action_invocations: array(rawActionInvocation).nullish(),
  deferred_action_invocations: array(looseObject({ reason: string2().nullish(), action_invocation: rawActionInvocation })).nullish()
});

// src/plan/load.ts
var SUPPORTED_MAJOR = 1;
function loadPlanFile(path2, displayName = path2, onProgress) {
  return loadPlanChunks(readFileChunks(path2, onProgress), displayName);
}
function loadPlanBytes(bytes, source) {
  return loadPlanChunks([bytes], source);
}
function loadPlanChunks(chunks, source) {
  return loadPlanJson(readPlanSections(chunks, source), source);
}
function loadPlanJson(json, source) {
  if (json === null || typeof json !== "object" || Array.isArray(json)) {
    throw new InputError(source, "this JSON is not a Terraform plan (expected an object from `terraform show -json`)");
  }
  const record2 = json;
  rejectNonPlans(record2, source);
  const parsed = rawPlan.safeParse(record2);
  if (!parsed.success) {
    const issue2 = parsed.error.issues[0];
    const where = issue2 ? issue2.path.map(String).join(".") : "";
    throw new InputError(source, `this plan is malformed at ${where || "the top level"}: ${issue2?.message ?? "unexpected shape"}`);
  }
  return normalizePlan(parsed.data, source);
}
function rejectNonPlans(record2, source) {
  const version2 = record2["format_version"] ?? record2["plan_format_version"];
  const looksLikePlan = "resource_changes" in record2 || "planned_values" in record2 || "plan_format_version" in record2;
  if (!looksLikePlan) {
    if ("lineage" in record2 || "serial" in record2 || "values" in record2 && "format_version" in record2) {
      throw new InputError(source, "this is a Terraform state file (or `terraform show -json` without a plan file), not a plan. Run: terraform show -json PLANFILE > plan.json");
    }
    throw new InputError(source, "this JSON is not a Terraform plan: it has no `resource_changes` or `planned_values` (expected the output of `terraform show -json PLANFILE`)");
  }
  if (version2 !== void 0) {
    const major = typeof version2 === "string" ? Number.parseInt(version2.split(".")[0] ?? "", 10) : Number.NaN;
    if (!Number.isFinite(major)) throw new InputError(source, `unrecognized format_version ${JSON.stringify(version2)}`);
    if (major > SUPPORTED_MAJOR || major < 0) {
      throw new InputError(source, `plan format_version ${String(version2)} is not supported (this tf-plan-guard reads format 0.x and 1.x); upgrade tf-plan-guard`);
    }
  }
}

// src/policy/config.ts
var import_yaml = __toESM(require_dist(), 1);
import { existsSync, readFileSync as readFileSync2 } from "node:fs";
var BLOCK_ON_VALUES = [...SEVERITIES, "none"];
var globList = union([string2().min(1), array(string2().min(1)).min(1)]).transform((value) => Array.isArray(value) ? value : [value]);
var ruleSettings = strictObject({
  severity: _enum(SEVERITIES).optional(),
  enabled: boolean2().optional()
});
var KNOWN_RULES = `known rules: ${RULE_IDS.join(", ")}`;
var ruleIdSchema = _enum(RULE_IDS, { error: (issue2) => `${JSON.stringify(issue2.input)} is not a rule id (${KNOWN_RULES})` });
var REASON_REQUIRED = "every ignore entry needs a reason";
var policySchema = strictObject({
  "block-on": _enum(BLOCK_ON_VALUES).optional(),
  rules: partialRecord(ruleIdSchema, ruleSettings).optional(),
  stateful: strictObject({
    include: array(string2().min(1)).optional(),
    exclude: array(string2().min(1)).optional()
  }).optional(),
  ignore: array(
    strictObject({
      address: globList,
      rules: array(ruleIdSchema).optional(),
      reason: string2({ error: REASON_REQUIRED }).trim().min(1, REASON_REQUIRED)
    })
  ).optional(),
  "mass-delete": strictObject({ threshold: number2().int().min(1) }).optional()
});
var DEFAULT_POLICY = {
  blockOn: "high",
  rules: {},
  stateful: { include: [], exclude: [] },
  ignore: [],
  massDeleteThreshold: 10,
  source: null
};
var DEFAULT_POLICY_PATH = ".github/tf-plan-guard.yml";
function resolvePolicy(explicitPath, cwd = process.cwd()) {
  if (explicitPath) return loadPolicyFile(explicitPath);
  const defaultPath = `${cwd}/${DEFAULT_POLICY_PATH}`;
  return existsSync(defaultPath) ? loadPolicyFile(defaultPath, DEFAULT_POLICY_PATH) : DEFAULT_POLICY;
}
function loadPolicyFile(path2, displayName = path2) {
  let text;
  try {
    text = readFileSync2(path2, "utf8");
  } catch {
    throw new InputError(displayName, "policy file not found or unreadable");
  }
  return parsePolicy(text, displayName);
}
function parsePolicy(text, source) {
  let data;
  try {
    data = (0, import_yaml.parse)(text, { prettyErrors: false });
  } catch (error2) {
    const offset = error2.pos?.[0];
    const where = offset === void 0 ? "" : ` at ${lineAndColumn(text, offset)}`;
    const detail = error2 instanceof Error ? `: ${error2.message.split("\n", 1)[0]}` : "";
    throw new InputError(source, `the policy file is not valid YAML or JSON${where}${detail}`);
  }
  if (data === null || data === void 0) return { ...DEFAULT_POLICY, source };
  const parsed = policySchema.safeParse(data);
  if (!parsed.success) throw new InputError(source, describeIssue(parsed.error.issues[0]));
  const policy = parsed.data;
  return {
    blockOn: policy["block-on"] ?? DEFAULT_POLICY.blockOn,
    rules: policy.rules ?? {},
    stateful: { include: policy.stateful?.include ?? [], exclude: policy.stateful?.exclude ?? [] },
    ignore: (policy.ignore ?? []).map((entry) => ({ addresses: entry.address, rules: entry.rules ?? null, reason: entry.reason })),
    massDeleteThreshold: policy["mass-delete"]?.threshold ?? DEFAULT_POLICY.massDeleteThreshold,
    source
  };
}
function describeIssue(issue2) {
  if (!issue2) return "the policy file is invalid";
  if (issue2.code === "unrecognized_keys" && issue2.path.length === 1 && issue2.path[0] === "rules") {
    const keys = issue2.keys.map((key) => `"rules.${key}"`);
    return `${keys.join(", ")} ${keys.length > 1 ? "are not rule ids" : "is not a rule id"} (${KNOWN_RULES})`;
  }
  if (issue2.code === "unrecognized_keys") {
    const keys = issue2.keys.map((key) => [...issue2.path, key].map(String).join("."));
    return `unknown key${keys.length > 1 ? "s" : ""} ${keys.map((key) => `"${key}"`).join(", ")} in the policy file`;
  }
  const where = issue2.path.map(String).join(".") || "(top level)";
  if (issue2.code === "invalid_key") return `"${where}" is not a rule id (${KNOWN_RULES})`;
  return `"${where}": ${issue2.message}`;
}
function lineAndColumn(text, offset) {
  const before = text.slice(0, offset);
  const line = before.split("\n").length;
  return `line ${line}, column ${offset - before.lastIndexOf("\n")}`;
}

// src/render/escape.ts
var REFERENCES = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  "*": "&#42;",
  _: "&#95;",
  "~": "&#126;",
  "`": "&#96;",
  "|": "&#124;",
  "[": "&#91;",
  "]": "&#93;",
  "\\": "&#92;",
  $: "&#36;",
  "#": "&#35;",
  "!": "&#33;",
  ":": "&#58;"
};
var MARKUP = /[&<>*~`|[\]\\$#]|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])|!(?=\[)|:(?=[A-Za-z0-9/+_-])/g;
var LINE_BREAK = /\r\n|\r|\n/g;
var AUTOLINKED = /(@)(?=[\w-])|(#)(?=\d)|\b(www)(?=\.)/gi;
function escapeText(text) {
  return text.replace(/\0/g, "�").replace(AUTOLINKED, "$&​").replace(MARKUP, (character) => REFERENCES[character] ?? character).replace(LINE_BREAK, "<br>");
}
function escapeCell(text) {
  return escapeText(text);
}
function code(text, inTable = false) {
  const oneLine2 = text.replace(/\0/g, "�").replace(LINE_BREAK, "␤");
  const longestRun = Math.max(0, ...[...oneLine2.matchAll(/`+/g)].map((match2) => match2[0].length));
  const fence = "`".repeat(longestRun + 1);
  const body = inTable ? escapeCodeInTable(oneLine2) : oneLine2;
  const pad = body.startsWith("`") || body.endsWith("`") || /^ .* $/.test(body) ? " " : "";
  return `${fence}${pad}${body}${pad}${fence}`;
}
function codeHtml(text) {
  return `<code>${escapeText(text)}</code>`;
}
function escapeCodeInTable(text) {
  return text.replace(/\|/g, "\\|");
}

// src/render/scrub.ts
var matchers = /* @__PURE__ */ new WeakMap();
function scrubSecrets(text, secrets) {
  const matcher = secretMatcher(secrets);
  return matcher.isEmpty ? text : matcher.replaceAll(text, SENSITIVE_PLACEHOLDER);
}
function scrubReport(report, secrets) {
  if (secretMatcher(secrets).isEmpty) return report;
  const scrub = (text) => scrubSecrets(text, secrets);
  const scrubNullable = (text) => text === null ? null : scrub(text);
  return {
    ...report,
    plans: report.plans.map((plan) => ({
      ...plan,
      name: scrub(plan.name),
      terraformVersion: scrubNullable(plan.terraformVersion),
      formatVersion: scrubNullable(plan.formatVersion),
      warnings: plan.warnings.map(scrub),
      findings: plan.findings.map((finding) => ({
        ...finding,
        message: scrub(finding.message),
        remediation: scrubNullable(finding.remediation),
        details: finding.details.map(scrub),
        ...finding.identity ? { identity: finding.identity.map(scrub) } : {},
        suppressed: finding.suppressed && { reason: scrub(finding.suppressed.reason) }
      }))
    }))
  };
}
function secretMatcher(secrets) {
  const cached2 = matchers.get(secrets);
  if (cached2 !== void 0) return cached2;
  const forms = /* @__PURE__ */ new Set();
  for (const secret of [...secrets.sensitive].filter((value) => value.length >= SCRUBBED_SECRET_MIN_LENGTH)) {
    forms.add(secret);
    forms.add(JSON.stringify(secret).slice(1, -1));
    forms.add(escapeHtml(secret));
    forms.add(escapeText(secret));
    forms.add(escapeCell(secret));
    forms.add(escapeCodeInTable(secret));
  }
  const matcher = new SecretMatcher([...forms].map((text) => ({ text, wholeWord: text.length < WHOLE_WORD_BELOW })));
  matchers.set(secrets, matcher);
  return matcher;
}
var WHOLE_WORD_BELOW = 8;
function escapeHtml(text) {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

// src/report.ts
function allFindings(report) {
  return report.plans.flatMap((plan) => plan.findings);
}

// src/render/words.ts
var SUMMARY_WORDS = [
  ["create", "to create"],
  ["update", "to update"],
  ["replace", "to replace"],
  ["delete", "to delete"],
  ["forget", "to forget"],
  ["import", "to import"],
  ["move", "moved"],
  ["read", "to read"]
];
function describeSummary(summary) {
  const parts = SUMMARY_WORDS.filter(([key]) => summary[key] > 0).map(([key, words]) => `${summary[key]} ${words}`);
  return parts.length > 0 ? parts.join(", ") : "no changes";
}
function blockingFindings(report) {
  return allFindings(report).filter((finding) => isBlockingFinding(finding, report.blockOn));
}
function verdictLine(report) {
  const blocking = blockingFindings(report).length;
  if (blocking > 0) return `Needs approval: ${count(blocking)} blocking change${blocking === 1 ? "" : "s"} (at or above ${report.blockOn})`;
  const unsuppressed = allFindings(report).filter((finding) => !finding.suppressed).length;
  if (unsuppressed > 0) return `No blocking changes (${count(unsuppressed)} finding${unsuppressed === 1 ? "" : "s"} below ${report.blockOn})`;
  return "No dangerous changes";
}
function groupBySeverity(findings) {
  return SEVERITIES.map((severity) => ({ severity, findings: findings.filter((finding) => !finding.suppressed && finding.severity === severity) })).filter(
    (group) => group.findings.length > 0
  );
}
function planVersions(plan) {
  return [plan.terraformVersion ? `Terraform ${plan.terraformVersion}` : null, plan.formatVersion ? `format ${plan.formatVersion}` : null].filter(Boolean).join(", ");
}
function planHeading(plan) {
  const versions = planVersions(plan);
  return versions ? `${plan.name} (${versions})` : plan.name;
}
function count(value) {
  return value.toLocaleString("en-US");
}
function counted(value, singular, pluralForm = pluralOf(singular)) {
  return `${count(value)} ${value === 1 ? singular : pluralForm}`;
}
function terraformPlanLine(summary) {
  const add = summary.create + summary.replace;
  const destroy = summary.delete + summary.replace;
  if (add + summary.update + destroy + summary.forget + summary.import + summary.move === 0) return "No changes.";
  const parts = [
    ...summary.import > 0 ? [`${count(summary.import)} to import`] : [],
    `${count(add)} to add`,
    `${count(summary.update)} to change`,
    `${count(destroy)} to destroy`,
    ...summary.forget > 0 ? [`${count(summary.forget)} to forget`] : []
  ];
  return `Plan: ${parts.join(", ")}.`;
}
var ACRONYMS = /* @__PURE__ */ new Set([
  "acm",
  "acl",
  "ami",
  "api",
  "aks",
  "alb",
  "db",
  "dms",
  "dns",
  "ebs",
  "ec2",
  "ecr",
  "ecs",
  "efs",
  "eip",
  "eks",
  "elb",
  "emr",
  "fsx",
  "gke",
  "iam",
  "ip",
  "kms",
  "lb",
  "msk",
  "mq",
  "nat",
  "nlb",
  "rds",
  "s3",
  "sns",
  "sql",
  "sqs",
  "ssm",
  "ssl",
  "tls",
  "url",
  "vm",
  "vpc",
  "vpn",
  "waf"
]);
var PROVIDER_PREFIX = /^(aws|google|azurerm|azuread|kubernetes|helm|random|null|tls|local|cloudflare|github|datadog|vault)_/;
function kindOf(type, value = 1) {
  const words = type.replace(PROVIDER_PREFIX, "").split("_").filter(Boolean).map((word) => ACRONYMS.has(word) ? word.toUpperCase() : word);
  if (words.length === 0) return type;
  if (value !== 1) words[words.length - 1] = pluralOf(words[words.length - 1]);
  return words.join(" ");
}
function pluralOf(word) {
  if (/[^aeiou]y$/.test(word)) return `${word.slice(0, -1)}ies`;
  if (/(s|x|z|ch|sh)$/.test(word)) return `${word}es`;
  if (/^[A-Z0-9]+$/.test(word)) return `${word}s`;
  return `${word}s`;
}
function addressPattern(address) {
  return address.replace(/\[(?:"(?:[^"\\]|\\.)*"|[^\]"]*)\]/g, "[*]");
}
function shortenMiddle(text, max = 56) {
  if (text.length <= max) return text;
  const tail = Math.ceil((max - 1) * 0.6);
  return `${text.slice(0, max - 1 - tail)}…${text.slice(text.length - tail)}`;
}

// src/render/text.ts
var MIN_WIDTH = 40;
var SEVERITY_COLOR = {
  critical: "1;31",
  high: "31",
  medium: "33",
  low: "36",
  info: "2"
};
function renderText({ report, secrets }, options) {
  const clean = (text) => inert(scrubSecrets(text, secrets));
  const lines = [];
  const add = (indent, text, more = {}) => {
    for (const part of text.split("\n")) lines.push({ indent, text: part, ...more });
  };
  const blank = () => lines.push({ indent: 0, text: "" });
  add(0, `tf-plan-guard: ${verdictLine(report)}`, { style: verdictStyle(report) });
  if (report.risk !== "none") add(0, `Highest risk: ${report.risk}`);
  for (const plan of report.plans) {
    blank();
    add(0, clean(planHeading(plan)), { style: "1" });
    add(2, describeSummary(plan.summary));
    for (const warning of plan.warnings) add(2, `Warning: ${clean(warning)}`, { style: "33", hang: 2 });
    for (const group of groupBySeverity(plan.findings)) {
      for (const finding of group.findings) {
        blank();
        findingLines(finding, clean, add);
      }
    }
    const suppressed = plan.findings.filter((finding) => finding.suppressed);
    if (suppressed.length > 0) {
      blank();
      add(2, `Suppressed by the policy (${suppressed.length}):`, { style: "2" });
      for (const finding of suppressed) {
        add(4, clean(`${finding.ruleId} ${finding.address ?? "(plan)"}: ${finding.suppressed?.reason ?? ""}`), { style: "2", hang: 2 });
      }
    }
  }
  if (options.closing) {
    blank();
    for (const line of closingLines(report)) add(0, line.text, { ...line.style ? { style: line.style } : {}, hang: line.hang ?? 0 });
  }
  const width = options.width === void 0 || options.width === null ? null : Math.max(options.width, MIN_WIDTH);
  return `${lines.flatMap((line) => layOut(line, width, options.color)).join("\n")}
`;
}
function findingLines(finding, clean, add) {
  const label = finding.severity.toUpperCase().padEnd(8);
  add(2, `${label} ${finding.ruleId}${finding.address ? `  ${clean(finding.address)}` : ""}`, { lead: { length: finding.severity.length, style: SEVERITY_COLOR[finding.severity] }, hang: 9 });
  add(4, clean(finding.message), { hang: 0 });
  for (const detail of finding.details) add(6, clean(detail), { hang: 2 });
  if (finding.remediation) add(4, `Fix: ${clean(finding.remediation)}`, { hang: 5 });
}
function verdictStyle(report) {
  return report.blocking ? "1;31" : "1;32";
}
function closingLines(report) {
  const rule = { text: "─".repeat(MIN_WIDTH) };
  if (report.blocking) {
    const count2 = blockingFindings(report).length;
    return [
      rule,
      { text: verdictLine(report), style: verdictStyle(report) },
      { text: `Exit status 1: ${count2 === 1 ? "a change" : `${count2} changes`} at or above ${report.blockOn} need${count2 === 1 ? "s" : ""} a human's approval before this plan is applied.`, hang: 2 },
      {
        text: `Next: read each blocking change above and its Fix. If it is intended, have it approved (on a pull request, a reviewer other than its author adds the approval label, tf-plan-guard:approved by default); if not, change the configuration and plan again.`,
        hang: 2
      }
    ];
  }
  const findings = report.plans.flatMap((plan) => plan.findings).filter((finding) => !finding.suppressed).length;
  return [
    rule,
    { text: verdictLine(report), style: verdictStyle(report) },
    { text: `Exit status 0: nothing ${report.blockOn === "none" ? "blocks (block-on is none)" : `at or above ${report.blockOn} blocks`}.`, hang: 2 },
    {
      text: findings > 0 ? `Next: nothing to approve; read the ${findings === 1 ? "finding" : `${findings} findings`} above before applying.` : "Next: nothing to approve; apply as usual.",
      hang: 2
    }
  ];
}
function layOut(line, width, color) {
  const indent = " ".repeat(line.indent);
  const hang = " ".repeat(line.indent + (line.hang ?? 0));
  const pieces = width === null ? [line.text] : wrap(line.text, width - line.indent, width - line.indent - (line.hang ?? 0));
  return pieces.map((piece, index) => {
    let shown = piece;
    if (color && line.style && piece !== "") shown = paint(line.style, piece);
    else if (color && line.lead && index === 0) shown = paint(line.lead.style, piece.slice(0, line.lead.length)) + piece.slice(line.lead.length);
    return `${index === 0 ? indent : hang}${shown}`;
  });
}
function paint(code2, text) {
  return `\x1B[${code2}m${text}\x1B[0m`;
}
function wrap(text, first, rest) {
  const out = [];
  let current = [];
  let length = 0;
  const room = () => out.length === 0 ? first : rest;
  const flush = () => {
    out.push(current.join("").trimEnd());
    current = [];
    length = 0;
  };
  for (const word of text.split(" ")) {
    if (word === "" && length === 0 && out.length > 0) continue;
    let chars = [...word];
    const space = length > 0 ? 1 : 0;
    if (length > 0 && length + space + chars.length > room()) flush();
    if (length > 0) {
      current.push(" ");
      length += 1;
    }
    while (length + chars.length > room() && room() > 0) {
      const fits = room() - length;
      current.push(chars.slice(0, fits).join(""));
      chars = chars.slice(fits);
      flush();
    }
    current.push(chars.join(""));
    length += chars.length;
  }
  if (current.length > 0 || out.length === 0) flush();
  return out;
}
function inert(text) {
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, "�");
}

// src/agent/guard.ts
import { spawnSync } from "node:child_process";
import { accessSync, constants, existsSync as existsSync4, readdirSync as readdirSync3, realpathSync, statSync as statSync4 } from "node:fs";
import { delimiter, isAbsolute as isAbsolute3, join as join5 } from "node:path";

// src/agent/planner.ts
import { spawn } from "node:child_process";
import { existsSync as existsSync2, mkdtempSync, rmSync, statSync as statSync2 } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join as join3 } from "node:path";
var DEFAULT_GRACE_MS = 5e3;
var runningGroups = /* @__PURE__ */ new Set();
var workDirs = /* @__PURE__ */ new Set();
function requestFor(intent, program, budgetMs) {
  return {
    program,
    directory: intent.directory,
    destroy: intent.destroy,
    planArgs: intent.planArgs,
    savedPlan: intent.savedPlan,
    budgetMs,
    env: { ...process.env, ...intent.env }
  };
}
async function producePlan(request) {
  const deadline = Date.now() + request.budgetMs;
  if (!existsSync2(request.directory) || !statSync2(request.directory).isDirectory()) {
    return { ok: false, problem: `the directory ${request.directory} does not exist`, timedOut: false };
  }
  const workDir = mkdtempSync(join3(tmpdir(), "tf-plan-guard-"));
  workDirs.add(workDir);
  const cleanup = () => {
    rmSync(workDir, { recursive: true, force: true });
    workDirs.delete(workDir);
  };
  try {
    let planFile = request.savedPlan;
    if (planFile === null) {
      planFile = join3(workDir, "guarded.tfplan");
      const args = ["plan", "-input=false", "-no-color", `-out=${planFile}`, ...request.destroy ? ["-destroy"] : [], ...request.planArgs];
      const planned = await run(request, args, deadline);
      if (!planned.ok) {
        cleanup();
        return planned;
      }
    }
    const shown = await run(request, ["show", "-json", planFile], deadline);
    if (!shown.ok) {
      cleanup();
      return shown;
    }
    return { ok: true, json: shown.stdout, planFile, cleanup };
  } catch (error2) {
    cleanup();
    throw error2;
  }
}
var LAST_WAIT_MS = 1e3;
function run(request, args, deadline) {
  const remaining = deadline - Date.now();
  const command = `${basename(request.program)} ${args[0]}`;
  if (remaining <= 0) return Promise.resolve({ ok: false, problem: `the time budget ran out before \`${command}\``, timedOut: true });
  return new Promise((settle2) => {
    const child = spawn(request.program, args, {
      cwd: request.directory,
      env: { ...request.env ?? process.env, TF_IN_AUTOMATION: "1" },
      stdio: ["ignore", "pipe", "pipe"],
      detached: true
      // a process group of its own, so the providers it starts stop with it
    });
    runningGroups.add(child);
    const stdout = [];
    const stderr = [];
    child.stdout.on("data", (chunk) => stdout.push(chunk));
    child.stderr.on("data", (chunk) => stderr.push(chunk));
    let timedOut = false;
    let killTimer;
    let lastTimer;
    let settled = false;
    const timedOutResult = { ok: false, problem: `\`${command}\` did not finish within the time budget`, timedOut: true };
    const finish = (result) => {
      if (settled) return;
      settled = true;
      clearTimeout(budgetTimer);
      clearTimeout(killTimer);
      clearTimeout(lastTimer);
      runningGroups.delete(child);
      signalGroup(child, "SIGKILL");
      child.stdout?.destroy();
      child.stderr?.destroy();
      settle2(result);
    };
    const budgetTimer = setTimeout(() => {
      timedOut = true;
      signalGroup(child, "SIGINT");
      killTimer = setTimeout(() => {
        signalGroup(child, "SIGKILL");
        lastTimer = setTimeout(() => finish(timedOutResult), LAST_WAIT_MS);
      }, request.graceMs ?? DEFAULT_GRACE_MS);
    }, remaining);
    let spawnError = null;
    child.on("error", (error2) => {
      spawnError = error2;
    });
    child.on("exit", () => {
      if (timedOut) finish(timedOutResult);
    });
    child.on("close", (status) => {
      if (timedOut) return finish(timedOutResult);
      if (spawnError) {
        const code2 = spawnError.code;
        if (code2 === "ENOENT") return finish({ ok: false, problem: `\`${request.program}\` is not installed or not on PATH`, timedOut: false });
        return finish({ ok: false, problem: `\`${command}\` could not run (${code2 ?? "error"})`, timedOut: false });
      }
      if (status !== 0) return finish({ ok: false, problem: `\`${command}\` failed: ${terraformError(Buffer.concat(stderr).toString("utf8"))}`, timedOut: false });
      finish({ ok: true, stdout: Buffer.concat(stdout) });
    });
  });
}
function signalGroup(child, signal) {
  if (child.pid === void 0) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
  }
}
function stopAllPlanning(graceMs) {
  const children = [...runningGroups];
  const removeDirs = () => {
    for (const dir of workDirs) rmSync(dir, { recursive: true, force: true });
    workDirs.clear();
  };
  if (graceMs <= 0 || children.length === 0) {
    for (const child of children) signalGroup(child, "SIGKILL");
    removeDirs();
    return Promise.resolve();
  }
  for (const child of children) signalGroup(child, "SIGINT");
  return new Promise((done) => {
    const finish = () => {
      clearTimeout(timer);
      for (const child of children) signalGroup(child, "SIGKILL");
      removeDirs();
      done();
    };
    const timer = setTimeout(finish, graceMs);
    let left = children.filter((child) => runningGroups.has(child)).length;
    if (left === 0) return finish();
    for (const child of children) {
      child.once("close", () => {
        if (--left === 0) finish();
      });
    }
  });
}
function terraformError(stderr) {
  const clean = stderr.replace(/\u001b\[[0-9;]*m/g, "");
  const summary = /Error:\s*([^\n]+)/.exec(clean)?.[1]?.trim();
  const text = summary ?? "it exited with an error";
  const cut = text.length > 160 ? `${text.slice(0, 159)}…` : text;
  return /terraform init|tofu init/.test(clean) ? `${cut} (it asks for \`init\` first)` : cut;
}

// src/agent/runners.ts
import { existsSync as existsSync3, openSync as openSync2, readdirSync as readdirSync2, readSync as readSync2, closeSync as closeSync2, statSync as statSync3 } from "node:fs";
import { dirname, join as join4 } from "node:path";
var NAMES_TERRAFORM = /\b(?:terraform|tofu|terragrunt)\b/;
var MAX_BYTES = 256 * 1024;
var DEFAULT_FILES = {
  make: ["GNUmakefile", "makefile", "Makefile"],
  just: ["justfile", "Justfile", ".justfile"],
  task: ["Taskfile.yml", "taskfile.yml", "Taskfile.yaml", "taskfile.yaml", "Taskfile.dist.yml"]
};
function runnerConcern(call) {
  const file = call.file ?? defaultFile(call);
  const text = file === null ? null : readStart(file);
  if (text === null) {
    if (!hasTerraformFiles(call.directory)) return null;
    return `it runs ${file ?? `the ${call.runner} file`}, which tf-plan-guard cannot read, in a directory with Terraform files`;
  }
  const shown = file;
  if (call.runner === "make") {
    const recipes = makeRecipes(text, call.targets);
    if (recipes === null) {
      if (!NAMES_TERRAFORM.test(text) && !hasTerraformFiles(call.directory)) return null;
      return `${shown} has no rule of its own for ${call.targets.join(" ")} (a pattern rule or an included file), and Terraform is near`;
    }
    if (NAMES_TERRAFORM.test(recipes)) return `the recipe it runs from ${shown} names Terraform`;
    if (NAMES_TERRAFORM.test(text) && /\$[({]/.test(recipes)) return `the recipe it runs from ${shown} uses variables, and ${shown} names Terraform`;
    if (/^-?include\s/m.test(text) && hasTerraformFiles(call.directory)) return `${shown} includes other files, which tf-plan-guard does not read, in a directory with Terraform files`;
    return null;
  }
  return NAMES_TERRAFORM.test(text) ? `${shown} names Terraform` : null;
}
function defaultFile(call) {
  if (call.runner === "script") return null;
  for (let dir = call.directory; ; dir = dirname(dir)) {
    for (const name of DEFAULT_FILES[call.runner]) {
      const candidate = join4(dir, name);
      if (existsSync3(candidate)) return candidate;
    }
    if (call.runner === "make" || dirname(dir) === dir) return null;
  }
}
function readStart(path2) {
  try {
    if (!statSync3(path2).isFile()) return null;
    const fd = openSync2(path2, "r");
    try {
      const buffer = Buffer.alloc(MAX_BYTES);
      const count2 = readSync2(fd, buffer, 0, MAX_BYTES, 0);
      return buffer.toString("utf8", 0, count2);
    } finally {
      closeSync2(fd);
    }
  } catch {
    return null;
  }
}
function hasTerraformFiles(directory) {
  try {
    return readdirSync2(directory).some((name) => name.endsWith(".tf") || name.endsWith(".tf.json") || name === "terragrunt.hcl");
  } catch {
    return false;
  }
}
function makeRecipes(text, targets) {
  const rules = /* @__PURE__ */ new Map();
  let current = [];
  let firstTarget = null;
  for (const line of text.replace(/\\\n/g, " ").split("\n")) {
    if (line.startsWith("	")) {
      for (const rule2 of current) rule2.recipe.push(line.slice(1));
      continue;
    }
    const rule = /^([^\s:=#][^:=#]*?)\s*::?\s*([^=].*)?$/.exec(line);
    if (!rule || /^\s*[\w.]+\s*[:+?]?=/.test(line)) {
      if (line.trim() !== "" && !line.trimStart().startsWith("#")) current = [];
      continue;
    }
    const [recipeInline, ...rest] = (rule[2] ?? "").split(";");
    current = rule[1].trim().split(/\s+/).map((name) => {
      const entry = rules.get(name) ?? { prerequisites: [], recipe: [] };
      entry.prerequisites.push(...(recipeInline ?? "").trim().split(/\s+/).filter(Boolean));
      if (rest.length > 0) entry.recipe.push(rest.join(";"));
      rules.set(name, entry);
      if (firstTarget === null && !name.startsWith(".")) firstTarget = name;
      return entry;
    });
  }
  const wanted = targets.length > 0 ? [...targets] : firstTarget === null ? [] : [firstTarget];
  const seen = /* @__PURE__ */ new Set();
  const lines = [];
  while (wanted.length > 0) {
    const name = wanted.pop();
    if (seen.has(name)) continue;
    seen.add(name);
    const rule = rules.get(name);
    if (!rule) {
      if (targets.includes(name)) return null;
      continue;
    }
    lines.push(...rule.recipe);
    wanted.push(...rule.prerequisites);
  }
  return lines.join("\n");
}

// src/agent/terraform-commands.ts
import { isAbsolute as isAbsolute2, resolve as resolve2 } from "node:path";

// src/agent/line-effects.ts
var READ_ONLY_PROGRAMS = /* @__PURE__ */ new Set([
  "echo",
  "printf",
  "cat",
  "less",
  "more",
  "head",
  "tail",
  "ls",
  "pwd",
  "grep",
  "egrep",
  "fgrep",
  "rg",
  "wc",
  "jq",
  "date",
  "sleep",
  "true",
  "false",
  ":",
  "test",
  "[",
  "[[",
  "which",
  "type",
  "whoami",
  "id",
  "hostname",
  "uname",
  "tree",
  "stat",
  "file",
  "du",
  "df",
  "diff",
  "cmp",
  "sort",
  "uniq",
  "cut",
  "basename",
  "dirname",
  "realpath",
  "readlink",
  "md5sum",
  "sha256sum",
  "shasum",
  "set",
  "shopt",
  "command",
  "exit",
  "return",
  "wait",
  // Words that open or close a compound command, read as a command of their own here.
  "for",
  "case",
  "select",
  "in",
  "done",
  "fi",
  "esac",
  "}",
  "then",
  "else",
  "do"
]);
var READ_ONLY_GIT = /* @__PURE__ */ new Set(["status", "diff", "log", "show", "fetch", "rev-parse", "ls-files", "blame", "describe", "shortlog", "grep", "branch", "remote", "config"]);
var READ_ONLY_TERRAFORM = /* @__PURE__ */ new Set(["plan", "show", "validate", "output", "providers", "version", "graph", "fmt", "console", "metadata", "test"]);
var READ_ONLY_TERRAFORM_ACTIONS = {
  state: /* @__PURE__ */ new Set(["list", "show", "pull"]),
  workspace: /* @__PURE__ */ new Set(["list", "show"])
};
var PLAIN_INIT_OPTIONS = /^-(?:input(?:=\w+)?|no-color|lockfile=readonly|backend=false|get=false)$/;
var HARMLESS_TARGETS = /* @__PURE__ */ new Set(["/dev/null", "/dev/stdout", "/dev/stderr", "/dev/tty"]);
function laterApplyEffect(command) {
  const written = command.writes.filter((target2) => !HARMLESS_TARGETS.has(target2));
  if (written.length > 0) return `writes ${written.join(", ")}`;
  const { name, tool, args } = command;
  if (name === "") return null;
  if (tool !== null) return terraformEffect(args);
  if (READ_ONLY_PROGRAMS.has(name)) return null;
  if (name === "find") return args.some((arg) => /^-(?:delete|exec|execdir|ok|okdir|fprint\w*|fls)$/.test(arg)) ? "changes or runs things on the files it finds" : null;
  if (name === "git") {
    const subcommand = args.find((arg) => !arg.startsWith("-"));
    return subcommand !== void 0 && READ_ONLY_GIT.has(subcommand) ? null : "may change the files in the working tree";
  }
  return "may change files or state";
}
function terraformEffect(args) {
  const positional = args.filter((arg) => !arg.startsWith("-"));
  const subcommand = positional[0];
  if (subcommand === void 0) return null;
  if (READ_ONLY_TERRAFORM.has(subcommand)) return null;
  const actions = READ_ONLY_TERRAFORM_ACTIONS[subcommand];
  if (actions) {
    const action = positional[1];
    if (action !== void 0 && actions.has(action)) return null;
    return subcommand === "workspace" ? "changes the workspace" : "changes the state";
  }
  if (subcommand === "init") {
    const options = args.slice(args.indexOf("init") + 1);
    return options.every((option) => PLAIN_INIT_OPTIONS.test(option.replace(/^--/, "-"))) ? null : "may install other providers or modules, or change the backend";
  }
  return "changes the state or the configuration it works on";
}

// src/agent/shell.ts
var SEPARATORS = /* @__PURE__ */ new Set([";", "&", "|", "(", ")", "\n", "{", "}", "!"]);
function parseCommandLine(line) {
  const commands = [];
  const subshellDepths = [];
  const forked = [];
  const writes = [];
  const joinedBy = [];
  const braceDepths = [];
  let joiner = "";
  let braceDepth = 0;
  let unquoted = "";
  let currentWrites = [];
  let pipedFromPrevious = false;
  let subshellDepth = 0;
  const substitutions = [];
  let incomplete = null;
  let current = [];
  let word = null;
  let redirectTarget = null;
  const endWord = () => {
    if (word === null) return;
    if (/[*?]|\[[^\]]*\]|\{[^{}]*(?:,|\.\.)[^{}]*\}/.test(unquoted)) word.dynamic = true;
    unquoted = "";
    if (redirectTarget === "out") currentWrites.push(word.dynamic ? `${word.text} (only known when the shell runs)` : word.text);
    if (redirectTarget !== null) redirectTarget = null;
    else current.push(word);
    word = null;
  };
  const endCommand = (runsForked = false) => {
    endWord();
    if (current.length > 0 || currentWrites.length > 0) {
      commands.push(current);
      subshellDepths.push(subshellDepth);
      forked.push(runsForked || pipedFromPrevious);
      writes.push(currentWrites);
      joinedBy.push(joiner);
      braceDepths.push(braceDepth);
    }
    joiner = "";
    pipedFromPrevious = false;
    current = [];
    currentWrites = [];
  };
  const append = (text, dynamic = false, quoted = true) => {
    word ??= { text: "", dynamic: false };
    word.text += text;
    unquoted += quoted ? " " : text;
    if (dynamic) word.dynamic = true;
  };
  let i = 0;
  while (i < line.length) {
    const char = line[i];
    if (char === "\\") {
      if (line[i + 1] === "\n") i += 2;
      else {
        append(line[i + 1] ?? "");
        i += 2;
      }
      continue;
    }
    if (char === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) {
        incomplete = "an unclosed single quote";
        append(line.slice(i + 1));
        break;
      }
      append(line.slice(i + 1, end));
      i = end + 1;
      continue;
    }
    if (char === '"') {
      const read = readDoubleQuoted(line, i + 1, substitutions);
      append(read.text, read.dynamic);
      if (read.end < 0) {
        incomplete = "an unclosed double quote";
        break;
      }
      i = read.end + 1;
      continue;
    }
    if (char === "$" && line[i + 1] === "'") {
      const read = readAnsiC(line, i + 2);
      append(read.text);
      if (read.end < 0) {
        incomplete = "an unclosed $'...' string";
        break;
      }
      i = read.end + 1;
      continue;
    }
    if (char === "$" || char === "`") {
      const read = readDollarOrBacktick(line, i, substitutions);
      append(read.text, true);
      if (read.end < 0) {
        incomplete = "an unclosed substitution";
        break;
      }
      i = read.end;
      continue;
    }
    if ((char === "<" || char === ">") && line[i + 1] === "(") {
      const end = matchingParen(line, i + 1);
      substitutions.push(line.slice(i + 2, end < 0 ? line.length : end));
      append("/dev/fd/63", true);
      if (end < 0) {
        incomplete = "an unclosed process substitution";
        break;
      }
      i = end + 1;
      continue;
    }
    if (char === "#" && word === null) {
      const end = line.indexOf("\n", i);
      i = end < 0 ? line.length : end;
      continue;
    }
    if (char === " " || char === "	") {
      endWord();
      i++;
      continue;
    }
    if (char === "<" || char === ">") {
      const pending = word;
      if (pending !== null && /^\d+$/.test(pending.text) && !pending.dynamic) word = null;
      else endWord();
      const start = i;
      i++;
      while (line[i] === "<" || line[i] === ">" || line[i] === "&" || line[i] === "|") i++;
      if (/^\d|^-/.test(line[i] ?? "") && line[i - 1] === "&") {
        while (/[\d-]/.test(line[i] ?? "")) i++;
      } else if (line.startsWith("<<", start)) {
        redirectTarget = "in";
      } else redirectTarget = line.slice(start, i).includes(">") ? "out" : "in";
      while (line[i] === " " || line[i] === "	") i++;
      continue;
    }
    if (char === "&" && line[i + 1] === ">") {
      endWord();
      i += 2;
      if (line[i] === ">") i++;
      redirectTarget = "out";
      while (line[i] === " " || line[i] === "	") i++;
      continue;
    }
    if (char === "|" || char === "&") {
      if (line[i + 1] === char) {
        endCommand();
        joiner = char === "&" ? "&&" : "||";
        i += 2;
      } else {
        endCommand(true);
        pipedFromPrevious = char === "|";
        i += char === "|" && line[i + 1] === "&" ? 2 : 1;
      }
      redirectTarget = null;
      continue;
    }
    if (SEPARATORS.has(char)) {
      if ((char === "{" || char === "}" || char === "!") && (word !== null || !/[\s;]|^$/.test(line[i + 1] ?? ""))) {
        append(char, false, false);
        i++;
        continue;
      }
      endCommand();
      if (char === "(") subshellDepth++;
      if (char === ")") subshellDepth = Math.max(0, subshellDepth - 1);
      if (char === "{") braceDepth++;
      if (char === "}") braceDepth = Math.max(0, braceDepth - 1);
      redirectTarget = null;
      i++;
      continue;
    }
    append(char, false, false);
    i++;
  }
  endCommand();
  return { commands, subshellDepths, forked, writes, joinedBy, braceDepths, substitutions, incomplete };
}
var ANSI_C_ESCAPES = { a: "\x07", b: "\b", e: "\x1B", E: "\x1B", f: "\f", n: "\n", r: "\r", t: "	", v: "\v", "\\": "\\", "'": "'", '"': '"', "?": "?" };
function readAnsiC(line, start) {
  let text = "";
  let i = start;
  while (i < line.length) {
    const char = line[i];
    if (char === "'") return { text, end: i };
    if (char === "\\" && i + 1 < line.length) {
      const next = line[i + 1];
      text += ANSI_C_ESCAPES[next] ?? `\\${next}`;
      i += 2;
      continue;
    }
    text += char;
    i++;
  }
  return { text, end: -1 };
}
function readDoubleQuoted(line, start, substitutions) {
  let text = "";
  let dynamic = false;
  let i = start;
  while (i < line.length) {
    const char = line[i];
    if (char === '"') return { text, dynamic, end: i };
    if (char === "\\" && '"\\$`\n'.includes(line[i + 1] ?? "")) {
      if (line[i + 1] !== "\n") text += line[i + 1];
      i += 2;
      continue;
    }
    if (char === "$" || char === "`") {
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
function readDollarOrBacktick(line, start, substitutions) {
  if (line[start] === "`") {
    let i = start + 1;
    while (i < line.length && line[i] !== "`") i += line[i] === "\\" ? 2 : 1;
    if (i >= line.length) {
      substitutions.push(line.slice(start + 1));
      return { text: line.slice(start), end: -1 };
    }
    substitutions.push(line.slice(start + 1, i));
    return { text: line.slice(start, i + 1), end: i + 1 };
  }
  const next = line[start + 1];
  if (next === "(") {
    const end = matchingParen(line, start + 1);
    const arithmetic = line[start + 2] === "(";
    if (!arithmetic) substitutions.push(line.slice(start + 2, end < 0 ? line.length : end));
    return end < 0 ? { text: line.slice(start), end: -1 } : { text: line.slice(start, end + 1), end: end + 1 };
  }
  if (next === "{") {
    const end = line.indexOf("}", start + 2);
    return end < 0 ? { text: line.slice(start), end: -1 } : { text: line.slice(start, end + 1), end: end + 1 };
  }
  const name = /^[A-Za-z_][A-Za-z0-9_]*|^[0-9@*#?$!-]/.exec(line.slice(start + 1));
  if (!name) return { text: "$", end: start + 1 };
  return { text: line.slice(start, start + 1 + name[0].length), end: start + 1 + name[0].length };
}
function matchingParen(line, open2) {
  let depth = 0;
  for (let i = open2; i < line.length; i++) {
    const char = line[i];
    if (char === "\\") i++;
    else if (char === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) return -1;
      i = end;
    } else if (char === '"') {
      let j = i + 1;
      while (j < line.length && line[j] !== '"') j += line[j] === "\\" ? 2 : 1;
      i = j;
    } else if (char === "(") depth++;
    else if (char === ")" && --depth === 0) return i;
  }
  return -1;
}

// src/agent/terraform-commands.ts
var PROGRAMS = [
  // Versioned binaries (terraform_1.9.8, tofu-1.8) and Windows names count too.
  { pattern: /^terraform(?:[-_.]?v?\d[\w.]*)?(?:\.exe)?$/i, tool: "terraform" },
  { pattern: /^(?:tofu|opentofu)(?:[-_.]?v?\d[\w.]*)?(?:\.exe)?$/i, tool: "tofu" },
  { pattern: /^terragrunt(?:[-_.]?v?\d[\w.]*)?(?:\.exe)?$/i, tool: "terragrunt" }
];
var WRAPPERS = {
  // sudo -D DIR (--chdir) runs the command there; sudo -C N is --close-from, a number.
  sudo: { optionsWithValue: ["-u", "-g", "-h", "-p", "-C", "-D", "-r", "-t", "-U", "--user", "--group", "--host", "--prompt", "--chdir", "--close-from"], chdirOptions: ["-D", "--chdir"] },
  doas: { optionsWithValue: ["-u", "-C"] },
  env: { optionsWithValue: ["-u", "--unset", "-C", "--chdir", "-S", "--split-string"], chdirOptions: ["-C", "--chdir"] },
  time: { optionsWithValue: ["-f", "-o", "--format", "--output"] },
  nohup: { optionsWithValue: [] },
  exec: { optionsWithValue: ["-a"] },
  command: { optionsWithValue: [] },
  builtin: { optionsWithValue: [] },
  nice: { optionsWithValue: ["-n", "--adjustment"] },
  ionice: { optionsWithValue: ["-c", "-n", "-p", "--class", "--classdata"] },
  stdbuf: { optionsWithValue: ["-i", "-o", "-e"] },
  chronic: { optionsWithValue: [] },
  timeout: { optionsWithValue: ["-s", "-k", "--signal", "--kill-after"], positionalsBefore: 1 },
  xargs: { optionsWithValue: ["-a", "-d", "-E", "-I", "-L", "-n", "-P", "-s", "--arg-file", "--delimiter", "--max-args", "--max-procs", "--replace"] },
  watch: { optionsWithValue: ["-n", "-d", "--interval"] },
  script: { optionsWithValue: ["-c", "--command"] },
  setsid: { optionsWithValue: [] }
};
function credentialWrapperSkip(words) {
  const name = words[0] ? basename2(words[0].text) : "";
  const sub = words[1]?.text;
  const afterDashes = () => {
    const split = words.findIndex((word) => word.text === "--");
    return split < 0 ? null : split + 1;
  };
  if (name === "aws-vault" && sub === "exec") {
    const split = afterDashes();
    if (split !== null) return split;
    let i = 2;
    while (words[i] && words[i].text.startsWith("-")) i++;
    return i + 1;
  }
  if ((name === "op" || name === "doppler") && sub === "run") {
    const split = afterDashes();
    if (split !== null) return split;
    let i = 2;
    while (words[i] && words[i].text.startsWith("-")) i++;
    return i;
  }
  if (name === "direnv" && sub === "exec") return 3;
  return null;
}
var SHELL_KEYWORDS = /* @__PURE__ */ new Set(["if", "then", "else", "elif", "do", "while", "until", "time", "!"]);
var SHELLS = /* @__PURE__ */ new Set(["sh", "bash", "zsh", "dash", "ksh", "fish", "ash", "busybox"]);
var DANGEROUS_WORD = /\b(?:apply|destroy|run-all|state|workspace|force-unlock)\b/;
var DANGEROUS_VERB = /^(?:apply|destroy|run-all|force-unlock)$/;
var DANGEROUS_VERB_ANYWHERE = /\b(?:apply|destroy|destroy-all|apply-all|run-all|force-unlock|state\s+(?:rm|push)|workspace\s+delete)\b/;
var TEXT_ONLY = /* @__PURE__ */ new Set(["echo", "printf", "grep", "egrep", "rg", "git", "cat", "less", "head", "tail", "ls", "man", "which", "type", "command", "true", ":"]);
function onlyHarmless(commands) {
  return commands.every((words) => {
    const first = words[0];
    if (!first || first.dynamic) return false;
    const name = basename2(first.text);
    if (PROGRAMS.some((program) => program.pattern.test(name))) return true;
    if (name === "git") return !words.some((word) => /^(?:checkout|switch|reset|restore|pull|merge|rebase|stash|apply)$/.test(word.text));
    return TEXT_ONLY.has(name);
  });
}
var GUARDED_TOOL = /(?:terraform|tofu|terragrunt)/i;
var GUARD_ITSELF = /tf-plan-guard/i;
var RUNNER_HINT = /\b(?:g?make|just|task|go-task|source|bash|sh|zsh|dash|ksh)\b|(?:^|[\s;&|(])\.\s|\//;
var MAX_DEPTH = 4;
function recognizeTerraformCommands(line, cwd) {
  return recognize(line, cwd, 0);
}
function recognize(line, cwd, depth, cwdUnknownBecause = "") {
  const bare = line.replace(/["'\\\n]/g, "");
  if (!GUARDED_TOOL.test(bare) && !GUARD_ITSELF.test(bare) && !RUNNER_HINT.test(bare) && !(/[$`]/.test(bare) && DANGEROUS_WORD.test(bare))) return [];
  if (depth > MAX_DEPTH) return [{ kind: "uncertain", display: maskedLine(line), why: "it nests shells too deeply to read" }];
  const parsed = parseCommandLine(line);
  const intents = [];
  const scopes = [{ directory: cwd, previous: null, unknownBecause: cwdUnknownBecause, exported: [] }];
  const changedEarlier = [];
  const planFilesWritten = /* @__PURE__ */ new Set();
  let compound = 0;
  parsed.commands.forEach((words, index) => {
    const level = parsed.subshellDepths[index] ?? 0;
    while (scopes.length - 1 < level) scopes.push({ ...scopes[scopes.length - 1] });
    scopes.length = level + 1;
    const scope = scopes[level];
    const joinedBy = parsed.joinedBy[index] ?? "";
    if (scope.unknownAfterChain !== void 0 && joinedBy !== "&&") {
      scope.previous = scope.directory;
      scope.directory = null;
      scope.unknownBecause = scope.unknownAfterChain;
      scope.unknownAfterChain = void 0;
    }
    const first = words[0] && !words[0].dynamic ? words[0].text : "";
    if (/^(?:if|while|until|for|case|select)$/.test(first)) compound++;
    const conditional = joinedBy !== "" || compound > 0 || (parsed.braceDepths[index] ?? 0) > 0 || /^(?:then|else|elif|do)$/.test(first);
    if (/^(?:fi|done|esac)$/.test(first)) compound = Math.max(0, compound - 1);
    const result = recognizeSimple(words, scope, depth, parsed.writes[index] ?? []);
    if (!(parsed.forked[index] ?? false)) {
      if (result.cd !== void 0) {
        scope.previous = scope.directory;
        scope.directory = result.cd.directory;
        scope.unknownBecause = result.cd.unknownBecause;
        if (conditional) scope.unknownAfterChain = `its directory depends on whether \`${displayCommand(words)}\` ran, which only the running shell knows`;
      }
      if (result.exports) scope.exported = [...scope.exported, ...result.exports];
    }
    if (result.intents.length === 0) {
      const text = words.map((word) => word.text).join(" ");
      if (GUARDED_TOOL.test(text) && DANGEROUS_VERB_ANYWHERE.test(text) && !onlyHarmless([words])) {
        result.intents.push({ kind: "uncertain", display: displayCommand(words), why: "it names Terraform and an apply or destroy in a form tf-plan-guard cannot read" });
      }
    }
    for (const intent of result.intents) {
      const earlier = intent.kind === "change" || intent.kind === "guarded-apply" ? changedEarlier.find((change) => change.directory === null || change.directory === intent.directory) : void 0;
      if (intent.kind === "change" && intent.savedPlan !== null && planFilesWritten.has(intent.savedPlan)) {
        intents.push({ kind: "uncertain", display: intent.display, why: `the saved plan ${intent.savedPlan} it applies is written by a \`plan\` earlier in the same line, after tf-plan-guard looks` });
      } else if (earlier) {
        intents.push({ kind: "uncertain", display: intent.display, why: `${earlier.what} before it in the same line, and tf-plan-guard plans before anything in the line runs, so what it would check is not what would be applied` });
      } else intents.push(intent);
    }
    for (const file of result.planOut ?? []) planFilesWritten.add(file);
    if (result.effect) changedEarlier.push({ what: `\`${displayCommand(words)}\` ${result.effect}`, directory: result.effectDirectory ?? null });
  });
  const directory = scopes[0].directory;
  for (const body of parsed.substitutions) {
    intents.push(...within(directory, scopes[0].unknownBecause, (dir, because) => recognize(body, dir, depth + 1, because)));
  }
  if (parsed.incomplete && intents.length === 0 && DANGEROUS_WORD.test(line)) {
    intents.push({ kind: "uncertain", display: maskedLine(line), why: `it has ${parsed.incomplete}` });
  }
  if (depth === 0 && intents.length === 0 && GUARDED_TOOL.test(bare) && DANGEROUS_VERB_ANYWHERE.test(bare) && !onlyHarmless(parsed.commands)) {
    intents.push({ kind: "uncertain", display: maskedLine(line), why: "it names Terraform and an apply or destroy in a form tf-plan-guard cannot read" });
  }
  return intents;
}
function recognizeSimple(original, scope, depth, writes) {
  let words = original;
  const cwd = scope.directory;
  const assignments = [...scope.exported];
  while (words[0] && isAssignment(words[0])) {
    assignments.push(words[0]);
    words = words.slice(1);
  }
  while (words[0] && !words[0].dynamic && SHELL_KEYWORDS.has(words[0].text)) words = words.slice(1);
  const unwrapped = unwrap(words);
  words = unwrapped.words;
  assignments.push(...unwrapped.assignments);
  const display = displayCommand(original);
  let directory = cwd;
  let unknownBecause = scope.unknownBecause;
  if (unwrapped.chdir !== null) {
    if (unwrapped.chdir.dynamic) {
      directory = null;
      unknownBecause = `its directory (${oneLine(unwrapped.chdir.text, 60)}) is only known when the shell expands it`;
    } else if (cwd === null && !isAbsolute2(unwrapped.chdir.text)) directory = null;
    else directory = resolveDir(cwd ?? "/", unwrapped.chdir.text);
  }
  const first = words[0];
  const effectOf = (tool) => laterApplyEffect({ name: first && !first.dynamic ? basename2(first.text) : first ? "(a program only known when the shell runs)" : "", tool, args: words.slice(1).map((word) => word.text), writes });
  if (!first) {
    const tracked = assignments.slice(scope.exported.length).filter((word) => /^(?:TF_|PATH=)/.test(word.text));
    return { intents: [], effect: effectOf(null), ...tracked.length > 0 ? { exports: tracked } : {} };
  }
  if (!first.dynamic && (first.text === "export" || first.text === "declare" || first.text === "typeset")) {
    return { intents: [], exports: words.slice(1).filter(isAssignment), effect: writes.length > 0 ? effectOf(null) : null };
  }
  if (first.dynamic) {
    if (words.slice(1).some((word) => DANGEROUS_VERB.test(word.text)))
      return { intents: [{ kind: "uncertain", display, why: "the program it runs is only known when the shell expands it" }] };
    return { intents: [], effect: effectOf(null) };
  }
  const name = basename2(first.text);
  if (name === "cd" || name === "pushd" || name === "popd") return { intents: [], cd: changeDirectory(name, words.slice(1), { ...scope, directory, unknownBecause }) };
  if (SHELLS.has(name)) {
    const script = shellScript(words);
    if (script === null) {
      const file = words.slice(1).find((word) => !word.text.startsWith("-"));
      return { intents: file && directory !== null ? [runnerIntent("script", directory, file, [], display)] : [], effect: effectOf(null) };
    }
    return { intents: within(directory, unknownBecause, (dir, because) => recognize(script, dir, depth + 1, because)), effect: effectOf(null) };
  }
  if (name === "eval") return { intents: within(directory, unknownBecause, (dir, because) => recognize(words.slice(1).map((word) => word.text).join(" "), dir, depth + 1, because)), effect: effectOf(null) };
  const guarded = guardedApply(words);
  if (guarded) return { intents: [{ kind: "guarded-apply", directory: guarded === "." ? directory : directory === null ? null : resolveDir(directory, guarded), display }], effect: effectOf(null) };
  const program = PROGRAMS.find((candidate) => candidate.pattern.test(name));
  if (!program) {
    const runner = directory === null ? null : runnerOf(name, words, directory, display);
    return { intents: runner ? [runner] : [], effect: effectOf(null) };
  }
  const effect = effectOf(program.tool);
  if (first.text.includes("/") && directory !== null) words = [{ ...first, text: resolveDir(directory, first.text) }, ...words.slice(1)];
  const intent = program.tool === "terragrunt" ? terragruntIntent(words, directory ?? UNKNOWN, display) : terraformIntent(program.tool, words, directory ?? UNKNOWN, display);
  const planOut = directory === null ? [] : planOutputs(words, directory);
  const effectDirectory = directory !== null && writes.length === 0 ? terraformDirectory(words, directory) : void 0;
  if (!intent) return { intents: [], effect, effectDirectory, planOut };
  const placed = isUnknown(intent) ? unknownDirectory(intent, unknownBecause) : intent;
  return { intents: [withEnvironment(placed, assignments)], effect, effectDirectory, planOut };
}
var UNKNOWN = "/\0unknown-directory";
function isUnknown(intent) {
  return (intent.kind === "change" || intent.kind === "state") && intent.directory.startsWith(UNKNOWN);
}
function unknownDirectory(intent, because) {
  if (intent.kind !== "change" && intent.kind !== "state") return intent;
  return { kind: "uncertain", display: intent.display, why: because || "its directory is only known when the shell runs" };
}
function within(directory, unknownBecause, recognizeIn) {
  if (directory !== null) return recognizeIn(directory, "");
  return recognizeIn(UNKNOWN, unknownBecause).map((intent) => isUnknown(intent) ? unknownDirectory(intent, unknownBecause) : intent);
}
function changeDirectory(name, args, scope) {
  const operands = args.filter((word, index) => !(word.text.startsWith("-") && word.text !== "-" && args.slice(0, index).every((before) => before.text !== "--")) && word.text !== "--");
  const unknown2 = (why) => ({ directory: null, unknownBecause: why });
  const here = scope.directory;
  if (name === "popd" || name === "pushd" && (operands.length === 0 || /^[+-]\d+$/.test(operands[0].text))) return unknown2(`\`${name}\` moves along the directory stack of the running shell, which tf-plan-guard cannot see`);
  const target2 = operands[0];
  const home = process.env["HOME"];
  if (target2 === void 0 || target2.text === "~" || target2.text.startsWith("~/") && !target2.dynamic) {
    if (!home) return unknown2("`cd` goes to a home directory tf-plan-guard does not know (HOME is not set)");
    return { directory: target2 === void 0 || target2.text === "~" ? home : resolve2(home, target2.text.slice(2)), unknownBecause: "" };
  }
  if (target2.dynamic) return unknown2(`its directory comes from \`cd ${oneLine(target2.text, 60)}\`, only known when the shell expands it`);
  if (target2.text === "-") {
    if (scope.previous !== null) return { directory: scope.previous, unknownBecause: "" };
    return unknown2("`cd -` goes back to a directory only the running shell knows");
  }
  if (target2.text.startsWith("~")) return unknown2(`\`cd ${oneLine(target2.text, 60)}\` goes to another user's home, which tf-plan-guard does not look up`);
  if (here === null) return isAbsolute2(target2.text) ? { directory: target2.text, unknownBecause: "" } : unknown2(scope.unknownBecause);
  return { directory: resolveDir(here, target2.text), unknownBecause: "" };
}
function guardedApply(words) {
  let rest = words;
  const name = basename2(rest[0]?.text ?? "");
  if (name === "npx" || name === "pnpx" || name === "bunx" || name === "node") {
    rest = rest.slice(1);
    while (rest[0] && rest[0].text.startsWith("-")) rest = rest.slice(1);
  }
  const program = rest[0]?.text ?? "";
  if (!/^tf-plan-guard(?:@[\w.^~-]+)?$/.test(basename2(program)) && !(name === "node" && /tf-plan-guard.*\.js$/.test(program))) return null;
  if (rest[1]?.text !== "apply") return null;
  const options = rest.slice(2);
  const split = options.findIndex((word) => word.text === "--");
  const own2 = split < 0 ? options : options.slice(0, split);
  const positional = own2.filter((word, index) => !word.text.startsWith("-") && !/^--(?:config|block-on|program|timeout)$/.test(own2[index - 1]?.text ?? ""));
  return positional[0]?.text ?? ".";
}
function runnerOf(name, words, directory, display) {
  const args = words.slice(1);
  if (name === "source" || name === ".") return args[0] ? runnerIntent("script", directory, args[0], [], display) : null;
  if (words[0].text.includes("/")) return runnerIntent("script", directory, words[0], [], display);
  const runner = name === "make" || name === "gmake" ? "make" : name === "just" ? "just" : name === "task" || name === "go-task" ? "task" : null;
  if (runner === null) return null;
  const directoryOptions = { make: ["-C", "--directory"], just: ["-d", "--working-directory"], task: ["-d", "--dir"] }[runner];
  const fileOptions = { make: ["-f", "--file", "--makefile"], just: ["-f", "--justfile"], task: ["-t", "--taskfile"] }[runner];
  let where = directory;
  let file = null;
  const targets = [];
  for (let i = 0; i < args.length; i++) {
    const text = args[i].text;
    const [option, attached] = text.startsWith("--") && text.includes("=") ? [text.slice(0, text.indexOf("=")), text.slice(text.indexOf("=") + 1)] : text.length > 2 && /^-[A-Za-z]/.test(text) && [...directoryOptions, ...fileOptions].includes(text.slice(0, 2)) ? [text.slice(0, 2), text.slice(2)] : [text, void 0];
    const value = attached ?? (directoryOptions.includes(option) || fileOptions.includes(option) ? args[++i]?.text : void 0);
    if (directoryOptions.includes(option) && value !== void 0) where = resolveDir(where, value);
    else if (fileOptions.includes(option) && value !== void 0) file = { text: value, dynamic: false };
    else if (!text.startsWith("-") && !isAssignment(args[i])) targets.push(text);
  }
  return runnerIntent(runner, where, file, runner === "make" ? targets : [], display);
}
function runnerIntent(runner, directory, file, targets, display) {
  return { kind: "runner", runner, directory, file: file === null || file.dynamic ? null : resolveDir(directory, file.text), targets, display };
}
function terraformDirectory(words, shellDirectory) {
  for (let i = 1; i < words.length; i++) {
    const option = normalizeOption(words[i].text);
    if (!option.startsWith("-")) break;
    if (option.startsWith("-chdir=")) return resolveDir(shellDirectory, option.slice("-chdir=".length));
    if (option === "-chdir" && words[i + 1]) return resolveDir(shellDirectory, words[i + 1].text);
  }
  return shellDirectory;
}
function planOutputs(words, shellDirectory) {
  if (!words.some((word) => word.text === "plan")) return [];
  let directory = shellDirectory;
  const files = [];
  for (let i = 1; i < words.length; i++) {
    const option = normalizeOption(words[i].text);
    if (option.startsWith("-chdir=")) directory = resolveDir(shellDirectory, option.slice("-chdir=".length));
    else if (option.startsWith("-out=")) files.push(resolveDir(directory, option.slice("-out=".length)));
    else if (option === "-out" && words[i + 1]) files.push(resolveDir(directory, words[++i].text));
  }
  return files;
}
function isAssignment(word) {
  return /^[A-Za-z_][A-Za-z0-9_]*=/.test(word.text);
}
function withEnvironment(intent, assignments) {
  if (intent.kind !== "change") return intent;
  const env = {};
  for (const word of assignments) {
    const name = word.text.slice(0, word.text.indexOf("="));
    if (/^TF_CLI_ARGS_(?:apply|destroy|plan|show)$/.test(name)) return { kind: "uncertain", display: intent.display, why: `${name} adds options to the apply that a plan does not show` };
    if (name === "PATH") return { kind: "uncertain", display: intent.display, why: "it sets PATH, so the program that runs may not be the one tf-plan-guard plans with" };
    if (word.dynamic) return { kind: "uncertain", display: intent.display, why: `the value of ${name} is only known when the shell expands it` };
    env[name] = word.text.slice(name.length + 1);
  }
  return { ...intent, env };
}
function unwrap(words) {
  const assignments = [];
  let chdir = null;
  for (let guard = 0; guard < 8; guard++) {
    const name = words[0] ? basename2(words[0].text) : "";
    const skip = credentialWrapperSkip(words);
    if (skip !== null) {
      words = words.slice(skip);
      continue;
    }
    const wrapper = WRAPPERS[name];
    if (!wrapper) break;
    if (name === "command" && words.some((word) => word.text === "-v" || word.text === "-V")) return { words: [], assignments, chdir };
    let i = 1;
    while (i < words.length) {
      const word = words[i];
      const text = word.text;
      if (text === "--") {
        i++;
        break;
      }
      if (name === "env" && isAssignment(word)) {
        assignments.push(word);
        i++;
      } else if (text.startsWith("-") && text.length > 1) {
        const takesValue = wrapper.optionsWithValue.includes(text);
        const chdirOptions = wrapper.chdirOptions ?? [];
        if (takesValue && chdirOptions.includes(text) && words[i + 1]) chdir = words[i + 1];
        else if (chdirOptions.includes("--chdir") && text.startsWith("--chdir=")) chdir = { ...word, text: text.slice("--chdir=".length) };
        else {
          const short = chdirOptions.find((option) => option.length === 2 && text.startsWith(option) && text.length > 2);
          if (short) chdir = { ...word, text: text.slice(2) };
        }
        i += takesValue ? 2 : 1;
      } else break;
    }
    i += wrapper.positionalsBefore ?? 0;
    words = words.slice(i);
  }
  return { words, assignments, chdir };
}
function shellScript(words) {
  for (let i = 1; i < words.length; i++) {
    const text = words[i].text;
    if (/^-[a-zA-Z]*c[a-zA-Z]*$/.test(text)) return words[i + 1]?.text ?? null;
    if (!text.startsWith("-")) return null;
  }
  return null;
}
var OPTIONS_WITH_VALUE = /* @__PURE__ */ new Set(["-var", "-var-file", "-target", "-replace", "-exclude", "-lock-timeout", "-parallelism", "-state", "-state-out", "-backup", "-chdir"]);
var APPLY_ONLY_OPTIONS = /* @__PURE__ */ new Set(["-auto-approve", "-input", "-no-color", "-json", "-compact-warnings", "-state-out", "-backup", "-show-sensitive"]);
function terraformIntent(tool, words, cwd, display) {
  let directory = cwd;
  let i = 1;
  for (; i < words.length; i++) {
    const option = normalizeOption(words[i].text);
    if (!option.startsWith("-")) break;
    if (option.startsWith("-chdir=")) directory = resolveDir(cwd, option.slice("-chdir=".length));
    else if (option === "-chdir" && words[i + 1]) directory = resolveDir(cwd, words[++i].text);
  }
  const subcommand = words[i];
  if (!subcommand) return null;
  if (subcommand.dynamic) {
    return { kind: "uncertain", display, why: "its subcommand is only known when the shell expands it" };
  }
  const rest = words.slice(i + 1);
  const program = words[0].text;
  switch (subcommand.text) {
    case "apply":
    case "destroy":
      return changeIntent(tool, program, directory, subcommand.text === "destroy", rest, display, false);
    case "state": {
      const action = rest.find((word) => !word.text.startsWith("-"))?.text;
      if (action === "rm") return { kind: "state", tool, directory, display, effect: "makes Terraform forget objects that still exist: they are no longer managed, and a later apply may create duplicates" };
      if (action === "push") return { kind: "state", tool, directory, display, effect: "overwrites the stored state with a local file: objects missing from that file are forgotten, and the next plan may recreate or destroy them" };
      return null;
    }
    case "workspace": {
      const action = rest.find((word) => !word.text.startsWith("-"))?.text;
      if (action === "delete") return { kind: "state", tool, directory, display, effect: "deletes a workspace's state: every object it tracked keeps running unmanaged (with -force, even when it still tracks objects)" };
      return null;
    }
    case "force-unlock":
      return { kind: "state", tool, directory, display, effect: "removes the state lock: if another run still holds it, two applies can write the state at once and lose track of objects" };
    default:
      return null;
  }
}
function terragruntIntent(words, cwd, display) {
  const program = words[0].text;
  const rest = words.slice(1);
  let manyModules = false;
  let directory = cwd;
  const remaining = [];
  for (let i = 0; i < rest.length; i++) {
    const text = normalizeOption(rest[i].text);
    if (text === "run-all" || text === "-all" || text === "-a") manyModules = true;
    else if (text === "run" || text === "--") continue;
    else if (text === "-working-dir" || text === "-terragrunt-working-dir") directory = resolveDir(cwd, rest[++i]?.text ?? ".");
    else if (text.startsWith("-working-dir=") || text.startsWith("-terragrunt-working-dir=")) directory = resolveDir(cwd, text.slice(text.indexOf("=") + 1));
    else remaining.push(rest[i]);
  }
  const verbIndex = remaining.findIndex((word) => !word.text.startsWith("-"));
  const verb = remaining[verbIndex];
  if (!verb) return null;
  if (verb.dynamic) return { kind: "uncertain", display, why: "its command is only known when the shell expands it" };
  if (verb.text === "apply" || verb.text === "destroy") {
    return changeIntent("terragrunt", program, directory, verb.text === "destroy", remaining.slice(verbIndex + 1), display, manyModules);
  }
  return terraformIntent("terragrunt", [words[0], ...remaining], directory, display);
}
function changeIntent(tool, program, directory, destroy, args, display, manyModules) {
  if (args.some((word) => word.dynamic)) {
    return { kind: "uncertain", display, why: "some of its options are only known when the shell expands them" };
  }
  const planArgs = [];
  let savedPlan = null;
  for (let i = 0; i < args.length; i++) {
    const raw = args[i].text;
    const option = normalizeOption(raw);
    if (!option.startsWith("-")) {
      savedPlan = isAbsolute2(raw) ? raw : resolve2(directory, raw);
      continue;
    }
    const name = option.split("=")[0];
    if (name === "-destroy") {
      if (!destroy) destroy = option !== "-destroy=false";
      continue;
    }
    const value = !option.includes("=") && OPTIONS_WITH_VALUE.has(name) ? args[++i]?.text : void 0;
    if (APPLY_ONLY_OPTIONS.has(name)) continue;
    planArgs.push(value === void 0 ? option : `${option}=${value}`);
  }
  return { kind: "change", tool, program, directory, destroy, planArgs, savedPlan, manyModules, display, env: {} };
}
function normalizeOption(text) {
  return text.startsWith("--") ? text.slice(1) : text;
}
function basename2(path2) {
  return path2.slice(Math.max(path2.lastIndexOf("/"), path2.lastIndexOf("\\")) + 1);
}
function resolveDir(cwd, target2) {
  return isAbsolute2(target2) ? target2 : resolve2(cwd, target2);
}
function displayCommand(words) {
  const shown = [];
  for (let i = 0; i < words.length; i++) {
    const text = words[i].text;
    const option = normalizeOption(text);
    if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(text)) shown.push(`${text.split("=")[0]}=(hidden)`);
    else if (/^-[\w-]+=[A-Za-z_][A-Za-z0-9_]*=/.test(option)) shown.push(`${option.slice(0, option.indexOf("=") + 1)}${hideValue(option.slice(option.indexOf("=") + 1))}`);
    else if (option === "-var" && words[i + 1]) shown.push("-var", hideValue(words[++i].text));
    else if (words[i].dynamic && /[A-Za-z_][A-Za-z0-9_]*=/.test(text)) shown.push(text.replace(/([A-Za-z_][A-Za-z0-9_]*)=[\s\S]*/, "$1=(hidden)"));
    else shown.push(/\s/.test(text) || text === "" ? `'${text}'` : text);
  }
  return oneLine(shown.join(" "));
}
function hideValue(assignment) {
  const name = assignment.split("=")[0];
  return `${name}=(hidden)`;
}
function maskedLine(line) {
  const parsed = parseCommandLine(line);
  const shown = parsed.commands.map((words) => displayCommand(words)).join(" ; ");
  return oneLine(parsed.incomplete ? `${shown} …` : shown);
}
function oneLine(text, max = 160) {
  const flat = text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

// src/agent/reason.ts
var MAX_FINDINGS_SHOWN = 5;
function describeAnalysis(intent, analysis) {
  const report = scrubReport(analysis.report, analysis.secrets);
  const blocking = blockingFindings(report);
  const plan = report.plans[0];
  const lines = [`\`${intent.display}\` in ${intent.directory} needs a human's approval.`];
  if (plan) lines.push(`Plan: ${describeSummary(plan.summary)}.`);
  for (const finding of blocking.slice(0, MAX_FINDINGS_SHOWN)) {
    const subject = finding.address ?? "whole plan";
    lines.push(`${finding.severity.toUpperCase()} ${finding.ruleId} ${subject}: ${oneLine(scrubSecrets(finding.message, analysis.secrets), 240)}`);
  }
  if (blocking.length > MAX_FINDINGS_SHOWN) lines.push(`…and ${blocking.length - MAX_FINDINGS_SHOWN} more blocking finding(s).`);
  for (const warning of plan?.warnings ?? []) lines.push(`Note: ${oneLine(warning, 240)}`);
  return lines.map((line) => oneLine(line, 400));
}
function describeIntentProblem(intent, problem) {
  switch (intent.kind) {
    case "state":
      return [`\`${intent.display}\` in ${intent.directory} ${intent.effect}.`];
    case "uncertain":
      return [`\`${intent.display}\` may run a Terraform apply or destroy, but ${intent.why}: tf-plan-guard cannot plan it.`];
    case "change":
      return [`\`${intent.display}\` in ${intent.directory} ${intent.destroy ? "destroys" : "applies"} infrastructure, and tf-plan-guard could not check its plan: ${problem ?? "unknown problem"}.`];
    case "runner":
      return [`\`${intent.display}\` in ${intent.directory} may run Terraform without naming it: ${problem ?? "it runs a file tf-plan-guard does not plan through"}. tf-plan-guard cannot plan through it, so a person approves it.`];
    case "guarded-apply":
      return [
        `\`${intent.display}\`${intent.directory === null ? "" : ` in ${intent.directory}`} applies infrastructure. Its own confirmation is read from a terminal, which an agent can create and answer itself (script(1)), so a person approves it here.`
      ];
  }
}

// src/agent/guard.ts
async function assessCommandLine(line, cwd, options) {
  const deadline = Date.now() + options.budgetMs;
  const assessments = [];
  for (const intent of recognizeTerraformCommands(line, cwd)) {
    if (intent.kind === "runner") {
      const concern = runnerConcern(intent);
      assessments.push(concern === null ? { intent, outcome: "clear", reason: [], timedOut: false } : { intent, outcome: "runner", reason: describeIntentProblem(intent, concern), timedOut: false });
    } else if (intent.kind !== "change") assessments.push({ intent, outcome: intent.kind, reason: describeIntentProblem(intent), timedOut: false });
    else assessments.push(await assessChange(intent, options, deadline - Date.now()));
  }
  return assessments;
}
async function assessChange(intent, options, budgetMs) {
  if (intent.manyModules) {
    return { intent, outcome: "not-planned", reason: describeIntentProblem(intent, "it runs over many modules, which tf-plan-guard does not plan one by one"), timedOut: false };
  }
  const program = planningProgram(intent, options);
  if ("problem" in program) return { intent, outcome: "not-planned", reason: describeIntentProblem(intent, program.problem), timedOut: false };
  const outcome = await producePlan(requestFor(intent, program.path, budgetMs));
  if (!outcome.ok) return { intent, outcome: "not-planned", reason: describeIntentProblem(intent, outcome.problem), timedOut: outcome.timedOut };
  try {
    const plan = loadPlanBytes(outcome.json, `plan of ${intent.directory}`);
    const analysis = analyzePlans([plan], options.policyFor(intent.directory), { configurationChange: () => configurationEvidence(intent.directory) });
    if (!analysis.report.blocking) return { intent, outcome: "clear", reason: [], timedOut: false };
    return { intent, outcome: "blocking", reason: describeAnalysis(intent, analysis), timedOut: false };
  } finally {
    outcome.cleanup();
  }
}
function planningProgram(intent, options) {
  const written = intent.program;
  const defaultName = intent.tool === "tofu" ? "tofu" : intent.tool;
  const configured = options.programs?.[intent.tool];
  const trusted = configured ?? findOnPath(written.includes("/") ? defaultName : written, options.path ?? process.env["PATH"] ?? "");
  if (!written.includes("/")) {
    if (trusted === null) return { problem: `\`${written}\` is not installed or not on PATH` };
    return { path: trusted };
  }
  const same = trusted !== null && sameFile(written, trusted);
  if (same) return { path: trusted };
  return { problem: `it runs ${written}, which is not the ${defaultName} tf-plan-guard plans with (${trusted ?? `no ${defaultName} on PATH`}), so its plan cannot be trusted to be what would run` };
}
function findOnPath(name, path2) {
  if (isAbsolute3(name)) return name;
  for (const dir of path2.split(delimiter)) {
    if (!dir) continue;
    const candidate = join5(dir, name);
    try {
      if (!statSync4(candidate).isFile()) continue;
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
    }
  }
  return null;
}
function sameFile(a, b) {
  try {
    return realpathSync(a) === realpathSync(b);
  } catch {
    return false;
  }
}
function configurationEvidence(directory) {
  if (existsSync4(join5(directory, "terraform.tfstate.backup"))) return "modified";
  let tfFiles;
  try {
    tfFiles = readdirSync3(directory).filter((name) => name.endsWith(".tf") || name.endsWith(".tf.json"));
  } catch {
    return "unknown";
  }
  if (tfFiles.length === 0) return "unknown";
  const tracked = spawnSync("git", ["ls-tree", "--name-only", "HEAD", "--", ...tfFiles], { cwd: directory, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"], timeout: 5e3 });
  if (tracked.status !== 0) return "unknown";
  return tracked.stdout.trim() !== "" ? "modified" : "unknown";
}

// src/agent/claude-code-hook.ts
function parseHookInput(text, fallbackCwd) {
  const parsed = parseJsonObject(text);
  if ("problem" in parsed) return parsed;
  const record2 = parsed.record;
  const toolInput = record2["tool_input"];
  const command = toolInput && typeof toolInput === "object" ? toolInput["command"] : void 0;
  return {
    toolName: typeof record2["tool_name"] === "string" ? record2["tool_name"] : "",
    command: typeof command === "string" ? command : "",
    cwd: typeof record2["cwd"] === "string" && record2["cwd"] !== "" ? record2["cwd"] : fallbackCwd
  };
}
function parseJsonObject(text) {
  let data;
  try {
    data = JSON.parse(text);
  } catch {
    return { problem: "the hook input is not JSON" };
  }
  if (data === null || typeof data !== "object" || Array.isArray(data)) return { problem: "the hook input is not a JSON object" };
  return { record: data };
}
async function answerToolCall(input, settings) {
  if (input.toolName !== "Bash" || input.command === "") return null;
  const objections = await objectionsTo(input.command, input.cwd, settings);
  if (objections.length === 0) return null;
  return objectionAnswer(objections, settings);
}
async function objectionsTo(command, cwd, settings) {
  const assessments = await assessCommandLine(command, cwd, settings);
  return assessments.filter((assessment) => assessment.outcome !== "clear");
}
function objectionLines(objections, settings) {
  const lines = ["tf-plan-guard:", ...objections.flatMap((objection) => objection.reason)];
  if (objections.some((objection) => objection.timedOut)) lines.push(`Planning ran out of its ${Math.round(settings.budgetMs / 1e3)} s time budget (--timeout), so the plan was not checked.`);
  lines.push(
    settings.unattended ? "Denied: do not run this without a human. Stop and ask a person to review the plan and run it themselves." : "Approve only if you expected exactly this."
  );
  return lines;
}
function objectionAnswer(objections, settings) {
  const lines = objectionLines(objections, settings);
  return {
    hookSpecificOutput: {
      hookEventName: "PreToolUse",
      permissionDecision: settings.unattended ? "deny" : "ask",
      permissionDecisionReason: lines.join("\n")
    }
  };
}
function unreadableInputAnswer(problem, unattended) {
  return {
    hookSpecificOutput: {
      hookEventName: "PreToolUse",
      permissionDecision: unattended ? "deny" : "ask",
      permissionDecisionReason: `tf-plan-guard: ${problem}, so it cannot tell whether this command changes infrastructure.`
    }
  };
}

// src/agent/cursor-hook.ts
function parseCursorInput(text, fallbackCwd) {
  const parsed = parseJsonObject(text);
  if ("problem" in parsed) return parsed;
  const record2 = parsed.record;
  if (typeof record2["command"] !== "string") return { problem: 'the hook input has no "command"' };
  const roots = Array.isArray(record2["workspace_roots"]) ? record2["workspace_roots"].filter((root) => typeof root === "string" && root !== "") : [];
  const cwd = typeof record2["cwd"] === "string" && record2["cwd"] !== "" ? record2["cwd"] : roots[0] ?? fallbackCwd;
  return { command: record2["command"], cwd };
}
async function answerShellExecution(input, settings) {
  if (input.command === "") return { permission: "allow" };
  const objections = await objectionsTo(input.command, input.cwd, settings);
  if (objections.length === 0) return { permission: "allow" };
  const lines = objectionLines(objections, settings);
  return {
    permission: settings.unattended ? "deny" : "ask",
    user_message: lines.join("\n"),
    agent_message: settings.unattended ? `${lines.join("\n")}
Stop and ask a person to review the plan and run it themselves.` : `${lines.slice(0, -1).join("\n")}
A person was asked to approve this command.`
  };
}
function unreadableCursorInput(problem, unattended) {
  const message = `tf-plan-guard: ${problem}, so it cannot tell whether this command changes infrastructure.`;
  return { permission: unattended ? "deny" : "ask", user_message: message, agent_message: message };
}

// src/agent/install.ts
var DENY_RULES = [
  "Bash(terraform apply *)",
  "Bash(terraform destroy *)",
  "Bash(tofu apply *)",
  "Bash(tofu destroy *)",
  "Bash(terragrunt apply *)",
  "Bash(terragrunt destroy *)",
  "Bash(terragrunt run-all apply *)",
  "Bash(terragrunt run-all destroy *)"
];
var DEFAULT_TIMEOUT_SECONDS = 90;
var HARNESS_TIMEOUT_MARGIN_SECONDS = 20;
function installedFlags(command, harness) {
  const words = command.slice(command.indexOf(`hook ${harness}`) + `hook ${harness}`.length).trim().split(/\s+/).filter(Boolean);
  const flags = { unattended: false, timeoutSeconds: void 0, other: [] };
  for (let i = 0; i < words.length; i++) {
    const word = words[i];
    if (word === "--unattended") flags.unattended = true;
    else if (word === "--timeout" && words[i + 1] !== void 0 && Number.isFinite(Number(words[i + 1]))) flags.timeoutSeconds = Number(words[++i]);
    else if (word.startsWith("--timeout=") && Number.isFinite(Number(word.slice(10)))) flags.timeoutSeconds = Number(word.slice(10));
    else flags.other.push(word);
  }
  return flags;
}
function hookFor(harness, choice, installed) {
  const before = installed === void 0 ? null : installedFlags(installed, harness);
  const kept = [];
  let unattended = choice.unattended ?? false;
  if (choice.unattended === void 0 && before?.unattended) {
    unattended = true;
    kept.push("kept --unattended from the installed hook (it denies instead of asking); pass --attended to make it ask");
  }
  let timeout = choice.timeoutSeconds;
  if (timeout === void 0 && before?.timeoutSeconds !== void 0) {
    timeout = before.timeoutSeconds;
    kept.push(`kept --timeout ${timeout} from the installed hook`);
  }
  const flags = [...unattended ? ["--unattended"] : [], ...timeout !== void 0 ? ["--timeout", String(timeout)] : [], ...before?.other ?? []];
  const command = [choice.self, "hook", harness, ...flags].join(" ");
  return { command, harnessTimeout: Math.ceil((timeout ?? DEFAULT_TIMEOUT_SECONDS) + HARNESS_TIMEOUT_MARGIN_SECONDS), kept };
}
function mergeClaudeCodeSettings(existing, choice) {
  const settings = structuredClone(existing);
  const changes = [];
  const hooks = objectAt(settings, "hooks");
  const preToolUse = arrayAt(hooks, "PreToolUse");
  const ours = preToolUse.find((group) => isOurHookGroup(group, "claude-code"));
  const entry = ours === void 0 ? void 0 : ours["hooks"].find((hook) => isOurHook(hook, "claude-code"));
  const { command, harnessTimeout, kept } = hookFor("claude-code", choice, entry?.["command"]);
  const failClosed = choice.failClosed || entry?.["onFailure"] === "block";
  if (entry === void 0) {
    preToolUse.push({ matcher: "Bash", hooks: [{ type: "command", command, timeout: harnessTimeout, ...failClosed ? { onFailure: "block" } : {} }] });
    changes.push(`added a PreToolUse hook for Bash: ${command} (timeout ${harnessTimeout} s${failClosed ? ", onFailure: block" : ""})`);
  } else {
    if (entry["command"] !== command || entry["timeout"] !== harnessTimeout) {
      changes.push(describeUpdate(entry["command"], command, entry["timeout"], harnessTimeout));
      entry["command"] = command;
      entry["timeout"] = harnessTimeout;
    }
    if (failClosed && entry["onFailure"] !== "block") {
      entry["onFailure"] = "block";
      changes.push("set onFailure: block on the hook: a hook that fails or times out now blocks the command");
    }
  }
  if (choice.denyRules) {
    const deny = arrayAt(objectAt(settings, "permissions"), "deny");
    for (const rule of DENY_RULES) {
      if (!deny.includes(rule)) {
        deny.push(rule);
        changes.push(`added the deny rule ${rule}`);
      }
    }
  }
  return { settings, changes, kept };
}
function mergeCursorHooks(existing, choice) {
  const settings = structuredClone(existing);
  const changes = [];
  if (settings["version"] === void 0) settings["version"] = 1;
  else if (settings["version"] !== 1) throw new SettingsShapeError(`"version" is ${JSON.stringify(settings["version"])}, and tf-plan-guard knows only version 1 of this file`);
  const before = arrayAt(objectAt(settings, "hooks"), "beforeShellExecution");
  const entry = before.find((hook) => isOurHook(hook, "cursor"));
  const { command, harnessTimeout, kept } = hookFor("cursor", choice, entry?.["command"]);
  const failClosed = choice.failClosed || entry?.["failClosed"] === true;
  if (entry === void 0) {
    before.push({ command, timeout: harnessTimeout, ...failClosed ? { failClosed: true } : {} });
    changes.push(`added a beforeShellExecution hook: ${command} (timeout ${harnessTimeout} s${failClosed ? ", failClosed" : ""})`);
  } else {
    if (entry["command"] !== command || entry["timeout"] !== harnessTimeout) {
      changes.push(describeUpdate(entry["command"], command, entry["timeout"], harnessTimeout));
      entry["command"] = command;
      entry["timeout"] = harnessTimeout;
    }
    if (failClosed && entry["failClosed"] !== true) {
      entry["failClosed"] = true;
      changes.push("set failClosed on the hook: a hook that fails or times out now blocks the command");
    }
  }
  return { settings, changes, kept };
}
function describeUpdate(oldCommand, command, oldTimeout, timeout) {
  const parts = [];
  if (oldCommand !== command) parts.push(`command ${JSON.stringify(oldCommand)} → ${JSON.stringify(command)}`);
  if (oldTimeout !== timeout) parts.push(`timeout ${JSON.stringify(oldTimeout ?? null)} → ${timeout} s`);
  return `updated the hook: ${parts.join(", ")}`;
}
function isOurHook(hook, harness) {
  if (typeof hook !== "object" || hook === null) return false;
  const command = hook["command"];
  return typeof command === "string" && new RegExp(`\\bhook ${harness}\\b`).test(command) && /tf-plan-guard|cli\.js/.test(command);
}
function isOurHookGroup(group, harness) {
  return typeof group === "object" && group !== null && Array.isArray(group["hooks"]) && group["hooks"].some((hook) => isOurHook(hook, harness));
}
function objectAt(parent, key) {
  const value = parent[key];
  if (value === void 0) return parent[key] = {};
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new SettingsShapeError(`"${key}" is not an object`);
  return value;
}
function arrayAt(parent, key) {
  const value = parent[key];
  if (value === void 0) return parent[key] = [];
  if (!Array.isArray(value)) throw new SettingsShapeError(`"${key}" is not a list`);
  return value;
}
var SettingsShapeError = class extends Error {
};

// src/agent/commands.ts
var AGENT_COMMANDS = ["hook", "apply", "install"];
var CLAUDE_CODE_ON_FAILURE = [2, 1, 295];
var AGENT_USAGE = `       tf-plan-guard hook claude-code|cursor [--unattended] [--timeout SECONDS] [--config FILE]
                                  [--terraform FILE] [--tofu FILE] [--terragrunt FILE]
       tf-plan-guard apply [DIR] [--destroy] [--config FILE] [--block-on SEV] [-- TERRAFORM-ARGS]
       tf-plan-guard install claude-code|cursor [--project | --user] [--unattended | --attended]
                                  [--timeout SECONDS] [--fail-closed] [--no-deny-rules]`;
function runAgentCommand(command, args, io) {
  switch (command) {
    case "hook":
      return runHook(args, io);
    case "apply":
      return runApply(args, io);
    case "install":
      return Promise.resolve(runInstall(args, io));
  }
}
function parse2(args, options) {
  try {
    return parseArgs({ args: [...args], options, allowPositionals: true });
  } catch (error2) {
    throw new InputError(null, `${error2 instanceof Error ? error2.message : String(error2)}
Usage: ${AGENT_USAGE.trimStart()}`);
  }
}
function harnessName(positionals, command) {
  const name = positionals[0];
  if (name !== "claude-code" && name !== "cursor") {
    throw new InputError(null, `tf-plan-guard ${command} needs the harness: claude-code or cursor (got ${name ? `"${name}"` : "nothing"}); see the README for other harnesses`);
  }
  return name;
}
function timeoutSeconds(value) {
  if (value === void 0) return DEFAULT_TIMEOUT_SECONDS;
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds <= 0) throw new InputError(null, `--timeout must be a number of seconds (got "${value}")`);
  return seconds;
}
function policyFor(config2, blockOn, cwd) {
  const policy = resolvePolicy(config2 ? resolve3(cwd, config2) : null, cwd);
  if (blockOn === void 0) return policy;
  if (!BLOCK_ON_VALUES.includes(blockOn)) throw new InputError(null, `--block-on must be one of ${BLOCK_ON_VALUES.join(", ")} (got "${blockOn}")`);
  return { ...policy, blockOn };
}
function nearestPolicy(directory, sessionCwd) {
  for (let dir = directory; ; dir = dirname2(dir)) {
    if (existsSync5(join6(dir, DEFAULT_POLICY_PATH))) return resolvePolicy(null, dir);
    if (dirname2(dir) === dir) break;
  }
  return resolvePolicy(null, sessionCwd);
}
async function runHook(args, io) {
  const { values, positionals } = parse2(args, {
    unattended: { type: "boolean" },
    timeout: { type: "string" },
    config: { type: "string" },
    terraform: { type: "string" },
    tofu: { type: "string" },
    terragrunt: { type: "string" }
  });
  const harness = harnessName(positionals, "hook");
  const unattended = values.unattended === true;
  const budgetMs = timeoutSeconds(values.timeout) * 1e3;
  const programs = {};
  for (const tool of ["terraform", "tofu", "terragrunt"]) if (values[tool] !== void 0) programs[tool] = resolve3(io.cwd, values[tool]);
  const text = readAll(io.readStdin());
  const release = stopPlanningOnSignals();
  try {
    const settingsFor = (cwd) => {
      const fixed2 = values.config === void 0 ? null : policyFor(values.config, void 0, cwd);
      return { policyFor: (directory) => fixed2 ?? nearestPolicy(directory, cwd), budgetMs, unattended, programs, path: io.env["PATH"] ?? "" };
    };
    const answer = await hookAnswer(PROTOCOLS2[harness], text, io.cwd, unattended, settingsFor);
    if (answer) io.stdout.write(`${JSON.stringify(answer)}
`);
    return 0;
  } finally {
    release();
  }
}
var PROTOCOLS2 = {
  "claude-code": { parse: parseHookInput, answer: answerToolCall, unreadable: unreadableInputAnswer },
  cursor: { parse: parseCursorInput, answer: answerShellExecution, unreadable: unreadableCursorInput }
};
async function hookAnswer(protocol, text, cwd, unattended, settingsFor) {
  const input = protocol.parse(text, cwd);
  if ("problem" in input) return protocol.unreadable(input.problem, unattended);
  try {
    return await protocol.answer(input, settingsFor(input.cwd));
  } catch (error2) {
    return protocol.unreadable(internalProblem(error2), unattended);
  }
}
function internalProblem(error2) {
  return error2 instanceof InputError ? error2.message : `an internal error stopped the check (${error2 instanceof Error ? error2.message : String(error2)})`;
}
function stopPlanningOnSignals() {
  const signals = ["SIGTERM", "SIGINT", "SIGHUP"];
  const numbers = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 };
  let stopping = false;
  const onSignal = (signal) => {
    if (stopping) {
      void stopAllPlanning(0);
      process.exit(128 + (numbers[signal] ?? 15));
    }
    stopping = true;
    void stopAllPlanning(Math.min(DEFAULT_GRACE_MS, 2e3)).then(() => process.exit(128 + (numbers[signal] ?? 15)));
  };
  const onExit = () => void stopAllPlanning(0);
  for (const signal of signals) process.on(signal, onSignal);
  process.on("exit", onExit);
  return () => {
    for (const signal of signals) process.off(signal, onSignal);
    process.off("exit", onExit);
  };
}
async function runApply(args, io) {
  const split = args.indexOf("--");
  const own2 = split < 0 ? args : args.slice(0, split);
  const terraformArgs = split < 0 ? [] : args.slice(split + 1);
  const { values, positionals } = parse2(own2, {
    destroy: { type: "boolean" },
    config: { type: "string" },
    "block-on": { type: "string" },
    program: { type: "string" },
    timeout: { type: "string" }
  });
  if (positionals.length > 1) throw new InputError(null, `tf-plan-guard apply takes one directory (got ${positionals.length}); Terraform's own options go after --`);
  const directory = resolve3(io.cwd, positionals[0] ?? ".");
  const program = values.program ?? "terraform";
  const policy = policyFor(values.config, values["block-on"], io.cwd);
  const release = stopPlanningOnSignals();
  const planned = await producePlan({ program, directory, destroy: values.destroy === true, planArgs: terraformArgs, savedPlan: null, budgetMs: timeoutSeconds(values.timeout ?? "3600") * 1e3, env: io.env });
  release();
  if (!planned.ok) throw new InputError(directory, `no plan to apply: ${planned.problem}`);
  try {
    const analysis = analyzePlans([loadPlanBytes(planned.json, `plan of ${directory}`)], policy, { configurationChange: () => configurationEvidence(directory) });
    io.stderr.write(renderText(analysis, { color: false }));
    if (analysis.report.blocking) {
      const terminal = io.openTerminal();
      if (terminal === null) {
        io.stderr.write("tf-plan-guard: refused: this plan needs a human's approval and there is no terminal to ask one. Ask a person to run `tf-plan-guard apply` themselves.\n");
        return 1;
      }
      let confirmed;
      try {
        confirmed = terminal.question(`This plan needs a human's approval. Type "apply" to apply exactly this plan: `).trim() === "apply";
      } finally {
        terminal.close();
      }
      if (!confirmed) {
        io.stderr.write("tf-plan-guard: not confirmed; nothing was applied.\n");
        return 1;
      }
    }
    const applied = spawnSync2(program, ["apply", "-input=false", planned.planFile], { cwd: directory, env: io.env, stdio: ["ignore", "inherit", "inherit"] });
    if (applied.error || applied.status !== 0) throw new InputError(directory, `\`${program} apply\` of the saved plan failed (exit ${applied.status ?? "none"})`);
    return 0;
  } finally {
    planned.cleanup();
  }
}
function runInstall(args, io) {
  const { values, positionals } = parse2(args, {
    project: { type: "boolean" },
    user: { type: "boolean" },
    unattended: { type: "boolean" },
    attended: { type: "boolean" },
    "fail-closed": { type: "boolean" },
    "no-deny-rules": { type: "boolean" },
    timeout: { type: "string" }
  });
  const harness = harnessName(positionals, "install");
  if (values.project && values.user) throw new InputError(null, "choose one of --project and --user");
  if (values.unattended && values.attended) throw new InputError(null, "choose one of --unattended and --attended");
  const home = io.env["HOME"];
  const folder = harness === "cursor" ? ".cursor" : ".claude";
  const file = harness === "cursor" ? "hooks.json" : "settings.json";
  if (values.user && !home) throw new InputError(null, `--user needs HOME to find ~/${folder}/${file}`);
  const path2 = join6(values.user ? home : io.cwd, folder, file);
  const notes = [];
  let failClosed = values["fail-closed"] === true || harness === "cursor";
  if (harness === "claude-code" && !failClosed) {
    const version2 = io.claudeCodeVersion?.() ?? null;
    if (version2 !== null && atLeast2(version2, CLAUDE_CODE_ON_FAILURE)) failClosed = true;
    else notes.push(`note: ${version2 === null ? "no `claude` on PATH to check" : `Claude Code ${version2} is older than 2.1.295`}, so the hook is written without "onFailure": "block": if the hook crashes or Claude Code's timeout runs out, the command runs. Pass --fail-closed once every Claude Code that reads this file is 2.1.295 or later.`);
  }
  const choice = {
    self: io.selfCommand(),
    unattended: values.unattended ? true : values.attended ? false : void 0,
    timeoutSeconds: values.timeout === void 0 ? void 0 : timeoutSeconds(values.timeout),
    denyRules: values["no-deny-rules"] !== true,
    failClosed
  };
  let existing = {};
  if (existsSync5(path2)) {
    try {
      const parsed = JSON.parse(readFileSync3(path2, "utf8"));
      if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) throw new Error("not an object");
      existing = parsed;
    } catch {
      throw new InputError(path2, "is not a JSON object; fix or move it, then run install again (nothing was changed)");
    }
  }
  let merged;
  try {
    merged = harness === "cursor" ? mergeCursorHooks(existing, choice) : mergeClaudeCodeSettings(existing, choice);
  } catch (error2) {
    if (error2 instanceof SettingsShapeError) throw new InputError(path2, `${error2.message}; nothing was changed`);
    throw error2;
  }
  const report = [...merged.changes, ...merged.kept, ...notes];
  if (merged.changes.length === 0) {
    io.stdout.write(`${path2}: tf-plan-guard is already installed; nothing changed.
${[...merged.kept, ...notes].map((line) => `  ${line}
`).join("")}`);
    return 0;
  }
  mkdirSync(dirname2(path2), { recursive: true });
  writeFileSync(path2, `${JSON.stringify(merged.settings, null, 2)}
`);
  io.stdout.write(`${path2}:
${report.map((change) => `  ${change}`).join("\n")}
`);
  return 0;
}
function atLeast2(version2, minimum) {
  const parts = /(\d+)\.(\d+)\.(\d+)/.exec(version2)?.slice(1).map(Number);
  if (!parts) return false;
  for (let i = 0; i < minimum.length; i++) {
    if (parts[i] !== minimum[i]) return parts[i] > minimum[i];
  }
  return true;
}
function claudeCodeVersion(env) {
  const result = spawnSync2("claude", ["--version"], { env, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"], timeout: 1e4 });
  if (result.error || result.status !== 0) return null;
  return result.stdout.trim().split("\n")[0] ?? null;
}
function readAll(input) {
  const chunks = input instanceof Uint8Array ? [input] : [...input];
  return Buffer.concat(chunks).toString("utf8");
}
function openControllingTerminal() {
  let fd;
  try {
    fd = openSync3("/dev/tty", "r+");
  } catch {
    return null;
  }
  return {
    question(prompt) {
      writeSync(fd, prompt);
      const buffer = Buffer.alloc(1024);
      let answer = "";
      while (!answer.includes("\n")) {
        const count2 = readSync3(fd, buffer, 0, buffer.length, null);
        if (count2 === 0) break;
        answer += buffer.toString("utf8", 0, count2);
      }
      return answer.split("\n")[0] ?? "";
    },
    close: () => closeSync3(fd)
  };
}
function selfCommand(env, script) {
  const self = script ? safeRealpath(script) : null;
  for (const dir of (env["PATH"] ?? "").split(delimiter2)) {
    if (!dir) continue;
    const candidate = join6(dir, "tf-plan-guard");
    if (existsSync5(candidate) && self !== null && safeRealpath(candidate) === self) return "tf-plan-guard";
  }
  return self ? `${quote(process.execPath)} ${quote(self)}` : "tf-plan-guard";
}
function safeRealpath(path2) {
  try {
    return realpathSync2(path2);
  } catch {
    return null;
  }
}
function quote(text) {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

// src/progress.ts
var QUIET_MS = 1e3;
var REDRAW_MS = 100;
function readingProgress(stderr, name, now = () => performance.now()) {
  const started = now();
  let drawnAt = -Infinity;
  let drawn = false;
  return {
    onProgress(bytesRead, total) {
      const time2 = now();
      if (time2 - started < QUIET_MS || time2 - drawnAt < REDRAW_MS) return;
      drawnAt = time2;
      drawn = true;
      const read = mebibytes(bytesRead);
      const of = total === null ? " MiB" : ` of ${mebibytes(total)} MiB (${Math.floor(bytesRead / total * 100)}%)`;
      stderr.write(`\r\x1B[2Ktf-plan-guard: reading ${name}: ${read}${of}`);
    },
    done() {
      if (drawn) stderr.write("\r\x1B[2K");
    }
  };
}
function mebibytes(bytes) {
  return (bytes / 2 ** 20).toFixed(0);
}

// src/render/json.ts
function renderJson(report) {
  const shown = {
    ...report,
    plans: report.plans.map((plan) => ({ ...plan, findings: plan.findings.map(({ evidence: _evidence, ...finding }) => finding) }))
  };
  return `${JSON.stringify(shown, null, 2)}
`;
}

// node_modules/markdown-table/index.js
function defaultStringLength(value) {
  return value.length;
}
function markdownTable(table, options) {
  const settings = options || {};
  const align = (settings.align || []).concat();
  const stringLength = settings.stringLength || defaultStringLength;
  const alignments = [];
  const cellMatrix = [];
  const sizeMatrix = [];
  const longestCellByColumn = [];
  let mostCellsPerRow = 0;
  let rowIndex = -1;
  while (++rowIndex < table.length) {
    const row2 = [];
    const sizes2 = [];
    let columnIndex2 = -1;
    if (table[rowIndex].length > mostCellsPerRow) {
      mostCellsPerRow = table[rowIndex].length;
    }
    while (++columnIndex2 < table[rowIndex].length) {
      const cell = serialize(table[rowIndex][columnIndex2]);
      if (settings.alignDelimiters !== false) {
        const size = stringLength(cell);
        sizes2[columnIndex2] = size;
        if (longestCellByColumn[columnIndex2] === void 0 || size > longestCellByColumn[columnIndex2]) {
          longestCellByColumn[columnIndex2] = size;
        }
      }
      row2.push(cell);
    }
    cellMatrix[rowIndex] = row2;
    sizeMatrix[rowIndex] = sizes2;
  }
  let columnIndex = -1;
  if (typeof align === "object" && "length" in align) {
    while (++columnIndex < mostCellsPerRow) {
      alignments[columnIndex] = toAlignment(align[columnIndex]);
    }
  } else {
    const code2 = toAlignment(align);
    while (++columnIndex < mostCellsPerRow) {
      alignments[columnIndex] = code2;
    }
  }
  columnIndex = -1;
  const row = [];
  const sizes = [];
  while (++columnIndex < mostCellsPerRow) {
    const code2 = alignments[columnIndex];
    let before = "";
    let after = "";
    if (code2 === 99) {
      before = ":";
      after = ":";
    } else if (code2 === 108) {
      before = ":";
    } else if (code2 === 114) {
      after = ":";
    }
    let size = settings.alignDelimiters === false ? 1 : Math.max(
      1,
      longestCellByColumn[columnIndex] - before.length - after.length
    );
    const cell = before + "-".repeat(size) + after;
    if (settings.alignDelimiters !== false) {
      size = before.length + size + after.length;
      if (size > longestCellByColumn[columnIndex]) {
        longestCellByColumn[columnIndex] = size;
      }
      sizes[columnIndex] = size;
    }
    row[columnIndex] = cell;
  }
  cellMatrix.splice(1, 0, row);
  sizeMatrix.splice(1, 0, sizes);
  rowIndex = -1;
  const lines = [];
  while (++rowIndex < cellMatrix.length) {
    const row2 = cellMatrix[rowIndex];
    const sizes2 = sizeMatrix[rowIndex];
    const cellsInRow = settings.fillRows === false ? Math.max(1, cellMatrix[rowIndex === 1 ? 0 : rowIndex].length) : mostCellsPerRow;
    columnIndex = -1;
    const line = [];
    while (++columnIndex < cellsInRow) {
      const cell = row2[columnIndex] || "";
      let before = "";
      let after = "";
      if (settings.alignDelimiters !== false) {
        const size = longestCellByColumn[columnIndex] - (sizes2[columnIndex] || 0);
        const code2 = alignments[columnIndex];
        if (code2 === 114) {
          before = " ".repeat(size);
        } else if (code2 === 99) {
          const half = size / 2;
          if (size % 2) {
            before = " ".repeat(half + 0.5);
            after = " ".repeat(half - 0.5);
          } else {
            before = " ".repeat(half);
            after = before;
          }
        } else {
          after = " ".repeat(size);
        }
      }
      if (settings.delimiterStart !== false && !columnIndex) {
        line.push("|");
      }
      if (settings.padding !== false && // Don’t add the opening space if we’re not aligning and the cell is
      // empty: there will be a closing space.
      !(settings.alignDelimiters === false && cell === "") && (settings.delimiterStart !== false || columnIndex)) {
        line.push(" ");
      }
      if (settings.alignDelimiters !== false) {
        line.push(before);
      }
      line.push(cell);
      if (settings.alignDelimiters !== false) {
        line.push(after);
      }
      if (settings.padding !== false) {
        line.push(" ");
      }
      if (settings.delimiterEnd !== false || columnIndex !== cellsInRow - 1) {
        line.push("|");
      }
    }
    lines.push(
      settings.delimiterEnd === false ? line.join("").replace(/ +$/, "") : line.join("")
    );
  }
  return lines.join("\n");
}
function serialize(value) {
  return value === null || value === void 0 ? "" : String(value);
}
function toAlignment(value) {
  const code2 = typeof value === "string" ? value.codePointAt(0) : 0;
  return code2 === 67 || code2 === 99 ? 99 : code2 === 76 || code2 === 108 ? 108 : code2 === 82 || code2 === 114 ? 114 : 0;
}

// src/render/fit.ts
var RESOURCE_SUMMARY = /^\s*<details><summary>(?:🔴|🟠|🟡|🔵|⚪) <b>[^<]*<\/b> (?:([\d,]+) × )?/;
function sizeOf(text, measure = "characters") {
  return measure === "bytes" ? Buffer.byteLength(text, "utf8") : text.length;
}
function fitReport(body, budget, options) {
  const size = (text) => sizeOf(text, options.measure);
  if (size(body) <= budget) return body;
  const blocks = topLevelBlocks(body);
  const total = blocks.reduce((sum, block) => sum + resourcesIn(block), 0);
  const note = (shown2) => `> [!NOTE]
> This report is too long for ${options.surface}: ${shown2.toLocaleString("en-US")} of ${total.toLocaleString("en-US")} resources with findings are shown. The complete report is in ${options.where}.`;
  const essential = blocks.filter((block) => !isDroppable(block));
  let room = budget - size(note(total)) - 2 - essential.reduce((sum, block) => sum + size(block) + 2, 0);
  if (room < 0) return cutLines(body, budget, options);
  let dropping = false;
  let shown = 0;
  const kept = [];
  for (const block of blocks) {
    if (!isDroppable(block)) {
      kept.push(block);
      continue;
    }
    if (!dropping && size(block) + 2 <= room) {
      kept.push(block);
      room -= size(block) + 2;
      shown += resourcesIn(block);
    } else {
      dropping = true;
    }
  }
  return [...kept, note(shown)].join("\n\n");
}
function topLevelBlocks(body) {
  const blocks = [];
  let current = [];
  let depth = 0;
  for (const line of body.split("\n")) {
    if (line.trim() === "" && depth === 0) {
      if (current.length > 0) blocks.push(current.join("\n"));
      current = [];
      continue;
    }
    current.push(line);
    depth = Math.max(0, depth + (line.match(/<details>/g)?.length ?? 0) - (line.match(/<\/details>/g)?.length ?? 0));
  }
  if (current.length > 0) blocks.push(current.join("\n"));
  return blocks;
}
function isDroppable(block) {
  return block.startsWith("<details>");
}
function resourcesIn(block) {
  let resources = 0;
  for (const line of block.split("\n")) {
    const match2 = RESOURCE_SUMMARY.exec(line);
    if (match2) resources += match2[1] ? Number(match2[1].replace(/,/g, "")) : 1;
  }
  return resources;
}
function cutLines(body, budget, options) {
  const size = (text) => sizeOf(text, options.measure);
  const lines = body.split("\n");
  const note = (shown) => `

> [!NOTE]
> This report is too long for ${options.surface}: it is cut after ${shown.toLocaleString("en-US")} of its ${lines.length.toLocaleString("en-US")} lines. The complete report is in ${options.where}.`;
  const reserve = size(note(lines.length));
  const kept = [];
  let used = 0;
  let open2 = 0;
  for (const line of lines) {
    const closing = "\n</details>".length * Math.max(0, open2) + 1;
    if (used + size(line) + 1 + reserve + closing > budget) break;
    kept.push(line);
    used += size(line) + 1;
    open2 = Math.max(0, open2 + (line.match(/<details>/g)?.length ?? 0) - (line.match(/<\/details>/g)?.length ?? 0));
  }
  const closers = Array.from({ length: open2 }, () => "\n</details>").join("");
  return `${kept.join("\n")}${open2 > 0 ? "\n" : ""}${closers}${note(kept.length)}`;
}

// src/render/headline.ts
var PLAN_WIDE = {
  "mass-delete": (plan) => `mass delete of ${counted(plan.summary.delete + plan.summary.replace, "resource")}`,
  "empty-prior-state": (plan) => `empty prior state (a lost backend?): ${counted(plan.summary.create, "resource")} created as new`,
  "policy-changed": () => "the pull request changes the policy that gates it"
};
var HARM = {
  "stateful-delete": "destroys {}",
  "stateful-replace": "destroys and recreates {}",
  "resource-forget": "stops managing {}",
  "deletion-protection-disabled": "turns off deletion protection on {}",
  "deletion-protection-missing": "leaves {} without deletion protection",
  "backup-weakened": "weakens the backups of {}",
  "iam-wildcard-action": "grants admin or wildcard access through {}",
  "iam-wildcard-resource": "grants admin or wildcard access through {}",
  "iam-admin-policy": "grants admin or wildcard access through {}",
  "iam-public-principal": "opens {} to everyone",
  "iam-unverifiable": "adds {} whose policy could not be checked",
  "iam-policy-removed": "removes {}",
  "network-open-ingress": "opens {} to the internet",
  "key-disabled": "disables {}",
  "helm-release-uninstall": "uninstalls {}",
  "destructive-action": "runs destructive actions through {}"
};
var HARMS_NAMED = 2;
var TYPES_NAMED = 3;
var ADDRESSES_NAMED = 2;
function riskHeadline(report, style) {
  const blocking = report.plans.flatMap((plan) => plan.findings.filter((finding) => isBlockingFinding(finding, report.blockOn)).map((finding) => ({ plan, finding })));
  if (blocking.length === 0) return null;
  const planWide = [...new Set(blocking.filter(({ finding }) => finding.address === null).map(({ plan, finding }) => PLAN_WIDE[finding.ruleId]?.(plan) ?? `${finding.ruleId} on the whole plan`))];
  const worst = /* @__PURE__ */ new Map();
  for (const { plan, finding } of blocking) {
    if (finding.address === null) continue;
    const key = `${plan.name}\0${finding.address}`;
    const seen = worst.get(key);
    if (!seen || severityRank(finding.severity) > severityRank(seen.severity)) worst.set(key, finding);
  }
  const byHarm = /* @__PURE__ */ new Map();
  for (const finding of [...worst.values()].sort((a, b) => severityRank(b.severity) - severityRank(a.severity))) {
    const harm = HARM[finding.ruleId] ?? `${finding.ruleId.replace(/-/g, " ")}: {}`;
    const entry = byHarm.get(harm) ?? { rank: severityRank(finding.severity), types: /* @__PURE__ */ new Map() };
    const type = finding.resourceType ?? "resource";
    entry.types.set(type, [...entry.types.get(type) ?? [], finding]);
    byHarm.set(harm, entry);
  }
  let addresses = ADDRESSES_NAMED;
  const harms = [...byHarm.entries()].map(([harm, { types }]) => {
    const kinds = [...types.entries()];
    const phrases = kinds.slice(0, TYPES_NAMED).map(([type, findings]) => resourcesPhrase(type, findings, findings.length === 1 && addresses-- > 0 ? style : null));
    const others = kinds.slice(TYPES_NAMED).reduce((sum, [, findings]) => sum + findings.length, 0);
    if (others > 0) phrases.push(counted(others, "other resource"));
    return harm.replace("{}", joinAnd(phrases));
  });
  const named2 = harms.slice(0, HARMS_NAMED);
  const rest = [...byHarm.values()].slice(HARMS_NAMED).reduce((sum, entry) => sum + [...entry.types.values()].reduce((n, list) => n + list.length, 0), 0);
  if (rest > 0) named2.push(`${counted(rest, "more resource")} at risk`);
  const resources = named2.join("; ");
  const whole = planWide.map(style.text).join("; ");
  const sentence = whole && resources ? `${whole}: ${resources}` : whole || resources;
  return sentence.charAt(0).toUpperCase() + sentence.slice(1);
}
function resourcesPhrase(type, findings, style) {
  const only = findings.length === 1 ? findings[0] : void 0;
  if (!only?.address || !style) return `${count(findings.length)} ${kindOf(type, findings.length)}`;
  const name = only.identity?.[0];
  return `1 ${kindOf(type)} (${style.address(only.address)}${name ? `, ${style.text(name)}` : ""})`;
}
function joinAnd(parts) {
  if (parts.length <= 1) return parts.join("");
  return `${parts.slice(0, -1).join(", ")} and ${parts.at(-1)}`;
}

// src/render/markdown.ts
var COMMENT_LIMIT = 65536;
var COMMENT_ADDRESSES_PER_GROUP = 20;
var TABLE_OPTIONS = { alignDelimiters: false };
var SEVERITY_ICON = {
  critical: "🔴",
  high: "🟠",
  medium: "🟡",
  low: "🔵",
  info: "⚪"
};
var MARKDOWN_HEADLINE = { address: (text) => code(text), text: escapeText };
function markdownHeadline(report) {
  return riskHeadline(report, MARKDOWN_HEADLINE);
}
function renderMarkdown(analysis, limit = COMMENT_LIMIT) {
  const { report } = analysis;
  const headline = markdownHeadline(report);
  const head = [`### ${report.blocking ? "⛔" : "✅"} ${headline ?? escapeText(verdictLine(report))}`, "", ...headline ? [`**${escapeText(verdictLine(report))}**`, ""] : []].join("\n");
  const body = renderPlanSections(report, { addressesPerGroup: COMMENT_ADDRESSES_PER_GROUP }).join("\n");
  const scrubbedHead = scrubSecrets(`${head}
`, analysis.secrets);
  const fitted = fitReport(scrubSecrets(body, analysis.secrets), limit - scrubbedHead.length - 1, { surface: "a comment", where: "the JSON report (`--format json`)" });
  return `${scrubbedHead}${fitted}
`;
}
function renderPlanSections(report, options = {}) {
  const lines = [];
  const many = report.plans.length > 1;
  if (many) lines.push(plansTable(report), "");
  for (const plan of report.plans) {
    if (many) lines.push(`#### ${code(plan.name)}`, "");
    lines.push(...renderPlan(plan, report, many, options));
  }
  return lines;
}
function plansTable(report) {
  const rows = report.plans.map((plan) => {
    const blocking = plan.findings.filter((finding) => isBlockingFinding(finding, report.blockOn)).length;
    const other = plan.findings.filter((finding) => !finding.suppressed).length - blocking;
    const verdict = blocking > 0 ? `⛔ ${counted(blocking, "blocking finding")}` : other > 0 ? `✅ ${counted(other, "finding")} below ${report.blockOn}` : "✅ nothing to flag";
    return [code(plan.name, true), escapeText(terraformPlanLine(plan.summary)), escapeText(planVersions(plan) || "—"), verdict];
  });
  return markdownTable([["Plan", "Changes", "Versions", "Verdict"], ...rows], TABLE_OPTIONS);
}
function renderPlan(plan, report, underPlanHeading, options) {
  const versions = planVersions(plan);
  const planLine = `**${escapeText(terraformPlanLine(plan.summary))}**`;
  const lines = [underPlanHeading ? planLine : [planLine, code(plan.name), ...versions ? [escapeText(versions)] : []].join(" · "), ""];
  for (const warning of plan.warnings) lines.push("> [!WARNING]", `> ${escapeText(warning)}`, "");
  const unsuppressed = plan.findings.filter((finding) => !finding.suppressed);
  const suppressed = plan.findings.filter((finding) => finding.suppressed);
  for (const finding of sortBySeverity(unsuppressed.filter((candidate) => candidate.address === null))) lines.push(...planWideBlock(finding), "");
  const resources = unsuppressed.filter((finding) => finding.address !== null);
  const blockingAddresses = new Set(resources.filter((finding) => isBlockingFinding(finding, report.blockOn)).map((finding) => finding.address));
  const blocking = resources.filter((finding) => blockingAddresses.has(finding.address));
  const other = resources.filter((finding) => !blockingAddresses.has(finding.address));
  for (const block of resourceBlocks(blocking, options)) lines.push(...block, "");
  if (other.length > 0) {
    const below = resourceBlocks(other, options).flatMap((block) => [...block, ""]);
    lines.push(...folded(`${counted(addressCount(other), "more resource")} with findings below ${report.blockOn}`, below), "");
  }
  if (suppressed.length > 0) {
    const table = markdownTable(
      [["Rule", "Resource", "Reason"], ...suppressed.map((finding) => [finding.ruleId, finding.address ? code(finding.address, true) : "the whole plan", escapeText(finding.suppressed?.reason ?? "")])],
      TABLE_OPTIONS
    );
    lines.push(...folded(`${counted(suppressed.length, "finding")} suppressed by the policy`, [table]), "");
  }
  if (plan.findings.length === 0) lines.push("Nothing to flag in this plan.", "");
  return lines;
}
function planWideBlock(finding) {
  const lines = [`${SEVERITY_ICON[finding.severity]} **Whole plan** · ${finding.ruleId} (${finding.severity}): ${escapeText(finding.message)}`];
  const body = evidenceLines(finding);
  if (body.length > 0) lines.push("<details><summary>Evidence and fix</summary>", "", ...body, "", "</details>");
  return lines;
}
function findingLines2(finding) {
  return [`**${finding.ruleId}** (${finding.severity}): ${escapeText(finding.message)}`, ...evidenceLines(finding)];
}
function evidenceLines(finding) {
  return [...finding.details.map((detail) => `- ${escapeText(detail)}`), ...finding.remediation ? [`- **Fix:** ${escapeText(finding.remediation)}`] : []];
}
function resourceBlocks(findings, options) {
  const byAddress = /* @__PURE__ */ new Map();
  for (const finding of findings) byAddress.set(finding.address, [...byAddress.get(finding.address) ?? [], finding]);
  const groups = /* @__PURE__ */ new Map();
  for (const [address, list] of byAddress) {
    const key = groupKey(address, list);
    const group = groups.get(key);
    const identity = list.find((finding) => finding.identity && finding.identity.length > 0)?.identity ?? [];
    if (group) {
      group.addresses.push(address);
      group.identities.set(address, identity);
    } else {
      const severity = sortBySeverity(list)[0]?.severity ?? "info";
      groups.set(key, { addresses: [address], identities: /* @__PURE__ */ new Map([[address, identity]]), findings: sortBySeverity(list), severity });
    }
  }
  return [...groups.values()].sort((a, b) => severityRank(b.severity) - severityRank(a.severity)).map((group) => groupBlock(group, options));
}
function groupKey(address, findings) {
  const general = (text) => text === null ? null : text.split(address).join("\0");
  return JSON.stringify(
    findings.map((finding) => [finding.ruleId, finding.severity, finding.actions, finding.resourceType, addressPattern(address), general(finding.message), finding.details.map(general), general(finding.remediation)])
  );
}
function groupBlock(group, options) {
  const [first] = group.findings;
  const rules = [...new Set(group.findings.map((finding) => finding.ruleId))].join(", ");
  const verb = `${SEVERITY_ICON[group.severity]} <b>${escapeText(actionWord(first.actions))}</b>`;
  const address = group.addresses[0];
  if (group.addresses.length === 1) {
    const identity = group.identities.get(address) ?? [];
    const summary = [`${verb} ${codeHtml(shortenMiddle(address))}`, ...identity.map(escapeText)].join(" · ");
    const full = address.length > shortenMiddle(address).length ? [code(address), ""] : [];
    return [`<details><summary>${summary} — ${escapeText(rules)}</summary>`, "", ...full, ...group.findings.flatMap((finding) => [...findingLines2(finding), ""]), "</details>"];
  }
  const many = group.addresses.length;
  const pattern = addressPattern(address);
  const limit = options.addressesPerGroup ?? Number.POSITIVE_INFINITY;
  const listed2 = group.addresses.slice(0, limit).map((member) => `- ${[code(member), ...(group.identities.get(member) ?? []).map(escapeText)].join(" · ")}`);
  if (many > listed2.length) listed2.push(`- … and ${count(many - listed2.length)} more (the job summary and the JSON report list them all)`);
  return [
    `<details><summary>${verb} ${count(many)} × ${codeHtml(shortenMiddle(pattern))} — ${escapeText(rules)}</summary>`,
    "",
    `The same findings for each of these ${count(many)} resources; as said of the first:`,
    "",
    ...group.findings.flatMap((finding) => [...findingLines2(finding), ""]),
    `<details><summary>The ${count(many)} addresses</summary>`,
    "",
    ...listed2,
    "",
    "</details>",
    "",
    "</details>"
  ];
}
function actionWord(actions) {
  switch (actions.join(",")) {
    case "delete":
      return "Destroy";
    case "delete,create":
    case "create,delete":
      return "Replace";
    case "create":
      return "Create";
    case "update":
      return "Update";
    case "forget":
      return "Forget";
    case "read":
      return "Read";
    case "no-op":
      return "No change";
    default:
      return actions.length > 0 ? actions.join(" + ") : "Change";
  }
}
function addressCount(findings) {
  return new Set(findings.map((finding) => finding.address)).size;
}
function sortBySeverity(findings) {
  return [...findings].sort((a, b) => severityRank(b.severity) - severityRank(a.severity));
}
function folded(summary, body) {
  return ["<details>", `<summary>${escapeText(summary)}</summary>`, "", ...body, "", "</details>"];
}

// src/policy/change.ts
var POLICY_CHANGED = { id: "policy-changed", defaultSeverity: "critical" };

// src/render/annotations.ts
function parseAddress(address) {
  const withoutKeys = address.replace(/\[(?:"(?:[^"\\]|\\.)*"|[^\]"]*)\]/g, "");
  const parts = withoutKeys.split(".");
  const modules = [];
  let index = 0;
  while (parts[index] === "module" && parts[index + 1]) {
    modules.push(parts[index + 1]);
    index += 2;
  }
  let mode = "managed";
  if (parts[index] === "data") {
    mode = "data";
    index += 1;
  }
  const type = parts[index];
  const name = parts[index + 1];
  if (!type || !name || parts.length !== index + 2) return null;
  return { modules, mode, type, name };
}
function findDeclaration(address, files, configurationDir) {
  const parsed = parseAddress(address);
  if (!parsed) return null;
  const keyword = parsed.mode === "data" ? "data" : "resource";
  const declaration = new RegExp(`^\\s*${keyword}\\s+"?${escapeRegExp(parsed.type)}"?\\s+"?${escapeRegExp(parsed.name)}"?\\s*\\{`);
  const matches = [];
  for (const file of files) {
    const inConfiguration = directoryOf(file.path) === normalizeDir(configurationDir);
    if (inConfiguration !== (parsed.modules.length === 0)) continue;
    const lines = file.text.split(/\r?\n/);
    lines.forEach((text, lineIndex) => {
      if (declaration.test(text)) matches.push({ path: file.path, line: lineIndex + 1 });
    });
  }
  return matches.length === 1 ? matches[0] ?? null : null;
}
function directoryOf(path2) {
  const slash = path2.lastIndexOf("/");
  return slash < 0 ? "" : path2.slice(0, slash);
}
function normalizeDir(dir) {
  return dir.replace(/\\/g, "/").replace(/^(?:\.\/)+/, "").replace(/^\.$/, "").replace(/\/+$/, "");
}
function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

// src/render/sarif.ts
var SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
var OTHER_RULES = [
  {
    id: POLICY_CHANGED.id,
    severity: POLICY_CHANGED.defaultSeverity,
    summary: "The pull request adds, changes, deletes or renames the policy file that gates it; the base branch's policy still decides."
  }
];
var RULE_DOCS = {
  "stateful-delete": "docs/rules-stateful-lockout-incomplete.md",
  "stateful-replace": "docs/rules-stateful-lockout-incomplete.md",
  "empty-prior-state": "docs/rules-state-protection-backup.md",
  "mass-delete": "docs/rules-stateful-lockout-incomplete.md",
  "deletion-protection-disabled": "docs/rules-state-protection-backup.md",
  "deletion-protection-missing": "docs/rules-state-protection-backup.md",
  "backup-weakened": "docs/rules-state-protection-backup.md",
  "iam-wildcard-action": "docs/rules-iam-network.md",
  "iam-wildcard-resource": "docs/rules-iam-network.md",
  "iam-admin-policy": "docs/rules-iam-network.md",
  "iam-public-principal": "docs/rules-iam-network.md",
  "iam-unverifiable": "docs/rules-iam-network.md",
  "network-open-ingress": "docs/rules-iam-network.md",
  "policy-changed": "README.md",
  "resource-forget": "docs/rules-stateful-lockout-incomplete.md",
  "destructive-action": "docs/rules-stateful-lockout-incomplete.md",
  "helm-release-uninstall": "docs/rules-stateful-lockout-incomplete.md",
  "iam-policy-removed": "docs/rules-stateful-lockout-incomplete.md",
  "key-disabled": "docs/rules-stateful-lockout-incomplete.md"
};
var LEVEL = { critical: "error", high: "error", medium: "warning", low: "note", info: "note" };
var SECURITY_SEVERITY = { critical: "9.5", high: "8.0", medium: "5.5", low: "3.0", info: "1.0" };
function ruleInfos() {
  const byId = /* @__PURE__ */ new Map();
  for (const rule of RULES) byId.set(rule.id, { id: rule.id, severity: rule.defaultSeverity, summary: rule.summary });
  for (const rule of OTHER_RULES) if (!byId.has(rule.id)) byId.set(rule.id, rule);
  return RULE_IDS.flatMap((id) => byId.get(id) ?? []);
}
function renderSarif({ report, secrets }, options) {
  const rules = ruleInfos();
  const ruleIndex = new Map(rules.map((rule, index) => [rule.id, index]));
  const scrub = (text) => scrubSecrets(text, secrets);
  const results = report.plans.flatMap(
    (plan) => plan.findings.map((finding) => {
      const planFile = options.planFileOf(plan.name);
      const where = finding.address ? declarationOf(finding.address, options.files, planFile?.configurationDir ?? "") : null;
      const planPath = planFile?.name ?? null;
      const location = where ? physicalLocation(where.path, where.line) : planPath !== null ? physicalLocation(planPath, null) : null;
      return {
        ruleId: finding.ruleId,
        ...ruleIndex.has(finding.ruleId) ? { ruleIndex: ruleIndex.get(finding.ruleId) } : {},
        level: LEVEL[finding.severity],
        message: { text: scrub(messageText(finding)) },
        locations: [
          {
            ...location ? { physicalLocation: location } : {},
            logicalLocations: [{ fullyQualifiedName: scrub(finding.address ?? plan.name), kind: finding.address ? "resource" : "module" }]
          }
        ],
        // What identifies the alert across runs: the rule, the plan and the address, not the line.
        partialFingerprints: { "tfPlanGuard/v1": scrub(`${finding.ruleId}:${plan.name}:${finding.address ?? ""}`) },
        ...finding.suppressed ? { suppressions: [{ kind: "external", status: "accepted", justification: scrub(finding.suppressed.reason) }] } : {},
        properties: {
          severity: finding.severity,
          blocking: !finding.suppressed && isBlockingFinding(finding, report.blockOn),
          plan: scrub(plan.name),
          actions: finding.actions,
          ...finding.resourceType ? { resourceType: finding.resourceType } : {}
        }
      };
    })
  );
  const log = {
    $schema: SARIF_SCHEMA,
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "tf-plan-guard",
            version: TOOL_VERSION,
            semanticVersion: TOOL_VERSION,
            rules: rules.map((rule) => ({
              id: rule.id,
              name: pascalCase(rule.id),
              shortDescription: { text: rule.summary },
              fullDescription: { text: rule.summary },
              help: {
                text: `${rule.summary} Default severity: ${rule.severity}. Reference: ${RULE_DOCS[rule.id]} of tf-plan-guard, section \`${rule.id}\`.`,
                markdown: `${rule.summary}

Default severity: **${rule.severity}**. Reference: ${docLink(rule.id, options.docsBaseUrl)} of tf-plan-guard, section \`${rule.id}\`.`
              },
              ...options.docsBaseUrl ? { helpUri: `${options.docsBaseUrl}/${RULE_DOCS[rule.id]}` } : {},
              defaultConfiguration: { level: LEVEL[rule.severity] },
              properties: { tags: ["terraform", "security"], "security-severity": SECURITY_SEVERITY[rule.severity] }
            }))
          }
        },
        results,
        properties: { blockOn: report.blockOn, risk: report.risk, blocking: report.blocking, fingerprint: report.fingerprint }
      }
    ]
  };
  return `${JSON.stringify(log, null, 2)}
`;
}
function docLink(id, docsBaseUrl) {
  return docsBaseUrl ? `[${RULE_DOCS[id]}](${docsBaseUrl}/${RULE_DOCS[id]})` : `\`${RULE_DOCS[id]}\``;
}
function declarationOf(address, files, planDir) {
  return findDeclaration(address, files, planDir) ?? (planDir === "" ? null : findDeclaration(address, files, ""));
}
function physicalLocation(path2, line) {
  return {
    artifactLocation: { uri: encodeUriPath(path2), uriBaseId: "%SRCROOT%" },
    ...line !== null ? { region: { startLine: line } } : {}
  };
}
function encodeUriPath(path2) {
  return path2.split("/").map(encodeURIComponent).join("/");
}
function messageText(finding) {
  const lines = [finding.message, ...finding.details.map((detail) => `- ${detail}`)];
  if (finding.remediation) lines.push(`Fix: ${finding.remediation}`);
  if (finding.suppressed) lines.push(`Suppressed by the policy: ${finding.suppressed.reason}`);
  return lines.join("\n");
}
function pascalCase(id) {
  return id.split("-").map((part) => part === "iam" ? "IAM" : `${part.charAt(0).toUpperCase()}${part.slice(1)}`).join("");
}

// src/cli.ts
var EXIT_OK = 0;
var EXIT_NEEDS_APPROVAL = 1;
var EXIT_INVALID_INPUT = 2;
var USAGE = `Usage: tf-plan-guard analyze [PLAN ...] [--config FILE] [--format text|markdown|json|sarif]
                             [--block-on SEVERITY] [--output FILE]
                             [--configuration-change added|modified]
${AGENT_USAGE}

Analyzes the output of \`terraform show -json\` (or \`tofu show -json\`) for dangerous changes.
PLAN is a JSON plan file; \`-\` or no PLAN reads standard input.

  --config FILE     policy file (default: .github/tf-plan-guard.yml when present)
  --format FORMAT   text (default), markdown, json, or sarif (SARIF 2.1.0 for code
                    scanning: findings at the .tf line declaring the resource, found
                    under the current directory, else at the plan file)
  --block-on SEV    critical|high|medium|low|info|none (default: high, or the policy's)
  --output FILE     write the report to FILE instead of standard output
  --configuration-change added|modified
                    whether this change adds the configuration (a new root module) or
                    modifies one that existed; weighs an empty prior state (lost backend)

The text report is wrapped to the terminal's width (COLUMNS, or 100 columns when not a
terminal) and coloured only on a terminal (NO_COLOR turns colour off, FORCE_COLOR on).

Exit status: 0 nothing at or above block-on; 1 a change needs a human's approval;
2 usage error or unreadable/invalid input.`;
var STDIN_NAME = "(stdin)";
var FORMATS = ["text", "markdown", "json", "sarif"];
var CONFIGURATION_CHANGES = ["added", "modified", "unknown"];
function runCli(argv, io) {
  try {
    return run2(argv, io);
  } catch (error2) {
    return failure2(error2, io);
  }
}
async function runProgram(argv, io) {
  const agentCommand = AGENT_COMMANDS.find((name) => name === argv[0]);
  if (!agentCommand) return runCli(argv, io);
  try {
    return await runAgentCommand(agentCommand, argv.slice(1), {
      ...io,
      openTerminal: io.openTerminal ?? (() => null),
      selfCommand: io.selfCommand ?? (() => "tf-plan-guard")
    });
  } catch (error2) {
    return failure2(error2, io);
  }
}
function failure2(error2, io) {
  if (error2 instanceof InputError) {
    io.stderr.write(`tf-plan-guard: ${error2.message}
`);
    return EXIT_INVALID_INPUT;
  }
  const message = error2 instanceof Error ? error2.message : String(error2);
  io.stderr.write(`tf-plan-guard: internal error: ${message}
`);
  if (io.env["TF_PLAN_GUARD_DEBUG"] && error2 instanceof Error && error2.stack) io.stderr.write(`${error2.stack}
`);
  return EXIT_INVALID_INPUT;
}
function run2(argv, io) {
  if (AGENT_COMMANDS.some((name) => name === argv[0])) throw new Error(`${argv[0]} runs through runProgram`);
  let parsed;
  try {
    parsed = parseArgs2({
      args: [...argv],
      allowPositionals: true,
      options: {
        config: { type: "string" },
        format: { type: "string" },
        "block-on": { type: "string" },
        "configuration-change": { type: "string" },
        output: { type: "string", short: "o" },
        help: { type: "boolean", short: "h" },
        version: { type: "boolean" }
      }
    });
  } catch (error2) {
    throw new InputError(null, `${error2 instanceof Error ? error2.message : String(error2)}
${USAGE.split("\n")[0]}`);
  }
  const { values, positionals } = parsed;
  if (values.version) {
    io.stdout.write(`${TOOL_VERSION}
`);
    return EXIT_OK;
  }
  if (values.help || positionals.length === 0) {
    if (values.help) {
      io.stdout.write(`${USAGE}
`);
      return EXIT_OK;
    }
    throw new InputError(null, `missing command
${USAGE}`);
  }
  const [command, ...planArgs] = positionals;
  if (command !== "analyze") throw new InputError(null, `unknown command "${command}" (the commands are: analyze, ${AGENT_COMMANDS.join(", ")})`);
  const format = oneOf(values.format ?? "text", FORMATS, "--format");
  const blockOnFlag = values["block-on"] === void 0 ? null : oneOf(values["block-on"], BLOCK_ON_VALUES, "--block-on");
  const policy = resolvePolicy(values.config ?? null, io.cwd);
  const effectivePolicy = blockOnFlag ? { ...policy, blockOn: blockOnFlag } : policy;
  const configurationChange = oneOf(values["configuration-change"] ?? "unknown", CONFIGURATION_CHANGES, "--configuration-change");
  const plans = loadPlans(planArgs, io);
  const analysis = analyzePlans(plans, effectivePolicy, { configurationChange: () => configurationChange });
  const toStdout = values.output === void 0;
  const toTerminal = toStdout && io.stdout.isTTY === true;
  const text = {
    color: toStdout && wantsColor(io.env, toTerminal),
    width: (toTerminal ? io.stdout.columns : void 0) ?? columnsFromEnv(io.env) ?? DEFAULT_TEXT_WIDTH,
    closing: true
  };
  const rendered = render(format, analysis, text, io.cwd);
  if (values.output !== void 0) {
    try {
      writeFileSync2(values.output, rendered);
    } catch {
      throw new InputError(values.output, "cannot write the report there");
    }
  } else {
    io.stdout.write(rendered);
  }
  return analysis.report.blocking ? EXIT_NEEDS_APPROVAL : EXIT_OK;
}
function render(format, analysis, text, cwd) {
  switch (format) {
    case "sarif":
      return renderSarif(analysis, sarifLocations(cwd));
    case "json":
      return renderJson(scrubReport(analysis.report, analysis.secrets));
    case "markdown":
      return renderMarkdown(analysis);
    case "text":
      return renderText(analysis, text);
  }
}
var DEFAULT_TEXT_WIDTH = 100;
function wantsColor(env, toTerminal) {
  const force = env["FORCE_COLOR"];
  if (force !== void 0) return force !== "0" && force.toLowerCase() !== "false";
  if (env["NO_COLOR"]) return false;
  if (env["TERM"] === "dumb") return false;
  return toTerminal;
}
function columnsFromEnv(env) {
  const columns = Number.parseInt(env["COLUMNS"] ?? "", 10);
  return Number.isInteger(columns) && columns > 0 ? columns : void 0;
}
function sarifLocations(cwd) {
  return {
    files: readTfFiles(cwd),
    planFileOf: (name) => {
      const file = name === STDIN_NAME ? null : planFileAt(resolve4(cwd, name), cwd);
      return file && file.configurationDir !== null ? { name: file.name, configurationDir: file.configurationDir } : null;
    }
  };
}
function loadPlans(planArgs, io) {
  if (planArgs.length === 0) {
    if (io.stdinIsTTY) throw new InputError(null, `no plan given
${USAGE.split("\n")[0]}`);
    return [loadStdin(io)];
  }
  if (planArgs.filter((arg) => arg === "-").length > 1) throw new InputError(null, "standard input (-) can be read only once");
  return planArgs.map((arg) => arg === "-" ? loadStdin(io) : withProgress(io, arg, (onProgress) => loadPlanFile(arg, arg, onProgress)));
}
function loadStdin(io) {
  return withProgress(io, "standard input", (onProgress) => {
    const input = io.readStdin(onProgress);
    return loadPlanChunks(input instanceof Uint8Array ? [input] : input, STDIN_NAME);
  });
}
function withProgress(io, name, load) {
  if (!io.stderrIsTTY) return load();
  const progress = readingProgress(io.stderr, name);
  try {
    return load(progress.onProgress);
  } finally {
    progress.done();
  }
}
function oneOf(value, allowed, flag) {
  if (allowed.includes(value)) return value;
  throw new InputError(null, `${flag} must be one of ${allowed.join(", ")} (got "${value}")`);
}
function isMain() {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return realpathSync3(script) === realpathSync3(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}
if (isMain()) {
  process.stdout.on("error", (error2) => {
    if (error2.code !== "EPIPE") throw error2;
    process.exit(process.exitCode ?? EXIT_OK);
  });
  process.exitCode = await runProgram(process.argv.slice(2), {
    stdout: process.stdout,
    stderr: process.stderr,
    // Not process.stdin: opening that stream switches a pipe to non-blocking mode.
    stdinIsTTY: isatty(0),
    stderrIsTTY: isatty(2),
    readStdin: (onProgress) => readChunks(0, onProgress),
    env: process.env,
    cwd: process.cwd(),
    openTerminal: openControllingTerminal,
    selfCommand: () => selfCommand(process.env, process.argv[1]),
    claudeCodeVersion: () => claudeCodeVersion(process.env)
  });
}
export {
  EXIT_INVALID_INPUT,
  EXIT_NEEDS_APPROVAL,
  EXIT_OK,
  runCli,
  runProgram
};
