// SPDX-License-Identifier: MIT
/*
 * hind_cgls.c - the cgroup tree with its processes and usage against limits.
 *
 *   hind-cgls [-a] [-c CONTROLLER] [-d N] [--ascii] [--json] [--no-usage]
 *             [CGROUP...]
 *
 * Works in two passes. The walk reads every directory of the tree once
 * (getdents64 and cgroup.procs through openat(2) on directory fds, no
 * stdio, no per-cgroup allocation: nodes, names and pids live in three
 * growing arrays). The print pass then visits only what is shown: it reads
 * usage through cg_ops()->stats() and command lines through core/proc.c,
 * and fills one output buffer that is written in large chunks.
 *
 * The hierarchies are the backend's list, cg_ops()->at("/"): on v2 one
 * holding every controller; on v1 every mounted one, co-mounted
 * controllers (cpu,cpuacct) sharing theirs, and those without a
 * controller hind reads (freezer, devices, name=systemd) included. The
 * tree shown is the union of the hierarchies' trees, matched by path.
 *
 * Kernel rules this file relies on:
 * - cgroupfs fills d_type, so no stat(2) per entry is needed.
 * - getdents64 stops only when the next entry does not fit or the
 *   directory ends, so a reply that leaves room for the largest entry
 *   ends the directory without a second call.
 * - A process is in exactly one cgroup per hierarchy; on v1 it may be in
 *   different paths in different hierarchies. The merged tree lists it
 *   once, in the deepest cgroup that holds it.
 * - cgroup.procs lists the thread-group leaders visible in the reader's
 *   pid namespace; a v2 threaded cgroup refuses it (EOPNOTSUPP).
 * - A cgroup or process can vanish at any moment: ENOENT/ENODEV/ESRCH on
 *   open or read mean "gone" and are skipped without a message.
 */
#include <dirent.h>
#include <sys/ioctl.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <linux/magic.h>
#include "hind.h"

const char hind_cgls_usage[] =
	"Usage: hind-cgls [OPTIONS] [CGROUP...]\n"
	"\n"
	"Show the cgroup tree with each cgroup's processes and one usage\n"
	"field per cgroup: memory current/limit (percent), peak, swap, OOM\n"
	"kills, CPU time, quota and throttled/total periods, pids\n"
	"current/max. Without systemd, on cgroup v1 and v2. On v1 every\n"
	"mounted hierarchy (memory, cpu, cpuacct, cpuset, pids, and those\n"
	"without usage fields: freezer, devices, name=systemd...) is merged\n"
	"into one tree by path, each cgroup showing the values of the\n"
	"hierarchies it exists in, and each process is listed once, in the\n"
	"deepest cgroup holding it.\n"
	"\n"
	"CGROUP is a path relative to the hierarchy root ('/', 'a/b') or an\n"
	"absolute path under /sys/fs/cgroup (on v1 that names one\n"
	"hierarchy, and /sys/fs/cgroup itself all of them). The default is\n"
	"the whole hierarchy. Options come before the first CGROUP.\n"
	"\n"
	"  -a, --all           also show cgroups without processes in them\n"
	"                      or below them\n"
	"  -c, --controller C  only the hierarchy of controller C (cpu,\n"
	"                      cpuacct, cpuset, memory, pids, or on v1 any\n"
	"                      other: freezer, name=systemd), its values\n"
	"  -d, --depth N       show cgroups down to N levels below CGROUP\n"
	"  -l, --full          do not cut command lines at the terminal's\n"
	"                      width (they are cut only on a terminal)\n"
	"      --ascii         draw the tree with ASCII instead of UTF-8\n"
	"      --json          print the same tree as one JSON document\n"
	"      --no-usage      leave out the usage fields\n"
	"\n"
	"Usage field: mem=CURRENT/LIMIT(PERCENT) peak=MAX-SEEN\n"
	"swap=CURRENT/LIMIT oom=OOM-KILLS cpu=SECONDS\n"
	"quota=PERCENT-OF-ONE-CPU thr=THROTTLED/PERIODS pids=CURRENT/MAX.\n"
	"peak and swap appear where the kernel has them, quota and thr\n"
	"under a CPU quota. 'max' is no limit, '-' a file that could not be\n"
	"read; a controller none of whose files could be read is left out.\n"
	"Processes of each cgroup come first, sorted by pid, then its\n"
	"children, sorted by name. Control characters in names and command\n"
	"lines are shown as \\n, \\t, \\xHH or \\u00HH, a backslash as \\\\,\n"
	"bytes that are not UTF-8 as \\xHH (--json: as \\ufffd, the JSON\n"
	"being UTF-8).\n"
	"Kernel threads show as [name].\n"
	"\n"
	"Exit status: 0, or 1 if a CGROUP cannot be read or an option is\n"
	"bad.\n";

enum { OPT_ASCII = CHAR_MAX + 1, OPT_JSON, OPT_NO_USAGE };

static const struct opt cgls_options[] = {
	{ "all", 'a', false, 'a' },
	{ "controller", 'c', true, 'c' },
	{ "depth", 'd', true, 'd' },
	{ "full", 'l', false, 'l' },
	{ "ascii", 0, false, OPT_ASCII },
	{ "json", 0, false, OPT_JSON },
	{ "no-usage", 0, false, OPT_NO_USAGE },
	{ NULL, 0, false, 0 },
};

struct cgls_opts {
	bool all, ascii, json, usage, full;
	unsigned cols; /* terminal width to cut command lines at */
	uint64_t depth; /* UINT64_MAX: no limit */
	unsigned ctrls; /* CG_BIT mask of controllers to show */
	uint32_t hmask; /* bit h: walk hierarchy h */
	const char *ctrl; /* -c: the controller, or NULL */
	char *const *args;
	int nargs;
};

