/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * sched_model.h - the scheduler's model of a cluster: nodes, resources,
 * constraints, the status read from a CIB, and the actions of a transition.
 *
 * The pipeline (sched_run) is: cib_parse -> sched_unpack_status ->
 * sched_score -> sched_assign -> sched_actions -> sched_order ->
 * sched_print.  Every stage is a pure function of the model.
 */
#ifndef SCHED_MODEL_H
#define SCHED_MODEL_H

#include <stdbool.h>
#include <stdio.h>

#define SCHED_INF 1000000
#define SCHED_MAX_INSTANCES 4096	/* clone-max accepted */

enum sched_role {
	ROLE_UNKNOWN = 0,
	ROLE_STOPPED,
	ROLE_STARTED,
	ROLE_UNPROMOTED,
	ROLE_PROMOTED,
};

enum sched_kind {
	KIND_PRIMITIVE,
	KIND_GROUP,
	KIND_CLONE,
};

struct sched_nvpair {
	char *name;
	char *value;
};

/* An ordered list of name=value pairs; a later set overrides nothing. */
struct sched_attrs {
	struct sched_nvpair *v;
	int n;
};

struct sched_node {
	char *id;
	char *uname;
	int idx;
	bool seen;		/* has a node_state */
	bool online;
	bool unclean;
	const char *unclean_reason;	/* why it must be fenced */
	bool standby;
	bool shutdown;
	bool maintenance;
	struct sched_attrs attrs;	/* node + transient attributes */
	int num_resources;		/* running + assigned, tie breaker */
	int count;			/* instances of the clone being placed */
};

struct sched_action;

struct sched_rsc {
	char *id;
	char *base_id;		/* id without ":N" for clone instances */
	enum sched_kind kind;
	char *rclass, *provider, *type;
	struct sched_rsc *parent;
	struct sched_rsc **children;
	int nchildren;
	int order;		/* position in configuration */
	struct sched_attrs meta;

	/* meta attributes, resolved with inheritance and defaults */
	int stickiness;
	int migration_threshold;
	int failure_timeout;
	bool managed;
	bool restart_dependent;	/* legacy restart-type=restart */
	enum sched_role target_role;

	/* clones */
	int clone_max, clone_node_max;
	int promoted_max, promoted_node_max;
	bool unique, interleave, promotable, ordered, notify;
	int instance;		/* clone instance number, -1 otherwise */
	struct sched_rsc *tmpl;	/* clones: the configured member */
	bool orphan;

	/* status */
	struct sched_node **running_on;
	int nrunning;
	enum sched_role role;
	bool failed;
	bool stop_failed;
	bool pending;
	int *failcount;		/* per node */
	bool *known_on;		/* has history (probed) per node */

	/* scores */
	int *weight;		/* per node; valid where allowed[] */
	bool *allowed;
	bool assigning;
	bool merging;
	bool assigned;
	struct sched_node *next;
	enum sched_role next_role;
	int promotion_score;
	bool frozen_role;
	bool off_allowed;	/* clone instance active where not allowed */	/* role cannot change (node not fenceable) */

	/* actions on this resource (primitives and collectives) */
	struct sched_action **actions;
	int nactions;
};

enum sched_task {
	TASK_START,
	TASK_STOP,
	TASK_PROMOTE,
	TASK_DEMOTE,
	TASK_RUNNING,
	TASK_STOPPED,
	TASK_PROMOTED,
	TASK_DEMOTED,
	TASK_MONITOR,
	TASK_FENCE,
	TASK_NR,
};

#define ACT_OPTIONAL	0x1
#define ACT_RUNNABLE	0x2
#define ACT_PSEUDO	0x4

struct sched_action {
	int id;
	enum sched_task task;
	struct sched_rsc *rsc;
	struct sched_node *node;
	unsigned flags;
	char *reason;
	struct sched_order **after;	/* orderings where this is "then" */
	int nafter;
	struct sched_order **before;	/* orderings where this is "first" */
	int nbefore;
};

/* Order flags. */
#define ORD_OPTIONAL		0x00
#define ORD_IMPLIES_THEN	0x01	/* first required -> then required */
#define ORD_IMPLIES_FIRST	0x02	/* then required -> first required */
#define ORD_RUNNABLE_LEFT	0x04	/* first unrunnable -> then unrunnable */
#define ORD_RESTART		0x08	/* stop->start of one resource */
#define ORD_ONE_OR_MORE		0x10	/* then runnable if any first is */
#define ORD_BLOCKS_THEN		0x20	/* first blocked on a node -> then blocked */

struct sched_order {
	struct sched_action *first;
	struct sched_action *then;
	unsigned flags;
};

/* A configured order constraint between two resources. */
struct sched_order_cons {
	char *id;
	struct sched_rsc *first, *then;
	enum sched_task first_task, then_task;
	bool mandatory;		/* kind=Mandatory or score > 0 */
	bool optional;		/* kind=Optional or score 0 */
	bool symmetrical;
};

struct sched_coloc {
	char *id;
	struct sched_rsc *dependent, *primary;
	int score;
	enum sched_role dependent_role, primary_role;
};

struct sched_rule;

/* A location constraint: a node and a score, or a rule (cib_rule.c). */
struct sched_location {
	char *id;
	struct sched_rsc *rsc;
	struct sched_node *node;
	int score;
	enum sched_role role;
	struct sched_rule *rule;
	char *score_attr;	/* rule score taken from a node attribute */
};

