# tests.mk - included by the Makefile: unit tests, the initramfs, QEMU
# boots and the host run of the guest suite.

KERNEL_CACHE ?= $(HOME)/.cache/hind/kernels
GEN_CPIO := $(O)/gen_cpio
PROBE := $(O)/probe
DEVCG_TEST := $(O)/devcg-test
INITRAMFS := $(O)/initramfs.cpio.gz
CGROUP_OF_CONFIG := $(if $(filter y,$(CONFIG_HIND_CGROUP_V1)),v1,v2)
TESTS ?=

$(GEN_CPIO): initramfs/gen_cpio.c
	@mkdir -p $(O)
	$(Q)$(HOSTCC) -O2 -Wall -Wextra -o $@ $<

# The guest suite's attacker (tests/lib/probe.c): static, like hind, so it
# runs in a container's image too.
$(PROBE): tests/lib/probe.c $(GEN)/config.h $(MUSL_STAMP)
	@mkdir -p $(O)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(ALL_CFLAGS) $< $(ALL_LDFLAGS) -static -o $@

# The device cgroup check (tests/lib/devcg_test.c): drives hind's core
# (cg_ops()->devices), so it links the core objects.
DEVCG_OBJS := $(patsubst %.c,$(O)/obj/%.o,$(core-y))
$(DEVCG_TEST): tests/lib/devcg_test.c $(DEVCG_OBJS) $(GEN)/config.h $(MUSL_STAMP)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(ALL_CFLAGS) $< $(DEVCG_OBJS) $(ALL_LDFLAGS) -static -o $@

# Cheap to build: always rebuilt, so a changed test script is never stale.
.PHONY: initramfs FORCE
initramfs: $(INITRAMFS)
$(INITRAMFS): $(BIN) $(GEN_CPIO) $(PROBE) $(DEVCG_TEST) FORCE
	$(Q)sh initramfs/mkinitramfs.sh $(GEN_CPIO) $(BIN) $(O)/initramfs.spec $@
	@echo "  CPIO    $@ ($$(stat -c %s $@) bytes)"

# The oci image: the test image plus containerd, ctr, the runc shim, runc,
# crun, a busybox rootfs for the containers and tests/oci
# (initramfs/oci-spec.sh).
INITRAMFS_OCI := $(O)/initramfs-oci.cpio.gz
.PHONY: initramfs-oci
initramfs-oci: $(INITRAMFS_OCI)
$(INITRAMFS_OCI): $(BIN) $(GEN_CPIO) $(PROBE) FORCE
	$(Q)sh initramfs/oci-spec.sh $(O)/oci-extra.spec
	$(Q)EXTRA_SPEC=$(O)/oci-extra.spec sh initramfs/mkinitramfs.sh $(GEN_CPIO) $(BIN) \
		$(O)/initramfs-oci.spec $@
# The podman image: the test image plus podman, conmon, runc, crun, their
# configuration, a busybox rootfs (with hind-probe) for --rootfs and
# tests/podman (initramfs/podman-spec.sh).
INITRAMFS_PODMAN := $(O)/initramfs-podman.cpio.gz
.PHONY: initramfs-podman
initramfs-podman: $(INITRAMFS_PODMAN)
$(INITRAMFS_PODMAN): $(BIN) $(GEN_CPIO) $(PROBE) $(DEVCG_TEST) FORCE
	$(Q)sh initramfs/podman-spec.sh $(O)/podman-extra.spec $(PROBE)
	$(Q)EXTRA_SPEC=$(O)/podman-extra.spec sh initramfs/mkinitramfs.sh $(GEN_CPIO) $(BIN) \
		$(O)/initramfs-podman.spec $@
	@echo "  CPIO    $@ ($$(stat -c %s $@) bytes)"

# ---- host unit tests: glibc, plus an ASan/UBSan build --------------------
UNIT_SRC := tests/unit/test_unit.c core/parse.c core/fileio.c core/die.c \
	core/opt.c core/xwrap.c core/fmt.c core/cgroup.c core/cgroup_v1.c core/cgroup_v2.c
