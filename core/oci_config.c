// SPDX-License-Identifier: MIT
/*
 * oci_config.c - config.json (OCI runtime-spec 1.0 and 1.1) into a struct
 * run_desc: parse and validate, no side effect (oci.h).
 *
 * What hind refuses, and why (each is an error naming the property):
 * - user and time namespaces, uid/gid mappings, joining a mount
 *   namespace, and a config without a new mount namespace: the engine
 *   builds the container's filesystem in a mount namespace of its own
 *   and has no user-namespace support;
 * - hooks, intelRdt, personality, the 1.2 process properties scheduler,
 *   ioPriority and execCPUAffinity, linux.mountLabel, vm: not carried out;
 * - blockIO, hugepageLimits, network, rdma and unified resources, memory
 *   swappiness, kernelTCP, disableOOMKiller, realtime CPU time, cpu.idle
 *   and cpu.burst: struct cg_limits has no field for them;
 * - a systemd cgroupsPath ("slice:prefix:name"): no systemd driver;
 * - mount types beyond proc, sysfs, tmpfs, devpts, mqueue, cgroup,
 *   cgroup2 and bind; the recursive mount attributes (rro, rnosuid, ...),
 *   idmap and tmpcopyup, which need more than mount(2);
 * - sysctls outside the container's namespaces (runc's rule);
 * - SCMP_ACT_NOTIFY, a listenerPath, seccomp flags other than TSYNC.
 * memory.kernel is ignored, as runc 1.1 ignores it (the kernel dropped
 * kmem limits in 5.16).
 */
#include <sys/mount.h>
#include <sys/resource.h>

#include "hind.h"
#include "json.h"
#include "oci.h"

char oci_error[512];

/* ---- memory: one chain of everything handed out, freed as one -------- */

struct blk {
	struct blk *next;
	void *pad;		/* the data after the header 16-aligned */
};
static struct blk *mem;

static void *oalloc(size_t n)
{
	struct blk *b = xmalloc(sizeof(*b) + n);

	b->next = mem;
	mem = b;
	return b + 1;
}

static void *ozalloc(size_t n)
{
	return memset(oalloc(n), 0, n);
}

static char *ostrndup(const char *s, size_t n)
{
	char *d = oalloc(n + 1);

	memcpy(d, s, n);
	d[n] = 0;
	return d;
}

static void release_to(struct blk *mark)
{
	while (mem && mem != mark) {
		struct blk *b = mem;

		mem = b->next;
		free(b);
	}
}

void oci_free(void)
{
	release_to(NULL);
}

/* ---- errors that name the property ------------------------------------ */

struct ctx {
	struct json j;
	const char *file;	/* "config.json", "process.json" */
	const char *bundle;	/* absolute */
	/* linux.namespaces: the CLONE_NEW* flags listed (made or joined) */
	int ns_have;
	const char *net_path, *ipc_path;
};

/* s as terminal-safe text (esc_str's), cut to fit buf. */
static const char *q(char *buf, size_t size, const char *s)
{
	size_t used, n = esc_str(buf, size - 1, s, strlen(s), &used,
				 ESC_TEXT);

	buf[n] = 0;
	return buf;
}

/* The path of token i: "linux.resources.devices[2].access". */
static void path_of(const struct ctx *c, int i, char *buf, size_t size)
{
	const struct json *j = &c->j;
	int chain[12], n = 0, k;
	size_t len = 0;

	for (k = i; k > 0 && n < (int)ARRAY_SIZE(chain); k = j->t[k].parent)
		chain[n++] = k;
	buf[0] = 0;
	if (k > 0)
		len = (size_t)snprintf(buf, size, "...");
	while (n-- > 0 && len < size) {
		int t = chain[n], p = j->t[t].parent, e, idx = 0;
		size_t used;

		if (json_type(j, p) == JSON_ARRAY) {
			json_for_each(j, p, e) {
				if (e == t)
					break;
				idx++;
			}
			len += (size_t)snprintf(buf + len, size - len, "[%d]",
						idx);
			continue;
		}
		if (len && len + 1 < size)
			buf[len++] = '.';
		/* t is a value; its key is t - 1 */
		len += esc_str(buf + len, size - len - 1, j->s + j->t[t - 1].start,
			       (size_t)(j->t[t - 1].end - j->t[t - 1].start),
			       &used, ESC_TEXT);
		buf[len] = 0;
	}
}

/* oci_error = "FILE: PATH[.key]: message"; returns -1. */
PRINTF(4, 5)
static int fail(const struct ctx *c, int i, const char *key,
		const char *fmt, ...)
{
	char path[200], msg[300];
	size_t n;
	va_list ap;

	path_of(c, i, path, sizeof(path));
	n = strlen(path);
	if (key)
		snprintf(path + n, sizeof(path) - n, "%s%s", n ? "." : "", key);
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (path[0])
		snprintf(oci_error, sizeof(oci_error), "%s: %s: %s", c->file,
			 path, msg);
	else
		snprintf(oci_error, sizeof(oci_error), "%s: %s", c->file, msg);
	return -1;
}

/* ---- typed access ------------------------------------------------------ */

enum { ABSENT = -1, BAD = -2, JSON_BOOL = JSON_TRUE };

/*
 * Member key of object o if it has type want (JSON_BOOL: true or
 * false); ABSENT if it is missing or null; BAD (oci_error set) if it has
 * another type.
 */
static int member(const struct ctx *c, int o, const char *key, int want)
{
	int v = json_get(&c->j, o, key), t;

	if (v < 0 || json_type(&c->j, v) == JSON_NULL)
		return ABSENT;
	t = json_type(&c->j, v);
	if (t == want || (want == JSON_BOOL && t == JSON_FALSE))
		return v;
	fail(c, v, NULL, "expected %s",
	     want == JSON_NUMBER ? "an integer" : json_type_name(want));
	return BAD;
}

/* Element i has type want, else an error. */
static int elem_is(const struct ctx *c, int i, int want)
{
	if (json_type(&c->j, i) == want)
		return 0;
	return fail(c, i, NULL, "expected %s", json_type_name(want));
}

static char *tok_str(const struct ctx *c, int i)
{
	char *s = oalloc(json_str_max(&c->j, i));

	if (json_str(&c->j, i, s) < 0) {
		fail(c, i, NULL, "a string with \\u0000 or a lone surrogate");
		return NULL;
	}
	return s;
}

/* *out: the string, or NULL when absent (or empty, if !keep_empty). */
static int get_str(const struct ctx *c, int o, const char *key,
		   const char **out, bool keep_empty)
{
	int v = member(c, o, key, JSON_STRING);

	*out = NULL;
	if (v == BAD)
		return -1;
	if (v == ABSENT || (!keep_empty && c->j.t[v].start == c->j.t[v].end))
		return 0;
	*out = tok_str(c, v);
	return *out ? 0 : -1;
}

static int tok_u64(const struct ctx *c, int i, uint64_t max, uint64_t *out)
{
	int err = json_u64(&c->j, i, out);

	if (err == -EINVAL)
		return fail(c, i, NULL, "expected an integer");
	if (err || *out > max)
		return fail(c, i, NULL, "out of range (0 to %" PRIu64 ")",
			    max);
	return 0;
}

static int tok_i64(const struct ctx *c, int i, int64_t min, int64_t max,
		   int64_t *out)
{
	int err = json_i64(&c->j, i, out);

	if (err == -EINVAL)
		return fail(c, i, NULL, "expected an integer");
	if (err || *out < min || *out > max)
		return fail(c, i, NULL,
			    "out of range (%" PRId64 " to %" PRId64 ")", min,
			    max);
	return 0;
}

/* 1 and *out if present, 0 if absent (*out untouched), -1 on error. */
static int get_u64(const struct ctx *c, int o, const char *key, uint64_t max,
		   uint64_t *out)
{
	int v = member(c, o, key, JSON_NUMBER);

	if (v < 0)
		return v == BAD ? -1 : 0;
	return tok_u64(c, v, max, out) < 0 ? -1 : 1;
}

static int get_i64(const struct ctx *c, int o, const char *key, int64_t min,
		   int64_t max, int64_t *out)
{
	int v = member(c, o, key, JSON_NUMBER);

	if (v < 0)
		return v == BAD ? -1 : 0;
	return tok_i64(c, v, min, max, out) < 0 ? -1 : 1;
}

