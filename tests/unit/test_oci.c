// SPDX-License-Identifier: MIT
/*
 * test_oci.c - unit tests of core/json.c (the strict JSON reader) and
 * core/oci_config.c (config.json into a struct run_desc). Part of the
 * test_unit binary; the syscall names come from tests/unit/sc_names_stub.c.
 *
 * The fixtures in tests/unit/oci/: crun-spec.json and runc-spec.json are
 * what `crun spec` (1.8.1) and `runc spec` (1.1.5) write;
 * containerd-ctr.json is containerd 1.6's default spec as `ctr run
 * --memory-limit 67108864` sends it, with a bind mount; podman-seccomp.json
 * is podman-like, with a user, a tty, sysctls, every limit, a device node
 * and a seccomp profile with conditions. Each is parsed against a bundle
 * made here (mkdtemp, with rootfs/), and its fields in the run
 * description are asserted one by one. Then bad configs, each made from
 * one small valid config with one change: -1 and the words oci_error
 * must hold.
 */
#include <sys/mount.h>
#include <sys/resource.h>
#include <asm/unistd_64.h>
#include "hind.h"
#include "json.h"
#include "oci.h"
#include "unit.h"

static char bundle[64];

/* ---- json.c ------------------------------------------------------------ */

static void json_ok(const char *s, bool ok)
{
	struct json j;
	int r = json_parse(&j, s, strlen(s));
	char name[128];
	size_t used;

	/* the case's name terminal-safe: no raw newline or bad UTF-8 */
	name[esc_str(name, sizeof(name) - 1, s, strlen(s), &used,
		     ESC_TEXT)] = 0;
	result((r == 0) == ok, "json_parse '%s' %s (got %d%s%s)", name,
	       ok ? "succeeds" : "fails", r, r ? ": " : "", r ? j.err : "");
	if (!r)
		json_free(&j);
}

static void test_json(void)
{
	static const char esc[] =
		"{\"s\":\"\\u00e9\\ud83d\\ude00\\\"\\\\\\/\\n\","
		"\"d\":1,\"d\":2,\"z\":\"a\\u0000b\","
		"\"ls\":\"\\udc00\",\"a\":[10,20,30]}";
	static const char *const good[] = {
		"{}", "[]", " {\"a\" : [1, -2, 3.5e+2, true, false, null]} ",
		"\"x\"", "0", "-0.5E-3", "\t[ ]\r\n", "[[[[]]]]", "{\"a\":{\"b\":{}}}",
		"[\"\\u00e9\\ud83d\\ude00\\n\\/\"]",
	};
	static const char *const bad[] = {
		"", " ", "[1 2]", "[1,,2]", "[1,]", "{\"a\":1,}", "{\"a\"}",
		"{\"a\":}", "{\"a\" 1}", "{1:2}", "{\"a\":1:2}", "tru", "01",
		"1.", "-", "+1", "[", "]", "{} {}", "{}x", "\"a\tb\"",
		"\"\xc3\"", "\"\xed\xa0\x80\"", "[\"\\x\"]", "{\"a\":1}}",
		"[1]]", "nul", "[.5]", "{\"a\":[}",
	};
	struct json j;
	char buf[64];
	uint64_t u;
	int64_t i;
	size_t k;
	int v;

	for (k = 0; k < ARRAY_SIZE(good); k++)
		json_ok(good[k], true);
	for (k = 0; k < ARRAY_SIZE(bad); k++)
		json_ok(bad[k], false);

	/* A NUL inside the text is an error, not its end. */
	v = json_parse(&j, "{}\0", 3);
	result(v < 0, "json_parse: a NUL after the value fails (got %d)", v);
	v = json_parse(&j, "{\n  \"a\": [1,\n ,2]}", 18);
	result(v < 0 && j.line == 3 && j.col == 2,
	       "json_parse: the error's line 3, column 2 (got %u, %u)", j.line,
	       j.col);

	/* Unescaping, duplicates, iteration. */
	if (json_parse(&j, esc, strlen(esc)) < 0) {
		result(false, "json_parse of the escape text: %s", j.err);
		return;
	}
	v = json_str(&j, json_get(&j, 0, "s"), buf);
	result(v == 10 && !memcmp(buf, "\xc3\xa9\xf0\x9f\x98\x80\"\\/\n", 11),
	       "json_str: \\u00e9, a surrogate pair, \\\" \\\\ \\/ \\n as UTF-8 "
	       "(got %d)", v);
	result(json_str(&j, json_get(&j, 0, "z"), buf) == -EINVAL &&
	       json_str(&j, json_get(&j, 0, "ls"), buf) == -EINVAL,
	       "json_str: \\u0000 and a lone low surrogate are -EINVAL");
	result(!json_u64(&j, json_get(&j, 0, "d"), &u) && u == 2,
	       "json_get: the last of a repeated key (got %" PRIu64 ")", u);
	result(json_get(&j, 0, "nope") == -1 && json_get(&j, 1, "s") == -1,
	       "json_get: a missing key and a non-object give -1");
	u = 0;
	v = json_get(&j, 0, "a");
	for (k = 0, i = json_first(&j, v); i >= 0;
	     i = json_next(&j, (int)i), k++) {
		uint64_t x = 0;

		json_u64(&j, (int)i, &x);
		u += x;
	}
	result(k == 3 && u == 60 && j.t[v].size == 3,
	       "json_first/json_next: 3 elements summing to 60 (got %zu, %"
	       PRIu64 ")", k, u);
	json_free(&j);

	/* Integers. */
	{
		static const struct {
			const char *s;
			int err_u, err_i;
			uint64_t u;
			int64_t i;
		} n[] = {
			{ "[0]", 0, 0, 0, 0 },
			{ "[-0]", 0, 0, 0, 0 },
			{ "[18446744073709551615]", 0, -ERANGE, UINT64_MAX, 0 },
			{ "[18446744073709551616]", -ERANGE, -ERANGE, 0, 0 },
			{ "[9223372036854775807]", 0, 0, INT64_MAX, INT64_MAX },
			{ "[-9223372036854775808]", -ERANGE, 0, 0, INT64_MIN },
			{ "[-9223372036854775809]", -ERANGE, -ERANGE, 0, 0 },
			{ "[-1]", -ERANGE, 0, 0, -1 },
			{ "[1.0]", -EINVAL, -EINVAL, 0, 0 },
			{ "[1e3]", -EINVAL, -EINVAL, 0, 0 },
			{ "[\"1\"]", -EINVAL, -EINVAL, 0, 0 },
			{ "[true]", -EINVAL, -EINVAL, 0, 0 },
		};

		for (k = 0; k < ARRAY_SIZE(n); k++) {
			int eu, ei;

			u = 0;
			i = 0;
			if (json_parse(&j, n[k].s, strlen(n[k].s)) < 0) {
				result(false, "json_parse '%s'", n[k].s);
				continue;
			}
			eu = json_u64(&j, 1, &u);
			ei = json_i64(&j, 1, &i);
			result(eu == n[k].err_u && ei == n[k].err_i &&
			       (eu || u == n[k].u) && (ei || i == n[k].i),
			       "json_u64/json_i64 '%s' = %d %" PRIu64 " / %d %"
			       PRId64 " (got %d %" PRIu64 " / %d %" PRId64 ")",
			       n[k].s, n[k].err_u, n[k].u, n[k].err_i, n[k].i,
			       eu, u, ei, i);
			json_free(&j);
		}
	}
}

