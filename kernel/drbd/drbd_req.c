// SPDX-License-Identifier: GPL-2.0-only
/*
 * drbd_req.c - the peer leg of an application write on the Primary,
 * conflict detection, and what a write does while there is no peer.
 *
 * A write that may be replicated gets a drbd_peer_req: it waits for
 * overlapping writes in flight (conflict detection), takes one more leg
 * on the request, goes on conn->pending and is sent as Data.  The leg
 * completes per protocol: A when sent, B on RecvAck, C on WriteAck.  It
 * leaves conn->pending on WriteAck for conn->unconfirmed, and leaves that
 * when the peer's FlushAck says its disk flushed it; if the connection
 * breaks first, the blocks it touched are marked out of sync.
 */
#include <linux/blkdev.h>
#include <linux/slab.h>

#include "drbd_int.h"
#include "drbd_net.h"

static struct drbd_bitmap *device_bitmap(struct drbd_connection *conn)
{
	return conn->resource->device->bitmap;
}

/* ---- conflict detection -------------------------------------------------- */

static bool overlaps(const struct drbd_interval *a,
		     const struct drbd_interval *b)
{
	return a->sector < b->sector + (b->size >> 9) &&
	       b->sector < a->sector + (a->size >> 9);
}

static bool iv_try_insert(struct drbd_connection *conn,
			  struct drbd_interval *iv)
{
	struct drbd_interval *other;
	unsigned long flags;
	bool ok = true;

	spin_lock_irqsave(&conn->lock, flags);
	list_for_each_entry(other, &conn->intervals, list)
		if (overlaps(iv, other)) {
			ok = false;
			break;
		}
	if (ok)
		list_add_tail(&iv->list, &conn->intervals);
	spin_unlock_irqrestore(&conn->lock, flags);
	return ok;
}

/* Wait until no I/O in flight overlaps @iv, then claim its range. */
void drbd_iv_insert_wait(struct drbd_connection *conn, struct drbd_interval *iv)
{
	if (!iv->size) {
		INIT_LIST_HEAD(&iv->list);
		return;
	}
	wait_event(conn->iv_wait, iv_try_insert(conn, iv));
}

void drbd_iv_remove(struct drbd_connection *conn, struct drbd_interval *iv)
{
	unsigned long flags;

	if (list_empty(&iv->list))
		return;
	spin_lock_irqsave(&conn->lock, flags);
	list_del_init(&iv->list);
	spin_unlock_irqrestore(&conn->lock, flags);
	wake_up_all(&conn->iv_wait);
}

/* ---- without a peer: mark the bitmap -------------------------------------- */

/*
 * The blocks of @bio will differ from the peer's: set their bits.  True
 * when a bit was new: the bitmap must be written (drbd_bm_defer() before
 * the data, so that a crash cannot lose the mark; drbd_bm_kick() after).
 */
static bool mark_out_of_sync(struct drbd_device *device, struct bio *bio)
{
	struct drbd_connection *conn = device->resource->conn;

	if (!device->bitmap || !bio_sectors(bio))
		return false;
	if (!drbd_bm_set_sectors(device->bitmap, bio->bi_iter.bi_sector,
				 bio_sectors(bio)))
		return false;
	if (conn)
		atomic64_inc(&conn->al);
	return true;
}

/* ---- the peer leg ------------------------------------------------------------ */

static void release_al(struct drbd_peer_req *pr)
{
	if (test_and_clear_bit(PR_AL, &pr->flags))
		drbd_al_end(device_bitmap(pr->conn), pr->iv.sector,
			    pr->iv.size);
}

/*
 * The activity log holds a write's extents until both legs completed and
 * the peer acknowledged it, not while it waits for the peer's FlushAck: a
 * break marks it then, and a crash of this node marks every extent the
 * log still holds (the last al-extents used), which a write of the last
 * flush_ack_ms is in unless that many newer extents were used since.  Called at
 * both events; the second releases.
 */
