// SPDX-License-Identifier: MIT
/*
 * sc_compile.c - an OCI seccomp profile (struct sc_profile, filled from
 * config.json's linux.seccomp) compiled to a classic BPF program, with
 * the same verdicts as runc and crun get from libseccomp for x86_64, in
 * a few hundred instructions and without libseccomp.
 *
 * The program:
 *
 *   ld  arch
 *   jeq AUDIT_ARCH_X86_64, +1          non-native (i386): see below
 *   ret <non-native>
 *   ld  nr
 *  [jge 0x40000000 / jeq -1 / ret kill  only with a default that lets
 *                                       calls through, see below]
 *   jeq nr1, ->island                  dispatch: one jeq per system
 *   jeq nr2, ->island                  call, in the profile's order
 *   ...
 *   ja  past the island                (between chunks only)
 *   island: ret ALLOW; ret ERRNO|1;    one ret per action of the chunk,
 *           ja ->block(nrK) ...        one ja per conditional call
 *   ... more chunks ...
 *   ret <default>
 *   island of the last chunk
 *   block(nrK): rule 1's conditions, ret its action; rule 2's ...;
 *               ret <default>
 *
 * Jumps of classic BPF go forward only, jt/jf by at most 255: a chunk
 * holds as many jeqs as keep its island within 255 instructions of the
 * chunk's first jeq, and only the 32-bit ja reaches the blocks. A profile
 * of 370 allowed names and a dozen conditional rules compiles to about
 * 440 instructions (the kernel's limit is BPF_MAXINSNS, 4096).
 *
 * Semantics (runc and crun on libseccomp):
 * - A system call with a rule without conditions gets the action of the
 *   first such rule, and its other rules are dropped, before or after it
 *   (libseccomp 2.5 does the same, silently). Otherwise its rules are
 *   tried in the profile's order and the first whose conditions all hold
 *   gives its action (the conditions of one rule are ANDed; runc's
 *   splitting of a rule with two conditions on the same argument into
 *   one rule each is the parser's job). For rules that do not overlap,
 *   that is libseccomp's verdict too; for overlapping conditions with
 *   different actions libseccomp's order is its tree's, not the
 *   profile's. Nothing matches: the default action. Rules with a
 *   negative number (a name sc_syscall_nr() did not know: libseccomp
 *   skips those) are ignored.
 * - Conditions compare 64-bit arguments, the high word first, then the
 *   low one: seccomp_data's args[i] are loaded as two 32-bit words, the
 *   low one at the lower address (x86_64 is little-endian). MASKED_EQ
 *   with a mask whose high word is 0 checks the low word only.
 * - Other architectures: on an x86_64 kernel the only other entry is
 *   i386 (int 0x80), and x32 calls are AUDIT_ARCH_X86_64 with nr |
 *   0x40000000. libseccomp translates the rules to the numbers of each
 *   architecture the profile lists (SCMP_ARCH_X86, SCMP_ARCH_X32) and
 *   kills the others. This first version translates nothing: every
 *   i386 call and every x32 call gets the default action, whether the
 *   profile lists them or not, which denies everything the default
 *   denies (for Docker's and podman's profiles: 32-bit programs fail
 *   with the default errno). A default that lets calls through (ALLOW,
 *   LOG, TRACE) would let i386 and x32 calls around every rule of the
 *   profile, so there they kill the process instead, as libseccomp's
 *   default for an architecture the profile does not list. nr -1 (a
 *   tracer's "skip this call") is a native call as in libseccomp: it
 *   matches no rule and gets the default action.
 */
#include <linux/audit.h>
#include "hind.h"
#include "sec.h"
#include "desc.h"
#include "generated/syscalls.h"

#ifndef SECCOMP_RET_KILL_PROCESS
#define SECCOMP_RET_KILL_PROCESS 0x80000000U
#endif
#ifndef SECCOMP_RET_LOG
#define SECCOMP_RET_LOG 0x7ffc0000U
#endif

#define X32_SYSCALL_BIT 0x40000000U

/* ---- names ------------------------------------------------------------ */

/*
 * A walk over the front-coded names (scripts/gen_syscalls.sh), each
 * rebuilt in cur: the shared length, then the characters up to the next
 * shared length (below '0') or the blob's end.
 */
