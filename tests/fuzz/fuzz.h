/* SPDX-License-Identifier: MIT */
/*
 * fuzz.h - what the libFuzzer harnesses share (fuzz.c): the exit hook
 * that brings a die() back to the harness, the input as a C string or an
 * argument vector, and a check that fails loudly.
 *
 * The fuzz build compiles core/die.c and core/opt.c with -Dexit=fuzz_exit
 * (tests/fuzz/fuzz.mk), so usage_die(), die() and opt_get()'s --help
 * call fuzz_exit() instead of exit(): inside FUZZ_TRY it longjmps back to
 * the harness, which records the status as the parser's verdict. hind's
 * own build is untouched: no hook, no branch, no byte more.
 */
#ifndef HIND_FUZZ_H
#define HIND_FUZZ_H

#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>

/* Set while a parser that may die runs; NULL: fuzz_exit() is exit(). */
extern jmp_buf *fuzz_jmp;
/* The status the parser died with. */
extern int fuzz_status;
__attribute__((noreturn)) void fuzz_exit(int status);

/*
 * FUZZ_TRY(stmt): run stmt; 0 if it returned, else 1 (it died, with
 * fuzz_status). Locals changed in stmt must be volatile or static.
 */
#define FUZZ_TRY(stmt)                                                    \
	({                                                                \
		jmp_buf jb_;                                              \
		int died_ = setjmp(jb_);                                  \
		if (!died_) {                                             \
			fuzz_jmp = &jb_;                                  \
			stmt;                                             \
		}                                                         \
		fuzz_jmp = NULL;                                          \
		died_;                                                    \
	})

/* The input as a NUL-terminated string (malloc'd; it ends at a NUL). */
char *fuzz_str(const uint8_t *data, size_t size);
/*
 * The input as argv: words each ended by a NUL byte (the last one's
 * optional: an empty input is no word), after argv[0] = name;
 * NULL-terminated. Returns argc; free with fuzz_free_argv().
 */
int fuzz_argv(const char *name, const uint8_t *data, size_t size,
	      char ***argv);
void fuzz_free_argv(char **argv);

/* A property that must hold: else a message and abort(), a crash. */
#define FUZZ_CHECK(cond, ...)                                             \
	do {                                                              \
		if (!(cond))                                              \
			fuzz_fail(__FILE__, __LINE__, #cond, __VA_ARGS__); \
	} while (0)
__attribute__((noreturn, format(printf, 4, 5))) void
fuzz_fail(const char *file, int line, const char *cond, const char *fmt,
	  ...);

#endif /* HIND_FUZZ_H */
