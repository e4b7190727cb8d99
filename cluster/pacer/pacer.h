/* SPDX-License-Identifier: GPL-2.0-or-later */
/* pacer.h - subcommands of the pacer command. */
#ifndef PACER_H
#define PACER_H

/* Each takes argv with argv[0] the subcommand name; returns exit status. */
int pacer_simulate_main(int argc, char **argv);

#endif
