/**
 * What changed between the blocking findings an approver saw and the ones found now, for the
 * "since the approval" line: findings are matched by rule and address, and compared by their
 * subject digests (decision/fingerprint.ts). Pure.
 */

/** A blocking finding as the stored state remembers it. */
export interface RememberedFinding {
  ruleId: string;
  address: string | null;
  /** The subject digest; absent in states written before it was kept. */
  subject?: string | undefined;
}

export interface ChangedFinding {
  ruleId: string;
  address: string | null;
}

export interface ChangesSinceApproval {
  /** Blocking findings the approver did not see. */
  added: ChangedFinding[];
  /** Findings on the same rule and address whose evidence differs (widened, or otherwise changed). */
  changed: ChangedFinding[];
  /** Findings the approver saw that are gone. */
  gone: ChangedFinding[];
}

/**
 * The changes from `approved` to `current`; null when they cannot be told (the approved list was
 * cut short in the stored state, or was written without subject digests).
 */
export function changesSinceApproval(
  approved: { findings: readonly RememberedFinding[]; total: number },
  current: readonly RememberedFinding[],
): ChangesSinceApproval | null {
  if (approved.findings.length < approved.total) return null;
  if ([...approved.findings, ...current].some((finding) => finding.subject === undefined)) return null;
  const key = (finding: RememberedFinding) => `${finding.ruleId}\u0000${finding.address ?? ''}`;
  const group = (findings: readonly RememberedFinding[]) => {
    const map = new Map<string, Set<string>>();
    for (const finding of findings) map.set(key(finding), (map.get(key(finding)) ?? new Set()).add(finding.subject as string));
    return map;
  };
  const before = group(approved.findings);
  const after = group(current);
  const ref = (text: string): ChangedFinding => {
    const [ruleId = '', address = ''] = text.split('\u0000');
    return { ruleId, address: address === '' ? null : address };
  };
  const added: ChangedFinding[] = [];
  const changed: ChangedFinding[] = [];
  for (const [name, subjects] of after) {
    const seen = before.get(name);
    if (!seen) added.push(ref(name));
    else if (subjects.size !== seen.size || [...subjects].some((subject) => !seen.has(subject))) changed.push(ref(name));
  }
  const gone = [...before.keys()].filter((name) => !after.has(name)).map(ref);
  // By code point: the same order whatever the runner's locale.
  const order = (a: ChangedFinding, b: ChangedFinding) => {
    const [x, y] = [`${a.ruleId} ${a.address}`, `${b.ruleId} ${b.address}`];
    return x < y ? -1 : x > y ? 1 : 0;
  };
  return { added: added.sort(order), changed: changed.sort(order), gone: gone.sort(order) };
}
