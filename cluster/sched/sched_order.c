// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * sched_order.c - orderings between actions and what they imply.
 *
 * Orderings come from each resource (stop before start, demote before
 * stop, start before promote), from groups and clones (members between
 * their pseudo actions, group members one after the other) and from
 * order constraints.  sched_propagate then settles, until nothing
 * changes, which optional actions become required and which runnable
 * actions become blocked, recording the first reason for each change.
 */
#include <stdlib.h>
#include <string.h>

#include "sched_model.h"

void sched_set_reason(struct sched_action *a, const char *reason, bool force)
{
	if (a->reason && !force)
		return;
	free(a->reason);
	a->reason = sched_xstrdup(reason);
}

void sched_add_order(struct sched_cluster *cl, struct sched_action *first,
		     struct sched_action *then, unsigned flags)
{
	struct sched_order *o;

	if (!first || !then || first == then)
		return;
	o = sched_xrealloc(NULL, sizeof(*o));
	o->first = first;
	o->then = then;
	o->flags = flags;
	cl->orderings = sched_xrealloc(cl->orderings,
				       (cl->norderings + 1) * sizeof(o));
	cl->orderings[cl->norderings++] = o;
	first->before = sched_xrealloc(first->before,
				       (first->nbefore + 1) * sizeof(o));
	first->before[first->nbefore++] = o;
	then->after = sched_xrealloc(then->after,
				     (then->nafter + 1) * sizeof(o));
	then->after[then->nafter++] = o;
}

/* Actions of r with task; a missing primitive action is created blocked. */
static int rsc_actions_of(struct sched_cluster *cl, struct sched_rsc *r,
			  enum sched_task task, struct sched_action **out,
			  int max)
{
	int n = 0;

	for (int i = 0; i < r->nactions && n < max; i++)
		if (r->actions[i]->task == task)
			out[n++] = r->actions[i];
	if (n == 0 && max > 0) {
		out[0] = sched_new_action(cl, r, task, NULL, true);
		out[0]->flags &= ~ACT_RUNNABLE;
		n = 1;
	}
	return n;
}

/* Order every action of (r1, t1) before every action of (r2, t2). */
static void order_rsc(struct sched_cluster *cl, struct sched_rsc *r1,
		      enum sched_task t1, struct sched_rsc *r2,
		      enum sched_task t2, unsigned flags)
{
	struct sched_action *a[16], *b[16];
	int na = rsc_actions_of(cl, r1, t1, a, 16);
	int nb = rsc_actions_of(cl, r2, t2, b, 16);

	for (int i = 0; i < na; i++)
		for (int j = 0; j < nb; j++)
			sched_add_order(cl, a[i], b[j], flags);
}

static bool has_task(struct sched_rsc *r, enum sched_task t)
{
	return sched_find_action(r, t, NULL) != NULL;
}

static void primitive_orders(struct sched_cluster *cl, struct sched_rsc *r)
{
	order_rsc(cl, r, TASK_STOP, r, TASK_START,
		  ORD_IMPLIES_THEN | ORD_RESTART | ORD_BLOCKS_THEN);
	if (has_task(r, TASK_DEMOTE))
		order_rsc(cl, r, TASK_DEMOTE, r, TASK_STOP, ORD_IMPLIES_FIRST);
	if (has_task(r, TASK_PROMOTE))
		order_rsc(cl, r, TASK_START, r, TASK_PROMOTE,
			  ORD_IMPLIES_THEN | ORD_RUNNABLE_LEFT);
}

