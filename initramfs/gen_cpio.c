// SPDX-License-Identifier: MIT
/*
 * gen_cpio.c - write a newc cpio archive from a spec, without root.
 *
 * Usage: gen_cpio SPEC > image.cpio
 *
 * The spec has the kernel's gen_init_cpio format, one entry a line:
 *   dir   NAME MODE UID GID
 *   file  NAME LOCATION MODE UID GID
 *   slink NAME TARGET MODE UID GID
 *   nod   NAME MODE UID GID c|b MAJOR MINOR
 * '#' starts a comment. Every entry gets mtime 0 and an inode number from
 * its position, so the same inputs give the same bytes (reproducible), and
 * device nodes such as /dev/console need no mknod(2) and so no root.
 * A host tool: built with the host compiler, not part of hind.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static unsigned long ino = 721;
static unsigned long offset;

static void out(const void *p, size_t n)
{
	if (fwrite(p, 1, n, stdout) != n) {
		perror("gen_cpio: write");
		exit(1);
	}
	offset += n;
}

static void pad(void)
{
	static const char zero[4];

	out(zero, (4 - offset % 4) % 4);
}

static void header(const char *name, unsigned mode, unsigned uid,
		   unsigned gid, unsigned long size, unsigned rmaj,
		   unsigned rmin)
{
	char h[160];

	while (*name == '/')
		name++;
	snprintf(h, sizeof(h),
		 "070701%08lX%08X%08X%08X%08X%08X%08lX%08X%08X%08X%08X%08lX%08X",
		 ino++, mode, uid, gid, (mode & S_IFMT) == S_IFDIR ? 2u : 1u,
		 0u, size, 0u, 0u, rmaj, rmin,
		 (unsigned long)strlen(name) + 1, 0u);
	out(h, 110);
	out(name, strlen(name) + 1);
	pad();
}

static void add_file(const char *name, const char *from, unsigned mode,
		     unsigned uid, unsigned gid)
{
	char buf[65536];
	struct stat st;
	size_t n;
	FILE *f = fopen(from, "rb");

	if (!f || fstat(fileno(f), &st) < 0) {
		fprintf(stderr, "gen_cpio: cannot read '%s': %s\n", from,
			strerror(errno));
		exit(1);
	}
	header(name, S_IFREG | mode, uid, gid, (unsigned long)st.st_size, 0, 0);
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		out(buf, n);
	fclose(f);
	pad();
}

int main(int argc, char **argv)
{
	char line[4096], type[16], name[1024], a[1024], dev;
	unsigned mode, uid, gid, maj, min;
	unsigned long lineno = 0;
	FILE *spec;

	if (argc != 2) {
		fprintf(stderr, "usage: gen_cpio SPEC > image.cpio\n");
		return 1;
	}
	spec = fopen(argv[1], "r");
	if (!spec) {
		fprintf(stderr, "gen_cpio: cannot open '%s': %s\n", argv[1],
			strerror(errno));
		return 1;
	}
	while (fgets(line, sizeof(line), spec)) {
		lineno++;
		if (line[0] == '#' || line[0] == '\n' ||
		    sscanf(line, "%15s", type) != 1)
			continue;
		if (!strcmp(type, "dir") &&
		    sscanf(line, "%*s %1023s %o %u %u", name, &mode, &uid,
			   &gid) == 4) {
			header(name, S_IFDIR | mode, uid, gid, 0, 0, 0);
		} else if (!strcmp(type, "file") &&
			   sscanf(line, "%*s %1023s %1023s %o %u %u", name, a,
				  &mode, &uid, &gid) == 5) {
			add_file(name, a, mode, uid, gid);
		} else if (!strcmp(type, "slink") &&
			   sscanf(line, "%*s %1023s %1023s %o %u %u", name, a,
				  &mode, &uid, &gid) == 5) {
			header(name, S_IFLNK | mode, uid, gid, strlen(a), 0, 0);
			out(a, strlen(a));
			pad();
		} else if (!strcmp(type, "nod") &&
			   sscanf(line, "%*s %1023s %o %u %u %c %u %u", name,
				  &mode, &uid, &gid, &dev, &maj, &min) == 7 &&
			   (dev == 'c' || dev == 'b')) {
			header(name, (dev == 'c' ? S_IFCHR : S_IFBLK) | mode,
			       uid, gid, 0, maj, min);
		} else {
			fprintf(stderr, "gen_cpio: %s:%lu: bad entry\n",
				argv[1], lineno);
			return 1;
		}
	}
	fclose(spec);
	header("TRAILER!!!", 0, 0, 0, 0, 0, 0);
	/* The kernel reads the archive in 512-byte blocks. */
	while (offset % 512)
		out("", 1);
	return fflush(stdout) ? 1 : 0;
}
