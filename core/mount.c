// SPDX-License-Identifier: MIT
/*
 * mount.c - the container's filesystem, set up by its pid 1 in its own
 * mount namespace before the command runs.
 *
 *   mnt_setup(spec): MS_REC|MS_PRIVATE on /, then either (NOIMG) a fresh
 *   read-only /sys with the cgroup view, a fresh /proc and a minimal /dev
 *   over the host's tree (--privileged: the host's /sys and /dev stay),
 *   or (IMAGE) a nodev bind of the image with /proc, a minimal /dev, a
 *   read-only /sys and the cgroup view, pivot_root into it and the old
 *   root detached; then --device nodes, -v volumes (nodev), the
 *   read-only and masked /proc and /sys paths, and --read-only.
 *
 * Kernel rules this file relies on:
 * - Mounts made in a new mount namespace propagate back to the host unless
 *   every mount is made private first (a systemd host makes / shared).
 * - pivot_root(2) needs the current root to be a mount with a parent.
 *   The initramfs (rootfs) is the namespace's bottom mount and has none,
 *   so pivot_root fails there with EINVAL. The way round it: bind the
 *   whole tree (MS_REC) onto a scratch directory, MS_MOVE that copy onto
 *   "/" and chroot into it. The copy is a mount with a parent (the
 *   rootfs), so pivot_root works from there, and the old root is then
 *   detached as usual. Path walks that reach the rootfs's "/" (".." from
 *   the new root) cross into the mount stacked on it, so the rootfs stays
 *   out of reach. If pivot_root still fails, setup fails: a chroot alone
 *   is escapable by root inside, so there is no such fallback.
 * - pivot_root(".", ".") stacks the old root on the new one; umount2(".",
 *   MNT_DETACH) then removes it without a put_old directory.
 * - A bind mount ignores MS_RDONLY; read-only takes a second
 *   MS_REMOUNT|MS_BIND|MS_RDONLY call, and that call sets every per-mount
 *   flag it is not given back to off (nosuid, nodev, noexec), so
 *   remount_bind() passes the mount's own flags (statvfs) along.
 * - nodev on the image and on volumes: hind-run sets no device cgroup
 *   policy, so a device node shipped in an image or a volume must stay
 *   inert. (hind-oci applies config.json's, core/devcg.c.)
 *   The /dev tmpfs is not nodev (its nodes must work), nor is a --device
 *   bind.
 * - Volumes are cloned with open_tree(OPEN_TREE_CLONE) (5.2+) before the
 *   switch and attached with move_mount after it, so their targets resolve
 *   inside the new root: a symlink in the image cannot point a volume at
 *   the host. (A bind through /proc/self/fd/N of an O_PATH fd fails with
 *   EINVAL once the old root is detached: its mount left the namespace.)
 *   What is still mounted before the switch on a path inside the image
 *   (--device nodes, volumes on older kernels) resolves its target with
 *   open_in() and mounts on the fd, through /proc/self/fd/N.
 * - A magic link /proc/self/fd/N of an O_PATH fd on a directory that a
 *   mount has since covered leads to the covered directory: that is how
 *   NOIMG still reaches the host's /dev nodes under its new /dev.
 * - A fresh sysfs shows the container's own net namespace. Mounted on
 *   /sys itself it would hide the host's cgroup directories that the
 *   cgroup view binds, so NOIMG assembles its /sys on /proc (the host's
 *   proc, which nothing needs for that moment) and moves it.
 */
#include <sys/mount.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <linux/magic.h>
#include <linux/openat2.h>
#include "hind.h"
#include "run.h"

#ifndef SYS_open_tree
#define SYS_open_tree 428
#define SYS_move_mount 429
#endif
#ifndef SYS_openat2
#define SYS_openat2 437
#endif
#ifndef OPEN_TREE_CLONE
#define OPEN_TREE_CLONE 1
#endif
#ifndef MOVE_MOUNT_F_EMPTY_PATH
#define MOVE_MOUNT_F_EMPTY_PATH 0x00000004
#endif
#ifndef MOVE_MOUNT_T_EMPTY_PATH
#define MOVE_MOUNT_T_EMPTY_PATH 0x00000040
#endif

#define NOSX (MS_NOSUID | MS_NODEV | MS_NOEXEC)

/*
 * HIND_MOUNT=legacy: what kernels without openat2 (before 5.6) and
 * open_tree (before 5.2) get, so that tests cover it on kernels that
 * never need it.
 */
/* The cgroup tree shown at /sys/fs/cgroup (mnt_setup's view). */
static const struct cg *cgview;
/* OCI: the container has a cgroup namespace of its own. */
static bool cgns;
static bool legacy;

/*
 * runc's maskedPaths and readonlyPaths, as containerd and Docker set
 * them: what a root process could otherwise read (kernel memory, keys,
 * timer and scheduler internals) or write (sysctls, sysrq, IRQ affinity)
 * without any capability.
 */
const char *const mnt_default_masked[] = {
	"/proc/acpi", "/proc/asound", "/proc/kcore", "/proc/keys",
	"/proc/latency_stats", "/proc/timer_list", "/proc/timer_stats",
	"/proc/sched_debug", "/proc/scsi", "/sys/firmware",
	"/sys/devices/virtual/powercap", NULL,
};
const char *const mnt_default_readonly[] = {
	"/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys",
	"/proc/sysrq-trigger", NULL,
};

