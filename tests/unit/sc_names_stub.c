// SPDX-License-Identifier: MIT
/*
 * sc_names_stub.c - a stand-in for core/sc_compile.c's sc_syscall_nr()
 * in the unit and fuzz builds of the config.json parser: some twenty
 * x86_64 names, enough for the test profiles. The real table (every name
 * the kernel headers know) replaces it when sc_compile.c is merged.
 */
#include <string.h>
#include <asm/unistd_64.h>
#include "sec.h"

int sc_syscall_nr(const char *name)
{
	static const struct {
		const char *name;
		int nr;
	} t[] = {
		{ "read", __NR_read },		{ "write", __NR_write },
		{ "open", __NR_open },		{ "close", __NR_close },
		{ "openat", __NR_openat },	{ "personality", __NR_personality },
		{ "clone", __NR_clone },	{ "clone3", __NR_clone3 },
		{ "keyctl", __NR_keyctl },	{ "add_key", __NR_add_key },
		{ "request_key", __NR_request_key },
		{ "unshare", __NR_unshare },	{ "mount", __NR_mount },
		{ "umount2", __NR_umount2 },	{ "ptrace", __NR_ptrace },
		{ "socket", __NR_socket },	{ "bpf", __NR_bpf },
		{ "kexec_load", __NR_kexec_load },
		{ "reboot", __NR_reboot },	{ "setns", __NR_setns },
		{ "chmod", __NR_chmod },	{ "exit_group", __NR_exit_group },
	};
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (!strcmp(t[i].name, name))
			return t[i].nr;
	return -1;
}
