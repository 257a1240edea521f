// SPDX-License-Identifier: MIT
/*
 * test_sec.c - unit tests of core/caps.c (names, the default set, the
 * text of a set) and core/seccomp.c (the default program). Part of the
 * test_unit binary; no system call of caps.c or seccomp.c runs here.
 *
 * The seccomp program is judged by this file's own classic BPF
 * interpreter and checker, not by code from core/: run_bpf() executes it
 * on a struct seccomp_data the way the kernel does, check_bpf() applies
 * the kernel's rules for accepting it (known opcodes, aligned loads
 * inside seccomp_data, jumps inside the program, a return at the end).
 */
#include <ctype.h>
#include <asm/unistd_64.h>
#include <linux/audit.h>
#include "hind.h"
#include "sec.h"
#include "unit.h"

/* ---- capabilities ------------------------------------------------------ */

/* Every capability, from the kernel header's numbers. */
#define C(x) { CAP_##x, #x }
static const struct {
	int cap;
	const char *name;
} caps[] = {
	C(CHOWN), C(DAC_OVERRIDE), C(DAC_READ_SEARCH), C(FOWNER), C(FSETID),
	C(KILL), C(SETGID), C(SETUID), C(SETPCAP), C(LINUX_IMMUTABLE),
	C(NET_BIND_SERVICE), C(NET_BROADCAST), C(NET_ADMIN), C(NET_RAW),
	C(IPC_LOCK), C(IPC_OWNER), C(SYS_MODULE), C(SYS_RAWIO), C(SYS_CHROOT),
	C(SYS_PTRACE), C(SYS_PACCT), C(SYS_ADMIN), C(SYS_BOOT), C(SYS_NICE),
	C(SYS_RESOURCE), C(SYS_TIME), C(SYS_TTY_CONFIG), C(MKNOD), C(LEASE),
	C(AUDIT_WRITE), C(AUDIT_CONTROL), C(SETFCAP), C(MAC_OVERRIDE),
	C(MAC_ADMIN), C(SYSLOG), C(WAKE_ALARM), C(BLOCK_SUSPEND),
	C(AUDIT_READ), C(PERFMON), C(BPF), C(CHECKPOINT_RESTORE),
};
#undef C

static void cap_case(int cap, const char *name)
{
	char s[5][40];
	const char *got;
	bool ok = true;
	size_t i;
	int k;

	/* NET_RAW, net_raw, CAP_NET_RAW, cap_net_raw, cAp_nEt_rAw */
	snprintf(s[0], sizeof(s[0]), "%s", name);
	snprintf(s[2], sizeof(s[2]), "CAP_%s", name);
	for (i = 0; i < strlen(name) + 1; i++)
		s[1][i] = (char)tolower((unsigned char)name[i]);
	for (i = 0; i < strlen(s[2]) + 1; i++) {
		s[3][i] = (char)tolower((unsigned char)s[2][i]);
		s[4][i] = i % 2 ? s[2][i] : s[3][i];
	}
	for (k = 0; k < 5; k++)
		if (cap_parse(s[k]) != cap) {
			result(false, "cap_parse '%s' = %d (got %d)", s[k], cap,
			       cap_parse(s[k]));
			ok = false;
		}
	got = cap_name(cap);
	result(ok && got && !strcmp(got, s[2]) && cap_parse(got) == cap,
	       "cap_parse %s, %s, %s, %s, %s = %d; cap_name %d = '%s' (got "
	       "'%s')", s[0], s[1], s[2], s[3], s[4], cap, cap, s[2],
	       got ? got : "(null)");
}