/* ---- fixtures ---------------------------------------------------------- */

static char *slurp(const char *name, size_t *len)
{
	char path[256], *buf;
	const char *src = __FILE__, *slash = strrchr(src, '/');
	int fd;
	ssize_t n;

	snprintf(path, sizeof(path), "%.*s/oci/%s",
		 (int)(slash ? slash - src : 1), slash ? src : ".", name);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return NULL;
	buf = malloc(1 << 20);
	n = read(fd, buf, 1 << 20);
	close(fd);
	if (n < 0) {
		free(buf);
		return NULL;
	}
	*len = (size_t)n;
	return buf;
}

/* Parse a fixture; false (and a failed case) if it does not parse. */
static bool load(const char *name, struct run_desc *rd, struct oci_extra *x)
{
	size_t len = 0;
	char *buf = slurp(name, &len);
	int r;

	if (!buf) {
		result(false, "%s: cannot read the fixture", name);
		return false;
	}
	r = oci_config_parse(buf, len, bundle, rd, x);
	free(buf);
	result(!r, "%s parses (%s)", name, r ? oci_error : "ok");
	return !r;
}

static bool streq(const char *a, const char *b)
{
	return a && b && !strcmp(a, b);
}

static int count(const char *const *v)
{
	int n = 0;

	while (v && v[n])
		n++;
	return n;
}

#define B(c) CAPS_BIT(CAP_##c)

