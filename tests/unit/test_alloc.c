// SPDX-License-Identifier: MIT
/*
 * test_alloc.c - unit tests of core/alloc.c, hind's malloc for the static
 * binary. The unit build links glibc's malloc, so alloc.c is compiled
 * into it with its four functions renamed (tests/tests.mk: -Dmalloc=
 * hind_malloc and so on) and judged here by what any malloc owes its
 * callers: alignment, blocks that do not overlap, contents kept across
 * realloc, zeroed calloc, NULL (and ENOMEM) for what cannot be had, and
 * a free list that gives blocks back.
 */
#include "hind.h"
#include "unit.h"

void *hind_malloc(size_t n);
void hind_free(void *p);
void *hind_calloc(size_t nmemb, size_t size);
void *hind_realloc(void *p, size_t n);

#define ALIGN _Alignof(max_align_t)

static bool aligned(const void *p)
{
	return !((uintptr_t)p % ALIGN);
}

/* Fill n bytes with a pattern of seed, and check it back. */
static void fill(void *p, size_t n, unsigned seed)
{
	unsigned char *c = p;
	size_t i;

	for (i = 0; i < n; i++)
		c[i] = (unsigned char)(seed * 31 + i * 7);
}

static bool holds(const void *p, size_t n, unsigned seed)
{
	const unsigned char *c = p;
	size_t i;

	for (i = 0; i < n; i++)
		if (c[i] != (unsigned char)(seed * 31 + i * 7))
			return false;
	return true;
}

static bool zero(const void *p, size_t n)
{
	const unsigned char *c = p;
	size_t i;

	for (i = 0; i < n; i++)
		if (c[i])
			return false;
	return true;
}

/* A small deterministic generator, so a failure is reproducible. */
static uint32_t rnd_state = 12345;
static uint32_t rnd(void)
{
	rnd_state = rnd_state * 1103515245u + 12345u;
	return rnd_state >> 8;
}

static void test_alignment(void)
{
	static const size_t sizes[] = { 0, 1, 15, 16, 17, 100, 4080, 4096,
					65519, 65520, 65521, 65536, 100000,
					1u << 20 };
	bool ok = true, usable = true;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		void *p = hind_malloc(sizes[i]);

		ok &= p && aligned(p);
		if (p) {
			/* The whole block is the caller's (ASan build: no
			 * report; plain build: no crash, pattern kept). */
			fill(p, sizes[i], (unsigned)i);
			usable &= holds(p, sizes[i], (unsigned)i);
		}
		hind_free(p);
	}
	result(ok, "alloc: malloc of 0 B to 1 MiB is %zu-byte aligned",
	       (size_t)ALIGN);
	result(usable, "alloc: every byte asked for can be written and read");
}

static void test_many_small(void)
{
	enum { N = 10000 };
	static void *p[N];
	static size_t len[N];
	bool ok = true, kept = true;
	size_t i;

	for (i = 0; i < N; i++) {
		len[i] = 1 + rnd() % 300;
		p[i] = hind_malloc(len[i]);
		ok &= p[i] && aligned(p[i]);
		if (p[i])
			fill(p[i], len[i], (unsigned)i);
	}
	/* Written after each other: an overlap would spoil a pattern. */
	for (i = 0; i < N; i++)
		kept &= p[i] && holds(p[i], len[i], (unsigned)i);
	for (i = 0; i < N; i++)
		hind_free(p[i]);
	result(ok, "alloc: %d small blocks (1-300 B), all aligned", N);
	result(kept, "alloc: %d small blocks do not overlap (each keeps its "
	       "pattern)", N);
}

static void test_reuse(void)
{
	void *p = hind_malloc(100), *q, *r;

	hind_free(p);
	q = hind_malloc(100);
	result(q == p, "alloc: a freed block is reused for the same size");
	hind_free(q);
	/* 100 and 112 bytes, plus the 16-byte header, are both 128. */
	r = hind_malloc(112);
	result(r == p, "alloc: ... and for any size of its power of two "
	       "(112 B + the 16-byte header: 128)");
	hind_free(r);
	/* 113 + 16 is a block of 256 (as was 100 with a 32-byte header). */
	q = hind_malloc(113);
	result(q && q != p, "alloc: 113 B gets another block (of 256)");
	hind_free(q);
	/* Fresh blocks of one size follow each other at its power of two
	 * (of 3 pairs, a new arena may part one). */
	{
		char *b[4];
		int i, apart = 0;

		for (i = 0; i < 4; i++)
			b[i] = hind_malloc(1024 - 16);
		for (i = 1; i < 4; i++)
			apart += b[i] - b[i - 1] == 1024;
		result(apart >= 2, "alloc: fresh blocks of 1008 B are 1024 "
		       "bytes apart (%d pairs of 3)", apart);
		for (i = 0; i < 4; i++)
			hind_free(b[i]);
	}
	hind_free(NULL);
	result(true, "alloc: free(NULL) does nothing");
}

static void test_calloc(void)
{
	unsigned char *p = hind_malloc(1000), *q, *big;

	memset(p, 0xff, 1000);
	hind_free(p);
	q = hind_calloc(10, 100);
	result(q == p && zero(q, 1000),
	       "alloc: calloc zeroes a reused (dirty) block");
	hind_free(q);
	big = hind_calloc(1, 3u << 20);
	result(big && aligned(big) && zero(big, 3u << 20),
	       "alloc: calloc of 3 MiB is zero");
	hind_free(big);
	q = hind_calloc(0, 100);
	result(q != NULL, "alloc: calloc(0, 100) gives a block free() takes");
	hind_free(q);
}

