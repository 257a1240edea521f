// SPDX-License-Identifier: MIT
/*
 * test_sc.c - unit tests of core/sc_compile.c: the system call table
 * (sc_syscall_nr) and the OCI profile compiler (sc_compile). Part of the
 * test_unit binary.
 *
 * The programs are judged by this file's own classic BPF simulator
 * (sim(), after libseccomp's scmp_bpf_sim: the kernel's interpreter for
 * every opcode a seccomp filter may use) and checker (check(): the
 * kernel's rules for accepting a program), never by code from core/.
 * The expected verdicts come from a table of cases and from model(), a
 * direct reading of the profile (the first rule of the call whose
 * conditions hold, in order). With libseccomp's headers (HAVE_LIBSECCOMP,
 * tests/tests.mk) the same profiles are also built by libseccomp and
 * both programs must agree on every case and on random samples: the
 * verdicts runc and crun would give. libseccomp is linked into this host
 * test only, never into hind.
 */
#include <asm/unistd_64.h>
#include <linux/audit.h>
#include <sys/mman.h>
#include "hind.h"
#include "sec.h"
#include "desc.h"
#include "unit.h"
#ifdef HAVE_LIBSECCOMP
/* hind's seccomp_load() (sec.h) has the name of libseccomp's: hide one */
#define seccomp_load libseccomp_load
#include <seccomp.h>
#undef seccomp_load
#endif

#ifndef SECCOMP_RET_KILL_PROCESS
#define SECCOMP_RET_KILL_PROCESS 0x80000000U
#endif
#ifndef SECCOMP_RET_LOG
#define SECCOMP_RET_LOG 0x7ffc0000U
#endif
#define X86_64 AUDIT_ARCH_X86_64
#define I386 AUDIT_ARCH_I386
#define X32 0x40000000U
#define ALLOW SECCOMP_RET_ALLOW
#define ERRNO(e) (SECCOMP_RET_ERRNO | (e))
#define KILLP SECCOMP_RET_KILL_PROCESS
/* sim(): a program the kernel would refuse or that runs off its end. */
#define BAD 0xdeadbeefU

/* ---- the simulator and checker ----------------------------------------- */

/* The verdict of prog for d, as the kernel's classic BPF interpreter. */
static uint32_t sim(const struct sock_filter *prog, size_t len,
		    const struct seccomp_data *d)
{
	uint32_t a = 0, x = 0, mem[BPF_MEMWORDS] = { 0 }, k;
	size_t pc = 0;

	while (pc < len) {
		const struct sock_filter *f = &prog[pc++];
		uint32_t src = BPF_SRC(f->code) == BPF_X ? x : f->k;
		bool j;

		k = f->k;
		switch (BPF_CLASS(f->code)) {
		case BPF_LD:
			if (f->code == (BPF_LD | BPF_W | BPF_ABS)) {
				if (k % 4 || k > sizeof(*d) - 4)
					return BAD;
				memcpy(&a, (const char *)d + k, 4);
			} else if (f->code == (BPF_LD | BPF_IMM)) {
				a = k;
			} else if (f->code == (BPF_LD | BPF_MEM) &&
				   k < BPF_MEMWORDS) {
				a = mem[k];
			} else {
				return BAD;
			}
			break;
		case BPF_LDX:
			if (f->code == (BPF_LDX | BPF_IMM))
				x = k;
			else if (f->code == (BPF_LDX | BPF_MEM) &&
				 k < BPF_MEMWORDS)
				x = mem[k];
			else
				return BAD;
			break;
		case BPF_ST:
		case BPF_STX:
			if (k >= BPF_MEMWORDS)
				return BAD;
			mem[k] = BPF_CLASS(f->code) == BPF_ST ? a : x;
			break;
		case BPF_ALU:
			switch (BPF_OP(f->code)) {
			case BPF_ADD: a += src; break;
			case BPF_SUB: a -= src; break;
			case BPF_MUL: a *= src; break;
			case BPF_DIV:
				if (!src)
					return BAD;
				a /= src;
				break;
			case BPF_AND: a &= src; break;
			case BPF_OR: a |= src; break;
			case BPF_LSH: a = src < 32 ? a << src : 0; break;
			case BPF_RSH: a = src < 32 ? a >> src : 0; break;
			case BPF_NEG: a = -a; break;
			default: return BAD;
			}
			break;
		case BPF_JMP:
			if (BPF_OP(f->code) == BPF_JA) {
				pc += k;
				break;
			}
			switch (BPF_OP(f->code)) {
			case BPF_JEQ: j = a == src; break;
			case BPF_JGT: j = a > src; break;
			case BPF_JGE: j = a >= src; break;
			case BPF_JSET: j = a & src; break;
			default: return BAD;
			}
			pc += j ? f->jt : f->jf;
			break;
		case BPF_RET:
			return BPF_RVAL(f->code) == BPF_A ? a : k;
		case BPF_MISC:
			if (BPF_MISCOP(f->code) == BPF_TAX)
				x = a;
			else
				a = x;
			break;
		}
	}
	return BAD;
}

/* The index of the first instruction the kernel would refuse, or -1. */
static int check(const struct sock_filter *prog, size_t len)
{
	size_t pc;

	if (!len || len > BPF_MAXINSNS)
		return 0;
	for (pc = 0; pc < len; pc++) {
		const struct sock_filter *f = &prog[pc];
		size_t room = len - pc - 1;

		if (BPF_CLASS(f->code) == BPF_JMP &&
		    (BPF_OP(f->code) == BPF_JA ? f->k >= room :
		     f->jt >= room || f->jf >= room))
			return (int)pc;
		if (f->code == (BPF_LD | BPF_W | BPF_ABS) &&
		    (f->k % 4 || f->k > sizeof(struct seccomp_data) - 4))
			return (int)pc;
	}
	return BPF_CLASS(prog[len - 1].code) == BPF_RET ? -1 : (int)len - 1;
}

/* ---- the model: what the profile says ---------------------------------- */

static uint32_t act(enum sc_action a, unsigned ret)
{
	switch (a) {
	case SC_KILL_THREAD: return SECCOMP_RET_KILL_THREAD;
	case SC_KILL_PROCESS: return SECCOMP_RET_KILL_PROCESS;
	case SC_TRAP: return SECCOMP_RET_TRAP;
	case SC_ERRNO: return SECCOMP_RET_ERRNO | (ret & 0xffff);
	case SC_TRACE: return SECCOMP_RET_TRACE | (ret & 0xffff);
	case SC_LOG: return SECCOMP_RET_LOG;
	case SC_ALLOW: return SECCOMP_RET_ALLOW;
	}
	return BAD;
}

