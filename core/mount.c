// SPDX-License-Identifier: MIT
/*
 * mount.c - the container's filesystem, set up by its pid 1 in its own
 * mount namespace before the command runs.
 *
 *   mnt_setup(spec): MS_REC|MS_PRIVATE on /, then either (NOIMG) a fresh
 *   /proc over the host's tree, or (IMAGE) a bind of the image with /proc,
 *   a minimal /dev, a read-only /sys, pivot_root into it and the old root
 *   detached; then -v volumes and --read-only.
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
 *   out of reach.
 * - pivot_root(".", ".") stacks the old root on the new one; umount2(".",
 *   MNT_DETACH) then removes it without a put_old directory.
 * - A bind mount ignores MS_RDONLY; read-only takes a second
 *   MS_REMOUNT|MS_BIND|MS_RDONLY call.
 * - Volumes are cloned with open_tree(OPEN_TREE_CLONE) (5.2+) before the
 *   switch and attached with move_mount after it, so their targets resolve
 *   inside the new root: a symlink in the image cannot point a volume at
 *   the host. (A bind through /proc/self/fd/N of an O_PATH fd fails with
 *   EINVAL once the old root is detached: its mount left the namespace.)
 *   Older kernels get a plain bind before the switch.
 */
#include <sys/mount.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <linux/magic.h>
#include "hind.h"
#include "run.h"

#ifndef SYS_open_tree
#define SYS_open_tree 428
#define SYS_move_mount 429
#endif
#ifndef OPEN_TREE_CLONE
#define OPEN_TREE_CLONE 1
#endif
#ifndef MOVE_MOUNT_F_EMPTY_PATH
#define MOVE_MOUNT_F_EMPTY_PATH 0x00000004
#endif

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

/* dir/name into buf (PATH_MAX); the image path was checked to fit. */
static char *join(char *buf, const char *dir, const char *name)
{
	if ((size_t)snprintf(buf, PATH_MAX, "%s/%s", dir, name) >= PATH_MAX)
		child_die(-ENAMETOOLONG, "path too long: '%s'", dir);
	return buf;
}

/* A mount point for a directory mount; made if the image lacks it. */
static void mkdir_one(const char *path)
{
	if (mkdir(path, 0755) < 0 && errno != EEXIST)
		child_die(-errno, "cannot create '%s'", path);
}

