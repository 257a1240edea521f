// SPDX-License-Identifier: MIT
/*
 * cgroup.c - the one place that picks cgroup v1 or v2, and what both share.
 *
 * A v1 or v2 build binds its backend at compile time; both backends are
 * always compiled (so neither rots) and --gc-sections drops the unused one.
 * An "auto" build asks statfs(2) once: cgroup2 at HIND_CGROUP_ROOT means
 * v2, anything else (a tmpfs of v1 mounts, as on hybrid hosts) means v1.
 */
#include <dirent.h>
#include <sys/file.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/xattr.h>
#include <time.h>
#include <linux/magic.h>
#include "hind.h"

const char *const cg_ctrl_name[CG_NCTRL] = {
	[CG_CPU] = "cpu", [CG_CPUACCT] = "cpuacct", [CG_CPUSET] = "cpuset",
	[CG_MEMORY] = "memory", [CG_PIDS] = "pids",
};

char cg_error[512];

const struct cg_ops *cg_ops(void)
{
	static const struct cg_ops *ops;
	struct statfs sfs;

	if (ops)
		return ops;
	if (CFG_HIND_CGROUP_V1)
		ops = &cg_v1_ops;
	else if (CFG_HIND_CGROUP_V2)
		ops = &cg_v2_ops;
	else if (statfs(CFG_HIND_CGROUP_ROOT, &sfs) == 0 &&
		 sfs.f_type == CGROUP2_SUPER_MAGIC)
		ops = &cg_v2_ops;
	else
		ops = &cg_v1_ops;
	return ops;
}

const struct cg_hier *cg_hier_of(const struct cg *cg, enum cg_ctrl c)
{
	const struct cg_hier *hp;

	cg_for_each(hp, cg)
		if (hp->ctrls & CG_BIT(c))
			return hp;
	return NULL;
}

void cg_free(struct cg *cg)
{
	struct cg_hier *hp;

	cg_for_each(hp, cg) {
		free(hp->dir);
		free(hp->rel);
		if (hp->lock >= 0)
			close(hp->lock);
		hp->lock = -1;
	}
	cg->n = 0;
}

int cg_fail(int err, const char *fmt, ...)
{
	va_list ap;
	size_t n;

	va_start(ap, fmt);
	xvsnprintf(cg_error, sizeof(cg_error), fmt, ap);
	va_end(ap);
	n = strlen(cg_error);
	if (err < 0 && n < sizeof(cg_error))
		snprintf(cg_error + n, sizeof(cg_error) - n, ": %s",
			 strerror(-err));
	return err < 0 ? err : -EINVAL;
}

int cg_check_fail(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	xvsnprintf(cg_error, sizeof(cg_error), fmt, ap);
	va_end(ap);
	return -ENOENT;
}

int cg_proc_line(char **pos, char **id, char **ctrls, char **path)
{
	while (*pos && **pos) {
		char *line = *pos, *nl = strchr(line, '\n'), *a, *b;

		*pos = nl ? nl + 1 : line + strlen(line);
		if (nl)
			*nl = '\0';
		a = strchr(line, ':');
		b = a ? strchr(a + 1, ':') : NULL;
		if (!b)
			continue;
		*a = *b = '\0';
		*id = line;
		*ctrls = a + 1;
		*path = b + 1;
		return 1;
	}
	return 0;
}

ssize_t cg_read_proc(pid_t pid, char *buf, size_t size)
{
	char file[64];
	ssize_t n;

	snprintf(file, sizeof(file), "/proc/%d/cgroup", pid ? (int)pid :
		 (int)getpid());
	n = read_file(file, buf, size);
	if (n < 0)
		return cg_fail((int)n, "cannot read '%s'", file);
	return n;
}

int cg_proc_path(pid_t pid, char *buf, size_t size)
{
	char data[4096], *pos = data, *id, *ctrls, *path;
	ssize_t n = cg_read_proc(pid, data, sizeof(data));

	if (n < 0)
		return (int)n;
	while (cg_proc_line(&pos, &id, &ctrls, &path)) {
		if (strcmp(id, "0") || *ctrls)
			continue;
		if ((size_t)snprintf(buf, size, "%s", path) >= size)
			return cg_fail(-ENAMETOOLONG, "cgroup path too long");
		return 0;
	}
	return cg_fail(-ENOENT, "process %d is in no v2 cgroup",
		       pid ? (int)pid : (int)getpid());
}