static bool holds(const struct sc_cond *c, uint64_t v)
{
	switch (c->op) {
	case SC_NE: return v != c->value;
	case SC_LT: return v < c->value;
	case SC_LE: return v <= c->value;
	case SC_EQ: return v == c->value;
	case SC_GE: return v >= c->value;
	case SC_GT: return v > c->value;
	case SC_MASKED_EQ: return (v & c->value) == c->value2;
	}
	return false;
}

static bool lets_through(enum sc_action a)
{
	return a == SC_ALLOW || a == SC_LOG || a == SC_TRACE;
}

/*
 * The verdict sc_compile's documentation promises for d: the first rule
 * of the call without conditions, if it has one; else the first rule
 * whose conditions all hold; else the default.
 */
static uint32_t model(const struct sc_profile *p,
		      const struct seccomp_data *d)
{
	uint32_t def = act(p->def_action, p->def_ret);
	uint32_t foreign = lets_through(p->def_action) ? KILLP : def;
	uint32_t nr = (uint32_t)d->nr;
	int i, c, pass;

	if (d->arch != X86_64)
		return foreign;
	if (nr >= X32 && nr != UINT32_MAX)
		return foreign;
	for (pass = 0; pass < 2; pass++)
		for (i = 0; i < p->nrules; i++) {
			const struct sc_rule *r = &p->rules[i];

			if (r->nr < 0 || (uint32_t)r->nr != nr ||
			    (!pass && r->ncond))
				continue;
			for (c = 0; c < r->ncond; c++)
				if (!holds(&r->cond[c],
					   d->args[r->cond[c].index]))
					break;
			if (c == r->ncond)
				return act(r->action, r->ret);
		}
	return def;
}

/* ---- libseccomp, for the differential check ---------------------------- */

#ifdef HAVE_LIBSECCOMP
/*
 * The same profile built by libseccomp as runc does (native arch only;
 * bad-arch action = sc_compile's, rules whose action is the default are
 * not added: libseccomp refuses them). Returns the length, 0 on error.
 */
static size_t ref_compile(const struct sc_profile *p, struct sock_filter *out,
			  size_t max, int *err)
{
	uint32_t def = act(p->def_action, p->def_ret);
	scmp_filter_ctx ctx = seccomp_init(def);
	struct scmp_arg_cmp cmp[SC_MAX_COND];
	ssize_t len = 0;
	int fd = -1, i, c;

	*err = ctx ? 0 : -ENOMEM;
	if (!ctx)
		return 0;
	*err = seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH,
				lets_through(p->def_action) ? KILLP : def);
	for (i = 0; !*err && i < p->nrules; i++) {
		const struct sc_rule *r = &p->rules[i];

		if (r->nr < 0 || act(r->action, r->ret) == def)
			continue;
		for (c = 0; c < r->ncond; c++)
			cmp[c] = (struct scmp_arg_cmp){
				r->cond[c].index,
				(enum scmp_compare)(r->cond[c].op + 1),
				r->cond[c].value, r->cond[c].value2 };
		*err = seccomp_rule_add_array(ctx, act(r->action, r->ret),
					      r->nr, (unsigned)r->ncond, cmp);
	}
	if (!*err) {
		fd = memfd_create("ref_bpf", 0);
		*err = fd < 0 ? -errno : seccomp_export_bpf(ctx, fd);
	}
	if (!*err) {
		len = pread(fd, out, max * sizeof(*out), 0);
		if (len <= 0 || len % sizeof(*out) ||
		    (size_t)len == max * sizeof(*out))
			*err = -EIO;
	}
	if (fd >= 0)
		close(fd);
	seccomp_release(ctx);
	return *err ? 0 : (size_t)len / sizeof(*out);
}
#endif

/* ---- cases ------------------------------------------------------------- */

static const char *vname(uint32_t v, char *buf, size_t size)
{
	if (v == ALLOW)
		return "ALLOW";
	if (v == KILLP)
		return "KILL_PROCESS";
	if (v == BAD)
		return "BAD";
	if ((v & SECCOMP_RET_ACTION_FULL) == SECCOMP_RET_ERRNO)
		snprintf(buf, size, "ERRNO(%u)", v & 0xffff);
	else
		snprintf(buf, size, "%#x", v);
	return buf;
}

struct compiled {
	const char *name;
	const struct sc_profile *p;
	struct sock_filter prog[BPF_MAXINSNS];
	size_t len;
#ifdef HAVE_LIBSECCOMP
	struct sock_filter ref[BPF_MAXINSNS];
	size_t rlen;
#endif
};

struct sc_case {
	const char *what;
	uint32_t arch, nr;
	uint64_t a0, a1, a2;
	uint32_t want;
};

static void data_of(struct seccomp_data *d, uint32_t arch, uint32_t nr,
		    const uint64_t *args)
{
	memset(d, 0, sizeof(*d));
	d->arch = arch;
	d->nr = (int)nr;
	d->instruction_pointer = 0x401000;
	memcpy(d->args, args, sizeof(d->args));
}

/* One case: the program, the model and libseccomp all give want. */
static void run_case(const struct compiled *c, const struct sc_case *k)
{
	uint64_t args[6] = { k->a0, k->a1, k->a2, 0, 0, 0 };
	struct seccomp_data d;
	uint32_t got, mod, ref = k->want;
	char b1[24], b2[24], b3[24], b4[24];

	data_of(&d, k->arch, k->nr, args);
	got = sim(c->prog, c->len, &d);
	mod = model(c->p, &d);
#ifdef HAVE_LIBSECCOMP
	ref = sim(c->ref, c->rlen, &d);
#endif
	result(got == k->want && mod == k->want && ref == k->want,
	       "sc %s: %s (nr %d, args %#" PRIx64 " %#" PRIx64 " %#" PRIx64
	       ") -> %s (got %s, model %s, libseccomp %s)", c->name, k->what,
	       (int)k->nr, k->a0, k->a1, k->a2, vname(k->want, b1, 24),
	       vname(got, b2, 24), vname(mod, b3, 24), vname(ref, b4, 24));
}

static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;

static uint64_t rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