/* One mounted hierarchy. */
struct hier {
	const char *root; /* its mount point */
	const char *name; /* "cpu,cpuacct", "name=systemd"; v2 "" */
	unsigned ctrls; /* controllers in it */
	int fd; /* the root, O_DIRECTORY */
	char *real; /* realpath of root, to match CGROUP args */
};

/*
 * One cgroup. Children are contiguous: nodes[child .. child + nchild).
 * Indices, not pointers, because the array grows by realloc.
 */
struct node {
	uint32_t name; /* offset in names */
	uint32_t parent;
	uint32_t child, nchild;
	uint32_t proc, nproc; /* procs[proc .. proc + nproc) */
	uint32_t depth; /* below the CGROUP argument */
	uint32_t hiers; /* bit h: it exists in hierarchy h */
	uint32_t leaf; /* bit h: it has no children in h */
	uint8_t busy; /* it or a descendant has a listed process */
};

struct proc_ent {
	pid_t pid;
	uint32_t node; /* NO_NODE: listed in a deeper cgroup */
};

#define NO_NODE UINT32_MAX
/* Keep directory fds open along the path up to this depth, then reopen. */
enum { FD_DEPTH = 64, DENTS_SIZE = 32768, OUT_SIZE = 65536 };

static struct cgls_opts opt;
static struct cg all_hiers; /* every hierarchy, at its root */
static struct hier hiers[CG_MAXHIER];
static int nhier;

/* The bits of every hierarchy. */
static uint32_t every_hier(void)
{
	return nhier >= 32 ? UINT32_MAX : (1u << nhier) - 1;
}

static struct node *nodes;
static size_t nnodes, cap_nodes;
static char *names;
static size_t nnames, cap_names;
static struct proc_ent *procs;
static size_t nprocs, cap_procs;

/* The relative path of the cgroup being walked or printed ("/a/b"). */
static char *rel;
static size_t rel_len, cap_rel;

static char dents[DENTS_SIZE];
static char *rdbuf;
static size_t cap_rdbuf;
static int procfd = -1;

/* ---- output: one buffer, written in large chunks -------------------- */

static char out_buf[OUT_SIZE];
static size_t out_len;

static void out_flush(void)
{
	if (out_len && write_all(1, out_buf, out_len) < 0)
		die_errno("cannot write output");
	out_len = 0;
}

static void out_put(const char *s, size_t n)
{
	while (n) {
		size_t room = sizeof(out_buf) - out_len;

		if (!room) {
			out_flush();
			continue;
		}
		if (room > n)
			room = n;
		memcpy(out_buf + out_len, s, room);
		out_len += room;
		s += room;
		n -= room;
	}
}

static void out_str(const char *s)
{
	out_put(s, strlen(s));
}

static void out_c(char c)
{
	if (out_len == sizeof(out_buf))
		out_flush();
	out_buf[out_len++] = c;
}

static void out_u64(uint64_t v)
{
	char buf[24], *p = buf + sizeof(buf);

	do
		*--p = (char)('0' + v % 10);
	while (v /= 10);
	out_put(p, (size_t)(buf + sizeof(buf) - p));
}

static void out_fmt(const char *fmt, ...) PRINTF(1, 2);
static void out_fmt(const char *fmt, ...)
{
	char buf[128];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n > 0)
		out_put(buf,
			(size_t)n < sizeof(buf) ? (size_t)n : sizeof(buf) - 1);
}

/* ---- escaping --------------------------------------------------------- */

/*
 * Write s escaped (core/escape.c): as a JSON string body, or as terminal
 * text with control characters and invalid UTF-8 as \n, \t, \xHH or
 * \u00HH and a backslash doubled.
 */
static void out_esc(const char *s, size_t n, bool json)
{
	size_t used;

	while (n) {
		/* The longest escape is 6 bytes. */
		if (sizeof(out_buf) - out_len < 8)
			out_flush();
		out_len += esc_str(out_buf + out_len, sizeof(out_buf) - out_len,
				   s, n, &used, json ? ESC_JSON : ESC_TEXT);
		s += used;
		n -= used;
	}
}

static void out_json_str(const char *s, size_t n)
{
	out_c('"');
	out_esc(s, n, true);
	out_c('"');
}

/* ---- growing arrays ------------------------------------------------- */

static void *grow(void *p, size_t *cap, size_t need, size_t elem)
{
	size_t c = *cap ? *cap : 256;

	if (need <= *cap)
		return p;
	while (c < need)
		c *= 2;
	*cap = c;
	return xrealloc(p, c * elem);
}

static uint32_t add_name(const char *s, size_t len)
{
	uint32_t off = (uint32_t)nnames;

	names = grow(names, &cap_names, nnames + len + 1, 1);
	memcpy(names + nnames, s, len);
	names[nnames + len] = '\0';
	nnames += len + 1;
	return off;
}

static uint32_t add_node(uint32_t name, uint32_t parent, uint32_t depth,
			 uint32_t hmask)
{
	struct node *n;

	nodes = grow(nodes, &cap_nodes, nnodes + 1, sizeof(*nodes));
	n = &nodes[nnodes];
	memset(n, 0, sizeof(*n));
	n->name = name;
	n->parent = parent;
	n->depth = depth;
	n->hiers = hmask;
	return (uint32_t)nnodes++;
}

