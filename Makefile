# hind - the only build entry point. 'make help' lists the targets.
#
# Outputs go to $(O) (default build/), never into the source folders.
# The configuration lives in $(O)/.config; 'make defconfig' (or
# v1_defconfig, v2_defconfig, auto_defconfig, menuconfig) makes it.

O ?= build
override O := $(patsubst %/,%,$(O))
CONFIG := $(O)/.config
GEN := $(O)/generated
V ?= 0
Q := $(if $(filter 1,$(V)),,@)

ifeq ($(origin CC),default)
CC := musl-gcc
endif
HOSTCC ?= gcc
KCONF ?= kconfig-conf
KMCONF ?= kconfig-mconf

# The configuration is a makefile: on a fresh clone make first remakes it
# from configs/defconfig (the $(CONFIG) rule below), then reads itself
# again, so obj-$(CONFIG_...) sees it on the very first run (kbuild's
# way). Goals that make or need no configuration do not read it.
no-config-goals := defconfig v1_defconfig v2_defconfig auto_defconfig \
	defconfig_v1 defconfig_v2 clean distclean help \
	deps deps-ktap deps-lava kernels
ifneq ($(filter-out $(no-config-goals),$(or $(MAKECMDGOALS),all)),)
include $(CONFIG)
endif

WARN := -Wall -Wextra -Wshadow -Wwrite-strings -Wundef -Wstrict-prototypes \
	-Wmissing-prototypes -Wmissing-declarations -Wformat=2 -Wswitch-enum \
	-Werror=implicit-function-declaration -Werror=return-type \
	-Werror=incompatible-pointer-types
CFLAGS_BASE := -std=gnu11 -D_GNU_SOURCE $(WARN) -I$(O) -Icore -Iapplets
# -Oz (gcc 12, clang): -Os that also trades speed for size; hind's time is
# in system calls. -Os where the compiler does not know it.
OPT_SIZE := $(shell $(CC) -Oz -x c -c /dev/null -o /dev/null 2>/dev/null && \
	echo -Oz || echo -Os)
CFLAGS_OPT := $(OPT_SIZE) -ffunction-sections -fdata-sections \
	-fno-asynchronous-unwind-tables -fno-stack-protector -fno-plt
LDFLAGS_OPT := -Wl,--gc-sections -Wl,-O1 -Wl,-z,noseparate-code \
	-Wl,--build-id=none -s

ifeq ($(CONFIG_HIND_DEBUG),y)
CFLAGS_OPT := -O0 -g -fsanitize=undefined -fsanitize-undefined-trap-on-error
LDFLAGS_OPT :=
endif
ifeq ($(CONFIG_HIND_WERROR),y)
CFLAGS_BASE += -Werror
endif
ifneq ($(WERROR),)
CFLAGS_BASE += -Werror
endif
# A static link is a fixed-address executable: code compiled for it (not
# PIE) has 5-byte calls and absolute addresses, and its tables of pointers
# need no relocation, so they are rodata instead of RELRO data.
ifeq ($(CONFIG_HIND_STATIC),y)
CFLAGS_OPT += -fno-pie
LDFLAGS_OPT += -static
# -z norelro: musl applies PT_GNU_RELRO only in its dynamic linker; in a
# static non-PIE binary nothing mprotects it, so the header only cost the
# page-alignment padding in front of .data (up to 4 KiB of the file).
# common-page-size=64: .data follows .text in the file instead of being
# padded to a page boundary to spare one page of memory (up to 4 KiB more).
ifeq ($(CONFIG_HIND_DEBUG),)
LDFLAGS_OPT += -Wl,-z,norelro -Wl,-z,common-page-size=64
endif
endif

# musl-gcc does not see the kernel's UAPI headers: give it a folder of links.
ifneq ($(findstring musl-gcc,$(CC)),)
MUSL_INC := $(O)/musl-include
CFLAGS_BASE += -isystem $(MUSL_INC)
MUSL_STAMP := $(MUSL_INC)/.stamp
# jsmn (libjsmn-dev) is one header in /usr/include, for core/json.c
MUSL_JSMN := $(MUSL_INC)/jsmn.h
endif

CFLAGS ?=
LDFLAGS ?=
ALL_CFLAGS := $(CFLAGS_BASE) $(CFLAGS_OPT) $(CFLAGS)
ALL_LDFLAGS := $(LDFLAGS_OPT) $(LDFLAGS)

