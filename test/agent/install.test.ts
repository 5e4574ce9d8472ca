import { describe, expect, it } from 'vitest';
import { mergeClaudeCodeSettings, mergeCursorHooks, type InstallChoice } from '../../src/agent/install.js';

const CHOICE: InstallChoice = { self: 'tf-plan-guard', unattended: undefined, timeoutSeconds: undefined, denyRules: true, failClosed: true };

function hookOf(settings: Record<string, unknown>): Record<string, unknown> {
  return (settings as { hooks: { PreToolUse: { hooks: Record<string, unknown>[] }[] } }).hooks.PreToolUse[0]!.hooks[0]!;
}

describe('install claude-code: merging the hook', () => {
  it('writes the hook fail-closed (onFailure: block) with a timeout beyond the planning budget', () => {
    const { settings, changes } = mergeClaudeCodeSettings({}, CHOICE);
    expect(hookOf(settings)).toEqual({ type: 'command', command: 'tf-plan-guard hook claude-code', timeout: 110, onFailure: 'block' });
    expect(changes[0]).toMatch(/onFailure: block/);
  });

  it('leaves onFailure out when not asked, and keeps it once it is there', () => {
    const open = mergeClaudeCodeSettings({}, { ...CHOICE, failClosed: false });
    expect(hookOf(open.settings)).not.toHaveProperty('onFailure');
    const closed = mergeClaudeCodeSettings({}, CHOICE).settings;
    const again = mergeClaudeCodeSettings(closed, { ...CHOICE, failClosed: false });
    expect(hookOf(again.settings)['onFailure']).toBe('block');
    expect(again.changes).toEqual([]);
  });

  it('re-running without --unattended keeps an --unattended install, and says so', () => {
    const installed = mergeClaudeCodeSettings({}, { ...CHOICE, unattended: true, timeoutSeconds: 300 }).settings;
    expect(hookOf(installed)['command']).toBe('tf-plan-guard hook claude-code --unattended --timeout 300');
    const rerun = mergeClaudeCodeSettings(installed, CHOICE);
    expect(hookOf(rerun.settings)['command']).toBe('tf-plan-guard hook claude-code --unattended --timeout 300');
    expect(hookOf(rerun.settings)['timeout']).toBe(320);
    expect(rerun.changes).toEqual([]);
    expect(rerun.kept.join('\n')).toMatch(/kept --unattended .*--attended/);
    expect(rerun.kept.join('\n')).toMatch(/kept --timeout 300/);
  });

  it('--attended downgrades only when asked, and prints what changed', () => {
    const installed = mergeClaudeCodeSettings({}, { ...CHOICE, unattended: true }).settings;
    const rerun = mergeClaudeCodeSettings(installed, { ...CHOICE, unattended: false });
    expect(hookOf(rerun.settings)['command']).toBe('tf-plan-guard hook claude-code');
    expect(rerun.changes).toEqual(['updated the hook: command "tf-plan-guard hook claude-code --unattended" → "tf-plan-guard hook claude-code"']);
  });

  it('keeps options written into the hook by hand', () => {
    const installed = { hooks: { PreToolUse: [{ matcher: 'Bash', hooks: [{ type: 'command', command: 'tf-plan-guard hook claude-code --config /etc/tfpg.yml', timeout: 110 }] }] } };
    const rerun = mergeClaudeCodeSettings(installed, { ...CHOICE, unattended: true });
    expect(hookOf(rerun.settings)['command']).toBe('tf-plan-guard hook claude-code --unattended --config /etc/tfpg.yml');
  });
});

describe('install cursor: merging .cursor/hooks.json', () => {
  it('adds a fail-closed beforeShellExecution hook, keeping the other hooks, idempotently', () => {
    const existing = { version: 1, hooks: { afterFileEdit: [{ command: './format.sh' }], beforeShellExecution: [{ command: './audit.sh' }] } };
    const first = mergeCursorHooks(existing, CHOICE);
    expect(first.settings).toEqual({
      version: 1,
      hooks: { afterFileEdit: [{ command: './format.sh' }], beforeShellExecution: [{ command: './audit.sh' }, { command: 'tf-plan-guard hook cursor', timeout: 110, failClosed: true }] },
    });
    expect(mergeCursorHooks(first.settings, CHOICE).changes).toEqual([]);
    expect(mergeCursorHooks({}, CHOICE).settings['version']).toBe(1);
  });

  it('refuses a hooks file of another version', () => {
    expect(() => mergeCursorHooks({ version: 2 }, CHOICE)).toThrow(/version 1/);
  });

  it('keeps --unattended on a re-run', () => {
    const installed = mergeCursorHooks({}, { ...CHOICE, unattended: true }).settings;
    const rerun = mergeCursorHooks(installed, CHOICE);
    expect(rerun.changes).toEqual([]);
    expect(rerun.kept[0]).toMatch(/kept --unattended/);
  });
});

describe('install claude-code: the deny rules', () => {
  const deny = (mergeClaudeCodeSettings({}, CHOICE).settings as { permissions: { deny: string[] } }).permissions.deny;
  /** Claude Code's Bash rule: `*` stands for any text, the rest is literal (its permissions reference). */
  const deniedBash = (command: string): boolean =>
    deny.some((rule) => {
      const body = /^Bash\((.*)\)$/.exec(rule)?.[1];
      return body !== undefined && new RegExp(`^${body.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`).test(command);
    });

  it.each([
    'node /work/wt11/dist/cli.js apply --destroy --block-on none',
    'node node_modules/tf-plan-guard/dist/cli.js apply',
    'npm exec -- tf-plan-guard apply --destroy --block-on none',
    'npx tf-plan-guard apply',
    'npx -y tf-plan-guard@1 apply --destroy',
    'pnpm dlx tf-plan-guard apply --destroy --block-on none',
    'yarn dlx tf-plan-guard apply',
    'bunx tf-plan-guard apply',
    'terraform destroy -auto-approve',
  ])('denies %s (audit F11)', (command) => {
    expect(deniedBash(command)).toBe(true);
  });

  it.each(['tf-plan-guard analyze plan.json', 'npx tf-plan-guard analyze plan.json', 'node server.js', 'terraform plan'])('leaves %s alone', (command) => {
    expect(deniedBash(command)).toBe(false);
  });

  it('denies edits of the policy file and of the settings that hold the hook (audit F4)', () => {
    expect(deny).toEqual(expect.arrayContaining(['Edit(**/.github/tf-plan-guard.yml)', 'Edit(**/.claude/settings*.json)', 'Edit(~/.claude/settings*.json)']));
  });
});