static void half_done(struct drbd_peer_req *pr)
{
	if (test_and_set_bit(PR_HALF_DONE, &pr->flags))
		release_al(pr);
}

/* Both legs done and the peer answered (or the blocks are marked). */
static void preq_release(struct kref *kref)
{
	struct drbd_peer_req *pr = container_of(kref, struct drbd_peer_req,
						kref);

	release_al(pr);
	kfree(pr);
}

/* Report the peer leg to the request once.  No locks held. */
static void leg_done(struct drbd_peer_req *pr, bool ok)
{
	struct drbd_request *req = pr->req;

	if (test_and_set_bit(PR_APP_DONE, &pr->flags))
		return;
	if (!ok && mark_out_of_sync(req->device, req->master_bio))
		drbd_bm_kick(req->device->bitmap);
	drbd_req_put(req);
}

/* The request completed to the application (both legs). */
void drbd_net_req_done(struct drbd_request *req)
{
	struct drbd_peer_req *pr = req->peer;

	if (!pr)
		return;
	req->peer = NULL;
	drbd_iv_remove(pr->conn, &pr->iv);
	half_done(pr);
	/*
	 * Writes the application issues from now on may depend on this one:
	 * they must not share its epoch.  A write of an older epoch needs
	 * nothing, the epoch it was in is closed already; so an epoch holds
	 * every write issued until one of its own completes, and the
	 * Secondary drains its disk once per epoch, not once per write.
	 */
	if (!test_bit(PR_SENT, &pr->flags) ||
	    pr->epoch == READ_ONCE(pr->conn->epoch))
		WRITE_ONCE(pr->conn->close_epoch, true);
	kref_put(&pr->kref, preq_release);
}

static u32 wire_flags(struct drbd_connection *conn, struct bio *bio)
{
	u32 f = DRBD_DP_SEND_WRITE_ACK;

	if (conn->conf.protocol == DRBD_PROT_B)
		f |= DRBD_DP_SEND_RECV_ACK;
	if (bio->bi_opf & REQ_FUA)
		f |= DRBD_DP_FUA;
	if (bio->bi_opf & REQ_PREFLUSH)
		f |= DRBD_DP_FLUSH;
	if (bio_op(bio) == REQ_OP_DISCARD)
		f |= DRBD_DP_DISCARD;
	if (bio_op(bio) == REQ_OP_WRITE_ZEROES)
		f |= DRBD_DP_ZEROES;
	return f;
}

/*
 * The application's pages go out without a copy when the write waits for
 * the peer (protocols B and C): the pages cannot change before the peer
 * has received them.  Under protocol A the write may complete, and its
 * pages be reused, while they still sit in the socket: copy them.
 */
static int send_bio_pages(struct drbd_connection *conn, struct bio *bio)
{
	int (*send)(struct socket *sock, struct page *page, unsigned int off,
		    unsigned int len, int flags) =
		conn->conf.protocol == DRBD_PROT_A ? drbd_sock_send_page :
						     drbd_sock_send_page_zc;
	unsigned int left = bio->bi_iter.bi_size;
	struct bvec_iter iter;
	struct bio_vec bv;
	int err;

	bio_for_each_segment(bv, bio, iter) {
		left -= bv.bv_len;
		err = send(conn->data, bv.bv_page, bv.bv_offset, bv.bv_len,
			   left ? MSG_MORE : 0);
		if (err)
			return err;
	}
	return 0;
}

/* Data (or, for an empty flush, Barrier) with the write's payload. */
static int send_data(struct drbd_connection *conn, struct drbd_peer_req *pr,
		     struct bio *bio)
{
	u8 head[DRBD_WIRE_HDR_SIZE + DRBD_WIRE_BLOCK_SIZE];
	struct drbd_wire_block b = {
		.sector = bio->bi_iter.bi_sector,
		.block_id = pr->block_id,
		.size = bio->bi_iter.bi_size,
		.flags = pr->wire_flags,
	};
	bool payload = b.size && !(b.flags & (DRBD_DP_DISCARD | DRBD_DP_ZEROES));
	unsigned int cmd = b.size ? P_DATA : P_BARRIER;
	int err = -ENOTCONN;

