// SPDX-License-Identifier: GPL-2.0-only
/*
 * drbd_main.c - module init and exit, the resource list, and creating
 * and deleting resources.
 */
#include <linux/ctype.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <net/genetlink.h>

#include "drbd_int.h"
#include "drbd_net.h"

DEFINE_MUTEX(drbd_cfg_mutex);
LIST_HEAD(drbd_resources);
/* Set under drbd_cfg_mutex by module exit: commands are refused. */
bool drbd_unloading;

int drbd_msg_set(struct drbd_msg *msg, int err, const char *fmt, ...)
{
	va_list args;

	va_start(args, fmt);
	vsnprintf(msg->text, sizeof(msg->text), fmt, args);
	va_end(args);
	return err;
}

struct drbd_resource *drbd_find_resource(const char *name)
{
	struct drbd_resource *resource;

	lockdep_assert_held(&drbd_cfg_mutex);
	list_for_each_entry(resource, &drbd_resources, node)
		if (!strcmp(resource->name, name))
			return resource;
	return NULL;
}

/* The resource that owns @minor, or NULL. */
static struct drbd_resource *find_minor(unsigned int minor)
{
	struct drbd_resource *resource;

	list_for_each_entry(resource, &drbd_resources, node)
		if (resource->device->minor == minor)
			return resource;
	return NULL;
}

/* Names appear in messages, logs and /proc: letters, digits, "-_.+". */
static bool name_valid(const char *name)
{
	const char *p;

	if (!*name)
		return false;
	for (p = name; *p; p++)
		if (!isalnum(*p) && !strchr("-_.+", *p))
			return false;
	return true;
}

/* Keep the list sorted by minor, the order of /proc/drbd and dumps. */
static void insert_sorted(struct drbd_resource *resource)
{
	struct drbd_resource *pos;

	list_for_each_entry(pos, &drbd_resources, node)
		if (pos->device->minor > resource->device->minor)
			break;
	list_add_tail(&resource->node, &pos->node);
}

/* A resource and its device in their initial state: Secondary, Diskless. */
static struct drbd_resource *alloc_resource(const char *name,
					    unsigned int minor)
{
	struct drbd_resource *resource;
	struct drbd_device *device;

	resource = kzalloc(sizeof(*resource), GFP_KERNEL);
	device = kzalloc(sizeof(*device), GFP_KERNEL);
	if (!resource || !device) {
		kfree(device);
		kfree(resource);
		return NULL;
	}
	strscpy(resource->name, name, sizeof(resource->name));
	spin_lock_init(&resource->lock);
	init_waitqueue_head(&resource->susp_wait);
	resource->role = DRBD_ROLE_SECONDARY;
	resource->device = device;

	device->resource = resource;
	device->minor = minor;
	device->disk_state = DRBD_DS_DISKLESS;
	atomic_set(&device->local_cnt, 0);
	init_waitqueue_head(&device->misc_wait);
	return resource;
}

static void free_resource(struct drbd_resource *resource)
{
	kfree(resource->device);
	kfree(resource);
}

/* Check a NEW_RESOURCE request against the existing resources. */
static int validate_new(const char *name, unsigned int minor,
			struct drbd_msg *msg)
{
	struct drbd_resource *other;

	if (!name_valid(name))
		return drbd_msg_set(msg, -EINVAL,
				    "resource name '%s' is not valid; use letters, digits and '-_.+'",
				    name);
	if (minor >= DRBD_MAX_MINORS)
		return drbd_msg_set(msg, -EINVAL,
				    "minor %u is out of range; use a 'device minor' from 0 to %u",
				    minor, DRBD_MAX_MINORS - 1);
	if (drbd_find_resource(name))
		return drbd_msg_set(msg, -EEXIST,
				    "resource %s already exists in the kernel; run 'drbdadm down %s' first to recreate it",
				    name, name);
	other = find_minor(minor);
	if (other)
		return drbd_msg_set(msg, -EEXIST,
				    "minor %u (/dev/drbd%u) is already used by resource %s; give this resource another 'device minor'",
				    minor, minor, other->name);
	return 0;
}

int drbd_new_resource(const char *name, unsigned int minor,
		      struct drbd_msg *msg)
{
	struct drbd_resource *resource;
	int err;

	lockdep_assert_held(&drbd_cfg_mutex);
	err = validate_new(name, minor, msg);
	if (err)
		return err;