static int get_bool(const struct ctx *c, int o, const char *key, bool *out)
{
	int v = member(c, o, key, JSON_BOOL);

	if (v < 0)
		return v == BAD ? -1 : 0;
	*out = json_type(&c->j, v) == JSON_TRUE;
	return 1;
}

/* An array of strings: NULL-terminated, *n entries; NULL when absent. */
static int get_strv(const struct ctx *c, int o, const char *key,
		    const char ***out, int *n)
{
	int v = member(c, o, key, JSON_ARRAY), e, k = 0;
	const char **list;

	*out = NULL;
	if (n)
		*n = 0;
	if (v == BAD)
		return -1;
	if (v == ABSENT)
		return 0;
	list = oalloc(((size_t)c->j.t[v].size + 1) * sizeof(*list));
	json_for_each(&c->j, v, e) {
		if (elem_is(c, e, JSON_STRING) < 0)
			return -1;
		list[k] = tok_str(c, e);
		if (!list[k++])
			return -1;
	}
	list[k] = NULL;
	*out = list;
	if (n)
		*n = k;
	return 0;
}

/*
 * A property hind cannot honour: an error when it is present with a
 * value that asks for something (a non-empty object or array, any other
 * non-null value; what_zero: also a zero or false).
 */
static int refuse(const struct ctx *c, int o, const char *key,
		  const char *what)
{
	int v = json_get(&c->j, o, key);
	const struct json_tok *t;

	if (v < 0)
		return 0;
	t = &c->j.t[v];
	if (t->type == JSON_NULL || t->type == JSON_FALSE ||
	    ((t->type == JSON_OBJECT || t->type == JSON_ARRAY) && !t->size) ||
	    (t->type == JSON_NUMBER && t->end - t->start == 1 &&
	     c->j.s[t->start] == '0') ||
	    (t->type == JSON_STRING && t->start == t->end))
		return 0;
	return fail(c, v, NULL, "%s not supported", what);
}

/*
 * refuse() of each pair of a list "key\0what\0key\0what\0" (ended by an
 * empty key): an empty what is the one before.
 */
static int refuse_all(const struct ctx *c, int o, const char *list)
{
	const char *key, *what = NULL;

	while (*list) {
		key = list;
		list += strlen(list) + 1;
		if (*list)
			what = list;
		list += strlen(list) + 1;
		if (refuse(c, o, key, what) < 0)
			return -1;
	}
	return 0;
}

/* The index of name in a list of "a\0b\0...\0" (ends with an empty
 * name), or -1. */
static int name_index(const char *list, const char *name)
{
	int i;

	for (i = 0; *list; i++, list += strlen(list) + 1)
		if (!strcmp(list, name))
			return i;
	return -1;
}

static const char *list_name(const char *list, int i)
{
	while (i--)
		list += strlen(list) + 1;
	return list;
}

/* The index of string token i in list; -1 (no error set) if absent. */
static int tok_index(const struct ctx *c, int i, const char *list)
{
	char buf[48];

	if (json_str_max(&c->j, i) > sizeof(buf) || json_str(&c->j, i, buf) < 0)
		return -1;
	return name_index(list, buf);
}

/* ---- paths ------------------------------------------------------------- */

/* Clean an absolute path in place, as Go's filepath.Clean: no "//", no
 * ".", ".." taken back (not beyond "/"), no trailing '/'. */
static char *path_clean(char *p)
{
	char *r = p, *w = p;

	while (*r) {
		char *seg;
		size_t n;

		while (*r == '/')
			r++;
		seg = r;
		while (*r && *r != '/')
			r++;
		n = (size_t)(r - seg);
		if (!n || (n == 1 && seg[0] == '.'))
			continue;
		if (n == 2 && seg[0] == '.' && seg[1] == '.') {
			while (w > p && *--w != '/')
				;
			continue;
		}
		*w++ = '/';
		memmove(w, seg, n);
		w += n;
	}
	if (w == p)
		*w++ = '/';
	*w = 0;
	return p;
}

/* p made absolute against the bundle, cleaned. */
static char *bundle_path(const struct ctx *c, const char *p)
{
	size_t bl = strlen(c->bundle), pl = strlen(p);
	char *s = oalloc(bl + pl + 2);

	if (p[0] == '/') {
		memcpy(s, p, pl + 1);
	} else {
		memcpy(s, c->bundle, bl);
		s[bl] = '/';
		memcpy(s + bl + 1, p, pl + 1);
	}
	return path_clean(s);
}

/* A ".." path component ('/' separated; sep '.' for sysctl names). */
static bool has_dotdot(const char *p, char sep)
{
	const char *s;

	for (s = p; *s; s++)
		if (s[0] == '.' && s[1] == '.' && (s == p || s[-1] == sep) &&
		    (!s[2] || s[2] == sep))
			return true;
	return false;
}

/* A string member that must be an absolute path (required: else "missing"). */
static int get_abs(const struct ctx *c, int o, const char *key,
		   const char **out, bool required)
{
	if (get_str(c, o, key, out, false) < 0)
		return -1;
	if (!*out)
		return required ? fail(c, o, key, "missing") : 0;
	if ((*out)[0] != '/')
		return fail(c, json_get(&c->j, o, key), NULL,
			    "'%s' is not an absolute path", *out);
	return 0;
}

/* ---- process ---------------------------------------------------------- */

#define RLIMIT_NAMES                                                     \
	"RLIMIT_CPU\0RLIMIT_FSIZE\0RLIMIT_DATA\0RLIMIT_STACK\0"          \
	"RLIMIT_CORE\0RLIMIT_RSS\0RLIMIT_NPROC\0RLIMIT_NOFILE\0"         \
	"RLIMIT_MEMLOCK\0RLIMIT_AS\0RLIMIT_LOCKS\0RLIMIT_SIGPENDING\0"   \
	"RLIMIT_MSGQUEUE\0RLIMIT_NICE\0RLIMIT_RTPRIO\0RLIMIT_RTTIME\0"
_Static_assert(RLIMIT_CPU == 0 && RLIMIT_NOFILE == 7 && RLIMIT_AS == 9 &&
	       RLIMIT_RTTIME == 15, "Linux's RLIMIT_* numbers");

static int parse_rlimits(const struct ctx *c, int p, struct run_desc *rd)
{
	int v = member(c, p, "rlimits", JSON_ARRAY), e, res, k;
	unsigned seen = 0;

	if (v < 0)
		return v == BAD ? -1 : 0;
	rd->rlimits = oalloc((size_t)c->j.t[v].size * sizeof(*rd->rlimits) + 1);
	json_for_each(&c->j, v, e) {
		struct rlim *r = &rd->rlimits[rd->nrlimits];
		int t;

		if (elem_is(c, e, JSON_OBJECT) < 0)
			return -1;
		t = member(c, e, "type", JSON_STRING);
		if (t == BAD)
			return -1;
		if (t == ABSENT)
			return fail(c, e, "type", "missing");
		res = tok_index(c, t, RLIMIT_NAMES);
		if (res < 0) {
			char b[64], *s = tok_str(c, t);

			return s ? fail(c, t, NULL, "unknown rlimit '%s'",
					q(b, sizeof(b), s)) : -1;
		}
		if (seen & (1u << res))
			return fail(c, t, NULL, "a second %s",
				    list_name(RLIMIT_NAMES, res));
		seen |= 1u << res;
		r->resource = res;
		k = get_u64(c, e, "hard", UINT64_MAX, &r->hard);
		if (k <= 0)
			return k ? -1 : fail(c, e, "hard", "missing");
		k = get_u64(c, e, "soft", UINT64_MAX, &r->soft);
		if (k <= 0)
			return k ? -1 : fail(c, e, "soft", "missing");
		if (r->soft > r->hard)
			return fail(c, e, "soft", "above the hard limit");
		rd->nrlimits++;
	}
	return 0;
}

/* The five capability sets, each a list of names. */
static int parse_caps(const struct ctx *c, int p, struct run_desc *rd)
{
	static const char names[] =
		"bounding\0effective\0inheritable\0permitted\0ambient\0";
	uint64_t *sets[] = {
		&rd->caps.bounding, &rd->caps.effective, &rd->caps.inheritable,
		&rd->caps.permitted, &rd->caps.ambient,
	};
	int o = member(c, p, "capabilities", JSON_OBJECT), k, v, e;
	const char *n = names;

	memset(&rd->caps, 0, sizeof(rd->caps));
	if (o < 0)
		return o == BAD ? -1 : 0;
	for (k = 0; k < 5; k++, n += strlen(n) + 1) {
		v = member(c, o, n, JSON_ARRAY);
		if (v == BAD)
			return -1;
		if (v == ABSENT)
			continue;
		json_for_each(&c->j, v, e) {
			char b[64], *name;
			int cap;

			if (elem_is(c, e, JSON_STRING) < 0)
				return -1;
			name = tok_str(c, e);
			if (!name)
				return -1;
			cap = cap_parse(name);
			if (cap < 0)
				return fail(c, e, NULL,
					    "unknown capability '%s'",
					    q(b, sizeof(b), name));
			*sets[k] |= CAPS_BIT(cap);
		}
	}
	return 0;
}

