// SPDX-License-Identifier: MIT
/*
 * cgroup_v1.c - one hierarchy per controller, at HIND_CGROUP_ROOT/NAME.
 *
 * Kernel rules this file relies on:
 * - A process sits in a different cgroup in each hierarchy; /proc/PID/cgroup
 *   names them line by line, and cpu and cpuacct may share a hierarchy
 *   ("cpu,cpuacct"), in which case both paths resolve to one directory.
 * - A new cpuset cgroup has empty cpuset.cpus and cpuset.mems, and
 *   attaching a process to it fails with ENOSPC: copy them from the parent.
 * - memory.memsw.limit_in_bytes is memory plus swap and must be at least
 *   memory.limit_in_bytes, so memory is written first. It exists only with
 *   swap accounting (CONFIG_MEMCG_SWAP, swapaccount=1).
 * - cpu.cfs_period_us can fail with EINVAL while a quota is set that the
 *   new period would break, so a fresh cgroup gets its period first, while
 *   its quota is still -1.
 * - Linux 6.11+ may be built without the v1 memory and cpuset controllers
 *   (CONFIG_MEMCG_V1, CONFIG_CPUSETS_V1); available() says so.
 */
#include <sys/statfs.h>
#include <linux/magic.h>
#include "hind.h"

/*
 * A file that exists in the root cgroup of the controller's hierarchy
 * (pids has no pids.max in its root: any cgroup v1 mount there will do).
 */
static const char *const v1_probe[CG_NCTRL] = {
	[CG_CPU] = "cpu.shares", [CG_CPUACCT] = "cpuacct.usage",
	[CG_CPUSET] = "cpuset.cpus", [CG_MEMORY] = "memory.limit_in_bytes",
	[CG_PIDS] = "cgroup.procs",
};

static unsigned v1_available(void)
{
	static unsigned mask, known;
	char path[PATH_MAX];
	struct statfs sfs;
	int c;

	if (known)
		return mask;
	for (c = 0; c < CG_NCTRL; c++) {
		snprintf(path, sizeof(path), "%s/%s", cg_root(c), v1_probe[c]);
		if (statfs(cg_root(c), &sfs) == 0 &&
		    sfs.f_type == CGROUP_SUPER_MAGIC && access(path, F_OK) == 0)
			mask |= CG_BIT(c);
	}
	known = 1;
	return mask;
}

static int v1_check(void)
{
	struct statfs sfs;

	if (statfs(CFG_HIND_CGROUP_ROOT, &sfs) == 0 &&
	    sfs.f_type == CGROUP2_SUPER_MAGIC)
		return cg_check_fail("built for cgroup v1, but '%s' is a "
			       "cgroup2 mount (build with v2_defconfig or "
			       "auto_defconfig)", CFG_HIND_CGROUP_ROOT);
	if (!v1_available())
		return cg_check_fail("built for cgroup v1, but '%s' holds "
			       "no cgroup v1 hierarchy (cpu, cpuacct, cpuset, "
			       "memory, pids)", CFG_HIND_CGROUP_ROOT);
	return 0;
}

/* Share one string between controllers whose directories are the same. */
static void v1_dedupe(struct cg *cg)
{
	struct stat a, b;
	int i, j;

	for (i = 0; i < CG_NCTRL; i++) {
		if (!cg->dir[i] || stat(cg->dir[i], &a) < 0)
			continue;
		for (j = 0; j < i; j++) {
			if (!cg->dir[j] || cg->dir[j] == cg->dir[i] ||
			    stat(cg->dir[j], &b) < 0)
				continue;
			if (a.st_dev == b.st_dev && a.st_ino == b.st_ino) {
				free(cg->dir[i]);
				free(cg->rel[i]);
				cg->dir[i] = cg->dir[j];
				cg->rel[i] = cg->rel[j];
				break;
			}
		}
	}
}