static void test_cap_names(void)
{
	static const char *const bad[] = {
		"", "CAP_", "foo", "CAP_NET_RAWX", "ALL", "all", "CAP_ALL",
		"NET_RAW ", " NET_RAW", "NET-RAW", "CAP_CAP_CHOWN", "CAP", "13",
		"CAP_NET_RA", "CHOWN,KILL",
	};
	bool seen[CAPS_LAST + 1] = { false };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(caps); i++) {
		if (caps[i].cap >= 0 && caps[i].cap <= CAPS_LAST)
			seen[caps[i].cap] = true;
		cap_case(caps[i].cap, caps[i].name);
	}
	for (i = 0; i <= CAPS_LAST && seen[i]; i++)
		;
	result(ARRAY_SIZE(caps) == CAPS_LAST + 1 && i == CAPS_LAST + 1,
	       "the names cover 0..%d (the kernel header's CAP_LAST_CAP: %d)",
	       CAPS_LAST, CAP_LAST_CAP);
	for (i = 0; i < ARRAY_SIZE(bad); i++)
		result(cap_parse(bad[i]) == -EINVAL,
		       "cap_parse '%s' is -EINVAL (got %d)", bad[i],
		       cap_parse(bad[i]));
	result(!cap_name(-1) && !cap_name(CAPS_LAST + 1) && !cap_name(63),
	       "cap_name of -1, %d and 63 is NULL", CAPS_LAST + 1);
}

static void format_case(uint64_t set, size_t size, int want_ret,
			const char *want)
{
	char buf[CAPS_FORMAT_SIZE];
	int ret;

	memset(buf, 'x', sizeof(buf));
	ret = caps_format(set, buf, size);
	result(ret == want_ret && !strcmp(buf, want),
	       "caps_format %#" PRIx64 " in %zu bytes = %d '%s' (got %d '%.*s')",
	       set, size, want_ret, want, ret, (int)size, buf);
}

static void test_cap_sets(void)
{
	static const char *const docker[] = {
		"CHOWN", "DAC_OVERRIDE", "FSETID", "FOWNER", "NET_RAW",
		"SETGID", "SETUID", "SETFCAP", "SETPCAP", "NET_BIND_SERVICE",
		"SYS_CHROOT", "KILL", "AUDIT_WRITE",
	};
	static const char dflt[] = "CHOWN,DAC_OVERRIDE,FOWNER,FSETID,KILL,"
		"SETGID,SETUID,SETPCAP,NET_BIND_SERVICE,NET_RAW,SYS_CHROOT,"
		"AUDIT_WRITE,SETFCAP";
	uint64_t want = 0;
	char buf[CAPS_FORMAT_SIZE];
	int cap, worst = 0, ret;
	bool fits = true;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(docker); i++)
		want |= CAPS_BIT(cap_parse(docker[i]));
	result(CAPS_DEFAULT == want && __builtin_popcountll(CAPS_DEFAULT) == 13,
	       "CAPS_DEFAULT is Docker's 13 without MKNOD (%#" PRIx64 ", %d "
	       "bits)", (uint64_t)CAPS_DEFAULT,
	       __builtin_popcountll(CAPS_DEFAULT));
	result(!(CAPS_DEFAULT & (CAPS_BIT(CAP_MKNOD) | CAPS_BIT(CAP_SYS_ADMIN) |
				 CAPS_BIT(CAP_NET_ADMIN) |
				 CAPS_BIT(CAP_SYS_PTRACE) |
				 CAPS_BIT(CAP_DAC_READ_SEARCH))),
	       "CAPS_DEFAULT has no MKNOD, SYS_ADMIN, NET_ADMIN, SYS_PTRACE, "
	       "DAC_READ_SEARCH");
	result(CAPS_ALL == (UINT64_C(1) << 41) - 1, "CAPS_ALL is bits 0..40");

	format_case(CAPS_DEFAULT, sizeof(buf), (int)strlen(dflt), dflt);
	format_case(0, sizeof(buf), 4, "none");
	format_case(CAPS_ALL, sizeof(buf), 3, "all");
	format_case(CAPS_ALL | CAPS_BIT(50), sizeof(buf), 3, "all");
	format_case(CAPS_BIT(50), sizeof(buf), 4, "none");
	format_case(CAPS_BIT(CAP_KILL) | CAPS_BIT(CAP_CHECKPOINT_RESTORE),
		    sizeof(buf), 23, "KILL,CHECKPOINT_RESTORE");
	format_case(CAPS_BIT(CAP_CHOWN) | CAPS_BIT(CAP_KILL), 11, 10,
		    "CHOWN,KILL");
	format_case(CAPS_BIT(CAP_CHOWN) | CAPS_BIT(CAP_KILL), 10, -ENOSPC,
		    "CHOWN,KIL");
	format_case(CAPS_BIT(CAP_CHOWN) | CAPS_BIT(CAP_KILL), 6, -ENOSPC,
		    "CHOWN");
	format_case(0, 4, -ENOSPC, "non");
	format_case(CAPS_DEFAULT, 1, -ENOSPC, "");
	ret = caps_format(CAPS_DEFAULT, buf, 0);
	result(ret == -ENOSPC, "caps_format in 0 bytes is -ENOSPC (got %d)",
	       ret);

	/* The longest text: every capability but one. */
	for (cap = 0; cap <= CAPS_LAST; cap++) {
		ret = caps_format(CAPS_ALL & ~CAPS_BIT(cap), buf, sizeof(buf));
		if (ret < 0 || buf[0] == 'a')
			fits = false;
		if (ret > worst)
			worst = ret;
	}
	result(fits && worst < CAPS_FORMAT_SIZE,
	       "all but one capability fits CAPS_FORMAT_SIZE (%d: longest %d)",
	       CAPS_FORMAT_SIZE, worst);
}

