/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * drbd_net.h - replication: the connection to the peer, the out-of-sync
 * bitmap, the peer leg of a write, resync.  docs/wire-protocol.md.
 *
 * Threads per connection (all started by drbd_conn_start()):
 *  - receiver "drbd_r_RES": connects (active side) or accepts (passive
 *    side), runs the handshake, then reads the data socket until the
 *    connection breaks, cleans up and starts over.
 *  - asender "drbd_a_RES": reads the meta socket (acks, pings), pings a
 *    silent peer and declares it dead.
 *  - resyncer "drbd_s_RES": on a SyncTarget, requests out-of-sync blocks
 *    every 100 ms at the rate drbd_rs_plan() allows.
 * Acks of writes done on this node are sent from a workqueue; writes to
 * the peer are sent by their submitter, or under load by the send work.
 *
 * Locking:
 *  - conn->lock (spinlock, irq-safe): cstate, peer role/disk, the list of
 *    writes waiting for the peer, the interval list, the done list.
 *  - conn->data_mutex / conn->meta_mutex: one sender at a time per socket,
 *    and the socket pointers themselves (released under them).
 *  - bitmap->lock (spinlock, irq-safe): the bitmap words.
 *  - Superblock changes from the threads take drbd_cfg_mutex like every
 *    other metadata change (drbd_net_lock_cfg()).
 */
#ifndef DRBD_NET_H
#define DRBD_NET_H

#include <linux/in.h>
#include <linux/kthread.h>
#include <linux/kref.h>
#include <linux/net.h>
#include <linux/socket.h>
#include <linux/workqueue.h>

#include "drbd_bitmap_math.h"
#include "drbd_uuid.h"
#include "drbd_wire.h"

struct crypto_shash;
struct drbd_device;
struct drbd_msg;
struct drbd_resource;
struct drbd_request;

/* Network options, from drbdadm's net section (CONNECT). */
struct drbd_net_conf {
	struct sockaddr_in my_addr;
	struct sockaddr_in peer_addr;
	u32 protocol;			/* enum drbd_wire_protocol */
	char secret[DRBD_WIRE_MAX_AUTH + 1];
	char hmac_alg[DRBD_WIRE_ALG_MAX];	/* e.g. "sha256" */
	u32 ping_int;			/* seconds */
	u32 ping_timeo;			/* 0.1 s */
	u32 timeout;			/* 0.1 s */
	u32 ko_count;
	u32 connect_int;		/* seconds */
	bool discard_my_data;		/* connect --discard-my-data */
	u32 after_sb[3];		/* enum drbd_after_sb_policy: 0, 1, 2 pri */
	char h_split_brain[DRBD_HANDLER_MAX];
	char h_pri_lost[DRBD_HANDLER_MAX];
	u32 fencing;			/* enum drbd_fencing */
	char h_fence_peer[DRBD_HANDLER_MAX];
	char conf_file[DRBD_PATH_MAX];
	char verify_alg[DRBD_WIRE_ALG_MAX];	/* e.g. "sha256"; "" for none */
	struct drbd_rs_conf rs;
};

void drbd_net_conf_defaults(struct drbd_net_conf *c);

/* ---- bitmap (drbd_bitmap.c) --------------------------------------------- */

struct drbd_bitmap {
	spinlock_t lock;
	u64 *words;
	u64 nbits;
	size_t nwords;
	unsigned long *dirty;		/* one bit per 4 KiB page of words */
	size_t npages;
	struct mutex io_mutex;		/* one writer of the on-disk area */
	struct page *io_page;
	/*
	 * Writes whose bits must reach the disk before their data does wait
	 * on @deferred; @work writes the bitmap, then submits them (never
	 * synchronous I/O in the submit path).
	 */
	struct list_head deferred;	/* drbd_request, by private_bio.bi_list */
	struct bio_list deferred_bios;
	struct work_struct work;
	struct workqueue_struct *wq;
	struct drbd_device *device;
	/* activity log (drbd_al.c), under @lock: @al_slots of each */
	int al_slots;
	u32 *al_ext;
	u32 *al_inflight;
	u64 *al_used;
	u64 al_stamp;
	u64 al_seq;
	bool al_dirty;
	struct page *al_page;
};

#define DRBD_BM_WORDS_PER_PAGE	(PAGE_SIZE / sizeof(u64))

struct drbd_backing_dev;
int drbd_bm_attach(struct drbd_device *device, struct drbd_backing_dev *ldev,
		   u32 al_slots);
void drbd_bm_detach(struct drbd_device *device);
u64 drbd_bm_set_sectors(struct drbd_bitmap *bm, sector_t sector,
			unsigned int nr_sectors);
