// SPDX-License-Identifier: GPL-2.0-only
/*
 * drbd_al.c - the activity log: the 4 MiB extents a Primary may be
 * writing to while connected.  A write to an extent that is not hot makes
 * it hot (evicting the least recently used idle one) and the log is on
 * disk before the write's data is.  How many extents are hot at most is
 * set at attach (disk { al-extents N; }, 64 by default, at most 1019: what
 * the one block holds).  A node that crashed as Primary marks
 * the extents of its log out of sync when it attaches: exactly the blocks
 * that may hold writes its peer never saw.
 *
 * On disk, the first 4 KiB block of the AL area (docs/metadata.md):
 * magic "DRAL", count, sequence number, count extent numbers (u32), and a
 * crc32c of bytes 0..4091 in the last four.  Little endian.
 */
#include <linux/bio.h>
#include <linux/blkdev.h>

#include "drbd_int.h"
#include "drbd_net.h"

#define AL_MAGIC	0x4c415244u	/* "DRAL" */
#define AL_EMPTY	U32_MAX
#define AL_EXT_SECT_SHIFT (DRBD_AL_EXTENT_SHIFT - SECTOR_SHIFT)

void drbd_al_init(struct drbd_bitmap *bm)
{
	int i;

	for (i = 0; i < bm->al_slots; i++)
		bm->al_ext[i] = AL_EMPTY;
}

static int al_find(struct drbd_bitmap *bm, u32 ext)
{
	int i;

	for (i = 0; i < bm->al_slots; i++)
		if (bm->al_ext[i] == ext)
			return i;
	return -1;
}

/* An empty slot, else the least recently used idle one; -1 if all busy. */
static int al_victim(struct drbd_bitmap *bm)
{
	int i, best = -1;

	for (i = 0; i < bm->al_slots; i++) {
		if (bm->al_ext[i] == AL_EMPTY)
			return i;
		if (bm->al_inflight[i])
			continue;
		if (best < 0 || bm->al_used[i] < bm->al_used[best])
			best = i;
	}
	return best;
}

/* Make @ext hot and count one more write in it; caller holds bm->lock. */
static int al_get(struct drbd_bitmap *bm, u32 ext, bool *changed)
{
	int slot = al_find(bm, ext);

	if (slot < 0) {
		slot = al_victim(bm);
		if (slot < 0)
			return -EBUSY;
		bm->al_ext[slot] = ext;
		bm->al_dirty = true;
		*changed = true;
	}
	bm->al_inflight[slot]++;
	bm->al_used[slot] = ++bm->al_stamp;
	return 0;
}

static void al_put(struct drbd_bitmap *bm, u32 ext)
{
	int slot = al_find(bm, ext);

	if (slot >= 0 && bm->al_inflight[slot])
		bm->al_inflight[slot]--;
}

/*
 * Before a replicated write: 0 if its extents were hot already, 1 if the
 * log changed and must be written before the data (drbd_bm_defer()),
 * -EBUSY if every slot is busy (then nothing was taken).
 */
int drbd_al_begin(struct drbd_bitmap *bm, sector_t sector, unsigned int size)
{
	u32 first = sector >> AL_EXT_SECT_SHIFT;
	u32 last = (sector + max(size >> SECTOR_SHIFT, 1u) - 1) >>
		   AL_EXT_SECT_SHIFT;
	bool changed = false;
	unsigned long flags;
	int err;

	spin_lock_irqsave(&bm->lock, flags);
	err = al_get(bm, first, &changed);
	if (!err && last != first) {
		err = al_get(bm, last, &changed);
		if (err)
			al_put(bm, first);
	}
	spin_unlock_irqrestore(&bm->lock, flags);
	if (err)
		return err;
	return changed;
}

