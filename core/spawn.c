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
 *   (the signalfd, the cgroup directory fds: clone3's and the locks on
 *   the container's cgroups, the pty master, the caller's
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
#include <sys/resource.h>
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
	char kind;		/* 'E' exec failed, 'S' setup failed, 'X' init
				 * saw the command's exec */
	int err;		/* errno, or 0 */
	char msg[240];
};

static int child_err_fd = -1;

/*
 * OCI with no_new_privs: the filter goes on last, just before execve, so
 * a profile need not allow what the setup after it does (runc's order).
 * Otherwise it must go on while pid 1 still has CAP_SYS_ADMIN.
 */
static bool seccomp_last(const struct run_desc *rd)
{
	return rd->oci && rd->no_new_privs;
}
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
	int keep[4], n = 0, i, j, t;

	keep[n++] = child_err_fd;
	if (child_tty_sock > 2)
		keep[n++] = child_tty_sock;
	if (sp->null_fd > 2)
		keep[n++] = sp->null_fd;
	if (sp->exec_fifo > 2)
		keep[n++] = sp->exec_fifo;
	for (i = 1; i < n; i++)		/* sorted: four at most */
		for (j = i; j > 0 && keep[j - 1] > keep[j]; j--) {
			t = keep[j];
			keep[j] = keep[j - 1];
			keep[j - 1] = t;
		}
	close_from(3 + sp->rd->preserve_fds, keep, n);
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
	if (sp->rd->cols && sp->rd->rows) {
		struct winsize ws = { .ws_row = sp->rd->rows,
				      .ws_col = sp->rd->cols };

		(void)ioctl(m, TIOCSWINSZ, &ws);
	}
	if (ioctl(m, TIOCGPTN, &n) < 0)
		n = -1;
	snprintf(name, sizeof(name), "/dev/pts/%d", n);
	err = pty_send(child_tty_sock, m, name);
	if (err < 0)
		child_die(err, "cannot pass the pty to %s",
			  sp->console ? "the console socket" : "hind-run");
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
	const struct run_desc *rd = sp->rd;
	int err;

	if (rd->no_new_privs && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		child_die(-errno, "cannot set no_new_privs");
	if (sp->filter && !seccomp_last(rd) &&
	    (err = seccomp_load(sp->filter, sp->filter_len)) < 0)
		child_die(err, "cannot load the seccomp filter");
	if (!rd->all_caps && (err = caps_bound(rd->caps.bounding)) < 0)
		child_die(err, "cannot drop capabilities from the bounding set");
}

/*
 * OCI: config.json's env, with HOME added when it has none, as runc and
 * crun do: the user's home in the container's /etc/passwd, else "/".
 */
static char **oci_env(const struct run_desc *rd)
{
	char buf[8192], *line, *next, *home = NULL, **env;
	int n;

	for (n = 0; rd->env && rd->env[n]; n++)
		if (!strncmp(rd->env[n], "HOME=", 5))
			return rd->env;
	if (read_file("/etc/passwd", buf, sizeof(buf)) < 0)
		buf[0] = '\0';
	/* name:password:uid:gid:gecos:home:shell */
	for (line = buf; *line && !home; line = next) {
		char *f[6];
		const char *end;
		uint64_t uid;
		int i;

		next = line + strcspn(line, "\n");
		if (*next)
			*next++ = '\0';
		for (i = 0; i < 6 && line; i++) {
			f[i] = line;
			line = strchr(line, ':');
			if (line)
				*line++ = '\0';
		}
		if (i == 6 && line && !parse_dec(f[2], &end, &uid) && !*end &&
		    uid == rd->uid)
			home = f[5];
	}
	env = xmalloc(sizeof(*env) * (size_t)(n + 2));
	if (n)
		memcpy(env, rd->env, sizeof(*env) * (size_t)n);
	env[n] = xasprintf("HOME=%s", home && *home ? home : "/");
	env[n + 1] = NULL;
	return env;
}

/*
 * OCI: is the command there to be run? As runc does, before the
 * container counts as created: a missing command is create's error (127),
 * not a process that dies once started. 0 or -errno (ENOENT, EACCES).
 */