struct sched_cluster {
	/* properties */
	bool stonith_enabled;
	bool symmetric;
	bool have_quorum;
	enum { NQP_STOP, NQP_IGNORE, NQP_FREEZE, NQP_SUICIDE } no_quorum_policy;
	bool start_failure_fatal;
	bool have_fencing;	/* stonith enabled and a stonith device */
	bool per_op_failcounts;	/* fail-count-RSC#OP_INTERVAL (>= 3.0.13) */
	struct sched_attrs rsc_defaults;
	struct sched_attrs op_defaults;

	struct sched_node **nodes;
	int nnodes;
	struct sched_rsc **resources;	/* top level, configuration order */
	int nresources;
	struct sched_rsc **prims;	/* every primitive incl. instances */
	int nprims;
	struct sched_location *locs;
	int nlocs;
	struct sched_coloc *colocs;
	int ncolocs;
	int *coloc_by_primary;		/* colocs in this-with order */
	int *coloc_by_dependent;	/* colocs in with-this order */
	struct sched_order_cons *orders;
	int norders;

	struct sched_action **actions;
	int nactions;
	struct sched_order **orderings;
	int norderings;

	FILE *scores_out;	/* allocation scores go here when set */
	char errbuf[512];
};

/* cib_parse.c */
int cib_load_file(const char *path, struct sched_cluster **ret_cl);
struct cib_injections;
int cib_load_file_inject(const char *path, const struct cib_injections *inj,
			 struct sched_cluster **ret_cl);
int cib_load_memory(const char *buf, int len, struct sched_cluster **ret_cl);
void sched_cluster_free(struct sched_cluster *cl);
const char *cib_last_error(void);
struct sched_rsc *cib_copy_instance(struct sched_cluster *cl,
				    struct sched_rsc *t, int inst);
struct sched_rsc *cib_new_orphan(struct sched_cluster *cl, const char *id,
				 const char *cls, const char *provider,
				 const char *type);
void cib_add_child(struct sched_rsc *p, struct sched_rsc *c);
void cib_collect_prims(struct sched_cluster *cl, struct sched_rsc *r);
int cib_resolve_meta(struct sched_cluster *cl, struct sched_rsc *r);

/* cib_rule.c */
bool sched_location_applies(const struct sched_location *l,
			    const struct sched_node *n, int *ret_score);

/* sched_util.c */
int sched_add_scores(int a, int b);
int sched_parse_score(const char *s, int *ret);
const char *sched_score_str(int score, char *buf, size_t len);
const char *sched_role_name(enum sched_role role);
int sched_parse_role(const char *s, enum sched_role *ret);
const char *sched_attr_get(const struct sched_attrs *a, const char *name);
void sched_attr_set(struct sched_attrs *a, const char *name, const char *value);
void sched_attrs_free(struct sched_attrs *a);
bool sched_is_true(const char *s);
struct sched_node *sched_find_node(struct sched_cluster *cl, const char *uname);
struct sched_rsc *sched_find_rsc(struct sched_cluster *cl, const char *id);
bool sched_node_can_run(const struct sched_node *n);
bool sched_rsc_on_unfenceable(const struct sched_cluster *cl,
			      const struct sched_rsc *r);
void *sched_xrealloc(void *p, size_t size);
char *sched_xstrdup(const char *s);
void sched_rsc_add_running(struct sched_rsc *r, struct sched_node *n);
bool sched_rsc_running_on(const struct sched_rsc *r, const struct sched_node *n);
struct sched_rsc *sched_top(struct sched_rsc *r);
bool sched_rsc_is_active(const struct sched_rsc *r);
struct sched_node *sched_rsc_current(const struct sched_rsc *r);

/* cib_status.c */
int sched_unpack_status(struct sched_cluster *cl, void *xml_status);

/* sched_score.c */
void sched_score(struct sched_cluster *cl);

/* sched_assign.c */
void sched_assign(struct sched_cluster *cl);
struct sched_node *sched_assign_rsc(struct sched_cluster *cl,
				    struct sched_rsc *r);
void sched_apply_coloc(struct sched_cluster *cl, struct sched_rsc *dep,
		       const struct sched_coloc *c);
void sched_merged_weights(struct sched_cluster *cl, struct sched_rsc *r,
			  int *out);
void sched_print_scores(struct sched_cluster *cl, const char *fn,
			struct sched_rsc *r);

/* sched_clone.c */
struct sched_node *sched_clone_assign(struct sched_cluster *cl,
				      struct sched_rsc *clone);

/* sched_promotable.c */
void sched_promotable_assign(struct sched_cluster *cl,
			     struct sched_rsc *clone);

/* sched_actions.c */
void sched_create_actions(struct sched_cluster *cl);
struct sched_action *sched_find_action(struct sched_rsc *r,
				       enum sched_task task,
				       struct sched_node *node);
struct sched_action *sched_new_action(struct sched_cluster *cl,
				      struct sched_rsc *r,
				      enum sched_task task,
				      struct sched_node *node, bool optional);
const char *sched_task_name(enum sched_task t);

/* sched_order.c */
void sched_add_order(struct sched_cluster *cl, struct sched_action *first,
		     struct sched_action *then, unsigned flags);
void sched_order_constraints(struct sched_cluster *cl);
void sched_propagate(struct sched_cluster *cl);
void sched_set_reason(struct sched_action *a, const char *reason, bool force);

/* sched_print.c */
void sched_print_summary(struct sched_cluster *cl, FILE *out);
void sched_print_status(struct sched_cluster *cl, FILE *out);
void sched_print_actions(struct sched_cluster *cl, FILE *out);

/* sched.c */
int sched_run(struct sched_cluster *cl);

#endif
