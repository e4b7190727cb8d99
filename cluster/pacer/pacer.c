// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * pacer.c - the pacer command: a dispatcher over subcommands.
 *
 *   pacer simulate -x CIB.xml [-S] [-s] [-Q] [-u|-d|-f NODE] [-i OP@NODE=RC]
 *   pacer [-f FILE] status | resource ... | constraint ... | cluster ... |
 *         property ... | node ... | stonith ... | config | cib show | verify
 *
 * The offline subcommands (simulate) are handled here; everything else is
 * the pcs grammar of cluster/cli (pacer_cli_main), which also answers when
 * the binary is called as crm_attribute or crm_master.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
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
	fprintf(out, "offline commands:\n");
	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		fprintf(out, "  %-10s %s\n", cmds[i].name, cmds[i].help);
}

static int is_base(const char *argv0, const char *name)
{
	const char *b = strrchr(argv0, '/');

	return !strcmp(b ? b + 1 : argv0, name);
}

int main(int argc, char **argv)
{
	int rc;

	if (is_base(argv[0], "crm_attribute") || is_base(argv[0], "crm_master"))
		return pacer_cli_main(argc, argv);
	if (argc >= 2 && (!strcmp(argv[1], "-h") ||
			  !strcmp(argv[1], "--help") ||
			  !strcmp(argv[1], "help"))) {
		rc = pacer_cli_main(argc, argv);
		usage(stdout);
		return rc;
	}
	for (size_t i = 0; argc >= 2 && i < sizeof(cmds) / sizeof(cmds[0]); i++)
		if (!strcmp(argv[1], cmds[i].name))
			return cmds[i].fn(argc - 1, argv + 1);
	rc = pacer_cli_main(argc, argv);
	if (argc < 2)
		usage(stderr);
	return rc;
}
