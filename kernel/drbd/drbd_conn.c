// SPDX-License-Identifier: GPL-2.0-only
/*
 * drbd_conn.c - the connection to the peer: life cycle, connecting,
 * the handshake, the sync decision, and what happens when it breaks.
 */
#include <linux/delay.h>
#include <linux/inet.h>
#include <linux/random.h>
#include <linux/slab.h>
#include <linux/utsname.h>

#include "drbd_after_sb.h"
#include "drbd_fence.h"
#include "drbd_int.h"
#include "drbd_net.h"
#include "drbd_nl_net.h"

void drbd_net_conf_defaults(struct drbd_net_conf *c)
{
	memset(c, 0, sizeof(*c));
	c->protocol = DRBD_PROT_C;
	c->ping_int = 10;
	c->ping_timeo = 5;
	c->timeout = 60;
	c->ko_count = 7;
	c->connect_int = 2;
	drbd_rs_conf_defaults(&c->rs);
}

/* Superblock changes from connection threads: like any config change. */
void drbd_net_lock_cfg(void)
{
	mutex_lock(&drbd_cfg_mutex);
}

void drbd_conn_set_cstate(struct drbd_connection *conn, enum drbd_cstate cs)
{
	struct drbd_resource *resource = conn->resource;
	enum drbd_cstate old;
	unsigned long flags;

	spin_lock_irqsave(&conn->lock, flags);
	old = conn->cstate;
	conn->cstate = cs;
	if (cs < DRBD_CS_CONNECTED) {
		conn->peer_role = DRBD_ROLE_UNKNOWN;
		conn->peer_disk = DRBD_DS_DUNKNOWN;
	}
	spin_unlock_irqrestore(&conn->lock, flags);
	if (old != cs) {
		drbd_info(resource, "conn( %s -> %s )\n", drbd_cstate_name(old),
			  drbd_cstate_name(cs));
		drbd_notify(resource, DRBD_EV_CHANGED);
	}
}

/* Writes go to the peer: connected and the peer has a disk. */
bool drbd_conn_replicating(struct drbd_connection *conn)
{
	return conn && READ_ONCE(conn->cstate) >= DRBD_CS_CONNECTED &&
	       READ_ONCE(conn->peer_disk) >= DRBD_DS_INCONSISTENT &&
	       READ_ONCE(conn->peer_disk) != DRBD_DS_DUNKNOWN;
}

/* ---- sending ------------------------------------------------------------ */

int drbd_conn_send(struct drbd_connection *conn, struct socket **sockp,
		   struct mutex *mtx, unsigned int cmd, const void *body,
		   unsigned int body_len)
{
	u8 hdr[DRBD_WIRE_HDR_SIZE];
	struct kvec iov[2] = {
		{ .iov_base = hdr, .iov_len = sizeof(hdr) },
		{ .iov_base = (void *)body, .iov_len = body_len },
	};
	int err = -ENOTCONN;

	drbd_wire_put_hdr(hdr, cmd, body_len);
	mutex_lock(mtx);
	if (*sockp)
		err = drbd_sock_sendv(*sockp, iov, body_len ? 2 : 1, 0);
	mutex_unlock(mtx);
	return err;
}

/* Hold back partial segments (@on) or push them, if the socket is open. */
void drbd_conn_cork(struct socket **sockp, struct mutex *mtx, bool on)
{
	mutex_lock(mtx);
	if (*sockp)
		drbd_sock_cork(*sockp, on);
	mutex_unlock(mtx);
}

int drbd_send_block(struct drbd_connection *conn, bool meta, unsigned int cmd,
		    const struct drbd_wire_block *b)
{
	u8 body[DRBD_WIRE_BLOCK_SIZE];

	drbd_wire_put_block(body, b);
	if (meta)
		return drbd_conn_send(conn, &conn->meta, &conn->meta_mutex, cmd,
				      body, sizeof(body));
	return drbd_conn_send(conn, &conn->data, &conn->data_mutex, cmd, body,
			      sizeof(body));
}

static enum drbd_dstate my_disk(struct drbd_connection *conn)
{
	return READ_ONCE(conn->resource->device->disk_state);
}

int drbd_send_state(struct drbd_connection *conn)
{
	struct drbd_wire_state st = {
		.role = READ_ONCE(conn->resource->role),
		.disk = my_disk(conn),
		.cstate = READ_ONCE(conn->cstate),
		.flags = READ_ONCE(conn->resource->user_isp) ?
			 DRBD_STATE_F_USER_ISP : 0,
	};
	u8 body[DRBD_WIRE_STATE_SIZE];

	drbd_wire_put_state(body, &st);
	return drbd_conn_send(conn, &conn->data, &conn->data_mutex, P_STATE,
			      body, sizeof(body));
}

static bool crashed_primary(struct drbd_device *device)
{
	return device->ldev && (device->ldev->md.flags & DRBD_MDF_PRIMARY) &&
	       READ_ONCE(device->resource->role) != DRBD_ROLE_PRIMARY;
}

int drbd_send_uuids(struct drbd_connection *conn, unsigned int cmd)
{
	struct drbd_device *device = conn->resource->device;
	struct drbd_wire_uuids u = {};
	u8 body[DRBD_WIRE_UUIDS_SIZE];

	if (device->ldev) {
		memcpy(u.uuid, device->ldev->md.uuid, sizeof(u.uuid));
		if (crashed_primary(device))
			u.flags |= DRBD_UF_CRASHED_PRIMARY;
		if (my_disk(conn) < DRBD_DS_CONSISTENT)
			u.flags |= DRBD_UF_INCONSISTENT;
		if (device->ldev->md.flags & DRBD_MDF_YOUNG_PRIMARY)
			u.flags |= DRBD_UF_YOUNG_PRIMARY;
	}
	if (device->bitmap)
		u.bits_set = drbd_bm_weight(device->bitmap);
	if (READ_ONCE(conn->resource->role) == DRBD_ROLE_PRIMARY)
		u.flags |= DRBD_UF_PRIMARY;
	if (conn->conf.discard_my_data)
		u.flags |= DRBD_UF_DISCARD_MY_DATA;
	drbd_wire_put_uuids(body, &u);
	return drbd_conn_send(conn, &conn->data, &conn->data_mutex, cmd, body,
			      sizeof(body));
}

