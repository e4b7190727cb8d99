# pacer: the scheduler library (cluster/sched) and the pacer command.

XML_CFLAGS := $(shell $(PKG_CONFIG) --cflags libxml-2.0 2>/dev/null)
XML_LIBS := $(shell $(PKG_CONFIG) --libs libxml-2.0 2>/dev/null)
SHARED ?= $(TOP)/../shared

SCHED_SRCS := $(wildcard cluster/sched/*.c)
SCHED_HDRS := $(wildcard cluster/sched/*.h)
PACER_SRCS := $(wildcard cluster/pacer/*.c)
PACER_HDRS := $(wildcard cluster/pacer/*.h)

# One pacer binary: the offline subcommands here plus the pcs grammar of
# cluster/cli (libpacercli.a, libpacercib.a; see pacerd.mk).
$(BUILD)/pacer: $(PACER_SRCS) $(PACER_HDRS) $(SCHED_SRCS) $(SCHED_HDRS) \
		$(BUILD)/libpacercli.a $(BUILD)/libpacercib.a | .deps-ok
	@mkdir -p $(dir $@)
	$(CC) $(USER_CFLAGS) $(XML_CFLAGS) -Icluster/cli -Icluster/cib -o $@ \
		$(PACER_SRCS) $(SCHED_SRCS) $(BUILD)/libpacercli.a \
		$(BUILD)/libpacercib.a $(XML_LIBS)

USERSPACE_TARGETS += $(BUILD)/pacer

# Pacemaker's own regression cases plus this project's DRBD-shaped cases.
.PHONY: check-sched-pcmk check-unit-sched
check-sched-pcmk: $(BUILD)/pacer
	@$(TOP)/tests/sched/run-cases.sh $(BUILD)/pacer $(SHARED)/pcmk-scheduler $(TOP)/tests/sched/cases

SCHED_TEST := $(BUILD)/tests/test_sched
$(SCHED_TEST): tests/unit/test_sched.c $(SCHED_SRCS) $(SCHED_HDRS) | .deps-ok
	@mkdir -p $(dir $@)
	$(CC) $(USER_CFLAGS) $(SAN_CFLAGS) $(XML_CFLAGS) $(CHECK_CFLAGS) -Icluster/sched \
		-o $@ $< $(SCHED_SRCS) $(XML_LIBS) $(CHECK_LIBS)

check-unit-sched: $(SCHED_TEST)
	@$(TOP)/tests/run-unit.sh $(SCHED_TEST)

CHECK_TARGETS += check-sched-pcmk check-unit-sched

# Fuzzing the CIB loader and the pipeline behind it (libFuzzer, clang),
# seeded with every CIB the scheduler tests use.  check-fuzz-sched runs a
# bounded number of inputs; `make fuzz-sched FUZZ_SECONDS=600` for longer.
FUZZ_CC ?= clang
SCHED_FUZZ := $(BUILD)/fuzz/fuzz_cib
SCHED_FUZZ_RUNS ?= 3000
$(SCHED_FUZZ): tests/sched/fuzz_cib.c $(SCHED_SRCS) $(SCHED_HDRS) | .deps-ok
	@mkdir -p $(dir $@)
	$(FUZZ_CC) -std=c11 -D_GNU_SOURCE -g -O1 -fsanitize=fuzzer,address,undefined \
		-fno-sanitize-recover=all $(XML_CFLAGS) -Icluster/sched -o $@ $< \
		$(SCHED_SRCS) $(XML_LIBS)

$(BUILD)/fuzz/cib-corpus/.seeded: $(wildcard $(SHARED)/pcmk-scheduler/xml/*.xml) $(wildcard tests/sched/cases/*.xml)
	@mkdir -p $(dir $@)
	@cp $^ $(dir $@) 2>/dev/null; touch $@

.PHONY: check-fuzz-sched fuzz-sched
check-fuzz-sched: $(SCHED_FUZZ) $(BUILD)/fuzz/cib-corpus/.seeded
	@if $(SCHED_FUZZ) -runs=$(SCHED_FUZZ_RUNS) -seed=1 -max_len=65536 -artifact_prefix=$(BUILD)/fuzz/ \
		$(BUILD)/fuzz/cib-corpus >$(SCHED_FUZZ).log 2>&1; then \
		echo "ok - fuzz_cib: $(SCHED_FUZZ_RUNS) inputs"; echo "1 passed, 0 failed"; \
	else echo "FAIL - fuzz_cib"; tail -40 $(SCHED_FUZZ).log; echo "0 passed, 1 failed"; exit 1; fi

fuzz-sched: $(SCHED_FUZZ) $(BUILD)/fuzz/cib-corpus/.seeded
	$(SCHED_FUZZ) -max_total_time=$(FUZZ_SECONDS) -max_len=65536 $(BUILD)/fuzz/cib-corpus

CHECK_TARGETS += check-fuzz-sched

# Benchmark (make bench): pacer against crm_simulate -R on a generated CIB.
.PHONY: bench-sched
bench-sched: $(BUILD)/pacer
	@$(TOP)/tests/sched/bench/run-bench.sh $(BUILD)/pacer $(BUILD)/bench

BENCH_TARGETS += bench-sched

# Differential run against crm_simulate on random CIBs (not a test).
.PHONY: diff-sched
diff-sched: $(BUILD)/pacer
	@$(TOP)/tests/sched/bench/diff-random.sh $(BUILD)/pacer $(BUILD)/diff-sched 1 200
