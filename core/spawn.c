// SPDX-License-Identifier: MIT
/*
 * spawn.c - start the container's pid 1, release it once it is in its
 * cgroup, run the small init, exec the command, and report exec errors.
 *
 *   parent                               child (pid 1 of a new pid ns)
 *   spawn_start: clone3(CLONE_INTO_CGROUP) or clone
 *                                        PR_SET_PDEATHSIG, blocks on sync
 *   (v2 without clone3: attach it)
 *   spawn_release: one byte on sync  ->  setsid, close every fd but
 *                                        the error pipe and stdio sources
 *                                        (v1: writes "0" to its cgroups'
 *                                        'tasks' files: joins itself)
 *                                        unshare(CLONE_NEWCGROUP), setup
 *                                        no_new_privs, seccomp, bounding
 *                                        init: fork the command (pid 2),
 *                                        keep only CAP_KILL, reap,
 *                                        forward signals
 *                                        or --no-init: exec as pid 1
 *                                        the command: user, capabilities
 *                                        (caps_become), execve
 *   wait, then spawn_report: reads the error pipe
 *
 * Kernel rules this file relies on:
 * - clone3 with CLONE_INTO_CGROUP (5.7+) creates the child inside the
 *   cgroup, so it never runs outside it. Older kernels answer ENOSYS (no
 *   clone3) or E2BIG (a struct clone_args larger than they know); EINVAL
 *   or EOPNOTSUPP mean the cgroup cannot take it. Then the child waits on
 *   the sync pipe until the parent has written cgroup.procs.
 * - On v1 the child joins its cgroups itself, writing "0" to each
 *   hierarchy's 'tasks' file before it does anything else: the kernel
 *   moves the calling thread without taking the global threadgroup rwsem,
 *   whose write side (taken for any cgroup.procs write) waits for an RCU
 *   grace period, about 5 ms per hierarchy on an idle machine.
 * - A raw clone without CLONE_VM and with a NULL stack returns twice like
 *   fork(2). No libc lock or thread state is used in the child before it
 *   execs or _exits, except malloc through setenv (one thread, so safe).
 * - The pid 1 of a namespace gets a signal from outside only if it has a
 *   handler or the signal is blocked, so init blocks what it forwards and
 *   takes it with sigwaitinfo.
 * - When pid 1 exits, the kernel kills every other process in its pid
 *   namespace, and waitpid on pid 1 returns only after they are gone.
 * - pid 1 is a fork of hind-run, so it starts with every fd hind-run has
 *   (the signalfd, the cgroup directory fd, the pty master, the caller's
 *   inherited fds, close-on-exec or not): it closes them all at once, and
 *   leaves the caller's session (setsid), so no contained process has a
 *   controlling terminal it could push input into with TIOCSTI.
 * - The error pipe is close-on-exec: a successful exec closes it, a failed
 *   one writes errno first, so the parent tells "exec failed with ENOENT"
 *   (127) from "the command exited 127".
 */
#include <poll.h>
#include <sys/socket.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <grp.h>
#include <linux/sched.h>
#include "hind.h"
#include "run.h"

#ifndef CLONE_INTO_CGROUP
#define CLONE_INTO_CGROUP 0x200000000ULL
#endif
#ifndef SYS_close_range
#define SYS_close_range 436
#endif

extern char **environ;

/* One record on the error pipe, written with one write(2). */
struct child_err {
	char kind;		/* 'E' exec failed, 'S' setup failed */
	int err;		/* errno, or 0 */
	char msg[240];
};

static int child_err_fd = -1;
static int child_tty_sock = -1;

int status_map(int wstatus)
{
	if (WIFEXITED(wstatus))
		return WEXITSTATUS(wstatus);
	if (WIFSIGNALED(wstatus))
		return 128 + WTERMSIG(wstatus);
	return 125;
}

static void send_err(char kind, int err, const char *msg)
{
	struct child_err ce;

	memset(&ce, 0, sizeof(ce));
	ce.kind = kind;
	ce.err = err;
	snprintf(ce.msg, sizeof(ce.msg), "%s", msg);
	if (child_err_fd >= 0)
		(void)write_all(child_err_fd, &ce, sizeof(ce));
}