u64 drbd_bm_clear_bits(struct drbd_bitmap *bm, u64 first, u64 end);
void drbd_bm_set_all(struct drbd_bitmap *bm);
u64 drbd_bm_weight(struct drbd_bitmap *bm);
u64 drbd_bm_next(struct drbd_bitmap *bm, u64 from);
bool drbd_bm_test(struct drbd_bitmap *bm, u64 bit);
void drbd_bm_merge_le(struct drbd_bitmap *bm, u64 byte_off, const u8 *src,
		      size_t len);
void drbd_bm_get_le(struct drbd_bitmap *bm, u64 byte_off, u8 *dst,
		    size_t len);
int drbd_bm_write(struct drbd_device *device, bool all);
void drbd_bm_defer(struct drbd_bitmap *bm, struct bio *local);
void drbd_bm_kick(struct drbd_bitmap *bm);
u64 drbd_bm_set_range_bits(struct drbd_bitmap *bm, u64 first, u64 end);

/* drbd_al.c */
void drbd_al_init(struct drbd_bitmap *bm);
int drbd_al_begin(struct drbd_bitmap *bm, sector_t sector, unsigned int size);
void drbd_al_end(struct drbd_bitmap *bm, sector_t sector, unsigned int size);
int drbd_al_write(struct drbd_device *device);
void drbd_al_recover(struct drbd_device *device, struct drbd_backing_dev *ldev,
		     struct drbd_bitmap *bm);

/* ---- connection (drbd_conn.c) -------------------------------------------- */

/* A region of the device with I/O in flight, for conflict detection. */
struct drbd_interval {
	struct list_head list;
	sector_t sector;
	unsigned int size;		/* bytes */
};

enum drbd_preq_flag {
	PR_APP_DONE,		/* the peer leg was reported to the request */
	PR_SENT,		/* handed to TCP */
	PR_FLUSH,		/* an empty flush: sent as Barrier */
	PR_RESYNC,		/* a resync write (on the SyncTarget) */
	PR_FAILED,		/* local write failed (Secondary) */
	PR_AL,			/* holds its activity-log extents */
	PR_HALF_DONE,		/* one of: request completed, WriteAck */
};

/*
 * The peer side of one write.  On the Primary: the peer leg of an
 * application request, on conn->pending until the peer acknowledged it.
 * On the Secondary: a write received from the peer, with its pages.
 */
struct drbd_peer_req {
	struct list_head list;		/* conn->pending or conn->done */
	struct list_head send_list;	/* Primary: conn->send_queue */
	struct drbd_interval iv;
	struct drbd_connection *conn;
	struct drbd_request *req;	/* Primary: the application request */
	struct kref kref;		/* Primary: pending list + request */
	unsigned long flags;		/* PR_* */
	u64 block_id;
	u32 wire_flags;			/* DRBD_DP_* */
	unsigned long start;		/* jiffies, for ko-count */
	u32 epoch;			/* Primary: the epoch it was sent in */
	u32 ack_seq;			/* Primary: its WriteAck's seq */
	/* Secondary */
	struct bio *bio;
	unsigned int npages;
	struct page **pages;
};

struct drbd_connection {
	struct drbd_resource *resource;
	struct drbd_net_conf conf;
	spinlock_t lock;
	enum drbd_cstate cstate;
	enum drbd_role peer_role;
	enum drbd_dstate peer_disk;
	bool standalone;		/* no connection wanted */
	bool active;			/* we connect; the peer accepts */

	struct task_struct *receiver;
	struct task_struct *asender;
	struct task_struct *resyncer;
	struct workqueue_struct *wq;
	struct work_struct ack_work;
	/* Primary: send_work; Secondary: flush_work (both may block) */
	struct workqueue_struct *send_wq;
	struct work_struct send_work;
	struct delayed_work flush_work;

	struct mutex data_mutex;
	struct mutex meta_mutex;
	struct mutex sock_mutex;	/* shutdown vs release of the sockets */
	struct mutex stop_mutex;	/* one disconnect at a time */
	bool broken;			/* drbd_conn_lost() ran */
	bool peer_bye;			/* P_DISCONNECT received */
	bool peer_isp;			/* the peer's user paused resync */
	const char *verdict_fatal;	/* handshake refused: StandAlone */
	u32 refused_verdict;		/* enum drbd_sync_verdict, when refused */
	u32 refused_rule;		/* its row of the rule table, 0 if none */
	struct socket *data;
	struct socket *meta;
	struct socket *listen;

	/* Primary side of writes */
	struct list_head pending;	/* drbd_peer_req waiting for an ack */
	struct list_head send_queue;	/* drbd_peer_req for the send work */
	/*
	 * drbd_peer_req the peer acknowledged but has not yet confirmed on
	 * stable storage (FlushAck), in WriteAck order; marked out of sync
	 * if the connection breaks first.
	 */
	struct list_head unconfirmed;
	u64 next_id;
	u32 epoch;
	bool close_epoch;		/* a write of this epoch completed */

