// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * sched_actions.c - turn the difference between where resources run and
 * where they were placed into actions: stop, start, demote, promote on
 * nodes, and the pseudo actions of groups and clones (start, running,
 * stop, stopped, promote, promoted, demote, demoted).  Whether an action
 * is required or optional, runnable or blocked is settled later by the
 * orderings (sched_order.c).
 */
#include <stdlib.h>
#include <string.h>

#include "sched_model.h"

static const char *const task_names[TASK_NR] = {
	[TASK_START] = "start",
	[TASK_STOP] = "stop",
	[TASK_PROMOTE] = "promote",
	[TASK_DEMOTE] = "demote",
	[TASK_RUNNING] = "running",
	[TASK_STOPPED] = "stopped",
	[TASK_PROMOTED] = "promoted",
	[TASK_DEMOTED] = "demoted",
	[TASK_MONITOR] = "monitor",
	[TASK_FENCE] = "stonith",
};

const char *sched_task_name(enum sched_task t)
{
	return t < TASK_NR ? task_names[t] : "unknown";
}

struct sched_action *sched_new_action(struct sched_cluster *cl,
				      struct sched_rsc *r,
				      enum sched_task task,
				      struct sched_node *node, bool optional)
{
	struct sched_action *a = sched_xrealloc(NULL, sizeof(*a));

	memset(a, 0, sizeof(*a));
	a->id = cl->nactions;
	a->task = task;
	a->rsc = r;
	a->node = node;
	a->flags = optional ? ACT_OPTIONAL : 0;
	if (r && r->kind != KIND_PRIMITIVE)
		a->flags |= ACT_PSEUDO | ACT_RUNNABLE;
	else if (node && (sched_node_can_run(node) ||
			  (task == TASK_STOP && node->online) ||
			  (task == TASK_DEMOTE && node->online)))
		a->flags |= ACT_RUNNABLE;
	else if (node && node->unclean && cl->have_fencing &&
		 (task == TASK_STOP || task == TASK_DEMOTE))
		a->flags |= ACT_RUNNABLE | ACT_PSEUDO;
	cl->actions = sched_xrealloc(cl->actions,
				     (cl->nactions + 1) * sizeof(a));
	cl->actions[cl->nactions++] = a;
	if (r) {
		r->actions = sched_xrealloc(r->actions,
					    (r->nactions + 1) * sizeof(a));
		r->actions[r->nactions++] = a;
	}
	return a;
}

/* First action of r with this task (on node, when node is given). */
struct sched_action *sched_find_action(struct sched_rsc *r,
				       enum sched_task task,
				       struct sched_node *node)
{
	for (int i = 0; i < r->nactions; i++) {
		struct sched_action *a = r->actions[i];

		if (a->task == task && (!node || a->node == node))
			return a;
	}
	return NULL;
}

static bool needs_stop(const struct sched_rsc *r)
{
	if (!r->nrunning)
		return false;
	if (r->nrunning > 1 || r->failed || !r->next ||
	    r->next != r->running_on[0])
		return true;
	return r->next_role == ROLE_STOPPED;
}

static void primitive_actions(struct sched_cluster *cl, struct sched_rsc *r)
{
	bool stop = needs_stop(r);
	bool blocked = (r->stop_failed && !cl->stonith_enabled) ||
		       sched_rsc_on_unfenceable(cl, r);
	bool frozen = blocked || !r->managed;
	struct sched_action *a;

	if (r->next_role == ROLE_UNKNOWN)
		r->next_role = r->next ? ROLE_STARTED : ROLE_STOPPED;
	if (r->role == ROLE_PROMOTED)
		for (int i = 0; i < r->nrunning; i++)
			sched_new_action(cl, r, TASK_DEMOTE, r->running_on[i],
					 !(stop || r->next_role !=
					   ROLE_PROMOTED) || frozen);
	for (int i = 0; i < r->nrunning; i++) {
		a = sched_new_action(cl, r, TASK_STOP, r->running_on[i],
				     !stop || frozen);
		if (!r->next)
			sched_set_reason(a, "node availability", false);
		if (blocked)
			a->flags &= ~ACT_RUNNABLE;
	}
	a = sched_new_action(cl, r, TASK_START, r->next,
			     !r->next || (!stop && r->nrunning) || frozen);
	if (!r->next || blocked)
		a->flags &= ~ACT_RUNNABLE;
	if (r->next_role == ROLE_PROMOTED) {
		bool opt = r->role == ROLE_PROMOTED && !stop;

		a = sched_new_action(cl, r, TASK_PROMOTE, r->next,
				     opt || frozen);
		if (blocked)
			a->flags &= ~ACT_RUNNABLE;
	}
}

static void collective_actions(struct sched_cluster *cl, struct sched_rsc *r)
{
	bool promotable = r->promotable ||
			  (r->parent && r->parent->promotable);

	sched_new_action(cl, r, TASK_STOP, NULL, true);
	sched_new_action(cl, r, TASK_STOPPED, NULL, true);
	sched_new_action(cl, r, TASK_START, NULL, true);
	sched_new_action(cl, r, TASK_RUNNING, NULL, true);
	if (promotable) {
		sched_new_action(cl, r, TASK_DEMOTE, NULL, true);
		sched_new_action(cl, r, TASK_DEMOTED, NULL, true);
		sched_new_action(cl, r, TASK_PROMOTE, NULL, true);
		sched_new_action(cl, r, TASK_PROMOTED, NULL, true);
	}
}

static void rsc_actions(struct sched_cluster *cl, struct sched_rsc *r)
{
	for (int i = 0; i < r->nchildren; i++)
		rsc_actions(cl, r->children[i]);
	if (r->kind == KIND_PRIMITIVE)
		primitive_actions(cl, r);
	else
		collective_actions(cl, r);
}

void sched_create_actions(struct sched_cluster *cl)
{
	for (int i = 0; i < cl->nresources; i++)
		rsc_actions(cl, cl->resources[i]);
}