void child_die(int err, const char *fmt, ...)
{
	char msg[240];
	va_list ap;

	va_start(ap, fmt);
	xvsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	send_err('S', err < 0 ? -err : err, msg);
	_exit(125);
}

/* Close every fd from lo up, except the sorted keep[0..n-1]. */
static void close_from(int lo, const int *keep, int n)
{
	int i, fd, max;

	for (i = 0; i <= n; i++) {
		int hi = i < n ? keep[i] - 1 : INT_MAX;

		if (hi >= lo && syscall(SYS_close_range, (unsigned)lo,
					(unsigned)hi, 0U) < 0) {
			/* Before 5.9: one close(2) per possible fd. */
			max = (int)sysconf(_SC_OPEN_MAX);
			for (fd = lo; fd <= hi && fd < max; fd++)
				close(fd);
		}
		if (i < n && keep[i] + 1 > lo)
			lo = keep[i] + 1;
	}
}

/*
 * pid 1 holds nothing of hind-run's or the caller's: only 0-2, the
 * --preserve-fds, the error pipe and the command's stdio sources.
 */
static void close_host_fds(const struct spawn *sp)
{
	int keep[3], n = 0, i, j, t;

	keep[n++] = child_err_fd;
	if (child_tty_sock > 2)
		keep[n++] = child_tty_sock;
	if (sp->null_fd > 2)
		keep[n++] = sp->null_fd;
	for (i = 1; i < n; i++)		/* sorted: three at most */
		for (j = i; j > 0 && keep[j - 1] > keep[j]; j--) {
			t = keep[j];
			keep[j] = keep[j - 1];
			keep[j - 1] = t;
		}
	close_from(3 + sp->preserve_fds, keep, n);
}

/*
 * -t: a pty of the container's own devpts (its /dev/ptmx, after the
 * setup), the master sent to hind-run, the slave kept for the command.
 */
static void open_tty(struct spawn *sp)
{
	char name[32];
	int m, s, n, err;

	err = pty_open(&m, &s);
	if (err < 0)
		child_die(err, "cannot open a pty in the container");
	if (ioctl(m, TIOCGPTN, &n) < 0)
		n = -1;
	snprintf(name, sizeof(name), "/dev/pts/%d", n);
	err = pty_send(child_tty_sock, m, name);
	if (err < 0)
		child_die(err, "cannot pass the pty to hind-run");
	close(m);
	close(child_tty_sock);
	child_tty_sock = -1;
	sp->tty_slave = s;
}

/*
 * After the setup, before the command: no_new_privs, then the seccomp
 * filter (the kernel wants no_new_privs first, or CAP_SYS_ADMIN), then
 * the bounding set (while pid 1 still has CAP_SETPCAP). Everything pid 1
 * starts inherits all three.
 */
