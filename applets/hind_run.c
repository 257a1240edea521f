// SPDX-License-Identifier: MIT
/*
 * hind_run.c - hind-run: run a command in new namespaces and a cgroup of
 * its own, under memory, swap, CPU, cpuset and pids limits.
 *
 *   hind-run [OPTIONS] IMAGE COMMAND [ARG...]
 *
 * IMAGE is NOIMG (the host's root filesystem) or a directory holding a
 * root filesystem. Options stop at IMAGE, so COMMAND's own flags pass
 * through untouched.
 *
 * Order of steps: parse and validate everything (no side effect before a
 * command line is known good); check that the mounted cgroup hierarchy is
 * the one this build drives and that the kernel offers every controller a
 * limit needs; remove the empty cgroups of hind-runs that are gone (their
 * lock is free) where ours goes; create the cgroup below the caller's own
 * (or --cgroup-parent), locked while hind-run lives, and write the limits,
 * reading each back; start pid 1 of the container inside the cgroup
 * (clone3 with CLONE_INTO_CGROUP on v2, else the child waits on a pipe
 * until it has been attached); wait, forwarding signals; read the OOM
 * counter; then kill what is left in the cgroup and remove it. An atexit
 * handler does the same cleanup on every die() path, and signals are
 * taken on a signalfd, so SIGTERM to hind-run also ends in cleanup.
 * SIGKILL of hind-run kills the container (PR_SET_PDEATHSIG); its empty
 * cgroup is removed by the next hind-run that makes one next to it.
 *
 * pid 1 of the container is a small init (spawn.c) unless --no-init.
 */
#include <sys/signalfd.h>
#include "hind.h"
#include "run.h"

const char hind_run_usage[] =
	"Usage: hind-run [OPTIONS] IMAGE COMMAND [ARG...]\n"
	"\n"
	"Run COMMAND in new pid, mount, uts, ipc, net and cgroup namespaces, in\n"
	"a cgroup of its own below the caller's cgroup. IMAGE is NOIMG (the\n"
	"host's root filesystem) or a directory holding a root filesystem,\n"
	"entered with pivot_root (also when / is an initramfs).\n"
	"\n"
	"Limits:\n"
	"  -m, --memory SIZE        memory limit (16M, 1.5G, max); alias\n"
	"                           --memory-limit-bytes\n"
	"      --swap SIZE          swap allowed on top of --memory (default 0\n"
	"                           when --memory is given)\n"
	"      --cpus X             CPU share: 0.5 or 50% is half of one CPU\n"
	"      --cpu-quota US       CFS quota per period (alias --cpu-quota-us)\n"
	"      --cpu-period US      CFS period, default 100000 (alias\n"
	"                           --cpu-period-us)\n"
	"      --cpu-weight N       CPU weight 1-10000 (v2 cpu.weight, default\n"
	"                           100; v1 cpu.shares = N*1024/100)\n"
	"      --cpuset-cpus LIST   CPUs to run on (0-1,3)\n"
	"      --cpuset-mems LIST   memory nodes to allocate from\n"
	"      --pids-limit N       at most N processes and threads\n"
	"Container:\n"
	"  -i, --interactive        keep stdin (default: /dev/null)\n"
	"  -t, --tty                run COMMAND on a new pty\n"
	"  -e, --env KEY=VALUE      set an environment variable (KEY alone:\n"
	"                           the caller's value); nothing else of the\n"
	"                           caller's environment is passed\n"
	"  -w, --workdir DIR        working directory of COMMAND\n"
	"  -v, --volume SRC:DST[:ro]  bind SRC at DST (read-only with :ro)\n"
	"      --read-only          mount the root filesystem read-only\n"
	"      --device SRC[:DST]   bind the host's device node SRC at DST\n"
	"                           (under /dev, default SRC)\n"
	"      --hostname NAME      host name (default: the container name)\n"
	"      --user UID[:GID]     run COMMAND as UID and GID (numbers)\n"
	"      --name NAME          cgroup and container name (default\n"
	"                           hind-PID)\n"
	"      --cgroup-parent PATH create the cgroup below PATH (relative to\n"
	"                           the hierarchy root) instead of below the\n"
	"                           caller's own cgroup\n"
	"      --net host           keep the host's network namespace (also\n"
	"                           --uts host, --ipc host, --cgroupns host)\n"
	"      --no-init            COMMAND is pid 1 (default: a small init is\n"
	"                           pid 1, reaps orphans and forwards signals)\n"
	"Security (the defaults: see README, Security):\n"
	"      --cap-add CAP        add a capability (NET_ADMIN, CAP_SYS_ADMIN,\n"
	"                           any case; ALL) to the default set\n"
	"      --cap-drop CAP       drop one from it (ALL: every one)\n"
	"      --seccomp unconfined no seccomp filter (default: default)\n"
	"      --preserve-fds N     pass fds 3..N+2 to COMMAND (default: only\n"
	"                           0, 1 and 2 reach it)\n"
	"      --privileged         all capabilities, no seccomp, no masked\n"
	"                           /proc paths, a read-write cgroup view, the\n"
	"                           host's /dev with NOIMG; for trusted kernel\n"
	"                           tests that mount, load modules, nest\n"
	"Output:\n"
	"  -q, --quiet              print only errors and the verdict\n"
	"  -v, --verbose            also print every cgroup write and mount\n"
	"                           (-v without ':' in its argument, or -vv)\n"
	"      --log-json           log as one JSON object per line\n"
	"\n"
	"Exit status: COMMAND's status; 128+N if it was killed by signal N\n"
	"(137: SIGKILL, e.g. by the OOM killer); 125 hind-run failed; 126\n"
	"COMMAND found but not executable; 127 COMMAND not found.\n";

