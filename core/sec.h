/* SPDX-License-Identifier: MIT */
/*
 * sec.h - what a container may do: capabilities (caps.c), the default
 * seccomp filter (seccomp.c) and OCI seccomp profiles (sc_compile.c).
 * All are self-contained: no libcap, no libseccomp, raw system calls
 * only.
 *
 * The order a container's process applies them in (runc's, see
 * caps_become() and seccomp_load() for the why of each step):
 *
 *   prctl(PR_SET_NO_NEW_PRIVS, 1)           no setuid/file-cap gains
 *   seccomp_load(prog, seccomp_default())   needs no_new_privs first
 *   caps_bound(keep)                        needs CAP_SETPCAP
 *   caps_become(sets, user_set, uid, gid)   uid, gid, then capset
 *   execve
 *
 * Included by run.h (and so by everything that includes it after hind.h).
 */
#ifndef HIND_SEC_H
#define HIND_SEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <linux/capability.h>
#include <linux/filter.h>
#include <linux/seccomp.h>

/* ---- caps.c: capability names and sets ------------------------------- */

/* Kernel headers older than 5.9 lack the newest capabilities. */
#ifndef CAP_PERFMON
#define CAP_PERFMON 38
#endif
#ifndef CAP_BPF
#define CAP_BPF 39
#endif
#ifndef CAP_CHECKPOINT_RESTORE
#define CAP_CHECKPOINT_RESTORE 40
#endif

/* The last capability hind has a name for: CAP_CHECKPOINT_RESTORE. */
#define CAPS_LAST 40
/* A set of capabilities is a mask: bit N for capability N. */
#define CAPS_BIT(cap) (UINT64_C(1) << (cap))
/* Every capability hind knows (0..CAPS_LAST). */
#define CAPS_ALL (CAPS_BIT(CAPS_LAST + 1) - 1)
/*
 * The default set: Docker's 14 minus CAP_MKNOD (hind has no device cgroup
 * policy, so a device node would be a way to the host's disks).
 */
#define CAPS_DEFAULT                                                      \
	(CAPS_BIT(CAP_CHOWN) | CAPS_BIT(CAP_DAC_OVERRIDE) |               \
	 CAPS_BIT(CAP_FSETID) | CAPS_BIT(CAP_FOWNER) |                    \
	 CAPS_BIT(CAP_NET_RAW) | CAPS_BIT(CAP_SETGID) |                   \
	 CAPS_BIT(CAP_SETUID) | CAPS_BIT(CAP_SETFCAP) |                   \
	 CAPS_BIT(CAP_SETPCAP) | CAPS_BIT(CAP_NET_BIND_SERVICE) |         \
	 CAPS_BIT(CAP_SYS_CHROOT) | CAPS_BIT(CAP_KILL) |                  \
	 CAPS_BIT(CAP_AUDIT_WRITE))
/* A buffer of this size holds any caps_format() output. */
#define CAPS_FORMAT_SIZE 512

/**
 * cap_parse() - the number of a capability name
 * @name: as in capabilities(7), with or without "CAP_", in any case:
 *        "net_raw", "NET_RAW", "CAP_NET_RAW", "cap_Net_Raw"
 *
 * "ALL" is not a capability here: the caller handles it (CAPS_ALL). No
 * side effects.
 *
 * Return: 0..CAPS_LAST, or -EINVAL for an unknown name.
 */
int cap_parse(const char *name);

/**
 * cap_name() - the name of a capability
 * @cap: 0..CAPS_LAST
 *
 * Return: "CAP_NET_RAW" for CAP_NET_RAW; NULL if @cap is out of range.
 */
const char *cap_name(int cap);

/**
 * caps_format() - a set as text, for -v logging
 * @set:  a mask of CAPS_BIT()s; bits above CAPS_LAST are ignored
 * @buf:  where to write, always NUL-terminated when @size > 0
 * @size: its size; CAPS_FORMAT_SIZE always fits
 *
 * Writes "none", "all" (every capability up to CAPS_LAST), or the names
 * without "CAP_", in capability order, separated by commas:
 * "CHOWN,DAC_OVERRIDE,KILL".
 *
 * Return: the length written, or -ENOSPC if it was cut short.
 */
