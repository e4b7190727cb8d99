// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * sched_promotable.c - choose which placed instances of a promotable
 * clone are promoted: the node attribute master-RSC (or promotion-RSC)
 * plus role-specific location constraints and colocations, at most
 * promoted-max in all and promoted-node-max per node.
 */
#include <stdlib.h>
#include <string.h>

#include "sched_model.h"

static struct sched_rsc *first_prim(struct sched_rsc *r)
{
	while (r->kind != KIND_PRIMITIVE && r->nchildren)
		r = r->children[0];
	return r;
}

/* The promotion score an agent recorded for instance r on node n. */
static bool attr_score(struct sched_rsc *r, struct sched_node *n, int *ret)
{
	char name[600];
	const char *v = NULL;
	struct sched_rsc *p = first_prim(r);
	const char *ids[2] = { p->id, p->base_id };

	for (int i = 0; i < 2 && !v; i++) {
		snprintf(name, sizeof(name), "master-%s", ids[i]);
		v = sched_attr_get(&n->attrs, name);
		if (!v) {
			snprintf(name, sizeof(name), "promotion-%s", ids[i]);
			v = sched_attr_get(&n->attrs, name);
		}
	}
	if (!v || sched_parse_score(v, ret))
		return false;
	return true;
}

static int instance_priority(struct sched_cluster *cl, struct sched_rsc *clone,
			     struct sched_rsc *inst)
{
	struct sched_node *n = inst->next;
	int score = 0;

	if (!n || inst->target_role == ROLE_UNPROMOTED ||
	    (clone->target_role == ROLE_UNPROMOTED))
		return -SCHED_INF;
	if (!attr_score(inst, n, &score)) {
		if (inst->role == ROLE_PROMOTED)
			score = 0;
		else
			return -1;
	}
	for (int i = 0; i < cl->nlocs; i++) {
		struct sched_location *l = &cl->locs[i];

		int ls;

		if (l->rsc == clone && l->role == ROLE_PROMOTED &&
		    sched_location_applies(l, n, &ls))
			score = sched_add_scores(score, ls);
	}
	for (int i = 0; i < cl->ncolocs; i++) {
		struct sched_coloc *c = &cl->colocs[i];
		bool set = false;

		if (c->dependent == clone && c->dependent_role == ROLE_PROMOTED) {
			struct sched_rsc *p = c->primary;

			while (p->kind == KIND_GROUP && p->nchildren)
				p = p->children[p->nchildren - 1];
			if (p->kind != KIND_CLONE)
				set = p->next == n;
			if (c->score >= SCHED_INF && !set)
				score = -SCHED_INF;
			else if (set)
				score = sched_add_scores(score, c->score);
		}
		if (c->primary == clone && c->primary_role == ROLE_PROMOTED) {
			int w, merged[cl->nnodes + 1];

			if (c->dependent->kind == KIND_CLONE)
				continue;
			sched_merged_weights(cl, c->dependent, merged);
			w = merged[n->idx];
			if (c->score < SCHED_INF)
				w = (int)((double)w * c->score / SCHED_INF);
			score = sched_add_scores(score, w);
		}
	}
	return score;
}

struct cand {
	struct sched_rsc *inst;
	int prio;
};

static int cmp_cand(const void *a, const void *b)
{
	const struct cand *x = a, *y = b;

	if (x->prio != y->prio)
		return x->prio > y->prio ? -1 : 1;
	if ((x->inst->role == ROLE_PROMOTED) != (y->inst->role == ROLE_PROMOTED))
		return x->inst->role == ROLE_PROMOTED ? -1 : 1;
	return x->inst->instance - y->inst->instance;
}

static void set_role(struct sched_rsc *r, enum sched_role role)
{
	if (r->next)
		r->next_role = role;
	for (int i = 0; i < r->nchildren; i++)
		set_role(r->children[i], role);
}

void sched_promotable_assign(struct sched_cluster *cl, struct sched_rsc *clone)
{
	int n = clone->nchildren, promoted = 0;
	struct cand *c = sched_xrealloc(NULL, (n ? n : 1) * sizeof(*c));
	int per_node[cl->nnodes + 1];

	memset(per_node, 0, sizeof(per_node));
	for (int i = 0; i < n; i++) {
		struct sched_rsc *inst = clone->children[i];

		c[i].inst = inst;
		c[i].prio = instance_priority(cl, clone, inst);
		if (inst->frozen_role) {
			c[i].prio = -SCHED_INF;
			if (inst->next && inst->role == ROLE_PROMOTED) {
				per_node[inst->next->idx]++;
				promoted++;
			}
			continue;
		}
		set_role(c[i].inst, ROLE_UNPROMOTED);
		clone->children[i]->promotion_score = c[i].prio;
		if (cl->scores_out) {
			char buf[32];
			struct sched_node *n = c[i].inst->next;

			fprintf(cl->scores_out, "%s promotion score on %s: %s\n",
				c[i].inst->id, n ? n->uname : "none",
				sched_score_str(n ? c[i].prio : 0, buf,
						sizeof(buf)));
		}
	}
	qsort(c, n, sizeof(*c), cmp_cand);
	for (int i = 0; i < n; i++) {
		struct sched_node *node = c[i].inst->next;

		if (!node || c[i].prio < 0 || promoted >= clone->promoted_max ||
		    c[i].inst->frozen_role)
			continue;
		if (per_node[node->idx] >= clone->promoted_node_max)
			continue;
		per_node[node->idx]++;
		promoted++;
		set_role(c[i].inst, ROLE_PROMOTED);
	}
	free(c);
}