/* Append "/name" to rel; returns the old length for rel_pop(). */
static size_t rel_push(const char *name)
{
	size_t old = rel_len, len = strlen(name);

	rel = grow(rel, &cap_rel, rel_len + len + 2, 1);
	if (!(rel_len == 1 && rel[0] == '/'))
		rel[rel_len++] = '/';
	memcpy(rel + rel_len, name, len + 1);
	rel_len += len;
	return old;
}

static void rel_pop(size_t old)
{
	rel_len = old;
	rel[rel_len] = '\0';
}

static void rel_set(const char *path)
{
	rel_len = 0;
	rel = grow(rel, &cap_rel, strlen(path) + 2, 1);
	rel[0] = '/';
	rel[1] = '\0';
	rel_len = 1;
	for (const char *p = path; *p;) {
		size_t w;

		p += strspn(p, "/");
		w = strcspn(p, "/");
		if (!w)
			break;
		if (rel_len > 1)
			rel[rel_len++] = '/';
		memcpy(rel + rel_len, p, w);
		rel_len += w;
		rel[rel_len] = '\0';
		p += w;
	}
}

/* ---- the walk --------------------------------------------------------- */

/* Append a node per subdirectory of fd (hierarchy h) as children of n. */
static void read_children(uint32_t n, int h, int fd)
{
	uint32_t depth = nodes[n].depth + 1;

	for (;;) {
		long got = syscall(SYS_getdents64, fd, dents, sizeof(dents));
		long off;

		if (got <= 0)
			return; /* end, or the cgroup went away */
		for (off = 0; off < got;) {
			struct linux_dirent64 *d =
				(struct linux_dirent64 *)(dents + off);
			const char *nm = d->d_name;
			unsigned char type = d->d_type;
			struct stat sb;
			uint32_t c;

			off += d->d_reclen;
			if (nm[0] == '.' &&
			    (!nm[1] || (nm[1] == '.' && !nm[2])))
				continue;
			if (type != DT_DIR && type != DT_UNKNOWN)
				continue;
			/*
			 * A cgroup's link count is 2 plus its children, so a
			 * stat(2) finds the leaves, which then need no open,
			 * getdents and close of their own.
			 */
			if (fstatat(fd, nm, &sb, AT_SYMLINK_NOFOLLOW) < 0 ||
			    !S_ISDIR(sb.st_mode))
				continue; /* gone, or not a cgroup */
			c = add_node(add_name(nm, strlen(nm)), n, depth,
				     1u << h);
			if (sb.st_nlink == 2)
				nodes[c].leaf = 1u << h;
		}
		/* Room left for the largest entry: the directory ended. */
		if ((size_t)got + sizeof(struct linux_dirent64) + NAME_MAX + 8 <
		    sizeof(dents))
			return;
	}
}

/* Append the pids listed in dirfd/path (a cgroup.procs) to node n. */
static void read_procs(uint32_t n, int dirfd, const char *path)
{
	size_t len = 0;
	int pfd = openat(dirfd, path, O_RDONLY | O_CLOEXEC);

	if (pfd < 0)
		return;
	for (;;) {
		ssize_t got;

		rdbuf = grow(rdbuf, &cap_rdbuf, len + 4096, 1);
		got = read(pfd, rdbuf + len, cap_rdbuf - len - 1);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			break;
		len += (size_t)got;
	}
	close(pfd);
	rdbuf[len] = '\0';
	for (char *p = rdbuf; *p;) {
		unsigned long pid = 0;

		while (*p >= '0' && *p <= '9')
			pid = pid * 10 + (unsigned long)(*p++ - '0');
		if (pid && pid <= INT_MAX) {
			procs = grow(procs, &cap_procs, nprocs + 1,
				     sizeof(*procs));
			procs[nprocs].pid = (pid_t)pid;
			procs[nprocs].node = n;
			nprocs++;
		}
		while (*p && (*p < '0' || *p > '9'))
			p++;
	}
}

/*
 * Shell sort with Knuth's gaps (1, 4, 13, 40...): a few lines instead of
 * musl's smoothsort (2 KB of a static binary); some n^1.5 compares, which
 * sorts 10,000 sibling cgroups in milliseconds. Not stable, as qsort is
 * not: equal names are merged and pids are unique.
 */
static void sort(void *base, size_t n, size_t size,
		 int (*cmp)(const void *, const void *))
{
	char *b = base, *x, *y, t;
	size_t gap = 1, i, j, k;

	while (gap < n / 3)
		gap = gap * 3 + 1;
	for (; gap; gap /= 3) {
		for (i = gap; i < n; i++) {
			for (j = i; j >= gap; j -= gap) {
				x = b + (j - gap) * size;
				y = b + j * size;
				if (cmp(x, y) <= 0)
					break;
				for (k = 0; k < size; k++) {
					t = x[k];
					x[k] = y[k];
					y[k] = t;
				}
			}
		}
	}
}

static int cmp_node_name(const void *a, const void *b)
{
	return strverscmp(names + ((const struct node *)a)->name,
			  names + ((const struct node *)b)->name);
}

/* Open a child cgroup in hierarchy h, from its parent's fd or the root. */
static int open_child(int h, int pfd, const char *name)
{
	int flags = O_RDONLY | O_DIRECTORY | O_CLOEXEC;

	if (pfd >= 0)
		return openat(pfd, name, flags);
	return openat(hiers[h].fd, rel + 1, flags);
}

/*
 * Walk node n, whose directory in hierarchy h is open as fds[h], or not
 * opened (-1) because it is a leaf there or absent. pfds[] are the
 * parent's fds (-1: closed, go from the root) and rel + name_off the
 * node's name in rel, to read a leaf's cgroup.procs. The caller closes
 * fds[]; walk() may close them early (and set -1) to keep the number of
 * open fds bounded on deep trees.
 */
