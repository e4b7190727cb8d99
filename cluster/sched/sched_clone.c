// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * sched_clone.c - place the instances of a clone.
 *
 * Instances that run stay where they are while their node has room (an
 * even share of clone-max) and stays among the best; the rest take the
 * best nodes left, at most clone-node-max per node, until clone-max
 * instances are placed.
 */
#include <stdlib.h>
#include <string.h>

#include "sched_model.h"

static void ban(struct sched_rsc *r, int idx)
{
	r->weight[idx] = -SCHED_INF;
	for (int i = 0; i < r->nchildren; i++)
		ban(r->children[i], idx);
}

/* Score of instance i on node n, as its first member would see it. */
static int instance_score(struct sched_rsc *r, int idx)
{
	int s;

	if (r->target_role == ROLE_STOPPED)	/* also set on the clone */
		return -SCHED_INF;
	if (r->kind == KIND_PRIMITIVE)
		return r->allowed[idx] ? r->weight[idx] : -SCHED_INF;
	s = 0;
	for (int i = 0; i < r->nchildren; i++)
		s = sched_add_scores(s, instance_score(r->children[i], idx));
	return s;
}

static bool instance_can_use(struct sched_cluster *cl, struct sched_rsc *r,
			     int idx)
{
	return sched_node_can_run(cl->nodes[idx]) &&
	       instance_score(r, idx) >= 0;
}

static void force_assign(struct sched_rsc *r, struct sched_node *n)
{
	if (r->kind == KIND_PRIMITIVE) {
		r->next = n;
		r->assigned = true;
		r->next_role = n ? ROLE_STARTED : ROLE_STOPPED;
		if (n)
			n->num_resources++;
		return;
	}
	for (int i = 0; i < r->nchildren; i++) {
		struct sched_rsc *c = r->children[i];

		if (n && instance_score(c, n->idx) < 0)
			n = NULL;
		force_assign(c, n);
	}
	r->next = r->nchildren ? r->children[0]->next : NULL;
	r->assigned = true;
	r->next_role = r->next ? ROLE_STARTED : ROLE_STOPPED;
}

static void keep_role(struct sched_rsc *r)
{
	r->next_role = r->role > ROLE_STOPPED ? r->role : ROLE_STARTED;
	r->frozen_role = true;
	for (int i = 0; i < r->nchildren; i++)
		keep_role(r->children[i]);
}

/* Is r active on a node it may no longer run on? */
static bool on_disallowed_node(const struct sched_rsc *r)
{
	const struct sched_node *cur = sched_rsc_current(r);
	const struct sched_rsc *p = r;

	if (!cur)
		return false;
	while (p->kind != KIND_PRIMITIVE && p->nchildren)
		p = p->children[0];
	return !r->allowed[cur->idx] || r->weight[cur->idx] < 0 ||
	       !p->allowed[cur->idx] || p->weight[cur->idx] < 0;
}

static bool any_failed(const struct sched_rsc *r)
{
	if (r->failed)
		return true;
	for (int i = 0; i < r->nchildren; i++)
		if (any_failed(r->children[i]))
			return true;
	return false;
}

/*
 * The order instances are placed in: active ones (on fewer nodes first)
 * before inactive ones, but those active on a node they may no longer
 * use last; then those whose node can still run resources; healthy
 * before failed; then by instance number.
 */
static int cmp_instances(const void *a, const void *b)
{
	const struct sched_rsc *x = *(struct sched_rsc * const *)a;
	const struct sched_rsc *y = *(struct sched_rsc * const *)b;
	bool rx = x->nrunning > 0, ry = y->nrunning > 0;
	bool dx = x->off_allowed, dy = y->off_allowed;

	if (rx && ry && x->nrunning != y->nrunning)
		return x->nrunning < y->nrunning ? -1 : 1;
	if (dx != dy)
		return dx ? 1 : -1;
	rx = rx && !dx;
	ry = ry && !dy;
	if (rx != ry)
		return rx ? -1 : 1;
	if (rx && ry) {
		bool cx = sched_node_can_run(sched_rsc_current(x));
		bool cy = sched_node_can_run(sched_rsc_current(y));

		if (cx != cy)
			return cx ? -1 : 1;
		if (any_failed(x) != any_failed(y))
			return any_failed(x) ? 1 : -1;
	}
	return x->instance - y->instance;
}

static void apply_clone_colocs(struct sched_cluster *cl, struct sched_rsc *cln)
{
	for (int i = 0; i < cl->ncolocs; i++) {
		struct sched_coloc *c = &cl->colocs[cl->coloc_by_primary[i]];

		if (c->dependent != cln)
			continue;
		sched_assign_rsc(cl, c->primary);
		if (c->dependent_role >= ROLE_UNPROMOTED)
			continue;	/* applied when choosing roles */
		for (int j = 0; j < cln->nchildren; j++) {
			struct sched_rsc *inst = cln->children[j];

			while (inst->kind == KIND_GROUP)
				inst = inst->children[0];
			sched_apply_coloc(cl, inst, c);
		}
	}
}