int sc_syscall_nr(const char *name)
{
	const unsigned char *p = (const unsigned char *)sc_names;
	char cur[64];
	size_t i, k;

	for (i = 0; i < SC_NSYSCALLS; i++) {
		k = *p++;
		while (*p >= '0')
			cur[k++] = (char)*p++;
		cur[k] = '\0';
		if (!strcmp(name, cur))
			return sc_nrs[i];
	}
	return -1;
}

/* ---- the emitter ------------------------------------------------------ */

enum {
	LD_W = BPF_LD | BPF_W | BPF_ABS,
	AND_K = BPF_ALU | BPF_AND | BPF_K,
	JA = BPF_JMP | BPF_JA,
	JEQ = BPF_JMP | BPF_JEQ | BPF_K,
	JGT = BPF_JMP | BPF_JGT | BPF_K,
	JGE = BPF_JMP | BPF_JGE | BPF_K,
	RET = BPF_RET | BPF_K,
};

/* An island ja whose block is not placed yet. */
#define UNPLACED UINT32_MAX
/* The most jeqs plus island entries of one chunk: see sc_chunk(). */
#define CHUNK_MAX 256

struct emit {
	struct sock_filter *prog;
	size_t n, max;
	bool full;		/* an instruction did not fit */
};

static void op(struct emit *e, uint16_t code, uint32_t k, size_t jt,
	       size_t jf)
{
	/* jt/jf above 255 would be a bug here: fail rather than wrap */
	if (e->n >= e->max || jt > 255 || jf > 255) {
		e->full = true;
		return;
	}
	e->prog[e->n++] = (struct sock_filter){ code, (uint8_t)jt,
						(uint8_t)jf, k };
}

static uint32_t sc_ret(enum sc_action a, unsigned data)
{
	switch (a) {
	case SC_KILL_THREAD:
		return SECCOMP_RET_KILL_THREAD;
	case SC_KILL_PROCESS:
		return SECCOMP_RET_KILL_PROCESS;
	case SC_TRAP:
		return SECCOMP_RET_TRAP;
	case SC_ERRNO:
		return SECCOMP_RET_ERRNO | (data & SECCOMP_RET_DATA);
	case SC_TRACE:
		return SECCOMP_RET_TRACE | (data & SECCOMP_RET_DATA);
	case SC_LOG:
		return SECCOMP_RET_LOG;
	case SC_ALLOW:
		return SECCOMP_RET_ALLOW;
	}
	return SECCOMP_RET_KILL_PROCESS;
}

/* Does rule i start its system call's list (no earlier rule of its nr)? */
static bool sc_first(const struct sc_profile *p, int i)
{
	int j;

	if (p->rules[i].nr < 0)
		return false;
	for (j = 0; j < i; j++)
		if (p->rules[j].nr == p->rules[i].nr)
			return false;
	return true;
}

/* The first rule of nr without conditions, or NULL. */
static const struct sc_rule *sc_uncond(const struct sc_profile *p, int nr)
{
	int i;

	for (i = 0; i < p->nrules; i++)
		if (p->rules[i].nr == nr && !p->rules[i].ncond)
			return &p->rules[i];
	return NULL;
}

/*
 * Where the dispatch jeq of rule i's system call jumps (i is its first
 * rule): the ret of its unconditional rule, if it has one, else a ja to
 * its block (identified by i).
 */
struct target {
	bool block;
	uint32_t k;		/* ret value, or rule index */
};

static struct target sc_target(const struct sc_profile *p, int i)
{
	const struct sc_rule *r = sc_uncond(p, p->rules[i].nr);

	if (!r)
		return (struct target){ true, (uint32_t)i };
	return (struct target){ false, sc_ret(r->action, r->ret) };
}

/* The index of t in the island t[0..n), or n if it is not there. */
static size_t sc_find(const struct target *t, size_t n, struct target x)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (t[i].block == x.block && t[i].k == x.k)
			break;
	return i;
}

/*
 * One chunk of the dispatch from rule *pos on: jeqs to an island of rets
 * and block jas, so that the farthest jump, from the first jeq to the
 * last island entry, is jeqs + entries - 1 <= 255 (CHUNK_MAX). Returns
 * false at the end of the rules; *pos moves past the chunk.
 */
