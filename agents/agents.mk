# Resource agents, handlers and fence agents this project ships.

OCF_DIR ?= /usr/lib/ocf/resource.d

.PHONY: install-agents check-agents
install-agents: $(BUILD)/fence_qemu
	install -D -m 0755 $(BUILD)/fence_qemu $(DESTDIR)/usr/sbin/fence_qemu
	install -D -m 0755 agents/ocf/drbd $(DESTDIR)$(OCF_DIR)/pacer/drbd
	install -D -m 0755 agents/ocf/drbd $(DESTDIR)$(OCF_DIR)/linbit/drbd
	install -D -m 0755 agents/handlers/fence-peer $(DESTDIR)/usr/lib/drbd/fence-peer
	ln -sf fence-peer $(DESTDIR)/usr/lib/drbd/unfence
	ln -sf fence-peer $(DESTDIR)/usr/lib/drbd/crm-fence-peer.sh
	ln -sf fence-peer $(DESTDIR)/usr/lib/drbd/crm-unfence-peer.sh

check-agents: $(BUILD)/pacer
	@$(TOP)/tests/agents/test_ocf_drbd.sh
	@$(TOP)/tests/agents/test_handlers.sh $(BUILD)/pacer
	@$(TOP)/tests/agents/test_configs.sh $(BUILD)/pacer

CHECK_TARGETS += check-agents

# The drbd agent under the real Pacemaker: two Corosync + pacemakerd nodes
# in network namespaces, the stand-in drbdadm (root)
.PHONY: check-agents-pacemaker
check-agents-pacemaker:
	@$(TOP)/tests/agents/test_pacemaker.sh

CHECK_TARGETS += check-agents-pacemaker

$(BUILD)/fence_qemu: agents/fence/fence_qemu.c | .deps-ok
	@mkdir -p $(dir $@)
	$(CC) $(USER_CFLAGS) -o $@ $<

USERSPACE_TARGETS += $(BUILD)/fence_qemu

.PHONY: check-fence
check-fence: $(BUILD)/fence_qemu
	@$(TOP)/tests/agents/test_fence_qemu.sh $(BUILD)/fence_qemu

CHECK_TARGETS += check-fence

# The HA stack in the VM lab, for running it alone: the power controller
# + fence_qemu (scenario 40), story 1's MariaDB stack end to end (41:
# failover, the fenced node's return, a planned move, a network partition
# both ways; in make check) and story 2's RabbitMQ failover (42: an Erlang
# VM starting under TCG takes minutes, so it runs in make check-full).
HA_SCENARIOS := 40-fence-qemu 41-debian-mariadb-ha 42-debian-rabbitmq
.PHONY: check-ha
check-ha: module userspace
	@$(TOP)/qemu-tests/run.sh $(HA_SCENARIOS)
