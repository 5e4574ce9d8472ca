/**
 * Destroying data: stateful-delete, stateful-replace and resource-forget.
 * Which types are stateful is data (catalog/stateful-types.ts); this module only reads actions.
 */
import { formatCount } from '../numbers.js';
import { isDestroying, type AttributePath, type Plan, type ResourceChange } from '../plan/model.js';
import { DATA_KEPT, type DataKeptRow } from '../catalog/data-kept.js';
import { displayTransition, formatPath, isMarkedAt, isMarkedWholeAt, valueAt } from '../plan/values.js';
import { attributeEvidence, evidenceSet, hiddenValue } from './evidence.js';
import { deleteProtectionNotes } from './protection.js';
import { resourceFinding, type Finding, type Rule, type RuleContext, type Severity } from './types.js';

export const statefulDelete: Rule = {
  id: 'stateful-delete',
  defaultSeverity: 'critical',
  summary: 'A resource that holds data is destroyed (removed config, count/for_each shrink, module removed, -destroy, deposed object).',
  evaluate(plan, context) {
    return managedStatefulChanges(plan, context, 'delete').map(({ change, loses }) => {
      const subject = change.deposedKey
        ? `A deposed object of ${change.address} (left over from an earlier create-before-destroy, key ${change.deposedKey})`
        : change.address;
      const why = change.reasonText ? ` because ${change.reasonText}` : '';
      const kept = dataKept(change);
      return resourceFinding(this, change, {
        ...(kept ? { severity: DATA_KEPT_SEVERITY } : {}),
        message: kept ? `${subject} will be destroyed${why}, but the data stays: ${kept}.` : `${subject} will be destroyed${why}. Lost: ${loses}.`,
        details: deleteProtectionNotes(change, plan.secrets),
        remediation: kept ? 'Nothing is lost if this is intended; make sure someone owns what is left behind.' : deleteRemediation(change),
      });
    });
  },
};

/**
 * How many forcing attributes a replacement's message and remediation name before saying "and N
 * more": a plan may list any number (200,000 made two texts of 1.7 MB each). Its details list
 * every one with its values: the JSON report is the complete one, and replacements forced
 * differently must not read as the same findings.
 */
const NAMED_FORCING_PATHS = 10;

export const statefulReplace: Rule = {
  id: 'stateful-replace',
  defaultSeverity: 'critical',
  summary: 'A resource that holds data is destroyed and created again (the new one starts empty).',
  evaluate(plan, context) {
    return managedStatefulChanges(plan, context, 'replace').map(({ change, loses }) => {
      const order = change.replaceOrder === 'create-before-destroy' ? 'a new one is created, then the old one destroyed' : 'destroyed, then created again';
      const why = change.reasonText ? ` because ${change.reasonText}` : '';
      const named = change.replacePaths.slice(0, NAMED_FORCING_PATHS).map((path) => shownPath(change, path));
      const unnamed = change.replacePaths.length - named.length;
      const forcing = `${named.join(', ')}${unnamed > 0 ? ` and ${formatCount(unnamed)} more` : ''}`;
      const forcedBy = named.length > 0 ? ` Forced by: ${forcing}.` : '';
      const kept = dataKept(change);
      return resourceFinding(this, change, {
        ...(kept ? { severity: DATA_KEPT_SEVERITY } : {}),
        message: kept
          ? `${change.address} will be replaced (${order})${why}.${forcedBy} The old object's data stays: ${kept}; the new one starts empty.`
          : `${change.address} will be replaced (${order})${why}.${forcedBy} Lost: ${loses}.`,
        details: [
          ...change.replacePaths.map((path) => `${shownPath(change, path)}: ${displayTransition(change, path, plan.secrets)}`),
          // Whether the guards in the current state would stop the old object's delete.
          ...deleteProtectionNotes(change, plan.secrets),
        ],
        remediation:
          named.length > 0
            ? `Revert the change to ${forcing}, or migrate the data first and add lifecycle { prevent_destroy = true } until it is done.`
            : 'Find what forces the replacement (see the reason), revert it, or migrate the data first; add lifecycle { prevent_destroy = true } to guard it.',
        // What forces it and to what: a new forcing attribute, or a forcing value changed again, is a new approval.
        evidence: {
          forcedBy: evidenceSet(
            change.replacePaths.map((path) => ({ path: sensitivePrefix(change, path) === null ? formatPath(path) : hiddenValue(formatPath(path)), after: attributeEvidence(change, 'after', path, plan.secrets) })),
          ),
          reason: change.reasonText,
        },
      });
    });
  },
};

/**
 * A forcing path as a reviewer may see it: cut where the plan marks the value sensitive as a whole,
 * since the keys of a sensitive map are as secret as its values (Terraform hides both).
 */
function shownPath(change: ResourceChange, path: AttributePath): string {
  const prefix = sensitivePrefix(change, path);
  return prefix === null ? formatPath(path) : `${formatPath(prefix)}[(sensitive)]`;
}

