// SPDX-License-Identifier: GPL-2.0-only
/*
 * drbd_receiver.c - what arrives from the peer: the data socket (writes,
 * resync, bitmap, UUIDs, state), the meta socket (acks, pings), and the
 * acks this node sends for writes it applied.
 */
#include <linux/blkdev.h>
#include <linux/module.h>
#include <linux/slab.h>

#include "drbd_int.h"
#include "drbd_net.h"

/* Header, checked against the table, and the fixed body into @body. */
int drbd_recv_packet(struct drbd_connection *conn, struct socket *sock,
		     struct drbd_wire_hdr *hdr, void *body, size_t body_max)
{
	const struct drbd_packet_info *pi;
	u8 buf[DRBD_WIRE_HDR_SIZE];
	enum drbd_wire_error werr;
	int err;

	err = drbd_sock_recv(sock, buf, sizeof(buf));
	if (err)
		return err;
	werr = drbd_wire_check_hdr(buf, hdr);
	if (werr) {
		drbd_err(conn->resource, "bad packet from peer: %s\n",
			 drbd_wire_strerror(werr));
		return -EPROTO;
	}
	pi = drbd_packet_info(hdr->cmd);
	if (pi->body_size > body_max) {
		drbd_err(conn->resource, "unexpected %s from peer\n", pi->name);
		return -EPROTO;
	}
	hdr->len -= pi->body_size;	/* from here on: payload bytes */
	if (!pi->body_size)
		return 0;
	return drbd_sock_recv(sock, body, pi->body_size);
}

/* ---- writes from the peer ------------------------------------------------ */

static void free_peer_req(struct drbd_peer_req *pr)
{
	unsigned int i;

	if (pr->bio)
		bio_put(pr->bio);
	for (i = 0; i < pr->npages; i++)
		if (pr->pages[i])
			__free_page(pr->pages[i]);
	kfree(pr->pages);
	kfree(pr);
}

static struct drbd_peer_req *alloc_peer_req(struct drbd_connection *conn,
					    const struct drbd_wire_block *b,
					    bool payload)
{
	struct drbd_peer_req *pr;
	unsigned int i;

	pr = kzalloc(sizeof(*pr), GFP_NOIO);
	if (!pr)
		return NULL;
	pr->conn = conn;
	pr->block_id = b->block_id;
	pr->wire_flags = b->flags;
	pr->iv.sector = b->sector;
	pr->iv.size = b->size;
	INIT_LIST_HEAD(&pr->iv.list);
	if (!payload)
		return pr;
	pr->npages = DIV_ROUND_UP(b->size, PAGE_SIZE);
	pr->pages = kcalloc(pr->npages, sizeof(*pr->pages), GFP_NOIO);
	if (!pr->pages)
		goto fail;
	for (i = 0; i < pr->npages; i++) {
		pr->pages[i] = alloc_page(GFP_NOIO);
		if (!pr->pages[i])
			goto fail;
	}
	return pr;
fail:
	free_peer_req(pr);
	return NULL;
}

static int recv_payload(struct drbd_connection *conn, struct drbd_peer_req *pr)
{
	unsigned int i, left = pr->iv.size, n;
	int err;

	for (i = 0; i < pr->npages; i++, left -= n) {
		n = min_t(unsigned int, left, PAGE_SIZE);
		err = drbd_sock_recv_page(conn->data, pr->pages[i], n);
		if (err)
			return err;
	}
	atomic64_add(pr->iv.size >> 9, &conn->nr);
	return 0;
}

static void peer_write_endio(struct bio *bio)
{
	struct drbd_peer_req *pr = bio->bi_private;
	struct drbd_connection *conn = pr->conn;
	unsigned long flags;

	if (bio->bi_status) {
		set_bit(PR_FAILED, &pr->flags);
		drbd_err_ratelimited(conn->resource, "lower device write error %d at sector %llu (peer write)\n",
				     blk_status_to_errno(bio->bi_status),
				     (unsigned long long)pr->iv.sector);
	}
	atomic_dec(&conn->resource->device->stats.lo);
	spin_lock_irqsave(&conn->lock, flags);
	list_add_tail(&pr->list, &conn->done);
	spin_unlock_irqrestore(&conn->lock, flags);
	queue_work(conn->wq, &conn->ack_work);
}