static int parse_user(const struct ctx *c, int p, struct run_desc *rd)
{
	int u = member(c, p, "user", JSON_OBJECT), v, e;
	uint64_t x;

	/* OCI: the process runs as user.uid:user.gid, 0:0 when absent. */
	rd->user_set = true;
	if (u < 0)
		return u == BAD ? -1 : 0;
	x = 0;
	if (get_u64(c, u, "uid", UINT32_MAX - 1, &x) < 0)
		return -1;
	rd->uid = (uid_t)x;
	x = 0;
	if (get_u64(c, u, "gid", UINT32_MAX - 1, &x) < 0)
		return -1;
	rd->gid = (gid_t)x;
	switch (get_u64(c, u, "umask", 0777, &x)) {
	case -1:
		return -1;
	case 1:
		rd->umask = (int)x;
	}
	v = member(c, u, "additionalGids", JSON_ARRAY);
	if (v == BAD)
		return -1;
	if (v >= 0 && c->j.t[v].size) {
		rd->groups = oalloc((size_t)c->j.t[v].size * sizeof(gid_t));
		json_for_each(&c->j, v, e) {
			if (tok_u64(c, e, UINT32_MAX - 1, &x) < 0)
				return -1;
			rd->groups[rd->ngroups++] = (gid_t)x;
		}
	}
	return 0;
}

static int parse_process_obj(const struct ctx *c, int p, struct run_desc *rd)
{
	const char **v;
	int64_t adj = 0;
	uint64_t x;
	int o, k, n;

	rd->argv = rd->env = NULL;
	rd->workdir = rd->apparmor = rd->selinux_label = NULL;
	rd->uid = 0;
	rd->gid = 0;
	rd->groups = NULL;
	rd->ngroups = 0;
	rd->umask = -1;
	rd->rlimits = NULL;
	rd->nrlimits = 0;
	rd->oom_score_adj_set = false;
	rd->oom_score_adj = 0;
	rd->no_new_privs = rd->tty = false;
	rd->cols = rd->rows = 0;
	/* OCI: fds 0-2 are the caller's, passed as they are. */
	rd->keep_stdin = true;

	if (refuse_all(c, p, "scheduler\0a scheduler policy is\0"
		       "ioPriority\0an I/O priority is\0"
		       "execCPUAffinity\0a CPU affinity is\0") < 0)
		return -1;
	if (get_strv(c, p, "args", &v, &n) < 0)
		return -1;
	if (!n)
		return fail(c, p, "args", "missing: no command to run");
	rd->argv = (char **)v;
	if (get_strv(c, p, "env", &v, &n) < 0)
		return -1;
	for (k = 0; k < n; k++)
		if (!strchr(v[k], '=') || v[k][0] == '=') {
			char b[64];

			return fail(c, json_get(&c->j, p, "env"), NULL,
				    "'%s' is not NAME=VALUE",
				    q(b, sizeof(b), v[k]));
		}
	if (!v) {
		v = oalloc(sizeof(*v));
		v[0] = NULL;
	}
	rd->env = (char **)v;
	if (get_abs(c, p, "cwd", &rd->workdir, true) < 0)
		return -1;
	if (parse_user(c, p, rd) < 0 || parse_caps(c, p, rd) < 0 ||
	    parse_rlimits(c, p, rd) < 0)
		return -1;
	if (get_bool(c, p, "terminal", &rd->tty) < 0 ||
	    get_bool(c, p, "noNewPrivileges", &rd->no_new_privs) < 0)
		return -1;
	o = member(c, p, "consoleSize", JSON_OBJECT);
	if (o == BAD)
		return -1;
	if (o >= 0) {
		x = 0;
		if (get_u64(c, o, "height", 65535, &x) < 0)
			return -1;
		rd->rows = (unsigned short)x;
		x = 0;
		if (get_u64(c, o, "width", 65535, &x) < 0)
			return -1;
		rd->cols = (unsigned short)x;
	}
	k = get_i64(c, p, "oomScoreAdj", -1000, 1000, &adj);
	if (k < 0)
		return -1;
	rd->oom_score_adj_set = k;
	rd->oom_score_adj = (int)adj;
	if (get_str(c, p, "apparmorProfile", &rd->apparmor, false) < 0 ||
	    get_str(c, p, "selinuxLabel", &rd->selinux_label, false) < 0)
		return -1;
	return 0;
}

/* ---- root and mounts --------------------------------------------------- */

static int parse_root(const struct ctx *c, struct run_desc *rd,
		      struct oci_extra *x)
{
	int r = member(c, 0, "root", JSON_OBJECT);
	const char *path;
	struct stat st;
	char b[200];

	if (r == BAD)
		return -1;
	if (r == ABSENT)
		return fail(c, 0, "root", "missing");
	if (get_str(c, r, "path", &path, false) < 0)
		return -1;
	if (!path)
		return fail(c, r, "path", "missing");
	x->rootfs = bundle_path(c, path);
	if (stat(x->rootfs, &st) < 0)
		return fail(c, json_get(&c->j, r, "path"), NULL,
			    "cannot stat '%s': %s", q(b, sizeof(b), x->rootfs),
			    strerror(errno));
	if (!S_ISDIR(st.st_mode))
		return fail(c, json_get(&c->j, r, "path"), NULL,
			    "'%s' is not a directory",
			    q(b, sizeof(b), x->rootfs));
	rd->mnt.image = x->rootfs;
	return get_bool(c, r, "readonly", &rd->mnt.read_only) < 0 ? -1 : 0;
}

enum {
	MO_SET, MO_CLEAR, MO_PROP, MO_PROP_REC, MO_BIND, MO_RBIND, MO_NONE,
	MO_REFUSE,
};
/* A kind and the bit number of its MS_* flag, in one byte. */
#define MO(kind, flag) ((kind) << 5 | __builtin_ctz(flag))
#define MS_NOSYMFOLLOW_ 256 /* MS_NOSYMFOLLOW, Linux 5.10 */

/*
 * config.json's mount options that are not data for the filesystem:
 * mopt_names[i] is mopt_code[i]. The r* attributes (mount_setattr(2)),
 * idmap and tmpcopyup need work the engine does not do.
 */
static const char mopt_names[] =
	"ro\0rw\0nosuid\0suid\0nodev\0dev\0noexec\0exec\0sync\0async\0"
	"dirsync\0mand\0nomand\0noatime\0atime\0nodiratime\0diratime\0"
	"relatime\0norelatime\0strictatime\0nostrictatime\0nosymfollow\0"
	"symfollow\0defaults\0notmpcopyup\0private\0rprivate\0shared\0"
	"rshared\0slave\0rslave\0unbindable\0runbindable\0bind\0rbind\0"
	"rro\0rrw\0rnosuid\0rsuid\0rnodev\0rdev\0rnoexec\0rexec\0"
	"rnoatime\0ratime\0rrelatime\0rnorelatime\0rnodiratime\0"
	"rdiratime\0rstrictatime\0rnostrictatime\0rnosymfollow\0"
	"rsymfollow\0idmap\0ridmap\0tmpcopyup\0";
