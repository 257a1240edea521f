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
/* Where the lines go (default 2; hind-oci --log: its file). */
extern int log_fd;
/* A "time" (RFC 3339) in each line, and logrus's text form (hind-oci). */
extern bool log_time;
/* The time now as log_time writes it. */
void log_now(char *buf, size_t size);

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
void mnt_setup(const struct mnt_spec *spec, const struct cg *view,
	       bool own_cgns);

/* ---- spawn.c: start, release and wait for the container --------------- */

struct spawn {
	/* in */
	const struct run_desc *rd;	/* what to run, and how */
	int tty_slave;		/* child: the pty slave, else -1 */
	/*
	 * -t: parent: receives the pty master, or -1 (spawn_start makes
	 * the socket pair); OCI --console-socket: a socket connected to the
	 * caller's path, which the child sends the master to.
	 */
	int tty_sock;
	bool console;		/* tty_sock is the caller's console socket */
	int cgroup_fd;		/* v2: for CLONE_INTO_CGROUP, else -1 */
	/* v1: the child moves itself into this cgroup before anything */
	const struct cg *self_join;
	/*
	 * The cgroup tree to show at /sys/fs/cgroup, read-only: with a
	 * cgroup namespace the container's own cgroup in every hierarchy
	 * (its root, as /proc/self/cgroup shows), with --cgroupns host every
	 * hierarchy's root. NULL: leave the host's view as it is.
	 */
	const struct cg *cgview;
	/* The compiled seccomp filter (NULL: none), built before the clone
	 * so the child only loads it. */
	const struct sock_filter *filter;
	size_t filter_len;
	int null_fd;		/* stdin source without -i, or -1 */
	/* Said when init cannot fork the command (a pids limit). */
	const char *fork_hint;
	/*
	 * OCI create: the container outlives the caller (no
	 * PR_SET_PDEATHSIG); after its setup, pid 1 checks that the command
	 * can be found, reports 'ready' on the error pipe and blocks opening
	 * exec_fifo (an O_PATH fd on the state directory's fifo) for writing
	 * until 'start' opens it for reading; then it execs.
	 */
	bool detach;
	int exec_fifo;		/* -1: exec at once */
	/* out */
	pid_t pid;
	bool into_cgroup;	/* clone3(CLONE_INTO_CGROUP) placed it */
	bool started;		/* spawn_report: init saw the command exec */
	bool ready;		/* spawn_ready: OCI pid 1 waits on the fifo */
	bool joined;		/* it is (or joins itself) in its cgroup:
				 * into_cgroup or self_join */
	int sync_fd;		/* parent: write end that releases the child */
	int err_fd;		/* parent: read end of the error pipe */
};

/* Start the container's pid 1, stopped before its setup. 0 or -errno. */
int spawn_start(struct spawn *sp);
/* Let the child go on (it is in its cgroup now). */
int spawn_release(struct spawn *sp);
/*
 * OCI create: wait until the child is ready to exec (0) or has failed
 * (then 125-127 as spawn_report, the message printed). eof_ok (exec):
 * the pipe closing (a good execve) is success too.
 */
int spawn_ready(struct spawn *sp, bool eof_ok);
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

/* ---- engine.c: carry out a run description ---------------------------- */

struct engine {
	const struct run_desc *rd;
	/* in, from the front end */
	/* the option or field that needs each controller, for the error
	 * when the kernel lacks it (NULL: "a limit") */
	const char *const *ctrl_hint;
	/*
	 * hind-run: the cgroup is locked and marked while its hind-run
	 * lives, and stale ones next to it are swept. false (hind-oci):
	 * the cgroup outlives the process that made it.
	 */
	bool owned;
	/* out */
	struct cg cg;		/* the container's cgroup */
	bool cg_made;
	bool kept;		/* eng_keep: exit leaves it all in place */
	struct cg view;		/* --cgroupns host: every hierarchy's root */
	struct spawn sp;	/* pid 1 of the container */
};

/* Set up e for rd; cleanup at exit (eng_cleanup) from now on. */
void eng_init(struct engine *e, const struct run_desc *rd);
/* Check the controllers, make the cgroup, write limits and devices. */
void eng_cgroup(struct engine *e);
/* The cgroup tree to show inside (spawn.cgview). */
const struct cg *eng_cgview(struct engine *e);
/* Build the filter, start pid 1 in the cgroup and release it. */
void eng_start(struct engine *e);
/* Kill pid 1 and everything in the cgroup, and remove it. */
void eng_cleanup(struct engine *e);
/* The process exits now leaving the container alive (OCI create). */
void eng_keep(struct engine *e);
/* The default leaf name: the name given, else hind-PID. */
const char *eng_leaf(const struct run_desc *rd);
/* The front end's failure after parsing: one line, exit(die_status). */
NORETURN void eng_fail(const char *fmt, ...) PRINTF(1, 2);
NORETURN void eng_fail_errno(const char *what);
/* HIND_FAULT=STEP,...: stop (SIGSTOP) at STEP, for tests. */
void eng_fault(const char *step);

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
 * Block what run_wait() forwards (SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1,
 * SIGUSR2, SIGWINCH) and SIGCHLD, and return a signalfd of them (or -1):
 * from then on a signal to the caller cannot cut its cleanup short.
 */
int run_sigfd(void);
/*
 * Wait for the container: forward signals from sigfd (a signalfd) to pid,
 * relay the pty when master >= 0 (stdin too when relay_in), follow
 * SIGWINCH, and drain the pty once pid has exited. Returns the wait(2)
 * status of pid.
 */
int run_wait(pid_t pid, int sigfd, int master, bool relay_in);

#endif /* HIND_RUN_H */