/* What crun spec and runc spec have in common. */
static void check_spec(const char *name, const struct run_desc *rd,
		       const struct oci_extra *x, const char *host)
{
	uint64_t three = B(AUDIT_WRITE) | B(KILL) | B(NET_BIND_SERVICE);
	char root[96];
	const struct mnt_ent *m = rd->mnt.ents;

	snprintf(root, sizeof(root), "%s/rootfs", bundle);
	result(rd->argv && streq(rd->argv[0], "sh") && !rd->argv[1] &&
	       count((const char *const *)rd->env) == 2 &&
	       streq(rd->env[1], "TERM=xterm") && streq(rd->workdir, "/"),
	       "%s: argv [sh], 2 env entries, cwd /", name);
	result(rd->tty && rd->keep_stdin && !rd->use_init && rd->no_new_privs &&
	       !rd->seccomp_default && !rd->seccomp && rd->user_set &&
	       !rd->uid && !rd->gid && !rd->groups && rd->umask == -1,
	       "%s: tty, keep_stdin, no init, no_new_privs, uid 0:0", name);
	result(rd->caps.bounding == three && rd->caps.effective == three &&
	       rd->caps.permitted == three && rd->caps.ambient == three &&
	       !rd->caps.inheritable && !rd->all_caps,
	       "%s: the 3 capabilities in 4 sets, none inheritable", name);
	result(rd->nrlimits == 1 && rd->rlimits[0].resource == RLIMIT_NOFILE &&
	       rd->rlimits[0].soft == 1024 && rd->rlimits[0].hard == 1024,
	       "%s: RLIMIT_NOFILE 1024/1024", name);
	result(streq(x->rootfs, root) && streq(rd->mnt.image, root) &&
	       rd->mnt.read_only && rd->mnt.oci && streq(rd->hostname, host) &&
	       !rd->domainname && !x->annotations,
	       "%s: rootfs '%s' read-only, hostname %s", name, x->rootfs, host);
	result(rd->mnt.nents == 7 && streq(m[0].type, "proc") &&
	       streq(m[0].dst, "/proc") && !m[0].flags && !m[0].data &&
	       streq(m[1].dst, "/dev") && streq(m[1].type, "tmpfs") &&
	       m[1].flags == (MS_NOSUID | MS_STRICTATIME) &&
	       streq(m[1].data, "mode=755,size=65536k") &&
	       streq(m[2].data, "newinstance,ptmxmode=0666,mode=0620,gid=5") &&
	       m[2].flags == (MS_NOSUID | MS_NOEXEC) &&
	       streq(m[4].type, "mqueue") &&
	       m[5].flags == (MS_NOSUID | MS_NOEXEC | MS_NODEV | MS_RDONLY) &&
	       streq(m[6].type, "cgroup") && streq(m[6].src, "cgroup") &&
	       m[6].flags == (MS_NOSUID | MS_NOEXEC | MS_NODEV | MS_RELATIME |
			      MS_RDONLY) && !m[6].bind && !m[6].prop,
	       "%s: 7 mounts with their flags and data", name);
	result(rd->ndev_rules == 11 && !rd->dev_rules[0].allow &&
	       rd->dev_rules[0].type == 'a' && rd->dev_rules[0].major == -1 &&
	       rd->dev_rules[0].minor == -1 &&
	       rd->dev_rules[0].access == (DEV_READ | DEV_WRITE | DEV_MKNOD) &&
	       rd->dev_rules[1].allow && rd->dev_rules[1].type == 'c' &&
	       rd->dev_rules[1].access == DEV_MKNOD &&
	       rd->dev_rules[3].major == 1 && rd->dev_rules[3].minor == 3,
	       "%s: deny a *:* rwm, then runc's 10 default allows", name);
	result(rd->clone_flags == (CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWIPC |
				   CLONE_NEWUTS | CLONE_NEWNS) &&
	       !rd->cgroupns && !rd->njoins && rd->lo_up,
	       "%s: pid, net, ipc, uts, mount namespaces; lo up", name);
	result(count(rd->mnt.masked) == 10 &&
	       streq(rd->mnt.masked[9], "/proc/scsi") &&
	       count(rd->mnt.readonly) == 5 &&
	       streq(rd->mnt.readonly[3], "/proc/sys") && !rd->mnt.nsysctl &&
	       !rd->mnt.nnodes && !rd->lim.set && !rd->cgroup_path,
	       "%s: 10 masked, 5 read-only paths; no limit, no cgroupsPath",
	       name);
}

static void test_specs(void)
{
	struct run_desc rd;
	struct oci_extra x;

	if (load("crun-spec.json", &rd, &x)) {
		check_spec("crun spec", &rd, &x, "crun");
		result(streq(x.oci_version, "1.0.0"), "crun spec: ociVersion");
	}
	oci_free();
	if (load("runc-spec.json", &rd, &x)) {
		check_spec("runc spec", &rd, &x, "runc");
		result(streq(x.oci_version, "1.0.2-dev"), "runc spec: ociVersion");
	}
	oci_free();
}

