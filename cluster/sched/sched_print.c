// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * sched_print.c - the Transition Summary, in the form crm_simulate -S
 * prints it: one line per resource that changes, in configuration order,
 *   * ACTION   RESOURCE   ( DETAILS )  [due to REASON] [(blocked)]
 * with the resource and detail columns padded to the widest seen so far.
 */
#include <stdlib.h>
#include <string.h>

#include "sched_model.h"

struct printer {
	FILE *out;
	int rsc_width;
	int detail_width;
};

static struct sched_action *find_req(struct sched_rsc *r, enum sched_task t,
				     struct sched_node *node)
{
	for (int i = 0; i < r->nactions; i++) {
		struct sched_action *a = r->actions[i];

		if (a->task == t && a->node == node)
			return a;
	}
	return NULL;
}

static bool optional(const struct sched_action *a)
{
	return !a || (a->flags & ACT_OPTIONAL);
}

static bool runnable(const struct sched_action *a)
{
	return a && (a->flags & ACT_RUNNABLE);
}

static void item(struct printer *p, const char *change, struct sched_rsc *r,
		 struct sched_node *origin, struct sched_node *dest,
		 struct sched_action *action, struct sched_action *source)
{
	bool need_role = r->role > ROLE_STARTED || r->next_role > ROLE_UNPROMOTED;
	bool same_host = origin && dest && origin == dest;
	bool same_role = r->role == r->next_role;
	const char *rr = sched_role_name(r->role);
	const char *nr = sched_role_name(r->next_role);
	char details[1200], reason[700] = "";
	int len = (int)strlen(r->id);

	if (!source)
		source = action;
	if (len > p->rsc_width)
		p->rsc_width = len + 2;
	if (need_role && !origin)
		snprintf(details, sizeof(details), "%s -> %s %s", rr, nr,
			 dest->uname);
	else if (!origin)
		snprintf(details, sizeof(details), "%s", dest->uname);
	else if (need_role && !dest)
		snprintf(details, sizeof(details), "%s %s", rr, origin->uname);
	else if (!dest)
		snprintf(details, sizeof(details), "%s", origin->uname);
	else if (need_role && same_role && same_host)
		snprintf(details, sizeof(details), "%s %s", rr, origin->uname);
	else if (same_role && same_host)
		snprintf(details, sizeof(details), "%s", origin->uname);
	else if (need_role && same_role)
		snprintf(details, sizeof(details), "%s -> %s %s",
			 origin->uname, dest->uname, rr);
	else if (same_role)
		snprintf(details, sizeof(details), "%s -> %s", origin->uname,
			 dest->uname);
	else if (same_host)
		snprintf(details, sizeof(details), "%s -> %s %s", rr, nr,
			 origin->uname);
	else
		snprintf(details, sizeof(details), "%s %s -> %s %s", rr,
			 origin->uname, nr, dest->uname);
	len = (int)strlen(details);
	if (len > p->detail_width)
		p->detail_width = len;
	if (source && source->reason && action && !runnable(action))
		snprintf(reason, sizeof(reason), "due to %s (blocked)",
			 source->reason);
	else if (source && source->reason)
		snprintf(reason, sizeof(reason), "due to %s", source->reason);
	else if (action && !runnable(action))
		snprintf(reason, sizeof(reason), "blocked");
	fprintf(p->out, "  * %-8s   %-*s   ( %*s )%s%s\n", change, p->rsc_width,
		r->id, p->detail_width, details, reason[0] ? "  " : "", reason);
}

static void print_stops(struct printer *p, struct sched_rsc *r,
			struct sched_action *start)
{
	for (int i = 0; i < r->nrunning; i++) {
		struct sched_action *stop = find_req(r, TASK_STOP,
						     r->running_on[i]);

		item(p, "Stop", r, r->running_on[i], NULL, stop,
		     stop && stop->reason ? stop : start);
	}
}

