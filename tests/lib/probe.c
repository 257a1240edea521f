// SPDX-License-Identifier: MIT
/*
 * probe.c - hind-probe: the guest suite's attacker. Each subcommand tries
 * one thing a contained process should (or should not) be able to do and
 * prints the result as a plain word the tests grep: "ok", or the errno
 * name ("EPERM", "ENOSYS", "EROFS", ...). Not part of hind; installed in
 * the test image as /bin/hind-probe (tests/guest/27_run_security.sh).
 *
 *   hind-probe fds                    open fds, "0 1 2"
 *   hind-probe open PATH r|w|rw       open(2) without O_CREAT or O_TRUNC
 *   hind-probe write PATH DATA        open O_WRONLY and write DATA
 *   hind-probe create PATH            a new file (O_CREAT | O_EXCL)
 *   hind-probe mkdir PATH             mkdir, then rmdir what it made
 *   hind-probe mknod PATH b|c MAJ MIN a device node (mode 0600)
 *   hind-probe mount TYPE DIR [DATA]  a new mount of TYPE on DIR
 *   hind-probe remount DIR ro|rw [bind] MS_REMOUNT (with MS_BIND: only
 *                                     that mount, else its superblock)
 *   hind-probe sethostname NAME       sethostname(2)
 *   hind-probe session                "sid=S pid=P tty=T" (tty_nr: 0 is
 *                                     no controlling terminal)
 *   hind-probe ids                    "uid=U euid=E"
 *   hind-probe handle PATH            name_to_handle_at: "TYPE:HEX"
 *   hind-probe open-handle DIR HANDLE open_by_handle_at on DIR's mount,
 *                                     "ok: " and the file's first line
 *   hind-probe syscall NAME           one system call with harmless
 *                                     arguments (the list: 'syscall')
 *   hind-probe x32                    getpid through the x32 ABI
 *   hind-probe i386                   getpid through int 0x80
 *   hind-probe tiocsti                TIOCSTI "echo INJECTED\n" into the
 *                                     first of fds 0-2 that is a tty
 *   hind-probe pty CMD [ARG...]       run CMD on a new pty that is its
 *                                     controlling terminal, relay its
 *                                     output, then print what waits in
 *                                     the terminal's input ("input: ...",
 *                                     what a shell on it would read next)
 *                                     and exit with CMD's status
 *
 * Exit status: 0 when the probe ran (whatever it found), 2 on bad usage;
 * pty: CMD's status, 128+N if a signal killed it. A probe the kernel
 * kills (seccomp, SIGSYS) dies of that signal, which is the result.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include <linux/perf_event.h>
#include <linux/sched.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>

/* The errno names a test may see, as the probe prints them. */
#define E(x) { x, #x }
static const struct {
	int err;
	const char *name;
} errnames[] = {
	E(EPERM), E(ENOENT), E(ESRCH), E(EINTR), E(EIO), E(ENXIO), E(E2BIG),
	E(ENOEXEC), E(EBADF), E(ECHILD), E(EAGAIN), E(ENOMEM), E(EACCES),
	E(EFAULT), E(EBUSY), E(EEXIST), E(EXDEV), E(ENODEV), E(ENOTDIR),
	E(EISDIR), E(EINVAL), E(ENFILE), E(EMFILE), E(ENOTTY), E(ETXTBSY),
	E(ENOSPC), E(EROFS), E(ENOSYS), E(ENOTEMPTY), E(ENODATA),
	E(EOPNOTSUPP), E(ESTALE), E(ENOKEY), E(EOVERFLOW), E(ENAMETOOLONG),
	E(ELOOP), E(EKEYREJECTED), E(EUSERS),
};
#undef E

static const char *errname(int err)
{
	static char buf[16];
	size_t i;

	for (i = 0; i < sizeof(errnames) / sizeof(errnames[0]); i++)
		if (errnames[i].err == err)
			return errnames[i].name;
	snprintf(buf, sizeof(buf), "E#%d", err);
	return buf;
}

