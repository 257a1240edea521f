// SPDX-License-Identifier: MIT
/*
 * log.c - hind-run's log lines on stderr, in the seed's shape:
 *
 *   INFO [host] container process started pid=1234
 *   INFO [cgroup] memory.max=16777216 (read back 16777216)
 *
 * or, with --log-json, one object per line:
 *
 *   {"level":"info","tag":"host","msg":"container process started pid=1234"}
 *
 * Each line is formatted on the stack and sent with one write(2): parent
 * and child log around fork, and no stdio buffer may be shared or doubled.
 */
#include "hind.h"
#include "run.h"

int log_level = LOG_INFO;
bool log_json;

static const char *const level_name[] = { "ERROR", "INFO", "DEBUG" };
static const char *const level_json[] = { "error", "info", "debug" };

/* Append s to buf as a JSON string body (quotes and controls escaped). */
static size_t json_escape(char *buf, size_t len, size_t size, const char *s)
{
	static const char hex[] = "0123456789abcdef";

	for (; *s && len + 7 < size; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\') {
			buf[len++] = '\\';
			buf[len++] = (char)c;
		} else if (c < 0x20) {
			memcpy(buf + len, "\\u00", 4);
			buf[len + 4] = hex[c >> 4];
			buf[len + 5] = hex[c & 15];
			len += 6;
		} else {
			buf[len++] = (char)c;
		}
	}
	return len;
}

void log_msg(int level, const char *tag, const char *fmt, ...)
{
	char msg[512], line[1200];
	size_t len;
	va_list ap;

	va_start(ap, fmt);
	xvsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (log_json) {
		len = (size_t)snprintf(line, sizeof(line),
				       "{\"level\":\"%s\",\"tag\":\"%s\","
				       "\"msg\":\"", level_json[level], tag);
		len = json_escape(line, len, sizeof(line), msg);
		memcpy(line + len, "\"}\n", 4);
		len += 3;
	} else {
		len = (size_t)snprintf(line, sizeof(line), "%s [%s] %s\n",
				       level_name[level], tag, msg);
		if (len >= sizeof(line))
			len = sizeof(line) - 1;
	}
	/* Best effort: a closed stderr loses the log, not the container. */
	(void)write_all(2, line, len);
}

void log_error(const char *tag, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	xvsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (log_json)
		log_msg(LOG_ERROR, tag, "%s", msg);
	else
		warn("%s", msg);
}

void log_cg_write(const char *file, const char *wrote, const char *back)
{
	log_info("cgroup", "%s=%s (read back %s)", file, wrote, back);
}
