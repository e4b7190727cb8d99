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
		n++;
	}
	sched_cluster_free(cl);
	*ret = v;
	*ret_n = n;
	*ret_total = total;
	return 0;
}
