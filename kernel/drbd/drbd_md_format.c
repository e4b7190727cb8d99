// SPDX-License-Identifier: GPL-2.0-only
/*
 * drbd_md_format.c - metadata layout and superblock encode/decode.
 *
 * Pure logic, shared by the module and the userspace tools.
 */
#include "drbd_md.h"

#define ALIGN_DOWN_4K(x)	((x) & ~(uint64_t)(DRBD_MD_BLOCK_SIZE - 1))
#define ALIGN_UP_4K(x)		ALIGN_DOWN_4K((x) + DRBD_MD_BLOCK_SIZE - 1)

/* Bitmap bytes (4 KiB multiple) needed to cover @bytes of data. */
static uint64_t bm_bytes_for(uint64_t bytes)
{
	uint64_t bits = (bytes + DRBD_BM_BLOCK_SIZE - 1) >> DRBD_BM_BLOCK_SHIFT;

	return ALIGN_UP_4K((bits + 7) / 8);
}

int drbd_md_compute_layout(uint64_t lower_bytes, struct drbd_md_layout *ret)
{
	uint64_t lower = ALIGN_DOWN_4K(lower_bytes);
	uint64_t fixed = DRBD_MD_BLOCK_SIZE + DRBD_AL_BYTES;
	uint64_t bm;

	if (lower < fixed + DRBD_MD_BLOCK_SIZE + DRBD_MD_MIN_DATA_BYTES)
		return -ENOSPC;
	/* A bitmap sized for the whole device is never too small. */
	bm = bm_bytes_for(lower);
	if (lower < fixed + bm + DRBD_MD_MIN_DATA_BYTES)
		return -ENOSPC;

	memset(ret, 0, sizeof(*ret));
	ret->lower_bytes = lower;
	ret->sb_offset = lower - DRBD_MD_BLOCK_SIZE;
	ret->al_bytes = DRBD_AL_BYTES;
	ret->al_offset = ret->sb_offset - DRBD_AL_BYTES;
	ret->bm_bytes = bm;
	ret->bm_offset = ret->al_offset - bm;
	ret->data_bytes = ret->bm_offset;
	ret->bm_bits = ret->data_bytes >> DRBD_BM_BLOCK_SHIFT;
	return 0;
}

void drbd_md_init_sb(struct drbd_md_sb *sb, const struct drbd_md_layout *layout,
		     uint64_t device_uuid, uint64_t created_at)
{
	memset(sb, 0, sizeof(*sb));
	sb->magic = DRBD_MD_MAGIC;
	sb->version = DRBD_MD_VERSION;
	sb->bm_block_size = DRBD_BM_BLOCK_SIZE;
	sb->lower_bytes = layout->lower_bytes;
	sb->data_bytes = layout->data_bytes;
	sb->bm_offset = layout->bm_offset;
	sb->bm_bytes = layout->bm_bytes;
	sb->al_offset = layout->al_offset;
	sb->al_bytes = layout->al_bytes;
	sb->sb_offset = layout->sb_offset;
	sb->device_uuid = device_uuid;
	sb->al_extent_shift = DRBD_AL_EXTENT_SHIFT;
	sb->al_slots = DRBD_AL_SLOTS;
	sb->created_at = created_at;
}

void drbd_md_encode_sb(const struct drbd_md_sb *sb, uint8_t *buf)
{
	int i;

	memset(buf, 0, DRBD_MD_BLOCK_SIZE);
	drbd_put_le32(buf + DRBD_MD_OFF_MAGIC, sb->magic);
	drbd_put_le32(buf + DRBD_MD_OFF_VERSION, sb->version);
	drbd_put_le32(buf + DRBD_MD_OFF_FLAGS, sb->flags);
	drbd_put_le32(buf + DRBD_MD_OFF_BMBS, sb->bm_block_size);
	drbd_put_le64(buf + DRBD_MD_OFF_LOWER, sb->lower_bytes);
	drbd_put_le64(buf + DRBD_MD_OFF_DATA, sb->data_bytes);
	drbd_put_le64(buf + DRBD_MD_OFF_BMOFF, sb->bm_offset);
	drbd_put_le64(buf + DRBD_MD_OFF_BMBYTES, sb->bm_bytes);
	drbd_put_le64(buf + DRBD_MD_OFF_ALOFF, sb->al_offset);
	drbd_put_le64(buf + DRBD_MD_OFF_ALBYTES, sb->al_bytes);
	drbd_put_le64(buf + DRBD_MD_OFF_SBOFF, sb->sb_offset);
	for (i = 0; i < DRBD_UUID_SLOTS; i++)
		drbd_put_le64(buf + DRBD_MD_OFF_UUID + 8 * i, sb->uuid[i]);
	drbd_put_le64(buf + DRBD_MD_OFF_DEVUUID, sb->device_uuid);
	drbd_put_le32(buf + DRBD_MD_OFF_ALSHIFT, sb->al_extent_shift);
	drbd_put_le32(buf + DRBD_MD_OFF_ALSLOTS, sb->al_slots);
	drbd_put_le64(buf + DRBD_MD_OFF_OOS, sb->oos_blocks);
	drbd_put_le64(buf + DRBD_MD_OFF_CREATED, sb->created_at);
	drbd_put_le32(buf + DRBD_MD_OFF_CRC,
		      drbd_crc32c(0, buf, DRBD_MD_OFF_CRC));
}

