/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * cfg_parser.h - parse /etc/drbd.conf and the files it includes.
 *
 * The only I/O is reading the configuration files.  Every error is one
 * line "FILE:LINE: what is wrong" in struct cfg_error.
 */
#ifndef CFG_PARSER_H
#define CFG_PARSER_H

#include "cfg_model.h"

#define CFG_DEFAULT_FILE	"/etc/drbd.conf"
#define CFG_MAX_INCLUDE_DEPTH	10
#define CFG_MAX_FILE_BYTES	(16u << 20)

/* Parse @path.  0 and *ret (free with cfg_free), or -errno and @err. */
int cfg_parse_file(const char *path, struct cfg **ret, struct cfg_error *err);

/*
 * Parse @text as if read from a file named @name; "include" patterns are
 * resolved relative to the directory part of @name.
 */
int cfg_parse_string(const char *name, const char *text, struct cfg **ret,
		     struct cfg_error *err);

#endif /* CFG_PARSER_H */