static void walk(uint32_t n, int *fds, const int *pfds, size_t name_off)
{
	uint32_t first = (uint32_t)nnodes, i, j, end;
	int h;

	for (h = 0; h < nhier; h++)
		if (fds[h] >= 0)
			read_children(n, h, fds[h]);
	end = (uint32_t)nnodes;
	/* Union of the hierarchies: sort by name, merge equal names. */
	if (end - first > 1)
		sort(nodes + first, end - first, sizeof(*nodes),
		     cmp_node_name);
	for (i = first, j = first; i < end; i++) {
		if (j > first &&
		    !strcmp(names + nodes[j - 1].name, names + nodes[i].name)) {
			nodes[j - 1].hiers |= nodes[i].hiers;
			nodes[j - 1].leaf |= nodes[i].leaf;
		} else {
			nodes[j++] = nodes[i];
		}
	}
	nnodes = end = j;
	nodes[n].child = first;
	nodes[n].nchild = end - first;

	nodes[n].proc = (uint32_t)nprocs;
	for (h = 0; h < nhier; h++) {
		size_t old;

		if (fds[h] >= 0) {
			read_procs(n, fds[h], "cgroup.procs");
			continue;
		}
		if (!(nodes[n].leaf & (1u << h)))
			continue;
		old = rel_push("cgroup.procs");
		if (pfds[h] >= 0)
			read_procs(n, pfds[h], rel + name_off);
		else
			read_procs(n, hiers[h].fd, rel + 1);
		rel_pop(old);
	}
	nodes[n].nproc = (uint32_t)(nprocs - nodes[n].proc);

	if (nodes[n].depth >= FD_DEPTH) {
		for (h = 0; h < nhier; h++) {
			if (fds[h] >= 0)
				close(fds[h]);
			fds[h] = -1;
		}
	}
	for (i = first; i < end; i++) {
		size_t old = rel_push(names + nodes[i].name);
		size_t off = old + (old > 1);
		int cfd[CG_MAXHIER];
		uint32_t have = 0;

		for (h = 0; h < nhier; h++) {
			cfd[h] = -1;
			if (!(nodes[i].hiers & (1u << h)))
				continue;
			if (nodes[i].leaf & (1u << h)) {
				have |= 1u << h;
				continue;
			}
			cfd[h] = open_child(h, fds[h], rel + off);
			if (cfd[h] >= 0)
				have |= 1u << h;
		}
		/* Gone in every hierarchy: skip it silently. */
		nodes[i].hiers = have;
		if (have)
			walk(i, cfd, fds, off);
		for (h = 0; h < nhier; h++)
			if (cfd[h] >= 0)
				close(cfd[h]);
		rel_pop(old);
	}
}

/*
 * Each pid once, in the deepest cgroup that lists it (first of equals);
 * the other entries get NO_NODE. Then mark the cgroups that have a listed
 * process in them or below them.
 */
static void settle_procs(uint32_t root, size_t first_proc)
{
	size_t size = 64, mask, i;
	uint32_t *slot;

	while (size < 2 * (nprocs - first_proc))
		size *= 2;
	mask = size - 1;
	slot = xmalloc(size * sizeof(*slot));
	memset(slot, 0xff, size * sizeof(*slot));
	for (i = first_proc; i < nprocs; i++) {
		size_t k = ((uint32_t)procs[i].pid * 2654435761u) & mask;

		while (slot[k] != UINT32_MAX &&
		       procs[slot[k]].pid != procs[i].pid)
			k = (k + 1) & mask;
		if (slot[k] == UINT32_MAX) {
			slot[k] = (uint32_t)i;
		} else if (nodes[procs[i].node].depth >
			   nodes[procs[slot[k]].node].depth) {
			procs[slot[k]].node = NO_NODE;
			slot[k] = (uint32_t)i;
		} else {
			procs[i].node = NO_NODE;
		}
	}
	free(slot);
	for (i = first_proc; i < nprocs; i++)
		if (procs[i].node != NO_NODE)
			nodes[procs[i].node].busy = 1;
	/* Children come after their parents: propagate upwards. */
	for (i = nnodes - 1; i > root; i--)
		if (nodes[i].busy && nodes[i].hiers)
			nodes[nodes[i].parent].busy = 1;
}

/* ---- the print pass ------------------------------------------------- */

static int cmp_proc(const void *a, const void *b)
{
	pid_t x = ((const struct proc_ent *)a)->pid;
	pid_t y = ((const struct proc_ent *)b)->pid;

	return (x > y) - (x < y);
}

static bool shown(uint32_t i)
{
	return nodes[i].hiers && (opt.all || nodes[i].busy);
}

static bool children_shown(uint32_t n)
{
	return nodes[n].depth < opt.depth;
}

/* Usage of node n (path in rel) through the cgroup interface. */
static void node_stats(uint32_t n, struct cg_stats *st)
{
	/* Only hierarchies with a controller have values: CG_NCTRL. */
	char path[CG_NCTRL][PATH_MAX];
	struct cg cg;
	int h;

	memset(st, 0, sizeof(*st));
	cg.n = 0;
	for (h = 0; h < nhier && cg.n < CG_NCTRL; h++) {
		struct cg_hier *hp = &cg.h[cg.n];

		if (!(nodes[n].hiers & (1u << h)) || !hiers[h].ctrls)
			continue;
		if ((size_t)snprintf(path[cg.n], sizeof(path[cg.n]), "%s%s",
				     hiers[h].root, rel_len > 1 ? rel : "") >=
		    sizeof(path[cg.n]))
			continue; /* too deep for a path: shown as '-' */
		memset(hp, 0, sizeof(*hp));
		hp->mnt = hiers[h].root;
		hp->name = hiers[h].name;
		hp->ctrls = hiers[h].ctrls;
		hp->dir = path[cg.n];
		hp->rel = rel;
		cg.n++;
	}
	if (!cg.n || cg_ops()->stats(&cg, st) < 0)
		st->have = 0;
}