void test_caps(void)
{
	test_cap_names();
	test_cap_sets();
}

/* ---- seccomp ----------------------------------------------------------- */

#ifndef SECCOMP_RET_KILL_PROCESS
#define SECCOMP_RET_KILL_PROCESS 0x80000000U
#endif
#define ALLOW SECCOMP_RET_ALLOW
#define EPERM_ (SECCOMP_RET_ERRNO | EPERM)
#define ENOSYS_ (SECCOMP_RET_ERRNO | ENOSYS)
#define KILL SECCOMP_RET_KILL_PROCESS
/* run_bpf: not a program the kernel would accept. */
#define BAD UINT32_MAX

enum {
	LD_W = BPF_LD | BPF_W | BPF_ABS,
	AND_K = BPF_ALU | BPF_AND | BPF_K,
	JA = BPF_JMP | BPF_JA,
	JEQ = BPF_JMP | BPF_JEQ | BPF_K,
	JGT = BPF_JMP | BPF_JGT | BPF_K,
	JGE = BPF_JMP | BPF_JGE | BPF_K,
	JSET = BPF_JMP | BPF_JSET | BPF_K,
	RET = BPF_RET | BPF_K,
};

/* The verdict of prog for d, as the kernel computes it; BAD if stuck. */
static uint32_t run_bpf(const struct sock_filter *prog, size_t len,
			const struct seccomp_data *d)
{
	const struct sock_filter *f;
	uint32_t a = 0;
	size_t pc = 0;
	bool jump;

	while (pc < len) {
		f = &prog[pc++];
		switch (f->code) {
		case LD_W:
			if (f->k % 4 || f->k > sizeof(*d) - 4)
				return BAD;
			memcpy(&a, (const char *)d + f->k, 4);
			continue;
		case AND_K:
			a &= f->k;
			continue;
		case JA:
			pc += f->k;
			continue;
		case RET:
			return f->k;
		case JEQ:
			jump = a == f->k;
			break;
		case JGT:
			jump = a > f->k;
			break;
		case JGE:
			jump = a >= f->k;
			break;
		case JSET:
			jump = a & f->k;
			break;
		default:
			return BAD;
		}
		pc += jump ? f->jt : f->jf;
	}
	return BAD;
}

/* The index of the first instruction the kernel would refuse, or -1. */
static int check_bpf(const struct sock_filter *prog, size_t len)
{
	size_t pc;

	if (!len || len > BPF_MAXINSNS)
		return 0;
	for (pc = 0; pc < len; pc++) {
		const struct sock_filter *f = &prog[pc];

		switch (f->code) {
		case LD_W:
			if (f->k % 4 || f->k > sizeof(struct seccomp_data) - 4)
				return (int)pc;
			break;
		case AND_K:
		case RET:
			break;
		case JA:
			if (f->k >= len - pc - 1)
				return (int)pc;
			break;
		case JEQ:
		case JGT:
		case JGE:
		case JSET:
			if (f->jt >= len - pc - 1 || f->jf >= len - pc - 1)
				return (int)pc;
			break;
		default:
			return (int)pc;
		}
	}
	return prog[len - 1].code == RET ? -1 : (int)len - 1;
}