enum {
	OPT_MEMORY_LIMIT_BYTES = CHAR_MAX + 1, OPT_SWAP, OPT_CPUS,
	OPT_CPU_QUOTA, OPT_CPU_PERIOD, OPT_CPU_WEIGHT, OPT_CPUSET_CPUS,
	OPT_CPUSET_MEMS, OPT_PIDS_LIMIT, OPT_NAME, OPT_CGROUP_PARENT,
	OPT_HOSTNAME, OPT_USER, OPT_READ_ONLY, OPT_NET, OPT_UTS, OPT_IPC,
	OPT_CGROUPNS, OPT_NO_INIT, OPT_VERBOSE, OPT_VOLUME, OPT_LOG_JSON,
	OPT_CAP_ADD, OPT_CAP_DROP, OPT_SECCOMP, OPT_PRESERVE_FDS,
	OPT_PRIVILEGED, OPT_DEVICE,
};

static const struct opt run_options[] = {
	{ "memory", 'm', true, 'm' },
	{ "memory-limit-bytes", 0, true, OPT_MEMORY_LIMIT_BYTES },
	{ "swap", 0, true, OPT_SWAP },
	{ "cpus", 0, true, OPT_CPUS },
	{ "cpu-quota", 0, true, OPT_CPU_QUOTA },
	{ "cpu-quota-us", 0, true, OPT_CPU_QUOTA },
	{ "cpu-period", 0, true, OPT_CPU_PERIOD },
	{ "cpu-period-us", 0, true, OPT_CPU_PERIOD },
	{ "cpu-weight", 0, true, OPT_CPU_WEIGHT },
	{ "cpuset-cpus", 0, true, OPT_CPUSET_CPUS },
	{ "cpuset-mems", 0, true, OPT_CPUSET_MEMS },
	{ "pids-limit", 0, true, OPT_PIDS_LIMIT },
	{ "interactive", 'i', false, 'i' },
	{ "tty", 't', false, 't' },
	{ "env", 'e', true, 'e' },
	{ "workdir", 'w', true, 'w' },
	/* -v: a volume or verbose (opt_v); --volume: always a volume. */
	{ NULL, 'v', true, 'v' },
	{ "volume", 0, true, OPT_VOLUME },
	{ "read-only", 0, false, OPT_READ_ONLY },
	{ "device", 0, true, OPT_DEVICE },
	{ "hostname", 0, true, OPT_HOSTNAME },
	{ "user", 0, true, OPT_USER },
	{ "name", 0, true, OPT_NAME },
	{ "cgroup-parent", 0, true, OPT_CGROUP_PARENT },
	{ "net", 0, true, OPT_NET },
	{ "uts", 0, true, OPT_UTS },
	{ "ipc", 0, true, OPT_IPC },
	{ "cgroupns", 0, true, OPT_CGROUPNS },
	{ "no-init", 0, false, OPT_NO_INIT },
	{ "quiet", 'q', false, 'q' },
	{ "verbose", 0, false, OPT_VERBOSE },
	{ "log-json", 0, false, OPT_LOG_JSON },
	{ "cap-add", 0, true, OPT_CAP_ADD },
	{ "cap-drop", 0, true, OPT_CAP_DROP },
	{ "seccomp", 0, true, OPT_SECCOMP },
	{ "preserve-fds", 0, true, OPT_PRESERVE_FDS },
	{ "privileged", 0, false, OPT_PRIVILEGED },
	{ NULL, 0, false, 0 },
};