enum {
	MEM_BITS = CGS_MEM | CGS_MEM_PEAK | CGS_SWAP | CGS_MEM_EVENTS |
		   CGS_OOM_KILL,
	CPU_BITS = CGS_CPU_USAGE | CGS_CPU_THROTTLE | CGS_CPU_MAX,
};

/* Which groups of st to show, given -c. */
static unsigned stats_shown(const struct cg_stats *st)
{
	unsigned have = st->have;

	if (!(opt.ctrls & CG_BIT(CG_MEMORY)))
		have &= ~(unsigned)MEM_BITS;
	if (!(opt.ctrls & CG_BIT(CG_CPUACCT)))
		have &= ~(unsigned)CGS_CPU_USAGE;
	if (!(opt.ctrls & CG_BIT(CG_CPU)))
		have &= ~(unsigned)(CGS_CPU_THROTTLE | CGS_CPU_MAX);
	if (!(opt.ctrls & CG_BIT(CG_PIDS)))
		have &= ~(unsigned)CGS_PIDS;
	if (!(opt.ctrls & CG_BIT(CG_CPUSET)))
		have &= ~(unsigned)CGS_CPUSET;
	return have;
}

/* "0", "512B", "1.5K", "16M", "1.2G": compact binary size. */
static void out_size(uint64_t b)
{
	static const char unit[] = "BKMGTPE";
	uint64_t whole = b, tenths = 0;
	int u = 0;

	if (!b) {
		out_c('0');
		return;
	}
	while (whole >= 1024 && u < 6) {
		tenths = (whole % 1024) * 10 / 1024;
		whole /= 1024;
		u++;
	}
	out_u64(whole);
	if (u && whole < 10 && tenths) {
		out_c('.');
		out_u64(tenths);
	}
	out_c(unit[u]);
}

static void out_limit(uint64_t v)
{
	if (v == HIND_MAX)
		out_str("max");
	else
		out_size(v);
}

/* Start a usage field: two spaces before the first, one between. */
static bool field_first;

static void field(const char *name)
{
	out_str(field_first ? "  " : " ");
	field_first = false;
	out_str(name);
}

static void text_usage(const struct cg_stats *st)
{
	unsigned have = stats_shown(st);

	field_first = true;
	if (have & MEM_BITS) {
		field("mem=");
		if (have & CGS_MEM) {
			out_size(st->mem_current);
			out_c('/');
			out_limit(st->mem_max);
			if (st->mem_max != HIND_MAX && st->mem_max)
				out_fmt("(%" PRIu64 "%%)",
					st->mem_current * 100 / st->mem_max);
		} else {
			out_c('-');
		}
		if (have & CGS_MEM_PEAK) {
			field("peak=");
			out_size(st->mem_peak);
		}
		if (have & CGS_SWAP) {
			field("swap=");
			out_size(st->swap_current);
			out_c('/');
			out_limit(st->swap_max);
		}
		field("oom=");
		if (have & CGS_OOM_KILL)
			out_u64(st->oom_kill);
		else
			out_c('-');
	}
	if ((have & CPU_BITS) && (opt.ctrls & CG_BIT(CG_CPUACCT))) {
		field("cpu=");
		if (have & CGS_CPU_USAGE)
			out_fmt("%" PRIu64 ".%03" PRIu64 "s",
				st->cpu_usage_us / 1000000,
				st->cpu_usage_us / 1000 % 1000);
		else
			out_c('-');
	}
	if ((have & CGS_CPU_MAX) && st->cpu_quota != HIND_MAX &&
	    st->cpu_period) {
		field("quota=");
		out_fmt("%" PRIu64 "%%", st->cpu_quota * 100 / st->cpu_period);
	}
	if ((have & CGS_CPU_THROTTLE) && st->nr_periods) {
		field("thr=");
		out_fmt("%" PRIu64 "/%" PRIu64, st->nr_throttled,
			st->nr_periods);
	}
	if (have & CGS_PIDS) {
		field("pids=");
		out_u64(st->pids_current);
		out_c('/');
		if (st->pids_max == HIND_MAX)
			out_str("max");
		else
			out_u64(st->pids_max);
	}
}

static void json_key(const char *key)
{
	out_fmt("%s\"%s\":", field_first ? "" : ",", key);
	field_first = false;
}

static void json_key_u64(const char *key, bool ok, uint64_t v, bool lim)
{
	json_key(key);
	if (!ok)
		out_str("null");
	else if (lim && v == HIND_MAX)
		out_str("\"max\"");
	else
		out_u64(v);
}

