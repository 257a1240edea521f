// SPDX-License-Identifier: MIT
/*
 * fuzz_parse.c - every parser of core/parse.c on the same string (the
 * input up to its first NUL), judged by the sanitizers and by properties
 * that hold whatever the input:
 *
 * - parse_u64: a value prints back as the input without leading zeros;
 *   a string of digits fails only with -ERANGE, and only past 2^64-1.
 * - parse_size: its value, printed by format_size ("1.5 MiB") and parsed
 *   again, is within half a printed decimal of it.
 * - parse_cpus: over periods of 1000, 100000 and 1000000 us, a quota
 *   grows with the period and is at least 1; "X%" is X/100.
 * - parse_duration: a bare number is seconds, as with "s", and equals
 *   parse_scaled(s, 1000000); "us" <= "ms" <= "s" of the same number.
 * - parse_cpulist: the set, printed back as a list and parsed again, is
 *   the same set, and the entry count is the commas plus one.
 * - parse_scaled: over scales 1 to 2^64-1, end is at the first character
 *   that is not part of the number; the value grows with the scale.
 * - format_fixed: what it prints, parsed by parse_scaled, is the value
 *   rounded half up to the decimals shown.
 */
#include "hind.h"
#include "fuzz.h"

/* s with suffix appended, in buf; false if it does not fit. */
static bool with(char *buf, size_t size, const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);

	if (a + b + 1 > size)
		return false;
	memcpy(buf, s, a);
	memcpy(buf + a, suffix, b + 1);
	return true;
}

static bool all_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

static void check_u64(const char *s)
{
	char buf[32];
	const char *z = s;
	uint64_t v = 0;
	int err = parse_u64(s, &v);

	if (!all_digits(s)) {
		/* A digit string that overflowed before the junk: -ERANGE. */
		FUZZ_CHECK(err == -EINVAL || err == -ERANGE, "'%s' -> %d", s,
			   err);
		return;
	}
	while (*z == '0' && z[1])
		z++;
	/* 2^64-1 has 20 digits. */
	if (strlen(z) > 20 ||
	    (strlen(z) == 20 && strcmp(z, "18446744073709551615") > 0)) {
		FUZZ_CHECK(err == -ERANGE, "'%s' -> %d", s, err);
		return;
	}
	FUZZ_CHECK(!err, "'%s' -> %d", s, err);
	snprintf(buf, sizeof(buf), "%" PRIu64, v);
	FUZZ_CHECK(!strcmp(buf, z), "'%s' -> %s", s, buf);
}

/* format_size(v), with its blank removed, parsed by parse_size. */
static void size_round_trip(uint64_t v)
{
	static const char units[] = "KMGTPE";
	char buf[32], *sp;
	uint64_t w, unit;
	int err;

	format_size(v, buf, sizeof(buf));
	if (v == HIND_MAX) {
		FUZZ_CHECK(!strcmp(buf, "max"), "%" PRIu64 " -> '%s'", v, buf);
		return;
	}
	sp = strchr(buf, ' ');
	FUZZ_CHECK(sp && (!strcmp(sp, " B") || (strlen(sp) == 4 &&
		   !strcmp(sp + 2, "iB") && strchr(units, sp[1]))),
		   "%" PRIu64 " -> '%s'", v, buf);
	unit = sp[1] == 'B' ? 1 :
		UINT64_C(1) << (10 * (strchr(units, sp[1]) - units + 1));
	memmove(sp, sp + 1, strlen(sp));
	err = parse_size(buf, &w);
	if (unit == 1) {
		FUZZ_CHECK(v < 1024 && !err && w == v,
			   "%" PRIu64 " -> '%s' -> %" PRIu64, v, buf, w);
		return;
	}
	/* Just under 16 EiB prints as "16.0 EiB", which is 2^64: too big. */
	if (err == -ERANGE && unit == UINT64_C(1) << 60 &&
	    v >= UINT64_MAX - (UINT64_C(1) << 60) / 20)
		return;
	FUZZ_CHECK(!err, "%" PRIu64 " -> '%s' -> %d", v, buf, err);
	/* One decimal of its unit: within half of 0.1 unit. */
	FUZZ_CHECK((w > v ? w - v : v - w) <= unit / 20 + 1,
		   "%" PRIu64 " -> '%s' -> %" PRIu64, v, buf, w);
	/* And the unit is the biggest that shows at least 1.0. */
	FUZZ_CHECK(v >= unit - unit / 20 && (unit == UINT64_C(1) << 60 ||
		   v < unit * 1024 - unit / 20),
		   "%" PRIu64 " -> '%s'", v, buf);
}

