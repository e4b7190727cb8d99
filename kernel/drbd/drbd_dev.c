// SPDX-License-Identifier: GPL-2.0-only
/*
 * drbd_dev.c - /dev/drbdN: the gendisk, open and release, and the I/O
 * path that hands every bio to the lower device.
 */
#include <linux/module.h>
#include <linux/sched.h>

#include "drbd_int.h"
#include "drbd_net.h"

/* ---- references on the lower device ---------------------------------- */

/*
 * Take a reference on device->ldev for one I/O; false when Diskless.
 * Pairs with detach: it clears LDEV_READY, then waits for local_cnt 0.
 */
bool drbd_get_ldev(struct drbd_device *device)
{
	atomic_inc(&device->local_cnt);
	/* Order the increment before the test; detach orders the reverse. */
	smp_mb__after_atomic();
	if (test_bit(DRBD_DEV_LDEV_READY, &device->flags))
		return true;
	drbd_put_ldev(device);
	return false;
}

void drbd_put_ldev(struct drbd_device *device)
{
	if (atomic_dec_and_test(&device->local_cnt))
		wake_up(&device->misc_wait);
}

/* ---- the I/O path ------------------------------------------------------ */

/* The last leg is done: complete the application bio. */
void drbd_req_put(struct drbd_request *req)
{
	struct drbd_device *device = req->device;
	struct bio *master = req->master_bio;

	if (!atomic_dec_and_test(&req->pending))
		return;
	drbd_net_req_done(req);
	master->bi_status = req->status;
	bio_end_io_acct(master, req->start_time);
	atomic_dec(&device->stats.ap);
	bio_endio(master);
	bio_put(&req->private_bio);
}

/* Completion of the local leg (the clone sent to the lower device). */
static void drbd_local_endio(struct bio *clone)
{
	struct drbd_request *req = clone->bi_private;
	struct drbd_device *device = req->device;

	if (clone->bi_status) {
		drbd_err_ratelimited(device->resource,
				     "lower device I/O error %d (%s at sector %llu)\n",
				     blk_status_to_errno(clone->bi_status),
				     op_is_write(bio_op(clone)) ? "write" : "read",
				     (unsigned long long)req->master_bio->bi_iter.bi_sector);
		req->status = clone->bi_status;
	}
	atomic_dec(&device->stats.lo);
	drbd_put_ldev(device);
	drbd_req_put(req);
}

/* Whether @bio may go to the lower device now.  Caller holds an ldev ref. */
static blk_status_t drbd_check_bio(struct drbd_device *device, struct bio *bio)
{
	sector_t data_sectors = device->ldev->md.data_bytes >> SECTOR_SHIFT;

	if (bio_end_sector(bio) > data_sectors) {
		drbd_err_ratelimited(device->resource,
				     "I/O beyond the end of the device (sector %llu + %u > %llu)\n",
				     (unsigned long long)bio->bi_iter.bi_sector,
				     bio_sectors(bio),
				     (unsigned long long)data_sectors);
		return BLK_STS_IOERR;
	}
	/* Empty flushes are fine: a reader may fsync(). */
	if (op_is_write(bio_op(bio)) && bio_sectors(bio) &&
	    READ_ONCE(device->resource->role) != DRBD_ROLE_PRIMARY) {
		drbd_err_ratelimited(device->resource,
				     "write refused: the resource is not Primary\n");
		return BLK_STS_IOERR;
	}
	return BLK_STS_OK;
}

/*
 * Wrap @bio in a request whose local leg is a clone aimed at the lower
 * device.  The clone keeps the bio's sector (data starts at offset 0)
 * and its REQ_PREFLUSH/REQ_FUA flags.
 */
static struct drbd_request *drbd_req_start(struct drbd_device *device,
					   struct bio *bio)
{
	struct drbd_request *req;
	struct bio *clone;

	clone = bio_alloc_clone(device->ldev->bdev, bio, GFP_NOIO,
				&device->bio_set);
	if (!clone)
		return NULL;
	req = container_of(clone, struct drbd_request, private_bio);
	req->device = device;
	req->master_bio = bio;
	req->status = BLK_STS_OK;
	req->peer = NULL;
	atomic_set(&req->pending, 1);	/* the local leg */
	req->start_time = bio_start_io_acct(bio);
	atomic_inc(&device->stats.ap);
	clone->bi_end_io = drbd_local_endio;
	clone->bi_private = req;
	return req;
}

