// SPDX-License-Identifier: GPL-2.0-only
/*
 * drbd_verify.c - online verify (docs/wire-protocol.md, "Online verify").
 *
 * The node that runs 'drbdadm verify' is VerifyS, its peer VerifyT.
 * Every 100 ms VerifyS asks drbd_rs_plan() (the resync controller, with
 * the same resync-rate / c-* settings) how many sectors to verify.  For
 * each range of up to 64 blocks of 4 KiB it reads the range, digests each
 * block with verify-alg and sends OVRequest with the digests; the range
 * stays claimed (conflict detection) from the read until the request is
 * on the socket, so an application write to it is either in both reads
 * or in neither.  VerifyT reads the range (the request and the
 * application's writes arrive in order on the data socket), compares
 * block by block, sets the differing blocks in its bitmap and answers
 * with OVReply: a mask of the differing blocks, which VerifyS sets in its
 * own bitmap.  Both write the bitmap at the end.  The next resync
 * (disconnect, connect) repairs the blocks, in the direction the
 * generation identifiers decide.
 *
 * Threads: on VerifyS the resyncer reads, digests and sends the requests
 * (drbd_ov_tick) and the receiver takes the replies; on VerifyT the
 * receiver serves the requests.  The digest transform is used with a
 * descriptor on the stack, so both may use it.
 */
#include <asm/unaligned.h>
#include <crypto/hash.h>
#include <linux/highmem.h>
#include <linux/slab.h>

#include "drbd_int.h"
#include "drbd_net.h"

#define OV_BLOCK	4096u

/* CONNECT: set up the verify-alg transform.  No threads run yet. */
int drbd_ov_conf(struct drbd_connection *conn, const char *alg, char *err,
		 size_t len)
{
	struct crypto_shash *tfm = NULL;

	if (alg[0]) {
		tfm = crypto_alloc_shash(alg, 0, 0);
		if (IS_ERR(tfm)) {
			snprintf(err, len, "verify-alg '%s' is not a hash this kernel has (error %ld); use e.g. crc32c, sha1, sha256 or md5",
				 alg, PTR_ERR(tfm));
			return -EINVAL;
		}
		if (crypto_shash_digestsize(tfm) > DRBD_OV_MAX_DIGEST) {
			crypto_free_shash(tfm);
			snprintf(err, len, "verify-alg '%s': digests longer than %u bytes are not supported",
				 alg, DRBD_OV_MAX_DIGEST);
			return -EINVAL;
		}
	}
	drbd_ov_free(conn);
	conn->verify_tfm = tfm;
	return 0;
}

void drbd_ov_free(struct drbd_connection *conn)
{
	if (conn->verify_tfm)
		crypto_free_shash(conn->verify_tfm);
	conn->verify_tfm = NULL;
}

static void ov_reset(struct drbd_connection *conn, u64 start_bit, u64 end_bit)
{
	conn->ov_cursor = start_bit;
	conn->ov_start_bit = start_bit;
	conn->ov_end_bit = end_bit;
	atomic64_set(&conn->ov_done, 0);
	atomic_set(&conn->ov_in_flight, 0);
	conn->ov_oos = 0;
	conn->ov_run.start = 0;
	conn->ov_run.sectors = 0;
	conn->ov_start_time = jiffies;
	memset(&conn->rs_ctl, 0, sizeof(conn->rs_ctl));
	atomic64_set(&conn->rs_arrived, 0);
}

/* VERIFY: caller holds drbd_cfg_mutex. */
int drbd_ov_start(struct drbd_resource *resource, u64 start_sector,
		  struct drbd_msg *msg)
{
	struct drbd_connection *conn = resource->conn;
	struct drbd_device *device = resource->device;
	const char *n = resource->name;
	enum drbd_cstate cs;
	u64 nbits, start;

