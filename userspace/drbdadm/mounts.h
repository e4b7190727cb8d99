/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * mounts.h - is /dev/drbdN mounted?  Reads a mounts table
 * (/proc/mounts) so drbdadm can name the mount point before demoting.
 */
#ifndef MOUNTS_H
#define MOUNTS_H

#include <stddef.h>

#define MOUNTS_FILE "/proc/mounts"

/*
 * Look for @device (or any device node with major 147, minor @minor) in
 * the table at @mounts_path.  1 and the mount point in @ret_dir, 0 when
 * not mounted, -errno when the table cannot be read.
 */
int mounts_find(const char *mounts_path, const char *device, int minor,
		char *ret_dir, size_t len);

#endif /* MOUNTS_H */
