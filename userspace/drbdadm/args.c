// SPDX-License-Identifier: GPL-2.0-only
/*
 * args.c - parse drbdadm's command line.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "cfg_parser.h"

static int push_res(struct drbdadm_args *a, char *name)
{
	char **r = realloc(a->res, (a->n_res + 1) * sizeof(*r));

	if (!r)
		return -ENOMEM;
	r[a->n_res++] = name;
	a->res = r;
	return 0;
}

/* One option at argv[*i]; may consume the next argument. */
static int parse_opt(int argc, char **argv, int *i, struct drbdadm_args *a,
		     char *err, size_t errlen)
{
	const char *o = argv[*i];

	if (strcmp(o, "--force") == 0) {
		a->force = true;
	} else if (strcmp(o, "--discard-my-data") == 0) {
		a->discard_my_data = true;
	} else if (strcmp(o, "--clear-bitmap") == 0) {
		a->clear_bitmap = true;
	} else if (strcmp(o, "--start") == 0 || strncmp(o, "--start=", 8) == 0) {
		const char *v = o[7] == '=' ? o + 8 : NULL;
		char *end;

		if (!v && *i + 1 < argc)
			v = argv[++*i];
		if (!v || !*v || *v == '-') {
			snprintf(err, errlen, "option '--start' needs a sector number");
			return -EINVAL;
		}
		errno = 0;
		a->start = strtoull(v, &end, 10);
		if (errno || *end) {
			snprintf(err, errlen, "--start '%s' is not a sector number", v);
			return -EINVAL;
		}
		a->has_start = true;
	} else if (strcmp(o, "-h") == 0 || strcmp(o, "--help") == 0) {
		a->help = true;
	} else if (strcmp(o, "-V") == 0 || strcmp(o, "--version") == 0) {
		a->version = true;
	} else if (strcmp(o, "-c") == 0 || strcmp(o, "--config-file") == 0) {
		if (*i + 1 >= argc) {
			snprintf(err, errlen, "option '%s' needs a file name", o);
			return -EINVAL;
		}
		a->config = argv[++*i];
	} else if (strncmp(o, "--config-file=", 14) == 0) {
		a->config = o + 14;
	} else if (strncmp(o, "-c", 2) == 0) {
		a->config = o + 2;
	} else {
		snprintf(err, errlen, "unknown option '%s'; see 'drbdadm --help'", o);
		return -EINVAL;
	}
	if (!*a->config) {
		snprintf(err, errlen, "option '%s' needs a file name", o);
		return -EINVAL;
	}
	return 0;
}

int args_parse(int argc, char **argv, struct drbdadm_args *a, char *err,
	       size_t errlen)
{
	int i, rc = 0;

	memset(a, 0, sizeof(*a));
	a->config = CFG_DEFAULT_FILE;
	for (i = 1; i < argc && !rc; i++) {
		const char *s = argv[i];

		if (strcmp(s, "--") == 0)
			continue;
		if (s[0] == '-' && s[1])
			rc = parse_opt(argc, argv, &i, a, err, errlen);
		else if (!a->cmd)
			a->cmd = s;
		else
			rc = push_res(a, argv[i]);
	}
	if (rc == -ENOMEM)
		snprintf(err, errlen, "out of memory");
	if (rc)
		args_free(a);
	return rc;
}

void args_free(struct drbdadm_args *a)
{
	free(a->res);
	a->res = NULL;
	a->n_res = 0;
}
