// SPDX-License-Identifier: MIT
/*
 * main.c - the multi-call dispatcher.
 *
 *   APPLET [ARGS...]          (via a link named after the applet)
 *   hind APPLET [ARGS...]     ("hind run" works for "hind-run")
 *   hind --list               the enabled applets, one name a line
 *   hind --list-full          their install paths (bin/hind-run)
 *   hind --install [-s] DIR   a hard link (or symlink, -s) per applet
 *   hind [--help] | --version the usage and each applet's summary
 *
 * busybox's conventions: --list is bare names, so that
 * 'for a in $(hind --list)' works; --list-full gives paths relative to
 * the install root. An applet's own --help and --version are answered by
 * the option front end (core/opt.c) wherever they stand among its
 * options. An unknown applet exits 127, as busybox and toybox do.
 */
#include "hind.h"

const struct applet applets[] = {
#define APPLET(name, stem, status, summary) \
	{ name, stem##_main, stem##_usage, status, summary },
#include "applets.h"
#undef APPLET
};
const size_t applet_count = ARRAY_SIZE(applets);

static int cmp_applet(const void *key, const void *elem)
{
	return strcmp(key, ((const struct applet *)elem)->name);
}

const struct applet *applet_find(const char *name)
{
	const struct applet *a;
	char buf[64];

	a = bsearch(name, applets, applet_count, sizeof(*applets), cmp_applet);
	/* "hind run" is the seed's spelling of hind-run. */
	if (!a && strlen(name) < sizeof(buf) - 5) {
		snprintf(buf, sizeof(buf), "hind-%s", name);
		a = bsearch(buf, applets, applet_count, sizeof(*applets),
			    cmp_applet);
	}
	return a;
}

enum list_how { LIST_NAMES, LIST_PATHS, LIST_SUMMARIES };

/* One line per applet. write(2), no stdio: no musl printf is linked. */
static int list_applets(enum list_how how)
{
	char line[256];
	size_t i;

	for (i = 0; i < applet_count; i++) {
		if (how == LIST_SUMMARIES)
			snprintf(line, sizeof(line), "  %-12s %s\n",
				 applets[i].name, applets[i].summary);
		else
			snprintf(line, sizeof(line), "%s%s\n",
				 how == LIST_PATHS ? "bin/" : "",
				 applets[i].name);
		if (write_str(1, line) < 0)
			return 1;
	}
	return 0;
}

#if CFG_HIND_CGROUP_V1
#define CGROUP_KIND "v1"
#elif CFG_HIND_CGROUP_AUTO
#define CGROUP_KIND "auto"
#else
#define CGROUP_KIND "v2"
#endif

static const char hind_usage[] =
	"Usage: hind APPLET [ARGS...]\n"
	"       hind --list | --list-full\n"
	"       hind --install [-s] DIR\n"
	"       hind [--help] | --version\n"
	"\n"
	"hind (HIND Is Not Docker): one static binary that runs commands in\n"
	"containers with hard cgroup limits, and the tools that prove them.\n"
	"Each applet also runs by a link named after it.\n"
	"\n"
	"  --list          the enabled applets, one name per line\n"
	"  --list-full     their install paths, relative (bin/hind-run)\n"
	"  --install DIR   make a hard link per applet in DIR\n"
	"  -s              with --install: symbolic links instead\n"
	"\n"
	"Applets:\n";

/* Links to /proc/self/exe's target, one per applet, in dir. */
static int install_links(const char *dir, bool symbolic)
{
	char self[PATH_MAX];
	ssize_t n;
	size_t i;
	int ret = 0;

	n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n < 0)
		die_errno("cannot find own binary (/proc/self/exe)");
	self[n] = '\0';
	for (i = 0; i < applet_count; i++) {
		char *path = xasprintf("%s/%s", dir, applets[i].name);
		int r;

		unlink(path);
		r = symbolic ? symlink(self, path) : link(self, path);
		if (r < 0) {
			warn_errno("cannot link '%s'", path);
			ret = 1;
		}
		free(path);
	}
	return ret;
}

static int run_applet(const struct applet *a, int argc, char **argv)
{
	applet_name = a->name;
	applet_usage = a->usage;
	die_status = a->error_status;
	return a->main(argc, argv);
}

int main(int argc, char **argv)
{
	const struct applet *a;
	const char *name;

	name = argc > 0 && argv[0] ? strrchr(argv[0], '/') : NULL;
	name = name ? name + 1 : (argc > 0 && argv[0] ? argv[0] : "hind");

	if (strcmp(name, "hind")) {
		a = applet_find(name);
		if (!a) {
			applet_name = "hind";
			die_status = 127;
			die("applet not found: %s", name);
		}
		return run_applet(a, argc, argv);
	}

	if (argc < 2 || !strcmp(argv[1], "--help"))
		return write_str(1, hind_usage) < 0 ||
		       list_applets(LIST_SUMMARIES);
	if (!strcmp(argv[1], "--list"))
		return list_applets(LIST_NAMES);
	if (!strcmp(argv[1], "--list-full"))
		return list_applets(LIST_PATHS);
	if (!strcmp(argv[1], "--version"))
		return write_str(1, "hind " HIND_VERSION " (cgroup " CGROUP_KIND
				 " build)\n") < 0;
	if (!strcmp(argv[1], "--install")) {
		bool symbolic = argc > 2 && !strcmp(argv[2], "-s");
		int dir = symbolic ? 3 : 2;

		if (argc != dir + 1)
			usage_die("--install needs one DIR");
		return install_links(argv[dir], symbolic);
	}
	if (argv[1][0] == '-')
		usage_die("unknown option '%s'", argv[1]);

	a = applet_find(argv[1]);
	if (!a) {
		die_status = 127;
		die("applet not found: %s", argv[1]);
	}
	return run_applet(a, argc - 1, argv + 1);
}
