// SPDX-License-Identifier: MIT
/*
 * memory_load.c - allocate memory step by step and report what the cgroup
 * charges for it.
 *
 *   memory_load [-s STEP] [-m MAX] [-i INTERVAL] [--no-touch] [--hold]
 *
 * Every INTERVAL it maps STEP bytes of anonymous memory and writes one
 * byte in each page, then prints one line: total allocated, its own RSS,
 * its cgroup's charged memory and limit, the cgroup's swap use, and the
 * limit-hit and OOM-kill counters. Each line is one write(2) to an
 * unbuffered descriptor, so when the OOM killer's SIGKILL ends the process
 * the last line on the terminal is the last step it completed.
 *
 * Kernel rules this file relies on:
 * - mmap(2) only reserves address space. The kernel allocates a page, and
 *   charges it to the memory cgroup, on the first write to it; a read maps
 *   the shared zero page and charges nothing. So untouched memory
 *   (--no-touch) is never charged, which is why the seed's memory_load ran
 *   far past its "5 MB" limit.
 * - Past the limit the kernel reclaims; anonymous pages can only go to
 *   swap. When swap exists and the cgroup's swap is not limited (v2
 *   memory.swap.max, v1 memory.memsw.limit_in_bytes), they go there and no
 *   OOM kill happens. hind-run limits swap to 0 with every memory limit.
 * - Transparent huge pages would charge 2 MiB at a single touch, so each
 *   step is marked MADV_NOHUGEPAGE and charges exactly what was touched.
 */
#include <sys/mman.h>
#include <time.h>
#include "hind.h"

const char memory_load_usage[] =
	"Usage: memory_load [-s STEP] [-m MAX] [-i INTERVAL] [--no-touch] "
	"[--hold]\n"
	"\n"
	"Allocate STEP bytes every INTERVAL, writing every page, and after\n"
	"each step print one line: memory allocated, own RSS, the memory the\n"
	"cgroup charges and its limit, the cgroup's swap use, and how often\n"
	"it hit the limit and had a process OOM-killed. Each line is written\n"
	"at once, so"
	" the last one survives the OOM killer's SIGKILL. Works\n"
	"inside and outside hind-run, on cgroup v1 and v2.\n"
	"\n"
	"  -s, --step SIZE      allocate SIZE per step (default 1M)\n"
	"  -m, --max SIZE       stop after SIZE in total (default: never)\n"
	"  -i, --interval D     wait D between steps (default 1s; 0: none)\n"
	"      --no-touch       allocate but never write: shows that the\n"
	"                       cgroup charges only pages that were written\n"
	"      --hold           at MAX keep the memory and wait to be killed\n"
	"\n"
	"Sizes: 4096, 64k, 1.5M, 2G. Durations: 1 (second), 100ms, 0. All\n"
	"columns are MiB except the counters; '-' means the kernel has no\n"
	"such"
	" figure for this cgroup (the root cgroup, or no swap\n"
	"accounting).\n"
	"Warns when the cgroup has a memory limit but swap is not limited and\n"
	"swap exists: the overflow then goes to swap, not to the OOM killer.\n"
	"\n"
	"Exit status: 0 after MAX, 1 on error. Killed by the OOM killer, it\n"
	"dies of SIGKILL (a shell shows 137).\n";

enum { OPT_NO_TOUCH = CHAR_MAX + 1, OPT_HOLD };

static const struct opt memory_load_options[] = {
	{ "step", 's', true, 's' },
	{ "max", 'm', true, 'm' },
	{ "interval", 'i', true, 'i' },
	{ "no-touch", 0, false, OPT_NO_TOUCH },
	{ "hold", 0, false, OPT_HOLD },
	{ NULL, 0, false, 0 },
};

struct memory_load_opts {
	uint64_t step; /* bytes, a multiple of the page size */
	uint64_t max; /* bytes, HIND_MAX: never stop */
	uint64_t interval_us;
	bool touch, hold;
};

static void parse_args(int argc, char **argv, struct memory_load_opts *o)
{
	uint64_t page = (uint64_t)getpagesize();
	struct opt_state st;
	int c;

	o->step = 1 << 20;
	o->max = HIND_MAX;
	o->interval_us = 1000000;
	o->touch = true;
	o->hold = false;
	opt_init(&st, argc, argv);
	while ((c = opt_get(&st, memory_load_options)) != OPT_DONE) {
		switch (c) {
		case 's':
			if (parse_size(st.arg, &o->step) || !o->step ||
			    o->step == HIND_MAX || o->step > SIZE_MAX / 2)
				usage_die("bad step size '%s'", st.arg);
			break;
		case 'm':
			if (parse_size(st.arg, &o->max) || !o->max)
				usage_die("bad maximum size '%s'", st.arg);
			break;
		case 'i':
			if (parse_duration(st.arg, &o->interval_us))
				usage_die("bad interval '%s'", st.arg);
			break;
		case OPT_NO_TOUCH:
			o->touch = false;
			break;
		case OPT_HOLD:
			o->hold = true;
			break;
		}
	}
	if (st.ind < argc)
		usage_die("unexpected argument '%s'", argv[st.ind]);
	/* Whole pages: the kernel charges nothing smaller. */
	o->step = (o->step + page - 1) / page * page;
}