static int send_params(struct drbd_connection *conn)
{
	struct drbd_wire_params p = { .protocol = conn->conf.protocol };
	u8 body[DRBD_WIRE_PARAMS_SIZE];

	if (conn->conf.secret[0])
		p.flags |= DRBD_PF_AUTH;
	strscpy(p.verify_alg, conn->conf.verify_alg, sizeof(p.verify_alg));
	drbd_wire_put_params(body, &p);
	return drbd_conn_send(conn, &conn->data, &conn->data_mutex, P_PARAMS,
			      body, sizeof(body));
}

static int send_sizes(struct drbd_connection *conn)
{
	struct drbd_device *device = conn->resource->device;
	struct drbd_wire_sizes s = { .max_bio_bytes = DRBD_WIRE_MAX_DATA };
	u8 body[DRBD_WIRE_SIZES_SIZE];

	if (device->ldev) {
		s.lower_bytes = device->ldev->lower_bytes;
		s.data_bytes = device->ldev->md.data_bytes;
	}
	drbd_wire_put_sizes(body, &s);
	return drbd_conn_send(conn, &conn->data, &conn->data_mutex, P_SIZES,
			      body, sizeof(body));
}

/* ---- connecting --------------------------------------------------------- */

static int send_hello(struct socket *sock, u32 kind, u64 id)
{
	struct drbd_wire_hello h = {
		.sock_kind = kind,
		.proto_min = DRBD_PROTO_MIN,
		.proto_max = DRBD_PROTO_MAX,
		.conn_id = id,
	};
	u8 buf[DRBD_WIRE_HDR_SIZE + DRBD_WIRE_HELLO_SIZE];

	strscpy(h.host, utsname()->nodename, sizeof(h.host));
	drbd_wire_put_hdr(buf, P_HELLO, DRBD_WIRE_HELLO_SIZE);
	drbd_wire_put_hello(buf + DRBD_WIRE_HDR_SIZE, &h);
	return drbd_sock_send(sock, buf, sizeof(buf), 0);
}

static int recv_hello(struct drbd_connection *conn, struct socket *sock,
		      struct drbd_wire_hello *h)
{
	u8 body[DRBD_WIRE_HELLO_SIZE];
	struct drbd_wire_hdr hdr;
	int err;

	err = drbd_recv_packet(conn, sock, &hdr, body, sizeof(body));
	if (err)
		return err;
	if (hdr.cmd != P_HELLO)
		return -EPROTO;
	if (drbd_wire_get_hello(body, h))
		return -EPROTO;
	if (h->proto_min > DRBD_PROTO_MAX || h->proto_max < DRBD_PROTO_MIN) {
		drbd_err(conn->resource, "peer %s speaks protocol %u-%u, we %u-%u: cannot talk\n",
			 h->host, h->proto_min, h->proto_max, DRBD_PROTO_MIN,
			 DRBD_PROTO_MAX);
		return -EPROTO;
	}
	return 0;
}

/* Active side: open data, then meta; the peer answers on data. */
static int connect_active(struct drbd_connection *conn)
{
	struct socket *data = NULL, *meta = NULL;
	struct drbd_wire_hello h;
	u64 id = get_random_u64();
	int err;

	err = drbd_sock_connect(&conn->conf.peer_addr, conn->conf.connect_int,
				&data);
	if (err)
		return err;
	drbd_sock_set_timeouts(data, conn->conf.connect_int * HZ, 0);
	err = send_hello(data, DRBD_SOCK_DATA, id);
	if (err)
		goto fail;
	err = drbd_sock_connect(&conn->conf.peer_addr, conn->conf.connect_int,
				&meta);
	if (err)
		goto fail;
	err = send_hello(meta, DRBD_SOCK_META, id);
	if (!err)
		err = recv_hello(conn, data, &h);
	if (err)
		goto fail;
	conn->data = data;
	conn->meta = meta;
	return 0;
fail:
	drbd_sock_close(&meta);
	drbd_sock_close(&data);
	return err;
}

/* Passive side: accept until a data and a meta socket of one id arrive. */
static int connect_passive(struct drbd_connection *conn)
{
	struct socket *sock = NULL, *data = NULL;
	struct drbd_wire_hello h;
	u64 data_id = 0;
	unsigned long end = jiffies + conn->conf.connect_int * HZ;
	int err;

	if (!conn->listen) {
		err = drbd_sock_listen(&conn->conf.my_addr, &conn->listen);
		if (err) {
			drbd_err_ratelimited(conn->resource,
					     "cannot listen on %pI4:%u (error %d)\n",
					     &conn->conf.my_addr.sin_addr,
					     ntohs(conn->conf.my_addr.sin_port),
					     err);
			return err;
		}
	}
	while (time_before(jiffies, end) && !kthread_should_stop()) {
		err = drbd_sock_accept(conn->listen, 500, &sock);
		if (err == -EAGAIN)
			continue;
		if (err)
			break;
		drbd_sock_set_timeouts(sock, conn->conf.connect_int * HZ, 0);
		err = recv_hello(conn, sock, &h);
		if (err) {
			drbd_sock_close(&sock);
			continue;
		}
		if (h.sock_kind == DRBD_SOCK_DATA) {
			drbd_sock_close(&data);
			data = sock;
			data_id = h.conn_id;
			sock = NULL;
			continue;
		}
		if (!data || h.conn_id != data_id) {
			drbd_sock_close(&sock);
			continue;
		}
		err = send_hello(data, DRBD_SOCK_DATA, data_id);
		if (err)
			break;
		conn->data = data;
		conn->meta = sock;
		return 0;
	}
	drbd_sock_close(&sock);
	drbd_sock_close(&data);
	return -EAGAIN;
}

