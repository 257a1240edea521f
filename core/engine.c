// SPDX-License-Identifier: MIT
/*
 * engine.c - carry out a run description (desc.h): make the container's
 * cgroup and write its limits and device policy, build its seccomp
 * filter, start its pid 1 inside the cgroup, and, on every path, kill and
 * remove what was made. Both front ends use it: hind-run (which then
 * waits, relays and reports) and hind-oci (whose create leaves the
 * container running for start, kill and delete).
 *
 * The engine only reads the description; what it makes is in struct
 * engine. Its failures are one line (log_error) and exit(die_status):
 * 125 for hind-run, 1 for hind-oci, as runc. An atexit handler cleans up
 * on those paths unless the caller has kept the container (eng_keep).
 */
#include "hind.h"
#include "run.h"

static struct engine *current;

void eng_fail(const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	xvsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	log_error("host", "%s", msg);
	exit(die_status);
}

void eng_fail_errno(const char *what)
{
	eng_fail("%s: %s", what, strerror(errno));
}

void eng_cleanup(struct engine *e)
{
	const struct cg_ops *ops = cg_ops();

	if (e->sp.pid > 0 && !e->kept) {
		kill(e->sp.pid, SIGKILL);
		(void)waitpid(e->sp.pid, NULL, 0);
	}
	e->sp.pid = 0;
	if (!e->cg_made || e->kept)
		return;
	e->cg_made = false;
	if (ops->kill(&e->cg) < 0)
		warn("%s", cg_error);
	if (ops->destroy(&e->cg) < 0)
		warn("%s", cg_error);
	if (cg_busy_ms)
		log_debug("cgroup", "removed the container's cgroup (busy "
			  "for %lu ms first)", cg_busy_ms);
	else
		log_debug("cgroup", "removed the container's cgroup");
}

static void cleanup_at_exit(void)
{
	if (current)
		eng_cleanup(current);
}

void eng_init(struct engine *e, const struct run_desc *rd)
{
	memset(e, 0, sizeof(*e));
	e->rd = rd;
	e->sp.rd = rd;
	e->sp.tty_sock = -1;
	e->sp.null_fd = -1;
	e->sp.cgroup_fd = -1;
	e->sp.exec_fifo = -1;
	e->sp.err_fd = -1;
	e->sp.sync_fd = -1;
	current = e;
	atexit(cleanup_at_exit);
}

void eng_keep(struct engine *e)
{
	e->kept = true;
}

/* The controllers the limits need (v2 enables them for the cgroup). */
static unsigned needed_ctrls(const struct cg_limits *l)
{
	unsigned m = 0;

	if (l->set & (CGL_MEMORY | CGL_SWAP | CGL_MEMLOW))
		m |= CG_BIT(CG_MEMORY);
	if (l->set & (CGL_CPU | CGL_WEIGHT | CGL_SHARES))
		m |= CG_BIT(CG_CPU) | CG_BIT(CG_CPUACCT);
	if (l->set & (CGL_CPUS | CGL_MEMS))
		m |= CG_BIT(CG_CPUSET);
	if (l->set & CGL_PIDS)
		m |= CG_BIT(CG_PIDS);
	return m;
}

static void report_stale(const char *dir, const char *owner)
{
	log_info("cgroup", "removed stale cgroup '%s' (its hind-run %s is "
		 "gone)", dir, owner);
}

/*
 * What hind-runs that were SIGKILLed left next to where ours goes (the
 * caller's cgroup, or --cgroup-parent), in every hierarchy: their
 * unlocked, empty cgroups (cg_sweep). Liveness is the lock each hind-run
 * holds on its cgroup, not its pid, which means nothing here when it runs
 * in another pid namespace (a nested or a sibling container).
 */
static void sweep_stale(const struct run_desc *rd, const struct cg *parent)
{
	struct cg where;

	if (!rd->cgroup_parent) {
		cg_sweep(parent, report_stale);
		return;
	}
	if (cg_ops()->at(rd->cgroup_parent, &where) < 0)
		return;
	cg_sweep(&where, report_stale);
	cg_free(&where);
}

/*
 * Where the cgroup goes: the path below parent (which is the hierarchy
 * root for --cgroup-parent and an absolute cgroupsPath, else the
 * caller's own cgroup).
 */
static char *cgroup_name(struct engine *e, struct cg *parent)
{
	const struct run_desc *rd = e->rd;
	const struct cg_ops *ops = cg_ops();
	const char *path = rd->cgroup_path, *leaf;

	if (path) {
		if ((*path == '/' ? ops->at("/", parent) :
				    ops->of_pid(0, parent)) < 0)
			eng_fail("%s", cg_error);
		return xstrdup(path + strspn(path, "/"));
	}
	if ((rd->cgroup_parent ? ops->at("/", parent) :
				 ops->of_pid(0, parent)) < 0)
		eng_fail("%s", cg_error);
	if (e->owned)
		sweep_stale(rd, parent);
	leaf = eng_leaf(rd);
	return rd->cgroup_parent ?
	       xasprintf("%s/%s", rd->cgroup_parent +
			 (*rd->cgroup_parent == '/'), leaf) : xstrdup(leaf);
}

const char *eng_leaf(const struct run_desc *rd)
{
	static char leaf[80];

	if (rd->name)
		return rd->name;
	snprintf(leaf, sizeof(leaf), "hind-%d", (int)getpid());
	return leaf;
}