static const unsigned char mopt_code[] = {
	MO(MO_SET, MS_RDONLY), MO(MO_CLEAR, MS_RDONLY),
	MO(MO_SET, MS_NOSUID), MO(MO_CLEAR, MS_NOSUID),
	MO(MO_SET, MS_NODEV), MO(MO_CLEAR, MS_NODEV),
	MO(MO_SET, MS_NOEXEC), MO(MO_CLEAR, MS_NOEXEC),
	MO(MO_SET, MS_SYNCHRONOUS), MO(MO_CLEAR, MS_SYNCHRONOUS),
	MO(MO_SET, MS_DIRSYNC),
	MO(MO_SET, MS_MANDLOCK), MO(MO_CLEAR, MS_MANDLOCK),
	MO(MO_SET, MS_NOATIME), MO(MO_CLEAR, MS_NOATIME),
	MO(MO_SET, MS_NODIRATIME), MO(MO_CLEAR, MS_NODIRATIME),
	MO(MO_SET, MS_RELATIME), MO(MO_CLEAR, MS_RELATIME),
	MO(MO_SET, MS_STRICTATIME), MO(MO_CLEAR, MS_STRICTATIME),
	MO(MO_SET, MS_NOSYMFOLLOW_), MO(MO_CLEAR, MS_NOSYMFOLLOW_),
	MO(MO_NONE, 1), MO(MO_NONE, 1),
	MO(MO_PROP, MS_PRIVATE), MO(MO_PROP_REC, MS_PRIVATE),
	MO(MO_PROP, MS_SHARED), MO(MO_PROP_REC, MS_SHARED),
	MO(MO_PROP, MS_SLAVE), MO(MO_PROP_REC, MS_SLAVE),
	MO(MO_PROP, MS_UNBINDABLE), MO(MO_PROP_REC, MS_UNBINDABLE),
	MO(MO_BIND, 1), MO(MO_RBIND, 1),
	/* 21 refused: the count the names list ends with */
	MO(MO_REFUSE, 1), MO(MO_REFUSE, 1), MO(MO_REFUSE, 1), MO(MO_REFUSE, 1),
	MO(MO_REFUSE, 1), MO(MO_REFUSE, 1), MO(MO_REFUSE, 1), MO(MO_REFUSE, 1),
	MO(MO_REFUSE, 1), MO(MO_REFUSE, 1), MO(MO_REFUSE, 1), MO(MO_REFUSE, 1),
	MO(MO_REFUSE, 1), MO(MO_REFUSE, 1), MO(MO_REFUSE, 1), MO(MO_REFUSE, 1),
	MO(MO_REFUSE, 1), MO(MO_REFUSE, 1), MO(MO_REFUSE, 1), MO(MO_REFUSE, 1),
	MO(MO_REFUSE, 1),
};

/* The mount types the engine knows; cgroup2 is read as cgroup: the
 * engine shows the container its own cgroup whatever the hierarchy. */
#define MOUNT_TYPES "proc\0sysfs\0tmpfs\0devpts\0mqueue\0cgroup\0cgroup2\0bind\0"

static int parse_mount(const struct ctx *c, int e, struct mnt_ent *m)
{
	const char *type, *src;
	const char **opts;
	char b[64], *data = NULL;
	size_t dlen = 0;
	int k, n;

	if (elem_is(c, e, JSON_OBJECT) < 0)
		return -1;
	if (get_abs(c, e, "destination", &m->dst, true) < 0 ||
	    get_str(c, e, "type", &type, false) < 0 ||
	    get_str(c, e, "source", &src, false) < 0 ||
	    get_strv(c, e, "options", &opts, &n) < 0 ||
	    refuse_all(c, e, "uidMappings\0idmapped mounts are\0"
		       "gidMappings\0\0") < 0)
		return -1;
	for (k = 0; k < n; k++) {
		int i = name_index(mopt_names, opts[k]);
		unsigned long f = i < 0 ? 0 : 1ul << (mopt_code[i] & 31);
		size_t l = strlen(opts[k]);

		if (i < 0) {
			/* filesystem data: "mode=755", "size=65536k" */
			if (!data)
				data = oalloc(json_str_max(&c->j,
						json_get(&c->j, e, "options")));
			if (dlen)
				data[dlen++] = ',';
			memcpy(data + dlen, opts[k], l + 1);
			dlen += l;
			continue;
		}
		switch (mopt_code[i] >> 5) {
		case MO_SET:
			m->flags |= f;
			break;
		case MO_CLEAR:
			m->flags &= ~f;
			break;
		case MO_PROP_REC:
			f |= MS_REC;
			/* fall through */
		case MO_PROP:
			m->prop = f;
			break;
		case MO_RBIND:
			m->rec = true;
			/* fall through */
		case MO_BIND:
			m->bind = true;
			break;
		case MO_NONE:
			break;
		default:
			return fail(c, json_get(&c->j, e, "options"), NULL,
				    "mount option '%s' is not supported",
				    opts[k]);
		}
	}
	m->data = data;
	if (!type && !m->bind)
		return fail(c, e, "type", "missing");
	if (type && !strcmp(type, "bind"))
		m->bind = true;
	if (!m->bind && (!type || name_index(MOUNT_TYPES, type) < 0))
		return fail(c, json_get(&c->j, e, "type"), NULL,
			    "mount type '%s' is not supported",
			    q(b, sizeof(b), type));
	if (m->bind) {
		if (!src)
			return fail(c, e, "source", "missing for a bind mount");
		/* a relative source is the bundle's */
		m->type = "bind";
		m->src = bundle_path(c, src);
		return 0;
	}
	m->type = strcmp(type, "cgroup2") ? type : "cgroup";
	m->src = src ? src : m->type;
	return 0;
}

static int parse_mounts(const struct ctx *c, struct run_desc *rd)
{
	int v = member(c, 0, "mounts", JSON_ARRAY), e;

	if (v < 0)
		return v == BAD ? -1 : 0;
	rd->mnt.ents = ozalloc((size_t)c->j.t[v].size * sizeof(*rd->mnt.ents) + 1);
	json_for_each(&c->j, v, e)
		if (parse_mount(c, e, &rd->mnt.ents[rd->mnt.nents++]) < 0)
			return -1;
	return 0;
}

/* linux.devices: nodes made in the container */
static int parse_nodes(const struct ctx *c, int l, struct run_desc *rd)
{
	int v = member(c, l, "devices", JSON_ARRAY), e;

	if (v < 0)
		return v == BAD ? -1 : 0;
	rd->mnt.nodes = ozalloc((size_t)c->j.t[v].size * sizeof(*rd->mnt.nodes) + 1);
	json_for_each(&c->j, v, e) {
		struct dev_node *d = &rd->mnt.nodes[rd->mnt.nnodes++];
		const char *type;
		uint64_t x;
		int k;

		if (elem_is(c, e, JSON_OBJECT) < 0 ||
		    get_abs(c, e, "path", &d->path, true) < 0 ||
		    get_str(c, e, "type", &type, false) < 0)
			return -1;
		if (!type)
			return fail(c, e, "type", "missing");
		if (strlen(type) != 1 || !strchr("cbup", type[0]))
			return fail(c, json_get(&c->j, e, "type"), NULL,
				    "not one of c, b, u, p");
		d->type = type[0];
		for (k = 0; k < 2; k++) {
			const char *key = k ? "minor" : "major";
			int r = get_u64(c, e, key, UINT32_MAX, &x);

			if (r < 0)
				return -1;
			if (!r && d->type != 'p')
				return fail(c, e, key, "missing");
			if (k)
				d->minor = r ? (uint32_t)x : 0;
			else
				d->major = r ? (uint32_t)x : 0;
		}
		x = 0666;
		if (get_u64(c, e, "fileMode", UINT32_MAX, &x) < 0)
			return -1;
		/* containerd writes the type bits too (S_IFCHR | 0666) */
		d->mode = (mode_t)(x & 07777);
		x = 0;
		if (get_u64(c, e, "uid", UINT32_MAX - 1, &x) < 0)
			return -1;
		d->uid = (uid_t)x;
		x = 0;
		if (get_u64(c, e, "gid", UINT32_MAX - 1, &x) < 0)
			return -1;
		d->gid = (gid_t)x;
	}
	return 0;
}

/* ---- namespaces -------------------------------------------------------- */

#define NS_NAMES "pid\0network\0mount\0ipc\0uts\0cgroup\0user\0time\0"
static const int ns_flags[] = {
	CLONE_NEWPID, CLONE_NEWNET, CLONE_NEWNS, CLONE_NEWIPC, CLONE_NEWUTS,
	CLONE_NEWCGROUP, CLONE_NEWUSER, CLONE_NEWTIME,
};