/* Decode mountinfo's octal escapes (\040 is a blank) in place. */
static char *unescape(char *s)
{
	char *r = s, *w = s;

	while (*r) {
		if (r[0] == '\\' && r[1] >= '0' && r[1] <= '3' &&
		    r[2] >= '0' && r[2] <= '7' && r[3] >= '0' && r[3] <= '7') {
			*w++ = (char)((r[1] - '0') << 6 | (r[2] - '0') << 3 |
				      (r[3] - '0'));
			r += 4;
		} else {
			*w++ = *r++;
		}
	}
	*w = '\0';
	return s;
}

int cg_mountinfo_line(char *line, struct cg_mountinfo *mi)
{
	char *f[6], *p = line, *t;
	int i;

	/* ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTIONS [OPTIONAL...] - TYPE
	 * SOURCE SUPER-OPTIONS */
	for (i = 0; i < 6; i++) {
		f[i] = strsep(&p, " ");
		if (!f[i] || !p)
			return -EINVAL;
	}
	do {
		t = strsep(&p, " ");
		if (!t || !p)
			return -EINVAL;
	} while (strcmp(t, "-"));
	mi->fstype = strsep(&p, " ");
	if (!p || !strsep(&p, " ") || !p)
		return -EINVAL;
	mi->opts = strsep(&p, " ");
	if (!*f[3] || !*f[4] || !*mi->fstype)
		return -EINVAL;
	mi->root = unescape(f[3]);
	mi->mnt = unescape(f[4]);
	return 0;
}

bool cg_opts_have(const char *opts, const char *names)
{
	while (*names) {
		size_t len = strcspn(names, ","), w;
		const char *p = opts;
		bool found = false;

		while (*p && !found) {
			w = strcspn(p, ",");
			found = w == len && !strncmp(p, names, len);
			p += w + (p[w] == ',');
		}
		if (!found)
			return false;
		names += len + (names[len] == ',');
	}
	return true;
}

int cg_each_mount(const char *file,
		  void (*fn)(const struct cg_mountinfo *mi, void *arg),
		  void *arg)
{
	char buf[16384], *line, *nl;
	struct cg_mountinfo mi;
	size_t len = 0;
	bool skip = false, end = false;
	int fd = open(file, O_RDONLY | O_CLOEXEC), err = 0;

	if (fd < 0)
		return cg_fail(-errno, "cannot read '%s'", file);
	while (!end) {
		ssize_t n = read(fd, buf + len, sizeof(buf) - 1 - len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			err = cg_fail(-errno, "cannot read '%s'", file);
			break;
		}
		len += (size_t)n;
		buf[len] = '\0';
		/* At the end, a last line without a newline counts too. */
		end = !n;
		if (end && len && buf[len - 1] != '\n' && len < sizeof(buf) - 1)
			buf[len++] = '\n';
		for (line = buf;
		     (nl = memchr(line, '\n', len - (size_t)(line - buf)));
		     line = nl + 1) {
			*nl = '\0';
			if (skip) {
				skip = false;
				continue;
			}
			if (!cg_mountinfo_line(line, &mi) &&
			    (!strcmp(mi.fstype, "cgroup") ||
			     !strcmp(mi.fstype, "cgroup2")))
				fn(&mi, arg);
		}
		len -= (size_t)(line - buf);
		memmove(buf, line, len);
		/* A line longer than the buffer (overlayfs layers): not a
		 * cgroup mount; drop it up to its newline. */
		if (len == sizeof(buf) - 1) {
			len = 0;
			skip = true;
		}
	}
	close(fd);
	return err;
}

/* ---- walking a tree: no recursion, memory and fds bounded --------------- */

/* A directory read in getdents64 chunks, one subdirectory at a time. */
struct cursor {
	int fd;
	int pos, len;
	char buf[4096] __attribute__((aligned(8)));
};

static void cur_open(struct cursor *c, int fd)
{
	c->fd = fd;
	c->pos = c->len = 0;
}

