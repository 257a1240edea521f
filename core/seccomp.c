// SPDX-License-Identifier: MIT
/*
 * seccomp.c - hind's default seccomp filter: a classic BPF program built
 * here (no libseccomp), and its loader.
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
 * - Jumps go forward only, by at most 255 instructions (8-bit jt/jf), and
 *   the kernel refuses a program over BPF_MAXINSNS (4096) instructions.
 * - Installing a filter needs no_new_privs or CAP_SYS_ADMIN.
 */
#include <sys/prctl.h>
#include <asm/unistd_64.h>
#include <linux/audit.h>
#include "hind.h"
#include "sec.h"

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
#ifndef SECCOMP_RET_KILL_PROCESS
#define SECCOMP_RET_KILL_PROCESS 0x80000000U
#endif

/* x32 system calls are x86_64 ones with this bit set in nr. */
#define X32_SYSCALL_BIT 0x40000000U

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

/* The program ends with one return of each verdict; jumps go there. */
enum { TO_ALLOW, TO_EPERM, TO_ENOSYS, TO_KILL, TO_COUNT };
static const uint32_t verdict[TO_COUNT] = {
	[TO_ALLOW] = SECCOMP_RET_ALLOW,
	[TO_EPERM] = SECCOMP_RET_ERRNO | EPERM,
	[TO_ENOSYS] = SECCOMP_RET_ERRNO | ENOSYS,
	[TO_KILL] = SECCOMP_RET_KILL_PROCESS,
};

enum {
	LD_W = BPF_LD | BPF_W | BPF_ABS,
	JEQ = BPF_JMP | BPF_JEQ | BPF_K,
	JSET = BPF_JMP | BPF_JSET | BPF_K,
	RET = BPF_RET | BPF_K,
};

struct emit {
	struct sock_filter *prog;
	size_t n;		/* instructions written */
	size_t body;		/* where the returns start */
};

static void op(struct emit *e, uint16_t code, uint32_t k, uint8_t jt,
	       uint8_t jf)
{
	struct sock_filter *f = &e->prog[e->n++];

	f->code = code;
	f->jt = jt;
	f->jf = jf;
	f->k = k;
}

/* The jump offset from the instruction about to be written to a return. */
static uint8_t to(const struct emit *e, int ret)
{
	return (uint8_t)(e->body + (size_t)ret - e->n - 1);
}

size_t seccomp_default(struct sock_filter *prog, size_t max, bool sys_admin)
{
	struct emit e = { .prog = prog };
	size_t i;

	e.body = 5 + ARRAY_SIZE(eperm_nrs) +
		 (sys_admin ? 0 : ARRAY_SIZE(enosys_nrs) + 4);
	if (max < e.body + TO_COUNT)
		return 0;

	op(&e, LD_W, offsetof(struct seccomp_data, arch), 0, 0);
	op(&e, JEQ, AUDIT_ARCH_X86_64, 0, to(&e, TO_KILL));
	op(&e, LD_W, offsetof(struct seccomp_data, nr), 0, 0);
	/* x32, except nr -1: a tracer's "skip this call" (libseccomp too). */
	op(&e, JSET, X32_SYSCALL_BIT, 0, 1);
	op(&e, JEQ, UINT32_MAX, 0, to(&e, TO_KILL));

	for (i = 0; i < ARRAY_SIZE(eperm_nrs); i++)
		op(&e, JEQ, eperm_nrs[i], to(&e, TO_EPERM), 0);
	if (!sys_admin) {
		for (i = 0; i < ARRAY_SIZE(enosys_nrs); i++)
			op(&e, JEQ, enosys_nrs[i], to(&e, TO_ENOSYS), 0);
		/* unshare or clone: CLONE_NEWUSER in their flags' low word. */
		op(&e, JEQ, __NR_unshare, 1, 0);
		op(&e, JEQ, __NR_clone, 0, to(&e, TO_ALLOW));
		op(&e, LD_W, offsetof(struct seccomp_data, args[0]), 0, 0);
		op(&e, JSET, CLONE_NEWUSER, to(&e, TO_EPERM), to(&e, TO_ALLOW));
	}

	for (i = 0; i < TO_COUNT; i++)
		op(&e, RET, verdict[i], 0, 0);
	return e.n;
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
