/* SPDX-License-Identifier: MIT */
/*
 * cgroup.h - the one interface to cgroup v1 and v2.
 *
 * core/cgroup_v1.c and core/cgroup_v2.c each provide a struct cg_ops;
 * core/cgroup.c picks one (from Kconfig, or by statfs(2) in an "auto"
 * build) and every caller goes through cg_ops(). No other file knows
 * which version runs.
 *
 * A struct cg names one cgroup: its directory in each hierarchy, one entry
 * per hierarchy. v2 has one, holding every controller. v1 has one per
 * hierarchy mounted (found through /proc/self/cgroup and
 * /proc/self/mountinfo): co-mounted controllers (cpu,cpuacct) share an
 * entry, and hierarchies hind sets no limit in (freezer, devices, a named
 * one such as name=systemd) have theirs too. Walk them with
 * cg_for_each(); cg_hier_of() finds a controller's. No two entries name
 * the same hierarchy, so no caller needs to dedupe.
 *
 * Functions return 0 or -errno. On failure they leave a sentence in
 * cg_error (e.g. "cannot write '16777216' to '/sys/fs/cgroup/x/memory.max':
 * Invalid argument") that the caller can print as it is.
 */
#ifndef HIND_CGROUP_H
#define HIND_CGROUP_H

struct dev_rule;
struct bpf_insn;

enum cg_ctrl { CG_CPU, CG_CPUACCT, CG_CPUSET, CG_MEMORY, CG_PIDS, CG_NCTRL };
#define CG_BIT(c) (1u << (c))
#define CG_ALL ((1u << CG_NCTRL) - 1)

/* "cpu", "cpuacct", "cpuset", "memory", "pids" */
extern const char *const cg_ctrl_name[CG_NCTRL];

/* The last failure's sentence, for the caller to print. */
extern char cg_error[512];

/* One hierarchy of a struct cg, and the cgroup's directory in it. */
struct cg_hier {
	/*
	 * Where the hierarchy is mounted ("/sys/fs/cgroup/cpu,cpuacct"; v2:
	 * HIND_CGROUP_ROOT) and its controllers as /proc/PID/cgroup names
	 * them ("cpu,cpuacct", "freezer", "name=systemd"; v2: ""). Both are
	 * owned by the backend and live as long as the process.
	 */
	const char *mnt;
	const char *name;
	unsigned ctrls;		/* the enum cg_ctrl ones in it (v2: CG_ALL) */
	char *dir;		/* the cgroup's absolute path */
	char *rel;		/* the same below the hierarchy root ("/") */
	/*
	 * How many path levels create() made here, the leaf included:
	 * destroy() removes exactly those, and kill() refuses a cgroup it
	 * did not make (a kill loop aimed at the wrong cgroup would kill
	 * the caller's own session).
	 */
	unsigned char made;
	/*
	 * An fd of dir holding a shared flock(2) from the moment create()
	 * made it until destroy() removed it (-1: none): the sign that its
	 * hind-run lives, whatever pid namespace it runs in (cg_sweep).
	 */
	int lock;
};

/* Linux has 14 v1 controllers; named hierarchies add to them. */
enum { CG_MAXHIER = 32 };

struct cg {
	int n;				/* entries in h */
	struct cg_hier h[CG_MAXHIER];	/* in /proc/self/cgroup order */
};

/* for each hierarchy hp (a struct cg_hier pointer) of cg */
#define cg_for_each(hp, cg) \
	for ((hp) = (cg)->h; (hp) < (cg)->h + (cg)->n; (hp)++)

/* The hierarchy of cg that holds controller c, or NULL. */
const struct cg_hier *cg_hier_of(const struct cg *cg, enum cg_ctrl c);

/* Which limits a struct cg_limits carries. */
enum {
	CGL_MEMORY = 1u << 0,	/* mem_max */
	CGL_SWAP = 1u << 1,	/* swap_max */
	CGL_CPU = 1u << 2,	/* cpu_quota (HIND_MAX: none), cpu_period */
	CGL_WEIGHT = 1u << 3,	/* cpu_weight */
	CGL_CPUS = 1u << 4,	/* cpus */
	CGL_MEMS = 1u << 5,	/* mems */
	CGL_PIDS = 1u << 6,	/* pids_max */
	CGL_MEMLOW = 1u << 7,	/* mem_low (OCI memory.reservation) */
	CGL_SHARES = 1u << 8,	/* cpu_shares (OCI cpu.shares) */
};

