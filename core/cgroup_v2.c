// SPDX-License-Identifier: MIT
/*
 * cgroup_v2.c - the unified hierarchy.
 *
 * Kernel rules this file relies on:
 * - A controller works in a cgroup only if the parent lists it in
 *   cgroup.subtree_control, and a non-root cgroup with processes of its
 *   own cannot enable controllers for its children (EBUSY, the
 *   "no internal processes" rule). hind never moves a process it did not
 *   start, so it reports that case instead of working around it.
 * - memory.swap.max is swap alone (v1's memsw is memory plus swap).
 * - cgroup.kill (5.14+) kills the whole subtree at once; older kernels get
 *   a kill loop over cgroup.procs.
 * - clone3(CLONE_INTO_CGROUP) (5.7+) takes a directory fd of the cgroup.
 */
#include <sys/statfs.h>
#include <linux/bpf.h>
#include <linux/magic.h>
#include "hind.h"

static const char *const v2_ctrl[CG_NCTRL] = {
	[CG_CPU] = "cpu", [CG_CPUACCT] = "cpu", [CG_CPUSET] = "cpuset",
	[CG_MEMORY] = "memory", [CG_PIDS] = "pids",
};

static int v2_check(void)
{
	struct statfs sfs;

	if (statfs(CFG_HIND_CGROUP_ROOT, &sfs) < 0)
		return cg_fail(-errno, "built for cgroup v2, but cannot "
			       "read '%s'", CFG_HIND_CGROUP_ROOT);
	if (sfs.f_type != CGROUP2_SUPER_MAGIC)
		return cg_check_fail("built for cgroup v2, but '%s' is "
			       "not a cgroup2 mount (mount it with 'mount -t "
			       "cgroup2 none %s', or build with "
			       "v1_defconfig or auto_defconfig)",
			       CFG_HIND_CGROUP_ROOT, CFG_HIND_CGROUP_ROOT);
	return 0;
}

/* Does the space-separated list have word? */
static bool has_word(const char *list, const char *word)
{
	size_t len = strlen(word);

	while (*list) {
		size_t w = strcspn(list, " \n");

		if (w == len && !strncmp(list, word, len))
			return true;
		list += w;
		list += strspn(list, " \n");
	}
	return false;
}

static unsigned v2_available(void)
{
	char buf[256];
	unsigned mask = 0;
	int c;

	if (cg_read_str(CFG_HIND_CGROUP_ROOT, "cgroup.controllers", buf,
			sizeof(buf)) < 0)
		return 0;
	for (c = 0; c < CG_NCTRL; c++)
		if (has_word(buf, v2_ctrl[c]))
			mask |= CG_BIT(c);
	return mask;
}

/* The one hierarchy, holding every controller. */
static void v2_set(struct cg *cg, char *rel)
{
	struct cg_hier *hp = &cg->h[0];

	hp->mnt = CFG_HIND_CGROUP_ROOT;
	hp->name = "";
	hp->ctrls = CG_ALL;
	hp->dir = xasprintf("%s%s", CFG_HIND_CGROUP_ROOT,
			    strcmp(rel, "/") ? rel : "");
	hp->rel = rel;
	hp->made = 0;
	hp->lock = -1;
	cg->n = 1;
}

static int v2_of_pid(pid_t pid, struct cg *cg)
{
	char path[PATH_MAX];
	int err;

	memset(cg, 0, sizeof(*cg));
	err = cg_proc_path(pid, path, sizeof(path));
	if (err)
		return err;
	v2_set(cg, xstrdup(path));
	return 0;
}

static int v2_at(const char *rel, struct cg *cg)
{
	memset(cg, 0, sizeof(*cg));
	v2_set(cg, xasprintf("%s%s", *rel == '/' ? "" : "/", rel));
	return 0;
}

/* Controllers the child cgroups of dir need, as "+cpu +memory ...". */
static unsigned v2_enable_mask;

static int v2_enable(const char *dir)
{
	char have[256], want[128] = "", plus[16];
	int c, err;

	if (cg_read_str(dir, "cgroup.subtree_control", have, sizeof(have)) < 0)
		have[0] = '\0';
	for (c = 0; c < CG_NCTRL; c++) {
		const char *name = v2_ctrl[c];

		/* (cpuacct is cpu on v2: "+cpu" once) */
		snprintf(plus, sizeof(plus), "+%s", name);
		if (!(v2_enable_mask & CG_BIT(c)) || has_word(have, name) ||
		    has_word(want, plus))
			continue;
		snprintf(want + strlen(want), sizeof(want) - strlen(want),
			 "%s+%s", *want ? " " : "", name);
	}
	if (!*want)
		return 0;
	err = cg_write_back(dir, "cgroup.subtree_control", want, NULL);
	if (err < 0) {
		if (err == -EBUSY)
			return cg_fail(-EBUSY, "cannot enable '%s' in '%s/"
				       "cgroup.subtree_control': that cgroup "
				       "holds processes of its own (the "
				       "cgroup v2 no-internal-processes rule); "
				       "name a cgroup hind may use with "
				       "--cgroup-parent", want, dir);
		return -EINVAL;
	}
	return 0;
}