static void xmount(const char *src, const char *dst, const char *type,
		   unsigned long flags, const char *data)
{
	log_debug("mount", "%s on '%s' (%s%s%s, flags 0x%lx)",
		  src ? src : "none", dst, type ? type : "bind",
		  data ? ", " : "", data ? data : "", flags);
	if (mount(src, dst, type, flags, data) < 0)
		child_die(-errno, "cannot mount %s on '%s'",
			  type ? type : src, dst);
}

/*
 * Remount the bind mount at path with the flags in add on top of those
 * it has: MS_REMOUNT|MS_BIND would turn off the ones it is not given
 * (and in a user namespace may not turn off locked ones). 0 or -errno.
 */
static int remount_bind(const char *path, unsigned long add)
{
	struct statvfs sv;
	unsigned long keep;

	if (statvfs(path, &sv) < 0)
		return -errno;
	keep = (sv.f_flag & ST_RDONLY ? MS_RDONLY : 0) |
	       (sv.f_flag & ST_NOSUID ? MS_NOSUID : 0) |
	       (sv.f_flag & ST_NODEV ? MS_NODEV : 0) |
	       (sv.f_flag & ST_NOEXEC ? MS_NOEXEC : 0);
	if (mount(NULL, path, NULL, MS_REMOUNT | MS_BIND | keep | add,
		  NULL) < 0)
		return -errno;
	return 0;
}

static void xremount(const char *path, unsigned long add)
{
	int err;

	log_debug("mount", "remount '%s' adding flags 0x%lx", path, add);
	err = remount_bind(path, add);
	if (err < 0)
		child_die(err, "cannot remount '%s'", path);
}

/* "/proc/self/fd/N": a path to what fd holds, for mount(2). */
static char *fd_path(char *buf, size_t size, int fd)
{
	snprintf(buf, size, "/proc/self/fd/%d", fd);
	return buf;
}

/* dir/name into buf (PATH_MAX); the image path was checked to fit. */
static char *join(char *buf, const char *dir, const char *name)
{
	if ((size_t)snprintf(buf, PATH_MAX, "%s/%s", dir, name) >= PATH_MAX)
		child_die(-ENAMETOOLONG, "path too long: '%s'", dir);
	return buf;
}

/*
 * A mount point for a directory mount; made if the image lacks it. An
 * existing one must be a directory: mount(2) would follow a symlink
 * (the image's /dev -> /somewhere) on the host's side.
 */
static void mkdir_one(const char *path)
{
	struct stat st;

	if (mkdir(path, 0755) == 0)
		return;
	if (errno != EEXIST)
		child_die(-errno, "cannot create '%s'", path);
	if (lstat(path, &st) < 0 || !S_ISDIR(st.st_mode))
		child_die(-ENOTDIR, "'%s' must be a directory, not a symlink",
			  path);
}

/*
 * Open path (absolute) below the directory root as if root were "/".
 * What it closes: an image's symlink such as /mnt -> /host/etc, which,
 * resolved on the host's side before the switch, would make
 * "-v SRC:/mnt/x" create a directory in the host's /host/etc and mount
 * there instead of in the image. openat2 (5.6+) with RESOLVE_IN_ROOT
 * resolves ".." and absolute symlinks as if root were "/", and
 * RESOLVE_NO_MAGICLINKS refuses /proc/PID/fd-style links, which lead
 * anywhere. Older kernels get a walk one component at a time with
 * O_NOFOLLOW, which refuses any symlink on the way instead of resolving
 * it. Returns an fd or -errno.
 */
static int open_in(int root, const char *path, int flags, mode_t mode)
{
	struct open_how how = {
		.flags = (uint64_t)(flags | O_CLOEXEC),
		.mode = mode,
		.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS,
	};
	char buf[PATH_MAX], *name = buf, *end;
	struct stat st;
	int fd, dfd, err;
	bool last;

	if (!legacy) {
		fd = (int)syscall(SYS_openat2, root, path, &how, sizeof(how));
		if (fd >= 0 || errno != ENOSYS)
			return fd < 0 ? -errno : fd;
	}
	if ((size_t)snprintf(buf, sizeof(buf), "%s", path) >= sizeof(buf))
		return -ENAMETOOLONG;
	dfd = openat(root, ".", O_PATH | O_DIRECTORY | O_CLOEXEC);
	while (dfd >= 0) {
		name += strspn(name, "/");
		end = name + strcspn(name, "/");
		last = !end[strspn(end, "/")];
		if (*end)
			*end++ = '\0';
		if (!strcmp(name, "..")) {
			close(dfd);
			return -EXDEV;
		}
		fd = openat(dfd, name, O_NOFOLLOW | O_CLOEXEC | (last ? flags :
			    O_PATH | O_DIRECTORY), mode);
		err = -errno;
		close(dfd);
		if (fd < 0)
			return err;
		if (last) {
			/* O_PATH|O_NOFOLLOW opens a symlink itself. */
			if (fstat(fd, &st) == 0 && S_ISLNK(st.st_mode)) {
				close(fd);
				return -ELOOP;
			}
			return fd;
		}
		dfd = fd;
		name = end;
	}
	return -errno;
}