struct cg_limits {
	unsigned set;		/* CGL_* */
	uint64_t mem_max;	/* bytes of memory, HIND_MAX: none */
	uint64_t swap_max;	/* bytes of swap on top of mem_max */
	uint64_t cpu_quota;	/* us per period, HIND_MAX: none */
	uint64_t cpu_period;	/* us */
	uint64_t cpu_weight;	/* 1..10000, as v2 cpu.weight; v1 gets
				 * cpu.shares = weight * 1024 / 100 */
	const char *cpus;	/* cpuset list */
	const char *mems;	/* memory node list */
	uint64_t pids_max;	/* HIND_MAX: none */
	uint64_t mem_low;	/* v2 memory.low, v1 memory.soft_limit_in_bytes */
	uint64_t cpu_shares;	/* v1 cpu.shares as given; v2 cpu.weight from
				 * it by runc's formula */
};

/* Which fields of a struct cg_stats were read. */
enum {
	CGS_CPU_USAGE = 1u << 0,	/* cpu_usage_us */
	CGS_CPU_THROTTLE = 1u << 1,	/* nr_periods, nr_throttled,
					 * throttled_us */
	CGS_CPU_MAX = 1u << 2,		/* cpu_quota, cpu_period */
	CGS_MEM = 1u << 3,		/* mem_current, mem_max */
	CGS_MEM_PEAK = 1u << 4,		/* mem_peak */
	CGS_SWAP = 1u << 5,		/* swap_current, swap_max */
	CGS_MEM_EVENTS = 1u << 6,	/* mem_events_max (limit hits) */
	CGS_OOM_KILL = 1u << 7,		/* oom_kill */
	CGS_PIDS = 1u << 8,		/* pids_current, pids_max */
	CGS_CPUSET = 1u << 9,		/* cpus (effective) */
};

struct cg_stats {
	unsigned have;			/* CGS_* */
	uint64_t cpu_usage_us;
	uint64_t nr_periods, nr_throttled, throttled_us;
	uint64_t cpu_quota, cpu_period;	/* quota HIND_MAX: none */
	uint64_t mem_current, mem_max, mem_peak;
	uint64_t swap_current, swap_max; /* v1: memsw minus memory */
	uint64_t mem_events_max;	/* v2 memory.events max; v1 failcnt */
	uint64_t oom_kill;
	uint64_t pids_current, pids_max;
	char cpus[64];
};

/* Called for every value written: file, value written, value read back. */
typedef void (*cg_log_fn)(const char *file, const char *wrote,
			  const char *read_back);

struct cg_ops {
	const char *name; /* "v1" or "v2" */
	/*
	 * Is the mounted hierarchy the one this backend drives? 0, or
	 * -ENOENT with a sentence in cg_error.
	 */
	int (*check)(void);
	/* Controllers the running kernel offers (CG_BIT mask). */
	unsigned (*available)(void);
	/*
	 * The cgroup of process pid (0: this process) in every hierarchy
	 * it is in and that is mounted where its cgroup shows, from
	 * /proc/PID/cgroup (and, v1, /proc/self/mountinfo).
	 */
	int (*of_pid)(pid_t pid, struct cg *cg);
	/*
	 * The cgroup at path rel ("/" is the root) in every mounted
	 * hierarchy (at("/"): the list of hierarchies); the directories
	 * need not exist. 0 or -errno.
	 */
	int (*at)(const char *rel, struct cg *cg);
	/*
	 * Make cgroup 'name' (may contain '/': missing ancestors are made
	 * too) below parent. v2 enables the controllers in ctrls in each
	 * ancestor's subtree_control. v1 makes it in every hierarchy of
	 * parent, whatever ctrls says (as runc does: no hierarchy then
	 * shows the container the caller's cgroup, or the root with its
	 * release_agent), copying cpuset.cpus/mems from the parent. On
	 * failure nothing is left behind.
	 */
	int (*create)(const struct cg *parent, const char *name, unsigned ctrls,
		      struct cg *out);
	/* Write the limits, reading each back through log (may be NULL). */
	int (*apply)(const struct cg *cg, const struct cg_limits *l,
		     cg_log_fn log);
	/*
	 * Move pid into cg in every hierarchy of cg (cgroup.procs). pid 0
	 * moves the calling thread: v1 writes "0" to 'tasks', which the
	 * kernel does without the global threadgroup rwsem (and so without
	 * the RCU grace period a cgroup.procs write waits for); for a
	 * single-threaded caller that moves the whole process.
	 */
	int (*attach)(const struct cg *cg, pid_t pid);
	/* v2: an O_DIRECTORY fd for clone3(CLONE_INTO_CGROUP); v1: -ENOSYS. */
	int (*clone_fd)(const struct cg *cg);
	/* Read usage, limits and event counters; fills st->have. */
	int (*stats)(const struct cg *cg, struct cg_stats *st);
	/* SIGKILL every process in cg (and below) and wait until empty. */
	int (*kill)(const struct cg *cg);
	/* rmdir what create made, leaf first, retrying EBUSY (bounded). */
	int (*destroy)(struct cg *cg);
	/*
	 * Enforce the n device rules r (desc.h; devcg.c has their meaning)
	 * on cg, a cgroup create() made and no process has joined yet. v1
	 * writes devices.deny/allow in the devices hierarchy, v2 attaches
	 * an eBPF program. 0, or -errno with cg_error.
	 */
	int (*devices)(const struct cg *cg, const struct dev_rule *r, int n);
};