int caps_format(uint64_t set, char *buf, size_t size);

/**
 * caps_bound() - drop every capability not in @keep from the bounding set
 * @keep: the capabilities to keep (bits the kernel lacks are ignored)
 *
 * Drops 0..the last capability the running kernel knows (also those
 * newer than CAPS_LAST, which hind has no name for) with
 * PR_CAPBSET_DROP. Needs CAP_SETPCAP, so it runs before caps_become().
 * The bounding set is what a uid 0 process gets back at execve: its
 * permitted set after exec is the bounding set, so a root command must
 * have the same @keep here as in caps_become().
 *
 * Return: 0 or -errno (-EPERM without CAP_SETPCAP).
 */
int caps_bound(uint64_t keep);

/* The five capability sets of a process (config.json's names). */
struct cap_sets {
	uint64_t bounding, effective, permitted, inheritable, ambient;
};

/* hind-run's sets for the command: @keep effective and permitted, the
 * bounding set @keep, inheritable and ambient empty. */
static inline struct cap_sets caps_only(uint64_t keep)
{
	struct cap_sets cs = { keep, keep, keep, 0, 0 };

	return cs;
}

/**
 * caps_become() - switch to the command's user and capability sets
 * @cs:       effective, permitted, inheritable and ambient (the bounding
 *            set was applied by caps_bound() already)
 * @user_set: switch to @uid and @gid (and @groups)
 * @groups:   additional groups (@ngroups of them; 0: none)
 * @keep_for_user: a non-root @uid keeps @cs (OCI: config.json gives a
 *            user its capabilities); false: a non-root uid gets none
 * @step:     out, the name of the step that failed (may be NULL)
 *
 * In runc's order, after caps_bound() and just before execve:
 * setgroups/setgid/setuid (raw system calls: musl's wrappers synchronise
 * threads a single-threaded child does not have, and with @keep_for_user
 * PR_SET_KEEPCAPS around setuid, which would clear the permitted set);
 * then capset with the sets masked to what the bounding and the
 * permitted sets still hold, and, for hind-run, inheritable = 0, so a
 * file's inheritable capabilities cannot add any at execve
 * (CVE-2022-24769); then the ambient set: cleared, then each capability
 * of @cs->ambient raised (it must be permitted and inheritable).
 *
 * Without @keep_for_user a non-root uid gets no capabilities at all:
 * caps_become() itself empties the sets when @user_set and @uid != 0, so
 * no hind-run caller can forget it; the kernel clears the permitted and
 * effective sets at the switch to a non-root uid anyway.
 *
 * Return: 0 or -errno; *@step names the failed step.
 */
int caps_become(const struct cap_sets *cs, bool user_set, uid_t uid,
		gid_t gid, const gid_t *groups, int ngroups,
		bool keep_for_user, const char **step);

/* ---- sc_compile.c: OCI seccomp profiles ----------------------------- */

struct sc_profile;	/* desc.h */

/**
 * sc_syscall_nr() - the x86_64 number of a system call name
 * @name: as in the kernel's <asm/unistd_64.h> without "__NR_": "read",
 *        "clone3", "_sysctl"
 *
 * The table is generated at build time from the kernel headers the build
 * sees (scripts/gen_syscalls.sh), front-coded; a linear search (a
 * profile of 400 rules reads it 400 times at parse time), no side effects.
 *
 * Return: the number, or -1 for a name the headers do not know (another
 * architecture's, or newer than the headers): an OCI profile's parser
 * skips it, as libseccomp does.
 */
int sc_syscall_nr(const char *name);