	if (!device->ldev || !device->bitmap)
		return drbd_msg_set(msg, -ENODEV,
				    "no lower device attached; run 'drbdadm attach %s' first",
				    n);
	cs = conn ? READ_ONCE(conn->cstate) : DRBD_CS_STANDALONE;
	if (cs == DRBD_CS_VERIFY_S || cs == DRBD_CS_VERIFY_T)
		return drbd_msg_set(msg, -EBUSY,
				    "online verify is already running (%s); wait for it to finish, or stop it with 'drbdadm pause-sync %s'",
				    drbd_cstate_name(cs), n);
	if (cs < DRBD_CS_CONNECTED)
		return drbd_msg_set(msg, -ENOTCONN,
				    "not connected (%s); verify compares with the peer: run 'drbdadm connect %s' and wait until both disks are UpToDate",
				    drbd_cstate_name(cs), n);
	if (cs != DRBD_CS_CONNECTED)
		return drbd_msg_set(msg, -EBUSY,
				    "a resync is running (%s); verify after it finished ('drbdadm wait-sync %s')",
				    drbd_cstate_name(cs), n);
	if (device->disk_state != DRBD_DS_UP_TO_DATE ||
	    READ_ONCE(conn->peer_disk) != DRBD_DS_UP_TO_DATE)
		return drbd_msg_set(msg, -EINVAL,
				    "verify needs both disks UpToDate (here %s, peer %s); wait for the resync ('drbdadm wait-sync %s')",
				    drbd_dstate_name(device->disk_state),
				    drbd_dstate_name(READ_ONCE(conn->peer_disk)),
				    n);
	if (!conn->conf.verify_alg[0] || !conn->verify_tfm)
		return drbd_msg_set(msg, -EINVAL,
				    "no verify-alg configured; add e.g. 'verify-alg sha256;' to the net section of %s on both nodes, then 'drbdadm disconnect %s; drbdadm connect %s' on both",
				    n, n, n);
	if (strcmp(conn->conf.verify_alg, conn->peer_verify_alg))
		return drbd_msg_set(msg, -EINVAL,
				    "the peer's verify-alg is '%s', ours '%s'; set the same verify-alg on both nodes and reconnect",
				    conn->peer_verify_alg[0] ?
				    conn->peer_verify_alg : "(none)",
				    conn->conf.verify_alg);
	nbits = device->bitmap->nbits;
	start = start_sector >> DRBD_BM_SECT_SHIFT;
	if (start >= nbits)
		return drbd_msg_set(msg, -EINVAL,
				    "--start %llu is past the end of the device (%llu sectors)",
				    start_sector, nbits << DRBD_BM_SECT_SHIFT);
	ov_reset(conn, start, nbits);
	drbd_info(resource, "Online verify started at sector %llu: %llu KiB to verify with %s\n",
		  start << DRBD_BM_SECT_SHIFT, (nbits - start) << 2,
		  conn->conf.verify_alg);
	drbd_conn_set_cstate(conn, DRBD_CS_VERIFY_S);
	WRITE_ONCE(conn->ov_running, true);
	/* the peer becomes VerifyT when it sees our state */
	drbd_send_state(conn);
	wake_up(&conn->rs_wait);
	return 0;
}

/* Log a finished run of out-of-sync sectors ("" flushes the open one). */
static void ov_log_run(struct drbd_connection *conn, u64 sector, u64 sectors)
{
	struct drbd_ov_run done;

	if (drbd_ov_run_add(&conn->ov_run, sector, sectors, &done))
		drbd_warn(conn->resource, "Out of sync: start=%llu, size=%llu (sectors)\n",
			  done.start, done.sectors);
}

static void ov_summary(struct drbd_connection *conn, const char *role)
{
	unsigned long secs = max(1UL, (jiffies - conn->ov_start_time) / HZ);
	u64 done = atomic64_read(&conn->ov_done);

	ov_log_run(conn, 0, 0);
	drbd_info(conn->resource, "Online verify done as %s (total %lu sec; paused 0 sec; %llu K/sec)\n",
		  role, secs, (done << 2) / secs);
	drbd_info(conn->resource, "Online verify found %llu KiB out of sync (%llu blocks of 4 KiB)%s\n",
		  conn->ov_oos << 2, conn->ov_oos,
		  conn->ov_oos ? "; a resync repairs them (disconnect, connect)" : "");
}

static void ov_persist(struct drbd_connection *conn)
{
	struct drbd_device *device = conn->resource->device;

	if (!drbd_get_ldev(device))
		return;
	if (drbd_bm_write(device, false))
		drbd_err(conn->resource, "cannot write the bitmap after online verify\n");
	drbd_put_ldev(device);
}

/* VerifyS, resyncer thread: every answer is in; back to Connected. */
static void ov_finish_source(struct drbd_connection *conn)
{
	drbd_net_lock_cfg();
	if (READ_ONCE(conn->cstate) == DRBD_CS_VERIFY_S) {
		WRITE_ONCE(conn->ov_running, false);
		ov_summary(conn, "VerifyS");
		ov_persist(conn);
		drbd_conn_set_cstate(conn, DRBD_CS_CONNECTED);
		/* the peer leaves VerifyT when it sees Connected */
		drbd_send_state(conn);
	}
	mutex_unlock(&drbd_cfg_mutex);
}

/* Read @b's range into fresh pages and digest each 4 KiB block; the
 * range is claimed until drbd_iv_remove(@iv) by the caller.
 */