static void json_usage(const struct cg_stats *st)
{
	unsigned have = stats_shown(st);

	out_str(",\"usage\":{");
	field_first = true;
	if (have & MEM_BITS) {
		json_key_u64("memory_current", have & CGS_MEM, st->mem_current,
			     false);
		json_key_u64("memory_max", have & CGS_MEM, st->mem_max, true);
		if (have & CGS_MEM_PEAK)
			json_key_u64("memory_peak", true, st->mem_peak, false);
		if (have & CGS_SWAP) {
			json_key_u64("swap_current", true, st->swap_current,
				     false);
			json_key_u64("swap_max", true, st->swap_max, true);
		}
		json_key_u64("memory_events_max", have & CGS_MEM_EVENTS,
			     st->mem_events_max, false);
		json_key_u64("oom_kill", have & CGS_OOM_KILL, st->oom_kill,
			     false);
	}
	if (have & CPU_BITS) {
		if (opt.ctrls & CG_BIT(CG_CPUACCT))
			json_key_u64("cpu_usage_usec", have & CGS_CPU_USAGE,
				     st->cpu_usage_us, false);
		if (opt.ctrls & CG_BIT(CG_CPU)) {
			bool ok = have & CGS_CPU_MAX;

			json_key_u64("cpu_quota_usec", ok, st->cpu_quota, true);
			json_key_u64("cpu_period_usec", ok, st->cpu_period,
				     false);
			ok = have & CGS_CPU_THROTTLE;
			json_key_u64("nr_periods", ok, st->nr_periods, false);
			json_key_u64("nr_throttled", ok, st->nr_throttled,
				     false);
			json_key_u64("throttled_usec", ok, st->throttled_us,
				     false);
		}
	}
	if (have & CGS_PIDS) {
		json_key_u64("pids_current", true, st->pids_current, false);
		json_key_u64("pids_max", true, st->pids_max, true);
	}
	if (have & CGS_CPUSET) {
		json_key("cpuset_cpus");
		out_json_str(st->cpus, strlen(st->cpus));
	}
	out_c('}');
}

/* The command line of pid, or [comm] for a kernel thread; false if gone. */
static bool proc_text(pid_t pid, char *buf, size_t size, bool *kthread)
{
	ssize_t n = proc_cmdline(procfd, pid, buf, size);
	char comm[64];

	*kthread = false;
	if (n < 0)
		return false;
	if (n > 0) {
		if ((size_t)n == size - 1)
			memcpy(buf + size - 4, "...", 4);
		return true;
	}
	/* Empty: a kernel thread, or a zombie or exiting process. */
	if (proc_comm(procfd, pid, comm, sizeof(comm)) < 0)
		return false;
	*kthread = proc_is_kthread(procfd, pid) == 1;
	snprintf(buf, size, *kthread ? "[%s]" : "(%s)", comm);
	return true;
}

/* Tree drawing: prefix grows by one of these per level. */
static char *pfx;
static size_t pfx_len, cap_pfx;

static const char *branch(bool last)
{
	if (opt.ascii)
		return last ? "`-" : "|-";
	return last ? "\u2514\u2500" : "\u251c\u2500";
}

static size_t pfx_push(bool last)
{
	const char *s = last ? "  " : opt.ascii ? "| " : "\u2502 ";
	size_t old = pfx_len, len = strlen(s);

	pfx = grow(pfx, &cap_pfx, pfx_len + len + 1, 1);
	memcpy(pfx + pfx_len, s, len);
	pfx_len += len;
	return old;
}

/* Command lines: the one being printed and the one read ahead. */
static char cmd[2][8192];

/* Display columns of out_buf[from..out_len): UTF-8 lead bytes. */
static size_t out_cols(size_t from)
{
	size_t cols = 0;

	for (; from < out_len; from++)
		cols += ((unsigned char)out_buf[from] & 0xc0) != 0x80;
	return cols;
}

/* Cut out_buf[from..] to at most max columns, ending in an ellipsis. */
static void out_cut(size_t from, size_t max)
{
	size_t cols = 0, i;

	if (out_cols(from) <= max)
		return;
	for (i = from; i < out_len; i++) {
		if (((unsigned char)out_buf[i] & 0xc0) == 0x80)
			continue;
		if (++cols == max)
			break;
	}
	out_len = i;
	out_str(opt.ascii ? "..." : "\u2026");
	if (opt.ascii && max > 3) {
		/* Three dots take three columns: cut two more. */
		out_len -= 3;
		for (cols = 0; cols < 2 && out_len > from;)
			cols += ((unsigned char)out_buf[--out_len] & 0xc0) !=
				0x80;
		out_str("...");
	}
}

static void text_proc(pid_t pid, const char *text, int width, bool last)
{
	char num[16];
	int len = snprintf(num, sizeof(num), "%d", (int)pid);
	size_t start, used;

	/* Keep the line in the buffer, so that it can be cut in place. */
	if (opt.cols &&
	    sizeof(out_buf) - out_len < 4 * strlen(text) + 64 + pfx_len)
		out_flush();
	start = out_len;
	out_put(pfx, pfx_len);
	out_str(branch(last));
	while (len++ < width)
		out_c(' ');
	out_str(num);
	out_c(' ');
	used = out_cols(start);
	start = out_len;
	out_esc(text, strlen(text), false);
	if (opt.cols)
		out_cut(start, opt.cols > used + 16 ? opt.cols - used : 16);
	out_c('\n');
}