static const char *verdict_name(uint32_t v)
{
	switch (v) {
	case ALLOW: return "ALLOW";
	case EPERM_: return "EPERM";
	case ENOSYS_: return "ENOSYS";
	case KILL: return "KILL";
	case BAD: return "BAD";
	default: return "?";
	}
}

struct prog {
	struct sock_filter insn[SECCOMP_PROG_MAX];
	size_t len;
	bool sys_admin;
};

static void sc_case(const struct prog *p, const char *what, uint32_t arch,
		    uint32_t nr, uint64_t arg0, uint32_t want)
{
	struct seccomp_data d;
	uint32_t got;

	memset(&d, 0, sizeof(d));
	d.arch = arch;
	d.nr = (int)nr;
	d.args[0] = arg0;
	d.args[1] = arg0;	/* only args[0] may matter */
	d.instruction_pointer = 0x401000;
	got = run_bpf(p->insn, p->len, &d);
	result(got == want, "seccomp%s: %s (nr %d, arg0 %#" PRIx64 ") -> %s "
	       "(got %s, %#x)", p->sys_admin ? " sys_admin" : "", what,
	       (int)nr, arg0, verdict_name(want), verdict_name(got), got);
}

#define X86 AUDIT_ARCH_X86_64
#define NR(name) #name, __NR_##name

static void test_seccomp_verdicts(const struct prog *p)
{
	static const struct {
		const char *name;
		uint32_t nr;
	} eperm[] = {
		{ NR(keyctl) }, { NR(add_key) }, { NR(request_key) },
		{ NR(userfaultfd) }, { NR(perf_event_open) }, { NR(bpf) },
		{ "io_uring_setup", 425 }, { "io_uring_enter", 426 },
		{ "io_uring_register", 427 }, { NR(kexec_load) },
		{ NR(kexec_file_load) }, { NR(open_by_handle_at) },
		{ NR(init_module) }, { NR(finit_module) },
		{ NR(delete_module) },
	}, enosys[] = {
		{ "clone3", 435 }, { "fsopen", 430 }, { "fsconfig", 431 },
		{ "fsmount", 432 }, { "fspick", 433 }, { "move_mount", 429 },
		{ "open_tree", 428 }, { "mount_setattr", 442 },
	}, allowed[] = {
		{ NR(read) }, { NR(write) }, { NR(execve) }, { NR(vfork) },
		{ NR(fork) }, { NR(openat) }, { NR(mount) }, { NR(setuid) },
		{ NR(setgroups) }, { NR(capset) }, { NR(prctl) },
		{ NR(seccomp) }, { NR(setns) }, { NR(pivot_root) },
		{ NR(kill) }, { NR(exit_group) }, { "pidfd_open", 434 },
		{ "close_range", 436 }, { "quotactl_fd", 443 },
		{ "1023", 1023 },
	};
	uint64_t hi = 0xffffffff00000000ULL;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(eperm); i++)
		sc_case(p, eperm[i].name, X86, eperm[i].nr, 0, EPERM_);
	for (i = 0; i < ARRAY_SIZE(enosys); i++)
		sc_case(p, enosys[i].name, X86, enosys[i].nr, 0,
			p->sys_admin ? ALLOW : ENOSYS_);
	for (i = 0; i < ARRAY_SIZE(allowed); i++)
		sc_case(p, allowed[i].name, X86, allowed[i].nr, 0, ALLOW);

	/* Flags: only CLONE_NEWUSER, only in clone and unshare. */
	sc_case(p, "unshare(CLONE_NEWUSER)", X86, __NR_unshare,
		CLONE_NEWUSER, p->sys_admin ? ALLOW : EPERM_);
	sc_case(p, "unshare(CLONE_NEWUSER|CLONE_NEWNS)", X86, __NR_unshare,
		CLONE_NEWUSER | CLONE_NEWNS, p->sys_admin ? ALLOW : EPERM_);
	sc_case(p, "unshare(CLONE_NEWNS)", X86, __NR_unshare, CLONE_NEWNS,
		ALLOW);
	sc_case(p, "unshare(CLONE_NEWNET|CLONE_NEWPID|CLONE_NEWCGROUP)", X86,
		__NR_unshare, CLONE_NEWNET | CLONE_NEWPID | CLONE_NEWCGROUP,
		ALLOW);
	sc_case(p, "clone(CLONE_NEWUSER|SIGCHLD)", X86, __NR_clone,
		CLONE_NEWUSER | SIGCHLD, p->sys_admin ? ALLOW : EPERM_);
	sc_case(p, "clone(CLONE_VM|CLONE_VFORK|SIGCHLD)", X86, __NR_clone,
		CLONE_VM | CLONE_VFORK | SIGCHLD, ALLOW);
	sc_case(p, "clone(SIGCHLD)", X86, __NR_clone, SIGCHLD, ALLOW);
	sc_case(p, "clone(thread flags, the high word set)", X86, __NR_clone,
		hi | CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND |
		CLONE_THREAD, ALLOW);
	sc_case(p, "clone(CLONE_NEWUSER, the high word set)", X86,
		__NR_clone, hi | CLONE_NEWUSER, p->sys_admin ? ALLOW : EPERM_);
	sc_case(p, "read(CLONE_NEWUSER as the fd)", X86, __NR_read,
		CLONE_NEWUSER, ALLOW);
	sc_case(p, "setns(fd, CLONE_NEWUSER in arg0)", X86, __NR_setns,
		CLONE_NEWUSER, ALLOW);

	/* Other entry points. */
	sc_case(p, "i386 read", AUDIT_ARCH_I386, 3, 0, KILL);
	sc_case(p, "i386 nr 0", AUDIT_ARCH_I386, 0, 0, KILL);
	sc_case(p, "aarch64 read", AUDIT_ARCH_AARCH64, 63, 0, KILL);
	sc_case(p, "arch 0", 0, __NR_read, 0, KILL);
	sc_case(p, "x32 read", X86, 0x40000000U | __NR_read, 0, KILL);
	sc_case(p, "x32 keyctl", X86, 0x40000000U | __NR_keyctl, 0, KILL);
	sc_case(p, "x32 readv (515)", X86, 0x40000000U | 515, 0, KILL);
	sc_case(p, "nr 0x7fffffff", X86, 0x7fffffffU, 0, KILL);
	sc_case(p, "nr -2", X86, 0xfffffffeU, 0, KILL);
	sc_case(p, "nr -1 (a tracer's skip)", X86, 0xffffffffU, 0, ALLOW);
}