/* "ok" for r >= 0, else the errno name; always one line. */
static int result(long r)
{
	puts(r < 0 ? errname(errno) : "ok");
	return 0;
}

static int usage(void)
{
	fputs("usage: hind-probe fds | open PATH r|w|rw | write PATH DATA | "
	      "create PATH | mkdir PATH | mknod PATH b|c MAJ MIN | "
	      "mount TYPE DIR [DATA] | remount DIR ro|rw [bind] | "
	      "sethostname NAME | session | ids | handle PATH | "
	      "open-handle DIR HANDLE | syscall NAME | x32 | i386 | tiocsti | "
	      "pty CMD...\n",
	      stderr);
	return 2;
}

static int do_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *de;
	int fds[1024], n = 0, i, j;

	if (!d)
		return result(-1);
	while ((de = readdir(d)) && n < 1024) {
		if (de->d_name[0] == '.' || atoi(de->d_name) == dirfd(d))
			continue;
		fds[n++] = atoi(de->d_name);
	}
	closedir(d);
	for (i = 1; i < n; i++)
		for (j = i; j > 0 && fds[j - 1] > fds[j]; j--) {
			int t = fds[j];

			fds[j] = fds[j - 1];
			fds[j - 1] = t;
		}
	for (i = 0; i < n; i++)
		printf("%s%d", i ? " " : "", fds[i]);
	putchar('\n');
	return 0;
}

static int do_open(const char *path, const char *mode)
{
	int flags = O_RDONLY, fd;

	if (!strcmp(mode, "w"))
		flags = O_WRONLY;
	else if (!strcmp(mode, "rw"))
		flags = O_RDWR;
	fd = open(path, flags | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);

	if (fd >= 0)
		close(fd);
	return result(fd);
}

static int do_write(const char *path, const char *data)
{
	int fd = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return result(-1);
	n = write(fd, data, strlen(data));
	if (n >= 0 && (size_t)n != strlen(data)) {
		puts("short write");
		close(fd);
		return 0;
	}
	/* cgroup and sysctl files may report their error on close. */
	if (close(fd) < 0 && n >= 0)
		n = -1;
	return result(n);
}

static int do_create(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);

	if (fd >= 0)
		close(fd);
	return result(fd);
}

static int do_mount(const char *type, const char *dir, const char *data)
{
	return result(mount(type, dir, type, 0, data));
}

static int do_remount(const char *dir, const char *mode, int bind)
{
	unsigned long f = MS_REMOUNT | (bind ? MS_BIND : 0);

	if (!strcmp(mode, "ro"))
		f |= MS_RDONLY;
	return result(mount(NULL, dir, NULL, f, NULL));
}

/* Fields 6 and 7 of /proc/self/stat: the session and the tty. */
static int do_session(void)
{
	char buf[1024], *p;
	int fd = open("/proc/self/stat", O_RDONLY | O_CLOEXEC), sid, tty;
	ssize_t n;

	if (fd < 0)
		return result(-1);
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	buf[n > 0 ? n : 0] = '\0';
	p = strrchr(buf, ')');
	if (!p || sscanf(p + 1, " %*c %*d %*d %d %d", &sid, &tty) != 2) {
		puts("unreadable");
		return 0;
	}
	printf("sid=%d pid=%d tty=%d\n", sid, (int)getpid(), tty);
	return 0;
}

static int do_mkdir(const char *path)
{
	int r = mkdir(path, 0755);

	result(r);
	if (r == 0)
		rmdir(path);
	return 0;
}

static int do_mknod(const char *path, const char *type, const char *maj,
		    const char *min)
{
	mode_t m = (*type == 'b' ? S_IFBLK : S_IFCHR) | 0600;

	return result(mknod(path, m, makedev(atoi(maj), atoi(min))));
}

/* A file handle as "TYPE:HEX" on the command line. */
struct handle {
	unsigned int bytes;
	int type;
	unsigned char f[128];
};