/* The next subdirectory (not . or ..) of c: 1, 0 at the end, or -errno. */
static int cur_next_dir(struct cursor *c, char *name, uint64_t *ino)
{
	for (;;) {
		struct linux_dirent64 *d;

		if (c->pos >= c->len) {
			long n = syscall(SYS_getdents64, c->fd, c->buf,
					 sizeof(c->buf));

			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0)
				return n < 0 ? -errno : 0;
			c->len = (int)n;
			c->pos = 0;
		}
		d = (struct linux_dirent64 *)(c->buf + c->pos);
		c->pos += d->d_reclen;
		if (d->d_type != DT_DIR || !strcmp(d->d_name, ".") ||
		    !strcmp(d->d_name, ".."))
			continue;
		snprintf(name, NAME_MAX + 1, "%s", d->d_name);
		*ino = d->d_ino;
		return 1;
	}
}

/*
 * The walk keeps the parent of the directory it reads open; where it has
 * had to close it (two levels down), it goes back up through ".." and
 * finds the child it left by its inode number (getdents' d_ino is the
 * inode's st_ino on cgroupfs). A child that vanished meanwhile makes it
 * read the parent again from the top, at most 64 times per walk; then it
 * leaves that parent.
 */
int cg_walk(const char *dir, int (*pre)(int fd, void *arg),
	    int (*post)(int pfd, const char *name, void *arg), void *arg)
{
	struct cursor a, b, *cur = &a, *up = &b, *t;
	char name[NAME_MAX + 1], curname[NAME_MAX + 1];
	unsigned long depth = 0;
	bool have_up = false;
	int restarts = 0;
	uint64_t ino, want;
	struct stat st;
	int fd, r, err = 0;

	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT ? 0 : -errno;
	cur_open(cur, fd);
	if (pre && (r = pre(fd, arg)) < 0)
		err = r;
	for (;;) {
		r = cur_next_dir(cur, name, &ino);
		if (r > 0) {
			/* Down into name; cur becomes the open parent. */
			fd = openat(cur->fd, name, O_RDONLY | O_DIRECTORY |
				    O_CLOEXEC | O_NOFOLLOW);
			if (fd < 0) {
				if (errno != ENOENT)
					err = err ?: -errno;
				continue;
			}
			if (have_up)
				close(up->fd);
			t = up;
			up = cur;
			cur = t;
			cur_open(cur, fd);
			have_up = true;
			snprintf(curname, sizeof(curname), "%s", name);
			depth++;
			if (pre && (r = pre(fd, arg)) < 0)
				err = err ?: r;
			continue;
		}
		if (r < 0)
			err = err ?: r;
		if (!depth)
			break;
		/* cur is done: back up to its parent, then post() it. */
		depth--;
		if (have_up) {
			close(cur->fd);
			t = up;
			up = cur;
			cur = t;
			have_up = false;
			if (post && (r = post(cur->fd, curname, arg)) < 0)
				err = err ?: r;
			continue;
		}
		if (fstat(cur->fd, &st) < 0 ||
		    (fd = openat(cur->fd, "..", O_RDONLY | O_DIRECTORY |
				 O_CLOEXEC)) < 0) {
			err = err ?: -errno;
			close(cur->fd);
			return err;
		}
		close(cur->fd);
		cur_open(cur, fd);
		want = st.st_ino;
		while ((r = cur_next_dir(cur, name, &ino)) > 0 && ino != want)
			;
		if (r <= 0) {
			/* It vanished: read the parent again from the top
			 * (or, too often, leave it: it was read to its end). */
			if (restarts++ < 64) {
				lseek(fd, 0, SEEK_SET);
				cur_open(cur, fd);
			}
			continue;
		}
		if (post && (r = post(cur->fd, name, arg)) < 0)
			err = err ?: r;
	}
	close(cur->fd);
	return err;
}

/* ---- creating: the leaf locked and marked ------------------------------ */

/*
 * Lock the new leaf at path: LOCK_SH on an fd kept until it is removed.
 * A sweep of another hind-run may have taken it (a hind-PID cgroup is
 * fair game while unlocked) between mkdir and here: -ENOENT then, and the
 * caller makes it again. Marked once locked, so a sweep never sees a
 * marked cgroup unlocked while its hind-run lives.
 */