static blk_opf_t peer_opf(u32 flags)
{
	if (flags & DRBD_DP_DISCARD)
		return REQ_OP_DISCARD;
	if (flags & DRBD_DP_ZEROES)
		return REQ_OP_WRITE_ZEROES;
	return REQ_OP_WRITE | ((flags & DRBD_DP_FUA) ? REQ_FUA : 0) |
	       ((flags & DRBD_DP_FLUSH) ? REQ_PREFLUSH : 0);
}

/* Submit a received write; its completion goes to the ack work. */
static void submit_peer_write(struct drbd_connection *conn,
			      struct drbd_peer_req *pr)
{
	struct drbd_device *device = conn->resource->device;
	unsigned int i, left = pr->iv.size, n;
	struct bio *bio;

	bio = bio_alloc(device->ldev->bdev, pr->npages, peer_opf(pr->wire_flags),
			GFP_NOIO);
	bio->bi_iter.bi_sector = pr->iv.sector;
	bio->bi_private = pr;
	bio->bi_end_io = peer_write_endio;
	for (i = 0; i < pr->npages; i++, left -= n) {
		n = min_t(unsigned int, left, PAGE_SIZE);
		__bio_add_page(bio, pr->pages[i], n, 0);
	}
	if (!pr->npages)
		bio->bi_iter.bi_size = pr->iv.size;
	pr->bio = bio;
	bio_get(bio);
	atomic64_add(pr->iv.size >> 9, &device->stats.dw_sectors);
	atomic_inc(&device->stats.lo);
	submit_bio_noacct(bio);
	bio_put(bio);
}

static void drain_epoch(struct drbd_connection *conn)
{
	wait_event(conn->drain_wait, !atomic_read(&conn->peer_writes));
}

/*
 * Does @b have to wait until every earlier write is done here?  A write of
 * a new epoch may depend on a write of an older one that completed on the
 * Primary.  Under protocol C that completion included our WriteAck, sent
 * once the write was done here, so the order is kept without waiting:
 * only protocols A and B, which complete before we wrote, drain.
 */
static bool must_drain(struct drbd_connection *conn,
		       const struct drbd_wire_block *b)
{
	if (conn->conf.protocol == DRBD_PROT_C)
		return false;
	return b->epoch != conn->peer_epoch || (b->flags & DRBD_DP_FLUSH);
}

/* P_DATA and P_RS_DATA_REPLY: receive, order, submit. */
static int recv_write(struct drbd_connection *conn,
		      const struct drbd_wire_hdr *hdr,
		      const struct drbd_wire_block *b, bool resync)
{
	struct drbd_device *device = conn->resource->device;
	bool payload = !(b->flags & (DRBD_DP_DISCARD | DRBD_DP_ZEROES));
	struct drbd_peer_req *pr;
	int err;

	pr = alloc_peer_req(conn, b, payload);
	if (!pr)
		return -ENOMEM;
	err = payload ? recv_payload(conn, pr) : 0;
	if (err) {
		free_peer_req(pr);
		return err;
	}
	if (resync) {
		set_bit(PR_RESYNC, &pr->flags);
		pr->wire_flags = 0;
	} else if (must_drain(conn, b)) {
		/* everything of the previous epoch is on disk first */
		drain_epoch(conn);
		conn->peer_epoch = b->epoch;
	}
	if (!drbd_get_ldev(device)) {
		free_peer_req(pr);
		return drbd_send_block(conn, true,
				       resync ? P_RS_NEG_REPLY : P_NEG_ACK, b);
	}
	drbd_iv_insert_wait(conn, &pr->iv);
	atomic_inc(&conn->peer_writes);
	if (!resync && (b->flags & DRBD_DP_SEND_RECV_ACK))
		drbd_send_block(conn, true, P_RECV_ACK, b);
	submit_peer_write(conn, pr);
	return 0;
}

