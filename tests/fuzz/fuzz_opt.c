// SPDX-License-Identifier: MIT
/*
 * fuzz_opt.c - opt_next() (core/opt.c) over an argument vector made from
 * the input (words ended by NUL bytes), with a table shaped like the
 * applets': short and long, with and without an argument, short-only,
 * long-only, and a -v that gives its argument back as hind-run's does.
 *
 * Besides the sanitizers, what holds for any argv:
 * - every answer is an id of the table, OPT_DONE, OPT_ERROR (with a
 *   sentence in st.err), OPT_HELP or OPT_VERSION; st.opt names it;
 * - an option that takes an argument has one: the rest of its word, the
 *   text after '=', or (arg_word) the whole next word;
 * - st.ind stays in 1..argc and the loop ends: no answer without
 *   progress;
 * - at OPT_DONE, argv[ind] is the first operand: the end, "-", a word
 *   that does not start with '-', or the word after "--".
 */
#include "hind.h"
#include "fuzz.h"

enum { O_VERBOSE = CHAR_MAX + 1, O_NAME, O_X, O_HELPME };

static const struct opt opts[] = {
	{ "memory", 'm', true, 'm' },
	{ "all", 'a', false, 'a' },
	{ NULL, 'v', true, 'v' },
	{ NULL, 'q', false, 'q' },
	{ "verbose", 0, false, O_VERBOSE },
	{ "name", 0, true, O_NAME },
	{ "x", 0, false, O_X },
	{ "help-me", 0, false, O_HELPME },
	{ NULL, 0, false, 0 },
};

static const struct opt *find(int id)
{
	const struct opt *o;

	for (o = opts; o->id; o++)
		if (o->id == id)
			return o;
	return NULL;
}

/* p points into one of the words (or is one). */
static bool in_argv(char **argv, int argc, const char *p)
{
	int i;

	for (i = 0; i < argc; i++)
		if (p >= argv[i] && p <= argv[i] + strlen(argv[i]))
			return true;
	return false;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct opt_state st;
	const struct opt *o;
	char **argv;
	int argc = fuzz_argv("app", data, size, &argv), c, calls = 0, ind;

	opt_init(&st, argc, argv);
	for (;;) {
		ind = st.ind;
		c = opt_next(&st, opts);
		/* Each answer eats a letter or a word: at most size+argc. */
		FUZZ_CHECK(++calls <= (int)size + argc + 1, "%d calls", calls);
		FUZZ_CHECK(st.ind >= 1 && st.ind <= argc && st.ind >= ind,
			   "ind %d -> %d of %d", ind, st.ind, argc);
		if (c == OPT_DONE) {
			const char *w = st.ind < argc ? argv[st.ind] : NULL;

			FUZZ_CHECK(!st.rest, "done inside a cluster");
			FUZZ_CHECK(!w || w[0] != '-' || !w[1] ||
				   !strcmp(argv[st.ind - 1], "--"),
				   "done at '%s'", w);
			break;
		}
		FUZZ_CHECK(memchr(st.opt, '\0', sizeof(st.opt)) &&
			   st.opt[0] == '-', "opt '%.40s'", st.opt);
		if (c == OPT_ERROR) {
			FUZZ_CHECK(st.err[0] &&
				   memchr(st.err, '\0', sizeof(st.err)),
				   "error without a sentence");
			break;
		}
		if (c == OPT_HELP || c == OPT_VERSION) {
			FUZZ_CHECK(!strcmp(st.opt, c == OPT_HELP ? "--help" :
					   "--version"), "'%s'", st.opt);
			break;
		}
		o = find(c);
		FUZZ_CHECK(o, "id %d", c);
		/* st.opt is how it was written: "-m" or "--memory". */
		FUZZ_CHECK((st.opt[1] == o->shrt && !st.opt[2]) ||
			   (o->lng && st.opt[1] == '-' &&
			    !strcmp(st.opt + 2, o->lng)),
			   "'%s' for id %d", st.opt, c);
		if (!o->arg) {
			FUZZ_CHECK(!st.arg, "'%s' has an argument", st.opt);
			continue;
		}
		FUZZ_CHECK(st.arg && in_argv(argv, argc, st.arg),
			   "'%s' without its argument", st.opt);
		FUZZ_CHECK(!st.arg_word || st.arg == argv[st.ind - 1],
			   "'%s': argument word", st.opt);
		/* hind-run's -v: not a volume, so the word goes back. */
		if (c == 'v' && !strchr(st.arg, ':')) {
			ind = st.ind;
			opt_unget_arg(&st);
			FUZZ_CHECK(!st.arg && st.ind <= ind && st.ind >= 1,
				   "unget: ind %d -> %d", ind, st.ind);
		}
	}
	fuzz_free_argv(argv);
	return 0;
}
