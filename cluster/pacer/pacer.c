// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * pacer.c - the pacer command: a dispatcher over subcommands.
 *
 *   pacer simulate -x CIB.xml [-S] [-s] [-Q] [-u|-d|-f NODE] [-i OP@NODE=RC]
 */
#include <stdio.h>
#include <string.h>

#include "pacer.h"

static const struct pacer_cmd {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *help;
} cmds[] = {
	{ "simulate", pacer_simulate_main,
	  "compute the transition for a CIB offline (like crm_simulate)" },
};

static void usage(FILE *out)
{
	fprintf(out, "usage: pacer COMMAND [ARGS]\n\ncommands:\n");
	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		fprintf(out, "  %-10s %s\n", cmds[i].name, cmds[i].help);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") ||
	    !strcmp(argv[1], "help")) {
		usage(stdout);
		return 0;
	}
	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		if (!strcmp(argv[1], cmds[i].name))
			return cmds[i].fn(argc - 1, argv + 1);
	fprintf(stderr, "pacer: unknown command '%s' (try 'pacer help')\n",
		argv[1]);
	return 2;
}
