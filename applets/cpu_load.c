// SPDX-License-Identifier: MIT
/*
 * cpu_load.c - burn CPU and report the share achieved against the quota.
 *
 *   cpu_load [-t THREADS] [-d DURATION] [-r INTERVAL] [--expect PCT[:TOL]]
 *
 * THREADS burners spin until the duration ends (or SIGINT/SIGTERM). Every
 * INTERVAL the main process, which sleeps in between, prints one line: the
 * CPU share cpu_load achieved over the last interval and since the start,
 * the share its cgroup's usage counter saw, the CPU quota of its cgroup
 * and the throttled periods. A share is CPU time over wall time, in
 * percent of one CPU, so two threads without a quota show about 200%.
 *
 * The burners are forked processes, not threads: a static binary without
 * pthreads links none of musl's thread, TLS and synccall machinery. They
 * are born in cpu_load's cgroups, and the share adds up their CPU clocks.
 *
 * Kernel rules this file relies on:
 * - The CPU clock of a process (CLOCK_PROCESS_CPUTIME_ID for our own,
 *   clock_getcpuclockid(pid) for a burner's) comes from the same
 *   scheduler clock (sum_exec_runtime) that the cgroup's usage counter
 *   adds up, so the two agree to microseconds.
 * - CFS bandwidth control gives a cgroup QUOTA us of CPU per PERIOD us and
 *   throttles it for the rest of the period; the quota, the usage and the
 *   throttle counters are read through core/cgroup.h (cg_ops()->stats).
 * - The burners are forked with SIGINT and SIGTERM blocked and keep them
 *   blocked: a terminal's ^C (sent to the whole process group) reaches
 *   only the sleeping main process, whose clock_nanosleep returns EINTR;
 *   it then kills and reaps the burners with SIGKILL.
 * - PR_SET_PDEATHSIG: a burner gets SIGKILL when cpu_load exits by any
 *   other path (die(), SIGKILL), so none outlives it.
 */
#include <sys/prctl.h>
#include <time.h>
#include "hind.h"

const char cpu_load_usage[] =
	"Usage: cpu_load [-t THREADS] [-d DURATION] [-r INTERVAL] "
	"[--expect PCT[:TOL]]\n"
	"\n"
	"Burn CPU on THREADS threads and report, every INTERVAL, the share\n"
	"of one CPU achieved (own CPU time over wall time) beside the CPU\n"
	"quota of the cgroup this process is in, so a CPU limit can be\n"
	"checked without watching top. Works inside and outside hind-run,\n"
	"on cgroup v1 and v2.\n"
	"\n"
	"  -t, --threads N     burn on N threads (default 1)\n"
	"  -d, --duration D    stop after D and print a summary (default: run\n"
	"                      until SIGINT or SIGTERM, which also print it)\n"
	"  -r, --interval D    one line every D (default 1s)\n"
	"      --expect PCT[:TOL]\n"
	"                      exit 0 if the overall share is PCT% of one CPU\n"
	"                      within TOL percentage points (default:\n"
	"                      PCT/10, the kernel selftests' 10%), else 1\n"
	"\n"
	"Durations: 10 (seconds), 1.5s, 250ms, 2m. Columns: 'share' over\n"
	"the last interval, 'overall' since the start, 'cgroup' the same\n"
	"measured by the cgroup's usage counter (all its processes; '-' if\n"
	"no counter covers this cgroup), 'quota' the cgroup's CFS quota\n"
	"('none' when it has none), 'throttled' throttled/elapsed CFS\n"
	"periods since the start.\n"
	"\n"
	"Exit status: 0 done (or --expect met), 1 error or --expect missed.\n";

enum { OPT_EXPECT = CHAR_MAX + 1 };

static const struct opt cpu_load_options[] = {
	{ "threads", 't', true, 't' },
	{ "duration", 'd', true, 'd' },
	{ "interval", 'r', true, 'r' },
	{ "expect", 0, true, OPT_EXPECT },
	{ NULL, 0, false, 0 },
};

enum { MAX_THREADS = 1024 };

struct cpu_load_opts {
	unsigned threads;
	uint64_t duration_us; /* 0: until a signal */
	uint64_t interval_us;
	bool expect;
	uint64_t expect_pct, expect_tol; /* hundredths of a percent */
};

