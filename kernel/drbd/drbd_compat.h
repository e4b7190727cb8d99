/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * drbd_compat.h - the kernel APIs that differ between LTS kernels.
 *
 * The module targets Linux 6.1.  Every call whose signature changed in a
 * later LTS kernel goes through a helper here, so that a port to 6.6 or
 * 6.12 touches this file and drbd_dev.c's block-layer setup only.
 *
 * Known differences for a port:
 *  - 6.5: block_device_operations .open/.release take (gendisk, blk_mode_t);
 *    blkdev_get_by_path() takes blk_mode_t and holder ops; FMODE_EXCL is
 *    gone (exclusive when a holder is passed).
 *  - 6.5: struct block_device lost bd_super; a mounted device has
 *    bd_holder_ops == &fs_holder_ops.
 *  - 6.5: kernel_sendpage() is gone (drbd_sock.c): sock_sendmsg() with
 *    MSG_SPLICE_PAGES sends a page without copying it.
 *  - 6.8/6.9: bdev_file_open_by_path(); blk_alloc_disk() takes limits.
 */
#ifndef DRBD_COMPAT_H
#define DRBD_COMPAT_H

#include <linux/version.h>
#include <linux/blkdev.h>
#include <linux/fs.h>

#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 5, 0)
#error "drbd: port drbd_compat.h to this kernel (see the list at its top)"
#endif

/* How /dev/drbdN was opened, as handed to .open and .release. */
typedef fmode_t drbd_open_mode_t;

static inline bool drbd_mode_is_write(drbd_open_mode_t mode)
{
	return mode & FMODE_WRITE;
}

/* Mode in which the lower device is claimed: read-write, exclusive. */
#define DRBD_LOWER_MODE (FMODE_READ | FMODE_WRITE | FMODE_EXCL)

/* Open the lower device exclusively for @holder; ERR_PTR on failure. */
static inline struct block_device *drbd_lower_open(const char *path,
						   void *holder)
{
	return blkdev_get_by_path(path, DRBD_LOWER_MODE, holder);
}

static inline void drbd_lower_close(struct block_device *bdev)
{
	blkdev_put(bdev, DRBD_LOWER_MODE);
}

/* Whether a filesystem is mounted on @bdev. */
static inline bool drbd_bdev_is_mounted(struct block_device *bdev)
{
	return READ_ONCE(bdev->bd_super) != NULL;
}

/* A bio-based gendisk with its own queue; NULL on failure. */
static inline struct gendisk *drbd_alloc_disk(void)
{
	return blk_alloc_disk(NUMA_NO_NODE);
}

#endif /* DRBD_COMPAT_H */
