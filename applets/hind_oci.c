// SPDX-License-Identifier: MIT
/*
 * hind_oci.c - hind-oci: an OCI runtime with runc's command line, for
 * containerd (containerd-shim-runc-v2, through go-runc) and podman
 * (through conmon).
 *
 *   hind-oci [GLOBAL OPTIONS] COMMAND [OPTIONS] [ID]
 *
 * config.json is parsed into the run description (core/oci_config.c) and
 * carried out by the engine hind-run uses (core/engine.c): the same
 * cgroup, clone, mount and policy code. What differs is the life cycle:
 *
 *   create  parse and validate, make the state directory ROOT/ID, the
 *           cgroup with its limits and device policy, and pid 1 (the
 *           command itself: no hind-init), which sets the container up,
 *           checks that the command exists, says it is ready and blocks
 *           on ROOT/ID/exec.fifo; write the pid file and exit, leaving
 *           it the child of the caller's subreaper (the shim), which
 *           collects its exit status. No monitor process stays.
 *   start   open the fifo: pid 1 goes on to execve.
 *   state, ps, kill, exec, delete: act on the state directory's record.
 *
 * The record (ROOT/ID/state) is a few "key value" lines written once by
 * create; the status is not stored but read from the kernel each time:
 * stopped when pid is gone (or a zombie, or another process with the same
 * pid: its start time differs), created while the fifo exists, else
 * running. Every command holds an flock on ROOT/ID while it works, so a
 * delete from a second shim waits for the first.
 *
 * Errors: one line, exit 1 (runc's status). With --log FILE the line
 * goes to FILE (a JSON object with level, msg and time under
 * --log-format json: the last "error" line is what containerd and podman
 * show), else to stderr.
 */
#include <ctype.h>
#include <poll.h>
#include <strings.h>
#include <sys/file.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/syscall.h>
#include "hind.h"
#include "run.h"
#include "oci.h"

const char hind_oci_usage[] =
	"Usage: hind-oci [GLOBAL OPTIONS] COMMAND [OPTIONS] [ID]\n"
	"\n"
	"An OCI runtime with runc's command line: containerd and podman run\n"
	"containers with it (ctr run --runc-binary, podman --runtime).\n"
	"\n"
	"Commands:\n"
	"  create --bundle DIR [--pid-file F] [--console-socket S]\n"
	"         [--no-pivot] [--no-new-keyring] [--preserve-fds N] ID\n"
	"                   set the container up; its process waits for start\n"
	"  start ID         let the created container's process run\n"
	"  run --bundle DIR [create's options] ID\n"
	"                   create, start and wait; exits with its status\n"
	"  state ID         the state as runtime-spec JSON\n"
	"  kill [--all] ID [SIGNAL]\n"
	"                   signal the process (--all: all of the container's);\n"
	"                   SIGNAL a number or name, default SIGTERM\n"
	"  delete [--force] ID\n"
	"                   remove a stopped container (--force: kill it first;\n"
	"                   a container that does not exist is no error)\n"
	"  ps [--format table|json] ID\n"
	"                   the host PIDs of the container's processes\n"
	"  exec --process process.json [--detach] [--pid-file F]\n"
	"       [--console-socket S] ID\n"
	"  exec ID COMMAND [ARG...]\n"
	"                   run a process in a running container\n"
	"  list [--format table|json]\n"
	"                   the containers under --root\n"
	"  features         what this build supports (runtime-spec JSON)\n"
	"  spec [--bundle DIR]\n"
	"                   write a default config.json\n"
	"\n"
	"Global options:\n"
	"  --root DIR       state directory (default /run/hind-oci)\n"
	"  --log FILE       log to FILE instead of stderr\n"
	"  --log-format text|json\n"
	"  --debug          log debug lines too\n"
	"  --systemd-cgroup refused: hind has no systemd cgroup driver\n"
	"  --rootless true|false|auto\n"
	"                   only false or auto (hind-oci runs as root)\n"
	"\n"
	"Exit status: 0; 1 on error (runc's); run: the container's status.\n";

#define OCI_VERSION "1.0.2"
#define STATE_ROOT "/run/hind-oci"

static const char *state_root = STATE_ROOT;

/* ---- small helpers ------------------------------------------------------ */

static NORETURN PRINTF(1, 2) void oci_fail(const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	xvsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	log_error("oci", "%s", msg);
	exit(1);
}

/* runc's rule for an ID: [A-Za-z0-9_+.-]+, not "." or "..". */
static const char *check_id(const char *id)
{
	const char *p;

	if (!id || !*id)
		oci_fail("container id cannot be empty");
	for (p = id; *p; p++)
		if (!isalnum((unsigned char)*p) && !strchr("_+.-", *p))
			oci_fail("invalid container id '%s'", id);
	if (!strcmp(id, ".") || !strcmp(id, "..") || p - id > 1024)
		oci_fail("invalid container id '%s'", id);
	return id;
}

static char *state_path(const char *id, const char *file)
{
	return file ? xasprintf("%s/%s/%s", state_root, id, file) :
		      xasprintf("%s/%s", state_root, id);
}

/* /proc/PID/stat's start time (field 22) and state (field 3). */
static int proc_start(pid_t pid, uint64_t *start, char *state)
{
	char path[32], buf[1024], *p;
	const char *end;
	int i;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	if (read_file(path, buf, sizeof(buf)) < 0)
		return -ESRCH;
	p = strrchr(buf, ')');	/* the name may hold spaces and ')' */
	if (!p || p[1] != ' ')
		return -EINVAL;
	p += 2;
	*state = *p;
	for (i = 3; i < 22 && p; i++) {
		p = strchr(p, ' ');
		if (p)
			p++;
	}
	if (!p || parse_dec(p, &end, start) < 0)
		return -EINVAL;
	return 0;
}

/* Create (or replace) path with text; 0 or -errno. */
static int put_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	int err;

	if (fd < 0)
		return -errno;
	err = write_all(fd, text, strlen(text));
	if (close(fd) < 0 && !err)
		err = -errno;
	return err;
}

/* mkdir -p dir (0711), as runc makes its --root. */
static void mkdir_p(const char *dir)
{
	char *p = xstrdup(dir), *q;

	for (q = p + 1; ; q++) {
		if (*q && *q != '/')
			continue;
		char c = *q;

		*q = '\0';
		if (mkdir(p, 0711) < 0 && errno != EEXIST)
			oci_fail("cannot create '%s': %s", p, strerror(errno));
		*q = c;
		if (!c)
			break;
	}
	free(p);
}