static void test_containerd(void)
{
	uint64_t caps = B(CHOWN) | B(DAC_OVERRIDE) | B(FSETID) | B(FOWNER) |
			B(MKNOD) | B(NET_RAW) | B(SETGID) | B(SETUID) |
			B(SETFCAP) | B(SETPCAP) | B(NET_BIND_SERVICE) |
			B(SYS_CHROOT) | B(KILL) | B(AUDIT_WRITE);
	const struct dev_rule *d;
	const struct mnt_ent *m;
	struct run_desc rd;
	struct oci_extra x;

	if (!load("containerd-ctr.json", &rd, &x))
		goto out;
	d = rd.dev_rules;
	m = rd.mnt.ents;
	result(rd.caps.bounding == caps && rd.caps.effective == caps &&
	       rd.caps.permitted == caps && !rd.caps.ambient &&
	       !rd.caps.inheritable && !rd.tty && !rd.mnt.read_only &&
	       !rd.hostname,
	       "containerd: the 14 default capabilities, no tty, no hostname");
	result(rd.lim.set == CGL_MEMORY && rd.lim.mem_max == 64 << 20 &&
	       rd.lim.cpu_quota == HIND_MAX,
	       "containerd: memory.limit 64 MiB alone (no swap limit added)");
	result(streq(rd.cgroup_path, "/default/test1"),
	       "containerd: cgroupsPath /default/test1");
	result(rd.ndev_rules == 21 && !d[0].allow && d[0].type == 'a' &&
	       d[0].major == -1 && d[0].minor == -1 && d[1].allow &&
	       d[1].type == 'c' && d[1].major == 1 && d[1].minor == 3 &&
	       d[8].major == 136 && d[8].minor == -1 && d[10].major == 10 &&
	       d[10].minor == 200 && d[10].access == 7,
	       "containerd: its 11 device rules (deny all then c 1:3 ... 136:* "
	       "10:200), then runc's 10 default allows");
	result(rd.mnt.nents == 9 && streq(m[6].dst, "/run") &&
	       streq(m[8].dst, "/etc/resolv.conf") && m[8].bind && m[8].rec &&
	       m[8].flags == MS_RDONLY && streq(m[8].type, "bind") &&
	       streq(m[8].src, "/etc/resolv.conf") && !m[8].data &&
	       m[7].flags == (MS_RDONLY | MS_NOSUID | MS_NOEXEC | MS_NODEV),
	       "containerd: 9 mounts, /etc/resolv.conf rbind read-only");
	result(count(rd.mnt.masked) == 10 && count(rd.mnt.readonly) == 5 &&
	       rd.no_new_privs && rd.clone_flags == (CLONE_NEWPID | CLONE_NEWIPC |
						     CLONE_NEWUTS | CLONE_NEWNS |
						     CLONE_NEWNET),
	       "containerd: masked and read-only paths, 5 namespaces");
out:
	oci_free();
}

static bool rule_is(const struct sc_rule *r, int nr, enum sc_action act,
		    unsigned ret, int ncond)
{
	return r->nr == nr && r->action == act && r->ret == ret &&
	       r->ncond == ncond;
}