UNIT_CFLAGS := -std=gnu11 -Wall -Wextra -g -O1 -I$(O) -Icore -Iapplets
ASAN := -fsanitize=address,undefined -fno-sanitize-recover=all
# The capability and seccomp modules, judged by test_sec.c; -D_GNU_SOURCE
# as in the main build (seccomp.c includes <sys/prctl.h> before hind.h).
UNIT_SRC += tests/unit/test_sec.c core/caps.c core/seccomp.c
# The OCI profile compiler, judged by test_sc.c; with libseccomp's
# headers (libseccomp-dev) the test also compares its programs with
# libseccomp's. Only this host test links libseccomp, never hind.
UNIT_SRC += tests/unit/test_sc.c core/sc_compile.c
UNIT_LIBS :=
ifneq ($(wildcard /usr/include/seccomp.h),)
UNIT_CFLAGS += -DHAVE_LIBSECCOMP
UNIT_LIBS += -lseccomp
endif
UNIT_SRC += tests/unit/test_esc.c core/escape.c tests/unit/test_walk.c
UNIT_SRC += tests/unit/test_devcg.c core/devcg.c
# The config.json parser (its syscall names from core/sc_compile.c).
UNIT_SRC += tests/unit/test_oci.c core/json.c core/oci_config.c
UNIT_CFLAGS += -D_GNU_SOURCE
# core/alloc.c defines malloc, free, calloc and realloc, and the unit build
# links glibc's: test_alloc.c judges alloc.c compiled with the four renamed.
UNIT_SRC += tests/unit/test_alloc.c
ALLOC_RENAME := -Dmalloc=hind_malloc -Dfree=hind_free -Dcalloc=hind_calloc \
	-Drealloc=hind_realloc
# The dispatcher is linked with its main() renamed and stub applets (the
# test defines them from the same X-macro list), so the registry's
# mechanics are tested without the applets' system dependencies.
$(O)/unit/test_unit: $(UNIT_SRC) applets/main.c core/alloc.c $(GEN)/config.h \
	$(GEN)/syscalls.h
	@mkdir -p $(dir $@)
	$(Q)$(HOSTCC) $(UNIT_CFLAGS) -Dmain=hind_main -c applets/main.c -o $@.main.o
	$(Q)$(HOSTCC) $(UNIT_CFLAGS) $(ALLOC_RENAME) -c core/alloc.c -o $@.alloc.o
	$(Q)$(HOSTCC) $(UNIT_CFLAGS) $(UNIT_SRC) $@.main.o $@.alloc.o $(UNIT_LIBS) -o $@
$(O)/unit/test_unit_asan: $(UNIT_SRC) applets/main.c core/alloc.c $(GEN)/config.h \
	$(GEN)/syscalls.h
	@mkdir -p $(dir $@)
	$(Q)$(HOSTCC) $(UNIT_CFLAGS) $(ASAN) -Dmain=hind_main -c applets/main.c -o $@.main.o
	$(Q)$(HOSTCC) $(UNIT_CFLAGS) $(ASAN) $(ALLOC_RENAME) -c core/alloc.c -o $@.alloc.o
	$(Q)$(HOSTCC) $(UNIT_CFLAGS) $(ASAN) $(UNIT_SRC) $@.main.o $@.alloc.o $(UNIT_LIBS) -o $@
.PHONY: check-unit
check-unit: $(O)/unit/test_unit $(O)/unit/test_unit_asan
	$(Q)O=$(O) sh tests/check.sh unit

# ---- QEMU ------------------------------------------------------------------
# One cell: a v1 or v2 build (its own O= folder) booted on KERNEL.
CGROUP ?= $(CGROUP_OF_CONFIG)
.PHONY: check-qemu check-oci check-podman kernels run shell check check-host deps deps-ktap check-ktap \
	deps-lava lava