static void group_orders(struct sched_cluster *cl, struct sched_rsc *g)
{
	order_rsc(cl, g, TASK_STOP, g, TASK_STOPPED, ORD_RUNNABLE_LEFT);
	order_rsc(cl, g, TASK_START, g, TASK_RUNNING, ORD_RUNNABLE_LEFT);
	for (int i = 0; i < g->nchildren; i++) {
		struct sched_rsc *c = g->children[i];

		order_rsc(cl, g, TASK_STOP, c, TASK_STOP, ORD_IMPLIES_THEN);
		order_rsc(cl, c, TASK_STOP, g, TASK_STOPPED, ORD_IMPLIES_THEN);
		order_rsc(cl, c, TASK_START, g, TASK_RUNNING,
			  ORD_IMPLIES_THEN | ORD_RUNNABLE_LEFT);
		if (i == 0) {
			order_rsc(cl, g, TASK_START, c, TASK_START,
				  ORD_IMPLIES_THEN | ORD_RUNNABLE_LEFT);
			continue;
		}
		order_rsc(cl, g->children[i - 1], TASK_START, c, TASK_START,
			  ORD_IMPLIES_THEN | ORD_RUNNABLE_LEFT);
		order_rsc(cl, c, TASK_STOP, g->children[i - 1], TASK_STOP,
			  ORD_RESTART | ORD_BLOCKS_THEN);
	}
}

static void clone_orders(struct sched_cluster *cl, struct sched_rsc *k)
{
	order_rsc(cl, k, TASK_STOP, k, TASK_STOPPED, ORD_RUNNABLE_LEFT);
	order_rsc(cl, k, TASK_START, k, TASK_RUNNING, ORD_RUNNABLE_LEFT);
	order_rsc(cl, k, TASK_STOPPED, k, TASK_START, ORD_OPTIONAL);
	for (int i = 0; i < k->nchildren; i++) {
		struct sched_rsc *c = k->children[i];

		order_rsc(cl, k, TASK_STOP, c, TASK_STOP, ORD_IMPLIES_THEN);
		order_rsc(cl, c, TASK_STOP, k, TASK_STOPPED, ORD_IMPLIES_THEN);
		order_rsc(cl, k, TASK_START, c, TASK_START,
			  ORD_IMPLIES_THEN | ORD_RUNNABLE_LEFT);
		order_rsc(cl, c, TASK_START, k, TASK_RUNNING,
			  ORD_IMPLIES_THEN | ORD_ONE_OR_MORE);
		if (!k->promotable)
			continue;
		order_rsc(cl, k, TASK_DEMOTE, c, TASK_DEMOTE, ORD_IMPLIES_THEN);
		order_rsc(cl, c, TASK_DEMOTE, k, TASK_DEMOTED,
			  ORD_IMPLIES_THEN);
		order_rsc(cl, k, TASK_PROMOTE, c, TASK_PROMOTE,
			  ORD_IMPLIES_THEN | ORD_RUNNABLE_LEFT);
		order_rsc(cl, c, TASK_PROMOTE, k, TASK_PROMOTED,
			  ORD_IMPLIES_THEN | ORD_ONE_OR_MORE);
	}
	if (k->promotable) {
		order_rsc(cl, k, TASK_RUNNING, k, TASK_PROMOTE, ORD_OPTIONAL);
		order_rsc(cl, k, TASK_DEMOTED, k, TASK_STOP, ORD_OPTIONAL);
		/* a switchover: the old Promoted instance is demoted before
		 * the new one is promoted (drbd refuses two Primaries); also
		 * instance to instance, since the clone's pseudo actions stay
		 * optional and the executor looks only at required ones */
		order_rsc(cl, k, TASK_DEMOTED, k, TASK_PROMOTE, ORD_OPTIONAL);
		for (int i = 0; i < k->nchildren; i++)
			for (int j = 0; j < k->nchildren; j++)
				if (i != j &&
				    k->children[i]->kind == KIND_PRIMITIVE &&
				    k->children[j]->kind == KIND_PRIMITIVE &&
				    has_task(k->children[j], TASK_DEMOTE) &&
				    has_task(k->children[i], TASK_PROMOTE))
					order_rsc(cl, k->children[j],
						  TASK_DEMOTE, k->children[i],
						  TASK_PROMOTE, ORD_OPTIONAL);
	}
}

static void internal_orders(struct sched_cluster *cl, struct sched_rsc *r)
{
	for (int i = 0; i < r->nchildren; i++)
		internal_orders(cl, r->children[i]);
	if (r->kind == KIND_PRIMITIVE)
		primitive_orders(cl, r);
	else if (r->kind == KIND_GROUP)
		group_orders(cl, r);
	else
		clone_orders(cl, r);
}

