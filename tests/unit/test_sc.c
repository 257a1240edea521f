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
 *
 * podman's and Docker's default profiles go the whole way hind-oci's
 * does: the template expanded for a capability set as the engine does
 * (expand()), wrapped in a config.json, parsed by oci_config_parse()
 * (core/oci_config.c, linked into the same binary), then compiled.
 */
#include <asm/unistd_64.h>
#include <linux/audit.h>
#include <sys/mman.h>
#include "hind.h"
#include "sec.h"
#include "desc.h"
#include "json.h"
#include "oci.h"
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

/* ---- podman's and Docker's profiles, through the config.json parser --- */

/*
 * podman's /usr/share/containers/seccomp.json (containers-common) and
 * Docker's default.json are templates, not config.json's linux.seccomp:
 * the engine expands one for the container before it writes config.json
 * (moby's profiles/seccomp setupSeccomp(); containers/common's
 * pkg/seccomp does the same). archMap becomes "architectures": the
 * native one and its sub-architectures. An entry is left out when its
 * excludes.arches has the native arch ("amd64"), excludes.caps has a
 * capability of the bounding set or excludes.minKernel is at most the
 * kernel's version; or when includes.arches lacks "amd64", includes.caps
 * has one outside the bounding set or includes.minKernel is above the
 * kernel's. The rest of each entry is copied as it is, without includes,
 * excludes and comment, which the runtime spec does not have.
 *
 * hind's parser reads config.json as runc does, so it ignores
 * includes/excludes (unknown properties): given the template itself, it
 * would keep every conditional entry. So expand() below does the
 * engine's part, over core/json.c's tokens of the template, and writes
 * the whole config.json that engine would hand to the runtime. The test
 * then runs oci_config_parse() and sc_compile() on it, as hind-oci does,
 * and libseccomp (ref_compile) builds the profile the parser produced:
 * the same expanded rule set. The kernel is taken to be 6.1, the oldest
 * hind's suite boots: Docker's minKernel 4.8 entry (ptrace and
 * process_vm_readv/writev without CAP_SYS_PTRACE) is kept.
 */
#define KERNEL_MAJOR 6
#define KERNEL_MINOR 1

/* Token t's text as in the JSON (a string with its quotes). */
static void sb_raw(struct strbuf *b, const struct json *j, int t)
{
	int q = json_type(j, t) == JSON_STRING;

	sb_addn(b, j->s + j->t[t].start - q,
		(size_t)(j->t[t].end - j->t[t].start + 2 * q));
}

/* o's member key as "key":value, a comma first unless *first. */
static void sb_member(struct strbuf *b, const struct json *j, int o,
		      const char *key, bool *first)
{
	int v = json_get(j, o, key);

	if (v < 0 || json_type(j, v) == JSON_NULL)
		return;
	sb_addf(b, "%s\"%s\":", *first ? "" : ",", key);
	*first = false;
	sb_raw(b, j, v);
}

/* Does a (an array token, or -1) have the string s? */
static bool has_str(const struct json *j, int a, const char *s)
{
	int e;

	if (a < 0 || json_type(j, a) != JSON_ARRAY)
		return false;
	json_for_each(j, a, e)
		if (json_eq(j, e, s))
			return true;
	return false;
}

/* How many names of a (an array, or -1) are in caps; *n: how many it has. */
static int caps_in(const struct json *j, int a, uint64_t caps, int *n)
{
	char name[64];
	int e, cap, in = 0;

	*n = 0;
	if (a < 0 || json_type(j, a) != JSON_ARRAY)
		return 0;
	json_for_each(j, a, e) {
		(*n)++;
		cap = json_type(j, e) == JSON_STRING &&
		      json_str_max(j, e) <= sizeof(name) &&
		      json_str(j, e, name) >= 0 ? cap_parse(name) : -1;
		in += cap >= 0 && (caps & CAPS_BIT(cap));
	}
	return in;
}

