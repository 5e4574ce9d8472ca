/**
 * Check-run annotations: each finding pinned to the `.tf` line that declares its resource, when
 * that line can be found. The matching is pure; reading the workspace's files is the caller's.
 */
import { isBlockingFinding } from '../decision/blocking.js';
import type { SecretValues } from '../plan/model.js';
import type { Report } from '../report.js';
import type { Finding } from '../rules/types.js';
import { scrubAbout, scrubAddress } from './scrub.js';

export interface TfFile {
  /** Relative to the workspace, with forward slashes. */
  path: string;
  text: string;
}

export interface Annotation {
  path: string;
  start_line: number;
  end_line: number;
  annotation_level: 'failure' | 'warning' | 'notice';
  title: string;
  message: string;
}

export interface ParsedAddress {
  /** Module names from the root, e.g. ["network", "vpc"]. */
  modules: string[];
  mode: 'managed' | 'data';
  type: string;
  name: string;
}

/** `module.a.module.b["k"].data.aws_x.y[0]` → modules [a, b], data, aws_x, y; null for a malformed address. */
export function parseAddress(address: string): ParsedAddress | null {
  const withoutKeys = address.replace(/\[(?:"(?:[^"\\]|\\.)*"|[^\]"]*)\]/g, '');
  const parts = withoutKeys.split('.');
  const modules: string[] = [];
  let index = 0;
  while (parts[index] === 'module' && parts[index + 1]) {
    modules.push(parts[index + 1] as string);
    index += 2;
  }
  let mode: ParsedAddress['mode'] = 'managed';
  if (parts[index] === 'data') {
    mode = 'data';
    index += 1;
  }
  const type = parts[index];
  const name = parts[index + 1];
  if (!type || !name || parts.length !== index + 2) return null;
  return { modules, mode, type, name };
}

/**
 * The file and line declaring the resource. A root-module resource is looked for in the plan's
 * configuration directory; a module's resource anywhere else. Ambiguous matches give null:
 * a wrong line is worse than none.
 */
export function findDeclaration(address: string, files: readonly TfFile[], configurationDir: string): { path: string; line: number } | null {
  const parsed = parseAddress(address);
  if (!parsed) return null;
  const keyword = parsed.mode === 'data' ? 'data' : 'resource';
  const declaration = new RegExp(`^\\s*${keyword}\\s+"?${escapeRegExp(parsed.type)}"?\\s+"?${escapeRegExp(parsed.name)}"?\\s*\\{`);
  const matches: { path: string; line: number }[] = [];
  for (const file of files) {
    const inConfiguration = directoryOf(file.path) === normalizeDir(configurationDir);
    if (inConfiguration !== (parsed.modules.length === 0)) continue;
    const lines = file.text.split(/\r?\n/);
    lines.forEach((text, lineIndex) => {
      if (declaration.test(text)) matches.push({ path: file.path, line: lineIndex + 1 });
    });
  }
  return matches.length === 1 ? (matches[0] ?? null) : null;
}

/** Annotations for a report's unsuppressed resource findings that can be located. */
export function buildAnnotations(
  report: Report,
  files: readonly TfFile[],
  configurationDirOf: (planName: string) => string,
  secrets: SecretValues,
): Annotation[] {
  const annotations: Annotation[] = [];
  for (const plan of report.plans) {
    for (const finding of plan.findings) {
      if (finding.suppressed || !finding.address) continue;
      const where = findDeclaration(finding.address, files, configurationDirOf(plan.name));
      if (!where) continue;
      annotations.push({
        path: where.path,
        start_line: where.line,
        end_line: where.line,
        annotation_level: annotationLevel(finding, report),
        // Of the address only the instance keys are values (audit 27 F1).
        title: `${finding.severity}: ${finding.ruleId} on ${scrubAddress(finding.address, secrets)}`.slice(0, 255),
        message: scrubAbout([finding.message, ...finding.details, ...(finding.remediation ? [`Fix: ${finding.remediation}`] : [])].join('\n'), finding.address, secrets).slice(0, 60_000),
      });
    }
  }
  return annotations;
}

function annotationLevel(finding: Finding, report: Report): Annotation['annotation_level'] {
  if (isBlockingFinding(finding, report.blockOn)) return 'failure';
  return finding.severity === 'info' ? 'notice' : 'warning';
}

function directoryOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}

function normalizeDir(dir: string): string {
  return dir.replace(/\\/g, '/').replace(/^(?:\.\/)+/, '').replace(/^\.$/, '').replace(/\/+$/, '');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
