// SPDX-License-Identifier: GPL-2.0-only
/*
 * drbd_bitmap.c - the out-of-sync bitmap of a device: one bit per 4 KiB
 * of data, in memory while attached, stored in the bitmap area of the
 * lower device (docs/metadata.md).  The arithmetic is drbd_bitmap_math.c.
 *
 * Pages of words changed since the last write are marked dirty;
 * drbd_bm_write() writes them (or all) to disk.
 */
#include <linux/bio.h>
#include <linux/blkdev.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

#include "drbd_int.h"
#include "drbd_net.h"

static void mark_dirty(struct drbd_bitmap *bm, u64 first, u64 end)
{
	u64 p;

	if (end <= first)
		return;
	for (p = (first / 64) / DRBD_BM_WORDS_PER_PAGE;
	     p <= ((end - 1) / 64) / DRBD_BM_WORDS_PER_PAGE; p++)
		__set_bit(p, bm->dirty);
}

u64 drbd_bm_set_sectors(struct drbd_bitmap *bm, sector_t sector,
			unsigned int nr_sectors)
{
	u64 first, end;

	drbd_bm_touched(sector, nr_sectors ? nr_sectors : 1, &first, &end);
	return drbd_bm_set_range_bits(bm, first, end);
}

/* Set or clear bits [first, end), clamped to the bitmap; count changes. */
static u64 bm_change_bits(struct drbd_bitmap *bm, u64 first, u64 end, bool set)
{
	unsigned long flags;
	u64 n;

	if (end > bm->nbits)
		end = bm->nbits;
	if (first >= end)
		return 0;
	spin_lock_irqsave(&bm->lock, flags);
	n = set ? drbd_bm_set_range(bm->words, first, end) :
		  drbd_bm_clear_range(bm->words, first, end);
	if (n)
		mark_dirty(bm, first, end);
	spin_unlock_irqrestore(&bm->lock, flags);
	return n;
}

u64 drbd_bm_clear_bits(struct drbd_bitmap *bm, u64 first, u64 end)
{
	return bm_change_bits(bm, first, end, false);
}

u64 drbd_bm_set_range_bits(struct drbd_bitmap *bm, u64 first, u64 end)
{
	return bm_change_bits(bm, first, end, true);
}

void drbd_bm_set_all(struct drbd_bitmap *bm)
{
	unsigned long flags;

	spin_lock_irqsave(&bm->lock, flags);
	drbd_bm_set_range(bm->words, 0, bm->nbits);
	mark_dirty(bm, 0, bm->nbits);
	spin_unlock_irqrestore(&bm->lock, flags);
}

u64 drbd_bm_weight(struct drbd_bitmap *bm)
{
	unsigned long flags;
	u64 n;

	spin_lock_irqsave(&bm->lock, flags);
	n = drbd_bm_count(bm->words, bm->nbits);
	spin_unlock_irqrestore(&bm->lock, flags);
	return n;
}

u64 drbd_bm_next(struct drbd_bitmap *bm, u64 from)
{
	unsigned long flags;
	u64 n;

	spin_lock_irqsave(&bm->lock, flags);
	n = drbd_bm_find_next(bm->words, bm->nbits, from);
	spin_unlock_irqrestore(&bm->lock, flags);
	return n;
}

bool drbd_bm_test(struct drbd_bitmap *bm, u64 bit)
{
	return bit < bm->nbits && (READ_ONCE(bm->words[bit / 64]) >> (bit % 64)) & 1;
}

/* OR @len little-endian bytes at byte @byte_off into the bitmap. */
void drbd_bm_merge_le(struct drbd_bitmap *bm, u64 byte_off, const u8 *src,
		      size_t len)
{
	u64 first = byte_off / 8, n = len / 8, i, w;
	unsigned long flags;

	if (first >= bm->nwords)
		return;
	if (first + n > bm->nwords)
		n = bm->nwords - first;
	spin_lock_irqsave(&bm->lock, flags);
	for (i = 0; i < n; i++) {
		drbd_bm_words_from_le(&w, src + i * 8, 1);
		bm->words[first + i] |= w;
	}
	/* bits past the end stay clear */
	if (bm->nbits % 64)
		bm->words[bm->nwords - 1] &= (1ULL << (bm->nbits % 64)) - 1;
	if (n)
		mark_dirty(bm, first * 64, (first + n) * 64);
	spin_unlock_irqrestore(&bm->lock, flags);
}

