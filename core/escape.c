// SPDX-License-Identifier: MIT
/*
 * escape.c - the one escaper of strings hind prints from outside input
 * (cgroup names, command lines, paths in messages): as JSON string bodies
 * for hind-run --log-json and hind-cgls --json, and as terminal text for
 * hind-cgls's tree.
 *
 * JSON (RFC 8259, and what Python's json module accepts with strict=True):
 *   "  \   ->  \"  \\
 *   newline, tab, carriage return  ->  \n  \t  \r
 *   other C0 controls, DEL, C1 controls (U+0080..U+009F)  ->  \u00XX
 *   U+2028, U+2029 (line breaks to JavaScript and to str.splitlines())
 *       ->  \u2028  \u2029
 *   each maximal ill-formed subsequence of UTF-8  ->  \ufffd
 *   well-formed UTF-8 (no overlong forms, no surrogates, at most
 *   U+10FFFF)  ->  as it is
 * The invalid-UTF-8 rule is Unicode's recommended U+FFFD substitution
 * (chapter 3, "maximal subparts"), as Python's and the WHATWG's decoders
 * apply it: the output decodes to exactly what bytes.decode('utf-8',
 * 'replace') gives for the input, so a reader of the JSON sees what a
 * lenient reader of the raw bytes would. It loses the invalid bytes'
 * values; the text form keeps them.
 *
 * Text: a backslash doubled; newline, tab, carriage return as \n \t \r;
 * other C0 controls and DEL as \xHH; C1 controls as \u00HH; every byte of
 * ill-formed UTF-8 as \xHH; well-formed UTF-8 as it is. Nothing printed
 * can move the cursor or start a terminal escape sequence.
 */
#include "hind.h"

size_t utf8_len(const unsigned char *s, size_t n, size_t *bad)
{
	unsigned char lo = 0x80, hi = 0xbf;
	size_t len, i;

	*bad = 1;
	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4;
	else
		return 0;
	/* No overlong forms, no surrogates, nothing above U+10FFFF. */
	if (s[0] == 0xe0)
		lo = 0xa0;
	else if (s[0] == 0xed)
		hi = 0x9f;
	else if (s[0] == 0xf0)
		lo = 0x90;
	else if (s[0] == 0xf4)
		hi = 0x8f;
	for (i = 1; i < len; i++) {
		if (i >= n || s[i] < lo || s[i] > hi) {
			/* The lead and the continuations that fit: one part. */
			*bad = i;
			return 0;
		}
		lo = 0x80;
		hi = 0xbf;
	}
	return len;
}

size_t esc_str(char *dst, size_t size, const char *str, size_t n, size_t *used,
	       int mode)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *s = (const unsigned char *)str;
	bool json = mode == ESC_JSON;
	size_t i = 0, w = 0;

	while (i < n) {
		unsigned char c = s[i];
		size_t bad, len = utf8_len(s + i, n - i, &bad), elen = 0;
		unsigned cp = c;
		char e[8];

		/* Two- and three-byte code points, to spot C1, U+2028/9. */
		if (len == 2)
			cp = (unsigned)(c & 0x1f) << 6 | (s[i + 1] & 0x3f);
		else if (len == 3)
			cp = (unsigned)(c & 0x0f) << 12 |
			     (unsigned)(s[i + 1] & 0x3f) << 6 |
			     (s[i + 2] & 0x3f);

		if ((len == 1 && c >= 0x20 && c != 0x7f && c != '\\' &&
		     !(json && c == '"')) ||
		    (len > 1 && !(len == 2 && cp < 0xa0) &&
		     !(json && (cp == 0x2028 || cp == 0x2029)))) {
			/* As it is, whole or not at all. */
			if (size - w < len)
				break;
			memcpy(dst + w, s + i, len);
			w += len;
			i += len;
			continue;
		}
		e[elen++] = '\\';
		if (!len && json) {
			memcpy(e + elen, "ufffd", 5);
			elen += 5;
			len = bad;
		} else if (!len) {
			e[elen++] = 'x';
			e[elen++] = hex[c >> 4];
			e[elen++] = hex[c & 15];
			len = 1;
		} else if (c == '\\' || c == '"') {
			e[elen++] = (char)c;
		} else if (c == '\n' || c == '\t' || c == '\r') {
			e[elen++] = c == '\n' ? 'n' : c == '\t' ? 't' : 'r';
		} else if (len == 1 && !json) {
			/* C0 or DEL */
			e[elen++] = 'x';
			e[elen++] = hex[c >> 4];
			e[elen++] = hex[c & 15];
		} else {
			/* C0 or DEL in JSON, C1, U+2028/9 */
			e[elen++] = 'u';
			e[elen++] = hex[cp >> 12 & 15];
			e[elen++] = hex[cp >> 8 & 15];
			e[elen++] = hex[cp >> 4 & 15];
			e[elen++] = hex[cp & 15];
		}
		if (size - w < elen)
			break;
		memcpy(dst + w, e, elen);
		w += elen;
		i += len;
	}
	*used = i;
	return w;
}
