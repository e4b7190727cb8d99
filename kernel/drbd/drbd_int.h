/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * drbd_int.h - the module's objects and the functions between its files.
 *
 * Object tree:  resource (name, role)
 *                 -> device (one minor, /dev/drbdN, lower device)
 *                 -> (issue 3) connection (peer, cstate, peer role/disk)
 *
 * Locking:
 *  - drbd_cfg_mutex serialises every configuration change (netlink
 *    commands, module unload), the resource list, device->ldev and
 *    device->disk_state.  /proc/drbd and GET_STATUS read under it.
 *  - resource->lock (spinlock) covers the role and the device's openers,
 *    so that .open and a role change see each other atomically.
 *  - The I/O path takes no lock: it holds a local_cnt reference on the
 *    lower device (drbd_get_ldev) for as long as it uses device->ldev.
 */
#ifndef DRBD_INT_H
#define DRBD_INT_H

#include <linux/atomic.h>
#include <linux/bio.h>
#include <linux/blkdev.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/sched.h>
#include <linux/spinlock.h>
#include <linux/wait.h>

#include "drbd_genl_api.h"
#include "drbd_md.h"
#include "drbd_state.h"
#include "drbd_compat.h"

struct drbd_bitmap;
struct drbd_connection;
struct drbd_peer_req;

#define DRBD_MODULE_VERSION	"1.0.0"
#define DRBD_PRODUCT		"drbd-pacer"
/* Replication protocol versions spoken, shown in /proc/drbd. */
#define DRBD_PROC_PROTO_MIN	DRBD_PROTO_MIN
#define DRBD_PROC_PROTO_MAX	DRBD_PROTO_MAX

