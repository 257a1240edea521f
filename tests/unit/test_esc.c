// SPDX-License-Identifier: MIT
/*
 * test_esc.c - core/escape.c, the one escaper of --log-json, hind-cgls
 * --json and hind-cgls's tree: exact escapes for every byte value, UTF-8
 * sequences valid and invalid, output that never holds part of an escape
 * when the buffer is short, and an outside judge: python3's json module
 * (strict) must read every escaped string, and it must decode to exactly
 * what Python's own lenient UTF-8 decoder (errors='replace') makes of the
 * input. The judge gets every 1- and 2-byte input, the 3- and 4-byte
 * boundary sequences and 20000 pseudo-random strings; without python3 that
 * case is a SKIP that says so.
 */
#include "hind.h"
#include "unit.h"

/* The whole escape of s (n bytes) in one call. */
static size_t esc_all(char *out, size_t size, const char *s, size_t n,
		      int mode)
{
	size_t used, w = esc_str(out, size, s, n, &used, mode);

	out[w] = '\0';
	return used == n ? w : (size_t)-1;
}

static void esc_case(const char *in, size_t n, int mode, const char *want)
{
	char out[256];
	size_t w = esc_all(out, sizeof(out) - 1, in, n, mode);

	result(w != (size_t)-1 && !strcmp(out, want),
	       "esc_str %s of %zu bytes gives '%s' (got '%s')",
	       mode == ESC_JSON ? "json" : "text", n, want, out);
}

/* What one byte must become, by the rules of escape.c's table. */
static void byte_want(unsigned char c, int mode, char *want)
{
	if (c == '\\')
		strcpy(want, "\\\\");
	else if (c == '"' && mode == ESC_JSON)
		strcpy(want, "\\\"");
	else if (c == '\n' || c == '\t' || c == '\r')
		sprintf(want, "\\%c", c == '\n' ? 'n' : c == '\t' ? 't' : 'r');
	else if ((c < 0x20 || c == 0x7f) && mode == ESC_JSON)
		sprintf(want, "\\u%04x", c);
	else if (c < 0x20 || c == 0x7f || c >= 0x80)
		sprintf(want, mode == ESC_JSON ? "\\ufffd" : "\\x%02x", c);
	else
		sprintf(want, "%c", c);
}

static void test_every_byte(void)
{
	char in[1], out[32], want[16];
	int mode, c, bad[2] = { 0, 0 };

	for (mode = ESC_TEXT; mode <= ESC_JSON; mode++)
		for (c = 0; c < 256; c++) {
			in[0] = (char)c;
			byte_want((unsigned char)c, mode, want);
			if (esc_all(out, sizeof(out) - 1, in, 1, mode) ==
				    (size_t)-1 || strcmp(out, want)) {
				if (!bad[mode]++)
					printf("# byte 0x%02x: got '%s', want "
					       "'%s'\n", c, out, want);
			}
		}
	result(!bad[ESC_TEXT], "esc_str text: each of the 256 byte values "
	       "alone as escape.c's table says (%d wrong)", bad[ESC_TEXT]);
	result(!bad[ESC_JSON], "esc_str json: each of the 256 byte values "
	       "alone as escape.c's table says (%d wrong)", bad[ESC_JSON]);
}