static void text_node(uint32_t n)
{
	uint32_t i, last_child = NO_NODE,
		    end = nodes[n].child + nodes[n].nchild;
	struct proc_ent *p = procs + nodes[n].proc;
	uint32_t np = nodes[n].nproc, k;
	pid_t pending = 0, maxpid = 0;
	int width = 1, cur = 0;

	if (children_shown(n))
		for (i = nodes[n].child; i < end; i++)
			if (shown(i))
				last_child = i;
	sort(p, np, sizeof(*p), cmp_proc);
	for (k = 0; k < np; k++)
		if (p[k].node != NO_NODE)
			maxpid = p[k].pid;
	while (maxpid >= 10) {
		maxpid /= 10;
		width++;
	}
	/*
	 * Read one ahead, so that the last line gets its corner even when a
	 * process after it has exited since the walk.
	 */
	for (k = 0; k < np; k++) {
		bool kthread;

		if (p[k].node == NO_NODE ||
		    !proc_text(p[k].pid, cmd[!cur], sizeof(cmd[0]), &kthread))
			continue;
		if (pending)
			text_proc(pending, cmd[cur], width, false);
		pending = p[k].pid;
		cur = !cur;
	}
	if (pending)
		text_proc(pending, cmd[cur], width, last_child == NO_NODE);
	if (last_child == NO_NODE)
		return;
	for (i = nodes[n].child; i <= last_child; i++) {
		size_t old_rel, old_pfx;

		if (!shown(i))
			continue;
		old_rel = rel_push(names + nodes[i].name);
		out_put(pfx, pfx_len);
		out_str(branch(i == last_child));
		out_esc(names + nodes[i].name, strlen(names + nodes[i].name),
			false);
		if (opt.usage) {
			struct cg_stats st;

			node_stats(i, &st);
			text_usage(&st);
		}
		out_c('\n');
		old_pfx = pfx_push(i == last_child);
		text_node(i);
		pfx_len = old_pfx;
		rel_pop(old_rel);
	}
}

static void json_node(uint32_t n, const char *name)
{
	uint32_t i, end = nodes[n].child + nodes[n].nchild;
	struct proc_ent *p = procs + nodes[n].proc;
	uint32_t np = nodes[n].nproc, k;
	bool first = true;

	out_str("{\"name\":");
	out_json_str(name, strlen(name));
	out_str(",\"path\":");
	out_json_str(rel, rel_len);
	if (opt.usage) {
		struct cg_stats st;

		node_stats(n, &st);
		json_usage(&st);
	}
	out_str(",\"processes\":[");
	sort(p, np, sizeof(*p), cmp_proc);
	for (k = 0; k < np; k++) {
		bool kthread;

		if (p[k].node == NO_NODE ||
		    !proc_text(p[k].pid, cmd[0], sizeof(cmd[0]), &kthread))
			continue;
		out_str(first ? "{\"pid\":" : ",{\"pid\":");
		first = false;
		out_u64((uint64_t)p[k].pid);
		out_str(",\"cmdline\":");
		out_json_str(cmd[0], strlen(cmd[0]));
		out_str(kthread ? ",\"kernel_thread\":true}"
				: ",\"kernel_thread\":false}");
	}
	out_str("],\"children\":[");
	first = true;
	if (children_shown(n)) {
		for (i = nodes[n].child; i < end; i++) {
			size_t old;

			if (!shown(i))
				continue;
			if (!first)
				out_c(',');
			first = false;
			old = rel_push(names + nodes[i].name);
			json_node(i, names + nodes[i].name);
			rel_pop(old);
		}
	}
	out_str("]}");
}

/* ---- arguments and hierarchies ------------------------------------------ */

/* The hierarchies: the backend's list, those that are cgroup mounts. */
static void find_hierarchies(void)
{
	const struct cg_hier *hp;

	if (cg_ops()->at("/", &all_hiers) < 0)
		die("%s", cg_error);
	cg_for_each(hp, &all_hiers) {
		struct statfs sfs;
		struct hier *h = &hiers[nhier];

		if (statfs(hp->dir, &sfs) < 0 ||
		    (sfs.f_type != CGROUP_SUPER_MAGIC &&
		     sfs.f_type != CGROUP2_SUPER_MAGIC))
			continue;
		h->root = hp->dir;
		h->name = hp->name;
		h->ctrls = hp->ctrls;
		h->fd = -1;
		h->real = path_resolve(hp->dir);
		nhier++;
	}
}

/*
 * -c C: the hierarchies to walk and the controllers to show. A controller
 * hind reads stands for itself, and for both cpu and cpuacct when they
 * share a hierarchy (always on v2), since cpu.stat then holds the usage
 * too. Any other word of a hierarchy's name (v1 freezer, name=systemd)
 * selects that hierarchy, with no values. 0 if no hierarchy has C.
 */
static uint32_t ctrl_select(const char *word, unsigned *ctrls)
{
	const unsigned pair = CG_BIT(CG_CPU) | CG_BIT(CG_CPUACCT);
	uint32_t sel = 0;
	int c, h;

	*ctrls = 0;
	for (c = 0; c < CG_NCTRL; c++)
		if (!strcmp(word, cg_ctrl_name[c]))
			*ctrls = CG_BIT(c);
	for (h = 0; h < nhier; h++) {
		if (*ctrls ? !(hiers[h].ctrls & *ctrls) :
			     !cg_opts_have(hiers[h].name, word))
			continue;
		if (*ctrls & pair)
			*ctrls |= hiers[h].ctrls & pair;
		sel |= 1u << h;
	}
	return sel;
}

/*
 * Resolve a CGROUP argument into rel (the path below the hierarchy root)
 * and the hierarchies it is in. An absolute path under a hierarchy's
 * mount names that hierarchy only; anything else is relative and is
 * looked up in every hierarchy. A path that does not resolve (it does not
 * exist) gives 0 and its errno in *err.
 */
