// SPDX-License-Identifier: GPL-2.0-only
/*
 * drbd_disk.c - attaching and detaching the lower device.
 *
 * Attach validates everything (the device opens exclusively, is big
 * enough, carries valid metadata) before it changes anything; a refused
 * attach writes nothing.
 */
#include <linux/blkdev.h>
#include <linux/gfp.h>
#include <linux/slab.h>

#include "drbd_int.h"
#include "drbd_net.h"

static void free_ldev(struct drbd_backing_dev *ldev)
{
	if (ldev->md_page)
		__free_page(ldev->md_page);
	kfree(ldev);
}

static struct drbd_backing_dev *alloc_ldev(const char *path)
{
	struct drbd_backing_dev *ldev;

	ldev = kzalloc(sizeof(*ldev), GFP_KERNEL);
	if (!ldev)
		return NULL;
	ldev->md_page = alloc_page(GFP_KERNEL);
	if (!ldev->md_page) {
		kfree(ldev);
		return NULL;
	}
	strscpy(ldev->path, path, sizeof(ldev->path));
	return ldev;
}

/* Say why the lower device would not open. */
static int open_error(int err, const char *path, struct drbd_msg *msg)
{
	switch (err) {
	case -ENOENT:
		return drbd_msg_set(msg, err,
				    "lower device %s does not exist; check the 'disk' line of the resource",
				    path);
	case -ENOTBLK:
		return drbd_msg_set(msg, err,
				    "%s is not a block device; 'disk' must name one",
				    path);
	case -EBUSY:
		return drbd_msg_set(msg, err,
				    "lower device %s is in use (mounted, or held by another user such as LVM, md or another drbd resource); unmount or release it first",
				    path);
	case -EACCES:
	case -EROFS:
		return drbd_msg_set(msg, err,
				    "lower device %s is read-only; drbd needs it writable",
				    path);
	case -ENXIO:
	case -ENODEV:
	case -ENOMEDIUM:
		return drbd_msg_set(msg, err,
				    "lower device %s is not present (no driver or medium)",
				    path);
	}
	return drbd_msg_set(msg, err, "cannot open lower device %s (error %d)",
			    path, err);
}

/* Open the lower device exclusively, held by @device. */
static int open_lower(struct drbd_device *device,
		      struct drbd_backing_dev *ldev, struct drbd_msg *msg)
{
	struct block_device *bdev;

	bdev = drbd_lower_open(ldev->path, device);
	if (IS_ERR(bdev))
		return open_error(PTR_ERR(bdev), ldev->path, msg);
	ldev->bdev = bdev;
	ldev->lower_bytes = bdev_nr_bytes(bdev);
	return 0;
}

/* The lower device must hold metadata plus DRBD_MD_MIN_DATA_BYTES. */
static int check_lower(struct drbd_backing_dev *ldev, struct drbd_msg *msg)
{
	struct drbd_md_layout layout;

	if (bdev_logical_block_size(ldev->bdev) > DRBD_MD_BLOCK_SIZE)
		return drbd_msg_set(msg, -EINVAL,
				    "lower device %s has %u-byte blocks; drbd supports at most %u",
				    ldev->path,
				    bdev_logical_block_size(ldev->bdev),
				    DRBD_MD_BLOCK_SIZE);
	if (drbd_md_compute_layout(ldev->lower_bytes, &layout))
		return drbd_msg_set(msg, -ENOSPC,
				    "lower device %s is too small (%llu KiB) for drbd metadata plus %u KiB of data; use a bigger device",
				    ldev->path, ldev->lower_bytes >> 10,
				    DRBD_MD_MIN_DATA_BYTES >> 10);
	return 0;
}

/* Everything checked: switch the device to the new lower device. */
static void apply_attach(struct drbd_device *device,
			 struct drbd_backing_dev *ldev)
{
	struct drbd_resource *resource = device->resource;

	device->ldev = ldev;
	device->disk_state = drbd_dstate_from_md_flags(ldev->md.flags);
	/* ldev must be visible before I/O can see the bit. */
	smp_mb__before_atomic();
	set_bit(DRBD_DEV_LDEV_READY, &device->flags);
	drbd_dev_set_lower(device, ldev->bdev,
			   ldev->md.data_bytes >> SECTOR_SHIFT);