static void test_sequences(void)
{
	size_t bad;

	/* Well-formed: as they are, at the edges of each length. */
	esc_case("\xc2\xa0", 2, ESC_JSON, "\xc2\xa0");
	esc_case("\xdf\xbf", 2, ESC_JSON, "\xdf\xbf");
	esc_case("\xe0\xa0\x80", 3, ESC_JSON, "\xe0\xa0\x80");
	esc_case("\xef\xbf\xbd", 3, ESC_JSON, "\xef\xbf\xbd");
	esc_case("\xed\x9f\xbf", 3, ESC_JSON, "\xed\x9f\xbf");
	esc_case("\xf0\x90\x80\x80", 4, ESC_JSON, "\xf0\x90\x80\x80");
	esc_case("\xf4\x8f\xbf\xbf", 4, ESC_JSON, "\xf4\x8f\xbf\xbf");
	esc_case("d\xc3\xa9j\xc3\xa0 vu", 9, ESC_TEXT, "d\xc3\xa9j\xc3\xa0 vu");
	/* C1 controls and the JavaScript line breaks. */
	esc_case("\xc2\x80\xc2\x9f", 4, ESC_JSON, "\\u0080\\u009f");
	esc_case("\xc2\x85", 2, ESC_TEXT, "\\u0085");
	esc_case("\xe2\x80\xa8\xe2\x80\xa9", 6, ESC_JSON, "\\u2028\\u2029");
	esc_case("\xe2\x80\xa8", 3, ESC_TEXT, "\xe2\x80\xa8");
	/* Ill-formed: one U+FFFD per maximal part; text keeps each byte. */
	esc_case("\xc0\x80", 2, ESC_JSON, "\\ufffd\\ufffd");
	esc_case("\xe0\x80\x80", 3, ESC_JSON, "\\ufffd\\ufffd\\ufffd");
	esc_case("\xed\xa0\x80", 3, ESC_JSON, "\\ufffd\\ufffd\\ufffd");
	esc_case("\xf4\x90\x80\x80", 4, ESC_JSON,
		 "\\ufffd\\ufffd\\ufffd\\ufffd");
	esc_case("\xe2\x82", 2, ESC_JSON, "\\ufffd");
	esc_case("\xe2\x82x", 3, ESC_JSON, "\\ufffdx");
	esc_case("\xf0\x9f\x98", 3, ESC_JSON, "\\ufffd");
	esc_case("\xf0\x9f\x98\xc3\xa9", 5, ESC_JSON, "\\ufffd\xc3\xa9");
	esc_case("\xf8\x88\x80\x80\x80", 5, ESC_JSON,
		 "\\ufffd\\ufffd\\ufffd\\ufffd\\ufffd");
	esc_case("/\xffx", 3, ESC_JSON, "/\\ufffdx");
	esc_case("/\xffx", 3, ESC_TEXT, "/\\xffx");
	esc_case("\xe2\x82", 2, ESC_TEXT, "\\xe2\\x82");
	/* A sequence cut by the end of the input is not read past it. */
	esc_case("\xe2\x82\xac", 2, ESC_JSON, "\\ufffd");
	esc_case("\xe2\x82\xac", 3, ESC_JSON, "\xe2\x82\xac");
	/* Quotes, backslashes, NUL inside the counted input. */
	esc_case("a\"b\\c", 5, ESC_JSON, "a\\\"b\\\\c");
	esc_case("a\"b\\c", 5, ESC_TEXT, "a\"b\\\\c");
	esc_case("x\0y", 3, ESC_JSON, "x\\u0000y");
	esc_case("", 0, ESC_JSON, "");

	result(utf8_len((const unsigned char *)"\xe2\x82", 2, &bad) == 0 &&
	       bad == 2, "utf8_len: a cut 3-byte sequence is one part of 2");
	result(utf8_len((const unsigned char *)"\xed\xa0\x80", 3, &bad) == 0 &&
	       bad == 1, "utf8_len: a surrogate's lead is a part of its own");
	result(utf8_len((const unsigned char *)"\xf0\x9f\x98\x80", 4, &bad) ==
	       4, "utf8_len: U+1F600 is 4 bytes");
}

/*
 * Short buffers: the escape written in pieces, with every buffer size from
 * 0 to 9, is the escape written at once, and no call stops with room for
 * what it did not write (so it never cuts an escape or a sequence).
 */
static void test_short_buffers(void)
{
	static const char in[] = "a\"\\\n\x01\x7f\xc2\x85\xe2\x80\xa8\xff"
				 "\xe2\x82\xf0\x9f\x98\x80z\xc3\xa9";
	char whole[256], piece[256];
	size_t n = sizeof(in) - 1, size, wl;
	int mode, bad = 0;

	for (mode = ESC_TEXT; mode <= ESC_JSON; mode++) {
		wl = esc_all(whole, sizeof(whole) - 1, in, n, mode);
		for (size = 0; size < 10; size++) {
			size_t off = 0, pl = 0, used, w;
			int stuck = 0;

			while (off < n && stuck < 3) {
				w = esc_str(piece + pl, size, in + off, n - off,
					    &used, mode);
				pl += w;
				off += used;
				stuck = used ? 0 : stuck + 1;
				/* It stopped with room for any escape (6
				 * bytes at most) while input remained. */
				if (off < n && size - w >= 6)
					bad++;
			}
			/* Below 6 bytes an escape may not fit (stuck): what
			 * was written is still the start of the whole. */
			if ((size >= 6 && off != n) || pl > wl ||
			    memcmp(piece, whole, pl) || (off == n && pl != wl))
				bad++;
		}
	}
	result(!bad, "esc_str in pieces with buffers of 0..9 bytes is the "
	       "escape at once, never a cut escape (%d wrong)", bad);
}

/* A little LCG: the same strings on every run. */
static uint32_t lcg = 12345;
static uint32_t rnd(void)
{
	lcg = lcg * 1103515245u + 12345u;
	return lcg >> 8;
}

