// SPDX-License-Identifier: MIT
/*
 * test_devcg.c - unit tests of core/devcg.c: the device rules as cgroup v1
 * lines (devcg_each, devcg_v1_line) and as the v2 eBPF program
 * (devcg_prog). Part of the test_unit binary; nothing is loaded.
 *
 * The program is judged by this file's own eBPF interpreter and checker,
 * not by code from core/: check_prog() applies the verifier's rules that
 * matter here (known opcodes, context loads the cgroup device hook
 * allows, forward jumps inside the program, no unreachable instruction,
 * no register read before it is written, r0 set at every exit), run()
 * executes it on a struct bpf_cgroup_dev_ctx. The verdicts expected are
 * written out by hand for the containerd default list and edge lists, and
 * random lists are compared with this file's own model of the v1 kernel.
 */
#include <linux/bpf.h>
#include "hind.h"
#include "desc.h"
#include "unit.h"

enum { R = DEV_READ, W = DEV_WRITE, M = DEV_MKNOD, RWM = R | W | M };
enum { MAXI = 512 };

#define ALLOW(t, maj, min, a) { true, t, maj, min, a }
#define DENY(t, maj, min, a) { false, t, maj, min, a }

/* containerd's default spec: deny all, then its default devices. */
static const struct dev_rule containerd[] = {
	DENY('a', -1, -1, RWM),
	ALLOW('c', 1, 3, RWM), ALLOW('c', 1, 5, RWM), ALLOW('c', 1, 7, RWM),
	ALLOW('c', 1, 8, RWM), ALLOW('c', 1, 9, RWM), ALLOW('c', 5, 0, RWM),
	ALLOW('c', 5, 1, RWM), ALLOW('c', 5, 2, RWM), ALLOW('c', 136, -1, RWM),
	ALLOW('c', -1, -1, M), ALLOW('b', -1, -1, M),
};

/* ---- the v1 lines ----------------------------------------------------- */

struct lines {
	char text[1024];
	int n;
};

static int add_line(const struct dev_rule *d, void *arg)
{
	struct lines *l = arg;
	size_t len = strlen(l->text);
	char line[64];

	devcg_v1_line(d, line, sizeof(line));
	snprintf(l->text + len, sizeof(l->text) - len, "%s%s %s",
		 len ? ", " : "", d->allow ? "allow" : "deny", line);
	l->n++;
	return 0;
}

/* want NULL: the rules must be refused with -EINVAL. */
static void lines_case(const char *what, const struct dev_rule *r, int n,
		       const char *want)
{
	struct lines l = { "", 0 };
	int err = devcg_each(r, n, add_line, &l);

	if (!want)
		result(err == -EINVAL && !l.n && !devcg_prog(r, n, NULL, 0),
		       "devcg v1 %s: refused (got %d, '%s'; %s)", what, err,
		       l.text, cg_error);
	else
		result(!err && !strcmp(l.text, want),
		       "devcg v1 %s: %s (got %d, '%s')", what, want, err,
		       l.text);
}

#define LINES(what, want, ...) do { \
	static const struct dev_rule r_[] = { __VA_ARGS__ }; \
	lines_case(what, r_, (int)ARRAY_SIZE(r_), want); \
} while (0)