/* Is the kernel at least minKernel v ("4.8")? 1, 0, or -1 if v is bad. */
static int kernel_ge(const struct json *j, int v)
{
	uint64_t major, minor = 0;
	const char *p;
	char s[32];

	if (json_type(j, v) != JSON_STRING || json_str_max(j, v) > sizeof(s) ||
	    json_str(j, v, s) < 0 || parse_dec(s, &p, &major) < 0 ||
	    (*p == '.' && parse_dec(p + 1, &p, &minor) < 0))
		return -1;
	return major != KERNEL_MAJOR ? major < KERNEL_MAJOR :
		minor <= KERNEL_MINOR;
}

/* Does the engine keep syscalls entry e? 1, 0, or -1 for a bad one. */
static int keep(const struct json *j, int e, uint64_t caps)
{
	int inc = json_get(j, e, "includes"), exc = json_get(j, e, "excludes");
	int a, k, n;

	if (exc >= 0 && json_type(j, exc) == JSON_OBJECT) {
		if (has_str(j, json_get(j, exc, "arches"), "amd64") ||
		    caps_in(j, json_get(j, exc, "caps"), caps, &n) > 0)
			return 0;
		k = json_get(j, exc, "minKernel");
		if (k >= 0 && json_type(j, k) != JSON_NULL &&
		    (k = kernel_ge(j, k)) != 0)
			return k < 0 ? -1 : 0;
	}
	if (inc >= 0 && json_type(j, inc) == JSON_OBJECT) {
		a = json_get(j, inc, "arches");
		if (a >= 0 && json_type(j, a) == JSON_ARRAY && j->t[a].size &&
		    !has_str(j, a, "amd64"))
			return 0;
		if (caps_in(j, json_get(j, inc, "caps"), caps, &n) < n)
			return 0;
		k = json_get(j, inc, "minKernel");
		if (k >= 0 && json_type(j, k) != JSON_NULL &&
		    (k = kernel_ge(j, k)) <= 0)
			return k;
	}
	return 1;
}

/*
 * Into b, the config.json an engine writes for a container with the
 * bounding set caps on amd64, its seccomp the template's expansion (see
 * above), its root the directory root. Return: 0, or -1 if the template
 * is not JSON or has a minKernel that is not "X.Y".
 */
static int expand(struct strbuf *b, const char *text, size_t len,
		  uint64_t caps, const char *root)
{
	struct json j;
	int a, e, k, cap, r = 0;
	bool first = true, ent = true, m;

	if (json_parse(&j, text, len) < 0)
		return -1;
	sb_add(b, "{\"ociVersion\":\"1.0.2\",\"process\":{\"args\":[\"sh\"],"
	       "\"cwd\":\"/\",\"capabilities\":{\"bounding\":[");
	for (cap = 0; cap <= CAPS_LAST; cap++)
		if (caps & CAPS_BIT(cap)) {
			sb_addf(b, "%s\"%s\"", first ? "" : ",", cap_name(cap));
			first = false;
		}
	sb_add(b, "]}},\"root\":{\"path\":");
	sb_json(b, root);
	sb_add(b, "},\"linux\":{\"namespaces\":[{\"type\":\"mount\"}],"
	       "\"seccomp\":{");
	first = true;
	sb_member(b, &j, 0, "defaultAction", &first);
	sb_member(b, &j, 0, "defaultErrnoRet", &first);
	sb_member(b, &j, 0, "architectures", &first);
	sb_member(b, &j, 0, "flags", &first);
	a = json_get(&j, 0, "archMap");
	if (a >= 0 && json_type(&j, a) == JSON_ARRAY)
		json_for_each(&j, a, e) {
			k = json_get(&j, e, "architecture");
			if (k < 0 || !json_eq(&j, k, "SCMP_ARCH_X86_64"))
				continue;
			sb_addf(b, "%s\"architectures\":[", first ? "" : ",");
			first = false;
			sb_raw(b, &j, k);
			a = json_get(&j, e, "subArchitectures");
			if (a >= 0 && json_type(&j, a) == JSON_ARRAY)
				json_for_each(&j, a, k) {
					sb_add(b, ",");
					sb_raw(b, &j, k);
				}
			sb_add(b, "]");
			break;
		}
	sb_addf(b, "%s\"syscalls\":[", first ? "" : ",");
	a = json_get(&j, 0, "syscalls");
	if (a >= 0 && json_type(&j, a) == JSON_ARRAY)
		json_for_each(&j, a, e) {
			r = keep(&j, e, caps);
			if (r < 0)
				break;
			if (!r)
				continue;
			sb_add(b, ent ? "{" : ",{");
			ent = false;
			m = true;
			/* Go's Syscall.Name: a one-name entry */
			k = json_get(&j, e, "name");
			if (k >= 0) {
				sb_add(b, "\"names\":[");
				sb_raw(b, &j, k);
				sb_add(b, "]");
				m = false;
			}
			sb_member(b, &j, e, "names", &m);
			sb_member(b, &j, e, "action", &m);
			sb_member(b, &j, e, "errnoRet", &m);
			sb_member(b, &j, e, "args", &m);
			sb_add(b, "}");
		}
	sb_add(b, "]}}}");
	json_free(&j);
	return r < 0 ? -1 : 0;
}

