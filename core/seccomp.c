// SPDX-License-Identifier: MIT
/*
 * seccomp.c - hind's default seccomp filter, a profile compiled by
 * sc_compile() (sc_compile.c: classic BPF, no libseccomp), and the loader
 * of any filter.
 *
 * What the filter refuses, and why (the rest of the system calls is
 * allowed; capabilities already keep the others in check):
 *
 *   system call             verdict  why
 *   other arch, x32 number  kill     i386 (int 0x80) and x32 entries have
 *                                    their own numbers: the list below
 *                                    would not match them
 *   keyctl, add_key,        EPERM    the kernel keyrings are not
 *   request_key                      namespaced: keys of the same uid on
 *                                    the host, and their quota
 *   userfaultfd             EPERM    stalls the kernel at a page fault
 *                                    mid-copy: the lever of many kernel
 *                                    exploit races
 *   perf_event_open         EPERM    not namespaced; watches the host and
 *                                    has a long record of kernel bugs
 *   bpf                     EPERM    the eBPF verifier is a frequent source
 *                                    of kernel privilege escalations
 *   io_uring_setup, _enter, EPERM    a large share of recent kernel
 *   _register                        exploits, and its operations are not
 *                                    system calls a filter can see
 *   kexec_load,             EPERM    boot another kernel (CAP_SYS_BOOT:
 *   kexec_file_load                  also for --cap-add)
 *   open_by_handle_at       EPERM    opens any file of a filesystem by its
 *                                    handle, outside the container's root
 *                                    (the 2014 "shocker" escape)
 *   init_module,            EPERM    load or remove kernel code
 *   finit_module,                    (CAP_SYS_MODULE: also for --cap-add)
 *   delete_module
 *   unshare, clone with     EPERM    a new user namespace holds every
 *   CLONE_NEWUSER (*)                capability inside it, and so reaches
 *                                    kernel code meant for root (netfilter,
 *                                    filesystem parsers): the start of most
 *                                    container escapes of recent years
 *   clone3 (*)              ENOSYS   its flags are in memory a filter cannot
 *                                    read; on ENOSYS glibc and musl fall
 *                                    back to clone, which is checked
 *   fsopen, fsconfig,       ENOSYS   the mount API (CAP_SYS_ADMIN); util-
 *   fsmount, fspick,                 linux 2.39+ mount falls back to
 *   move_mount, open_tree,           mount(2) on ENOSYS, not on EPERM
 *   mount_setattr (*)
 *
 *   (*) allowed with --cap-add SYS_ADMIN (seccomp_default(sys_admin)).
 *
 * Kernel rules this file relies on:
 * - The program sees struct seccomp_data: nr, arch, instruction_pointer,
 *   args[6]; loads are 32-bit words, so args[0] & 0xffffffff is the word
 *   at offsetof(args[0]) on a little-endian machine. clone (x86_64 order:
 *   flags first) and unshare look only at those low 32 bits of their
 *   flags.
 * - The kernel refuses a program over BPF_MAXINSNS (4096) instructions
 *   (sc_compile() also keeps every jump within classic BPF's 255).
 * - Installing a filter needs no_new_privs or CAP_SYS_ADMIN.
 */
#include <sys/prctl.h>
#include <asm/unistd_64.h>
#include "hind.h"
#include "sec.h"
#include "desc.h"

#if !defined(__x86_64__) || defined(__ILP32__)
#error "core/seccomp.c knows the x86_64 system call table only"
#endif