void drbd_bm_get_le(struct drbd_bitmap *bm, u64 byte_off, u8 *dst, size_t len)
{
	u64 first = byte_off / 8, n = len / 8;
	unsigned long flags;

	memset(dst, 0, len);
	if (first >= bm->nwords)
		return;
	if (first + n > bm->nwords)
		n = bm->nwords - first;
	spin_lock_irqsave(&bm->lock, flags);
	drbd_bm_words_to_le(dst, bm->words + first, n);
	spin_unlock_irqrestore(&bm->lock, flags);
}

/* ---- on-disk area ------------------------------------------------------ */

static int bm_page_io(struct drbd_backing_dev *ldev, struct page *page,
		      u64 page_idx, blk_opf_t opf)
{
	struct bio *bio;
	int err;

	bio = bio_alloc(ldev->bdev, 1, opf, GFP_NOIO);
	bio->bi_iter.bi_sector = (ldev->md.bm_offset >> SECTOR_SHIFT) +
				 page_idx * (PAGE_SIZE >> SECTOR_SHIFT);
	__bio_add_page(bio, page, PAGE_SIZE, 0);
	err = submit_bio_wait(bio);
	bio_put(bio);
	return err;
}

/* Write the bitmap, then let the writes that waited for it go down. */
static void bm_work(struct work_struct *work)
{
	struct drbd_bitmap *bm = container_of(work, struct drbd_bitmap, work);
	struct bio_list bios;
	struct bio *bio;

	spin_lock_irq(&bm->lock);
	bios = bm->deferred_bios;
	bio_list_init(&bm->deferred_bios);
	spin_unlock_irq(&bm->lock);
	drbd_al_write(bm->device);
	drbd_bm_write(bm->device, false);
	while ((bio = bio_list_pop(&bios)))
		submit_bio_noacct(bio);
}

/* Submit @local (a write's local leg) once its bits are on disk. */
void drbd_bm_defer(struct drbd_bitmap *bm, struct bio *local)
{
	unsigned long flags;

	spin_lock_irqsave(&bm->lock, flags);
	bio_list_add(&bm->deferred_bios, local);
	spin_unlock_irqrestore(&bm->lock, flags);
	queue_work(bm->wq, &bm->work);
}

/* Write the dirty bitmap pages soon. */
void drbd_bm_kick(struct drbd_bitmap *bm)
{
	queue_work(bm->wq, &bm->work);
}

static void bm_free(struct drbd_bitmap *bm)
{
	if (bm->wq)
		destroy_workqueue(bm->wq);
	if (bm->io_page)
		__free_page(bm->io_page);
	if (bm->al_page)
		__free_page(bm->al_page);
	kfree(bm->al_ext);
	kfree(bm->al_inflight);
	kfree(bm->al_used);
	bitmap_free(bm->dirty);
	vfree(bm->words);
	kfree(bm);
}

static struct drbd_bitmap *bm_alloc(u64 nbits, u32 al_slots)
{
	struct drbd_bitmap *bm;

	bm = kzalloc(sizeof(*bm), GFP_KERNEL);
	if (!bm)
		return NULL;
	spin_lock_init(&bm->lock);
	mutex_init(&bm->io_mutex);
	bm->nbits = nbits;
	bm->nwords = DIV_ROUND_UP(nbits, 64);
	bm->npages = DIV_ROUND_UP(bm->nwords, DRBD_BM_WORDS_PER_PAGE);
	bm->words = vzalloc(bm->npages * PAGE_SIZE);
	bm->dirty = bitmap_zalloc(bm->npages, GFP_KERNEL);
	bm->io_page = alloc_page(GFP_KERNEL);
	bm->al_page = alloc_page(GFP_KERNEL);
	bm->al_slots = al_slots;
	bm->al_ext = kcalloc(al_slots, sizeof(*bm->al_ext), GFP_KERNEL);
	bm->al_inflight = kcalloc(al_slots, sizeof(*bm->al_inflight),
				  GFP_KERNEL);
	bm->al_used = kcalloc(al_slots, sizeof(*bm->al_used), GFP_KERNEL);
	bio_list_init(&bm->deferred_bios);
	INIT_WORK(&bm->work, bm_work);
	bm->wq = alloc_ordered_workqueue("drbd_bm", WQ_MEM_RECLAIM);
	if (!bm->words || !bm->dirty || !bm->io_page || !bm->al_page ||
	    !bm->al_ext || !bm->al_inflight || !bm->al_used || !bm->wq) {
		bm_free(bm);
		return NULL;
	}
	drbd_al_init(bm);
	return bm;
}