/* The write is on both disks (or marked out of sync): release. */
void drbd_al_end(struct drbd_bitmap *bm, sector_t sector, unsigned int size)
{
	u32 first = sector >> AL_EXT_SECT_SHIFT;
	u32 last = (sector + max(size >> SECTOR_SHIFT, 1u) - 1) >>
		   AL_EXT_SECT_SHIFT;
	unsigned long flags;

	spin_lock_irqsave(&bm->lock, flags);
	al_put(bm, first);
	if (last != first)
		al_put(bm, last);
	spin_unlock_irqrestore(&bm->lock, flags);
}

static int al_io(struct drbd_backing_dev *ldev, struct page *page,
		 blk_opf_t opf)
{
	struct bio *bio;
	int err;

	bio = bio_alloc(ldev->bdev, 1, opf, GFP_NOIO);
	bio->bi_iter.bi_sector = ldev->md.al_offset >> SECTOR_SHIFT;
	__bio_add_page(bio, page, PAGE_SIZE, 0);
	err = submit_bio_wait(bio);
	bio_put(bio);
	return err;
}

/* Write the log if it changed.  Runs in the bitmap work (may sleep). */
int drbd_al_write(struct drbd_device *device)
{
	struct drbd_bitmap *bm = device->bitmap;
	u8 *buf = page_address(bm->al_page);
	unsigned int n = 0;
	unsigned long flags;
	int i;

	spin_lock_irqsave(&bm->lock, flags);
	if (!bm->al_dirty) {
		spin_unlock_irqrestore(&bm->lock, flags);
		return 0;
	}
	bm->al_dirty = false;
	memset(buf, 0, PAGE_SIZE);
	for (i = 0; i < bm->al_slots; i++)
		if (bm->al_ext[i] != AL_EMPTY)
			drbd_put_le32(buf + 16 + 4 * n++, bm->al_ext[i]);
	spin_unlock_irqrestore(&bm->lock, flags);
	drbd_put_le32(buf, AL_MAGIC);
	drbd_put_le32(buf + 4, n);
	drbd_put_le64(buf + 8, ++bm->al_seq);
	drbd_put_le32(buf + DRBD_MD_BLOCK_SIZE - 4,
		      drbd_crc32c(0, buf, DRBD_MD_BLOCK_SIZE - 4));
	if (device->resource->conn)
		atomic64_inc(&device->resource->conn->al);
	return al_io(device->ldev, bm->al_page,
		     REQ_OP_WRITE | REQ_SYNC | REQ_META | REQ_FUA);
}

/*
 * Attach of a node that went down as Primary: every extent in its log is
 * out of sync.  An unreadable log marks everything.
 */
void drbd_al_recover(struct drbd_device *device, struct drbd_backing_dev *ldev,
		     struct drbd_bitmap *bm)
{
	u8 *buf = page_address(bm->al_page);
	u32 i, n, ext, per_ext = 1u << (DRBD_AL_EXTENT_SHIFT -
					  DRBD_BM_BLOCK_SHIFT);
	u64 bits = 0;

	if (al_io(ldev, bm->al_page, REQ_OP_READ))
		goto all;
	if (drbd_get_le32(buf) != AL_MAGIC) {
		/* never written: no write was ever in flight while connected */
		drbd_info(device->resource, "crashed Primary: activity log empty\n");
		return;
	}
	n = drbd_get_le32(buf + 4);
	if (n > DRBD_AL_SLOTS_MAX ||
	    drbd_get_le32(buf + DRBD_MD_BLOCK_SIZE - 4) !=
	    (drbd_crc32c(0, buf, DRBD_MD_BLOCK_SIZE - 4)))
		goto all;
	for (i = 0; i < n; i++) {
		ext = drbd_get_le32(buf + 16 + 4 * i);
		bits += drbd_bm_set_range_bits(bm, (u64)ext * per_ext,
					       (u64)(ext + 1) * per_ext);
	}
	drbd_info(device->resource, "crashed Primary: %u hot extents of the activity log marked out of sync (%llu KiB)\n",
		  n, bits << 2);
	return;
all:
	drbd_warn(device->resource, "crashed Primary and the activity log is unreadable: everything out of sync\n");
	drbd_bm_set_all(bm);
}