/* Numbers that kernel headers before 5.1 (io_uring) to 5.12 lack. */
#ifndef __NR_io_uring_setup
#define __NR_io_uring_setup 425
#endif
#ifndef __NR_io_uring_enter
#define __NR_io_uring_enter 426
#endif
#ifndef __NR_io_uring_register
#define __NR_io_uring_register 427
#endif
#ifndef __NR_open_tree
#define __NR_open_tree 428
#endif
#ifndef __NR_move_mount
#define __NR_move_mount 429
#endif
#ifndef __NR_fsopen
#define __NR_fsopen 430
#endif
#ifndef __NR_fsconfig
#define __NR_fsconfig 431
#endif
#ifndef __NR_fsmount
#define __NR_fsmount 432
#endif
#ifndef __NR_fspick
#define __NR_fspick 433
#endif
#ifndef __NR_clone3
#define __NR_clone3 435
#endif
#ifndef __NR_mount_setattr
#define __NR_mount_setattr 442
#endif
static const uint16_t eperm_nrs[] = {
	__NR_keyctl, __NR_add_key, __NR_request_key, __NR_userfaultfd,
	__NR_perf_event_open, __NR_bpf, __NR_io_uring_setup,
	__NR_io_uring_enter, __NR_io_uring_register, __NR_kexec_load,
	__NR_kexec_file_load, __NR_open_by_handle_at, __NR_init_module,
	__NR_finit_module, __NR_delete_module,
};

/* Unless sys_admin. */
static const uint16_t enosys_nrs[] = {
	__NR_clone3, __NR_fsopen, __NR_fsconfig, __NR_fsmount, __NR_fspick,
	__NR_move_mount, __NR_open_tree, __NR_mount_setattr,
};

/* Unless sys_admin: EPERM with CLONE_NEWUSER in args[0]'s low word. */
static const uint16_t newuser_nrs[] = { __NR_unshare, __NR_clone };

enum {
	N_RULES = ARRAY_SIZE(eperm_nrs) + ARRAY_SIZE(enosys_nrs) +
		  ARRAY_SIZE(newuser_nrs),
};

/*
 * The filter is an OCI profile of sc_compile()'s: default ALLOW (so the
 * compiler kills i386 and x32 calls, which would go around the list),
 * one rule per refused call. It is filled from the uint16_t tables above
 * at each call rather than kept as a static struct sc_rule table: a rule
 * has room for 6 conditions, and 25 of them would be 4 KiB of the binary.
 */
size_t seccomp_default(struct sock_filter *prog, size_t max, bool sys_admin)
{
	struct sc_rule rules[N_RULES];
	struct sc_profile p = {
		.def_action = SC_ALLOW,
		.arches = SC_ARCH_X86_64,
		.rules = rules,
	};
	size_t i;

	memset(rules, 0, sizeof(rules));
	for (i = 0; i < ARRAY_SIZE(eperm_nrs); i++)
		rules[p.nrules++] = (struct sc_rule){ .nr = eperm_nrs[i],
			.action = SC_ERRNO, .ret = EPERM };
	for (i = 0; !sys_admin && i < ARRAY_SIZE(enosys_nrs); i++)
		rules[p.nrules++] = (struct sc_rule){ .nr = enosys_nrs[i],
			.action = SC_ERRNO, .ret = ENOSYS };
	for (i = 0; !sys_admin && i < ARRAY_SIZE(newuser_nrs); i++)
		rules[p.nrules++] = (struct sc_rule){ .nr = newuser_nrs[i],
			.action = SC_ERRNO, .ret = EPERM, .ncond = 1,
			.cond = { { .index = 0, .op = SC_MASKED_EQ,
				    .value = CLONE_NEWUSER,
				    .value2 = CLONE_NEWUSER } } };
	return sc_compile(&p, prog, max);
}

int seccomp_load(const struct sock_filter *prog, size_t len)
{
	struct sock_fprog fprog = {
		.len = (unsigned short)len,
		.filter = (struct sock_filter *)prog,
	};

	if (!len || len > BPF_MAXINSNS)
		return -EINVAL;
	if (!syscall(__NR_seccomp, SECCOMP_SET_MODE_FILTER, 0, &fprog))
		return 0;
	if (errno == ENOSYS &&
	    !prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &fprog, 0, 0))
		return 0;
	return -errno;
}