/* The whole file, NUL-terminated; NULL if it cannot be read. */
static char *slurp(const char *path, size_t *len)
{
	char *text = NULL, *t;
	size_t size = 0;
	ssize_t got;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return NULL;
	do {
		t = realloc(text, size + 65536 + 1);
		if (!t)
			break;
		text = t;
		got = read(fd, text + size, 65536);
		size += got > 0 ? (size_t)got : 0;
	} while (got > 0);
	close(fd);
	if (!t || got < 0) {
		free(text);
		return NULL;
	}
	text[size] = '\0';
	*len = size;
	return text;
}

/* One case of a template's table: its verdict for each capability set. */
struct tcase {
	const char *what;
	uint32_t arch, nr;
	uint64_t a0, a1, a2;
	uint32_t want[3];
};

/* A capability set the template is expanded for. */
struct capset {
	const char *name;
	uint64_t caps;
};

/*
 * For each of the 3 sets: expand the template text, parse the result
 * with oci_config_parse() (bundle and root: dir), compile its profile,
 * then the table (column i) and random samples, against the model and
 * libseccomp.
 */
static void run_template(const char *text, size_t len, const char *dir,
			 const struct capset *set, const struct tcase *t,
			 size_t nt)
{
	static struct sc_case k[64];
	static struct compiled c;
	struct oci_extra x;
	struct run_desc rd;
	size_t i, n;
	int s, r;

	for (s = 0; s < 3; s++) {
		struct strbuf b = SB_INIT;
		const char *why = "ok";
		bool ok;

		r = expand(&b, text, len, set[s].caps, dir);
		if (r)
			why = "not a template";
		else if ((r = oci_config_parse(b.buf, b.len, dir, &rd, &x)))
			why = oci_error;
		free(b.buf);
		ok = !r && rd.seccomp && rd.caps.bounding == set[s].caps;
		result(ok, "sc %s: the template expanded as the engine does, "
		       "parsed by oci_config_parse(): %d rules (%s)",
		       set[s].name, ok ? rd.seccomp->nrules : -1, why);
		if (!ok) {
			if (!r)
				oci_free();
			continue;
		}
		for (i = n = 0; i < nt && n < ARRAY_SIZE(k); i++, n++)
			k[n] = (struct sc_case){ t[i].what, t[i].arch, t[i].nr,
				t[i].a0, t[i].a1, t[i].a2, t[i].want[s] };
		if (compile(&c, set[s].name, rd.seccomp, 1024)) {
			run_cases(&c, k, n);
#ifdef HAVE_LIBSECCOMP
			printf("# sc %s: %d rules, %zu instructions "
			       "(libseccomp: %zu)\n", set[s].name,
			       rd.seccomp->nrules, c.len, c.rlen);
#else
			printf("# sc %s: %d rules, %zu instructions\n",
			       set[s].name, rd.seccomp->nrules, c.len);
#endif
		}
		oci_free();
	}
}

#define PODMAN_JSON "/usr/share/containers/seccomp.json"
#define E1 ERRNO(EPERM)
#define E38 ERRNO(ENOSYS)

