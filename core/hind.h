/* SPDX-License-Identifier: MIT */
/*
 * hind.h - the umbrella header: system headers, the generated configuration
 * and every core interface. Each .c file includes this one header last.
 */
#ifndef HIND_H
#define HIND_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "generated/config.h"

#define HIND_VERSION "0.1.0"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define NORETURN __attribute__((noreturn))
#define PRINTF(f, a) __attribute__((format(printf, f, a)))

/* "max" in a size or limit: no limit. */
#define HIND_MAX UINT64_MAX

/* ---- die.c: one message family ------------------------------------- */

/* The applet name that prefixes every message; set by the dispatcher. */
extern const char *applet_name;
/* The exit status of die*(): 125 for hind-run, 1 for the others. */
extern int die_status;
/*
 * Called with every warn()/die() message (without "applet: "), before
 * it goes to stderr: hind-oci copies it into the --log file.
 */
extern void (*msg_hook)(const char *msg);

void warn(const char *fmt, ...) PRINTF(1, 2);
void warn_errno(const char *fmt, ...) PRINTF(1, 2);
NORETURN void die(const char *fmt, ...) PRINTF(1, 2);
NORETURN void die_errno(const char *fmt, ...) PRINTF(1, 2);
/* Bad usage: the problem, then "Try 'APPLET --help'", exit die_status. */
NORETURN void usage_die(const char *fmt, ...) PRINTF(1, 2);
/* Format into buf like snprintf, but never fail: truncates with "...". */
void xvsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
	PRINTF(3, 0);

/* ---- opt.c: the one option front end -------------------------------- */

/*
 * One option of an applet's table, which ends with an entry whose id is 0.
 * id is what opt_next() returns for it: the short letter when there is
 * one, else a value above CHAR_MAX.
 */
struct opt {
	const char *lng;	/* long name without "--", or NULL */
	char shrt;		/* short letter, or 0 */
	bool arg;		/* takes an argument */
	int id;
};

enum { OPT_DONE = -1, OPT_ERROR = -2, OPT_HELP = -3, OPT_VERSION = -4 };

struct opt_state {
	int argc;
	char **argv;
	int ind;		/* next word; the first operand at OPT_DONE */
	const char *rest;	/* the rest of a short-option cluster */
	const char *arg;	/* the argument of the option returned */
	bool arg_word;		/* arg was a word of its own */
	char opt[40];		/* the option as written: "-m", "--memory" */
	char err[128];		/* the sentence for OPT_ERROR */
};

/* The applet's --help text; set by the dispatcher. */
extern const char *applet_usage;

void opt_init(struct opt_state *st, int argc, char **argv);
/*
 * The next option's id, or OPT_DONE (st->ind is the first operand),
 * OPT_HELP, OPT_VERSION, or OPT_ERROR (st->err says why). No output,
 * no exit: a parser for fuzzing and for callers that report themselves.
 */
int opt_next(struct opt_state *st, const struct opt *opts);
/*
 * opt_next() for applets: --help and --version print and exit 0, an
 * error is usage_die(). Returns an option's id or OPT_DONE.
 */
int opt_get(struct opt_state *st, const struct opt *opts);
/* Give the argument just returned back when it was a word of its own. */
void opt_unget_arg(struct opt_state *st);

/* ---- xwrap.c: wrappers that die ------------------------------------- */

void *xmalloc(size_t size);
void *xzalloc(size_t size);
void *xrealloc(void *p, size_t size);
char *xstrdup(const char *s);
char *xasprintf(const char *fmt, ...) PRINTF(1, 2);
/* write(2) until done or an error; returns 0 or -errno. */
int write_all(int fd, const void *buf, size_t len);
void xwrite_all(int fd, const void *buf, size_t len);
/*
 * Format a line (at most 511 bytes) to stdout with one write(2), so that a
 * line is whole even when the process is killed right after it.
 */
void xprintf(const char *fmt, ...) PRINTF(1, 2);
/* write_all of a string; 0 or -errno. hind's output never goes via stdio. */
int write_str(int fd, const char *s);

/* ---- fmt.c: the formatter behind snprintf and vsnprintf --------------- */

/*
 * C99 snprintf for %s %c %d %i %u %x %%, flags '-' '0', width and
 * precision (numbers or '*'), lengths l ll j z t. Every snprintf and
 * vsnprintf in hind is one of these: musl's would link its float
 * formatter (some 10 KB of a static binary).
 */
int hind_snprintf(char *buf, size_t size, const char *fmt, ...) PRINTF(3, 4);
int hind_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
	PRINTF(3, 0);
#define snprintf hind_snprintf
#define vsnprintf hind_vsnprintf

/* ---- escape.c: outside strings made safe for JSON and a terminal ------ */

enum { ESC_TEXT, ESC_JSON };
/*
 * The length of the well-formed UTF-8 sequence at s (at most n bytes), or
 * 0 when it is ill-formed; *bad is then the length of its maximal
 * ill-formed part (at least 1), what one U+FFFD replaces.
 */
size_t utf8_len(const unsigned char *s, size_t n, size_t *bad);
/*
 * Escape n bytes of s into dst (size bytes, no NUL added) as a JSON string
 * body (ESC_JSON: valid UTF-8 out, invalid input as \ufffd) or as terminal
 * text (ESC_TEXT: invalid bytes as \xHH); escape.c has the table. Never
 * writes part of an escape or of a UTF-8 sequence: it stops before one
 * that does not fit. Returns the bytes written; *used gets the bytes of s
 * consumed.
 */
size_t esc_str(char *dst, size_t size, const char *s, size_t n,
	       size_t *used, int mode);

/* ---- xwrap.c: strbuf, a growing string (dies on no memory) ------------ */

