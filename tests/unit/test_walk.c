// SPDX-License-Identifier: MIT
/*
 * test_walk.c - the cgroup code's tree walk, leaf-first removal, leaf
 * lock and sweep, on plain directories in a scratch folder of the host
 * (no cgroupfs, no process is signalled: the kill pass is not run here;
 * the guest suite runs it on cgroups).
 *
 * Tree: TOP/chain/d/d/.../d (3000 levels, a path far beyond PATH_MAX) and
 * TOP/wide/w0..w999, each with one child. Expected: cg_walk enters every
 * directory once and leaves each after its subtree, with at most 3 more
 * fds open and on a 64 KiB thread stack (the recursive walk it replaces
 * used 68 KiB per level); cg_rmdir_tree removes all of it. cg_mkdirs makes
 * the missing levels and locks and marks the leaf; cg_sweep removes only
 * unlocked, empty hind directories (marked, or named hind-DIGITS).
 */
#include <pthread.h>
#include <dirent.h>
#include <sys/file.h>
#include <sys/xattr.h>
#include "hind.h"
#include "unit.h"

enum { CHAIN = 3000, WIDE = 1000 };

static int count_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *de;
	int n = 0;

	if (!d)
		return -1;
	while ((de = readdir(d)))
		n += de->d_name[0] != '.';
	closedir(d);
	return n - 1; /* opendir's own */
}

struct walk_count {
	long pre, post;
	int fds0, fds_max;
};

static int count_pre(int fd, void *arg)
{
	struct walk_count *w = arg;

	(void)fd;
	if (w->pre++ % 97 == 0) {
		int n = count_fds();

		if (n > w->fds_max)
			w->fds_max = n;
	}
	return 0;
}

static int count_post(int pfd, const char *name, void *arg)
{
	struct walk_count *w = arg;
	struct stat st;

	/* Leaf first: name's own children were all left before it. */
	if (fstatat(pfd, name, &st, 0) < 0)
		return -errno;
	w->post++;
	return 0;
}

struct job {
	const char *top;
	struct walk_count w;
	int walk_err, rm_err;
};

static void *walk_job(void *arg)
{
	struct job *j = arg;
	char file[PATH_MAX];

	j->w.fds0 = j->w.fds_max = count_fds();
	j->walk_err = cg_walk(j->top, count_pre, count_post, &j->w);
	/* A plain directory with a file in it cannot go; a cgroup can. */
	snprintf(file, sizeof(file), "%s/wide/cgroup.procs", j->top);
	unlink(file);
	j->rm_err = cg_rmdir_tree(j->top, 1);
	return NULL;
}

/* mkdir TOP/chain/d/d/... with relative mkdirat, and TOP/wide/wN/x. */
static int build_tree(const char *top)
{
	char name[32];
	int fd, next, i;

	if (mkdir(top, 0700) < 0)
		return -1;
	fd = open(top, O_RDONLY | O_DIRECTORY);
	if (fd < 0 || mkdirat(fd, "chain", 0700) < 0 ||
	    mkdirat(fd, "wide", 0700) < 0)
		return -1;
	next = openat(fd, "chain", O_RDONLY | O_DIRECTORY);
	close(fd);
	for (i = 0; i < CHAIN; i++) {
		fd = next;
		if (fd < 0 || mkdirat(fd, "d", 0700) < 0)
			return -1;
		next = openat(fd, "d", O_RDONLY | O_DIRECTORY);
		close(fd);
	}
	close(next);
	snprintf(name, sizeof(name), "%s/wide", top);
	fd = open(name, O_RDONLY | O_DIRECTORY);
	for (i = 0; fd >= 0 && i < WIDE; i++) {
		snprintf(name, sizeof(name), "w%d", i);
		if (mkdirat(fd, name, 0700) < 0)
			return -1;
		snprintf(name, sizeof(name), "w%d/x", i);
		if (mkdirat(fd, name, 0700) < 0)
			return -1;
	}
	/* A file is not a cgroup: the walk passes it by. */
	if (fd < 0 || close(openat(fd, "cgroup.procs", O_CREAT | O_WRONLY,
				   0600)) < 0)
		return -1;
	return close(fd);
}

static void test_deep_wide(const char *scratch)
{
	char top[PATH_MAX];
	struct job j;
	pthread_attr_t attr;
	pthread_t t;
	long dirs = 1 + 1 + CHAIN + 1 + 2 * WIDE;

	memset(&j, 0, sizeof(j));
	snprintf(top, sizeof(top), "%s/tree", scratch);
	j.top = top;
	if (build_tree(top) < 0) {
		result(false, "cg_walk: build the test tree: %s",
		       strerror(errno));
		return;
	}
	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, 64 * 1024);
	if (pthread_create(&t, &attr, walk_job, &j)) {
		result(false, "cg_walk: start a 64 KiB-stack thread");
		return;
	}
	pthread_join(t, NULL);
	result(!j.walk_err && j.w.pre == dirs && j.w.post == dirs - 1,
	       "cg_walk enters each of %ld directories (depth %d, width %d) "
	       "once and leaves each below the top after its subtree "
	       "(pre %ld, post %ld, err %d)", dirs, CHAIN + 1, WIDE, j.w.pre,
	       j.w.post, j.walk_err);
	result(j.w.fds_max - j.w.fds0 <= 3, "cg_walk holds at most 3 "
	       "directories open (%d more fds)", j.w.fds_max - j.w.fds0);
	result(!j.rm_err && access(top, F_OK) < 0 && errno == ENOENT,
	       "cg_rmdir_tree removes the whole tree leaf first on a 64 KiB "
	       "stack (err %d)", j.rm_err);
	result(count_fds() == j.w.fds0, "...and leaves no fd open");
}