/* ---- handshake ---------------------------------------------------------- */

struct peer_info {
	struct drbd_wire_params params;
	struct drbd_wire_sizes sizes;
	struct drbd_wire_uuids uuids;
	struct drbd_wire_state state;
};

static int send_handshake(struct drbd_connection *conn)
{
	int err;

	err = send_params(conn);
	if (!err)
		err = send_sizes(conn);
	if (!err)
		err = drbd_send_uuids(conn, P_UUIDS);
	if (!err)
		err = drbd_send_state(conn);
	return err;
}

static int recv_handshake(struct drbd_connection *conn, struct peer_info *pi)
{
	static const unsigned int order[] = { P_PARAMS, P_SIZES, P_UUIDS,
					      P_STATE };
	u8 body[DRBD_WIRE_PARAMS_SIZE];
	struct drbd_wire_hdr hdr;
	int i, err;

	for (i = 0; i < ARRAY_SIZE(order); i++) {
		err = drbd_recv_packet(conn, conn->data, &hdr, body,
				       sizeof(body));
		if (err)
			return err;
		if (hdr.cmd != order[i]) {
			drbd_err(conn->resource, "handshake: expected %s, got %s\n",
				 drbd_packet_name(order[i]),
				 drbd_packet_name(hdr.cmd));
			return -EPROTO;
		}
		switch (hdr.cmd) {
		case P_PARAMS:
			if (drbd_wire_get_params(body, &pi->params))
				return -EPROTO;
			break;
		case P_SIZES:
			drbd_wire_get_sizes(body, &pi->sizes);
			break;
		case P_UUIDS:
			drbd_wire_get_uuids(body, &pi->uuids);
			break;
		case P_STATE:
			if (drbd_wire_get_state(body, &pi->state))
				return -EPROTO;
			break;
		}
	}
	return 0;
}

static const char prot_letter[] = "?ABC";

/* Refuse a peer whose settings do not fit ours; log which. */
static int check_peer(struct drbd_connection *conn, const struct peer_info *pi)
{
	struct drbd_resource *resource = conn->resource;
	struct drbd_device *device = resource->device;

	if (pi->params.protocol != conn->conf.protocol) {
		drbd_err(resource, "handshake refused: peer uses protocol %c, we use %c; set the same 'protocol' on both nodes\n",
			 prot_letter[pi->params.protocol & 3],
			 prot_letter[conn->conf.protocol & 3]);
		return -EINVAL;
	}
	if (device->ldev && resource->role == DRBD_ROLE_PRIMARY &&
	    pi->sizes.data_bytes < device->ldev->md.data_bytes) {
		drbd_err(resource, "handshake refused: peer's disk (%llu KiB) is smaller than ours (%llu KiB)\n",
			 pi->sizes.data_bytes >> 10,
			 device->ldev->md.data_bytes >> 10);
		return -EINVAL;
	}
	return 0;
}

/* The peer's State, at the handshake and whenever it sends one. */
void drbd_take_peer_state(struct drbd_connection *conn,
			  const struct drbd_wire_state *st)
{
	unsigned long flags;

	spin_lock_irqsave(&conn->lock, flags);
	conn->peer_role = st->role < DRBD_ROLE__COUNT ? st->role :
							DRBD_ROLE_UNKNOWN;
	conn->peer_disk = st->disk < DRBD_DS__COUNT ? st->disk :
						      DRBD_DS_DUNKNOWN;
	WRITE_ONCE(conn->peer_isp, !!(st->flags & DRBD_STATE_F_USER_ISP));
	spin_unlock_irqrestore(&conn->lock, flags);
}

static int handshake(struct drbd_connection *conn)
{
	struct peer_info pi;
	int err;

	drbd_sock_set_timeouts(conn->data, conn->conf.connect_int * HZ * 5,
			       conn->conf.connect_int * HZ * 5);
	if (conn->active) {
		err = send_handshake(conn);
		if (!err)
			err = recv_handshake(conn, &pi);
	} else {
		err = recv_handshake(conn, &pi);
		if (!err)
			err = send_handshake(conn);
	}
	if (err)
		return err;
	err = check_peer(conn, &pi);
	if (err)
		return err;
	memcpy(conn->peer_uuid, pi.uuids.uuid, sizeof(conn->peer_uuid));
	conn->peer_uuid_flags = pi.uuids.flags;
	conn->peer_bits_set = pi.uuids.bits_set;
	conn->peer_bytes = pi.sizes.data_bytes;
	strscpy(conn->peer_verify_alg, pi.params.verify_alg,
		sizeof(conn->peer_verify_alg));
	drbd_take_peer_state(conn, &pi.state);
	drbd_info(conn->resource, "handshake done: peer %s/%s, protocol %c\n",
		  drbd_role_name(conn->peer_role),
		  drbd_dstate_name(conn->peer_disk),
		  prot_letter[conn->conf.protocol & 3]);
	return 0;
}

/* ---- the sync decision -------------------------------------------------- */

void drbd_uuid_sync_side(struct drbd_connection *conn,
			 struct drbd_uuid_side *self,
			 struct drbd_uuid_side *peer)
{
	struct drbd_device *device = conn->resource->device;