static void test_seccomp_prog(struct prog *p, bool sys_admin)
{
	struct sock_filter small[SECCOMP_PROG_MAX];
	int bad;

	p->sys_admin = sys_admin;
	p->len = seccomp_default(p->insn, ARRAY_SIZE(p->insn), sys_admin);
	bad = check_bpf(p->insn, p->len);
	result(p->len > 0 && p->len <= SECCOMP_PROG_MAX &&
	       p->len <= BPF_MAXINSNS && bad < 0,
	       "seccomp_default(sys_admin=%d): %zu instructions (<= %d, <= "
	       "BPF_MAXINSNS), loads and jumps in range, ends in RET (bad at "
	       "%d)", sys_admin, p->len, SECCOMP_PROG_MAX, bad);
	result(seccomp_default(small, p->len - 1, sys_admin) == 0 &&
	       seccomp_default(small, p->len, sys_admin) == p->len &&
	       !memcmp(small, p->insn, p->len * sizeof(small[0])),
	       "seccomp_default(sys_admin=%d) needs exactly %zu instructions "
	       "of room", sys_admin, p->len);
}

void test_seccomp(void)
{
	struct prog def, admin;

	/* Literal numbers: the header the filter is built from is right. */
	result(__NR_keyctl == 250 && __NR_bpf == 321 &&
	       __NR_perf_event_open == 298 && __NR_open_by_handle_at == 304 &&
	       __NR_unshare == 272 && __NR_clone == 56 &&
	       __NR_userfaultfd == 323 && __NR_finit_module == 313,
	       "x86_64 numbers: keyctl 250, bpf 321, perf_event_open 298, "
	       "open_by_handle_at 304, unshare 272, clone 56, userfaultfd 323, "
	       "finit_module 313");

	test_seccomp_prog(&def, false);
	test_seccomp_prog(&admin, true);
	result(admin.len < def.len, "the sys_admin program is shorter (%zu "
	       "< %zu)", admin.len, def.len);
	test_seccomp_verdicts(&def);
	test_seccomp_verdicts(&admin);
}