bool cg_unowned;

static int lock_leaf(const char *path, int *lock)
{
	struct timespec ts = { 0, 1000000 };
	struct stat a, b;
	char pid[24];
	int fd, i, err;

	if (cg_unowned)
		return 0;
	fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	/* A sweep holds LOCK_EX only for an rmdir: wait for it (2 s). */
	for (i = 0; flock(fd, LOCK_SH | LOCK_NB) < 0; i++) {
		err = -errno;
		if (err != -EWOULDBLOCK || i == 2000) {
			close(fd);
			return cg_fail(err, "cannot lock cgroup '%s'", path);
		}
		nanosleep(&ts, NULL);
	}
	if (fstat(fd, &a) < 0 || stat(path, &b) < 0 || a.st_ino != b.st_ino ||
	    a.st_dev != b.st_dev) {
		close(fd);
		return -ENOENT;
	}
	/* Best effort: where there are no xattrs, only hind-PID is swept. */
	snprintf(pid, sizeof(pid), "%d", (int)getpid());
	(void)fsetxattr(fd, CG_MARK, pid, strlen(pid), 0);
	*lock = fd;
	return 0;
}

static int rmdir_levels(char *path, unsigned levels);

int cg_mkdirs(const char *base, const char *rel, int (*hook)(const char *),
	      int *lock)
{
	char path[PATH_MAX], *p, *leaf;
	size_t len;
	int made, tries = 0, err;

	*lock = -1;
	len = (size_t)snprintf(path, sizeof(path), "%s/", base);
	if (len + strlen(rel) >= sizeof(path))
		return cg_fail(-ENAMETOOLONG, "cgroup path too long");
	strcpy(path + len, rel);
	leaf = strrchr(path + len - 1, '/') + 1;
	if (!*leaf)
		return cg_fail(-EINVAL, "empty cgroup name in '%s'", rel);
again:
	made = 0;
	/*
	 * Each missing ancestor, hook() after each one made. ENOENT: the
	 * cleanup of another hind-run removed an ancestor it had made (none
	 * of ours then) just now: again, a few times.
	 */
	for (p = path + len; p < leaf; p++) {
		if (*p != '/' || p[-1] == '/')
			continue;
		*p = '\0';
		if (mkdir(path, 0755) == 0) {
			made++;
			err = hook ? hook(path) : 0;
			if (err < 0) {
				(void)rmdir(path);
				made--;
			}
		} else {
			err = errno == EEXIST ? 0 : -errno;
			if (err == -ENOENT && !made && tries++ < 8) {
				*p = '/';
				goto again;
			}
			if (err < 0)
				cg_fail(err, "cannot create cgroup '%s'", path);
		}
		if (err < 0)
			goto undo;
		*p = '/';
	}
	/* The leaf, new, locked (a sweep may take it before: again). */
	for (;;) {
		if (mkdir(path, 0755) < 0) {
			err = -errno;
			if (err == -ENOENT && !made && tries++ < 8)
				goto again;
			cg_fail(err, "cannot create cgroup '%s'", path);
			goto undo;
		}
		err = lock_leaf(path, lock);
		if (err != -ENOENT || tries++ >= 8)
			break;
	}
	if (err == -ENOENT)
		cg_fail(err, "cgroup '%s' vanished as it was made", path);
	if (!err && hook)
		err = hook(path);
	if (err < 0) {
		if (*lock >= 0)
			close(*lock);
		*lock = -1;
		(void)rmdir(path);
		goto undo;
	}
	return made + 1;
undo:
	/* path ends in the level that failed: remove the made ones above. */
	*strrchr(path, '/') = '\0';
	rmdir_levels(path, (unsigned)made);
	return -1;
}

/* ---- killing and removing -------------------------------------------- */

/* One pid of a cgroup.procs; 0 is a process of a pid namespace not ours. */
static void kill_one(unsigned long pid, int *seen)
{
	if (pid > 0 && pid <= INT_MAX && kill((pid_t)pid, SIGKILL) == 0)
		(*seen)++;
}

