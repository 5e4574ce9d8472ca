/**
 * Which top-level attributes of a resource's values anything reads (the rules, the identifying
 * names in messages, the replace details), per resource type. Derived from the catalogs that
 * name them, so a catalog row is also the declaration that its attribute is read; the few
 * attributes code reads by name are listed here beside them.
 *
 * The model keeps only these attributes of a change's values (plus every value the plan marks
 * sensitive, for scrubbing, and whatever forces a replacement): on a plan of tens of thousands of
 * resources, the attributes nobody reads (policy documents of buckets, descriptions, nested
 * blocks) are most of memory. test/plan/attributes-read.test.ts runs every rule and renderer over
 * the corpus and the fixtures with full values and fails on any attribute read that is not here.
 */
import { minimatch } from 'minimatch';
import { BACKUP_GUARDS } from './backup-guards.js';
import { DATA_KEPT } from './data-kept.js';
import { FIREWALL_RANGES, NETWORK_LISTS } from './database-firewalls.js';
import { GRANT_SUBJECTS } from './grant-subjects.js';
import {
  AWS_MANAGED_POLICY_ATTACHMENTS,
  AWS_POLICY_ATTRIBUTES,
  AWS_PRINCIPAL_ATTRIBUTES,
  AZURE_ROLE_ASSIGNMENT,
  AZURE_ROLE_DEFINITION,
  GOOGLE_IAM_CARRIERS,
} from './iam-policy-attributes.js';
import { ENVIRONMENT_TAGS, NAME_ATTRIBUTES as IDENTIFYING_NAMES, SIZE_ATTRIBUTES } from './identifying-attributes.js';
import { INGRESS_SHAPES, ingressAttributes } from './ingress-shapes.js';
import { KEY_SWITCHES } from './lockout.js';
import { NAME_ATTRIBUTES, TAG_ATTRIBUTES } from './production-names.js';
import { PROTECTION_ATTRIBUTES } from './protection-attributes.js';
import { PUBLIC_SETTINGS } from './public-settings.js';

/** Read of every resource: the names and tags that say what it is (messages, lost-state evidence, the values shown beside an address). */
const EVERY_TYPE: readonly string[] = [...new Set([...NAME_ATTRIBUTES, ...TAG_ATTRIBUTES, ...[...IDENTIFYING_NAMES, ...ENVIRONMENT_TAGS].flatMap((row) => firstStep(row.path))])];

/** Attributes code reads by name, beside what the catalogs name. */
const READ_BY_CODE: readonly { type: string; attributes: readonly string[]; why: string }[] = [
  { type: 'kubernetes_manifest', attributes: ['manifest'], why: 'its manifest kind tells whether it holds data (catalog/kubernetes-manifest-kinds.ts)' },
];

/** Attributes read on a type because a backup guard of it weakens right away with `apply_immediately` (rules/backup.ts). */
const APPLY_IMMEDIATELY = 'apply_immediately';

function firstStep(path: readonly (string | number)[]): string[] {
  const step = path[0];
  return typeof step === 'string' ? [step] : [];
}

function buildTable(): Map<string, Set<string>> {
  const table = new Map<string, Set<string>>();
  const add = (type: string, attributes: Iterable<string>) => {
    let set = table.get(type);
    if (!set) table.set(type, (set = new Set()));
    for (const attribute of attributes) set.add(attribute);
  };
  for (const row of PROTECTION_ATTRIBUTES) add(row.type, firstStep(row.path));
  for (const row of BACKUP_GUARDS) {
    add(row.type, [...firstStep(row.path), ...(row.copiedFrom ?? []), APPLY_IMMEDIATELY]);
    // A guard of another resource (versioning of a bucket) is matched to it by these two.
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

const BY_TYPE = buildTable();
/** Rows whose type is a glob (`google_*`: a provider-wide attribute), matched as the rules match them. */
const BY_GLOB = [...BY_TYPE].filter(([type]) => /[*?[]/.test(type));
const cache = new Map<string, ReadonlySet<string>>();

/** The top-level attributes of `type`'s values that are read. */
export function attributesRead(type: string): ReadonlySet<string> {
  let set = cache.get(type);
  if (!set) {
    const globs = BY_GLOB.filter(([glob]) => minimatch(type, glob)).flatMap(([, attributes]) => [...attributes]);
    const google = GOOGLE_IAM_CARRIERS.filter((carrier) => type.endsWith(carrier.suffix)).flatMap((carrier) => carrier.attributes);
    set = new Set([...EVERY_TYPE, ...(BY_TYPE.get(type) ?? []), ...globs, ...google]);
    cache.set(type, set);
  }
  return set;
}
