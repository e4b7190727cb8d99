/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * cfg_dump.h - print a parsed configuration back in canonical form
 * (what "drbdadm dump" shows).  The output parses to the same model.
 */
#ifndef CFG_DUMP_H
#define CFG_DUMP_H

#include <stdio.h>

#include "cfg_model.h"

/*
 * Print @cfg to @out: global, common, then the resources (all of them when
 * @n_only is 0, else those named in @only) with common options merged in
 * and resource-level device/disk/address/meta-disk resolved per host.
 * @top_file names the config in the header comment.
 */
void cfg_dump(const struct cfg *cfg, const char *top_file,
	      struct cfg_resource *const *only, size_t n_only, FILE *out);

#endif /* CFG_DUMP_H */