/* bytes as MiB with one decimal; "max" for HIND_MAX. */
static const char *mib(uint64_t bytes, char *buf, size_t size)
{
	uint64_t tenths;

	if (bytes == HIND_MAX)
		return "max";
	tenths = (bytes * 10 + (1 << 19)) >> 20;
	snprintf(buf, size, "%" PRIu64 ".%" PRIu64, tenths / 10, tenths % 10);
	return buf;
}

/* A counter, or "-" when the kernel did not give it. */
static const char *count(bool have, uint64_t v, char *buf, size_t size)
{
	if (!have)
		return "-";
	snprintf(buf, size, "%" PRIu64, v);
	return buf;
}

/*
 * The n-th (from 0) blank-separated number in s, or HIND_MAX. No sscanf:
 * musl's scanf family adds some 9 KB to the static binary.
 */
static uint64_t nth_number(const char *s, int n)
{
	char word[32];
	uint64_t v;
	size_t len;

	for (;;) {
		s += strspn(s, " \t");
		len = strcspn(s, " \t\n");
		if (!len || !n--)
			break;
		s += len;
	}
	if (!len || len >= sizeof(word))
		return HIND_MAX;
	memcpy(word, s, len);
	word[len] = '\0';
	return parse_u64(word, &v) ? HIND_MAX : v;
}

/* Own resident memory in bytes, from /proc/self/statm. */
static uint64_t own_rss(void)
{
	uint64_t resident;
	char buf[256];

	if (read_file("/proc/self/statm", buf, sizeof(buf)) < 0)
		return HIND_MAX;
	resident = nth_number(buf, 1);
	return resident == HIND_MAX ? HIND_MAX
				    : resident * (uint64_t)getpagesize();
}

/* Total swap space of the machine in bytes, from /proc/swaps. */
static uint64_t swap_total(void)
{
	char buf[4096], *line;
	uint64_t total = 0;

	if (read_file("/proc/swaps", buf, sizeof(buf)) < 0)
		return 0;
	/* "Filename Type Size Used Priority", then one line per area. */
	line = strchr(buf, '\n');
	while (line && *++line) {
		uint64_t kib = nth_number(line, 2);

		if (kib != HIND_MAX)
			total += kib << 10;
		line = strchr(line, '\n');
	}
	return total;
}

static void read_stats(const struct cg *cg, struct cg_stats *st)
{
	if (cg_ops()->stats(cg, st) < 0)
		die("cannot read own cgroup: %s", cg_error);
}

static void print_row(uint64_t allocated, const struct cg_stats *st)
{
	char a[24], r[24], c[24], l[24], s[24], h[24], k[24];
	bool mem = st->have & CGS_MEM, swap = st->have & CGS_SWAP;
	uint64_t rss = own_rss();

	xprintf("%9s %9s %9s %9s %9s %10s %9s\n", mib(allocated, a, sizeof(a)),
		rss == HIND_MAX ? "-" : mib(rss, r, sizeof(r)),
		mem ? mib(st->mem_current, c, sizeof(c)) : "-",
		mem ? mib(st->mem_max, l, sizeof(l)) : "-",
		swap ? mib(st->swap_current, s, sizeof(s)) : "-",
		count(st->have & CGS_MEM_EVENTS, st->mem_events_max, h,
		      sizeof(h)),
		count(st->have & CGS_OOM_KILL, st->oom_kill, k, sizeof(k)));
}