static bool sc_chunk(struct emit *e, const struct sc_profile *p, int *pos,
		     uint32_t def)
{
	struct target isl[CHUNK_MAX];
	size_t nj = 0, nt = 0, at, t;
	int i, end;
	bool last;

	/* The extent of the chunk: which rules, which island entries. */
	for (i = *pos; i < p->nrules; i++) {
		struct target x;

		if (!sc_first(p, i))
			continue;
		x = sc_target(p, i);
		t = sc_find(isl, nt, x);
		if (nj + 1 + nt + (t == nt) > CHUNK_MAX)
			break;
		if (t == nt)
			isl[nt++] = x;
		nj++;
	}
	end = i;
	last = end >= p->nrules;
	if (!nj && !last)
		return false;	/* unreachable: CHUNK_MAX >= 2 */

	/* The jeqs: from the jeq at index at, the island is past the ja. */
	at = 0;
	for (i = *pos; i < end; i++) {
		if (!sc_first(p, i))
			continue;
		t = sc_find(isl, nt, sc_target(p, i));
		op(e, JEQ, (uint32_t)p->rules[i].nr, nj - at + t, 0);
		at++;
	}
	/* Nothing matched: on to the next chunk, or the default. */
	if (last)
		op(e, RET, def, 0, 0);
	else
		op(e, JA, (uint32_t)nt, 0, 0);
	for (t = 0; t < nt; t++)
		if (isl[t].block)
			op(e, JA, UNPLACED, 0, 0);
		else
			op(e, RET, isl[t].k, 0, 0);
	*pos = end;
	return !last;
}

/*
 * One condition on a 64-bit argument; A is clobbered. Falls through when
 * it holds; jumps that must go to the next rule (not known yet) are
 * written with jt/jf 0 and their indices added to fail[], for sc_rule()
 * to patch. PASS: skip the rest of this condition's code.
 */
static void sc_cond(struct emit *e, const struct sc_cond *c, size_t *fail,
		    size_t *nfail)
{
	uint32_t lo = offsetof(struct seccomp_data, args[c->index]);
	uint32_t hi = lo + 4;
	uint32_t vh = (uint32_t)(c->value >> 32), vl = (uint32_t)c->value;
	uint32_t mh, ml;

	/* The jump at e->n goes to the next rule on true (t) or false. */
#define FAIL_T() (fail[(*nfail)++] = e->n << 1 | 1)
#define FAIL_F() (fail[(*nfail)++] = e->n << 1)
	switch (c->op) {
	case SC_EQ:
		op(e, LD_W, hi, 0, 0);
		FAIL_F(), op(e, JEQ, vh, 0, 0);
		op(e, LD_W, lo, 0, 0);
		FAIL_F(), op(e, JEQ, vl, 0, 0);
		break;
	case SC_NE:
		op(e, LD_W, hi, 0, 0);
		op(e, JEQ, vh, 0, 2);	/* high words differ: holds */
		op(e, LD_W, lo, 0, 0);
		FAIL_T(), op(e, JEQ, vl, 0, 0);
		break;
	case SC_GT:
	case SC_GE:
		op(e, LD_W, hi, 0, 0);
		op(e, JGT, vh, 3, 0);	/* high word above: holds */
		FAIL_F(), op(e, JEQ, vh, 0, 0);
		op(e, LD_W, lo, 0, 0);
		FAIL_F(), op(e, c->op == SC_GT ? JGT : JGE, vl, 0, 0);
		break;
	case SC_LT:
	case SC_LE:
		op(e, LD_W, hi, 0, 0);
		op(e, JGE, vh, 0, 3);	/* high word below: holds */
		FAIL_F(), op(e, JEQ, vh, 0, 0);
		op(e, LD_W, lo, 0, 0);
		FAIL_T(), op(e, c->op == SC_LT ? JGE : JGT, vl, 0, 0);
		break;
	case SC_MASKED_EQ:
		mh = (uint32_t)(c->value >> 32);
		ml = (uint32_t)c->value;
		vh = (uint32_t)(c->value2 >> 32);
		vl = (uint32_t)c->value2;
		if (mh || vh) {
			/* (hi & 0) == vh != 0 never holds: the jeq fails */
			op(e, LD_W, hi, 0, 0);
			if (mh != UINT32_MAX)
				op(e, AND_K, mh, 0, 0);
			FAIL_F(), op(e, JEQ, vh, 0, 0);
		}
		op(e, LD_W, lo, 0, 0);
		if (ml != UINT32_MAX)
			op(e, AND_K, ml, 0, 0);
		FAIL_F(), op(e, JEQ, vl, 0, 0);
		break;
	}
#undef FAIL_T
#undef FAIL_F
}

