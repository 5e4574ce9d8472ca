/**
 * Markdown rendered as GitHub renders it, for tests: GFM (tables, strikethrough, autolinks, tag
 * filter) with raw HTML passed through as GitHub's renderer does before sanitizing, then parsed as
 * a browser parses HTML. `structure` is what a reader sees besides the words: every element and
 * comment, nested, with the attributes that carry a destination.
 */
import { micromark } from 'micromark';
import { gfm, gfmHtml } from 'micromark-extension-gfm';
import { parseFragment, type DefaultTreeAdapterMap } from 'parse5';

type Node = DefaultTreeAdapterMap['node'];

export function renderGfm(markdown: string): string {
  return micromark(markdown, { allowDangerousHtml: true, extensions: [gfm()], htmlExtensions: [gfmHtml()] });
}

/** One line per element or comment, indented by depth: `table`, `  tr`, `    td`, `a href`, … */
export function structure(html: string): string[] {
  const lines: string[] = [];
  const walk = (node: Node, depth: number) => {
    if (node.nodeName === '#comment') lines.push(`${'  '.repeat(depth)}<!--`);
    if ('tagName' in node) {
      const linking = node.attrs.filter((attr) => ['href', 'src', 'srcset', 'action', 'formaction'].includes(attr.name) || attr.name.startsWith('on')).map((attr) => attr.name);
      lines.push(`${'  '.repeat(depth)}${[node.tagName, ...linking].join(' ')}`);
    }
    const children = 'childNodes' in node ? node.childNodes : [];
    const content = node.nodeName === 'template' && 'content' in node ? (node.content as Node) : null;
    for (const child of content ? [content] : children) walk(child, depth + ('tagName' in node ? 1 : 0));
  };
  walk(parseFragment(html) as Node, 0);
  return lines;
}

/** The structure of markdown as GitHub shows it. */
export function markdownStructure(markdown: string): string[] {
  return structure(renderGfm(markdown));
}

/** The text a reader sees (entities decoded, markup gone). */
export function visibleText(html: string): string {
  const parts: string[] = [];
  const walk = (node: Node) => {
    if (node.nodeName === '#text' && 'value' in node) parts.push(node.value);
    for (const child of 'childNodes' in node ? node.childNodes : []) walk(child);
  };
  walk(parseFragment(html) as Node);
  return parts.join('');
}

/** Where the links and images of markdown lead, as GitHub renders it. */
export function destinations(markdown: string): string[] {
  const found: string[] = [];
  const walk = (node: Node) => {
    if ('tagName' in node) for (const attr of node.attrs) if (attr.name === 'href' || attr.name === 'src') found.push(attr.value);
    for (const child of 'childNodes' in node ? node.childNodes : []) walk(child);
  };
  walk(parseFragment(renderGfm(markdown)) as Node);
  return found;
}