/*
 * mkdir -p path below root, and for a file mount an empty file as the
 * last part; each part resolved with open_in, so what is made is inside
 * root. Returns an O_PATH fd on the mount point; dies on failure.
 */
static int make_target(int root, const char *path, bool dir)
{
	char buf[PATH_MAX], *p = NULL;
	int fd = -1, parent = root, r;
	size_t n;

	n = (size_t)snprintf(buf, sizeof(buf), "%s", path);
	if (n >= sizeof(buf) || buf[0] != '/')
		child_die(-ENAMETOOLONG, "bad path '%s'", path);
	while (n > 1 && buf[n - 1] == '/')
		buf[--n] = '\0';
	do {
		bool want_dir;

		p = strchr(p ? p + 1 : buf + 1, '/');
		if (p)
			*p = '\0';
		want_dir = p || dir;
		fd = open_in(root, buf, O_PATH | (want_dir ? O_DIRECTORY : 0),
			     0);
		if (fd == -ENOENT) {
			const char *name = strrchr(buf, '/') + 1;

			r = want_dir ? mkdirat(parent, name, 0755) :
			    openat(parent, name, O_WRONLY | O_CREAT | O_EXCL |
				   O_NOFOLLOW | O_CLOEXEC, 0644);
			if (r < 0 && errno != EEXIST)
				child_die(-errno, "cannot create '%s'", buf);
			if (!want_dir && r >= 0)
				close(r);
			fd = open_in(root, buf, O_PATH |
				     (want_dir ? O_DIRECTORY : 0), 0);
		}
		if (fd < 0)
			child_die(fd, "cannot resolve '%s' inside the root",
				  buf);
		if (parent != root)
			close(parent);
		parent = fd;
		if (p)
			*p = '/';
	} while (p);
	return fd;
}

/*
 * A tmpfs /dev with the usual nodes, its own devpts and a ptmx link.
 * Without mknod (a user namespace) the host's nodes are bound instead,
 * reached through an fd taken before the tmpfs covers them (NOIMG's dev
 * is the host's /dev itself).
 */
static const char *const dev_links[][2] = {
	{ "pts/ptmx", "ptmx" }, { "/proc/self/fd", "fd" },
	{ "/proc/self/fd/0", "stdin" }, { "/proc/self/fd/1", "stdout" },
	{ "/proc/self/fd/2", "stderr" },
};

/*
 * The usual nodes in dev (a new tmpfs): made, or, without mknod (a user
 * namespace), the host's bound from hostdev (an O_PATH fd on the host's
 * /dev taken before anything covered it; -1: none). exist_ok (OCI): a
 * node config.json's devices made already stays.
 */
static void dev_nodes(const char *dev, int hostdev, bool exist_ok)
{
	static const struct {
		const char *name;
		unsigned major, minor;
	} nodes[] = {
		{ "null", 1, 3 }, { "zero", 1, 5 }, { "full", 1, 7 },
		{ "random", 1, 8 }, { "urandom", 1, 9 }, { "tty", 5, 0 },
	};
	char path[PATH_MAX], host[64];
	size_t i;
	int fd;

	for (i = 0; i < ARRAY_SIZE(nodes); i++) {
		join(path, dev, nodes[i].name);
		if (mknod(path, S_IFCHR | 0666,
			  makedev(nodes[i].major, nodes[i].minor)) == 0 ||
		    (exist_ok && errno == EEXIST))
			continue;
		if (hostdev < 0)
			child_die(-errno, "cannot create '%s'", path);
		fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
		if (fd < 0)
			child_die(-errno, "cannot create '%s'", path);
		close(fd);
		snprintf(host, sizeof(host), "/proc/self/fd/%d/%s", hostdev,
			 nodes[i].name);
		xmount(host, path, NULL, MS_BIND, NULL);
	}
}

static void dev_symlinks(const char *dev, bool exist_ok)
{
	char path[PATH_MAX];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(dev_links); i++) {
		join(path, dev, dev_links[i][1]);
		if (symlink(dev_links[i][0], path) < 0 &&
		    !(exist_ok && errno == EEXIST))
			child_die(-errno, "cannot create '%s'", path);
	}
}

/*
 * A tmpfs /dev with the usual nodes, its own devpts and a ptmx link.
 * Without mknod (a user namespace) the host's nodes are bound instead,
 * reached through an fd taken before the tmpfs covers them (NOIMG's dev
 * is the host's /dev itself).
 */
static void setup_dev(const char *dev)
{
	char path[PATH_MAX];
	mode_t old = umask(0);
	int hostdev = open("/dev", O_PATH | O_DIRECTORY | O_CLOEXEC);

	xmount("tmpfs", dev, "tmpfs", MS_NOSUID | MS_NOEXEC,
	       "mode=755,size=256k");
	dev_nodes(dev, hostdev, false);
	if (hostdev >= 0)
		close(hostdev);
	join(path, dev, "pts");
	mkdir_one(path);
	xmount("devpts", path, "devpts", MS_NOSUID | MS_NOEXEC,
	       "newinstance,ptmxmode=0666,mode=0620");
	join(path, dev, "shm");
	mkdir_one(path);
	xmount("shm", path, "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777");
	dev_symlinks(dev, false);
	umask(old);
}