/* An argument near one of the profile's values, or any 64-bit value. */
static uint64_t rnd_arg(const struct sc_profile *p)
{
	const struct sc_rule *r;
	uint64_t v;

	if (!p->nrules || rnd() % 4 == 0)
		return rnd() >> (rnd() % 64);
	r = &p->rules[rnd() % (uint64_t)p->nrules];
	if (!r->ncond)
		return rnd() % 4;
	v = r->cond[rnd() % (uint64_t)r->ncond].value;
	switch (rnd() % 6) {
	case 0: return v;
	case 1: return v + 1;
	case 2: return v - 1;
	case 3: return v ^ (UINT64_C(1) << 32);	/* the other high word */
	case 4: return v & UINT32_MAX;
	default: return v | (rnd() << 32);
	}
}

/*
 * n random (arch, nr, args): the program agrees with the model, and
 * with libseccomp's program, on each. One result line for all.
 */
static void run_random(const struct compiled *c, int n)
{
	struct seccomp_data d;
	uint64_t args[6];
	uint32_t arch, nr, got, mod, ref;
	int i, j, bad = 0;
	char b1[24], b2[24], b3[24];

	for (i = 0; i < n; i++) {
		arch = rnd() % 16 ? X86_64 : I386;
		switch (rnd() % 8) {
		case 0: nr = (uint32_t)(rnd() % 1024); break;
		case 1: nr = X32 | (uint32_t)(rnd() % 600); break;
		case 2: nr = UINT32_MAX; break;
		default:
			nr = c->p->nrules ? (uint32_t)c->p->rules[
				rnd() % (uint64_t)c->p->nrules].nr : 0;
		}
		for (j = 0; j < 6; j++)
			args[j] = rnd_arg(c->p);
		data_of(&d, arch, nr, args);
		got = sim(c->prog, c->len, &d);
		mod = model(c->p, &d);
		ref = mod;
#ifdef HAVE_LIBSECCOMP
		ref = sim(c->ref, c->rlen, &d);
#endif
		if (got != mod || ref != mod) {
			if (bad++ < 5)
				printf("# arch %#x nr %d args %#" PRIx64 " %#"
				       PRIx64 " %#" PRIx64 ": got %s, model %s,"
				       " libseccomp %s\n", arch, (int)nr,
				       args[0], args[1], args[2],
				       vname(got, b1, 24), vname(mod, b2, 24),
				       vname(ref, b3, 24));
		}
	}
	result(!bad, "sc %s: %d random calls, the program agrees with the "
	       "model%s (%d differ)", c->name, n,
#ifdef HAVE_LIBSECCOMP
	       " and with libseccomp's program",
#else
	       " (libseccomp's check # SKIP no libseccomp-dev)",
#endif
	       bad);
}

/* Compile p; the program is one the kernel accepts, within limit. */
static bool compile(struct compiled *c, const char *name,
		    const struct sc_profile *p, size_t limit)
{
	int bad;

	c->name = name;
	c->p = p;
	c->len = sc_compile(p, c->prog, BPF_MAXINSNS);
	bad = check(c->prog, c->len);
	result(c->len && c->len <= limit && bad < 0,
	       "sc %s: %zu instructions (<= %zu), every jump and load in "
	       "range, ends in ret (bad at %d)", name, c->len, limit, bad);
#ifdef HAVE_LIBSECCOMP
	{
		int err;

		c->rlen = ref_compile(p, c->ref, BPF_MAXINSNS, &err);
		result(c->rlen && !err, "sc %s: libseccomp builds it too: %zu "
		       "instructions (err %d)", name, c->rlen, err);
	}
#else
	result(true, "sc %s: libseccomp builds it too # SKIP no "
	       "libseccomp-dev (seccomp.h) on this machine", name);
#endif
	return c->len > 0;
}

static void run_cases(const struct compiled *c, const struct sc_case *k,
		      size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		run_case(c, &k[i]);
	run_random(c, 20000);
}

#define RULE(n, a, r) { .nr = (n), .action = (a), .ret = (r) }
#define COND1(n, a, r, i, o, v, v2) { .nr = (n), .action = (a), \
	.ret = (r), .ncond = 1, .cond = { { (i), (o), (v), (v2) } } }

/* ---- the name table ------------------------------------------------------ */

static void test_sc_names(void)
{
	static const struct {
		const char *name;
		int nr;
	} known[] = {
		{ "read", __NR_read }, { "write", __NR_write },
		{ "_sysctl", __NR__sysctl }, { "accept", __NR_accept },
		{ "accept4", __NR_accept4 }, { "clone", __NR_clone },
		{ "clone3", 435 }, { "personality", __NR_personality },
		{ "exit_group", __NR_exit_group }, { "socket", __NR_socket },
		{ "writev", __NR_writev }, { "io_uring_setup", 425 },
		{ "vfork", __NR_vfork }, { "keyctl", __NR_keyctl },
	};
	static const char *const unknown[] = {
		"", "rea", "readx", "READ", "_llseek", "socketcall",
		"sync_file_range2", "nosuchcall", "__NR_read", "read ",
	};
	size_t i;
	bool ok = true;

	for (i = 0; i < ARRAY_SIZE(known); i++)
		if (sc_syscall_nr(known[i].name) != known[i].nr) {
			ok = false;
			printf("# %s: %d, want %d\n", known[i].name,
			       sc_syscall_nr(known[i].name), known[i].nr);
		}
	result(ok, "sc_syscall_nr: %zu names of the kernel headers give "
	       "their numbers (read 0, _sysctl 156, clone3 435)",
	       ARRAY_SIZE(known));
	ok = true;
	for (i = 0; i < ARRAY_SIZE(unknown); i++)
		if (sc_syscall_nr(unknown[i]) != -1) {
			ok = false;
			printf("# '%s': %d, want -1\n", unknown[i],
			       sc_syscall_nr(unknown[i]));
		}
	result(ok, "sc_syscall_nr: %zu unknown names (other arches' "
	       "_llseek, socketcall; case, prefixes) give -1",
	       ARRAY_SIZE(unknown));
}

/* ---- profiles ------------------------------------------------------------ */

/* Docker's namespace flags: clone is allowed without any of them. */
#define NS_MASK 0x7e020000ULL