/*
 * The parser's own state: what the options say before it becomes the run
 * description (rd, filled as the options are read), and how hind-run
 * itself should talk (-q, -v).
 */
/* Said when init cannot fork the command (a pids limit). */
static const char *fork_hint;

struct parse {
	struct run_desc *rd;
	bool quota_set, cpus_set, swap_set;
	int verbose, quiet;
	const char *user;
	char **env;		/* -e, in order */
	int nenv;
	/* security: the defaults unless --privileged */
	uint64_t cap_add, cap_drop;
	bool cap_drop_all, privileged, seccomp_off;
};

/* ---- parsing and validation (no side effects) --------------------------- */

static uint64_t opt_size(const char *opt, const char *s)
{
	uint64_t v;

	if (parse_size(s, &v) < 0)
		usage_die("invalid size for %s: '%s'", opt, s);
	return v;
}

static uint64_t opt_num(const char *opt, const char *s, uint64_t min,
			uint64_t max)
{
	uint64_t v;

	if (parse_u64(s, &v) < 0 || v < min || v > max)
		usage_die("invalid value for %s: '%s' (%" PRIu64 "-%" PRIu64
			  ")", opt, s, min, max);
	return v;
}

static void opt_ns(struct parse *o, const char *ns, const char *mode)
{
	int flag = ns_flag(ns);

	if (!strcmp(mode, "host")) {
		if (flag == CLONE_NEWCGROUP)
			o->rd->cgroupns = false;
		o->rd->clone_flags &= ~flag;
	} else if (!strcmp(mode, "private") || !strcmp(mode, "none")) {
		if (flag == CLONE_NEWCGROUP)
			o->rd->cgroupns = true;
		else
			o->rd->clone_flags |= flag;
	} else {
		usage_die("invalid value for --%s: '%s' (host or private)",
			  ns, mode);
	}
}

/* A "." or ".." part in a path: a target must not climb out. */
static bool dot_part(const char *path)
{
	const char *p = path;

	while (*p) {
		size_t n = strcspn(p, "/");

		if ((n == 1 && p[0] == '.') ||
		    (n == 2 && p[0] == '.' && p[1] == '.'))
			return true;
		p += n;
		p += strspn(p, "/");
	}
	return false;
}

static void add_volume(struct parse *o, const char *arg)
{
	char *spec = xstrdup(arg), *dst, *mode;
	struct mnt_vol *v;
	struct stat st;

	dst = strchr(spec, ':');
	if (!dst || dst == spec)
		usage_die("invalid volume '%s' (SRC:DST[:ro])", arg);
	*dst++ = '\0';
	mode = strchr(dst, ':');
	if (mode)
		*mode++ = '\0';
	if (*dst != '/' || dot_part(dst) ||
	    (mode && strcmp(mode, "ro") && strcmp(mode, "rw")))
		usage_die("invalid volume '%s' (SRC:DST[:ro], DST absolute)",
			  arg);
	if (stat(spec, &st) < 0)
		usage_die("volume source '%s' does not exist", spec);
	if (o->rd->mnt.nvols >= 64)
		usage_die("too many volumes (at most 64)");
	o->rd->mnt.vols = xrealloc(o->rd->mnt.vols, sizeof(*v) *
			       (size_t)(o->rd->mnt.nvols + 1));
	v = &o->rd->mnt.vols[o->rd->mnt.nvols++];
	v->src = spec;
	v->dst = dst;
	v->ro = mode && !strcmp(mode, "ro");
}