/* One rule of a block: its conditions, then its action's ret. */
static void sc_rule(struct emit *e, const struct sc_rule *r)
{
	/* Each condition adds at most 2 jumps to the next rule. */
	size_t fail[2 * SC_MAX_COND], nfail = 0, i;
	int c;

	for (c = 0; c < r->ncond; c++)
		sc_cond(e, &r->cond[c], fail, &nfail);
	op(e, RET, sc_ret(r->action, r->ret), 0, 0);
	if (e->full)
		return;
	/* A rule is at most 6 * 6 + 1 instructions: every offset fits. */
	for (i = 0; i < nfail; i++) {
		struct sock_filter *f = &e->prog[fail[i] >> 1];
		uint8_t off = (uint8_t)(e->n - (fail[i] >> 1) - 1);

		if (fail[i] & 1)
			f->jt = off;
		else
			f->jf = off;
	}
}

/*
 * The block of rule i's system call (all its rules have conditions): its
 * rules in order, then the default.
 */
static void sc_block(struct emit *e, const struct sc_profile *p, int i,
		     uint32_t def)
{
	int j;

	for (j = i; j < p->nrules; j++)
		if (p->rules[j].nr == p->rules[i].nr)
			sc_rule(e, &p->rules[j]);
	op(e, RET, def, 0, 0);
}

/* Conditions sc_cond() can compile: at most 6, on args[0..5]. */
static bool sc_valid(const struct sc_profile *p)
{
	int i, c;

	for (i = 0; i < p->nrules; i++) {
		const struct sc_rule *r = &p->rules[i];

		if (r->ncond < 0 || r->ncond > SC_MAX_COND)
			return false;
		for (c = 0; c < r->ncond; c++)
			if (r->cond[c].index >= 6 ||
			    (unsigned)r->cond[c].op > SC_MASKED_EQ)
				return false;
	}
	return true;
}

static bool sc_lets_through(enum sc_action a)
{
	return a == SC_ALLOW || a == SC_LOG || a == SC_TRACE;
}

size_t sc_compile(const struct sc_profile *p, struct sock_filter *prog,
		  size_t max)
{
	struct emit e = { .prog = prog, .max = max };
	uint32_t def = sc_ret(p->def_action, p->def_ret);
	uint32_t foreign = sc_lets_through(p->def_action) ?
		SECCOMP_RET_KILL_PROCESS : def;
	size_t fix;
	int pos = 0, i;

	if (p->nrules < 0 || (p->nrules && !p->rules) || !sc_valid(p))
		return 0;
	op(&e, LD_W, offsetof(struct seccomp_data, arch), 0, 0);
	op(&e, JEQ, AUDIT_ARCH_X86_64, 1, 0);
	op(&e, RET, foreign, 0, 0);
	op(&e, LD_W, offsetof(struct seccomp_data, nr), 0, 0);
	if (foreign != def) {
		/* x32, except nr -1: it goes on to the rules */
		op(&e, JGE, X32_SYSCALL_BIT, 0, 2);
		op(&e, JEQ, UINT32_MAX, 1, 0);
		op(&e, RET, foreign, 0, 0);
	}
	while (sc_chunk(&e, p, &pos, def))
		;
	if (e.full)
		return 0;

	/*
	 * The blocks, in the order of their island jas (both follow the
	 * rules' order): each ja is pointed at its block as it is placed.
	 */
	fix = 0;
	for (i = 0; i < p->nrules; i++) {
		if (!sc_first(p, i) || sc_uncond(p, p->rules[i].nr))
			continue;
		while (fix < e.n && !(prog[fix].code == JA &&
				      prog[fix].k == UNPLACED))
			fix++;
		if (fix == e.n)
			return 0;	/* cannot happen: one ja per block */
		prog[fix].k = (uint32_t)(e.n - fix - 1);
		sc_block(&e, p, i, def);
		if (e.full)
			return 0;
	}
	return e.n;
}