static void test_sc_basic(void)
{
	static struct sc_rule rules[] = {
		RULE(__NR_read, SC_ALLOW, 0), RULE(__NR_write, SC_ALLOW, 0),
		RULE(__NR_openat, SC_ALLOW, 0), RULE(__NR_close, SC_ALLOW, 0),
		RULE(__NR_exit_group, SC_ALLOW, 0),
		RULE(-1, SC_ALLOW, 0),	/* an unknown name: skipped */
		RULE(__NR_keyctl, SC_ERRNO, ENOSYS),
		RULE(__NR_ptrace, SC_KILL_PROCESS, 0),
		RULE(__NR_kill, SC_TRAP, 0), RULE(__NR_getpid, SC_LOG, 0),
		RULE(__NR_uname, SC_TRACE, 7),
		RULE(__NR_gettid, SC_KILL_THREAD, 0),
		/* the first rule of a call wins: write stays allowed */
		RULE(__NR_write, SC_ERRNO, EIO),
		COND1(__NR_personality, SC_ALLOW, 0, 0, SC_EQ, 0, 0),
		COND1(__NR_personality, SC_ALLOW, 0, 0, SC_EQ, 8, 0),
		COND1(__NR_personality, SC_ALLOW, 0, 0, SC_EQ, 0x20000, 0),
		COND1(__NR_personality, SC_ALLOW, 0, 0, SC_EQ, 0xffffffff, 0),
		COND1(__NR_clone, SC_ALLOW, 0, 0, SC_MASKED_EQ, NS_MASK, 0),
		COND1(__NR_unshare, SC_ERRNO, EPERM, 0, SC_MASKED_EQ,
		      CLONE_NEWUSER, CLONE_NEWUSER),
		RULE(__NR_unshare, SC_ALLOW, 0),
		/* the unconditional rule wins over the one before it */
		COND1(__NR_setns, SC_ERRNO, EPERM, 1, SC_EQ, CLONE_NEWUSER, 0),
		RULE(__NR_setns, SC_ALLOW, 0),
		COND1(__NR_setns, SC_ERRNO, EPERM, 1, SC_EQ, CLONE_NEWNET, 0),
		{ .nr = __NR_socket, .action = SC_ERRNO, .ret = EINVAL,
		  .ncond = 2, .cond = { { 0, SC_EQ, 16, 0 },
					{ 2, SC_EQ, 9, 0 } } },
		COND1(__NR_socket, SC_ALLOW, 0, 2, SC_NE, 9, 0),
		COND1(__NR_socket, SC_ALLOW, 0, 0, SC_NE, 16, 0),
	};
	static const struct sc_profile p = {
		.def_action = SC_ERRNO, .def_ret = EPERM,
		.arches = SC_ARCH_X86_64 | SC_ARCH_X86 | SC_ARCH_X32,
		.rules = rules, .nrules = ARRAY_SIZE(rules),
	};
	static const uint64_t HI = 0x100000000ULL;
	static const struct sc_case k[] = {
		{ "read", X86_64, __NR_read, 0, 0, 0, ALLOW },
		{ "write", X86_64, __NR_write, 1, 0, 0, ALLOW },
		{ "exit_group", X86_64, __NR_exit_group, 0, 0, 0, ALLOW },
		{ "mount: not listed", X86_64, __NR_mount, 0, 0, 0, ERRNO(EPERM) },
		{ "nr 0x3fffffff", X86_64, 0x3fffffff, 0, 0, 0, ERRNO(EPERM) },
		{ "nr -1", X86_64, UINT32_MAX, 0, 0, 0, ERRNO(EPERM) },
		{ "keyctl -> ENOSYS", X86_64, __NR_keyctl, 0, 0, 0, ERRNO(ENOSYS) },
		{ "ptrace -> kill", X86_64, __NR_ptrace, 0, 0, 0, KILLP },
		{ "kill -> trap", X86_64, __NR_kill, 0, 0, 0, SECCOMP_RET_TRAP },
		{ "getpid -> log", X86_64, __NR_getpid, 0, 0, 0, SECCOMP_RET_LOG },
		{ "uname -> trace 7", X86_64, __NR_uname, 0, 0, 0,
		  SECCOMP_RET_TRACE | 7 },
		{ "gettid -> kill thread", X86_64, __NR_gettid, 0, 0, 0,
		  SECCOMP_RET_KILL_THREAD },
		{ "personality(0)", X86_64, __NR_personality, 0, 0, 0, ALLOW },
		{ "personality(8)", X86_64, __NR_personality, 8, 0, 0, ALLOW },
		{ "personality(0x20000)", X86_64, __NR_personality, 0x20000, 0,
		  0, ALLOW },
		{ "personality(0xffffffff)", X86_64, __NR_personality,
		  0xffffffff, 0, 0, ALLOW },
		{ "personality(1)", X86_64, __NR_personality, 1, 0, 0,
		  ERRNO(EPERM) },
		{ "personality(8 | 1<<32): high word", X86_64,
		  __NR_personality, 8 | HI, 0, 0, ERRNO(EPERM) },
		{ "personality(-1)", X86_64, __NR_personality, UINT64_MAX, 0, 0,
		  ERRNO(EPERM) },
		{ "clone(SIGCHLD)", X86_64, __NR_clone, SIGCHLD, 0, 0, ALLOW },
		{ "clone(thread flags)", X86_64, __NR_clone, CLONE_VM |
		  CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD, 0, 0,
		  ALLOW },
		{ "clone(SIGCHLD, high word set)", X86_64, __NR_clone,
		  0xffffffff00000000ULL | SIGCHLD, 0, 0, ALLOW },
		{ "clone(CLONE_NEWUSER)", X86_64, __NR_clone, CLONE_NEWUSER, 0,
		  0, ERRNO(EPERM) },
		{ "clone(CLONE_NEWNET|SIGCHLD)", X86_64, __NR_clone,
		  CLONE_NEWNET | SIGCHLD, 0, 0, ERRNO(EPERM) },
		{ "clone(CLONE_NEWNS)", X86_64, __NR_clone, CLONE_NEWNS, 0, 0,
		  ERRNO(EPERM) },
		{ "unshare(CLONE_NEWUSER): unconditional rule wins", X86_64,
		  __NR_unshare, CLONE_NEWUSER, 0, 0, ALLOW },
		{ "setns(fd, CLONE_NEWUSER): unconditional rule wins", X86_64,
		  __NR_setns, 3, CLONE_NEWUSER, 0, ALLOW },
		{ "setns(fd, CLONE_NEWNET)", X86_64, __NR_setns, 3,
		  CLONE_NEWNET, 0, ALLOW },
		{ "socket(AF_NETLINK, 0, NETLINK_AUDIT)", X86_64, __NR_socket,
		  16, 0, 9, ERRNO(EINVAL) },
		{ "socket(AF_NETLINK, 0, 0)", X86_64, __NR_socket, 16, 0, 0,
		  ALLOW },
		{ "socket(AF_INET, 0, 9)", X86_64, __NR_socket, 2, 0, 9, ALLOW },
		{ "socket(16 | 1<<32, 0, 9)", X86_64, __NR_socket, 16 | HI, 0,
		  9, ALLOW },
		{ "i386 read (listed: the default)", I386, 3, 0, 0, 0,
		  ERRNO(EPERM) },
		{ "i386 nr 0", I386, 0, 0, 0, 0, ERRNO(EPERM) },
		{ "aarch64 read", AUDIT_ARCH_AARCH64, 63, 0, 0, 0, ERRNO(EPERM) },
		{ "x32 read", X86_64, X32 | __NR_read, 0, 0, 0, ERRNO(EPERM) },
		{ "x32 readv (515)", X86_64, X32 | 515, 0, 0, 0, ERRNO(EPERM) },
	};
	static struct compiled c;

	if (compile(&c, "basic", &p, 128))
		run_cases(&c, k, ARRAY_SIZE(k));
}

