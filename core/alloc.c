// SPDX-License-Identifier: MIT
/*
 * alloc.c - malloc, calloc, realloc and free for the static binary.
 *
 * musl's mallocng is some 9 KB of a static hind; hind allocates little
 * (paths, cgroup names, hind-cgls's node arrays) and is single-threaded
 * (cpu_load forks its burners), so this is enough:
 *
 * - A block up to 64 KiB (with its 16-byte header) is a power of two from
 *   16 bytes up, cut from 256 KiB mmap'd arenas; a freed block goes on the
 *   free list of its size and is reused as is. Memory is never returned.
 * - A bigger block is its own mapping: free unmaps it, realloc grows it
 *   with mremap (no copy), so an array doubled up to megabytes is cheap.
 * - The header keeps the block's size (a power of two, or the mapping's
 *   length), or on a free list the next free block of that size, and the
 *   16-byte alignment malloc owes its callers.
 *
 * A static link takes these definitions before libc.a's, and the C
 * library's own callers (opendir, setenv) use them too, as musl documents
 * for replacing malloc. Not thread-safe: hind has no threads.
 */
#include <sys/mman.h>

#include "hind.h"

#define SMALL_SHIFT_MIN 4 /* 16 bytes: the header alone */
#define SMALL_SHIFT_MAX 16 /* 64 KiB: bigger blocks are mmap'd alone */
#define ARENA_SIZE (256u << 10)

union header {
	size_t size; /* the whole block, header included */
	union header *next; /* a free block: the next one of its size */
	/* Aligned like max_align_t, but not its size: that is 32 bytes on
	 * x86_64 (long double), which made every header 32. */
	_Alignas(max_align_t) char align[_Alignof(max_align_t)];
};
_Static_assert(sizeof(union header) == 16, "the header is 16 bytes");

static union header *free_list[SMALL_SHIFT_MAX + 1];
static char *arena, *arena_end;

/* The user's pointer of a block, and back. */
#define USER(h) ((void *)((union header *)(h) + 1))
#define HEADER(p) ((union header *)(p)-1)

static void *map(size_t len)
{
	void *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

void *malloc(size_t n)
{
	size_t size = sizeof(union header);
	union header *h;
	unsigned shift = SMALL_SHIFT_MIN;

	if (n > SIZE_MAX / 2) {
		errno = ENOMEM;
		return NULL;
	}
	if (n + sizeof(union header) > (size_t)1 << SMALL_SHIFT_MAX) {
		size = (n + sizeof(union header) + 4095) & ~(size_t)4095;
		h = map(size);
		if (!h)
			return NULL;
		h->size = size;
		return USER(h);
	}
	while (((size_t)1 << shift) < n + sizeof(union header))
		shift++;
	size = (size_t)1 << shift;
	h = free_list[shift];
	if (h) {
		free_list[shift] = h->next;
	} else {
		if ((size_t)(arena_end - arena) < size) {
			arena = map(ARENA_SIZE);
			if (!arena)
				return NULL;
			arena_end = arena + ARENA_SIZE;
		}
		h = (union header *)arena;
		arena += size;
	}
	h->size = size;
	return USER(h);
}

void free(void *p)
{
	union header *h;
	unsigned shift;

	if (!p)
		return;
	h = HEADER(p);
	if (h->size > (size_t)1 << SMALL_SHIFT_MAX) {
		munmap(h, h->size);
		return;
	}
	shift = (unsigned)__builtin_ctzl(h->size);
	h->next = free_list[shift];
	free_list[shift] = h;
}

void *calloc(size_t nmemb, size_t size)
{
	void *p;

	if (size && nmemb > SIZE_MAX / size) {
		errno = ENOMEM;
		return NULL;
	}
	p = malloc(nmemb * size);
	return p ? memset(p, 0, nmemb * size) : NULL;
}

void *realloc(void *p, size_t n)
{
	union header *h;
	size_t have;
	void *q;

	if (!p)
		return malloc(n);
	h = HEADER(p);
	have = h->size - sizeof(union header);
	if (n <= have)
		return p;
	if (h->size > (size_t)1 << SMALL_SHIFT_MAX && n <= SIZE_MAX / 2) {
		size_t size = (n + sizeof(union header) + 4095) & ~(size_t)4095;

		h = mremap(h, h->size, size, MREMAP_MAYMOVE);
		if (h == MAP_FAILED)
			return NULL;
		h->size = size;
		return USER(h);
	}
	q = malloc(n);
	if (q) {
		memcpy(q, p, have);
		free(p);
	}
	return q;
}
