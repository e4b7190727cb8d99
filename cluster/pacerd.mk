# pacerd, the CIB library and the pcs-grammar commands (issue 6).
#
#   build/pacerd          the cluster daemon (Corosync CPG + votequorum)
#   build/pacer-cli       the commands (pacer_cli_main) as a binary of their own
#   build/libpacercib.a   the CIB store and operations
#   build/libpacercli.a   the commands, for the pacer dispatcher
#
# Checks: check-unit-cib (Check unit tests of the CIB library and the
# commands, offline), check-pacer-offline (the pacer binary on -f files),
# check-pacer-host (Corosync + pacerd in network namespaces; needs root).

PACER_XML_CFLAGS := $(shell $(PKG_CONFIG) --cflags libxml-2.0 2>/dev/null)
PACER_XML_LIBS := $(shell $(PKG_CONFIG) --libs libxml-2.0 2>/dev/null)
PACER_CS_LIBS := $(shell $(PKG_CONFIG) --libs libcpg libvotequorum libquorum libcmap 2>/dev/null)
PACER_CFLAGS := $(USER_CFLAGS) -Wno-format-truncation $(PACER_XML_CFLAGS) -I$(TOP)/cluster/cib \
	-I$(TOP)/cluster/cli -I$(TOP)/cluster/pacerd

CIB_SRCS := cluster/cib/cib.c cluster/cib/cib_op.c cluster/cib/cib_ipc.c cluster/cib/cib_status.c
CIB_HDRS := $(wildcard cluster/cib/*.h)
CLI_SRCS := $(filter-out cluster/cli/cli_entry.c,$(wildcard cluster/cli/*.c))
CLI_HDRS := $(wildcard cluster/cli/*.h)
PACERD_SRCS := $(wildcard cluster/pacerd/*.c)
PACERD_HDRS := $(wildcard cluster/pacerd/*.h)

CIB_OBJS := $(patsubst cluster/%.c,$(BUILD)/pacer-obj/%.o,$(CIB_SRCS))
CLI_OBJS := $(patsubst cluster/%.c,$(BUILD)/pacer-obj/%.o,$(CLI_SRCS))

$(BUILD)/pacer-obj/%.o: cluster/%.c $(CIB_HDRS) $(CLI_HDRS) $(PACERD_HDRS) | .deps-ok
	@mkdir -p $(dir $@)
	$(CC) $(PACER_CFLAGS) -c -o $@ $<

$(BUILD)/libpacercib.a: $(CIB_OBJS)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

$(BUILD)/libpacercli.a: $(CLI_OBJS)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

# build/pacer-shim/ holds crm_attribute and crm_master links to pacer-cli;
# pacerd gives agents HA_SBIN_DIR pointing there.
$(BUILD)/pacer-cli: cluster/cli/cli_entry.c $(BUILD)/libpacercli.a $(BUILD)/libpacercib.a
	$(CC) $(PACER_CFLAGS) -o $@ $< $(BUILD)/libpacercli.a \
		$(BUILD)/libpacercib.a $(PACER_XML_LIBS)
	@mkdir -p $(BUILD)/pacer-shim
	@ln -sf ../pacer-cli $(BUILD)/pacer-shim/crm_attribute
	@ln -sf ../pacer-cli $(BUILD)/pacer-shim/crm_master

# pacerd links the scheduler library's sources (cluster/sched, issue 5).
PACERD_SCHED_SRCS := $(wildcard cluster/sched/*.c)
$(BUILD)/pacerd: $(PACERD_SRCS) $(PACERD_HDRS) $(PACERD_SCHED_SRCS) $(wildcard cluster/sched/*.h) $(BUILD)/libpacercib.a
	$(CC) $(PACER_CFLAGS) -I$(TOP)/cluster/sched -o $@ $(PACERD_SRCS) \
		$(PACERD_SCHED_SRCS) $(BUILD)/libpacercib.a \
		$(PACER_XML_LIBS) $(PACER_CS_LIBS) -lm

ifneq ($(wildcard cluster/pacerd/pacerd.c),)
USERSPACE_TARGETS += $(BUILD)/pacerd
endif
ifneq ($(wildcard cluster/cli/cli_entry.c),)
USERSPACE_TARGETS += $(BUILD)/pacer-cli
endif

# Unit tests: the library sources compiled again with the sanitizers.
PACER_UNIT := $(BUILD)/tests/test_cib $(if $(wildcard tests/unit/test_cli.c),$(BUILD)/tests/test_cli)

$(BUILD)/tests/test_cib: tests/unit/test_cib.c $(CIB_SRCS) $(CIB_HDRS) | .deps-ok
	@mkdir -p $(dir $@)
	$(CC) $(PACER_CFLAGS) $(SAN_CFLAGS) $(CHECK_CFLAGS) -o $@ $< \
		$(CIB_SRCS) $(PACER_XML_LIBS) $(CHECK_LIBS)

$(BUILD)/tests/test_cli: tests/unit/test_cli.c $(CIB_SRCS) $(CLI_SRCS) $(CIB_HDRS) $(CLI_HDRS) | .deps-ok
	@mkdir -p $(dir $@)
	$(CC) $(PACER_CFLAGS) $(SAN_CFLAGS) $(CHECK_CFLAGS) -o $@ $< \
		$(CIB_SRCS) $(CLI_SRCS) $(PACER_XML_LIBS) $(CHECK_LIBS)

.PHONY: check-unit-cib check-pacer-offline check-pacer-host
check-unit-cib: $(PACER_UNIT)
	@$(TOP)/tests/run-unit.sh $(PACER_UNIT)

check-pacer-offline: $(BUILD)/pacer
	@$(TOP)/tests/pacer/offline.sh $(BUILD)/pacer

check-pacer-host: $(BUILD)/pacerd $(BUILD)/pacer-cli $(BUILD)/pacer
	@$(TOP)/tests/pacer/cluster.sh $(BUILD)

CHECK_TARGETS += check-unit-cib
ifneq ($(wildcard tests/pacer/offline.sh),)
CHECK_TARGETS += check-pacer-offline
endif
ifneq ($(wildcard tests/pacer/cluster.sh),)
# Three Corosync + pacerd nodes in network namespaces (root; about 2 min).
CHECK_TARGETS += check-pacer-host
endif
