// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * sched.c - the scheduler pipeline: score, assign, create actions, order,
 * settle.  The model read by cib_load_* comes in; the transition is left
 * in it for sched_print_* to show.
 */
#include "sched_model.h"

int sched_run(struct sched_cluster *cl)
{
	sched_score(cl);
	sched_assign(cl);
	sched_create_actions(cl);
	sched_order_constraints(cl);
	sched_propagate(cl);
	return 0;
}
