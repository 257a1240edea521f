// SPDX-License-Identifier: MIT
/*
 * parse.c - the parsers every applet shares: sizes, CPU amounts, durations
 * and CPU lists. They validate only; an applet decides what to do with a
 * bad value (usually usage_die). No locale, no strtod: values are parsed as
 * fixed-point decimals so "0.1" CPU is exactly 10000 us per 100000 us.
 */
#include "hind.h"

/*
 * A decimal "INT[.FRAC]" into *ip and a fraction scaled by 10^9 into *fp;
 * returns the position after it, or NULL when there is no digit or the
 * integer part overflows.
 */
static const char *parse_decimal(const char *s, uint64_t *ip, uint64_t *fp)
{
	uint64_t i = 0, f = 0, scale = 100000000;
	bool digits = false;

	for (; *s >= '0' && *s <= '9'; s++) {
		unsigned d = (unsigned)(*s - '0');

		if (i > (UINT64_MAX - d) / 10)
			return NULL;
		i = i * 10 + d;
		digits = true;
	}
	if (*s == '.') {
		for (s++; *s >= '0' && *s <= '9'; s++) {
			f += (uint64_t)(*s - '0') * scale;
			scale /= 10;
			digits = true;
		}
	}
	if (!digits)
		return NULL;
	*ip = i;
	*fp = f;
	return s;
}

/* i.f * mul, rounded down; -ERANGE on overflow. */
static int scale_decimal(uint64_t i, uint64_t f, uint64_t mul, uint64_t *out)
{
	uint64_t frac;

	if (mul && i > UINT64_MAX / mul)
		return -ERANGE;
	/* f < 10^9 times mul up to 2^60 needs 128 bits. */
	frac = (uint64_t)(((unsigned __int128)f * mul) / 1000000000u);
	if (i * mul > UINT64_MAX - frac)
		return -ERANGE;
	*out = i * mul + frac;
	return 0;
}

int parse_dec(const char *s, const char **end, uint64_t *out)
{
	uint64_t v = 0;

	if (!s || *s < '0' || *s > '9')
		return -EINVAL;
	for (; *s >= '0' && *s <= '9'; s++) {
		unsigned d = (unsigned)(*s - '0');

		if (v > (UINT64_MAX - d) / 10)
			return -ERANGE;
		v = v * 10 + d;
	}
	*end = s;
	*out = v;
	return 0;
}

int parse_u64(const char *s, uint64_t *out)
{
	const char *end;
	uint64_t v;
	int err = parse_dec(s, &end, &v);

	if (err)
		return err;
	if (*end)
		return -EINVAL;
	*out = v;
	return 0;
}

int parse_scaled(const char *s, uint64_t scale, const char **end,
		 uint64_t *out)
{
	uint64_t i, f;
	const char *p;

	if (!s)
		return -EINVAL;
	p = parse_decimal(s, &i, &f);
	if (!p)
		return *s >= '0' && *s <= '9' ? -ERANGE : -EINVAL;
	*end = p;
	return scale_decimal(i, f, scale, out);
}

char *format_fixed(uint64_t v, unsigned digits, unsigned shown, char *buf,
		   size_t size)
{
	uint64_t div = 1, unit = 1;
	unsigned k;

	for (k = shown; k < digits; k++)
		div *= 10;
	for (k = 0; k < shown; k++)
		unit *= 10;
	/* Round half up to 'shown' decimals, then split. */
	v = v / div + (v % div >= (div + 1) / 2 && div > 1);
	if (shown)
		snprintf(buf, size, "%" PRIu64 ".%0*" PRIu64, v / unit,
			 (int)shown, v % unit);
	else
		snprintf(buf, size, "%" PRIu64, v);
	return buf;
}

int parse_size(const char *s, uint64_t *out)
{
	static const char units[] = "kmgtpe";
	uint64_t i, f, mul = 1;
	const char *p, *u;

	if (!s)
		return -EINVAL;
	if (!strcmp(s, "max")) {
		*out = HIND_MAX;
		return 0;
	}
	p = parse_decimal(s, &i, &f);
	if (!p)
		return *s >= '0' && *s <= '9' ? -ERANGE : -EINVAL;
	/* A unit letter, then "iB"; or a bare "B" ("512B", as printed). */
	if (*p && (u = strchr(units, *p | 0x20)) && *u) {
		mul = UINT64_C(1) << (10 * (u - units + 1));
		p++;
		if (!strcmp(p, "iB") || !strcmp(p, "ib"))
			p += 2;
	}
	if (!strcmp(p, "b") || !strcmp(p, "B"))
		p++;
	if (*p)
		return -EINVAL;
	/* A fraction of a byte is meaningless: "1.5" without a unit. */
	if (mul == 1 && f)
		return -EINVAL;
	return scale_decimal(i, f, mul, out);
}

