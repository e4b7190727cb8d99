// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * pd_cluster.c - pacerd on Corosync: CPG membership and agreed-order
 * delivery, votequorum's quorate flag (through libquorum), node names from
 * cmap, the outgoing queue, and the sync round after membership changes.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>

#include <corosync/cmap.h>
#include <corosync/cpg.h>
#include <corosync/quorum.h>

#include "cib.h"
#include "pacerd.h"
#include "pacerd_sched.h"

static struct pacerd *the_pd;	/* the callbacks' context */
static const char group_name[] = "pacer";

const char *pd_node_name(struct pacerd *pd, uint32_t id)
{
	static char buf[16];

	for (int i = 0; i < pd->nnodes; i++)
		if (pd->nodes[i].id == id)
			return pd->nodes[i].name;
	snprintf(buf, sizeof(buf), "node%u", id);
	return buf;
}

static void read_nodelist(struct pacerd *pd)
{
	cmap_handle_t h;
	char key[128], *s;
	uint32_t id;

	if (cmap_initialize(&h) != CS_OK) {
		pd_warn("cmap: cannot connect; node names unknown");
		return;
	}
	pd->nnodes = 0;
	for (int i = 0; i < PD_MAX_NODES; i++) {
		snprintf(key, sizeof(key), "nodelist.node.%d.nodeid", i);
		if (cmap_get_uint32(h, key, &id) != CS_OK)
			break;
		pd->nodes[pd->nnodes].id = id;
		snprintf(key, sizeof(key), "nodelist.node.%d.name", i);
		if (cmap_get_string(h, key, &s) != CS_OK) {
			snprintf(key, sizeof(key), "nodelist.node.%d.ring0_addr",
				 i);
			if (cmap_get_string(h, key, &s) != CS_OK)
				s = NULL;
		}
		snprintf(pd->nodes[pd->nnodes].name,
			 sizeof(pd->nodes[0].name), "%s", s ? s : "?");
		free(s);
		pd->nnodes++;
	}
	if (cmap_get_string(h, "totem.cluster_name", &s) == CS_OK) {
		snprintf(pd->cluster_name, sizeof(pd->cluster_name), "%s", s);
		free(s);
	}
	cmap_finalize(h);
}

/* --- outgoing queue ------------------------------------------------------ */

int pd_send(struct pacerd *pd, enum pd_msg_type type, uint32_t reqid,
	    const char *payload, size_t len)
{
	struct pd_out *o = malloc(sizeof(*o) + sizeof(struct pd_msg_hdr) + len);
	struct pd_msg_hdr h = {
		.magic = PD_MSG_MAGIC, .type = type, .origin = pd->my_id,
		.reqid = reqid, .round = pd->round,
	};

	if (!o)
		return -ENOMEM;
	o->next = NULL;
	o->len = sizeof(h) + len;
	memcpy(o->data, &h, sizeof(h));
	memcpy(o->data + sizeof(h), payload, len);
	*pd->outq_tail = o;
	pd->outq_tail = &o->next;
	pd_cluster_flush(pd);
	return 0;
}

/* Send what CPG's flow control lets through; keep the rest queued. */
void pd_cluster_flush(struct pacerd *pd)
{
	while (pd->outq) {
		struct pd_out *o = pd->outq;
		struct iovec iov = { o->data, o->len };
		cs_error_t e = cpg_mcast_joined(pd->cpg, CPG_TYPE_AGREED, &iov,
						1);

		if (e == CS_ERR_TRY_AGAIN)
			return;
		if (e != CS_OK)
			pd_err("cpg_mcast_joined: error %d; message dropped",
			       e);
		pd->outq = o->next;
		if (!pd->outq)
			pd->outq_tail = &pd->outq;
		free(o);
	}
}

/* --- sync round ---------------------------------------------------------- */

static uint32_t members_digest(const uint32_t *m, int n)
{
	uint32_t h = 2166136261u;

	for (int i = 0; i < n; i++)
		for (int b = 0; b < 4; b++) {
			h ^= (m[i] >> (8 * b)) & 0xff;
			h *= 16777619u;
		}
	return h ? h : 1;
}

static int member_index(struct pacerd *pd, uint32_t id)
{
	for (int i = 0; i < pd->nmembers; i++)
		if (pd->members[i] == id)
			return i;
	return -1;
}

bool pd_nqp(struct pacerd *pd, const char *policy)
{
	char buf[32];
	const char *v = cib_doc_property(pd->cib, "no-quorum-policy", buf,
					 sizeof(buf));

	return !strcmp(v ? v : "stop", policy);
}

static void choose_dc(struct pacerd *pd)
{
	uint32_t dc = 0;

	if (pd->quorate || pd_nqp(pd, "ignore"))
		for (int i = 0; i < pd->nmembers; i++)
			if (!dc || pd->members[i] < dc)
				dc = pd->members[i];
	if (dc != pd->dc)
		pd_info("coordinator (DC) is now %s",
			dc ? pd_node_name(pd, dc) : "none (no quorum)");
	pd->dc = dc;
}

