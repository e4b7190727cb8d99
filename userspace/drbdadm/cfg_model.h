/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * cfg_model.h - the parsed drbd configuration: global and common
 * sections, resources, and the per-host ("on HOST { }") settings.
 *
 * Built by cfg_parser.c, read by the commands, printed by cfg_dump.c.
 * No I/O here.
 */
#ifndef CFG_MODEL_H
#define CFG_MODEL_H

#include <stdbool.h>
#include <stddef.h>

#define CFG_ERR_MAX 1024

/* The first error found, as "FILE:LINE: what is wrong". */
struct cfg_error {
	char msg[CFG_ERR_MAX];
};

/* Where something was written. */
struct cfg_loc {
	const char *file;	/* owned by struct cfg (files list) */
	int line;
};

/* One option inside a section: "key value;" or "key;" (value NULL). */
struct cfg_opt {
	char *key;
	char *value;
	struct cfg_loc loc;
	struct cfg_opt *next;
};

/* Option sections a resource (and common) may hold. */
enum cfg_sect {
	CFG_SECT_NET,
	CFG_SECT_DISK,
	CFG_SECT_HANDLERS,
	CFG_SECT_STARTUP,
	CFG_SECT_OPTIONS,
	CFG_SECT__COUNT,
};

/* Per-host settings; also used for the resource-level defaults. */
struct cfg_host {
	char *name;		/* NULL for resource-level defaults */
	struct cfg_loc loc;
	char *device;		/* "/dev/drbdN" or NULL */
	int minor;		/* -1 when not given */
	struct cfg_loc device_loc;
	char *disk;
	struct cfg_loc disk_loc;
	char *address_family;	/* "ipv4" / "ipv6" */
	char *address;		/* IP without brackets */
	int port;		/* 0 when no address */
	struct cfg_loc address_loc;
	char *meta_disk;	/* "internal" */
	struct cfg_loc meta_disk_loc;
};

struct cfg_resource {
	char *name;
	struct cfg_loc loc;
	struct cfg_host defaults;	/* device/disk/meta-disk/address at resource level */
	struct cfg_host *hosts;
	size_t n_hosts;
	struct cfg_opt *sect[CFG_SECT__COUNT];
	bool has_sect[CFG_SECT__COUNT];
};

struct cfg {
	char **files;		/* every file read, for struct cfg_loc */
	size_t n_files;
	struct cfg_opt *global;
	bool has_global;
	struct cfg_opt *common[CFG_SECT__COUNT];
	bool has_common;
	struct cfg_resource *res;
	size_t n_res;
};

/* A host's effective settings: the "on" section over resource defaults. */
struct cfg_host_eff {
	const char *name;
	const char *device;	/* always set: "/dev/drbdN" when not given */
	int minor;
	const char *disk;
	const char *address_family;
	const char *address;
	int port;
	const char *meta_disk;
	char device_buf[32];
};

const char *cfg_sect_name(enum cfg_sect s);
/* Section by name, or -1. */
int cfg_sect_from_name(const char *name);

void cfg_free(struct cfg *cfg);
void cfg_opt_free_list(struct cfg_opt *o);

/* Appends a copy; returns the new option or NULL (ENOMEM). */
struct cfg_opt *cfg_opt_append(struct cfg_opt **list, const char *key,
			       const char *value, struct cfg_loc loc);
const struct cfg_opt *cfg_opt_find(const struct cfg_opt *list, const char *key);

struct cfg_resource *cfg_find_resource(const struct cfg *cfg, const char *name);

/* Effective settings of @host in @res (host values over resource defaults). */
void cfg_host_effective(const struct cfg_resource *res,
			const struct cfg_host *host, struct cfg_host_eff *ret);

/* Decimal digits only, at most @max: 0 and *ret, else -EINVAL/-ERANGE. */
int cfg_parse_uint(const char *s, long max, long *ret);

/* Replication protocol of @res: 'A', 'B' or 'C' (the default). */
char cfg_resource_protocol(const struct cfg_resource *res);

/*
 * disk { al-extents N; } of @res, else of common (@cfg may be NULL): the
 * activity log's hot extents.  Unset: 0 and *slots = DRBD_AL_SLOTS.  A
 * number in DRBD's range 7..65534: 0 and *slots = N, or, above what this
 * version's log holds, DRBD_AL_SLOTS_MAX with *capped set.  Anything
 * else: -EINVAL and @err ("FILE:LINE: ...").
 */
int cfg_al_extents(const struct cfg *cfg, const struct cfg_resource *res,
		   unsigned int *slots, bool *capped, struct cfg_error *err);

/* Builds "FILE:LINE: " + fmt into @err; returns -EINVAL. */
int cfg_errf(struct cfg_error *err, struct cfg_loc loc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif /* CFG_MODEL_H */
