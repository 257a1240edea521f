// SPDX-License-Identifier: MIT
/*
 * json.c - a strict JSON reader: jsmn (Serge Zaitsev's MIT tokenizer,
 * Debian's libjsmn-dev, compiled into this file only) cuts the text into
 * tokens, then one pass over them checks what jsmn lets through.
 *
 * jsmn accepts "[1 2]", "[1,,2]", "{"a":1,}", "{"a"}", "tru", "01", raw
 * control characters in strings and text after the top-level value (its
 * JSMN_STRICT mode catches some, but rejects a number at the end of the
 * text, so it is not used). The check here, in one pass without recursion
 * (the depth of the input costs no stack):
 * - each container's children are found by their text spans, not by
 *   jsmn's counts; between them only blanks and exactly the separator
 *   JSON wants (',' between elements and members, ':' after a key);
 * - an object has an even number of children, the even ones strings;
 * - a primitive is true, false, null or a number of RFC 8259's grammar;
 * - a string has no byte below 0x20 and is valid UTF-8 (utf8_len() of
 *   escape.c, the same rule the escaper applies on output);
 * - only blanks around the top-level value.
 */
#define JSMN_STATIC
#define JSMN_PARENT_LINKS
#include <jsmn.h>

#include "hind.h"
#include "json.h"

static bool blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* A number of RFC 8259's grammar, exactly n bytes. */
static bool number_ok(const char *p, size_t n)
{
	const char *e = p + n;

	if (p < e && *p == '-')
		p++;
	if (p >= e || *p < '0' || *p > '9')
		return false;
	if (*p == '0')
		p++;
	else
		while (p < e && *p >= '0' && *p <= '9')
			p++;
	if (p < e && *p == '.') {
		if (++p >= e || *p < '0' || *p > '9')
			return false;
		while (p < e && *p >= '0' && *p <= '9')
			p++;
	}
	if (p < e && (*p == 'e' || *p == 'E')) {
		p++;
		if (p < e && (*p == '+' || *p == '-'))
			p++;
		if (p >= e || *p < '0' || *p > '9')
			return false;
		while (p < e && *p >= '0' && *p <= '9')
			p++;
	}
	return p == e;
}

/* The text of token t with a string's quotes. */
static int outer_start(const struct json_tok *t)
{
	return t->start - (t->type == JSON_STRING);
}

static int outer_end(const struct json_tok *t)
{
	return t->end + (t->type == JSON_STRING);
}

static int fail(struct json *j, size_t pos, const char *what)
{
	size_t i;

	j->err = what;
	j->line = 1;
	j->col = 1;
	for (i = 0; i < pos && i < j->len; i++) {
		if (j->s[i] == '\n') {
			j->line++;
			j->col = 1;
		} else {
			j->col++;
		}
	}
	free(j->t);
	j->t = NULL;
	j->n = 0;
	return -1;
}

/* Only blanks in s[from, to), or exactly one sep among them (sep != 0). */
static bool gap_ok(const struct json *j, int from, int to, char sep,
		   int *bad)
{
	int i, seen = 0;

	for (i = from; i < to; i++) {
		if (blank(j->s[i]))
			continue;
		if (sep && j->s[i] == sep && !seen++)
			continue;
		*bad = i;
		return false;
	}
	if (sep && !seen) {
		*bad = to;
		return false;
	}
	return true;
}

/* A token's own text: a primitive's grammar, a string's bytes. */
static int check_tok(struct json *j, struct json_tok *t)
{
	const char *p = j->s + t->start;
	size_t n = (size_t)(t->end - t->start), i, bad, k;

	if (t->type == JSON_STRING) {
		for (i = 0; i < n; i += k) {
			if ((unsigned char)p[i] < 0x20)
				return fail(j, (size_t)t->start + i,
					    "control character in a string");
			if (p[i] == '\\')
				t->esc = true;
			k = utf8_len((const unsigned char *)p + i, n - i, &bad);
			if (!k)
				return fail(j, (size_t)t->start + i,
					    "invalid UTF-8 in a string");
		}
		return 0;
	}
	if (n == 4 && !memcmp(p, "true", 4))
		t->type = JSON_TRUE;
	else if (n == 5 && !memcmp(p, "false", 5))
		t->type = JSON_FALSE;
	else if (n == 4 && !memcmp(p, "null", 4))
		t->type = JSON_NULL;
	else if (number_ok(p, n))
		t->type = JSON_NUMBER;
	else
		return fail(j, (size_t)t->start, "invalid literal");
	return 0;
}