static int find_command(const struct run_desc *rd)
{
	const char *cmd = rd->argv[0], *path = "/usr/local/sbin:"
		"/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", *p;
	char buf[PATH_MAX];
	struct stat st;
	int i, err = -ENOENT;

	if (strchr(cmd, '/'))
		return access(cmd, X_OK) < 0 ? -errno :
		       stat(cmd, &st) == 0 && S_ISDIR(st.st_mode) ? -EACCES : 0;
	for (i = 0; rd->env && rd->env[i]; i++)
		if (!strncmp(rd->env[i], "PATH=", 5))
			path = rd->env[i] + 5;
	for (p = path; ; p += strcspn(p, ":") + 1) {
		int n = (int)strcspn(p, ":");

		if ((size_t)snprintf(buf, sizeof(buf), "%.*s%s%s", n, p,
				     n ? "/" : "", cmd) < sizeof(buf)) {
			if (access(buf, X_OK) == 0 && stat(buf, &st) == 0 &&
			    S_ISREG(st.st_mode))
				return 0;
			if (errno == EACCES)
				err = -EACCES;
		}
		if (!p[n])
			return err;
	}
}

/*
 * OCI create: tell the caller the container is ready, then block until
 * 'start' opens the fifo for reading (the open of the write end waits for
 * a reader), write one byte and go on to exec. The fifo is reopened
 * through /proc/self/fd of the O_PATH fd taken on the host side.
 */
static void wait_for_start(struct spawn *sp)
{
	char path[32];
	int fd;

	send_err('R', 0, "");
	snprintf(path, sizeof(path), "/proc/self/fd/%d", sp->exec_fifo);
	do
		fd = open(path, O_WRONLY | O_CLOEXEC);
	while (fd < 0 && errno == EINTR);
	if (fd < 0)
		_exit(125);
	if (write(fd, "0", 1) != 1)
		_exit(125);
	close(fd);
	close(sp->exec_fifo);
	sp->exec_fifo = -1;
}