	memset(self, 0, sizeof(*self));
	memset(peer, 0, sizeof(*peer));
	if (device->ldev)
		memcpy(self->uuid, device->ldev->md.uuid, sizeof(self->uuid));
	if (crashed_primary(device))
		self->flags |= DRBD_UUID_F_CRASHED_PRIMARY;
	if (conn->conf.discard_my_data)
		self->flags |= DRBD_UUID_F_DISCARD_MY_DATA;
	memcpy(peer->uuid, conn->peer_uuid, sizeof(peer->uuid));
	if (conn->peer_uuid_flags & DRBD_UF_CRASHED_PRIMARY)
		peer->flags |= DRBD_UUID_F_CRASHED_PRIMARY;
	if (conn->peer_uuid_flags & DRBD_UF_DISCARD_MY_DATA)
		peer->flags |= DRBD_UUID_F_DISCARD_MY_DATA;
}

/* Set or clear superblock flags; caller holds drbd_cfg_mutex. */
static void md_flags_update(struct drbd_device *device, u32 set, u32 clear)
{
	struct drbd_md_sb sb;

	if (!device->ldev)
		return;
	sb = device->ldev->md;
	sb.flags = (sb.flags | set) & ~clear;
	if (sb.flags == device->ldev->md.flags)
		return;
	if (!drbd_md_write_sb(device->ldev, &sb))
		device->ldev->md = sb;
}

/*
 * A split brain the rule table says a policy may resolve: the after-sb
 * policies pick the node that discards its changes, or none.
 */
static void after_split_brain(struct drbd_connection *conn,
			      struct drbd_uuid_result *res)
{
	struct drbd_resource *resource = conn->resource;
	struct drbd_device *device = resource->device;
	struct drbd_asb_side self = {}, peer = {};
	struct drbd_asb_result r;

	self.primary = READ_ONCE(resource->role) == DRBD_ROLE_PRIMARY;
	self.young_primary = device->ldev &&
			     (device->ldev->md.flags & DRBD_MDF_YOUNG_PRIMARY);
	self.changed = device->bitmap ? drbd_bm_weight(device->bitmap) : 0;
	peer.primary = conn->peer_uuid_flags & DRBD_UF_PRIMARY;
	peer.young_primary = conn->peer_uuid_flags & DRBD_UF_YOUNG_PRIMARY;
	peer.changed = conn->peer_bits_set;
	drbd_asb_decide(conn->conf.after_sb[0], conn->conf.after_sb[1],
			conn->conf.after_sb[2], &self, &peer, conn->active, &r);
	drbd_info(resource, "split brain (rule %d): after-sb-0pri %s, -1pri %s, -2pri %s; changed blocks %llu here, %llu on the peer: %s\n",
		  res->rule, drbd_asb_name(conn->conf.after_sb[0]),
		  drbd_asb_name(conn->conf.after_sb[1]),
		  drbd_asb_name(conn->conf.after_sb[2]), self.changed,
		  peer.changed, r.why);
	if (r.call_pri_lost)
		drbd_run_handler(conn, "pri-lost-after-sb",
				 conn->conf.h_pri_lost, false);
	if (r.outcome == DRBD_ASB_R_DISCARD_SELF) {
		res->verdict = DRBD_SYNC_TARGET_BITMAP;
		res->why = r.why;
	} else if (r.outcome == DRBD_ASB_R_DISCARD_PEER) {
		res->verdict = DRBD_SYNC_SOURCE_BITMAP;
		res->why = r.why;
	}
}

/*
 * Apply the rule table to our and the peer's identifiers and act on it.
 * Runs in the receiver (handshake, or new UUIDs from the peer) or in a
 * role change; both peers reach the matching verdict independently.
 */
void drbd_conn_decide(struct drbd_connection *conn, bool from_handshake)
{
	struct drbd_resource *resource = conn->resource;
	struct drbd_uuid_side self, peer;
	struct drbd_uuid_result res;

	drbd_uuid_sync_side(conn, &self, &peer);
	drbd_uuid_compare(&self, &peer, conn->active, &res);
	if (!from_handshake && res.verdict == DRBD_SYNC_NONE)
		return;
	/*
	 * Same generation, but one disk Inconsistent (invalidate while
	 * disconnected): the consistent side is the source, of its bitmap.
	 */
	if (res.verdict == DRBD_SYNC_NONE && resource->device->ldev &&
	    (resource->device->disk_state == DRBD_DS_INCONSISTENT) !=
	    !!(conn->peer_uuid_flags & DRBD_UF_INCONSISTENT)) {
		res.verdict = resource->device->disk_state ==
			      DRBD_DS_INCONSISTENT ? DRBD_SYNC_TARGET_BITMAP :
						     DRBD_SYNC_SOURCE_BITMAP;
		res.why = "same generation, one disk Inconsistent: the other is the source";
	}
	if (res.verdict == DRBD_SYNC_SPLIT_BRAIN)
		after_split_brain(conn, &res);
	/* connected again: the next split starts without an age */
	if (res.verdict <= DRBD_SYNC_TARGET_FULL)
		md_flags_update(resource->device, 0, DRBD_MDF_YOUNG_PRIMARY);
	drbd_info(resource, "uuids %016llX:%016llX peer %016llX:%016llX: %s (rule %d: %s)\n",
		  self.uuid[0], self.uuid[1], peer.uuid[0], peer.uuid[1],
		  drbd_sync_verdict_name(res.verdict), res.rule, res.why);
	switch (res.verdict) {
	case DRBD_SYNC_NONE:
		/* --discard-my-data holds for one decision that needs it */
		conn->conf.discard_my_data = false;
		drbd_conn_set_cstate(conn, DRBD_CS_CONNECTED);
		break;
	case DRBD_SYNC_SOURCE_BITMAP:
	case DRBD_SYNC_SOURCE_FULL:
		drbd_start_sync_source(conn,
				       res.verdict == DRBD_SYNC_SOURCE_FULL);
		break;
	case DRBD_SYNC_TARGET_BITMAP:
	case DRBD_SYNC_TARGET_FULL:
		drbd_start_sync_target(conn,
				       res.verdict == DRBD_SYNC_TARGET_FULL);
		break;
	default:
		if (res.verdict == DRBD_SYNC_SPLIT_BRAIN ||
		    res.verdict == DRBD_SYNC_SPLIT_BRAIN_FATAL)
			drbd_err(resource, "split brain detected (rule %d); staying StandAlone, no data changed; recover with 'drbdadm connect --discard-my-data %s' on the node to discard (see 'drbdadm status %s')\n",
				 res.rule, resource->name, resource->name);
		else
			drbd_err(resource, "refusing the connection: %s (rule %d); resolve by hand (see docs/generation-ids.md)\n",
				 drbd_sync_verdict_name(res.verdict), res.rule);
		conn->refused_verdict = res.verdict;
		conn->refused_rule = res.rule;
		conn->verdict_fatal = drbd_sync_verdict_name(res.verdict);
		if (res.verdict == DRBD_SYNC_SPLIT_BRAIN ||
		    res.verdict == DRBD_SYNC_SPLIT_BRAIN_FATAL)
			drbd_run_handler(conn, "split-brain",
					 conn->conf.h_split_brain, false);
		drbd_conn_lost(conn, "unresolvable data divergence");
	}
}