/*
 * --device: O_PATH fds on the host's nodes, taken before a new /dev
 * covers them (NOIMG), then bound on their targets in the container's
 * /dev, resolved inside root. The binds keep dev (and the /dev tmpfs is
 * not nodev), so the nodes work.
 */
static void open_devices(const struct mnt_spec *spec, int *fds, int max)
{
	int i;

	for (i = 0; i < spec->ndevs && i < max; i++) {
		fds[i] = open(spec->devs[i].src, O_PATH | O_CLOEXEC);
		if (fds[i] < 0)
			child_die(-errno, "cannot open device '%s'",
				  spec->devs[i].src);
	}
}

static void bind_devices(const struct mnt_spec *spec, int root,
			 const int *fds, int max)
{
	char src[32], dst[32];
	int i, fd;

	for (i = 0; i < spec->ndevs && i < max; i++) {
		const struct mnt_vol *d = &spec->devs[i];

		fd = make_target(root, d->dst, false);
		log_debug("mount", "device '%s' on '%s'", d->src, d->dst);
		if (mount(fd_path(src, sizeof(src), fds[i]),
			  fd_path(dst, sizeof(dst), fd), NULL, MS_BIND,
			  NULL) < 0)
			child_die(-errno, "cannot bind device '%s' on '%s'",
				  d->src, d->dst);
		close(fd);
		close(fds[i]);
	}
}

/*
 * A read-only sysfs on dir: a fresh one, else (its net namespace belongs
 * to a user namespace we are not root in) the host's, bound read-only.
 */
static void mount_sys(const char *dir)
{
	log_debug("mount", "sysfs on '%s' (sysfs, read-only)", dir);
	if (mount("sysfs", dir, "sysfs", NOSX | MS_RDONLY, NULL) == 0)
		return;
	xmount("/sys", dir, NULL, MS_BIND | MS_REC, NULL);
	xremount(dir, MS_RDONLY | NOSX);
}

/*
 * runc's readonlyPaths and maskedPaths: each read-only path bound on
 * itself and made read-only; a masked file gets /dev/null (read-only:
 * reads give nothing), a masked directory an empty read-only tmpfs.
 * Paths this kernel lacks are skipped (ENOENT). Run last, in the
 * container's root: with an image the paths resolve inside it (the old
 * root is gone, so no symlink leads out) and /dev/null is its own.
 */
static void mask_paths(const struct mnt_spec *spec)
{
	const char *const *p, *file = NULL, *dir = NULL;
	struct stat st;
	int err;

	for (p = spec->readonly; p && *p; p++) {
		if (mount(*p, *p, NULL, MS_BIND | MS_REC, NULL) < 0) {
			if (errno == ENOENT)
				continue;
			child_die(-errno, "cannot bind '%s'", *p);
		}
		log_debug("mount", "read-only '%s'", *p);
		err = remount_bind(*p, MS_RDONLY | NOSX);
		if (err < 0)
			child_die(err, "cannot make '%s' read-only", *p);
	}
	/*
	 * One read-only /dev/null bind and one empty read-only tmpfs; every
	 * other masked path is a bind of one of them (a bind keeps its
	 * source's read-only flag): fewer system calls, and one tmpfs
	 * superblock instead of one per directory, charged to the
	 * container's memory limit.
	 */
	for (p = spec->masked; p && *p; p++) {
		if (stat(*p, &st) < 0) {
			if (errno == ENOENT)
				continue;
			child_die(-errno, "cannot mask '%s'", *p);
		}
		if (S_ISDIR(st.st_mode) && dir) {
			err = mount(dir, *p, NULL, MS_BIND, NULL) < 0 ? -errno : 0;
		} else if (S_ISDIR(st.st_mode)) {
			err = mount("tmpfs", *p, "tmpfs", MS_RDONLY | NOSX,
				    "mode=555,size=0") < 0 ? -errno : 0;
			dir = *p;
		} else if (file) {
			err = mount(file, *p, NULL, MS_BIND, NULL) < 0 ? -errno : 0;
		} else {
			err = mount("/dev/null", *p, NULL, MS_BIND, NULL) < 0 ?
			      -errno : remount_bind(*p, MS_RDONLY | MS_NOSUID |
						    MS_NOEXEC);
			file = *p;
		}
		if (err < 0)
			child_die(err, "cannot mask '%s'", *p);
		log_debug("mount", "masked '%s' (%s, read-only)", *p,
			  S_ISDIR(st.st_mode) ? "an empty tmpfs" : "/dev/null");
	}
}

/*
 * The root is the initramfs: stack a recursive copy of the whole tree on
 * "/" and chroot into it, so that the root becomes a mount with a parent
 * and pivot_root works. Returns false if that could not be done.
 */
