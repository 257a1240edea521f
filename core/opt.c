// SPDX-License-Identifier: MIT
/*
 * opt.c - the option front end of every applet.
 *
 *   struct opt_state st;
 *   opt_init(&st, argc, argv);
 *   while ((c = opt_get(&st, table)) != OPT_DONE)
 *           switch (c) { ... st.arg ... }
 *   operands: argv + st.ind
 *
 * The grammar is getopt_long's with '+' (POSIX order): options stop at
 * the first operand, so a command's own flags pass through untouched;
 * "--" ends them too. Short options cluster ("-it"), take their argument
 * attached or as the next word ("-m16M", "-m 16M"); long options take it
 * as "--memory=16M" or "--memory 16M". Long names must be given whole:
 * no abbreviations, so adding an option never breaks a script.
 *
 * --help and --version are every applet's, wherever they stand among the
 * options. opt_next() only parses and returns what it found, with the
 * error as a sentence in st->err: no output, no exit, so it can be
 * fuzzed. opt_get() is what applets call: it answers --help and
 * --version and turns an error into usage_die(). Unlike musl's getopt it
 * prints nothing itself and pulls no stdio into the binary.
 */
#include "hind.h"

const char *applet_usage = "";

void opt_init(struct opt_state *st, int argc, char **argv)
{
	memset(st, 0, sizeof(*st));
	st->argc = argc;
	st->argv = argv;
	st->ind = 1;
}

static PRINTF(2, 3) int opt_error(struct opt_state *st, const char *fmt,
				   ...)
{
	va_list ap;

	va_start(ap, fmt);
	xvsnprintf(st->err, sizeof(st->err), fmt, ap);
	va_end(ap);
	return OPT_ERROR;
}

/* The option's argument: the rest of its word, or the next word. */
static int take_arg(struct opt_state *st, const char *attached, int id)
{
	st->arg_word = false;
	if (attached && *attached) {
		st->arg = attached;
		return id;
	}
	if (st->ind >= st->argc)
		return opt_error(st, "option '%s' needs an argument", st->opt);
	st->arg = st->argv[st->ind++];
	st->arg_word = true;
	return id;
}

static int short_opt(struct opt_state *st, const struct opt *opts)
{
	const struct opt *o;
	const char *name;
	char c = *st->rest++;

	st->opt[0] = '-';
	st->opt[1] = c;
	st->opt[2] = '\0';
	for (o = opts; o->id; o++)
		if (o->shrt && o->shrt == c)
			break;
	if (!o->id)
		return opt_error(st, "unknown option '%s'", st->opt);
	if (!o->arg) {
		if (!*st->rest)
			st->rest = NULL;
		return o->id;
	}
	/* "-m16M": the rest of the word is the argument. */
	name = st->rest;
	st->rest = NULL;
	return take_arg(st, name, o->id);
}

static int long_opt(struct opt_state *st, const struct opt *opts,
		    const char *word)
{
	const char *name = word + 2, *eq = strchr(name, '=');
	size_t len = eq ? (size_t)(eq - name) : strlen(name);
	const struct opt *o;

	snprintf(st->opt, sizeof(st->opt), "--%.*s", (int)len, name);
	for (o = opts; o->id; o++)
		if (o->lng && strlen(o->lng) == len && !memcmp(o->lng, name, len))
			break;
	if (!o->id) {
		if (len == 4 && !memcmp(name, "help", 4) && !eq)
			return OPT_HELP;
		if (len == 7 && !memcmp(name, "version", 7) && !eq)
			return OPT_VERSION;
		return opt_error(st, "unknown option '%s'", st->opt);
	}
	if (!o->arg) {
		if (eq)
			return opt_error(st, "option '%s' takes no argument",
					 st->opt);
		return o->id;
	}
	if (eq) {
		st->arg = eq + 1;	/* "--name=" gives an empty argument */
		return o->id;
	}
	return take_arg(st, NULL, o->id);
}

int opt_next(struct opt_state *st, const struct opt *opts)
{
	const char *w;

	st->arg = NULL;
	st->arg_word = false;
	if (st->rest)
		return short_opt(st, opts);
	if (st->ind >= st->argc)
		return OPT_DONE;
	w = st->argv[st->ind];
	if (!w || w[0] != '-' || !w[1])
		return OPT_DONE;	/* the first operand, or "-" */
	st->ind++;
	if (w[1] == '-') {
		if (!w[2])
			return OPT_DONE;	/* "--" */
		return long_opt(st, opts, w);
	}
	st->rest = w + 1;
	return short_opt(st, opts);
}

void opt_unget_arg(struct opt_state *st)
{
	if (st->arg_word)
		st->ind--;
	st->arg = NULL;
	st->arg_word = false;
}

int opt_get(struct opt_state *st, const struct opt *opts)
{
	char line[128];
	int c = opt_next(st, opts);

	switch (c) {
	case OPT_HELP:
		exit(write_str(1, applet_usage) < 0);
	case OPT_VERSION:
		snprintf(line, sizeof(line), "%s (hind) %s\n", applet_name,
			 HIND_VERSION);
		exit(write_str(1, line) < 0);
	case OPT_ERROR:
		usage_die("%s", st->err);
	default:
		return c;
	}
}
