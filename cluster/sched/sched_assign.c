// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * sched_assign.c - choose a node for every resource.
 *
 * A primitive first places the resources it must be colocated with, takes
 * their placement into its scores, folds in the preferences of resources
 * that are colocated with it, and picks the best node: highest score,
 * then fewest resources placed so far, then its current node, then the
 * node listed first.  A group places its members in order, each colocated
 * with the one before.
 */
#include <stdlib.h>
#include <string.h>

#include "sched_model.h"

static bool node_available(const struct sched_rsc *r,
			   const struct sched_node *n)
{
	return r->allowed[n->idx] && sched_node_can_run(n) &&
	       r->weight[n->idx] >= 0;
}

/* The node set a (placed) primary offers to a colocation. */
static void primary_nodes(const struct sched_rsc *p, enum sched_role role,
			  bool *set, int nnodes)
{
	if (p->kind == KIND_CLONE) {
		for (int i = 0; i < p->nchildren; i++)
			primary_nodes(p->children[i], role, set, nnodes);
		return;
	}
	if (!p->next)
		return;
	if (role == ROLE_PROMOTED && p->next_role != ROLE_PROMOTED)
		return;
	if (role == ROLE_UNPROMOTED && p->next_role == ROLE_PROMOTED)
		return;
	set[p->next->idx] = true;
}

/* Resolve a group primary to the member whose placement counts. */
static struct sched_rsc *coloc_primary(const struct sched_coloc *c)
{
	struct sched_rsc *p = c->primary;

	while (p->kind == KIND_GROUP && p->nchildren)
		p = c->score >= SCHED_INF ? p->children[p->nchildren - 1]
					  : p->children[0];
	return p;
}

/* Apply colocation c, whose primary is placed, to dependent dep's scores. */
void sched_apply_coloc(struct sched_cluster *cl, struct sched_rsc *dep,
		       const struct sched_coloc *c)
{
	bool set[cl->nnodes + 1];
	struct sched_rsc *p = coloc_primary(c);

	memset(set, 0, sizeof(set));
	primary_nodes(p, c->primary_role, set, cl->nnodes);
	for (int i = 0; i < cl->nnodes; i++) {
		if (c->score >= SCHED_INF) {
			if (!set[i])
				dep->weight[i] = -SCHED_INF;
		} else if (c->score <= -SCHED_INF) {
			if (set[i])
				dep->weight[i] = -SCHED_INF;
		} else if (set[i] && dep->allowed[i]) {
			dep->weight[i] = sched_add_scores(dep->weight[i],
							  c->score);
		}
	}
}

/* Best score of r on node n, -INFINITY when r cannot run there. */
static int score_on(const struct sched_rsc *r, const struct sched_node *n)
{
	if (!r->allowed[n->idx] || !sched_node_can_run(n))
		return -SCHED_INF;
	return r->weight[n->idx];
}

static bool can_run_any(struct sched_cluster *cl, const int *w,
			const bool *allowed)
{
	for (int i = 0; i < cl->nnodes; i++)
		if (allowed[i] && w[i] >= 0 && sched_node_can_run(cl->nodes[i]))
			return true;
	return false;
}

static void add_scores(struct sched_cluster *cl, int *work, const bool *allowed,
		       const struct sched_rsc *r, double factor)
{
	for (int i = 0; i < cl->nnodes; i++) {
		int score, w;
		double f;

		if (!allowed[i])
			continue;
		score = score_on(r, cl->nodes[i]);
		if (factor < 0 && score < 0)
			continue;
		f = factor * score;
		w = (int)(f < 0 ? f - 0.5 : f + 0.5);
		if (w == 0 && score != 0)
			w = factor > 0 ? 1 : -1;
		work[i] = sched_add_scores(w, work[i]);
	}
}

static bool rsc_is_group_first(const struct sched_rsc *r)
{
	return r->parent && r->parent->kind == KIND_GROUP &&
	       r->parent->children[0] == r;
}

/* Does colocation c have r as its (effective) dependent? */
static bool is_this_with(const struct sched_coloc *c, const struct sched_rsc *r)
{
	const struct sched_rsc *d = c->dependent;

	while (d->kind == KIND_GROUP && d->nchildren)
		d = d->children[0];
	return d == r;
}

