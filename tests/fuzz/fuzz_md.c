/*
 * fuzz_md.c - libFuzzer target: a superblock read from a lower device.
 *
 * The first 8 bytes choose the lower device size, the rest fill the
 * 4 KiB block.  A decoded superblock must describe a layout that fits.
 */
#include <stdint.h>
#include <stddef.h>
#include <stdlib.h>
#include "drbd_md.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t block[DRBD_MD_BLOCK_SIZE] = { 0 };
	struct drbd_md_sb sb;
	uint64_t lower = 0;

	if (size >= 8) {
		lower = drbd_get_le64(data);
		data += 8;
		size -= 8;
	}
	memcpy(block, data, size < sizeof(block) ? size : sizeof(block));
	if (drbd_md_decode_sb(block, lower, &sb) != DRBD_MD_OK)
		return 0;
	if (sb.data_bytes + sb.bm_bytes > sb.al_offset ||
	    sb.sb_offset + DRBD_MD_BLOCK_SIZE != sb.lower_bytes)
		abort();
	return 0;
}