static int parse_namespaces(struct ctx *c, int l, struct run_desc *rd)
{
	int v = l < 0 ? ABSENT : member(c, l, "namespaces", JSON_ARRAY), e;

	if (v == BAD)
		return -1;
	if (v >= 0)
		json_for_each(&c->j, v, e) {
			const char *path;
			int t, k, flag;
			char b[64];

			if (elem_is(c, e, JSON_OBJECT) < 0)
				return -1;
			t = member(c, e, "type", JSON_STRING);
			if (t == BAD)
				return -1;
			if (t == ABSENT)
				return fail(c, e, "type", "missing");
			k = tok_index(c, t, NS_NAMES);
			if (k < 0) {
				char *s = tok_str(c, t);

				return s ? fail(c, t, NULL,
						"unknown namespace '%s'",
						q(b, sizeof(b), s)) : -1;
			}
			flag = ns_flags[k];
			if (flag == CLONE_NEWUSER || flag == CLONE_NEWTIME)
				return fail(c, t, NULL,
					    "%s namespaces are not supported",
					    list_name(NS_NAMES, k));
			if (c->ns_have & flag)
				return fail(c, t, NULL, "a second %s namespace",
					    list_name(NS_NAMES, k));
			c->ns_have |= flag;
			if (get_abs(c, e, "path", &path, false) < 0)
				return -1;
			if (path && flag == CLONE_NEWNS)
				return fail(c, e, "path", "joining a mount "
					    "namespace is not supported");
			if (!path) {
				if (flag == CLONE_NEWCGROUP)
					rd->cgroupns = true;
				else
					rd->clone_flags |= flag;
				continue;
			}
			/* at most the 5 types above: RD_MAX_JOINS holds them */
			rd->joins[rd->njoins].flag = flag;
			rd->joins[rd->njoins++].path = path;
			if (flag == CLONE_NEWNET)
				c->net_path = path;
			if (flag == CLONE_NEWIPC)
				c->ipc_path = path;
		}
	if (!(rd->clone_flags & CLONE_NEWNS))
		return fail(c, l < 0 ? 0 : l, l < 0 ? "linux" : "namespaces",
			    "a new mount namespace is required");
	rd->lo_up = rd->clone_flags & CLONE_NEWNET;
	return 0;
}
_Static_assert(RD_MAX_JOINS >= 5, "room for every namespace joined");

/* ---- resources --------------------------------------------------------- */

/* A v1-style memory value: 0 unset, -1 unlimited (HIND_MAX), else bytes. */
static int mem_value(const struct ctx *c, int o, const char *key,
		     int64_t *raw, uint64_t *out)
{
	int k = get_i64(c, o, key, -1, INT64_MAX, raw);

	if (k <= 0 || !*raw)
		return k < 0 ? -1 : 0;
	*out = *raw < 0 ? HIND_MAX : (uint64_t)*raw;
	return 1;
}

static int parse_memory(const struct ctx *c, int r, struct cg_limits *lim)
{
	int o = member(c, r, "memory", JSON_OBJECT), k;
	int64_t limit = 0, swap = 0, raw = 0;
	bool b = false;

	if (o < 0)
		return o == BAD ? -1 : 0;
	k = mem_value(c, o, "limit", &limit, &lim->mem_max);
	if (k < 0)
		return -1;
	if (k)
		lim->set |= CGL_MEMORY;
	k = mem_value(c, o, "reservation", &raw, &lim->mem_low);
	if (k < 0)
		return -1;
	if (k)
		lim->set |= CGL_MEMLOW;
	/* OCI swap is memory + swap; runc's conversion to v2's swap alone */
	if (get_i64(c, o, "swap", -1, INT64_MAX, &swap) < 0)
		return -1;
	if (limit == -1 && !swap)
		swap = -1;
	if (swap == -1) {
		lim->swap_max = HIND_MAX;
		lim->set |= CGL_SWAP;
	} else if (swap) {
		if (limit <= 0)
			return fail(c, o, "swap", "a swap limit needs a memory "
				    "limit");
		if (swap < limit)
			return fail(c, o, "swap", "below the memory limit "
				    "(it is memory + swap)");
		lim->swap_max = (uint64_t)(swap - limit);
		lim->set |= CGL_SWAP;
	}
	/* kernel: ignored, as runc 1.1 does */
	if (get_i64(c, o, "kernel", INT64_MIN, INT64_MAX, &raw) < 0 ||
	    refuse_all(c, o, "kernelTCP\0a kernel TCP memory limit is\0"
		       "swappiness\0swappiness is\0") < 0 ||
	    get_bool(c, o, "disableOOMKiller", &b) < 0)
		return -1;
	if (b)
		return fail(c, o, "disableOOMKiller", "not supported");
	return 0;
}

static int parse_cpu(const struct ctx *c, int r, struct cg_limits *lim)
{
	int o = member(c, r, "cpu", JSON_OBJECT), k;
	int64_t quota = 0;
	uint64_t period = 0;
	const char *s;
	cpu_set_t set;

	if (o < 0)
		return o == BAD ? -1 : 0;
	k = get_u64(c, o, "shares", 262144, &lim->cpu_shares);
	if (k < 0)
		return -1;
	if (k && lim->cpu_shares) {
		if (lim->cpu_shares < 2)
			return fail(c, o, "shares", "out of range (2 to 262144)");
		lim->set |= CGL_SHARES;
	}
	k = get_i64(c, o, "quota", INT64_MIN, INT64_MAX, &quota);
	if (k < 0)
		return -1;
	if (quota > 0 && quota < 1000)
		return fail(c, o, "quota", "below the kernel's minimum of 1000");
	k = get_u64(c, o, "period", 1000000, &period);
	if (k < 0)
		return -1;
	if (period && period < 1000)
		return fail(c, o, "period", "out of range (1000 to 1000000)");
	if (quota > 0 || period) {
		lim->cpu_quota = quota > 0 ? (uint64_t)quota : HIND_MAX;
		lim->cpu_period = period ? period : 100000;
		lim->set |= CGL_CPU;
	}
	if (get_str(c, o, "cpus", &s, false) < 0)
		return -1;
	if (s) {
		if (parse_cpulist(s, &set) < 0)
			return fail(c, o, "cpus", "not a CPU list");
		lim->cpus = s;
		lim->set |= CGL_CPUS;
	}
	if (get_str(c, o, "mems", &s, false) < 0)
		return -1;
	if (s) {
		if (parse_cpulist(s, &set) < 0)
			return fail(c, o, "mems", "not a node list");
		lim->mems = s;
		lim->set |= CGL_MEMS;
	}
	if (refuse_all(c, o, "realtimeRuntime\0realtime CPU time is\0"
		       "realtimePeriod\0\0"
		       "idle\0cpu.idle is\0"
		       "burst\0cpu.max.burst is\0") < 0)
		return -1;
	return 0;
}

/*
 * What runc and crun add after config.json's rules, whatever they say
 * (runc's specconv AllowedDevices): mknod of any node, and the nodes
 * every container's /dev has (null, zero, full, random, urandom, tty,
 * ptmx, the pts). `runc spec` writes only "deny all" and relies on them.
 */
static const struct dev_rule default_devices[] = {
	{ true, 'c', -1, -1, DEV_MKNOD }, { true, 'b', -1, -1, DEV_MKNOD },
	{ true, 'c', 1, 3, 7 }, { true, 'c', 1, 8, 7 }, { true, 'c', 1, 7, 7 },
	{ true, 'c', 5, 0, 7 }, { true, 'c', 1, 5, 7 }, { true, 'c', 1, 9, 7 },
	{ true, 'c', 136, -1, 7 }, { true, 'c', 5, 2, 7 },
};

static void add_default_devices(struct run_desc *rd)
{
	memcpy(rd->dev_rules + rd->ndev_rules, default_devices,
	       sizeof(default_devices));
	rd->ndev_rules += (int)ARRAY_SIZE(default_devices);
}

/*
 * The nodes of linux.devices are usable whatever the rules say: runc
 * appends an rwm allow for each (a fifo needs none).
 */
static void allow_nodes(struct run_desc *rd)
{
	struct dev_rule *r;
	int i;

	if (!rd->mnt.nnodes)
		return;
	r = ozalloc((size_t)(rd->ndev_rules + rd->mnt.nnodes) * sizeof(*r));
	memcpy(r, rd->dev_rules, (size_t)rd->ndev_rules * sizeof(*r));
	rd->dev_rules = r;
	for (i = 0; i < rd->mnt.nnodes; i++) {
		const struct dev_node *d = &rd->mnt.nodes[i];

		if (d->type == 'p')
			continue;
		r = &rd->dev_rules[rd->ndev_rules++];
		r->allow = true;
		r->type = d->type == 'b' ? 'b' : 'c';
		r->major = d->major;
		r->minor = d->minor;
		r->access = DEV_READ | DEV_WRITE | DEV_MKNOD;
	}
}

