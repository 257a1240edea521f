// SPDX-License-Identifier: MIT
/*
 * devcg.c - the device cgroup policy: config.json's linux.resources.devices
 * (struct dev_rule, desc.h) as v1 devices.allow/deny lines or as a v2
 * eBPF program (BPF_PROG_TYPE_CGROUP_DEVICE), built here (no libbpf).
 *
 * What a list of rules means is runc's: its "emulator" replays the rules
 * the way the v1 kernel keeps them, and both cgroup versions then enforce
 * the same result (runc libcontainer/cgroups/devices). The state is a
 * default (allow or deny) and exceptions of the other verdict, one per
 * (type, major, minor) with the union of its access bits:
 * - An 'a' rule resets the state: its verdict becomes the default and the
 *   exceptions are dropped. Without one the default is deny.
 * - A rule whose verdict is not the default adds its access to the
 *   exception of its (type, major, minor); a rule of the default's verdict
 *   takes its access away from that exception (the same triple only).
 * - Taking access away where a wildcard exception ("c 1:* rw", "c *:* m")
 *   also grants it is refused (-EINVAL): v1 would keep the wildcard, so
 *   the rule would do nothing there, and runc refuses it too.
 * - A device access (read, write or mknod, or several at once) is judged
 *   as the v1 kernel does: with default deny it needs one exception that
 *   matches the device and holds every access bit asked; with default
 *   allow it is denied by any exception that matches and holds one of
 *   them. (runc's v2 program needs every bit in both cases, so a deny of
 *   "w" alone lets open(O_RDWR) through there; hind's v2 agrees with v1.)
 *
 * The v2 program (struct bpf_cgroup_dev_ctx in R1):
 *   r2 = type (low 16 bits of access_type), r3 = access (high 16 bits),
 *   r4 = major, r5 = minor
 *   per exception: its checks; each failing one jumps to the next
 *     exception, the last one jumps to "verdict" when it holds
 *   r0 = default; exit
 *   verdict: r0 = !default; exit
 * Kernel rules it relies on:
 * - The context is read-only; access_type may be read in 16-bit halves
 *   (narrow loads), major and minor only as whole 32-bit words. The
 *   program returns 1 (allow) or 0 (deny); nothing else is accepted.
 * - The verifier refuses unreachable instructions, so the verdict tail
 *   exists only when some exception can jump to it.
 * - The program calls no helper, so no GPL-only one: its license string
 *   is free ("MIT"; runc loads its filter as "Apache").
 * - BPF_F_ALLOW_MULTI: programs of the cgroup and its ancestors must all
 *   allow; a program stays attached when its fds are closed, until the
 *   cgroup is removed.
 */
#include <sys/syscall.h>
#include <linux/bpf.h>
#include "hind.h"
#include "desc.h"

enum { DEV_ALL = DEV_READ | DEV_WRITE | DEV_MKNOD };

/* ---- the rules -------------------------------------------------------- */

static bool same_dev(const struct dev_rule *a, char type, int64_t major,
		     int64_t minor)
{
	return a->type == type && a->major == major && a->minor == minor;
}

/*
 * The access of the exception of (type, major, minor) after rules
 * [from, to), from being where an 'a' rule of verdict def reset the state.
 */
static __attribute__((noinline)) /* three calls: -Oz would copy it */
unsigned ex_access(const struct dev_rule *r, int from, int to, bool def,
		   char type, int64_t major, int64_t minor)
{
	unsigned a = 0;
	int i;

	for (i = from; i < to; i++) {
		if (!same_dev(&r[i], type, major, minor))
			continue;
		if (r[i].allow != def)
			a |= r[i].access;
		else
			a &= ~r[i].access;
	}
	return a;
}

static bool bad_num(int64_t v)
{
	return v < -1 || v > (int64_t)UINT32_MAX;
}

/*
 * The rules are well-formed and none takes access away that a wildcard
 * exception holds (see the top). Sets *from past the last 'a' rule and
 * *def to its verdict (none: 0 and deny).
 */
static int rules_check(const struct dev_rule *r, int n, int *from,
		       bool *def)
{
	const struct dev_rule *d;
	int i, k;

	*from = 0;
	*def = false;
	for (i = 0; i < n; i++) {
		d = &r[i];
		if ((d->type != 'a' && d->type != 'c' && d->type != 'b') ||
		    bad_num(d->major) || bad_num(d->minor) ||
		    (d->access & ~DEV_ALL))
			return cg_fail(-EINVAL, "device rule %d: bad type, "
				       "number or access", i);
		if (d->type == 'a') {
			*from = i + 1;
			*def = d->allow;
			continue;
		}
		if (d->allow != *def)
			continue;
		/* The wildcards over d's devices: *:MIN, MAJ:*, *:*. */
		for (k = 1; k < 4; k++) {
			int64_t maj = (k & 1) ? -1 : d->major;
			int64_t min = (k & 2) ? -1 : d->minor;

			if (!same_dev(d, d->type, maj, min) &&
			    (ex_access(r, *from, i, *def, d->type, maj, min) &
			     d->access))
				return cg_fail(-EINVAL, "device rule %d takes "
					       "access away that a wildcard "
					       "rule gives (cgroup v1 cannot "
					       "do that)", i);
		}
	}
	return 0;
}