static int v2_create(const struct cg *parent, const char *name,
		     unsigned ctrls, struct cg *out)
{
	char path[PATH_MAX];
	int made, lock;

	memset(out, 0, sizeof(*out));
	v2_enable_mask = ctrls;
	/* The caller's own cgroup must pass the controllers down first. */
	if (v2_enable(parent->h[0].dir) < 0)
		return -EBUSY;
	made = cg_mkdirs(parent->h[0].dir, name, NULL, &lock);
	if (made < 0)
		return -EEXIST;
	/* Every made ancestor passes them down to the next level. */
	snprintf(path, sizeof(path), "%s", parent->h[0].dir);
	for (const char *p = name; *p;) {
		size_t w = strcspn(p, "/");

		if (!p[w])
			break;
		snprintf(path + strlen(path), sizeof(path) - strlen(path),
			 "/%.*s", (int)w, p);
		if (v2_enable(path) < 0) {
			char leaf[PATH_MAX];

			snprintf(leaf, sizeof(leaf), "%s/%s", parent->h[0].dir,
				 name);
			cg_rmdir_tree(leaf, (unsigned)made);
			close(lock);
			return -EBUSY;
		}
		p += w + 1;
	}
	v2_set(out, xasprintf("%s/%s", strcmp(parent->h[0].rel, "/") ?
			      parent->h[0].rel : "", name));
	out->h[0].made = (unsigned char)made;
	out->h[0].lock = lock;
	return 0;
}

static int v2_apply(const struct cg *cg, const struct cg_limits *l,
		    cg_log_fn log)
{
	const char *dir = cg->h[0].dir;
	char val[64];
	int err = 0;

	if (l->set & CGL_CPUS)
		err = err ?: cg_write_back(dir, "cpuset.cpus", l->cpus, log);
	if (l->set & CGL_MEMS)
		err = err ?: cg_write_back(dir, "cpuset.mems", l->mems, log);
	if (!err && (l->set & CGL_MEMORY)) {
		if (l->mem_max == HIND_MAX)
			snprintf(val, sizeof(val), "max");
		else
			snprintf(val, sizeof(val), "%" PRIu64, l->mem_max);
		err = cg_write_back(dir, "memory.max", val, log);
	}
	if (!err && (l->set & CGL_SWAP)) {
		if (l->swap_max == HIND_MAX)
			snprintf(val, sizeof(val), "max");
		else
			snprintf(val, sizeof(val), "%" PRIu64, l->swap_max);
		err = cg_write_back(dir, "memory.swap.max", val, log);
		if (err == -ENOENT) {
			warn("this kernel has no swap accounting (no "
			     "memory.swap.max): swap use is not limited");
			err = 0;
		}
	}
	if (!err && (l->set & CGL_CPU)) {
		if (l->cpu_quota == HIND_MAX)
			snprintf(val, sizeof(val), "max %" PRIu64,
				 l->cpu_period);
		else
			snprintf(val, sizeof(val), "%" PRIu64 " %" PRIu64,
				 l->cpu_quota, l->cpu_period);
		err = cg_write_back(dir, "cpu.max", val, log);
	}
	if (!err && (l->set & CGL_WEIGHT)) {
		snprintf(val, sizeof(val), "%" PRIu64, l->cpu_weight);
		err = cg_write_back(dir, "cpu.weight", val, log);
	}
	/*
	 * OCI cpu.shares (2..262144) to cpu.weight (1..10000), runc's and
	 * crun's mapping; memory.reservation is memory.low.
	 */
	if (!err && (l->set & CGL_SHARES)) {
		snprintf(val, sizeof(val), "%" PRIu64,
			 1 + (l->cpu_shares - 2) * 9999 / 262142);
		err = cg_write_back(dir, "cpu.weight", val, log);
	}
	if (!err && (l->set & CGL_MEMLOW)) {
		snprintf(val, sizeof(val), "%" PRIu64, l->mem_low);
		err = cg_write_back(dir, "memory.low", val, log);
	}
	if (!err && (l->set & CGL_PIDS)) {
		if (l->pids_max == HIND_MAX)
			snprintf(val, sizeof(val), "max");
		else
			snprintf(val, sizeof(val), "%" PRIu64, l->pids_max);
		err = cg_write_back(dir, "pids.max", val, log);
	}
	return err;
}

static int v2_attach(const struct cg *cg, pid_t pid)
{
	char val[32];

	snprintf(val, sizeof(val), "%d", (int)pid);
	return cg_write_back(cg->h[0].dir, "cgroup.procs", val, NULL);
}

static int v2_clone_fd(const struct cg *cg)
{
	int fd = open(cg->h[0].dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0)
		return cg_fail(-errno, "cannot open '%s'", cg->h[0].dir);
	return fd;
}