int parse_cpus(const char *s, uint64_t period_us, uint64_t *quota_us)
{
	uint64_t i, f, q;
	const char *p;
	int err;

	if (!s || !period_us)
		return -EINVAL;
	p = parse_decimal(s, &i, &f);
	if (!p)
		return *s >= '0' && *s <= '9' ? -ERANGE : -EINVAL;
	if (*p == '%') {
		/* 50% = 0.5: divide by 100 before scaling. */
		f = (i % 100) * 10000000 + f / 100;
		i /= 100;
		p++;
	}
	if (*p)
		return -EINVAL;
	err = scale_decimal(i, f, period_us, &q);
	if (err)
		return err;
	if (!q)
		return -ERANGE;
	*quota_us = q;
	return 0;
}

int parse_duration(const char *s, uint64_t *usec)
{
	static const struct {
		const char *suffix;
		uint64_t us;
	} units[] = {
		{ "", 1000000 },   { "s", 1000000 }, { "ms", 1000 },
		{ "us", 1 },	   { "m", 60000000 }, { "h", 3600000000u },
	};
	uint64_t i, f;
	const char *p;
	size_t k;

	if (!s)
		return -EINVAL;
	p = parse_decimal(s, &i, &f);
	if (!p)
		return *s >= '0' && *s <= '9' ? -ERANGE : -EINVAL;
	for (k = 0; k < ARRAY_SIZE(units); k++)
		if (!strcmp(p, units[k].suffix))
			return scale_decimal(i, f, units[k].us, usec);
	return -EINVAL;
}

int parse_cpulist(const char *s, cpu_set_t *set)
{
	int n = 0;

	if (!s || !*s)
		return -EINVAL;
	CPU_ZERO(set);
	for (;;) {
		uint64_t a, b;
		const char *end;
		int err = parse_dec(s, &end, &a);

		if (err == -EINVAL)
			return err;
		if (err || a >= CPU_SETSIZE)
			return -ERANGE;
		b = a;
		s = end;
		if (*s == '-') {
			err = parse_dec(s + 1, &end, &b);
			if (err == -EINVAL)
				return err;
			if (err || b >= CPU_SETSIZE)
				return -ERANGE;
			if (b < a)
				return -EINVAL;
			s = end;
		}
		for (; a <= b; a++)
			CPU_SET((size_t)a, set);
		n++;
		if (!*s)
			return n;
		if (*s != ',')
			return -EINVAL;
		s++;
	}
}

char *format_size(uint64_t bytes, char *buf, size_t size)
{
	static const char *const unit[] = { "KiB", "MiB", "GiB", "TiB",
					     "PiB", "EiB" };
	uint64_t whole, tenth;
	int u = -1;

	if (bytes == HIND_MAX) {
		snprintf(buf, size, "max");
		return buf;
	}
	if (bytes < 1024) {
		snprintf(buf, size, "%" PRIu64 " B", bytes);
		return buf;
	}
	whole = bytes;
	while (whole >= 1024 && u < 5) {
		whole >>= 10;
		u++;
	}
	/* One decimal, rounded to nearest, computed in 128 bits. */
	tenth = (uint64_t)(((unsigned __int128)bytes * 10 +
			    (UINT64_C(1) << (10 * (u + 1))) / 2) >>
			   (10 * (u + 1)));
	if (tenth >= 10240 && u < 5) {
		u++;
		tenth = (uint64_t)(((unsigned __int128)bytes * 10 +
				    (UINT64_C(1) << (10 * (u + 1))) / 2) >>
				   (10 * (u + 1)));
	}
	snprintf(buf, size, "%" PRIu64 ".%" PRIu64 " %s", tenth / 10,
		 tenth % 10, unit[u]);
	return buf;
}