/* P_BARRIER with FLUSH: an empty flush of the Primary's application. */
static int recv_barrier(struct drbd_connection *conn,
			const struct drbd_wire_block *b)
{
	struct drbd_device *device = conn->resource->device;
	int err = 0;

	if (must_drain(conn, b))
		drain_epoch(conn);
	if ((b->flags & DRBD_DP_FLUSH) && drbd_get_ldev(device)) {
		err = blkdev_issue_flush(device->ldev->bdev);
		drbd_put_ldev(device);
	}
	return drbd_send_block(conn, true, err ? P_NEG_ACK : P_BARRIER_ACK, b);
}

/*
 * A WriteAck says the write completed, which with a volatile disk cache
 * is not yet stable storage.  The Primary keeps every write we acked
 * until a FlushAck covers it, and marks the uncovered ones out of sync if
 * the connection breaks (our power may have failed).  So, flush_ack_ms
 * after acking, we flush the disk and confirm everything acked before.
 */
static unsigned int flush_ack_ms = 100;
module_param(flush_ack_ms, uint, 0644);
MODULE_PARM_DESC(flush_ack_ms,
		 "ms from a WriteAck to the flush that confirms it (FlushAck)");

void drbd_flush_ack_work(struct work_struct *work)
{
	struct drbd_connection *conn = container_of(to_delayed_work(work),
						    struct drbd_connection,
						    flush_work);
	struct drbd_device *device = conn->resource->device;
	struct drbd_wire_block b = { .size = 512 };
	u32 seq = READ_ONCE(conn->ack_seq);	/* those writes completed */
	int err;

	if (seq == conn->flushed_seq || !drbd_get_ldev(device))
		return;
	err = blkdev_issue_flush(device->ldev->bdev);
	drbd_put_ldev(device);
	if (err) {
		/* unconfirmed: marked out of sync on the Primary at a break */
		drbd_err_ratelimited(conn->resource, "disk flush failed (%d); the peer keeps our recent writes unconfirmed\n",
				     err);
		return;
	}
	conn->flushed_seq = seq;
	b.seq = seq;
	drbd_send_block(conn, true, P_FLUSH_ACK, &b);
	if (READ_ONCE(conn->ack_seq) != seq)
		queue_delayed_work(conn->send_wq, &conn->flush_work,
				   msecs_to_jiffies(flush_ack_ms));
}

/* Completed writes: ack them, outside of interrupt context. */
void drbd_ack_work(struct work_struct *work)
{
	struct drbd_connection *conn =
		container_of(work, struct drbd_connection, ack_work);
	struct drbd_device *device = conn->resource->device;
	struct drbd_peer_req *pr, *tmp;
	struct drbd_wire_block b;
	LIST_HEAD(list);
	bool batch, acked = false;

	spin_lock_irq(&conn->lock);
	list_splice_init(&conn->done, &list);
	spin_unlock_irq(&conn->lock);
	/* the acks of one batch leave in as few segments as they fit in */
	batch = !list_is_singular(&list);
	if (batch)
		drbd_conn_cork(&conn->meta, &conn->meta_mutex, true);
	list_for_each_entry_safe(pr, tmp, &list, list) {
		memset(&b, 0, sizeof(b));
		b.sector = pr->iv.sector;
		b.size = pr->iv.size;
		b.block_id = pr->block_id;
		if (test_bit(PR_RESYNC, &pr->flags))
			drbd_rs_written(conn, pr);
		else if (test_bit(PR_FAILED, &pr->flags))
			drbd_send_block(conn, true, P_NEG_ACK, &b);
		else if (pr->wire_flags & DRBD_DP_SEND_WRITE_ACK) {
			b.seq = ++conn->ack_seq;
			drbd_send_block(conn, true, P_WRITE_ACK, &b);
			acked = true;
		}
		drbd_iv_remove(conn, &pr->iv);
		drbd_put_ldev(device);
		free_peer_req(pr);
		if (atomic_dec_and_test(&conn->peer_writes))
			wake_up(&conn->drain_wait);
	}
	if (batch)
		drbd_conn_cork(&conn->meta, &conn->meta_mutex, false);
	if (acked)
		queue_delayed_work(conn->send_wq, &conn->flush_work,
				   msecs_to_jiffies(flush_ack_ms));
}

