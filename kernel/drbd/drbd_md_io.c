// SPDX-License-Identifier: GPL-2.0-only
/*
 * drbd_md_io.c - reading and writing the metadata superblock on the lower
 * device.  The format is the pure encoder's (drbd_md_format.c); this file
 * only moves 4 KiB blocks.
 */
#include <linux/bio.h>
#include <linux/blkdev.h>

#include "drbd_int.h"

/* Byte offset of the superblock on a lower device of @lower_bytes. */
static u64 sb_offset_for(u64 lower_bytes)
{
	return (lower_bytes & ~(u64)(DRBD_MD_BLOCK_SIZE - 1)) -
	       DRBD_MD_BLOCK_SIZE;
}

/* Synchronous I/O of one 4 KiB metadata block at byte @offset. */
static int md_sync_io(struct block_device *bdev, u64 offset,
		      struct page *page, blk_opf_t opf)
{
	struct bio *bio;
	int err;

	bio = bio_alloc(bdev, 1, opf, GFP_NOIO);
	bio->bi_iter.bi_sector = offset >> SECTOR_SHIFT;
	__bio_add_page(bio, page, DRBD_MD_BLOCK_SIZE, 0);
	err = submit_bio_wait(bio);
	bio_put(bio);
	return err;
}

/* Turn a decode failure into a message that says what to do. */
static int md_decode_error(struct drbd_backing_dev *ldev,
			   enum drbd_md_error mderr, const u8 *buf,
			   struct drbd_msg *msg, const char *res)
{
	const char *why = drbd_md_strerror(mderr);

	switch (mderr) {
	case DRBD_MD_ERR_MAGIC:
		return drbd_msg_set(msg, -ENODATA,
				    "%s: %s; create it with 'drbdadm create-md %s'",
				    ldev->path, why, res);
	case DRBD_MD_ERR_VERSION:
		return drbd_msg_set(msg, -EPROTO,
				    "%s: %s (version %u; this module reads %u); use the drbdadm and module that created it",
				    ldev->path, why,
				    drbd_get_le32(buf + DRBD_MD_OFF_VERSION),
				    DRBD_MD_VERSION);
	case DRBD_MD_ERR_SIZE:
		return drbd_msg_set(msg, -EINVAL,
				    "%s: %s (%llu bytes recorded, %llu now); restore the old size or recreate the metadata with 'drbdadm create-md %s'",
				    ldev->path, why,
				    drbd_get_le64(buf + DRBD_MD_OFF_LOWER),
				    ldev->lower_bytes, res);
	default:
		return drbd_msg_set(msg, -EUCLEAN,
				    "%s: %s; nothing was changed; recreate it with 'drbdadm create-md %s' (this forgets which data is newest)",
				    ldev->path, why, res);
	}
}

/*
 * Read and validate the superblock into ldev->md.  On failure @msg says
 * why and what to do, and nothing is written.
 */
int drbd_md_read_sb(struct drbd_backing_dev *ldev, struct drbd_msg *msg,
		    const char *res)
{
	const u8 *buf = page_address(ldev->md_page);
	enum drbd_md_error mderr;
	struct drbd_md_sb sb;
	int err;

	err = md_sync_io(ldev->bdev, sb_offset_for(ldev->lower_bytes),
			 ldev->md_page, REQ_OP_READ | REQ_META | REQ_SYNC);
	if (err)
		return drbd_msg_set(msg, err,
				    "reading the metadata superblock of %s failed (error %d); check the lower device (dmesg)",
				    ldev->path, err);
	mderr = drbd_md_decode_sb(buf, ldev->lower_bytes, &sb);
	if (mderr != DRBD_MD_OK)
		return md_decode_error(ldev, mderr, buf, msg, res);
	ldev->md = sb;
	return 0;
}

/*
 * Write @sb as the superblock, durably: the flush before it orders it
 * after earlier writes, FUA puts it on stable storage before we return.
 */
int drbd_md_write_sb(struct drbd_backing_dev *ldev,
		     const struct drbd_md_sb *sb)
{
	drbd_md_encode_sb(sb, page_address(ldev->md_page));
	return md_sync_io(ldev->bdev, sb->sb_offset, ldev->md_page,
			  REQ_OP_WRITE | REQ_SYNC | REQ_META | REQ_PREFLUSH |
			  REQ_FUA);
}