/* The command's process: stdio, user, environment, then exec. */
static NORETURN void exec_command(struct spawn *sp)
{
	const struct run_desc *rd = sp->rd;
	const struct cap_sets all = { CAPS_ALL, CAPS_ALL, CAPS_ALL, 0, 0 };
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
	if (!rd->keep_stdin && sp->tty_slave < 0 && sp->null_fd >= 0 &&
	    dup2(sp->null_fd, 0) < 0)
		child_die(-errno, "dup2");
	if (sp->null_fd > 2)
		close(sp->null_fd);
	for (i = 3; i < 3 + rd->preserve_fds; i++)
		if (fcntl(i, F_SETFD, 0) < 0)
			child_die(-errno, "cannot pass fd %d", i);
	if (rd->workdir && chdir(rd->workdir) < 0)
		child_die(-errno, "cannot change to '%s'", rd->workdir);
	if (rd->umask >= 0)
		umask((mode_t)rd->umask);
	err = caps_become(rd->all_caps ? &all : &rd->caps, rd->user_set,
			  rd->uid, rd->gid, rd->groups, rd->ngroups, rd->oci,
			  &step);
	if (err < 0)
		child_die(err, "cannot become %u:%u (%s)", (unsigned)rd->uid,
			  (unsigned)rd->gid, step);
	if (rd->oci) {
		/* The container's environment for the lookup too. */
		environ = oci_env(rd);
		if ((err = find_command(rd)) < 0) {
			send_err('E', -err, rd->argv[0]);
			_exit(err == -ENOENT ? 127 : 126);
		}
	}
	if (sp->exec_fifo >= 0)
		wait_for_start(sp);
	if (sp->filter && seccomp_last(rd) &&
	    (err = seccomp_load(sp->filter, sp->filter_len)) < 0)
		child_die(err, "cannot load the seccomp filter");
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
	if (!rd->oci)
		environ = rd->env;
	execvp(rd->argv[0], rd->argv);
	err = errno;
	send_err('E', err, rd->argv[0]);
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
	/*
	 * init never holds more than the command will: its sets go down to
	 * the command's (with CAP_KILL to forward signals, and what a switch
	 * of user takes) before the command runs, then to CAP_KILL alone.
	 */
	if (!sp->rd->all_caps) {
		uint64_t keep = sp->rd->caps.effective | CAPS_BIT(CAP_KILL);
		struct cap_sets pre;

		if (sp->rd->user_set)
			keep |= CAPS_BIT(CAP_SETUID) | CAPS_BIT(CAP_SETGID);
		pre = caps_only(keep);
		err = caps_become(&pre, false, 0, 0, NULL, 0, false, NULL);
		if (err < 0)
			child_die(err, "cannot drop init's capabilities");
	}
	cmd = vfork();
	if (cmd < 0)
		child_die(-errno, "cannot start the command%s: fork",
			  sp->fork_hint ? sp->fork_hint : "");
	if (!cmd)
		exec_command(sp);
	/*
	 * vfork returns once the command has exec'd (or failed, which it has
	 * reported first): hind-run can tell a container that died before
	 * its command started (a memory limit too small for init).
	 */
	send_err('X', 0, "");
	/* Only the command must hold these; init must not pin them. */
	if (sp->tty_slave >= 0)
		close(sp->tty_slave);
	if (sp->null_fd >= 0)
		close(sp->null_fd);
	for (fd = 3; fd < 3 + sp->rd->preserve_fds; fd++)
		close(fd);
	/*
	 * init keeps only what it needs to forward signals to a command of
	 * another user: CAP_KILL (in every other set: none).
	 */
	if (!sp->rd->all_caps) {
		struct cap_sets kill_only = caps_only(CAPS_BIT(CAP_KILL));

		err = caps_become(&kill_only, false, 0, 0, NULL, 0, false,
				  NULL);
		if (err < 0)
			child_die(err, "cannot drop init's capabilities");
	}
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

/*
 * OCI linux.namespaces with a path: join them (all but pid, which the
 * parent joined for its child before the clone). Opened first, joined
 * after: a path may lead through a namespace about to be left.
 */
static void join_namespaces(const struct run_desc *rd)
{
	int fds[RD_MAX_JOINS], i;

	for (i = 0; i < rd->njoins; i++) {
		fds[i] = -1;
		if (rd->joins[i].flag == CLONE_NEWPID)
			continue;
		fds[i] = open(rd->joins[i].path, O_RDONLY | O_CLOEXEC);
		if (fds[i] < 0)
			child_die(-errno, "cannot open namespace '%s'",
				  rd->joins[i].path);
	}
	for (i = 0; i < rd->njoins; i++) {
		if (fds[i] < 0)
			continue;
		if (setns(fds[i], rd->joins[i].flag) < 0)
			child_die(-errno, "cannot join namespace '%s'",
				  rd->joins[i].path);
		close(fds[i]);
	}
}

static void set_limits(const struct run_desc *rd);

/* The container's own: host name, loopback, filesystem, limits. */
static void container_setup(const struct spawn *sp)
{
	const struct run_desc *rd = sp->rd;
	int err;

	if (rd->hostname && sethostname(rd->hostname, strlen(rd->hostname)) < 0)
		child_die(-errno, "cannot set the host name");
	if (rd->domainname &&
	    setdomainname(rd->domainname, strlen(rd->domainname)) < 0)
		child_die(-errno, "cannot set the domain name");
	if (rd->lo_up && (err = ns_lo_up()) < 0)
		child_die(err, "cannot bring up the loopback interface");
	mnt_setup(&rd->mnt, sp->cgview, rd->cgroupns);
	set_limits(rd);
}

/* process.rlimits and oomScoreAdj (exec too). */
static void set_limits(const struct run_desc *rd)
{
	char path[32];
	int i, err;

	for (i = 0; i < rd->nrlimits; i++) {
		struct rlimit rl = { rd->rlimits[i].soft, rd->rlimits[i].hard };

		if (setrlimit(rd->rlimits[i].resource, &rl) < 0)
			child_die(-errno, "cannot set rlimit %d",
				  rd->rlimits[i].resource);
	}
	if (rd->oom_score_adj_set) {
		char val[16];

		snprintf(path, sizeof(path), "/proc/self/oom_score_adj");
		snprintf(val, sizeof(val), "%d", rd->oom_score_adj);
		if ((err = write_file(path, val)) < 0)
			child_die(err, "cannot write '%s' to '%s'", val, path);
	}
}

/*
 * process.apparmorProfile: the profile the command's execve enters
 * (the front end checked that AppArmor is on). Written while pid 1 still
 * has its capabilities, in the container's /proc.
 */
static void apparmor_onexec(const char *profile)
{
	char val[256];
	int err;

	snprintf(val, sizeof(val), "exec %s", profile);
	err = write_file("/proc/self/attr/apparmor/exec", val);
	if (err == -ENOENT)	/* before 5.8: the shared LSM file */
		err = write_file("/proc/self/attr/exec", val);
	if (err < 0)
		child_die(err, "cannot set the AppArmor profile '%s'",
			  profile);
}

static NORETURN void child_main(struct spawn *sp, int sync_rd)
{
	const struct run_desc *rd = sp->rd;
	char go;
	ssize_t n;

	/* The container dies with hind-run; if hind-run is gone already,
	 * the sync pipe reads EOF below. OCI create exits by design. */
	if (!sp->detach)
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
	join_namespaces(rd);
	if (rd->cgroupns && !rd->enter && unshare(CLONE_NEWCGROUP) < 0)
		child_die(-errno, "cannot unshare the cgroup namespace");
	if (!rd->enter)
		container_setup(sp);
	else
		set_limits(rd);
	if (rd->apparmor)
		apparmor_onexec(rd->apparmor);
	if (rd->tty)
		open_tty(sp);
	enter_policy(sp);
	if (rd->use_init)
		run_init(sp);
	exec_command(sp);
}

/*
 * OCI: a pid namespace with a path is joined by the parent, for its
 * children (setns(CLONE_NEWPID) moves only those to come). 0 or -errno.
 */
static int join_pid_ns(const struct run_desc *rd)
{
	int i, fd, err = 0;

	for (i = 0; i < rd->njoins; i++) {
		if (rd->joins[i].flag != CLONE_NEWPID)
			continue;
		fd = open(rd->joins[i].path, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			return -errno;
		if (setns(fd, CLONE_NEWPID) < 0)
			err = -errno;
		close(fd);
	}
	return err;
}

static long clone3_into(struct spawn *sp)
{
	struct clone_args args;

	memset(&args, 0, sizeof(args));
	args.flags = (uint64_t)(unsigned)sp->rd->clone_flags |
		     CLONE_INTO_CGROUP;
	args.exit_signal = SIGCHLD;
	args.cgroup = (uint64_t)sp->cgroup_fd;
	return syscall(SYS_clone3, &args, sizeof(args));
}

int spawn_start(struct spawn *sp)
{
	const struct run_desc *rd = sp->rd;
	/* hind-run -t: a socket pair to pass the pty master over. */
	bool pair = rd->tty && !sp->console;
	int sync[2], errp[2], ts[2] = { -1, -1 };
	long pid = -1;

	if ((pid = join_pid_ns(rd)) < 0)
		return (int)pid;
	if (pipe2(sync, O_CLOEXEC) < 0)
		return -errno;
	if (pipe2(errp, O_CLOEXEC) < 0 ||
	    (pair && socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0,
				ts) < 0)) {
		int err = -errno;

		close(sync[0]);
		close(sync[1]);
		if (pair) {
			close(errp[0]);
			close(errp[1]);
		}
		return err;
	}
	pid = -1;
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
		pid = syscall(SYS_clone, (unsigned long)rd->clone_flags |
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
		if (pair) {
			close(ts[0]);
			child_tty_sock = ts[1];
		} else if (sp->console) {
			child_tty_sock = sp->tty_sock;
		}
		child_main(sp, sync[0]);
	}
	close(sync[0]);
	close(errp[1]);
	if (pair) {
		close(ts[1]);
		sp->tty_sock = ts[0];
	}
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
	if (pair) {
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

/* One record of the error pipe: 0 ('X', 'R'), or the status it means. */
static int report_one(struct spawn *sp, const struct child_err *ce)
{
	if (ce->kind == 'X') {
		sp->started = true;
		return 0;
	}
	if (ce->kind == 'R') {
		sp->ready = true;
		return 0;
	}
	if (ce->kind == 'E') {
		log_error("exec", "cannot execute '%s': %s", ce->msg,
			  strerror(ce->err));
		return ce->err == ENOENT || ce->err == ENOTDIR ? 127 : 126;
	}
	log_error("setup", "container setup: %s%s%s", ce->msg,
		  ce->err ? ": " : "", ce->err ? strerror(ce->err) : "");
	return 125;
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
	return report_one(sp, &ce);
}

int spawn_ready(struct spawn *sp, bool eof_ok)
{
	struct child_err ce;
	ssize_t n;

	do
		n = read(sp->err_fd, &ce, sizeof(ce));
	while (n < 0 && errno == EINTR);
	if (!n && eof_ok)
		return 0;
	if (n != (ssize_t)sizeof(ce)) {
		log_error("setup", "the container's process exited before it "
			  "was ready");
		return 125;
	}
	ce.msg[sizeof(ce.msg) - 1] = '\0';
	return report_one(sp, &ce);
}