/* Does colocation c have r as the primary whose preferences it merges? */
static bool is_with_this(const struct sched_coloc *c, const struct sched_rsc *r)
{
	const struct sched_rsc *p = c->primary;

	if (p == r)
		return true;
	while (p->kind == KIND_GROUP && p->nchildren) {
		p = p->children[0];
		if (p == r)
			return true;
	}
	return false;
}

/* Fold the scores of resources colocated with r into work. */
static void merge_into(struct sched_cluster *cl, int *work, const bool *allowed,
		       struct sched_rsc *r, double factor, int depth)
{
	int tmp[cl->nnodes + 1];

	if (r->merging || r->assigned || depth > 32)
		return;
	if (r->kind == KIND_GROUP)
		r = r->children[0];
	if (r->kind != KIND_PRIMITIVE)
		return;
	memcpy(tmp, work, cl->nnodes * sizeof(int));
	add_scores(cl, tmp, allowed, r, factor);
	if (!can_run_any(cl, tmp, allowed))
		return;
	r->merging = true;
	for (int i = 0; i < cl->ncolocs; i++) {
		struct sched_coloc *c = &cl->colocs[cl->coloc_by_dependent[i]];

		if (!is_with_this(c, r) || c->dependent_role >= ROLE_UNPROMOTED ||
		    c->primary_role >= ROLE_UNPROMOTED)
			continue;
		merge_into(cl, tmp, allowed, c->dependent,
			   (factor < 0 ? -1.0 : 1.0) * c->score / SCHED_INF,
			   depth + 1);
	}
	r->merging = false;
	memcpy(work, tmp, cl->nnodes * sizeof(int));
}

/*
 * The scores r would have after folding in the resources colocated with
 * it (for a group: its first member and the members after it).
 */
void sched_merged_weights(struct sched_cluster *cl, struct sched_rsc *r,
			  int *out)
{
	struct sched_rsc *p = r;

	while (p->kind == KIND_GROUP && p->nchildren)
		p = p->children[0];
	for (int i = 0; i < cl->nnodes; i++)
		out[i] = p->allowed[i] ? p->weight[i] : -SCHED_INF;
	if (p->kind != KIND_PRIMITIVE || p->assigned || p->merging)
		return;
	p->merging = true;
	for (int i = 0; i < cl->ncolocs; i++) {
		struct sched_coloc *c = &cl->colocs[cl->coloc_by_dependent[i]];

		if (!is_with_this(c, p) || c->primary_role >= ROLE_UNPROMOTED ||
		    c->dependent_role >= ROLE_UNPROMOTED)
			continue;
		if (c->primary != p && !rsc_is_group_first(p))
			continue;
		merge_into(cl, out, p->allowed, c->dependent,
			   (double)c->score / SCHED_INF, 0);
	}
	p->merging = false;
}

static struct sched_node *choose_node(struct sched_cluster *cl,
				      struct sched_rsc *r)
{
	struct sched_node *best = NULL, *cur = sched_rsc_current(r);

	for (int i = 0; i < cl->nnodes; i++) {
		struct sched_node *n = cl->nodes[i];

		if (!node_available(r, n))
			continue;
		if (!best || r->weight[i] > r->weight[best->idx] ||
		    (r->weight[i] == r->weight[best->idx] &&
		     (n->num_resources < best->num_resources ||
		      (n->num_resources == best->num_resources &&
		       strcmp(n->uname, best->uname) < 0))))
			best = n;
	}
	if (best && cur && cur != best && node_available(r, cur) &&
	    r->weight[cur->idx] == r->weight[best->idx] &&
	    cur->num_resources == best->num_resources)
		best = cur;
	return best;
}

void sched_print_scores(struct sched_cluster *cl, const char *fn,
			struct sched_rsc *r)
{
	char buf[32];

	if (!cl->scores_out)
		return;
	for (int i = 0; i < cl->nnodes; i++) {
		int w = r->allowed[i] ? r->weight[i] : -SCHED_INF;

		fprintf(cl->scores_out, "%s: %s allocation score on %s: %s\n",
			fn, r->id, cl->nodes[i]->uname,
			sched_score_str(w, buf, sizeof(buf)));
	}
}

