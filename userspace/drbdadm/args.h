/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * args.h - drbdadm's command line: [options] COMMAND [options] RESOURCE...
 *
 * Options may stand anywhere, also after "--" as old drbdadm versions
 * wanted them ("drbdadm -- --force primary r0").
 */
#ifndef ARGS_H
#define ARGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct drbdadm_args {
	const char *config;	/* -c FILE; CFG_DEFAULT_FILE when not given */
	bool force;		/* --force */
	bool discard_my_data;	/* --discard-my-data (connect) */
	bool clear_bitmap;	/* --clear-bitmap (new-current-uuid) */
	bool has_start;		/* --start SECTOR (verify) */
	uint64_t start;
	bool help;		/* -h, --help */
	bool version;		/* -V, --version */
	const char *cmd;	/* NULL when none was given */
	char **res;		/* resource names (pointers into argv) */
	size_t n_res;
};

/* 0, or -EINVAL with a one-line message in @err.  Free with args_free. */
int args_parse(int argc, char **argv, struct drbdadm_args *ret, char *err,
	       size_t errlen);
void args_free(struct drbdadm_args *a);

#endif /* ARGS_H */