static bool root_make_pivotable(void)
{
	static const char *const scratch[] = { "/proc", "/mnt", "/tmp",
					       "/dev" };
	struct stat st;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(scratch); i++)
		if (stat(scratch[i], &st) == 0 && S_ISDIR(st.st_mode))
			break;
	if (i == ARRAY_SIZE(scratch))
		return false;
	log_debug("mount", "/ is the initramfs: rbind / on '%s', move it "
		  "to / and chroot, so that pivot_root can work",
		  scratch[i]);
	if (mount("/", scratch[i], NULL, MS_BIND | MS_REC, NULL) < 0)
		return false;
	if (chdir(scratch[i]) < 0 ||
	    mount(".", "/", NULL, MS_MOVE, NULL) < 0 || chroot(".") < 0 ||
	    chdir("/") < 0)
		child_die(-errno, "cannot move a copy of the initramfs to /");
	return true;
}

static bool root_is_ramfs(void)
{
	struct statfs sfs;

	return statfs("/", &sfs) == 0 && (sfs.f_type == RAMFS_MAGIC ||
					  sfs.f_type == TMPFS_MAGIC);
}

static void switch_root_to(const char *image)
{
	if (chdir(image) < 0)
		child_die(-errno, "cannot enter '%s'", image);
	/* No MS_MOVE+chroot fallback: root inside can leave a chroot. */
	if (syscall(SYS_pivot_root, ".", ".") < 0)
		child_die(-errno, "cannot pivot_root into '%s' (hind-run has "
			  "no chroot fallback: root inside could escape it)",
			  image);
	if (umount2(".", MNT_DETACH) < 0)
		child_die(-errno, "cannot detach the old root");
	log_debug("mount", "pivot_root into '%s', old root detached", image);
	if (chdir("/") < 0)
		child_die(-errno, "chdir /");
}


/*
 * Where hierarchy hp goes below a view's directory: "" (the directory
 * itself) for one mounted at HIND_CGROUP_ROOT (v2), "/NAME" for one at
 * HIND_CGROUP_ROOT/NAME (v1), else "/" and its mount point's last part.
 */
static const char *hier_sub(const struct cg_hier *hp)
{
	size_t rl = sizeof(CFG_HIND_CGROUP_ROOT) - 1;

	if (!strncmp(hp->mnt, CFG_HIND_CGROUP_ROOT, rl) &&
	    (hp->mnt[rl] == '/' || !hp->mnt[rl]))
		return hp->mnt + rl;
	return strrchr(hp->mnt, '/');
}

/* Links for co-mounted controllers, as the host has: cpu -> cpu,cpuacct. */
static void hier_links(const char *dir, const char *sub, const char *names)
{
	const char *base = strrchr(sub, '/') + 1;
	char path[PATH_MAX], word[64];

	while (*names) {
		size_t w = strcspn(names, ",");

		if (w < sizeof(word) && strncmp(names, "name=", 5) &&
		    (strlen(base) != w || strncmp(base, names, w))) {
			memcpy(word, names, w);
			word[w] = '\0';
			join(path, dir, word);
			if (symlink(base, path) < 0 && errno != EEXIST)
				child_die(-errno, "cannot create '%s'", path);
		}
		names += w + (names[w] == ',');
	}
}

/* Is path a mount point (not the same filesystem as its parent)? */
static bool is_mount_point(const char *path)
{
	char parent[PATH_MAX];
	struct stat a, b;

	join(parent, path, "..");
	return stat(path, &a) == 0 && stat(parent, &b) == 0 &&
	       a.st_dev != b.st_dev;
}

/*
 * The cgroup tree at dir, read-only unless !ro (--privileged): every
 * hierarchy of view, where the hierarchy is mounted (v2: on dir itself;
 * v1: on dir/NAME, NAME as on the host, "cpu,cpuacct", "freezer",
 * "systemd", with the host's cpu -> cpu,cpuacct links). Without it, a
 * cgroup namespace shows "/" in /proc/self/cgroup while /sys/fs/cgroup
 * still shows the host's root, and a program inside (say cpu_load) reads
 * the host's root cgroup as its own, or writes to it.
 *
 * fresh: dir is a new, empty directory (the /sys/fs/cgroup of a fresh
 * sysfs). Each hierarchy gets a new cgroup mount (v1 on a tmpfs): its
 * root is the cgroup namespace's root, which is the container's own
 * cgroup in every hierarchy (view is then the container's cgroup), or,
 * without a cgroup namespace, the hierarchy's root (view is the whole
 * tree). No host path is needed, so /sys may already be the fresh one.
 *
 * !fresh: dir is the host's tree (NOIMG with the host's /sys). Each
 * hierarchy's mount point gets a bind of view's directory in it (none for
 * the whole tree: the mount there already shows it), and those mounts and
 * the host's tmpfs holding v1's mount points are made read-only in this
 * mount namespace only: a bind remount changes this namespace's copy.
 * (A fresh cgroup2 mount over the inherited one fails with EBUSY: same
 * superblock on the same mount point.)
 */