static int do_handle(const char *path)
{
	struct handle h;
	int mnt;
	unsigned int i;

	memset(&h, 0, sizeof(h));
	h.bytes = sizeof(h.f);
	if (syscall(SYS_name_to_handle_at, AT_FDCWD, path, &h, &mnt, 0) < 0)
		return result(-1);
	printf("%d:", h.type);
	for (i = 0; i < h.bytes; i++)
		printf("%02x", h.f[i]);
	putchar('\n');
	return 0;
}

static int do_open_handle(const char *dir, const char *arg)
{
	struct handle h;
	char buf[256], *p;
	int mfd, fd;
	ssize_t n;

	memset(&h, 0, sizeof(h));
	h.type = (int)strtol(arg, &p, 10);
	if (*p++ != ':')
		return usage();
	while (p[0] && p[1] && h.bytes < sizeof(h.f)) {
		char hex[3] = { p[0], p[1], 0 };

		h.f[h.bytes++] = (unsigned char)strtoul(hex, NULL, 16);
		p += 2;
	}
	mfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (mfd < 0)
		return result(-1);
	fd = (int)syscall(SYS_open_by_handle_at, mfd, &h, O_RDONLY);
	if (fd < 0)
		return result(-1);
	n = read(fd, buf, sizeof(buf) - 1);
	buf[n > 0 ? n : 0] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	printf("ok: %s\n", buf);
	return 0;
}

/* clone(flags) or clone3 with a child that exits at once. */
static long fork_with(unsigned long flags, int v3)
{
	struct clone_args ca;
	long pid;
	int st;

	if (v3) {
		memset(&ca, 0, sizeof(ca));
		ca.flags = flags;
		ca.exit_signal = SIGCHLD;
		pid = syscall(SYS_clone3, &ca, sizeof(ca));
	} else {
		pid = syscall(SYS_clone, flags | SIGCHLD, NULL, NULL, NULL,
			      0UL);
	}
	if (pid == 0)
		_exit(0);
	if (pid > 0)
		waitpid((pid_t)pid, &st, 0);
	return pid;
}

static long sys_perf(void)
{
	struct perf_event_attr a;

	memset(&a, 0, sizeof(a));
	a.type = PERF_TYPE_SOFTWARE;
	a.size = sizeof(a);
	a.config = PERF_COUNT_SW_CPU_CLOCK;
	a.disabled = 1;
	a.exclude_kernel = 1;
	a.exclude_hv = 1;
	return syscall(SYS_perf_event_open, &a, 0, -1, -1, 0UL);
}

/*
 * One system call by name, arguments chosen so that it can change nothing
 * outside the probe's own process: a key in its process keyring, a
 * one-entry BPF array map, a user namespace it leaves at exit, a module or
 * kexec call with arguments the kernel rejects after its permission check.
 */