static void put_case(FILE *f, const unsigned char *in, size_t n)
{
	char out[6 * 64 + 1];
	size_t i, used, w;
	int mode;

	for (mode = ESC_TEXT; mode <= ESC_JSON; mode++) {
		w = esc_str(out, sizeof(out) - 1, (const char *)in, n, &used,
			    mode);
		fprintf(f, "%c ", mode == ESC_JSON ? 'j' : 't');
		for (i = 0; i < n; i++)
			fprintf(f, "%02x", in[i]);
		fprintf(f, " ");
		fwrite(out, 1, w, f);
		fputc('\n', f);
	}
}

/* python3 reads each line: "j|t HEX ESCAPED". */
static const char judge[] =
	"import json, sys\n"
	"bad = n = 0\n"
	"for line in open(sys.argv[1], 'rb'):\n"
	"    mode, hx, esc = line.rstrip(b'\\n').split(b' ', 2)\n"
	"    raw = bytes.fromhex(hx.decode() or '')\n"
	"    n += 1\n"
	"    try:\n"
	"        if mode == b'j':\n"
	"            got = json.loads(b'\"' + esc + b'\"')\n"
	"            ok = got == raw.decode('utf-8', 'replace')\n"
	"        else:\n"
	"            esc.decode('utf-8')\n"
	"            ok = all(0x20 <= b < 0x7f or b >= 0x80 for b in esc)\n"
	"    except ValueError as e:\n"
	"        ok = False\n"
	"    if not ok:\n"
	"        bad += 1\n"
	"        if bad <= 5:\n"
	"            print('bad', mode.decode(), hx.decode(), esc)\n"
	"print('checked', n, 'bad', bad)\n";

static void test_python_judge(void)
{
	static const unsigned char edge[] = { 0x00, 0x1f, 0x22, 0x5c, 0x7f,
		0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xc1, 0xc2, 0xdf,
		0xe0, 0xe1, 0xec, 0xed, 0xee, 0xef, 0xf0, 0xf1, 0xf3, 0xf4,
		0xf5, 0xff, 'a', 0x0a };
	char file[] = "/tmp/hind-esc.XXXXXX", cmd[4200], line[512];
	unsigned char in[12];
	size_t a, b, c, d, ne = sizeof(edge);
	int fd, i, k, checked = -1, nbad = -1;
	FILE *f, *p;

	if (system("command -v python3 >/dev/null 2>&1") != 0) {
		result(true, "python3's json reads every escape # SKIP "
		       "python3 is not installed");
		return;
	}
	fd = mkstemp(file);
	f = fd >= 0 ? fdopen(fd, "w") : NULL;
	if (!f) {
		result(false, "python3's json reads every escape: cannot "
		       "write '%s'", file);
		return;
	}
	for (a = 0; a < 256; a++) {
		in[0] = (unsigned char)a;
		put_case(f, in, 1);
		for (b = 0; b < 256; b++) {
			in[1] = (unsigned char)b;
			put_case(f, in, 2);
		}
	}
	for (a = 0; a < ne; a++)
		for (b = 0; b < ne; b++)
			for (c = 0; c < ne; c++) {
				in[0] = edge[a];
				in[1] = edge[b];
				in[2] = edge[c];
				put_case(f, in, 3);
				for (d = 0; d < ne; d += 3) {
					in[3] = edge[d];
					put_case(f, in, 4);
				}
			}
	for (i = 0; i < 20000; i++) {
		int len = 1 + (int)(rnd() % sizeof(in));

		for (k = 0; k < len; k++)
			in[k] = rnd() % 3 ? edge[rnd() % ne] :
					    (unsigned char)rnd();
		put_case(f, in, (size_t)len);
	}
	fclose(f);
	snprintf(cmd, sizeof(cmd), "python3 -c \"$HIND_ESC_JUDGE\" %s 2>&1",
		 file);
	setenv("HIND_ESC_JUDGE", judge, 1);
	p = popen(cmd, "r");
	while (p && fgets(line, sizeof(line), p)) {
		if (sscanf(line, "checked %d bad %d", &checked, &nbad) != 2)
			printf("# python3: %s", line);
	}
	if (p)
		pclose(p);
	unlink(file);
	result(checked > 0 && nbad == 0, "python3's json reads every escaped "
	       "string and decodes it as bytes.decode('utf-8', 'replace') "
	       "does; text escapes are printable UTF-8 (%d strings, %d bad)",
	       checked, nbad);
}

void test_escape(void)
{
	test_every_byte();
	test_sequences();
	test_short_buffers();
	test_python_judge();
}