/**
 * sc_compile() - compile an OCI seccomp profile to classic BPF
 * @p:    the profile (rules with nr < 0 are ignored)
 * @prog: where to write the program
 * @max:  room in @prog, in instructions (BPF_MAXINSNS is the kernel's
 *        limit)
 *
 * A system call with a rule without conditions gets the first such
 * rule's action (its other rules are dropped, as libseccomp does); else
 * its rules are tried in order and the first whose conditions all hold
 * gives its action; nothing matches: @p->def_action. Arguments are
 * compared as 64-bit values. i386 and x32 calls get the default action
 * whatever @p->arches lists (KILL_PROCESS if the default is ALLOW, LOG or
 * TRACE, which would let them around the rules): the file comment of
 * sc_compile.c says why. No side effects; load the result with
 * seccomp_load().
 *
 * Return: the number of instructions, or 0 if they do not fit in @max or
 * a rule is malformed (more than SC_MAX_COND conditions, an argument
 * index above 5, an unknown operator).
 */
size_t sc_compile(const struct sc_profile *p, struct sock_filter *prog,
		  size_t max);

/* ---- seccomp.c: the default filter ----------------------------------- */

/* A program of this many instructions holds seccomp_default()'s. */
#define SECCOMP_PROG_MAX 64

/**
 * seccomp_default() - build hind's default seccomp filter
 * @prog:      where to write the classic BPF program
 * @max:       room in @prog, in instructions (SECCOMP_PROG_MAX fits)
 * @sys_admin: --cap-add SYS_ADMIN: let the mount API, clone3 and new
 *             user namespaces through
 *
 * The program (x86_64 only; other architectures do not build):
 * - an architecture other than AUDIT_ARCH_X86_64 (an i386 int 0x80 entry)
 *   and an x32 system call (nr & 0x40000000) kill the process; nr -1
 *   (what a tracer sets to skip a call) goes on, to ENOSYS from the kernel;
 * - EPERM for keyctl, add_key, request_key, userfaultfd, perf_event_open,
 *   bpf, io_uring_setup/enter/register, kexec_load, kexec_file_load,
 *   open_by_handle_at, init_module, finit_module, delete_module;
 * - unless @sys_admin: EPERM for unshare and clone with CLONE_NEWUSER in
 *   their flags (args[0], low 32 bits); ENOSYS for clone3 (seccomp cannot
 *   read its flags, so libcs fall back to clone, which it can check) and
 *   for fsopen, fsconfig, fsmount, fspick, move_mount, open_tree and
 *   mount_setattr (mount(8) falls back to mount(2) on ENOSYS, not EPERM);
 * - everything else is allowed.
 * With @sys_admin, user namespaces are allowed as well: clone3 creates
 * them where seccomp cannot look, so blocking them in clone and unshare
 * alone would be for show (Docker allows them with CAP_SYS_ADMIN too).
 *
 * Return: the number of instructions, or 0 if @max is too small.
 */
size_t seccomp_default(struct sock_filter *prog, size_t max, bool sys_admin);

/**
 * seccomp_load() - install a filter on the calling thread
 * @prog: the program
 * @len:  its length in instructions (1..BPF_MAXINSNS)
 *
 * seccomp(SECCOMP_SET_MODE_FILTER), or prctl(PR_SET_SECCOMP) where the
 * kernel has no seccomp(2) (before 3.17). The caller sets no_new_privs
 * first (prctl(PR_SET_NO_NEW_PRIVS, 1)): without it the kernel demands
 * CAP_SYS_ADMIN, and with it a setuid program cannot run with a filter it
 * did not expect. The filter stays across fork and execve and cannot be
 * removed.
 *
 * Return: 0 or -errno.
 */
int seccomp_load(const struct sock_filter *prog, size_t len);

/* ---- sc_compile.c: OCI seccomp profiles ------------------------------ */

/**
 * sc_syscall_nr() - the x86_64 number of a system call
 * @name: as libseccomp names it ("read", "clone3")
 *
 * Return: the number, or -1 for a name the kernel headers do not know
 * (config.json's rule for it is skipped, as libseccomp does).
 */
int sc_syscall_nr(const char *name);

#endif /* HIND_SEC_H */