/* --device SRC[:DST]: a host device node (char or block), DST under /dev. */
static void add_device(struct parse *o, const char *arg)
{
	char *src = xstrdup(arg), *dst = strchr(src, ':');
	struct mnt_vol *d;
	struct stat st;

	if (dst)
		*dst++ = '\0';
	else
		dst = src;
	if (stat(src, &st) < 0 || !(S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode)))
		usage_die("invalid device '%s': '%s' is not a device node",
			  arg, src);
	if (strncmp(dst, "/dev/", 5) || !dst[5] || dot_part(dst) ||
	    strchr(dst, ':'))
		usage_die("invalid device '%s' (SRC[:DST], DST a path under "
			  "/dev)", arg);
	if (o->rd->mnt.ndevs >= 64)
		usage_die("too many devices (at most 64)");
	o->rd->mnt.devs = xrealloc(o->rd->mnt.devs, sizeof(*d) *
			       (size_t)(o->rd->mnt.ndevs + 1));
	d = &o->rd->mnt.devs[o->rd->mnt.ndevs++];
	d->src = src;
	d->dst = dst;
	d->ro = false;
}

/*
 * -v is both a volume (its argument has a ':') and --verbose (-v followed
 * by IMAGE or another option, or -vv): give a non-volume argument back.
 */
static void opt_v(struct parse *o, struct opt_state *st)
{
	const char *p;

	if (strchr(st->arg, ':')) {
		add_volume(o, st->arg);
		return;
	}
	o->verbose++;
	if (st->arg_word) {
		opt_unget_arg(st);
		return;
	}
	for (p = st->arg; *p == 'v'; p++)
		o->verbose++;
	if (*p)
		usage_die("invalid argument '%s' to -v (SRC:DST[:ro])",
			  st->arg);
}

/*
 * -e KEY=VALUE, or -e KEY: the caller's value of KEY (none if it has
 * none, as docker does). Nothing else of the caller's environment goes in.
 */
static void opt_env(struct parse *o, const char *arg)
{
	const char *eq = strchr(arg, '='), *val;
	char *kv;

	if (!*arg || eq == arg)
		usage_die("invalid environment '%s' (KEY=VALUE or KEY)", arg);
	if (eq) {
		kv = xstrdup(arg);
	} else {
		if (!(val = getenv(arg)))
			return;
		kv = xasprintf("%s=%s", arg, val);
	}
	o->env = xrealloc(o->env, sizeof(char *) * (size_t)(o->nenv + 2));
	o->env[o->nenv++] = kv;
	o->env[o->nenv] = NULL;
}

/* -e gave KEY: its entry, else NULL. */
static const char *env_given(const struct parse *o, const char *key)
{
	size_t len = strlen(key);
	int i;

	for (i = 0; i < o->nenv; i++)
		if (!strncmp(o->env[i], key, len) && o->env[i][len] == '=')
			return o->env[i];
	return NULL;
}

/*
 * The command's whole environment (docker's, podman's and runc's rule:
 * nothing inherited): PATH (the caller's with NOIMG, else the standard
 * one), HOME (/root for uid 0, else /), HOSTNAME, TERM with -t (the
 * caller's), each unless -e sets it, then what -e sets.
 */
static char **make_env(const struct parse *o)
{
	const char *path = o->rd->mnt.image ? NULL : getenv("PATH"), *term;
	char **env = xmalloc(sizeof(char *) * (size_t)(o->nenv + 5));
	int n = 0, i;

	if (!env_given(o, "PATH"))
		env[n++] = xasprintf("PATH=%s", path ? path :
				     "/usr/local/sbin:/usr/local/bin:"
				     "/usr/sbin:/usr/bin:/sbin:/bin");
	if (!env_given(o, "HOME"))
		env[n++] = xstrdup(o->rd->user_set && o->rd->uid ? "HOME=/" :
				   "HOME=/root");
	if (!env_given(o, "HOSTNAME"))
		env[n++] = xasprintf("HOSTNAME=%s", o->rd->hostname);
	term = getenv("TERM");
	if (o->rd->tty && !env_given(o, "TERM"))
		env[n++] = xasprintf("TERM=%s", term ? term : "xterm");
	for (i = 0; i < o->nenv; i++)
		env[n++] = o->env[i];
	env[n] = NULL;
	return env;
}

/*
 * A control character (a newline would split a /proc/PID/cgroup line,
 * read by everyone who parses it) has no place in a name.
 */
static bool has_ctl(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return true;
	return false;
}