static void test_v1_lines(void)
{
	lines_case("containerd defaults", containerd, ARRAY_SIZE(containerd),
		   "deny a *:* rwm, allow c 1:3 rwm, allow c 1:5 rwm, "
		   "allow c 1:7 rwm, allow c 1:8 rwm, allow c 1:9 rwm, "
		   "allow c 5:0 rwm, allow c 5:1 rwm, allow c 5:2 rwm, "
		   "allow c 136:* rwm, allow c *:* m, allow b *:* m");
	lines_case("no rules", NULL, 0, "deny a *:* rwm");
	LINES("allow all", "allow a *:* rwm", ALLOW('a', -1, -1, RWM));
	LINES("a later rule takes access away",
	      "deny a *:* rwm, allow c 1:3 rm",
	      DENY('a', -1, -1, RWM), ALLOW('c', 1, 3, RWM),
	      DENY('c', 1, 3, W));
	LINES("a later 'a' drops the rules before it", "deny a *:* rwm",
	      ALLOW('c', 1, 3, RWM), ALLOW('b', 8, -1, R),
	      DENY('a', -1, -1, RWM));
	LINES("access of one device merges", "deny a *:* rwm, allow c 1:3 rw",
	      ALLOW('c', 1, 3, R), ALLOW('c', 1, 3, W));
	LINES("access taken away entirely", "deny a *:* rwm",
	      ALLOW('c', 1, 3, R | W), DENY('c', 1, 3, R | W));
	LINES("default allow with deny exceptions",
	      "allow a *:* rwm, deny c 1:3 w, deny b *:* rwm",
	      ALLOW('a', -1, -1, RWM), DENY('c', 1, 3, W),
	      DENY('b', -1, -1, RWM), ALLOW('c', 5, 1, RWM));
	LINES("empty access is no rule", "deny a *:* rwm",
	      ALLOW('c', 1, 3, 0));
	LINES("largest numbers", "deny a *:* rwm, allow c 4294967295:0 r",
	      ALLOW('c', 4294967295LL, 0, R));
	LINES("deny of access a wildcard allows", NULL,
	      ALLOW('c', -1, -1, M), DENY('c', 1, 3, M));
	LINES("deny of access a major wildcard allows", NULL,
	      ALLOW('c', 1, -1, R | W), DENY('c', 1, 3, R));
	LINES("allow of access a wildcard denies", NULL,
	      ALLOW('a', -1, -1, RWM), DENY('b', -1, 0, R),
	      ALLOW('b', 8, 0, R | W));
	lines_case("deny of access a wildcard lacks is fine",
		   (const struct dev_rule[]){ ALLOW('c', 1, -1, R | W),
					      DENY('c', 1, 3, M) }, 2,
		   "deny a *:* rwm, allow c 1:* rw");
	LINES("type x", NULL, ALLOW('x', 1, 3, R));
	LINES("major 2^32", NULL, ALLOW('c', 4294967296LL, 3, R));
	LINES("minor -2", NULL, ALLOW('c', 1, -2, R));
	LINES("access bit 8", NULL, ALLOW('c', 1, 3, 8));
}

/* ---- an eBPF checker and interpreter ---------------------------------- */

enum {
	LDX_H = BPF_LDX | BPF_MEM | BPF_H,
	LDX_W = BPF_LDX | BPF_MEM | BPF_W,
	MOV32_K = BPF_ALU | BPF_MOV | BPF_K,
	JEQ32_K = BPF_JMP32 | BPF_JEQ | BPF_K,
	JNE32_K = BPF_JMP32 | BPF_JNE | BPF_K,
	JSET_K = BPF_JMP | BPF_JSET | BPF_K,
	JA = BPF_JMP | BPF_JA,
	EXIT = BPF_JMP | BPF_EXIT,
};

/* A context load the device hook allows: access_type whole or in halves. */
static bool ctx_load_ok(const struct bpf_insn *i)
{
	int size = i->code == LDX_H ? 2 : 4;

	return i->src_reg == BPF_REG_1 && i->off >= 0 &&
	       i->off + size <= (int)sizeof(struct bpf_cgroup_dev_ctx) &&
	       i->off % size == 0 && (size == 4 || i->off < 4);
}