/*
 * What the kernel cannot do is refused at create, never ignored:
 * apparmorProfile needs AppArmor on. selinuxLabel is refused where SELinux
 * is on (hind sets no labels) and, as runc does, has no effect where it
 * is off.
 */
static void check_lsm(const struct run_desc *rd)
{
	char on[8] = "";

	if (rd->apparmor &&
	    (read_file("/sys/module/apparmor/parameters/enabled", on,
		       sizeof(on)) < 0 || on[0] != 'Y'))
		oci_fail("apparmorProfile '%s' is set, but this kernel has no "
			 "AppArmor (or it is off)", rd->apparmor);
	if (rd->selinux_label && !access("/sys/fs/selinux/enforce", F_OK))
		oci_fail("selinuxLabel is set and SELinux is on: hind-oci "
			 "sets no SELinux labels");
}

/* ---- the state record ----------------------------------------------------- */

struct state {
	char *id;
	pid_t pid;
	uint64_t start;		/* pid's start time, against pid reuse */
	char *bundle, *rootfs, *created;
	/* the cgroup: "cg MOUNT REL" per hierarchy */
	char *cgroup;
	unsigned made;		/* cgroup levels create made */
	bool filter;		/* ROOT/ID/seccomp holds the filter */
	int dirfd;		/* ROOT/ID, flock'ed; -1: none */
};

enum status { ST_CREATED, ST_RUNNING, ST_STOPPED };
static const char *const status_name[] = { "created", "running", "stopped" };

static enum status state_status(const struct state *s)
{
	uint64_t start;
	char st, *fifo;
	bool created;

	if (s->pid <= 0 || proc_start(s->pid, &start, &st) < 0 ||
	    start != s->start || st == 'Z' || st == 'X')
		return ST_STOPPED;
	fifo = state_path(s->id, "exec.fifo");
	created = access(fifo, F_OK) == 0;
	free(fifo);
	return created ? ST_CREATED : ST_RUNNING;
}

static void state_write(const struct state *s)
{
	char *text = xasprintf("pid %d\nstart %" PRIu64 "\nbundle %s\n"
			       "rootfs %s\ncreated %s\nmade %u\nfilter %d\n"
			       "%s", (int)s->pid, s->start, s->bundle,
			       s->rootfs, s->created, s->made, s->filter,
			       s->cgroup);
	char *tmp = state_path(s->id, "state.tmp"), *path;

	if (put_file(tmp, text) < 0)
		oci_fail("cannot write '%s': %s", tmp, strerror(errno));
	path = state_path(s->id, "state");
	if (rename(tmp, path) < 0)
		oci_fail("cannot write '%s': %s", path, strerror(errno));
	free(tmp);
	free(path);
	free(text);
}

