/* SPDX-License-Identifier: MIT */
/*
 * oci.h - the config.json front end of hind-oci (core/oci_config.c): an
 * OCI bundle's config.json (runtime-spec 1.0 and 1.1) parsed and
 * validated into a struct run_desc (desc.h), which the engine carries
 * out. Parsing has no side effect: it reads the file, stat(2)s the root
 * directory and allocates, nothing else.
 *
 * Properties the spec does not define are ignored, as it requires. A
 * property it defines with a value hind cannot honour (a user namespace,
 * hooks, a block I/O weight, an NFS mount, ...) is an error, never
 * silently dropped, and so is a value of the wrong JSON type. A JSON
 * null reads as an absent property (Go's encoding/json, which runc
 * uses, does the same).
 *
 * Everything the parsers allocate (strings, lists, the seccomp profile)
 * lives until oci_free(); a failed parse frees its own allocations.
 */
#ifndef HIND_OCI_H
#define HIND_OCI_H

#include <stddef.h>
#include "desc.h"

/*
 * The last failure, as one sentence naming the property: "config.json:
 * linux.resources.memory.limit: expected an integer".
 */
extern char oci_error[512];

/* What hind-oci needs from config.json besides the run description. */
struct oci_extra {
	const char *oci_version;	/* "1.0.2-dev" */
	/*
	 * The "annotations" object as written in config.json, NUL-terminated
	 * (annotations_len bytes, no NUL inside), for state.json; NULL when
	 * there is none. Every value has been checked to be a string.
	 */
	const char *annotations;
	size_t annotations_len;
	const char *rootfs;		/* root.path made absolute */
};

/**
 * oci_config_parse() - a config.json text into a run description
 * @json:   the text (need not be NUL-terminated)
 * @len:    its length
 * @bundle: the bundle directory, which relative paths (root.path, bind
 *          sources) are relative to; relative itself: to the current
 *          directory
 * @rd:     filled from scratch (zeroed first)
 * @x:      filled from scratch
 *
 * rd->keep_stdin is true (fds 0-2 are the caller's), use_init and
 * seccomp_default false, mnt.oci true, user_set true (uid and gid 0 when
 * process.user is absent); no_new_privs, the capability sets and the
 * limits are exactly what config.json says, with no hind default added.
 *
 * Return: 0, or -1 with oci_error set and nothing allocated.
 */
int oci_config_parse(const char *json, size_t len, const char *bundle,
		     struct run_desc *rd, struct oci_extra *x);

/**
 * oci_config_load() - read BUNDLE/config.json and oci_config_parse() it
 *
 * Return: 0, or -1 with oci_error set ("cannot read 'B/config.json': No
 * such file or directory" when it is missing).
 */
int oci_config_load(const char *bundle, struct run_desc *rd,
		    struct oci_extra *x);

/**
 * oci_process_parse() - a standalone "process" object (runc exec
 * --process FILE) into the process fields of @rd
 *
 * Sets argv, env, workdir, the user and groups, umask, rlimits,
 * oom_score_adj, caps, apparmor, selinux_label, no_new_privs, tty,
 * cols and rows, and keep_stdin (true); leaves every other field of @rd
 * as it is. config.json's "process" goes through the same code. Error
 * messages start "process.json: ".
 *
 * Return: 0, or -1 with oci_error set and nothing allocated.
 */
int oci_process_parse(const char *json, size_t len, struct run_desc *rd);

/*
 * Free everything the parsers above have put into run descriptions and
 * oci_extras since the last call: none of it may be used afterwards.
 */
void oci_free(void);

#endif /* HIND_OCI_H */
