/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * pacerd_sched.h - the coordinator's narrow interface to the scheduler:
 * a CIB in, the actions that can run now out (those whose predecessors in
 * the transition are done).  Implemented over cluster/sched (sched_run).
 */
#ifndef PACERD_SCHED_H
#define PACERD_SCHED_H

#include <libxml/tree.h>

struct pd_action {
	char op[16];		/* start stop promote demote fence */
	char rsc[128];		/* primitive id (lrm_resource id) */
	char instance[160];	/* instance id, e.g. "d:0" */
	char node[128];		/* node uname */
	char reason[160];
	char clone[128];	/* the clone, when it has notify=true */
};

/* The active instances of clone clone_id in cib: op holds the role
 * ("Promoted" or "Started"), rsc, instance and node as above. */
int pacerd_clone_active(xmlDoc *cib, const char *clone_id,
			struct pd_action **ret, int *ret_n);

/* *ret_n ready actions in *ret (malloc'd); *ret_total counts every
 * required action of the transition, ready or not. */
int pacerd_schedule(xmlDoc *cib, struct pd_action **ret, int *ret_n,
		    int *ret_total);

void pd_exec_tick(struct pacerd *pd);
int pd_exec_busy(void);
void pd_exec_deliver(struct pacerd *pd, const char *payload);
void pd_exec_stop_all(struct pacerd *pd, bool report);
/* The timeout of rsc's non-recurring op as configured (default 20 s). */
long pd_exec_timeout_ms(struct pacerd *pd, const char *rsc, const char *op);
void pd_dc_schedule(struct pacerd *pd);

#endif