static int do_syscall(const char *name)
{
	uint32_t bpf_attr[16] = { 2, 4, 4, 1 }; /* BPF_MAP_TYPE_ARRAY */
	unsigned char ring[120] = { 0 }; /* struct io_uring_params */
	unsigned char fh[16] = { 8, 0, 0, 0, 1 }; /* 8 bytes, type 1 */
	long r;

	if (!strcmp(name, "keyctl"))
		r = syscall(SYS_keyctl, 0 /* GET_KEYRING_ID */,
			    -2 /* PROCESS */, 1);
	else if (!strcmp(name, "add_key"))
		r = syscall(SYS_add_key, "user", "hind-probe", "x", 1,
			    -2 /* KEY_SPEC_PROCESS_KEYRING */);
	else if (!strcmp(name, "request_key"))
		r = syscall(SYS_request_key, "user", "hind-probe-none", NULL,
			    0);
	else if (!strcmp(name, "bpf"))
		r = syscall(SYS_bpf, 0 /* BPF_MAP_CREATE */, bpf_attr,
			    sizeof(bpf_attr));
	else if (!strcmp(name, "userfaultfd"))
		r = syscall(SYS_userfaultfd, O_CLOEXEC | O_NONBLOCK);
	else if (!strcmp(name, "perf_event_open"))
		r = sys_perf();
	else if (!strcmp(name, "io_uring_setup"))
		r = syscall(SYS_io_uring_setup, 1, ring);
	else if (!strcmp(name, "io_uring_enter"))
		r = syscall(SYS_io_uring_enter, -1, 0, 0, 0, NULL, 0);
	else if (!strcmp(name, "io_uring_register"))
		r = syscall(SYS_io_uring_register, -1, 0, NULL, 0);
	else if (!strcmp(name, "kexec_load"))
		r = syscall(SYS_kexec_load, 0UL, 0UL, NULL,
			    1UL << 16 /* no such architecture */);
	else if (!strcmp(name, "kexec_file_load"))
		r = syscall(SYS_kexec_file_load, -1, -1, 0UL, "",
			    0xffUL /* no such flags */);
	else if (!strcmp(name, "init_module"))
		r = syscall(SYS_init_module, NULL, 0UL, "");
	else if (!strcmp(name, "finit_module"))
		r = syscall(SYS_finit_module, -1, "", 0);
	else if (!strcmp(name, "delete_module"))
		r = syscall(SYS_delete_module, "hind_probe_none", O_NONBLOCK);
	else if (!strcmp(name, "open_by_handle_at"))
		r = syscall(SYS_open_by_handle_at, AT_FDCWD, fh, O_RDONLY);
	else if (!strcmp(name, "unshare-user"))
		r = syscall(SYS_unshare, CLONE_NEWUSER);
	else if (!strcmp(name, "clone-user"))
		r = fork_with(CLONE_NEWUSER, 0);
	else if (!strcmp(name, "clone"))
		r = fork_with(0, 0);
	else if (!strcmp(name, "clone3"))
		r = fork_with(0, 1);
	else if (!strcmp(name, "fsopen"))
		r = syscall(SYS_fsopen, "tmpfs", 1 /* FSOPEN_CLOEXEC */);
	else if (!strcmp(name, "fsmount"))
		r = syscall(SYS_fsmount, -1, 0, 0);
	else if (!strcmp(name, "fspick"))
		r = syscall(SYS_fspick, AT_FDCWD, "/", 1 /* CLOEXEC */);
	else if (!strcmp(name, "open_tree"))
		r = syscall(SYS_open_tree, AT_FDCWD, "/", O_CLOEXEC);
	else if (!strcmp(name, "move_mount"))
		r = syscall(SYS_move_mount, -1, "", -1, "", 0);
	else if (!strcmp(name, "mount_setattr"))
		r = syscall(SYS_mount_setattr, -1, "", 0, NULL, 0UL);
	else if (!strcmp(name, "getpid"))
		r = syscall(SYS_getpid);
	else
		return usage();
	return result(r);
}

/* getpid through the x32 ABI (__X32_SYSCALL_BIT), as an x32 program. */
static int do_x32(void)
{
	return result(syscall(0x40000000L | SYS_getpid));
}

/* getpid (i386 number 20) through the 32-bit int 0x80 entry. */
static int do_i386(void)
{
	long r = 20;

	__asm__ volatile("int $0x80"
			 : "+a"(r)
			 :
			 : "r8", "r9", "r10", "r11", "memory", "cc");
	if (r < 0 && r > -4096) {
		errno = (int)-r;
		r = -1;
	}
	return result(r);
}

static int do_tiocsti(void)
{
	const char *s = "echo INJECTED\n";
	int fd;

	for (fd = 0; fd < 3 && !isatty(fd); fd++)
		;
	if (fd == 3) {
		puts("ENOTTY");
		return 0;
	}
	for (; *s; s++)
		if (ioctl(fd, TIOCSTI, s) < 0)
			return result(-1);
	return result(0);
}

/* Copy what the pty shows to stdout; false at EOF or error. */
static int relay(int master)
{
	char buf[4096];
	ssize_t n = read(master, buf, sizeof(buf));

	if (n <= 0)
		return 0;
	return write(1, buf, (size_t)n) == n;
}