static int ov_digest_local(struct drbd_connection *conn,
			   const struct drbd_wire_block *b,
			   struct drbd_interval *iv, u8 *out)
{
	struct drbd_device *device = conn->resource->device;
	unsigned int i, npages = b->size / OV_BLOCK;
	unsigned int ds = crypto_shash_digestsize(conn->verify_tfm);
	struct page **pages;
	int err = -ENOMEM;

	iv->sector = b->sector;
	iv->size = b->size;
	INIT_LIST_HEAD(&iv->list);
	pages = kcalloc(npages, sizeof(*pages), GFP_NOIO);
	if (!pages)
		return -ENOMEM;
	for (i = 0; i < npages; i++) {
		pages[i] = alloc_page(GFP_NOIO);
		if (!pages[i])
			goto out;
	}
	drbd_iv_insert_wait(conn, iv);
	err = drbd_rs_read_block(device, pages, npages, b);
	for (i = 0; !err && i < npages; i++) {
		SHASH_DESC_ON_STACK(desc, conn->verify_tfm);
		void *p = kmap_local_page(pages[i]);

		desc->tfm = conn->verify_tfm;
		err = crypto_shash_digest(desc, p, OV_BLOCK, out + i * ds);
		kunmap_local(p);
		shash_desc_zero(desc);
	}
out:
	for (i = 0; i < npages; i++)
		if (pages[i])
			__free_page(pages[i]);
	kfree(pages);
	return err;
}

/* VerifyS: digest @n blocks at the cursor and send them as OVRequest. */
static int ov_send_request(struct drbd_connection *conn, u32 n, u8 *buf)
{
	struct drbd_wire_block b = {
		.sector = conn->ov_cursor << DRBD_BM_SECT_SHIFT,
		.size = n * OV_BLOCK,
		.block_id = conn->ov_cursor,
	};
	unsigned int ds = crypto_shash_digestsize(conn->verify_tfm);
	struct drbd_interval iv;
	int err;

	err = ov_digest_local(conn, &b, &iv, buf + DRBD_WIRE_BLOCK_SIZE);
	if (err) {
		drbd_iv_remove(conn, &iv);
		drbd_err_ratelimited(conn->resource, "online verify: cannot read sector %llu (error %d); range skipped\n",
				     b.sector, err);
		atomic64_add(n, &conn->ov_done);
		return 0;
	}
	drbd_wire_put_block(buf, &b);
	atomic_inc(&conn->ov_in_flight);
	err = drbd_conn_send(conn, &conn->data, &conn->data_mutex,
			     P_OV_REQUEST, buf, DRBD_WIRE_BLOCK_SIZE + n * ds);
	drbd_iv_remove(conn, &iv);
	if (err)
		atomic_dec(&conn->ov_in_flight);
	return err;
}

/* VerifyS, resyncer thread, every 100 ms. */
void drbd_ov_tick(struct drbd_connection *conn)
{
	struct drbd_device *device = conn->resource->device;
	u64 arrived, budget;
	u8 *buf;
	u32 n;
	bool busy;

	if (!READ_ONCE(conn->ov_running))
		return;
	arrived = atomic64_xchg(&conn->rs_arrived, 0);
	busy = atomic_read(&device->stats.ap) > 0 ||
	       atomic_read(&conn->peer_writes) > 0;
	budget = drbd_rs_plan(&conn->conf.rs, &conn->rs_ctl, arrived, busy);
	buf = kmalloc(DRBD_WIRE_BLOCK_SIZE + DRBD_WIRE_MAX_OV_DIGESTS,
		      GFP_NOIO);
	if (!buf)
		return;
	while (READ_ONCE(conn->ov_running) &&
	       (n = drbd_ov_next_blocks(conn->ov_cursor, conn->ov_end_bit,
					budget))) {
		if (ov_send_request(conn, n, buf))
			break;	/* the connection is going; cleanup aborts */
		conn->ov_cursor += n;
		budget -= (u64)n * DRBD_BM_SECT_PER_BIT;
	}
	kfree(buf);
	/* the plan counted all of it in flight: only what was sent is */
	drbd_rs_unrequested(&conn->rs_ctl, budget);
	if (conn->ov_cursor >= conn->ov_end_bit &&
	    !atomic_read(&conn->ov_in_flight))
		ov_finish_source(conn);
}

static bool ov_block_ok(const struct drbd_wire_block *b)
{
	return b->size && !(b->size % OV_BLOCK) &&
	       b->size / OV_BLOCK <= DRBD_OV_MAX_BLOCKS &&
	       !(b->sector & (DRBD_BM_SECT_PER_BIT - 1));
}

