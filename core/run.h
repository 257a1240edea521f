/* SPDX-License-Identifier: MIT */
/*
 * run.h - the pieces of hind-run that live in core/: logging (log.c),
 * namespaces (ns.c), the container's filesystem (mount.c), starting and
 * waiting for the container (spawn.c) and its terminal (pty.c).
 *
 * Included by core/{log,ns,mount,spawn,pty}.c and applets/hind_run.c
 * after hind.h.
 */
#ifndef HIND_RUN_H
#define HIND_RUN_H

#include <termios.h>
#include "desc.h"

/* ---- log.c: "INFO [tag] message" lines on stderr ---------------------- */

enum { LOG_ERROR, LOG_INFO, LOG_DEBUG };
/* LOG_ERROR (-q), LOG_INFO (default) or LOG_DEBUG (-v). */
extern int log_level;
/* One JSON object per line instead of text (--log-json). */
extern bool log_json;

void log_msg(int level, const char *tag, const char *fmt, ...) PRINTF(3, 4);
#define log_info(tag, ...) \
	do { \
		if (log_level >= LOG_INFO) \
			log_msg(LOG_INFO, tag, __VA_ARGS__); \
	} while (0)
#define log_debug(tag, ...) \
	do { \
		if (log_level >= LOG_DEBUG) \
			log_msg(LOG_DEBUG, tag, __VA_ARGS__); \
	} while (0)
/*
 * An error or the verdict, shown even with -q: "hind-run: MSG", or with
 * --log-json {"level":"error","tag":TAG,"msg":MSG}.
 */
void log_error(const char *tag, const char *fmt, ...) PRINTF(2, 3);
/* The cg_log_fn for cg_ops()->apply: "memory.max=X (read back Y)". */
void log_cg_write(const char *file, const char *wrote, const char *back);

/* ---- ns.c: the namespace table ---------------------------------------- */

struct ns_desc {
	const char *name;	/* as in --net host: "net" */
	int flag;		/* CLONE_NEWNET */
};
extern const struct ns_desc ns_table[];
extern const size_t ns_count;
/* The CLONE_NEW* flag for a name ("net", "uts", ...), or 0. */
int ns_flag(const char *name);
/* Bring the loopback interface of the current net namespace up. */
int ns_lo_up(void);

/* ---- mount.c: the container's filesystem (runs in the child) ---------- */

/* runc's default maskedPaths and readonlyPaths (/proc, /sys). */
extern const char *const mnt_default_masked[];
extern const char *const mnt_default_readonly[];

/*
 * Make every mount private, mount a fresh /proc, /sys (read-only) and
 * /dev (minimal) and, with an image, switch into it with pivot_root (the
 * initramfs-safe way when / is the rootfs); then devices, volumes and
 * the read-only and masked paths. Dies through child_die() on failure.
 */
void mnt_setup(const struct mnt_spec *spec);

/* ---- spawn.c: start, release and wait for the container --------------- */

struct spawn {
	/* in */
	int clone_flags;	/* CLONE_NEW* except CLONE_NEWCGROUP */
	bool cgroupns;		/* unshare the cgroup namespace after joining */
	bool use_init;		/* a small init is pid 1 (default) */
	bool keep_stdin;	/* -i */
	bool tty;		/* -t: pid 1 makes a pty in the container */
	int tty_slave;		/* child: the pty slave, else -1 */
	int tty_sock;		/* parent: receives the pty master, or -1 */
	int cgroup_fd;		/* v2: for CLONE_INTO_CGROUP, else -1 */
	/* v1: the child moves itself into this cgroup before anything */
	const struct cg *self_join;
	char **argv;
	char **env;		/* the command's whole environment */
	const char *workdir;
	bool user_set;
	uid_t uid;
	gid_t gid;
	/*
	 * What the container may do, applied after setup: no_new_privs, the
	 * seccomp filter, then the bounding set (pid 1); the command's
	 * user and capabilities (caps_become) just before its execve.
	 */
	uint64_t caps;		/* the command's capabilities */
	bool all_caps;		/* --privileged: capabilities untouched */
	bool no_new_privs;
	const struct sock_filter *filter;	/* NULL: no seccomp */
	size_t filter_len;
	int preserve_fds;	/* fds 3..preserve_fds+2 reach the command */
	/* Said when init cannot fork the command (a pids limit). */
	const char *fork_hint;
	/* The child's setup before the command runs (mounts, hostname). */
	void (*setup)(void *arg);
	void *arg;
	/* out */
	pid_t pid;
	bool into_cgroup;	/* clone3(CLONE_INTO_CGROUP) placed it */
	bool started;		/* spawn_report: init saw the command exec */
	bool joined;		/* it is (or joins itself) in its cgroup:
				 * into_cgroup or self_join */
	int sync_fd;		/* parent: write end that releases the child */
	int err_fd;		/* parent: read end of the error pipe */
	int null_fd;
};

/* Start the container's pid 1, stopped before its setup. 0 or -errno. */
int spawn_start(struct spawn *sp);
/* Let the child go on (it is in its cgroup now). */
int spawn_release(struct spawn *sp);
/*
 * After the child has exited: the exec or setup error it reported, if any.
 * Prints the message and returns 125, 126 or 127; 0 if there was none.
 */
int spawn_report(struct spawn *sp);
/* wait(2) status to exit status: code, or 128+N for signal N. */
int status_map(int wstatus);
/*
 * In the child only: report a setup failure to the parent over the error
 * pipe and _exit(125).
 */
NORETURN void child_die(int err, const char *fmt, ...) PRINTF(2, 3);

/* ---- pty.c: -t ------------------------------------------------------- */

/* A new pty pair; both close-on-exec. 0 or -errno. */
int pty_open(int *master, int *slave);
/* Send fd over a Unix socket (SCM_RIGHTS) with name as the data. */
int pty_send(int sock, int fd, const char *name);
/* Receive such an fd (close-on-exec); the fd or -errno. */
int pty_recv(int sock);
/* Put fd (a terminal) in raw mode; restore on every exit path. */
int tty_raw(int fd);
void tty_restore(void);
/* Copy the window size of from to the pty master to. */
void pty_winsize(int from, int to);

/*
 * Wait for the container: forward signals from sigfd (a signalfd) to pid,
 * relay the pty when master >= 0 (stdin too when relay_in), follow
 * SIGWINCH, and drain the pty once pid has exited. Returns the wait(2)
 * status of pid.
 */
int run_wait(pid_t pid, int sigfd, int master, bool relay_in);

#endif /* HIND_RUN_H */