struct strbuf {
	char *buf;		/* NUL-terminated once anything is added */
	size_t len, cap;
};
#define SB_INIT { NULL, 0, 0 }
void sb_addn(struct strbuf *b, const char *s, size_t n);
void sb_add(struct strbuf *b, const char *s);
void sb_addf(struct strbuf *b, const char *fmt, ...) PRINTF(2, 3);
/* s as a quoted JSON string. */
void sb_json(struct strbuf *b, const char *s);

/* ---- parse.c: shared parsers; 0 or -EINVAL/-ERANGE, no side effects -- */

/* Decimal unsigned integer, no sign, no suffix. */
int parse_u64(const char *s, uint64_t *out);
/*
 * The decimal digits at the start of s (at least one; no sign, no blank);
 * *end is set past them. A small strtoull: musl's pulls in its scanner.
 */
int parse_dec(const char *s, const char **end, uint64_t *out);
/*
 * A size in bytes: "4096", "16k", "1.5M", "2g", "1T" (binary units, an
 * optional trailing "b", "B" or "iB"), or "max" (HIND_MAX).
 */
int parse_size(const char *s, uint64_t *out);
/*
 * A CPU amount as a fraction of one CPU: "0.5", "2", "50%". Returns the
 * quota in microseconds for the given period; at least 1 us.
 */
int parse_cpus(const char *s, uint64_t period_us, uint64_t *quota_us);
/* A duration: "10" (seconds), "1.5s", "250ms", "100us", "2m", "1h". */
int parse_duration(const char *s, uint64_t *usec);
/*
 * A CPU or memory-node list: "0", "0-3", "0,2,4-7". Sets bits in set;
 * returns the number of entries or -EINVAL/-ERANGE (beyond CPU_SETSIZE).
 */
int parse_cpulist(const char *s, cpu_set_t *set);
/*
 * A non-negative decimal times scale ("10.25", 100 -> 1025), fraction
 * digits beyond 9 ignored; *end is set to what follows the number.
 */
int parse_scaled(const char *s, uint64_t scale, const char **end,
		 uint64_t *out);
/*
 * v is a fixed-point number with 'digits' decimals (v = 1234, digits 2:
 * 12.34); print it with 'shown' decimals, rounded half up. No floating
 * point: musl's float printf and strtod cost a static binary some 10 KB.
 */
char *format_fixed(uint64_t v, unsigned digits, unsigned shown, char *buf,
		   size_t size);
/* "16.0 MiB", "512 B", "max": human-readable binary size. */
char *format_size(uint64_t bytes, char *buf, size_t size);

/* ---- fileio.c: whole small files over paths or dirfds ---------------- */

/*
 * The absolute path of an existing file, symlinks resolved (realpath(3)),
 * malloc'd; NULL with errno set. The kernel's own name for an O_PATH fd
 * (/proc/self/fd/N): musl's realpath is 1.4 KB of a static binary.
 */
char *path_resolve(const char *path);
/* Read a file into buf (NUL-terminated); returns its length or -errno. */
ssize_t read_file_at(int dirfd, const char *path, char *buf, size_t size);
ssize_t read_file(const char *path, char *buf, size_t size);
/* Write s in one write(2); returns 0 or -errno. */
int write_file_at(int dirfd, const char *path, const char *s);
int write_file(const char *path, const char *s);
/* A file holding one number or "max" (HIND_MAX); 0 or -errno/-EINVAL. */
int read_u64_at(int dirfd, const char *path, uint64_t *v);
/* "key value" lines (cpu.stat, memory.events): the value of key. */
int read_key_u64_at(int dirfd, const char *path, const char *key,
		    uint64_t *v);
/*
 * Several keys of such a file in one read: keys is NULL-terminated (at most
 * 31), vals[k] gets the value of keys[k]; returns a mask of the keys found
 * (bit k for keys[k]) or -errno.
 */
int read_keys_u64_at(int dirfd, const char *path, const char *const keys[],
		     uint64_t vals[]);
/*
 * The parser behind it, over a NUL-terminated buffer: no I/O, so it can be
 * fuzzed. Same keys, values and return (a mask, never an error).
 */
int parse_keys_u64(const char *buf, const char *const keys[], uint64_t vals[]);

/* One record of getdents64(2), which musl does not declare. */
struct linux_dirent64 {
	uint64_t d_ino;
	int64_t d_off;
	unsigned short d_reclen;
	unsigned char d_type;
	char d_name[];
};

/* ---- proc.c: /proc/PID readers, relative to an fd of /proc ------------- */

/* An O_DIRECTORY fd of /proc for the readers below; -errno on failure. */
int proc_open(void);
/* The command line, NULs as blanks; its length, 0 for none, or -errno. */
ssize_t proc_cmdline(int procfd, pid_t pid, char *buf, size_t size);
/* The command name (comm); 0 or -errno. */
int proc_comm(int procfd, pid_t pid, char *buf, size_t size);
/* 1 for a kernel thread, 0 for a user process, or -errno. */
int proc_is_kthread(int procfd, pid_t pid);

/* ---- applets/main.c: the registry, expanded from applets/applets.h --- */

struct applet {
	const char *name;
	int (*main)(int argc, char **argv);
	const char *usage;
	int error_status;
	const char *summary;
};
extern const struct applet applets[];
extern const size_t applet_count;
const struct applet *applet_find(const char *name);

/* Every enabled applet's entry point and --help text. */
#define APPLET(name, stem, status, summary) \
	int stem##_main(int argc, char **argv); \
	extern const char stem##_usage[];
#include "applets.h"
#undef APPLET

#include "cgroup.h"

#endif /* HIND_H */
