// SPDX-License-Identifier: MIT
/*
 * fuzz_cgstat.c - the "key value" parser of cgroup stat files (cpu.stat,
 * memory.events, memory.stat): parse_keys_u64() of core/fileio.c, what
 * read_keys_u64_at() runs on a file's text, over the input (up to its
 * first NUL, as the reader's NUL-terminated buffer). The keys are those
 * hind reads plus some that are prefixes of others ("oom" of "oom_kill",
 * "max" of "max_usage"), as in the kernel's files.
 *
 * Besides the sanitizers, the mask and values must be the ones of a
 * plain reading of the text: a line counts for a key when it is the key,
 * one blank, and a number (or "max") of at most 31 characters ending at a
 * blank, a tab or the end of the line; of several such lines, the last.
 */
#include "hind.h"
#include "fuzz.h"

static const char *const keys[] = {
	"usage_usec", "user_usec", "system_usec", "nr_periods",
	"nr_throttled", "throttled_usec", "throttled_time", "oom",
	"oom_kill", "oom_group_kill", "max", "max_usage", "high", "low",
	"anon", "file", "file_mapped", "pgfault", NULL,
};
#define NKEYS (ARRAY_SIZE(keys) - 1)

/* The value of a line for key, by the rule above; false if none. */
static bool line_value(const char *line, size_t len, const char *key,
		       uint64_t *v)
{
	size_t klen = strlen(key), n;
	char word[32];

	if (len <= klen || memcmp(line, key, klen) || line[klen] != ' ')
		return false;
	line += klen + 1;
	len -= klen + 1;
	for (n = 0; n < len && line[n] != ' ' && line[n] != '\t'; n++)
		;
	if (n >= sizeof(word))
		return false;
	memcpy(word, line, n);
	word[n] = '\0';
	if (!strcmp(word, "max")) {
		*v = HIND_MAX;
		return true;
	}
	return !parse_u64(word, v);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_str(data, size);
	uint64_t vals[NKEYS], want[NKEYS];
	const char *line = text, *nl;
	int found, want_found = 0;
	size_t k, len;

	memset(vals, 0xa5, sizeof(vals));
	memcpy(want, vals, sizeof(want));
	found = parse_keys_u64(text, keys, vals);
	for (;; line = nl + 1) {
		nl = strchr(line, '\n');
		len = nl ? (size_t)(nl - line) : strlen(line);
		for (k = 0; k < NKEYS; k++)
			if (line_value(line, len, keys[k], &want[k]))
				want_found |= 1 << k;
		if (!nl)
			break;
	}
	FUZZ_CHECK(found == want_found, "mask %#x, not %#x", found,
		   want_found);
	for (k = 0; k < NKEYS; k++)
		FUZZ_CHECK(vals[k] == want[k], "%s: %" PRIu64 ", not %" PRIu64,
			   keys[k], vals[k], want[k]);
	free(text);
	return 0;
}
