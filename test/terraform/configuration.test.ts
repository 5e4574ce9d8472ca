/**
 * The configuration lookup against a real plan from the installed Terraform: module instances
 * keyed by for_each keys holding dots, brackets and quotes, a nested module with count, count
 * instances, an argument set to null and a block that sets nothing (builtin `terraform_data`).
 */
import { describe, expect, it } from 'vitest';
import { loadPlanJson } from '../../src/plan/load.js';
import { hasTerraform, TerraformDir } from '../support/terraform.js';

const FILES = {
  'main.tf': `
module "site" {
  source   = "./modules/site"
  for_each = toset(["x.y", "b[0]", "q\\"uote"])
  key      = each.key
}
resource "terraform_data" "root" {
  count            = 2
  input            = null
  triggers_replace = "t"
}
resource "terraform_data" "bare" {}
`,
  'modules/site/main.tf': `
variable "key" {}
module "keys" {
  source = "../keys"
  count  = 1
}
resource "terraform_data" "site" {
  input = var.key
}
`,
  'modules/keys/main.tf': `
resource "terraform_data" "key" {
  for_each         = { "k.1" = 1 }
  input            = each.value
  triggers_replace = [each.key]
}
`,
};

describe.skipIf(!hasTerraform)('configuredArguments from a real Terraform plan', () => {
  it('every instance finds its block; null-valued arguments are not set', async () => {
    const dir = await TerraformDir.create(FILES);
    try {
      await dir.init();
      const plan = loadPlanJson(await dir.plan(), 'plan.json');
      const found = Object.fromEntries(plan.changes.map((change) => [change.address, change.configuredArguments ? [...change.configuredArguments].sort() : null]));
      expect(found).toEqual({
        'terraform_data.bare': [],
        'terraform_data.root[0]': ['triggers_replace'],
        'terraform_data.root[1]': ['triggers_replace'],
        'module.site["b[0]"].terraform_data.site': ['input'],
        'module.site["q\\"uote"].terraform_data.site': ['input'],
        'module.site["x.y"].terraform_data.site': ['input'],
        'module.site["b[0]"].module.keys[0].terraform_data.key["k.1"]': ['input', 'triggers_replace'],
        'module.site["q\\"uote"].module.keys[0].terraform_data.key["k.1"]': ['input', 'triggers_replace'],
        'module.site["x.y"].module.keys[0].terraform_data.key["k.1"]': ['input', 'triggers_replace'],
      });
    } finally {
      await dir.dispose();
    }
  });
});