/* Both sides: a block range differs; set it out of sync and log it. */
static void ov_mark(struct drbd_connection *conn, u64 sector, u32 sectors)
{
	struct drbd_bitmap *bm = conn->resource->device->bitmap;

	if (bm)
		drbd_bm_set_sectors(bm, sector, sectors);
	conn->ov_oos += sectors >> DRBD_BM_SECT_SHIFT;
	ov_log_run(conn, sector, sectors);
}

static void ov_mark_mask(struct drbd_connection *conn,
			 const struct drbd_wire_block *b, u64 diff)
{
	unsigned int i, n = b->size / OV_BLOCK;

	for (i = 0; i < n; i++)
		if (diff & (1ULL << i))
			ov_mark(conn, b->sector + i * DRBD_BM_SECT_PER_BIT,
				DRBD_BM_SECT_PER_BIT);
}

/* VerifyT, receiver: compare the peer's digests with ours and answer. */
int drbd_ov_serve(struct drbd_connection *conn, const struct drbd_wire_hdr *hdr,
		  const struct drbd_wire_block *b)
{
	struct drbd_device *device = conn->resource->device;
	unsigned int n = b->size / OV_BLOCK, ds;
	u8 reply[DRBD_WIRE_BLOCK_SIZE + 8];
	struct drbd_interval iv;
	u8 *peers, *mine;
	u64 diff = 0;
	int err;

	if (!ov_block_ok(b) || hdr->len > DRBD_WIRE_MAX_OV_DIGESTS) {
		drbd_err(conn->resource, "OVRequest for sector %llu, %u bytes: not whole 4 KiB blocks\n",
			 b->sector, b->size);
		return -EPROTO;
	}
	peers = kmalloc(2 * DRBD_WIRE_MAX_OV_DIGESTS, GFP_NOIO);
	if (!peers)
		return -ENOMEM;
	mine = peers + DRBD_WIRE_MAX_OV_DIGESTS;
	err = drbd_sock_recv(conn->data, peers, hdr->len);
	if (err)
		goto out;
	if (!conn->verify_tfm || !drbd_get_ldev(device)) {
		err = drbd_send_block(conn, false, P_RS_NEG_REPLY, b);
		goto out;
	}
	ds = crypto_shash_digestsize(conn->verify_tfm);
	if (hdr->len != n * ds) {
		drbd_put_ldev(device);
		drbd_err(conn->resource, "OVRequest with %u digest bytes for %u blocks: the peer's verify-alg differs\n",
			 hdr->len, n);
		err = -EPROTO;
		goto out;
	}
	if (!atomic64_read(&conn->ov_done) && !conn->ov_oos)
		conn->ov_start_bit = b->sector >> DRBD_BM_SECT_SHIFT;
	err = ov_digest_local(conn, b, &iv, mine);
	drbd_iv_remove(conn, &iv);
	drbd_put_ldev(device);
	if (err) {
		drbd_err_ratelimited(conn->resource, "online verify: cannot read sector %llu (error %d)\n",
				     b->sector, err);
		err = drbd_send_block(conn, false, P_RS_NEG_REPLY, b);
		goto out;
	}
	drbd_ov_compare(mine, peers, n, ds, &diff);
	ov_mark_mask(conn, b, diff);
	atomic64_add(n, &conn->ov_done);
	drbd_wire_put_block(reply, b);
	put_unaligned_le64(diff, reply + DRBD_WIRE_BLOCK_SIZE);
	err = drbd_conn_send(conn, &conn->data, &conn->data_mutex, P_OV_REPLY,
			     reply, sizeof(reply));
out:
	kfree(peers);
	return err;
}

/* VerifyS, receiver: VerifyT's verdict on a range. */
int drbd_ov_got_reply(struct drbd_connection *conn,
		      const struct drbd_wire_hdr *hdr,
		      const struct drbd_wire_block *b)
{
	u8 mask[8];
	int err;

	if (!ov_block_ok(b) || hdr->len != sizeof(mask))
		return -EPROTO;
	err = drbd_sock_recv(conn->data, mask, sizeof(mask));
	if (err)
		return err;
	atomic_dec(&conn->ov_in_flight);
	if (READ_ONCE(conn->cstate) != DRBD_CS_VERIFY_S)
		return 0;	/* verify stopped meanwhile */
	ov_mark_mask(conn, b, get_unaligned_le64(mask));
	atomic64_add(b->size / OV_BLOCK, &conn->ov_done);
	atomic64_add(b->size >> 9, &conn->rs_arrived);
	return 0;
}

