// SPDX-License-Identifier: MIT
/*
 * fuzz.c - the pieces every harness links: the exit hook, the input
 * helpers and fuzz_fail(). Compiled without hind.h: plain glibc.
 */
#include <sanitizer/common_interface_defs.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fuzz.h"

jmp_buf *fuzz_jmp;
int fuzz_status;

void fuzz_exit(int status)
{
	if (fuzz_jmp) {
		fuzz_status = status;
		longjmp(*fuzz_jmp, 1);
	}
	exit(status);
}

char *fuzz_str(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (!s)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

int fuzz_argv(const char *name, const uint8_t *data, size_t size,
	      char ***argvp)
{
	size_t i, words = 1;
	char **argv, *p;
	int argc = 0;

	for (i = 0; i < size; i++)
		words += !data[i];
	argv = malloc(sizeof(*argv) * (words + 2));
	if (!argv)
		abort();
	argv[argc++] = strdup(name);
	/* Each word its own allocation, so ASan sees a read past its NUL. */
	for (i = 0; i < size;) {
		size_t len = strnlen((const char *)data + i, size - i);

		p = malloc(len + 1);
		if (!p)
			abort();
		memcpy(p, data + i, len);
		p[len] = '\0';
		argv[argc++] = p;
		i += len + 1;
	}
	argv[argc] = NULL;
	*argvp = argv;
	return argc;
}

void fuzz_free_argv(char **argv)
{
	char **p;

	for (p = argv; *p; p++)
		free(*p);
	free(argv);
}

void fuzz_fail(const char *file, int line, const char *cond, const char *fmt,
	       ...)
{
	char msg[1024];
	int n;
	va_list ap;

	n = snprintf(msg, sizeof(msg), "fuzz: %s:%d: %s: ", file, line, cond);
	va_start(ap, fmt);
	if (n > 0 && (size_t)n < sizeof(msg))
		vsnprintf(msg + n, sizeof(msg) - (size_t)n, fmt, ap);
	va_end(ap);
	/* To the sanitizer's report fd: libFuzzer's -close_fd_mask keeps it. */
	__sanitizer_report_error_summary(msg);
	abort();
}
