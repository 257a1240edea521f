// SPDX-License-Identifier: MIT
/*
 * fuzz_caps.c - capability names (core/caps.c): cap_parse() of the input
 * (up to its first NUL), and caps_format() of a set made of its first 8
 * bytes into a buffer of a size from its 9th.
 *
 * Besides the sanitizers, what holds for any input:
 * - cap_parse gives a number exactly when the name, less an optional
 *   "CAP_", equals one of cap_name()'s in any case: each name is
 *   compared here with every capability's;
 * - caps_format writes a NUL-terminated text into any size of buffer,
 *   returns its length or -ENOSPC (never with CAPS_FORMAT_SIZE), and the
 *   text ("none", "all" or names and commas) parses back to the set.
 */
#include <strings.h>
#include "hind.h"
#include "sec.h"
#include "fuzz.h"

static void check_parse(const char *name)
{
	int cap = cap_parse(name), k, want = -EINVAL;

	for (k = 0; k <= CAPS_LAST; k++) {
		const char *full = cap_name(k);

		if (!strcasecmp(name, full) || !strcasecmp(name, full + 4)) {
			want = k;
			break;
		}
	}
	FUZZ_CHECK(cap == want, "'%s' -> %d, not %d", name, cap, want);
}

/* The text of a set back to the set. */
static uint64_t set_of(const char *text)
{
	char buf[CAPS_FORMAT_SIZE], *p, *save = NULL;
	uint64_t set = 0;
	int cap;

	if (!strcmp(text, "none"))
		return 0;
	if (!strcmp(text, "all"))
		return CAPS_ALL;
	snprintf(buf, sizeof(buf), "%s", text);
	for (p = strtok_r(buf, ",", &save); p; p = strtok_r(NULL, ",", &save)) {
		cap = cap_parse(p);
		FUZZ_CHECK(cap >= 0, "'%s' in '%s'", p, text);
		set |= CAPS_BIT(cap);
	}
	return set;
}

static void check_format(uint64_t set, size_t size)
{
	char full[CAPS_FORMAT_SIZE], *buf = malloc(size ? size : 1);
	int n = caps_format(set, full, sizeof(full)), m;

	FUZZ_CHECK(n >= 0 && (size_t)n == strlen(full), "%d", n);
	FUZZ_CHECK(set_of(full) == (set & CAPS_ALL), "%#" PRIx64 " -> '%s'",
		   set, full);
	/* A buffer of the size asked for (ASan sees past its end). */
	m = caps_format(set, buf, size);
	if ((size_t)n < size) {
		FUZZ_CHECK(m == n && !strcmp(buf, full), "%zu: %d", size, m);
	} else {
		FUZZ_CHECK(m == -ENOSPC, "%zu: %d", size, m);
		if (size)
			FUZZ_CHECK(strlen(buf) == size - 1 &&
				   !strncmp(buf, full, size - 1),
				   "%zu: '%s'", size, buf);
	}
	free(buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *name = fuzz_str(data, size);
	uint64_t set = 0;

	check_parse(name);
	memcpy(&set, data, size < 8 ? size : 8);
	check_format(set, size > 8 ? data[8] : CAPS_FORMAT_SIZE);
	/* Sets near the edges: every capability, and one more bit. */
	check_format(set | CAPS_ALL, 16);
	free(name);
	return 0;
}
