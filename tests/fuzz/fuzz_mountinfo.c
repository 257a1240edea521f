// SPDX-License-Identifier: MIT
/*
 * fuzz_mountinfo.c - the /proc/PID/mountinfo parsers of core/cgroup.c:
 * cg_mountinfo_line() on each line of the input, and cg_each_mount() on
 * the whole input as a file (a memfd, opened by its /proc/self/fd name),
 * so its own reading in 16 KiB steps, its last line without a newline
 * and its skipping of lines longer than its buffer are fuzzed as well.
 *
 * Besides the sanitizers, what must hold for any text:
 * - cg_mountinfo_line accepts a line exactly when, split at every blank,
 *   it has a "-" field after the 6 fixed ones and 3 fields after that,
 *   a non-empty root (field 4), mount point (5) and type; it gives those
 *   with \ooo escapes decoded, and the super options (the 3rd after "-");
 * - cg_each_mount calls back, in order, for exactly the lines that fit in
 *   its buffer (16382 bytes and a newline) and parse with the type cgroup
 *   or cgroup2, with the same fields cg_mountinfo_line gives for them.
 */
#include <sys/mman.h>
#include "hind.h"
#include "fuzz.h"

/* cg_each_mount's buffer (core/cgroup.c): a line fits with its '\n'. */
#define LINE_MAX_LEN (16384 - 2)

struct mount {
	char *root, *mnt, *fstype, *opts;
};

static struct mount got[8192];
static size_t ngot;

static void take(const struct cg_mountinfo *mi, void *arg)
{
	(void)arg;
	if (ngot == ARRAY_SIZE(got))
		abort();
	got[ngot].root = strdup(mi->root);
	got[ngot].mnt = strdup(mi->mnt);
	got[ngot].fstype = strdup(mi->fstype);
	got[ngot].opts = strdup(mi->opts);
	ngot++;
}

/* \ooo escapes decoded (the first digit 0-3), as the kernel writes them. */
static void unescaped(const char *s, size_t len, char *out)
{
	size_t i = 0;

	while (i < len) {
		if (i + 3 < len && s[i] == '\\' && s[i + 1] >= '0' &&
		    s[i + 1] <= '3' && s[i + 2] >= '0' && s[i + 2] <= '7' &&
		    s[i + 3] >= '0' && s[i + 3] <= '7') {
			*out++ = (char)((s[i + 1] - '0') << 6 |
					(s[i + 2] - '0') << 3 |
					(s[i + 3] - '0'));
			i += 4;
		} else {
			*out++ = s[i++];
		}
	}
	*out = '\0';
}

/* A line (NUL-terminated) by the rule above; true and the fields if ok. */
static bool reference(const char *line, char *buf, struct mount *m)
{
	/* A line of blanks is as many fields as bytes. */
	static const char *f[LINE_MAX_LEN + 2];
	static size_t len[ARRAY_SIZE(f)];
	size_t n = 0, d;
	const char *p = line;

	for (;;) {
		size_t l = strcspn(p, " ");

		f[n] = p;
		len[n++] = l;
		if (!p[l])
			break;
		p += l + 1;
	}
	for (d = 6; d < n && !(len[d] == 1 && f[d][0] == '-'); d++)
		;
	if (d + 3 >= n || !len[3] || !len[4] || !len[d + 1])
		return false;
	m->root = buf;
	unescaped(f[3], len[3], m->root);
	m->mnt = m->root + strlen(m->root) + 1;
	unescaped(f[4], len[4], m->mnt);
	m->fstype = m->mnt + strlen(m->mnt) + 1;
	memcpy(m->fstype, f[d + 1], len[d + 1]);
	m->fstype[len[d + 1]] = '\0';
	m->opts = m->fstype + len[d + 1] + 1;
	memcpy(m->opts, f[d + 3], len[d + 3]);
	m->opts[len[d + 3]] = '\0';
	return true;
}

static bool same(const struct mount *a, const struct cg_mountinfo *b)
{
	return !strcmp(a->root, b->root) && !strcmp(a->mnt, b->mnt) &&
	       !strcmp(a->fstype, b->fstype) && !strcmp(a->opts, b->opts);
}

static int memfd = -1;
static char memfd_path[64];

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	memfd = memfd_create("fuzz-mountinfo", MFD_CLOEXEC);
	if (memfd < 0)
		abort();
	snprintf(memfd_path, sizeof(memfd_path), "/proc/self/fd/%d", memfd);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char line[LINE_MAX_LEN + 2], ref[2 * LINE_MAX_LEN + 16];
	const char *p = (const char *)data, *end = p + size, *nl;
	struct cg_mountinfo mi;
	struct mount want;
	size_t n = 0, i, len;
	bool ok;
	int err;

	if (ftruncate(memfd, 0) < 0 ||
	    pwrite(memfd, data, size, 0) != (ssize_t)size)
		abort();
	ngot = 0;
	err = cg_each_mount(memfd_path, take, NULL);
	FUZZ_CHECK(!err, "%d: %s", err, cg_error);
	for (; p < end; p = nl + 1) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			nl = end;
		len = (size_t)(nl - p);
		if (len > LINE_MAX_LEN)
			continue;
		/* The line as the parsers see it: up to a NUL in it. */
		memcpy(line, p, len);
		line[len] = '\0';
		ok = reference(line, ref, &want);
		FUZZ_CHECK(ok == !cg_mountinfo_line(line, &mi),
			   "line at %zu: %d", (size_t)(p - (const char *)data),
			   ok);
		if (!ok)
			continue;
		FUZZ_CHECK(same(&want, &mi), "line at %zu: '%s' '%s' '%s' '%s'",
			   (size_t)(p - (const char *)data), mi.root, mi.mnt,
			   mi.fstype, mi.opts);
		if (strcmp(mi.fstype, "cgroup") && strcmp(mi.fstype, "cgroup2"))
			continue;
		FUZZ_CHECK(n < ngot && !strcmp(got[n].root, want.root) &&
			   !strcmp(got[n].mnt, want.mnt) &&
			   !strcmp(got[n].fstype, want.fstype) &&
			   !strcmp(got[n].opts, want.opts),
			   "mount %zu of %zu, line at %zu", n, ngot,
			   (size_t)(p - (const char *)data));
		/* Options as cgroup_v1.c matches them: a list has itself. */
		FUZZ_CHECK(cg_opts_have(mi.opts, mi.opts), "'%s'", mi.opts);
		n++;
	}
	FUZZ_CHECK(n == ngot, "%zu mounts, not %zu", ngot, n);
	for (i = 0; i < ngot; i++) {
		free(got[i].root);
		free(got[i].mnt);
		free(got[i].fstype);
		free(got[i].opts);
	}
	return 0;
}
