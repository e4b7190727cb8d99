# Userspace test and benchmark tools: ackcheck (io_uring write-ack verifier).

$(BUILD)/ackcheck: userspace/tools/ackcheck.c userspace/tools/ackcheck_block.h \
		kernel/drbd/drbd_crc32c.c | .deps-ok
	@mkdir -p $(dir $@)
	$(CC) $(USER_CFLAGS) -o $@ userspace/tools/ackcheck.c kernel/drbd/drbd_crc32c.c -luring

USERSPACE_TARGETS += $(BUILD)/ackcheck

.PHONY: check-ackcheck
check-ackcheck: $(BUILD)/ackcheck
	@$(TOP)/tests/host/test_ackcheck.sh $(BUILD)/ackcheck

CHECK_TARGETS += check-ackcheck

# blkbench: io_uring write benchmark and TCP request/response timer for
# the DRBD benchmark (qemu-tests/bench/).
$(BUILD)/blkbench: userspace/tools/blkbench.c | .deps-ok
	@mkdir -p $(dir $@)
	$(CC) $(USER_CFLAGS) -o $@ userspace/tools/blkbench.c -luring

USERSPACE_TARGETS += $(BUILD)/blkbench