int json_parse(struct json *j, const char *s, size_t len)
{
	jsmn_parser p;
	jsmntok_t *jt = NULL;
	int n, i, k, bad = 0;

	memset(j, 0, sizeof(*j));
	j->s = s;
	j->len = len;
	if (len >= (256u << 20))
		return fail(j, 0, "text too long");
	/* Count, then fill: jsmn's two-pass use. */
	jsmn_init(&p);
	n = jsmn_parse(&p, s, len, NULL, 0);
	if (!n)
		return fail(j, len, "no value");
	if (n > 0) {
		jt = xmalloc((size_t)n * sizeof(*jt));
		jsmn_init(&p);
		k = jsmn_parse(&p, s, len, jt, (unsigned)n);
		if (k < 0)
			free(jt);
	} else {
		k = n;
	}
	if (k <= 0)
		return fail(j, k == JSMN_ERROR_PART ? len : p.pos,
			    k == JSMN_ERROR_PART ? "unexpected end" :
						   "unexpected character");
	j->t = xmalloc((size_t)k * sizeof(*j->t));
	j->n = k;
	for (i = 0; i < k; i++) {
		j->t[i] = (struct json_tok){
			.start = jt[i].start, .end = jt[i].end,
			.parent = jt[i].parent,
			.type = jt[i].type == JSMN_OBJECT ? JSON_OBJECT :
				jt[i].type == JSMN_ARRAY  ? JSON_ARRAY :
				jt[i].type == JSMN_STRING ? JSON_STRING :
							    JSON_NUMBER,
		};
	}
	free(jt);
	for (i = 0; i < k; i++)
		if (j->t[i].type != JSON_OBJECT && j->t[i].type != JSON_ARRAY &&
		    check_tok(j, &j->t[i]) < 0)
			return -1;

	/* Subtrees by text span, last token first: a child's next is known
	 * when its parent's is computed, so each hop skips a whole child. */
	for (i = k - 1; i >= 0; i--) {
		int m = i + 1;

		while (m < k && outer_start(&j->t[m]) < outer_end(&j->t[i]))
			m = j->t[m].next;
		j->t[i].next = m;
	}
	if (j->t[0].next != k)
		return fail(j, (size_t)outer_start(&j->t[j->t[0].next]),
			    "text after the value");
	if (!gap_ok(j, 0, outer_start(&j->t[0]), 0, &bad) ||
	    !gap_ok(j, outer_end(&j->t[0]), (int)len, 0, &bad))
		return fail(j, (size_t)bad, "text around the value");

	/* Each container: the separators between its children. */
	for (i = 0; i < k; i++) {
		struct json_tok *t = &j->t[i];
		bool obj = t->type == JSON_OBJECT;
		int c, pos = t->start + 1, nc = 0;

		if (!obj && t->type != JSON_ARRAY)
			continue;
		for (c = i + 1; c < t->next; c = j->t[c].next, nc++) {
			char sep = !nc ? 0 : obj && nc % 2 ? ':' : ',';

			j->t[c].parent = i;
			if (!gap_ok(j, pos, outer_start(&j->t[c]), sep, &bad))
				return fail(j, (size_t)bad,
					    "unexpected character");
			if (obj && !(nc % 2) && j->t[c].type != JSON_STRING)
				return fail(j, (size_t)outer_start(&j->t[c]),
					    "object key is not a string");
			pos = outer_end(&j->t[c]);
		}
		if (obj && nc % 2)
			return fail(j, (size_t)pos, "object key without value");
		if (!gap_ok(j, pos, t->end - 1, 0, &bad))
			return fail(j, (size_t)bad, "unexpected character");
		t->size = obj ? nc / 2 : nc;
	}
	j->t[0].parent = -1;
	return 0;
}

void json_free(struct json *j)
{
	free(j->t);
	j->t = NULL;
	j->n = 0;
}

const char *json_type_name(int type)
{
	switch (type) {
	case JSON_OBJECT:
		return "an object";
	case JSON_ARRAY:
		return "an array";
	case JSON_STRING:
		return "a string";
	case JSON_NUMBER:
		return "a number";
	case JSON_TRUE:
	case JSON_FALSE:
		return "a boolean";
	default:
		return "null";
	}
}

int json_first(const struct json *j, int i)
{
	return i + 1 < j->t[i].next ? i + 1 : -1;
}

int json_next(const struct json *j, int i)
{
	int p = j->t[i].parent;

	return p >= 0 && j->t[i].next < j->t[p].next ? j->t[i].next : -1;
}

int json_get(const struct json *j, int o, const char *key)
{
	int k, v = -1;

	if (j->t[o].type != JSON_OBJECT)
		return -1;
	json_for_each_key(j, o, k)
		if (json_eq(j, k, key))
			v = k + 1;
	return v;
}

