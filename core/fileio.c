// SPDX-License-Identifier: MIT
/*
 * fileio.c - read and write whole small files (cgroup and /proc files).
 * They return -errno rather than die: a missing cgroup file is often an
 * answer ("this kernel has no memory.peak"), not an error.
 */
#include "hind.h"

ssize_t read_file_at(int dirfd, const char *path, char *buf, size_t size)
{
	size_t len = 0;
	int fd, err = 0;

	if (!size)
		return -EINVAL;
	fd = openat(dirfd, path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	while (len < size - 1) {
		ssize_t n = read(fd, buf + len, size - 1 - len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			err = -errno;
			break;
		}
		if (!n)
			break;
		len += (size_t)n;
	}
	close(fd);
	buf[len] = '\0';
	return err ? err : (ssize_t)len;
}

ssize_t read_file(const char *path, char *buf, size_t size)
{
	return read_file_at(AT_FDCWD, path, buf, size);
}

int write_file_at(int dirfd, const char *path, const char *s)
{
	size_t len = strlen(s);
	ssize_t n;
	int fd;

	fd = openat(dirfd, path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	/* One write: cgroup files take a value per write(2). */
	do
		n = write(fd, s, len);
	while (n < 0 && errno == EINTR);
	if (n < 0) {
		int err = -errno;

		close(fd);
		return err;
	}
	close(fd);
	return (size_t)n == len ? 0 : -EIO;
}

int write_file(const char *path, const char *s)
{
	return write_file_at(AT_FDCWD, path, s);
}

/* The number at the start of s ("max" = HIND_MAX), up to blank or end. */
static int number_of(const char *s, uint64_t *v)
{
	char word[32];
	size_t n = strcspn(s, " \t\n");

	if (n >= sizeof(word))
		return -EINVAL;
	memcpy(word, s, n);
	word[n] = '\0';
	if (!strcmp(word, "max")) {
		*v = HIND_MAX;
		return 0;
	}
	return parse_u64(word, v) ? -EINVAL : 0;
}

int read_u64_at(int dirfd, const char *path, uint64_t *v)
{
	char buf[64];
	ssize_t n = read_file_at(dirfd, path, buf, sizeof(buf));

	if (n < 0)
		return (int)n;
	return number_of(buf, v);
}

int parse_keys_u64(const char *buf, const char *const keys[], uint64_t vals[])
{
	const char *line;
	int found = 0, k;

	for (line = buf; line && *line; line = strchr(line, '\n')) {
		if (*line == '\n')
			line++;
		for (k = 0; keys[k]; k++) {
			size_t klen = strlen(keys[k]);

			if (!strncmp(line, keys[k], klen) && line[klen] == ' ' &&
			    !number_of(line + klen + 1, &vals[k]))
				found |= 1 << k;
		}
	}
	return found;
}

int read_keys_u64_at(int dirfd, const char *path, const char *const keys[],
		     uint64_t vals[])
{
	char buf[4096];
	ssize_t n = read_file_at(dirfd, path, buf, sizeof(buf));

	if (n < 0)
		return (int)n;
	return parse_keys_u64(buf, keys, vals);
}

int read_key_u64_at(int dirfd, const char *path, const char *key,
		    uint64_t *v)
{
	const char *keys[] = { key, NULL };
	int found = read_keys_u64_at(dirfd, path, keys, v);

	return found < 0 ? found : found ? 0 : -ENOENT;
}

char *path_resolve(const char *path)
{
	char link[32], buf[PATH_MAX];
	ssize_t n;
	int fd = open(path, O_PATH | O_CLOEXEC), err;

	if (fd < 0)
		return NULL;
	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	n = readlink(link, buf, sizeof(buf) - 1);
	err = errno;
	close(fd);
	if (n < 0 || buf[0] != '/') {
		errno = n < 0 ? err : ENOENT;
		return NULL;
	}
	buf[n] = '\0';
	return xstrdup(buf);
}
