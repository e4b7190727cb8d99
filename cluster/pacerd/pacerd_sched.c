// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * pacerd_sched.c - run the scheduler library (cluster/sched) on a CIB and
 * pick the actions of the transition that can be executed now.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cib.h"
#include "pacerd.h"
#include "pacerd_sched.h"
#include "sched_model.h"

static bool required(const struct sched_action *a)
{
	return !(a->flags & ACT_OPTIONAL) && (a->flags & ACT_RUNNABLE);
}

/* Every required predecessor is done: none is a real action, and pseudo
 * ones are themselves ready. */
static bool ready(const struct sched_action *a, int depth)
{
	if (depth > 64)
		return false;
	for (int i = 0; i < a->nafter; i++) {
		const struct sched_action *f = a->after[i]->first;

		if (f->flags & ACT_OPTIONAL)
			continue;
		if (!(f->flags & ACT_RUNNABLE))
			return false;
		if (!(f->flags & ACT_PSEUDO))
			return false;
		if (!ready(f, depth + 1))
			return false;
	}
	return true;
}

static const struct sched_rsc *notify_clone(const struct sched_rsc *r)
{
	for (const struct sched_rsc *p = r ? r->parent : NULL; p;
	     p = p->parent)
		if (p->kind == KIND_CLONE)
			return p->notify ? p : NULL;
	return NULL;
}

static int load(xmlDoc *cib, struct sched_cluster **cl)
{
	char *buf;
	size_t len;
	int rc = cib_doc_dump(cib, &buf, &len);

	if (rc)
		return rc;
	rc = cib_load_memory(buf, (int)len, cl);
	free(buf);
	if (rc)
		pd_err("scheduler: cannot read the CIB: %s", cib_last_error());
	return rc;
}

static void collect_active(const struct sched_rsc *r, struct pd_action **v,
			   int *n)
{
	for (int i = 0; i < r->nchildren; i++)
		collect_active(r->children[i], v, n);
	if (r->kind != KIND_PRIMITIVE)
		return;
	for (int k = 0; k < r->nrunning; k++) {
		struct pd_action *a;

		*v = realloc(*v, sizeof(**v) * (*n + 1));
		a = &(*v)[(*n)++];
		memset(a, 0, sizeof(*a));
		snprintf(a->op, sizeof(a->op), "%s",
			 r->role == ROLE_PROMOTED ? "Promoted" : "Started");
		snprintf(a->rsc, sizeof(a->rsc), "%s",
			 r->base_id ? r->base_id : r->id);
		snprintf(a->instance, sizeof(a->instance), "%s", r->id);
		snprintf(a->node, sizeof(a->node), "%s",
			 r->running_on[k]->uname);
	}
}

int pacerd_clone_active(xmlDoc *cib, const char *clone_id,
			struct pd_action **ret, int *ret_n)
{
	struct sched_cluster *cl = NULL;
	struct pd_action *v = NULL;
	int n = 0, rc = load(cib, &cl);

	if (rc)
		return rc;
	for (int i = 0; i < cl->nresources; i++)
		if (!strcmp(cl->resources[i]->id, clone_id))
			collect_active(cl->resources[i], &v, &n);
	sched_cluster_free(cl);
	*ret = v;
	*ret_n = n;
	return 0;
}

static const char *op_name(enum sched_task t)
{
	switch (t) {
	case TASK_START: return "start";
	case TASK_STOP: return "stop";
	case TASK_PROMOTE: return "promote";
	case TASK_DEMOTE: return "demote";
	case TASK_FENCE: return "fence";
	default: return NULL;
	}
}

/* Has any instance of prim's primitive a history on node idx? */
static bool known(const struct sched_cluster *cl, const struct sched_rsc *p,
		  int idx)
{
	const char *base = p->base_id ? p->base_id : p->id;

	for (int i = 0; i < cl->nprims; i++) {
		const struct sched_rsc *q = cl->prims[i];

		if (!strcmp(q->base_id ? q->base_id : q->id, base) &&
		    q->known_on[idx])
			return true;
	}
	return false;
}

static bool probed_earlier(const struct sched_cluster *cl, int upto,
			   const struct sched_rsc *p)
{
	const char *base = p->base_id ? p->base_id : p->id;

	for (int i = 0; i < upto; i++) {
		const struct sched_rsc *q = cl->prims[i];

		if (!strcmp(q->base_id ? q->base_id : q->id, base))
			return true;
	}
	return false;
}