/* Before tearing a connection down: every received write is done. */
void drbd_wait_peer_writes(struct drbd_connection *conn)
{
	drain_epoch(conn);
	flush_workqueue(conn->wq);
}

/* ---- the data socket ------------------------------------------------------ */

static int recv_bitmap(struct drbd_connection *conn,
		       const struct drbd_wire_hdr *hdr, const u8 *body)
{
	struct drbd_device *device = conn->resource->device;
	struct drbd_wire_bitmap bmh;
	u8 *buf;
	int err;

	drbd_wire_get_bitmap(body, &bmh);
	buf = kmalloc(DRBD_WIRE_MAX_BM_CHUNK, GFP_NOIO);
	if (!buf)
		return -ENOMEM;
	err = drbd_sock_recv(conn->data, buf, hdr->len);
	if (!err && device->bitmap && !(hdr->len % 8))
		drbd_bm_merge_le(device->bitmap, bmh.offset, buf, hdr->len);
	kfree(buf);
	return err;
}

static void recv_uuids(struct drbd_connection *conn, const u8 *body)
{
	struct drbd_wire_uuids u;

	drbd_wire_get_uuids(body, &u);
	drbd_net_lock_cfg();
	memcpy(conn->peer_uuid, u.uuid, sizeof(conn->peer_uuid));
	conn->peer_uuid_flags = u.flags;
	conn->peer_bits_set = u.bits_set;
	if (READ_ONCE(conn->cstate) == DRBD_CS_CONNECTED)
		drbd_conn_decide(conn, false);
	mutex_unlock(&drbd_cfg_mutex);
}

static int recv_state(struct drbd_connection *conn, const u8 *body)
{
	struct drbd_wire_state st;
	bool isp;

	if (drbd_wire_get_state(body, &st))
		return -EPROTO;
	isp = st.flags & DRBD_STATE_F_USER_ISP;
	if (isp != READ_ONCE(conn->peer_isp))
		drbd_info(conn->resource, "resync %s on the peer (%s there)\n",
			  isp ? "paused" : "resumed",
			  isp ? "pause-sync" : "resume-sync");
	drbd_take_peer_state(conn, &st);
	if (READ_ONCE(conn->cstate) == DRBD_CS_SYNC_SOURCE &&
	    st.disk == DRBD_DS_UP_TO_DATE)
		drbd_rs_source_finished(conn);
	if (st.cstate < DRBD_CS__COUNT)
		drbd_ov_peer_state(conn, st.cstate);
	drbd_notify(conn->resource, DRBD_EV_CHANGED);
	return 0;
}

/*
 * The peer said goodbye on the data socket.  What it sent on the meta
 * socket before (the FlushAck of its last writes) is still in flight or
 * queued there: let the asender read it up to the end of the stream,
 * which ends the connection, before unconfirmed writes are marked out of
 * sync.  A second at most.
 */
static void wait_meta_eof(struct drbd_connection *conn)
{
	unsigned long end = jiffies + HZ;

	if (!conn->asender)	/* still in the handshake */
		return;
	WRITE_ONCE(conn->peer_bye, true);
	while (!READ_ONCE(conn->broken) && time_before(jiffies, end) &&
	       !kthread_should_stop())
		schedule_timeout_interruptible(HZ / 50);
}