	/* conflict detection, both sides */
	struct list_head intervals;
	wait_queue_head_t iv_wait;

	/* Secondary side of writes */
	struct list_head done;		/* local writes done, acks to send */
	atomic_t peer_writes;		/* received, not yet acked */
	u32 peer_epoch;
	u32 ack_seq;			/* seq of the last WriteAck sent */
	u32 flushed_seq;		/* ... covered by the last FlushAck */
	wait_queue_head_t drain_wait;

	/* the peer's identifiers as last received */
	u64 peer_uuid[DRBD_UUID_SLOTS];
	u64 peer_uuid_flags;
	u64 peer_bits_set;		/* its out-of-sync blocks */
	u64 peer_bytes;

	/* liveness */
	bool ping_pending;
	unsigned long ping_sent;

	/* resync */
	bool rs_running;		/* SyncTarget: SyncUUID received */
	wait_queue_head_t rs_wait;
	struct drbd_rs_ctl rs_ctl;
	u64 rs_cursor;			/* next bit to request */
	atomic_t rs_in_flight;		/* requests sent, not answered */
	atomic64_t rs_arrived;		/* sectors since the last tick */
	u64 rs_total;			/* bits at the start */
	unsigned long rs_start;
	u64 rs_mark_left[2];		/* for the current speed */
	unsigned long rs_mark_time[2];
	u64 rs_bytes;			/* bytes moved by resync, this sync */

	/* online verify (drbd_verify.c); rs_ctl and rs_arrived pace it */
	struct crypto_shash *verify_tfm;	/* conf.verify_alg, or NULL */
	char peer_verify_alg[DRBD_WIRE_ALG_MAX];	/* from its Params */
	bool ov_running;		/* VerifyS: requests still to send */
	u64 ov_cursor;			/* VerifyS: next block to request */
	u64 ov_start_bit;		/* first block of this verify */
	u64 ov_end_bit;			/* one past the last block */
	atomic64_t ov_done;		/* blocks compared (S) or digested (T) */
	atomic_t ov_in_flight;		/* VerifyS: requests not answered */
	u64 ov_oos;			/* blocks found out of sync */
	struct drbd_ov_run ov_run;	/* out-of-sync run being logged */
	unsigned long ov_start_time;

	/* counters for /proc/drbd, in sectors */
	atomic64_t ns;
	atomic64_t nr;
	atomic_t pe;
	atomic_t ua;
	atomic64_t al;
	atomic64_t bm;
};

/* drbd_conn.c */
int drbd_conn_connect(struct drbd_resource *resource,
		      const struct drbd_net_conf *conf, char *err, size_t len);
int drbd_conn_disconnect(struct drbd_resource *resource);
void drbd_conn_free(struct drbd_resource *resource);
void drbd_conn_role_changed(struct drbd_resource *resource);
void drbd_conn_set_cstate(struct drbd_connection *conn, enum drbd_cstate cs);
bool drbd_conn_replicating(struct drbd_connection *conn);
int drbd_conn_send(struct drbd_connection *conn, struct socket **sockp,
		   struct mutex *mtx, unsigned int cmd, const void *body,
		   unsigned int body_len);
void drbd_conn_cork(struct socket **sockp, struct mutex *mtx, bool on);
int drbd_send_block(struct drbd_connection *conn, bool meta,
		    unsigned int cmd, const struct drbd_wire_block *b);
int drbd_send_state(struct drbd_connection *conn);
void drbd_take_peer_state(struct drbd_connection *conn,
			  const struct drbd_wire_state *st);
int drbd_send_uuids(struct drbd_connection *conn, unsigned int cmd);
void drbd_conn_lost(struct drbd_connection *conn, const char *why);
void drbd_net_lock_cfg(void);
void drbd_uuid_sync_side(struct drbd_connection *conn,
			 struct drbd_uuid_side *self,
			 struct drbd_uuid_side *peer);
void drbd_conn_decide(struct drbd_connection *conn, bool from_handshake);

/* drbd_handler.c: handlers { NAME "command"; } via the usermode helper */
int drbd_run_handler(struct drbd_connection *conn, const char *name,
		     const char *cmd, bool wait);

/* drbd_auth.c */
int drbd_auth(struct drbd_connection *conn);

/* drbd_sock.c */
int drbd_sock_send(struct socket *sock, const void *buf, size_t len,
		   int flags);
int drbd_sock_sendv(struct socket *sock, struct kvec *iov, unsigned int n,
		    int flags);
void drbd_sock_cork(struct socket *sock, bool on);
int drbd_sock_send_page(struct socket *sock, struct page *page,
			unsigned int off, unsigned int len, int flags);
int drbd_sock_send_page_zc(struct socket *sock, struct page *page,
			   unsigned int off, unsigned int len, int flags);