static int parse_dev_rules(const struct ctx *c, int r, struct run_desc *rd)
{
	int v = r < 0 ? -1 : member(c, r, "devices", JSON_ARRAY), e, k;
	size_t cnt = v >= 0 ? (size_t)c->j.t[v].size : 0;

	if (v == BAD)
		return -1;
	rd->dev_rules = ozalloc((cnt + ARRAY_SIZE(default_devices)) *
				sizeof(*rd->dev_rules));
	if (v < 0) {
		add_default_devices(rd);
		return 0;
	}
	json_for_each(&c->j, v, e) {
		struct dev_rule *d = &rd->dev_rules[rd->ndev_rules++];
		const char *type, *access, *a;

		if (elem_is(c, e, JSON_OBJECT) < 0)
			return -1;
		k = get_bool(c, e, "allow", &d->allow);
		if (k <= 0)
			return k ? -1 : fail(c, e, "allow", "missing");
		if (get_str(c, e, "type", &type, false) < 0 ||
		    get_str(c, e, "access", &access, false) < 0)
			return -1;
		d->type = type ? type[0] : 'a';
		if (type && (type[1] || !strchr("acb", type[0])))
			return fail(c, e, "type", "not one of a, c, b");
		for (k = 0; k < 2; k++) {
			const char *key = k ? "minor" : "major";
			int64_t *n = k ? &d->minor : &d->major;

			*n = -1;
			if (get_i64(c, e, key, -1, UINT32_MAX, n) < 0)
				return -1;
		}
		for (a = access ? access : "rwm"; *a; a++) {
			const char *p = strchr("rwm", *a);

			if (!p)
				return fail(c, e, "access", "not letters of 'rwm'");
			d->access |= 1u << (p - "rwm");
		}
	}
	add_default_devices(rd);
	return 0;
}
_Static_assert(DEV_READ == 1 && DEV_WRITE == 2 && DEV_MKNOD == 4, "rwm");

static int parse_resources(const struct ctx *c, int l, struct run_desc *rd)
{
	int r = member(c, l, "resources", JSON_OBJECT), o;
	int64_t pids = 0;

	rd->lim.cpu_quota = HIND_MAX;
	if (r == BAD)
		return -1;
	if (r < 0)
		return parse_dev_rules(c, r, rd);
	if (parse_memory(c, r, &rd->lim) < 0 || parse_cpu(c, r, &rd->lim) < 0 ||
	    parse_dev_rules(c, r, rd) < 0)
		return -1;
	o = member(c, r, "pids", JSON_OBJECT);
	if (o == BAD)
		return -1;
	if (o >= 0) {
		switch (get_i64(c, o, "limit", INT64_MIN, INT64_MAX, &pids)) {
		case -1:
			return -1;
		case 1:
			rd->lim.pids_max = pids > 0 ? (uint64_t)pids : HIND_MAX;
			rd->lim.set |= CGL_PIDS;
		}
	}
	if (refuse_all(c, r, "blockIO\0block I/O limits are\0"
		       "hugepageLimits\0hugepage limits are\0"
		       "network\0network classes and priorities are\0"
		       "rdma\0RDMA limits are\0"
		       "unified\0unified cgroup v2 settings are\0") < 0)
		return -1;
	return 0;
}

/* ---- sysctl ------------------------------------------------------------ */

/* Do two paths name the same file (a joined namespace and our own)? */
static bool same_file(const char *a, const char *b)
{
	struct stat sa, sb;

	return !stat(a, &sa) && !stat(b, &sb) && sa.st_dev == sb.st_dev &&
	       sa.st_ino == sb.st_ino;
}

/*
 * The namespace a sysctl belongs to (runc's rule), or 0: net.* the
 * network namespace, the System V IPC and POSIX message queue ones the
 * IPC namespace, kernel.hostname and kernel.domainname the UTS one.
 */
static int sysctl_ns(const char *key)
{
	static const char ipc[] =
		"kernel.msgmax\0kernel.msgmnb\0kernel.msgmni\0kernel.sem\0"
		"kernel.shmall\0kernel.shmmax\0kernel.shmmni\0"
		"kernel.shm_rmid_forced\0";

	if (!strncmp(key, "net.", 4))
		return CLONE_NEWNET;
	if (!strncmp(key, "fs.mqueue.", 10) || name_index(ipc, key) >= 0)
		return CLONE_NEWIPC;
	if (!strcmp(key, "kernel.hostname") || !strcmp(key, "kernel.domainname"))
		return CLONE_NEWUTS;
	return 0;
}

static int parse_sysctl(const struct ctx *c, int l, struct run_desc *rd)
{
	int o = member(c, l, "sysctl", JSON_OBJECT), k, n = 0;
	const char **keys, **vals;

	if (o < 0)
		return o == BAD ? -1 : 0;
	keys = oalloc(((size_t)c->j.t[o].size + 1) * sizeof(*keys));
	vals = oalloc(((size_t)c->j.t[o].size + 1) * sizeof(*vals));
	json_for_each_key(&c->j, o, k) {
		char b[80], *key = tok_str(c, k), *p;
		int ns;

		if (!key || elem_is(c, k + 1, JSON_STRING) < 0)
			return -1;
		q(b, sizeof(b), key);
		/* '/' is a separator as good as '.' (sysctl(8)); no way out
		 * of /proc/sys */
		for (p = key; *p; p++)
			if (*p == '/')
				*p = '.';
		if (!key[0] || has_dotdot(key, '.') || key[0] == '.' ||
		    p[-1] == '.')
			return fail(c, k + 1, NULL, "'%s' is not a sysctl name",
				    b);
		ns = sysctl_ns(key);
		if (!ns)
			return fail(c, k + 1, NULL, "'%s' is not namespaced: "
				    "the host's would change", b);
		if (!(c->ns_have & ns))
			return fail(c, k + 1, NULL, "'%s' needs a %s namespace",
				    b, ns == CLONE_NEWNET ? "network" :
				    ns == CLONE_NEWIPC ? "IPC" : "UTS");
		if ((ns == CLONE_NEWNET && c->net_path &&
		     same_file(c->net_path, "/proc/self/ns/net")) ||
		    (ns == CLONE_NEWIPC && c->ipc_path &&
		     same_file(c->ipc_path, "/proc/self/ns/ipc")))
			return fail(c, k + 1, NULL, "'%s' in the host's "
				    "namespace", b);
		keys[n] = key;
		vals[n] = tok_str(c, k + 1);
		if (!vals[n++])
			return -1;
	}
	keys[n] = vals[n] = NULL;
	rd->mnt.sysctl_keys = keys;
	rd->mnt.sysctl_vals = vals;
	rd->mnt.nsysctl = n;
	return 0;
}

/* ---- seccomp ----------------------------------------------------------- */

#define SC_ACTIONS                                                        \
	"SCMP_ACT_KILL\0SCMP_ACT_KILL_THREAD\0SCMP_ACT_KILL_PROCESS\0"     \
	"SCMP_ACT_TRAP\0SCMP_ACT_ERRNO\0SCMP_ACT_TRACE\0SCMP_ACT_LOG\0"    \
	"SCMP_ACT_ALLOW\0SCMP_ACT_NOTIFY\0"
static const unsigned char sc_actions[] = {
	SC_KILL_THREAD, SC_KILL_THREAD, SC_KILL_PROCESS, SC_TRAP, SC_ERRNO,
	SC_TRACE, SC_LOG, SC_ALLOW,
};
#define SC_OPS                                                            \
	"SCMP_CMP_NE\0SCMP_CMP_LT\0SCMP_CMP_LE\0SCMP_CMP_EQ\0SCMP_CMP_GE\0" \
	"SCMP_CMP_GT\0SCMP_CMP_MASKED_EQ\0"
_Static_assert(SC_NE == 0 && SC_LT == 1 && SC_LE == 2 && SC_EQ == 3 &&
	       SC_GE == 4 && SC_GT == 5 && SC_MASKED_EQ == 6, "SC_OPS order");

