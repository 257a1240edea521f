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
#include <sys/statfs.h>
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

int cg_proc_path(pid_t pid, char *buf, size_t size)
{
	char file[64], data[4096], *pos = data, *id, *ctrls, *path;
	ssize_t n;

	snprintf(file, sizeof(file), "/proc/%d/cgroup", pid ? (int)pid :
		 (int)getpid());
	n = read_file(file, data, sizeof(data));
	if (n < 0)
		return cg_fail((int)n, "cannot read '%s'", file);
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

int cg_mkdirs(const char *base, const char *rel, int (*hook)(const char *))
{
	char path[PATH_MAX];
	size_t len;
	int made = 0;

	len = (size_t)snprintf(path, sizeof(path), "%s/", base);
	if (len + strlen(rel) >= sizeof(path))
		return cg_fail(-ENAMETOOLONG, "cgroup path too long");
	strcpy(path + len, rel);
	for (char *p = path + len;; p++) {
		char c = *p;

		if (c != '/' && c != '\0')
			continue;
		*p = '\0';
		if (p[-1] != '/' && mkdir(path, 0755) == 0) {
			made++;
			if (hook) {
				int err = hook(path);

				if (err < 0) {
					cg_rmdir_tree(path, 1);
					made--;
					goto undo;
				}
			}
		} else if (p[-1] != '/' && (errno != EEXIST || c == '\0')) {
			cg_fail(-errno, "cannot create cgroup '%s'", path);
			goto undo;
		}
		*p = c;
		if (!c)
			return made;
	}
undo:
	/* Remove the levels made so far, leaf first. */
	if (made) {
		char *q = strrchr(path, '/');

		if (q)
			*q = '\0';
		cg_rmdir_tree(path, (unsigned)made);
	}
	return -1;
}

int cg_count_procs(const char *dir)
{
	char file[PATH_MAX], buf[65536];
	ssize_t n;
	int count = 0;

	snprintf(file, sizeof(file), "%s/cgroup.procs", dir);
	n = read_file(file, buf, sizeof(buf));
	if (n < 0)
		return (int)n;
	for (ssize_t i = 0; i < n; i++)
		count += buf[i] == '\n';
	return count;
}

/* SIGKILL every pid listed in dir and below; returns how many were seen. */
static int kill_pass(const char *dir)
{
	char file[PATH_MAX], buf[65536];
	struct dirent *de;
	ssize_t n;
	DIR *d;
	int seen = 0;

	snprintf(file, sizeof(file), "%s/cgroup.procs", dir);
	n = read_file(file, buf, sizeof(buf));
	for (char *p = buf; n > 0 && *p;) {
		char *end;
		long pid = strtol(p, &end, 10);

		if (end == p)
			break;
		if (pid > 0 && kill((pid_t)pid, SIGKILL) == 0)
			seen++;
		p = end + (*end == '\n');
	}
	d = opendir(dir);
	if (!d)
		return seen;
	while ((de = readdir(d))) {
		if (de->d_type != DT_DIR || de->d_name[0] == '.')
			continue;
		snprintf(file, sizeof(file), "%s/%s", dir, de->d_name);
		seen += kill_pass(file);
	}
	closedir(d);
	return seen;
}

int cg_kill_tree(const char *dir)
{
	struct timespec ts = { 0, 1000000 };
	int i;

	/*
	 * A fork between reading cgroup.procs and kill() adds a process we
	 * have not seen, so repeat until a pass finds nobody. Killed
	 * processes leave cgroup.procs only once they are reaped.
	 */
	for (i = 0; i < 5000; i++) {
		if (!kill_pass(dir) && cg_count_procs(dir) <= 0)
			return 0;
		nanosleep(&ts, NULL);
	}
	return cg_fail(-EBUSY, "processes remain in cgroup '%s'", dir);
}

static int rmdir_retry(const char *dir)
{
	struct timespec ts = { 0, 1000000 };
	long waited = 0;

	/* A just-emptied cgroup can stay busy for milliseconds. */
	while (rmdir(dir) < 0) {
		if (errno == ENOENT)
			return 0;
		if (errno != EBUSY || waited > 5000000000L)
			return cg_fail(-errno, "cannot remove cgroup '%s'",
				       dir);
		nanosleep(&ts, NULL);
		waited += ts.tv_nsec;
		if (ts.tv_nsec < 64000000)
			ts.tv_nsec *= 2;
	}
	return 0;
}

/* rmdir every descendant of dir, deepest first. */
static int rmdir_children(const char *dir)
{
	char path[PATH_MAX];
	struct dirent *de;
	int err = 0;
	DIR *d = opendir(dir);

	if (!d)
		return errno == ENOENT ? 0 : -errno;
	while ((de = readdir(d))) {
		if (de->d_type != DT_DIR || de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		if (rmdir_children(path) < 0 || rmdir_retry(path) < 0)
			err = -EBUSY;
	}
	closedir(d);
	return err;
}

int cg_rmdir_tree(const char *dir, unsigned levels)
{
	char path[PATH_MAX];
	int err;

	if (!levels)
		return 0;
	snprintf(path, sizeof(path), "%s", dir);
	err = rmdir_children(path);
	while (levels--) {
		char *slash;
		int r = rmdir_retry(path);

		if (r < 0)
			return r;
		slash = strrchr(path, '/');
		if (!slash)
			break;
		*slash = '\0';
	}
	return err;
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