static void start_round(struct pacerd *pd)
{
	char *buf;
	size_t len;

	pd->syncing = true;
	pd->round = members_digest(pd->members, pd->nmembers);
	memset(pd->got_sync, 0, sizeof(pd->got_sync));
	xmlFreeDoc(pd->best);
	pd->best = NULL;
	pd->best_from = 0;
	if (cib_doc_dump(pd->cib, &buf, &len) == 0) {
		pd_send(pd, PD_MSG_SYNC, 0, buf, len);
		free(buf);
	}
}

static void finish_round(struct pacerd *pd)
{
	struct cib_version mine, best;

	cib_ver_get(pd->cib, &mine);
	cib_ver_get(pd->best, &best);
	if (cib_doc_digest(pd->best) != cib_doc_digest(pd->cib)) {
		pd_info("sync: taking the CIB of %s (%ld:%ld:%ld, ours "
			"%ld:%ld:%ld)", pd_node_name(pd, pd->best_from),
			best.admin_epoch, best.epoch, best.num_updates,
			mine.admin_epoch, mine.epoch, mine.num_updates);
		xmlFreeDoc(pd->cib);
		pd->cib = pd->best;
		pd->best = NULL;
		pd_cib_save(pd);
	}
	xmlFreeDoc(pd->best);
	pd->best = NULL;
	pd->syncing = false;
	for (int i = 0; i < pd->nheld; i++) {
		pd_cib_apply(pd, pd->held[i], pd->held_origin[i],
			     pd->held_reqid[i]);
		free(pd->held[i]);
	}
	pd->nheld = 0;
	pd_dc_update(pd);
}

static void on_sync(struct pacerd *pd, const struct pd_msg_hdr *h,
		    const char *payload, size_t len)
{
	int idx = member_index(pd, h->origin);
	struct cib_version v, b;
	xmlDoc *doc;

	if (!pd->syncing || h->round != pd->round || idx < 0 ||
	    pd->got_sync[idx])
		return;
	pd->got_sync[idx] = true;
	if (cib_doc_parse(payload, len, &doc)) {
		pd_warn("sync: unreadable CIB from %s: %s",
			pd_node_name(pd, h->origin), cib_strerror());
	} else {
		cib_ver_get(doc, &v);
		if (pd->best)
			cib_ver_get(pd->best, &b);
		if (!pd->best || cib_ver_cmp(&v, &b) > 0 ||
		    (cib_ver_cmp(&v, &b) == 0 && h->origin < pd->best_from)) {
			xmlFreeDoc(pd->best);
			pd->best = doc;
			pd->best_from = h->origin;
		} else {
			xmlFreeDoc(doc);
		}
	}
	for (int i = 0; i < pd->nmembers; i++)
		if (!pd->got_sync[i])
			return;
	if (!pd->best)
		pd->best = cib_doc_copy(pd->cib);
	finish_round(pd);
}

static void hold(struct pacerd *pd, const char *payload, uint32_t origin,
		 uint32_t reqid)
{
	int n = pd->nheld + 1;

	pd->held = realloc(pd->held, sizeof(*pd->held) * n);
	pd->held_origin = realloc(pd->held_origin, sizeof(uint32_t) * n);
	pd->held_reqid = realloc(pd->held_reqid, sizeof(uint32_t) * n);
	pd->held[pd->nheld] = strdup(payload);
	pd->held_origin[pd->nheld] = origin;
	pd->held_reqid[pd->nheld] = reqid;
	pd->nheld = n;
}

/* --- callbacks ----------------------------------------------------------- */