/* mkdir -p path, and for a file volume an empty file as the last part. */
static void make_target(const char *path, bool dir)
{
	char buf[PATH_MAX];
	char *p;
	int fd;

	if ((size_t)snprintf(buf, sizeof(buf), "%s", path) >= sizeof(buf))
		child_die(-ENAMETOOLONG, "bad path '%s'", path);
	for (p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		mkdir_one(buf);
		*p = '/';
	}
	if (dir) {
		mkdir_one(buf);
		return;
	}
	fd = open(buf, O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
	if (fd < 0 && errno != EISDIR)
		child_die(-errno, "cannot create '%s'", buf);
	if (fd >= 0)
		close(fd);
}

static void bind_ro(const char *dst, bool ro)
{
	if (ro)
		xmount(NULL, dst, NULL, MS_REMOUNT | MS_BIND | MS_RDONLY |
		       MS_NOSUID | MS_NODEV, NULL);
}

/* A tmpfs /dev with the usual nodes, its own devpts and a ptmx link. */
static void setup_dev(const char *dev)
{
	static const struct {
		const char *name;
		unsigned major, minor;
	} nodes[] = {
		{ "null", 1, 3 }, { "zero", 1, 5 }, { "full", 1, 7 },
		{ "random", 1, 8 }, { "urandom", 1, 9 }, { "tty", 5, 0 },
	};
	static const char *const links[][2] = {
		{ "pts/ptmx", "ptmx" }, { "/proc/self/fd", "fd" },
		{ "/proc/self/fd/0", "stdin" }, { "/proc/self/fd/1", "stdout" },
		{ "/proc/self/fd/2", "stderr" },
	};
	char path[PATH_MAX], host[64];
	mode_t old = umask(0);
	size_t i;

	xmount("tmpfs", dev, "tmpfs", MS_NOSUID | MS_NOEXEC,
	       "mode=755,size=256k");
	for (i = 0; i < ARRAY_SIZE(nodes); i++) {
		join(path, dev, nodes[i].name);
		if (mknod(path, S_IFCHR | 0666,
			  makedev(nodes[i].major, nodes[i].minor)) == 0)
			continue;
		/* No mknod (a user namespace): bind the host's node. */
		make_target(path, false);
		snprintf(host, sizeof(host), "/dev/%s", nodes[i].name);
		xmount(host, path, NULL, MS_BIND, NULL);
	}
	join(path, dev, "pts");
	mkdir_one(path);
	xmount("devpts", path, "devpts", MS_NOSUID | MS_NOEXEC,
	       "newinstance,ptmxmode=0666,mode=0620");
	join(path, dev, "shm");
	mkdir_one(path);
	xmount("shm", path, "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777");
	for (i = 0; i < ARRAY_SIZE(links); i++) {
		join(path, dev, links[i][1]);
		if (symlink(links[i][0], path) < 0)
			child_die(-errno, "cannot create '%s'", path);
	}
	umask(old);
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
	if (syscall(SYS_pivot_root, ".", ".") == 0) {
		if (umount2(".", MNT_DETACH) < 0)
			child_die(-errno, "cannot detach the old root");
		log_debug("mount", "pivot_root into '%s', old root detached",
			  image);
	} else if (errno == EINVAL) {
		/* The last resort: escapable by a root that can remount. */
		warn("pivot_root into '%s' failed (EINVAL): falling back to "
		     "MS_MOVE and chroot, which isolates less", image);
		if (mount(".", "/", NULL, MS_MOVE, NULL) < 0 || chroot(".") < 0)
			child_die(-errno, "cannot move '%s' to /", image);
	} else {
		child_die(-errno, "pivot_root into '%s'", image);
	}
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
		if (*sub)
			make_target(path, true);
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

void mnt_setup(const struct mnt_spec *spec)
{
	const unsigned long nosx = MS_NOSUID | MS_NODEV | MS_NOEXEC;
	char path[PATH_MAX];
	int fds[64], i;

	xmount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL);
	if (!spec->image) {
		xmount("proc", "/proc", "proc", nosx, NULL);
		if (spec->cgview)
			cgroup_view(spec->cgview, CFG_HIND_CGROUP_ROOT, false,
				    !spec->cgroup_rw);
		for (i = 0; i < spec->nvols; i++) {
			const struct mnt_vol *v = &spec->vols[i];

			xmount(v->src, v->dst, NULL, MS_BIND | MS_REC, NULL);
			bind_ro(v->dst, v->ro);
		}
		if (spec->read_only)
			xmount(NULL, "/", NULL, MS_REMOUNT | MS_BIND |
			       MS_RDONLY, NULL);
		return;
	}

	if (root_is_ramfs())
		(void)root_make_pivotable();
	xmount(spec->image, spec->image, NULL, MS_BIND | MS_REC, NULL);
	join(path, spec->image, "proc");
	mkdir_one(path);
	xmount("proc", path, "proc", nosx, NULL);
	join(path, spec->image, "dev");
	mkdir_one(path);
	setup_dev(path);
	join(path, spec->image, "sys");
	mkdir_one(path);
	if (mount("sysfs", path, "sysfs", nosx | MS_RDONLY, NULL) < 0) {
		/* A foreign net namespace: bind the host's, read-only. */
		xmount("/sys", path, NULL, MS_BIND | MS_REC, NULL);
		bind_ro(path, true);
	}
	if (spec->cgview) {
		join(path, spec->image, "sys/fs/cgroup");
		cgroup_view(spec->cgview, path, true, !spec->cgroup_rw);
	}
	for (i = 0; i < spec->nvols && i < (int)ARRAY_SIZE(fds); i++) {
		const struct mnt_vol *v = &spec->vols[i];
		struct stat st;

		fds[i] = (int)syscall(SYS_open_tree, AT_FDCWD, v->src,
				      OPEN_TREE_CLONE | O_CLOEXEC | AT_RECURSIVE);
		if (fds[i] >= 0)
			continue;
		if (errno != ENOSYS)
			child_die(-errno, "cannot clone the mount of '%s'",
				  v->src);
		/* Before 5.2: bind into the image path (symlinks in the
		 * image are followed on the host's side). */
		if (stat(v->src, &st) < 0)
			child_die(-errno, "cannot stat '%s'", v->src);
		if ((size_t)snprintf(path, sizeof(path), "%s%s", spec->image,
				     v->dst) >= sizeof(path))
			child_die(-ENAMETOOLONG, "path too long: '%s'", v->dst);
		make_target(path, S_ISDIR(st.st_mode));
		xmount(v->src, path, NULL, MS_BIND | MS_REC, NULL);
		bind_ro(path, v->ro);
	}

	switch_root_to(spec->image);

	for (i = 0; i < spec->nvols && i < (int)ARRAY_SIZE(fds); i++) {
		const struct mnt_vol *v = &spec->vols[i];
		struct stat st;

		if (fds[i] < 0)
			continue;
		if (fstat(fds[i], &st) < 0)
			child_die(-errno, "cannot stat '%s'", v->src);
		make_target(v->dst, S_ISDIR(st.st_mode));
		log_debug("mount", "'%s' on '%s' (move_mount)", v->src, v->dst);
		if (syscall(SYS_move_mount, fds[i], "", AT_FDCWD, v->dst,
			    MOVE_MOUNT_F_EMPTY_PATH) < 0)
			child_die(-errno, "cannot mount '%s' on '%s'", v->src,
				  v->dst);
		bind_ro(v->dst, v->ro);
		close(fds[i]);
	}
	if (spec->read_only)
		xmount(NULL, "/", NULL, MS_REMOUNT | MS_BIND | MS_RDONLY, NULL);
}