/* 64-bit comparisons whose values differ in the high word. */
static void test_sc_compare(void)
{
	static const uint64_t V = 0x100000005ULL;
	static struct sc_rule rules[] = {
		COND1(__NR_read, SC_ALLOW, 0, 0, SC_LT, 0x100000005ULL, 0),
		COND1(__NR_write, SC_ALLOW, 0, 0, SC_LE, 0x100000005ULL, 0),
		COND1(__NR_pread64, SC_ALLOW, 0, 1, SC_GT, 0x100000005ULL, 0),
		COND1(__NR_pwrite64, SC_ALLOW, 0, 1, SC_GE, 0x100000005ULL, 0),
		COND1(__NR_close, SC_ALLOW, 0, 2, SC_NE, 0x100000005ULL, 0),
		COND1(__NR_dup, SC_ALLOW, 0, 2, SC_EQ, 0x100000005ULL, 0),
		COND1(__NR_dup2, SC_ALLOW, 0, 0, SC_MASKED_EQ,
		      0xff000000000000ffULL, 0x1200000000000034ULL),
		{ .nr = __NR_mmap, .action = SC_ERRNO, .ret = EACCES,
		  .ncond = 3, .cond = { { 0, SC_GE, 0x10, 0 },
					{ 1, SC_LT, 0x200000000ULL, 0 },
					{ 2, SC_MASKED_EQ, 4, 4 } } },
		COND1(__NR_mmap, SC_ALLOW, 0, 2, SC_MASKED_EQ, 4, 0),
	};
	static const struct sc_profile p = {
		.def_action = SC_ERRNO, .def_ret = EPERM,
		.arches = SC_ARCH_X86_64,
		.rules = rules, .nrules = ARRAY_SIZE(rules),
	};
	/* below, at, above V; the high word lower/higher, the low word not */
	static const uint64_t vals[] = {
		0x100000004ULL, 0x100000005ULL, 0x100000006ULL,
		0x0ffffffffULL, 0x200000000ULL, 0x5ULL, 0xffffffff00000005ULL,
		0x1000000000000005ULL, 0,
	};
	static const struct {
		const char *name;
		int nr, arg;
		enum sc_op op;
	} calls[] = {
		{ "LT", __NR_read, 0, SC_LT }, { "LE", __NR_write, 0, SC_LE },
		{ "GT", __NR_pread64, 1, SC_GT },
		{ "GE", __NR_pwrite64, 1, SC_GE },
		{ "NE", __NR_close, 2, SC_NE }, { "EQ", __NR_dup, 2, SC_EQ },
	};
	static struct sc_case k[ARRAY_SIZE(vals) * ARRAY_SIZE(calls) + 8];
	static char what[ARRAY_SIZE(k)][48];
	static struct compiled c;
	size_t i, j, n = 0;

	for (i = 0; i < ARRAY_SIZE(calls); i++)
		for (j = 0; j < ARRAY_SIZE(vals); j++) {
			struct sc_cond cd = { 0, calls[i].op, V, 0 };
			uint64_t a[3] = { 0, 0, 0 };

			a[calls[i].arg] = vals[j];
			snprintf(what[n], sizeof(what[n]), "%#" PRIx64 " %s %#"
				 PRIx64, vals[j], calls[i].name, V);
			k[n] = (struct sc_case){ what[n], X86_64,
				(uint32_t)calls[i].nr, a[0], a[1], a[2],
				holds(&cd, vals[j]) ? ALLOW : ERRNO(EPERM) };
			n++;
		}
	k[n++] = (struct sc_case){ "dup2 masked: both words match", X86_64,
		__NR_dup2, 0x12abcdef00000034ULL, 0, 0, ALLOW };
	k[n++] = (struct sc_case){ "dup2 masked: the high word differs",
		X86_64, __NR_dup2, 0x13abcdef00000034ULL, 0, 0, ERRNO(EPERM) };
	k[n++] = (struct sc_case){ "dup2 masked: the low word differs",
		X86_64, __NR_dup2, 0x1200000000000035ULL, 0, 0, ERRNO(EPERM) };
	k[n++] = (struct sc_case){ "mmap: 3 conditions hold", X86_64,
		__NR_mmap, 0x10, 0x1ffffffffULL, 7, ERRNO(EACCES) };
	k[n++] = (struct sc_case){ "mmap: the second fails", X86_64,
		__NR_mmap, 0x10, 0x200000000ULL, 7, ERRNO(EPERM) };
	k[n++] = (struct sc_case){ "mmap: the first fails, no PROT_EXEC",
		X86_64, __NR_mmap, 0xf, 0, 3, ALLOW };
	k[n++] = (struct sc_case){ "mmap: no PROT_EXEC", X86_64, __NR_mmap,
		0x10, 0, 3, ALLOW };
	k[n++] = (struct sc_case){ "mmap: the first fails, PROT_EXEC",
		X86_64, __NR_mmap, 0xf, 0, 4, ERRNO(EPERM) };
	if (compile(&c, "compare", &p, 128))
		run_cases(&c, k, n);
}