	if (!b.size)
		b.size = 512;
	mutex_lock(&conn->data_mutex);
	if (!conn->data)
		goto out;
	if (conn->close_epoch) {
		conn->close_epoch = false;
		WRITE_ONCE(conn->epoch, conn->epoch + 1);
	}
	b.epoch = conn->epoch;
	pr->epoch = b.epoch;
	b.seq = (u32)pr->block_id;
	drbd_wire_put_hdr(head, cmd, DRBD_WIRE_BLOCK_SIZE +
			  (payload ? b.size : 0));
	drbd_wire_put_block(head + DRBD_WIRE_HDR_SIZE, &b);
	err = drbd_sock_send(conn->data, head, sizeof(head),
			     payload ? MSG_MORE : 0);
	if (!err && payload)
		err = send_bio_pages(conn, bio);
	if (!err) {
		set_bit(PR_SENT, &pr->flags);
		atomic64_add(bio_sectors(bio), &conn->ns);
	}
out:
	mutex_unlock(&conn->data_mutex);
	return err;
}

/* Send @pr now; the submitter's request or the queue keeps its bio. */
static void send_one(struct drbd_connection *conn, struct drbd_peer_req *pr)
{
	/* failed while queued: its blocks are marked, the peer must not see it */
	if (test_bit(PR_APP_DONE, &pr->flags))
		return;
	if (send_data(conn, pr, pr->req->master_bio))
		/* the receiver's cleanup fails the pending entry */
		drbd_conn_lost(conn, "sending a write failed");
	else if (conn->conf.protocol == DRBD_PROT_A)
		leg_done(pr, true);
}

/*
 * A write with no other write in flight to the peer is sent at once by
 * its submitter: the latency of a lone protocol C write is one round
 * trip.  Under load it is queued instead, and the send work sends the
 * whole queue with the socket corked: a few large segments instead of
 * one per write, so both nodes take fewer interrupts and acks come back
 * in batches.  A queued write holds its request (one more leg), so the
 * bio stays valid until it is sent.  True when queued.
 */
static bool queue_send(struct drbd_connection *conn, struct drbd_peer_req *pr)
{
	unsigned long flags;
	bool later;

	spin_lock_irqsave(&conn->lock, flags);
	later = !list_empty(&conn->send_queue) || atomic_read(&conn->pe) > 1;
	if (later) {
		atomic_inc(&pr->req->pending);
		list_add_tail(&pr->send_list, &conn->send_queue);
	}
	spin_unlock_irqrestore(&conn->lock, flags);
	if (later)
		queue_work(conn->send_wq, &conn->send_work);
	return later;
}

/* Send the queued writes, corked until the queue is empty. */
void drbd_send_work(struct work_struct *work)
{
	struct drbd_connection *conn =
		container_of(work, struct drbd_connection, send_work);
	struct drbd_peer_req *pr;
	struct drbd_request *req;
	bool corked = false;

	for (;;) {
		spin_lock_irq(&conn->lock);
		pr = list_first_entry_or_null(&conn->send_queue,
					      struct drbd_peer_req, send_list);
		if (pr)
			list_del_init(&pr->send_list);
		spin_unlock_irq(&conn->lock);
		if (!pr)
			break;
		if (!corked) {
			drbd_conn_cork(&conn->data, &conn->data_mutex, true);
			corked = true;
		}
		req = pr->req;
		send_one(conn, pr);
		drbd_req_put(req);	/* the queue's leg */
	}
	if (corked)
		drbd_conn_cork(&conn->data, &conn->data_mutex, false);
}

/*
 * Take the activity-log extents of a replicated write; true when the log
 * changed and must be on disk before the data.  With every slot busy the
 * write's blocks are marked out of sync instead (resynced later).
 */