/* The index of the first instruction the verifier would refuse, or -1. */
static int check_prog(const struct bpf_insn *p, size_t len)
{
	/* Registers written on every path into each instruction. */
	uint16_t init[MAXI];
	bool seen[MAXI] = { false };
	size_t pc;

	if (!len || len > MAXI)
		return 0;
	init[0] = 1u << BPF_REG_1 | 1u << BPF_REG_10;
	seen[0] = true;
	for (pc = 0; pc < len; pc++) {
		const struct bpf_insn *i = &p[pc];
		uint16_t in = init[pc], out = in;
		size_t next[2];
		int k, nnext = 1;

		if (!seen[pc])
			return (int)pc;	/* unreachable */
		next[0] = pc + 1;
		switch (i->code) {
		case LDX_H:
		case LDX_W:
			if (!ctx_load_ok(i) || !(in & 1u << i->src_reg) ||
			    i->dst_reg >= BPF_REG_10 || i->imm)
				return (int)pc;
			out |= 1u << i->dst_reg;
			break;
		case MOV32_K:
			if (i->dst_reg >= BPF_REG_10 || i->src_reg || i->off)
				return (int)pc;
			out |= 1u << i->dst_reg;
			break;
		case JEQ32_K:
		case JNE32_K:
		case JSET_K:
		case JA:
			if (i->code == JA ? i->dst_reg || i->imm :
			    !(in & 1u << i->dst_reg))
				return (int)pc;
			if (i->src_reg || i->off < 0 ||
			    pc + 1 + (size_t)i->off >= len)
				return (int)pc;
			next[0] = pc + 1 + (size_t)i->off;
			next[1] = pc + 1;
			nnext = i->code == JA ? 1 : 2;
			break;
		case EXIT:
			if (!(in & 1u << BPF_REG_0) || i->dst_reg ||
			    i->src_reg || i->off || i->imm)
				return (int)pc;
			nnext = 0;
			break;
		default:
			return (int)pc;
		}
		for (k = 0; k < nnext; k++) {
			if (next[k] >= len)
				return (int)pc;	/* falls off the end */
			init[next[k]] = seen[next[k]] ? init[next[k]] & out :
					out;
			seen[next[k]] = true;
		}
	}
	return -1;
}

/* BPF_DEVCG_ACC_* of DEV_* bits, as the kernel passes them. */
static uint32_t acc(unsigned a)
{
	return (a & R ? BPF_DEVCG_ACC_READ : 0) |
	       (a & W ? BPF_DEVCG_ACC_WRITE : 0) |
	       (a & M ? BPF_DEVCG_ACC_MKNOD : 0);
}

/* The verdict of a checked program: 1 allow, 0 deny, -1 stuck. */
static int run(const struct bpf_insn *p, size_t len, char type,
	       uint32_t major, uint32_t minor, unsigned access)
{
	struct bpf_cgroup_dev_ctx ctx = {
		.access_type = acc(access) << 16 | (type == 'c' ?
			BPF_DEVCG_DEV_CHAR : BPF_DEVCG_DEV_BLOCK),
		.major = major, .minor = minor,
	};
	uint64_t reg[11] = { 0 };
	size_t pc = 0, steps;

	for (steps = 0; pc < len && steps < MAXI; steps++) {
		const struct bpf_insn *i = &p[pc++];
		uint16_t h;
		uint32_t w;

		switch (i->code) {
		case LDX_H:
			memcpy(&h, (const char *)&ctx + i->off, 2);
			reg[i->dst_reg] = h;
			break;
		case LDX_W:
			memcpy(&w, (const char *)&ctx + i->off, 4);
			reg[i->dst_reg] = w;
			break;
		case MOV32_K:
			reg[i->dst_reg] = (uint32_t)i->imm;
			break;
		case JEQ32_K:
			pc += (uint32_t)reg[i->dst_reg] == (uint32_t)i->imm ?
			      i->off : 0;
			break;
		case JNE32_K:
			pc += (uint32_t)reg[i->dst_reg] != (uint32_t)i->imm ?
			      i->off : 0;
			break;
		case JSET_K:
			pc += reg[i->dst_reg] & (uint64_t)(int64_t)i->imm ?
			      i->off : 0;
			break;
		case JA:
			pc += i->off;
			break;
		case EXIT:
			return reg[0] <= 1 ? (int)reg[0] : -1;
		default:
			return -1;
		}
	}
	return -1;
}