int drbd_sock_recv(struct socket *sock, void *buf, size_t len);
int drbd_sock_recv_page(struct socket *sock, struct page *page,
			unsigned int len);
int drbd_sock_connect(const struct sockaddr_in *peer, u32 timeout_s,
		      struct socket **ret);
int drbd_sock_listen(const struct sockaddr_in *addr, struct socket **ret);
int drbd_sock_accept(struct socket *listen, u32 timeout_ms,
		     struct socket **ret);
void drbd_sock_set_timeouts(struct socket *sock, long rcv, long snd);
void drbd_sock_close(struct socket **sockp);

/* drbd_req.c: the Primary's peer leg and conflict detection */
bool drbd_net_write(struct drbd_device *device, struct drbd_request *req);
void drbd_net_req_done(struct drbd_request *req);
void drbd_iv_insert_wait(struct drbd_connection *conn,
			 struct drbd_interval *iv);
void drbd_iv_remove(struct drbd_connection *conn, struct drbd_interval *iv);
void drbd_got_ack(struct drbd_connection *conn, unsigned int cmd,
		  const struct drbd_wire_block *b);
void drbd_fail_pending(struct drbd_connection *conn);
void drbd_send_work(struct work_struct *work);
void drbd_got_flush_ack(struct drbd_connection *conn,
			const struct drbd_wire_block *b);
bool drbd_ko_expired(struct drbd_connection *conn);

/* drbd_receiver.c */
int drbd_receive_loop(struct drbd_connection *conn);
int drbd_asender(void *arg);
void drbd_ack_work(struct work_struct *work);
void drbd_flush_ack_work(struct work_struct *work);
int drbd_recv_packet(struct drbd_connection *conn, struct socket *sock,
		     struct drbd_wire_hdr *hdr, void *body, size_t body_max);
void drbd_wait_peer_writes(struct drbd_connection *conn);

/* drbd_resync.c */
int drbd_resyncer(void *arg);
void drbd_start_sync_source(struct drbd_connection *conn, bool full);
void drbd_start_sync_target(struct drbd_connection *conn, bool full);
void drbd_got_sync_uuid(struct drbd_connection *conn, u64 *uuid);
void drbd_rs_got_ack(struct drbd_connection *conn,
		     const struct drbd_wire_block *b);
void drbd_rs_written(struct drbd_connection *conn, struct drbd_peer_req *pr);
int drbd_rs_serve(struct drbd_connection *conn,
		  const struct drbd_wire_block *b);
void drbd_rs_source_finished(struct drbd_connection *conn);
void drbd_rs_progress(struct drbd_connection *conn, u64 *total_kib,
		      u64 *left_kib, u64 *speed_kib, u64 *eta_s);

/* drbd_resync.c, shared with verify */
int drbd_rs_read_block(struct drbd_device *device, struct page **pages,
		       unsigned int npages, const struct drbd_wire_block *b);
int drbd_invalidate(struct drbd_resource *resource, bool remote,
		    struct drbd_msg *msg);
int drbd_got_state_req(struct drbd_connection *conn,
		       const struct drbd_wire_state *st);

/* drbd_verify.c: online verify */
int drbd_ov_conf(struct drbd_connection *conn, const char *alg, char *err,
		 size_t len);
void drbd_ov_free(struct drbd_connection *conn);
int drbd_ov_start(struct drbd_resource *resource, u64 start_sector,
		  struct drbd_msg *msg);
void drbd_ov_tick(struct drbd_connection *conn);
int drbd_ov_serve(struct drbd_connection *conn, const struct drbd_wire_hdr *hdr,
		  const struct drbd_wire_block *b);
int drbd_ov_got_reply(struct drbd_connection *conn,
		      const struct drbd_wire_hdr *hdr,
		      const struct drbd_wire_block *b);
void drbd_ov_got_neg(struct drbd_connection *conn,
		     const struct drbd_wire_block *b);
void drbd_ov_peer_state(struct drbd_connection *conn, enum drbd_cstate peer_cs);
void drbd_ov_abort(struct drbd_connection *conn, enum drbd_cstate cs);
int drbd_pause_sync(struct drbd_resource *resource, struct drbd_msg *msg);
int drbd_resume_sync(struct drbd_resource *resource, struct drbd_msg *msg);
int drbd_rs_pause(struct drbd_resource *resource, struct drbd_msg *msg);
bool drbd_rs_paused(struct drbd_connection *conn);
enum drbd_cstate drbd_cstate_shown(struct drbd_connection *conn);
void drbd_got_state_reply(struct drbd_connection *conn, const u8 *body);
bool drbd_ov_progress(struct drbd_connection *conn, u64 *total_kib,
		      u64 *left_kib, u64 *speed_kib, u64 *eta_s);

#endif /* DRBD_NET_H */