static void print_header(const struct memory_load_opts *o, const struct cg *cg,
			 const struct cg_stats *st)
{
	char step[24], max[24] = "max", every[32] = "without pause";
	char lim[24] = "none", swp[24] = "none";

	format_size(o->step, step, sizeof(step));
	if (o->max != HIND_MAX)
		format_size(o->max, max, sizeof(max));
	if (o->interval_us) {
		char *p;

		strcpy(every, "every ");
		p = format_fixed(o->interval_us, 6, 3, every + 6,
				 sizeof(every) - 7);
		/* "0.050" -> "0.05", "1.000" -> "1", as %g would. */
		p += strlen(p);
		while (p[-1] == '0')
			*--p = '\0';
		if (p[-1] == '.')
			*--p = '\0';
		strcpy(p, "s");
	}
	xprintf("memory_load: %s %s up to %s, %s\n", step, every, max,
		o->touch ? "writing every page"
			 : "never writing (--no-touch): untouched pages are "
			   "not "
			   "charged");
	if (!(st->have & CGS_MEM))
		snprintf(lim, sizeof(lim), "unknown");
	else if (st->mem_max != HIND_MAX)
		format_size(st->mem_max, lim, sizeof(lim));
	if (!(st->have & CGS_SWAP))
		snprintf(swp, sizeof(swp), "not accounted");
	else if (st->swap_max != HIND_MAX)
		format_size(st->swap_max, swp, sizeof(swp));
	xprintf("memory_load: cgroup '%s' (%s): memory limit %s, swap limit "
		"%s\n",
		cg_hier_of(cg, CG_MEMORY)->rel, cg_ops()->name, lim, swp);
	if (!(st->have & CGS_MEM))
		xprintf("memory_load: the kernel keeps no charge counter for "
			"cgroup '%s' (the root cgroup has none): '-' below\n",
			cg_hier_of(cg, CG_MEMORY)->rel);
	xprintf("%9s %9s %9s %9s %9s %10s %9s\n", "alloc", "rss", "charged",
		"limit", "swap", "limit-hits", "oom-kills");
}

/* A memory limit that swap can undermine: say so before it happens. */
static void warn_swap(const struct cg_stats *st)
{
	uint64_t total = swap_total();
	char lim[24], sw[24];

	if (!(st->have & CGS_MEM) || st->mem_max == HIND_MAX || !total)
		return;
	if ((st->have & CGS_SWAP) && st->swap_max != HIND_MAX)
		return;
	warn("warning: memory limit %s, but swap is not limited and this "
	     "machine has %s of swap: pages beyond the limit go to swap and "
	     "the OOM killer does not come (limit swap too: hind-run "
	     "--swap 0)",
	     format_size(st->mem_max, lim, sizeof(lim)),
	     format_size(total, sw, sizeof(sw)));
}

static void sleep_until(uint64_t ns)
{
	struct timespec ts = {(time_t)(ns / 1000000000u),
			      (long)(ns % 1000000000u)};

	while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) ==
	       EINTR)
		;
}

int memory_load_main(int argc, char **argv)
{
	size_t page = (size_t)getpagesize();
	struct memory_load_opts o;
	struct cg_stats st;
	struct timespec now;
	uint64_t total = 0, next_ns;
	char a[24], c[24];
	struct cg cg;

	parse_args(argc, argv, &o);

	xcg_self(CG_MEMORY, &cg);
	read_stats(&cg, &st);
	print_header(&o, &cg, &st);
	warn_swap(&st);
	print_row(0, &st);

	clock_gettime(CLOCK_MONOTONIC, &now);
	next_ns = (uint64_t)now.tv_sec * 1000000000u + (uint64_t)now.tv_nsec;
	while (total < o.max) {
		size_t len = (size_t)(o.max - total < o.step ? o.max - total
							     : o.step);
		volatile char *p;

		len = (len + page - 1) / page * page;
		p = mmap(NULL, len, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
		if (p == MAP_FAILED)
			die_errno("cannot map %s more after %s",
				  mib(len, c, sizeof(c)),
				  mib(total, a, sizeof(a)));
		/* Best effort: without THP there is nothing to turn off. */
		(void)madvise((void *)p, len, MADV_NOHUGEPAGE);
		if (o.touch)
			for (size_t off = 0; off < len; off += page)
				p[off] = 1;
		total += len;
		read_stats(&cg, &st);
		print_row(total, &st);
		if (total >= o.max)
			break;
		if (o.interval_us) {
			next_ns += o.interval_us * 1000;
			sleep_until(next_ns);
		}
	}

	read_stats(&cg, &st);
	if (!o.touch)
		xprintf("memory_load: %s MiB allocated, %s MiB charged: the "
			"kernel "
			"charges a page when it is first written, and these "
			"were "
			"not\n",
			mib(total, a, sizeof(a)),
			st.have & CGS_MEM ? mib(st.mem_current, c, sizeof(c))
					  : "-");
	if (o.hold) {
		xprintf("memory_load: holding %s MiB (pid %d); waiting to be "
			"killed\n",
			mib(total, a, sizeof(a)), (int)getpid());
		for (;;)
			pause();
	}
	cg_free(&cg);
	return 0;
}