/* The backend for this build and host (picked once, in cgroup.c). */
const struct cg_ops *cg_ops(void);
extern const struct cg_ops cg_v1_ops, cg_v2_ops;

/*
 * This process's own cgroup, which must have controller c: for the load
 * applets. Dies with "cannot read own cgroup: WHY" otherwise.
 */
void xcg_self(enum cg_ctrl c, struct cg *cg);
/* Free the strings of cg (not cg itself). */
void cg_free(struct cg *cg);
/*
 * Helpers the two backends share (cgroup.c).
 * cg_proc_path: the path of pid's (0: self) v2 cgroup, the "0::" line of
 * /proc/PID/cgroup.
 * cg_mkdirs: mkdir each missing level of rel below base (hook(dir) after
 * each one made); the last one, the leaf, must be new: it is locked
 * (LOCK_SH, the fd in *lock) and marked (the CG_MARK xattr, this pid) before
 * its hook runs. Returns how many levels it made, or -1 with cg_error and
 * nothing left.
 * cg_kill_tree: SIGKILL every process in dir and its descendants until a
 * pass finds none (bounded, about 5 s).
 * cg_rmdir_tree: rmdir dir's descendants, deepest first, then dir and
 * levels - 1 of its ancestors, retrying EBUSY (bounded, about 5 s each);
 * an ancestor that holds other cgroups is left quietly.
 * Both walk the tree without recursion: memory, stack and fds are bounded
 * whatever its depth or width.
 */
int cg_proc_path(pid_t pid, char *buf, size_t size);
/* /proc/PID/cgroup (pid 0: self) into buf; its length, or cg_fail()'s. */
ssize_t cg_read_proc(pid_t pid, char *buf, size_t size);
/*
 * cg_walk: visit the tree of directories below dir depth first, without
 * recursion: pre(fd) on dir and on each descendant when it is entered,
 * post(parent_fd, name) on each descendant once its own subtree is done
 * (so leaf first). At most three directories are open at once and the
 * state is a few KiB, whatever the depth or width. A directory that
 * vanishes is skipped. Returns the first error of pre or post (the walk
 * goes on past it), or -errno if dir cannot be read (0 if it is gone).
 */
int cg_walk(const char *dir, int (*pre)(int fd, void *arg),
	    int (*post)(int pfd, const char *name, void *arg), void *arg);
int cg_mkdirs(const char *base, const char *rel, int (*hook)(const char *),
	      int *lock);
/*
 * hind-oci: the cgroups made are neither locked nor marked (the process
 * that makes one exits while the container lives on; 'delete' removes
 * it), so no hind-run's sweep takes them for a dead hind-run's.
 */
extern bool cg_unowned;
int cg_kill_tree(const char *dir);
int cg_rmdir_tree(const char *dir, unsigned levels);
/* Milliseconds cg_rmdir_tree has waited on EBUSY so far, for -v. */
extern unsigned long cg_busy_ms;

/*
 * The mark of a cgroup hind-run made: an xattr whose value is the pid of
 * that hind-run (diagnostics only). trusted.*: only CAP_SYS_ADMIN can set
 * or remove it, which hind-run has; cgroupfs (kernfs) keeps trusted
 * xattrs in v1 and v2.
 */