/* ---- losing the connection ---------------------------------------------- */

/* Any context that may sleep: end both sockets; the receiver cleans up. */
void drbd_conn_lost(struct drbd_connection *conn, const char *why)
{
	mutex_lock(&conn->sock_mutex);
	if (!conn->broken && (conn->data || conn->meta))
		drbd_warn(conn->resource, "connection lost: %s\n", why);
	conn->broken = true;
	if (conn->data)
		kernel_sock_shutdown(conn->data, SHUT_RDWR);
	if (conn->meta)
		kernel_sock_shutdown(conn->meta, SHUT_RDWR);
	mutex_unlock(&conn->sock_mutex);
}

static void release_sockets(struct drbd_connection *conn)
{
	mutex_lock(&conn->data_mutex);
	mutex_lock(&conn->meta_mutex);
	mutex_lock(&conn->sock_mutex);
	drbd_sock_close(&conn->data);
	drbd_sock_close(&conn->meta);
	conn->broken = false;
	conn->peer_bye = false;
	conn->peer_isp = false;
	mutex_unlock(&conn->sock_mutex);
	mutex_unlock(&conn->meta_mutex);
	mutex_unlock(&conn->data_mutex);
}

/*
 * A Primary that loses a peer with good data starts a new generation, so
 * that the peer's data is recognised as older on reconnect (rule 6).
 */
static void primary_lost_peer(struct drbd_connection *conn,
			      enum drbd_dstate peer_disk)
{
	struct drbd_resource *resource = conn->resource;
	struct drbd_device *device = resource->device;
	struct drbd_md_sb sb;

	if (READ_ONCE(resource->role) != DRBD_ROLE_PRIMARY ||
	    peer_disk != DRBD_DS_UP_TO_DATE || !device->ldev)
		return;
	sb = device->ldev->md;
	if (sb.uuid[DRBD_UUID_BITMAP])
		return;	/* already tracking changes since the peer's gen */
	drbd_uuid_new_current(sb.uuid, get_random_u64() | 1);
	sb.flags &= ~DRBD_MDF_YOUNG_PRIMARY;
	if (!drbd_md_write_sb(device->ldev, &sb))
		device->ldev->md = sb;
	drbd_info(resource, "peer lost while Primary: new current UUID %016llX\n",
		  sb.uuid[DRBD_UUID_CURRENT]);
}

static void set_susp(struct drbd_resource *resource, bool susp)
{
	if (READ_ONCE(resource->susp) == susp)
		return;
	WRITE_ONCE(resource->susp, susp);
	drbd_info(resource, "I/O %s\n", susp ? "frozen (fencing)" : "resumed");
	if (!susp)
		wake_up_all(&resource->susp_wait);
	drbd_notify(resource, DRBD_EV_CHANGED);
}

/* RESUME_IO: caller holds drbd_cfg_mutex. */
int drbd_resume_io(struct drbd_resource *resource, struct drbd_msg *msg)
{
	if (!READ_ONCE(resource->susp))
		return drbd_msg_set(msg, -EALREADY, "I/O is not frozen");
	set_susp(resource, false);
	return 0;
}

static bool must_fence(struct drbd_connection *conn,
		       enum drbd_dstate peer_disk, enum drbd_cstate cs)
{
	return conn->conf.fencing != DRBD_FENCING_DONT_CARE &&
	       !conn->standalone && cs >= DRBD_CS_CONNECTED &&
	       peer_disk == DRBD_DS_UP_TO_DATE &&
	       READ_ONCE(conn->resource->role) == DRBD_ROLE_PRIMARY;
}

/*
 * A Primary lost a peer with good data, and fencing is configured: run
 * the fence-peer handler (resource-and-stonith: with I/O frozen) and act
 * on its exit code.  Not with drbd_cfg_mutex held: the handler may run
 * drbdadm.
 */
static void fence_peer(struct drbd_connection *conn, enum drbd_dstate peer_disk,
		       enum drbd_cstate cs)
{
	struct drbd_resource *resource = conn->resource;
	struct drbd_device *device = resource->device;
	struct drbd_fence_result r;
	int code;