/* ---- the v2 program --------------------------------------------------- */

struct dev {
	char type;
	uint32_t major, minor;
	unsigned access;
	bool allow;
};

static const char *acc_name(unsigned a, char *buf)
{
	snprintf(buf, 4, "%s%s%s", a & R ? "r" : "", a & W ? "w" : "",
		 a & M ? "m" : "");
	return buf;
}

/* Build the program of the rules, check it, and judge every device. */
static void prog_case(const char *what, const struct dev_rule *r, int n,
		      const struct dev *d, size_t nd, size_t want_len)
{
	struct bpf_insn p[MAXI];
	size_t len = devcg_prog(r, n, NULL, 0), i;
	char a[4];
	int bad;

	result(len && devcg_prog(r, n, p, MAXI) == len &&
	       (!want_len || len == want_len) &&
	       devcg_prog(r, n, p, len - 1) == len,
	       "devcg v2 %s: %zu instructions (want %zu), as long when it "
	       "does not fit", what, len, want_len);
	if (!len || len > MAXI)
		return;
	memset(p, 0, sizeof(p));
	devcg_prog(r, n, p, len);
	bad = check_prog(p, len);
	result(bad < 0, "devcg v2 %s: the verifier's rules hold (first bad "
	       "instruction %d)", what, bad);
	if (bad >= 0)
		return;
	for (i = 0; i < nd; i++) {
		int got = run(p, len, d[i].type, d[i].major, d[i].minor,
			      d[i].access);

		result(got == d[i].allow, "devcg v2 %s: %c %u:%u %s %s (got "
		       "%d)", what, d[i].type, d[i].major, d[i].minor,
		       acc_name(d[i].access, a), d[i].allow ? "allowed" :
		       "denied", got);
	}
}

#define PROG(what, want_len, devs, ...) do { \
	static const struct dev_rule r_[] = { __VA_ARGS__ }; \
	prog_case(what, r_, (int)ARRAY_SIZE(r_), devs, ARRAY_SIZE(devs), \
		  want_len); \
} while (0)

#define Y(t, maj, min, a) { t, maj, min, a, true }
#define N(t, maj, min, a) { t, maj, min, a, false }

