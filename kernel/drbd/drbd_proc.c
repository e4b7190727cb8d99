// SPDX-License-Identifier: GPL-2.0-only
/*
 * drbd_proc.c - /proc/drbd in the DRBD 8.4 layout:
 *
 *   version: 1.0.0 (api:1/proto:1-1) drbd-pacer
 *   srcversion: <module srcversion>
 *    0: cs:StandAlone ro:Primary/Unknown ds:UpToDate/DUnknown C r-----
 *       ns:0 nr:0 dw:4 dr:1088 al:0 bm:0 lo:0 pe:0 ua:0 ap:0 ep:1 wo:f oos:0
 *
 * The version line names this project, so that tools made for the
 * in-tree DRBD ("version: 8.4.x") do not mistake the module for theirs.
 */
#include <linux/module.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>

#include "drbd_int.h"

/* The peer's view; replication replaces these with the connection's. */
#define PROC_CSTATE	DRBD_CS_STANDALONE
#define PROC_PEER_ROLE	DRBD_ROLE_UNKNOWN
#define PROC_PEER_DISK	DRBD_DS_DUNKNOWN
#define PROC_PROTOCOL	'C'

/* " 0: cs:... ro:.../... ds:.../... C r-----" */
static void proc_show_state(struct seq_file *m, struct drbd_resource *resource)
{
	struct drbd_device *device = resource->device;

	seq_printf(m, "%2u: cs:%s ro:%s/%s ds:%s/%s %c r-----\n",
		   device->minor, drbd_cstate_name84(PROC_CSTATE),
		   drbd_role_name(READ_ONCE(resource->role)),
		   drbd_role_name(PROC_PEER_ROLE),
		   drbd_dstate_name(device->disk_state),
		   drbd_dstate_name(PROC_PEER_DISK), PROC_PROTOCOL);
}

/* "    ns:0 nr:0 dw:... oos:0", sizes in KiB. */
static void proc_show_counters(struct seq_file *m, struct drbd_device *device)
{
	seq_printf(m, "    ns:%u nr:%u dw:%llu dr:%llu al:%u bm:%u lo:%d pe:%d ua:%d ap:%d ep:%u wo:%c oos:%llu\n",
		   0, 0,
		   (u64)atomic64_read(&device->stats.dw_sectors) >> 1,
		   (u64)atomic64_read(&device->stats.dr_sectors) >> 1,
		   0, 0, atomic_read(&device->stats.lo), 0, 0,
		   atomic_read(&device->stats.ap), 1, 'f', 0ULL);
}

static int drbd_proc_show(struct seq_file *m, void *v)
{
	struct drbd_resource *resource;
	const char *srcversion = THIS_MODULE->srcversion;

	seq_printf(m, "version: %s (api:%u/proto:%u-%u) %s\n",
		   DRBD_MODULE_VERSION, DRBD_API_VERSION, DRBD_PROC_PROTO_MIN,
		   DRBD_PROC_PROTO_MAX, DRBD_PRODUCT);
	seq_printf(m, "srcversion: %s\n", srcversion ? srcversion : "-");

	if (mutex_lock_interruptible(&drbd_cfg_mutex))
		return -EINTR;
	list_for_each_entry(resource, &drbd_resources, node) {
		proc_show_state(m, resource);
		proc_show_counters(m, resource->device);
	}
	mutex_unlock(&drbd_cfg_mutex);
	return 0;
}

int drbd_proc_init(void)
{
	if (!proc_create_single("drbd", 0444, NULL, drbd_proc_show)) {
		pr_err("drbd: cannot create /proc/drbd; is another drbd module loaded? (lsmod)\n");
		return -ENOMEM;
	}
	return 0;
}

void drbd_proc_exit(void)
{
	remove_proc_entry("drbd", NULL);
}