static void check_size(const char *s, uint64_t raw)
{
	uint64_t v;

	if (!parse_size(s, &v))
		size_round_trip(v);
	size_round_trip(raw);
	size_round_trip(raw >> (raw & 63));
}

static void check_cpus(const char *s)
{
	static const uint64_t periods[] = { 1000, 100000, 1000000 };
	uint64_t q[3], pq;
	char pct[300];
	int err[3], k;

	for (k = 0; k < 3; k++) {
		q[k] = 0;
		err[k] = parse_cpus(s, periods[k], &q[k]);
		FUZZ_CHECK(err[k] == 0 || err[k] == -EINVAL ||
			   err[k] == -ERANGE, "'%s' -> %d", s, err[k]);
		if (!err[k])
			FUZZ_CHECK(q[k] >= 1, "'%s' -> 0", s);
	}
	/* The syntax does not depend on the period: all -EINVAL or none. */
	FUZZ_CHECK((err[0] == -EINVAL) == (err[1] == -EINVAL) &&
		   (err[1] == -EINVAL) == (err[2] == -EINVAL), "'%s'", s);
	for (k = 1; k < 3; k++)
		if (!err[k - 1] && !err[k])
			FUZZ_CHECK(q[k] >= q[k - 1] *
				   (periods[k] / periods[k - 1]),
				   "'%s': %" PRIu64 " then %" PRIu64, s,
				   q[k - 1], q[k]);
	/* X% of a period is X/100 of it, give or take the rounding. */
	if (!err[2] && !strchr(s, '%') && with(pct, sizeof(pct), s, "%") &&
	    !parse_cpus(pct, periods[2], &pq))
		FUZZ_CHECK(pq <= q[2] / 100 + 1 && pq + 1 >= q[2] / 100,
			   "'%s' = %" PRIu64 ", %%: %" PRIu64, s, q[2], pq);
	(void)parse_cpus(s, 1, &pq);
	(void)parse_cpus(s, UINT64_MAX, &pq);
}

static void check_duration(const char *s)
{
	uint64_t bare = 0, us = 0, ms = 0, sec = 0, v;
	const char *end;
	char buf[300];
	int err = parse_duration(s, &bare);
	int err_s, err_ms, err_us;

	FUZZ_CHECK(err == 0 || err == -EINVAL || err == -ERANGE, "'%s' -> %d",
		   s, err);
	/* The rest is about a bare number ("1.5"), and its suffixes. */
	if (parse_scaled(s, 1000000, &end, &v) || *end ||
	    !with(buf, sizeof(buf), s, "s"))
		return;
	FUZZ_CHECK(!err && bare == v, "'%s' -> %d", s, err);
	err_s = parse_duration(buf, &sec);
	FUZZ_CHECK(!err_s && sec == bare, "'%s'", s);
	with(buf, sizeof(buf), s, "ms");
	err_ms = parse_duration(buf, &ms);
	FUZZ_CHECK(!err_ms && ms <= sec, "'%s'", s);
	with(buf, sizeof(buf), s, "us");
	err_us = parse_duration(buf, &us);
	FUZZ_CHECK(!err_us && us <= ms, "'%s'", s);
}

/* A set as a list ("0-3,5"), for the round trip. */
static void list_of(const cpu_set_t *set, char *buf, size_t size)
{
	size_t len = 0;
	int a, b;

	buf[0] = '\0';
	for (a = 0; a < CPU_SETSIZE; a = b + 1) {
		if (!CPU_ISSET(a, set)) {
			b = a;
			continue;
		}
		for (b = a; b + 1 < CPU_SETSIZE && CPU_ISSET(b + 1, set); b++)
			;
		len += (size_t)snprintf(buf + len, size - len, "%s%d",
					len ? "," : "", a);
		if (b > a)
			len += (size_t)snprintf(buf + len, size - len, "-%d",
						b);
		if (len >= size)
			abort();
	}
}

