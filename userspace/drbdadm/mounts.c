// SPDX-License-Identifier: GPL-2.0-only
/*
 * mounts.c - find where a drbd device is mounted.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include "drbd_genl_api.h"
#include "mounts.h"

/* /proc/mounts escapes space, tab, newline and backslash as \ooo. */
static void unescape(char *s)
{
	char *out = s;

	while (*s) {
		if (s[0] == '\\' && s[1] >= '0' && s[1] <= '7' && s[2] >= '0' &&
		    s[2] <= '7' && s[3] >= '0' && s[3] <= '7') {
			*out++ = (char)((s[1] - '0') * 64 + (s[2] - '0') * 8 + (s[3] - '0'));
			s += 4;
		} else {
			*out++ = *s++;
		}
	}
	*out = 0;
}

static int same_device(const char *src, const char *device, int minor)
{
	struct stat st;

	if (strcmp(src, device) == 0)
		return 1;
	if (src[0] != '/' || stat(src, &st) < 0 || !S_ISBLK(st.st_mode))
		return 0;
	return major(st.st_rdev) == DRBD_MAJOR && (int)minor(st.st_rdev) == minor;
}

int mounts_find(const char *mounts_path, const char *device, int minor,
		char *ret_dir, size_t len)
{
	FILE *f = fopen(mounts_path, "re");
	char *line = NULL;
	size_t cap = 0;
	int found = 0;

	if (!f)
		return -errno;
	while (!found && getline(&line, &cap, f) > 0) {
		char *save = NULL;
		char *src = strtok_r(line, " \t\n", &save);
		char *dir = strtok_r(NULL, " \t\n", &save);

		if (!src || !dir)
			continue;
		unescape(src);
		if (!same_device(src, device, minor))
			continue;
		unescape(dir);
		snprintf(ret_dir, len, "%s", dir);
		found = 1;
	}
	free(line);
	fclose(f);
	return found;
}