static void test_podman(void)
{
	const struct sc_profile *sp;
	const struct sc_rule *r;
	const struct mnt_ent *m;
	struct run_desc rd;
	struct oci_extra x;
	char src[96];

	if (!load("podman-seccomp.json", &rd, &x))
		goto out;
	m = rd.mnt.ents;
	result(rd.user_set && rd.uid == 1000 && rd.gid == 1000 &&
	       rd.umask == 022 && rd.ngroups == 2 && rd.groups[0] == 10 &&
	       rd.groups[1] == 1000, "podman: user 1000:1000, umask 022, "
	       "groups 10 1000");
	result(rd.tty && rd.rows == 24 && rd.cols == 80 &&
	       streq(rd.workdir, "/work") && !rd.no_new_privs,
	       "podman: a 24x80 tty, cwd /work");
	result(streq(rd.argv[2], "printf 'caf\xc3\xa9\\n'") &&
	       streq(rd.env[5], "MSG=a \"quoted\" \\ back\nline") &&
	       count((const char *const *)rd.env) == 6,
	       "podman: \\u00e9, \\\", \\\\ and \\n unescaped in args and env");
	result(rd.nrlimits == 2 && rd.rlimits[1].resource == RLIMIT_NPROC &&
	       rd.rlimits[1].hard == 4194304 && rd.oom_score_adj_set &&
	       rd.oom_score_adj == 100 &&
	       streq(rd.apparmor, "containers-default-0.50.1") &&
	       !rd.selinux_label,
	       "podman: 2 rlimits, oomScoreAdj 100, AppArmor profile, no "
	       "SELinux label (empty)");
	result(x.annotations && x.annotations[0] == '{' &&
	       x.annotations[x.annotations_len - 1] == '}' &&
	       strlen(x.annotations) == x.annotations_len &&
	       strstr(x.annotations, "\"io.container.manager\": \"libpod\"") &&
	       streq(x.oci_version, "1.1.0"),
	       "podman: annotations as written (%zu bytes), ociVersion 1.1.0",
	       x.annotations_len);
	result(rd.mnt.nsysctl == 2 &&
	       streq(rd.mnt.sysctl_keys[0], "net.ipv4.ping_group_range") &&
	       streq(rd.mnt.sysctl_vals[0], "0 0") &&
	       streq(rd.mnt.sysctl_keys[1], "kernel.shmmax") &&
	       !rd.mnt.sysctl_keys[2],
	       "podman: 2 namespaced sysctls");
	result(rd.lim.set == (CGL_PIDS | CGL_MEMORY | CGL_MEMLOW | CGL_SWAP |
			      CGL_SHARES | CGL_CPU | CGL_CPUS | CGL_MEMS) &&
	       rd.lim.pids_max == 2048 && rd.lim.mem_max == 512 << 20 &&
	       rd.lim.mem_low == 256 << 20 && rd.lim.swap_max == 512 << 20 &&
	       rd.lim.cpu_shares == 512 && rd.lim.cpu_quota == 50000 &&
	       rd.lim.cpu_period == 100000 && streq(rd.lim.cpus, "0-1") &&
	       streq(rd.lim.mems, "0"),
	       "podman: pids 2048, memory 512M (low 256M, swap 1G-512M), "
	       "shares 512, quota 50000/100000, cpuset 0-1/0");
	result(rd.cgroupns && !(rd.clone_flags & CLONE_NEWCGROUP) &&
	       streq(rd.cgroup_path, "/machine.slice/libpod-abc.scope") &&
	       rd.mnt.root_prop == (MS_SLAVE | MS_REC),
	       "podman: a cgroup namespace (cgroupns, not in clone_flags), "
	       "rootfsPropagation rslave");
	result(rd.mnt.nnodes == 1 && streq(rd.mnt.nodes[0].path, "/dev/fuse") &&
	       rd.mnt.nodes[0].type == 'c' && rd.mnt.nodes[0].major == 10 &&
	       rd.mnt.nodes[0].minor == 229 && rd.mnt.nodes[0].mode == 0666,
	       "podman: /dev/fuse c 10:229 mode 0666 (type bits dropped)");
	{
		const struct dev_rule *last = &rd.dev_rules[rd.ndev_rules - 1];

		result(rd.ndev_rules >= 11 && last->allow && last->type == 'c' &&
		       last->major == 10 && last->minor == 229 &&
		       last->access == (DEV_READ | DEV_WRITE | DEV_MKNOD),
		       "podman: /dev/fuse's node gets an rwm allow after the "
		       "rules (runc's rule for linux.devices)");
	}
	snprintf(src, sizeof(src), "%s/vol/data", bundle);
	result(rd.mnt.nents == 9 && m[5].bind && !m[5].rec &&
	       m[5].prop == (MS_PRIVATE | MS_REC) &&
	       m[6].flags == (MS_NOSUID | MS_NOEXEC | MS_NODEV) &&
	       streq(m[7].type, "cgroup") && m[7].prop == (MS_PRIVATE | MS_REC) &&
	       streq(m[8].type, "bind") && m[8].bind && m[8].rec &&
	       m[8].prop == (MS_SLAVE | MS_REC) && streq(m[8].src, src) &&
	       !rd.mnt.readonly && count(rd.mnt.masked) == 3,
	       "podman: bind mounts with propagation, a bundle-relative "
	       "source '%s'", m[8].src);

	sp = rd.seccomp;
	r = sp ? sp->rules : NULL;
	result(sp && sp->def_action == SC_ERRNO && sp->def_ret == 38 &&
	       sp->arches == (SC_ARCH_X86_64 | SC_ARCH_X86 | SC_ARCH_X32) &&
	       sp->nrules == 12,
	       "podman seccomp: ERRNO(38) by default, 3 architectures, 12 "
	       "rules (got %d)", sp ? sp->nrules : -1);
	if (!sp || sp->nrules != 12)
		goto out;
	result(rule_is(&r[0], __NR_read, SC_ALLOW, EPERM, 0) &&
	       rule_is(&r[2], __NR_close, SC_ALLOW, EPERM, 0) &&
	       rule_is(&r[3], __NR_exit_group, SC_ALLOW, EPERM, 0),
	       "podman seccomp: read write close exit_group allowed, an "
	       "unknown name skipped");
	result(rule_is(&r[4], __NR_personality, SC_ALLOW, EPERM, 1) &&
	       r[4].cond[0].op == SC_EQ && !r[4].cond[0].value &&
	       rule_is(&r[5], __NR_personality, SC_ALLOW, EPERM, 1) &&
	       r[5].cond[0].value == 4294967295u,
	       "podman seccomp: personality(0) and personality(0xffffffff)");
	result(rule_is(&r[6], __NR_clone, SC_ALLOW, EPERM, 1) &&
	       r[6].cond[0].op == SC_MASKED_EQ &&
	       r[6].cond[0].value == 2114060288 && !r[6].cond[0].value2,
	       "podman seccomp: clone with a MASKED_EQ on its flags");
	result(rule_is(&r[7], __NR_socket, SC_ERRNO, 1, 2) &&
	       r[7].cond[0].index == 0 && r[7].cond[0].value == 16 &&
	       r[7].cond[1].index == 2 && r[7].cond[1].value == 9,
	       "podman seccomp: socket(16, *, 9) ERRNO(1): two conditions, "
	       "one rule");
	result(rule_is(&r[8], __NR_chmod, SC_ALLOW, EPERM, 1) &&
	       r[8].cond[0].op == SC_GT && r[8].cond[0].value == 1 &&
	       rule_is(&r[9], __NR_chmod, SC_ALLOW, EPERM, 1) &&
	       r[9].cond[0].op == SC_LT && r[9].cond[0].value == 1000,
	       "podman seccomp: two conditions on one argument: two rules "
	       "(runc)");
	result(rule_is(&r[10], __NR_ptrace, SC_KILL_PROCESS, EPERM, 0) &&
	       rule_is(&r[11], __NR_reboot, SC_KILL_THREAD, EPERM, 0),
	       "podman seccomp: the default's ERRNO(38) for keyctl skipped; "
	       "KILL_PROCESS, KILL = KILL_THREAD");
out:
	oci_free();
}