static void primitive_summary(struct printer *p, struct sched_rsc *r)
{
	struct sched_node *cur = sched_rsc_current(r), *next = r->next;
	struct sched_action *start, *stop, *promote, *demote;
	bool moving;

	if (cur && r->role == ROLE_STOPPED)
		r->role = ROLE_STARTED;
	if (!cur && r->orphan)
		return;
	if (!r->managed || (!cur && !next))
		return;
	start = find_req(r, TASK_START, next);
	stop = cur ? find_req(r, TASK_STOP, cur) : NULL;
	promote = find_req(r, TASK_PROMOTE, next);
	demote = cur ? find_req(r, TASK_DEMOTE, cur) : NULL;
	moving = runnable(start) && cur && next && cur != next;
	if (r->role == r->next_role) {
		if (optional(start)) {
			if (demote && promote && !optional(demote) &&
			    !optional(promote))
				item(p, "Re-promote", r, cur, next, promote,
				     demote);
		} else if (!runnable(start)) {
			item(p, "Stop", r, cur, NULL, stop,
			     stop && stop->reason ? stop : start);
		} else if (moving && cur) {
			item(p, r->failed ? "Recover" : "Move", r, cur, next,
			     stop, NULL);
		} else if (r->failed) {
			item(p, "Recover", r, cur, NULL, stop, NULL);
		} else {
			item(p, "Restart", r, cur, next, start, NULL);
		}
		return;
	}
	if (stop && (r->next_role == ROLE_STOPPED ||
		     (start && !runnable(start)))) {
		print_stops(p, r, start);
	} else if (stop && r->failed && !optional(stop)) {
		item(p, "Recover", r, cur, next, stop, start);
	} else if (moving) {
		item(p, "Move", r, cur, next, stop, NULL);
	} else if (start && !optional(start) &&
		   !(promote && !optional(promote) && !cur)) {
		item(p, "Start", r, cur, next, start, NULL);
	}
	if (demote && stop && !optional(demote) && optional(stop) &&
	    r->next_role > ROLE_STOPPED) {
		item(p, "Demote", r, cur, next, demote, NULL);
	} else if (promote && !optional(promote) && !moving) {
		item(p, "Promote", r, cur, next, promote, NULL);
	}
}

static void rsc_summary(struct printer *p, struct sched_rsc *r)
{
	if (r->kind == KIND_PRIMITIVE) {
		primitive_summary(p, r);
		return;
	}
	for (int i = 0; i < r->nchildren; i++)
		rsc_summary(p, r->children[i]);
}

void sched_print_summary(struct sched_cluster *cl, FILE *out)
{
	struct printer p = { .out = out, .rsc_width = 5, .detail_width = 5 };

	fprintf(out, "Transition Summary:\n");
	for (int i = 0; cl->have_fencing && i < cl->nnodes; i++)
		if (cl->nodes[i]->unclean)
			fprintf(out, "  * Fence (reboot) %s '%s'\n",
				cl->nodes[i]->uname,
				cl->nodes[i]->unclean_reason ?
				cl->nodes[i]->unclean_reason : "node is unclean");
	for (int i = 0; i < cl->nresources; i++)
		rsc_summary(&p, cl->resources[i]);
}

static void status_rsc(FILE *out, struct sched_rsc *r, int indent)
{
	if (r->kind == KIND_PRIMITIVE) {
		char agent[600];

		snprintf(agent, sizeof(agent), "%s%s%s:%s", r->rclass,
			 r->provider ? ":" : "", r->provider ? r->provider : "",
			 r->type);
		if (r->orphan && !r->nrunning)
			return;
		fprintf(out, "%*s* %s\t(%s):\t %s%s%s%s\n", indent, "", r->id,
			agent, r->orphan ? "ORPHANED " : "",
			r->failed ? "FAILED" : sched_role_name(r->nrunning ?
				(r->role > ROLE_STOPPED ? r->role :
				 ROLE_STARTED) : ROLE_STOPPED),
			r->nrunning ? " " : "",
			r->nrunning ? r->running_on[0]->uname : "");
		return;
	}
	fprintf(out, "%*s* %s %s:\n", indent, "",
		r->kind == KIND_GROUP ? "Resource Group:" :
		r->promotable ? "Clone Set (promotable):" : "Clone Set:", r->id);
	for (int i = 0; i < r->nchildren; i++)
		status_rsc(out, r->children[i], indent + 2);
}

void sched_print_status(struct sched_cluster *cl, FILE *out)
{
	fprintf(out, "Current cluster status:\n  * Node List:\n");
	for (int i = 0; i < cl->nnodes; i++) {
		struct sched_node *n = cl->nodes[i];
		const char *st = n->unclean ? "UNCLEAN (offline)" :
				 !n->online ? "OFFLINE" :
				 n->standby ? "standby" : "online";

		fprintf(out, "    * Node %s: %s\n", n->uname, st);
	}
	fprintf(out, "\n  * Full List of Resources:\n");
	for (int i = 0; i < cl->nresources; i++)
		status_rsc(out, cl->resources[i], 4);
	fprintf(out, "\n");
}

/* Every action with its flags and reason, for debugging (-D). */
void sched_print_actions(struct sched_cluster *cl, FILE *out)
{
	for (int i = 0; i < cl->nactions; i++) {
		struct sched_action *a = cl->actions[i];

		fprintf(out, "  action %s_%s %s%s%s%s%s%s\n",
			a->rsc ? a->rsc->id : "-", sched_task_name(a->task),
			a->node ? a->node->uname : "(none)",
			a->flags & ACT_OPTIONAL ? " optional" : " required",
			a->flags & ACT_RUNNABLE ? "" : " unrunnable",
			a->flags & ACT_PSEUDO ? " pseudo" : "",
			a->reason ? " reason=" : "", a->reason ? a->reason : "");
	}
}