# kbuild-style gating: a disabled applet is neither compiled nor linked.
# The core every applet shares; the linker keeps what the applets use.
core-y := core/die.c core/opt.c core/xwrap.c core/fmt.c core/escape.c core/alloc.c core/parse.c core/fileio.c \
	core/cgroup.c core/cgroup_v1.c core/cgroup_v2.c core/proc.c \
	core/ns.c core/mount.c core/spawn.c core/pty.c core/log.c \
	core/caps.c core/seccomp.c core/sc_compile.c core/devcg.c core/engine.c
obj-y := applets/main.c $(core-y)
obj-$(CONFIG_HIND_RUN) += applets/hind_run.c
obj-$(CONFIG_HIND_CGLS) += applets/hind_cgls.c
obj-$(CONFIG_CPU_LOAD) += applets/cpu_load.c
obj-$(CONFIG_MEMORY_LOAD) += applets/memory_load.c
# hind-oci's config.json front end (the applet comes with it)
oci-y := core/json.c core/oci_config.c
obj-$(CONFIG_HIND_OCI) += $(oci-y) applets/hind_oci.c
OBJS := $(patsubst %.c,$(O)/obj/%.o,$(obj-y))
DEPS := $(OBJS:.o=.d)

BIN := $(O)/hind

.PHONY: all
all: $(BIN)

$(CONFIG):
	@echo "no configuration in $(CONFIG): using configs/defconfig" >&2
	$(Q)mkdir -p $(O)
	$(Q)KCONFIG_CONFIG=$(CONFIG) $(KCONF) -s --defconfig=configs/defconfig Kconfig

# .config -> generated/config.h: CFG_X 0/1 and IF_X(...) for every bool,
# CFG_X "string" for strings (the toybox/busybox pair).
$(GEN)/config.h: $(CONFIG) Kconfig applets/Kconfig scripts/mkconfig.sh
	$(Q)mkdir -p $(GEN)
	$(Q)sh scripts/mkconfig.sh Kconfig applets/Kconfig < $(CONFIG) > $@.tmp && mv $@.tmp $@

# The system call names of the kernel headers this compiler sees, for
# sc_syscall_nr() (core/sc_compile.c).
$(GEN)/syscalls.h: scripts/gen_syscalls.sh $(MUSL_STAMP)
	$(Q)mkdir -p $(GEN)
	$(Q)sh scripts/gen_syscalls.sh $(CC) $(CFLAGS_BASE) > $@.tmp && mv $@.tmp $@
$(O)/obj/core/sc_compile.o: $(GEN)/syscalls.h

$(MUSL_STAMP):
	$(Q)mkdir -p $(MUSL_INC)
	$(Q)for d in linux asm-generic; do ln -sfn /usr/include/$$d $(MUSL_INC)/$$d; done
	$(Q)arch=$$($(HOSTCC) -print-multiarch 2>/dev/null); \
	  ln -sfn /usr/include/$${arch:-x86_64-linux-gnu}/asm $(MUSL_INC)/asm
	$(Q)touch $@

$(MUSL_JSMN):
	$(Q)mkdir -p $(MUSL_INC)
	$(Q)ln -sfn /usr/include/jsmn.h $@

$(O)/obj/core/json.o: $(MUSL_JSMN)
$(O)/obj/%.o: %.c $(GEN)/config.h $(MUSL_STAMP)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(ALL_CFLAGS) -MMD -MP -c $< -o $@

# $(CONFIG): a configuration change can change the list of objects.
$(BIN): $(OBJS) $(CONFIG)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(ALL_CFLAGS) $(OBJS) $(ALL_LDFLAGS) -o $@

-include $(DEPS)

# ---- configuration -------------------------------------------------------
.PHONY: defconfig v1_defconfig v2_defconfig auto_defconfig defconfig_v1 \
	defconfig_v2 menuconfig oldconfig savedefconfig
defconfig v1_defconfig v2_defconfig auto_defconfig:
	$(Q)mkdir -p $(O)
	$(Q)KCONFIG_CONFIG=$(CONFIG) $(KCONF) -s --defconfig=configs/$@ Kconfig
	@echo "wrote $(CONFIG) from configs/$@"
defconfig_v1: v1_defconfig
defconfig_v2: v2_defconfig
menuconfig: | $(CONFIG)
	$(Q)KCONFIG_CONFIG=$(CONFIG) $(KMCONF) Kconfig
oldconfig: | $(CONFIG)
	$(Q)KCONFIG_CONFIG=$(CONFIG) $(KCONF) --oldconfig Kconfig
