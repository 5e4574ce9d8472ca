/**
 * The last pass every output goes through: any value the plan marks sensitive is replaced,
 * in every form a renderer could have written it (raw, JSON-escaped, HTML-escaped, markdown-escaped).
 * Renderers never print such values on purpose; this catches what they would by accident.
 */
import type { SecretValues } from '../plan/model.js';
import { SENSITIVE_PLACEHOLDER } from '../plan/values.js';
import { escapeCell, escapeCodeInTable, escapeText } from './escape.js';

export function scrubSecrets(text: string, secrets: SecretValues): string {
  if (secrets.sensitive.size === 0) return text;
  const forms = new Set<string>();
  for (const secret of secrets.sensitive) {
    forms.add(secret);
    forms.add(JSON.stringify(secret).slice(1, -1));
    forms.add(escapeHtml(secret));
    forms.add(escapeText(secret));
    forms.add(escapeCell(secret));
    forms.add(escapeCodeInTable(secret));
  }
  // Longest first, so a secret that contains another is replaced whole.
  const pattern = [...forms].filter((form) => form.length > 0).sort((a, b) => b.length - a.length).map(escapeRegExp).join('|');
  return text.replace(new RegExp(pattern, 'g'), SENSITIVE_PLACEHOLDER);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
