// SPDX-License-Identifier: MIT
/*
 * caps.c - capability names, sets, and dropping them: the bounding set,
 * then the user, then the effective/permitted/inheritable/ambient sets.
 *
 * Kernel rules this file relies on (capabilities(7)):
 * - At execve a uid 0 process gets permitted = the bounding set (its
 *   file's permitted set counts as full), so only the bounding set stops
 *   a root command from getting back what capset dropped before.
 * - PR_CAPBSET_DROP needs CAP_SETPCAP in the effective set and answers
 *   EINVAL for a number beyond the kernel's last capability: the loop in
 *   caps_bound() ends there, with no /proc read.
 * - setuid from 0 to a non-zero uid clears the permitted, effective and
 *   ambient sets (without PR_SET_KEEPCAPS), but not the inheritable set:
 *   a non-empty one plus a file's inheritable capabilities gives them
 *   back at execve (CVE-2022-24769), so capset empties it.
 * - capset may always lower a set; the ambient set can only hold what is
 *   both permitted and inheritable.
 */
#include <strings.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include "hind.h"
#include "sec.h"

/*
 * The names of capabilities(7) in number order: one string of
 * "CAP_X\0" entries (no table of 41 pointers), each checked against the
 * kernel header's number at compile time.
 */
#define CAP_LIST(X)                                                       \
	X(CHOWN) X(DAC_OVERRIDE) X(DAC_READ_SEARCH) X(FOWNER) X(FSETID)   \
	X(KILL) X(SETGID) X(SETUID) X(SETPCAP) X(LINUX_IMMUTABLE)         \
	X(NET_BIND_SERVICE) X(NET_BROADCAST) X(NET_ADMIN) X(NET_RAW)      \
	X(IPC_LOCK) X(IPC_OWNER) X(SYS_MODULE) X(SYS_RAWIO)               \
	X(SYS_CHROOT) X(SYS_PTRACE) X(SYS_PACCT) X(SYS_ADMIN) X(SYS_BOOT) \
	X(SYS_NICE) X(SYS_RESOURCE) X(SYS_TIME) X(SYS_TTY_CONFIG)         \
	X(MKNOD) X(LEASE) X(AUDIT_WRITE) X(AUDIT_CONTROL) X(SETFCAP)      \
	X(MAC_OVERRIDE) X(MAC_ADMIN) X(SYSLOG) X(WAKE_ALARM)              \
	X(BLOCK_SUSPEND) X(AUDIT_READ) X(PERFMON) X(BPF)                  \
	X(CHECKPOINT_RESTORE)

#define CAP_STR(n) "CAP_" #n "\0"
static const char cap_names[] = CAP_LIST(CAP_STR);

#define CAP_IDX(n) CAP_IDX_##n,
enum { CAP_LIST(CAP_IDX) CAP_COUNT };
#define CAP_CHECK(n) \
	_Static_assert(CAP_IDX_##n == CAP_##n, "CAP_" #n " out of order");
CAP_LIST(CAP_CHECK)
_Static_assert(CAP_COUNT == CAPS_LAST + 1, "CAPS_LAST is not the last");
/* caps_format's longest text: the names without "CAP_", with commas. */
_Static_assert(sizeof(cap_names) - 4 * CAP_COUNT <= CAPS_FORMAT_SIZE,
	       "CAPS_FORMAT_SIZE is too small");

int cap_parse(const char *name)
{
	const char *p = cap_names;
	int cap;

	if (!strncasecmp(name, "CAP_", 4))
		name += 4;
	for (cap = 0; cap <= CAPS_LAST; cap++, p += strlen(p) + 1)
		if (!strcasecmp(name, p + 4))
			return cap;
	return -EINVAL;
}

const char *cap_name(int cap)
{
	const char *p = cap_names;

	if (cap < 0 || cap > CAPS_LAST)
		return NULL;
	while (cap--)
		p += strlen(p) + 1;
	return p;
}

int caps_format(uint64_t set, char *buf, size_t size)
{
	char text[CAPS_FORMAT_SIZE] = "none";
	const char *p = cap_names;
	size_t len = 0, n;
	int cap;

	set &= CAPS_ALL;
	if (set == CAPS_ALL)
		strcpy(text, "all");
	for (cap = 0; set && set != CAPS_ALL && cap <= CAPS_LAST;
	     cap++, p += n + 5) {
		n = strlen(p + 4);
		if (!(set & CAPS_BIT(cap)))
			continue;
		if (len)
			text[len++] = ',';
		memcpy(text + len, p + 4, n + 1);
		len += n;
	}
	n = strlen(text);
	if (size)
		snprintf(buf, size, "%s", text);
	return n < size ? (int)n : -ENOSPC;
}

int caps_bound(uint64_t keep)
{
	int cap;

	for (cap = 0; cap < 64; cap++) {
		if (keep & CAPS_BIT(cap))
			continue;
		if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) < 0)
			return errno == EINVAL ? 0 : -errno;
	}
	return 0;
}