	drbd_info(resource, "attached to %s: %llu KiB usable, disk %s\n",
		  ldev->path, ldev->md.data_bytes >> 10,
		  drbd_dstate_name(device->disk_state));
	if (ldev->md.flags & DRBD_MDF_PRIMARY)
		drbd_warn(resource, "the metadata says this node was Primary and never demoted (crash?)\n");
	drbd_notify(resource, DRBD_EV_CHANGED);
}

int drbd_attach(struct drbd_device *device, const char *path,
		u32 al_slots, struct drbd_msg *msg)
{
	struct drbd_resource *resource = device->resource;
	struct drbd_backing_dev *ldev;
	int err;

	lockdep_assert_held(&drbd_cfg_mutex);
	if (device->ldev)
		return drbd_msg_set(msg, -EBUSY,
				    "already attached to %s; run 'drbdadm detach %s' first",
				    device->ldev->path, resource->name);
	if (resource->role == DRBD_ROLE_PRIMARY)
		return drbd_msg_set(msg, -EBUSY,
				    "resource is Primary without a disk; run 'drbdadm secondary %s' before attaching",
				    resource->name);
	if (path[0] != '/')
		return drbd_msg_set(msg, -EINVAL,
				    "lower device '%s' is not an absolute path; use e.g. /dev/vdb",
				    path);

	ldev = alloc_ldev(path);
	if (!ldev)
		return drbd_msg_set(msg, -ENOMEM,
				    "out of memory attaching %s; try again", path);
	err = open_lower(device, ldev, msg);
	if (err)
		goto out_free;
	err = check_lower(ldev, msg);
	if (err)
		goto out_close;
	err = drbd_md_read_sb(ldev, msg, resource->name);
	if (err)
		goto out_close;
	err = drbd_bm_attach(device, ldev, al_slots);
	if (err) {
		drbd_msg_set(msg, err,
			     "reading the bitmap of %s failed (error %d); check the lower device (dmesg)",
			     path, err);
		goto out_close;
	}
	apply_attach(device, ldev);
	return 0;

out_close:
	drbd_lower_close(ldev->bdev);
out_free:
	drbd_warn(resource, "attach refused: %s\n", msg->text);
	free_ldev(ldev);
	return err;
}

int drbd_detach(struct drbd_device *device, struct drbd_msg *msg)
{
	struct drbd_resource *resource = device->resource;
	struct drbd_backing_dev *ldev = device->ldev;
	char holder[64] = "";
	bool busy;

	lockdep_assert_held(&drbd_cfg_mutex);
	if (!ldev)
		return 0;
	spin_lock(&resource->lock);
	busy = resource->role == DRBD_ROLE_PRIMARY && device->open_count;
	if (busy)
		drbd_dev_holder(device, holder, sizeof(holder));
	spin_unlock(&resource->lock);
	if (busy)
		return drbd_msg_set(msg, -EBUSY,
				    "resource is Primary and /dev/drbd%u is in use (%s); unmount or close it and run 'drbdadm secondary %s' first",
				    device->minor, holder, resource->name);

	/* The connection uses the lower device: end it first. */
	drbd_conn_disconnect(resource);

	/* No new I/O may take ldev; wait for the I/O that has it. */
	clear_bit(DRBD_DEV_LDEV_READY, &device->flags);
	/* Clear before reading local_cnt; drbd_get_ldev does the reverse. */
	smp_mb__after_atomic();
	wait_event(device->misc_wait, !atomic_read(&device->local_cnt));
	drbd_bm_detach(device);

	drbd_dev_clear_lower(device);
	device->ldev = NULL;
	device->disk_state = DRBD_DS_DISKLESS;
	drbd_lower_close(ldev->bdev);
	drbd_info(resource, "detached from %s, Diskless\n", ldev->path);
	free_ldev(ldev);
	drbd_notify(resource, DRBD_EV_CHANGED);
	return 0;
}
