/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * pacerd.h - the cluster daemon: one per node, on Corosync 3.
 *
 * Membership and ordering come from CPG (group "pacer", agreed order),
 * quorum from votequorum, node names from cmap's nodelist.  The CIB is
 * replicated by multicasting every transaction; each node applies them in
 * delivery order.  After every membership change each member multicasts
 * its CIB (a sync round); once a member has the CIBs of all members it
 * adopts the newest (highest version, ties to the lowest node id) and then
 * applies the transactions delivered during the round, so all members
 * leave the round with the same CIB.
 *
 * The coordinator (DC) is the lowest node id of the agreed membership when
 * the partition is quorate.  It records membership in the CIB (nodes and
 * node_state) and runs the scheduler through pacerd_sched.h.
 */
#ifndef PACERD_H
#define PACERD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <libxml/tree.h>

#define PD_MAX_NODES 64
#define PD_MSG_MAGIC 0x50434552u	/* "PCER" */

enum pd_msg_type {
	PD_MSG_TXN = 1,		/* a CIB transaction */
	PD_MSG_SYNC = 2,	/* a member's CIB after a membership change */
	PD_MSG_SHUTDOWN = 3,	/* cluster stop --all */
	PD_MSG_EXEC = 4,	/* coordinator -> executor: run an action */
	PD_MSG_RESULT = 5,	/* executor result (a status transaction) */
	PD_MSG_NOTIFIED = 6,	/* executor: a notify call finished */
};

struct pd_msg_hdr {
	uint32_t magic;
	uint32_t type;
	uint32_t origin;	/* node id of the sender */
	uint32_t reqid;		/* sender's request id, 0 if none */
	uint32_t round;		/* SYNC: the membership digest it answers */
	uint32_t pad;
};

struct pd_node {
	uint32_t id;
	char name[128];
};

struct pd_out {			/* a message waiting for CPG flow control */
	struct pd_out *next;
	size_t len;
	char data[];
};

struct pd_pending {		/* a client waiting for its transaction */
	struct pd_pending *next;
	uint32_t reqid;
	int fd;
};

struct pacerd {
	const char *state_dir;
	char cib_path[512];
	xmlDoc *cib;
	uint32_t my_id;
	char my_name[128];
	char cluster_name[128];

	/* configured nodes (cmap nodelist) */
	struct pd_node nodes[PD_MAX_NODES];
	int nnodes;

	/* agreed CPG membership */
	uint32_t members[PD_MAX_NODES];
	int nmembers;
	bool quorate;
	uint32_t dc;		/* 0: none */

	/* sync round */
	bool syncing;
	uint32_t round;
	bool got_sync[PD_MAX_NODES];	/* indexed like members[] */
	xmlDoc *best;
	uint32_t best_from;
	char **held;			/* TXN payloads held during the round */
	uint32_t *held_origin, *held_reqid;
	int nheld;

	uint64_t cpg, quorum, cmap, vq;
	int cpg_fd, quorum_fd, listen_fd;
	struct pd_out *outq, **outq_tail;
	struct pd_pending *pending;
	uint32_t next_reqid;
	bool stopping;
	bool cs_dead;

	/* coordinator */
	int inflight;		/* exec messages without a result yet */
	long next_recheck_ms;	/* monotonic ms of the next timed run */
	bool recheck_is_interval;	/* ... set by cluster-recheck-interval */
	int notify_phase;	/* 0, 1 pre sent, 2 wave sent, 3 post sent */
	struct pd_action *nacts;	/* the wave held for notifications */
	int nnacts;
	long inflight_deadline;	/* monotonic seconds */
	bool was_quorate;
};

/* log.c-style helpers in pacerd.c */
void pd_log(const char *level, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int pd_log_fd(void);
#define pd_info(...) pd_log("info", __VA_ARGS__)
#define pd_warn(...) pd_log("warning", __VA_ARGS__)
#define pd_err(...) pd_log("error", __VA_ARGS__)

/* pd_cluster.c: Corosync */
int pd_cluster_connect(struct pacerd *pd);
int pd_cluster_dispatch_cpg(struct pacerd *pd);
int pd_cluster_dispatch_quorum(struct pacerd *pd);
void pd_cluster_flush(struct pacerd *pd);
int pd_send(struct pacerd *pd, enum pd_msg_type type, uint32_t reqid,
	    const char *payload, size_t len);
const char *pd_node_name(struct pacerd *pd, uint32_t id);
bool pd_nqp(struct pacerd *pd, const char *policy);
void pd_cluster_close(struct pacerd *pd);

/* pd_fence.c: run the fence devices that can fence node */
int pd_fence(struct pacerd *pd, const char *node, const char *action,
	     char *msg, size_t msglen);

/* pd_ipc.c: the local socket */
int pd_ipc_listen(struct pacerd *pd);
void pd_ipc_accept(struct pacerd *pd);
void pd_ipc_txn_done(struct pacerd *pd, uint32_t reqid, int rc,
		     const char *msg);

/* pd_cib.c: the replicated CIB */
int pd_cib_load(struct pacerd *pd);
int pd_cib_apply(struct pacerd *pd, const char *payload, uint32_t origin,
		 uint32_t reqid);
void pd_cib_save(struct pacerd *pd);
void pd_dc_update(struct pacerd *pd);
long pd_mono_ms(void);

#endif