/* ---- process.json ------------------------------------------------------ */

static void test_process(void)
{
	static const char p[] =
		"{\"args\":[\"ls\",\"-l\"],\"cwd\":\"/tmp\",\"env\":[\"A=1\"],"
		"\"user\":{\"uid\":5,\"gid\":6},\"terminal\":false,"
		"\"capabilities\":{\"bounding\":[\"CAP_KILL\"]},"
		"\"noNewPrivileges\":true,\"unknownThing\":[1,{\"x\":2}]}";
	struct run_desc rd;
	int r;

	memset(&rd, 0, sizeof(rd));
	rd.clone_flags = CLONE_NEWPID;
	r = oci_process_parse(p, strlen(p), &rd);
	result(!r && streq(rd.argv[1], "-l") && !rd.argv[2] &&
	       streq(rd.workdir, "/tmp") && streq(rd.env[0], "A=1") &&
	       rd.uid == 5 && rd.gid == 6 && rd.caps.bounding == B(KILL) &&
	       rd.no_new_privs && rd.keep_stdin && rd.clone_flags == CLONE_NEWPID,
	       "process.json: its fields, the rest of rd untouched (%s)",
	       r ? oci_error : "ok");
	oci_free();
	r = oci_process_parse("{\"args\":[],\"cwd\":\"/\"}", 21, &rd);
	result(r < 0 && streq(oci_error, "process.json: args: missing: no "
			      "command to run"),
	       "process.json without args: '%s'", oci_error);
	r = oci_process_parse("{\"args\":[\"a\"],\"cwd\":\"rel\"}", 26, &rd);
	result(r < 0 && streq(oci_error, "process.json: cwd: 'rel' is not an "
			      "absolute path"),
	       "process.json with a relative cwd: '%s'", oci_error);
}

/* ---- bad configs ------------------------------------------------------- */

/*
 * One small valid config with four holes: more of "process", more at the
 * top, more namespaces, more of "linux".
 */
static const char tmpl[] =
	"{\"ociVersion\":\"1.0.2\",\"process\":{\"args\":[\"sh\"],\"cwd\":\"/\"%s},"
	"\"root\":{\"path\":\"rootfs\"}%s,\"linux\":{\"namespaces\":"
	"[{\"type\":\"mount\"}%s]%s}}";

static void bad(const char *proc, const char *top, const char *ns,
		const char *lx, const char *want)
{
	char buf[1024];
	struct run_desc rd;
	struct oci_extra x;
	int r;

	snprintf(buf, sizeof(buf), tmpl, proc, top, ns, lx);
	r = oci_config_parse(buf, strlen(buf), bundle, &rd, &x);
	result(r < 0 && strstr(oci_error, want), "config.json -> '%s' (got %d: "
	       "'%s')", want, r, r ? oci_error : "");
	oci_free();
}

