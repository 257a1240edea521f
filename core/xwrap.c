// SPDX-License-Identifier: MIT
/* xwrap.c - wrappers that die with the applet's error status on failure. */
#include "hind.h"

void *xmalloc(size_t size)
{
	void *p = malloc(size ? size : 1);

	if (!p)
		die("out of memory (%zu bytes)", size);
	return p;
}

void *xzalloc(size_t size)
{
	void *p = xmalloc(size);

	memset(p, 0, size);
	return p;
}

void *xrealloc(void *p, size_t size)
{
	p = realloc(p, size ? size : 1);
	if (!p)
		die("out of memory (%zu bytes)", size);
	return p;
}

char *xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;

	return memcpy(xmalloc(n), s, n);
}

char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *p;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		die("bad format");
	p = xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

int write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int write_str(int fd, const char *s)
{
	return write_all(fd, s, strlen(s));
}

void xwrite_all(int fd, const void *buf, size_t len)
{
	int err = write_all(fd, buf, len);

	if (err < 0) {
		errno = -err;
		die_errno("write");
	}
}

void xprintf(const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	xvsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	xwrite_all(1, buf, strlen(buf));
}

/* ---- strbuf: a growing string, for JSON output (hind-oci) -------------- */

static void sb_room(struct strbuf *b, size_t n)
{
	if (b->len + n + 1 <= b->cap)
		return;
	b->cap = (b->len + n + 1) * 2;
	b->buf = xrealloc(b->buf, b->cap);
}

void sb_addn(struct strbuf *b, const char *s, size_t n)
{
	sb_room(b, n);
	memcpy(b->buf + b->len, s, n);
	b->len += n;
	b->buf[b->len] = '\0';
}

void sb_add(struct strbuf *b, const char *s)
{
	sb_addn(b, s, strlen(s));
}

void sb_addf(struct strbuf *b, const char *fmt, ...)
{
	char line[512];
	va_list ap;

	va_start(ap, fmt);
	xvsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	sb_add(b, line);
}

void sb_json(struct strbuf *b, const char *s)
{
	size_t n = strlen(s), used = 0, len;

	/* An escape is at most 6 bytes for 1 of the input. */
	sb_room(b, 6 * n + 2);
	b->buf[b->len++] = '"';
	len = esc_str(b->buf + b->len, b->cap - b->len - 1, s, n, &used,
		      ESC_JSON);
	b->len += len;
	b->buf[b->len++] = '"';
	b->buf[b->len] = '\0';
}
