# Fuzz targets (libFuzzer, clang) for every parser of untrusted input that
# is pure logic.  `make fuzz FUZZ_SECONDS=600` fuzzes for real;
# check-fuzz runs each target for a bounded number of inputs.

FUZZ_CC ?= clang
FUZZ_CFLAGS := -std=c11 -D_GNU_SOURCE -g -O1 -I$(TOP)/include/drbd \
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
FUZZ_RUNS ?= 200000
FUZZ_SECONDS ?= 60
FUZZ_TARGETS := $(BUILD)/fuzz/fuzz_wire $(BUILD)/fuzz/fuzz_md

$(BUILD)/fuzz/fuzz_%: tests/fuzz/fuzz_%.c $(PURE_SRCS) include/drbd/*.h | .deps-ok
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -o $@ $< $(PURE_SRCS)

.PHONY: check-fuzz fuzz
check-fuzz: $(FUZZ_TARGETS)
	@pass=0; fail=0; for t in $(FUZZ_TARGETS); do \
		if $$t -runs=$(FUZZ_RUNS) -seed=1 >$$t.log 2>&1; then \
			echo "ok - $$(basename $$t): $(FUZZ_RUNS) inputs"; pass=$$((pass+1)); \
		else echo "FAIL - $$(basename $$t)"; tail -30 $$t.log; fail=$$((fail+1)); fi; \
	done; echo "$$pass passed, $$fail failed"; [ $$fail -eq 0 ]

fuzz: $(FUZZ_TARGETS)
	@for t in $(FUZZ_TARGETS); do $$t -max_total_time=$(FUZZ_SECONDS); done

CHECK_TARGETS += check-fuzz