/*
 * podman's template, as installed by containers-common. Its defaults
 * (containers.conf default_capabilities, containers-common 0.50.1):
 * CHOWN DAC_OVERRIDE FOWNER FSETID KILL NET_BIND_SERVICE SETFCAP SETGID
 * SETPCAP SETUID SYS_CHROOT, no AUDIT_WRITE. The verdicts below are the
 * template's text: default ERRNO(ENOSYS); clone, clone3, unshare, setns,
 * ptrace and keyctl in the allow list; kexec_load and co. EPERM; the
 * capability pairs (an allow rule including a cap, an EPERM rule
 * excluding it); socket(AF_NETLINK, *, NETLINK_AUDIT) EINVAL without
 * CAP_AUDIT_WRITE.
 */
static void test_sc_podman(const char *dir)
{
	static const struct capset set[3] = {
		{ "podman default caps",
		  CAPS_BIT(CAP_CHOWN) | CAPS_BIT(CAP_DAC_OVERRIDE) |
		  CAPS_BIT(CAP_FOWNER) | CAPS_BIT(CAP_FSETID) |
		  CAPS_BIT(CAP_KILL) | CAPS_BIT(CAP_NET_BIND_SERVICE) |
		  CAPS_BIT(CAP_SETFCAP) | CAPS_BIT(CAP_SETGID) |
		  CAPS_BIT(CAP_SETPCAP) | CAPS_BIT(CAP_SETUID) |
		  CAPS_BIT(CAP_SYS_CHROOT) },
		{ "podman no caps", 0 },
		{ "podman all caps", CAPS_ALL },
	};
	/* default caps, none, all */
	static const struct tcase t[] = {
		{ "read", X86_64, __NR_read, 0, 0, 0, { ALLOW, ALLOW, ALLOW } },
		{ "clone(SIGCHLD)", X86_64, __NR_clone, SIGCHLD, 0, 0,
		  { ALLOW, ALLOW, ALLOW } },
		{ "clone(CLONE_NEWUSER): allowed, caps decide", X86_64,
		  __NR_clone, CLONE_NEWUSER | SIGCHLD, 0, 0,
		  { ALLOW, ALLOW, ALLOW } },
		{ "clone3", X86_64, 435, 0, 0, 0, { ALLOW, ALLOW, ALLOW } },
		{ "setns: the allow list wins", X86_64, __NR_setns, 3, 0, 0,
		  { ALLOW, ALLOW, ALLOW } },
		{ "personality(0)", X86_64, __NR_personality, 0, 0, 0,
		  { ALLOW, ALLOW, ALLOW } },
		{ "personality(PER_LINUX32)", X86_64, __NR_personality, 8, 0,
		  0, { ALLOW, ALLOW, ALLOW } },
		{ "personality(UNAME26|PER_LINUX32)", X86_64,
		  __NR_personality, 0x20008, 0, 0, { ALLOW, ALLOW, ALLOW } },
		{ "personality(0xffffffff): a query", X86_64,
		  __NR_personality, 0xffffffff, 0, 0, { ALLOW, ALLOW, ALLOW } },
		{ "personality(1)", X86_64, __NR_personality, 1, 0, 0,
		  { E38, E38, E38 } },
		{ "kexec_load", X86_64, __NR_kexec_load, 0, 0, 0,
		  { E1, E1, E1 } },
		{ "io_uring_setup: not listed", X86_64, 425, 0, 0, 0,
		  { E38, E38, E38 } },
		{ "bpf: CAP_SYS_ADMIN", X86_64, __NR_bpf, 0, 0, 0,
		  { E1, E1, ALLOW } },
		{ "chroot: CAP_SYS_CHROOT", X86_64, __NR_chroot, 0, 0, 0,
		  { ALLOW, E1, ALLOW } },
		{ "open_by_handle_at: CAP_DAC_READ_SEARCH", X86_64,
		  __NR_open_by_handle_at, 0, 0, 0, { E1, E1, ALLOW } },
		{ "clock_settime: CAP_SYS_TIME", X86_64, __NR_clock_settime,
		  0, 0, 0, { E1, E1, ALLOW } },
		{ "socket(AF_NETLINK, 0, NETLINK_AUDIT)", X86_64, __NR_socket,
		  16, 0, 9, { ERRNO(EINVAL), ERRNO(EINVAL), ALLOW } },
		{ "socket(AF_NETLINK, 0, 0)", X86_64, __NR_socket, 16, 0, 0,
		  { ALLOW, ALLOW, ALLOW } },
		{ "socket(AF_INET, 0, 9)", X86_64, __NR_socket, 2, 0, 9,
		  { ALLOW, ALLOW, ALLOW } },
		{ "arch_prctl: includes amd64", X86_64, __NR_arch_prctl, 0, 0,
		  0, { ALLOW, ALLOW, ALLOW } },
		{ "i386 read (listed: the default)", I386, 3, 0, 0, 0,
		  { E38, E38, E38 } },
		{ "x32 read", X86_64, X32 | __NR_read, 0, 0, 0,
		  { E38, E38, E38 } },
	};
	size_t len;
	char *text = slurp(PODMAN_JSON, &len);

	if (!text) {
		result(true, "sc podman's seccomp.json # SKIP no " PODMAN_JSON
		       " (Debian: golang-github-containers-common)");
		return;
	}
	run_template(text, len, dir, set, t, ARRAY_SIZE(t));
	free(text);
}