deps:
	$(Q)sh scripts/deps.sh
# The suite's KTAP consumers: kunit.py (from linux-source), prove.
deps-ktap:
	$(Q)sh scripts/deps.sh ktap
kernels: deps
	$(Q)sh tests/qemu/fetch-kernels.sh >/dev/null
check-qemu: deps-ktap
	$(Q)O=$(O) sh tests/check.sh cell "$(if $(KERNEL),$(KERNEL),$(KERNEL_CACHE)/6.12/vmlinuz)" $(CGROUP)
# The oci cell: containerd driving the OCI runtime (tests/oci) in the oci
# image of this build, on KERNEL (default: 6.1 for v1, 6.12 for v2).
check-oci: deps-ktap
	$(Q)O=$(O) sh tests/check.sh oci "$(if $(KERNEL),$(KERNEL),$(KERNEL_CACHE)/$(if $(filter v1,$(CGROUP)),6.1,6.12)/vmlinuz)" $(CGROUP)
# The podman cell: podman and conmon driving the OCI runtime
# (tests/podman) in the podman image of this build, on KERNEL (default:
# 6.1 for v1, 6.12 for v2).
check-podman: deps-ktap
	$(Q)O=$(O) sh tests/check.sh podman "$(if $(KERNEL),$(KERNEL),$(KERNEL_CACHE)/$(if $(filter v1,$(CGROUP)),6.1,6.12)/vmlinuz)" $(CGROUP)
# The KTAP self-test, then kunit.py and prove on every cell log in $(O)
# (or on LOG=FILE).
KTAP_LOGS = $(if $(LOG),$(LOG),$(wildcard $(O)/qemu-v*.log))
check-ktap: deps-ktap
	$(Q)O=$(O) sh tests/check.sh ktap $(foreach l,$(KTAP_LOGS),ktap-log $(l))
# The LAVA job of one cell (tests/lava/hind-ktap.yaml) run by lava-run,
# with LAVA's result for every case: KERNEL and CGROUP as for check-qemu.
deps-lava:
	$(Q)sh scripts/deps.sh lava
lava: deps-lava
	$(Q)O=$(O) sh tests/check.sh lava "$(if $(KERNEL),$(KERNEL),$(KERNEL_CACHE)/6.12/vmlinuz)" $(CGROUP)

# The demo and the shell boot the image of the current configuration:
# a v2 build on the 6.12 kernel, a v1 build on 6.1 (6.12 lacks v1 memory).
RUN_KERNEL = $(if $(KERNEL),$(KERNEL),$(KERNEL_CACHE)/$(if $(filter v1,$(CGROUP_OF_CONFIG)),6.1,6.12)/vmlinuz)
run: deps
	$(Q)$(MAKE) -s initramfs
	$(Q)[ -n "$(KERNEL)" ] || sh tests/qemu/fetch-kernels.sh >/dev/null
	$(Q)sh tests/qemu/boot.sh $(RUN_KERNEL) $(INITRAMFS) $(CGROUP_OF_CONFIG) demo $(O)/qemu-demo.log
shell: deps
	$(Q)$(MAKE) -s initramfs
	$(Q)[ -n "$(KERNEL)" ] || sh tests/qemu/fetch-kernels.sh >/dev/null
	$(Q)sh tests/qemu/boot.sh $(RUN_KERNEL) $(INITRAMFS) $(CGROUP_OF_CONFIG) shell $(O)/qemu-shell.log

# Unit tests, the 4 QEMU cells, and the host suite (root on a v1 host).
# make check also replays the fuzz corpora (clang's libFuzzer) and runs
# make lint (cppcheck): it installs both.
check: deps-lava
	$(Q)sh scripts/deps.sh fuzz lint
	$(Q)O=$(O) sh tests/check.sh all
check-host: deps-ktap
	$(Q)O=$(O) sh tests/check.sh host