static uint32_t resolve_arg(const char *arg, int *err)
{
	char *real = NULL;
	uint32_t mask = 0;
	int h;

	if (!strncmp(arg, CFG_HIND_CGROUP_ROOT "/",
		     sizeof(CFG_HIND_CGROUP_ROOT)) ||
	    !strcmp(arg, CFG_HIND_CGROUP_ROOT)) {
		size_t best = 0;

		real = path_resolve(arg);
		if (!real) {
			*err = errno;
			return 0;
		}
		for (h = 0; h < nhier; h++) {
			size_t len = hiers[h].real ? strlen(hiers[h].real) : 0;

			if (!len || strncmp(real, hiers[h].real, len) ||
			    (real[len] && real[len] != '/') || len < best)
				continue;
			if (len > best)
				mask = 0;
			best = len;
			mask |= 1u << h;
		}
		/* v1's folder of mounts itself: the whole merged tree. */
		if (!mask && !strcmp(real, CFG_HIND_CGROUP_ROOT))
			mask = every_hier();
		rel_set(best ? real + best : "/");
		free(real);
		return mask;
	}
	rel_set(arg);
	return every_hier();
}

/* Show one CGROUP argument; 0, or -1 if it cannot be read. */
static int show(const char *arg, bool comma)
{
	int fds[CG_MAXHIER], h, err = 0;
	uint32_t mask, have = 0;
	uint32_t root;
	size_t first_proc = nprocs;

	mask = resolve_arg(arg, &err);
	for (h = 0; h < nhier; h++) {
		fds[h] = -1;
		if (!(mask & opt.hmask & (1u << h)))
			continue;
		fds[h] = openat(hiers[h].fd, rel_len > 1 ? rel + 1 : ".",
				O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (fds[h] >= 0)
			have |= 1u << h;
		else
			err = errno;
	}
	if (!have) {
		warn("cannot read cgroup '%s': %s", arg,
		     err ? strerror(err) : mask ? strerror(ENOENT) :
		     "not in a cgroup hierarchy");
		return -1;
	}
	root = add_node(add_name(rel, rel_len), NO_NODE, 0, have);
	walk(root, fds, NULL, 0);
	for (h = 0; h < nhier; h++)
		if (fds[h] >= 0)
			close(fds[h]);
	settle_procs(root, first_proc);

	/* The walk moved rel on and back: it names the argument again. */
	if (opt.json) {
		if (comma)
			out_c(',');
		json_node(root, names + nodes[root].name);
		return 0;
	}
	out_esc(rel, rel_len, false);
	if (opt.usage) {
		struct cg_stats st;

		node_stats(root, &st);
		text_usage(&st);
	}
	out_c('\n');
	pfx_len = 0;
	text_node(root);
	return 0;
}

static void parse_args(int argc, char **argv)
{
	struct opt_state st;
	uint64_t v;
	int c;

	opt.depth = UINT64_MAX;
	opt.usage = true;
	opt.ctrls = CG_ALL;
	opt_init(&st, argc, argv);
	while ((c = opt_get(&st, cgls_options)) != OPT_DONE) {
		switch (c) {
		case 'a':
			opt.all = true;
			break;
		case 'c':
			if (!*st.arg || strchr(st.arg, ','))
				usage_die("unknown controller '%s' (cpu, "
					  "cpuacct, cpuset, memory, pids, or "
					  "a v1 hierarchy's)", st.arg);
			opt.ctrl = st.arg;
			break;
		case 'd':
			if (parse_u64(st.arg, &v))
				usage_die("bad depth '%s'", st.arg);
			opt.depth = v;
			break;
		case 'l':
			opt.full = true;
			break;
		case OPT_ASCII:
			opt.ascii = true;
			break;
		case OPT_JSON:
			opt.json = true;
			break;
		case OPT_NO_USAGE:
			opt.usage = false;
			break;
		}
	}
	opt.args = argv + st.ind;
	opt.nargs = argc - st.ind;
}

int hind_cgls_main(int argc, char **argv)
{
	static char slash[] = "/";
	static char *const whole[] = { slash };
	bool shown_any = false;
	int h, i, ret = 0;

	parse_args(argc, argv);
	find_hierarchies();
	opt.hmask = every_hier();
	if (opt.ctrl) {
		opt.hmask = ctrl_select(opt.ctrl, &opt.ctrls);
		if (!opt.hmask)
			die("no mounted hierarchy has the '%s' controller",
			    opt.ctrl);
	}
	for (h = 0; h < nhier; h++) {
		hiers[h].fd =
			open(hiers[h].root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (hiers[h].fd < 0)
			warn_errno("cannot open '%s'", hiers[h].root);
	}
	if (!nhier)
		die("no cgroup hierarchy mounted under '%s'",
		    CFG_HIND_CGROUP_ROOT);
	if (!opt.full && !opt.json && isatty(1)) {
		struct winsize ws;

		if (ioctl(1, TIOCGWINSZ, &ws) == 0)
			opt.cols = ws.ws_col;
	}
	procfd = proc_open();
	if (procfd < 0)
		die("cannot open '/proc': %s", strerror(-procfd));
	if (!opt.nargs) {
		opt.args = whole;
		opt.nargs = 1;
	}
	if (opt.json) {
		out_fmt("{\"cgroup\":\"%s\",\"root\":", cg_ops()->name);
		out_json_str(CFG_HIND_CGROUP_ROOT,
			     strlen(CFG_HIND_CGROUP_ROOT));
		out_str(",\"cgroups\":[");
	}
	for (i = 0; i < opt.nargs; i++) {
		if (show(opt.args[i], shown_any) < 0)
			ret = 1;
		else
			shown_any = true;
		/* Each argument's tree starts the arrays afresh. */
		nnodes = nnames = nprocs = 0;
	}
	if (opt.json)
		out_str("]}\n");
	out_flush();
	return ret;
}
