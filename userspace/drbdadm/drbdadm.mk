# drbdadm: config parser, create-md, netlink client and commands.
#
#   make userspace            builds build/drbdadm
#   make check-unit-drbdadm   config parser and create-md unit tests
#                             (Check, ASan + UBSan)

DRBDADM_DIR := userspace/drbdadm

# Library part: no netlink, no kernel; unit-tested.
DRBDADM_LIB_SRCS := $(DRBDADM_DIR)/cfg_lexer.c $(DRBDADM_DIR)/cfg_parser.c \
	$(DRBDADM_DIR)/cfg_model.c $(DRBDADM_DIR)/cfg_dump.c \
	$(DRBDADM_DIR)/cfg_host.c $(DRBDADM_DIR)/md_create.c \
	$(DRBDADM_DIR)/mounts.c $(DRBDADM_DIR)/args.c \
	$(DRBDADM_DIR)/status_fmt.c
DRBDADM_SRCS := $(DRBDADM_LIB_SRCS) $(DRBDADM_DIR)/nl_client.c \
	$(DRBDADM_DIR)/cmd_md.c $(DRBDADM_DIR)/cmd_state.c \
	$(DRBDADM_DIR)/cmd_net.c \
	$(DRBDADM_DIR)/drbdadm.c
DRBDADM_HDRS := $(wildcard $(DRBDADM_DIR)/*.h) $(wildcard include/drbd/*.h)

NL_CFLAGS := $(shell $(PKG_CONFIG) --cflags libnl-genl-3.0 2>/dev/null)
NL_LIBS := $(shell $(PKG_CONFIG) --libs libnl-genl-3.0 2>/dev/null)
KMOD_CFLAGS := $(shell $(PKG_CONFIG) --cflags libkmod 2>/dev/null)
KMOD_LIBS := $(shell $(PKG_CONFIG) --libs libkmod 2>/dev/null)

$(BUILD)/drbdadm: $(DRBDADM_SRCS) $(PURE_SRCS) $(DRBDADM_HDRS) | .deps-ok
	@mkdir -p $(dir $@)
	$(CC) $(USER_CFLAGS) -I$(TOP)/$(DRBDADM_DIR) $(NL_CFLAGS) $(KMOD_CFLAGS) \
		-o $@ $(DRBDADM_SRCS) $(PURE_SRCS) $(NL_LIBS) $(KMOD_LIBS)

USERSPACE_TARGETS += $(BUILD)/drbdadm

DRBDADM_TESTS := $(BUILD)/tests/drbdadm/test_cfg $(BUILD)/tests/drbdadm/test_drbdadm_md \
	$(BUILD)/tests/drbdadm/test_drbdadm_args $(BUILD)/tests/drbdadm/test_drbdadm_status \
	$(BUILD)/tests/drbdadm/test_drbdadm_cli

$(BUILD)/tests/drbdadm/test_%: tests/unit/test_%.c $(DRBDADM_LIB_SRCS) $(PURE_SRCS) \
		$(DRBDADM_HDRS) | .deps-ok
	@mkdir -p $(dir $@)
	$(CC) $(USER_CFLAGS) $(SAN_CFLAGS) -I$(TOP)/$(DRBDADM_DIR) $(CHECK_CFLAGS) \
		-DTEST_CONFIGS_DIR='"$(TOP)/configs"' \
		-DDRBDADM_BIN='"$(BUILD)/drbdadm"' \
		-o $@ $< $(DRBDADM_LIB_SRCS) $(PURE_SRCS) $(CHECK_LIBS)

# The CLI test runs the binary.
$(BUILD)/tests/drbdadm/test_drbdadm_cli: $(BUILD)/drbdadm

.PHONY: check-unit-drbdadm
check-unit-drbdadm: $(DRBDADM_TESTS)
	@$(TOP)/tests/run-unit.sh $(DRBDADM_TESTS)

CHECK_TARGETS += check-unit-drbdadm

# Fuzz target for the config parser (libFuzzer, clang): parse, dump,
# re-parse.  check-fuzz-cfg runs a bounded number of inputs from the
# configs/ seeds; `make fuzz-cfg FUZZ_SECONDS=600` fuzzes for real.
CFG_FUZZ := $(BUILD)/fuzz/fuzz_cfg
CFG_FUZZ_RUNS ?= 300000
CFG_FUZZ_SRCS := $(DRBDADM_DIR)/cfg_lexer.c $(DRBDADM_DIR)/cfg_parser.c \
	$(DRBDADM_DIR)/cfg_model.c $(DRBDADM_DIR)/cfg_dump.c

$(CFG_FUZZ): $(DRBDADM_DIR)/fuzz_cfg.c $(CFG_FUZZ_SRCS) $(DRBDADM_HDRS) | .deps-ok
	@mkdir -p $(dir $@)
	clang -std=c11 -D_GNU_SOURCE -g -O1 -I$(TOP)/include/drbd -I$(TOP)/$(DRBDADM_DIR) \
		-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
		-o $@ $< $(CFG_FUZZ_SRCS)

.PHONY: check-fuzz-cfg fuzz-cfg
check-fuzz-cfg: $(CFG_FUZZ)
	@rm -rf $(BUILD)/fuzz/cfg-corpus && mkdir -p $(BUILD)/fuzz/cfg-corpus && \
	cp configs/*.res configs/drbd.conf $(BUILD)/fuzz/cfg-corpus/ && \
	if $(CFG_FUZZ) -runs=$(CFG_FUZZ_RUNS) -seed=1 -dict=$(DRBDADM_DIR)/fuzz_cfg.dict \
		$(BUILD)/fuzz/cfg-corpus >$(CFG_FUZZ).log 2>&1; then \
		echo "ok - fuzz_cfg: $(CFG_FUZZ_RUNS) inputs"; echo "1 passed, 0 failed"; \
	else echo "FAIL - fuzz_cfg"; tail -40 $(CFG_FUZZ).log; echo "0 passed, 1 failed"; exit 1; fi

fuzz-cfg: $(CFG_FUZZ)
	@mkdir -p $(BUILD)/fuzz/cfg-corpus && cp configs/*.res $(BUILD)/fuzz/cfg-corpus/ && \
	$(CFG_FUZZ) -max_total_time=$(FUZZ_SECONDS) -dict=$(DRBDADM_DIR)/fuzz_cfg.dict \
		$(BUILD)/fuzz/cfg-corpus

CHECK_TARGETS += check-fuzz-cfg