bool json_eq(const struct json *j, int i, const char *s)
{
	const struct json_tok *t = &j->t[i];
	size_t n = strlen(s);
	char buf[256];
	int len;

	if (t->type != JSON_STRING)
		return false;
	if (!t->esc)
		return (size_t)(t->end - t->start) == n &&
		       !memcmp(j->s + t->start, s, n);
	/* Escapes only shorten: a longer text needs no decoding to differ. */
	if (json_str_max(j, i) > sizeof(buf))
		return false;
	len = json_str(j, i, buf);
	return len >= 0 && (size_t)len == n && !memcmp(buf, s, n);
}

static int hex4(const char *p)
{
	int v = 0, i;

	for (i = 0; i < 4; i++) {
		char c = p[i];

		v = v * 16 + (c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
	}
	return v;
}

int json_str(const struct json *j, int i, char *dst)
{
	const char *p = j->s + j->t[i].start, *e = j->s + j->t[i].end;
	char *d = dst;

	while (p < e) {
		unsigned cp;

		if (*p != '\\') {
			*d++ = *p++;
			continue;
		}
		p++;
		switch (*p++) {
		case 'b': *d++ = '\b'; continue;
		case 'f': *d++ = '\f'; continue;
		case 'n': *d++ = '\n'; continue;
		case 'r': *d++ = '\r'; continue;
		case 't': *d++ = '\t'; continue;
		case 'u': break;
		default: d[0] = p[-1]; d++; continue; /* " \ / */
		}
		/* jsmn has checked the four hex digits. */
		cp = (unsigned)hex4(p);
		p += 4;
		if (cp >= 0xdc00 && cp <= 0xdfff)
			return -EINVAL;
		if (cp >= 0xd800 && cp <= 0xdbff) {
			unsigned lo;

			if (e - p < 6 || p[0] != '\\' || p[1] != 'u')
				return -EINVAL;
			lo = (unsigned)hex4(p + 2);
			if (lo < 0xdc00 || lo > 0xdfff)
				return -EINVAL;
			p += 6;
			cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
		}
		if (!cp)
			return -EINVAL;
		/* At most 4 bytes for the 6 or 12 of the escape. */
		if (cp < 0x80) {
			*d++ = (char)cp;
		} else if (cp < 0x800) {
			*d++ = (char)(0xc0 | cp >> 6);
			*d++ = (char)(0x80 | (cp & 0x3f));
		} else if (cp < 0x10000) {
			*d++ = (char)(0xe0 | cp >> 12);
			*d++ = (char)(0x80 | (cp >> 6 & 0x3f));
			*d++ = (char)(0x80 | (cp & 0x3f));
		} else {
			*d++ = (char)(0xf0 | cp >> 18);
			*d++ = (char)(0x80 | (cp >> 12 & 0x3f));
			*d++ = (char)(0x80 | (cp >> 6 & 0x3f));
			*d++ = (char)(0x80 | (cp & 0x3f));
		}
	}
	*d = 0;
	return (int)(d - dst);
}

char *json_strdup(const struct json *j, int i)
{
	char *s = xmalloc(json_str_max(j, i));

	if (json_str(j, i, s) < 0) {
		free(s);
		return NULL;
	}
	return s;
}

int json_u64(const struct json *j, int i, uint64_t *v)
{
	const struct json_tok *t = &j->t[i];
	const char *p = j->s + t->start, *e = j->s + t->end;
	uint64_t x = 0;

	if (t->type != JSON_NUMBER)
		return -EINVAL;
	if (memchr(p, '.', (size_t)(e - p)) || memchr(p, 'e', (size_t)(e - p)) ||
	    memchr(p, 'E', (size_t)(e - p)))
		return -EINVAL;
	if (*p == '-') {
		/* "-0" is 0; any other negative number is out of range */
		if (e - p != 2 || p[1] != '0')
			return -ERANGE;
		p++;
	}
	for (; p < e; p++) {
		if (x > (UINT64_MAX - (uint64_t)(*p - '0')) / 10)
			return -ERANGE;
		x = x * 10 + (uint64_t)(*p - '0');
	}
	*v = x;
	return 0;
}

int json_i64(const struct json *j, int i, int64_t *v)
{
	const struct json_tok *t = &j->t[i];
	bool neg = t->type == JSON_NUMBER && j->s[t->start] == '-';
	struct json_tok pos = *t;
	struct json jj = *j;
	uint64_t x;
	int err;

	/* The magnitude through json_u64, the sign here. */
	if (neg)
		pos.start++;
	jj.t = &pos;
	err = json_u64(&jj, 0, &x);
	if (err)
		return err;
	if (x > (uint64_t)INT64_MAX + neg)
		return -ERANGE;
	*v = neg ? (int64_t)(0 - x) : (int64_t)x;
	return 0;
}

int json_bool(const struct json *j, int i, bool *v)
{
	if (j->t[i].type != JSON_TRUE && j->t[i].type != JSON_FALSE)
		return -EINVAL;
	*v = j->t[i].type == JSON_TRUE;
	return 0;
}