	if (!must_fence(conn, peer_disk, cs))
		return;
	code = drbd_run_handler(conn, "fence-peer", conn->conf.h_fence_peer,
				true);
	drbd_fence_interpret(conn->conf.fencing, code, &r);
	drbd_info(resource, "fence-peer exit code %d: %s\n", code, r.why);
	drbd_net_lock_cfg();
	if (r.peer_outdated)
		md_flags_update(device, DRBD_MDF_PEER_OUTDATED, 0);
	if (r.self_outdated && device->ldev) {
		md_flags_update(device, DRBD_MDF_OUTDATED, DRBD_MDF_UP_TO_DATE);
		device->disk_state = DRBD_DS_OUTDATED;
	}
	if (r.resume_io)
		set_susp(resource, false);
	mutex_unlock(&drbd_cfg_mutex);
}

static void stop_asender(struct drbd_connection *conn)
{
	if (conn->asender) {
		kthread_stop(conn->asender);
		put_task_struct(conn->asender);
		conn->asender = NULL;
	}
}

static void cleanup_connection(struct drbd_connection *conn)
{
	struct drbd_resource *resource = conn->resource;
	struct drbd_device *device = resource->device;
	enum drbd_dstate peer_disk = READ_ONCE(conn->peer_disk);
	enum drbd_cstate cs = READ_ONCE(conn->cstate);

	/* resource-and-stonith: no write completes until the peer is fenced */
	if (must_fence(conn, peer_disk, cs) &&
	    conn->conf.fencing == DRBD_FENCING_RESOURCE_AND_STONITH)
		set_susp(resource, true);
	drbd_conn_lost(conn, "closing");
	stop_asender(conn);
	WRITE_ONCE(conn->rs_running, false);
	drbd_ov_abort(conn, cs);
	drbd_wait_peer_writes(conn);
	cancel_delayed_work_sync(&conn->flush_work);
	drbd_fail_pending(conn);
	/* queued writes see the broken socket, or that they failed */
	flush_workqueue(conn->send_wq);
	release_sockets(conn);
	drbd_conn_set_cstate(conn, conn->standalone || conn->verdict_fatal ?
			     DRBD_CS_STANDALONE : DRBD_CS_CONNECTING);
	fence_peer(conn, peer_disk, cs);

	drbd_net_lock_cfg();
	if (drbd_get_ldev(device)) {
		if (cs >= DRBD_CS_CONNECTED)
			primary_lost_peer(conn, peer_disk);
		drbd_bm_write(device, false);
		drbd_put_ldev(device);
	}
	mutex_unlock(&drbd_cfg_mutex);
}

static int start_asender(struct drbd_connection *conn)
{
	struct task_struct *t;

	t = kthread_create(drbd_asender, conn, "drbd_a_%s",
			   conn->resource->name);
	if (IS_ERR(t))
		return PTR_ERR(t);
	get_task_struct(t);
	conn->asender = t;
	wake_up_process(t);
	return 0;
}

/* Sleep @secs, or less if we are told to stop. */
static void nap(unsigned int secs)
{
	unsigned long end = jiffies + secs * HZ;

	while (time_before(jiffies, end) && !kthread_should_stop())
		schedule_timeout_interruptible(HZ / 10);
}

static int establish(struct drbd_connection *conn)
{
	int err;

	err = conn->active ? connect_active(conn) : connect_passive(conn);
	if (err)
		return err;
	drbd_sock_set_timeouts(conn->meta, conn->conf.ping_int * HZ,
			       conn->conf.timeout * HZ / 10);
	return 0;
}

/* Returns false when the peer was refused (auth, handshake). */
static bool run_connection(struct drbd_connection *conn)
{
	int err;

	err = drbd_auth(conn);
	if (!err)
		err = handshake(conn);
	if (err)
		return false;
	/* after the handshake the receiver waits for as long as it takes */
	drbd_sock_set_timeouts(conn->data, MAX_SCHEDULE_TIMEOUT,
			       conn->conf.timeout * conn->conf.ko_count *
			       HZ / 10);
	conn->epoch = 1;
	conn->peer_epoch = 0;
	conn->close_epoch = false;
	conn->ack_seq = 0;
	conn->flushed_seq = 0;
	if (start_asender(conn))
		return false;
	drbd_net_lock_cfg();
	drbd_conn_decide(conn, true);
	mutex_unlock(&drbd_cfg_mutex);
	if (READ_ONCE(conn->verdict_fatal))
		return false;
	drbd_receive_loop(conn);
	return true;
}

static int drbd_receiver(void *arg)
{
	struct drbd_connection *conn = arg;
	bool refused;

	while (!kthread_should_stop()) {
		if (conn->verdict_fatal) {
			nap(1);
			continue;
		}
		drbd_conn_set_cstate(conn, DRBD_CS_CONNECTING);
		if (establish(conn)) {
			if (conn->active)
				nap(conn->conf.connect_int);
			continue;
		}
		drbd_info(conn->resource, "connected to %pI4:%u (%s side)\n",
			  &conn->conf.peer_addr.sin_addr,
			  ntohs(conn->conf.peer_addr.sin_port),
			  conn->active ? "active" : "passive");
		refused = !run_connection(conn);
		cleanup_connection(conn);
		/* a refused peer is not retried faster than connect-int */
		if (refused)
			nap(conn->conf.connect_int);
	}
	drbd_sock_close(&conn->listen);
	return 0;
}

/* ---- commands ----------------------------------------------------------- */

static bool addr_lower(const struct sockaddr_in *a, const struct sockaddr_in *b)
{
	u32 x = ntohl(a->sin_addr.s_addr), y = ntohl(b->sin_addr.s_addr);

	if (x != y)
		return x < y;
	return ntohs(a->sin_port) < ntohs(b->sin_port);
}