static int dispatch(struct drbd_connection *conn, struct drbd_wire_hdr *hdr,
		    u8 *body)
{
	struct drbd_wire_block b;
	struct drbd_wire_uuids u;
	struct drbd_wire_state st;

	if (drbd_packet_info(hdr->cmd)->body_size == DRBD_WIRE_BLOCK_SIZE) {
		drbd_wire_get_block(body, &b);
		hdr->len += DRBD_WIRE_BLOCK_SIZE;
		if (drbd_wire_check_block(hdr, &b))
			return -EPROTO;
		hdr->len -= DRBD_WIRE_BLOCK_SIZE;
	}
	switch (hdr->cmd) {
	case P_DATA:
		return recv_write(conn, hdr, &b, false);
	case P_RS_DATA_REPLY:
		atomic_dec(&conn->rs_in_flight);
		return recv_write(conn, hdr, &b, true);
	case P_BARRIER:
		return recv_barrier(conn, &b);
	case P_RS_DATA_REQUEST:
		return drbd_rs_serve(conn, &b);
	case P_OV_REQUEST:
		return drbd_ov_serve(conn, hdr, &b);
	case P_OV_REPLY:
		return drbd_ov_got_reply(conn, hdr, &b);
	case P_RS_NEG_REPLY:
		if (READ_ONCE(conn->cstate) == DRBD_CS_VERIFY_S) {
			drbd_ov_got_neg(conn, &b);
			return 0;
		}
		atomic_dec(&conn->rs_in_flight);
		drbd_err_ratelimited(conn->resource, "peer could not read sector %llu for resync\n",
				     b.sector);
		return 0;
	case P_BITMAP:
		return recv_bitmap(conn, hdr, body);
	case P_UUIDS:
		recv_uuids(conn, body);
		return 0;
	case P_SYNC_UUID:
		drbd_wire_get_uuids(body, &u);
		drbd_got_sync_uuid(conn, u.uuid);
		return 0;
	case P_STATE:
		return recv_state(conn, body);
	case P_STATE_REQ:
		if (drbd_wire_get_state(body, &st))
			return -EPROTO;
		return drbd_got_state_req(conn, &st);
	case P_DISCONNECT:
		drbd_info(conn->resource, "peer disconnected\n");
		wait_meta_eof(conn);
		return -ECONNRESET;
	}
	drbd_err(conn->resource, "unexpected %s on the data socket\n",
		 drbd_packet_name(hdr->cmd));
	return -EPROTO;
}

/*
 * The receiver holds a block plug: the writes it submits while more
 * packets are waiting in the socket go to the lower device together when
 * it next sleeps (the socket ran dry), one batch and one notification to
 * the disk instead of one per write.
 */
int drbd_receive_loop(struct drbd_connection *conn)
{
	u8 body[DRBD_WIRE_PARAMS_SIZE];
	struct drbd_wire_hdr hdr;
	struct blk_plug plug;
	int err;

	blk_start_plug(&plug);
	for (;;) {
		err = drbd_recv_packet(conn, conn->data, &hdr, body,
				       sizeof(body));
		if (!err)
			err = dispatch(conn, &hdr, body);
		if (err)
			break;
	}
	blk_finish_plug(&plug);
	if (err != -ECONNRESET || !READ_ONCE(conn->broken))
		drbd_conn_lost(conn, err == -ECONNRESET ? "peer closed the connection" :
			       "error on the data socket");
	return err;
}

/* ---- the meta socket ------------------------------------------------------ */

/* Receive @len bytes at *@off; -EAGAIN keeps what arrived so far. */
static int meta_recv(struct socket *sock, u8 *buf, size_t len, size_t *off)
{
	struct msghdr msg = {};
	struct kvec iov;
	int ret;

	while (*off < len) {
		iov.iov_base = buf + *off;
		iov.iov_len = len - *off;
		iov_iter_kvec(&msg.msg_iter, ITER_DEST, &iov, 1, iov.iov_len);
		msg.msg_flags = MSG_NOSIGNAL;
		ret = sock_recvmsg(sock, &msg, MSG_NOSIGNAL);
		if (ret == 0)
			return -ECONNRESET;
		if (ret < 0)
			return ret;
		*off += ret;
	}
	return 0;
}

