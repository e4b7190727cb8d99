// SPDX-License-Identifier: GPL-2.0-or-later
/* cli_entry.c - pacer-cli: the pacer commands as a binary of their own. */
#include "cli.h"

int main(int argc, char **argv)
{
	return pacer_cli_main(argc, argv);
}