/* Offsets must describe data < bitmap < AL < superblock, back to back. */
static bool layout_consistent(const struct drbd_md_sb *sb)
{
	struct drbd_md_layout l;

	if (drbd_md_compute_layout(sb->lower_bytes, &l))
		return false;
	return l.lower_bytes == sb->lower_bytes &&
	       l.data_bytes == sb->data_bytes &&
	       l.bm_offset == sb->bm_offset && l.bm_bytes == sb->bm_bytes &&
	       l.al_offset == sb->al_offset && l.al_bytes == sb->al_bytes &&
	       l.sb_offset == sb->sb_offset &&
	       sb->bm_block_size == DRBD_BM_BLOCK_SIZE;
}

enum drbd_md_error drbd_md_decode_sb(const uint8_t *buf, uint64_t lower_bytes,
				     struct drbd_md_sb *ret)
{
	struct drbd_md_sb sb;
	int i;

	if (drbd_get_le32(buf + DRBD_MD_OFF_MAGIC) != DRBD_MD_MAGIC)
		return DRBD_MD_ERR_MAGIC;
	if (drbd_get_le32(buf + DRBD_MD_OFF_CRC) !=
	    drbd_crc32c(0, buf, DRBD_MD_OFF_CRC))
		return DRBD_MD_ERR_CRC;
	if (drbd_get_le32(buf + DRBD_MD_OFF_VERSION) != DRBD_MD_VERSION)
		return DRBD_MD_ERR_VERSION;

	memset(&sb, 0, sizeof(sb));
	sb.magic = DRBD_MD_MAGIC;
	sb.version = DRBD_MD_VERSION;
	sb.flags = drbd_get_le32(buf + DRBD_MD_OFF_FLAGS);
	sb.bm_block_size = drbd_get_le32(buf + DRBD_MD_OFF_BMBS);
	sb.lower_bytes = drbd_get_le64(buf + DRBD_MD_OFF_LOWER);
	sb.data_bytes = drbd_get_le64(buf + DRBD_MD_OFF_DATA);
	sb.bm_offset = drbd_get_le64(buf + DRBD_MD_OFF_BMOFF);
	sb.bm_bytes = drbd_get_le64(buf + DRBD_MD_OFF_BMBYTES);
	sb.al_offset = drbd_get_le64(buf + DRBD_MD_OFF_ALOFF);
	sb.al_bytes = drbd_get_le64(buf + DRBD_MD_OFF_ALBYTES);
	sb.sb_offset = drbd_get_le64(buf + DRBD_MD_OFF_SBOFF);
	for (i = 0; i < DRBD_UUID_SLOTS; i++)
		sb.uuid[i] = drbd_get_le64(buf + DRBD_MD_OFF_UUID + 8 * i);
	sb.device_uuid = drbd_get_le64(buf + DRBD_MD_OFF_DEVUUID);
	sb.al_extent_shift = drbd_get_le32(buf + DRBD_MD_OFF_ALSHIFT);
	sb.al_slots = drbd_get_le32(buf + DRBD_MD_OFF_ALSLOTS);
	sb.oos_blocks = drbd_get_le64(buf + DRBD_MD_OFF_OOS);
	sb.created_at = drbd_get_le64(buf + DRBD_MD_OFF_CREATED);

	if (!layout_consistent(&sb))
		return DRBD_MD_ERR_LAYOUT;
	if (lower_bytes && (lower_bytes & ~(uint64_t)(DRBD_MD_BLOCK_SIZE - 1)) !=
	    sb.lower_bytes)
		return DRBD_MD_ERR_SIZE;
	*ret = sb;
	return DRBD_MD_OK;
}

const char *drbd_md_strerror(enum drbd_md_error err)
{
	switch (err) {
	case DRBD_MD_OK:
		return "valid";
	case DRBD_MD_ERR_MAGIC:
		return "no drbd metadata found (bad magic)";
	case DRBD_MD_ERR_VERSION:
		return "metadata version not supported";
	case DRBD_MD_ERR_CRC:
		return "metadata superblock checksum mismatch (corrupted)";
	case DRBD_MD_ERR_LAYOUT:
		return "metadata offsets are inconsistent (corrupted)";
	case DRBD_MD_ERR_SIZE:
		return "lower device size differs from the size recorded in the metadata";
	}
	return "unknown metadata error";
}
