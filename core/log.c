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
#include <time.h>
#include "hind.h"
#include "run.h"

int log_level = LOG_INFO;
bool log_json;
int log_fd = 2;
bool log_time;

/* "2026-12-02T01:02:03Z" (RFC 3339, UTC) into buf (at least 24 bytes). */
static void rfc3339(char *buf, size_t size)
{
	struct timespec ts;
	struct tm tm;

	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	snprintf(buf, size, "%04d-%02d-%02dT%02d:%02d:%02d.%09ldZ",
		 tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
		 tm.tm_min, tm.tm_sec, ts.tv_nsec);
}

void log_now(char *buf, size_t size)
{
	rfc3339(buf, size);
}

static const char *const level_name[] = { "ERROR", "INFO", "DEBUG" };
static const char *const level_json[] = { "error", "info", "debug" };

void log_msg(int level, const char *tag, const char *fmt, ...)
{
	/* An escape is at most 6 bytes for 1 of the message. */
	char msg[512], line[6 * sizeof(msg) + 128], now[40] = "";
	size_t len, used;
	va_list ap;

	va_start(ap, fmt);
	xvsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (log_time)
		rfc3339(now, sizeof(now));
	if (log_json) {
		len = (size_t)snprintf(line, sizeof(line),
				       "{\"level\":\"%s\",%s%s%s\"tag\":\"%s\","
				       "\"msg\":\"", level_json[level],
				       *now ? "\"time\":\"" : "", now,
				       *now ? "\"," : "", tag);
		len += esc_str(line + len, sizeof(line) - len - 4, msg,
			       strlen(msg), &used, ESC_JSON);
		memcpy(line + len, "\"}\n", 4);
		len += 3;
	} else if (*now) {
		/* logrus's text form, as runc writes it */
		len = (size_t)snprintf(line, sizeof(line), "time=\"%s\" level=%s "
				       "msg=\"", now, level_json[level]);
		len += esc_str(line + len, sizeof(line) - len - 4, msg,
			       strlen(msg), &used, ESC_JSON);
		memcpy(line + len, "\"\n", 3);
		len += 2;
	} else {
		len = (size_t)snprintf(line, sizeof(line), "%s [%s] %s\n",
				       level_name[level], tag, msg);
		if (len >= sizeof(line))
			len = sizeof(line) - 1;
	}
	/* Best effort: a closed stderr loses the log, not the container. */
	(void)write_all(log_fd, line, len);
}

void log_error(const char *tag, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	xvsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (log_json || log_time)
		log_msg(LOG_ERROR, tag, "%s", msg);
	else
		warn("%s", msg);
}

void log_cg_write(const char *file, const char *wrote, const char *back)
{
	log_info("cgroup", "%s=%s (read back %s)", file, wrote, back);
}
