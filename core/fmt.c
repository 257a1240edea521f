// SPDX-License-Identifier: MIT
/*
 * fmt.c - hind_snprintf/hind_vsnprintf: the small formatter every caller
 * of snprintf and vsnprintf uses (core/hind.h maps the names).
 *
 * musl's printf_core always links its floating-point formatter (fmt_fp)
 * and wide-character support, some 10 KB of a static binary; hind never
 * prints a float. This one knows exactly what the tree uses:
 *
 *   conversions   %s %c %d %i %u %x %%
 *   lengths       l ll j z t (l, ll: PRIu64 and PRId64)
 *   flags         '-' (left-justify), '0' (zero padding of numbers)
 *   width         a number or '*' (negative: left-justify)
 *   precision     a number or '*': at most that many characters of a
 *                 string, at least that many digits of a number
 *
 * Anything else (%p, %f, %X, %hd, '+', '#', ' ', positional arguments) is a
 * bug of the caller: the result is -1 with errno EINVAL, as the C library
 * does for a malformed format. -Wformat still checks every call (PRINTF
 * attribute).
 * The return value and the truncation follow C99 snprintf: the length the
 * whole result would have, and buf always NUL-terminated when size > 0.
 */
#include "hind.h"

_Static_assert(sizeof(long) == 8 && sizeof(long long) == 8, "LP64 only");

struct fmt_out {
	char *buf;
	size_t size;
	size_t len; /* what the whole result needs, without the NUL */
};

static void out_put(struct fmt_out *o, const char *s, size_t n)
{
	size_t room = o->len < o->size ? o->size - o->len - 1 : 0;

	if (room)
		memcpy(o->buf + o->len, s, n < room ? n : room);
	o->len += n;
}

static void out_pad(struct fmt_out *o, char c, size_t n)
{
	while (n--)
		out_put(o, &c, 1);
}

/* flags */
#define F_LEFT 1u
#define F_ZERO 2u

/* A number from the format, or '*' from the arguments. */
static int fmt_num(const char **f, va_list *ap)
{
	int v = 0;

	if (**f == '*') {
		(*f)++;
		return va_arg(*ap, int);
	}
	while (**f >= '0' && **f <= '9')
		v = v * 10 + *(*f)++ - '0';
	return v;
}

int hind_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap_in)
{
	struct fmt_out o = { buf, size, 0 };
	const char *f = fmt;
	va_list ap;

	va_copy(ap, ap_in);
	while (*f) {
		const char *s, *pct = strchr(f, '%');
		char tmp[24], *p, sign = 0;
		unsigned flags = 0, base = 10;
		bool lng = false;
		int64_t sv;
		int width, prec = -1;
		size_t n, zeros = 0;
		uint64_t v;

		if (!pct)
			pct = f + strlen(f);
		out_put(&o, f, (size_t)(pct - f));
		if (!*pct)
			break;
		f = pct + 1;
		for (;; f++) {
			if (*f == '-')
				flags |= F_LEFT;
			else if (*f == '0')
				flags |= F_ZERO;
			else
				break;
		}
		width = fmt_num(&f, &ap);
		if (width < 0) {
			flags |= F_LEFT;
			width = -width;
		}
		if (*f == '.') {
			f++;
			prec = fmt_num(&f, &ap);
		}
		/* l ll j z t: a 64-bit long on every (LP64) target of hind. */
		while (*f == 'l' || *f == 'j' || *f == 'z' || *f == 't') {
			lng = true;
			f++;
		}

		switch (*f++) {
		case '%':
			out_put(&o, "%", 1);
			continue;
		case 'c':
			tmp[0] = (char)va_arg(ap, int);
			s = tmp;
			n = 1;
			prec = -1;
			break;
		case 's':
			s = va_arg(ap, const char *);
			if (!s)
				s = "(null)";
			n = prec < 0 ? strlen(s) : strnlen(s, (size_t)prec);
			prec = -1;
			break;
		case 'd':
		case 'i':
			sv = lng ? va_arg(ap, long) : va_arg(ap, int);
			v = sv < 0 ? -(uint64_t)sv : (uint64_t)sv;
			sign = sv < 0 ? '-' : 0;
			goto number;
		case 'x':
			base = 16;
			/* fall through */
		case 'u':
			v = lng ? va_arg(ap, unsigned long)
				: va_arg(ap, unsigned int);
		number:
			p = tmp + sizeof(tmp);
			/* Precision 0 prints no digit for the value 0. */
			if (v || prec)
				do
					*--p = "0123456789abcdef"[v % base];
				while (v /= base);
			s = p;
			n = (size_t)(tmp + sizeof(tmp) - p);
			if (prec > 0 && (size_t)prec > n)
				zeros = (size_t)prec - n;
			else if ((flags & (F_ZERO | F_LEFT)) == F_ZERO &&
				 prec < 0 && (size_t)width > n + !!sign)
				zeros = (size_t)width - n - !!sign;
			break;
		default:
			va_end(ap);
			if (size)
				buf[0] = '\0';
			errno = EINVAL;
			return -1;
		}

		/* [spaces] [sign] [zeros] text [spaces] */
		width -= (int)(n + zeros + !!sign);
		if (!(flags & F_LEFT) && width > 0)
			out_pad(&o, ' ', (size_t)width);
		if (sign)
			out_put(&o, &sign, 1);
		out_pad(&o, '0', zeros);
		out_put(&o, s, n);
		if ((flags & F_LEFT) && width > 0)
			out_pad(&o, ' ', (size_t)width);
	}
	va_end(ap);
	if (size)
		buf[o.len < size ? o.len : size - 1] = '\0';
	return o.len > INT_MAX ? -1 : (int)o.len;
}

int hind_snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = hind_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
