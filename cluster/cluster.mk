# pacer: the scheduler library (cluster/sched) and the pacer command.

XML_CFLAGS := $(shell $(PKG_CONFIG) --cflags libxml-2.0 2>/dev/null)
XML_LIBS := $(shell $(PKG_CONFIG) --libs libxml-2.0 2>/dev/null)
SHARED ?= $(TOP)/../shared

SCHED_SRCS := $(wildcard cluster/sched/*.c)
SCHED_HDRS := $(wildcard cluster/sched/*.h)
PACER_SRCS := $(wildcard cluster/pacer/*.c)
PACER_HDRS := $(wildcard cluster/pacer/*.h)

$(BUILD)/pacer: $(PACER_SRCS) $(PACER_HDRS) $(SCHED_SRCS) $(SCHED_HDRS) | .deps-ok
	@mkdir -p $(dir $@)
	$(CC) $(USER_CFLAGS) $(XML_CFLAGS) -o $@ $(PACER_SRCS) $(SCHED_SRCS) $(XML_LIBS)

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
