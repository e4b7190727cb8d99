// SPDX-License-Identifier: GPL-2.0-only
/*
 * drbd_resync.c - resync, driven by the SyncTarget: every 100 ms it asks
 * drbd_rs_plan() how much to request, walks its bitmap and sends
 * RSDataRequest for runs of set bits; the SyncSource reads and replies;
 * the target writes, clears its bits and acks, the source clears its own.
 */
#include <linux/blkdev.h>
#include <linux/random.h>
#include <linux/slab.h>

#include "drbd_int.h"
#include "drbd_net.h"

#define RS_MAX_BITS	64	/* 256 KiB per request */
#define RS_TICK		(HZ / 10)

static void rs_reset(struct drbd_connection *conn, u64 total)
{
	conn->rs_total = total;
	conn->rs_start = jiffies;
	conn->rs_cursor = 0;
	conn->rs_bytes = 0;
	conn->rs_mark_left[0] = conn->rs_mark_left[1] = total;
	conn->rs_mark_time[0] = conn->rs_mark_time[1] = jiffies;
	memset(&conn->rs_ctl, 0, sizeof(conn->rs_ctl));
	atomic_set(&conn->rs_in_flight, 0);
	atomic64_set(&conn->rs_arrived, 0);
}

/* Persist superblock and bitmap.  Caller holds drbd_cfg_mutex. */
static int persist(struct drbd_device *device, const struct drbd_md_sb *sb)
{
	int err;

	err = drbd_md_write_sb(device->ldev, sb);
	if (err)
		return err;
	device->ldev->md = *sb;
	return drbd_bm_write(device, false);
}