/*
 * Probes: a one-shot monitor of every primitive on every online node where
 * it has no history yet (a node that joined, a resource just created), so
 * nothing is placed while something may run unknown somewhere.  They form
 * a wave of their own, at most PD_PROBES_PER_NODE per node at a time.
 * Fence devices are not probed (the fencer runs their agents).
 */
#define PD_PROBES_PER_NODE 16

static int add_probes(struct sched_cluster *cl, struct pd_action **vp, int n)
{
	struct pd_action *v = *vp;

	for (int k = 0; k < cl->nnodes; k++) {
		struct sched_node *nd = cl->nodes[k];
		int per_node = 0;

		if (!nd->online || nd->unclean)
			continue;
		for (int i = 0; i < cl->nprims; i++) {
			struct sched_rsc *p = cl->prims[i];

			if (per_node >= PD_PROBES_PER_NODE)
				break;
			if (p->orphan || (p->rclass &&
					  !strcmp(p->rclass, "stonith")))
				continue;
			if (known(cl, p, k) || probed_earlier(cl, i, p))
				continue;
			v = realloc(v, sizeof(*v) * (n + 1));
			memset(&v[n], 0, sizeof(*v));
			snprintf(v[n].op, sizeof(v[n].op), "monitor");
			snprintf(v[n].node, sizeof(v[n].node), "%s", nd->uname);
			snprintf(v[n].rsc, sizeof(v[n].rsc), "%s",
				 p->base_id ? p->base_id : p->id);
			snprintf(v[n].instance, sizeof(v[n].instance), "%s",
				 p->id);
			snprintf(v[n].reason, sizeof(v[n].reason), "probe");
			n++;
			per_node++;
		}
	}
	*vp = v;
	return n;
}

int pacerd_schedule(xmlDoc *cib, struct pd_action **ret, int *ret_n,
		    int *ret_total)
{
	struct sched_cluster *cl = NULL;
	struct pd_action *v = NULL;
	char *buf;
	size_t len;
	int rc, n = 0, total = 0;

	rc = cib_doc_dump(cib, &buf, &len);
	if (rc)
		return rc;
	rc = cib_load_memory(buf, (int)len, &cl);
	free(buf);
	if (rc) {
		pd_err("scheduler: cannot read the CIB: %s", cib_last_error());
		return rc;
	}
	sched_run(cl);
	/* Unclean nodes are fenced first; nothing else runs until they are
	 * (the scheduler marks them, the coordinator orders the fencing). */
	for (int i = 0; cl->stonith_enabled && i < cl->nnodes; i++) {
		struct sched_node *nd = cl->nodes[i];

		if (!nd->unclean)
			continue;
		v = realloc(v, sizeof(*v) * (n + 1));
		memset(&v[n], 0, sizeof(*v));
		snprintf(v[n].op, sizeof(v[n].op), "fence");
		snprintf(v[n].node, sizeof(v[n].node), "%s", nd->uname);
		snprintf(v[n].reason, sizeof(v[n].reason), "%s",
			 nd->unclean_reason ? nd->unclean_reason : "unclean");
		n++;
	}
	if (!n && (cl->have_quorum || cl->no_quorum_policy == NQP_IGNORE))
		n = add_probes(cl, &v, n);
	total = n;
	for (int i = 0; !n && i < cl->nactions; i++) {
		struct sched_action *a = cl->actions[i];
		const char *op = op_name(a->task);

		if (!op || !required(a) || (a->flags & ACT_PSEUDO) || !a->node)
			continue;
		if (a->task != TASK_FENCE && (!a->rsc || a->rsc->kind !=
						   KIND_PRIMITIVE))
			continue;
		total++;
		if (!ready(a, 0))
			continue;
		v = realloc(v, sizeof(*v) * (n + 1));
		memset(&v[n], 0, sizeof(*v));
		snprintf(v[n].op, sizeof(v[n].op), "%s", op);
		snprintf(v[n].node, sizeof(v[n].node), "%s", a->node->uname);
		if (a->rsc) {
			snprintf(v[n].rsc, sizeof(v[n].rsc), "%s",
				 a->rsc->base_id ? a->rsc->base_id : a->rsc->id);
			snprintf(v[n].instance, sizeof(v[n].instance), "%s",
				 a->rsc->id);
		}
		snprintf(v[n].reason, sizeof(v[n].reason), "%s",
			 a->reason ? a->reason : "");
		if (notify_clone(a->rsc))
			snprintf(v[n].clone, sizeof(v[n].clone), "%s",
				 notify_clone(a->rsc)->id);
		n++;
	}
	sched_cluster_free(cl);
	*ret = v;
	*ret_n = n;
	*ret_total = total;
	return 0;
}
