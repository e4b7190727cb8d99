// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * pacer_simulate.c - "pacer simulate": run the scheduler on a CIB file
 * and print what it would do, in the form of crm_simulate.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pacer.h"
#include "../sched/sched_model.h"
#include "../sched/cib_inject.h"

static void sim_usage(FILE *out)
{
	fprintf(out,
		"usage: pacer simulate -x CIB.xml [options]\n"
		"  -x FILE       the CIB to read (configuration and status)\n"
		"  -S            print the transition summary (default)\n"
		"  -s            print allocation scores\n"
		"  -Q            do not print the cluster status\n"
		"  -u NODE       bring NODE online first\n"
		"  -d NODE       take NODE down cleanly first\n"
		"  -f NODE       make NODE fail first\n"
		"  -i OP@NODE=RC record an operation result first,\n"
		"                OP as RSC_TASK_INTERVAL (e.g. rsc_monitor_10000)\n");
}

static void push(const char ***list, int *n, const char *v)
{
	*list = sched_xrealloc(*list, (*n + 1) * sizeof(**list));
	(*list)[(*n)++] = v;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char * const *)a, *(char * const *)b);
}

/* Scores are printed sorted, as the reference files hold them. */
static void print_sorted(char *buf, size_t len)
{
	char **lines = NULL;
	int n = 0;

	for (char *p = buf, *e; p < buf + len && *p; p = e + 1) {
		e = strchr(p, '\n');
		if (!e)
			break;
		*e = 0;
		lines = sched_xrealloc(lines, (n + 1) * sizeof(*lines));
		lines[n++] = p;
	}
	qsort(lines, n, sizeof(*lines), cmp_str);
	for (int i = 0; i < n; i++)
		if (i == 0 || strcmp(lines[i], lines[i - 1]))
			printf("%s\n", lines[i]);
	free(lines);
}

int pacer_simulate_main(int argc, char **argv)
{
	struct cib_injections inj = { 0 };
	struct sched_cluster *cl = NULL;
	const char *file = NULL;
	bool scores = false, quiet = false, debug = false;
	char *sbuf = NULL;
	size_t slen = 0;
	int opt, rc;

	optind = 1;
	while ((opt = getopt(argc, argv, "x:SsQLDu:d:f:i:h")) != -1) {
		switch (opt) {
		case 'x':
			file = optarg;
			break;
		case 'S':
		case 'L':
			break;
		case 's':
			scores = true;
			break;
		case 'Q':
			quiet = true;
			break;
		case 'D':
			debug = true;
			break;
		case 'u':
			push(&inj.up, &inj.nup, optarg);
			break;
		case 'd':
			push(&inj.down, &inj.ndown, optarg);
			break;
		case 'f':
			push(&inj.fail, &inj.nfail, optarg);
			break;
		case 'i':
			push(&inj.ops, &inj.nops, optarg);
			break;
		case 'h':
			sim_usage(stdout);
			return 0;
		default:
			sim_usage(stderr);
			return 2;
		}
	}
	if (!file) {
		fprintf(stderr, "pacer simulate: -x CIB.xml is required\n");
		sim_usage(stderr);
		return 2;
	}
	rc = cib_load_file_inject(file, &inj, &cl);
	free(inj.up);
	free(inj.down);
	free(inj.fail);
	free(inj.ops);
	if (rc) {
		fprintf(stderr, "pacer simulate: %s: %s\n", file,
			cib_last_error());
		return 1;
	}
	if (!quiet)
		sched_print_status(cl, stdout);
	if (scores)
		cl->scores_out = open_memstream(&sbuf, &slen);
	sched_run(cl);
	if (scores) {
		fclose(cl->scores_out);
		cl->scores_out = NULL;
		print_sorted(sbuf, slen);
		free(sbuf);
		printf("\n");
	}
	sched_print_summary(cl, stdout);
	if (debug)
		sched_print_actions(cl, stdout);
	sched_cluster_free(cl);
	return 0;
}