static void cgroup_view(const struct cg *view, const char *dir, bool fresh,
			bool ro)
{
	const unsigned long nosx = MS_NOSUID | MS_NODEV | MS_NOEXEC;
	const unsigned long rdonly = ro ? MS_RDONLY : 0;
	const struct cg_hier *hp;
	char path[PATH_MAX];
	bool tmpfs = false, subs = false;

	cg_for_each(hp, view) {
		const char *sub = hier_sub(hp);

		subs |= *sub != '\0';
		if (!fresh) {
			/* The whole tree (--cgroupns host): our copy of the
			 * host's mount, made read-only in place. */
			if (strcmp(hp->dir, hp->mnt))
				xmount(hp->dir, hp->mnt, NULL, MS_BIND, NULL);
			if (ro)
				xmount(NULL, hp->mnt, NULL, MS_REMOUNT |
				       MS_BIND | MS_RDONLY | nosx, NULL);
			continue;
		}
		if (*sub && !tmpfs) {
			xmount("cgroup", dir, "tmpfs", nosx, "mode=755");
			tmpfs = true;
		}
		if ((size_t)snprintf(path, sizeof(path), "%s%s", dir, sub) >=
		    sizeof(path))
			child_die(-ENAMETOOLONG, "path too long: '%s'", dir);
		if (*sub)	/* on the tmpfs just mounted: no symlinks */
			mkdir_one(path);
		/* v1 names the hierarchy by its controllers (or name=). */
		if (*hp->name)
			xmount("cgroup", path, "cgroup", nosx | rdonly,
			       hp->name);
		else
			xmount("cgroup2", path, "cgroup2", nosx | rdonly,
			       NULL);
		if (*sub)
			hier_links(dir, sub, hp->name);
	}
	if (!ro)
		return;
	if (tmpfs)
		xmount(NULL, dir, NULL, MS_REMOUNT | MS_RDONLY | nosx, NULL);
	else if (!fresh && subs && is_mount_point(dir))
		xmount(NULL, dir, NULL, MS_REMOUNT | MS_BIND | MS_RDONLY | nosx,
		       NULL);
}

/* -v volumes are nodev; :ro ones also read-only and nosuid. */
static void volume_flags(const char *path, bool ro)
{
	xremount(path, MS_NODEV | (ro ? MS_RDONLY | MS_NOSUID : 0));
}

/*
 * NOIMG: the host's tree with a fresh /proc; unless privileged, a fresh
 * read-only /sys with the cgroup view (assembled on /proc, see the top
 * of this file) and a minimal /dev. With --cgroupns host (no view) the
 * host's hierarchy is bound into the new /sys as it was.
 */
static void setup_noimg(const struct mnt_spec *spec, const int *devfds,
			int max)
{
	int root, i;

	if (!spec->privileged) {
		mount_sys("/proc");
		if (cgview)
			cgroup_view(cgview, "/proc/fs/cgroup", true,
				    !spec->cgroup_rw);
		else
			xmount(CFG_HIND_CGROUP_ROOT, "/proc/fs/cgroup", NULL,
			       MS_BIND | MS_REC, NULL);
		log_debug("mount", "move the new /sys from '/proc' to '/sys'");
		if (mount("/proc", "/sys", NULL, MS_MOVE, NULL) < 0)
			child_die(-errno, "cannot move the new /sys to '/sys'");
	}
	xmount("proc", "/proc", "proc", NOSX, NULL);
	if (spec->privileged) {
		if (cgview)
			cgroup_view(cgview, CFG_HIND_CGROUP_ROOT, false,
				    !spec->cgroup_rw);
	} else {
		setup_dev("/dev");
		root = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
		if (root < 0)
			child_die(-errno, "cannot open '/'");
		bind_devices(spec, root, devfds, max);
		close(root);
	}
	for (i = 0; i < spec->nvols; i++) {
		const struct mnt_vol *v = &spec->vols[i];

		xmount(v->src, v->dst, NULL, MS_BIND | MS_REC, NULL);
		volume_flags(v->dst, v->ro);
	}
	mask_paths(spec);
	if (spec->read_only)
		xremount("/", MS_RDONLY);
}

/*
 * Volumes before the switch: open_tree clones (5.2+), attached after it.
 * Before 5.2 they are bound now, on targets resolved inside the image.
 */
static void clone_volumes(const struct mnt_spec *spec, int root, int *fds,
			  int max)
{
	char at[32];
	int i, fd;

	for (i = 0; i < spec->nvols && i < max; i++) {
		const struct mnt_vol *v = &spec->vols[i];
		struct stat st;

		fds[i] = legacy ? -1 :
			 (int)syscall(SYS_open_tree, AT_FDCWD, v->src,
				      OPEN_TREE_CLONE | O_CLOEXEC | AT_RECURSIVE);
		if (fds[i] >= 0)
			continue;
		if (!legacy && errno != ENOSYS)
			child_die(-errno, "cannot clone the mount of '%s'",
				  v->src);
		if (stat(v->src, &st) < 0)
			child_die(-errno, "cannot stat '%s'", v->src);
		fd = make_target(root, v->dst, S_ISDIR(st.st_mode));
		log_debug("mount", "'%s' on '%s' (bind)", v->src, v->dst);
		if (mount(v->src, fd_path(at, sizeof(at), fd), NULL,
			  MS_BIND | MS_REC, NULL) < 0)
			child_die(-errno, "cannot mount '%s' on '%s'", v->src,
				  v->dst);
		close(fd);
		/* The new mount, seen from a fresh walk. */
		fd = open_in(root, v->dst, O_PATH, 0);
		if (fd < 0)
			child_die(fd, "cannot resolve '%s'", v->dst);
		volume_flags(fd_path(at, sizeof(at), fd), v->ro);
		close(fd);
	}
}