/** The shortest proper prefix of `path` that either side marks sensitive as a whole; null when none does. */
function sensitivePrefix(change: ResourceChange, path: AttributePath): AttributePath | null {
  for (let length = 1; length < path.length; length++) {
    const prefix = path.slice(0, length);
    if (isMarkedWholeAt(change.beforeSensitive, prefix) || isMarkedWholeAt(change.afterSensitive, prefix)) return prefix;
  }
  return null;
}

export const resourceForget: Rule = {
  id: 'resource-forget',
  defaultSeverity: 'info',
  summary: 'Terraform stops managing an object but leaves it in the cloud (removed block with destroy = false).',
  evaluate(plan) {
    return plan.changes
      .filter((change) => change.mode === 'managed' && (change.action === 'forget' || change.action === 'create-then-forget'))
      .map((change) =>
        resourceFinding(this, change, {
          message:
            change.action === 'forget'
              ? `${change.address} will be removed from the state but not destroyed: the object stays in the cloud, no longer managed by Terraform.`
              : `${change.address} will be replaced by a new object; the old one is left in the cloud, no longer managed by Terraform.`,
          remediation: 'Nothing to undo if intended; make sure someone owns the object from now on (another configuration, or an import).',
        }),
      );
  },
};

/** A destroy that keeps the data is still reported, at this severity, saying why. */
const DATA_KEPT_SEVERITY: Severity = 'low';

const KEPT_BY_TYPE = new Map<string, DataKeptRow[]>();
for (const row of DATA_KEPT) KEPT_BY_TYPE.set(row.type, [...(KEPT_BY_TYPE.get(row.type) ?? []), row]);

/**
 * Why the destroyed object's data stays, from its state (`before`: what the provider reads at
 * delete time); null when nothing says so. A sensitive value is never judged.
 */
function dataKept(change: ResourceChange): string | null {
  for (const row of KEPT_BY_TYPE.get(change.type) ?? []) {
    if (isMarkedAt(change.beforeSensitive, row.path)) continue;
    const stored = valueAt(change.before, row.path);
    const value = stored === undefined || stored === null ? row.defaultWhenOmitted : stored;
    if (value !== null && row.keptWhen.includes(value as string | boolean)) {
      return stored === undefined || stored === null ? `${row.why} (${formatPath(row.path)} is not set; the provider's default is ${JSON.stringify(row.defaultWhenOmitted)})` : row.why;
    }
  }
  return null;
}

/** Helm's documentation of what an uninstall deletes and what it keeps. */
const HELM_UNINSTALL_DOCS = 'https://helm.sh/docs/helm/helm_uninstall/; https://helm.sh/docs/howto/charts_tips_and_tricks/#tell-helm-not-to-uninstall-a-resource';

export const helmReleaseUninstall: Rule = {
  id: 'helm-release-uninstall',
  defaultSeverity: 'info',
  summary: 'A helm_release is destroyed or replaced: Helm uninstalls it, deleting the Kubernetes objects its chart created.',
  evaluate(plan) {
    return plan.changes
      .filter((change) => change.mode === 'managed' && change.type === 'helm_release' && isDestroying(change))
      .map((change) =>
        resourceFinding(this, change, {
          message:
            `${change.address} will be ${change.action === 'replace' ? 'uninstalled and installed again' : 'uninstalled'}: Helm deletes every Kubernetes object the chart created ` +
            '(Secrets, ConfigMaps and PersistentVolumeClaims the chart itself declares among them), except those annotated helm.sh/resource-policy: keep; ' +
            "claims made from a StatefulSet's volumeClaimTemplates are not part of the release and stay.",
          details: [`Helm: ${HELM_UNINSTALL_DOCS}`],
          remediation: 'Check what the chart creates (helm get manifest RELEASE) before the apply; annotate objects that must survive with helm.sh/resource-policy: keep.',
        }),
      );
  },
};

function managedStatefulChanges(plan: Plan, context: RuleContext, action: 'delete' | 'replace') {
  const matches: { change: ResourceChange; loses: string }[] = [];
  for (const change of plan.changes) {
    if (change.mode !== 'managed' || change.action !== action) continue;
    const entry = context.stateful.lookupObject(change.type, change.before);
    if (entry) matches.push({ change, loses: entry.loses });
  }
  return matches;
}

function deleteRemediation(change: ResourceChange): string {
  switch (change.actionReason) {
    case 'delete_because_no_resource_config':
      return 'If the resource was renamed or moved, add a `moved` block; to stop managing it without destroying it, use a `removed` block with lifecycle { destroy = false }.';
    case 'delete_because_no_module':
      return 'If the module was renamed, add `moved` blocks for its resources; otherwise restore the module call or use `removed` blocks with lifecycle { destroy = false }.';
    case 'delete_because_count_index':
    case 'delete_because_each_key':
    case 'delete_because_wrong_repetition':
      return 'Check the count/for_each expression; if instances were re-keyed, add `moved` blocks from the old keys to the new ones.';
    default:
      return change.deposedKey
        ? 'Confirm the replacement object holds the data before this deposed object is destroyed.'
        : 'Confirm the data is backed up or migrated; add lifecycle { prevent_destroy = true } to resources that must never be destroyed.';
  }
}