savedefconfig: | $(CONFIG)
	$(Q)KCONFIG_CONFIG=$(CONFIG) $(KCONF) --savedefconfig=$(O)/defconfig Kconfig
	@echo "wrote $(O)/defconfig"

# ---- size, install -------------------------------------------------------
PREFIX ?= /usr/local
DESTDIR ?=
.PHONY: size install
size: $(BIN)
	@cp $(BIN) $(O)/hind.stripped && strip $(O)/hind.stripped
	@printf '%s stripped: %s bytes\n' $(BIN) "$$(stat -c %s $(O)/hind.stripped)"
	@size $(O)/hind.stripped
install: $(BIN)
	install -D -m 0755 $(BIN) $(DESTDIR)$(PREFIX)/bin/hind
	$(DESTDIR)$(PREFIX)/bin/hind --install -s $(DESTDIR)$(PREFIX)/bin

# ---- tests ---------------------------------------------------------------
include tests/tests.mk
include tests/fuzz/fuzz.mk

# ---- benchmarks: root on the host, about 10 minutes, updates README.md ----
.PHONY: bench
bench:
	$(Q)sh scripts/deps.sh bench
	$(Q)O=$(O) bash bench/bench.sh

# ---- housekeeping --------------------------------------------------------
.PHONY: clean distclean lint help
clean:
	rm -rf $(O)/obj $(O)/generated $(O)/hind $(O)/hind.stripped $(O)/unit \
		$(O)/initramfs* $(O)/probe $(O)/guest $(O)/musl-include $(O)/qemu-*.log \
		$(O)/fuzz
distclean:
	rm -rf $(O)
lint: $(GEN)/config.h $(MUSL_STAMP)
	cppcheck -q --enable=warning,portability --error-exitcode=1 \
		--suppress=missingIncludeSystem -I$(O) -Icore -Iapplets applets core

help:
	@echo 'hind build targets'
	@echo '  all             build $(BIN) (default)'
	@echo '  defconfig       cgroup v2 configuration (configs/defconfig)'
	@echo '  v1_defconfig    cgroup v1 configuration'
	@echo '  v2_defconfig    cgroup v2 configuration'
	@echo '  auto_defconfig  both backends, picked at run time'
	@echo '  menuconfig      edit the configuration (kconfig-mconf)'
	@echo '  oldconfig       update the configuration after Kconfig changed'
	@echo '  savedefconfig   write the minimal configuration to $(O)/defconfig'
	@echo '  size            stripped size of the binary'
	@echo '  install         install to $$(DESTDIR)$$(PREFIX)/bin with applet links'
	@echo '  initramfs       $(O)/initramfs.cpio.gz with hind, busybox and the tests'
	@echo '  run             boot the image in QEMU and run the demo'
	@echo '  shell           boot the image in QEMU to a shell'
	@echo '  check           unit tests (+ASan/UBSan) and the 4 QEMU cells'
	@echo '  check-unit      host unit tests only'
	@echo '  check-qemu      one QEMU cell: KERNEL=bzImage CGROUP=v1|v2'
	@echo '  check-oci       one oci cell: containerd drives the OCI runtime (KERNEL=, CGROUP=)'
	@echo '  check-podman    one podman cell: podman and conmon drive the OCI runtime (KERNEL=, CGROUP=)'
	@echo '  check-ktap      kunit.py and prove read the cell logs (LOG=FILE: one log)'
	@echo '  lava            the LAVA job of one cell under lava-run (KERNEL=, CGROUP=)'
	@echo '  check-host      the guest suite on this machine (root, v1/auto build)'
	@echo '  bench           measure hind against its peers (README figures)'
	@echo '  fuzz            libFuzzer harnesses, FUZZ_RUNS=$(FUZZ_RUNS) each (FUZZ=a,b: some)'
	@echo '  lint            cppcheck'
	@echo '  clean           remove build outputs, keep .config'
	@echo '  distclean       remove $(O) entirely'
	@echo 'current settings:'
	@echo '  CC=$(CC)  O=$(O)  CONFIG=$(CONFIG)'
	@echo '  cgroup: $(if $(filter y,$(CONFIG_HIND_CGROUP_V1)),v1,$(if $(filter y,$(CONFIG_HIND_CGROUP_AUTO)),auto,v2))  static=$(CONFIG_HIND_STATIC) werror=$(CONFIG_HIND_WERROR) debug=$(CONFIG_HIND_DEBUG)'
