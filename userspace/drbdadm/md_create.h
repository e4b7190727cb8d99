/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * md_create.h - the core of "drbdadm create-md": write fresh internal
 * metadata (zeroed bitmap and activity log, new superblock) at the end
 * of a block device or regular file.  Needs neither root nor the module.
 */
#ifndef MD_CREATE_H
#define MD_CREATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct md_create_opts {
	bool force;		/* overwrite metadata / filesystem found */
	/*
	 * Asked (when not forced) before overwriting what was found; @what
	 * says what.  Return true to go on.  NULL: refuse.
	 */
	bool (*confirm)(const char *what, void *arg);
	void *confirm_arg;
	const char *drbd_device;	/* "/dev/drbd1", for the report; may be NULL */
	uint64_t now;			/* created_at; 0 = time(NULL) */
};

/*
 * Write metadata to @path.  Progress lines go to @out (may be NULL); on
 * failure @err holds one sentence naming @path.  Returns 0, -ENOSPC (too
 * small), -EEXIST (metadata or a filesystem found, not confirmed), -EBUSY
 * (in use), -ECANCELED (the user said no) or another -errno.
 */
int md_create(const char *path, const struct md_create_opts *opts, FILE *out,
	      char *err, size_t errlen);

/* Smallest lower device size, in bytes, that create-md accepts. */
uint64_t md_min_lower_bytes(void);

/*
 * Name of a filesystem or volume signature at the start of a device
 * (@buf holds its first @len bytes), with where it was seen in @detail;
 * NULL when none is recognised.
 */
const char *md_fs_signature(const uint8_t *buf, size_t len, char *detail,
			    size_t detail_len);

/*
 * dump-md: print the superblock of the metadata on @path (read-only) and
 * the number of bits set in its on-disk bitmap.  0, or -errno with @err.
 */
int md_dump(const char *path, FILE *out, char *err, size_t errlen);

/* Size of an open block device or regular file. */
int md_lower_size(int fd, uint64_t *ret);

#endif /* MD_CREATE_H */
