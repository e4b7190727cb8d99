// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * sched_score.c - node scores before assignment: the cluster's symmetry,
 * location constraints, stickiness to the current node, and bans from
 * failcounts past migration-threshold or hard agent errors.
 */
#include <string.h>

#include "sched_model.h"

static void init_weights(struct sched_cluster *cl, struct sched_rsc *r)
{
	for (int i = 0; i < cl->nnodes; i++) {
		r->allowed[i] = cl->symmetric;
		r->weight[i] = 0;
	}
	for (int i = 0; i < r->nchildren; i++)
		init_weights(cl, r->children[i]);
}

/*
 * Add score for node to r and what follows it: every clone instance, but
 * of a group only its first member (the others follow that one).
 */
static void rsc_location(struct sched_rsc *r, struct sched_node *n, int score)
{
	int nc = r->kind == KIND_GROUP && r->nchildren ? 1 : r->nchildren;

	r->allowed[n->idx] = true;
	r->weight[n->idx] = sched_add_scores(r->weight[n->idx], score);
	for (int i = 0; i < nc; i++)
		rsc_location(r->children[i], n, score);
}

/* Add score for node to r and everything inside it. */
static void rsc_location_all(struct sched_rsc *r, struct sched_node *n,
			     int score)
{
	r->allowed[n->idx] = true;
	r->weight[n->idx] = sched_add_scores(r->weight[n->idx], score);
	for (int i = 0; i < r->nchildren; i++)
		rsc_location_all(r->children[i], n, score);
}

static void apply_locations(struct sched_cluster *cl)
{
	for (int i = 0; i < cl->nlocs; i++) {
		struct sched_location *l = &cl->locs[i];

		if (l->role == ROLE_PROMOTED || l->role == ROLE_UNPROMOTED)
			continue;	/* role scores: sched_promotable.c */
		for (int j = 0; j < cl->nnodes; j++) {
			int score;

			if (sched_location_applies(l, cl->nodes[j], &score))
				rsc_location(l->rsc, cl->nodes[j], score);
		}
	}
}

/* The resource that a failure bans: anonymous clones ban as a whole. */
static struct sched_rsc *failed_target(struct sched_rsc *r)
{
	struct sched_rsc *p = r->parent;

	while (p && p->kind == KIND_GROUP)
		p = p->parent;
	if (p && p->kind == KIND_CLONE && !p->unique)
		return p;
	return r;
}

static void apply_stickiness(struct sched_cluster *cl, struct sched_rsc *r)
{
	struct sched_node *n;

	if (!r->managed || r->nrunning != 1 || r->stickiness == 0)
		return;
	n = r->running_on[0];
	if (!r->allowed[n->idx] && !cl->symmetric)
		return;
	r->allowed[n->idx] = true;
	r->weight[n->idx] = sched_add_scores(r->weight[n->idx], r->stickiness);
}

static void apply_failures(struct sched_cluster *cl, struct sched_rsc *r)
{
	for (int i = 0; i < cl->nnodes; i++) {
		int fc = r->failcount[i];

		if (fc <= 0 || fc < r->migration_threshold)
			continue;
		rsc_location_all(failed_target(r), cl->nodes[i], -SCHED_INF);
	}
}

/* target-role=Stopped and failed stops keep a resource off nodes. */
static void apply_bans(struct sched_cluster *cl, struct sched_rsc *r)
{
	for (int i = 0; i < r->nchildren; i++)
		apply_bans(cl, r->children[i]);
	if (r->kind == KIND_PRIMITIVE && !r->managed && r->nrunning == 1)
		rsc_location(r, r->running_on[0], SCHED_INF);
	if (r->kind == KIND_PRIMITIVE && r->stop_failed)
		for (int i = 0; i < r->nrunning; i++)
			rsc_location(r, r->running_on[i], -SCHED_INF);
}

static void reset_counts(struct sched_cluster *cl)
{
	for (int i = 0; i < cl->nnodes; i++) {
		cl->nodes[i]->num_resources = 0;
		cl->nodes[i]->count = 0;
	}
}

void sched_score(struct sched_cluster *cl)
{
	for (int i = 0; i < cl->nresources; i++)
		init_weights(cl, cl->resources[i]);
	apply_locations(cl);
	for (int i = 0; i < cl->nresources; i++)
		apply_bans(cl, cl->resources[i]);
	for (int i = 0; i < cl->nprims; i++) {
		apply_stickiness(cl, cl->prims[i]);
		apply_failures(cl, cl->prims[i]);
	}
	reset_counts(cl);
}
