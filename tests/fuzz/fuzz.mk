# fuzz.mk - included by the Makefile: 'make fuzz', libFuzzer harnesses of
# every parser of outside input, with ASan and UBSan, against glibc
# (tests/fuzz/run.sh runs them and prints one line each).
#
#   make fuzz                 build, then run each for FUZZ_RUNS inputs
#   make fuzz FUZZ_RUNS=N     fewer (or more) runs
#   make fuzz FUZZ=parse,opt  only these harnesses
#   make fuzz-build           build only ($(O)/fuzz/fuzz_NAME)
#
# The harnesses link core/ as an archive built with clang: all of it but
# alloc.c (glibc's and ASan's malloc stay), and die.c and opt.c with
# -Dexit=fuzz_exit, so a die() or --help inside a parser comes back to
# the harness (tests/fuzz/fuzz.h) instead of ending the fuzzer.

FUZZ_CC ?= clang
FUZZ_RUNS ?= 1000000
FUZZ ?=
comma := ,
FUZZ_DIR := $(O)/fuzz
FUZZ_NAMES := parse opt caps hind_run cgstat proc_cgroup mountinfo oci
FUZZ_SAN := -fsanitize=address,undefined -fno-sanitize-recover=all
FUZZ_CFLAGS := -std=gnu11 -D_GNU_SOURCE -g -O1 -Wall -Wextra \
	-I$(O) -Icore -Iapplets -Itests/fuzz $(FUZZ_SAN)
FUZZ_SRC := $(filter-out core/alloc.c,$(core-y)) tests/fuzz/fuzz.c
# config.json's parser (its syscall names: core/sc_compile.c)
FUZZ_SRC += $(oci-y)
$(FUZZ_DIR)/obj/core/sc_compile.o: $(GEN)/syscalls.h
FUZZ_OBJS := $(patsubst %.c,$(FUZZ_DIR)/obj/%.o,$(FUZZ_SRC))
FUZZ_BINS := $(patsubst %,$(FUZZ_DIR)/fuzz_%,$(FUZZ_NAMES))

$(FUZZ_DIR)/obj/core/die.o $(FUZZ_DIR)/obj/core/opt.o: \
	FUZZ_XFLAGS := -Dexit=fuzz_exit
$(FUZZ_DIR)/obj/%.o: %.c $(GEN)/config.h
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  FUZZCC  $<")
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link $(FUZZ_XFLAGS) \
		-MMD -MP -c $< -o $@
$(FUZZ_DIR)/libhind.a: $(FUZZ_OBJS)
	$(Q)rm -f $@ && ar rcs $@ $^
$(FUZZ_DIR)/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_DIR)/libhind.a
	@$(if $(Q),echo "  FUZZLD  $@")
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -MMD -MP \
		-MF $@.d $< $(FUZZ_DIR)/libhind.a -o $@

-include $(FUZZ_OBJS:.o=.d) $(FUZZ_BINS:=.d)

# fuzz-build installs nothing: tests/check.sh builds it for its replay
# only where clang can already link a fuzzer.
.PHONY: fuzz fuzz-build
fuzz-build: $(FUZZ_BINS)
fuzz:
	$(Q)sh scripts/deps.sh fuzz
	$(Q)$(MAKE) $(if $(Q),-s) --no-print-directory O=$(O) fuzz-build
	$(Q)sh tests/fuzz/run.sh $(FUZZ_DIR) $(FUZZ_RUNS) \
		$(if $(FUZZ),$(subst $(comma), ,$(FUZZ)),$(FUZZ_NAMES))