static void enter_policy(const struct spawn *sp)
{
	int err;

	if (sp->no_new_privs && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		child_die(-errno, "cannot set no_new_privs");
	if (sp->filter &&
	    (err = seccomp_load(sp->filter, sp->filter_len)) < 0)
		child_die(err, "cannot load the seccomp filter");
	if (!sp->all_caps && (err = caps_bound(sp->caps)) < 0)
		child_die(err, "cannot drop capabilities from the bounding set");
}

/* The command's process: stdio, user, environment, then exec. */
static NORETURN void exec_command(struct spawn *sp)
{
	const char *step = "";
	sigset_t none;
	int i, err;

	if (sp->tty_slave >= 0) {
		/* Its own session (with --no-init pid 1 has one already). */
		if ((getsid(0) != getpid() && setsid() < 0) ||
		    ioctl(sp->tty_slave, TIOCSCTTY, 0) < 0)
			child_die(-errno, "cannot make the pty the terminal");
		for (i = 0; i < 3; i++)
			if (dup2(sp->tty_slave, i) < 0)
				child_die(-errno, "dup2");
		if (sp->tty_slave > 2)
			close(sp->tty_slave);
	}
	if (!sp->keep_stdin && sp->tty_slave < 0 && sp->null_fd >= 0 &&
	    dup2(sp->null_fd, 0) < 0)
		child_die(-errno, "dup2");
	if (sp->null_fd > 2)
		close(sp->null_fd);
	for (i = 3; i < 3 + sp->preserve_fds; i++)
		if (fcntl(i, F_SETFD, 0) < 0)
			child_die(-errno, "cannot pass fd %d", i);
	if (sp->workdir && chdir(sp->workdir) < 0)
		child_die(-errno, "cannot change to '%s'", sp->workdir);
	err = caps_become(sp->all_caps ? CAPS_ALL : sp->caps, sp->user_set,
			  sp->uid, sp->gid, &step);
	if (err < 0)
		child_die(err, "cannot become %u:%u (%s)", (unsigned)sp->uid,
			  (unsigned)sp->gid, step);
	for (i = 1; i < NSIG; i++)
		if (i != SIGKILL && i != SIGSTOP)
			signal(i, SIG_DFL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	/*
	 * The container's environment, also for execvp's PATH search. In
	 * init's vfork child this writes init's memory: init never reads
	 * its environment again.
	 */
	environ = sp->env;
	execvp(sp->argv[0], sp->argv);
	err = errno;
	send_err('E', err, sp->argv[0]);
	_exit(err == ENOENT || err == ENOTDIR ? 127 : 126);
}

/*
 * pid 1: start the command, forward every signal it gets to it, reap
 * everything, and exit with the command's status once it is gone.
 */
static NORETURN void run_init(struct spawn *sp)
{
	sigset_t all;
	siginfo_t si;
	pid_t cmd;
	int sig, st, err, fd;

	prctl(PR_SET_NAME, "hind-init");
	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, NULL);
	/*
	 * vfork: the command's process borrows init's memory until it execs,
	 * so no page tables are copied and nothing is charged twice to the
	 * container's memory limit. Until exec it only calls async-signal-safe
	 * functions and raw system calls.
	 */
	cmd = vfork();
	if (cmd < 0)
		child_die(-errno, "fork");
	if (!cmd)
		exec_command(sp);
	/* Only the command must hold these; init must not pin them. */
	if (sp->tty_slave >= 0)
		close(sp->tty_slave);
	if (sp->null_fd >= 0)
		close(sp->null_fd);
	for (fd = 3; fd < 3 + sp->preserve_fds; fd++)
		close(fd);
	/*
	 * init keeps only what it needs to forward signals to a command of
	 * another user: CAP_KILL (in every other set: none).
	 */
	if (!sp->all_caps &&
	    (err = caps_become(CAPS_BIT(CAP_KILL), false, 0, 0, NULL)) < 0)
		child_die(err, "cannot drop init's capabilities");
	close(child_err_fd);
	if (chdir("/") < 0)
		_exit(125);
	for (;;) {
		sig = sigwaitinfo(&all, &si);
		if (sig < 0)
			continue;
		if (sig != SIGCHLD) {
			kill(cmd, sig);
			continue;
		}
		for (;;) {
			pid_t p = waitpid(-1, &st, WNOHANG);

			if (p <= 0)
				break;
			if (p == cmd)
				_exit(status_map(st));
		}
	}
}

static NORETURN void child_main(struct spawn *sp, int sync_rd)
{
	char go;
	ssize_t n;

	/* The container dies with hind-run; if hind-run is gone already,
	 * the sync pipe reads EOF below. */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	do
		n = read(sync_rd, &go, 1);
	while (n < 0 && errno == EINTR);
	if (n != 1)
		_exit(125);
	close(sync_rd);
	if (setsid() < 0)
		child_die(-errno, "cannot start a new session");
	close_host_fds(sp);
	if (sp->self_join && cg_ops()->attach(sp->self_join, 0) < 0)
		child_die(0, "%s", cg_error);
	if (sp->cgroupns && unshare(CLONE_NEWCGROUP) < 0)
		child_die(-errno, "cannot unshare the cgroup namespace");
	if (sp->setup)
		sp->setup(sp->arg);
	if (sp->tty)
		open_tty(sp);
	enter_policy(sp);
	if (sp->use_init)
		run_init(sp);
	exec_command(sp);
}

static long clone3_into(struct spawn *sp)
{
	struct clone_args args;

	memset(&args, 0, sizeof(args));
	args.flags = (uint64_t)(unsigned)sp->clone_flags | CLONE_INTO_CGROUP;
	args.exit_signal = SIGCHLD;
	args.cgroup = (uint64_t)sp->cgroup_fd;
	return syscall(SYS_clone3, &args, sizeof(args));
}

int spawn_start(struct spawn *sp)
{
	int sync[2], errp[2], ts[2] = { -1, -1 };
	long pid = -1;

	if (pipe2(sync, O_CLOEXEC) < 0)
		return -errno;
	if (pipe2(errp, O_CLOEXEC) < 0 ||
	    (sp->tty && socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0,
				   ts) < 0)) {
		int err = -errno;

		close(sync[0]);
		close(sync[1]);
		if (sp->tty) {
			close(errp[0]);
			close(errp[1]);
		}
		return err;
	}
	sp->tty_slave = -1;
	sp->into_cgroup = false;
	if (sp->cgroup_fd >= 0) {
		pid = clone3_into(sp);
		if (pid < 0 && errno != ENOSYS && errno != E2BIG &&
		    errno != EINVAL && errno != EOPNOTSUPP && errno != EPERM)
			goto fail;
		if (pid < 0)
			log_info("cgroup", "clone3(CLONE_INTO_CGROUP) failed "
				  "(%s): falling back to the sync pipe",
				  strerror(errno));
		else
			sp->into_cgroup = true;
	}
	sp->joined = sp->into_cgroup || sp->self_join;
	if (pid < 0)
		pid = syscall(SYS_clone, (unsigned long)sp->clone_flags |
			      SIGCHLD, NULL, NULL, NULL, 0UL);
	if (pid < 0)
		goto fail;
	if (pid == 0) {
		close(sync[1]);
		close(errp[0]);
		/*
		 * The cgroup's directory fd: pid 1 never execs, so
		 * O_CLOEXEC alone would leave it open in hind-init, a way
		 * out of the cgroup view (/proc/1/fd/N/.. is the host's
		 * tree).
		 */
		if (sp->cgroup_fd >= 0)
			close(sp->cgroup_fd);
		child_err_fd = errp[1];
		if (sp->tty) {
			close(ts[0]);
			child_tty_sock = ts[1];
		}
		child_main(sp, sync[0]);
	}
	close(sync[0]);
	close(errp[1]);
	if (sp->tty)
		close(ts[1]);
	sp->tty_sock = ts[0];
	sp->pid = (pid_t)pid;
	sp->sync_fd = sync[1];
	sp->err_fd = errp[0];
	return 0;
fail:
	pid = -errno;
	close(sync[0]);
	close(sync[1]);
	close(errp[0]);
	close(errp[1]);
	if (sp->tty) {
		close(ts[0]);
		close(ts[1]);
	}
	return (int)pid;
}

int spawn_release(struct spawn *sp)
{
	int err = write_all(sp->sync_fd, "g", 1);

	close(sp->sync_fd);
	sp->sync_fd = -1;
	return err;
}

int spawn_report(struct spawn *sp)
{
	struct child_err ce;
	struct pollfd p = { .fd = sp->err_fd, .events = POLLIN };
	ssize_t n;

	if (sp->err_fd < 0 || poll(&p, 1, 0) <= 0)
		return 0;
	n = read(sp->err_fd, &ce, sizeof(ce));
	if (n != (ssize_t)sizeof(ce))
		return 0;
	ce.msg[sizeof(ce.msg) - 1] = '\0';
	if (ce.kind == 'E') {
		log_error("exec", "cannot execute '%s': %s", ce.msg,
			  strerror(ce.err));
		return ce.err == ENOENT || ce.err == ENOTDIR ? 127 : 126;
	}
	log_error("setup", "container setup: %s%s%s", ce.msg,
		  ce.err ? ": " : "", ce.err ? strerror(ce.err) : "");
	return 125;
}
