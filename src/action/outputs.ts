/** The step's outputs (contract §2). */
import type { ApprovalDecision } from '../decision/approval.js';
import type { StoredState } from '../decision/comment-state.js';
import type { ReportFiles } from './report-files.js';

export function setOutputs(setOutput: (name: string, value: string) => void, state: StoredState, decision: ApprovalDecision, reportFiles: ReportFiles): void {
  setOutput('risk', state.risk);
  setOutput('blocking', String(state.blocking));
  setOutput('approved', String(decision.status === 'approved'));
  setOutput('approved-by', decision.status === 'approved' ? decision.record.by : '');
  setOutput('findings', String(state.findings));
  setOutput('fingerprint', state.fingerprint);
  setOutput('report-file', reportFiles.report);
  setOutput('sarif-file', reportFiles.sarif);
}