static char swept[8][PATH_MAX];
static int nswept;

static void report(const char *dir, const char *owner)
{
	if (nswept < 8)
		snprintf(swept[nswept++], PATH_MAX, "%s %s", dir, owner);
}

static bool was_swept(const char *want)
{
	for (int i = 0; i < nswept; i++)
		if (!strcmp(swept[i], want))
			return true;
	return false;
}

static void test_lock_sweep(const char *scratch)
{
	char base[PATH_MAX], p[PATH_MAX], mark[32], pid[PATH_MAX + 64];
	struct cg where;
	int lock = -1, lock2, fd, made, fds0 = count_fds();
	bool marks;

	snprintf(base, sizeof(base), "%s/sweep", scratch);
	mkdir(base, 0700);
	made = cg_mkdirs(base, "a/b/web", NULL, &lock);
	result(made == 3 && lock >= 0, "cg_mkdirs makes 3 levels and returns "
	       "the leaf's lock (made %d)", made);
	snprintf(p, sizeof(p), "%s/a/b/web", base);
	fd = open(p, O_RDONLY | O_DIRECTORY);
	result(fd >= 0 && flock(fd, LOCK_EX | LOCK_NB) < 0 &&
	       errno == EWOULDBLOCK, "...held shared: LOCK_EX|LOCK_NB fails");
	if (fd >= 0)
		close(fd);
	marks = getxattr(p, CG_MARK, mark, sizeof(mark) - 1) > 0;
	result(cg_mkdirs(base, "a/b/web", NULL, &lock2) == -1 &&
	       lock2 == -1 && strstr(cg_error, "File exists"),
	       "cg_mkdirs of a leaf that exists fails, '%s'", cg_error);
	result(access(p, F_OK) == 0, "...and leaves the first one alone");

	/* Neighbours of web in a/b: what a sweep takes and leaves. */
	snprintf(p, sizeof(p), "%s/a/b/hind-12345", base);
	mkdir(p, 0700);				/* stale, by its name */
	snprintf(p, sizeof(p), "%s/a/b/hind-7", base);
	mkdir(p, 0700);				/* stale, with a child */
	snprintf(p, sizeof(p), "%s/a/b/hind-7/sub", base);
	mkdir(p, 0700);
	snprintf(p, sizeof(p), "%s/a/b/hind-x1", base);
	mkdir(p, 0700);				/* not a hind name */
	snprintf(p, sizeof(p), "%s/a/b/mine", base);
	mkdir(p, 0700);				/* the user's, unmarked */
	snprintf(p, sizeof(p), "%s/a/b/hind-99", base);
	mkdir(p, 0700);				/* "processes" in it */
	snprintf(p, sizeof(p), "%s/a/b/hind-99/cgroup.procs", base);
	close(open(p, O_CREAT | O_WRONLY, 0600));

	memset(&where, 0, sizeof(where));
	snprintf(p, sizeof(p), "%s/a/b", base);
	where.n = 1;
	where.h[0].dir = p;
	where.h[0].lock = -1;
	nswept = 0;
	cg_sweep(&where, report);
	snprintf(pid, sizeof(pid), "%s/hind-12345 12345", p);
	result(was_swept(pid), "cg_sweep removes an unlocked empty hind-PID");
	snprintf(pid, sizeof(pid), "%s/hind-7 7", p);
	result(was_swept(pid), "...and one with an empty child, leaf first");
	snprintf(pid, sizeof(pid), "%s/web", p);
	result(nswept == 2 && access(pid, F_OK) == 0,
	       "...but not the locked one (%d removed)", nswept);
	snprintf(pid, sizeof(pid), "%s/hind-99", p);
	result(access(pid, F_OK) == 0, "...nor one that is not empty");
	snprintf(pid, sizeof(pid), "%s/mine", p);
	result(access(pid, F_OK) == 0, "...nor an unmarked one of another "
	       "name");
	snprintf(pid, sizeof(pid), "%s/hind-x1", p);
	result(access(pid, F_OK) == 0, "...nor hind-x1 (not hind-DIGITS)");

	/* Its hind-run gone: the lock is free, the mark names it. */
	close(lock);
	nswept = 0;
	cg_sweep(&where, report);
	snprintf(pid, sizeof(pid), "%s/web %d", p, (int)getpid());
	if (marks)
		result(was_swept(pid), "cg_sweep removes a marked, unlocked "
		       "one of any name (its mark: this pid)");
	else
		result(true, "cg_sweep removes a marked one # SKIP no "
		       "trusted xattrs here (not root?)");

	snprintf(p, sizeof(p), "%s/a/b/hind-99/cgroup.procs", base);
	unlink(p);
	snprintf(p, sizeof(p), "%s/a", base);
	result(cg_rmdir_tree(p, 1) == 0 && access(p, F_OK) < 0,
	       "cg_rmdir_tree of what is left");
	result(count_fds() == fds0, "no fd left open by mkdirs and sweeps");
	rmdir(base);
}

void test_walk(void)
{
	char scratch[] = "/tmp/hind-walk.XXXXXX";

	if (!mkdtemp(scratch)) {
		result(false, "cg_walk: a scratch folder: %s", strerror(errno));
		return;
	}
	test_deep_wide(scratch);
	test_lock_sweep(scratch);
	result(rmdir(scratch) == 0, "the scratch folder is empty at the end");
}