/* One sample: wall and CPU clocks, and the cgroup's counters. */
struct sample {
	uint64_t wall_ns, cpu_ns;
	struct cg_stats st;
};

/* A burner process: its pid, its CPU clock, its CPU time when last read. */
struct burner {
	pid_t pid;
	clockid_t clock;
	uint64_t cpu_ns;
};

static struct burner *burners;
static unsigned nr_burners;
static volatile sig_atomic_t got_signal;

static void on_signal(int sig)
{
	got_signal = sig;
}

static uint64_t ts_ns(const struct timespec *ts)
{
	return (uint64_t)ts->tv_sec * 1000000000u + (uint64_t)ts->tv_nsec;
}

static uint64_t clock_ns(clockid_t id)
{
	struct timespec ts;

	if (clock_gettime(id, &ts) < 0)
		die_errno("clock_gettime");
	return ts_ns(&ts);
}

/* Spin until killed: by cpu_load, or by PR_SET_PDEATHSIG when it exits. */
static NORETURN void burn(pid_t parent)
{
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != parent) /* cpu_load died before the prctl */
		_exit(1);
	for (;;)
		;
}

/* Fork n burners; the caller blocks SIGINT and SIGTERM around this. */
static void start_burners(unsigned n)
{
	pid_t self = getpid();
	unsigned i;
	int err;

	burners = xzalloc(n * sizeof(*burners));
	for (i = 0; i < n; i++) {
		struct burner *b = &burners[i];

		b->pid = fork();
		if (b->pid < 0)
			die_errno("cannot start burner %u", i + 1);
		if (!b->pid)
			burn(self);
		nr_burners = i + 1;
		err = clock_getcpuclockid(b->pid, &b->clock);
		if (err) {
			errno = err;
			die_errno("cannot read the CPU clock of burner %u",
				  i + 1);
		}
	}
}

/* SIGKILL and reap every burner. */
static void stop_burners(void)
{
	unsigned i;

	for (i = 0; i < nr_burners; i++)
		kill(burners[i].pid, SIGKILL);
	for (i = 0; i < nr_burners; i++)
		while (waitpid(burners[i].pid, NULL, 0) < 0 && errno == EINTR)
			;
	free(burners);
	burners = NULL;
	nr_burners = 0;
}

/*
 * Our CPU time and the burners'. A burner whose clock cannot be read (it
 * was killed by someone else) counts with what it had burnt until then.
 */
static uint64_t cpu_time_ns(void)
{
	uint64_t sum = clock_ns(CLOCK_PROCESS_CPUTIME_ID);
	struct timespec ts;
	unsigned i;

	for (i = 0; i < nr_burners; i++) {
		if (!clock_gettime(burners[i].clock, &ts))
			burners[i].cpu_ns = ts_ns(&ts);
		sum += burners[i].cpu_ns;
	}
	return sum;
}

/*
 * A percentage "PCT" or "PCT:TOL", each a non-negative decimal, in
 * hundredths of a percent; TOL defaults to a tenth of PCT.
 */
static int parse_expect(const char *s, uint64_t *pct, uint64_t *tol)
{
	const char *end;

	if (parse_scaled(s, 100, &end, pct) || (*end && *end != ':'))
		return -EINVAL;
	*tol = *pct / 10;
	if (*end == ':' && (parse_scaled(end + 1, 100, &end, tol) || *end))
		return -EINVAL;
	return 0;
}

static void parse_args(int argc, char **argv, struct cpu_load_opts *o)
{
	struct opt_state st;
	uint64_t v;
	int c;

	memset(o, 0, sizeof(*o));
	o->threads = 1;
	o->interval_us = 1000000;
	opt_init(&st, argc, argv);
	while ((c = opt_get(&st, cpu_load_options)) != OPT_DONE) {
		switch (c) {
		case 't':
			if (parse_u64(st.arg, &v) || !v || v > MAX_THREADS)
				usage_die("bad thread count '%s' (1-%d)",
					  st.arg, MAX_THREADS);
			o->threads = (unsigned)v;
			break;
		case 'd':
			if (parse_duration(st.arg, &o->duration_us) ||
			    !o->duration_us)
				usage_die("bad duration '%s'", st.arg);
			break;
		case 'r':
			if (parse_duration(st.arg, &o->interval_us) ||
			    o->interval_us < 1000)
				usage_die("bad interval '%s' (at least 1ms)",
					  st.arg);
			break;
		case OPT_EXPECT:
			if (parse_expect(st.arg, &o->expect_pct,
					 &o->expect_tol))
				usage_die("bad --expect '%s' (PCT or PCT:TOL)",
					  st.arg);
			o->expect = true;
			break;
		}
	}
	if (st.ind < argc)
		usage_die("unexpected argument '%s'", argv[st.ind]);
}