static struct drbd_connection *conn_alloc(struct drbd_resource *resource)
{
	struct drbd_connection *conn;

	conn = kzalloc(sizeof(*conn), GFP_KERNEL);
	if (!conn)
		return NULL;
	conn->wq = alloc_ordered_workqueue("drbd_ack_%s", WQ_MEM_RECLAIM,
					   resource->name);
	conn->send_wq = alloc_ordered_workqueue("drbd_w_%s", WQ_MEM_RECLAIM,
						resource->name);
	if (!conn->wq || !conn->send_wq) {
		if (conn->wq)
			destroy_workqueue(conn->wq);
		if (conn->send_wq)
			destroy_workqueue(conn->send_wq);
		kfree(conn);
		return NULL;
	}
	conn->resource = resource;
	spin_lock_init(&conn->lock);
	mutex_init(&conn->data_mutex);
	mutex_init(&conn->meta_mutex);
	mutex_init(&conn->sock_mutex);
	mutex_init(&conn->stop_mutex);
	INIT_LIST_HEAD(&conn->pending);
	INIT_LIST_HEAD(&conn->send_queue);
	INIT_LIST_HEAD(&conn->unconfirmed);
	INIT_LIST_HEAD(&conn->intervals);
	INIT_LIST_HEAD(&conn->done);
	init_waitqueue_head(&conn->iv_wait);
	init_waitqueue_head(&conn->drain_wait);
	init_waitqueue_head(&conn->rs_wait);
	INIT_WORK(&conn->ack_work, drbd_ack_work);
	INIT_WORK(&conn->send_work, drbd_send_work);
	INIT_DELAYED_WORK(&conn->flush_work, drbd_flush_ack_work);
	conn->cstate = DRBD_CS_STANDALONE;
	conn->peer_role = DRBD_ROLE_UNKNOWN;
	conn->peer_disk = DRBD_DS_DUNKNOWN;
	return conn;
}

static struct task_struct *conn_thread(struct drbd_connection *conn,
					int (*fn)(void *), const char *fmt)
{
	struct task_struct *t;

	t = kthread_create(fn, conn, fmt, conn->resource->name);
	if (IS_ERR(t))
		return t;
	get_task_struct(t);
	wake_up_process(t);
	return t;
}

static void stop_thread(struct task_struct **tp)
{
	if (!*tp)
		return;
	kthread_stop(*tp);
	put_task_struct(*tp);
	*tp = NULL;
}

/* CONNECT: caller holds drbd_cfg_mutex. */
int drbd_conn_connect(struct drbd_resource *resource,
		      const struct drbd_net_conf *conf, char *err, size_t len)
{
	struct drbd_connection *conn = resource->conn;
	struct task_struct *t;

	if (conf->discard_my_data && resource->role == DRBD_ROLE_PRIMARY) {
		snprintf(err, len, "--discard-my-data on a Primary; run 'drbdadm secondary %s' first",
			 resource->name);
		return -EBUSY;
	}
	/* refused at the handshake: StandAlone, the threads only wait */
	if (conn && conn->receiver && conn->verdict_fatal)
		drbd_conn_disconnect(resource);
	if (conn && conn->receiver) {
		snprintf(err, len, "already connecting or connected; run 'drbdadm disconnect %s' first",
			 resource->name);
		return -EBUSY;
	}
	if (!resource->device->ldev) {
		snprintf(err, len, "no lower device; run 'drbdadm attach %s' first",
			 resource->name);
		return -ENODEV;
	}
	if (!conn) {
		conn = conn_alloc(resource);
		if (!conn) {
			snprintf(err, len, "out of memory; try again");
			return -ENOMEM;
		}
		resource->conn = conn;
	}
	if (drbd_ov_conf(conn, conf->verify_alg, err, len))
		return -EINVAL;
	conn->conf = *conf;
	conn->standalone = false;
	conn->verdict_fatal = NULL;
	conn->refused_verdict = 0;
	conn->refused_rule = 0;
	conn->active = addr_lower(&conf->my_addr, &conf->peer_addr);
	drbd_conn_set_cstate(conn, DRBD_CS_CONNECTING);
	t = conn_thread(conn, drbd_receiver, "drbd_r_%s");
	if (IS_ERR(t))
		goto fail;
	conn->receiver = t;
	t = conn_thread(conn, drbd_resyncer, "drbd_s_%s");
	if (IS_ERR(t))
		goto fail;
	conn->resyncer = t;
	return 0;
fail:
	drbd_conn_disconnect(resource);
	snprintf(err, len, "cannot start the connection threads (error %ld)",
		 PTR_ERR(t));
	return PTR_ERR(t);
}

/*
 * DISCONNECT: caller holds drbd_cfg_mutex; the threads take it too, so
 * it is dropped while they stop.
 */
int drbd_conn_disconnect(struct drbd_resource *resource)
{
	struct drbd_connection *conn = resource->conn;

	if (!conn || !conn->receiver)
		return 0;
	conn->standalone = true;
	/*
	 * The writes we acknowledged become stable storage now rather than
	 * flush_ack_ms later: their FlushAck leaves on the meta socket ahead
	 * of the goodbye, and the peer reads the meta socket to its end
	 * before it lets go of them, so none is marked out of sync.
	 */
	flush_delayed_work(&conn->flush_work);
	drbd_conn_send(conn, &conn->data, &conn->data_mutex, P_DISCONNECT,
		       NULL, 0);
	mutex_unlock(&drbd_cfg_mutex);
	/* a second caller (detach during disconnect) waits here */
	mutex_lock(&conn->stop_mutex);
	drbd_conn_lost(conn, "disconnect requested");
	stop_thread(&conn->resyncer);
	stop_thread(&conn->receiver);
	drbd_conn_set_cstate(conn, DRBD_CS_STANDALONE);
	mutex_unlock(&conn->stop_mutex);
	mutex_lock(&drbd_cfg_mutex);
	return 0;
}