static int v1_of_pid(pid_t pid, struct cg *cg)
{
	unsigned avail = v1_available();
	char path[PATH_MAX];
	int c;

	memset(cg, 0, sizeof(*cg));
	for (c = 0; c < CG_NCTRL; c++) {
		if (!(avail & CG_BIT(c)))
			continue;
		if (cg_proc_path(pid, cg_ctrl_name[c], path, sizeof(path)))
			continue;
		cg->rel[c] = xstrdup(path);
		cg->dir[c] = xasprintf("%s%s", cg_root(c),
				       strcmp(path, "/") ? path : "");
	}
	v1_dedupe(cg);
	for (c = 0; c < CG_NCTRL; c++)
		if (cg->dir[c])
			return 0;
	return cg_fail(-ENOENT, "process %d is in no cgroup v1 hierarchy",
		       pid ? (int)pid : (int)getpid());
}

static int v1_at(const char *rel, struct cg *cg)
{
	unsigned avail = v1_available();
	const char *sep = *rel == '/' ? "" : "/";
	int c;

	memset(cg, 0, sizeof(*cg));
	for (c = 0; c < CG_NCTRL; c++) {
		if (!(avail & CG_BIT(c)))
			continue;
		cg->rel[c] = xasprintf("%s%s", sep, rel);
		cg->dir[c] = xasprintf("%s%s%s", cg_root(c), sep,
				       strcmp(rel, "/") ? rel : "");
	}
	v1_dedupe(cg);
	return 0;
}

/* A new cpuset cgroup inherits nothing: copy cpus and mems from above. */
static int v1_cpuset_fill(const char *dir)
{
	static const char *const file[] = { "cpuset.cpus", "cpuset.mems" };
	char parent[PATH_MAX], val[256];
	size_t i;

	snprintf(parent, sizeof(parent), "%s", dir);
	*strrchr(parent, '/') = '\0';
	for (i = 0; i < ARRAY_SIZE(file); i++) {
		int err = cg_read_str(parent, file[i], val, sizeof(val));

		if (err < 0)
			return cg_fail(err, "cannot read '%s/%s'", parent,
				       file[i]);
		if (cg_write_back(dir, file[i], val, NULL) < 0)
			return -EINVAL;
	}
	return 0;
}

static int v1_destroy(struct cg *cg);

static int v1_create(const struct cg *parent, const char *name,
		     unsigned ctrls, struct cg *out)
{
	unsigned avail = v1_available();
	int c, made;

	memset(out, 0, sizeof(*out));
	for (c = 0; c < CG_NCTRL; c++) {
		int same = -1, j;

		if (!(ctrls & avail & CG_BIT(c)) || !parent->dir[c])
			continue;
		/* Co-mounted with a hierarchy done already (cpu,cpuacct). */
		for (j = 0; j < c; j++)
			if (out->dir[j] && parent->dir[j] == parent->dir[c])
				same = j;
		if (same >= 0) {
			out->dir[c] = out->dir[same];
			out->rel[c] = out->rel[same];
			continue;
		}
		made = cg_mkdirs(parent->dir[c], name,
				 c == CG_CPUSET ? v1_cpuset_fill : NULL);
		if (made < 0) {
			v1_destroy(out);
			cg_free(out);
			return -EEXIST;
		}
		out->dir[c] = xasprintf("%s/%s", parent->dir[c], name);
		out->rel[c] = xasprintf("%s/%s", strcmp(parent->rel[c], "/") ?
					parent->rel[c] : "", name);
		out->made[c] = (unsigned char)made;
	}
	return 0;
}

static bool warned_memsw;