static void take_sample(const struct cg *cg, struct sample *s)
{
	s->wall_ns = clock_ns(CLOCK_MONOTONIC);
	s->cpu_ns = cpu_time_ns();
	if (cg_ops()->stats(cg, &s->st) < 0)
		die("cannot read own cgroup: %s", cg_error);
}

/*
 * "10.0%", or "none" without a quota. A cgroup without quota files (the
 * v2 root, or a v2 cgroup whose parent does not enable cpu) has no quota
 * of its own either.
 */
static void fmt_quota(const struct cg_stats *st, char *buf, size_t size)
{
	if (!(st->have & CGS_CPU_MAX) || !st->cpu_period ||
	    st->cpu_quota == HIND_MAX)
		snprintf(buf, size, "none");
	else
		strcat(format_fixed(st->cpu_quota * 10000 / st->cpu_period, 2,
				    1, buf, size - 1),
		       "%");
}

/* cpu over wall in hundredths of a percent of one CPU. */
static uint64_t share(uint64_t cpu_ns, uint64_t wall_ns)
{
	return wall_ns ? (uint64_t)((unsigned __int128)cpu_ns * 10000 / wall_ns)
		       : 0;
}

/* A share as "12.3%" with the given decimals (at most 2). */
static char *pct(uint64_t cp, unsigned decimals, char *buf, size_t size)
{
	return strcat(format_fixed(cp, 2, decimals, buf, size - 1), "%");
}

/*
 * The cgroup's usage counter over [a, b] as a share, in buf; "-" when
 * there is none or it belongs to another cgroup than the quota (v1 with
 * cpu and cpuacct in separate hierarchies and this process in different
 * cgroups in each).
 */
static void fmt_cg_share(const struct cg *cg, const struct sample *a,
			 const struct sample *b, char *buf, size_t size,
			 int decimals)
{
	const struct cg_hier *h1 = cg_hier_of(cg, CG_CPU);
	const struct cg_hier *h2 = cg_hier_of(cg, CG_CPUACCT);

	if (!(a->st.have & b->st.have & CGS_CPU_USAGE) || !h1 || !h2 ||
	    strcmp(h1->rel, h2->rel) || b->st.cpu_usage_us < a->st.cpu_usage_us)
		snprintf(buf, size, "-");
	else
		pct(share((b->st.cpu_usage_us - a->st.cpu_usage_us) * 1000,
			  b->wall_ns - a->wall_ns),
		    (unsigned)decimals, buf, size);
}

static void fmt_throttled(const struct sample *a, const struct sample *b,
			  char *buf, size_t size)
{
	if (!(a->st.have & b->st.have & CGS_CPU_THROTTLE))
		snprintf(buf, size, "-");
	else
		snprintf(buf, size, "%" PRIu64 "/%" PRIu64,
			 b->st.nr_throttled - a->st.nr_throttled,
			 b->st.nr_periods - a->st.nr_periods);
}

static void print_header(const struct cpu_load_opts *o, const struct cg *cg,
			 const struct sample *s)
{
	char quota[48], len[32] = "until killed";
	const struct cg_hier *hp = cg_hier_of(cg, CG_CPU);
	const char *rel = hp ? hp->rel : "?";

	fmt_quota(&s->st, quota, sizeof(quota));
	if (strcmp(quota, "none"))
		snprintf(quota + strlen(quota), sizeof(quota) - strlen(quota),
			 " (%" PRIu64 "/%" PRIu64 " us)", s->st.cpu_quota,
			 s->st.cpu_period);
	if (o->duration_us) {
		strcpy(len, "for ");
		strcat(format_fixed(o->duration_us, 6, 1, len + 4,
				    sizeof(len) - 5),
		       "s");
	}
	xprintf("cpu_load: %u thread%s %s, cgroup '%s' (%s), quota %s\n",
		o->threads, o->threads == 1 ? "" : "s", len, rel,
		cg_ops()->name, quota);
	xprintf("%7s %7s %8s %7s %7s %10s\n", "time", "share", "overall",
		"cgroup", "quota", "throttled");
}

