import { describe, expect, it } from 'vitest';
import { configurationChange, PULL_REQUEST_FILES_LIMIT, type PullRequestFile } from '../../src/github/files.js';

const file = (filename: string, status: string, previous_filename?: string): PullRequestFile => ({ filename, status, previous_filename });

describe('configurationChange', () => {
  it('is added when every .tf file of the directory is new', () => {
    expect(configurationChange([file('envs/new/main.tf', 'added'), file('envs/new/variables.tf', 'added'), file('README.md', 'modified')], 'envs/new')).toBe('added');
  });

  it('is modified when any .tf file of the directory existed', () => {
    expect(configurationChange([file('envs/prod/main.tf', 'modified'), file('envs/prod/extra.tf', 'added')], 'envs/prod')).toBe('modified');
    expect(configurationChange([file('envs/prod/old.tf', 'removed')], 'envs/prod')).toBe('modified');
  });

  it('counts a rename within the directory as modified and a move into it as added', () => {
    expect(configurationChange([file('envs/prod/db.tf', 'renamed', 'envs/prod/database.tf')], 'envs/prod')).toBe('modified');
    expect(configurationChange([file('envs/new/db.tf', 'renamed', 'envs/old/db.tf')], 'envs/new')).toBe('added');
  });

  it('is modified when the PR adds .tf files next to ones the checkout already had', () => {
    const checkout = ['envs/app/main.tf', 'envs/app/extra.tf', 'envs/other/main.tf'];
    expect(configurationChange([file('envs/app/extra.tf', 'added')], 'envs/app', checkout)).toBe('modified');
    // Untouched by the PR, but there: the configuration existed before.
    expect(configurationChange([file('README.md', 'modified')], 'envs/app', checkout)).toBe('modified');
    // Every .tf file of the directory is one the PR adds: a new configuration.
    expect(configurationChange([file('envs/new/main.tf', 'added'), file('envs/new/db.tf', 'added')], 'envs/new', ['envs/new/main.tf', 'envs/new/db.tf', 'envs/app/main.tf'])).toBe('added');
    // Files of subdirectories (modules) do not count for the directory.
    expect(configurationChange([file('envs/new/main.tf', 'added')], 'envs/new', ['envs/new/main.tf', 'envs/new/modules/db/main.tf'])).toBe('added');
    expect(configurationChange([file('main.tf', 'added')], '', ['main.tf', 'versions.tf'])).toBe('modified');
  });

  it('does not take the checkout as evidence from override files (CI writes them) or beside a cut file list', () => {
    expect(configurationChange([file('envs/new/main.tf', 'added')], 'envs/new', ['envs/new/main.tf', 'envs/new/backend_override.tf', 'envs/new/override.tf'])).toBe('added');
    const cut = Array.from({ length: PULL_REQUEST_FILES_LIMIT }, (_, i) => file(`docs/page-${i}.md`, 'added'));
    expect(configurationChange([...cut.slice(1), file('envs/new/main.tf', 'added')], 'envs/new', ['envs/new/main.tf', 'envs/new/db.tf'])).toBe('added');
  });

  it('is unknown when the PR touches no .tf file of the directory', () => {
    expect(configurationChange([file('envs/prod/README.md', 'modified'), file('envs/prod/modules/x/main.tf', 'modified')], 'envs/prod')).toBe('unknown');
    expect(configurationChange([], 'envs/prod')).toBe('unknown');
  });

  it('reads only the root for a plan at the repository root, and .tf.json too', () => {
    expect(configurationChange([file('main.tf', 'added'), file('envs/prod/main.tf', 'modified')], '')).toBe('added');
    expect(configurationChange([file('main.tf.json', 'modified')], '.')).toBe('modified');
    expect(configurationChange([file('envs/a/main.tf', 'added')], './envs/a/')).toBe('added');
  });
});