int devcg_each(const struct dev_rule *r, int n,
	       int (*fn)(const struct dev_rule *d, void *arg), void *arg)
{
	struct dev_rule d = { .type = 'a', .major = -1, .minor = -1,
			      .access = DEV_ALL };
	int from, i, j, err;

	err = rules_check(r, n, &from, &d.allow);
	if (err)
		return err;
	err = fn(&d, arg);
	/* One exception per device triple, where it first shows up. */
	for (i = from; !err && i < n; i++) {
		struct dev_rule e = r[i];

		for (j = from; j < i; j++)
			if (same_dev(&r[j], e.type, e.major, e.minor))
				break;
		if (j < i)
			continue;
		e.allow = !d.allow;
		e.access = ex_access(r, from, n, d.allow, e.type, e.major,
				     e.minor);
		if (e.access)
			err = fn(&e, arg);
	}
	return err;
}

void devcg_v1_line(const struct dev_rule *d, char *buf, size_t size)
{
	char maj[16] = "*", min[16] = "*";

	if (d->major >= 0)
		snprintf(maj, sizeof(maj), "%u", (unsigned)d->major);
	if (d->minor >= 0)
		snprintf(min, sizeof(min), "%u", (unsigned)d->minor);
	snprintf(buf, size, "%c %s:%s %s%s%s", d->type, maj, min,
		 (d->access & DEV_READ) ? "r" : "",
		 (d->access & DEV_WRITE) ? "w" : "",
		 (d->access & DEV_MKNOD) ? "m" : "");
}

/* ---- the v2 program --------------------------------------------------- */

/* Where the halves of the 32-bit access_type sit in memory. */
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
enum { OFF_TYPE = 0, OFF_ACCESS = 2 };
#else
enum { OFF_TYPE = 2, OFF_ACCESS = 0 };
#endif

struct prog {
	struct bpf_insn *insn;	/* NULL: count only */
	size_t max, len;
	size_t verdict;		/* where the exceptions' verdict is */
	bool def;
	bool any;		/* an exception was put */
};

static void put(struct prog *p, uint8_t code, uint8_t dst, uint8_t src,
		int16_t off, int32_t imm)
{
	if (p->insn && p->len < p->max)
		p->insn[p->len] = (struct bpf_insn){ .code = code,
			.dst_reg = dst, .src_reg = src, .off = off, .imm = imm };
	p->len++;
}

/* The jump offset from the instruction about to be put to index to. */
static int16_t to(const struct prog *p, size_t index)
{
	return (int16_t)(index - p->len - 1);
}

/* What one check of an exception asks of a register. */
enum ck { CK_EQ, CK_NONE_OF, CK_ANY_OF }; /* == imm, & imm == 0, & imm != 0 */
struct check {
	enum ck kind;
	uint8_t reg;
	int32_t imm;
};

/* How many instructions a check takes (see put_check). */
static size_t check_len(const struct check *c, bool last)
{
	return c->kind == CK_EQ ? 1 : c->kind == CK_NONE_OF ? 1 + last :
	       2 - last;
}

/*
 * Put one check: a failing one jumps to next (the next exception); the
 * last one of an exception jumps to the verdict when it holds instead.
 */
static void put_check(struct prog *p, const struct check *c, bool last,
		      size_t next)
{
	switch (c->kind) {
	case CK_EQ:
		if (last)
			put(p, BPF_JMP32 | BPF_JEQ | BPF_K, c->reg, 0,
			    to(p, p->verdict), c->imm);
		else
			put(p, BPF_JMP32 | BPF_JNE | BPF_K, c->reg, 0,
			    to(p, next), c->imm);
		break;
	case CK_NONE_OF:
		put(p, BPF_JMP | BPF_JSET | BPF_K, c->reg, 0, to(p, next),
		    c->imm);
		if (last)
			put(p, BPF_JMP | BPF_JA, 0, 0, to(p, p->verdict), 0);
		break;
	case CK_ANY_OF:
		put(p, BPF_JMP | BPF_JSET | BPF_K, c->reg, 0,
		    last ? to(p, p->verdict) : 1, c->imm);
		if (!last)
			put(p, BPF_JMP | BPF_JA, 0, 0, to(p, next), 0);
		break;
	}
}

/* Kernel access bits (BPF_DEVCG_ACC_*) of DEV_* bits. */
static int32_t bpf_access(unsigned a)
{
	return ((a & DEV_READ) ? BPF_DEVCG_ACC_READ : 0) |
	       ((a & DEV_WRITE) ? BPF_DEVCG_ACC_WRITE : 0) |
	       ((a & DEV_MKNOD) ? BPF_DEVCG_ACC_MKNOD : 0);
}

