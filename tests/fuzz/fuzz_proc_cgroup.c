// SPDX-License-Identifier: MIT
/*
 * fuzz_proc_cgroup.c - the /proc/PID/cgroup parser of core/cgroup.c:
 * cg_proc_line() over the input (up to its first NUL, as the readers'
 * NUL-terminated buffers), and cg_opts_have() on the controller lists it
 * gives, as cgroup_v1.c uses them.
 *
 * Besides the sanitizers, what must hold for any text:
 * - cg_proc_line gives exactly the lines with two colons, in order, as
 *   ID (up to the first colon), CONTROLLERS (up to the second) and PATH
 *   (the rest, colons and all), and then 0 for good;
 * - cg_opts_have(opts, names) is true exactly when every comma-separated
 *   word of names (a last empty one aside) is a word of opts: checked on
 *   every controller name and on the lists themselves.
 */
#include "hind.h"
#include "fuzz.h"

#define MAXW 16384

/* The words of a comma list, a last empty one dropped ("a," is "a"). */
static size_t words(const char *s, const char **w, size_t *len, size_t max)
{
	size_t n = 0;

	while (*s) {
		if (n == max)
			abort();
		size_t l = strcspn(s, ",");

		w[n] = s;
		len[n++] = l;
		s += l + (s[l] == ',');
	}
	return n;
}

static bool have(const char *opts, const char *names)
{
	/* run.sh gives this harness at most 8192 bytes: as many words. */
	static const char *ow[MAXW], *nw[MAXW];
	static size_t ol[MAXW], nl[MAXW];
	size_t no = words(opts, ow, ol, MAXW), nn = words(names, nw, nl, MAXW);
	size_t i, j;

	for (i = 0; i < nn; i++) {
		for (j = 0; j < no; j++)
			if (ol[j] == nl[i] && !memcmp(ow[j], nw[i], nl[i]))
				break;
		if (j == no)
			return false;
	}
	return true;
}

static void check_have(const char *opts, const char *names)
{
	bool got = cg_opts_have(opts, names);

	FUZZ_CHECK(got == have(opts, names), "'%s' has '%s': %d", opts,
		   names, got);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_str(data, size), *copy = fuzz_str(data, size);
	char *pos = text, *id, *ctrls, *path, *prev = NULL;
	const char *line = copy, *nl, *a, *b;
	size_t len;
	int c;

	for (;; line = nl + 1) {
		nl = strchr(line, '\n');
		len = nl ? (size_t)(nl - line) : strlen(line);
		a = memchr(line, ':', len);
		b = a ? memchr(a + 1, ':', len - (size_t)(a + 1 - line)) : NULL;
		if (b) {
			FUZZ_CHECK(cg_proc_line(&pos, &id, &ctrls, &path) == 1,
				   "line %zu missed", (size_t)(line - copy));
			FUZZ_CHECK(id == text + (line - copy) &&
				   strlen(id) == (size_t)(a - line) &&
				   ctrls == text + (a + 1 - copy) &&
				   strlen(ctrls) == (size_t)(b - a - 1) &&
				   path == text + (b + 1 - copy) &&
				   strlen(path) == len - (size_t)(b + 1 - line),
				   "line %zu: '%s' '%s' '%s'",
				   (size_t)(line - copy), id, ctrls, path);
			for (c = 0; c < CG_NCTRL; c++)
				check_have(ctrls, cg_ctrl_name[c]);
			check_have(ctrls, ctrls);
			if (prev) {
				check_have(ctrls, prev);
				check_have(prev, ctrls);
			}
			prev = ctrls;
		}
		if (!nl)
			break;
	}
	FUZZ_CHECK(!cg_proc_line(&pos, &id, &ctrls, &path), "a line too many");
	FUZZ_CHECK(!cg_proc_line(&pos, &id, &ctrls, &path), "a line too many");
	free(text);
	free(copy);
	return 0;
}