void eng_cgroup(struct engine *e)
{
	const struct run_desc *rd = e->rd;
	const struct cg_ops *ops = cg_ops();
	unsigned want = needed_ctrls(&rd->lim), avail;
	const struct cg_hier *hp;
	struct cg parent;
	char *name;
	int c;

	if (ops->check() < 0)
		eng_fail("%s", cg_error);
	avail = ops->available();
	for (c = 0; c < CG_NCTRL; c++)
		if ((want & CG_BIT(c)) && !(avail & CG_BIT(c)))
			eng_fail("this kernel offers no cgroup %s %s "
				 "controller, which %s needs; nothing was "
				 "created", ops->name, cg_ctrl_name[c],
				 e->ctrl_hint ? e->ctrl_hint[c] : "a limit");
	cg_unowned = !e->owned;
	name = cgroup_name(e, &parent);
	/* v1: a cgroup in every hierarchy of parent, the limits' or not. */
	if (ops->create(&parent, name, want, &e->cg) < 0)
		eng_fail("cannot create the container's cgroup: %s", cg_error);
	e->cg_made = true;
	free(name);
	cg_for_each(hp, &e->cg)
		log_debug("cgroup", "created '%s'", hp->dir);
	cg_free(&parent);
	eng_fault("mkdir");
	if (ops->apply(&e->cg, &rd->lim, log_cg_write) < 0)
		eng_fail("%s", cg_error);
	if (rd->dev_rules && ops->devices(&e->cg, rd->dev_rules,
					  rd->ndev_rules) < 0)
		eng_fail("%s", cg_error);
	eng_fault("limits");
}

/*
 * What /sys/fs/cgroup shows inside: with a cgroup namespace, the
 * container's own cgroup in every hierarchy (which its namespace takes as
 * root); with --cgroupns host, the whole tree of every hierarchy. Both
 * read-only unless the description says otherwise.
 */
const struct cg *eng_cgview(struct engine *e)
{
	/* OCI: a cgroup mount shows the container's own, always. */
	if (e->rd->cgroupns || e->rd->oci)
		return &e->cg;
	if (!e->view.n && cg_ops()->at("/", &e->view) < 0)
		eng_fail("%s", cg_error);
	return &e->view;
}

/*
 * What the container may do, built before the clone so the child only
 * loads it: hind-run's default filter or config.json's profile.
 */
static void build_filter(struct engine *e)
{
	static struct sock_filter prog[BPF_MAXINSNS];
	const struct run_desc *rd = e->rd;

	if (rd->seccomp_prog) {
		e->sp.filter = rd->seccomp_prog;
		e->sp.filter_len = rd->seccomp_prog_len;
	} else if (rd->seccomp_default) {
		e->sp.filter_len = seccomp_default(prog, ARRAY_SIZE(prog),
			(rd->caps.bounding & CAPS_BIT(CAP_SYS_ADMIN)) != 0);
		e->sp.filter = prog;
	} else if (rd->seccomp) {
		e->sp.filter_len = sc_compile(rd->seccomp, prog,
					      ARRAY_SIZE(prog));
		if (!e->sp.filter_len)
			eng_fail("the seccomp profile does not fit in %d "
				 "instructions", BPF_MAXINSNS);
		e->sp.filter = prog;
	}
}

void eng_start(struct engine *e)
{
	struct spawn *sp = &e->sp;
	int err;

	build_filter(e);
	sp->cgview = eng_cgview(e);
	/*
	 * HIND_JOIN=procs forces the oldest path (the parent writes
	 * cgroup.procs while the child waits), so tests can cover it on
	 * kernels that never need it.
	 */
	sp->cgroup_fd = -1;
	if (!getenv("HIND_JOIN") || strcmp(getenv("HIND_JOIN"), "procs")) {
		sp->cgroup_fd = cg_ops()->clone_fd(&e->cg);
		if (sp->cgroup_fd == -ENOSYS)
			sp->self_join = &e->cg;
	}
	err = spawn_start(sp);
	if (err < 0) {
		errno = -err;
		eng_fail_errno("cannot start the container");
	}
	eng_fault("clone");
	if (sp->cgroup_fd >= 0)
		close(sp->cgroup_fd);
	sp->cgroup_fd = -1;
	if (sp->null_fd >= 0)
		close(sp->null_fd);
	sp->null_fd = -1;
	if (sp->into_cgroup) {
		log_info("cgroup", "joined with clone3(CLONE_INTO_CGROUP)");
	} else if (sp->joined) {
		log_info("cgroup", "joined by the child itself (\"0\" to "
			 "'tasks') before it ran anything");
	} else {
		if (cg_ops()->attach(&e->cg, sp->pid) < 0)
			eng_fail("%s", cg_error);
		log_info("cgroup", "joined with a cgroup.procs write while "
			 "the child waited on the sync pipe");
	}
	if (spawn_release(sp) < 0)
		eng_fail_errno("cannot release the container");
}

/*
 * HIND_FAULT=STEP[,STEP...], a test knob like HIND_JOIN: the process
 * stops itself (SIGSTOP) at each step named, so that a test can SIGKILL
 * it there, or count its fds, and then SIGCONT it. The steps: start
 * (nothing done yet), mkdir (the cgroup made and locked), limits
 * (written), clone (pid 1 of the container made, not yet released),
 * wait (the command runs), end (all cleaned up, just before the exit).
 */
void eng_fault(const char *step)
{
	const char *p = getenv("HIND_FAULT");
	size_t len = strlen(step), w;

	for (; p && *p; p += w + (p[w] == ',')) {
		w = strcspn(p, ",");
		if (w == len && !strncmp(p, step, len)) {
			log_error("fault", "HIND_FAULT: pid %d stops at '%s'",
				  (int)getpid(), step);
			raise(SIGSTOP);
			return;
		}
	}
}