static void meta_dispatch(struct drbd_connection *conn, unsigned int cmd,
			  const u8 *body)
{
	struct drbd_wire_block b;

	switch (cmd) {
	case P_PING:
		drbd_conn_send(conn, &conn->meta, &conn->meta_mutex, P_PING_ACK,
			       NULL, 0);
		return;
	case P_PING_ACK:
		conn->ping_pending = false;
		return;
	case P_RS_WRITE_ACK:
		drbd_wire_get_block(body, &b);
		drbd_rs_got_ack(conn, &b);
		return;
	case P_STATE_REPLY:
		drbd_got_state_reply(conn, body);
		return;
	case P_FLUSH_ACK:
		drbd_wire_get_block(body, &b);
		drbd_got_flush_ack(conn, &b);
		return;
	}
	drbd_wire_get_block(body, &b);
	drbd_got_ack(conn, cmd, &b);
}

/* One packet from the meta socket, pinging a silent peer meanwhile. */
static int meta_packet(struct drbd_connection *conn, struct drbd_wire_hdr *hdr,
		       u8 *body)
{
	u8 buf[DRBD_WIRE_HDR_SIZE + DRBD_WIRE_BLOCK_SIZE];
	const struct drbd_packet_info *pi;
	size_t off = 0;
	int err;

	for (;;) {
		err = meta_recv(conn->meta, buf, DRBD_WIRE_HDR_SIZE, &off);
		if (err != -EAGAIN)
			break;
		if (off || kthread_should_stop())
			return -EIO;
		if (conn->ping_pending)
			return -ETIMEDOUT;
		conn->ping_pending = true;
		conn->ping_sent = jiffies;
		drbd_sock_set_timeouts(conn->meta,
				       max(1u, conn->conf.ping_timeo) * HZ / 10, 0);
		err = drbd_conn_send(conn, &conn->meta, &conn->meta_mutex,
				     P_PING, NULL, 0);
		if (err)
			return err;
	}
	if (err)
		return err;
	if (drbd_wire_check_hdr(buf, hdr))
		return -EPROTO;
	pi = drbd_packet_info(hdr->cmd);
	if (pi->sock != DRBD_SOCK_META || hdr->len > DRBD_WIRE_BLOCK_SIZE)
		return -EPROTO;
	off = 0;
	do {
		err = meta_recv(conn->meta, body, hdr->len, &off);
	} while (err == -EAGAIN && !kthread_should_stop());
	return err;
}

static bool ping_late(struct drbd_connection *conn)
{
	return conn->ping_pending &&
	       time_after(jiffies, conn->ping_sent +
			  max(1u, conn->conf.ping_timeo) * HZ / 10);
}

int drbd_asender(void *arg)
{
	struct drbd_connection *conn = arg;
	u8 body[DRBD_WIRE_BLOCK_SIZE];
	struct drbd_wire_hdr hdr;
	const char *why = NULL;
	int err;

	conn->ping_pending = false;
	while (!kthread_should_stop()) {
		err = meta_packet(conn, &hdr, body);
		if (err == -ETIMEDOUT || (!err && ping_late(conn))) {
			why = "peer did not answer a ping in time (ping-timeout)";
			break;
		}
		if (err) {
			why = err == -ECONNRESET && READ_ONCE(conn->peer_bye) ?
			      "peer closed the connection" :
			      "error on the meta socket";
			break;
		}
		if (!conn->ping_pending)
			drbd_sock_set_timeouts(conn->meta,
					       conn->conf.ping_int * HZ, 0);
		meta_dispatch(conn, hdr.cmd, body);
		if (drbd_ko_expired(conn)) {
			why = "peer did not acknowledge a write within timeout * ko-count";
			break;
		}
	}
	if (why)
		drbd_conn_lost(conn, why);
	while (!kthread_should_stop())
		schedule_timeout_interruptible(HZ / 10);
	return 0;
}