static void test_bad(void)
{
	char buf[1024], path[128];
	struct run_desc rd;
	struct oci_extra x;
	int r;

	/* The template itself is good. */
	snprintf(buf, sizeof(buf), tmpl, "", "", "", "");
	r = oci_config_parse(buf, strlen(buf), bundle, &rd, &x);
	result(!r && rd.clone_flags == CLONE_NEWNS && rd.user_set &&
	       !rd.mnt.nents && rd.env && !rd.env[0] && !rd.lo_up,
	       "the minimal config parses: a mount namespace, empty env (%s)",
	       r ? oci_error : "ok");
	oci_free();

	r = oci_config_parse("{\"ociVersion\":\"1.0.0\",}", 23, bundle, &rd, &x);
	result(r < 0 && streq(oci_error, "config.json: invalid JSON at line 1, "
			      "column 22: unexpected character"),
	       "bad JSON: '%s'", oci_error);
	bad("", "", "", ",\"resources\":{\"memory\":{\"limit\":\"1G\"}}",
	    "config.json: linux.resources.memory.limit: expected an integer");
	bad("", "", "", ",\"resources\":{\"memory\":{\"limit\":1.5}}",
	    "config.json: linux.resources.memory.limit: expected an integer");
	bad("", "", "", ",\"resources\":{\"memory\":{\"limit\":"
	    "9223372036854775808}}", "memory.limit: out of range");
	bad(",\"capabilities\":{\"bounding\":[\"CAP_KILL\",\"CAP_FOO\"]}", "", "",
	    "", "config.json: process.capabilities.bounding[1]: unknown "
	    "capability 'CAP_FOO'");
	bad(",\"capabilities\":{\"bounding\":\"CAP_KILL\"}", "", "", "",
	    "process.capabilities.bounding: expected an array");
	bad("", ",\"mounts\":[{\"destination\":\"/a\",\"type\":\"tmpfs\"},"
	    "{\"destination\":\"/b\",\"type\":\"proc\"},{\"destination\":\"/c\","
	    "\"type\":\"sysfs\"},{\"destination\":\"/mnt\",\"type\":\"nfs\","
	    "\"source\":\"srv:/x\"}]", "", "",
	    "config.json: mounts[3].type: mount type 'nfs' is not supported");
	bad("", ",\"mounts\":[{\"destination\":\"mnt\",\"type\":\"tmpfs\"}]", "",
	    "", "mounts[0].destination: 'mnt' is not an absolute path");
	bad("", ",\"mounts\":[{\"destination\":\"/m\",\"type\":\"tmpfs\","
	    "\"options\":[\"rro\"]}]", "", "",
	    "mount option 'rro' is not supported");
	bad("", ",\"mounts\":[{\"destination\":\"/m\",\"type\":\"bind\"}]", "",
	    "", "mounts[0].source: missing for a bind mount");
	bad("", "", ",{\"type\":\"user\"}", "",
	    "config.json: linux.namespaces[1].type: user namespaces are not "
	    "supported");
	bad("", "", ",{\"type\":\"time\"}", "", "time namespaces are not");
	bad("", "", ",{\"type\":\"pid\"},{\"type\":\"pid\"}", "",
	    "linux.namespaces[2].type: a second pid namespace");
	bad("", "", ",{\"type\":\"foo\"}", "", "unknown namespace 'foo'");
	bad("", "", ",{\"type\":\"network\",\"path\":\"ns\"}", "",
	    "linux.namespaces[1].path: 'ns' is not an absolute path");
	snprintf(buf, sizeof(buf), "{\"ociVersion\":\"1.0.2\",\"process\":"
		 "{\"args\":[\"sh\"],\"cwd\":\"/\"},\"root\":{\"path\":"
		 "\"rootfs\"},\"linux\":{\"namespaces\":[{\"type\":\"pid\"}]}}");
	r = oci_config_parse(buf, strlen(buf), bundle, &rd, &x);
	result(r < 0 && strstr(oci_error, "linux.namespaces: a new mount "
			       "namespace is required"),
	       "no mount namespace: '%s'", oci_error);
	bad("", "", ",{\"type\":\"ipc\"}",
	    ",\"sysctl\":{\"vm.swappiness\":\"10\"}",
	    "config.json: linux.sysctl.vm.swappiness: 'vm.swappiness' is not "
	    "namespaced");
	bad("", "", "", ",\"sysctl\":{\"net.ipv4.ip_forward\":\"1\"}",
	    "'net.ipv4.ip_forward' needs a network namespace");
	bad("", "", ",{\"type\":\"network\",\"path\":\"/proc/self/ns/net\"}",
	    ",\"sysctl\":{\"net.ipv4.ip_forward\":\"1\"}",
	    "in the host's namespace");
	bad("", "", ",{\"type\":\"network\"}",
	    ",\"sysctl\":{\"net/../../x\":\"1\"}", "is not a sysctl name");
	bad("", "", "", ",\"sysctl\":{\"kernel.sem\":1}",
	    "linux.sysctl.kernel.sem: expected a string");
	bad("", ",\"hostname\":\"h\"", "", "", "hostname: needs a UTS namespace");
	bad("", ",\"hooks\":{\"prestart\":[{\"path\":\"/bin/true\"}]}", "", "",
	    "hooks.prestart: hooks are not supported");
	bad("", "", "", ",\"uidMappings\":[{\"containerID\":0,\"hostID\":1000,"
	    "\"size\":1}]", "linux.uidMappings: user namespaces are not");
	bad("", "", "", ",\"cgroupsPath\":\"system.slice:docker:abc\"",
	    "hind has no systemd driver");
	bad("", "", "", ",\"cgroupsPath\":\"/a/../../b\"", "'..' in");
	bad("", "", "", ",\"resources\":{\"blockIO\":{\"weight\":10}}",
	    "linux.resources.blockIO: block I/O limits are not supported");
	bad("", "", "", ",\"resources\":{\"memory\":{\"disableOOMKiller\":true}}",
	    "disableOOMKiller: not supported");
	bad("", "", "", ",\"resources\":{\"memory\":{\"limit\":100,\"swap\":50}}",
	    "swap: below the memory limit");
	bad("", "", "", ",\"resources\":{\"cpu\":{\"realtimeRuntime\":950000}}",
	    "realtime CPU time is not supported");
	bad("", "", "", ",\"resources\":{\"devices\":[{\"allow\":true,"
	    "\"access\":\"rwx\"}]}", "devices[0].access: not letters of 'rwm'");
	bad("", "", "", ",\"seccomp\":{\"defaultAction\":\"SCMP_ACT_NOTIFY\"}",
	    "SCMP_ACT_NOTIFY is not supported");
	bad("", "", "", ",\"seccomp\":{\"defaultAction\":\"SCMP_ACT_ALLOW\","
	    "\"syscalls\":[{\"names\":[\"read\"],\"action\":\"SCMP_ACT_ERRNO\","
	    "\"args\":[{\"index\":6,\"value\":1,\"op\":\"SCMP_CMP_EQ\"}]}]}",
	    "linux.seccomp.syscalls[0].args[0].index: out of range (0 to 5)");
	bad("", "", "", ",\"seccomp\":{\"defaultAction\":\"SCMP_ACT_ALLOW\","
	    "\"syscalls\":[{\"names\":[\"read\"],\"action\":\"SCMP_ACT_KILL\","
	    "\"errnoRet\":1}]}", "errnoRet: only for SCMP_ACT_ERRNO");
	bad(",\"rlimits\":[{\"type\":\"RLIMIT_FOO\",\"hard\":1,\"soft\":1}]", "",
	    "", "", "process.rlimits[0].type: unknown rlimit 'RLIMIT_FOO'");
	bad(",\"rlimits\":[{\"type\":\"RLIMIT_CORE\",\"hard\":1,\"soft\":2}]", "",
	    "", "", "process.rlimits[0].soft: above the hard limit");
	bad(",\"user\":{\"uid\":-1}", "", "", "", "process.user.uid: out of range");
	bad(",\"env\":[\"NOEQUALS\"]", "", "", "", "'NOEQUALS' is not NAME=VALUE");
	bad(",\"args\":[\"sh\"],\"ioPriority\":{\"class\":\"IOPRIO_CLASS_RT\"}",
	    "", "", "", "process.ioPriority: an I/O priority is not supported");
	bad(",\"env\":[\"A=\\u0000\"]", "", "", "",
	    "process.env[0]: a string with \\u0000");
	snprintf(buf, sizeof(buf), "{\"ociVersion\":\"2.0.0\"}");
	r = oci_config_parse(buf, strlen(buf), bundle, &rd, &x);
	result(r < 0 && strstr(oci_error, "ociVersion: '2.0.0' is not a 1.x"),
	       "ociVersion 2.0.0: '%s'", oci_error);
	snprintf(buf, sizeof(buf), tmpl, "", "", "", "");
	r = oci_config_parse(buf, strlen(buf), "/nonexistent-bundle", &rd, &x);
	result(r < 0 && strstr(oci_error, "root.path: cannot stat "
			       "'/nonexistent-bundle/rootfs': No such file"),
	       "a missing rootfs: '%s'", oci_error);
	r = oci_config_load(bundle, &rd, &x);
	snprintf(path, sizeof(path), "cannot read '%s/config.json': No such "
		 "file or directory", bundle);
	result(r < 0 && streq(oci_error, path), "no config.json: '%s'",
	       oci_error);
}

