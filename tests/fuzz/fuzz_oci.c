// SPDX-License-Identifier: MIT
/*
 * fuzz_oci.c - the config.json front end: json_parse() (core/json.c) and
 * oci_config_parse() and oci_process_parse() (core/oci_config.c) of the
 * input, with the bundle "/" (the seeds' root.path is ".", so a parse gets
 * past the root to the mounts and linux.*).
 *
 * Besides the sanitizers (and LeakSanitizer: oci_free() must free all
 * a parse handed out, a failed parse its own), what holds for any input:
 * - json_parse: every token's subtree ends after it and inside its
 *   parent's; a container's size is its number of children (members);
 *   every string unescapes into json_str_max() bytes or is -EINVAL;
 * - a parse gives 0 or -1, the same twice; on -1 oci_error is one line
 *   starting "config.json: " ("process.json: ");
 * - on 0 the run description is whole: a command, an environment list,
 *   an absolute cwd, a new mount namespace, absolute mount destinations
 *   with a type, seccomp conditions on arguments 0..5, annotations of
 *   the length given.
 */
#include "hind.h"
#include "json.h"
#include "oci.h"
#include "fuzz.h"

static void check_json(const uint8_t *data, size_t size)
{
	struct json j;
	int i, k, n;

	if (json_parse(&j, (const char *)data, size) < 0) {
		FUZZ_CHECK(j.err && j.line >= 1 && j.col >= 1 && !j.t, "%s",
			   "error without a place");
		return;
	}
	for (i = 0; i < j.n; i++) {
		const struct json_tok *t = &j.t[i];

		FUZZ_CHECK(t->next > i && t->next <= j.n, "tok %d next %d", i,
			   t->next);
		FUZZ_CHECK(i ? t->parent >= 0 && t->parent < i &&
				       t->next <= j.t[t->parent].next :
			       t->parent == -1,
			   "tok %d parent %d", i, t->parent);
		if (t->type == JSON_ARRAY || t->type == JSON_OBJECT) {
			n = 0;
			for (k = json_first(&j, i); k >= 0;
			     k = json_next(&j, t->type == JSON_OBJECT ? k + 1 : k))
				n++;
			FUZZ_CHECK(n == t->size, "tok %d: %d children, size %d",
				   i, n, t->size);
		}
		if (t->type == JSON_STRING) {
			size_t max = json_str_max(&j, i);
			char *s = malloc(max);
			int len = json_str(&j, i, s);

			FUZZ_CHECK(len == -EINVAL ||
					   (len >= 0 && (size_t)len < max &&
					    strlen(s) == (size_t)len),
				   "tok %d: %d of %zu", i, len, max);
			free(s);
		}
	}
	json_free(&j);
}

static void check_desc(const struct run_desc *rd, const struct oci_extra *x)
{
	int i, k;

	FUZZ_CHECK(rd->argv && rd->argv[0] && rd->env && rd->workdir &&
			   rd->workdir[0] == '/',
		   "%s", "process incomplete");
	FUZZ_CHECK((rd->clone_flags & CLONE_NEWNS) && rd->mnt.oci &&
			   rd->keep_stdin && rd->user_set &&
			   x->rootfs && x->rootfs[0] == '/' && x->oci_version,
		   "%s", "run description incomplete");
	for (i = 0; i < rd->mnt.nents; i++)
		FUZZ_CHECK(rd->mnt.ents[i].dst[0] == '/' && rd->mnt.ents[i].type &&
				   rd->mnt.ents[i].src,
			   "mount %d", i);
	if (rd->seccomp)
		for (i = 0; i < rd->seccomp->nrules; i++)
			for (k = 0; k < rd->seccomp->rules[i].ncond; k++)
				FUZZ_CHECK(rd->seccomp->rules[i].cond[k].index <= 5,
					   "rule %d", i);
	FUZZ_CHECK(!x->annotations ||
			   strlen(x->annotations) == x->annotations_len,
		   "%s", "annotations length");
	FUZZ_CHECK(rd->njoins <= RD_MAX_JOINS, "%d joins", rd->njoins);
}

static void check_error(const char *prefix)
{
	FUZZ_CHECK(!strncmp(oci_error, prefix, strlen(prefix)) &&
			   !strchr(oci_error, '\n'),
		   "'%s'", oci_error);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	struct run_desc rd;
	struct oci_extra x;
	int r, again;

	check_json(data, size);

	r = oci_config_parse(s, size, "/", &rd, &x);
	if (!r)
		check_desc(&rd, &x);
	else
		check_error("config.json: ");
	oci_free();
	again = oci_config_parse(s, size, "/", &rd, &x);
	FUZZ_CHECK(r == again, "%d then %d", r, again);
	oci_free();

	memset(&rd, 0, sizeof(rd));
	r = oci_process_parse(s, size, &rd);
	if (!r)
		FUZZ_CHECK(rd.argv && rd.argv[0] && rd.env && rd.workdir,
			   "%s", "process incomplete");
	else
		check_error("process.json: ");
	oci_free();
	return 0;
}