/* A default that allows: i386 and x32 would go around the rules. */
static void test_sc_allow_default(void)
{
	static struct sc_rule rules[] = {
		RULE(__NR_keyctl, SC_ERRNO, EPERM),
		COND1(__NR_unshare, SC_ERRNO, EPERM, 0, SC_MASKED_EQ,
		      CLONE_NEWUSER, CLONE_NEWUSER),
	};
	static const struct sc_profile p = {
		.def_action = SC_ALLOW,
		.arches = SC_ARCH_X86_64 | SC_ARCH_X86,
		.rules = rules, .nrules = ARRAY_SIZE(rules),
	};
	static const struct sc_case k[] = {
		{ "keyctl", X86_64, __NR_keyctl, 0, 0, 0, ERRNO(EPERM) },
		{ "read", X86_64, __NR_read, 0, 0, 0, ALLOW },
		{ "unshare(CLONE_NEWUSER)", X86_64, __NR_unshare,
		  CLONE_NEWUSER, 0, 0, ERRNO(EPERM) },
		{ "unshare(CLONE_NEWNS)", X86_64, __NR_unshare, CLONE_NEWNS, 0,
		  0, ALLOW },
		{ "nr -1 (a tracer's skip)", X86_64, UINT32_MAX, 0, 0, 0, ALLOW },
		{ "i386 keyctl (288)", I386, 288, 0, 0, 0, KILLP },
		{ "i386 read", I386, 3, 0, 0, 0, KILLP },
		{ "x32 keyctl", X86_64, X32 | __NR_keyctl, 0, 0, 0, KILLP },
		{ "nr 0x7fffffff", X86_64, 0x7fffffff, 0, 0, 0, KILLP },
	};
	static struct compiled c;

	if (compile(&c, "default-allow", &p, 32))
		run_cases(&c, k, ARRAY_SIZE(k));
}

/* An allow list of 300 numbers and the conditional rules around it. */
static void test_sc_large(void)
{
	static struct sc_rule rules[320];
	static struct sc_profile p = {
		.def_action = SC_ERRNO, .def_ret = ENOSYS,
		.arches = SC_ARCH_X86_64 | SC_ARCH_X86 | SC_ARCH_X32,
		.rules = rules,
	};
	static const struct sc_case k[] = {
		{ "read", X86_64, __NR_read, 0, 0, 0, ALLOW },
		{ "nr 299: the last of the list", X86_64, 299, 0, 0, 0, ALLOW },
		{ "nr 300", X86_64, 300, 0, 0, 0, ERRNO(ENOSYS) },
		{ "keyctl (250) -> EPERM", X86_64, __NR_keyctl, 0, 0, 0,
		  ERRNO(EPERM) },
		{ "clone(SIGCHLD)", X86_64, __NR_clone, SIGCHLD, 0, 0, ALLOW },
		{ "clone(CLONE_NEWUSER)", X86_64, __NR_clone, CLONE_NEWUSER, 0,
		  0, ERRNO(EPERM) },
		{ "personality(8)", X86_64, __NR_personality, 8, 0, 0, ALLOW },
		{ "personality(9)", X86_64, __NR_personality, 9, 0, 0,
		  ERRNO(ENOSYS) },
		{ "clone3 -> ENOSYS", X86_64, 435, 0, 0, 0, ERRNO(ENOSYS) },
		{ "i386 read", I386, 3, 0, 0, 0, ERRNO(ENOSYS) },
	};
	static struct compiled c;
	int nr, n = 0;

	/* The conditional rules first: the allow list must not hide them. */
	rules[n++] = (struct sc_rule)COND1(__NR_clone, SC_ALLOW, 0, 0,
					   SC_MASKED_EQ, NS_MASK, 0);
	rules[n++] = (struct sc_rule)COND1(__NR_clone, SC_ERRNO, EPERM, 0,
					   SC_MASKED_EQ, CLONE_NEWUSER,
					   CLONE_NEWUSER);
	rules[n++] = (struct sc_rule)COND1(__NR_personality, SC_ALLOW, 0, 0,
					   SC_EQ, 0, 0);
	rules[n++] = (struct sc_rule)COND1(__NR_personality, SC_ALLOW, 0, 0,
					   SC_EQ, 8, 0);
	rules[n++] = (struct sc_rule)RULE(__NR_keyctl, SC_ERRNO, EPERM);
	for (nr = 0; nr < 300; nr++)
		if (nr != __NR_clone && nr != __NR_personality &&
		    nr != __NR_keyctl)
			rules[n++] = (struct sc_rule)RULE(nr, SC_ALLOW, 0);
	p.nrules = n;
	if (compile(&c, "300 allowed", &p, 400))
		run_cases(&c, k, ARRAY_SIZE(k));
	printf("# sc 300 allowed: %d rules, %zu instructions\n", n, c.len);
}

/* Room: exactly len instructions; sc_compile fails cleanly below. */
static void test_sc_room(void)
{
	static struct sc_rule rules[600];
	static struct sc_rule bad_rule[] = {
		COND1(__NR_read, SC_ALLOW, 0, 6, SC_EQ, 0, 0),
	};
	static struct sc_profile p = { .def_action = SC_KILL_PROCESS,
				       .rules = rules };
	static struct sock_filter a[BPF_MAXINSNS], b[BPF_MAXINSNS];
	struct sc_profile bad = { .def_action = SC_ERRNO, .def_ret = EPERM,
				  .rules = bad_rule, .nrules = 1 };
	size_t len, i;
	bool ok = true;

	/* 600 calls, half conditional: more than 2 chunks and islands */
	for (i = 0; i < 600; i++)
		rules[i] = i % 2 ? (struct sc_rule)RULE((int)i, SC_ALLOW, 0) :
			(struct sc_rule)COND1((int)i, SC_ERRNO, i % 100, 1,
					      SC_GT, i << 30, 0);
	p.nrules = 600;
	len = sc_compile(&p, a, BPF_MAXINSNS);
	for (i = 0; i < 600 && len; i++) {
		uint64_t args[6] = { 0, (i << 30) + 1, 0, 0, 0, 0 };
		struct seccomp_data d;

		data_of(&d, X86_64, (uint32_t)i, args);
		if (sim(a, len, &d) != model(&p, &d))
			ok = false;
		args[1]--;
		data_of(&d, X86_64, (uint32_t)i, args);
		if (sim(a, len, &d) != model(&p, &d))
			ok = false;
	}
	result(len && ok && check(a, len) < 0, "sc 600 calls, 300 "
	       "conditional: %zu instructions, valid, verdicts of the model",
	       len);
	result(len && sc_compile(&p, b, len - 1) == 0 &&
	       sc_compile(&p, b, len) == len &&
	       !memcmp(a, b, len * sizeof(a[0])),
	       "sc_compile needs exactly %zu instructions of room, 0 below",
	       len);
	result(sc_compile(&bad, b, BPF_MAXINSNS) == 0,
	       "sc_compile refuses a condition on args[6]");
	bad_rule[0].cond[0].index = 0;
	bad_rule[0].ncond = SC_MAX_COND + 1;
	result(sc_compile(&bad, b, BPF_MAXINSNS) == 0,
	       "sc_compile refuses %d conditions", SC_MAX_COND + 1);
	bad.nrules = 0;
	len = sc_compile(&bad, b, BPF_MAXINSNS);
	result(len == 5 && check(b, len) < 0, "sc_compile of no rules: %zu "
	       "instructions (arch, nr, default)", len);
}