/* oci_config_load of a bundle with a config.json. */
static void test_load(void)
{
	char path[128], buf[1024];
	struct run_desc rd;
	struct oci_extra x;
	int fd, r;

	snprintf(path, sizeof(path), "%s/config.json", bundle);
	snprintf(buf, sizeof(buf), tmpl, "", ",\"hostname\":\"x\"",
		 ",{\"type\":\"uts\"}", "");
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || write(fd, buf, strlen(buf)) != (ssize_t)strlen(buf)) {
		result(false, "oci_config_load: cannot write '%s'", path);
		if (fd >= 0)
			close(fd);
		return;
	}
	close(fd);
	r = oci_config_load(bundle, &rd, &x);
	result(!r && streq(rd.hostname, "x") &&
	       rd.clone_flags == (CLONE_NEWNS | CLONE_NEWUTS),
	       "oci_config_load reads BUNDLE/config.json (%s)",
	       r ? oci_error : "ok");
	oci_free();
	unlink(path);
}

void test_oci(void)
{
	char root[96];

	snprintf(bundle, sizeof(bundle), "/tmp/hind-oci-test-XXXXXX");
	if (!mkdtemp(bundle)) {
		result(false, "test_oci: mkdtemp: %s", strerror(errno));
		return;
	}
	snprintf(root, sizeof(root), "%s/rootfs", bundle);
	mkdir(root, 0755);
	test_json();
	test_specs();
	test_containerd();
	test_podman();
	test_process();
	test_bad();
	test_load();
	rmdir(root);
	rmdir(bundle);
}
