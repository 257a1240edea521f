// SPDX-License-Identifier: MIT
/*
 * timeit.c - run commands round-robin and report median wall time, median
 * CPU time and peak RSS of each. A host tool of 'make bench', not part of
 * hind.
 *
 * Usage: timeit [-n RUNS] [-s GAP_MS] [-w WARMUP] NAME CMD ARGS... \
 *               [::: NAME CMD ARGS...]...
 *
 * The commands take turns (A B C A B C ...), so machine noise hits them
 * alike and ratios of medians stay meaningful on a shared host. -s sleeps
 * between runs ("one-off" starts after an idle moment). An argument that
 * ends in @RUN@ has it replaced by the run's number (0, 1, ..., warm-ups
 * included), for commands that need a fresh name each time (a container
 * ID). Output, one line per command:
 *   NAME runs=N fail=F wall_ms=MEDIAN cpu_ms=MEDIAN rss_kib=MAX wall_min_ms=MIN
 * Wall time is fork to reap (CLOCK_MONOTONIC); CPU time and peak RSS come
 * from wait4(2), so they include what the command waited for. stdout and
 * stderr of the commands go to /dev/null; a nonzero exit counts as a
 * failure.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

struct cmd {
	const char *name;
	char **argv;
	int argc;
	double *wall, *cpu;
	long rss;
	int fail;
};

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), cmp);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* c's argv with @RUN@ at the end of an argument replaced by n */
static char **subst(const struct cmd *c, int n)
{
	char **v = calloc((size_t)c->argc + 1, sizeof(*v));
	int i;

	for (i = 0; v && i < c->argc; i++) {
		size_t l = strlen(c->argv[i]);

		v[i] = c->argv[i];
		if (l >= 5 && !strcmp(c->argv[i] + l - 5, "@RUN@")) {
			v[i] = malloc(l + 16);
			if (v[i])
				snprintf(v[i], l + 16, "%.*s%d", (int)(l - 5),
					 c->argv[i], n);
		}
	}
	return v;
}

static int run(struct cmd *c, int n, double *wall, double *cpu)
{
	struct rusage ru;
	char **argv = subst(c, n);
	double t0 = now_ms();
	int status;
	pid_t pid = argv ? fork() : -1;

	if (pid < 0)
		return -1;
	if (!pid) {
		int fd = open("/dev/null", O_RDWR);

		dup2(fd, 0);
		dup2(fd, 1);
		dup2(fd, 2);
		execvp(argv[0], argv);
		_exit(127);
	}
	if (wait4(pid, &status, 0, &ru) < 0)
		return -1;
	*wall = now_ms() - t0;
	for (int i = 0; i < c->argc; i++)
		if (argv[i] != c->argv[i])
			free(argv[i]);
	free(argv);
	*cpu = ru.ru_utime.tv_sec * 1e3 + ru.ru_utime.tv_usec / 1e3 +
	       ru.ru_stime.tv_sec * 1e3 + ru.ru_stime.tv_usec / 1e3;
	if (ru.ru_maxrss > c->rss)
		c->rss = ru.ru_maxrss;
	return WIFEXITED(status) && !WEXITSTATUS(status) ? 0 : 1;
}

int main(int argc, char **argv)
{
	int runs = 40, warm = 3, gap_ms = 0, ncmd = 0, opt, i, r;
	struct cmd cmds[16];

	while ((opt = getopt(argc, argv, "+n:s:w:")) != -1) {
		switch (opt) {
		case 'n': runs = atoi(optarg); break;
		case 's': gap_ms = atoi(optarg); break;
		case 'w': warm = atoi(optarg); break;
		default: return 2;
		}
	}
	if (runs < 1 || optind + 2 > argc) {
		fprintf(stderr, "usage: timeit [-n RUNS] [-s GAP_MS] [-w WARMUP]"
			" NAME CMD... [::: NAME CMD...]...\n");
		return 2;
	}
	for (i = optind; i < argc && ncmd < 16;) {
		struct cmd *c = &cmds[ncmd++];

		c->name = argv[i++];
		c->argv = &argv[i];
		while (i < argc && strcmp(argv[i], ":::"))
			i++;
		c->argc = (int)(&argv[i] - c->argv);
		if (i < argc)
			argv[i++] = NULL;
		c->wall = calloc((size_t)runs, sizeof(double));
		c->cpu = calloc((size_t)runs, sizeof(double));
		c->rss = 0;
		c->fail = 0;
	}
	for (r = -warm; r < runs; r++) {
		for (i = 0; i < ncmd; i++) {
			double w = 0, u = 0;
			struct timespec gap = { gap_ms / 1000,
						(gap_ms % 1000) * 1000000L };

			if (gap_ms)
				nanosleep(&gap, NULL);
			if (run(&cmds[i], r + warm, &w, &u))
				cmds[i].fail += r >= 0;
			if (r >= 0) {
				cmds[i].wall[r] = w;
				cmds[i].cpu[r] = u;
			}
		}
	}
	for (i = 0; i < ncmd; i++) {
		double med = median(cmds[i].wall, runs);

		/* median() sorted the walls: the first is the smallest */
		printf("%s runs=%d fail=%d wall_ms=%.2f cpu_ms=%.2f rss_kib=%ld"
		       " wall_min_ms=%.2f\n", cmds[i].name, runs, cmds[i].fail,
		       med, median(cmds[i].cpu, runs), cmds[i].rss,
		       cmds[i].wall[0]);
	}
	return 0;
}
