// SPDX-License-Identifier: MIT
/*
 * fuzz_hind_run.c - hind-run's whole argument vector: parse_args() of
 * applets/hind_run.c over an argv made from the input (words ended by NUL
 * bytes), parse and validate only. parse_args() has no side effect but
 * memory: it reads the environment (-e KEY), stat()s and realpath()s
 * IMAGE, volume and device sources, and asks fcntl(F_GETFD) whether the
 * --preserve-fds are open. hind_run_main(), which creates cgroups and
 * namespaces, is compiled in but never called.
 *
 * hind_run.c is included here as it is, so its static parse_args() and
 * struct parse are in reach without a line changed in it. Its
 * usage_die() and opt_get()'s --help come back through fuzz_exit()
 * (fuzz.h). Its allocations (x* wrappers) are logged and freed after each
 * input, also those a die() orphans: in hind they live until exit.
 *
 * Besides the sanitizers, what a command line that parses must satisfy:
 * a COMMAND, an IMAGE that is an absolute directory or NOIMG, limits in
 * their documented ranges, names and paths of the documented forms, a
 * capability set within the known ones, -q and -v not both, --user
 * exactly UID[:GID] in decimal; and a rejected one dies with 125 (0 or 1
 * for --help and --version, which print). No fd is left open either way.
 */
#include "hind.h"
#include "fuzz.h"

static void *fz_log(void *p);
void *fz_xmalloc(size_t size);
void *fz_xrealloc(void *p, size_t size);
char *fz_xstrdup(const char *s);
char *fz_xasprintf(const char *fmt, ...) PRINTF(1, 2);

#define xmalloc fz_xmalloc
#define xrealloc fz_xrealloc
#define xstrdup fz_xstrdup
#define xasprintf fz_xasprintf
#include "hind_run.c"
#undef xmalloc
#undef xrealloc
#undef xstrdup
#undef xasprintf

/* ---- the allocation log ------------------------------------------------- */

static void **allocs;
static size_t nallocs, room;

static void *fz_log(void *p)
{
	if (!p)
		abort();
	if (nallocs == room) {
		room = room ? room * 2 : 64;
		allocs = realloc(allocs, sizeof(*allocs) * room);
		if (!allocs)
			abort();
	}
	allocs[nallocs++] = p;
	return p;
}

void *fz_xmalloc(size_t size)
{
	return fz_log(malloc(size ? size : 1));
}

void *fz_xrealloc(void *p, size_t size)
{
	size_t i;
	void *q;

	if (!p)
		return fz_log(malloc(size ? size : 1));
	q = realloc(p, size ? size : 1);
	if (!q)
		abort();
	for (i = 0; i < nallocs; i++)
		if (allocs[i] == p)
			allocs[i] = q;
	return q;
}

char *fz_xstrdup(const char *s)
{
	return fz_log(strdup(s));
}

char *fz_xasprintf(const char *fmt, ...)
{
	char *s;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (n < 0)
		abort();
	return fz_log(s);
}

static void fz_free_all(void)
{
	while (nallocs)
		free(allocs[--nallocs]);
}

/* ---- what a parsed command line must satisfy -------------------------- */

/* UID[:GID]: decimal digits, nothing else. */
static bool user_form(const char *s)
{
	size_t n = strspn(s, "0123456789");

	if (!n)
		return false;
	if (!s[n])
		return true;
	return s[n] == ':' && s[n + 1] && !s[n + 1 + strspn(s + n + 1,
							   "0123456789")];
}

/* Absolute, and no part is "." or "..": a reading of its own. */
static bool path_form(const char *dst)
{
	const char *p;

	if (dst[0] != '/')
		return false;
	for (p = dst; (p = strchr(p, '.')); p++) {
		bool start = p[-1] == '/';
		size_t n = p[1] == '.' ? 2 : 1;

		if (start && (p[n] == '/' || !p[n]))
			return false;
	}
	return true;
}