static int v2_stats(const struct cg *cg, struct cg_stats *st)
{
	static const char *const cpu_keys[] = { "usage_usec", "nr_periods",
						"nr_throttled",
						"throttled_usec", NULL };
	static const char *const mem_keys[] = { "max", "oom_kill", NULL };
	int fd = open(cg->h[0].dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	uint64_t v[4];
	char buf[128];
	int found;

	memset(st, 0, sizeof(*st));
	if (fd < 0)
		return cg_fail(-errno, "cannot open '%s'", cg->h[0].dir);
	/* One read of each key-value file. */
	found = read_keys_u64_at(fd, "cpu.stat", cpu_keys, v);
	if (found > 0 && (found & 1)) {
		st->cpu_usage_us = v[0];
		st->have |= CGS_CPU_USAGE;
	}
	if (found > 0 && (found & 14) == 14) {
		st->nr_periods = v[1];
		st->nr_throttled = v[2];
		st->throttled_us = v[3];
		st->have |= CGS_CPU_THROTTLE;
	}
	/* cpu.max: "QUOTA PERIOD" or "max PERIOD". */
	if (read_file_at(fd, "cpu.max", buf, sizeof(buf)) > 0) {
		char *period = strchr(buf, ' ');

		if (period) {
			*period++ = '\0';
			period[strcspn(period, "\n")] = '\0';
			if (!parse_u64(period, &st->cpu_period) &&
			    (!strcmp(buf, "max") ?
			     (st->cpu_quota = HIND_MAX, 0) :
			     parse_u64(buf, &st->cpu_quota)) == 0)
				st->have |= CGS_CPU_MAX;
		}
	}
	if (!read_u64_at(fd, "memory.current", &st->mem_current) &&
	    !read_u64_at(fd, "memory.max", &st->mem_max))
		st->have |= CGS_MEM;
	if (!read_u64_at(fd, "memory.peak", &st->mem_peak))
		st->have |= CGS_MEM_PEAK;
	if (!read_u64_at(fd, "memory.swap.current", &st->swap_current) &&
	    !read_u64_at(fd, "memory.swap.max", &st->swap_max))
		st->have |= CGS_SWAP;
	found = read_keys_u64_at(fd, "memory.events", mem_keys, v);
	if (found > 0 && (found & 1)) {
		st->mem_events_max = v[0];
		st->have |= CGS_MEM_EVENTS;
	}
	if (found > 0 && (found & 2)) {
		st->oom_kill = v[1];
		st->have |= CGS_OOM_KILL;
	}
	if (!read_u64_at(fd, "pids.current", &st->pids_current) &&
	    !read_u64_at(fd, "pids.max", &st->pids_max))
		st->have |= CGS_PIDS;
	if (read_file_at(fd, "cpuset.cpus.effective", st->cpus,
			 sizeof(st->cpus)) > 0) {
		st->cpus[strcspn(st->cpus, "\n")] = '\0';
		st->have |= CGS_CPUSET;
	}
	close(fd);
	return 0;
}

static int v2_kill(const struct cg *cg)
{
	char path[PATH_MAX];

	if (!cg->h[0].made)
		return cg_fail(-EPERM, "refusing to kill in '%s': hind did "
			       "not create it", cg->h[0].dir);
	if (access(cg->h[0].dir, F_OK) < 0)
		return 0;
	/* Absent before 5.14: the loop in cg_kill_tree does the work. */
	snprintf(path, sizeof(path), "%s/cgroup.kill", cg->h[0].dir);
	(void)write_file(path, "1");
	return cg_kill_tree(cg->h[0].dir);
}

static int v2_destroy(struct cg *cg)
{
	int err = 0;

	if (cg->h[0].dir && cg->h[0].made)
		err = cg_rmdir_tree(cg->h[0].dir, cg->h[0].made);
	cg->h[0].made = 0;
	/* Unlocked only once it is gone (or cannot go). */
	if (cg->h[0].lock >= 0)
		close(cg->h[0].lock);
	cg->h[0].lock = -1;
	return err;
}

/* Build the rules' eBPF program and attach it to the cgroup. */
static int v2_devices(const struct cg *cg, const struct dev_rule *r, int n)
{
	size_t len = devcg_prog(r, n, NULL, 0);
	struct bpf_insn *insn;
	int fd, err;

	if (!len)
		return -EINVAL;
	insn = malloc(len * sizeof(*insn));
	if (!insn)
		return cg_fail(-ENOMEM, "device cgroup program");
	devcg_prog(r, n, insn, len);
	fd = open(cg->h[0].dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		err = cg_fail(-errno, "cannot open '%s'", cg->h[0].dir);
	else
		err = devcg_attach_v2(fd, insn, len);
	if (fd >= 0)
		close(fd);
	free(insn);
	return err;
}

const struct cg_ops cg_v2_ops = {
	.name = "v2",
	.check = v2_check,
	.available = v2_available,
	.of_pid = v2_of_pid,
	.at = v2_at,
	.create = v2_create,
	.apply = v2_apply,
	.attach = v2_attach,
	.clone_fd = v2_clone_fd,
	.stats = v2_stats,
	.kill = v2_kill,
	.destroy = v2_destroy,
	/* only config.json has device rules: without hind-oci, no devcg.c */
	.devices = CFG_HIND_OCI ? v2_devices : NULL,
};