static void test_v2_prog(void)
{
	static const struct dev containerd_devs[] = {
		Y('c', 1, 3, R | W), Y('c', 1, 3, RWM), Y('c', 1, 5, R),
		Y('c', 1, 7, W), Y('c', 1, 8, R), Y('c', 1, 9, R | W),
		Y('c', 5, 0, R | W), Y('c', 5, 1, W), Y('c', 5, 2, R | W),
		Y('c', 136, 0, R | W), Y('c', 136, 1048575, RWM),
		Y('c', 1, 11, M), Y('b', 8, 0, M), Y('c', 4294967295U, 7, M),
		N('c', 1, 11, R), N('c', 1, 11, R | M), N('c', 1, 4, W),
		N('c', 5, 3, R), N('c', 4, 0, R | W), N('c', 10, 200, R | W),
		N('c', 137, 0, R), N('c', 0, 3, R), N('c', 1, 0, R),
		N('b', 1, 3, R), N('b', 8, 0, R), N('b', 8, 0, R | W | M),
		N('b', 136, 0, R), N('c', 257, 3, R), N('c', 1, 259, R),
		N('c', 4294967295U, 4294967295U, R),
	};
	static const struct dev all[] = {
		N('c', 1, 3, R), N('c', 1, 3, M), N('b', 8, 0, M),
	};
	static const struct dev all_y[] = {
		Y('c', 1, 3, RWM), Y('c', 1, 11, R), Y('b', 8, 0, R | W),
	};
	static const struct dev deny_w[] = {
		Y('c', 1, 3, R), Y('c', 1, 3, M), N('c', 1, 3, W),
		N('c', 1, 3, R | W), Y('c', 1, 5, W), Y('b', 1, 3, W),
	};
	static const struct dev override[] = {
		Y('c', 1, 3, R), Y('c', 1, 3, M), Y('c', 1, 3, R | M),
		N('c', 1, 3, W), N('c', 1, 3, R | W), N('c', 1, 5, R),
	};
	static const struct dev split[] = {
		Y('c', 1, 3, R), Y('c', 1, 3, W), N('c', 1, 3, R | W),
		Y('c', 1, 4, R), N('c', 1, 4, W), N('c', 2, 3, R),
	};
	static const struct dev big[] = {
		Y('c', 4294967295U, 0, R), N('c', 2147483647, 0, R),
		N('c', 0, 0, R), Y('b', 2147483648U, 4294967295U, W),
		N('b', 2147483648U, 4294967294U, W),
	};
	static const struct dev block_ro[] = {
		N('b', 8, 0, R), N('b', 8, 0, W), Y('b', 8, 0, M),
		N('b', 8, 0, R | M), Y('c', 1, 3, R | W), Y('c', 8, 0, R),
	};
	static const struct dev no_w[] = {
		N('c', 1, 3, W), N('c', 1, 3, R | W), Y('c', 1, 3, R | M),
		Y('b', 8, 0, W),
	};

	prog_case("containerd defaults", containerd, ARRAY_SIZE(containerd),
		  containerd_devs, ARRAY_SIZE(containerd_devs), 40);
	prog_case("no rules", NULL, 0, all, ARRAY_SIZE(all), 6);
	PROG("deny all", 6, all, DENY('a', -1, -1, RWM));
	PROG("allow all", 6, all_y, ALLOW('a', -1, -1, RWM));
	PROG("a later 'a' drops the rules before it", 6, all,
	     ALLOW('c', 1, 3, RWM), DENY('a', -1, -1, RWM));
	PROG("default allow, deny c 1:3 w", 0, deny_w,
	     ALLOW('a', -1, -1, RWM), DENY('c', 1, 3, W));
	PROG("a later rule takes access away", 0, override,
	     DENY('a', -1, -1, RWM), ALLOW('c', 1, 3, RWM),
	     DENY('c', 1, 3, W));
	PROG("one exception needs every access asked", 0, split,
	     ALLOW('c', 1, -1, R), ALLOW('c', 1, 3, W));
	PROG("numbers above 2^31", 0, big,
	     ALLOW('c', 4294967295LL, -1, RWM),
	     ALLOW('b', 2147483648LL, 4294967295LL, W));
	PROG("default allow, deny b *:* rw", 0, block_ro,
	     ALLOW('a', -1, -1, RWM), DENY('b', -1, -1, R | W));
	PROG("default allow, deny c *:* w", 0, no_w,
	     ALLOW('a', -1, -1, RWM), DENY('c', -1, -1, W));
}

/*
 * Jumps reach INT16_MAX instructions on: 6600 exceptions of 5 (type, any
 * of the access, major, minor) are too many, 4400 are not.
 */
static void test_too_many(void)
{
	enum { MANY = 6600, FEWER = 4400 };
	struct dev_rule *r = calloc(MANY + 1, sizeof(*r));
	size_t len, len1;
	int i;

	r[0] = (struct dev_rule)ALLOW('a', -1, -1, RWM);
	for (i = 1; i <= MANY; i++)
		r[i] = (struct dev_rule)DENY('c', i, 0, R);
	len = devcg_prog(r, MANY + 1, NULL, 0);
	len1 = devcg_prog(r, FEWER + 1, NULL, 0);
	result(!len && len1 == (size_t)FEWER * 5 + 8,
	       "devcg v2: %d rules are refused (got %zu instructions), %d "
	       "are not (%zu)", MANY, len, FEWER, len1);
	free(r);
}

/* ---- random lists against a model of the v1 kernel -------------------- */

static uint32_t rnd_state = 12345;

