// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cli_main.c - global options and the dispatch of the pcs-grammar commands.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

int cli_err(const char *fmt, ...)
{
	va_list ap;

	fputs("Error: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return 1;
}

void cli_warn(const char *fmt, ...)
{
	va_list ap;

	fputs("Warning: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static void usage(FILE *f)
{
	fputs("Usage: pacer [-f FILE] [--force] COMMAND ...\n"
	      "  status\n"
	      "  cluster setup NAME NODE... | start|stop [--all] | destroy |\n"
	      "          cib [FILE] | cib-push FILE\n"
	      "  resource create|delete|update|meta|group add|clone|promotable|"
	      "master|\n"
	      "           move|ban|clear|enable|disable|cleanup|defaults|"
	      "op defaults\n"
	      "  constraint location|colocation add|order|remove\n"
	      "  property set NAME=VALUE...\n"
	      "  node standby|unstandby NODE\n"
	      "  stonith create|list|describe|fence NODE [--off]\n"
	      "  config | cib show | verify\n", f);
}

struct cmd {
	const char *name;
	int (*fn)(struct cli *c, int argc, char **argv);
};

static const struct cmd cmds[] = {
	{ "resource", cli_resource },	{ "constraint", cli_constraint },
	{ "property", cli_property },	{ "node", cli_node },
	{ "stonith", cli_stonith },	{ "cluster", cli_cluster },
	{ "status", cli_status },	{ "config", cli_config },
	{ "verify", cli_verify },	{ "cib", cli_cib_show },
};

/* Pull global options out of argv (pcs accepts them anywhere). */
static int global_opts(struct cli *c, int argc, char **argv, char **out)
{
	int n = 0;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-f") && i + 1 < argc)
			c->file = argv[++i];
		else if (!strncmp(argv[i], "-f", 2) && argv[i][2])
			c->file = argv[i] + 2;
		else if (!strcmp(argv[i], "--force"))
			c->force = true;
		else if (!strcmp(argv[i], "--all"))
			c->all = true;
		else if (!strcmp(argv[i], "--off"))
			c->off = true;
		else if (!strcmp(argv[i], "--wait") ||
			 !strncmp(argv[i], "--wait=", 7))
			c->wait = true;
		else if (!strcmp(argv[i], "--debug"))
			;
		else
			out[n++] = argv[i];
	}
	out[n] = NULL;
	return n;
}

int pacer_cli_main(int argc, char **argv)
{
	struct cli c = { .prog = "pacer" };
	const char *base = strrchr(argv[0], '/');
	char **args;
	int n, rc;

	base = base ? base + 1 : argv[0];
	if (!strcmp(base, "crm_attribute") || !strcmp(base, "crm_master"))
		return cli_crm_attribute(argc, argv, !strcmp(base,
							     "crm_master"));
	args = calloc((size_t)argc + 1, sizeof(*args));
	if (!args)
		return 1;
	n = global_opts(&c, argc, argv, args);
	if (n == 0 || !strcmp(args[0], "--help") || !strcmp(args[0], "help")) {
		usage(n ? stdout : stderr);
		free(args);
		return n ? 0 : 1;
	}
	for (size_t i = 0; i < sizeof(cmds) / sizeof(*cmds); i++) {
		if (!strcmp(args[0], cmds[i].name)) {
			rc = cmds[i].fn(&c, n - 1, args + 1);
			free(args);
			return rc;
		}
	}
	rc = cli_err("unknown command '%s'; see 'pacer --help'", args[0]);
	free(args);
	return rc;
}