static bool hot_extents(struct drbd_device *device, struct drbd_peer_req *pr)
{
	int ret;

	if (!device->bitmap || !pr->iv.size)
		return false;
	ret = drbd_al_begin(device->bitmap, pr->iv.sector, pr->iv.size);
	if (ret >= 0) {
		set_bit(PR_AL, &pr->flags);
		return ret;
	}
	return drbd_bm_set_sectors(device->bitmap, pr->iv.sector,
				   pr->iv.size >> 9);
}

/* Put @pr on the pending list, unless the connection is going away. */
static bool add_pending(struct drbd_connection *conn, struct drbd_peer_req *pr)
{
	unsigned long flags;
	bool ok;

	spin_lock_irqsave(&conn->lock, flags);
	ok = conn->cstate >= DRBD_CS_CONNECTED && !conn->broken;
	if (ok) {
		pr->block_id = ++conn->next_id;
		pr->start = jiffies;
		kref_get(&pr->kref);
		list_add_tail(&pr->list, &conn->pending);
		atomic_inc(&conn->pe);
	}
	spin_unlock_irqrestore(&conn->lock, flags);
	return ok;
}

/*
 * Called for every write before its local leg is submitted; the caller
 * holds an ldev reference.  Replicates it or marks it out of sync.
 * Returns true when it took over the local submit (after a bitmap write).
 */
bool drbd_net_write(struct drbd_device *device, struct drbd_request *req)
{
	struct drbd_connection *conn = device->resource->conn;
	struct bio *bio = req->master_bio;
	struct drbd_peer_req *pr;
	bool al;

	if (!drbd_conn_replicating(conn) ||
	    bio->bi_iter.bi_size > DRBD_WIRE_MAX_DATA)
		goto oos;
	pr = kzalloc(sizeof(*pr), GFP_NOIO);
	if (!pr)
		goto oos;
	kref_init(&pr->kref);		/* the request's reference */
	pr->conn = conn;
	pr->req = req;
	pr->iv.sector = bio->bi_iter.bi_sector;
	pr->iv.size = bio->bi_iter.bi_size;
	pr->wire_flags = wire_flags(conn, bio);
	INIT_LIST_HEAD(&pr->send_list);
	drbd_iv_insert_wait(conn, &pr->iv);
	req->peer = pr;
	atomic_inc(&req->pending);	/* the peer leg */
	al = hot_extents(device, pr);
	if (!add_pending(conn, pr)) {
		leg_done(pr, false);
		goto local;
	}
	if (!queue_send(conn, pr))
		send_one(conn, pr);
local:
	if (!al)
		return false;
	/* the local leg waits until its extents are logged on disk */
	drbd_bm_defer(device->bitmap, &req->private_bio);
	return true;
oos:
	if (!mark_out_of_sync(device, bio))
		return false;
	drbd_bm_defer(device->bitmap, &req->private_bio);
	return true;
}

/* ---- acks -------------------------------------------------------------------- */

static struct drbd_peer_req *find_pending(struct drbd_connection *conn, u64 id)
{
	struct drbd_peer_req *pr;

	list_for_each_entry(pr, &conn->pending, list)
		if (pr->block_id == id)
			return pr;
	return NULL;
}

void drbd_got_ack(struct drbd_connection *conn, unsigned int cmd,
		  const struct drbd_wire_block *b)
{
	struct drbd_peer_req *pr;
	unsigned long flags;
	bool final = cmd != P_RECV_ACK, keep = false;

	spin_lock_irqsave(&conn->lock, flags);
	pr = find_pending(conn, b->block_id);
	if (pr && final) {
		list_del_init(&pr->list);
		atomic_dec(&conn->pe);
		if (cmd == P_WRITE_ACK && pr->iv.size) {
			/* done on the peer, maybe only in its disk cache */
			pr->ack_seq = b->seq;
			list_add_tail(&pr->list, &conn->unconfirmed);
			keep = true;
		}
	}
	spin_unlock_irqrestore(&conn->lock, flags);
	if (!pr) {
		drbd_err_ratelimited(conn->resource, "%s for an unknown write (id %llu)\n",
				     drbd_packet_name(cmd), b->block_id);
		return;
	}
	switch (cmd) {
	case P_RECV_ACK:
		if (conn->conf.protocol == DRBD_PROT_B)
			leg_done(pr, true);
		return;
	case P_NEG_ACK:
		drbd_err_ratelimited(conn->resource, "peer failed to write sector %llu; marked out of sync\n",
				     b->sector);
		if (test_bit(PR_APP_DONE, &pr->flags) && device_bitmap(conn))
			drbd_bm_set_sectors(device_bitmap(conn),
					    pr->iv.sector, pr->iv.size >> 9);
		leg_done(pr, false);
		break;
	default:	/* WriteAck, BarrierAck */
		leg_done(pr, true);
	}
	if (keep)
		half_done(pr);
	else
		kref_put(&pr->kref, preq_release);
}

