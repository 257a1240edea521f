// SPDX-License-Identifier: MIT
/*
 * cgroup_v1.c - one hierarchy per controller (or per group of co-mounted
 * controllers), usually at HIND_CGROUP_ROOT/NAME.
 *
 * The hierarchies are the v1 lines of /proc/self/cgroup, each found in
 * /proc/self/mountinfo by its controllers (a cgroup mount's super options
 * list them), once per process. Hierarchies hind sets no limit in
 * (freezer, devices, blkio, net_cls, a named one such as name=systemd)
 * count as much as the others: the container gets a cgroup of its own in
 * every one.
 *
 * Kernel rules this file relies on:
 * - A process sits in a different cgroup in each hierarchy; /proc/PID/cgroup
 *   names them line by line ("ID:CONTROLLERS:PATH"), and controllers may
 *   share a hierarchy ("cpu,cpuacct"; then /sys/fs/cgroup/cpu is usually a
 *   symlink to it). A hierarchy may be mounted several times, and a mount
 *   may show only a subtree (mountinfo's root field, relative to the
 *   reader's cgroup namespace).
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
#include "desc.h"

/*
 * A file that exists in every cgroup of the controller's hierarchy, the
 * root too (pids has no pids.max in its root: any cgroup v1 file will do).
 */
static const char *const v1_probe[CG_NCTRL] = {
	[CG_CPU] = "cpu.shares", [CG_CPUACCT] = "cpuacct.usage",
	[CG_CPUSET] = "cpuset.cpus", [CG_MEMORY] = "memory.limit_in_bytes",
	[CG_PIDS] = "cgroup.procs",
};

/* One v1 hierarchy and the mount hind reaches it through. */
struct v1_mount {
	char *name;	/* "cpu,cpuacct", "name=systemd" */
	unsigned ctrls;	/* CG_BIT mask */
	char *mnt;	/* mount point, NULL if none found */
	char *root;	/* the mount's root in the hierarchy ("/") */
	int rank;	/* how good a mount it is (see v1_take_mount) */
};

static struct v1_mount v1_mnt[CG_MAXHIER];
static int v1_nmnt = -1;

/*
 * A mount of one of the hierarchies: keep the best one seen. A mount of
 * the whole hierarchy (root "/") beats one of a subtree, one under
 * HIND_CGROUP_ROOT beats one elsewhere, and of equals the later one
 * (mounted on top) wins.
 */
static void v1_take_mount(const struct cg_mountinfo *mi, void *arg)
{
	size_t rl = strlen(CFG_HIND_CGROUP_ROOT);
	int i, rank;

	(void)arg;
	if (strcmp(mi->fstype, "cgroup"))
		return;
	rank = 2 * !strcmp(mi->root, "/") +
	       (!strncmp(mi->mnt, CFG_HIND_CGROUP_ROOT, rl) &&
		mi->mnt[rl] == '/');
	for (i = 0; i < v1_nmnt; i++) {
		struct v1_mount *m = &v1_mnt[i];

		if (!cg_opts_have(mi->opts, m->name))
			continue;
		if (m->mnt && rank < m->rank)
			return;
		free(m->mnt);
		free(m->root);
		m->mnt = xstrdup(mi->mnt);
		m->root = xstrdup(mi->root);
		m->rank = rank;
		return;
	}
}

/* The hierarchies, from /proc/self/cgroup and mountinfo (once). */
static int v1_mounts(void)
{
	char buf[16384], *pos = buf, *id, *ctrls, *path;
	ssize_t n;
	int i, j, c, err = 0;

	if (v1_nmnt >= 0)
		return 0;
	n = read_file("/proc/self/cgroup", buf, sizeof(buf));
	if (n < 0)
		return cg_fail((int)n, "cannot read '/proc/self/cgroup'");
	v1_nmnt = 0;
	while (!err && cg_proc_line(&pos, &id, &ctrls, &path)) {
		struct v1_mount *m = &v1_mnt[v1_nmnt];

		/* "0::PATH" is the v2 hierarchy of a hybrid host. */
		if (!strcmp(id, "0") || !*ctrls)
			continue;
		if (v1_nmnt == CG_MAXHIER) {
			err = cg_fail(-E2BIG, "more than %d cgroup v1 "
				      "hierarchies", CG_MAXHIER);
			break;
		}
		memset(m, 0, sizeof(*m));
		m->name = xstrdup(ctrls);
		for (c = 0; c < CG_NCTRL; c++)
			if (cg_opts_have(ctrls, cg_ctrl_name[c]))
				m->ctrls |= CG_BIT(c);
		v1_nmnt++;
	}
	err = err ?: cg_each_mount("/proc/self/mountinfo", v1_take_mount,
				   NULL);
	/* A hierarchy mounted nowhere here cannot be used. */
	for (i = j = 0; i < v1_nmnt; i++) {
		if (v1_mnt[i].mnt && !err) {
			v1_mnt[j++] = v1_mnt[i];
			continue;
		}
		free(v1_mnt[i].name);
		free(v1_mnt[i].mnt);
		free(v1_mnt[i].root);
	}
	/* On failure the next call tries again (and fails the same way). */
	v1_nmnt = err ? -1 : j;
	return err;
}

