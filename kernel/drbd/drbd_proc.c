// SPDX-License-Identifier: GPL-2.0-only
/*
 * drbd_proc.c - /proc/drbd in the DRBD 8.4 layout:
 *
 *   version: 1.0.0 (api:1/proto:2-2) drbd-pacer
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
#include "drbd_net.h"
#include "drbd_nl_net.h"

/*
 * " 0: cs:... ro:.../... ds:.../... C r-----", the flags as in 8.4: s
 * (I/O frozen) or r, -, p (resync paused by the peer), u (paused here),
 * -, -.
 */
static void proc_show_state(struct seq_file *m, struct drbd_resource *resource)
{
	struct drbd_connection *conn = resource->conn;
	struct drbd_device *device = resource->device;

	seq_printf(m, "%2u: cs:%s ro:%s/%s ds:%s/%s %c %c-%c%c--\n",
		   device->minor,
		   drbd_cstate_name84(conn ? drbd_cstate_shown(conn) :
					     DRBD_CS_STANDALONE),
		   drbd_role_name(READ_ONCE(resource->role)),
		   drbd_role_name(conn ? READ_ONCE(conn->peer_role) :
					 DRBD_ROLE_UNKNOWN),
		   drbd_dstate_name(device->disk_state),
		   drbd_dstate_name(conn ? READ_ONCE(conn->peer_disk) :
					   DRBD_DS_DUNKNOWN),
		   conn ? "?ABC"[conn->conf.protocol & 3] : 'C',
		   READ_ONCE(resource->susp) ? 's' : 'r',
		   conn && READ_ONCE(conn->peer_isp) ? 'p' : '-',
		   READ_ONCE(resource->user_isp) ? 'u' : '-');
}

/* "    ns:0 nr:0 dw:... oos:0", sizes in KiB. */
static void proc_show_counters(struct seq_file *m, struct drbd_device *device)
{
	struct drbd_net_counters nc;

	drbd_net_counters(device->resource, &nc);
	seq_printf(m, "    ns:%llu nr:%llu dw:%llu dr:%llu al:%llu bm:%llu lo:%d pe:%d ua:%d ap:%d ep:%u wo:%c oos:%llu\n",
		   nc.ns, nc.nr,
		   (u64)atomic64_read(&device->stats.dw_sectors) >> 1,
		   (u64)atomic64_read(&device->stats.dr_sectors) >> 1,
		   nc.al, nc.bm, atomic_read(&device->stats.lo), nc.pe, nc.ua,
		   atomic_read(&device->stats.ap), 1, 'f', nc.oos);
}

/* 19052 as "19,052" */
static void proc_thousands(struct seq_file *m, u64 v)
{
	if (v >= 1000) {
		proc_thousands(m, v / 1000);
		seq_printf(m, ",%03llu", v % 1000);
	} else {
		seq_printf(m, "%llu", v);
	}
}

/*
 * While syncing, the 8.4 progress lines:
 *	[==>.................] sync'ed: 15.8% (216452/256952)K
 *	finish: 0:00:11 speed: 19,052 (19,052) K/sec
 */
static void proc_show_sync(struct seq_file *m, struct drbd_resource *resource)
{
	struct drbd_connection *conn = resource->conn;
	u64 total, left, speed, eta, permille;
	const char *what = "sync'ed";
	enum drbd_cstate cs;
	int i, bars;

	if (!conn)
		return;
	cs = READ_ONCE(conn->cstate);
	if (cs == DRBD_CS_SYNC_SOURCE || cs == DRBD_CS_SYNC_TARGET)
		drbd_rs_progress(conn, &total, &left, &speed, &eta);
	else if (drbd_ov_progress(conn, &total, &left, &speed, &eta))
		what = "verified";
	else
		return;
	permille = total ? (total - min(left, total)) * 1000 / total : 0;
	bars = permille * 20 / 1000;
	seq_puts(m, "\t[");
	for (i = 0; i < 20; i++)
		seq_putc(m, i < bars ? '=' : i == bars ? '>' : '.');
	seq_printf(m, "] %s: %llu.%llu%% (%llu/%llu)K\n", what,
		   permille / 10, permille % 10, left, total);
	seq_printf(m, "\tfinish: %llu:%02llu:%02llu speed: ",
		   eta / 3600, (eta / 60) % 60, eta % 60);
	proc_thousands(m, speed);
	seq_puts(m, " (");
	proc_thousands(m, speed);
	seq_puts(m, ") K/sec\n");
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
		proc_show_sync(m, resource);
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
