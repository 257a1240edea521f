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

const char *cg_root(enum cg_ctrl c)
{
	static char path[CG_NCTRL][sizeof(CFG_HIND_CGROUP_ROOT) + 16];

	/* By name, not by address: that would keep the other backend. */
	if (cg_ops()->name[1] == '2')
		return CFG_HIND_CGROUP_ROOT;
	if (!path[c][0])
		snprintf(path[c], sizeof(path[c]), "%s/%s",
			 CFG_HIND_CGROUP_ROOT, cg_ctrl_name[c]);
	return path[c];
}

void cg_free(struct cg *cg)
{
	int i, j;

	for (i = 0; i < CG_NCTRL; i++) {
		/* Entries may share one string (v2, co-mounted v1). */
		for (j = i + 1; j < CG_NCTRL; j++) {
			if (cg->dir[j] == cg->dir[i])
				cg->dir[j] = NULL;
			if (cg->rel[j] == cg->rel[i])
				cg->rel[j] = NULL;
		}
		free(cg->dir[i]);
		free(cg->rel[i]);
		cg->dir[i] = cg->rel[i] = NULL;
	}
	memset(cg->made, 0, sizeof(cg->made));
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

int cg_proc_path(pid_t pid, const char *ctrl, char *buf, size_t size)
{
	char file[64], data[4096], *line, *next;
	ssize_t n;

	snprintf(file, sizeof(file), "/proc/%d/cgroup", pid ? (int)pid :
		 (int)getpid());
	n = read_file(file, data, sizeof(data));
	if (n < 0)
		return cg_fail((int)n, "cannot read '%s'", file);
	for (line = data; line && *line; line = next) {
		char *ctrls, *path;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		/* "ID:CONTROLLERS:PATH" */
		ctrls = strchr(line, ':');
		if (!ctrls)
			continue;
		*ctrls++ = '\0';
		path = strchr(ctrls, ':');
		if (!path)
			continue;
		*path++ = '\0';
		if (!ctrl) {
			if (strcmp(line, "0") || *ctrls)
				continue;
		} else {
			size_t len = strlen(ctrl);
			const char *p = ctrls;
			bool found = false;

			while (*p && !found) {
				size_t w = strcspn(p, ",");

				found = w == len && !strncmp(p, ctrl, len);
				p += w + (p[w] == ',');
			}
			if (!found)
				continue;
		}
		if ((size_t)snprintf(buf, size, "%s", path) >= size)
			return cg_fail(-ENAMETOOLONG, "cgroup path too long");
		return 0;
	}
	return cg_fail(-ENOENT, "process %d is in no %s%s cgroup",
		       pid ? (int)pid : (int)getpid(), ctrl ? ctrl : "v2",
		       ctrl ? " v1" : "");
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
	if (!cg->dir[c])
		die("cannot read own cgroup: this process is in no %s cgroup",
		    cg_ctrl_name[c]);
}