static unsigned v1_available(void)
{
	static unsigned mask, known;
	char path[PATH_MAX];
	int i, c;

	if (known)
		return mask;
	if (v1_mounts() < 0)
		return 0;
	for (i = 0; i < v1_nmnt; i++) {
		for (c = 0; c < CG_NCTRL; c++) {
			if (!(v1_mnt[i].ctrls & CG_BIT(c)))
				continue;
			snprintf(path, sizeof(path), "%s/%s", v1_mnt[i].mnt,
				 v1_probe[c]);
			if (access(path, F_OK) == 0)
				mask |= CG_BIT(c);
		}
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
	if (v1_mounts() < 0)
		return -ENOENT;
	if (!v1_available())
		return cg_check_fail("built for cgroup v1, but no cgroup v1 "
			       "hierarchy with cpu, cpuacct, cpuset, memory "
			       "or pids is mounted (under '%s')",
			       CFG_HIND_CGROUP_ROOT);
	return 0;
}

/*
 * Add m's entry for the cgroup at rel (from the reader's cgroup
 * namespace root, as /proc/PID/cgroup has it) to cg, if m's mount shows
 * it.
 */
static void v1_add(struct cg *cg, const struct v1_mount *m, const char *rel)
{
	size_t rl = strcmp(m->root, "/") ? strlen(m->root) : 0;
	struct cg_hier *hp = &cg->h[cg->n];

	if (rl && (strncmp(rel, m->root, rl) || (rel[rl] && rel[rl] != '/')))
		return;
	hp->mnt = m->mnt;
	hp->name = m->name;
	hp->ctrls = m->ctrls;
	hp->rel = xstrdup(rel);
	hp->dir = xasprintf("%s%s", m->mnt, strcmp(rel + rl, "/") ?
			    rel + rl : "");
	hp->made = 0;
	hp->lock = -1;
	cg->n++;
}

static int v1_of_pid(pid_t pid, struct cg *cg)
{
	char buf[16384], *pos = buf, *id, *ctrls, *path;
	ssize_t n;
	int i;

	memset(cg, 0, sizeof(*cg));
	if (v1_mounts() < 0)
		return -ENOENT;
	n = cg_read_proc(pid, buf, sizeof(buf));
	if (n < 0)
		return (int)n;
	while (cg_proc_line(&pos, &id, &ctrls, &path)) {
		for (i = 0; i < v1_nmnt; i++)
			if (!strcmp(ctrls, v1_mnt[i].name))
				break;
		if (i < v1_nmnt && *path == '/')
			v1_add(cg, &v1_mnt[i], path);
	}
	if (cg->n)
		return 0;
	return cg_fail(-ENOENT, "process %d is in no cgroup v1 hierarchy",
		       pid ? (int)pid : (int)getpid());
}

static int v1_at(const char *rel, struct cg *cg)
{
	char *path = xasprintf("%s%s", *rel == '/' ? "" : "/", rel);
	int i;

	memset(cg, 0, sizeof(*cg));
	if (v1_mounts() < 0) {
		free(path);
		return -ENOENT;
	}
	for (i = 0; i < v1_nmnt; i++)
		v1_add(cg, &v1_mnt[i], path);
	free(path);
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
	const struct cg_hier *p;
	int made, lock;

	(void)ctrls;
	memset(out, 0, sizeof(*out));
	cg_for_each(p, parent) {
		struct cg_hier *hp = &out->h[out->n];

		made = cg_mkdirs(p->dir, name, (p->ctrls & CG_BIT(CG_CPUSET)) ?
				 v1_cpuset_fill : NULL, &lock);
		if (made < 0) {
			v1_destroy(out);
			cg_free(out);
			return -EEXIST;
		}
		hp->mnt = p->mnt;
		hp->name = p->name;
		hp->ctrls = p->ctrls;
		hp->dir = xasprintf("%s/%s", p->dir, name);
		hp->rel = xasprintf("%s/%s", strcmp(p->rel, "/") ? p->rel : "",
				    name);
		hp->made = (unsigned char)made;
		hp->lock = lock;
		out->n++;
	}
	return 0;
}

/* The directory of controller c's hierarchy, or NULL. */
static const char *dir_of(const struct cg *cg, enum cg_ctrl c)
{
	const struct cg_hier *hp = cg_hier_of(cg, c);

	return hp ? hp->dir : NULL;
}

static bool warned_memsw;

static int v1_apply(const struct cg *cg, const struct cg_limits *l,
		    cg_log_fn log)
{
	const char *cpu = dir_of(cg, CG_CPU), *mem = dir_of(cg, CG_MEMORY);
	const char *cpuset = dir_of(cg, CG_CPUSET), *pids = dir_of(cg, CG_PIDS);
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
	/* OCI: cpu.shares as given, memory.reservation as the soft limit. */
	if (!err && cpu && (l->set & CGL_SHARES)) {
		snprintf(val, sizeof(val), "%" PRIu64, l->cpu_shares);
		err = cg_write_back(cpu, "cpu.shares", val, log);
	}
	if (!err && mem && (l->set & CGL_MEMLOW)) {
		snprintf(val, sizeof(val), "%" PRIu64, l->mem_low);
		err = cg_write_back(mem, "memory.soft_limit_in_bytes", val,
				    log);
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
	const struct cg_hier *hp;
	char val[32];
	int err;

	snprintf(val, sizeof(val), "%d", (int)pid);
	cg_for_each(hp, cg) {
		err = cg_write_back(hp->dir, pid ? "cgroup.procs" : "tasks",
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
	const char *cpu = dir_of(cg, CG_CPU), *acct = dir_of(cg, CG_CPUACCT);
	const char *mem = dir_of(cg, CG_MEMORY), *pids = dir_of(cg, CG_PIDS);
	const char *cpuset = dir_of(cg, CG_CPUSET);
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
	const struct cg_hier *hp;
	int err = 0;

	/* Every hierarchy: a process may have moved in one of them only. */
	cg_for_each(hp, cg) {
		if (!hp->made)
			err = cg_fail(-EPERM, "refusing to kill in '%s': hind "
				      "did not create it", hp->dir);
		else if (cg_kill_tree(hp->dir) < 0)
			err = -EBUSY;
	}
	return err;
}

static int v1_destroy(struct cg *cg)
{
	struct cg_hier *hp;
	int err = 0;

	cg_for_each(hp, cg) {
		if (hp->made && cg_rmdir_tree(hp->dir, hp->made) < 0)
			err = -EBUSY;
		hp->made = 0;
		/* Unlocked only once it is gone (or cannot go). */
		if (hp->lock >= 0)
			close(hp->lock);
		hp->lock = -1;
	}
	return err;
}

/*
 * The hierarchy of cg whose controllers include ctrl, by name: for the
 * v1 controllers hind has no enum cg_ctrl for ("devices").
 */
static const struct cg_hier *v1_hier_named(const struct cg *cg,
					   const char *ctrl)
{
	const struct cg_hier *hp;

	cg_for_each(hp, cg)
		if (cg_opts_have(hp->name, ctrl))
			return hp;
	return NULL;
}

/* devcg_each's callback: one rule to devices.allow or devices.deny. */
static int v1_dev_write(const struct dev_rule *d, void *dir)
{
	char line[64];

	devcg_v1_line(d, line, sizeof(line));
	return cg_write_back(dir, d->allow ? "devices.allow" : "devices.deny",
			     line, NULL);
}

/*
 * The default first ("a *:* rwm" to devices.deny or .allow), which drops
 * whatever the new cgroup inherited from its parent, then the exceptions.
 */
static int v1_devices(const struct cg *cg, const struct dev_rule *r, int n)
{
	const struct cg_hier *hp = v1_hier_named(cg, "devices");

	if (!hp)
		return cg_fail(-ENOENT, "no cgroup v1 devices hierarchy is "
			       "mounted: the device rules cannot be enforced");
	return devcg_each(r, n, v1_dev_write, hp->dir);
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
	/* only config.json has device rules: without hind-oci, no devcg.c */
	.devices = CFG_HIND_OCI ? v1_devices : NULL,
};
