/**
 * The CPU quota of the process's cgroup (src/cpu-quota.ts), read from made-up /proc and
 * /sys/fs/cgroup trees laid out as the kernel lays them out for cgroup v2, v1 and both at once.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cgroupCpuQuota, usableCpus } from '../src/cpu-quota.js';

const roots = mkdtempSync(join(tmpdir(), 'tfpg-cgroup-'));
afterAll(() => rmSync(roots, { recursive: true, force: true }));

/** A file system root holding `files` (path → content). */
function fakeRoot(name: string, files: Record<string, string>): string {
  const root = join(roots, name);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

const V1_OTHERS = '12:memory:/docker/abc\n11:pids:/docker/abc\n';

describe("the cgroup's CPU quota", () => {
  it.each([
    ['v2, in a cgroup namespace: the top of the mount is the container', { 'proc/self/cgroup': '0::/\n', 'sys/fs/cgroup/cpu.max': '100000 100000\n' }, 1],
    ['v2, half a CPU', { 'proc/self/cgroup': '0::/\n', 'sys/fs/cgroup/cpu.max': '50000 100000\n' }, 0.5],
    ['v2, no quota', { 'proc/self/cgroup': '0::/\n', 'sys/fs/cgroup/cpu.max': 'max 100000\n' }, null],
    [
      'v2, a systemd slice: the smallest quota on the way up binds',
      {
        'proc/self/cgroup': '0::/user.slice/app.service\n',
        'sys/fs/cgroup/user.slice/app.service/cpu.max': 'max 100000\n',
        'sys/fs/cgroup/user.slice/cpu.max': '150000 100000\n',
        'sys/fs/cgroup/cpu.stat': '',
      },
      1.5,
    ],
    ['v2, the path of the host (no namespace): the top of the mount is read', { 'proc/self/cgroup': '0::/system.slice/docker-abc.scope\n', 'sys/fs/cgroup/cpu.max': '400000 100000\n' }, 4],
    ['v1, cpu and cpuacct mounted together', { 'proc/self/cgroup': `${V1_OTHERS}3:cpu,cpuacct:/docker/abc\n`, 'sys/fs/cgroup/cpu,cpuacct/docker/abc/cpu.cfs_quota_us': '100000\n', 'sys/fs/cgroup/cpu,cpuacct/docker/abc/cpu.cfs_period_us': '100000\n' }, 1],
    ['v1, the path of the host: the top of the cpu mount', { 'proc/self/cgroup': '4:cpu:/kubepods/pod1/c1\n', 'sys/fs/cgroup/cpu/cpu.cfs_quota_us': '200000\n', 'sys/fs/cgroup/cpu/cpu.cfs_period_us': '100000\n' }, 2],
    ['v1, a quota of -1 is none', { 'proc/self/cgroup': '1:cpu:/\n', 'sys/fs/cgroup/cpu/cpu.cfs_quota_us': '-1\n', 'sys/fs/cgroup/cpu/cpu.cfs_period_us': '100000\n' }, null],
    [
      'both at once (this machine: cpu in v1, v2 holding no cpu controller)',
      { 'proc/self/cgroup': '1:cpu:/\n0::/\n', 'sys/fs/cgroup/cpu/cpu.cfs_quota_us': '50000\n', 'sys/fs/cgroup/cpu/cpu.cfs_period_us': '100000\n', 'sys/fs/cgroup/unified/cgroup.procs': '' },
      0.5,
    ],
    ['no cgroup files at all (not Linux, or /proc not mounted)', {}, null],
    ['files that do not say what they should', { 'proc/self/cgroup': 'garbage\n0::/\n', 'sys/fs/cgroup/cpu.max': 'lots\n' }, null],
  ] as const)('%s', (name, files, quota) => {
    expect(cgroupCpuQuota(fakeRoot(name.replace(/\W+/g, '-'), files))).toBe(quota);
  });

  it('the CPUs usable are the cores, lowered to the quota', () => {
    expect(usableCpus(fakeRoot('one-cpu', { 'proc/self/cgroup': '0::/\n', 'sys/fs/cgroup/cpu.max': '100000 100000\n' }))).toBe(Math.min(1, availableParallelism()));
    expect(usableCpus(fakeRoot('no-quota', {}))).toBe(availableParallelism());
  });
});