/* An action and its errnoRet: 0, or -1 with oci_error. */
static int sc_action(const struct ctx *c, int o, const char *key,
		     const char *ret_key, enum sc_action *act, unsigned *ret)
{
	int t = member(c, o, key, JSON_STRING), k;
	uint64_t x;
	char b[64];

	if (t == BAD)
		return -1;
	if (t == ABSENT)
		return fail(c, o, key, "missing");
	k = tok_index(c, t, SC_ACTIONS);
	if (k < 0) {
		char *s = tok_str(c, t);

		return s ? fail(c, t, NULL, "unknown action '%s'",
				q(b, sizeof(b), s)) : -1;
	}
	if (k == (int)ARRAY_SIZE(sc_actions))
		return fail(c, t, NULL, "SCMP_ACT_NOTIFY is not supported");
	*act = sc_actions[k];
	*ret = EPERM;
	k = get_u64(c, o, ret_key, 4095, &x);
	if (k < 0)
		return -1;
	if (k && *act != SC_ERRNO && *act != SC_TRACE)
		return fail(c, o, ret_key, "only for SCMP_ACT_ERRNO and "
			    "SCMP_ACT_TRACE");
	if (k)
		*ret = (unsigned)x;
	return 0;
}

static int sc_args(const struct ctx *c, int s, struct sc_cond *cond, int *n,
		   bool *split)
{
	int v = member(c, s, "args", JSON_ARRAY), e;
	unsigned seen = 0;

	*n = 0;
	*split = false;
	if (v < 0)
		return v == BAD ? -1 : 0;
	if (c->j.t[v].size > SC_MAX_COND)
		return fail(c, v, NULL, "more than %d conditions", SC_MAX_COND);
	json_for_each(&c->j, v, e) {
		struct sc_cond *d = &cond[(*n)++];
		uint64_t x;
		int t, k;

		if (elem_is(c, e, JSON_OBJECT) < 0)
			return -1;
		k = get_u64(c, e, "index", 5, &x);
		if (k <= 0)
			return k ? -1 : fail(c, e, "index", "missing");
		d->index = (unsigned)x;
		/* runc: two conditions on one argument are two rules */
		if (seen & (1u << d->index))
			*split = true;
		seen |= 1u << d->index;
		k = get_u64(c, e, "value", UINT64_MAX, &d->value);
		if (k <= 0)
			return k ? -1 : fail(c, e, "value", "missing");
		d->value2 = 0;
		if (get_u64(c, e, "valueTwo", UINT64_MAX, &d->value2) < 0)
			return -1;
		t = member(c, e, "op", JSON_STRING);
		if (t == BAD)
			return -1;
		if (t == ABSENT)
			return fail(c, e, "op", "missing");
		k = tok_index(c, t, SC_OPS);
		if (k < 0)
			return fail(c, t, NULL, "unknown operator");
		d->op = (enum sc_op)k;
	}
	return 0;
}

static int parse_seccomp(const struct ctx *c, int l, struct run_desc *rd)
{
	int o = member(c, l, "seccomp", JSON_OBJECT), v, e, s, max = 0;
	struct sc_profile *sp;
	const char **flags;
	int nflags, k;

	if (o < 0)
		return o == BAD ? -1 : 0;
	sp = ozalloc(sizeof(*sp));
	if (sc_action(c, o, "defaultAction", "defaultErrnoRet", &sp->def_action,
		      &sp->def_ret) < 0)
		return -1;
	if (refuse_all(c, o, "listenerPath\0a seccomp notify listener is\0"
		       "listenerMetadata\0\0") < 0)
		return -1;
	/* libseccomp's filter always has the native architecture */
	sp->arches = SC_ARCH_X86_64;
	v = member(c, o, "architectures", JSON_ARRAY);
	if (v == BAD)
		return -1;
	if (v >= 0)
		json_for_each(&c->j, v, e) {
			if (elem_is(c, e, JSON_STRING) < 0)
				return -1;
			if (json_eq(&c->j, e, "SCMP_ARCH_X86"))
				sp->arches |= SC_ARCH_X86;
			else if (json_eq(&c->j, e, "SCMP_ARCH_X32"))
				sp->arches |= SC_ARCH_X32;
			/* others (ARM, ...) do not run here */
		}
	if (get_strv(c, o, "flags", &flags, &nflags) < 0)
		return -1;
	for (k = 0; k < nflags; k++)
		/* TSYNC: the engine is single-threaded when it loads it */
		if (strcmp(flags[k], "SECCOMP_FILTER_FLAG_TSYNC")) {
			char b[64];

			return fail(c, json_get(&c->j, o, "flags"), NULL,
				    "flag '%s' is not supported",
				    q(b, sizeof(b), flags[k]));
		}

	v = member(c, o, "syscalls", JSON_ARRAY);
	if (v == BAD)
		return -1;
	/* The most rules: a name times its conditions, each. */
	if (v >= 0)
		json_for_each(&c->j, v, s) {
			int nm, a;

			if (elem_is(c, s, JSON_OBJECT) < 0)
				return -1;
			nm = member(c, s, "names", JSON_ARRAY);
			a = member(c, s, "args", JSON_ARRAY);
			if (nm == BAD || a == BAD)
				return -1;
			if (nm == ABSENT)
				return fail(c, s, "names", "missing");
			max += c->j.t[nm].size *
			       (a >= 0 && c->j.t[a].size ? c->j.t[a].size : 1);
		}
	sp->rules = oalloc((size_t)max * sizeof(*sp->rules) + 1);
	if (v >= 0)
		json_for_each(&c->j, v, s) {
			struct sc_cond cond[SC_MAX_COND];
			enum sc_action act;
			unsigned ret;
			int nm = json_get(&c->j, s, "names"), ncond, n, i;
			bool split;

			if (sc_action(c, s, "action", "errnoRet", &act, &ret) < 0 ||
			    sc_args(c, s, cond, &ncond, &split) < 0)
				return -1;
			json_for_each(&c->j, nm, n) {
				char name[64];
				int nr;

				if (elem_is(c, n, JSON_STRING) < 0)
					return -1;
				/* a name this kernel's headers lack: skipped,
				 * as libseccomp does */
				if (json_str_max(&c->j, n) > sizeof(name) ||
				    json_str(&c->j, n, name) < 0 ||
				    (nr = sc_syscall_nr(name)) < 0)
					continue;
				/* libseccomp rejects a rule that repeats the
				 * default; runc skips it */
				if (act == sp->def_action &&
				    (act != SC_ERRNO || ret == sp->def_ret))
					continue;
				for (i = 0; i < (split ? ncond : 1); i++) {
					struct sc_rule *r =
						&sp->rules[sp->nrules++];

					r->nr = nr;
					r->action = act;
					r->ret = ret;
					r->ncond = split ? 1 : ncond;
					memcpy(r->cond, split ? &cond[i] : cond,
					       (size_t)r->ncond * sizeof(*cond));
				}
			}
		}
	rd->seccomp = sp;
	return 0;
}

/* ---- the whole file ---------------------------------------------------- */

#define PROP_NAMES                                                        \
	"private\0rprivate\0shared\0rshared\0slave\0rslave\0unbindable\0"  \
	"runbindable\0"
static const unsigned long props[] = {
	MS_PRIVATE, MS_PRIVATE | MS_REC, MS_SHARED, MS_SHARED | MS_REC,
	MS_SLAVE, MS_SLAVE | MS_REC, MS_UNBINDABLE, MS_UNBINDABLE | MS_REC,
};