/* VerifyS, receiver: the peer could not read or digest a range. */
void drbd_ov_got_neg(struct drbd_connection *conn,
		     const struct drbd_wire_block *b)
{
	drbd_err_ratelimited(conn->resource, "online verify: the peer could not read sector %llu; range skipped\n",
			     b->sector);
	atomic64_add(b->size / OV_BLOCK, &conn->ov_done);
	atomic64_add(b->size >> 9, &conn->rs_arrived);
	atomic_dec(&conn->ov_in_flight);
}

/* Receiver: the peer's State names its connection state. */
void drbd_ov_peer_state(struct drbd_connection *conn, enum drbd_cstate peer_cs)
{
	enum drbd_cstate cs = READ_ONCE(conn->cstate);
	struct drbd_device *device = conn->resource->device;

	if (peer_cs == DRBD_CS_VERIFY_S && cs == DRBD_CS_CONNECTED) {
		ov_reset(conn, 0, device->bitmap ? device->bitmap->nbits : 0);
		drbd_info(conn->resource, "Online verify started by the peer\n");
		drbd_conn_set_cstate(conn, DRBD_CS_VERIFY_T);
	} else if (peer_cs != DRBD_CS_VERIFY_S && cs == DRBD_CS_VERIFY_T) {
		drbd_net_lock_cfg();
		ov_summary(conn, "VerifyT");
		ov_persist(conn);
		drbd_conn_set_cstate(conn, DRBD_CS_CONNECTED);
		mutex_unlock(&drbd_cfg_mutex);
	}
}

/* The connection broke or was closed during verify (@cs: the old state). */
void drbd_ov_abort(struct drbd_connection *conn, enum drbd_cstate cs)
{
	u64 at;

	if (cs != DRBD_CS_VERIFY_S && cs != DRBD_CS_VERIFY_T)
		return;
	WRITE_ONCE(conn->ov_running, false);
	ov_log_run(conn, 0, 0);
	at = (conn->ov_start_bit + atomic64_read(&conn->ov_done)) <<
	     DRBD_BM_SECT_SHIFT;
	drbd_warn(conn->resource, "Online verify stopped at sector %llu (%s): %llu KiB out of sync found so far; continue with 'drbdadm verify --start %llu %s'\n",
		  at, drbd_cstate_name(cs), conn->ov_oos << 2, at,
		  conn->resource->name);
}

/* For status: as drbd_rs_progress(), over the blocks to verify. */
bool drbd_ov_progress(struct drbd_connection *conn, u64 *total_kib,
		      u64 *left_kib, u64 *speed_kib, u64 *eta_s)
{
	enum drbd_cstate cs = READ_ONCE(conn->cstate);
	u64 total, done;
	unsigned long dt;

	if (cs != DRBD_CS_VERIFY_S && cs != DRBD_CS_VERIFY_T)
		return false;
	total = conn->ov_end_bit > conn->ov_start_bit ?
		conn->ov_end_bit - conn->ov_start_bit : 0;
	done = min_t(u64, atomic64_read(&conn->ov_done), total);
	*total_kib = total << 2;
	*left_kib = (total - done) << 2;
	dt = jiffies - conn->ov_start_time;
	*speed_kib = dt ? (done << 2) * HZ / dt : 0;
	*eta_s = *speed_kib ? *left_kib / *speed_kib : 0;
	return true;
}

/*
 * PAUSE_SYNC: stop a running online verify, or else pause resync
 * (drbd_rs_pause).  Caller holds drbd_cfg_mutex.
 */
int drbd_pause_sync(struct drbd_resource *resource, struct drbd_msg *msg)
{
	struct drbd_connection *conn = resource->conn;
	enum drbd_cstate cs = conn ? READ_ONCE(conn->cstate) :
				     DRBD_CS_STANDALONE;
	u64 at;

	if (cs == DRBD_CS_VERIFY_T)
		return drbd_msg_set(msg, -EBUSY,
				    "the peer runs this verify (we are VerifyT); run 'drbdadm pause-sync %s' there",
				    resource->name);
	if (cs != DRBD_CS_VERIFY_S)
		return drbd_rs_pause(resource, msg);
	WRITE_ONCE(conn->ov_running, false);
	at = (conn->ov_start_bit + atomic64_read(&conn->ov_done)) <<
	     DRBD_BM_SECT_SHIFT;
	ov_summary(conn, "VerifyS");
	drbd_warn(resource, "Online verify stopped at sector %llu (pause-sync); continue with 'drbdadm verify --start %llu %s'\n",
		  at, at, resource->name);
	ov_persist(conn);
	drbd_conn_set_cstate(conn, DRBD_CS_CONNECTED);
	drbd_send_state(conn);
	return 0;
}