/* Where an unmanaged or blocked resource stays. */
static bool keep_in_place(struct sched_cluster *cl, struct sched_rsc *r)
{
	if (r->managed && !(r->stop_failed && !cl->stonith_enabled) &&
	    !sched_rsc_on_unfenceable(cl, r))
		return false;
	r->next = sched_rsc_current(r);
	r->next_role = r->next ? r->role : ROLE_STOPPED;
	return true;
}

static void set_assigned(struct sched_rsc *r, struct sched_node *n)
{
	r->next = n;
	r->assigned = true;
	if (n) {
		n->num_resources++;
		if (r->next_role == ROLE_UNKNOWN)
			r->next_role = ROLE_STARTED;
	} else {
		r->next_role = ROLE_STOPPED;
	}
}

static bool quorum_blocks_start(struct sched_cluster *cl)
{
	return !cl->have_quorum && cl->no_quorum_policy != NQP_IGNORE;
}

static struct sched_node *assign_primitive(struct sched_cluster *cl,
					   struct sched_rsc *r)
{
	struct sched_node *n;

	r->assigning = true;
	for (int i = 0; i < cl->ncolocs; i++) {
		struct sched_coloc *c = &cl->colocs[cl->coloc_by_primary[i]];

		if (!is_this_with(c, r) || c->dependent_role >= ROLE_UNPROMOTED)
			continue;
		if (r->parent && r->parent->kind == KIND_CLONE)
			continue;	/* the clone applies it */
		sched_assign_rsc(cl, c->primary);
		sched_apply_coloc(cl, r, c);
	}
	for (int i = 0; i < cl->ncolocs; i++) {
		struct sched_coloc *c = &cl->colocs[cl->coloc_by_dependent[i]];

		if (!is_with_this(c, r) || c->primary_role >= ROLE_UNPROMOTED ||
		    c->dependent_role >= ROLE_UNPROMOTED)
			continue;
		if (c->primary != r && !rsc_is_group_first(r))
			continue;
		r->merging = true;
		merge_into(cl, r->weight, r->allowed, c->dependent,
			   (double)c->score / SCHED_INF, 0);
		r->merging = false;
	}
	if (r->target_role == ROLE_STOPPED)
		for (int i = 0; i < cl->nnodes; i++)
			r->weight[i] = -SCHED_INF;
	sched_print_scores(cl, "pcmk__primitive_assign", r);
	r->assigning = false;
	if (keep_in_place(cl, r)) {
		r->assigned = true;
		return r->next;
	}
	n = choose_node(cl, r);
	if (r->target_role == ROLE_STOPPED)
		n = NULL;
	if (quorum_blocks_start(cl)) {
		if (cl->no_quorum_policy == NQP_FREEZE) {
			struct sched_node *cur = sched_rsc_current(r);

			n = cur && sched_node_can_run(cur) ? cur : NULL;
		} else {
			n = NULL;
		}
	}
	set_assigned(r, n);
	return n;
}

static struct sched_node *assign_group(struct sched_cluster *cl,
				       struct sched_rsc *g)
{
	struct sched_node *first = NULL;

	g->assigning = true;
	sched_print_scores(cl, "pcmk__group_assign", g);
	for (int i = 0; i < g->nchildren; i++)
		sched_print_scores(cl, "pcmk__group_assign", g->children[i]);
	for (int i = 0; i < g->nchildren; i++) {
		struct sched_node *n = sched_assign_rsc(cl, g->children[i]);

		if (i == 0)
			first = n;
	}
	g->assigning = false;
	g->assigned = true;
	g->next = first;
	g->next_role = g->nchildren ? g->children[0]->next_role : ROLE_STOPPED;
	return first;
}

struct sched_node *sched_assign_rsc(struct sched_cluster *cl,
				    struct sched_rsc *r)
{
	if (r->assigned || r->assigning)
		return r->next;
	switch (r->kind) {
	case KIND_PRIMITIVE:
		return assign_primitive(cl, r);
	case KIND_GROUP:
		return assign_group(cl, r);
	case KIND_CLONE:
		return sched_clone_assign(cl, r);
	}
	return NULL;
}

