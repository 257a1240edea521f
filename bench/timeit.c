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
 * between runs ("one-off" starts after an idle moment). Output, one line per
 * command:
 *   NAME runs=N fail=F wall_ms=MEDIAN cpu_ms=MEDIAN rss_kib=MAX
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

static int run(struct cmd *c, double *wall, double *cpu)
{
	struct rusage ru;
	double t0 = now_ms();
	int status;
	pid_t pid = fork();

	if (pid < 0)
		return -1;
	if (!pid) {
		int fd = open("/dev/null", O_RDWR);

		dup2(fd, 0);
		dup2(fd, 1);
		dup2(fd, 2);
		execvp(c->argv[0], c->argv);
		_exit(127);
	}
	if (wait4(pid, &status, 0, &ru) < 0)
		return -1;
	*wall = now_ms() - t0;
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
			if (run(&cmds[i], &w, &u))
				cmds[i].fail += r >= 0;
			if (r >= 0) {
				cmds[i].wall[r] = w;
				cmds[i].cpu[r] = u;
			}
		}
	}
	for (i = 0; i < ncmd; i++)
		printf("%s runs=%d fail=%d wall_ms=%.2f cpu_ms=%.2f rss_kib=%ld\n",
		       cmds[i].name, runs, cmds[i].fail,
		       median(cmds[i].wall, runs), median(cmds[i].cpu, runs),
		       cmds[i].rss);
	return 0;
}