static void test_realloc(void)
{
	unsigned char *p = hind_realloc(NULL, 100), *q;

	result(p && aligned(p), "alloc: realloc(NULL, n) is malloc(n)");
	fill(p, 100, 1);
	q = hind_realloc(p, 112);
	result(q == p && holds(q, 100, 1),
	       "alloc: realloc within the block keeps it in place");
	p = hind_realloc(q, 1000);
	result(p && aligned(p) && holds(p, 100, 1),
	       "alloc: realloc 100 B -> 1000 B keeps the contents");
	fill(p, 1000, 2);
	q = hind_realloc(p, 200000);
	result(q && aligned(q) && holds(q, 1000, 2),
	       "alloc: realloc 1000 B -> 200000 B (a mapping of its own) keeps "
	       "the contents");
	fill(q, 200000, 3);
	p = hind_realloc(q, 8u << 20);
	result(p && aligned(p) && holds(p, 200000, 3),
	       "alloc: realloc 200000 B -> 8 MiB (mremap) keeps the contents");
	fill(p, 8u << 20, 4);
	q = hind_realloc(p, 10);
	result(q == p && holds(q, 8u << 20, 4),
	       "alloc: realloc to 10 B (shrink) keeps the block and contents");
	hind_free(q);
	/* Small to small, repeatedly: each step moves to a bigger class. */
	p = NULL;
	{
		bool ok = true;
		size_t n;

		for (n = 1; n <= 70000; n = n * 3 + 1) {
			q = hind_realloc(p, n);
			ok &= q && aligned(q) &&
			      (!p || holds(q, (n - 1) / 3, 5));
			if (q)
				fill(q, n, 5);
			p = q;
		}
		result(ok, "alloc: realloc from 1 B to 70000 B in steps keeps "
		       "every step's contents");
		hind_free(p);
	}
}

static void test_failure(void)
{
	unsigned char *p, *q;

	errno = 0;
	p = hind_malloc(SIZE_MAX);
	result(!p && errno == ENOMEM, "alloc: malloc(SIZE_MAX) is NULL, "
	       "ENOMEM");
	errno = 0;
	p = hind_malloc(SIZE_MAX / 2 + 1);
	result(!p && errno == ENOMEM, "alloc: malloc(SIZE_MAX/2 + 1) is NULL, "
	       "ENOMEM");
	/* Beyond any address space: mmap itself says no. */
	p = hind_malloc(SIZE_MAX / 2);
	result(!p, "alloc: malloc(SIZE_MAX/2) is NULL");
	errno = 0;
	p = hind_calloc(SIZE_MAX / 2, 3);
	result(!p && errno == ENOMEM, "alloc: calloc overflowing size_t is "
	       "NULL, ENOMEM");
	p = hind_malloc(100);
	fill(p, 100, 6);
	q = hind_realloc(p, SIZE_MAX);
	result(!q && holds(p, 100, 6), "alloc: realloc(small, SIZE_MAX) is "
	       "NULL and the block is kept");
	hind_free(p);
	p = hind_malloc(1u << 20);
	fill(p, 1u << 20, 7);
	q = hind_realloc(p, SIZE_MAX / 2);
	result(!q && holds(p, 1u << 20, 7), "alloc: realloc(1 MiB, SIZE_MAX/2) "
	       "is NULL and the block is kept");
	hind_free(p);
}

/* Random malloc/realloc/free over 256 slots, each checked before reuse. */
static void test_churn(void)
{
	enum { SLOTS = 256, OPS = 20000 };
	static unsigned char *p[SLOTS];
	static size_t len[SLOTS];
	static unsigned seed[SLOTS];
	bool ok = true;
	int op, i;

	for (op = 0; op < OPS; op++) {
		uint32_t r = rnd();
		size_t n = r % 8 ? rnd() % 2000 : rnd() % 150000;

		i = (int)(rnd() % SLOTS);
		if (p[i] && !holds(p[i], len[i], seed[i]))
			ok = false;
		if (r % 3 == 0) {
			hind_free(p[i]);
			p[i] = NULL;
			len[i] = 0;
			continue;
		}
		if (r % 3 == 1 && p[i]) {
			unsigned char *q = hind_realloc(p[i], n);

			ok &= q && aligned(q) &&
			      holds(q, len[i] < n ? len[i] : n, seed[i]);
			p[i] = q;
		} else {
			hind_free(p[i]);
			p[i] = hind_malloc(n);
			ok &= p[i] && aligned(p[i]);
		}
		len[i] = n;
		seed[i] = (unsigned)op;
		if (p[i])
			fill(p[i], n, seed[i]);
	}
	for (i = 0; i < SLOTS; i++) {
		if (p[i] && !holds(p[i], len[i], seed[i]))
			ok = false;
		hind_free(p[i]);
	}
	result(ok, "alloc: %d random mallocs, reallocs and frees (up to "
	       "150000 B) keep every live block's contents", OPS);
}

void test_alloc(void)
{
	test_alignment();
	test_many_small();
	test_reuse();
	test_calloc();
	test_realloc();
	test_failure();
	test_churn();
}