/* Resource deletion: threads are stopped (detach disconnected). */
void drbd_conn_free(struct drbd_resource *resource)
{
	struct drbd_connection *conn = resource->conn;

	if (!conn)
		return;
	drbd_conn_disconnect(resource);
	drbd_ov_free(conn);
	destroy_workqueue(conn->wq);
	destroy_workqueue(conn->send_wq);
	resource->conn = NULL;
	kfree(conn);
}

/*
 * After a role change (caller holds drbd_cfg_mutex): promotion while not
 * connected starts a new generation; a connected peer learns our UUIDs
 * and state and the rule table runs again (primary --force on a fresh
 * pair starts the initial full sync here).
 */
void drbd_conn_role_changed(struct drbd_resource *resource)
{
	struct drbd_connection *conn = resource->conn;
	struct drbd_device *device = resource->device;
	struct drbd_md_sb sb;

	if (!conn || !device->ldev)
		return;
	if (READ_ONCE(conn->cstate) < DRBD_CS_CONNECTED) {
		if (resource->role != DRBD_ROLE_PRIMARY)
			return;
		sb = device->ldev->md;
		drbd_uuid_new_current(sb.uuid, get_random_u64() | 1);
		sb.flags |= DRBD_MDF_YOUNG_PRIMARY;
		if (!drbd_md_write_sb(device->ldev, &sb))
			device->ldev->md = sb;
		drbd_info(resource, "promoted without a peer: new current UUID %016llX\n",
			  sb.uuid[DRBD_UUID_CURRENT]);
		return;
	}
	drbd_send_uuids(conn, P_UUIDS);
	drbd_send_state(conn);
	if (READ_ONCE(conn->cstate) == DRBD_CS_CONNECTED)
		drbd_conn_decide(conn, false);
}

/* ---- generation commands (caller holds drbd_cfg_mutex) ------------------ */

static bool conn_up(struct drbd_resource *resource)
{
	return resource->conn &&
	       READ_ONCE(resource->conn->cstate) >= DRBD_CS_CONNECTED;
}

/* OUTDATE: this node's data is known to be older than the peer's. */
int drbd_outdate(struct drbd_resource *resource, struct drbd_msg *msg)
{
	struct drbd_device *device = resource->device;

	if (!device->ldev)
		return drbd_msg_set(msg, -ENODEV,
				    "no lower device attached; nothing to outdate");
	if (resource->role == DRBD_ROLE_PRIMARY)
		return drbd_msg_set(msg, -EBUSY,
				    "a Primary cannot outdate its own data; run 'drbdadm secondary %s' first",
				    resource->name);
	if (conn_up(resource))
		return drbd_msg_set(msg, -EBUSY,
				    "connected to the peer, which decides by itself; run 'drbdadm disconnect %s' first",
				    resource->name);
	if (device->disk_state < DRBD_DS_OUTDATED)
		return 0;	/* Inconsistent is worse than Outdated */
	md_flags_update(device, DRBD_MDF_OUTDATED, DRBD_MDF_UP_TO_DATE);
	if (!(device->ldev->md.flags & DRBD_MDF_OUTDATED))
		return drbd_msg_set(msg, -EIO,
				    "cannot write the metadata; check the lower device");
	device->disk_state = DRBD_DS_OUTDATED;
	drbd_info(resource, "data marked Outdated\n");
	drbd_notify(resource, DRBD_EV_CHANGED);
	return 0;
}

/*
 * NEW_CURRENT_UUID: start a new data generation.  --clear-bitmap also
 * forgets the changes since the previous one (B = 0, bitmap cleared).
 */
int drbd_new_current_uuid(struct drbd_resource *resource, bool clear_bitmap,
			  struct drbd_msg *msg)
{
	struct drbd_device *device = resource->device;
	struct drbd_md_sb sb;

	if (!device->ldev)
		return drbd_msg_set(msg, -ENODEV,
				    "no lower device attached; run 'drbdadm attach %s' first",
				    resource->name);
	if (conn_up(resource))
		return drbd_msg_set(msg, -EBUSY,
				    "connected to the peer; run 'drbdadm disconnect %s' first",
				    resource->name);
	sb = device->ldev->md;
	if (clear_bitmap) {
		drbd_uuid_push_history(sb.uuid, sb.uuid[DRBD_UUID_BITMAP]);
		drbd_uuid_push_history(sb.uuid, sb.uuid[DRBD_UUID_CURRENT]);
		sb.uuid[DRBD_UUID_BITMAP] = 0;
		sb.uuid[DRBD_UUID_CURRENT] = get_random_u64() | 1;
	} else {
		drbd_uuid_new_current(sb.uuid, get_random_u64() | 1);
	}
	if (drbd_md_write_sb(device->ldev, &sb))
		return drbd_msg_set(msg, -EIO,
				    "cannot write the metadata; check the lower device");
	device->ldev->md = sb;
	if (clear_bitmap && device->bitmap) {
		drbd_bm_clear_bits(device->bitmap, 0, device->bitmap->nbits);
		drbd_bm_write(device, true);
	}
	drbd_info(resource, "new current UUID %016llX%s\n",
		  sb.uuid[DRBD_UUID_CURRENT],
		  clear_bitmap ? ", bitmap cleared" : "");
	drbd_notify(resource, DRBD_EV_CHANGED);
	return 0;
}
