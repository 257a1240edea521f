/* SPDX-License-Identifier: MIT */
/*
 * json.h - a strict JSON reader over jsmn's tokens (core/json.c), for
 * config.json and state files: parse once into a flat token array, then
 * walk it by index. Nothing is copied until a caller asks for a value.
 *
 * The text must be RFC 8259 JSON: one value, no trailing commas, no
 * missing ones, strings of valid UTF-8 without raw control characters,
 * numbers of JSON's grammar. jsmn alone is laxer; json_parse() checks
 * the separators between its tokens and the text of each primitive.
 *
 * Token 0 is the top-level value. A container's children follow it in
 * order: an array's elements, an object's key and value pairs (the value
 * of key k is k + 1). Indexes are int, -1 meaning "none".
 */
#ifndef HIND_JSON_H
#define HIND_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum json_type {
	JSON_OBJECT = 1, JSON_ARRAY, JSON_STRING, JSON_NUMBER, JSON_TRUE,
	JSON_FALSE, JSON_NULL,
};

struct json_tok {
	int start, end;		/* the text; a string's without its quotes */
	int size;		/* elements of an array, members of an object */
	int next;		/* the token after this one's subtree */
	int parent;		/* -1 for token 0 */
	unsigned char type;	/* enum json_type */
	bool esc;		/* a string with a backslash in it */
};

struct json {
	const char *s;
	size_t len;
	struct json_tok *t;
	int n;
	/* after a failed json_parse(): what and where (1-based) */
	const char *err;
	unsigned line, col;
};

/**
 * json_parse() - tokenize and check a JSON text
 * @j:   filled; json_free() it after a success
 * @s:   the text (need not be NUL-terminated; a NUL in it is an error)
 * @len: its length, below 256 MiB
 *
 * Return: 0, or -1 with j->err ("unexpected character", ...), j->line
 * and j->col set and nothing to free. Allocation failure dies (xmalloc).
 */
int json_parse(struct json *j, const char *s, size_t len);
void json_free(struct json *j);

/* "an object", "a string", ... for messages */
const char *json_type_name(int type);

static inline int json_type(const struct json *j, int i)
{
	return j->t[i].type;
}

/* The first child of a container, or -1 when it is empty. */
int json_first(const struct json *j, int i);
/* The next sibling of i in its container, or -1 after the last. */
int json_next(const struct json *j, int i);

/* each element e of array a; each key k of object o (value: k + 1) */
#define json_for_each(j, a, e) \
	for ((e) = json_first(j, a); (e) >= 0; (e) = json_next(j, e))
#define json_for_each_key(j, o, k) \
	for ((k) = json_first(j, o); (k) >= 0; (k) = json_next(j, (k) + 1))

/*
 * The value of member key of object o (the last one if the key repeats,
 * as Go's encoding/json reads it), or -1 if o has none.
 */
int json_get(const struct json *j, int o, const char *key);

/* Is string token i equal to s (after unescaping)? */
bool json_eq(const struct json *j, int i, const char *s);

/*
 * Unescape string token i into dst, which has room for
 * json_str_max(j, i) bytes; NUL-terminated. Return: its length, or
 * -EINVAL for a \u0000 (no C string holds it) or a lone surrogate.
 */
int json_str(const struct json *j, int i, char *dst);
static inline size_t json_str_max(const struct json *j, int i)
{
	return (size_t)(j->t[i].end - j->t[i].start) + 1;
}
/* json_str() into a new xmalloc'd string; NULL on -EINVAL. */
char *json_strdup(const struct json *j, int i);

/*
 * Integers: 0, -EINVAL if token i is not a number or has a fraction or
 * an exponent ("1.5", "1e3"), -ERANGE if it does not fit (a negative
 * number for json_u64).
 */
int json_i64(const struct json *j, int i, int64_t *v);
int json_u64(const struct json *j, int i, uint64_t *v);
/* 0, or -EINVAL if token i is not true or false. */
int json_bool(const struct json *j, int i, bool *v);

#endif /* HIND_JSON_H */
