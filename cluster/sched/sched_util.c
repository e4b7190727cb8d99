// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * sched_util.c - scores, roles, attribute lists and small lookups shared
 * by the scheduler's stages.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sched_model.h"

/* Allocation helpers: the scheduler cannot continue without memory. */
void *sched_xrealloc(void *p, size_t size)
{
	void *q = realloc(p, size ? size : 1);

	if (!q) {
		fprintf(stderr, "pacer: out of memory\n");
		abort();
	}
	return q;
}

char *sched_xstrdup(const char *s)
{
	size_t n;
	char *d;

	if (!s)
		return NULL;
	n = strlen(s) + 1;
	d = sched_xrealloc(NULL, n);
	memcpy(d, s, n);
	return d;
}

/* Score addition: -INFINITY wins over everything, then +INFINITY. */
int sched_add_scores(int a, int b)
{
	long s;

	if (a <= -SCHED_INF || b <= -SCHED_INF)
		return -SCHED_INF;
	if (a >= SCHED_INF || b >= SCHED_INF)
		return SCHED_INF;
	s = (long)a + b;
	if (s >= SCHED_INF)
		return SCHED_INF - 1;
	if (s <= -SCHED_INF)
		return -SCHED_INF + 1;
	return (int)s;
}

/* Parse "INFINITY", "+INFINITY", "-INFINITY" or an integer. */
int sched_parse_score(const char *s, int *ret)
{
	char *end;
	long v;

	if (!s || !*s)
		return -22;
	if (!strcasecmp(s, "INFINITY") || !strcasecmp(s, "+INFINITY")) {
		*ret = SCHED_INF;
		return 0;
	}
	if (!strcasecmp(s, "-INFINITY")) {
		*ret = -SCHED_INF;
		return 0;
	}
	v = strtol(s, &end, 10);
	if (end == s || *end)
		return -22;
	if (v > SCHED_INF)
		v = SCHED_INF;
	if (v < -SCHED_INF)
		v = -SCHED_INF;
	*ret = (int)v;
	return 0;
}

const char *sched_score_str(int score, char *buf, size_t len)
{
	if (score >= SCHED_INF)
		return "INFINITY";
	if (score <= -SCHED_INF)
		return "-INFINITY";
	snprintf(buf, len, "%d", score);
	return buf;
}

const char *sched_role_name(enum sched_role role)
{
	switch (role) {
	case ROLE_STOPPED:
		return "Stopped";
	case ROLE_STARTED:
		return "Started";
	case ROLE_UNPROMOTED:
		return "Unpromoted";
	case ROLE_PROMOTED:
		return "Promoted";
	default:
		return "Unknown";
	}
}

int sched_parse_role(const char *s, enum sched_role *ret)
{
	if (!strcasecmp(s, "Stopped"))
		*ret = ROLE_STOPPED;
	else if (!strcasecmp(s, "Started"))
		*ret = ROLE_STARTED;
	else if (!strcasecmp(s, "Unpromoted") || !strcasecmp(s, "Slave"))
		*ret = ROLE_UNPROMOTED;
	else if (!strcasecmp(s, "Promoted") || !strcasecmp(s, "Master"))
		*ret = ROLE_PROMOTED;
	else
		return -22;
	return 0;
}

const char *sched_attr_get(const struct sched_attrs *a, const char *name)
{
	for (int i = 0; i < a->n; i++)
		if (!strcmp(a->v[i].name, name))
			return a->v[i].value;
	return NULL;
}

/* Set name=value, replacing an earlier value of the same name. */
void sched_attr_set(struct sched_attrs *a, const char *name, const char *value)
{
	for (int i = 0; i < a->n; i++) {
		if (!strcmp(a->v[i].name, name)) {
			free(a->v[i].value);
			a->v[i].value = sched_xstrdup(value);
			return;
		}
	}
	a->v = sched_xrealloc(a->v, (a->n + 1) * sizeof(*a->v));
	a->v[a->n].name = sched_xstrdup(name);
	a->v[a->n].value = sched_xstrdup(value);
	a->n++;
}

void sched_attrs_free(struct sched_attrs *a)
{
	for (int i = 0; i < a->n; i++) {
		free(a->v[i].name);
		free(a->v[i].value);
	}
	free(a->v);
	a->v = NULL;
	a->n = 0;
}

bool sched_is_true(const char *s)
{
	return s && (!strcasecmp(s, "true") || !strcasecmp(s, "on") ||
		     !strcasecmp(s, "yes") || !strcasecmp(s, "y") ||
		     !strcmp(s, "1"));
}

struct sched_node *sched_find_node(struct sched_cluster *cl, const char *uname)
{
	for (int i = 0; i < cl->nnodes; i++)
		if (!strcmp(cl->nodes[i]->uname, uname))
			return cl->nodes[i];
	for (int i = 0; i < cl->nnodes; i++)
		if (!strcmp(cl->nodes[i]->id, uname))
			return cl->nodes[i];
	return NULL;
}

static struct sched_rsc *find_in(struct sched_rsc *r, const char *id)
{
	if (!strcmp(r->id, id))
		return r;
	for (int i = 0; i < r->nchildren; i++) {
		struct sched_rsc *f = find_in(r->children[i], id);

		if (f)
			return f;
	}
	return NULL;
}

struct sched_rsc *sched_find_rsc(struct sched_cluster *cl, const char *id)
{
	for (int i = 0; i < cl->nresources; i++) {
		struct sched_rsc *f = find_in(cl->resources[i], id);

		if (f)
			return f;
	}
	return NULL;
}

/* Whether a node may host resources at all. */
bool sched_node_can_run(const struct sched_node *n)
{
	return n && n->online && !n->unclean && !n->standby &&
	       !n->shutdown && !n->maintenance;
}

void sched_rsc_add_running(struct sched_rsc *r, struct sched_node *n)
{
	if (sched_rsc_running_on(r, n))
		return;
	r->running_on = sched_xrealloc(r->running_on,
				       (r->nrunning + 1) * sizeof(n));
	r->running_on[r->nrunning++] = n;
	if (r->kind == KIND_PRIMITIVE)
		n->num_resources++;
	if (r->parent)
		sched_rsc_add_running(r->parent, n);
}

bool sched_rsc_running_on(const struct sched_rsc *r, const struct sched_node *n)
{
	for (int i = 0; i < r->nrunning; i++)
		if (r->running_on[i] == n)
			return true;
	return false;
}

struct sched_rsc *sched_top(struct sched_rsc *r)
{
	while (r->parent)
		r = r->parent;
	return r;
}

bool sched_rsc_is_active(const struct sched_rsc *r)
{
	return r->nrunning > 0;
}

struct sched_node *sched_rsc_current(const struct sched_rsc *r)
{
	return r->nrunning ? r->running_on[0] : NULL;
}

/* Is r active on an unclean node that cannot be fenced (so it is stuck)? */
bool sched_rsc_on_unfenceable(const struct sched_cluster *cl,
			      const struct sched_rsc *r)
{
	if (cl->have_fencing)
		return false;
	for (int i = 0; i < r->nrunning; i++)
		if (r->running_on[i]->unclean)
			return true;
	return false;
}
