/* SPDX-License-Identifier: MIT */
/*
 * sec.h - what a container may do: capabilities (caps.c) and the default
 * seccomp filter (seccomp.c). Both files are self-contained: no
 * libcap, no libseccomp, raw system calls only.
 *
 * The order a container's process applies them in (runc's, see
 * caps_become() and seccomp_load() for the why of each step):
 *
 *   prctl(PR_SET_NO_NEW_PRIVS, 1)           no setuid/file-cap gains
 *   seccomp_load(prog, seccomp_default())   needs no_new_privs first
 *   caps_bound(keep)                        needs CAP_SETPCAP
 *   caps_become(keep, user_set, uid, gid)   uid, gid, then capset
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

/**
 * caps_become() - switch to the command's user and capability set
 * @keep:     the capabilities to keep in the effective and permitted sets
 * @user_set: change the uid and gid (--user); else they stay
 * @uid:      the uid to become
 * @gid:      the gid to become; the supplementary groups are cleared
 * @step:     if not NULL, set to the step that failed ("setgroups",
 *            "setgid", "setuid", "capget", "capset", "ambient")
 *
 * In runc's order, after caps_bound() and just before execve:
 * setgroups(0)/setgid/setuid (raw system calls: musl's wrappers
 * synchronise threads a single-threaded child does not have); then capset
 * with effective = permitted = @keep, masked to what the bounding and the
 * permitted sets still hold, and inheritable = 0, so a file's inheritable
 * capabilities cannot add any at execve (CVE-2022-24769); then the
 * ambient set is cleared.
 *
 * A non-root uid gets no capabilities: caps_become() itself sets @keep to
 * 0 when @user_set and @uid != 0, so no caller can forget it. That is
 * also why there is no PR_SET_KEEPCAPS around setuid (runc needs it
 * because its configuration may give a non-root user capabilities): the
 * kernel clears the permitted and effective sets at the switch to a
 * non-root uid, which is what hind wants. The inheritable set survives
 * setuid, so capset still runs.
 *
 * Return: 0 or -errno; *@step names the failed step.
 */
int caps_become(uint64_t keep, bool user_set, uid_t uid, gid_t gid,
		const char **step);

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