/* A collective as "first" is done when its members are. */
static enum sched_task first_task(struct sched_rsc *r, enum sched_task t)
{
	if (r->kind == KIND_PRIMITIVE)
		return t;
	switch (t) {
	case TASK_START:
		return TASK_RUNNING;
	case TASK_STOP:
		return TASK_STOPPED;
	case TASK_PROMOTE:
		return TASK_PROMOTED;
	case TASK_DEMOTE:
		return TASK_DEMOTED;
	default:
		return t;
	}
}

static enum sched_task inverse_task(enum sched_task t)
{
	switch (t) {
	case TASK_START:
		return TASK_STOP;
	case TASK_STOP:
		return TASK_START;
	case TASK_PROMOTE:
		return TASK_DEMOTE;
	case TASK_DEMOTE:
		return TASK_PROMOTE;
	default:
		return t;
	}
}

static struct sched_rsc *instance_on(struct sched_rsc *k, struct sched_node *n)
{
	for (int i = 0; i < k->nchildren; i++) {
		struct sched_rsc *c = k->children[i];

		if (n && (c->next == n ||
			  (!c->next && sched_rsc_current(c) == n)))
			return c;
	}
	return NULL;
}

/* An ordering to a collective applies to its members too. */
static void order_members(struct sched_cluster *cl, struct sched_rsc *f,
			  enum sched_task ft, struct sched_rsc *t,
			  enum sched_task tt, unsigned flags)
{
	if (t->kind == KIND_PRIMITIVE)
		return;
	for (int i = 0; i < t->nchildren; i++) {
		struct sched_rsc *c = t->children[i];

		if (c->kind == KIND_PRIMITIVE)
			order_rsc(cl, f, ft, c, tt, flags);
		order_members(cl, f, ft, c, tt, flags);
	}
}

static void order_pair(struct sched_cluster *cl, struct sched_rsc *f,
		       enum sched_task ft, struct sched_rsc *t,
		       enum sched_task tt, unsigned flags)
{
	if (f->kind == KIND_CLONE && t->kind == KIND_CLONE && t->interleave) {
		for (int i = 0; i < t->nchildren; i++) {
			struct sched_rsc *tc = t->children[i];
			struct sched_node *n = tc->next ? tc->next :
						sched_rsc_current(tc);
			struct sched_rsc *fc = instance_on(f, n);

			if (fc)
				order_rsc(cl, fc, first_task(fc, ft), tc, tt,
					  flags);
		}
		return;
	}
	order_rsc(cl, f, first_task(f, ft), t, tt, flags);
	order_members(cl, f, first_task(f, ft), t, tt,
		      flags & ~ORD_IMPLIES_FIRST);
}

static void constraint_orders(struct sched_cluster *cl)
{
	for (int i = 0; i < cl->norders; i++) {
		struct sched_order_cons *o = &cl->orders[i];
		unsigned fwd = ORD_OPTIONAL, inv = ORD_OPTIONAL;

		if (o->mandatory) {
			if (o->symmetrical) {
				fwd = ORD_IMPLIES_THEN;
				if (o->first_task == TASK_START ||
				    o->first_task == TASK_PROMOTE)
					fwd |= ORD_RUNNABLE_LEFT;
				inv = ORD_IMPLIES_FIRST | ORD_BLOCKS_THEN;
			} else {
				fwd = ORD_RUNNABLE_LEFT;
			}
		}
		if (o->then->restart_dependent)
			fwd |= ORD_IMPLIES_THEN;
		order_pair(cl, o->first, o->first_task, o->then, o->then_task,
			   fwd);
		if (!o->symmetrical)
			continue;
		order_pair(cl, o->then, inverse_task(o->then_task), o->first,
			   inverse_task(o->first_task), inv);
	}
}

void sched_order_constraints(struct sched_cluster *cl)
{
	for (int i = 0; i < cl->nresources; i++)
		internal_orders(cl, cl->resources[i]);
	constraint_orders(cl);
}