static void print_row(const struct cg *cg, const struct sample *first,
		      const struct sample *prev, const struct sample *now)
{
	char cgs[16], quota[16], thr[32], t[24], s1[24], s2[24];

	fmt_cg_share(cg, prev, now, cgs, sizeof(cgs), 1);
	fmt_quota(&now->st, quota, sizeof(quota));
	fmt_throttled(first, now, thr, sizeof(thr));
	format_fixed(now->wall_ns - first->wall_ns, 9, 1, t, sizeof(t) - 1);
	xprintf("%6ss %7s %8s %7s %7s %10s\n", t,
		pct(share(now->cpu_ns - prev->cpu_ns,
			  now->wall_ns - prev->wall_ns),
		    1, s1, sizeof(s1)),
		pct(share(now->cpu_ns - first->cpu_ns,
			  now->wall_ns - first->wall_ns),
		    1, s2, sizeof(s2)),
		cgs, quota, thr);
}

/* The summary and, with --expect, the verdict; returns the exit status. */
static int print_summary(const struct cpu_load_opts *o, const struct cg *cg,
			 const struct sample *first, const struct sample *last)
{
	uint64_t wall = last->wall_ns - first->wall_ns;
	uint64_t cpu = last->cpu_ns - first->cpu_ns;
	uint64_t got = share(cpu, wall);
	char cgs[16], quota[16], thr[32], w[24], c[24], g[24], e[24], tol[24];
	bool ok;

	fmt_cg_share(cg, first, last, cgs, sizeof(cgs), 2);
	fmt_quota(&last->st, quota, sizeof(quota));
	fmt_throttled(first, last, thr, sizeof(thr));
	xprintf("cpu_load: summary: wall %ss, cpu %ss, share %s, "
		"cgroup %s, quota %s, throttled %s\n",
		format_fixed(wall, 9, 3, w, sizeof(w)),
		format_fixed(cpu, 9, 4, c, sizeof(c)),
		pct(got, 2, g, sizeof(g)), cgs, quota, thr);
	if (!o->expect)
		return 0;
	ok = got + o->expect_tol >= o->expect_pct &&
	     got <= o->expect_pct + o->expect_tol;
	xprintf("cpu_load: expected %s +- %s: got %s: %s\n",
		pct(o->expect_pct, 2, e, sizeof(e)),
		format_fixed(o->expect_tol, 2, 2, tol, sizeof(tol)), g,
		ok ? "ok" : "FAILED");
	return ok ? 0 : 1;
}

int cpu_load_main(int argc, char **argv)
{
	struct sample first, prev, now;
	struct cpu_load_opts o;
	struct sigaction sa;
	struct timespec next;
	uint64_t next_ns, end_ns;
	sigset_t block, old;
	struct cg cg;
	int err;

	parse_args(argc, argv, &o);

	/* Find and read the own cgroup before burning anything. */
	xcg_self(CG_CPU, &cg);

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);

	take_sample(&cg, &first);
	print_header(&o, &cg, &first);

	/* The burners inherit a mask that leaves the signals to main. */
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigprocmask(SIG_BLOCK, &block, &old);
	take_sample(&cg, &first);
	start_burners(o.threads);
	sigprocmask(SIG_SETMASK, &old, NULL);

	prev = now = first;
	next_ns = first.wall_ns;
	end_ns = o.duration_us ? first.wall_ns + o.duration_us * 1000
			       : UINT64_MAX;
	while (!got_signal) {
		next_ns += o.interval_us * 1000;
		if (next_ns > end_ns)
			next_ns = end_ns;
		next.tv_sec = (time_t)(next_ns / 1000000000u);
		next.tv_nsec = (long)(next_ns % 1000000000u);
		err = clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &next,
				      NULL);
		if (err && err != EINTR) {
			errno = err;
			die_errno("clock_nanosleep");
		}
		take_sample(&cg, &now);
		if (now.wall_ns - prev.wall_ns >= 1000000 || !got_signal)
			print_row(&cg, &first, &prev, &now);
		prev = now;
		if (now.wall_ns >= end_ns)
			break;
	}
	stop_burners();
	err = print_summary(&o, &cg, &first, &now);
	cg_free(&cg);
	return err;
}