/* ---- podman's profile, if containers-common is installed ---------------- */

/*
 * A small JSON reader for seccomp.json: enough of RFC 8259 for that file
 * (objects, arrays, strings with simple escapes, unsigned numbers, true,
 * false, null). Nodes live in one array, strings in a copy of the text.
 */
struct jv {
	char t;			/* o a s n b z */
	const char *key;	/* in an object */
	char *s;
	uint64_t n;
	struct jv *kid, *next;
};

struct jp {
	char *p;
	struct jv *nodes;
	size_t used, cap;
};

static void jws(struct jp *j)
{
	while (*j->p == ' ' || *j->p == '\n' || *j->p == '\t' ||
	       *j->p == '\r')
		j->p++;
}

static char *jstr(struct jp *j)
{
	char *s = ++j->p, *o = s;

	while (*j->p && *j->p != '"') {
		if (*j->p == '\\' && j->p[1])
			j->p++;
		*o++ = *j->p++;
	}
	if (*j->p != '"')
		return NULL;
	j->p++;
	*o = '\0';
	return s;
}

static struct jv *jval(struct jp *j)
{
	struct jv *v, **tail;

	jws(j);
	if (j->used == j->cap)
		return NULL;
	v = &j->nodes[j->used++];
	if (*j->p == '{' || *j->p == '[') {
		char close = *j->p == '{' ? '}' : ']';

		v->t = *j->p == '{' ? 'o' : 'a';
		j->p++;
		tail = &v->kid;
		for (jws(j); *j->p != close; jws(j)) {
			const char *key = NULL;
			struct jv *k;

			if (v->t == 'o') {
				if (*j->p != '"' || !(key = jstr(j)))
					return NULL;
				jws(j);
				if (*j->p++ != ':')
					return NULL;
			}
			k = jval(j);
			if (!k)
				return NULL;
			k->key = key;
			*tail = k;
			tail = &k->next;
			jws(j);
			if (*j->p == ',')
				j->p++;
			else if (*j->p != close)
				return NULL;
		}
		j->p++;
	} else if (*j->p == '"') {
		v->t = 's';
		if (!(v->s = jstr(j)))
			return NULL;
	} else if (*j->p >= '0' && *j->p <= '9') {
		v->t = 'n';
		v->n = strtoull(j->p, &j->p, 10);
	} else if (!strncmp(j->p, "true", 4) || !strncmp(j->p, "null", 4)) {
		v->t = *j->p == 't' ? 'b' : 'z';
		v->n = *j->p == 't';
		j->p += 4;
	} else if (!strncmp(j->p, "false", 5)) {
		v->t = 'b';
		j->p += 5;
	} else {
		return NULL;
	}
	return v;
}

static const struct jv *jget(const struct jv *o, const char *key)
{
	const struct jv *k;

	for (k = o && o->t == 'o' ? o->kid : NULL; k; k = k->next)
		if (!strcmp(k->key, key))
			return k;
	return NULL;
}

static bool jhas(const struct jv *a, const char *s)
{
	const struct jv *k;

	for (k = a && a->t == 'a' ? a->kid : NULL; k; k = k->next)
		if (k->t == 's' && !strcmp(k->s, s))
			return true;
	return false;
}

static bool sc_action_of(const char *s, enum sc_action *a)
{
	static const struct {
		const char *name;
		enum sc_action a;
	} acts[] = {
		{ "SCMP_ACT_ALLOW", SC_ALLOW }, { "SCMP_ACT_ERRNO", SC_ERRNO },
		{ "SCMP_ACT_KILL", SC_KILL_THREAD },
		{ "SCMP_ACT_KILL_THREAD", SC_KILL_THREAD },
		{ "SCMP_ACT_KILL_PROCESS", SC_KILL_PROCESS },
		{ "SCMP_ACT_TRAP", SC_TRAP }, { "SCMP_ACT_TRACE", SC_TRACE },
		{ "SCMP_ACT_LOG", SC_LOG },
	};
	size_t i;

	for (i = 0; s && i < ARRAY_SIZE(acts); i++)
		if (!strcmp(s, acts[i].name)) {
			*a = acts[i].a;
			return true;
		}
	return false;
}

static bool sc_op_of(const char *s, enum sc_op *op)
{
	static const char *const ops[] = {
		[SC_NE] = "SCMP_CMP_NE", [SC_LT] = "SCMP_CMP_LT",
		[SC_LE] = "SCMP_CMP_LE", [SC_EQ] = "SCMP_CMP_EQ",
		[SC_GE] = "SCMP_CMP_GE", [SC_GT] = "SCMP_CMP_GT",
		[SC_MASKED_EQ] = "SCMP_CMP_MASKED_EQ",
	};
	size_t i;

	for (i = 0; s && i < ARRAY_SIZE(ops); i++)
		if (!strcmp(s, ops[i])) {
			*op = (enum sc_op)i;
			return true;
		}
	return false;
}