#define CG_MARK "trusted.hind"
/*
 * Remove what hind-runs that are gone left right below each directory of
 * where (every hierarchy): a hind cgroup (marked with CG_MARK, or named
 * hind-DIGITS, the default name) that nobody holds locked (so
 * LOCK_EX|LOCK_NB works) and that holds no process, with its empty child
 * cgroups, leaf first, without waiting on EBUSY. Nothing alive is touched:
 * a live hind-run holds its lock, and rmdir fails on a cgroup with
 * processes. report(dir, owner) for each one removed, owner being the
 * mark's pid or the name's.
 */
void cg_sweep(const struct cg *where,
	      void (*report)(const char *dir, const char *owner));
/* Read a cgroup file with the trailing newline removed; 0 or -errno. */
int cg_read_str(const char *dir, const char *file, char *buf, size_t size);
/*
 * Write value to dir/file and read it back into back (may be NULL);
 * sets cg_error on failure.
 */
int cg_write_back(const char *dir, const char *file, const char *value,
		  cg_log_fn log);

/*
 * Parsers of the kernel's text, in place (cgroup.c).
 * cg_proc_line: the next "ID:CONTROLLERS:PATH" line of a /proc/PID/cgroup
 * text at *pos; 1 and its fields, or 0 at the end (malformed lines are
 * skipped). cg_mountinfo_line: the fields of one /proc/PID/mountinfo line
 * (root and mount point with their octal escapes decoded); 0 or -EINVAL.
 * cg_opts_have: every comma-separated word of names is one of opts (a v1
 * mount's super options have its controllers: "rw,cpu,cpuacct").
 * cg_each_mount: fn for each cgroup and cgroup2 mount in a mountinfo
 * file (/proc/self/mountinfo: this mount namespace), in its order (a
 * mount on top of another comes after it); 0 or -errno with cg_error.
 */
struct cg_mountinfo {
	char *root;	/* the mount's root within its filesystem */
	char *mnt;	/* the mount point */
	char *fstype;	/* "cgroup", "cgroup2", ... */
	char *opts;	/* the super options: "rw,memory" */
};
int cg_proc_line(char **pos, char **id, char **ctrls, char **path);
int cg_mountinfo_line(char *line, struct cg_mountinfo *mi);
bool cg_opts_have(const char *opts, const char *names);
int cg_each_mount(const char *file,
		  void (*fn)(const struct cg_mountinfo *mi, void *arg),
		  void *arg);

/*
 * The device cgroup policy (devcg.c), for the backends' devices().
 * devcg_each: check the rules, then fn(d, arg) for what they come to:
 * first the default (type 'a', "*:*", every access; allow or deny), then
 * each exception to it (the other verdict; one per type, major and minor,
 * in order of first appearance). The v1 writes, in order. 0, -EINVAL with
 * cg_error for rules cgroup v1 cannot enforce, or fn's first error.
 * devcg_v1_line: the v1 form of one rule, "c 1:3 rwm", "a *:* rwm".
 * devcg_prog: the v2 program (BPF_PROG_TYPE_CGROUP_DEVICE) for the rules:
 * its length in instructions, put in insn only if it fits in max (insn
 * may be NULL to ask the length); 0 with cg_error if the rules are bad
 * or too many (a jump would reach beyond INT16_MAX instructions).
 * devcg_attach_v2: load the program and attach it to the cgroup of dirfd
 * (BPF_CGROUP_DEVICE, BPF_F_ALLOW_MULTI); it stays there when the fds are
 * closed. 0 or -errno with cg_error.
 */
int devcg_each(const struct dev_rule *r, int n,
	       int (*fn)(const struct dev_rule *d, void *arg), void *arg);
void devcg_v1_line(const struct dev_rule *d, char *buf, size_t size);
size_t devcg_prog(const struct dev_rule *r, int n, struct bpf_insn *insn,
		  size_t max);
int devcg_attach_v2(int dirfd, const struct bpf_insn *insn, size_t len);

/* check(): set cg_error (no strerror) and return -ENOENT. */
int cg_check_fail(const char *fmt, ...) PRINTF(1, 2);
/* Set cg_error from a format, appending ": strerror(-err)" if err < 0. */
int cg_fail(int err, const char *fmt, ...) PRINTF(2, 3);

#endif /* HIND_CGROUP_H */