static void implied(struct sched_action *target, const struct sched_action *by,
		    const char *change)
{
	char buf[600];

	if (by->rsc)
		snprintf(buf, sizeof(buf), "%s %s %s", change, by->rsc->id,
			 sched_task_name(by->task));
	else
		snprintf(buf, sizeof(buf), "%s %s", change,
			 sched_task_name(by->task));
	sched_set_reason(target, buf, false);
}

static bool any_first_runnable(const struct sched_action *then)
{
	for (int i = 0; i < then->nafter; i++) {
		const struct sched_order *o = then->after[i];

		if ((o->flags & ORD_ONE_OR_MORE) &&
		    (o->first->flags & ACT_RUNNABLE))
			return true;
	}
	return false;
}

static bool has_one_or_more(const struct sched_action *then)
{
	for (int i = 0; i < then->nafter; i++)
		if (then->after[i]->flags & ORD_ONE_OR_MORE)
			return true;
	return false;
}

/* Apply one ordering; returns bit 1 if first changed, bit 2 if then did. */
static int apply_order(struct sched_order *o)
{
	struct sched_action *f = o->first, *t = o->then;
	int changed = 0;

	if ((o->flags & ORD_IMPLIES_THEN) && !(f->flags & ACT_OPTIONAL) &&
	    (t->flags & ACT_OPTIONAL) && (f->flags & ACT_RUNNABLE)) {
		t->flags &= ~ACT_OPTIONAL;
		implied(t, f, "required");
		changed |= 2;
	}
	if ((o->flags & ORD_IMPLIES_FIRST) && !(t->flags & ACT_OPTIONAL) &&
	    (f->flags & ACT_OPTIONAL) && f->node) {
		f->flags &= ~ACT_OPTIONAL;
		implied(f, t, "required");
		changed |= 1;
	}
	if ((o->flags & ORD_RESTART) && (f->flags & ACT_OPTIONAL) && f->node &&
	    (f->flags & ACT_RUNNABLE) &&
	    ((!(t->flags & ACT_OPTIONAL) && (t->flags & ACT_RUNNABLE)) ||
	     (!(t->flags & ACT_RUNNABLE) && f->rsc == t->rsc &&
	      t->rsc->managed && f->rsc->nrunning))) {
		f->flags &= ~ACT_OPTIONAL;
		implied(f, t, "required");
		changed |= 1;
	}
	if ((o->flags & ORD_RUNNABLE_LEFT) && !(f->flags & ACT_RUNNABLE) &&
	    (t->flags & ACT_RUNNABLE) &&
	    !(has_one_or_more(t) && any_first_runnable(t))) {
		t->flags &= ~ACT_RUNNABLE;
		implied(t, f, "unrunnable");
		changed |= 2;
	}
	if ((o->flags & ORD_BLOCKS_THEN) && f->node && !(f->flags & ACT_RUNNABLE) &&
	    (t->flags & ACT_RUNNABLE)) {
		t->flags &= ~ACT_RUNNABLE;
		implied(t, f, "unrunnable");
		changed |= 2;
	}
	if ((o->flags & ORD_ONE_OR_MORE) && (t->flags & ACT_RUNNABLE) &&
	    !any_first_runnable(t)) {
		t->flags &= ~ACT_RUNNABLE;
		implied(t, f, "unrunnable");
		changed |= 2;
	}
	return changed;
}

static void update(struct sched_action *then, int depth);

static void update_after(struct sched_action *a, int depth)
{
	for (int i = 0; i < a->nbefore; i++)
		update(a->before[i]->then, depth + 1);
}

static void update(struct sched_action *then, int depth)
{
	if (depth > 10000)
		return;
	for (int i = then->nafter - 1; i >= 0; i--) {
		struct sched_order *o = then->after[i];
		int c = apply_order(o);

		if (c & 1) {
			update_after(o->first, depth);
			update(o->first, depth + 1);
		}
		if (c & 2)
			update_after(then, depth);
	}
}

void sched_propagate(struct sched_cluster *cl)
{
	for (int i = 0; i < cl->nactions; i++)
		update(cl->actions[i], 0);
}