static bool assign_instance(struct sched_cluster *cl, struct sched_rsc *clone,
			    struct sched_rsc *inst, struct sched_node *prefer,
			    bool all_coloc)
{
	struct sched_node *n;
	int best = -SCHED_INF;

	for (int i = 0; i < cl->nnodes; i++) {
		int lim = all_coloc ? 1 : clone->clone_node_max;

		if (cl->nodes[i]->count >= lim && !prefer)
			ban(inst, i);
	}
	if (prefer) {
		for (int i = 0; i < cl->nnodes; i++)
			if (instance_can_use(cl, inst, i) &&
			    cl->nodes[i]->count < clone->clone_node_max &&
			    instance_score(inst, i) > best)
				best = instance_score(inst, i);
		if (!instance_can_use(cl, inst, prefer->idx) ||
		    instance_score(inst, prefer->idx) < best)
			return false;
		if (inst->kind == KIND_PRIMITIVE)
			sched_print_scores(cl, "pcmk__primitive_assign", inst);
		force_assign(inst, prefer);
		n = prefer;
	} else {
		n = sched_assign_rsc(cl, inst);
	}
	if (!n)
		return false;
	n->count++;
	return true;
}

static void distribute(struct sched_cluster *cl, struct sched_rsc *clone,
		       struct sched_rsc **inst, int ninst)
{
	int avail = 0, allocated = 0, loop_max, max = clone->clone_max;
	bool all_coloc;

	for (int i = 0; i < cl->nnodes; i++) {
		cl->nodes[i]->count = 0;
		if (sched_node_can_run(cl->nodes[i]) && clone->allowed[i] &&
		    clone->weight[i] >= 0)
			avail++;
	}
	all_coloc = max < avail;
	loop_max = avail ? max / avail : 1;
	if (loop_max < 1)
		loop_max = 1;
	for (int i = 0; i < ninst; i++) {
		struct sched_node *cur = sched_rsc_current(inst[i]);

		if (!sched_rsc_on_unfenceable(cl, inst[i]) || inst[i]->assigned)
			continue;
		force_assign(inst[i], cur);	/* stuck until fenced */
		keep_role(inst[i]);
		cur->count++;
		allocated++;
	}
	for (int i = 0; i < ninst && allocated < max; i++) {
		struct sched_node *cur = sched_rsc_current(inst[i]);

		if (!cur || inst[i]->assigned || inst[i]->failed ||
		    inst[i]->nrunning != 1)
			continue;
		if (cur->count < loop_max &&
		    assign_instance(cl, clone, inst[i], cur, all_coloc))
			allocated++;
	}
	for (int i = 0; i < ninst; i++) {
		if (inst[i]->assigned)
			continue;
		if (allocated >= max || !inst[i]->managed) {
			if (!inst[i]->managed)
				sched_assign_rsc(cl, inst[i]);
			else
				force_assign(inst[i], NULL);
			continue;
		}
		if (assign_instance(cl, clone, inst[i], NULL, all_coloc))
			allocated++;
	}
}

struct sched_node *sched_clone_assign(struct sched_cluster *cl,
				      struct sched_rsc *clone)
{
	struct sched_rsc **inst;
	int n = clone->nchildren;

	clone->assigning = true;
	for (int i = 0; i < n; i++)
		clone->children[i]->off_allowed =
			on_disallowed_node(clone->children[i]);
	apply_clone_colocs(cl, clone);
	for (int i = 0; i < n; i++) {
		struct sched_rsc *c = clone->children[i];

		if (clone->promotable && c->role == ROLE_STARTED)
			c->role = ROLE_UNPROMOTED;
		for (int j = 0; j < c->nchildren; j++)
			if (clone->promotable &&
			    c->children[j]->role == ROLE_STARTED)
				c->children[j]->role = ROLE_UNPROMOTED;
	}
	sched_print_scores(cl, "pcmk__clone_allocate", clone);
	for (int i = 0; i < n; i++)
		sched_print_scores(cl, "pcmk__clone_allocate", clone->children[i]);
	inst = sched_xrealloc(NULL, (n ? n : 1) * sizeof(*inst));
	memcpy(inst, clone->children, n * sizeof(*inst));
	for (int i = 0; i < n; i++)
		if (inst[i]->orphan)
			force_assign(inst[i], NULL);
	qsort(inst, n, sizeof(*inst), cmp_instances);
	distribute(cl, clone, inst, n);
	free(inst);
	if (clone->promotable)
		sched_promotable_assign(cl, clone);
	clone->assigning = false;
	clone->assigned = true;
	clone->next = NULL;
	clone->next_role = ROLE_STARTED;
	return NULL;
}