/*
 * Why expand(): the template itself as linux.seccomp parses (archMap,
 * includes and excludes are ignored), and then CAP_SYS_ADMIN's
 * unconditional clone rule comes first: clone(CLONE_NEWUSER) is allowed
 * to a container without that capability.
 */
static void test_sc_raw(const char *text, size_t len, const char *dir)
{
	static struct sock_filter prog[BPF_MAXINSNS];
	const uint64_t args[6] = { CLONE_NEWUSER | SIGCHLD };
	struct strbuf b = SB_INIT;
	struct seccomp_data d;
	struct oci_extra x;
	struct run_desc rd;
	size_t n = 0;
	uint32_t got = BAD;
	int r;

	sb_add(&b, "{\"ociVersion\":\"1.0.2\",\"process\":{\"args\":[\"sh\"],"
	       "\"cwd\":\"/\"},\"root\":{\"path\":");
	sb_json(&b, dir);
	sb_add(&b, "},\"linux\":{\"namespaces\":[{\"type\":\"mount\"}],"
	       "\"seccomp\":");
	sb_addn(&b, text, len);
	sb_add(&b, "}}");
	r = oci_config_parse(b.buf, b.len, dir, &rd, &x);
	free(b.buf);
	if (!r && rd.seccomp) {
		n = sc_compile(rd.seccomp, prog, BPF_MAXINSNS);
		data_of(&d, X86_64, __NR_clone, args);
		got = n ? sim(prog, n, &d) : BAD;
	}
	result(!r && got == ALLOW, "sc docker template unexpanded: it parses "
	       "(%s), and clone(CLONE_NEWUSER) is allowed without "
	       "CAP_SYS_ADMIN (%#x): the engine's expansion is needed",
	       r ? oci_error : "ok", got);
	if (!r)
		oci_free();
}

/*
 * Docker's default profile, tests/unit/oci/docker-seccomp.json: moby's
 * profiles/seccomp/default.json as github.com/moby/profiles/seccomp
 * v0.2.3 has it, the copy vendored in moby/moby at commit b985e2313a86
 * (vendor/github.com/moby/profiles/seccomp/default.json), unchanged.
 * Copyright The Moby Authors, Apache License 2.0: the file is used as
 * test data only, not compiled into anything.
 *
 * Docker's default capabilities (daemon/pkg/oci/caps/defaults.go):
 * CHOWN DAC_OVERRIDE FSETID FOWNER MKNOD NET_RAW SETGID SETUID SETFCAP
 * SETPCAP NET_BIND_SERVICE SYS_CHROOT KILL AUDIT_WRITE. The verdicts are
 * the profile's text: default ERRNO(EPERM); personality for 0, 8, 0x20000,
 * 0x20008 and 0xffffffff; socket for families below 38, 39 and above 40
 * (AF_ALG 38 and AF_VSOCK 40 refused); clone without a namespace flag
 * (mask 0x7e020000) and clone3 ENOSYS, unless CAP_SYS_ADMIN, which
 * allows clone, clone3, unshare, setns, mount, bpf, ...; ptrace,
 * process_vm_readv/writev from kernel 4.8; kcmp, pidfd_getfd with
 * CAP_SYS_PTRACE; keyctl, io_uring_setup, kexec_load, pivot_root not
 * listed at all.
 */