/* The value of "key VALUE" in text, or NULL (allocated). */
static char *state_key(const char *text, const char *key)
{
	size_t kl = strlen(key);
	const char *p = text;

	while (p && *p) {
		if (!strncmp(p, key, kl) && p[kl] == ' ') {
			p += kl + 1;
			return xasprintf("%.*s", (int)strcspn(p, "\n"), p);
		}
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	return NULL;
}

/* The "cg ..." lines of text, as they are (allocated). */
static char *cg_lines(const char *text)
{
	struct strbuf b = SB_INIT;
	const char *p = text;

	sb_add(&b, "");
	while (p && *p) {
		size_t n = strcspn(p, "\n");

		if (!strncmp(p, "cg ", 3)) {
			sb_addn(&b, p, n);
			sb_add(&b, "\n");
		}
		p = p[n] ? p + n + 1 : NULL;
	}
	return b.buf;
}

/*
 * Read ROOT/ID's record, locked (LOCK_EX) while this process lives.
 * Returns false if there is no such container.
 */
static bool state_read(const char *id, struct state *s)
{
	char *dir = state_path(id, NULL), *path, *v, buf[8192];
	uint64_t n;

	memset(s, 0, sizeof(*s));
	s->id = xstrdup(id);
	s->dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	free(dir);
	if (s->dirfd < 0)
		return false;
	if (flock(s->dirfd, LOCK_EX) < 0)
		oci_fail("cannot lock the state of '%s': %s", id,
			 strerror(errno));
	path = state_path(id, "state");
	if (read_file(path, buf, sizeof(buf)) < 0) {
		free(path);
		/* a create that failed half-way, or a delete that won */
		close(s->dirfd);
		s->dirfd = -1;
		return false;
	}
	free(path);
	if ((v = state_key(buf, "pid")) && !parse_u64(v, &n))
		s->pid = (pid_t)n;
	free(v);
	if ((v = state_key(buf, "start")))
		(void)parse_u64(v, &s->start);
	free(v);
	s->bundle = state_key(buf, "bundle");
	s->rootfs = state_key(buf, "rootfs");
	s->created = state_key(buf, "created");
	s->cgroup = cg_lines(buf);
	if ((v = state_key(buf, "made")) && !parse_u64(v, &n))
		s->made = (unsigned)n;
	free(v);
	if ((v = state_key(buf, "filter")))
		s->filter = !strcmp(v, "1");
	free(v);
	if (!s->bundle || !s->rootfs || !s->created || !*s->cgroup)
		oci_fail("the state of '%s' is damaged", id);
	return true;
}

static void need_state(const char *id, struct state *s)
{
	if (!state_read(check_id(id), s))
		oci_fail("container \"%s\" does not exist", id);
}

/*
 * The container's cgroup as create made it (made: its levels): each
 * hierarchy's "cg MOUNT REL" line (v1: the caller's cgroup, and so a
 * relative cgroupsPath, may differ between hierarchies).
 */
static void state_cgroup(const struct state *s, struct cg *cg)
{
	struct cg_hier *hp;
	char *rel;

	if (cg_ops()->at("/", cg) < 0)
		oci_fail("%s", cg_error);
	cg_for_each(hp, cg) {
		char key[PATH_MAX];

		snprintf(key, sizeof(key), "cg %s", hp->mnt);
		rel = state_key(s->cgroup, key);
		free(hp->dir);
		free(hp->rel);
		hp->rel = rel ? rel : xstrdup("/");
		hp->dir = xasprintf("%s%s", hp->mnt, hp->rel);
		hp->made = rel ? (unsigned char)s->made : 0;
	}
}

/* ---- state, ps, list -------------------------------------------------------- */

static void json_str(struct strbuf *b, const char *s)
{
	sb_json(b, s);
}

static void state_json(struct strbuf *b, const struct state *s)
{
	enum status st = state_status(s);
	char *ann = state_path(s->id, "annotations"), abuf[65536];
	ssize_t n;

	sb_add(b, "{\"ociVersion\":\"" OCI_VERSION "\",\"id\":");
	json_str(b, s->id);
	sb_addf(b, ",\"pid\":%d,\"status\":\"%s\",\"bundle\":",
		st == ST_STOPPED ? 0 : (int)s->pid, status_name[st]);
	json_str(b, s->bundle);
	sb_add(b, ",\"rootfs\":");
	json_str(b, s->rootfs);
	sb_add(b, ",\"created\":");
	json_str(b, s->created);
	n = read_file(ann, abuf, sizeof(abuf));
	free(ann);
	sb_add(b, ",\"annotations\":");
	sb_add(b, n > 0 ? abuf : "{}");
	sb_add(b, ",\"owner\":\"\"}");
}

static int cmd_state(int argc, char **argv)
{
	struct strbuf b = SB_INIT;
	struct state s;

	if (argc != 2)
		oci_fail("state: needs one container id");
	need_state(argv[1], &s);
	state_json(&b, &s);
	sb_add(&b, "\n");
	xwrite_all(1, b.buf, b.len);
	return 0;
}

/* Each pid in the cgroup (v1: the first hierarchy's cgroup.procs). */
static int cgroup_pids(const struct state *s, pid_t *pids, int max)
{
	static char buf[65536];
	const struct cg_hier *hp;
	struct cg cg;
	char *p, path[PATH_MAX];
	const char *end;
	int n = 0;
	uint64_t v;

	state_cgroup(s, &cg);
	cg_for_each(hp, &cg) {
		snprintf(path, sizeof(path), "%s/cgroup.procs", hp->dir);
		if (read_file(path, buf, sizeof(buf)) < 0)
			continue;
		for (p = buf; *p && n < max; p += strcspn(p, "\n") + !!*p) {
			if (parse_dec(p, &end, &v) == 0)
				pids[n++] = (pid_t)v;
			if (!p[strcspn(p, "\n")])
				break;
		}
		break;
	}
	cg_free(&cg);
	return n;
}

static const char *format_arg(int *argc, char ***argv)
{
	static const struct opt opts[] = {
		{ "format", 'f', true, 'f' },
		{ NULL, 0, false, 0 },
	};
	const char *fmt = "table";
	struct opt_state os;
	int c;

	opt_init(&os, *argc, *argv);
	while ((c = opt_get(&os, opts)) != OPT_DONE)
		if (c == 'f')
			fmt = os.arg;
	if (strcmp(fmt, "table") && strcmp(fmt, "json"))
		oci_fail("invalid format '%s' (table or json)", fmt);
	*argc -= os.ind - 1;
	*argv += os.ind - 1;
	return fmt;
}

static int cmd_ps(int argc, char **argv)
{
	const char *fmt = format_arg(&argc, &argv);
	struct strbuf b = SB_INIT;
	struct state s;
	pid_t pids[4096];
	int n, i;

	if (argc < 2)
		oci_fail("ps: needs a container id");
	need_state(argv[1], &s);
	n = state_status(&s) == ST_STOPPED ? 0 :
	    cgroup_pids(&s, pids, (int)ARRAY_SIZE(pids));
	if (!strcmp(fmt, "json")) {
		sb_add(&b, "[");
		for (i = 0; i < n; i++)
			sb_addf(&b, "%s%d", i ? "," : "", (int)pids[i]);
		sb_add(&b, "]\n");
	} else {
		sb_add(&b, "PID\tCMD\n");
		for (i = 0; i < n; i++) {
			char path[40], comm[64] = "";

			snprintf(path, sizeof(path), "/proc/%d/comm",
				 (int)pids[i]);
			if (read_file(path, comm, sizeof(comm)) > 0)
				comm[strcspn(comm, "\n")] = '\0';
			sb_addf(&b, "%d\t%s\n", (int)pids[i], comm);
		}
	}
	xwrite_all(1, b.buf, b.len);
	return 0;
}

static int cmd_list(int argc, char **argv)
{
	const char *fmt = format_arg(&argc, &argv);
	struct strbuf b = SB_INIT;
	struct linux_dirent64 *d;
	char dents[8192];
	int fd, i = 0;
	long n, off;

	if (!strcmp(fmt, "json"))
		sb_add(&b, "[");
	else
		sb_add(&b, "ID\tPID\tSTATUS\tBUNDLE\tCREATED\n");
	fd = open(state_root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	while (fd >= 0 && (n = syscall(SYS_getdents64, fd, dents,
				       sizeof(dents))) > 0) {
		for (off = 0; off < n; off += d->d_reclen) {
			struct state s;

			d = (struct linux_dirent64 *)(dents + off);
			if (d->d_name[0] == '.' || !state_read(d->d_name, &s))
				continue;
			if (!strcmp(fmt, "json")) {
				if (i++)
					sb_add(&b, ",");
				state_json(&b, &s);
			} else {
				enum status st = state_status(&s);

				sb_addf(&b, "%s\t%d\t%s\t%s\t%s\n", s.id,
					st == ST_STOPPED ? 0 : (int)s.pid,
					status_name[st], s.bundle, s.created);
			}
			close(s.dirfd);
		}
	}
	if (fd >= 0)
		close(fd);
	if (!strcmp(fmt, "json"))
		sb_add(&b, "]\n");
	xwrite_all(1, b.buf, b.len);
	return 0;
}

/* ---- kill --------------------------------------------------------------------- */

/* Signals 1 to 31 by name, in the order of their numbers (Linux's). */
static const char signames[] =
	"HUP\0INT\0QUIT\0ILL\0TRAP\0ABRT\0BUS\0FPE\0KILL\0USR1\0SEGV\0USR2\0"
	"PIPE\0ALRM\0TERM\0STKFLT\0CHLD\0CONT\0STOP\0TSTP\0TTIN\0TTOU\0URG\0"
	"XCPU\0XFSZ\0VTALRM\0PROF\0WINCH\0IO\0PWR\0SYS\0";
_Static_assert(SIGHUP == 1 && SIGBUS == 7 && SIGUSR1 == 10 &&
	       SIGSTKFLT == 16 && SIGCHLD == 17 && SIGURG == 23 &&
	       SIGIO == 29 && SIGSYS == 31, "Linux's signal numbers");

/* "9", "KILL", "SIGKILL", "sigkill", "IOT": the signal, or -1. */
static int parse_signal(const char *s)
{
	const char *n = signames;
	uint64_t v;
	int sig;

	if (!parse_u64(s, &v))
		return v >= 1 && v < (uint64_t)NSIG ? (int)v : -1;
	if (!strncasecmp(s, "SIG", 3))
		s += 3;
	if (!strcasecmp(s, "IOT"))
		return SIGIOT;
	for (sig = 1; *n; sig++, n += strlen(n) + 1)
		if (!strcasecmp(s, n))
			return sig;
	return -1;
}

static int cmd_kill(int argc, char **argv)
{
	static const struct opt opts[] = {
		{ "all", 'a', false, 'a' },
		{ NULL, 0, false, 0 },
	};
	struct opt_state os;
	struct state s;
	bool all = false;
	int c, sig = SIGTERM;

	opt_init(&os, argc, argv);
	while ((c = opt_get(&os, opts)) != OPT_DONE)
		all = true;
	argc -= os.ind;
	argv += os.ind;
	if (argc < 1 || argc > 2)
		oci_fail("kill: needs a container id and at most a signal");
	if (argc == 2 && (sig = parse_signal(argv[1])) < 0)
		oci_fail("invalid signal '%s'", argv[1]);
	need_state(argv[0], &s);
	if (all) {
		pid_t pids[4096];
		int n = cgroup_pids(&s, pids, (int)ARRAY_SIZE(pids)), i;

		for (i = 0; i < n; i++)
			(void)kill(pids[i], sig);
		return 0;
	}
	if (state_status(&s) == ST_STOPPED)
		oci_fail("container not running");
	if (kill(s.pid, sig) < 0)
		oci_fail("cannot signal the container's process %d: %s",
			 (int)s.pid, strerror(errno));
	return 0;
}

/* ---- delete ------------------------------------------------------------------- */

/* Remove ROOT/ID and what is in it (a few plain files and the fifo). */
/* What a state directory can hold: a few plain files and the fifo. */
static const char *const state_files[] = {
	"state", "state.tmp", "exec.fifo", "annotations", "seccomp",
};

/* Remove what ROOT/ID holds, then the directory; -errno of the rmdir. */
static int remove_state_dir(const char *dir)
{
	size_t i;
	char *p;

	for (i = 0; i < ARRAY_SIZE(state_files); i++) {
		p = xasprintf("%s/%s", dir, state_files[i]);
		(void)unlink(p);
		free(p);
	}
	return rmdir(dir) < 0 && errno != ENOENT ? -errno : 0;
}

/* Remove ROOT/ID and what is in it. */
static void state_remove(const struct state *s)
{
	char *dir = state_path(s->id, NULL);

	if (remove_state_dir(dir) < 0)
		oci_fail("cannot remove '%s': %s", dir, strerror(errno));
	free(dir);
}

static int cmd_delete(int argc, char **argv)
{
	static const struct opt opts[] = {
		{ "force", 'f', false, 'f' },
		{ NULL, 0, false, 0 },
	};
	const struct cg_ops *ops = cg_ops();
	struct opt_state os;
	struct state s;
	struct cg cg;
	bool force = false;
	enum status st;

	opt_init(&os, argc, argv);
	while (opt_get(&os, opts) != OPT_DONE)
		force = true;
	if (os.ind != argc - 1)
		oci_fail("delete: needs one container id");
	if (!state_read(check_id(argv[os.ind]), &s)) {
		char *dir = state_path(argv[os.ind], NULL);

		/* A create that failed half-way left its directory. */
		if (s.dirfd >= 0 || !access(dir, F_OK)) {
			(void)rmdir(dir);
		}
		free(dir);
		if (force)
			return 0;
		oci_fail("container \"%s\" does not exist", argv[os.ind]);
	}
	st = state_status(&s);
	if (st != ST_STOPPED && !force)
		oci_fail("cannot delete container %s that is not stopped: %s",
			 s.id, status_name[st]);
	if (st != ST_STOPPED)
		(void)kill(s.pid, SIGKILL);
	state_cgroup(&s, &cg);
	/* What exec --detach started, and the process itself. */
	if (s.made && ops->kill(&cg) < 0)
		oci_fail("%s", cg_error);
	if (s.made && ops->destroy(&cg) < 0)
		oci_fail("%s", cg_error);
	cg_free(&cg);
	state_remove(&s);
	return 0;
}

/* ---- create, start, run ----------------------------------------------------- */

struct create_opts {
	const char *bundle, *pid_file, *console, *id;
	int preserve_fds;
};

static void parse_create(int argc, char **argv, struct create_opts *co)
{
	enum { O_BUNDLE = 'b', O_PIDFILE = CHAR_MAX + 1, O_CONSOLE,
	       O_NOPIVOT, O_NOKEYRING, O_PRESERVE, O_DETACH };
	static const struct opt opts[] = {
		{ "bundle", 'b', true, O_BUNDLE },
		{ "pid-file", 0, true, O_PIDFILE },
		{ "console-socket", 0, true, O_CONSOLE },
		{ "no-pivot", 0, false, O_NOPIVOT },
		{ "no-new-keyring", 0, false, O_NOKEYRING },
		{ "preserve-fds", 0, true, O_PRESERVE },
		{ "detach", 'd', false, O_DETACH },
		{ NULL, 0, false, 0 },
	};
	struct opt_state os;
	uint64_t v;
	int c;

	memset(co, 0, sizeof(*co));
	co->bundle = ".";
	opt_init(&os, argc, argv);
	while ((c = opt_get(&os, opts)) != OPT_DONE) {
		switch (c) {
		case O_BUNDLE:
			co->bundle = os.arg;
			break;
		case O_PIDFILE:
			co->pid_file = os.arg;
			break;
		case O_CONSOLE:
			co->console = os.arg;
			break;
		case O_PRESERVE:
			if (parse_u64(os.arg, &v) < 0 || v > 1024)
				oci_fail("invalid --preserve-fds '%s'",
					 os.arg);
			co->preserve_fds = (int)v;
			break;
		default:	/* --no-pivot: hind always pivots safely;
				 * --no-new-keyring: no keyring is made */
			break;
		}
	}
	if (os.ind != argc - 1)
		oci_fail("%s: needs one container id", argv[0]);
	co->id = check_id(argv[os.ind]);
}

/* The pid file: the decimal pid, no newline (go-runc's Atoi). */
static void write_pid_file(const char *path, pid_t pid)
{
	char num[16], *tmp;

	if (!path)
		return;
	snprintf(num, sizeof(num), "%d", (int)pid);
	tmp = xasprintf("%s.tmp", path);
	if (put_file(tmp, num) < 0 || rename(tmp, path) < 0)
		oci_fail("cannot write the pid file '%s': %s", path,
			 strerror(errno));
	free(tmp);
}

/* Connect to the caller's console socket (runc's protocol). */
static int console_connect(const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd;

	if (strlen(path) >= sizeof(sa.sun_path))
		oci_fail("console socket path too long: '%s'", path);
	strcpy(sa.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		oci_fail("cannot connect to the console socket '%s': %s",
			 path, strerror(errno));
	return fd;
}

static const char *const oci_ctrl_hint[CG_NCTRL] = {
	[CG_CPU] = "linux.resources.cpu",
	[CG_CPUACCT] = "linux.resources.cpu",
	[CG_CPUSET] = "linux.resources.cpu.cpus/mems",
	[CG_MEMORY] = "linux.resources.memory",
	[CG_PIDS] = "linux.resources.pids",
};

static struct engine the_engine;
static char *made_dir;		/* ROOT/ID while create may fail */

static void remove_made_dir(void)
{
	if (made_dir)
		(void)remove_state_dir(made_dir);
}

/*
 * create: everything but the command's execve; run: the same, then start
 * and wait as its parent. Returns the pid of the container's process.
 */
static pid_t do_create(struct create_opts *co, bool run, int *master)
{
	static struct run_desc rd;
	struct engine *e = &the_engine;
	struct oci_extra x;
	struct state s;
	char now[40], *fifo, *dir;
	int dirfd, fd, rc;

	if (oci_config_load(co->bundle, &rd, &x) < 0)
		oci_fail("%s", oci_error);
	rd.oci = true;
	check_lsm(&rd);
	rd.preserve_fds = co->preserve_fds;
	if (rd.tty && !co->console && !run)
		oci_fail("cannot allocate tty if runc will detach without "
			 "setting console socket");
	if (!rd.tty && co->console)
		oci_fail("cannot use console socket if runc will not detach "
			 "or allocate tty");

	/* The state directory: new, or this id is taken. */
	mkdir_p(state_root);
	dir = state_path(co->id, NULL);
	if (mkdir(dir, 0711) < 0)
		oci_fail(errno == EEXIST ? "container with id exists: %s" :
			 "cannot create the state of %s", co->id);
	made_dir = dir;
	atexit(remove_made_dir);
	dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dirfd < 0 || flock(dirfd, LOCK_EX) < 0)
		oci_fail("cannot lock '%s': %s", dir, strerror(errno));
	fifo = state_path(co->id, "exec.fifo");
	/* 0622 whatever the umask: pid 1 may be a non-root process.user
	 * by the time it opens the write end. */
	if (mkfifo(fifo, 0622) < 0 || chmod(fifo, 0622) < 0)
		oci_fail("cannot create '%s': %s", fifo, strerror(errno));

	eng_init(e, &rd);
	e->ctrl_hint = oci_ctrl_hint;
	if (!rd.cgroup_path)
		rd.name = co->id;
	eng_cgroup(e);
	e->sp.detach = !run;
	e->sp.exec_fifo = open(fifo, O_PATH | O_CLOEXEC);
	if (e->sp.exec_fifo < 0)
		oci_fail("cannot open '%s': %s", fifo, strerror(errno));
	if (co->console) {
		e->sp.tty_sock = console_connect(co->console);
		e->sp.console = true;
	}
	eng_start(e);
	close(e->sp.exec_fifo);
	e->sp.exec_fifo = -1;
	if (run && rd.tty && !co->console) {
		/* run -t: the pty comes to us, relayed to our terminal. */
		*master = pty_recv(e->sp.tty_sock);
		close(e->sp.tty_sock);
	}
	rc = spawn_ready(&e->sp, false);
	if (rc)
		exit(1);
	if (e->sp.console)
		close(e->sp.tty_sock);

	/* The record, then the pid file: the container exists now. */
	memset(&s, 0, sizeof(s));
	s.id = (char *)co->id;
	s.pid = e->sp.pid;
	{
		char st;

		if (proc_start(s.pid, &s.start, &st) < 0)
			oci_fail("the container's process %d is gone",
				 (int)s.pid);
	}
	s.bundle = path_resolve(co->bundle);
	s.rootfs = (char *)rd.mnt.image;
	log_now(now, sizeof(now));
	s.created = now;
	{
		struct strbuf b = SB_INIT;
		const struct cg_hier *hp;

		cg_for_each(hp, &e->cg)
			sb_addf(&b, "cg %s %s\n", hp->mnt, hp->rel);
		s.cgroup = b.buf;
	}
	s.made = e->cg.h[0].made;
	if (x.annotations) {
		char *ann = xasprintf("%.*s", (int)x.annotations_len,
				      x.annotations);
		char *p = state_path(co->id, "annotations");

		if (put_file(p, ann) < 0)
			oci_fail("cannot write '%s': %s", p, strerror(errno));
		free(p);
		free(ann);
	}
	if (e->sp.filter) {
		char *p = state_path(co->id, "seccomp");

		fd = open(p, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
		if (fd < 0 || write_all(fd, e->sp.filter, e->sp.filter_len *
					sizeof(*e->sp.filter)) < 0)
			oci_fail("cannot write '%s': %s", p, strerror(errno));
		close(fd);
		free(p);
		s.filter = true;
	}
	state_write(&s);
	write_pid_file(co->pid_file, s.pid);
	made_dir = NULL;
	close(dirfd);
	close(e->sp.err_fd);
	eng_keep(e);
	free(fifo);
	return s.pid;
}

/* Open the fifo: pid 1, blocked opening its other end, goes on. */
static void release_fifo(const struct state *s)
{
	char *fifo = state_path(s->id, "exec.fifo"), c;
	struct pollfd p;
	int fd, i;

	fd = open(fifo, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		oci_fail("cannot start container %s: %s", s->id,
			 strerror(errno));
	p.fd = fd;
	p.events = POLLIN;
	/* Its open returns now; its write follows at once (10 s bound). */
	for (i = 0; i < 100; i++) {
		if (poll(&p, 1, 100) > 0 && read(fd, &c, 1) == 1)
			break;
		if (state_status(s) == ST_STOPPED)
			oci_fail("the container's process exited before it "
				 "was started");
	}
	close(fd);
	if (i == 100)
		oci_fail("the container's process did not take the start");
	(void)unlink(fifo);
	free(fifo);
}

static int cmd_create(int argc, char **argv)
{
	struct create_opts co;

	parse_create(argc, argv, &co);
	do_create(&co, false, NULL);
	return 0;
}

static int cmd_start(int argc, char **argv)
{
	struct state s;
	enum status st;

	if (argc != 2)
		oci_fail("start: needs one container id");
	need_state(argv[1], &s);
	st = state_status(&s);
	if (st == ST_RUNNING)
		oci_fail("cannot start an already running container");
	if (st == ST_STOPPED)
		oci_fail("cannot start a container that has stopped");
	release_fifo(&s);
	return 0;
}

/*
 * run: create, start, and wait for the process as its parent, passing on
 * the signals this process gets; then delete. The status is the
 * process's (128+N for signal N).
 */
static int cmd_run(int argc, char **argv)
{
	struct create_opts co;
	struct state s;
	sigset_t mask;
	int sigfd, st, master = -1;
	pid_t pid;

	parse_create(argc, argv, &co);
	sigfillset(&mask);
	sigdelset(&mask, SIGSEGV);
	sigprocmask(SIG_BLOCK, &mask, NULL);
	sigfd = signalfd(-1, &mask, SFD_CLOEXEC);
	pid = do_create(&co, true, &master);
	need_state(co.id, &s);
	release_fifo(&s);
	close(s.dirfd);
	if (master >= 0 && isatty(0)) {
		pty_winsize(0, master);
		if (tty_raw(0) < 0)
			oci_fail("cannot put the terminal in raw mode");
	}
	st = run_wait(pid, sigfd, master, true);
	tty_restore();
	need_state(co.id, &s);
	{
		struct cg cg;

		state_cgroup(&s, &cg);
		if (cg_ops()->kill(&cg) < 0 || cg_ops()->destroy(&cg) < 0)
			warn("%s", cg_error);
		cg_free(&cg);
	}
	state_remove(&s);
	return status_map(st);
}

/* ---- exec --------------------------------------------------------------------- */

static int cmd_exec(int argc, char **argv)
{
	enum { O_PROCESS = 'p', O_DETACH = 'd', O_PIDFILE = CHAR_MAX + 1,
	       O_CONSOLE, O_TTY, O_PRESERVE };
	static const struct opt opts[] = {
		{ "process", 'p', true, O_PROCESS },
		{ "detach", 'd', false, O_DETACH },
		{ "pid-file", 0, true, O_PIDFILE },
		{ "console-socket", 0, true, O_CONSOLE },
		{ "tty", 't', false, O_TTY },
		{ "preserve-fds", 0, true, O_PRESERVE },
		{ NULL, 0, false, 0 },
	};
	static const struct { const char *name; int flag; } nss[] = {
		{ "ipc", CLONE_NEWIPC }, { "uts", CLONE_NEWUTS },
		{ "net", CLONE_NEWNET }, { "pid", CLONE_NEWPID },
		{ "cgroup", CLONE_NEWCGROUP }, { "mnt", CLONE_NEWNS },
	};
	static struct run_desc rd;
	struct engine *e = &the_engine;
	const char *process = NULL, *pid_file = NULL, *console = NULL;
	bool detach = false, tty = false;
	struct opt_state os;
	struct state s;
	char buf[65536];
	ssize_t n;
	size_t i;
	int c, sigfd, st, rc;
	uint64_t v;

	opt_init(&os, argc, argv);
	memset(&rd, 0, sizeof(rd));
	while ((c = opt_get(&os, opts)) != OPT_DONE) {
		switch (c) {
		case O_PROCESS:
			process = os.arg;
			break;
		case O_DETACH:
			detach = true;
			break;
		case O_PIDFILE:
			pid_file = os.arg;
			break;
		case O_CONSOLE:
			console = os.arg;
			break;
		case O_TTY:
			tty = true;
			break;
		case O_PRESERVE:
			if (parse_u64(os.arg, &v) < 0 || v > 1024)
				oci_fail("invalid --preserve-fds '%s'", os.arg);
			rd.preserve_fds = (int)v;
			break;
		}
	}
	if (os.ind >= argc)
		oci_fail("exec: needs a container id");
	need_state(argv[os.ind], &s);
	if (process) {
		n = read_file(process, buf, sizeof(buf));
		if (n < 0)
			oci_fail("cannot read '%s': %s", process,
				 strerror((int)-n));
		if (oci_process_parse(buf, (size_t)n, &rd) < 0)
			oci_fail("%s", oci_error);
	} else {
		static char path[] = "PATH=/usr/local/sbin:/usr/local/bin:"
				     "/usr/sbin:/usr/bin:/sbin:/bin";
		static char *env[] = { path, NULL };

		if (os.ind + 1 >= argc)
			oci_fail("exec: needs --process or a command");
		rd.argv = argv + os.ind + 1;
		rd.env = env;
		rd.workdir = "/";
		rd.tty = tty;
		rd.umask = -1;
		rd.caps.bounding = rd.caps.effective = rd.caps.permitted =
			CAPS_DEFAULT;
		rd.no_new_privs = true;
	}
	rd.oci = true;
	rd.enter = true;
	check_lsm(&rd);
	rd.keep_stdin = true;
	if (rd.tty && !console && detach)
		oci_fail("cannot allocate tty if runc will detach without "
			 "setting console socket");
	if (state_status(&s) != ST_RUNNING)
		oci_fail("cannot exec in a stopped container");
	/* Its namespaces: those that are not ours. */
	for (i = 0; i < ARRAY_SIZE(nss); i++) {
		char theirs[48], ours[48], a[64], b[64];
		ssize_t la, lb;

		snprintf(theirs, sizeof(theirs), "/proc/%d/ns/%s", (int)s.pid,
			 nss[i].name);
		snprintf(ours, sizeof(ours), "/proc/self/ns/%s", nss[i].name);
		la = readlink(theirs, a, sizeof(a) - 1);
		lb = readlink(ours, b, sizeof(b) - 1);
		if (la < 0)
			continue;
		if (lb == la && !memcmp(a, b, (size_t)la))
			continue;
		rd.joins[rd.njoins].flag = nss[i].flag;
		rd.joins[rd.njoins++].path = xstrdup(theirs);
	}

	eng_init(e, &rd);
	state_cgroup(&s, &e->cg);
	e->cg_made = false;	/* it is the container's: never removed here */
	if (s.filter) {
		static struct sock_filter prog[BPF_MAXINSNS];
		char *p = state_path(s.id, "seccomp");
		int fd = open(p, O_RDONLY | O_CLOEXEC);

		n = fd < 0 ? -1 : read(fd, prog, sizeof(prog));
		if (n <= 0 || n % (ssize_t)sizeof(*prog))
			oci_fail("cannot read '%s'", p);
		close(fd);
		free(p);
		rd.seccomp_prog = prog;
		rd.seccomp_prog_len = (size_t)n / sizeof(*prog);
	}
	if (console) {
		e->sp.tty_sock = console_connect(console);
		e->sp.console = true;
	}
	sigfd = run_sigfd();
	e->sp.detach = detach;
	eng_start(e);
	close(s.dirfd);
	/* The error pipe closes at a good execve, or carries the error. */
	rc = spawn_ready(&e->sp, true);
	if (rc && rc != 125)
		exit(rc == 127 ? 127 : 126);
	if (rc)
		exit(1);
	write_pid_file(pid_file, e->sp.pid);
	if (e->sp.console)
		close(e->sp.tty_sock);
	if (detach) {
		eng_keep(e);
		return 0;
	}
	st = run_wait(e->sp.pid, sigfd, -1, true);
	e->sp.pid = 0;
	return status_map(st);
}

/* ---- features, spec ------------------------------------------------------------ */

/*
 * runc spec's default config.json (host name "hind"), compact: 1.8 KB
 * instead of the 2.5 KB of the text spec_print() makes of it.
 */
static const char oci_default_spec[] =
	"{\"ociVersion\":\"1.0.2\",\"process\":{\"terminal\":true,\"user\":{"
	"\"uid\":0,\"gid\":0},\"args\":[\"sh\"],\"env\":["
	"\"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\","
	"\"TERM=xterm\"],\"cwd\":\"/\",\"capabilities\":{\"bounding\":["
	"\"CAP_AUDIT_WRITE\",\"CAP_KILL\",\"CAP_NET_BIND_SERVICE\"],"
	"\"effective\":[\"CAP_AUDIT_WRITE\",\"CAP_KILL\","
	"\"CAP_NET_BIND_SERVICE\"],\"permitted\":[\"CAP_AUDIT_WRITE\","
	"\"CAP_KILL\",\"CAP_NET_BIND_SERVICE\"],\"ambient\":["
	"\"CAP_AUDIT_WRITE\",\"CAP_KILL\",\"CAP_NET_BIND_SERVICE\"]},"
	"\"rlimits\":[{\"type\":\"RLIMIT_NOFILE\",\"hard\":1024,"
	"\"soft\":1024}],\"noNewPrivileges\":true},\"root\":{"
	"\"path\":\"rootfs\",\"readonly\":true},\"hostname\":\"hind\","
	"\"mounts\":[{\"destination\":\"/proc\",\"type\":\"proc\","
	"\"source\":\"proc\"},{\"destination\":\"/dev\",\"type\":\"tmpfs\","
	"\"source\":\"tmpfs\",\"options\":[\"nosuid\",\"strictatime\","
	"\"mode=755\",\"size=65536k\"]},{\"destination\":\"/dev/pts\","
	"\"type\":\"devpts\",\"source\":\"devpts\",\"options\":[\"nosuid\","
	"\"noexec\",\"newinstance\",\"ptmxmode=0666\",\"mode=0620\","
	"\"gid=5\"]},{\"destination\":\"/dev/shm\",\"type\":\"tmpfs\","
	"\"source\":\"shm\",\"options\":[\"nosuid\",\"noexec\",\"nodev\","
	"\"mode=1777\",\"size=65536k\"]},{\"destination\":\"/dev/mqueue\","
	"\"type\":\"mqueue\",\"source\":\"mqueue\",\"options\":[\"nosuid\","
	"\"noexec\",\"nodev\"]},{\"destination\":\"/sys\",\"type\":\"sysfs\","
	"\"source\":\"sysfs\",\"options\":[\"nosuid\",\"noexec\",\"nodev\","
	"\"ro\"]},{\"destination\":\"/sys/fs/cgroup\",\"type\":\"cgroup\","
	"\"source\":\"cgroup\",\"options\":[\"nosuid\",\"noexec\",\"nodev\","
	"\"relatime\",\"ro\"]}],\"linux\":{\"resources\":{\"devices\":[{"
	"\"allow\":false,\"access\":\"rwm\"}]},\"namespaces\":[{"
	"\"type\":\"pid\"},{\"type\":\"network\"},{\"type\":\"ipc\"},{"
	"\"type\":\"uts\"},{\"type\":\"mount\"}],\"maskedPaths\":["
	"\"/proc/acpi\",\"/proc/asound\",\"/proc/kcore\",\"/proc/keys\","
	"\"/proc/latency_stats\",\"/proc/timer_list\",\"/proc/timer_stats\","
	"\"/proc/sched_debug\",\"/sys/firmware\",\"/proc/scsi\"],"
	"\"readonlyPaths\":[\"/proc/bus\",\"/proc/fs\",\"/proc/irq\","
	"\"/proc/sys\",\"/proc/sysrq-trigger\"]}}";

/* A new line indented by depth tabs. */
static __attribute__((noinline)) /* four calls: -Oz would copy it */
char *spec_nl(char *o, int depth)
{
	*o++ = '\n';
	while (depth-- > 0)
		*o++ = '\t';
	return o;
}

/*
 * oci_default_spec as runc prints it, into buf (the text is 1.4 times
 * as long): one member or element a line, tab-indented, "key": value.
 * Returns the length. Enough for that literal: no empty arrays or
 * objects, no escaped quotes.
 */
static size_t spec_print(char *buf, const char *s)
{
	char *o = buf;
	int depth = 0;
	bool str = false;

	for (; *s; s++) {
		if (*s == '"')
			str = !str;
		if (!str && (*s == '}' || *s == ']'))
			o = spec_nl(o, --depth);
		*o++ = *s;
		if (str)
			continue;
		if (*s == ':')
			*o++ = ' ';
		else if (*s == ',')
			o = spec_nl(o, depth);
		else if (*s == '{' || *s == '[')
			o = spec_nl(o, ++depth);
	}
	*o++ = '\n';
	return (size_t)(o - buf);
}

/*
 * The runtime-spec features document: what this build honours, so that
 * an engine can ask instead of finding out at create.
 */
static void features_json(struct strbuf *b)
{
	int c;

	sb_add(b, "{\"ociVersionMin\":\"1.0.0\",\"ociVersionMax\":"
	       "\"1.1.0\",\"hooks\":[],\"mountOptions\":["
	       "\"async\",\"atime\",\"bind\",\"defaults\",\"dev\",\"diratime\","
	       "\"dirsync\",\"exec\",\"mand\",\"noatime\",\"nodev\","
	       "\"nodiratime\",\"noexec\",\"nomand\",\"norelatime\","
	       "\"nostrictatime\",\"nosuid\",\"private\",\"rbind\","
	       "\"relatime\",\"ro\",\"rprivate\",\"rshared\",\"rslave\","
	       "\"runbindable\",\"rw\",\"shared\",\"slave\",\"strictatime\","
	       "\"suid\",\"sync\",\"unbindable\""
	       "],\"linux\":{\"namespaces\":[\"cgroup\",\"ipc\","
	       "\"mount\",\"network\",\"pid\",\"uts\"],"
	       "\"capabilities\":[");
	for (c = 0; c <= CAPS_LAST; c++)
		sb_addf(b, "%s\"%s\"", c ? "," : "", cap_name(c));
	sb_addf(b, "],\"cgroup\":{\"v1\":%s,\"v2\":%s,\"systemd\":false,"
		"\"systemdUser\":false,\"rdma\":false},",
		CFG_HIND_CGROUP_V2 ? "false" : "true",
		CFG_HIND_CGROUP_V1 ? "false" : "true");
	sb_add(b, "\"seccomp\":{\"enabled\":true,\"actions\":["
	       "\"SCMP_ACT_ALLOW\",\"SCMP_ACT_ERRNO\",\"SCMP_ACT_KILL\","
	       "\"SCMP_ACT_KILL_PROCESS\",\"SCMP_ACT_KILL_THREAD\","
	       "\"SCMP_ACT_LOG\",\"SCMP_ACT_TRACE\",\"SCMP_ACT_TRAP\"],"
	       "\"operators\":[\"SCMP_CMP_EQ\",\"SCMP_CMP_GE\","
	       "\"SCMP_CMP_GT\",\"SCMP_CMP_LE\",\"SCMP_CMP_LT\","
	       "\"SCMP_CMP_MASKED_EQ\",\"SCMP_CMP_NE\"],\"archs\":["
	       "\"SCMP_ARCH_X86\",\"SCMP_ARCH_X86_64\",\"SCMP_ARCH_X32\"]},"
	       "\"apparmor\":{\"enabled\":true},"
	       "\"selinux\":{\"enabled\":false}},"
	       "\"annotations\":{\"org.opencontainers.runtime-spec.features"
	       ".hind.version\":\"" HIND_VERSION "\"}}\n");
}

static int cmd_features(int argc, char **argv)
{
	struct strbuf b = SB_INIT;

	(void)argc;
	(void)argv;
	features_json(&b);
	xwrite_all(1, b.buf, b.len);
	return 0;
}

static int cmd_spec(int argc, char **argv)
{
	static const struct opt opts[] = {
		{ "bundle", 'b', true, 'b' },
		{ "rootless", 0, false, 'r' },
		{ NULL, 0, false, 0 },
	};
	const char *bundle = ".";
	static char buf[2 * sizeof(oci_default_spec)];
	struct opt_state os;
	char *path;
	int c, fd;

	opt_init(&os, argc, argv);
	while ((c = opt_get(&os, opts)) != OPT_DONE)
		if (c == 'b')
			bundle = os.arg;
		else
			oci_fail("spec: --rootless is not supported");
	path = xasprintf("%s/config.json", bundle);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd < 0)
		oci_fail(errno == EEXIST ? "File %s exists. Remove it first" :
			 "cannot create '%s'", path);
	if (write_all(fd, buf, spec_print(buf, oci_default_spec)) < 0)
		oci_fail("cannot write '%s': %s", path, strerror(errno));
	close(fd);
	free(path);
	return 0;
}

/* ---- the command line ------------------------------------------------------ */

/* warn()/die() lines also go to the --log file. */
static void log_hook(const char *msg)
{
	if (log_fd != 2)
		log_msg(LOG_ERROR, "oci", "%s", msg);
}

int hind_oci_main(int argc, char **argv)
{
	enum { O_ROOT = CHAR_MAX + 1, O_LOG, O_LOGFMT, O_DEBUG, O_SYSTEMD,
	       O_ROOTLESS, O_CRIU };
	static const struct opt opts[] = {
		{ "root", 0, true, O_ROOT },
		{ "log", 0, true, O_LOG },
		{ "log-format", 0, true, O_LOGFMT },
		{ "debug", 0, false, O_DEBUG },
		{ "systemd-cgroup", 0, false, O_SYSTEMD },
		{ "rootless", 0, true, O_ROOTLESS },
		{ "criu", 0, true, O_CRIU },
		{ NULL, 0, false, 0 },
	};
	static const struct {
		const char *name;
		int (*fn)(int, char **);
	} cmds[] = {
		{ "create", cmd_create }, { "delete", cmd_delete },
		{ "exec", cmd_exec }, { "features", cmd_features },
		{ "kill", cmd_kill }, { "list", cmd_list }, { "ps", cmd_ps },
		{ "run", cmd_run }, { "spec", cmd_spec },
		{ "start", cmd_start }, { "state", cmd_state },
	};
	const char *log = NULL, *fmt = "text";
	bool systemd = false;
	struct opt_state os;
	size_t i;
	int c;

	die_status = 1;
	log_level = LOG_ERROR;
	opt_init(&os, argc, argv);
	while ((c = opt_get(&os, opts)) != OPT_DONE) {
		switch (c) {
		case O_ROOT:
			state_root = os.arg;
			break;
		case O_LOG:
			log = os.arg;
			break;
		case O_LOGFMT:
			fmt = os.arg;
			break;
		case O_DEBUG:
			log_level = LOG_DEBUG;
			break;
		case O_SYSTEMD:
			systemd = true;
			break;
		case O_ROOTLESS:
			if (strcmp(os.arg, "false") && strcmp(os.arg, "auto"))
				usage_die("--rootless %s: hind-oci runs as "
					  "root only (false or auto)", os.arg);
			break;
		default:	/* --criu: no checkpointing, so unused */
			break;
		}
	}
	if (strcmp(fmt, "text") && strcmp(fmt, "json"))
		usage_die("invalid --log-format '%s' (text or json)", fmt);
	log_json = !strcmp(fmt, "json");
	if (log) {
		log_fd = open(log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC,
			      0644);
		if (log_fd < 0)
			die_errno("cannot open the log '%s'", log);
		log_time = true;
		msg_hook = log_hook;
	}
	if (systemd)
		oci_fail("--systemd-cgroup is not supported: hind has no "
			 "systemd cgroup driver (use cgroupfs)");
	if (os.ind >= argc)
		usage_die("missing COMMAND");
	for (i = 0; i < ARRAY_SIZE(cmds); i++)
		if (!strcmp(argv[os.ind], cmds[i].name))
			return cmds[i].fn(argc - os.ind, argv + os.ind);
	usage_die("unknown command '%s'", argv[os.ind]);
}
