// SPDX-License-Identifier: GPL-2.0-only
/*
 * drbd_handler.c - run a handler of the handlers section through the
 * usermode helper: /bin/sh -c "COMMAND" with the environment handlers
 * get (docs/drbdadm.md, "Handlers").
 */
#include <linux/kmod.h>
#include <linux/slab.h>

#include "drbd_int.h"
#include "drbd_net.h"

enum { ENV_SLOTS = 10, ENV_LEN = DRBD_PATH_MAX + 32 };

/*
 * Returns the handler's exit code (0..255), or a negative errno when it
 * could not be started.  @wait false: do not wait for it (0 when started).
 * Never call with @wait while holding drbd_cfg_mutex if the handler may
 * run drbdadm.
 */
int drbd_run_handler(struct drbd_connection *conn, const char *name,
		     const char *cmd, bool wait)
{
	struct drbd_resource *resource = conn->resource;
	struct drbd_device *device = resource->device;
	char *argv[] = { "/bin/sh", "-c", (char *)cmd, NULL };
	char *envp[ENV_SLOTS + 1] = {};
	char *buf;
	int i = 0, ret;

	if (!cmd || !cmd[0])
		return -ENOENT;
	buf = kcalloc(ENV_SLOTS, ENV_LEN, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
#define ENV(fmt, ...) do {						\
		envp[i] = buf + i * ENV_LEN;				\
		snprintf(envp[i], ENV_LEN, fmt, ##__VA_ARGS__);		\
		i++;							\
	} while (0)
	ENV("HOME=/");
	ENV("PATH=/sbin:/usr/sbin:/bin:/usr/bin");
	ENV("DRBD_RESOURCE=%s", resource->name);
	ENV("DRBD_MINOR=%u", device->minor);
	ENV("DRBD_PEER_ADDRESS=%pI4", &conn->conf.peer_addr.sin_addr);
	ENV("DRBD_PEER_AF=ipv4");
	ENV("DRBD_BACKING_DEV=%s", device->ldev ? device->ldev->path : "");
	ENV("DRBD_CONF=%s", conn->conf.conf_file[0] ? conn->conf.conf_file :
						       "/etc/drbd.conf");
	ENV("DRBD_HANDLER=%s", name);
#undef ENV
	drbd_info(resource, "calling handler %s: %s\n", name, cmd);
	ret = call_usermodehelper(argv[0], argv, envp,
				  wait ? UMH_WAIT_PROC : UMH_WAIT_EXEC);
	kfree(buf);
	if (ret < 0) {
		drbd_err(resource, "handler %s could not run: error %d\n",
			 name, ret);
		return ret;
	}
	if (wait) {
		ret = (ret >> 8) & 0xff;
		drbd_info(resource, "handler %s exit code %d\n", name, ret);
	}
	return ret;
}