int caps_become(const struct cap_sets *cs, bool user_set, uid_t uid,
		gid_t gid, const gid_t *groups, int ngroups,
		bool keep_for_user, const char **step)
{
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct data[2];
	struct cap_sets want = *cs;
	const char *unused;
	uint64_t have;
	int cap;

	if (!step)
		step = &unused;
	if (user_set) {
		if (uid && !keep_for_user)
			memset(&want, 0, sizeof(want));
		*step = "setgroups";
		if (syscall(SYS_setgroups, ngroups, ngroups ? groups : NULL) < 0)
			return -errno;
		*step = "setgid";
		if (syscall(SYS_setgid, gid) < 0)
			return -errno;
		*step = "keepcaps";
		if (uid && keep_for_user && prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) < 0)
			return -errno;
		*step = "setuid";
		if (syscall(SYS_setuid, uid) < 0)
			return -errno;
		if (uid && keep_for_user)
			(void)prctl(PR_SET_KEEPCAPS, 0, 0, 0, 0);
	}
	/* Keep only what is still permitted (else capset says EPERM) and
	 * bounded (else the set before execve is not the one after it). */
	*step = "capget";
	if (syscall(SYS_capget, &hdr, data) < 0)
		return -errno;
	have = (uint64_t)data[1].permitted << 32 | data[0].permitted;
	for (cap = 0; cap < 64; cap++)
		if ((have & CAPS_BIT(cap)) &&
		    prctl(PR_CAPBSET_READ, cap, 0, 0, 0) != 1)
			have &= ~CAPS_BIT(cap);
	want.permitted &= have;
	want.effective &= want.permitted;
	memset(data, 0, sizeof(data));
	data[0].effective = (uint32_t)want.effective;
	data[1].effective = (uint32_t)(want.effective >> 32);
	data[0].permitted = (uint32_t)want.permitted;
	data[1].permitted = (uint32_t)(want.permitted >> 32);
	data[0].inheritable = (uint32_t)want.inheritable;
	data[1].inheritable = (uint32_t)(want.inheritable >> 32);
	*step = "capset";
	if (syscall(SYS_capset, &hdr, data) < 0)
		return -errno;
	/* capset has emptied it already (it holds only what is also
	 * inheritable); runc clears it anyway, and so does hind. EINVAL:
	 * a kernel before 4.3, which has no ambient set. */
	*step = "ambient";
	if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) < 0 &&
	    errno != EINVAL)
		return -errno;
	/*
	 * The kernel raises only what is permitted and inheritable (EPERM
	 * otherwise): `runc spec` lists ambient capabilities with an empty
	 * inheritable set, and runc and crun let the raise fail quietly.
	 */
	for (cap = 0; cap < 64; cap++)
		if ((want.ambient & CAPS_BIT(cap)) &&
		    prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, cap, 0, 0) < 0 &&
		    errno != EPERM && errno != EINVAL)
			return -errno;
	return 0;
}