/* devcg_each's callback: the default first, then one exception each. */
static int put_rule(const struct dev_rule *d, void *arg)
{
	struct prog *p = arg;
	struct check c[4];
	size_t n = 0, i, next;

	if (d->type == 'a') {
		p->def = d->allow;
		return 0;
	}
	p->any = true;
	/* The type, the access (unless all of it), the numbers given. */
	c[n++] = (struct check){ CK_EQ, BPF_REG_2, d->type == 'c' ?
				 BPF_DEVCG_DEV_CHAR : BPF_DEVCG_DEV_BLOCK };
	if (d->access != DEV_ALL && d->allow)
		/* allowed: no bit outside the exception's access */
		c[n++] = (struct check){ CK_NONE_OF, BPF_REG_3,
					 bpf_access(DEV_ALL & ~d->access) };
	else if (d->access != DEV_ALL)
		/* denied: any bit of it, as v1 (match_exception_partial) */
		c[n++] = (struct check){ CK_ANY_OF, BPF_REG_3,
					 bpf_access(d->access) };
	if (d->major >= 0)
		c[n++] = (struct check){ CK_EQ, BPF_REG_4, (int32_t)d->major };
	if (d->minor >= 0)
		c[n++] = (struct check){ CK_EQ, BPF_REG_5, (int32_t)d->minor };
	/* Its failing checks jump past it: measure it first. */
	next = p->len;
	for (i = 0; i < n; i++)
		next += check_len(&c[i], i == n - 1);
	for (i = 0; i < n; i++)
		put_check(p, &c[i], i == n - 1, next);
	return 0;
}

/* One pass over the rules: the loads, the exceptions, the tails. */
static int put_prog(const struct dev_rule *r, int n, struct prog *p)
{
	int err;

	p->len = 0;
	put(p, BPF_LDX | BPF_MEM | BPF_H, BPF_REG_2, BPF_REG_1,
	    offsetof(struct bpf_cgroup_dev_ctx, access_type) + OFF_TYPE, 0);
	put(p, BPF_LDX | BPF_MEM | BPF_H, BPF_REG_3, BPF_REG_1,
	    offsetof(struct bpf_cgroup_dev_ctx, access_type) + OFF_ACCESS, 0);
	put(p, BPF_LDX | BPF_MEM | BPF_W, BPF_REG_4, BPF_REG_1,
	    offsetof(struct bpf_cgroup_dev_ctx, major), 0);
	put(p, BPF_LDX | BPF_MEM | BPF_W, BPF_REG_5, BPF_REG_1,
	    offsetof(struct bpf_cgroup_dev_ctx, minor), 0);
	err = devcg_each(r, n, put_rule, p);
	if (err)
		return err;
	put(p, BPF_ALU | BPF_MOV | BPF_K, BPF_REG_0, 0, 0, p->def);
	put(p, BPF_JMP | BPF_EXIT, 0, 0, 0, 0);
	/* Unreachable without an exception, and then refused. */
	if (p->any) {
		put(p, BPF_ALU | BPF_MOV | BPF_K, BPF_REG_0, 0, 0, !p->def);
		put(p, BPF_JMP | BPF_EXIT, 0, 0, 0, 0);
	}
	return 0;
}

size_t devcg_prog(const struct dev_rule *r, int n, struct bpf_insn *insn,
		  size_t max)
{
	struct prog p = { .insn = NULL };

	/* First count (the verdict's place), then put it if it fits. */
	if (put_prog(r, n, &p) < 0)
		return 0;
	/* Jumps to the verdict reach at most INT16_MAX instructions on. */
	if (p.len > INT16_MAX) {
		cg_fail(-E2BIG, "%d device rules", n);
		return 0;
	}
	if (insn && p.len <= max) {
		p = (struct prog){ .insn = insn, .max = max,
				   .verdict = p.len - 2 };
		put_prog(r, n, &p);
	}
	return p.len;
}

int devcg_attach_v2(int dirfd, const struct bpf_insn *insn, size_t len)
{
	union bpf_attr a;
	int fd, err = 0;

	memset(&a, 0, sizeof(a));
	a.prog_type = BPF_PROG_TYPE_CGROUP_DEVICE;
	a.insns = (uintptr_t)insn;
	a.insn_cnt = (uint32_t)len;
	a.license = (uintptr_t)"MIT";
	fd = (int)syscall(__NR_bpf, BPF_PROG_LOAD, &a, sizeof(a));
	if (fd < 0)
		return cg_fail(-errno, "cannot load the device cgroup program "
			       "(%zu instructions)", len);
	memset(&a, 0, sizeof(a));
	a.target_fd = (uint32_t)dirfd;
	a.attach_bpf_fd = (uint32_t)fd;
	a.attach_type = BPF_CGROUP_DEVICE;
	a.attach_flags = BPF_F_ALLOW_MULTI;
	if (syscall(__NR_bpf, BPF_PROG_ATTACH, &a, sizeof(a)) < 0)
		err = cg_fail(-errno, "cannot attach the device cgroup "
			      "program");
	close(fd);
	return err;
}