static void attach_volumes(const struct mnt_spec *spec, const int *fds,
			   int max)
{
	int i, fd;

	for (i = 0; i < spec->nvols && i < max; i++) {
		const struct mnt_vol *v = &spec->vols[i];
		struct stat st;

		if (fds[i] < 0)
			continue;
		if (fstat(fds[i], &st) < 0)
			child_die(-errno, "cannot stat '%s'", v->src);
		fd = make_target(AT_FDCWD, v->dst, S_ISDIR(st.st_mode));
		log_debug("mount", "'%s' on '%s' (move_mount)", v->src, v->dst);
		if (syscall(SYS_move_mount, fds[i], "", fd, "",
			    MOVE_MOUNT_F_EMPTY_PATH |
			    MOVE_MOUNT_T_EMPTY_PATH) < 0)
			child_die(-errno, "cannot mount '%s' on '%s'", v->src,
				  v->dst);
		close(fd);
		close(fds[i]);
		volume_flags(v->dst, v->ro);
	}
}

/* ---- OCI: config.json's mounts, as they are ------------------------- */

/*
 * The host path of dst inside the image, made (a directory, or an empty
 * file for a file bind) and resolved inside it (open_in: no symlink of
 * the image leads out), as the kernel names it: the one string every
 * mount(2) below can take.
 */
static char *oci_target(int root, const char *image, const char *dst,
			bool dir, char *buf)
{
	char fdp[32];
	ssize_t n;
	int fd;

	(void)image;
	fd = make_target(root, dst, dir);
	n = readlink(fd_path(fdp, sizeof(fdp), fd), buf, PATH_MAX - 1);
	if (n < 0)
		child_die(-errno, "cannot resolve '%s'", dst);
	buf[n] = '\0';
	close(fd);
	return buf;
}

/*
 * A cgroup mount without a cgroup namespace: as runc and crun do, the
 * container's own cgroup, bound from the host's tree (a fresh cgroup
 * mount would show the hierarchy's root): v2 its directory on dir, v1
 * each hierarchy's on dir/NAME of a tmpfs, with the cpu -> cpu,cpuacct
 * links.
 */
static void cgroup_bind(const struct cg *own, const char *dir, bool ro)
{
	const unsigned long nosx = MS_NOSUID | MS_NODEV | MS_NOEXEC;
	const struct cg_hier *hp;
	char path[PATH_MAX];
	bool tmpfs = false;

	cg_for_each(hp, own) {
		const char *sub = hier_sub(hp);

		if (*sub && !tmpfs) {
			xmount("cgroup", dir, "tmpfs", nosx, "mode=755");
			tmpfs = true;
		}
		if ((size_t)snprintf(path, sizeof(path), "%s%s", dir, sub) >=
		    sizeof(path))
			child_die(-ENAMETOOLONG, "path too long: '%s'", dir);
		if (*sub)
			mkdir_one(path);
		xmount(hp->dir, path, NULL, MS_BIND, NULL);
		xremount(path, nosx | (ro ? MS_RDONLY : 0));
		if (*sub)
			hier_links(dir, sub, hp->name);
	}
	if (tmpfs && ro)
		xmount(NULL, dir, NULL, MS_REMOUNT | MS_RDONLY | nosx, NULL);
}

/* One entry of config.json's mounts, on the image, before the switch. */
static void oci_mount(const struct mnt_ent *m, int root, const char *image)
{
	char path[PATH_MAX];
	struct stat st;

	if (m->bind) {
		if (stat(m->src, &st) < 0)
			child_die(-errno, "mount source '%s'", m->src);
		oci_target(root, image, m->dst, S_ISDIR(st.st_mode), path);
		xmount(m->src, path, NULL, MS_BIND | (m->rec ? MS_REC : 0),
		       NULL);
		/* Flags on a bind take a remount of the new mount. */
		if (m->flags)
			xremount(path, m->flags);
	} else if (!strcmp(m->type, "cgroup") || !strcmp(m->type, "cgroup2")) {
		oci_target(root, image, m->dst, true, path);
		if (!cgview)
			child_die(-EINVAL, "no cgroup view for '%s'", m->dst);
		if (cgns)
			cgroup_view(cgview, path, true,
				    (m->flags & MS_RDONLY) != 0);
		else
			cgroup_bind(cgview, path, (m->flags & MS_RDONLY) != 0);
	} else {
		oci_target(root, image, m->dst, true, path);
		if (mount(m->src ? m->src : m->type, path, m->type, m->flags,
			  m->data) < 0) {
			/* A sysfs of a net namespace we do not own: bind. */
			if (strcmp(m->type, "sysfs") || errno != EPERM)
				child_die(-errno, "cannot mount %s on '%s'",
					  m->type, m->dst);
			xmount("/sys", path, NULL, MS_BIND | MS_REC, NULL);
			xremount(path, MS_RDONLY | MS_NOSUID | MS_NODEV |
				 MS_NOEXEC);
		}
		log_debug("mount", "%s on '%s' (flags 0x%lx%s%s)", m->type,
			  m->dst, m->flags, m->data ? ", " : "",
			  m->data ? m->data : "");
		/* A new /dev: the usual nodes and links, as runc makes. */
		if (!strcmp(m->dst, "/dev") && !strcmp(m->type, "tmpfs")) {
			mode_t old = umask(0);

			dev_nodes(path, -1, true);
			dev_symlinks(path, true);
			umask(old);
		}
	}
	if (m->prop && mount(NULL, path, NULL, m->prop, NULL) < 0)
		child_die(-errno, "cannot set the propagation of '%s'",
			  m->dst);
}