static int send_bitmap(struct drbd_connection *conn)
{
	struct drbd_bitmap *bm = conn->resource->device->bitmap;
	u8 *buf;
	u64 off, total = bm->nwords * 8;
	int err = 0;

	buf = kmalloc(DRBD_WIRE_BITMAP_SIZE + DRBD_WIRE_MAX_BM_CHUNK,
		      GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	for (off = 0; off < total && !err; off += DRBD_WIRE_MAX_BM_CHUNK) {
		struct drbd_wire_bitmap h = { .offset = off,
					      .total_bytes = total };
		size_t n = min_t(u64, total - off, DRBD_WIRE_MAX_BM_CHUNK);

		drbd_wire_put_bitmap(buf, &h);
		drbd_bm_get_le(bm, off, buf + DRBD_WIRE_BITMAP_SIZE, n);
		err = drbd_conn_send(conn, &conn->data, &conn->data_mutex,
				     P_BITMAP, buf, DRBD_WIRE_BITMAP_SIZE + n);
	}
	kfree(buf);
	return err;
}

/*
 * We have the good data.  The bitmap uuid names the generation the
 * target will have once this sync is interrupted (rule 6 then resumes
 * it); the target takes it from SyncUUID.  Caller holds drbd_cfg_mutex.
 */
void drbd_start_sync_source(struct drbd_connection *conn, bool full)
{
	struct drbd_device *device = conn->resource->device;
	struct drbd_wire_uuids u = {};
	u8 body[DRBD_WIRE_UUIDS_SIZE];
	struct drbd_md_sb sb;
	unsigned long flags;

	if (!device->ldev || !device->bitmap)
		return;
	if (full)
		drbd_bm_set_all(device->bitmap);
	sb = device->ldev->md;
	if (!sb.uuid[DRBD_UUID_BITMAP])
		sb.uuid[DRBD_UUID_BITMAP] = get_random_u64() | 1;
	if (persist(device, &sb))
		drbd_err(conn->resource, "cannot write the metadata at resync start\n");
	rs_reset(conn, drbd_bm_weight(device->bitmap));
	spin_lock_irqsave(&conn->lock, flags);
	conn->peer_disk = DRBD_DS_INCONSISTENT;
	spin_unlock_irqrestore(&conn->lock, flags);
	drbd_conn_set_cstate(conn, DRBD_CS_SYNC_SOURCE);
	drbd_info(conn->resource, "resync as source: %llu KiB (%s)\n",
		  conn->rs_total << 2, full ? "full" : "bitmap");
	if (!full)
		send_bitmap(conn);
	memcpy(u.uuid, sb.uuid, sizeof(u.uuid));
	drbd_wire_put_uuids(body, &u);
	drbd_conn_send(conn, &conn->data, &conn->data_mutex, P_SYNC_UUID,
		       body, sizeof(body));
}

/*
 * We receive.  A node that crashed as Primary marked the extents of its
 * activity log out of sync at attach; they are resynced with the rest.
 * Caller holds drbd_cfg_mutex.
 */
void drbd_start_sync_target(struct drbd_connection *conn, bool full)
{
	struct drbd_device *device = conn->resource->device;
	struct drbd_md_sb sb;
	unsigned long flags;

	if (!device->ldev || !device->bitmap)
		return;
	sb = device->ldev->md;
	if (full)
		drbd_bm_set_all(device->bitmap);
	sb.flags &= ~(DRBD_MDF_CONSISTENT | DRBD_MDF_UP_TO_DATE |
		      DRBD_MDF_PRIMARY);
	device->disk_state = DRBD_DS_INCONSISTENT;
	if (persist(device, &sb))
		drbd_err(conn->resource, "cannot write the metadata at resync start\n");
	rs_reset(conn, drbd_bm_weight(device->bitmap));
	WRITE_ONCE(conn->rs_running, false);
	spin_lock_irqsave(&conn->lock, flags);
	conn->peer_disk = DRBD_DS_UP_TO_DATE;
	spin_unlock_irqrestore(&conn->lock, flags);
	drbd_conn_set_cstate(conn, DRBD_CS_SYNC_TARGET);
	drbd_send_state(conn);
}

/* SyncUUID: uuid[0] the source's current, uuid[1] our generation now. */
void drbd_got_sync_uuid(struct drbd_connection *conn, u64 *uuid)
{
	struct drbd_device *device = conn->resource->device;
	struct drbd_md_sb sb;

	drbd_net_lock_cfg();
	if (!device->ldev || READ_ONCE(conn->cstate) != DRBD_CS_SYNC_TARGET)
		goto out;
	sb = device->ldev->md;
	if (sb.uuid[DRBD_UUID_CURRENT] != uuid[DRBD_UUID_BITMAP]) {
		drbd_uuid_push_history(sb.uuid, sb.uuid[DRBD_UUID_CURRENT]);
		sb.uuid[DRBD_UUID_CURRENT] = uuid[DRBD_UUID_BITMAP];
	}
	sb.uuid[DRBD_UUID_BITMAP] = 0;
	conn->peer_uuid[DRBD_UUID_CURRENT] = uuid[DRBD_UUID_CURRENT];
	conn->peer_uuid[DRBD_UUID_BITMAP] = uuid[DRBD_UUID_BITMAP];
	if (persist(device, &sb))
		drbd_err(conn->resource, "cannot write the metadata at resync start\n");
	rs_reset(conn, drbd_bm_weight(device->bitmap));
	drbd_info(conn->resource, "resync as target: %llu KiB\n",
		  conn->rs_total << 2);
	WRITE_ONCE(conn->rs_running, true);
	wake_up(&conn->rs_wait);
out:
	mutex_unlock(&drbd_cfg_mutex);
}

static void log_done(struct drbd_connection *conn)
{
	unsigned long secs = max(1UL, (jiffies - conn->rs_start) / HZ);

	drbd_info(conn->resource, "resync done: %llu KiB moved in %lu s (%llu KiB/s); device %llu KiB\n",
		  conn->rs_bytes >> 10, secs, (conn->rs_bytes >> 10) / secs,
		  conn->resource->device->ldev ?
		  conn->resource->device->ldev->md.data_bytes >> 10 : 0);
}

static void finish_target(struct drbd_connection *conn)
{
	struct drbd_device *device = conn->resource->device;
	struct drbd_md_sb sb;

	drbd_net_lock_cfg();
	if (!device->ldev || !READ_ONCE(conn->rs_running))
		goto out;
	WRITE_ONCE(conn->rs_running, false);
	sb = device->ldev->md;
	drbd_uuid_resync_finished_target(sb.uuid, conn->peer_uuid);
	sb.flags |= DRBD_MDF_CONSISTENT | DRBD_MDF_UP_TO_DATE;
	sb.flags &= ~DRBD_MDF_OUTDATED;
	if (persist(device, &sb))
		drbd_err(conn->resource, "cannot write the metadata at resync end\n");
	device->disk_state = DRBD_DS_UP_TO_DATE;
	conn->conf.discard_my_data = false;
	log_done(conn);
	drbd_conn_set_cstate(conn, DRBD_CS_CONNECTED);
	/* the source learns our new generation, then that we are UpToDate */
	drbd_send_uuids(conn, P_UUIDS);
	drbd_send_state(conn);
out:
	mutex_unlock(&drbd_cfg_mutex);
}

/* The target reported UpToDate: the bitmap is history. */
void drbd_rs_source_finished(struct drbd_connection *conn)
{
	struct drbd_device *device = conn->resource->device;
	struct drbd_md_sb sb;

	drbd_net_lock_cfg();
	if (!device->ldev || READ_ONCE(conn->cstate) != DRBD_CS_SYNC_SOURCE)
		goto out;
	drbd_bm_clear_bits(device->bitmap, 0, device->bitmap->nbits);
	sb = device->ldev->md;
	drbd_uuid_resync_finished_source(sb.uuid);
	conn->peer_uuid[DRBD_UUID_CURRENT] = sb.uuid[DRBD_UUID_CURRENT];
	conn->peer_uuid[DRBD_UUID_BITMAP] = 0;
	if (persist(device, &sb))
		drbd_err(conn->resource, "cannot write the metadata at resync end\n");
	log_done(conn);
	drbd_conn_set_cstate(conn, DRBD_CS_CONNECTED);
out:
	mutex_unlock(&drbd_cfg_mutex);
}

/* ---- the target's request loop -------------------------------------------- */

/*
 * Request up to *@budget sectors from the cursor on; what was not
 * requested is left in *@budget.  False at the end of the bitmap.
 */
static bool issue_requests(struct drbd_connection *conn, u64 *budget)
{
	struct drbd_bitmap *bm = conn->resource->device->bitmap;
	struct drbd_wire_block b = {};
	u64 bit, end;

	while (*budget >= DRBD_BM_SECT_PER_BIT) {
		bit = drbd_bm_next(bm, conn->rs_cursor);
		if (bit >= bm->nbits)
			return false;
		end = bit + 1;
		while (end < bm->nbits && end - bit < RS_MAX_BITS &&
		       (end - bit) * DRBD_BM_SECT_PER_BIT < *budget &&
		       drbd_bm_test(bm, end))
			end++;
		b.sector = bit << DRBD_BM_SECT_SHIFT;
		b.size = (end - bit) * DRBD_BM_BLOCK_SIZE;
		b.block_id = bit;
		atomic_inc(&conn->rs_in_flight);
		if (drbd_send_block(conn, false, P_RS_DATA_REQUEST, &b)) {
			atomic_dec(&conn->rs_in_flight);
			return true;
		}
		conn->rs_cursor = end;
		*budget -= min_t(u64, *budget,
				 (end - bit) * DRBD_BM_SECT_PER_BIT);
	}
	return true;
}

static void update_marks(struct drbd_connection *conn)
{
	struct drbd_bitmap *bm = conn->resource->device->bitmap;

	if (time_before(jiffies, conn->rs_mark_time[1] + 3 * HZ) || !bm)
		return;
	conn->rs_mark_left[0] = conn->rs_mark_left[1];
	conn->rs_mark_time[0] = conn->rs_mark_time[1];
	conn->rs_mark_left[1] = drbd_bm_weight(bm);
	conn->rs_mark_time[1] = jiffies;
}

static void rs_tick(struct drbd_connection *conn)
{
	struct drbd_device *device = conn->resource->device;
	u64 arrived, budget;
	bool busy, more;

	arrived = atomic64_xchg(&conn->rs_arrived, 0);
	busy = atomic_read(&conn->peer_writes) > 0;
	budget = drbd_rs_plan(&conn->conf.rs, &conn->rs_ctl, arrived, busy);
	more = issue_requests(conn, &budget);
	/* the plan counted all of it in flight: only what was sent is */
	drbd_rs_unrequested(&conn->rs_ctl, budget);
	if (more)
		return;
	/* cursor at the end: wait for the answers, then look again */
	if (atomic_read(&conn->rs_in_flight))
		return;
	if (drbd_bm_weight(device->bitmap))
		conn->rs_cursor = 0;
	else
		finish_target(conn);
}

/* While syncing, both sides write their bitmap once a second: resume. */
static void persist_progress(struct drbd_connection *conn, unsigned int tick)
{
	struct drbd_device *device = conn->resource->device;

	if (tick % 10 || !drbd_get_ldev(device))
		return;
	drbd_bm_write(device, false);
	drbd_put_ldev(device);
}

/*
 * pause-sync (outside of a verify) pauses resync here and, through our
 * state's DRBD_STATE_F_USER_ISP, on the peer until resume-sync: the
 * SyncTarget requests nothing while either side paused it, what is in
 * flight completes.  Set while no resync runs, the next one starts
 * paused; kept across connections until the resource goes down.
 */
bool drbd_rs_paused(struct drbd_connection *conn)
{
	return READ_ONCE(conn->resource->user_isp) ||
	       READ_ONCE(conn->peer_isp);
}

/* The state shown to users: SyncSource/SyncTarget paused by either side
 * read as PausedSyncS/PausedSyncT. */
enum drbd_cstate drbd_cstate_shown(struct drbd_connection *conn)
{
	enum drbd_cstate cs = READ_ONCE(conn->cstate);

	if (cs == DRBD_CS_SYNC_SOURCE && drbd_rs_paused(conn))
		return DRBD_CS_PAUSED_SYNC_S;
	if (cs == DRBD_CS_SYNC_TARGET && drbd_rs_paused(conn))
		return DRBD_CS_PAUSED_SYNC_T;
	return cs;
}

/* user_isp changed: the peer learns it from our State. */
static void isp_changed(struct drbd_resource *resource)
{
	struct drbd_connection *conn = resource->conn;

	if (conn && READ_ONCE(conn->cstate) >= DRBD_CS_CONNECTED)
		drbd_send_state(conn);
	drbd_notify(resource, DRBD_EV_CHANGED);
}

/* Caller holds drbd_cfg_mutex. */
int drbd_rs_pause(struct drbd_resource *resource, struct drbd_msg *msg)
{
	struct drbd_connection *conn = resource->conn;
	enum drbd_cstate cs = conn ? READ_ONCE(conn->cstate) :
				     DRBD_CS_STANDALONE;

	if (READ_ONCE(resource->user_isp))
		return drbd_msg_set(msg, -EALREADY,
				    "resync is already paused here; 'drbdadm resume-sync %s' resumes it",
				    resource->name);
	WRITE_ONCE(resource->user_isp, true);
	if (cs == DRBD_CS_SYNC_SOURCE || cs == DRBD_CS_SYNC_TARGET)
		drbd_info(resource, "resync paused (pause-sync) as %s\n",
			  drbd_cstate_name(cs));
	else
		drbd_info(resource, "resync paused (pause-sync): none runs now (%s), the next one starts paused\n",
			  drbd_cstate_name(cs));
	isp_changed(resource);
	return 0;
}

/* RESUME_SYNC: caller holds drbd_cfg_mutex. */
int drbd_resume_sync(struct drbd_resource *resource, struct drbd_msg *msg)
{
	struct drbd_connection *conn = resource->conn;

	if (!READ_ONCE(resource->user_isp)) {
		if (conn && READ_ONCE(conn->peer_isp))
			return drbd_msg_set(msg, -EBUSY,
					    "the resync was paused on the peer; run 'drbdadm resume-sync %s' there",
					    resource->name);
		return drbd_msg_set(msg, -EALREADY, "resync is not paused");
	}
	WRITE_ONCE(resource->user_isp, false);
	drbd_info(resource, "resync resumed (resume-sync)%s\n",
		  conn && READ_ONCE(conn->peer_isp) ?
		  "; still paused by the peer" : "");
	isp_changed(resource);
	return 0;
}

int drbd_resyncer(void *arg)
{
	struct drbd_connection *conn = arg;
	struct drbd_device *device = conn->resource->device;
	unsigned int tick = 0;

	while (!kthread_should_stop()) {
		wait_event_interruptible_timeout(conn->rs_wait,
						 kthread_should_stop(),
						 RS_TICK);
		tick++;
		if (READ_ONCE(conn->cstate) == DRBD_CS_SYNC_SOURCE ||
		    READ_ONCE(conn->rs_running)) {
			update_marks(conn);
			persist_progress(conn, tick);
		}
		if (READ_ONCE(conn->cstate) == DRBD_CS_VERIFY_S) {
			if (drbd_get_ldev(device)) {
				drbd_ov_tick(conn);
				drbd_put_ldev(device);
			}
			continue;
		}
		if (!READ_ONCE(conn->rs_running) ||
		    READ_ONCE(conn->cstate) != DRBD_CS_SYNC_TARGET ||
		    drbd_rs_paused(conn))
			continue;
		if (!drbd_get_ldev(device))
			continue;
		rs_tick(conn);
		drbd_put_ldev(device);
	}
	return 0;
}

/* ---- both sides --------------------------------------------------------------- */

/* Target: a resync write is on disk. */
void drbd_rs_written(struct drbd_connection *conn, struct drbd_peer_req *pr)
{
	struct drbd_bitmap *bm = conn->resource->device->bitmap;
	struct drbd_wire_block b = {
		.sector = pr->iv.sector,
		.size = pr->iv.size,
		.block_id = pr->block_id,
	};
	u64 first, end;

	if (test_bit(PR_FAILED, &pr->flags)) {
		drbd_send_block(conn, true, P_NEG_ACK, &b);
		return;
	}
	drbd_bm_covered(pr->iv.sector, pr->iv.size >> 9, &first, &end);
	if (bm)
		drbd_bm_clear_bits(bm, first, end);
	atomic64_add(pr->iv.size >> 9, &conn->rs_arrived);
	conn->rs_bytes += pr->iv.size;
	drbd_send_block(conn, true, P_RS_WRITE_ACK, &b);
}

/* Source: the target wrote a block we sent. */
void drbd_rs_got_ack(struct drbd_connection *conn,
		     const struct drbd_wire_block *b)
{
	struct drbd_bitmap *bm = conn->resource->device->bitmap;
	u64 first, end;

	drbd_bm_covered(b->sector, b->size >> 9, &first, &end);
	if (bm)
		drbd_bm_clear_bits(bm, first, end);
	conn->rs_bytes += b->size;
}

int drbd_rs_read_block(struct drbd_device *device, struct page **pages,
		       unsigned int npages, const struct drbd_wire_block *b)
{
	unsigned int i, left = b->size, n;
	struct bio *bio;
	int err;

	bio = bio_alloc(device->ldev->bdev, npages, REQ_OP_READ, GFP_NOIO);
	bio->bi_iter.bi_sector = b->sector;
	for (i = 0; i < npages; i++, left -= n) {
		n = min_t(unsigned int, left, PAGE_SIZE);
		__bio_add_page(bio, pages[i], n, 0);
	}
	err = submit_bio_wait(bio);
	bio_put(bio);
	atomic64_add(b->size >> 9, &device->stats.dr_sectors);
	return err;
}

static int send_reply(struct drbd_connection *conn, struct page **pages,
		      unsigned int npages, const struct drbd_wire_block *b)
{
	u8 head[DRBD_WIRE_HDR_SIZE + DRBD_WIRE_BLOCK_SIZE];
	unsigned int i, left = b->size, n;
	int err = -ENOTCONN;

	drbd_wire_put_hdr(head, P_RS_DATA_REPLY, DRBD_WIRE_BLOCK_SIZE + b->size);
	drbd_wire_put_block(head + DRBD_WIRE_HDR_SIZE, b);
	mutex_lock(&conn->data_mutex);
	if (conn->data)
		err = drbd_sock_send(conn->data, head, sizeof(head), MSG_MORE);
	for (i = 0; !err && i < npages; i++, left -= n) {
		n = min_t(unsigned int, left, PAGE_SIZE);
		err = drbd_sock_send_page(conn->data, pages[i], 0, n,
					  left > n ? MSG_MORE : 0);
	}
	mutex_unlock(&conn->data_mutex);
	if (!err)
		atomic64_add(b->size >> 9, &conn->ns);
	return err;
}

/*
 * Source: read the block and send it.  The range is claimed while the
 * read and the send happen, so an application write to it goes either
 * before (and we read it) or after (and it follows on the socket).
 */
int drbd_rs_serve(struct drbd_connection *conn, const struct drbd_wire_block *b)
{
	struct drbd_device *device = conn->resource->device;
	unsigned int i, npages = DIV_ROUND_UP(b->size, PAGE_SIZE);
	struct drbd_interval iv = { .sector = b->sector, .size = b->size };
	struct page **pages;
	int err = -ENOMEM;

	if (!drbd_get_ldev(device))
		return drbd_send_block(conn, false, P_RS_NEG_REPLY, b);
	pages = kcalloc(npages, sizeof(*pages), GFP_NOIO);
	if (!pages)
		goto out_put;
	for (i = 0; i < npages; i++) {
		pages[i] = alloc_page(GFP_NOIO);
		if (!pages[i])
			goto out_free;
	}
	drbd_iv_insert_wait(conn, &iv);
	err = drbd_rs_read_block(device, pages, npages, b);
	if (err)
		err = drbd_send_block(conn, false, P_RS_NEG_REPLY, b);
	else
		err = send_reply(conn, pages, npages, b);
	drbd_iv_remove(conn, &iv);
out_free:
	for (i = 0; i < npages; i++)
		if (pages[i])
			__free_page(pages[i]);
	kfree(pages);
out_put:
	drbd_put_ldev(device);
	return err;
}

/* For status: sizes in KiB, speed in KiB/s over the last marks. */
void drbd_rs_progress(struct drbd_connection *conn, u64 *total_kib,
		      u64 *left_kib, u64 *speed_kib, u64 *eta_s)
{
	struct drbd_bitmap *bm = conn->resource->device->bitmap;
	u64 left = bm ? drbd_bm_weight(bm) : 0, moved;
	unsigned long dt;

	*total_kib = conn->rs_total << 2;
	*left_kib = left << 2;
	dt = jiffies - conn->rs_mark_time[0];
	moved = conn->rs_mark_left[0] > left ? conn->rs_mark_left[0] - left : 0;
	*speed_kib = dt ? (moved << 2) * HZ / dt : 0;
	*eta_s = *speed_kib ? *left_kib / *speed_kib : 0;
}

/* ---- invalidate, invalidate-remote ------------------------------------------ */

/* Not connected: everything out of sync, Inconsistent, until a resync. */
static int invalidate_offline(struct drbd_resource *resource,
			      struct drbd_msg *msg)
{
	struct drbd_device *device = resource->device;
	struct drbd_md_sb sb = device->ldev->md;

	drbd_bm_set_all(device->bitmap);
	sb.flags &= ~(DRBD_MDF_CONSISTENT | DRBD_MDF_UP_TO_DATE |
		      DRBD_MDF_OUTDATED);
	if (drbd_md_write_sb(device->ldev, &sb) ||
	    drbd_bm_write(device, true))
		return drbd_msg_set(msg, -EIO,
				    "cannot write the metadata; check the lower device");
	device->ldev->md = sb;
	device->disk_state = DRBD_DS_INCONSISTENT;
	drbd_info(resource, "invalidated while not connected: %llu KiB marked out of sync, disk Inconsistent; the next connect resyncs it from the peer\n",
		  drbd_bm_weight(device->bitmap) << 2);
	drbd_notify(resource, DRBD_EV_CHANGED);
	return 0;
}

/* Ask the peer to enter @cs (SyncSource or SyncTarget of a full sync). */
static void send_state_req(struct drbd_connection *conn, enum drbd_cstate cs)
{
	struct drbd_wire_state st = {
		.role = READ_ONCE(conn->resource->role),
		.disk = READ_ONCE(conn->resource->device->disk_state),
		.cstate = cs,
	};
	u8 body[DRBD_WIRE_STATE_SIZE];

	drbd_wire_put_state(body, &st);
	drbd_conn_send(conn, &conn->data, &conn->data_mutex, P_STATE_REQ,
		       body, sizeof(body));
}

/*
 * INVALIDATE (@remote false): this node's data is discarded, a full sync
 * from the peer follows.  INVALIDATE_REMOTE: the peer's.  Caller holds
 * drbd_cfg_mutex.
 */
int drbd_invalidate(struct drbd_resource *resource, bool remote,
		    struct drbd_msg *msg)
{
	struct drbd_connection *conn = resource->conn;
	struct drbd_device *device = resource->device;
	const char *n = resource->name;
	enum drbd_cstate cs;

	if (!device->ldev || !device->bitmap)
		return drbd_msg_set(msg, -ENODEV,
				    "no lower device attached; run 'drbdadm attach %s' first",
				    n);
	cs = conn ? READ_ONCE(conn->cstate) : DRBD_CS_STANDALONE;
	if (cs > DRBD_CS_CONNECTED)
		return drbd_msg_set(msg, -EBUSY,
				    "a resync or verify is running (%s); wait for it ('drbdadm wait-sync %s')",
				    drbd_cstate_name(cs), n);
	if (!remote && resource->role == DRBD_ROLE_PRIMARY)
		return drbd_msg_set(msg, -EBUSY,
				    "a Primary cannot discard its own data (reads are not served from the peer); run 'drbdadm secondary %s' first",
				    n);
	if (cs < DRBD_CS_CONNECTED) {
		if (remote)
			return drbd_msg_set(msg, -ENOTCONN,
					    "not connected (%s); invalidate-remote needs the peer: run 'drbdadm connect %s' first",
					    drbd_cstate_name(cs), n);
		return invalidate_offline(resource, msg);
	}
	if (!remote) {
		if (READ_ONCE(conn->peer_disk) != DRBD_DS_UP_TO_DATE)
			return drbd_msg_set(msg, -EINVAL,
					    "the peer's disk is %s; invalidate needs an UpToDate peer to sync from",
					    drbd_dstate_name(READ_ONCE(conn->peer_disk)));
		drbd_info(resource, "invalidate: discarding our data, full sync from the peer\n");
		drbd_start_sync_target(conn, true);
		send_state_req(conn, DRBD_CS_SYNC_SOURCE);
		return 0;
	}
	if (READ_ONCE(conn->peer_role) == DRBD_ROLE_PRIMARY)
		return drbd_msg_set(msg, -EBUSY,
				    "the peer is Primary and cannot discard its data; run 'drbdadm secondary %s' on the peer first",
				    n);
	if (device->disk_state != DRBD_DS_UP_TO_DATE)
		return drbd_msg_set(msg, -EINVAL,
				    "this node's disk is %s; invalidate-remote needs UpToDate data here",
				    drbd_dstate_name(device->disk_state));
	drbd_info(resource, "invalidate-remote: discarding the peer's data, full sync to it\n");
	send_state_req(conn, DRBD_CS_SYNC_TARGET);
	drbd_start_sync_source(conn, true);
	return 0;
}

/* Receiver: the peer ran invalidate (we become SyncSource) or
 * invalidate-remote (we become SyncTarget).
 */
int drbd_got_state_req(struct drbd_connection *conn,
		       const struct drbd_wire_state *st)
{
	struct drbd_resource *resource = conn->resource;
	struct drbd_wire_reply r = {};
	u8 body[DRBD_WIRE_REPLY_SIZE];

	drbd_net_lock_cfg();
	if (READ_ONCE(conn->cstate) != DRBD_CS_CONNECTED)
		r.retcode = DRBD_SR_BAD_ROLE;
	else if (st->cstate == DRBD_CS_SYNC_SOURCE &&
		 resource->device->disk_state != DRBD_DS_UP_TO_DATE)
		r.retcode = DRBD_SR_NO_GOOD_DATA;
	else if (st->cstate == DRBD_CS_SYNC_TARGET &&
		 resource->role == DRBD_ROLE_PRIMARY)
		r.retcode = DRBD_SR_BAD_ROLE;
	else if (st->cstate != DRBD_CS_SYNC_SOURCE &&
		 st->cstate != DRBD_CS_SYNC_TARGET)
		r.retcode = DRBD_SR_BAD_ROLE;
	if (r.retcode) {
		drbd_warn(resource, "refusing the peer's request to become %s: %s\n",
			  drbd_cstate_name(st->cstate < DRBD_CS__COUNT ?
					   st->cstate : DRBD_CS_STANDALONE),
			  drbd_state_rv_text(r.retcode));
	} else if (st->cstate == DRBD_CS_SYNC_SOURCE) {
		drbd_info(resource, "the peer invalidated its data: full sync as SyncSource\n");
		drbd_start_sync_source(conn, true);
	} else {
		drbd_info(resource, "the peer invalidated our data (invalidate-remote): full sync as SyncTarget\n");
		drbd_start_sync_target(conn, true);
	}
	mutex_unlock(&drbd_cfg_mutex);
	drbd_wire_put_reply(body, &r);
	return drbd_conn_send(conn, &conn->meta, &conn->meta_mutex,
			      P_STATE_REPLY, body, sizeof(body));
}

/* Asender: the peer's verdict on our P_STATE_REQ. */
void drbd_got_state_reply(struct drbd_connection *conn, const u8 *body)
{
	struct drbd_wire_reply r;

	drbd_wire_get_reply(body, &r);
	if (!r.retcode)
		return;
	drbd_err(conn->resource, "the peer refused the full sync (%s); reconnecting so that the generation identifiers decide\n",
		 r.retcode > 0 && r.retcode <= DRBD_SR_INCONSISTENT ?
		 drbd_state_rv_text(r.retcode) : "unknown reason");
	drbd_conn_lost(conn, "full sync refused by the peer");
}
