/**
 * The files the action leaves for later steps: the JSON report (`report-file`) and, with the
 * `sarif` input, SARIF for code scanning beside it (`sarif-file`), in a fresh directory under
 * RUNNER_TEMP. Both are scrubbed of secrets like every other output.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Analysis } from '../report.js';
import type { TfFile } from '../render/annotations.js';
import { renderJsonParts } from '../render/json.js';
import { renderSarifParts } from '../render/sarif.js';
import { scrubReport } from '../render/scrub.js';
import { writeTextFile } from '../text-output.js';
import type { PlanFile } from './plan-files.js';

export interface ReportFiles {
  /** Path of the JSON report; empty when none was written (approval re-evaluated without a plan). */
  report: string;
  /** Path of the SARIF file; empty unless the `sarif` input asked for it. */
  sarif: string;
}

export const NO_REPORT_FILES: ReportFiles = { report: '', sarif: '' };

export interface ReportFilesInput {
  env: NodeJS.ProcessEnv;
  analysis: Analysis;
  planFiles: readonly PlanFile[];
  /** The workspace's `.tf` files (paths relative to it), where SARIF results point; null when SARIF is not asked for. */
  sarifTfFiles: readonly TfFile[] | null;
}

export function writeReportFiles({ env, analysis, planFiles, sarifTfFiles }: ReportFilesInput): ReportFiles {
  const directory = mkdtempSync(join(env['RUNNER_TEMP'] || tmpdir(), 'tf-plan-guard-'));
  const report = join(directory, 'report.json');
  writeTextFile(report, renderJsonParts(scrubReport(analysis.report, analysis.secrets)));
  if (sarifTfFiles === null) return { report, sarif: '' };
  const sarif = join(directory, 'report.sarif');
  writeTextFile(
    sarif,
    renderSarifParts(analysis, {
      files: sarifTfFiles,
      // Relative to the workspace: the repository root, where code scanning resolves paths.
      planFileOf: (name) => {
        const file = planFiles.find((planFile) => planFile.name === name);
        return file && file.configurationDir !== null ? { name: file.name, configurationDir: file.configurationDir } : null;
      },
      docsBaseUrl: actionDocsUrl(env),
    }),
  );
  return { report, sarif };
}

/** Where this action's own files are browsed (its repository at the ref the workflow uses); null for a local action. */
function actionDocsUrl(env: NodeJS.ProcessEnv): string | null {
  const repository = env['GITHUB_ACTION_REPOSITORY'];
  const ref = env['GITHUB_ACTION_REF'];
  if (!repository || !ref) return null;
  return `${env['GITHUB_SERVER_URL'] || 'https://github.com'}/${repository}/blob/${encodeURIComponent(ref)}`;
}