static void test_sc_docker(const char *dir)
{
	static const struct capset set[3] = {
		{ "docker default caps", CAPS_DEFAULT | CAPS_BIT(CAP_MKNOD) },
		{ "docker no caps", 0 },
		{ "docker all caps", CAPS_ALL },
	};
	static const uint64_t HI = 0x100000000ULL;
	/* default caps, none, all */
	static const struct tcase t[] = {
		{ "read", X86_64, __NR_read, 0, 0, 0, { ALLOW, ALLOW, ALLOW } },
		{ "personality(0)", X86_64, __NR_personality, 0, 0, 0,
		  { ALLOW, ALLOW, ALLOW } },
		{ "personality(PER_LINUX32)", X86_64, __NR_personality, 8, 0,
		  0, { ALLOW, ALLOW, ALLOW } },
		{ "personality(UNAME26)", X86_64, __NR_personality, 0x20000, 0,
		  0, { ALLOW, ALLOW, ALLOW } },
		{ "personality(UNAME26|PER_LINUX32)", X86_64,
		  __NR_personality, 0x20008, 0, 0, { ALLOW, ALLOW, ALLOW } },
		{ "personality(0xffffffff): a query", X86_64,
		  __NR_personality, 0xffffffff, 0, 0, { ALLOW, ALLOW, ALLOW } },
		{ "personality(1)", X86_64, __NR_personality, 1, 0, 0,
		  { E1, E1, E1 } },
		{ "personality(8 | 1<<32): all 64 bits compared", X86_64,
		  __NR_personality, 8 | HI, 0, 0, { E1, E1, E1 } },
		{ "socket(AF_INET)", X86_64, __NR_socket, 2, 1, 0,
		  { ALLOW, ALLOW, ALLOW } },
		{ "socket(AF_NETLINK, 0, NETLINK_AUDIT)", X86_64, __NR_socket,
		  16, 0, 9, { ALLOW, ALLOW, ALLOW } },
		{ "socket(37)", X86_64, __NR_socket, 37, 0, 0,
		  { ALLOW, ALLOW, ALLOW } },
		{ "socket(AF_ALG)", X86_64, __NR_socket, 38, 5, 0,
		  { E1, E1, E1 } },
		{ "socket(AF_NFC)", X86_64, __NR_socket, 39, 0, 0,
		  { ALLOW, ALLOW, ALLOW } },
		{ "socket(AF_VSOCK)", X86_64, __NR_socket, 40, 1, 0,
		  { E1, E1, E1 } },
		{ "socket(AF_KCM)", X86_64, __NR_socket, 41, 0, 0,
		  { ALLOW, ALLOW, ALLOW } },
		{ "socket(AF_VSOCK | 1<<32): above 40 in 64 bits", X86_64,
		  __NR_socket, 40 | HI, 1, 0, { ALLOW, ALLOW, ALLOW } },
		{ "clone(SIGCHLD)", X86_64, __NR_clone, SIGCHLD, 0, 0,
		  { ALLOW, ALLOW, ALLOW } },
		{ "clone(thread flags)", X86_64, __NR_clone, CLONE_VM |
		  CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD, 0, 0,
		  { ALLOW, ALLOW, ALLOW } },
		{ "clone(CLONE_NEWUSER|SIGCHLD)", X86_64, __NR_clone,
		  CLONE_NEWUSER | SIGCHLD, 0, 0, { E1, E1, ALLOW } },
		{ "clone(CLONE_NEWNS)", X86_64, __NR_clone, CLONE_NEWNS, 0, 0,
		  { E1, E1, ALLOW } },
		{ "clone(CLONE_NEWCGROUP)", X86_64, __NR_clone,
		  CLONE_NEWCGROUP, 0, 0, { E1, E1, ALLOW } },
		{ "clone3: ENOSYS, so glibc falls back to clone", X86_64, 435,
		  0, 0, 0, { E38, E38, ALLOW } },
		{ "unshare(CLONE_NEWNS)", X86_64, __NR_unshare, CLONE_NEWNS, 0,
		  0, { E1, E1, ALLOW } },
		{ "setns", X86_64, __NR_setns, 3, 0, 0, { E1, E1, ALLOW } },
		{ "mount", X86_64, __NR_mount, 0, 0, 0, { E1, E1, ALLOW } },
		{ "bpf", X86_64, __NR_bpf, 0, 0, 0, { E1, E1, ALLOW } },
		{ "perf_event_open", X86_64, __NR_perf_event_open, 0, 0, 0,
		  { E1, E1, ALLOW } },
		{ "syslog", X86_64, __NR_syslog, 0, 0, 0, { E1, E1, ALLOW } },
		{ "reboot: CAP_SYS_BOOT", X86_64, __NR_reboot, 0, 0, 0,
		  { E1, E1, ALLOW } },
		{ "chroot: CAP_SYS_CHROOT", X86_64, __NR_chroot, 0, 0, 0,
		  { ALLOW, E1, ALLOW } },
		{ "open_by_handle_at: CAP_DAC_READ_SEARCH", X86_64,
		  __NR_open_by_handle_at, 0, 0, 0, { E1, E1, ALLOW } },
		{ "clock_settime: CAP_SYS_TIME", X86_64, __NR_clock_settime,
		  0, 0, 0, { E1, E1, ALLOW } },
		{ "ptrace: minKernel 4.8", X86_64, __NR_ptrace, 0, 0, 0,
		  { ALLOW, ALLOW, ALLOW } },
		{ "process_vm_readv: minKernel 4.8", X86_64,
		  __NR_process_vm_readv, 0, 0, 0, { ALLOW, ALLOW, ALLOW } },
		{ "kcmp: CAP_SYS_PTRACE", X86_64, __NR_kcmp, 0, 0, 0,
		  { E1, E1, ALLOW } },
		{ "pidfd_getfd: CAP_SYS_PTRACE", X86_64, 438, 0, 0, 0,
		  { E1, E1, ALLOW } },
		{ "keyctl: not listed", X86_64, __NR_keyctl, 0, 0, 0,
		  { E1, E1, E1 } },
		{ "io_uring_setup: not listed", X86_64, 425, 0, 0, 0,
		  { E1, E1, E1 } },
		{ "kexec_load: not listed", X86_64, __NR_kexec_load, 0, 0, 0,
		  { E1, E1, E1 } },
		{ "pivot_root: not listed", X86_64, __NR_pivot_root, 0, 0, 0,
		  { E1, E1, E1 } },
		{ "arch_prctl: includes amd64", X86_64, __NR_arch_prctl, 0, 0,
		  0, { ALLOW, ALLOW, ALLOW } },
		{ "modify_ldt: includes amd64", X86_64, __NR_modify_ldt, 0, 0,
		  0, { ALLOW, ALLOW, ALLOW } },
		{ "i386 read (listed: the default)", I386, 3, 0, 0, 0,
		  { E1, E1, E1 } },
		{ "x32 read", X86_64, X32 | __NR_read, 0, 0, 0,
		  { E1, E1, E1 } },
	};
	const char *src = __FILE__, *slash = strrchr(src, '/');
	char path[256], *text;
	size_t len;

	snprintf(path, sizeof(path), "%.*s/oci/docker-seccomp.json",
		 (int)(slash ? slash - src : 1), slash ? src : ".");
	text = slurp(path, &len);
	result(text != NULL, "sc docker: read %s", path);
	if (!text)
		return;
	run_template(text, len, dir, set, t, ARRAY_SIZE(t));
	test_sc_raw(text, len, dir);
	free(text);
}

void test_sc(void)
{
	char dir[] = "/tmp/hind-sc-test-XXXXXX";

	test_sc_names();
	test_sc_basic();
	test_sc_compare();
	test_sc_allow_default();
	test_sc_large();
	test_sc_room();
	/* config.json's bundle and root: a directory that exists */
	if (!mkdtemp(dir)) {
		result(false, "sc: mkdtemp: %s", strerror(errno));
		return;
	}
	test_sc_podman(dir);
	test_sc_docker(dir);
	rmdir(dir);
}