static int v1_apply(const struct cg *cg, const struct cg_limits *l,
		    cg_log_fn log)
{
	const char *cpu = cg->dir[CG_CPU], *mem = cg->dir[CG_MEMORY];
	const char *cpuset = cg->dir[CG_CPUSET], *pids = cg->dir[CG_PIDS];
	char val[64];
	int err = 0;

	if (cpuset && (l->set & CGL_CPUS))
		err = cg_write_back(cpuset, "cpuset.cpus", l->cpus, log);
	if (!err && cpuset && (l->set & CGL_MEMS))
		err = cg_write_back(cpuset, "cpuset.mems", l->mems, log);
	if (!err && mem && (l->set & CGL_MEMORY)) {
		snprintf(val, sizeof(val), "%" PRId64, l->mem_max == HIND_MAX ?
			 (int64_t)-1 : (int64_t)l->mem_max);
		err = cg_write_back(mem, "memory.limit_in_bytes", val, log);
	}
	if (!err && mem && (l->set & CGL_SWAP)) {
		uint64_t m = (l->set & CGL_MEMORY) ? l->mem_max : HIND_MAX;

		/* memsw counts memory and swap together. */
		if (m == HIND_MAX || l->swap_max == HIND_MAX ||
		    l->swap_max > INT64_MAX - m)
			snprintf(val, sizeof(val), "-1");
		else
			snprintf(val, sizeof(val), "%" PRIu64, m + l->swap_max);
		err = cg_write_back(mem, "memory.memsw.limit_in_bytes", val,
				    log);
		if (err == -ENOENT) {
			if (!warned_memsw)
				warn("this kernel has no swap accounting (no "
				     "memory.memsw.limit_in_bytes; boot with "
				     "swapaccount=1): swap use is not limited");
			warned_memsw = true;
			err = 0;
		}
	}
	if (!err && cpu && (l->set & CGL_CPU)) {
		snprintf(val, sizeof(val), "%" PRIu64, l->cpu_period);
		err = cg_write_back(cpu, "cpu.cfs_period_us", val, log);
		if (!err) {
			snprintf(val, sizeof(val), "%" PRId64,
				 l->cpu_quota == HIND_MAX ? (int64_t)-1 :
				 (int64_t)l->cpu_quota);
			err = cg_write_back(cpu, "cpu.cfs_quota_us", val, log);
		}
	}
	if (!err && cpu && (l->set & CGL_WEIGHT)) {
		uint64_t shares = l->cpu_weight * 1024 / 100;

		snprintf(val, sizeof(val), "%" PRIu64, shares < 2 ? 2 : shares);
		err = cg_write_back(cpu, "cpu.shares", val, log);
	}
	if (!err && pids && (l->set & CGL_PIDS)) {
		if (l->pids_max == HIND_MAX)
			snprintf(val, sizeof(val), "max");
		else
			snprintf(val, sizeof(val), "%" PRIu64, l->pids_max);
		err = cg_write_back(pids, "pids.max", val, log);
	}
	return err;
}

static int v1_attach(const struct cg *cg, pid_t pid)
{
	char val[32];
	int c, err;

	snprintf(val, sizeof(val), "%d", (int)pid);
	for (c = 0; c < CG_NCTRL; c++) {
		/* Co-mounted hierarchies share the string: write once. */
		if (!cg->dir[c] || (c && cg->dir[c] == cg->dir[c - 1]))
			continue;
		err = cg_write_back(cg->dir[c], pid ? "cgroup.procs" : "tasks",
				    val, NULL);
		if (err)
			return err;
	}
	return 0;
}

static int v1_clone_fd(const struct cg *cg)
{
	(void)cg;
	return -ENOSYS;
}

/* v1 reads back "-1", "max" (pids) or 2^63 rounded down to a page. */
static uint64_t v1_limit(uint64_t v)
{
	return v >= (UINT64_C(1) << 62) ? HIND_MAX : v;
}

static int read_s64(const char *dir, const char *file, uint64_t *v)
{
	char buf[64];
	int err = cg_read_str(dir, file, buf, sizeof(buf));

	if (err)
		return err;
	if (!strcmp(buf, "-1") || !strcmp(buf, "max")) {
		*v = HIND_MAX;
		return 0;
	}
	return parse_u64(buf, v);
}