	resource = alloc_resource(name, minor);
	if (!resource)
		return drbd_msg_set(msg, -ENOMEM,
				    "out of memory creating resource %s; try again",
				    name);
	err = drbd_dev_create(resource->device);
	if (err) {
		free_resource(resource);
		return drbd_msg_set(msg, err,
				    "cannot create /dev/drbd%u (error %d); see the kernel log (dmesg)",
				    minor, err);
	}
	insert_sorted(resource);
	drbd_info(resource, "created, minor %u (/dev/drbd%u), Secondary, Diskless\n",
		  minor, minor);
	drbd_notify(resource, DRBD_EV_CREATED);
	return 0;
}

int drbd_del_resource(struct drbd_resource *resource, struct drbd_msg *msg)
{
	struct drbd_device *device = resource->device;
	char holder[64];

	lockdep_assert_held(&drbd_cfg_mutex);
	if (device->ldev)
		return drbd_msg_set(msg, -EBUSY,
				    "still attached to %s; run 'drbdadm detach %s' (or 'drbdadm down %s') first",
				    device->ldev->path, resource->name,
				    resource->name);
	if (resource->role == DRBD_ROLE_PRIMARY)
		return drbd_msg_set(msg, -EBUSY,
				    "resource is Primary; run 'drbdadm secondary %s' first",
				    resource->name);
	if (!drbd_dev_block_opens(device, holder, sizeof(holder)))
		return drbd_msg_set(msg, -EBUSY,
				    "/dev/drbd%u is in use (%s); close it first",
				    device->minor, holder);

	drbd_conn_free(resource);
	drbd_notify(resource, DRBD_EV_DESTROYED);
	list_del(&resource->node);
	drbd_dev_destroy(device);
	drbd_info(resource, "deleted\n");
	free_resource(resource);
	return 0;
}

/* Module unload: demote, detach and delete, writing the metadata. */
static void teardown_resource(struct drbd_resource *resource)
{
	struct drbd_msg msg;

	if (resource->role == DRBD_ROLE_PRIMARY &&
	    drbd_set_secondary(resource, &msg))
		drbd_warn(resource, "unload: %s\n", msg.text);
	if (resource->device->ldev && drbd_detach(resource->device, &msg))
		drbd_warn(resource, "unload: %s\n", msg.text);
	/* Nobody can hold /dev/drbdN: an opener pins the module. */
	if (WARN_ON(drbd_del_resource(resource, &msg)))
		drbd_err(resource, "unload: %s\n", msg.text);
}

static int __init drbd_init(void)
{
	int err;

	err = register_blkdev(DRBD_MAJOR, "drbd");
	if (err) {
		pr_err("drbd: cannot register block major %d (error %d); is another drbd module loaded? (lsmod)\n",
		       DRBD_MAJOR, err);
		return err;
	}
	err = drbd_proc_init();
	if (err)
		goto out_blkdev;
	err = drbd_nl_register();
	if (err)
		goto out_proc;
	pr_info("drbd: %s %s (api:%u/proto:%u-%u) loaded, major %d\n",
		DRBD_PRODUCT, DRBD_MODULE_VERSION, DRBD_API_VERSION,
		DRBD_PROC_PROTO_MIN, DRBD_PROC_PROTO_MAX, DRBD_MAJOR);
	return 0;

out_proc:
	drbd_proc_exit();
out_blkdev:
	unregister_blkdev(DRBD_MAJOR, "drbd");
	return err;
}

static void __exit drbd_exit(void)
{
	struct drbd_resource *resource, *tmp;

	/*
	 * Refuse further commands, so that none creates a resource meanwhile,
	 * but keep the family until the teardown events have gone out.
	 */
	mutex_lock(&drbd_cfg_mutex);
	drbd_unloading = true;
	list_for_each_entry_safe(resource, tmp, &drbd_resources, node)
		teardown_resource(resource);
	mutex_unlock(&drbd_cfg_mutex);
	drbd_nl_unregister();
	drbd_proc_exit();
	unregister_blkdev(DRBD_MAJOR, "drbd");
	pr_info("drbd: unloaded\n");
}

module_init(drbd_init);
module_exit(drbd_exit);

MODULE_DESCRIPTION("drbd: replicated block device (" DRBD_PRODUCT ")");
MODULE_LICENSE("GPL");
MODULE_VERSION(DRBD_MODULE_VERSION);
MODULE_ALIAS_BLOCKDEV_MAJOR(DRBD_MAJOR);
MODULE_ALIAS_GENL_FAMILY(DRBD_GENL_NAME);
