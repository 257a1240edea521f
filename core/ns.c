// SPDX-License-Identifier: MIT
/*
 * ns.c - the namespaces hind-run creates, by name, and the loopback
 * interface of a new network namespace.
 *
 * Kernel rules this file relies on:
 * - A new network namespace holds only "lo", and it is down: bring it up
 *   with SIOCSIFFLAGS on any socket of the namespace.
 * - The cgroup namespace is not in this table's clone flags: it takes the
 *   caller's cgroup as its root, so it is unshared by the child once it
 *   sits in the container's cgroup (spawn.c).
 */
#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include "hind.h"
#include "run.h"

const struct ns_desc ns_table[] = {
	{ "pid", CLONE_NEWPID },
	{ "mount", CLONE_NEWNS },
	{ "uts", CLONE_NEWUTS },
	{ "ipc", CLONE_NEWIPC },
	{ "net", CLONE_NEWNET },
	{ "cgroup", CLONE_NEWCGROUP },
};
const size_t ns_count = ARRAY_SIZE(ns_table);

int ns_flag(const char *name)
{
	size_t i;

	for (i = 0; i < ns_count; i++)
		if (!strcmp(name, ns_table[i].name))
			return ns_table[i].flag;
	return 0;
}

int ns_lo_up(void)
{
	struct ifreq ifr;
	int fd, err = 0;

	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	memset(&ifr, 0, sizeof(ifr));
	memcpy(ifr.ifr_name, "lo", 3);
	if (ioctl(fd, SIOCGIFFLAGS, &ifr) < 0) {
		err = -errno;
	} else if (!(ifr.ifr_flags & IFF_UP)) {
		ifr.ifr_flags |= IFF_UP | IFF_RUNNING;
		if (ioctl(fd, SIOCSIFFLAGS, &ifr) < 0)
			err = -errno;
	}
	close(fd);
	return err;
}
