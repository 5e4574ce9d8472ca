/**
 * The generated plans (scripts/generate-plan.mjs: the benchmark's, the loader tests') are laid out
 * as Terraform 1.11 lays out a plan of the same modules: state module trees nested by module path,
 * each module's `resources` (full addresses), `address` and `child_modules` in that order and left
 * out when empty (a module calling another but holding no resources opens with `address`), and a
 * moved resource's `previous_address` right after its `address`. Audit 17 M1 was a layout the
 * generator did not write: the benchmark plan never met it.
 */
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writePlan } from '../../scripts/generate-plan.mjs';
import { CORPUS, corpusFiles } from '../support/corpus.js';
import { hasTerraform, TerraformDir } from '../support/terraform.js';

interface StateModule {
  resources?: { address: string }[];
  address?: string;
  child_modules?: StateModule[];
}

interface PlanLayout {
  planned_values: { root_module: StateModule };
  prior_state: { values: { root_module: StateModule } };
  resource_changes: Record<string, unknown>[];
}

interface Layout {
  keys: string[];
  address: string | null;
  resourcesAddressed: boolean;
  children: Layout[];
}

/** What a state module's layout is: its keys in order, its address, whether its resources' addresses are in it, its children's. */
function layout(module: StateModule): Layout {
  const prefix = module.address === undefined ? '' : `${module.address}.`;
  return {
    keys: Object.keys(module),
    address: module.address ?? null,
    resourcesAddressed: (module.resources ?? []).every((resource) => resource.address.startsWith(prefix) && !resource.address.slice(prefix.length).startsWith('module.')),
    children: (module.child_modules ?? []).map(layout),
  };
}

/** The modules of the generated plans (MODULES in scripts/generate-plan.mjs), written for Terraform with `terraform_data`. */
const MODULE = 'variable "v" {}\nresource "terraform_data" "a" {\n  input = var.v\n}\nresource "terraform_data" "b" {\n  count = 2\n  input = var.v\n}\n';
const FILES = {
  'main.tf': `variable "v" {
  default = "1"
}
resource "terraform_data" "renamed" {
  input = var.v
}
moved {
  from = terraform_data.root
  to   = terraform_data.renamed
}
module "network" {
  source = "./modules/network"
  v      = var.v
}
module "data" {
  for_each = toset(["eu", "us"])
  source   = "./modules/data"
  v        = var.v
}
module "app" {
  count  = 1
  source = "./modules/app"
  v      = var.v
}
`,
  'modules/network/main.tf': MODULE,
  'modules/data/main.tf': MODULE,
  'modules/app/main.tf': 'variable "v" {}\nmodule "db" {\n  source = "./db"\n  v      = var.v\n}\n',
  'modules/app/db/main.tf': MODULE,
};

const MODULE_KEYS = ['resources', 'address', 'child_modules'];

/** Whether a module tree is laid out as Terraform 0.13 and later lay it out (what `layout` tells, not how many resources). */
function laidOutAsTerraform(module: Layout, isRoot = true): boolean {
  const inOrder = module.keys.join() === MODULE_KEYS.filter((key) => module.keys.includes(key)).join();
  return inOrder && (isRoot || module.address !== null) && module.resourcesAddressed && module.children.every((child) => laidOutAsTerraform(child, false));
}

const dir = mkdtempSync(join(tmpdir(), 'tfpg-generated-layout-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function generatedPlan(resources: number, seed: number): PlanLayout {
  const path = join(dir, `generated-${resources}-${seed}.json`);
  const fd = openSync(path, 'w');
  writePlan(fd, { resources, seed });
  closeSync(fd);
  return JSON.parse(readFileSync(path, 'utf8')) as PlanLayout;
}

describe.skipIf(!hasTerraform)("the generated plans' layout is Terraform's", () => {
  it('state module trees and the keys of a moved resource change, against a real plan of the same modules', async () => {
    const terraform = await TerraformDir.create({ ...FILES, 'main.tf': FILES['main.tf'].replace(/"renamed"/, '"root"').replace(/moved \{[^}]*\}\n/, '') });
    try {
      await terraform.init();
      await terraform.apply();
      await terraform.write(FILES);
      const real = (await terraform.plan(['-var', 'v=2'])) as unknown as PlanLayout;

      const generated = generatedPlan(300, 1);

      for (const plan of [real, generated]) {
        // (The generated plan has many more resources: the layout is what is compared.)
        expect(layout(plan.prior_state.values.root_module)).toEqual(layout(real.planned_values.root_module));
        expect(layout(plan.planned_values.root_module)).toEqual(layout(real.planned_values.root_module));
        const moved = plan.resource_changes.filter((change) => 'previous_address' in change);
        expect(moved.length).toBeGreaterThan(0);
        for (const change of moved) expect(Object.keys(change).slice(0, 2)).toEqual(['address', 'previous_address']);
      }
      // What the layout is, spelled out: module.app[0] holds module.app[0].module.db and no resources of its own.
      expect(layout(real.planned_values.root_module)).toMatchObject({
        keys: ['resources', 'child_modules'],
        children: [
          { keys: ['address', 'child_modules'], address: 'module.app[0]', children: [{ keys: ['resources', 'address'], address: 'module.app[0].module.db' }] },
          { keys: ['resources', 'address'], address: 'module.data["eu"]' },
          { keys: ['resources', 'address'], address: 'module.data["us"]' },
          { keys: ['resources', 'address'], address: 'module.network' },
        ],
      });
    } finally {
      await terraform.dispose();
    }
  }, 180_000);
});

describe("the generated plans' layout is the corpus's", () => {
  it('every corpus plan of Terraform 0.13 or later with modules lays them out as the generated plans do (0.12 wrote resource addresses without their module)', () => {
    const generated = generatedPlan(40, 2);
    expect(laidOutAsTerraform(layout(generated.prior_state.values.root_module))).toBe(true);
    expect(laidOutAsTerraform(layout(generated.planned_values.root_module))).toBe(true);

    let checked = 0;
    for (const file of corpusFiles()) {
      const text = readFileSync(join(CORPUS, file), 'utf8');
      if (!text.includes('"child_modules"')) continue;
      const plan = JSON.parse(text) as Partial<PlanLayout> & { terraform_version?: string };
      if (plan.terraform_version === undefined || plan.terraform_version.startsWith('0.12.')) continue;
      for (const root of [plan.planned_values?.root_module, plan.prior_state?.values?.root_module]) {
        if (root === undefined) continue;
        expect([file, laidOutAsTerraform(layout(root))]).toEqual([file, true]);
        checked++;
      }
    }
    if (corpusFiles().length > 0) expect(checked).toBeGreaterThan(20);
  });
});