static int parse_linux(struct ctx *c, struct run_desc *rd)
{
	int l = member(c, 0, "linux", JSON_OBJECT), k;
	const char *s;
	char b[64];

	if (l == BAD || parse_namespaces(c, l, rd) < 0)
		return -1;
	if (refuse_all(c, l, "uidMappings\0user namespaces are\0"
		       "gidMappings\0\0"
		       "timeOffsets\0time namespaces are\0"
		       "intelRdt\0Intel RDT is\0"
		       "personality\0a personality is\0"
		       "mountLabel\0an SELinux mount label is\0"
		       "netDevices\0moving network devices is\0"
		       "memoryPolicy\0a NUMA memory policy is\0") < 0)
		return -1;
	if (parse_resources(c, l, rd) < 0 || parse_nodes(c, l, rd) < 0 ||
	    parse_sysctl(c, l, rd) < 0 || parse_seccomp(c, l, rd) < 0)
		return -1;
	allow_nodes(rd);
	if (get_str(c, l, "cgroupsPath", &rd->cgroup_path, false) < 0)
		return -1;
	if (rd->cgroup_path && strchr(rd->cgroup_path, ':'))
		return fail(c, l, "cgroupsPath", "'%s' is systemd's "
			    "slice:prefix:name form: hind has no systemd driver",
			    q(b, sizeof(b), rd->cgroup_path));
	if (rd->cgroup_path && has_dotdot(rd->cgroup_path, '/'))
		return fail(c, l, "cgroupsPath", "'..' in '%s'",
			    q(b, sizeof(b), rd->cgroup_path));
	if (get_strv(c, l, "maskedPaths", (const char ***)&rd->mnt.masked,
		     &k) < 0 ||
	    get_strv(c, l, "readonlyPaths", (const char ***)&rd->mnt.readonly,
		     &k) < 0)
		return -1;
	for (k = 0; rd->mnt.masked && rd->mnt.masked[k]; k++)
		if (rd->mnt.masked[k][0] != '/')
			return fail(c, l, "maskedPaths", "'%s' is not an "
				    "absolute path",
				    q(b, sizeof(b), rd->mnt.masked[k]));
	for (k = 0; rd->mnt.readonly && rd->mnt.readonly[k]; k++)
		if (rd->mnt.readonly[k][0] != '/')
			return fail(c, l, "readonlyPaths", "'%s' is not an "
				    "absolute path",
				    q(b, sizeof(b), rd->mnt.readonly[k]));
	if (rd->mnt.masked && !rd->mnt.masked[0])
		rd->mnt.masked = NULL;
	if (rd->mnt.readonly && !rd->mnt.readonly[0])
		rd->mnt.readonly = NULL;
	if (get_str(c, l, "rootfsPropagation", &s, false) < 0)
		return -1;
	if (s) {
		k = name_index(PROP_NAMES, s);
		if (k < 0)
			return fail(c, l, "rootfsPropagation",
				    "unknown propagation '%s'",
				    q(b, sizeof(b), s));
		rd->mnt.root_prop = props[k];
	}
	return 0;
}

static int parse_config(struct ctx *c, struct run_desc *rd,
			struct oci_extra *x)
{
	int v, k, p;

	if (json_type(&c->j, 0) != JSON_OBJECT)
		return fail(c, 0, NULL, "expected an object");
	if (get_str(c, 0, "ociVersion", &x->oci_version, false) < 0)
		return -1;
	if (!x->oci_version)
		return fail(c, 0, "ociVersion", "missing");
	if (strncmp(x->oci_version, "1.", 2)) {
		char b[64];

		return fail(c, 0, "ociVersion", "'%s' is not a 1.x version",
			    q(b, sizeof(b), x->oci_version));
	}
	v = member(c, 0, "annotations", JSON_OBJECT);
	if (v == BAD)
		return -1;
	if (v >= 0) {
		json_for_each_key(&c->j, v, k)
			if (elem_is(c, k + 1, JSON_STRING) < 0)
				return -1;
		x->annotations_len = (size_t)(c->j.t[v].end - c->j.t[v].start);
		x->annotations = ostrndup(c->j.s + c->j.t[v].start,
					  x->annotations_len);
	}
	v = member(c, 0, "hooks", JSON_OBJECT);
	if (v == BAD)
		return -1;
	if (v >= 0)
		json_for_each_key(&c->j, v, k) {
			const struct json_tok *t = &c->j.t[k + 1];

			if (t->type != JSON_NULL &&
			    !(t->type == JSON_ARRAY && !t->size))
				return fail(c, k + 1, NULL,
					    "hooks are not supported");
		}
	if (refuse(c, 0, "vm", "a virtual-machine container is") < 0)
		return -1;

	p = member(c, 0, "process", JSON_OBJECT);
	if (p == BAD)
		return -1;
	if (p == ABSENT)
		return fail(c, 0, "process", "missing");
	if (parse_process_obj(c, p, rd) < 0 || parse_root(c, rd, x) < 0 ||
	    parse_mounts(c, rd) < 0 || parse_linux(c, rd) < 0)
		return -1;

	if (get_str(c, 0, "hostname", &rd->hostname, false) < 0 ||
	    get_str(c, 0, "domainname", &rd->domainname, false) < 0)
		return -1;
	if (rd->hostname && !(c->ns_have & CLONE_NEWUTS))
		return fail(c, 0, "hostname", "needs a UTS namespace");
	if (rd->domainname && !(c->ns_have & CLONE_NEWUTS))
		return fail(c, 0, "domainname", "needs a UTS namespace");
	return 0;
}

/* json parsed into c->j, or -1 with "FILE: invalid JSON ..." */
static int ctx_init(struct ctx *c, const char *file, const char *json,
		    size_t len)
{
	memset(c, 0, sizeof(*c));
	c->file = file;
	if (json_parse(&c->j, json, len) < 0) {
		snprintf(oci_error, sizeof(oci_error),
			 "%s: invalid JSON at line %u, column %u: %s", file,
			 c->j.line, c->j.col, c->j.err);
		return -1;
	}
	return 0;
}

int oci_config_parse(const char *json, size_t len, const char *bundle,
		     struct run_desc *rd, struct oci_extra *x)
{
	struct blk *mark = mem;
	struct ctx c;
	int err;

	memset(rd, 0, sizeof(*rd));
	memset(x, 0, sizeof(*x));
	rd->umask = -1;
	rd->lim.cpu_quota = HIND_MAX;
	rd->mnt.oci = true;
	if (ctx_init(&c, "config.json", json, len) < 0)
		return -1;
	if (!bundle || !bundle[0])
		bundle = ".";
	if (bundle[0] == '/') {
		c.bundle = path_clean(ostrndup(bundle, strlen(bundle)));
	} else {
		char cwd[PATH_MAX];

		if (!getcwd(cwd, sizeof(cwd))) {
			snprintf(oci_error, sizeof(oci_error),
				 "cannot find the current directory: %s",
				 strerror(errno));
			err = -1;
			goto out;
		}
		c.bundle = cwd;
		c.bundle = bundle_path(&c, bundle);
	}
	err = parse_config(&c, rd, x);
out:
	json_free(&c.j);
	if (err) {
		release_to(mark);
		memset(rd, 0, sizeof(*rd));
		memset(x, 0, sizeof(*x));
	}
	return err;
}

int oci_process_parse(const char *json, size_t len, struct run_desc *rd)
{
	struct blk *mark = mem;
	struct ctx c;
	int err;

	if (ctx_init(&c, "process.json", json, len) < 0)
		return -1;
	err = json_type(&c.j, 0) != JSON_OBJECT ?
		      fail(&c, 0, NULL, "expected an object") :
		      parse_process_obj(&c, 0, rd);
	json_free(&c.j);
	if (err) {
		release_to(mark);
		rd->argv = rd->env = NULL;
		rd->workdir = rd->apparmor = rd->selinux_label = NULL;
		rd->groups = NULL;
		rd->ngroups = 0;
		rd->rlimits = NULL;
		rd->nrlimits = 0;
	}
	return err;
}

/* The most config.json hind reads: podman's with a seccomp profile is
 * some 30 KiB. */
enum { CONFIG_MAX = 16 << 20 };

int oci_config_load(const char *bundle, struct run_desc *rd,
		    struct oci_extra *x)
{
	char *file = xasprintf("%s/config.json", bundle && *bundle ? bundle : "."),
	     *buf = NULL, b[200];
	struct stat st;
	size_t len = 0;
	ssize_t n;
	int fd, err = -1;

	fd = open(file, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) < 0) {
		snprintf(oci_error, sizeof(oci_error), "cannot read '%s': %s",
			 q(b, sizeof(b), file), strerror(errno));
		goto out;
	}
	if (!S_ISREG(st.st_mode) || st.st_size > CONFIG_MAX) {
		snprintf(oci_error, sizeof(oci_error),
			 "cannot read '%s': %s", q(b, sizeof(b), file),
			 S_ISREG(st.st_mode) ? "larger than 16 MiB" :
					       "not a regular file");
		goto out;
	}
	buf = xmalloc((size_t)st.st_size + 1);
	while (len <= (size_t)st.st_size &&
	       (n = read(fd, buf + len, (size_t)st.st_size + 1 - len)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			snprintf(oci_error, sizeof(oci_error),
				 "cannot read '%s': %s", q(b, sizeof(b), file),
				 strerror(errno));
			goto out;
		}
		len += (size_t)n;
	}
	/* a file that grew meanwhile: the parse sees the part read */
	err = oci_config_parse(buf, len > (size_t)st.st_size ?
				       (size_t)st.st_size : len,
			       bundle, rd, x);
out:
	if (fd >= 0)
		close(fd);
	free(buf);
	free(file);
	return err;
}