/* config.json's linux.devices: nodes made in the image's /dev. */
static void oci_nodes(const struct mnt_spec *spec, int root)
{
	char path[PATH_MAX];
	mode_t old = umask(0);
	int i;

	for (i = 0; i < spec->nnodes; i++) {
		const struct dev_node *d = &spec->nodes[i];
		mode_t type = d->type == 'b' ? S_IFBLK :
			      d->type == 'p' ? S_IFIFO : S_IFCHR;

		oci_target(root, spec->image, d->path, false, path);
		/* make_target left an empty file: the node replaces it. */
		if (unlink(path) < 0 ||
		    mknod(path, type | (d->mode & 07777),
			  makedev(d->major, d->minor)) < 0 ||
		    chown(path, d->uid, d->gid) < 0)
			child_die(-errno, "cannot create device '%s'", d->path);
	}
	umask(old);
}

/* linux.sysctl: /proc/sys/KEY (dots to slashes), in the new root. */
static void oci_sysctls(const struct mnt_spec *spec)
{
	char path[PATH_MAX], *p;
	int i, err;

	for (i = 0; i < spec->nsysctl; i++) {
		snprintf(path, sizeof(path), "/proc/sys/%s",
			 spec->sysctl_keys[i]);
		for (p = path + 10; *p; p++)
			if (*p == '.')
				*p = '/';
		if ((err = write_file(path, spec->sysctl_vals[i])) < 0)
			child_die(err, "cannot set sysctl %s=%s",
				  spec->sysctl_keys[i], spec->sysctl_vals[i]);
	}
}

/*
 * OCI: the image bound on itself (so pivot_root can take it), each of
 * config.json's mounts in order, its device nodes, pivot_root; then the
 * sysctls (before /proc/sys goes read-only), the read-only and masked
 * paths, and root.readonly. Nothing of hind-run's own /proc, /sys, /dev
 * is added: config.json is authoritative.
 */
static void setup_oci(const struct mnt_spec *spec)
{
	int root, i;

	if (root_is_ramfs())
		(void)root_make_pivotable();
	xmount(spec->image, spec->image, NULL, MS_BIND | MS_REC, NULL);
	root = open(spec->image, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (root < 0)
		child_die(-errno, "cannot open '%s'", spec->image);
	for (i = 0; i < spec->nents; i++)
		oci_mount(&spec->ents[i], root, spec->image);
	oci_nodes(spec, root);
	close(root);
	switch_root_to(spec->image);
	oci_sysctls(spec);
	mask_paths(spec);
	if (spec->read_only)
		xremount("/", MS_RDONLY);
}

void mnt_setup(const struct mnt_spec *spec, const struct cg *view,
	       bool own_cgns)
{
	char path[PATH_MAX];
	int fds[64], devfds[64], root;

	cgview = view;
	cgns = own_cgns;
	legacy = getenv("HIND_MOUNT") &&
		 !strcmp(getenv("HIND_MOUNT"), "legacy");
	xmount(NULL, "/", NULL, MS_REC | (spec->root_prop ? spec->root_prop :
					  MS_PRIVATE), NULL);
	if (spec->oci) {
		setup_oci(spec);
		return;
	}
	if (!spec->image) {
		open_devices(spec, devfds, (int)ARRAY_SIZE(devfds));
		setup_noimg(spec, devfds, (int)ARRAY_SIZE(devfds));
		return;
	}

	if (root_is_ramfs())
		(void)root_make_pivotable();
	open_devices(spec, devfds, (int)ARRAY_SIZE(devfds));
	xmount(spec->image, spec->image, NULL, MS_BIND | MS_REC, NULL);
	xremount(spec->image, MS_NODEV);
	root = open(spec->image, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (root < 0)
		child_die(-errno, "cannot open '%s'", spec->image);
	join(path, spec->image, "proc");
	mkdir_one(path);
	xmount("proc", path, "proc", NOSX, NULL);
	join(path, spec->image, "dev");
	mkdir_one(path);
	setup_dev(path);
	join(path, spec->image, "sys");
	mkdir_one(path);
	mount_sys(path);
	if (cgview) {
		join(path, spec->image, "sys/fs/cgroup");
		cgroup_view(cgview, path, true, !spec->cgroup_rw);
	}
	bind_devices(spec, root, devfds, (int)ARRAY_SIZE(devfds));
	clone_volumes(spec, root, fds, (int)ARRAY_SIZE(fds));
	close(root);

	switch_root_to(spec->image);

	attach_volumes(spec, fds, (int)ARRAY_SIZE(fds));
	mask_paths(spec);
	if (spec->read_only)
		xremount("/", MS_RDONLY);
}