static int v1_stats(const struct cg *cg, struct cg_stats *st)
{
	const char *cpu = cg->dir[CG_CPU], *acct = cg->dir[CG_CPUACCT];
	const char *mem = cg->dir[CG_MEMORY], *pids = cg->dir[CG_PIDS];
	const char *cpuset = cg->dir[CG_CPUSET];
	static const char *const thr_keys[] = { "nr_periods", "nr_throttled",
						"throttled_time", NULL };
	uint64_t v, memsw, memsw_max, thr[3];
	char path[PATH_MAX];

	memset(st, 0, sizeof(*st));
	if (acct && !read_s64(acct, "cpuacct.usage", &v)) {
		st->cpu_usage_us = v / 1000;
		st->have |= CGS_CPU_USAGE;
	}
	if (cpu) {
		snprintf(path, sizeof(path), "%s/cpu.stat", cpu);
		/* One read for the three counters. */
		if (read_keys_u64_at(AT_FDCWD, path, thr_keys, thr) == 7) {
			st->nr_periods = thr[0];
			st->nr_throttled = thr[1];
			st->throttled_us = thr[2] / 1000;
			st->have |= CGS_CPU_THROTTLE;
		}
		if (!read_s64(cpu, "cpu.cfs_quota_us", &st->cpu_quota) &&
		    !read_s64(cpu, "cpu.cfs_period_us", &st->cpu_period))
			st->have |= CGS_CPU_MAX;
	}
	if (mem) {
		if (!read_s64(mem, "memory.usage_in_bytes", &st->mem_current) &&
		    !read_s64(mem, "memory.limit_in_bytes", &st->mem_max)) {
			st->mem_max = v1_limit(st->mem_max);
			st->have |= CGS_MEM;
		}
		if (!read_s64(mem, "memory.max_usage_in_bytes", &st->mem_peak))
			st->have |= CGS_MEM_PEAK;
		if (!read_s64(mem, "memory.memsw.usage_in_bytes", &memsw) &&
		    !read_s64(mem, "memory.memsw.limit_in_bytes",
			      &memsw_max)) {
			memsw_max = v1_limit(memsw_max);
			st->swap_current = memsw > st->mem_current ?
					   memsw - st->mem_current : 0;
			st->swap_max = memsw_max == HIND_MAX ||
				       st->mem_max == HIND_MAX ? HIND_MAX :
				       memsw_max - st->mem_max;
			st->have |= CGS_SWAP;
		}
		if (!read_s64(mem, "memory.failcnt", &st->mem_events_max))
			st->have |= CGS_MEM_EVENTS;
		snprintf(path, sizeof(path), "%s/memory.oom_control", mem);
		if (!read_key_u64_at(AT_FDCWD, path, "oom_kill", &st->oom_kill))
			st->have |= CGS_OOM_KILL;
	}
	if (pids && !read_s64(pids, "pids.current", &st->pids_current) &&
	    !read_s64(pids, "pids.max", &st->pids_max))
		st->have |= CGS_PIDS;
	if (cpuset && !cg_read_str(cpuset, "cpuset.effective_cpus", st->cpus,
				   sizeof(st->cpus)))
		st->have |= CGS_CPUSET;
	return 0;
}

static int v1_kill(const struct cg *cg)
{
	int c, err = 0;

	for (c = 0; c < CG_NCTRL; c++) {
		if (!cg->dir[c])
			continue;
		if (!cg->made[c] && !(c && cg->dir[c] == cg->dir[c - 1])) {
			err = cg_fail(-EPERM, "refusing to kill in '%s': hind "
				      "did not create it", cg->dir[c]);
			continue;
		}
		if (cg->made[c] && cg_kill_tree(cg->dir[c]) < 0)
			err = -EBUSY;
	}
	return err;
}

static int v1_destroy(struct cg *cg)
{
	int c, err = 0;

	for (c = 0; c < CG_NCTRL; c++) {
		if (cg->dir[c] && cg->made[c] &&
		    cg_rmdir_tree(cg->dir[c], cg->made[c]) < 0)
			err = -EBUSY;
		cg->made[c] = 0;
	}
	return err;
}

const struct cg_ops cg_v1_ops = {
	.name = "v1",
	.check = v1_check,
	.available = v1_available,
	.of_pid = v1_of_pid,
	.at = v1_at,
	.create = v1_create,
	.apply = v1_apply,
	.attach = v1_attach,
	.clone_fd = v1_clone_fd,
	.stats = v1_stats,
	.kill = v1_kill,
	.destroy = v1_destroy,
};