/* --cap-add/--cap-drop CAP: a name of capabilities(7), or ALL. */
static void opt_cap(struct parse *o, bool add, const char *name)
{
	int cap = strcasecmp(name, "ALL") ? cap_parse(name) : -2;
	uint64_t bit = cap == -2 ? CAPS_ALL : cap >= 0 ? CAPS_BIT(cap) : 0;

	if (!bit)
		usage_die("unknown capability '%s' (a name of "
			  "capabilities(7), e.g. NET_ADMIN, or ALL)", name);
	if (add)
		o->cap_add |= bit;
	else if (cap == -2)
		o->cap_drop_all = true;
	else
		o->cap_drop |= bit;
}

/*
 * The command's capabilities: the default set less --cap-drop (all of it
 * with ALL), plus --cap-add. The fds --preserve-fds passes must be open.
 */
static void check_security(struct parse *o)
{
	uint64_t caps;
	int fd;

	if (o->privileged && (o->cap_add || o->cap_drop || o->cap_drop_all))
		usage_die("--privileged has every capability: --cap-add and "
			  "--cap-drop contradict it");
	caps = o->cap_drop_all ? 0 : CAPS_DEFAULT & ~o->cap_drop;
	caps |= o->cap_add;
	o->rd->caps = caps_only(caps);
	o->rd->all_caps = o->privileged;
	o->rd->no_new_privs = !o->privileged;
	o->rd->seccomp_default = !o->privileged && !o->seccomp_off;
	for (fd = 3; fd < 3 + o->rd->preserve_fds; fd++)
		if (fcntl(fd, F_GETFD) < 0)
			usage_die("--preserve-fds %d: fd %d is not open",
				  o->rd->preserve_fds, fd);
}

