# Resource agents, handlers and fence agents this project ships.

OCF_DIR ?= /usr/lib/ocf/resource.d

.PHONY: install-agents check-agents
install-agents:
	install -D -m 0755 agents/ocf/drbd $(DESTDIR)$(OCF_DIR)/pacer/drbd
	install -D -m 0755 agents/ocf/drbd $(DESTDIR)$(OCF_DIR)/linbit/drbd

check-agents:
	@$(TOP)/tests/agents/test_ocf_drbd.sh

CHECK_TARGETS += check-agents