static uint32_t rnd(uint32_t n)
{
	rnd_state = rnd_state * 1103515245 + 12345;
	return (rnd_state >> 16) % n;
}

/* The v1 kernel's state: a behaviour and a list of exceptions. */
struct model {
	bool def;
	int n;
	struct dev_rule ex[16];
};

static struct dev_rule *model_find(struct model *m, char t, int64_t maj,
				   int64_t min)
{
	int i;

	for (i = 0; i < m->n; i++)
		if (m->ex[i].type == t && m->ex[i].major == maj &&
		    m->ex[i].minor == min)
			return &m->ex[i];
	return NULL;
}

/* Apply one rule as runc's emulator does; false where it refuses it. */
static bool model_apply(struct model *m, const struct dev_rule *r)
{
	struct dev_rule *e;
	int k;

	if (r->type == 'a') {
		m->def = r->allow;
		m->n = 0;
		return true;
	}
	e = model_find(m, r->type, r->major, r->minor);
	if (r->allow != m->def) {
		if (!e) {
			e = &m->ex[m->n++];
			*e = *r;
			e->access = 0;
		}
		e->access |= r->access;
		return true;
	}
	for (k = 1; k < 4; k++) {
		int64_t maj = k & 1 ? -1 : r->major, min = k & 2 ? -1 : r->minor;
		struct dev_rule *w = model_find(m, r->type, maj, min);

		if (w && w != e && (w->access & r->access))
			return false;
	}
	if (e)
		e->access &= ~r->access;
	return true;
}

/* The v1 kernel's check (devcgroup_legacy_check_permission). */
static bool model_allows(const struct model *m, const struct dev *d)
{
	int i;

	for (i = 0; i < m->n; i++) {
		const struct dev_rule *e = &m->ex[i];

		if (e->type != d->type ||
		    (e->major >= 0 && e->major != d->major) ||
		    (e->minor >= 0 && e->minor != d->minor))
			continue;
		if (!m->def && !(d->access & ~e->access))
			return true;
		if (m->def && (d->access & e->access))
			return false;
	}
	return m->def;
}

static void test_random(void)
{
	static const int64_t nums[] = { -1, 1, 3 };
	int lists = 0, refused = 0, wrong = 0, bad = 0, iter;

	for (iter = 0; iter < 3000; iter++) {
		struct dev_rule r[8];
		struct model m = { false, 0, { { 0 } } };
		struct bpf_insn p[MAXI];
		bool ok = true;
		int n = (int)rnd(8), i;
		size_t len;
		struct dev d;
		uint32_t maj, min;
		char t;

		for (i = 0; i < n; i++) {
			r[i] = (struct dev_rule){
				.allow = rnd(2), .type = "acbcb"[rnd(5)],
				.major = nums[rnd(3)], .minor = nums[rnd(3)],
				.access = rnd(8) };
			ok = ok && model_apply(&m, &r[i]);
		}
		len = devcg_prog(r, n, p, MAXI);
		lists++;
		if (!ok || !len) {
			refused++;
			wrong += ok != !!len;
			continue;
		}
		if (check_prog(p, len) >= 0) {
			bad++;
			continue;
		}
		/* Every device of the numbers used (and others), every access. */
		for (t = 'b'; t <= 'c'; t++)
			for (maj = 1; maj <= 4; maj++)
				for (min = 1; min <= 4; min++)
					for (d.access = 1; d.access < 8;
					     d.access++) {
						d.type = t;
						d.major = maj;
						d.minor = min;
						wrong += run(p, len, t, maj, min,
							     d.access) !=
							 model_allows(&m, &d);
					}
	}
	result(!wrong && !bad, "devcg v2: %d random lists (%d refused) judge "
	       "as the v1 kernel model (%d wrong, %d not verifiable)", lists,
	       refused, wrong, bad);
}

void test_devcg(void)
{
	test_v1_lines();
	test_v2_prog();
	test_too_many();
	test_random();
}