static void parse_args(struct parse *o, struct run_desc *rd, int argc,
		       char **argv)
{
	uint64_t period = 100000, v;
	const char *cpus = NULL, *arg;
	struct opt_state os;
	struct stat st;
	int c, ind;

	memset(o, 0, sizeof(*o));
	memset(rd, 0, sizeof(*rd));
	o->rd = rd;
	rd->use_init = true;
	rd->umask = -1;
	o->rd->clone_flags = CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWUTS |
			 CLONE_NEWIPC | CLONE_NEWNET;
	o->rd->cgroupns = true;
	o->rd->lim.cpu_quota = HIND_MAX;
	opt_init(&os, argc, argv);
	while ((c = opt_get(&os, run_options)) != OPT_DONE) {
		arg = os.arg;
		switch (c) {
		case 'm':
		case OPT_MEMORY_LIMIT_BYTES:
			o->rd->lim.mem_max = opt_size("--memory", arg);
			if (!o->rd->lim.mem_max)
				usage_die("invalid size for --memory: '%s'",
					  arg);
			o->rd->lim.set |= CGL_MEMORY;
			break;
		case OPT_SWAP:
			o->rd->lim.swap_max = opt_size("--swap", arg);
			o->rd->lim.set |= CGL_SWAP;
			o->swap_set = true;
			break;
		case OPT_CPUS:
			cpus = arg;
			o->cpus_set = true;
			break;
		case OPT_CPU_QUOTA:
			o->rd->lim.cpu_quota = opt_num("--cpu-quota", arg, 1000,
						   UINT64_C(1) << 40);
			o->quota_set = true;
			break;
		case OPT_CPU_PERIOD:
			period = opt_num("--cpu-period", arg, 1000, 1000000);
			o->rd->lim.set |= CGL_CPU;
			break;
		case OPT_CPU_WEIGHT:
			o->rd->lim.cpu_weight = opt_num("--cpu-weight", arg, 1,
						    10000);
			o->rd->lim.set |= CGL_WEIGHT;
			break;
		case OPT_CPUSET_CPUS:
		case OPT_CPUSET_MEMS: {
			cpu_set_t set;

			if (parse_cpulist(arg, &set) < 0)
				usage_die("invalid list for --cpuset-%s: '%s'",
					  c == OPT_CPUSET_CPUS ? "cpus" : "mems",
					  arg);
			if (c == OPT_CPUSET_CPUS) {
				o->rd->lim.cpus = arg;
				o->rd->lim.set |= CGL_CPUS;
			} else {
				o->rd->lim.mems = arg;
				o->rd->lim.set |= CGL_MEMS;
			}
			break;
		}
		case OPT_PIDS_LIMIT:
			o->rd->lim.pids_max = strcmp(arg, "max") ?
				opt_num("--pids-limit", arg, 1,
					UINT64_C(1) << 31) : HIND_MAX;
			o->rd->lim.set |= CGL_PIDS;
			break;
		case 'i':
			o->rd->keep_stdin = true;
			break;
		case 't':
			o->rd->tty = true;
			break;
		case 'e':
			opt_env(o, arg);
			break;
		case 'w':
			if (*arg != '/')
				usage_die("--workdir needs an absolute path: "
					  "'%s'", arg);
			o->rd->workdir = arg;
			break;
		case 'v':
			opt_v(o, &os);
			break;
		case OPT_VOLUME:
			add_volume(o, arg);
			break;
		case OPT_READ_ONLY:
			o->rd->mnt.read_only = true;
			break;
		case OPT_DEVICE:
			add_device(o, arg);
			break;
		case OPT_HOSTNAME:
			if (has_ctl(arg))
				usage_die("invalid host name: it holds a "
					  "control character");
			if (!*arg || strlen(arg) > 64)
				usage_die("invalid host name '%s'", arg);
			o->rd->hostname = arg;
			break;
		case OPT_USER:
			o->user = arg;
			break;
		case OPT_NAME:
			if (has_ctl(arg))
				usage_die("invalid name: it holds a control "
					  "character");
			if (!*arg || strchr(arg, '/') || *arg == '.' ||
			    strlen(arg) > 64)
				usage_die("invalid name '%s'", arg);
			o->rd->name = arg;
			break;
		case OPT_CGROUP_PARENT:
			if (!*arg || dot_part(arg))
				usage_die("invalid cgroup parent '%s'", arg);
			o->rd->cgroup_parent = arg;
			break;
		case OPT_NET:
		case OPT_UTS:
		case OPT_IPC:
		case OPT_CGROUPNS:
			opt_ns(o, c == OPT_NET ? "net" : c == OPT_UTS ? "uts" :
			       c == OPT_IPC ? "ipc" : "cgroup", arg);
			break;
		case OPT_NO_INIT:
			rd->use_init = false;
			break;
		case 'q':
			o->quiet++;
			break;
		case OPT_VERBOSE:
			o->verbose++;
			break;
		case OPT_LOG_JSON:
			log_json = true;
			break;
		case OPT_CAP_ADD:
		case OPT_CAP_DROP:
			opt_cap(o, c == OPT_CAP_ADD, arg);
			break;
		case OPT_SECCOMP:
			if (strcmp(arg, "unconfined") && strcmp(arg, "default"))
				usage_die("invalid value for --seccomp: '%s' "
					  "(default or unconfined)", arg);
			o->seccomp_off = !strcmp(arg, "unconfined");
			break;
		case OPT_PRESERVE_FDS:
			o->rd->preserve_fds = (int)opt_num("--preserve-fds", arg, 0,
						       1024);
			break;
		case OPT_PRIVILEGED:
			o->privileged = true;
			break;
		}
	}
	ind = os.ind;

	if (o->quiet && o->verbose)
		usage_die("-q and -v contradict each other");
	check_security(o);
	log_level = o->quiet ? LOG_ERROR : o->verbose ? LOG_DEBUG : LOG_INFO;
	if (ind >= argc)
		usage_die("missing IMAGE (a root filesystem directory or "
			  "NOIMG)");
	if (ind + 1 >= argc)
		usage_die("missing COMMAND");
	if (strcmp(argv[ind], "NOIMG")) {
		if (stat(argv[ind], &st) < 0 || !S_ISDIR(st.st_mode))
			usage_die("IMAGE '%s' is not a directory (or NOIMG)",
				  argv[ind]);
		o->rd->mnt.image = path_resolve(argv[ind]);
		if (!o->rd->mnt.image)
			usage_die("IMAGE '%s' cannot be resolved",
				  argv[ind]);
		if (!o->rd->workdir)
			o->rd->workdir = "/";
	}
	o->rd->argv = argv + ind + 1;
	o->rd->mnt.privileged = o->privileged;
	o->rd->mnt.cgroup_rw = o->privileged;
	if (o->privileged && !o->rd->mnt.image && o->rd->mnt.ndevs)
		usage_die("--device needs the minimal /dev: with --privileged, "
			  "NOIMG keeps the host's /dev");
	if (!o->privileged) {
		o->rd->mnt.masked = mnt_default_masked;
		o->rd->mnt.readonly = mnt_default_readonly;
	}

	/* CPU: --cpus or an explicit quota, each over one period. */
	if (o->cpus_set && o->quota_set)
		usage_die("--cpus and --cpu-quota contradict each other");
	if (cpus) {
		int err = parse_cpus(cpus, period, &v);

		if (err < 0 || v < 1000)
			usage_die("invalid value for --cpus: '%s'", cpus);
		o->rd->lim.cpu_quota = v;
	}
	if (o->cpus_set || o->quota_set)
		o->rd->lim.set |= CGL_CPU;
	o->rd->lim.cpu_period = period;
	/* A memory limit really limits: no swap unless asked for. */
	if ((o->rd->lim.set & CGL_MEMORY) && o->rd->lim.mem_max != HIND_MAX &&
	    !o->swap_set) {
		o->rd->lim.swap_max = 0;
		o->rd->lim.set |= CGL_SWAP;
	}
	if (o->user) {
		const char *end;
		uint64_t u, g;
		int err = parse_dec(o->user, &end, &u);

		g = u;
		if (!err && *end == ':')
			err = parse_dec(end + 1, &end, &g);
		if (err || *end || u > 0xfffffffeU || g > 0xfffffffeU)
			usage_die("invalid --user '%s' (UID[:GID], numbers)",
				  o->user);
		o->rd->uid = (uid_t)u;
		o->rd->gid = (gid_t)g;
		o->rd->user_set = true;
	}
	rd->lo_up = (rd->clone_flags & CLONE_NEWNET) != 0;
	if (!rd->hostname)
		rd->hostname = xstrdup(eng_leaf(rd));
	rd->env = make_env(o);
	/* Without a uts namespace the name is only $HOSTNAME. */
	if (!(rd->clone_flags & CLONE_NEWUTS))
		rd->hostname = NULL;
	if ((rd->lim.set & CGL_PIDS) && rd->lim.pids_max != HIND_MAX)
		fork_hint = xasprintf(" (--pids-limit %" PRIu64 " counts "
				      "hind-init, pid 1, as one)",
				      rd->lim.pids_max);
}

