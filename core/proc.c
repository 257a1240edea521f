// SPDX-License-Identifier: MIT
/*
 * proc.c - what hind-cgls needs from /proc: a process's command line, its
 * name, and whether it is a kernel thread.
 *
 *   int fd = proc_open();
 *   n = proc_cmdline(fd, pid, buf, sizeof(buf));   "sleep 30", or 0
 *   proc_comm(fd, pid, name, sizeof(name));         "kworker/0:1"
 *   proc_is_kthread(fd, pid);                       1, 0 or -errno
 *
 * All reads are openat(2) relative to one /proc directory fd, one
 * open/read/close per file, no stdio: hind-cgls calls them once per listed
 * process.
 *
 * Kernel rules this file relies on:
 * - /proc/PID/cmdline holds the arguments separated by NUL bytes; it is
 *   empty for kernel threads and zombies, and a process may rewrite it
 *   (setproctitle), so it can hold anything, control characters included.
 * - /proc/PID/comm is at most TASK_COMM_LEN-1 (15) bytes plus a newline.
 * - The ninth field of /proc/PID/stat is task->flags, and PF_KTHREAD
 *   (0x00200000) marks a kernel thread. The second field is "(comm)" and
 *   comm may itself contain ')' and spaces, so the fields after it are
 *   found from the last ')'.
 * - A process that exits between listing and reading gives ENOENT or ESRCH;
 *   callers skip it.
 */
#include "hind.h"

enum { PF_KTHREAD_FLAG = 0x00200000 };

/**
 * proc_open() - open /proc as a directory for the proc_*() readers.
 *
 * Return: a file descriptor (O_CLOEXEC) or -errno.
 */
int proc_open(void)
{
	int fd = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	return fd < 0 ? -errno : fd;
}

/* Read /proc/PID/FILE into buf (NUL-terminated); the length or -errno. */
static ssize_t proc_read(int procfd, pid_t pid, const char *file, char *buf,
			 size_t size)
{
	char path[48];

	snprintf(path, sizeof(path), "%d/%s", (int)pid, file);
	return read_file_at(procfd, path, buf, size);
}

/**
 * proc_cmdline() - the command line of pid, arguments joined by spaces.
 * @procfd: from proc_open()
 * @pid:    the process
 * @buf:    receives the NUL-terminated text, cut at size-1 bytes
 * @size:   size of buf
 *
 * Trailing NUL bytes are dropped and inner ones become spaces. Control
 * characters are left as they are: escaping is the printer's job.
 *
 * Return: the length (0 for a kernel thread or zombie), size-1 if the
 * command line was cut, or -errno (the process is gone: -ENOENT/-ESRCH).
 */
ssize_t proc_cmdline(int procfd, pid_t pid, char *buf, size_t size)
{
	ssize_t n = proc_read(procfd, pid, "cmdline", buf, size);

	if (n < 0)
		return n;
	while (n > 0 && buf[n - 1] == '\0')
		n--;
	for (ssize_t i = 0; i < n; i++)
		if (buf[i] == '\0')
			buf[i] = ' ';
	buf[n] = '\0';
	return n;
}

/**
 * proc_comm() - the name of pid (/proc/PID/comm) without its newline.
 *
 * Return: 0 or -errno.
 */
int proc_comm(int procfd, pid_t pid, char *buf, size_t size)
{
	ssize_t n = proc_read(procfd, pid, "comm", buf, size);

	if (n < 0)
		return (int)n;
	if (n > 0 && buf[n - 1] == '\n')
		buf[n - 1] = '\0';
	return 0;
}

/**
 * proc_is_kthread() - is pid a kernel thread (PF_KTHREAD in its flags)?
 *
 * Return: 1 if it is, 0 if not, -errno if /proc/PID/stat is unreadable.
 */
int proc_is_kthread(int procfd, pid_t pid)
{
	char buf[1024], *p;
	const char *end;
	uint64_t flags;
	ssize_t n = proc_read(procfd, pid, "stat", buf, sizeof(buf));
	int field;

	if (n < 0)
		return (int)n;
	/* "PID (COMM) STATE PPID PGRP SESSION TTY TPGID FLAGS ..." */
	p = strrchr(buf, ')');
	if (!p)
		return -EINVAL;
	/* After ')', STATE is field 3; FLAGS is field 9. */
	for (field = 2; field < 9 && p; field++)
		p = strchr(p + 1, ' ');
	if (!p)
		return -EINVAL;
	if (parse_dec(p + 1, &end, &flags) < 0)
		return -EINVAL;
	return (flags & PF_KTHREAD_FLAG) != 0;
}