/* Colocations making each group member follow the one before it. */
static void group_colocations(struct sched_cluster *cl, struct sched_rsc *r)
{
	for (int i = 0; i < r->nchildren; i++)
		group_colocations(cl, r->children[i]);
	if (r->kind != KIND_GROUP)
		return;
	if (sched_attr_get(&r->meta, "collocated") &&
	    !sched_is_true(sched_attr_get(&r->meta, "collocated")))
		return;
	for (int i = 1; i < r->nchildren; i++) {
		struct sched_coloc c = {
			.id = sched_xstrdup("group:internal_colocation"),
			.dependent = r->children[i],
			.primary = r->children[i - 1],
			.score = SCHED_INF,
		};

		cl->colocs = sched_xrealloc(cl->colocs,
					    (cl->ncolocs + 1) * sizeof(c));
		cl->colocs[cl->ncolocs++] = c;
	}
}

struct rsc_key {
	struct sched_rsc *r;
	int pos;
	int priority;
};

static int cmp_rsc_keys(const void *a, const void *b)
{
	const struct rsc_key *x = a, *y = b;

	if (x->priority != y->priority)
		return x->priority > y->priority ? -1 : 1;
	return x->pos - y->pos;
}

/* Top-level resources in the order they are placed: by priority. */
static struct sched_rsc **placement_order(struct sched_cluster *cl)
{
	int n = cl->nresources;
	struct rsc_key *keys = sched_xrealloc(NULL, (n + 1) * sizeof(*keys));
	struct sched_rsc **order = sched_xrealloc(NULL, (n + 1) * sizeof(*order));

	for (int i = 0; i < n; i++) {
		const char *prio = sched_attr_get(&cl->resources[i]->meta,
						  "priority");

		keys[i].r = cl->resources[i];
		keys[i].pos = i;
		keys[i].priority = 0;
		if (prio)
			sched_parse_score(prio, &keys[i].priority);
	}
	qsort(keys, n, sizeof(*keys), cmp_rsc_keys);
	for (int i = 0; i < n; i++)
		order[i] = keys[i].r;
	free(keys);
	return order;
}

static int rsc_priority(const struct sched_rsc *r)
{
	const char *v = NULL;
	int prio = 0;

	for (; r && !v; r = r->parent)
		v = sched_attr_get(&r->meta, "priority");
	if (v)
		sched_parse_score(v, &prio);
	return prio;
}

/* Clones before groups before primitives, then by priority and id. */
static int cmp_coloc_rsc(const struct sched_rsc *a, const struct sched_rsc *b)
{
	int pa = rsc_priority(a), pb = rsc_priority(b);

	if (pa != pb)
		return pa > pb ? -1 : 1;
	if (a->kind != b->kind)
		return a->kind > b->kind ? -1 : 1;
	return strcmp(a->id, b->id);
}

static int cmp_by_primary(const void *x, const void *y, void *arg)
{
	const struct sched_coloc *c = arg;
	int a = *(const int *)x, b = *(const int *)y;
	int rc = cmp_coloc_rsc(c[a].primary, c[b].primary);

	return rc ? rc : a - b;
}

static int cmp_by_dependent(const void *x, const void *y, void *arg)
{
	const struct sched_coloc *c = arg;
	int a = *(const int *)x, b = *(const int *)y;
	int rc = cmp_coloc_rsc(c[a].dependent, c[b].dependent);

	return rc ? rc : a - b;
}

/* The orders in which a resource considers its colocations. */
static void sort_colocations(struct sched_cluster *cl)
{
	int n = cl->ncolocs;

	cl->coloc_by_primary = sched_xrealloc(NULL, (n + 1) * sizeof(int));
	cl->coloc_by_dependent = sched_xrealloc(NULL, (n + 1) * sizeof(int));
	for (int i = 0; i < n; i++)
		cl->coloc_by_primary[i] = cl->coloc_by_dependent[i] = i;
	qsort_r(cl->coloc_by_primary, n, sizeof(int), cmp_by_primary,
		cl->colocs);
	qsort_r(cl->coloc_by_dependent, n, sizeof(int), cmp_by_dependent,
		cl->colocs);
}

void sched_assign(struct sched_cluster *cl)
{
	struct sched_rsc **order;

	for (int i = 0; i < cl->nresources; i++)
		group_colocations(cl, cl->resources[i]);
	sort_colocations(cl);
	order = placement_order(cl);
	for (int i = 0; i < cl->nresources; i++)
		sched_assign_rsc(cl, order[i]);
	free(order);
}
