/* SPDX-License-Identifier: MIT */
/*
 * desc.h - the run description: everything about one container that a
 * front end decides and the engine carries out. Two front ends fill it:
 * hind-run's options (applets/hind_run.c) and an OCI bundle's config.json
 * (core/oci_config.c, for hind-oci). The engine (core/engine.c, spawn.c,
 * mount.c, devcg.c, sc_compile.c) only reads it. Data flows one way: a
 * front end parses and validates into it before any side effect, and
 * nothing is copied back.
 *
 * Included by run.h.
 */
#ifndef HIND_DESC_H
#define HIND_DESC_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>
#include "cgroup.h"
#include "sec.h"

/* ---- mounts ----------------------------------------------------------- */

/* A -v volume or a --device node (hind-run). */
struct mnt_vol {
	const char *src, *dst;
	bool ro;
};

/*
 * One entry of config.json's "mounts", in order (hind-oci). options are
 * split by the parser: mount(2) flags to set, propagation, and the rest
 * joined with ',' as the data string ("mode=755,size=65536k").
 */
struct mnt_ent {
	const char *dst;	/* absolute, inside the container */
	const char *src;	/* bind: host path; else the fs source */
	const char *type;	/* "proc", "tmpfs", "bind", "cgroup", ... */
	unsigned long flags;	/* MS_RDONLY, MS_NOSUID, ... (not MS_BIND) */
	unsigned long prop;	/* MS_PRIVATE, MS_SLAVE, ... | MS_REC, or 0 */
	const char *data;	/* NULL: none */
	bool bind;		/* "bind" or "rbind" in type or options */
	bool rec;		/* rbind */
};

/* config.json's linux.devices: a node made in the container's /dev. */
struct dev_node {
	const char *path;	/* absolute, under /dev */
	char type;		/* 'c', 'b', 'u' (= 'c') or 'p' (fifo) */
	uint32_t major, minor;
	mode_t mode;		/* permission bits; default 0666 */
	uid_t uid;
	gid_t gid;
};

struct mnt_spec {
	const char *image;	/* rootfs directory, NULL for NOIMG */
	struct mnt_vol *vols;
	int nvols;
	/* --device: host nodes bound at dst under /dev (ro unused) */
	struct mnt_vol *devs;
	int ndevs;
	bool read_only;
	/* NOIMG keeps the host's /dev and /sys (--privileged) */
	bool privileged;
	/*
	 * NULL-terminated lists, applied last: paths bound read-only on
	 * themselves, and paths masked (/dev/null over a file, an empty
	 * read-only tmpfs over a directory). NULL: none. Missing paths are
	 * skipped.
	 */
	const char *const *readonly;
	const char *const *masked;
	bool cgroup_rw;		/* --privileged: the view read-write */
	/*
	 * OCI mode (ents != NULL or oci): the container's filesystem is
	 * exactly config.json's mounts on the image, in order, then its
	 * device nodes, pivot_root, masked and read-only paths, sysctls and
	 * root.readonly. hind-run's own /proc, /sys, /dev are not made.
	 */
	bool oci;
	struct mnt_ent *ents;
	int nents;
	struct dev_node *nodes;
	int nnodes;
	unsigned long root_prop; /* linux.rootfsPropagation; 0: MS_PRIVATE */
	/* linux.sysctl, "net.ipv4.ip_forward" = "1", written after the
	 * switch, before /proc/sys is made read-only */
	const char *const *sysctl_keys;
	const char *const *sysctl_vals;
	int nsysctl;
};

/* ---- the device cgroup (devcg.c) -------------------------------------- */

enum { DEV_READ = 1, DEV_WRITE = 2, DEV_MKNOD = 4 };

/* One linux.resources.devices rule; later rules win, as in runc. */
struct dev_rule {
	bool allow;
	char type;		/* 'a' (all), 'c' or 'b' */
	int64_t major, minor;	/* -1: any (the spec's null or "*") */
	unsigned access;	/* DEV_READ | DEV_WRITE | DEV_MKNOD */
};

/* ---- the OCI seccomp profile (sc_compile.c) --------------------------- */

enum sc_action {
	SC_KILL_THREAD, SC_KILL_PROCESS, SC_TRAP, SC_ERRNO, SC_TRACE,
	SC_LOG, SC_ALLOW,
};
enum sc_op { SC_NE, SC_LT, SC_LE, SC_EQ, SC_GE, SC_GT, SC_MASKED_EQ };

