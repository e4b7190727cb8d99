// SPDX-License-Identifier: GPL-2.0-only
/*
 * cfg_model.c - ownership and lookups of the parsed configuration.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfg_model.h"
#include "drbd_md.h"

static const char *const sect_names[CFG_SECT__COUNT] = {
	[CFG_SECT_NET] = "net",
	[CFG_SECT_DISK] = "disk",
	[CFG_SECT_HANDLERS] = "handlers",
	[CFG_SECT_STARTUP] = "startup",
	[CFG_SECT_OPTIONS] = "options",
};

const char *cfg_sect_name(enum cfg_sect s)
{
	return (unsigned int)s < CFG_SECT__COUNT ? sect_names[s] : "?";
}

int cfg_sect_from_name(const char *name)
{
	int i;

	for (i = 0; i < CFG_SECT__COUNT; i++)
		if (strcmp(name, sect_names[i]) == 0)
			return i;
	return -1;
}

void cfg_opt_free_list(struct cfg_opt *o)
{
	while (o) {
		struct cfg_opt *next = o->next;

		free(o->key);
		free(o->value);
		free(o);
		o = next;
	}
}

struct cfg_opt *cfg_opt_append(struct cfg_opt **list, const char *key,
			       const char *value, struct cfg_loc loc)
{
	struct cfg_opt *o = calloc(1, sizeof(*o));

	if (!o)
		return NULL;
	o->key = strdup(key);
	o->value = value ? strdup(value) : NULL;
	if (!o->key || (value && !o->value)) {
		cfg_opt_free_list(o);
		return NULL;
	}
	o->loc = loc;
	while (*list)
		list = &(*list)->next;
	*list = o;
	return o;
}

const struct cfg_opt *cfg_opt_find(const struct cfg_opt *list, const char *key)
{
	for (; list; list = list->next)
		if (strcmp(list->key, key) == 0)
			return list;
	return NULL;
}

static void host_free(struct cfg_host *h)
{
	free(h->name);
	free(h->device);
	free(h->disk);
	free(h->address_family);
	free(h->address);
	free(h->meta_disk);
}

static void resource_free(struct cfg_resource *r)
{
	size_t i;

	free(r->name);
	host_free(&r->defaults);
	for (i = 0; i < r->n_hosts; i++)
		host_free(&r->hosts[i]);
	free(r->hosts);
	for (i = 0; i < CFG_SECT__COUNT; i++)
		cfg_opt_free_list(r->sect[i]);
}

void cfg_free(struct cfg *cfg)
{
	size_t i;

	if (!cfg)
		return;
	for (i = 0; i < cfg->n_res; i++)
		resource_free(&cfg->res[i]);
	free(cfg->res);
	cfg_opt_free_list(cfg->global);
	for (i = 0; i < CFG_SECT__COUNT; i++)
		cfg_opt_free_list(cfg->common[i]);
	for (i = 0; i < cfg->n_files; i++)
		free(cfg->files[i]);
	free(cfg->files);
	free(cfg);
}

struct cfg_resource *cfg_find_resource(const struct cfg *cfg, const char *name)
{
	size_t i;

	for (i = 0; i < cfg->n_res; i++)
		if (strcmp(cfg->res[i].name, name) == 0)
			return &cfg->res[i];
	return NULL;
}

void cfg_host_effective(const struct cfg_resource *res,
			const struct cfg_host *host, struct cfg_host_eff *ret)
{
	const struct cfg_host *d = &res->defaults;
	bool own_dev = host->device || host->minor >= 0;

	memset(ret, 0, sizeof(*ret));
	ret->name = host->name;
	ret->device = own_dev ? host->device : d->device;
	ret->minor = own_dev ? host->minor : d->minor;
	ret->disk = host->disk ? host->disk : d->disk;
	ret->meta_disk = host->meta_disk ? host->meta_disk : d->meta_disk;
	if (host->address) {
		ret->address_family = host->address_family;
		ret->address = host->address;
		ret->port = host->port;
	} else {
		ret->address_family = d->address_family;
		ret->address = d->address;
		ret->port = d->port;
	}
	if (!ret->device && ret->minor >= 0) {
		snprintf(ret->device_buf, sizeof(ret->device_buf), "/dev/drbd%d",
			 ret->minor);
		ret->device = ret->device_buf;
	}
}

char cfg_resource_protocol(const struct cfg_resource *res)
{
	const struct cfg_opt *o = cfg_opt_find(res->sect[CFG_SECT_NET], "protocol");

	return o && o->value ? o->value[0] : 'C';
}

int cfg_parse_uint(const char *s, long max, long *ret)
{
	char *end;
	long v;

	if (!*s || *s == '-' || *s == '+')
		return -EINVAL;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end || v > max)
		return -ERANGE;
	*ret = v;
	return 0;
}

/* DRBD 8.4 accepts al-extents 67..65534; 7 was DRBD 8.3's minimum. */
#define AL_EXTENTS_CONF_MAX 65534

int cfg_al_extents(const struct cfg *cfg, const struct cfg_resource *res,
		   unsigned int *slots, bool *capped, struct cfg_error *err)
{
	const struct cfg_opt *o = cfg_opt_find(res->sect[CFG_SECT_DISK],
					       "al-extents");
	long n;

	if (!o && cfg)
		o = cfg_opt_find(cfg->common[CFG_SECT_DISK], "al-extents");
	*slots = DRBD_AL_SLOTS;
	*capped = false;
	if (!o)
		return 0;
	if (!o->value || cfg_parse_uint(o->value, AL_EXTENTS_CONF_MAX, &n) ||
	    n < (long)DRBD_AL_SLOTS_MIN)
		goto bad;
	if (n > DRBD_AL_SLOTS_MAX) {
		n = DRBD_AL_SLOTS_MAX;
		*capped = true;
	}
	*slots = (unsigned int)n;
	return 0;
bad:
	return cfg_errf(err, o->loc,
			"al-extents '%s' is not a number of extents from %u to %u; write e.g. 'al-extents %u;' in the disk section",
			o->value ? o->value : "", DRBD_AL_SLOTS_MIN,
			AL_EXTENTS_CONF_MAX, DRBD_AL_SLOTS);
}

int cfg_errf(struct cfg_error *err, struct cfg_loc loc, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (!err)
		return -EINVAL;
	n = snprintf(err->msg, sizeof(err->msg), "%s:%d: ",
		     loc.file ? loc.file : "?", loc.line);
	if (n < 0 || (size_t)n >= sizeof(err->msg))
		return -EINVAL;
	va_start(ap, fmt);
	vsnprintf(err->msg + n, sizeof(err->msg) - n, fmt, ap);
	va_end(ap);
	return -EINVAL;
}