/* Count the bio for /proc/drbd (dw/dr) before it goes down. */
static void drbd_account(struct drbd_device *device, struct bio *bio)
{
	if (bio_op(bio) == REQ_OP_READ)
		atomic64_add(bio_sectors(bio), &device->stats.dr_sectors);
	else if (op_is_write(bio_op(bio)))
		atomic64_add(bio_sectors(bio), &device->stats.dw_sectors);
}

static void drbd_submit_bio(struct bio *bio)
{
	struct drbd_device *device = bio->bi_bdev->bd_disk->private_data;
	struct drbd_request *req;
	blk_status_t status;

	/* A write must fit in one replication packet (queue limits). */
	bio = bio_split_to_limits(bio);
	if (!bio)
		return;
	/* frozen by resource-and-stonith fencing until the handler answers */
	wait_event(device->resource->susp_wait,
		   !READ_ONCE(device->resource->susp));
	if (!drbd_get_ldev(device)) {
		drbd_err_ratelimited(device->resource,
				     "I/O refused: no lower device attached\n");
		bio_io_error(bio);
		return;
	}
	status = drbd_check_bio(device, bio);
	if (status)
		goto out_put_ldev;
	req = drbd_req_start(device, bio);
	if (!req) {
		status = BLK_STS_RESOURCE;
		goto out_put_ldev;
	}
	drbd_account(device, bio);
	atomic_inc(&device->stats.lo);
	/* The peer leg (or the bitmap mark) before the local submit. */
	if (op_is_write(bio_op(bio)) &&
	    READ_ONCE(device->resource->role) == DRBD_ROLE_PRIMARY &&
	    drbd_net_write(device, req))
		return;	/* submitted once its bitmap bits are on disk */
	submit_bio_noacct(&req->private_bio);
	return;

out_put_ldev:
	drbd_put_ldev(device);
	bio->bi_status = status;
	bio_endio(bio);
}

/* ---- open and release -------------------------------------------------- */

/*
 * Describe who holds /dev/drbdN: "mounted", "pid N (comm)" of the writer,
 * or "pid N (comm), read-only"; "" when nobody.  Caller holds
 * resource->lock.
 */
void drbd_dev_holder(struct drbd_device *device, char *buf, size_t len)
{
	lockdep_assert_held(&device->resource->lock);
	if (drbd_bdev_is_mounted(device->disk->part0))
		snprintf(buf, len, "mounted");
	else if (device->writers)
		snprintf(buf, len, "pid %d (%s)", device->writer.pid,
			 device->writer.comm);
	else if (device->open_count)
		snprintf(buf, len, "pid %d (%s), read-only",
			 device->last_opener.pid, device->last_opener.comm);
	else if (len)
		buf[0] = '\0';
}

static void drbd_opener_current(struct drbd_opener *who)
{
	who->pid = task_tgid_nr(current);
	get_task_comm(who->comm, current);
}

/* Secondary refuses write opens, and only one writer at a time. */
static int drbd_open(struct block_device *bdev, drbd_open_mode_t mode)
{
	struct drbd_device *device = bdev->bd_disk->private_data;
	struct drbd_resource *resource = device->resource;
	bool for_write = drbd_mode_is_write(mode);
	struct drbd_opener who;
	int err;

	drbd_opener_current(&who);
	spin_lock(&resource->lock);
	if (test_bit(DRBD_DEV_GOING_AWAY, &device->flags))
		err = -ENXIO;
	else
		err = drbd_may_open(resource->role, for_write, device->writers);
	if (!err) {
		device->open_count++;
		device->last_opener = who;
		if (for_write) {
			device->writers++;
			device->writer = who;
		}
	}
	spin_unlock(&resource->lock);

	if (err == -EROFS)
		pr_info_ratelimited("drbd %s: write open by pid %d (%s) refused: Secondary\n",
				    resource->name, who.pid, who.comm);
	else if (err == -EBUSY)
		pr_info_ratelimited("drbd %s: write open by pid %d (%s) refused: already open for writing\n",
				    resource->name, who.pid, who.comm);
	return err;
}

