// SPDX-License-Identifier: MIT
/*
 * devcg_test.c - hind-devcg-test: the guest check of cg_ops()->devices
 * (core/devcg.c), for tests/guest/29_devcg.sh. Not part of hind; linked
 * with hind's core and installed in the test image as /bin/hind-devcg-test.
 * It changes the machine (a cgroup, a device policy, nodes in /tmp): the
 * QEMU guest only.
 *
 * It makes the cgroup devcg-test.PID below its own (every hierarchy),
 * applies containerd's default rules (deny all; rwm for null, zero, full,
 * random, urandom, tty, console, ptmx and pts; mknod of any node), then
 * forks a child that joins the cgroup and tries, printing "WHAT: RESULT"
 * (RESULT "ok" or the errno name), one line each:
 *
 *   null rw           open /dev/null O_RDWR              allowed: ok
 *   zero r            open /dev/zero O_RDONLY            allowed: ok
 *   kmsg r            open /dev/kmsg (c 1:11) O_RDONLY   EPERM
 *   mknod c 1:3       mknod of a null node in /tmp       "c *:* m": ok
 *   made c 1:3 rw     open that node O_RDWR              ok
 *   mknod c 1:11      mknod of a kmsg node in /tmp       ok
 *   made c 1:11 r     open that node                     EPERM
 *   mknod b 7:0       mknod of a loop node in /tmp       "b *:* m": ok
 *   made b 7:0 r      open that node                     EPERM
 *
 * and, outside the cgroup before it, "outside kmsg r" and "outside made
 * b 7:0 r" (anything but EPERM: the refusal is the cgroup's). Then it
 * removes the nodes and the cgroup. Exit status: 0 when the probes ran
 * (whatever they found), 1 when the cgroup or its policy could not be set
 * up (the reason on stderr), 2 on bad usage.
 */
#include <sys/sysmacros.h>
#include "hind.h"
#include "desc.h"

enum { R = DEV_READ, W = DEV_WRITE, M = DEV_MKNOD, RWM = R | W | M };

static const struct dev_rule containerd[] = {
	{ false, 'a', -1, -1, RWM },
	{ true, 'c', 1, 3, RWM }, { true, 'c', 1, 5, RWM },
	{ true, 'c', 1, 7, RWM }, { true, 'c', 1, 8, RWM },
	{ true, 'c', 1, 9, RWM }, { true, 'c', 5, 0, RWM },
	{ true, 'c', 5, 1, RWM }, { true, 'c', 5, 2, RWM },
	{ true, 'c', 136, -1, RWM },
	{ true, 'c', -1, -1, M }, { true, 'b', -1, -1, M },
};

static const char *err_name(int e)
{
	static char buf[16];

	switch (e) {
	case 0: return "ok";
	case EPERM: return "EPERM";
	case EACCES: return "EACCES";
	case ENOENT: return "ENOENT";
	case ENXIO: return "ENXIO";
	case ENODEV: return "ENODEV";
	case EEXIST: return "EEXIST";
	case EINVAL: return "EINVAL";
	case EROFS: return "EROFS";
	}
	snprintf(buf, sizeof(buf), "errno %d", e);
	return buf;
}

/* open path with flags: 0 or errno. */
static int try_open(const char *path, int flags)
{
	int fd = open(path, flags | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);

	if (fd < 0)
		return errno;
	close(fd);
	return 0;
}

static int try_mknod(const char *path, mode_t type, unsigned maj,
		     unsigned min)
{
	unlink(path);
	return mknod(path, type | 0600, makedev(maj, min)) < 0 ? errno : 0;
}

static void say(const char *what, int e)
{
	xprintf("%s: %s\n", what, err_name(e));
}

/* The child, in the cgroup: every probe of the table at the top. */
static void probes(const char *dir)
{
	char c13[64], c111[64], b70[64];

	snprintf(c13, sizeof(c13), "%s/c13", dir);
	snprintf(c111, sizeof(c111), "%s/c111", dir);
	snprintf(b70, sizeof(b70), "%s/b70", dir);
	say("null rw", try_open("/dev/null", O_RDWR));
	say("zero r", try_open("/dev/zero", O_RDONLY));
	say("kmsg r", try_open("/dev/kmsg", O_RDONLY));
	say("mknod c 1:3", try_mknod(c13, S_IFCHR, 1, 3));
	say("made c 1:3 rw", try_open(c13, O_RDWR));
	say("mknod c 1:11", try_mknod(c111, S_IFCHR, 1, 11));
	say("made c 1:11 r", try_open(c111, O_RDONLY));
	say("mknod b 7:0", try_mknod(b70, S_IFBLK, 7, 0));
	say("made b 7:0 r", try_open(b70, O_RDONLY));
}

int main(int argc, char **argv)
{
	const struct cg_ops *ops = cg_ops();
	char name[64], dir[64], path[80];
	struct cg self, cg;
	int err, status = 0;
	pid_t pid;

	(void)argv;
	applet_name = "hind-devcg-test";
	if (argc != 1) {
		warn("usage: hind-devcg-test (no arguments)");
		return 2;
	}
	snprintf(name, sizeof(name), "devcg-test.%d", (int)getpid());
	snprintf(dir, sizeof(dir), "/tmp/%s", name);
	if (ops->check() < 0 || ops->of_pid(0, &self) < 0 ||
	    ops->create(&self, name, 0, &cg) < 0)
		die("cannot make cgroup '%s': %s", name, cg_error);
	err = ops->devices(&cg, containerd, ARRAY_SIZE(containerd));
	if (err < 0 || mkdir(dir, 0700) < 0) {
		warn("cannot set the device rules: %s",
		     err < 0 ? cg_error : strerror(errno));
		ops->destroy(&cg);
		return 1;
	}
	/* The controls: the same opens from outside the cgroup. */
	snprintf(path, sizeof(path), "%s/b70", dir);
	say("outside kmsg r", try_open("/dev/kmsg", O_RDONLY));
	if (try_mknod(path, S_IFBLK, 7, 0) == 0)
		say("outside made b 7:0 r", try_open(path, O_RDONLY));
	pid = fork();
	if (pid == 0) {
		if (ops->attach(&cg, 0) < 0) {
			warn("cannot join '%s': %s", name, cg_error);
			_exit(1);
		}
		probes(dir);
		_exit(0);
	}
	if (pid < 0 || waitpid(pid, &status, 0) < 0 || status)
		status = 1;
	for (const char *f = "c13\0c111\0b70\0"; *f; f += strlen(f) + 1) {
		snprintf(path, sizeof(path), "%s/%s", dir, f);
		unlink(path);
	}
	rmdir(dir);
	if (ops->kill(&cg) < 0 || ops->destroy(&cg) < 0) {
		warn("cannot remove cgroup '%s': %s", name, cg_error);
		status = 1;
	}
	return status ? 1 : 0;
}
