/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * drbd_md.h - on-disk metadata: layout and superblock encoding.
 *
 * Internal metadata lives at the end of the lower device.  From the end
 * backwards: the superblock (last 4 KiB), the activity log, the bitmap
 * (one bit per 4 KiB of data).  Everything before the bitmap is data and
 * is what /dev/drbdN exposes.  docs/metadata.md describes the format.
 *
 * Pure logic: no kernel or libc dependencies beyond drbd_pure.h.
 */
#ifndef DRBD_MD_H
#define DRBD_MD_H

#include "drbd_pure.h"

#define DRBD_MD_MAGIC		0x44524d44u	/* "DMRD" read as LE bytes */
#define DRBD_MD_VERSION		1u
#define DRBD_MD_BLOCK_SIZE	4096u		/* superblock, alignment unit */
#define DRBD_BM_BLOCK_SHIFT	12		/* one bitmap bit per 4 KiB */
#define DRBD_BM_BLOCK_SIZE	(1u << DRBD_BM_BLOCK_SHIFT)
#define DRBD_AL_EXTENT_SHIFT	22		/* activity log extent: 4 MiB */
#define DRBD_AL_SLOTS		64u		/* hot extents by default */
/*
 * disk { al-extents N; } sets the number of hot extents at attach: at
 * least DRBD_AL_SLOTS_MIN, at most what the log's one 4 KiB block holds
 * (16 bytes of header, 4 per extent, the checksum in the last 4).
 */
#define DRBD_AL_SLOTS_MIN	7u
#define DRBD_AL_SLOTS_MAX	((DRBD_MD_BLOCK_SIZE - 20u) / 4u)	/* 1019 */
#define DRBD_AL_BYTES		(32u * 1024u)	/* on-disk AL ring */
/* Smallest lower device create-md accepts: metadata plus 1 MiB of data. */
#define DRBD_MD_MIN_DATA_BYTES	(1024u * 1024u)

/* Superblock flags (persistent). */
#define DRBD_MDF_CONSISTENT	(1u << 0)  /* data is not mid-sync */
#define DRBD_MDF_UP_TO_DATE	(1u << 1)  /* data was UpToDate when last written */
#define DRBD_MDF_PRIMARY	(1u << 2)  /* node was Primary (crash detection) */
#define DRBD_MDF_CONNECTED	(1u << 3)  /* node was connected to its peer */
#define DRBD_MDF_FULL_SYNC	(1u << 4)  /* a full sync is required */
#define DRBD_MDF_PEER_OUTDATED	(1u << 5)  /* peer is known to be Outdated */
#define DRBD_MDF_OUTDATED	(1u << 6)  /* this node's data is Outdated */
#define DRBD_MDF_AL_CLEAN	(1u << 7)  /* activity log was cleanly closed */
#define DRBD_MDF_YOUNG_PRIMARY	(1u << 8)  /* current generation began with a
					    * promotion while disconnected */

/* Generation identifier slots. */
enum drbd_uuid_index {
	DRBD_UUID_CURRENT,
	DRBD_UUID_BITMAP,
	DRBD_UUID_HISTORY_START,
	DRBD_UUID_HISTORY_END,
	DRBD_UUID_SLOTS,
};

/* Where each area lives, in bytes from the start of the lower device. */
struct drbd_md_layout {
	uint64_t lower_bytes;	/* lower device size, rounded down to 4 KiB */
	uint64_t data_bytes;	/* usable size: what /dev/drbdN exposes */
	uint64_t bm_offset;	/* bitmap start */
	uint64_t bm_bytes;	/* bitmap area size (4 KiB multiple) */
	uint64_t bm_bits;	/* bits in use: one per 4 KiB of data */
	uint64_t al_offset;	/* activity log start */
	uint64_t al_bytes;
	uint64_t sb_offset;	/* superblock start */
};

/* Decoded superblock.  Encoded size is DRBD_MD_BLOCK_SIZE. */
struct drbd_md_sb {
	uint32_t magic;
	uint32_t version;
	uint32_t flags;
	uint32_t bm_block_size;
	uint64_t lower_bytes;	/* lower size when the layout was computed */
	uint64_t data_bytes;
	uint64_t bm_offset;
	uint64_t bm_bytes;
	uint64_t al_offset;
	uint64_t al_bytes;
	uint64_t sb_offset;
	uint64_t uuid[DRBD_UUID_SLOTS];
	uint64_t device_uuid;	/* random, set by create-md, never changes */
	uint32_t al_extent_shift;
	uint32_t al_slots;
	uint64_t oos_blocks;	/* bitmap bits set when last written */
	uint64_t created_at;	/* seconds since the epoch, set by create-md */
};

/* Byte offsets inside the encoded superblock (little endian). */
#define DRBD_MD_OFF_MAGIC	0
#define DRBD_MD_OFF_VERSION	4
#define DRBD_MD_OFF_FLAGS	8
#define DRBD_MD_OFF_BMBS	12
#define DRBD_MD_OFF_LOWER	16
#define DRBD_MD_OFF_DATA	24
#define DRBD_MD_OFF_BMOFF	32
#define DRBD_MD_OFF_BMBYTES	40
#define DRBD_MD_OFF_ALOFF	48
#define DRBD_MD_OFF_ALBYTES	56
#define DRBD_MD_OFF_SBOFF	64
#define DRBD_MD_OFF_UUID	72	/* 4 x u64 */
#define DRBD_MD_OFF_DEVUUID	104
#define DRBD_MD_OFF_ALSHIFT	112
#define DRBD_MD_OFF_ALSLOTS	116
#define DRBD_MD_OFF_OOS		120
#define DRBD_MD_OFF_CREATED	128
#define DRBD_MD_SB_USED		136	/* bytes covered by the fields above */
#define DRBD_MD_OFF_CRC		(DRBD_MD_BLOCK_SIZE - 4)

/* Why a superblock was rejected. */
enum drbd_md_error {
	DRBD_MD_OK = 0,
	DRBD_MD_ERR_MAGIC,	/* no drbd metadata here */
	DRBD_MD_ERR_VERSION,	/* metadata of an unknown version */
	DRBD_MD_ERR_CRC,	/* checksum mismatch: corrupted */
	DRBD_MD_ERR_LAYOUT,	/* offsets inconsistent with each other */
	DRBD_MD_ERR_SIZE,	/* lower device smaller than recorded */
};

/*
 * drbd_md_compute_layout - place data, bitmap, AL and superblock on a
 * lower device of @lower_bytes.  Returns 0, or -ENOSPC when the device
 * cannot hold the metadata plus DRBD_MD_MIN_DATA_BYTES of data.
 */
int drbd_md_compute_layout(uint64_t lower_bytes, struct drbd_md_layout *ret);

/* Fill a fresh superblock for @layout (flags 0, uuids 0). */
void drbd_md_init_sb(struct drbd_md_sb *sb, const struct drbd_md_layout *layout,
		     uint64_t device_uuid, uint64_t created_at);

/* Encode @sb into @buf (DRBD_MD_BLOCK_SIZE bytes), checksum included. */
void drbd_md_encode_sb(const struct drbd_md_sb *sb, uint8_t *buf);

/*
 * Decode and validate @buf.  @lower_bytes is the current size of the lower
 * device (0 to skip the size check).  Returns DRBD_MD_OK or the reason.
 */
enum drbd_md_error drbd_md_decode_sb(const uint8_t *buf, uint64_t lower_bytes,
				     struct drbd_md_sb *ret);

/* Human-readable text for an error, for logs and tools. */
const char *drbd_md_strerror(enum drbd_md_error err);

#endif /* DRBD_MD_H */