static void check_cpulist(const char *s)
{
	static char buf[CPU_SETSIZE * 6];
	cpu_set_t set, again;
	int n = parse_cpulist(s, &set), commas = 0, m;
	const char *p;

	FUZZ_CHECK(n > 0 || n == -EINVAL || n == -ERANGE, "'%s' -> %d", s, n);
	if (n < 0)
		return;
	for (p = s; *p; p++)
		commas += *p == ',';
	FUZZ_CHECK(n == commas + 1, "'%s' -> %d entries", s, n);
	FUZZ_CHECK(CPU_COUNT(&set) >= 1, "'%s': empty set", s);
	list_of(&set, buf, sizeof(buf));
	m = parse_cpulist(buf, &again);
	FUZZ_CHECK(m > 0 && CPU_EQUAL(&set, &again), "'%s' -> '%s' -> %d", s,
		   buf, m);
}

static void check_scaled(const char *s)
{
	static const uint64_t scales[] = {
		1, 10, 100, 1000, 1000000, 1000000000, UINT64_C(1) << 60,
		UINT64_MAX,
	};
	uint64_t v, prev = 0;
	const char *end, *first_end = NULL;
	bool overflowed = false;
	size_t k;
	int err;

	for (k = 0; k < ARRAY_SIZE(scales); k++) {
		end = NULL;
		err = parse_scaled(s, scales[k], &end, &v);
		FUZZ_CHECK(err == 0 || err == -EINVAL || err == -ERANGE,
			   "'%s' -> %d", s, err);
		/* What overflows at one scale overflows at every bigger one. */
		FUZZ_CHECK(!overflowed || err == -ERANGE, "'%s' scale %zu", s,
			   k);
		if (err == -ERANGE)
			overflowed = true;
		if (err)
			continue;
		/* It ends where a digit (or a first '.') cannot go on. */
		FUZZ_CHECK(end > s && end <= s + strlen(s), "'%s'", s);
		FUZZ_CHECK(!(*end >= '0' && *end <= '9'), "'%s' ends at '%s'",
			   s, end);
		FUZZ_CHECK(*end != '.' || memchr(s, '.', (size_t)(end - s)),
			   "'%s' ends at '%s'", s, end);
		if (first_end)
			FUZZ_CHECK(end == first_end, "'%s'", s);
		first_end = end;
		FUZZ_CHECK(v >= prev, "'%s': scale %zu: %" PRIu64 " < %" PRIu64,
			   s, k, v, prev);
		prev = v;
	}
}

/* format_fixed(v, digits, shown) read back by parse_scaled(10^shown). */
static void check_fixed(uint64_t v, unsigned digits, unsigned shown)
{
	uint64_t div = 1, unit = 1, want, got;
	const char *end;
	char buf[48];
	unsigned k;

	for (k = shown; k < digits; k++)
		div *= 10;
	for (k = 0; k < shown; k++)
		unit *= 10;
	want = v / div + (div > 1 && v % div >= div / 2);
	format_fixed(v, digits, shown, buf, sizeof(buf));
	FUZZ_CHECK(!parse_scaled(buf, unit, &end, &got) && !*end &&
		   got == want, "%" PRIu64 " %u %u -> '%s'", v, digits, shown,
		   buf);
	FUZZ_CHECK(!shown == !strchr(buf, '.'), "'%s' shown %u", buf, shown);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_str(data, size);
	uint64_t raw = 0;
	unsigned digits, shown;

	memcpy(&raw, data, size < 8 ? size : 8);
	check_u64(s);
	check_size(s, raw);
	check_cpus(s);
	check_duration(s);
	check_cpulist(s);
	check_scaled(s);
	/* format_fixed as its callers use it: up to 9 decimals. */
	digits = size > 8 ? data[8] % 10 : 2;
	shown = size > 9 ? data[9] % (digits + 1) : digits;
	check_fixed(raw, digits, shown);
	free(s);
	return 0;
}
