/**
 * How many CPUs this process can really use. os.availableParallelism() counts the cores it may
 * run on, not the CPU time it may take: a container limited to one CPU (`docker run --cpus 1`, a
 * Kubernetes limit) on a 64-core host sees 64, and a second thread there only takes turns with
 * the first. That limit is the cgroup's CPU quota: `cpu.max` (cgroup v2: "QUOTA PERIOD", or "max")
 * or `cpu.cfs_quota_us` over `cpu.cfs_period_us` (v1: a quota of -1 is none), on the process's
 * cgroup and on each of its ancestors, the smallest one binding.
 */
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';

/** The CPUs this process may use: its cores, lowered to its cgroup's CPU quota (a fraction of one possibly). */
export function usableCpus(root = '/'): number {
  return Math.min(availableParallelism(), cgroupCpuQuota(root) ?? Number.POSITIVE_INFINITY);
}

/**
 * The CPU quota, in CPUs, of this process's cgroups under `root` (the file system's root; tests
 * give another), the smallest on the way up from the process's own cgroup; null when none is set
 * or none can be read. Looks where cgroups are mounted by every init system and container runtime
 * (/sys/fs/cgroup), for the paths /proc/self/cgroup names.
 */
export function cgroupCpuQuota(root: string): number | null {
  const membership = readText(join(root, 'proc/self/cgroup'));
  if (membership === null) return null;
  const mounts = join(root, 'sys/fs/cgroup');
  let smallest: number | null = null;
  const lower = (quota: number | null): void => {
    if (quota !== null && (smallest === null || quota < smallest)) smallest = quota;
  };
  for (const line of membership.split('\n')) {
    // hierarchy-id:controllers:path; the v2 hierarchy is "0::path".
    const match = /^(\d+):([^:]*):(\/.*)$/.exec(line.trim());
    if (match === null) continue;
    const [, id, controllers, path] = match as unknown as [string, string, string, string];
    if (id === '0' && controllers === '') {
      for (const dir of cgroupDirectories(mounts, path)) lower(quotaV2(readText(join(dir, 'cpu.max'))));
    } else if (controllers.split(',').includes('cpu')) {
      const mount = [join(mounts, controllers), join(mounts, 'cpu')].find((dir) => existsSync(dir));
      if (mount === undefined) continue;
      for (const dir of cgroupDirectories(mount, path)) lower(quotaV1(readText(join(dir, 'cpu.cfs_quota_us')), readText(join(dir, 'cpu.cfs_period_us'))));
    }
  }
  return smallest;
}

/**
 * The cgroup at `path` under `mount` and its ancestors up to the mount. Inside a container
 * without its own cgroup namespace, /proc/self/cgroup names the host's path while the mount shows
 * the container's own cgroup at its top: those paths are not there, and the top is read.
 */
function cgroupDirectories(mount: string, path: string): string[] {
  const dirs: string[] = [];
  const parts = path.split('/').filter((part) => part !== '' && part !== '.' && part !== '..');
  for (let depth = parts.length; depth >= 0; depth--) dirs.push(join(mount, ...parts.slice(0, depth)));
  return dirs;
}

/** cpu.max: "QUOTA PERIOD" in microseconds, QUOTA "max" for none. */
function quotaV2(text: string | null): number | null {
  const match = text === null ? null : /^(\d+)\s+(\d+)\s*$/.exec(text);
  return match === null ? null : ratio(Number(match[1]), Number(match[2]));
}

/** cpu.cfs_quota_us (-1 for none) over cpu.cfs_period_us. */
function quotaV1(quota: string | null, period: string | null): number | null {
  if (quota === null || period === null || !/^\d+\s*$/.test(quota) || !/^\d+\s*$/.test(period)) return null;
  return ratio(Number.parseInt(quota, 10), Number.parseInt(period, 10));
}

function ratio(quota: number, period: number): number | null {
  return quota > 0 && period > 0 ? quota / period : null;
}

function readText(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}