static int bm_read(struct drbd_backing_dev *ldev, struct drbd_bitmap *bm)
{
	u64 p;
	int err;

	for (p = 0; p < bm->npages; p++) {
		err = bm_page_io(ldev, bm->io_page, p, REQ_OP_READ);
		if (err)
			return err;
		drbd_bm_words_from_le(bm->words + p * DRBD_BM_WORDS_PER_PAGE,
				      page_address(bm->io_page),
				      DRBD_BM_WORDS_PER_PAGE);
	}
	if (bm->nbits % 64)
		bm->words[bm->nwords - 1] &= (1ULL << (bm->nbits % 64)) - 1;
	memset(bm->words + bm->nwords, 0,
	       (bm->npages * DRBD_BM_WORDS_PER_PAGE - bm->nwords) * 8);
	return 0;
}

/*
 * Write the dirty pages (or all) of the bitmap, durably; the flush first
 * makes every write completed before it stable (a cleared bit must never
 * reach the disk before its data).  Caller holds
 * an ldev reference or the cfg mutex with ldev set.
 */
int drbd_bm_write(struct drbd_device *device, bool all)
{
	struct drbd_bitmap *bm = device->bitmap;
	unsigned long flags;
	int err = 0;
	u64 p;

	if (!bm)
		return 0;
	mutex_lock(&bm->io_mutex);
	for (p = 0; p < bm->npages; p++) {
		spin_lock_irqsave(&bm->lock, flags);
		if (!all && !test_bit(p, bm->dirty)) {
			spin_unlock_irqrestore(&bm->lock, flags);
			continue;
		}
		__clear_bit(p, bm->dirty);
		drbd_bm_words_to_le(page_address(bm->io_page),
				    bm->words + p * DRBD_BM_WORDS_PER_PAGE,
				    DRBD_BM_WORDS_PER_PAGE);
		spin_unlock_irqrestore(&bm->lock, flags);
		err = bm_page_io(device->ldev, bm->io_page, p,
				 REQ_OP_WRITE | REQ_SYNC | REQ_META |
				 REQ_PREFLUSH | REQ_FUA);
		if (err) {
			spin_lock_irqsave(&bm->lock, flags);
			__set_bit(p, bm->dirty);
			spin_unlock_irqrestore(&bm->lock, flags);
			drbd_err_ratelimited(device->resource,
					     "writing the bitmap failed (error %d)\n",
					     err);
			break;
		}
		if (device->resource->conn)
			atomic64_inc(&device->resource->conn->bm);
	}
	mutex_unlock(&bm->io_mutex);
	return err;
}

/* Attach, before the device takes I/O: read the bitmap into memory. */
int drbd_bm_attach(struct drbd_device *device, struct drbd_backing_dev *ldev,
		   u32 al_slots)
{
	struct drbd_bitmap *bm;
	u64 nbits = ldev->md.data_bytes >> DRBD_BM_BLOCK_SHIFT;
	int err;

	if ((u64)DIV_ROUND_UP(nbits, 64) * 8 > ldev->md.bm_bytes)
		return -EINVAL;
	bm = bm_alloc(nbits, al_slots);
	if (!bm)
		return -ENOMEM;
	bm->device = device;
	err = bm_read(ldev, bm);
	if (err) {
		bm_free(bm);
		return err;
	}
	if (ldev->md.flags & DRBD_MDF_PRIMARY) {
		drbd_al_recover(device, ldev, bm);
		/* persisted by the next bitmap write (connect or detach) */
	}
	device->bitmap = bm;
	drbd_info(device->resource, "bitmap: %llu of %llu blocks out of sync\n",
		  drbd_bm_weight(bm), nbits);
	drbd_info(device->resource, "activity log: %u extents of 4 MiB (al-extents), at most %u MiB to resync after a crash as Primary\n",
		  al_slots, al_slots * 4);
	return 0;
}

/* Detach, after the last I/O: persist and free. */
void drbd_bm_detach(struct drbd_device *device)
{
	struct drbd_bitmap *bm = device->bitmap;

	if (!bm)
		return;
	flush_workqueue(bm->wq);
	drbd_bm_write(device, false);
	device->bitmap = NULL;
	bm_free(bm);
}