/* The peer's disk flushed every write it acked up to seq: forget them. */
void drbd_got_flush_ack(struct drbd_connection *conn,
			const struct drbd_wire_block *b)
{
	struct drbd_peer_req *pr, *tmp;
	unsigned long flags;
	LIST_HEAD(list);

	spin_lock_irqsave(&conn->lock, flags);
	list_for_each_entry_safe(pr, tmp, &conn->unconfirmed, list) {
		if (!drbd_seq_ge(b->seq, pr->ack_seq))
			break;		/* in WriteAck order: the rest is newer */
		list_move_tail(&pr->list, &list);
	}
	spin_unlock_irqrestore(&conn->lock, flags);
	list_for_each_entry_safe(pr, tmp, &list, list) {
		list_del_init(&pr->list);
		kref_put(&pr->kref, preq_release);
	}
}

static void mark_list(struct drbd_bitmap *bm, struct list_head *list)
{
	struct drbd_peer_req *pr;

	if (bm)
		list_for_each_entry(pr, list, list)
			drbd_bm_set_sectors(bm, pr->iv.sector,
					    pr->iv.size >> 9);
}

/*
 * The connection broke: every write the peer did not acknowledge, and
 * every write it acknowledged but did not confirm flushed (its power may
 * have failed with them in its disk cache), is out of sync.
 */
void drbd_fail_pending(struct drbd_connection *conn)
{
	struct drbd_device *device = conn->resource->device;
	struct drbd_bitmap *bm = device->bitmap;
	struct drbd_peer_req *pr, *tmp;
	LIST_HEAD(list);
	LIST_HEAD(unconfirmed);

	spin_lock_irq(&conn->lock);
	list_splice_init(&conn->pending, &list);
	list_splice_init(&conn->unconfirmed, &unconfirmed);
	atomic_set(&conn->pe, 0);
	spin_unlock_irq(&conn->lock);
	mark_list(bm, &list);
	mark_list(bm, &unconfirmed);
	/* the marks are on disk before any of these writes completes */
	if ((!list_empty(&list) || !list_empty(&unconfirmed)) &&
	    drbd_get_ldev(device)) {
		drbd_bm_write(device, false);
		drbd_put_ldev(device);
	}
	list_for_each_entry_safe(pr, tmp, &list, list) {
		list_del_init(&pr->list);
		leg_done(pr, true);
		kref_put(&pr->kref, preq_release);
	}
	list_for_each_entry_safe(pr, tmp, &unconfirmed, list) {
		list_del_init(&pr->list);
		kref_put(&pr->kref, preq_release);
	}
}

bool drbd_ko_expired(struct drbd_connection *conn)
{
	unsigned long limit = conn->conf.timeout * conn->conf.ko_count * HZ / 10;
	struct drbd_peer_req *pr;
	bool late = false;

	if (!limit)
		return false;
	spin_lock_irq(&conn->lock);
	pr = list_first_entry_or_null(&conn->pending, struct drbd_peer_req,
				      list);
	if (pr && time_after(jiffies, pr->start + limit))
		late = true;
	spin_unlock_irq(&conn->lock);
	return late;
}
