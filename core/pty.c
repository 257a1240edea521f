// SPDX-License-Identifier: MIT
/*
 * pty.c - hind-run's wait loop and its -t terminal.
 *
 * With -t the container's command gets the slave of a new pty as its
 * controlling terminal. The pty is made inside the container, from its
 * own devpts, so its name there resolves (tty(1), ttyname(3)); pid 1
 * sends the master to hind-run over a socket (SCM_RIGHTS, the name as
 * the data: runc's console-socket protocol); hind-run relays the master to its stdout (and its
 * stdin to the master with -i), puts its own terminal in raw mode while it
 * relays stdin, copies the window size on SIGWINCH, drains the master
 * after the container has exited, and restores the terminal on every exit
 * path (normal return, die(), signals: they are all taken on a signalfd).
 *
 * Kernel rules this file relies on:
 * - TIOCGPTPEER (4.13+) opens the slave of a master without a path lookup.
 * - Setting the size on the master (TIOCSWINSZ) makes the kernel send
 *   SIGWINCH to the foreground process group of the slave.
 * - Once every slave fd is closed, a blocking read of the master returns
 *   what is still buffered (the kernel flushes its pending work first) and
 *   then EIO: reading until EIO loses no output.
 */
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/signalfd.h>
#include "hind.h"
#include "run.h"

#ifndef TIOCGPTPEER
#define TIOCGPTPEER _IO('T', 0x41)
#endif

static struct termios saved_tio;
static int saved_fd = -1;

int pty_open(int *master, int *slave)
{
	char name[64];
	int m, s, n;

	m = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (m < 0)
		return -errno;
	if (unlockpt(m) < 0)
		goto fail;
	s = ioctl(m, TIOCGPTPEER, O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (s < 0) {
		/* Before 4.13: open the slave by its number. */
		if (ioctl(m, TIOCGPTN, &n) < 0)
			goto fail;
		snprintf(name, sizeof(name), "/dev/pts/%d", n);
		s = open(name, O_RDWR | O_NOCTTY | O_CLOEXEC);
		if (s < 0)
			goto fail;
	}
	*master = m;
	*slave = s;
	return 0;
fail:
	s = -errno;
	close(m);
	return s;
}

int pty_send(int sock, int fd, const char *name)
{
	char cbuf[CMSG_SPACE(sizeof(int))];
	struct iovec iov = { .iov_base = (void *)name,
			     .iov_len = strlen(name) };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1,
			      .msg_control = cbuf,
			      .msg_controllen = sizeof(cbuf) };
	struct cmsghdr *c;

	memset(cbuf, 0, sizeof(cbuf));
	c = CMSG_FIRSTHDR(&msg);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(c), &fd, sizeof(int));
	return sendmsg(sock, &msg, MSG_NOSIGNAL) < 0 ? -errno : 0;
}

int pty_recv(int sock)
{
	char cbuf[CMSG_SPACE(sizeof(int))], name[64];
	struct iovec iov = { .iov_base = name, .iov_len = sizeof(name) };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1,
			      .msg_control = cbuf,
			      .msg_controllen = sizeof(cbuf) };
	struct cmsghdr *c;
	ssize_t n;
	int fd;

	do
		n = recvmsg(sock, &msg, MSG_CMSG_CLOEXEC);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;
	c = CMSG_FIRSTHDR(&msg);
	if (!c || c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS ||
	    c->cmsg_len != CMSG_LEN(sizeof(int)))
		return -EPIPE;	/* the sender died first */
	memcpy(&fd, CMSG_DATA(c), sizeof(int));
	return fd;
}

void tty_restore(void)
{
	if (saved_fd >= 0) {
		(void)tcsetattr(saved_fd, TCSADRAIN, &saved_tio);
		saved_fd = -1;
	}
}

int tty_raw(int fd)
{
	struct termios raw;

	if (tcgetattr(fd, &saved_tio) < 0)
		return -errno;
	raw = saved_tio;
	cfmakeraw(&raw);
	if (saved_fd < 0)
		atexit(tty_restore);
	saved_fd = fd;
	if (tcsetattr(fd, TCSADRAIN, &raw) < 0) {
		saved_fd = -1;
		return -errno;
	}
	return 0;
}

void pty_winsize(int from, int to)
{
	struct winsize ws;

	if (ioctl(from, TIOCGWINSZ, &ws) == 0)
		(void)ioctl(to, TIOCSWINSZ, &ws);
}

/* Copy what is readable on from to to; false at EOF or error of from. */
static bool relay(int from, int to)
{
	char buf[4096];
	ssize_t n;

	n = read(from, buf, sizeof(buf));
	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return true;
	if (n <= 0)
		return false;
	/* A gone reader (EPIPE) must not stop the wait: keep draining. */
	(void)write_all(to, buf, (size_t)n);
	return true;
}

int run_wait(pid_t pid, int sigfd, int master, bool relay_in)
{
	struct signalfd_siginfo si;
	struct pollfd p[3];
	bool in_open = relay_in && master >= 0, out_open = master >= 0;
	int st = 0, terms = 0;

	for (;;) {
		int n = 0, i_sig, i_m = -1, i_in = -1;

		p[n].fd = sigfd;
		p[n].events = POLLIN;
		i_sig = n++;
		if (out_open) {
			p[n].fd = master;
			p[n].events = POLLIN;
			i_m = n++;
		}
		if (in_open) {
			p[n].fd = 0;
			p[n].events = POLLIN;
			i_in = n++;
		}
		if (poll(p, (nfds_t)n, -1) < 0) {
			if (errno == EINTR)
				continue;
			die_errno("poll");
		}
		if (i_m >= 0 && p[i_m].revents && !relay(master, 1))
			out_open = false;
		if (i_in >= 0 && p[i_in].revents && !relay(0, master))
			in_open = false;
		if (!p[i_sig].revents ||
		    read(sigfd, &si, sizeof(si)) != (ssize_t)sizeof(si))
			continue;
		switch (si.ssi_signo) {
		case SIGCHLD:
			if (waitpid(pid, &st, WNOHANG) != pid)
				break;
			/* Everything in the pid namespace is gone: read
			 * the master until EIO, bounded by a timeout. */
			while (out_open) {
				struct pollfd d = { .fd = master,
						    .events = POLLIN };

				if (poll(&d, 1, 2000) <= 0 ||
				    !relay(master, 1))
					break;
			}
			return st;
		case SIGWINCH:
			if (master >= 0)
				pty_winsize(0, master);
			break;
		case SIGINT:
		case SIGTERM:
			/* A second one: the container ignores it, end it. */
			if (++terms > 1) {
				log_info("host", "signal %u again: killing "
					 "the container", si.ssi_signo);
				kill(pid, SIGKILL);
				break;
			}
			/* fall through */
		default:
			log_debug("host", "forwarding signal %u to pid %d",
				  si.ssi_signo, (int)pid);
			kill(pid, (int)si.ssi_signo);
			break;
		}
	}
}

int run_sigfd(void)
{
	sigset_t mask;

	sigemptyset(&mask);
	sigaddset(&mask, SIGCHLD);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGTERM);
	sigaddset(&mask, SIGHUP);
	sigaddset(&mask, SIGQUIT);
	sigaddset(&mask, SIGUSR1);
	sigaddset(&mask, SIGUSR2);
	sigaddset(&mask, SIGWINCH);
	sigprocmask(SIG_BLOCK, &mask, NULL);
	return signalfd(-1, &mask, SFD_CLOEXEC);
}