/* ---- the run ------------------------------------------------------------ */

/*
 * hind-run's own peak memory, for -v. getrusage's ru_maxrss (and so GNU
 * time) cannot show it: exec carries the forking parent's peak into the
 * new process's record, so a launcher's few hundred KiB hide it.
 */
static void log_peak_rss(void)
{
	char buf[2048], *p;

	if (read_file("/proc/self/status", buf, sizeof(buf)) < 0)
		return;
	p = buf;
	while (p && strncmp(p, "VmHWM:", 6)) {
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	if (p) {
		p += 6 + strspn(p + 6, " \t");
		p[strcspn(p, "\n")] = '\0';
		log_debug("host", "hind-run peak RSS %s (VmHWM)", p);
	}
}

static const char *const limit_opt[CG_NCTRL] = {
	[CG_CPU] = "--cpus/--cpu-quota/--cpu-weight",
	[CG_CPUACCT] = "--cpus/--cpu-quota (CPU accounting)",
	[CG_CPUSET] = "--cpuset-cpus/--cpuset-mems",
	[CG_MEMORY] = "--memory/--swap", [CG_PIDS] = "--pids-limit",
};

/*
 * The OOM verdict, read before the cgroup goes (v1: its memory one).
 * started: the command was exec'd (known only with hind-init).
 */
static void verdict(const struct engine *e, int rc, bool started)
{
	struct cg_stats st;
	char lim[32], peak[32];

	if (!cg_hier_of(&e->cg, CG_MEMORY) ||
	    cg_ops()->stats(&e->cg, &st) < 0)
		return;
	if (st.have & CGS_MEM_PEAK)
		log_debug("cgroup", "memory peak %" PRIu64 " bytes, oom_kill "
			  "%" PRIu64, st.mem_peak, st.oom_kill);
	if (!(st.have & CGS_OOM_KILL) || !st.oom_kill)
		return;
	format_size((st.have & CGS_MEM) ? st.mem_max : e->rd->lim.mem_max, lim,
		    sizeof(lim));
	if (st.have & CGS_MEM_PEAK)
		format_size(st.mem_peak, peak, sizeof(peak));
	/*
	 * The verdict shows even with -q. 137 is SIGKILL (hind-init reports
	 * the command's death by signal N as 128+N, as hind-run does).
	 */
	if (rc == 128 + SIGKILL && e->rd->use_init && !started)
		log_error("verdict", "killed by the OOM killer before the "
			  "command started: the memory limit %s is too small "
			  "for the container's init (hind-init; peak %s)", lim,
			  (st.have & CGS_MEM_PEAK) ? peak : "unknown");
	else if (rc == 128 + SIGKILL)
		log_error("verdict", "killed by the OOM killer (memory limit "
			  "%s, peak %s)",
		     lim, (st.have & CGS_MEM_PEAK) ? peak : "unknown");
	else
		log_error("verdict", "%" PRIu64 " process%s in the container "
			  "%s OOM-killed (memory limit %s, peak %s); the "
			  "command exited %d", st.oom_kill,
			  st.oom_kill > 1 ? "es" : "",
			  st.oom_kill > 1 ? "were" : "was", lim,
			  (st.have & CGS_MEM_PEAK) ? peak : "unknown", rc);
}

/* What -v says of the container's policy. */
static void log_policy(const struct run_desc *rd, const struct spawn *sp)
{
	char caps[CAPS_FORMAT_SIZE];

	if (log_level < LOG_DEBUG)
		return;
	caps_format(rd->all_caps ? CAPS_ALL : rd->user_set && rd->uid ? 0 :
		    rd->caps.effective, caps, sizeof(caps));
	log_debug("security", "capabilities %s; no_new_privs %s; seccomp %s "
		  "(%zu instructions)%s", caps, rd->no_new_privs ? "on" : "off",
		  sp->filter ? "default filter" : "off", sp->filter_len,
		  rd->preserve_fds ? "; fds 3 and up passed" : "");
}

int hind_run_main(int argc, char **argv)
{
	static struct engine e;
	struct run_desc rd;
	struct parse o;
	struct spawn *sp = &e.sp;
	int sigfd, master = -1, rc, st;

	eng_fault("start");
	parse_args(&o, &rd, argc, argv);

	/*
	 * From here on, signals are read from a signalfd: SIGTERM or SIGINT
	 * to hind-run cannot cut cleanup short.
	 */
	signal(SIGPIPE, SIG_IGN);
	sigfd = run_sigfd();
	if (sigfd < 0)
		eng_fail_errno("signalfd");

	eng_init(&e, &rd);
	e.owned = true;
	e.ctrl_hint = limit_opt;
	eng_cgroup(&e);

	sp->fork_hint = fork_hint;
	if (!rd.keep_stdin && !rd.tty) {
		sp->null_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
		if (sp->null_fd < 0)
			eng_fail_errno("cannot open '/dev/null'");
	}
	eng_start(&e);
	log_policy(&rd, sp);
	if (rd.tty) {
		/*
		 * The container makes its pty once its /dev is up and sends
		 * the master; if its setup fails first, there is none and
		 * spawn_report() tells why.
		 */
		master = pty_recv(sp->tty_sock);
		close(sp->tty_sock);
		if (master >= 0 && isatty(0))
			pty_winsize(0, master);
		if (master >= 0 && rd.keep_stdin && isatty(0) &&
		    tty_raw(0) < 0)
			eng_fail_errno("cannot put the terminal in raw mode");
	}
	log_info("host", "container process started pid=%d", (int)sp->pid);
	eng_fault("wait");

	st = run_wait(sp->pid, sigfd, master, rd.keep_stdin);
	sp->pid = 0;
	tty_restore();
	rc = spawn_report(sp);
	if (!rc)
		rc = status_map(st);
	verdict(&e, rc, sp->started);
	/* Every fd hind-run opened is closed by the end (tests count). */
	close(sigfd);
	close(sp->err_fd);
	if (master >= 0)
		close(master);
	eng_cleanup(&e);
	if (log_level >= LOG_DEBUG)
		log_peak_rss();
	log_info("host", "container exited status=%d", rc);
	eng_fault("end");
	return rc;
}
