// SPDX-License-Identifier: MIT
/*
 * die.c - the one message family: "APPLET: message[: strerror]".
 *
 * Every message is formatted into one buffer and sent with one write(2):
 * hind-run's parent and child both write to stderr around fork, and stdio
 * buffering would interleave or duplicate their lines.
 */
#include "hind.h"

const char *applet_name = "hind";
int die_status = 1;

void xvsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	int n = vsnprintf(buf, size, fmt, ap);

	if (n < 0)
		snprintf(buf, size, "(bad message format)");
	else if ((size_t)n >= size && size > 4)
		memcpy(buf + size - 4, "...", 4);
}

void (*msg_hook)(const char *msg);

static void vmsg(int err, const char *tail, const char *fmt, va_list ap)
{
	char buf[1024];
	size_t len, start;

	len = (size_t)snprintf(buf, sizeof(buf), "%s: ", applet_name);
	if (len >= sizeof(buf))
		len = 0;
	start = len;
	xvsnprintf(buf + len, sizeof(buf) - len, fmt, ap);
	len = strlen(buf);
	if (err)
		len += (size_t)snprintf(buf + len, sizeof(buf) - len, ": %s",
					strerror(err));
	if (len > sizeof(buf) - 64)
		len = sizeof(buf) - 64;
	if (msg_hook) {
		buf[len] = '\0';
		msg_hook(buf + start);
	}
	len += (size_t)snprintf(buf + len, sizeof(buf) - len, "\n%s", tail);
	/* Best effort: nowhere to report a failing stderr. */
	if (write_all(2, buf, len) < 0)
		return;
}

void warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(0, "", fmt, ap);
	va_end(ap);
}

void warn_errno(const char *fmt, ...)
{
	int err = errno;
	va_list ap;

	va_start(ap, fmt);
	vmsg(err, "", fmt, ap);
	va_end(ap);
	errno = err;
}

void die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(0, "", fmt, ap);
	va_end(ap);
	exit(die_status);
}

void die_errno(const char *fmt, ...)
{
	int err = errno;
	va_list ap;

	va_start(ap, fmt);
	vmsg(err, "", fmt, ap);
	va_end(ap);
	exit(die_status);
}

void usage_die(const char *fmt, ...)
{
	char tail[128];
	va_list ap;

	snprintf(tail, sizeof(tail), "Try '%s --help' for more information.\n",
		 applet_name);
	va_start(ap, fmt);
	vmsg(0, tail, fmt, ap);
	va_end(ap);
	exit(die_status);
}
