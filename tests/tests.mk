# Unit tests of the pure logic shared by the module and userspace
# (metadata format, state rules), built with ASan and UBSan.

CHECK_CFLAGS := $(shell $(PKG_CONFIG) --cflags check 2>/dev/null)
CHECK_LIBS := $(shell $(PKG_CONFIG) --libs check 2>/dev/null)

PURE_TESTS := $(BUILD)/tests/test_md $(BUILD)/tests/test_state $(BUILD)/tests/test_wire $(BUILD)/tests/test_uuid \
	$(BUILD)/tests/test_bitmap $(BUILD)/tests/test_after_sb $(BUILD)/tests/test_fence

$(BUILD)/tests/test_%: tests/unit/test_%.c $(PURE_SRCS) include/drbd/*.h | .deps-ok
	@mkdir -p $(dir $@)
	$(CC) $(USER_CFLAGS) $(SAN_CFLAGS) $(CHECK_CFLAGS) -o $@ $< $(PURE_SRCS) $(CHECK_LIBS)

.PHONY: check-unit-pure
check-unit-pure: $(PURE_TESTS)
	@$(TOP)/tests/run-unit.sh $(PURE_TESTS)

CHECK_TARGETS += check-unit-pure
include tests/fuzz/fuzz.mk