struct sc_cond {
	unsigned index;		/* argument 0..5 */
	enum sc_op op;
	uint64_t value;
	uint64_t value2;	/* SC_MASKED_EQ: (arg & value) == value2 */
};

enum { SC_MAX_COND = 6 };

/*
 * One rule: syscall nr (native x86_64 number, resolved from its name by
 * the parser) gets action when every condition holds (none: always).
 */
struct sc_rule {
	int nr;
	enum sc_action action;
	unsigned ret;		/* SC_ERRNO: errno; SC_TRACE: the data */
	int ncond;
	struct sc_cond cond[SC_MAX_COND];
};

struct sc_profile {
	enum sc_action def_action;
	unsigned def_ret;	/* defaultErrnoRet; EPERM if unset */
	/*
	 * Architectures the profile lists (SCMP_ARCH_X86_64, _X86, _X32):
	 * a bit each (SC_ARCH_*); other architectures get def_action.
	 */
	unsigned arches;
	struct sc_rule *rules;
	int nrules;
};
enum { SC_ARCH_X86_64 = 1, SC_ARCH_X86 = 2, SC_ARCH_X32 = 4 };

/* ---- the process ------------------------------------------------------ */

struct rlim {
	int resource;		/* RLIMIT_NOFILE, ... */
	uint64_t soft, hard;
};

/* A namespace joined instead of made (linux.namespaces[].path). */
struct ns_join {
	int flag;		/* CLONE_NEWNET, ... */
	const char *path;	/* /proc/PID/ns/net, a bind-mounted nsfs */
};

enum { RD_MAX_JOINS = 8 };

/* ---- the run description ---------------------------------------------- */

struct run_desc {
	/*
	 * config.json's semantics (hind-oci): a non-root user keeps the
	 * capabilities it is given, the command is looked up before the
	 * container is reported created, seccomp is loaded last, just
	 * before execve (with no_new_privs).
	 */
	bool oci;
	/*
	 * hind-oci exec: enter a running container (its namespaces in
	 * joins): no namespace is made, nothing is mounted or named.
	 */
	bool enter;

	/* what to run */
	char **argv;
	char **env;		/* the command's whole environment */
	const char *workdir;	/* NULL: stay where pid 1 is */
	bool user_set;
	uid_t uid;
	gid_t gid;
	gid_t *groups;		/* additional gids (OCI), NULL: none */
	int ngroups;
	int umask;		/* -1: leave it */
	struct rlim *rlimits;
	int nrlimits;
	bool oom_score_adj_set;
	int oom_score_adj;
	bool use_init;		/* a small init is pid 1 (hind-run default) */

	/* namespaces */
	int clone_flags;	/* CLONE_NEW* to make, except CLONE_NEWCGROUP */
	bool cgroupns;		/* unshare the cgroup namespace after joining */
	struct ns_join joins[RD_MAX_JOINS];
	int njoins;
	const char *hostname;	/* NULL: leave it (OCI without "hostname") */
	const char *domainname;	/* OCI "domainname", NULL: leave it */
	bool lo_up;		/* bring up lo in a new net namespace */

	/* root and mounts */
	struct mnt_spec mnt;

	/* the cgroup */
	const char *name;	/* leaf name; NULL: hind-PID */
	const char *cgroup_parent; /* below this path of the hierarchy root
				    * (hind-run --cgroup-parent) */
	const char *cgroup_path;   /* OCI linux.cgroupsPath: absolute (from
				    * the hierarchy root) or relative (below
				    * the caller's cgroup); NULL: name below
				    * the caller's cgroup */
	struct cg_limits lim;
	struct dev_rule *dev_rules; /* NULL: no device policy */
	int ndev_rules;

	/* security */
	struct cap_sets caps;	/* hind-run: all five the same set */
	bool all_caps;		/* --privileged: capabilities untouched */
	const char *apparmor;	/* process.apparmorProfile, NULL: none */
	const char *selinux_label; /* process.selinuxLabel, NULL: none */
	bool no_new_privs;
	bool seccomp_default;	/* hind-run's default filter */
	struct sc_profile *seccomp; /* OCI linux.seccomp; NULL: none */
	/* a filter compiled before (exec: the container's own), or NULL */
	const struct sock_filter *seccomp_prog;
	size_t seccomp_prog_len;
	int preserve_fds;	/* fds 3..preserve_fds+2 reach the command */

	/* I/O */
	bool keep_stdin;	/* -i; OCI: always (fds 0-2 untouched) */
	bool tty;		/* a pty made in the container */
	unsigned short cols, rows; /* process.consoleSize, 0: unset */
};

#endif /* HIND_DESC_H */