/* Is every capability of the array in the set (names "CAP_X")? */
static bool caps_in(const struct jv *a, uint64_t caps, bool all)
{
	const struct jv *k;

	for (k = a && a->t == 'a' ? a->kid : NULL; k; k = k->next) {
		int cap = k->t == 's' ? cap_parse(k->s) : -1;
		bool in = cap >= 0 && (caps & CAPS_BIT(cap));

		if (all && !in)
			return false;
		if (!all && in)
			return true;
	}
	return all;
}

/*
 * config.json's linux.seccomp as podman (containers/common) writes it
 * for a container with capabilities caps on amd64: entries whose
 * includes/excludes do not fit are left out; a rule with two conditions
 * on one argument becomes one rule per condition (runc). Returns the
 * number of rules, -1 on a file it does not understand.
 */
static int load_profile(const struct jv *root, uint64_t caps,
			struct sc_profile *p, struct sc_rule *rules, int max)
{
	const struct jv *sys, *e, *nm, *arg;
	int n = 0;

	if (!sc_action_of(jget(root, "defaultAction") ?
			  jget(root, "defaultAction")->s : NULL,
			  &p->def_action))
		return -1;
	p->def_ret = jget(root, "defaultErrnoRet") ?
		(unsigned)jget(root, "defaultErrnoRet")->n : EPERM;
	p->arches = SC_ARCH_X86_64 | SC_ARCH_X86 | SC_ARCH_X32;
	sys = jget(root, "syscalls");
	for (e = sys && sys->t == 'a' ? sys->kid : NULL; e; e = e->next) {
		const struct jv *inc = jget(e, "includes");
		const struct jv *exc = jget(e, "excludes");
		struct sc_rule r = { 0 };
		int count[6] = { 0 }, split = 0, i;

		if ((jget(inc, "arches") &&
		     !jhas(jget(inc, "arches"), "amd64")) ||
		    jhas(jget(exc, "arches"), "amd64") ||
		    !caps_in(jget(inc, "caps"), caps, true) ||
		    caps_in(jget(exc, "caps"), caps, false) ||
		    jget(inc, "minKernel"))
			continue;
		if (!sc_action_of(jget(e, "action") ? jget(e, "action")->s :
				  NULL, &r.action))
			return -1;
		r.ret = jget(e, "errnoRet") ? (unsigned)jget(e, "errnoRet")->n
			: EPERM;
		arg = jget(e, "args");
		for (arg = arg && arg->t == 'a' ? arg->kid : NULL; arg;
		     arg = arg->next) {
			struct sc_cond *c = &r.cond[r.ncond];

			if (r.ncond == SC_MAX_COND || !jget(arg, "index") ||
			    jget(arg, "index")->n > 5 ||
			    !sc_op_of(jget(arg, "op") ? jget(arg, "op")->s :
				      NULL, &c->op))
				return -1;
			c->index = (unsigned)jget(arg, "index")->n;
			c->value = jget(arg, "value") ?
				jget(arg, "value")->n : 0;
			c->value2 = jget(arg, "valueTwo") ?
				jget(arg, "valueTwo")->n : 0;
			split |= ++count[c->index] > 1;
			r.ncond++;
		}
		nm = jget(e, "names");
		for (nm = nm && nm->t == 'a' ? nm->kid : NULL; nm;
		     nm = nm->next) {
			r.nr = sc_syscall_nr(nm->s);
			for (i = 0; i < (split ? r.ncond : 1); i++) {
				if (n == max)
					return -1;
				rules[n] = r;
				if (split) {
					rules[n].ncond = 1;
					rules[n].cond[0] = r.cond[i];
				}
				n++;
			}
		}
	}
	p->rules = rules;
	p->nrules = n;
	return n;
}

#define PODMAN_JSON "/usr/share/containers/seccomp.json"

static void test_sc_podman(void)
{
	static struct sc_rule rules[2][1024];
	static struct sc_profile p[2];
	static struct compiled c[2];
	static const char *const name[2] = { "podman default caps",
					     "podman no caps" };
	const uint64_t caps[2] = { CAPS_DEFAULT, 0 };
	struct jp j = { 0 };
	struct jv *root;
	char *text = NULL;
	size_t size = 0;
	ssize_t got;
	int fd, i, n[2];

	fd = open(PODMAN_JSON, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		result(true, "sc podman's seccomp.json # SKIP no "
		       PODMAN_JSON " (Debian: golang-github-containers-"
		       "common)");
		return;
	}
	do {
		text = realloc(text, size + 65536 + 1);
		got = text ? read(fd, text + size, 65536) : -1;
		size += got > 0 ? (size_t)got : 0;
	} while (got > 0);
	close(fd);
	if (!text || got < 0) {
		result(false, "sc podman: read " PODMAN_JSON);
		free(text);
		return;
	}
	text[size] = '\0';
	j.p = text;
	j.cap = size;
	j.nodes = calloc(size, sizeof(*j.nodes));
	root = j.nodes ? jval(&j) : NULL;
	for (i = 0; i < 2; i++) {
		n[i] = root ? load_profile(root, caps[i], &p[i], rules[i],
					   1024) : -1;
		result(n[i] > 300, "sc %s: " PODMAN_JSON " gives %d rules",
		       name[i], n[i]);
	}
	for (i = 0; i < 2; i++) {
		static const struct sc_case k[] = {
			{ "read", X86_64, __NR_read, 0, 0, 0, ALLOW },
			{ "clone(SIGCHLD)", X86_64, __NR_clone, SIGCHLD, 0, 0,
			  ALLOW },
			{ "personality(8)", X86_64, __NR_personality, 8, 0, 0,
			  ALLOW },
			{ "personality(1)", X86_64, __NR_personality, 1, 0, 0,
			  ERRNO(38) },
			{ "kexec_load", X86_64, __NR_kexec_load, 0, 0, 0,
			  ERRNO(EPERM) },
			{ "bpf", X86_64, __NR_bpf, 0, 0, 0, ERRNO(EPERM) },
			{ "i386 read", I386, 3, 0, 0, 0, ERRNO(38) },
		};
		if (n[i] > 0 && compile(&c[i], name[i], &p[i], 1024)) {
			run_cases(&c[i], k, ARRAY_SIZE(k));
			printf("# sc %s: %d rules, %zu instructions\n",
			       name[i], n[i], c[i].len);
		}
	}
	free(j.nodes);
	free(text);
}

void test_sc(void)
{
	test_sc_names();
	test_sc_basic();
	test_sc_compare();
	test_sc_allow_default();
	test_sc_large();
	test_sc_room();
	test_sc_podman();
}