static int do_pty(char **argv)
{
	struct termios t;
	struct pollfd p;
	char buf[256], name[64];
	int master, slave, st, done = 0, i;
	pid_t pid;
	ssize_t n;

	master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (master < 0 || grantpt(master) < 0 || unlockpt(master) < 0 ||
	    ptsname_r(master, name, sizeof(name)))
		return result(-1);
	slave = open(name, O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (slave < 0)
		return result(-1);
	/* Raw: injected input is neither echoed nor held for a newline. */
	tcgetattr(slave, &t);
	cfmakeraw(&t);
	t.c_cc[VMIN] = 0;
	t.c_cc[VTIME] = 0;
	tcsetattr(slave, TCSANOW, &t);
	fflush(stdout);
	pid = fork();
	if (pid < 0)
		return result(-1);
	if (pid == 0) {
		if (setsid() < 0 || ioctl(slave, TIOCSCTTY, 0) < 0)
			_exit(125);
		for (i = 0; i < 3; i++)
			dup2(slave, i);
		execvp(argv[0], argv);
		_exit(127);
	}
	p.fd = master;
	p.events = POLLIN;
	while (!done) {
		if (poll(&p, 1, 100) > 0 && !relay(master))
			break;
		done = waitpid(pid, &st, WNOHANG) == pid;
	}
	if (!done)
		waitpid(pid, &st, 0);
	/* What is left to show, then what waits to be read. */
	fcntl(master, F_SETFL, O_NONBLOCK);
	while (relay(master))
		;
	fcntl(slave, F_SETFL, O_NONBLOCK);
	n = read(slave, buf, sizeof(buf) - 1);
	if (n <= 0) {
		printf("\ninput: none\n");
	} else {
		while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
			n--;
		buf[n] = '\0';
		for (i = 0; i < n; i++)
			if (buf[i] == '\n' || buf[i] == '\r')
				buf[i] = ' ';
		printf("\ninput: %s\n", buf);
	}
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

int main(int argc, char **argv)
{
	const char *c = argc > 1 ? argv[1] : "";

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (!strcmp(c, "fds") && argc == 2)
		return do_fds();
	if (!strcmp(c, "open") && argc == 4)
		return do_open(argv[2], argv[3]);
	if (!strcmp(c, "write") && argc == 4)
		return do_write(argv[2], argv[3]);
	if (!strcmp(c, "create") && argc == 3)
		return do_create(argv[2]);
	if (!strcmp(c, "mount") && (argc == 4 || argc == 5))
		return do_mount(argv[2], argv[3], argc == 5 ? argv[4] : NULL);
	if (!strcmp(c, "remount") && (argc == 4 || argc == 5))
		return do_remount(argv[2], argv[3], argc == 5);
	if (!strcmp(c, "sethostname") && argc == 3)
		return result(sethostname(argv[2], strlen(argv[2])));
	if (!strcmp(c, "session") && argc == 2)
		return do_session();
	if (!strcmp(c, "ids") && argc == 2) {
		printf("uid=%d euid=%d\n", (int)getuid(), (int)geteuid());
		return 0;
	}
	if (!strcmp(c, "mkdir") && argc == 3)
		return do_mkdir(argv[2]);
	if (!strcmp(c, "mknod") && argc == 6)
		return do_mknod(argv[2], argv[3], argv[4], argv[5]);
	if (!strcmp(c, "handle") && argc == 3)
		return do_handle(argv[2]);
	if (!strcmp(c, "open-handle") && argc == 4)
		return do_open_handle(argv[2], argv[3]);
	if (!strcmp(c, "syscall") && argc == 3)
		return do_syscall(argv[2]);
	if (!strcmp(c, "x32") && argc == 2)
		return do_x32();
	if (!strcmp(c, "i386") && argc == 2)
		return do_i386();
	if (!strcmp(c, "tiocsti") && argc == 2)
		return do_tiocsti();
	if (!strcmp(c, "pty") && argc > 2)
		return do_pty(argv + 2);
	return usage();
}