static void drbd_release(struct gendisk *disk, drbd_open_mode_t mode)
{
	struct drbd_device *device = disk->private_data;
	struct drbd_resource *resource = device->resource;

	spin_lock(&resource->lock);
	if (!WARN_ON_ONCE(!device->open_count))
		device->open_count--;
	if (drbd_mode_is_write(mode) && !WARN_ON_ONCE(!device->writers))
		device->writers--;
	spin_unlock(&resource->lock);
}

/*
 * For deletion: if nobody holds the device, refuse all further opens and
 * return true; otherwise describe the holder in @holder.
 */
bool drbd_dev_block_opens(struct drbd_device *device, char *holder,
			  size_t len)
{
	struct drbd_resource *resource = device->resource;
	bool idle;

	spin_lock(&resource->lock);
	idle = !device->open_count;
	if (idle)
		set_bit(DRBD_DEV_GOING_AWAY, &device->flags);
	else
		drbd_dev_holder(device, holder, len);
	spin_unlock(&resource->lock);
	return idle;
}

static const struct block_device_operations drbd_fops = {
	.owner		= THIS_MODULE,
	.submit_bio	= drbd_submit_bio,
	.open		= drbd_open,
	.release	= drbd_release,
};

/* ---- block-layer setup: every queue and gendisk call is here --------- */

/* Create /dev/drbdN: bio-based, no partitions, capacity 0 until attach. */
int drbd_dev_create(struct drbd_device *device)
{
	struct gendisk *disk;
	int err;

	err = bioset_init(&device->bio_set, BIO_POOL_SIZE,
			  offsetof(struct drbd_request, private_bio), 0);
	if (err)
		return err;
	disk = drbd_alloc_disk();
	if (!disk) {
		err = -ENOMEM;
		goto out_bioset;
	}
	disk->major = DRBD_MAJOR;
	disk->first_minor = device->minor;
	disk->minors = 1;
	disk->fops = &drbd_fops;
	disk->private_data = device;
	disk->flags |= GENHD_FL_NO_PART;
	snprintf(disk->disk_name, DISK_NAME_LEN, "drbd%u", device->minor);
	set_capacity(disk, 0);
	blk_queue_write_cache(disk->queue, true, true);
	blk_queue_flag_set(QUEUE_FLAG_IO_STAT, disk->queue);
	device->disk = disk;

	err = add_disk(disk);
	if (err)
		goto out_put_disk;
	return 0;

out_put_disk:
	put_disk(disk);
	device->disk = NULL;
out_bioset:
	bioset_exit(&device->bio_set);
	return err;
}

/* Remove /dev/drbdN; nobody may have it open (drbd_dev_block_opens). */
void drbd_dev_destroy(struct drbd_device *device)
{
	del_gendisk(device->disk);
	put_disk(device->disk);
	device->disk = NULL;
	bioset_exit(&device->bio_set);
}

/* Take the lower device's queue limits and expose @sectors of data. */
void drbd_dev_set_lower(struct drbd_device *device, struct block_device *bdev,
			sector_t sectors)
{
	struct request_queue *q = device->disk->queue;

	blk_set_stacking_limits(&q->limits);
	disk_stack_limits(device->disk, bdev, 0);
	/* One request must fit in one replication packet. */
	blk_queue_max_hw_sectors(q, DRBD_WIRE_MAX_DATA >> SECTOR_SHIFT);
	blk_queue_max_discard_sectors(q, min(q->limits.max_discard_sectors,
					     DRBD_WIRE_MAX_DATA >> SECTOR_SHIFT));
	blk_queue_max_write_zeroes_sectors(q, min(q->limits.max_write_zeroes_sectors,
						  DRBD_WIRE_MAX_DATA >> SECTOR_SHIFT));
	/* Claim a volatile cache with FUA: flags pass through to the lower. */
	blk_queue_write_cache(q, true, true);
	if (bdev_nonrot(bdev))
		blk_queue_flag_set(QUEUE_FLAG_NONROT, q);
	else
		blk_queue_flag_clear(QUEUE_FLAG_NONROT, q);
	set_capacity_and_notify(device->disk, sectors);
}

/* Diskless again: nothing to read or write. */
void drbd_dev_clear_lower(struct drbd_device *device)
{
	set_capacity_and_notify(device->disk, 0);
}
