/* SPDX-License-Identifier: MIT */
/*
 * unit.h - what the files of the unit-test binary share: the TAP case
 * reporter (test_unit.c) and each file's entry point.
 */
#ifndef HIND_UNIT_H
#define HIND_UNIT_H

/* One TAP case: "ok N what" or "not ok N what". */
void result(bool ok, const char *fmt, ...) PRINTF(2, 3);

/* test_sec.c: capability names and sets, the seccomp program. */
void test_caps(void);
void test_seccomp(void);
/* test_sc.c: the system call table and the OCI profile compiler. */
void test_sc(void);
/* test_esc.c: the JSON and text escaper. */
void test_escape(void);
/* test_walk.c: the tree walk, leaf-first removal, lock and sweep. */
void test_walk(void);

/* test_devcg.c: the device cgroup rules as v1 lines and a v2 program. */
void test_devcg(void);
/* test_oci.c: the JSON reader and the config.json parser. */
void test_oci(void);

/* test_alloc.c: core/alloc.c, built with its functions renamed. */
void test_alloc(void);

#endif /* HIND_UNIT_H */