static void check_parsed(const struct parse *o, int argc, char **argv)
{
	const struct run_desc *rd = o->rd;
	const struct cg_limits *l = &rd->lim;
	struct stat st;
	int i;

	FUZZ_CHECK(rd->argv > argv && rd->argv < argv + argc && rd->argv[0],
		   "no COMMAND");
	FUZZ_CHECK(!strcmp(rd->argv[-1], "NOIMG") ? !rd->mnt.image :
		   rd->mnt.image && rd->mnt.image[0] == '/' && !stat(rd->mnt.image, &st) &&
		   S_ISDIR(st.st_mode), "IMAGE '%s'", rd->argv[-1]);
	FUZZ_CHECK(!(o->quiet && o->verbose), "-q and -v");
	if (l->set & CGL_MEMORY)
		FUZZ_CHECK(l->mem_max >= 1, "--memory 0");
	if ((l->set & CGL_MEMORY) && l->mem_max != HIND_MAX && !o->swap_set)
		FUZZ_CHECK((l->set & CGL_SWAP) && !l->swap_max, "swap");
	FUZZ_CHECK(l->cpu_period >= 1000 && l->cpu_period <= 1000000,
		   "period %" PRIu64, l->cpu_period);
	if (o->cpus_set || o->quota_set)
		FUZZ_CHECK((l->set & CGL_CPU) && l->cpu_quota >= 1000 &&
			   l->cpu_quota != HIND_MAX, "quota %" PRIu64,
			   l->cpu_quota);
	FUZZ_CHECK(!(o->cpus_set && o->quota_set), "--cpus and --cpu-quota");
	if (l->set & CGL_WEIGHT)
		FUZZ_CHECK(l->cpu_weight >= 1 && l->cpu_weight <= 10000,
			   "weight %" PRIu64, l->cpu_weight);
	if (l->set & CGL_PIDS)
		FUZZ_CHECK(l->pids_max == HIND_MAX || (l->pids_max >= 1 &&
			   l->pids_max <= UINT64_C(1) << 31), "pids %" PRIu64,
			   l->pids_max);
	if (l->set & CGL_CPUS) {
		cpu_set_t set;

		FUZZ_CHECK(parse_cpulist(l->cpus, &set) > 0, "'%s'", l->cpus);
	}
	if (rd->name)
		FUZZ_CHECK(*rd->name && *rd->name != '.' &&
			   !strchr(rd->name, '/') && strlen(rd->name) <= 64,
			   "name '%s'", rd->name);
	if (rd->hostname)
		FUZZ_CHECK(*rd->hostname && strlen(rd->hostname) <= 64,
			   "hostname '%s'", rd->hostname);
	if (rd->cgroup_parent)
		FUZZ_CHECK(*rd->cgroup_parent && !strstr(rd->cgroup_parent, ".."),
			   "cgroup parent '%s'", rd->cgroup_parent);
	if (rd->workdir)
		FUZZ_CHECK(rd->workdir[0] == '/', "workdir '%s'", rd->workdir);
	FUZZ_CHECK(rd->mnt.nvols <= 64 && rd->mnt.ndevs <= 64, "%d, %d",
		   rd->mnt.nvols, rd->mnt.ndevs);
	for (i = 0; i < rd->mnt.nvols; i++)
		FUZZ_CHECK(*rd->mnt.vols[i].src && path_form(rd->mnt.vols[i].dst),
			   "volume '%s:%s'", rd->mnt.vols[i].src,
			   rd->mnt.vols[i].dst);
	for (i = 0; i < rd->mnt.ndevs; i++)
		FUZZ_CHECK(!strncmp(rd->mnt.devs[i].dst, "/dev/", 5) &&
			   rd->mnt.devs[i].dst[5] &&
			   path_form(rd->mnt.devs[i].dst) &&
			   !stat(rd->mnt.devs[i].src, &st) &&
			   (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode)),
			   "device '%s:%s'", rd->mnt.devs[i].src,
			   rd->mnt.devs[i].dst);
	for (i = 0; i < o->nenv; i++)
		FUZZ_CHECK(strchr(o->env[i], '=') && o->env[i][0] != '=',
			   "env '%s'", o->env[i]);
	FUZZ_CHECK(!(rd->caps.effective & ~CAPS_ALL), "caps %#" PRIx64,
		   rd->caps.effective);
	FUZZ_CHECK(!o->privileged || (!o->cap_add && !o->cap_drop &&
				      !o->cap_drop_all), "--privileged");
	FUZZ_CHECK(rd->preserve_fds >= 0 && rd->preserve_fds <= 1024, "%d",
		   rd->preserve_fds);
	if (o->user)
		FUZZ_CHECK(rd->user_set && user_form(o->user) &&
			   rd->uid != (uid_t)-1 && rd->gid != (gid_t)-1,
			   "--user '%s'", o->user);
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	/* What the dispatcher sets for hind-run (applets/applets.h). */
	applet_name = "hind-run";
	applet_usage = hind_run_usage;
	die_status = 125;
	/* -e KEY takes the caller's value: give it one to take. */
	setenv("HIND_FUZZ", "1", 1);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct parse o;
	static struct run_desc rd;
	char **argv;
	int argc = fuzz_argv("hind-run", data, size, &argv), died, fd;
	int fd_before = dup(0);

	close(fd_before);
	log_json = false;
	log_level = LOG_INFO;
	died = FUZZ_TRY(parse_args(&o, &rd, argc, argv));
	if (died)
		FUZZ_CHECK(fuzz_status == 125 || fuzz_status == 0 ||
			   fuzz_status == 1, "status %d", fuzz_status);
	else
		check_parsed(&o, argc, argv);
	/* Nothing left open: the lowest free fd is the same as before. */
	fd = dup(0);
	FUZZ_CHECK(fd == fd_before, "fd %d, before %d", fd, fd_before);
	close(fd);
	free((char *)rd.mnt.image);
	rd.mnt.image = NULL;
	fz_free_all();
	fuzz_free_argv(argv);
	return 0;
}