static void on_deliver(cpg_handle_t handle, const struct cpg_name *group,
		       uint32_t nodeid, uint32_t pid, void *msg,
		       size_t msg_len)
{
	struct pacerd *pd = the_pd;
	struct pd_msg_hdr h;
	char *payload;
	size_t plen;

	if (msg_len < sizeof(h))
		return;
	memcpy(&h, msg, sizeof(h));
	if (h.magic != PD_MSG_MAGIC || h.origin != nodeid)
		return;
	plen = msg_len - sizeof(h);
	payload = malloc(plen + 1);
	memcpy(payload, (char *)msg + sizeof(h), plen);
	payload[plen] = 0;
	switch (h.type) {
	case PD_MSG_TXN:
		if (pd->syncing)
			hold(pd, payload, h.origin, h.reqid);
		else
			pd_cib_apply(pd, payload, h.origin, h.reqid);
		break;
	case PD_MSG_SYNC:
		on_sync(pd, &h, payload, plen);
		break;
	case PD_MSG_EXEC:
		pd_exec_deliver(pd, payload);
		break;
	case PD_MSG_RESULT:
		if (pd->dc == pd->my_id && pd->inflight > 0)
			pd->inflight--;
		if (pd->syncing)
			hold(pd, payload, h.origin, 0);
		else
			pd_cib_apply(pd, payload, h.origin, 0);
		break;
	case PD_MSG_NOTIFIED:
		if (pd->dc == pd->my_id && pd->inflight > 0)
			pd->inflight--;
		if (!pd->syncing)
			pd_dc_update(pd);
		break;
	case PD_MSG_SHUTDOWN:
		pd_info("cluster stop requested by %s",
			pd_node_name(pd, h.origin));
		pd->stopping = true;
		break;
	}
	free(payload);
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

static void on_confchg(cpg_handle_t handle, const struct cpg_name *group,
		       const struct cpg_address *members, size_t nmembers,
		       const struct cpg_address *left, size_t nleft,
		       const struct cpg_address *joined, size_t njoined)
{
	struct pacerd *pd = the_pd;

	for (size_t i = 0; i < nleft; i++)
		pd_info("membership: %s left", pd_node_name(pd, left[i].nodeid));
	for (size_t i = 0; i < njoined; i++)
		pd_info("membership: %s joined",
			pd_node_name(pd, joined[i].nodeid));
	pd->nmembers = 0;
	for (size_t i = 0; i < nmembers && i < PD_MAX_NODES; i++)
		pd->members[pd->nmembers++] = members[i].nodeid;
	qsort(pd->members, pd->nmembers, sizeof(uint32_t), cmp_u32);
	if (njoined && pd->nnodes < pd->nmembers)
		read_nodelist(pd);
	choose_dc(pd);
	pd->inflight = 0;	/* results from lost nodes never come */
	pd->notify_phase = 0;	/* a held wave is planned again */
	/* Nodes only left: the members that remain delivered the same
	 * messages in the same order (virtual synchrony), so their CIBs are
	 * the same and no sync round is needed; the coordinator goes on at
	 * once.  A join (or a round still open) needs one. */
	if (!njoined && !pd->syncing) {
		pd_dc_update(pd);
		return;
	}
	start_round(pd);
}

static void on_quorum(quorum_handle_t handle, uint32_t quorate,
		      uint64_t ring_seq, uint32_t n, uint32_t *view)
{
	struct pacerd *pd = the_pd;

	if ((bool)quorate != pd->quorate)
		pd_info("quorum %s", quorate ? "gained" : "lost");
	pd->quorate = quorate;
	if (!quorate && pd_nqp(pd, "stop")) {
		pd_warn("no quorum and no-quorum-policy=stop: stopping the "
			"resources of %s", pd->my_name);
		pd_exec_stop_all(pd, false);
	}
	choose_dc(pd);
	if (!pd->syncing)
		pd_dc_update(pd);
}

/* --- connection ---------------------------------------------------------- */

int pd_cluster_connect(struct pacerd *pd)
{
	cpg_callbacks_t cb = { .cpg_deliver_fn = on_deliver,
			       .cpg_confchg_fn = on_confchg };
	quorum_callbacks_t qcb = { .quorum_notify_fn = on_quorum };
	struct cpg_name name;
	uint32_t qtype, q = 0;
	cs_error_t e;

	the_pd = pd;
	pd->outq_tail = &pd->outq;
	read_nodelist(pd);
	e = quorum_initialize(&pd->quorum, &qcb, &qtype);
	if (e != CS_OK)
		return -ECONNREFUSED;
	quorum_getquorate(pd->quorum, (int *)&q);
	pd->quorate = q;
	quorum_trackstart(pd->quorum, CS_TRACK_CHANGES);
	quorum_fd_get(pd->quorum, &pd->quorum_fd);
	e = cpg_initialize(&pd->cpg, &cb);
	if (e != CS_OK)
		return -ECONNREFUSED;
	cpg_local_get(pd->cpg, &pd->my_id);
	snprintf(pd->my_name, sizeof(pd->my_name), "%s",
		 pd_node_name(pd, pd->my_id));
	name.length = sizeof(group_name) - 1;
	memcpy(name.value, group_name, name.length);
	do {
		e = cpg_join(pd->cpg, &name);
	} while (e == CS_ERR_TRY_AGAIN);
	if (e != CS_OK)
		return -EIO;
	cpg_fd_get(pd->cpg, &pd->cpg_fd);
	pd_info("joined CPG group '%s' as %s (node id %u), quorum %s",
		group_name, pd->my_name, pd->my_id,
		pd->quorate ? "yes" : "no");
	return 0;
}

int pd_cluster_dispatch_cpg(struct pacerd *pd)
{
	cs_error_t e = cpg_dispatch(pd->cpg, CS_DISPATCH_ALL);

	return e == CS_OK || e == CS_ERR_TRY_AGAIN ? 0 : -EIO;
}

int pd_cluster_dispatch_quorum(struct pacerd *pd)
{
	cs_error_t e = quorum_dispatch(pd->quorum, CS_DISPATCH_ALL);

	return e == CS_OK || e == CS_ERR_TRY_AGAIN ? 0 : -EIO;
}

void pd_cluster_close(struct pacerd *pd)
{
	struct cpg_name name;

	name.length = sizeof(group_name) - 1;
	memcpy(name.value, group_name, name.length);
	if (!pd->cs_dead)
		cpg_leave(pd->cpg, &name);
	cpg_finalize(pd->cpg);
	quorum_finalize(pd->quorum);
}