/* pre() of a kill pass: SIGKILL each pid of fd's cgroup.procs. */
static int kill_procs(int fd, void *arg)
{
	char buf[1024];
	unsigned long pid = 0;
	bool digits = false;
	int pfd = openat(fd, "cgroup.procs", O_RDONLY | O_CLOEXEC);
	ssize_t n, i;

	if (pfd < 0)
		return 0;
	/* In chunks: a number may span two reads. */
	while ((n = read(pfd, buf, sizeof(buf))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			break;
		for (i = 0; i < n; i++) {
			if (buf[i] >= '0' && buf[i] <= '9') {
				if (pid <= INT_MAX)
					pid = pid * 10 +
					      (unsigned long)(buf[i] - '0');
				digits = true;
			} else if (digits) {
				kill_one(pid, arg);
				pid = 0;
				digits = false;
			}
		}
	}
	if (digits)
		kill_one(pid, arg);
	close(pfd);
	return 0;
}

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int cg_kill_tree(const char *dir)
{
	struct timespec ts = { 0, 1000000 };
	long end = now_ms() + 5000;
	int seen;

	/*
	 * A fork between reading cgroup.procs and kill() adds a process we
	 * have not seen, so repeat until a pass over the whole tree finds
	 * nobody. Killed processes leave cgroup.procs once they are reaped.
	 */
	do {
		seen = 0;
		cg_walk(dir, kill_procs, NULL, &seen);
		if (!seen)
			return 0;
		nanosleep(&ts, NULL);
	} while (now_ms() < end);
	return cg_fail(-EBUSY, "processes remain in cgroup '%s'", dir);
}

unsigned long cg_busy_ms;

/*
 * rmdir name in directory pfd. With wait, EBUSY is retried for 5 s with
 * a growing pause: a just-emptied cgroup can stay busy for milliseconds.
 */
static int rmdir_at(int pfd, const char *name, bool wait)
{
	struct timespec ts = { 0, 1000000 };
	long start = now_ms();

	while (unlinkat(pfd, name, AT_REMOVEDIR) < 0) {
		if (errno == ENOENT)
			break;
		if (errno != EBUSY || !wait || now_ms() - start > 5000)
			return -errno;
		nanosleep(&ts, NULL);
		if (ts.tv_nsec < 64000000)
			ts.tv_nsec *= 2;
	}
	cg_busy_ms += (unsigned long)(now_ms() - start);
	return 0;
}

static int post_rmdir(int pfd, const char *name, void *arg)
{
	int err = rmdir_at(pfd, name, *(bool *)arg);

	if (err < 0)
		cg_fail(err, "cannot remove cgroup '%s' (below the "
			"container's)", name);
	return err;
}

/* Does cgroup name in directory pfd have a child cgroup? */
static bool has_children(int pfd, const char *name)
{
	char child[NAME_MAX + 1];
	struct cursor c;
	uint64_t ino;
	int fd = openat(pfd, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	bool yes;

	if (fd < 0)
		return false;
	cur_open(&c, fd);
	yes = cur_next_dir(&c, child, &ino) > 0;
	close(fd);
	return yes;
}

/*
 * rmdir path, then up to levels - 1 of its ancestors (those hind made),
 * each EBUSY retried as rmdir_at() does, unless the cgroup holds other
 * cgroups: those are another hind-run's, and it ends the job quietly.
 * path is left as it was.
 */
static int rmdir_levels(char *path, unsigned levels)
{
	size_t len = strlen(path);
	char *slash = NULL;
	int pfd, err = 0;

	for (; levels && !err; levels--) {
		if (slash)
			*slash = '\0';
		slash = strrchr(path, '/');
		if (!slash || slash == path)
			break;
		*slash = '\0';
		pfd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		*slash = '/';
		if (pfd < 0) {
			err = -errno;
			break;
		}
		if (unlinkat(pfd, slash + 1, AT_REMOVEDIR) < 0) {
			err = -errno;
			if ((err == -EBUSY || err == -ENOTEMPTY) &&
			    has_children(pfd, slash + 1))
				err = 1;
			else if (err == -EBUSY)
				err = rmdir_at(pfd, slash + 1, true);
		}
		close(pfd);
	}
	if (err < 0)
		cg_fail(err, "cannot remove cgroup '%s'", path);
	/* Put back the slashes cut on the way up. */
	for (char *q = path; q < path + len; q++)
		if (!*q)
			*q = '/';
	return err < 0 ? err : 0;
}

int cg_rmdir_tree(const char *dir, unsigned levels)
{
	char path[PATH_MAX];
	bool wait = true;
	int err, r;

	if (!levels)
		return 0;
	/* What the container made below, deepest first. */
	err = cg_walk(dir, NULL, post_rmdir, &wait);
	snprintf(path, sizeof(path), "%s", dir);
	r = rmdir_levels(path, levels);
	return r ?: err;
}

/* ---- sweeping what dead hind-runs left ---------------------------------- */

/*
 * The hind-run that made cgroup name in directory dfd, into owner: its
 * mark's value, or the PID of a hind-PID name; false if it is not hind's.
 */
static bool hind_owner(const char *dir, const char *name, char *owner,
		       size_t size)
{
	char path[PATH_MAX];
	const char *p;
	ssize_t n;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	n = lgetxattr(path, CG_MARK, owner, size - 1);
	if (n > 0) {
		owner[n] = '\0';
		return true;
	}
	if (strncmp(name, "hind-", 5) || !name[5])
		return false;
	for (p = name + 5; *p; p++)
		if (*p < '0' || *p > '9')
			return false;
	snprintf(owner, size, "%s", name + 5);
	return true;
}

void cg_sweep(const struct cg *where,
	      void (*report)(const char *dir, const char *owner))
{
	const struct cg_hier *hp;
	char name[NAME_MAX + 1], owner[32], path[PATH_MAX];
	bool wait = false;
	struct cursor c;
	uint64_t ino;
	int dfd, fd;

	cg_for_each(hp, where) {
		dfd = open(hp->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (dfd < 0)
			continue;
		cur_open(&c, dfd);
		while (cur_next_dir(&c, name, &ino) > 0) {
			if (!hind_owner(hp->dir, name, owner, sizeof(owner)))
				continue;
			fd = openat(dfd, name, O_RDONLY | O_DIRECTORY |
				    O_CLOEXEC | O_NOFOLLOW);
			if (fd < 0)
				continue;
			/* Locked: its hind-run lives, wherever it runs. */
			if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
				close(fd);
				continue;
			}
			snprintf(path, sizeof(path), "%s/%s", hp->dir, name);
			/* Processes in it: rmdir fails, it stays. */
			if (!cg_walk(path, NULL, post_rmdir, &wait) &&
			    !rmdir_at(dfd, name, false) && report)
				report(path, owner);
			close(fd);
		}
		close(dfd);
	}
}

int cg_read_str(const char *dir, const char *file, char *buf, size_t size)
{
	char path[PATH_MAX];
	ssize_t n;

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	n = read_file(path, buf, size);
	if (n < 0)
		return (int)n;
	while (n > 0 && buf[n - 1] == '\n')
		buf[--n] = '\0';
	return 0;
}

int cg_write_back(const char *dir, const char *file, const char *value,
		  cg_log_fn log)
{
	char path[PATH_MAX], back[256];
	int err;

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	err = write_file(path, value);
	if (err < 0)
		return cg_fail(err, "cannot write '%s' to '%s'", value, path);
	if (log) {
		if (cg_read_str(dir, file, back, sizeof(back)) < 0)
			snprintf(back, sizeof(back), "?");
		log(file, value, back);
	}
	return 0;
}

void xcg_self(enum cg_ctrl c, struct cg *cg)
{
	const struct cg_ops *ops = cg_ops();

	if (ops->check() < 0)
		die("cannot read own cgroup: %s", cg_error);
	if (!(ops->available() & CG_BIT(c)))
		die("cannot read own cgroup: this kernel offers no %s "
		    "controller in cgroup %s", cg_ctrl_name[c], ops->name);
	if (ops->of_pid(0, cg) < 0)
		die("cannot read own cgroup: %s", cg_error);
	if (!cg_hier_of(cg, c))
		die("cannot read own cgroup: this process is in no %s cgroup",
		    cg_ctrl_name[c]);
}
