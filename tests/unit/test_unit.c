// SPDX-License-Identifier: MIT
/*
 * test_unit.c - host unit tests of the shared parsers, the size printer,
 * file helpers, the applet registry and the cgroup text parsers. TAP 13;
 * built twice by 'make check-unit': plain and with ASan/UBSan (glibc,
 * dynamic).
 */
#include "hind.h"
#include "unit.h"

/* Stub applets, so the real dispatcher links without them. */
#define APPLET(name, stem, status, summary) \
	int stem##_main(int argc, char **argv) \
	{ \
		(void)argc; \
		(void)argv; \
		return 0; \
	} \
	const char stem##_usage[] = "Usage: " name "\n";
#include "applets.h"
#undef APPLET

static int n, failed;

void result(bool ok, const char *fmt, ...)
{
	va_list ap;

	printf("%sok %d ", ok ? "" : "not ", ++n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	failed += !ok;
}

/* want_err 0: parse must succeed with value want. */
static void size_case(const char *s, int want_err, uint64_t want)
{
	uint64_t v = 0xdead;
	int err = parse_size(s, &v);

	if (want_err)
		result(err == want_err, "parse_size '%s' fails with %d (got %d)",
		       s, want_err, err);
	else
		result(!err && v == want, "parse_size '%s' = %" PRIu64
		       " (got %" PRIu64 ", err %d)", s, want, v, err);
}

static void cpus_case(const char *s, uint64_t period, int want_err,
		      uint64_t want)
{
	uint64_t q = 0;
	int err = parse_cpus(s, period, &q);

	if (want_err)
		result(err == want_err, "parse_cpus '%s' fails with %d (got %d)",
		       s, want_err, err);
	else
		result(!err && q == want, "parse_cpus '%s' period %" PRIu64
		       " = %" PRIu64 " (got %" PRIu64 ")", s, period, want, q);
}

static void dur_case(const char *s, int want_err, uint64_t want)
{
	uint64_t us = 0;
	int err = parse_duration(s, &us);

	if (want_err)
		result(err == want_err, "parse_duration '%s' fails with %d "
		       "(got %d)", s, want_err, err);
	else
		result(!err && us == want, "parse_duration '%s' = %" PRIu64
		       " us (got %" PRIu64 ")", s, want, us);
}

static void list_case(const char *s, int want, int cpus)
{
	cpu_set_t set;
	int r = parse_cpulist(s, &set);

	if (want < 0)
		result(r == want, "parse_cpulist '%s' fails with %d (got %d)",
		       s, want, r);
	else
		result(r == want && CPU_COUNT(&set) == cpus,
		       "parse_cpulist '%s' = %d entries, %d cpus (got %d, %d)",
		       s, want, cpus, r, r >= 0 ? CPU_COUNT(&set) : -1);
}

static void fmt_case(uint64_t v, const char *want)
{
	char buf[32];

	format_size(v, buf, sizeof(buf));
	result(!strcmp(buf, want), "format_size %" PRIu64 " = '%s' (got '%s')",
	       v, want, buf);
}

static void test_u64(void)
{
	uint64_t v;

	result(!parse_u64("18446744073709551615", &v) && v == UINT64_MAX,
	       "parse_u64 takes UINT64_MAX");
	result(parse_u64("18446744073709551616", &v) == -ERANGE,
	       "parse_u64 overflow is -ERANGE");
	result(parse_u64("", &v) == -EINVAL, "parse_u64 empty is -EINVAL");
	result(parse_u64("-1", &v) == -EINVAL, "parse_u64 negative is -EINVAL");
	result(parse_u64("12x", &v) == -EINVAL, "parse_u64 junk is -EINVAL");
	result(parse_u64(" 1", &v) == -EINVAL, "parse_u64 blank is -EINVAL");
	{
		const char *end = NULL, *s = "1234:56";

		result(!parse_dec(s, &end, &v) && v == 1234 && end == s + 4,
		       "parse_dec stops at the first non-digit");
		result(!parse_dec("0", &end, &v) && v == 0 && !*end,
		       "parse_dec takes 0");
		result(parse_dec(":1", &end, &v) == -EINVAL &&
		       parse_dec("+1", &end, &v) == -EINVAL &&
		       parse_dec("", &end, &v) == -EINVAL,
		       "parse_dec needs a digit first (no sign, no blank)");
		result(parse_dec("99999999999999999999x", &end, &v) == -ERANGE,
		       "parse_dec overflow is -ERANGE");
	}
}

static void test_sizes(void)
{
	size_case("0", 0, 0);
	size_case("4096", 0, 4096);
	size_case("16k", 0, 16384);
	size_case("16K", 0, 16384);
	size_case("16M", 0, 16u << 20);
	size_case("16MiB", 0, 16u << 20);
	size_case("16mb", 0, 16u << 20);
	size_case("1.5M", 0, 3u << 19);
	size_case("2g", 0, UINT64_C(2) << 30);
	size_case("1T", 0, UINT64_C(1) << 40);
	size_case("1024000", 0, 1024000);
	/* A bare "B", as format_size prints bytes (found by fuzz_parse). */
	size_case("512B", 0, 512);
	size_case("0b", 0, 0);
	size_case("16MB", 0, 16u << 20);
	size_case("1.5B", -EINVAL, 0);
	size_case("16BB", -EINVAL, 0);
	size_case("16MiBB", -EINVAL, 0);
	size_case("B", -EINVAL, 0);
	size_case("max", 0, HIND_MAX);
	size_case("15E", 0, UINT64_C(15) << 60);
	size_case("16E", -ERANGE, 0);
	size_case("99999999999999999999", -ERANGE, 0);
	size_case("", -EINVAL, 0);
	size_case("-1", -EINVAL, 0);
	size_case("-5M", -EINVAL, 0);
	size_case("12x", -EINVAL, 0);
	size_case("12Mx", -EINVAL, 0);
	size_case("1.5", -EINVAL, 0);
	size_case("M", -EINVAL, 0);
	size_case(".", -EINVAL, 0);
	size_case("MAX", -EINVAL, 0);
}

static void test_cpus(void)
{
	cpus_case("0.1", 100000, 0, 10000);
	cpus_case("0.9", 100000, 0, 90000);
	cpus_case("1", 100000, 0, 100000);
	cpus_case("2.5", 100000, 0, 250000);
	cpus_case("50%", 100000, 0, 50000);
	cpus_case("10%", 100000, 0, 10000);
	cpus_case("150%", 100000, 0, 150000);
	cpus_case("0.5%", 100000, 0, 500);
	cpus_case("0.1", 1000000, 0, 100000);
	cpus_case("0", 100000, -ERANGE, 0);
	cpus_case("0.000001", 100000, -ERANGE, 0);
	cpus_case("-1", 100000, -EINVAL, 0);
	cpus_case("", 100000, -EINVAL, 0);
	cpus_case("1x", 100000, -EINVAL, 0);
	cpus_case("50%%", 100000, -EINVAL, 0);
	cpus_case("99999999999999999999", 100000, -ERANGE, 0);
	cpus_case("999999999999999", 100000, -ERANGE, 0);
}

static void test_durations(void)
{
	dur_case("10", 0, 10000000);
	dur_case("1.5s", 0, 1500000);
	dur_case("250ms", 0, 250000);
	dur_case("100us", 0, 100);
	dur_case("2m", 0, 120000000);
	dur_case("1h", 0, 3600000000u);
	dur_case("0", 0, 0);
	dur_case("", -EINVAL, 0);
	dur_case("-1", -EINVAL, 0);
	dur_case("5x", -EINVAL, 0);
	dur_case("5 s", -EINVAL, 0);
	dur_case("99999999999999999999", -ERANGE, 0);
	dur_case("9999999999999h", -ERANGE, 0);
}

static void test_cpulists(void)
{
	list_case("0", 1, 1);
	list_case("0-3", 1, 4);
	list_case("0,2,4-7", 3, 6);
	list_case("1023", 1, 1);
	list_case("1024", -ERANGE, 0);
	list_case("99999999999999999999", -ERANGE, 0);
	list_case("", -EINVAL, 0);
	list_case("3-1", -EINVAL, 0);
	list_case("1,", -EINVAL, 0);
	list_case("a", -EINVAL, 0);
	list_case("-1", -EINVAL, 0);
	list_case("1-", -EINVAL, 0);
	list_case("0 1", -EINVAL, 0);
}

static void test_format(void)
{
	fmt_case(0, "0 B");
	fmt_case(1023, "1023 B");
	fmt_case(1024, "1.0 KiB");
	fmt_case(16u << 20, "16.0 MiB");
	fmt_case(1024000, "1000.0 KiB");
	fmt_case((16u << 20) + (1u << 19), "16.5 MiB");
	fmt_case((UINT64_C(1) << 30) - 1, "1.0 GiB");
	fmt_case(HIND_MAX, "max");
	fmt_case(UINT64_MAX - 1, "16.0 EiB");
}

static void test_fixed(void)
{
	const char *end;
	uint64_t v = 0;
	char buf[32];

	result(!parse_scaled("10.25", 100, &end, &v) && v == 1025 && !*end,
	       "parse_scaled '10.25' x100 = 1025");
	result(!parse_scaled("90:2.5", 100, &end, &v) && v == 9000 &&
	       *end == ':', "parse_scaled stops at ':'");
	result(parse_scaled("x", 100, &end, &v) == -EINVAL,
	       "parse_scaled junk is -EINVAL");
	result(parse_scaled("-1", 100, &end, &v) == -EINVAL,
	       "parse_scaled negative is -EINVAL");
	result(parse_scaled("99999999999999999999", 100, &end, &v) == -ERANGE,
	       "parse_scaled overflow is -ERANGE");
	result(!strcmp(format_fixed(1025, 2, 1, buf, sizeof(buf)), "10.3"),
	       "format_fixed rounds half up (10.25 -> 10.3, got %s)", buf);
	result(!strcmp(format_fixed(1500000000, 9, 3, buf, sizeof(buf)),
		       "1.500"), "format_fixed 1.5 s with 3 decimals (%s)", buf);
	result(!strcmp(format_fixed(99999, 3, 1, buf, sizeof(buf)), "100.0"),
	       "format_fixed carries into the integer part (%s)", buf);
	result(!strcmp(format_fixed(42, 0, 0, buf, sizeof(buf)), "42"),
	       "format_fixed without decimals (%s)", buf);
	result(!strcmp(format_fixed(5, 2, 2, buf, sizeof(buf)), "0.05"),
	       "format_fixed pads the fraction (%s)", buf);
}

static void test_fileio(void)
{
	char path[] = "/tmp/hind-unit.XXXXXX", buf[64];
	uint64_t v = 0;
	int fd = mkstemp(path);

	result(fd >= 0, "mkstemp");
	if (fd < 0)
		return;
	close(fd);
	result(!write_file(path, "usage_usec 123\nnr_periods 7\nmax 5\n"),
	       "write_file");
	result(read_file(path, buf, sizeof(buf)) == 34, "read_file length");
	result(!read_key_u64_at(AT_FDCWD, path, "nr_periods", &v) && v == 7,
	       "read_key_u64 finds a middle key");
	result(!read_key_u64_at(AT_FDCWD, path, "max", &v) && v == 5,
	       "read_key_u64 finds the last key");
	result(read_key_u64_at(AT_FDCWD, path, "usage", &v) == -ENOENT,
	       "read_key_u64 does not match a key prefix");
	{
		static const char *const keys[] = { "max", "nope",
						    "usage_usec", NULL };
		uint64_t vals[3] = { 0, 0, 0 };

		result(read_keys_u64_at(AT_FDCWD, path, keys, vals) == 5 &&
		       vals[0] == 5 && vals[2] == 123,
		       "read_keys_u64 reads several keys in one pass and "
		       "says which it found");
	}
	write_file(path, "max\n");
	result(!read_u64_at(AT_FDCWD, path, &v) && v == HIND_MAX,
	       "read_u64 'max' is HIND_MAX");
	write_file(path, "42\n");
	result(!read_u64_at(AT_FDCWD, path, &v) && v == 42, "read_u64 42");
	result(read_file(path, buf, 2) == 1 && !strcmp(buf, "4"),
	       "read_file truncates to the buffer and terminates");
	unlink(path);
	result(read_file(path, buf, sizeof(buf)) == -ENOENT,
	       "read_file of a missing file is -ENOENT");
}

static void test_registry(void)
{
	size_t i;
	bool sorted = true;

	for (i = 1; i < applet_count; i++)
		if (strcmp(applets[i - 1].name, applets[i].name) >= 0)
			sorted = false;
	result(sorted, "applet registry is sorted by name (%zu applets)",
	       applet_count);
	for (i = 0; i < applet_count; i++)
		result(applet_find(applets[i].name) == &applets[i] &&
		       applets[i].usage[0] && applets[i].main,
		       "applet '%s' is found and has usage and main",
		       applets[i].name);
	result(!applet_find("nope") && !applet_find(""),
	       "unknown applets are not found");
	if (CFG_HIND_RUN)
		result(applet_find("run") == applet_find("hind-run"),
		       "'run' finds hind-run (the seed's 'hind run')");
	else
		printf("ok %d 'run' finds hind-run # SKIP hind-run disabled "
		       "in this configuration\n", ++n);
	for (i = 0; i < applet_count; i++)
		result(applets[i].error_status ==
		       (strcmp(applets[i].name, "hind-run") ? 1 : 125),
		       "applet '%s' dies with status %d", applets[i].name,
		       applets[i].error_status);
}

/* ---- opt.c: the option front end ---------------------------------------- */

enum { T_LONG = CHAR_MAX + 1, T_LARG };

static const struct opt t_opts[] = {
	{ "all", 'a', false, 'a' },
	{ "controller", 'c', true, 'c' },
	{ "long", 0, false, T_LONG },
	{ "larg", 0, true, T_LARG },
	{ NULL, 'v', true, 'v' },
	{ NULL, 0, false, 0 },
};

/*
 * Parse the words of line (blank-separated) and describe what came out:
 * "a c=x L K=y |2" (options, then '|' and the index of the first
 * operand), "... !unknown option '-x'" on an error, "H"/"V" for --help and
 * --version. With unget, -v's word argument is given back (hind-run's rule).
 */
static void opt_case(const char *line, bool unget, const char *want)
{
	char buf[256], got[256], *words[16], *p;
	struct opt_state st;
	int argc = 0, c;
	size_t len = 0;

	snprintf(buf, sizeof(buf), "prog %s", line);
	for (p = strtok(buf, " "); p && argc < 15; p = strtok(NULL, " "))
		words[argc++] = p;
	words[argc] = NULL;
	got[0] = '\0';
	opt_init(&st, argc, words);
	while ((c = opt_next(&st, t_opts)) != OPT_DONE) {
		const char *name = c == T_LONG ? "L" : c == T_LARG ? "K" :
				   c == OPT_HELP ? "H" : c == OPT_VERSION ? "V" :
				   NULL;
		char one[2] = { (char)c, 0 };

		if (c == OPT_ERROR) {
			len += (size_t)snprintf(got + len, sizeof(got) - len,
						"!%s", st.err);
			break;
		}
		len += (size_t)snprintf(got + len, sizeof(got) - len, "%s%s%s ",
					name ? name : one, st.arg ? "=" : "",
					st.arg ? st.arg : "");
		if (c == 'v' && unget && st.arg_word && !strchr(st.arg, ':'))
			opt_unget_arg(&st);
		if (c == OPT_HELP || c == OPT_VERSION)
			break;
	}
	if (c == OPT_DONE)
		snprintf(got + len, sizeof(got) - len, "|%d", st.ind);
	result(!strcmp(got, want), "opt_next '%s': '%s' (got '%s')", line, want,
	       got);
}

static void test_opt(void)
{
	opt_case("", false, "|1");
	opt_case("x", false, "|1");
	opt_case("-a x -c y", false, "a |2");
	opt_case("-a -c y x", false, "a c=y |4");
	opt_case("-acy x", false, "a c=y |2");
	opt_case("-ac y", false, "a c=y |3");
	opt_case("--all --controller y z", false, "a c=y |4");
	opt_case("--controller=y --larg= z", false, "c=y K= |3");
	opt_case("--long --larg v -- -a", false, "L K=v |5");
	opt_case("- -a", false, "|1");
	opt_case("-a --help -x", false, "a H ");
	opt_case("--version", false, "V ");
	opt_case("-x", false, "!unknown option '-x'");
	opt_case("-ax", false, "a !unknown option '-x'");
	opt_case("--bogus=1", false, "!unknown option '--bogus'");
	opt_case("--al", false, "!unknown option '--al'");
	opt_case("-c", false, "!option '-c' needs an argument");
	opt_case("--controller", false,
		 "!option '--controller' needs an argument");
	opt_case("--long=1", false, "!option '--long' takes no argument");
	opt_case("--help=1", false, "!unknown option '--help'");
	opt_case("-v a:b x", true, "v=a:b |3");
	opt_case("-v NOIMG x", true, "v=NOIMG |2");
	opt_case("-v -a x", true, "v=-a a |3");
	opt_case("-vv x", true, "v=v |2");
}

/* ---- fmt.c against the C library's snprintf (glibc here) -------------- */

/* From here on, snprintf is glibc's own: hind.h maps the name to ours. */
#undef snprintf
/* Truncation is what some cases test. */
#pragma GCC diagnostic ignored "-Wformat-truncation"

static void snprintf_check(const char *what, size_t size, int got, int want,
			   const char *gbuf, const char *wbuf)
{
	result(got == want && !strcmp(gbuf, wbuf),
	       "hind_snprintf(%zu, %s) = %d '%s' (libc: %d '%s')", size, what,
	       got, gbuf, want, wbuf);
}

/* Both formatters into a buffer of size bytes (guarded), then compared. */
#define SNPRINTF_CASE(size, ...) \
	do { \
		char g_[64], w_[64]; \
		int gn_, wn_; \
		memset(g_, 'x', sizeof(g_)); \
		memset(w_, 'x', sizeof(w_)); \
		g_[sizeof(g_) - 1] = w_[sizeof(w_) - 1] = '\0'; \
		gn_ = hind_snprintf(g_, size, __VA_ARGS__); \
		wn_ = snprintf(w_, size, __VA_ARGS__); \
		snprintf_check(#__VA_ARGS__, size, gn_, wn_, g_, w_); \
	} while (0)

static void test_snprintf(void)
{
	const char *volatile null = NULL;
	char one = 'z';

	SNPRINTF_CASE(64, "plain text");
	SNPRINTF_CASE(64, "%s", "");
	SNPRINTF_CASE(64, "%s/%s", "/sys/fs/cgroup", "cpu.max");
	SNPRINTF_CASE(64, "%%d %s%%", "100");
	SNPRINTF_CASE(64, "%-12s %s", "cpu_load", "burn CPU");
	SNPRINTF_CASE(64, "%-12s|", "a-name-longer-than-12");
	SNPRINTF_CASE(64, "%7s|%9s|%6s", "1.5", "", "toolongvalue");
	SNPRINTF_CASE(64, "%.*s|", 3, "abcdef");
	SNPRINTF_CASE(64, "%.*s|", 10, "abc");
	SNPRINTF_CASE(64, "%.2s|%.0s|", "xyz", "xyz");
	SNPRINTF_CASE(64, "%*s|%-*s|", 5, "ab", 5, "ab");
	SNPRINTF_CASE(64, "%*s|", -5, "ab");
	SNPRINTF_CASE(64, "%8.3s|", "abcdef");
	SNPRINTF_CASE(64, "%s", null);
	SNPRINTF_CASE(64, "%c%c|%3c|%-3c|", 'a', one, 'b', 'c');
	SNPRINTF_CASE(64, "%d %d %d %i", 0, 42, -42, 7);
	SNPRINTF_CASE(64, "%d %d", INT_MAX, INT_MIN);
	SNPRINTF_CASE(64, "%5d|%-5d|%05d|%05d", 42, 42, 42, -42);
	SNPRINTF_CASE(64, "%3d|%03d", 12345, 12345);
	SNPRINTF_CASE(64, "%.3d|%.0d|%.0d|%5.3d", 7, 0, 1, -7);
	SNPRINTF_CASE(64, "%u %u %u", 0u, 4294967295u, 1u);
	SNPRINTF_CASE(64, "%x %x %x %lx", 0u, 0xdeadbeefu, 0xabcu,
		      0x7fffffffffffffffUL);
	SNPRINTF_CASE(64, "%ld %ld %lu", LONG_MIN, LONG_MAX, ULONG_MAX);
	SNPRINTF_CASE(64, "%lld %llu", -1234567890123LL, 18446744073709551615ULL);
	SNPRINTF_CASE(64, "%zu %zu", (size_t)0, SIZE_MAX);
	SNPRINTF_CASE(64, "%" PRIu64 " %" PRId64 " %" PRId64, UINT64_MAX,
		      INT64_MIN, (int64_t)-1);
	SNPRINTF_CASE(64, "%" PRIu64 ".%03" PRIu64 "s", (uint64_t)12,
		      (uint64_t)7);
	SNPRINTF_CASE(64, "%" PRIu64 ".%0*" PRIu64, (uint64_t)1, 3,
		      (uint64_t)5);
	SNPRINTF_CASE(64, "%0*d|%*d|", 4, 9, 0, 9);
	SNPRINTF_CASE(64, "%jd %td", (intmax_t)-5, (ptrdiff_t)-6);
	/* Truncation: the full length is returned, the buffer ends in NUL. */
	SNPRINTF_CASE(1, "abc");
	SNPRINTF_CASE(4, "abcdef");
	SNPRINTF_CASE(5, "%s-%d", "abc", 12345);
	SNPRINTF_CASE(6, "%-10s|", "ab");
	SNPRINTF_CASE(3, "%05d", -42);
	result(hind_snprintf(NULL, 0, "%s=%d", "key", 123) == 7,
	       "hind_snprintf(NULL, 0) returns the length");
}

/* Collects "MNT(TYPE)" of each mount cg_each_mount reports. */
static void collect_mount(const struct cg_mountinfo *mi, void *arg)
{
	char *buf = arg;

	snprintf(buf + strlen(buf), 256 - strlen(buf), "%s(%s)", mi->mnt,
		 mi->fstype);
}

/*
 * cg_each_mount over a file: a line longer than its buffer (overlayfs
 * with many layers) is skipped, cgroup mounts around it are not, and a
 * last line without a newline counts.
 */
static void test_each_mount(void)
{
	char path[] = "/tmp/hind-unit-mi.XXXXXX", got[256] = "";
	size_t big = 40000;
	char *line = malloc(big + 1);
	int fd = mkstemp(path), err;

	if (fd < 0 || !line) {
		result(false, "cg_each_mount: cannot make a temporary file");
		free(line);
		return;
	}
	memset(line, 'x', big);
	line[big] = '\0';
	dprintf(fd, "1 0 0:1 / /sys/fs/cgroup/pids rw - cgroup cgroup rw,pids\n"
		"2 0 0:2 / /var/lib/o rw - overlay overlay lowerdir=%s\n"
		"3 0 0:3 / /proc rw - proc proc rw\n"
		"4 0 0:4 / /sys/fs/cgroup/memory rw - cgroup cgroup "
		"rw,memory", line);
	close(fd);
	err = cg_each_mount(path, collect_mount, got);
	unlink(path);
	free(line);
	result(!err && !strcmp(got, "/sys/fs/cgroup/pids(cgroup)"
			       "/sys/fs/cgroup/memory(cgroup)"),
	       "cg_each_mount: cgroup mounts around a 40 KB line (got %s)",
	       got);
}

/* /proc/PID/cgroup lines, mountinfo lines, super options, cg_hier_of. */
static void test_cgroup_parsers(void)
{
	char text[] = "12:pids:/user.slice\n"
		      "bad line\n"
		      "4:cpu,cpuacct:/a:b\n"
		      "1:name=systemd:/\n"
		      "0::/init.scope";
	char *pos = text, *id, *ctrls, *path, got[256] = "";
	char mi1[] = "30 25 0:26 / /sys/fs/cgroup/cpu,cpuacct rw,nosuid "
		     "shared:9 master:2 - cgroup cgroup rw,cpu,cpuacct";
	char mi2[] = "40 30 0:27 /hind-1 /im\\040age/sys/fs/cgroup ro "
		     "- cgroup2 cgroup2 rw,nsdelegate";
	char mi3[] = "41 30 0:28 / /x rw shared:1";
	char mi4[] = "41 30 0:28 /";
	struct cg_mountinfo mi;
	struct cg cg;

	while (cg_proc_line(&pos, &id, &ctrls, &path))
		snprintf(got + strlen(got), sizeof(got) - strlen(got),
			 "[%s|%s|%s]", id, ctrls, path);
	result(!strcmp(got, "[12|pids|/user.slice][4|cpu,cpuacct|/a:b]"
		       "[1|name=systemd|/][0||/init.scope]"),
	       "cg_proc_line splits each line, skips a bad one (got %s)", got);

	result(!cg_mountinfo_line(mi1, &mi) && !strcmp(mi.root, "/") &&
	       !strcmp(mi.mnt, "/sys/fs/cgroup/cpu,cpuacct") &&
	       !strcmp(mi.fstype, "cgroup") &&
	       !strcmp(mi.opts, "rw,cpu,cpuacct"),
	       "cg_mountinfo_line: a v1 mount with optional fields");
	result(!cg_mountinfo_line(mi2, &mi) && !strcmp(mi.root, "/hind-1") &&
	       !strcmp(mi.mnt, "/im age/sys/fs/cgroup") &&
	       !strcmp(mi.fstype, "cgroup2") &&
	       !strcmp(mi.opts, "rw,nsdelegate"),
	       "cg_mountinfo_line: a subtree, an escaped blank");
	result(cg_mountinfo_line(mi3, &mi) == -EINVAL &&
	       cg_mountinfo_line(mi4, &mi) == -EINVAL,
	       "cg_mountinfo_line: no '-' or too few fields is -EINVAL");

	result(cg_opts_have("rw,cpu,cpuacct", "cpu,cpuacct") &&
	       cg_opts_have("rw,cpu,cpuacct", "cpuacct") &&
	       cg_opts_have("rw,nosuid,name=systemd", "name=systemd") &&
	       !cg_opts_have("rw,cpuset", "cpu") &&
	       !cg_opts_have("rw,cpu", "cpu,cpuacct"),
	       "cg_opts_have matches whole words only");

	test_each_mount();

	memset(&cg, 0, sizeof(cg));
	cg.h[0].name = "freezer";
	cg.h[1].name = "cpu,cpuacct";
	cg.h[1].ctrls = CG_BIT(CG_CPU) | CG_BIT(CG_CPUACCT);
	cg.h[2].name = "memory";
	cg.h[2].ctrls = CG_BIT(CG_MEMORY);
	cg.n = 3;
	result(cg_hier_of(&cg, CG_CPUACCT) == &cg.h[1] &&
	       cg_hier_of(&cg, CG_MEMORY) == &cg.h[2] &&
	       !cg_hier_of(&cg, CG_PIDS),
	       "cg_hier_of finds a controller's hierarchy, NULL without");
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("TAP version 13\n");
	test_u64();
	test_sizes();
	test_cpus();
	test_durations();
	test_cpulists();
	test_format();
	test_fixed();
	test_fileio();
	test_registry();
	test_opt();
	test_snprintf();
	test_caps();
	test_seccomp();
	test_sc();
	test_cgroup_parsers();
	test_escape();
	test_walk();
	test_devcg();
	test_oci();
	test_alloc();
	printf("1..%d\n", n);
	return failed ? 1 : 0;
}