/* Log lines name the resource: "drbd r0: ...". */
#define drbd_info(r, fmt, ...) pr_info("drbd %s: " fmt, (r)->name, ##__VA_ARGS__)
#define drbd_warn(r, fmt, ...) pr_warn("drbd %s: " fmt, (r)->name, ##__VA_ARGS__)
#define drbd_err(r, fmt, ...) pr_err("drbd %s: " fmt, (r)->name, ##__VA_ARGS__)
#define drbd_err_ratelimited(r, fmt, ...) \
	pr_err_ratelimited("drbd %s: " fmt, (r)->name, ##__VA_ARGS__)

/* The sentence a refused command sends back in DRBD_A_ERR_MSG. */
struct drbd_msg {
	char text[DRBD_ERR_MSG_MAX];
};

/* Fill @msg and return @err, so that callers can "return drbd_msg_set()". */
__printf(3, 4)
int drbd_msg_set(struct drbd_msg *msg, int err, const char *fmt, ...);

/* An attached lower device with internal metadata. */
struct drbd_backing_dev {
	struct block_device *bdev;
	char path[DRBD_PATH_MAX];
	u64 lower_bytes;		/* size when attached */
	struct drbd_md_sb md;		/* as on disk; changed under cfg mutex */
	struct page *md_page;		/* buffer for superblock I/O */
};

/* Counters of /proc/drbd and DRBD_A_STATS. */
struct drbd_stats {
	atomic64_t dw_sectors;		/* written to the lower device */
	atomic64_t dr_sectors;		/* read from the lower device */
	atomic_t lo;			/* lower-device requests in flight */
	atomic_t ap;			/* application bios in flight */
};

/* Bits in drbd_device.flags. */
enum drbd_device_flag {
	/*
	 * device->ldev is set up and may take I/O.  Set by attach when ldev
	 * is complete; cleared by detach, which then waits for local_cnt to
	 * reach 0 before it closes the lower device.
	 */
	DRBD_DEV_LDEV_READY,
	/*
	 * The device is being deleted: .open refuses, so that no opener can
	 * outlive it.  Set under resource->lock, only while nobody has it
	 * open.
	 */
	DRBD_DEV_GOING_AWAY,
};

/* Who opened /dev/drbdN, for "who holds it" messages. */
struct drbd_opener {
	pid_t pid;
	char comm[TASK_COMM_LEN];
};

/* One minor: /dev/drbdN and its lower device. */
struct drbd_device {
	struct drbd_resource *resource;
	unsigned int minor;
	struct gendisk *disk;
	struct bio_set bio_set;		/* local clones, drbd_request in front */
	unsigned long flags;		/* DRBD_DEV_* */

	struct drbd_backing_dev *ldev;	/* NULL when Diskless */
	enum drbd_dstate disk_state;
	atomic_t local_cnt;		/* I/O references on ldev */
	wait_queue_head_t misc_wait;	/* local_cnt reached 0 */

	/* Under resource->lock. */
	unsigned int open_count;
	unsigned int writers;
	struct drbd_opener writer;	/* valid while writers > 0 */
	struct drbd_opener last_opener;

	struct drbd_stats stats;
	struct drbd_bitmap *bitmap;	/* out-of-sync blocks, while attached */
};

/*
 * A resource, the unit administrators name.  It owns one device now;
 * replication adds a connection here, which keeps the peer's role and
 * disk state and the connection state.
 */
struct drbd_resource {
	struct list_head node;		/* in drbd_resources, by minor */
	char name[DRBD_RES_NAME_MAX];
	spinlock_t lock;		/* role, device openers */
	enum drbd_role role;
	struct drbd_device *device;
	struct drbd_connection *conn;	/* NULL until the first connect */
	bool susp;			/* I/O frozen (fencing) until resumed */
	bool user_isp;			/* pause-sync: resync paused here */
	wait_queue_head_t susp_wait;
};

/*
 * One application bio in flight.  It lives in the front pad of its clone
 * to the lower device, and completes the application bio when its last
 * leg finishes: today the local leg only; replication adds the peer leg
 * by taking one more reference in drbd_req_start().
 */
struct drbd_request {
	struct drbd_device *device;
	struct bio *master_bio;
	unsigned long start_time;	/* bio_start_io_acct() */
	atomic_t pending;		/* legs still outstanding */
	blk_status_t status;		/* first error of any leg */
	struct drbd_peer_req *peer;	/* the peer leg (drbd_req.c) */
	struct bio private_bio;		/* local leg; must be last */
};

/* drbd_main.c: the resource list and resource life cycle. */
extern struct mutex drbd_cfg_mutex;
extern struct list_head drbd_resources;
extern bool drbd_unloading;
struct drbd_resource *drbd_find_resource(const char *name);
int drbd_new_resource(const char *name, unsigned int minor,
		      struct drbd_msg *msg);
int drbd_del_resource(struct drbd_resource *resource, struct drbd_msg *msg);

/* drbd_dev.c: gendisk, open/release, the I/O path. */
int drbd_dev_create(struct drbd_device *device);
void drbd_dev_destroy(struct drbd_device *device);
void drbd_dev_set_lower(struct drbd_device *device, struct block_device *bdev,
			sector_t sectors);
void drbd_dev_clear_lower(struct drbd_device *device);
bool drbd_get_ldev(struct drbd_device *device);
void drbd_req_put(struct drbd_request *req);
void drbd_put_ldev(struct drbd_device *device);
bool drbd_dev_block_opens(struct drbd_device *device, char *holder,
			  size_t len);
void drbd_dev_holder(struct drbd_device *device, char *buf, size_t len);

/* drbd_md_io.c: superblock I/O on the lower device. */
int drbd_md_read_sb(struct drbd_backing_dev *ldev, struct drbd_msg *msg,
		    const char *res_name);
int drbd_md_write_sb(struct drbd_backing_dev *ldev,
		     const struct drbd_md_sb *sb);

/* drbd_disk.c: attach and detach. */
int drbd_attach(struct drbd_device *device, const char *path,
		u32 al_slots, struct drbd_msg *msg);
int drbd_detach(struct drbd_device *device, struct drbd_msg *msg);

/* drbd_role.c: promotion and demotion. */
int drbd_set_primary(struct drbd_resource *resource, bool force,
		     struct drbd_msg *msg);
int drbd_set_secondary(struct drbd_resource *resource, struct drbd_msg *msg);

/* drbd_nl.c: generic netlink. */
int drbd_nl_register(void);
void drbd_nl_unregister(void);
void drbd_notify(struct drbd_resource *resource, enum drbd_event_type ev);

/* drbd_proc.c: /proc/drbd. */
int drbd_proc_init(void);
void drbd_proc_exit(void);

#endif /* DRBD_INT_H */
