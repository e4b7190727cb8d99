// SPDX-License-Identifier: GPL-2.0-only
/*
 * cfg_parser.c - recursive-descent parser for the drbd configuration.
 *
 * Grammar (top level):
 *   global { OPT* }            common { (protocol X; | SECTION)* }
 *   resource NAME { BODY }     include "GLOB";       skip [...] { ... }
 * Resource body: protocol X; SECTION; device/disk/address/meta-disk given
 * once for every host; on HOST { device; disk; address; meta-disk; }.
 * SECTION is net/disk/handlers/startup/options { KEY [VALUE]; ... }.
 * Options inside sections are kept as written (key and optional value);
 * only their syntax is checked.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cfg_lexer.h"
#include "cfg_parser.h"
#include "drbd_genl_api.h"

struct parser {
	struct cfg *cfg;
	struct cfg_error *err;
	int depth;
};

/* One file being parsed. */
struct pfile {
	struct parser *p;
	struct cfg_lexer lx;
	struct cfg_token tok;	/* current token */
	const char *file;	/* owned by cfg->files */
};

static int parse_buffer(struct parser *p, const char *file, const char *buf,
			size_t len);

/* ---- helpers ---------------------------------------------------------- */

static struct cfg_loc here(const struct pfile *pf)
{
	struct cfg_loc loc = { .file = pf->file, .line = pf->tok.line };

	return loc;
}

static int next(struct pfile *pf)
{
	return cfg_lexer_next(&pf->lx, &pf->tok, pf->p->err);
}

static int oom(struct pfile *pf)
{
	cfg_errf(pf->p->err, here(pf), "out of memory");
	return -ENOMEM;
}

static bool is_text(const struct cfg_token *t)
{
	return t->type == CFG_TOK_WORD || t->type == CFG_TOK_STRING;
}

static bool is_word(const struct cfg_token *t, const char *w)
{
	return t->type == CFG_TOK_WORD && strcmp(t->text, w) == 0;
}

static int unexpected(struct pfile *pf, const char *wanted)
{
	char d[80];

	return cfg_errf(pf->p->err, here(pf), "expected %s, found %s", wanted,
			cfg_tok_describe(&pf->tok, d, sizeof(d)));
}

/* Current token must be @type; then advance. */
static int expect(struct pfile *pf, enum cfg_tok_type type, const char *wanted)
{
	if (pf->tok.type != type)
		return unexpected(pf, wanted);
	return next(pf);
}

/* Copy of the current text token; then advance.  @what names it. */
static int take_text(struct pfile *pf, const char *what, char **ret)
{
	if (!is_text(&pf->tok))
		return unexpected(pf, what);
	*ret = strdup(pf->tok.text);
	if (!*ret)
		return oom(pf);
	return next(pf);
}

static int add_file(struct parser *p, const char *path, const char **ret)
{
	struct cfg *cfg = p->cfg;
	char **files = realloc(cfg->files, (cfg->n_files + 1) * sizeof(*files));

	if (!files)
		return -ENOMEM;
	cfg->files = files;
	files[cfg->n_files] = strdup(path);
	if (!files[cfg->n_files])
		return -ENOMEM;
	*ret = files[cfg->n_files++];
	return 0;
}

/* ---- option sections ---------------------------------------------------- */

/*
 * KEY [VALUE] ; ... up to the closing brace (consumed).  @where names the
 * section for messages ("net section").
 */
static int parse_opts(struct pfile *pf, struct cfg_opt **list, const char *where)
{
	struct cfg_loc loc;
	char key[CFG_TOK_MAX];
	const struct cfg_opt *dup;
	int rc;

	while (pf->tok.type != CFG_TOK_RBRACE) {
		if (pf->tok.type == CFG_TOK_EOF)
			return cfg_errf(pf->p->err, here(pf),
					"end of file inside the %s; a '}' is missing", where);
		if (pf->tok.type != CFG_TOK_WORD)
			return unexpected(pf, "an option name");
		loc = here(pf);
		snprintf(key, sizeof(key), "%s", pf->tok.text);
		rc = next(pf);
		if (rc)
			return rc;
		if (pf->tok.type == CFG_TOK_LBRACE)
			return cfg_errf(pf->p->err, here(pf),
					"'%s' cannot open a block inside the %s", key, where);
		dup = cfg_opt_find(*list, key);
		if (dup)
			return cfg_errf(pf->p->err, loc,
					"option '%s' given twice in the %s (first at %s:%d)",
					key, where, dup->loc.file, dup->loc.line);
		if (is_text(&pf->tok)) {
			if (!cfg_opt_append(list, key, pf->tok.text, loc))
				return oom(pf);
			rc = next(pf);
			if (rc)
				return rc;
			if (is_text(&pf->tok))
				return cfg_errf(pf->p->err, here(pf),
						"option '%s' takes at most one value; is a ';' missing after '%s %s'?",
						key, key, cfg_opt_find(*list, key)->value);
		} else if (!cfg_opt_append(list, key, NULL, loc)) {
			return oom(pf);
		}
		if (pf->tok.type != CFG_TOK_SEMI) {
			char d[80];

			return cfg_errf(pf->p->err, here(pf),
					"expected ';' after option '%s', found %s",
					key, cfg_tok_describe(&pf->tok, d, sizeof(d)));
		}
		rc = next(pf);
		if (rc)
			return rc;
	}
	return next(pf);
}

static int check_protocol(struct pfile *pf, const char *v)
{
	if (strcmp(v, "A") && strcmp(v, "B") && strcmp(v, "C"))
		return cfg_errf(pf->p->err, here(pf),
				"unknown protocol '%s'; use A, B or C", v);
	return 0;
}

/* SECTION { OPTS } with the current token at the section name. */
static int parse_section(struct pfile *pf, enum cfg_sect s,
			 struct cfg_opt **list, bool *seen, const char *owner)
{
	char where[96];
	const struct cfg_opt *proto;
	int rc;

	snprintf(where, sizeof(where), "%s section", cfg_sect_name(s));
	if (*seen)
		return cfg_errf(pf->p->err, here(pf),
				"second '%s' section in %s; merge them into one",
				cfg_sect_name(s), owner);
	*seen = true;
	rc = next(pf);
	if (!rc)
		rc = expect(pf, CFG_TOK_LBRACE, "'{'");
	if (!rc)
		rc = parse_opts(pf, list, where);
	if (rc || s != CFG_SECT_NET)
		return rc;
	proto = cfg_opt_find(*list, "protocol");
	if (proto && (!proto->value || (strcmp(proto->value, "A") &&
					strcmp(proto->value, "B") &&
					strcmp(proto->value, "C"))))
		return cfg_errf(pf->p->err, proto->loc,
				"unknown protocol '%s'; use A, B or C",
				proto->value ? proto->value : "");
	return 0;
}

/* protocol X;  stored as the net option "protocol". */
static int parse_protocol(struct pfile *pf, struct cfg_opt **net)
{
	struct cfg_loc loc = here(pf);
	const struct cfg_opt *dup;
	int rc = next(pf);

	if (rc)
		return rc;
	if (!is_text(&pf->tok))
		return unexpected(pf, "A, B or C after 'protocol'");
	rc = check_protocol(pf, pf->tok.text);
	if (rc)
		return rc;
	dup = cfg_opt_find(*net, "protocol");
	if (dup)
		return cfg_errf(pf->p->err, loc,
				"protocol given twice (first at %s:%d)",
				dup->loc.file, dup->loc.line);
	if (!cfg_opt_append(net, "protocol", pf->tok.text, loc))
		return oom(pf);
	rc = next(pf);
	if (!rc)
		rc = expect(pf, CFG_TOK_SEMI, "';' after the protocol");
	return rc;
}

/* skip [anything] { balanced } : DRBD's way to comment out a block. */
static int parse_skip(struct pfile *pf)
{
	struct cfg_loc loc = here(pf);
	int depth = 0;
	int rc;

	do {
		rc = next(pf);
		if (rc)
			return rc;
		if (pf->tok.type == CFG_TOK_LBRACE)
			depth++;
		else if (pf->tok.type == CFG_TOK_RBRACE)
			depth--;
		else if (pf->tok.type == CFG_TOK_EOF)
			return cfg_errf(pf->p->err, loc,
					"end of file inside this 'skip' block; a '}' is missing");
	} while (depth > 0 || pf->tok.type != CFG_TOK_RBRACE);
	return next(pf);
}

/* ---- host settings ---------------------------------------------------- */

static int set_loc_once(struct pfile *pf, const void *field, const char *kw,
			struct cfg_loc *loc, const char *owner)
{
	if (field)
		return cfg_errf(pf->p->err, here(pf),
				"'%s' given twice in %s (first at %s:%d)",
				kw, owner, loc->file, loc->line);
	*loc = here(pf);
	return 0;
}

static int parse_minor(struct pfile *pf, int *ret)
{
	long v;

	if (!is_text(&pf->tok))
		return unexpected(pf, "a minor number after 'minor'");
	if (cfg_parse_uint(pf->tok.text, 1L << 30, &v) || v >= DRBD_MAX_MINORS)
		return cfg_errf(pf->p->err, here(pf),
				"minor '%s' is not a number from 0 to %d",
				pf->tok.text, DRBD_MAX_MINORS - 1);
	*ret = (int)v;
	return next(pf);
}

/* Minor number in "/dev/drbdN", or -1. */
static int minor_from_path(const char *path)
{
	long v;

	if (strncmp(path, "/dev/drbd", 9) || cfg_parse_uint(path + 9, 1L << 30, &v))
		return -1;
	return v < DRBD_MAX_MINORS ? (int)v : -2;
}

/* device /dev/drbdN | device minor N | device PATH minor N */
static int parse_device(struct pfile *pf, struct cfg_host *h, const char *owner)
{
	struct cfg_loc loc;
	int from_path;
	int rc;

	if (h->device || h->minor >= 0)
		return set_loc_once(pf, "", "device", &h->device_loc, owner);
	rc = set_loc_once(pf, NULL, "device", &h->device_loc, owner);
	if (!rc)
		rc = next(pf);
	if (rc)
		return rc;
	loc = here(pf);
	if (is_word(&pf->tok, "minor")) {
		rc = next(pf);
		if (!rc)
			rc = parse_minor(pf, &h->minor);
		return rc ? rc : expect(pf, CFG_TOK_SEMI, "';' after the minor number");
	}
	rc = take_text(pf, "a device path or 'minor N' after 'device'", &h->device);
	if (rc)
		return rc;
	if (h->device[0] != '/')
		return cfg_errf(pf->p->err, loc,
				"device '%s' is not an absolute path; write 'device /dev/drbdN;' or 'device minor N;'",
				h->device);
	from_path = minor_from_path(h->device);
	if (from_path == -2)
		return cfg_errf(pf->p->err, loc,
				"device '%s': the minor number must be from 0 to %d",
				h->device, DRBD_MAX_MINORS - 1);
	if (is_word(&pf->tok, "minor")) {
		rc = next(pf);
		if (!rc)
			rc = parse_minor(pf, &h->minor);
		if (rc)
			return rc;
		if (from_path >= 0 && from_path != h->minor)
			return cfg_errf(pf->p->err, loc,
					"device '%s' does not match 'minor %d'",
					h->device, h->minor);
	} else if (from_path < 0) {
		return cfg_errf(pf->p->err, loc,
				"cannot tell the minor number from '%s'; write 'device %s minor N;'",
				h->device, h->device);
	} else {
		h->minor = from_path;
	}
	return expect(pf, CFG_TOK_SEMI, "';' after the device");
}

/* disk PATH ; */
static int parse_disk(struct pfile *pf, struct cfg_host *h, const char *owner)
{
	struct cfg_loc loc;
	int rc = set_loc_once(pf, h->disk, "disk", &h->disk_loc, owner);

	if (!rc)
		rc = next(pf);
	if (rc)
		return rc;
	loc = here(pf);
	rc = take_text(pf, "a lower device path after 'disk'", &h->disk);
	if (rc)
		return rc;
	if (strcmp(h->disk, "none") == 0)
		return cfg_errf(pf->p->err, loc,
				"'disk none' (a diskless node) is not supported; name the lower device");
	if (h->disk[0] != '/')
		return cfg_errf(pf->p->err, loc,
				"disk '%s' is not an absolute path (like /dev/sdb)", h->disk);
	return expect(pf, CFG_TOK_SEMI, "';' after the disk");
}

/* meta-disk internal ; */
static int parse_meta_disk(struct pfile *pf, struct cfg_host *h, const char *owner)
{
	int rc = set_loc_once(pf, h->meta_disk, "meta-disk", &h->meta_disk_loc, owner);

	if (!rc)
		rc = next(pf);
	if (rc)
		return rc;
	if (!is_text(&pf->tok))
		return unexpected(pf, "'internal' after 'meta-disk'");
	if (strcmp(pf->tok.text, "internal"))
		return cfg_errf(pf->p->err, here(pf),
				"external metadata ('meta-disk %s') is not supported; use 'meta-disk internal;'",
				pf->tok.text);
	rc = take_text(pf, "'internal'", &h->meta_disk);
	return rc ? rc : expect(pf, CFG_TOK_SEMI, "';' after 'meta-disk internal'");
}

/* Split "IP:PORT" / "[IPv6]:PORT" and check both parts. */
static int split_address(struct pfile *pf, const char *text, const char *af,
			 struct cfg_host *h)
{
	char ip[CFG_TOK_MAX];
	const char *colon;
	unsigned char bin[16];
	long port;
	bool v6 = strcmp(af, "ipv6") == 0;

	if (v6) {
		const char *close = strchr(text, ']');

		if (text[0] != '[' || !close || close[1] != ':')
			return cfg_errf(pf->p->err, here(pf),
					"address '%s' is not [IPv6]:PORT", text);
		snprintf(ip, sizeof(ip), "%.*s", (int)(close - text - 1), text + 1);
		colon = close + 1;
	} else {
		colon = strrchr(text, ':');
		if (!colon)
			return cfg_errf(pf->p->err, here(pf),
					"address '%s' has no port; write IP:PORT (like 10.0.0.1:7788)",
					text);
		snprintf(ip, sizeof(ip), "%.*s", (int)(colon - text), text);
	}
	if (inet_pton(v6 ? AF_INET6 : AF_INET, ip, bin) != 1)
		return cfg_errf(pf->p->err, here(pf), "'%s' is not an %s address%s",
				ip, v6 ? "IPv6" : "IPv4",
				v6 ? "" : " (host names are not accepted; for IPv6 write 'address ipv6 [ADDR]:PORT')");
	if (cfg_parse_uint(colon + 1, 1L << 30, &port) || port < 1 || port > 65535)
		return cfg_errf(pf->p->err, here(pf),
				"port '%s' is not a number from 1 to 65535", colon + 1);
	h->address = strdup(ip);
	h->address_family = strdup(af);
	if (!h->address || !h->address_family)
		return oom(pf);
	h->port = (int)port;
	return 0;
}

/* address [ipv4|ipv6] IP:PORT ; */
static int parse_address(struct pfile *pf, struct cfg_host *h, const char *owner)
{
	const char *af = "ipv4";
	int rc = set_loc_once(pf, h->address, "address", &h->address_loc, owner);

	if (!rc)
		rc = next(pf);
	if (rc)
		return rc;
	if (is_word(&pf->tok, "ipv4") || is_word(&pf->tok, "ipv6")) {
		af = pf->tok.text[3] == '6' ? "ipv6" : "ipv4";
		rc = next(pf);
		if (rc)
			return rc;
	} else if (is_word(&pf->tok, "ssocks") || is_word(&pf->tok, "sdp") ||
		   is_word(&pf->tok, "sci")) {
		return cfg_errf(pf->p->err, here(pf),
				"address family '%s' is not supported; use ipv4 or ipv6",
				pf->tok.text);
	}
	if (!is_text(&pf->tok))
		return unexpected(pf, "IP:PORT after 'address'");
	rc = split_address(pf, pf->tok.text, af, h);
	if (!rc)
		rc = next(pf);
	return rc ? rc : expect(pf, CFG_TOK_SEMI, "';' after the address");
}

/*
 * One host keyword (device, disk, address, meta-disk) at the current
 * token.  Returns 1 when the token is not one of them.
 */
static int parse_host_kw(struct pfile *pf, struct cfg_host *h, const char *owner)
{
	const char *w = pf->tok.text;

	if (pf->tok.type != CFG_TOK_WORD)
		return 1;
	if (strcmp(w, "device") == 0)
		return parse_device(pf, h, owner);
	if (strcmp(w, "disk") == 0)
		return parse_disk(pf, h, owner);
	if (strcmp(w, "address") == 0)
		return parse_address(pf, h, owner);
	if (strcmp(w, "meta-disk") == 0)
		return parse_meta_disk(pf, h, owner);
	if (strcmp(w, "flexible-meta-disk") == 0)
		return cfg_errf(pf->p->err, here(pf),
				"'flexible-meta-disk' (external metadata) is not supported; use 'meta-disk internal;'");
	return 1;
}

/* on HOST { host keywords } */
static int parse_on(struct pfile *pf, struct cfg_resource *r)
{
	struct cfg_host *h, *hosts;
	char owner[96];
	size_t i;
	int rc = next(pf);

	if (rc)
		return rc;
	if (!is_text(&pf->tok))
		return unexpected(pf, "a host name after 'on'");
	for (i = 0; i < r->n_hosts; i++)
		if (strcmp(r->hosts[i].name, pf->tok.text) == 0)
			return cfg_errf(pf->p->err, here(pf),
					"host '%s' has a second 'on' section in resource %s (first at %s:%d)",
					pf->tok.text, r->name, r->hosts[i].loc.file,
					r->hosts[i].loc.line);
	hosts = realloc(r->hosts, (r->n_hosts + 1) * sizeof(*hosts));
	if (!hosts)
		return oom(pf);
	r->hosts = hosts;
	h = &hosts[r->n_hosts++];
	memset(h, 0, sizeof(*h));
	h->minor = -1;
	h->loc = here(pf);
	rc = take_text(pf, "a host name", &h->name);
	if (!rc)
		rc = expect(pf, CFG_TOK_LBRACE, "'{' after the host name");
	snprintf(owner, sizeof(owner), "'on %s'", h->name ? h->name : "?");
	while (!rc && pf->tok.type != CFG_TOK_RBRACE) {
		char d[80];

		if (pf->tok.type == CFG_TOK_EOF)
			return cfg_errf(pf->p->err, here(pf),
					"end of file inside 'on %s'; a '}' is missing", h->name);
		if (is_word(&pf->tok, "node-id")) {
			/* DRBD 9 node ids: accepted, not needed for two nodes. */
			long v;

			rc = next(pf);
			if (!rc && (!is_text(&pf->tok) || cfg_parse_uint(pf->tok.text, 31, &v)))
				return cfg_errf(pf->p->err, here(pf),
						"node-id must be a number from 0 to 31");
			rc = rc ? rc : next(pf);
			rc = rc ? rc : expect(pf, CFG_TOK_SEMI, "';' after the node-id");
			continue;
		}
		rc = parse_host_kw(pf, h, owner);
		if (rc == 1)
			return cfg_errf(pf->p->err, here(pf),
					"unknown keyword %s in 'on %s'; expected device, disk, address or meta-disk",
					cfg_tok_describe(&pf->tok, d, sizeof(d)), h->name);
	}
	return rc ? rc : next(pf);
}

/* ---- resource, common, global --------------------------------------------- */

static int check_res_name(struct pfile *pf, const char *name)
{
	const char *c;

	if (strlen(name) >= DRBD_RES_NAME_MAX)
		return cfg_errf(pf->p->err, here(pf),
				"resource name '%.20s...' is longer than %d characters",
				name, DRBD_RES_NAME_MAX - 1);
	if (strcmp(name, "all") == 0)
		return cfg_errf(pf->p->err, here(pf),
				"'all' is reserved (it means every resource); pick another resource name");
	for (c = name; *c; c++)
		if (!(*c >= 'a' && *c <= 'z') && !(*c >= 'A' && *c <= 'Z') &&
		    !(*c >= '0' && *c <= '9') && *c != '_' && *c != '-' && *c != '.')
			return cfg_errf(pf->p->err, here(pf),
					"resource name '%s' may only hold letters, digits, '_', '-' and '.'",
					name);
	return 0;
}

static const char *const unsupported_res_kw[] = {
	"volume", "connection", "connection-mesh", "floating",
	"stacked-on-top-of", "net-options", NULL,
};

/* One statement of a resource body. */
static int parse_res_stmt(struct pfile *pf, struct cfg_resource *r)
{
	char owner[96];
	char d[80];
	int s, i, rc;

	snprintf(owner, sizeof(owner), "resource %s", r->name);
	if (pf->tok.type != CFG_TOK_WORD)
		return unexpected(pf, "a keyword (on, device, disk, net ...)");
	if (is_word(&pf->tok, "on"))
		return parse_on(pf, r);
	if (is_word(&pf->tok, "protocol"))
		return parse_protocol(pf, &r->sect[CFG_SECT_NET]);
	if (is_word(&pf->tok, "syncer"))
		return cfg_errf(pf->p->err, here(pf),
				"the 'syncer' section is from DRBD 8.3; move resync-rate and al-extents into 'disk { }' and verify-alg into 'net { }'");
	s = cfg_sect_from_name(pf->tok.text);
	if (s == CFG_SECT_DISK) {
		/* "disk {" is the section, "disk PATH;" the lower device. */
		struct cfg_lexer save = pf->lx;
		struct cfg_token cur = pf->tok;

		rc = next(pf);
		if (rc)
			return rc;
		bool section = pf->tok.type == CFG_TOK_LBRACE;

		pf->lx = save;
		pf->tok = cur;
		if (!section)
			return parse_disk(pf, &r->defaults, owner);
	}
	if (s >= 0)
		return parse_section(pf, s, &r->sect[s], &r->has_sect[s], owner);
	rc = parse_host_kw(pf, &r->defaults, owner);
	if (rc != 1)
		return rc;
	for (i = 0; unsupported_res_kw[i]; i++)
		if (is_word(&pf->tok, unsupported_res_kw[i]))
			return cfg_errf(pf->p->err, here(pf),
					"'%s' is not supported; describe the resource with 'on HOST { }' sections",
					pf->tok.text);
	return cfg_errf(pf->p->err, here(pf),
			"unknown keyword %s in resource %s; expected on, protocol, device, disk, address, meta-disk, net, disk, handlers, startup or options",
			cfg_tok_describe(&pf->tok, d, sizeof(d)), r->name);
}

static int parse_resource(struct pfile *pf)
{
	struct cfg *cfg = pf->p->cfg;
	struct cfg_resource *r, *res;
	int rc = next(pf);

	if (rc)
		return rc;
	if (!is_text(&pf->tok))
		return unexpected(pf, "a resource name after 'resource'");
	rc = check_res_name(pf, pf->tok.text);
	if (rc)
		return rc;
	r = cfg_find_resource(cfg, pf->tok.text);
	if (r)
		return cfg_errf(pf->p->err, here(pf),
				"resource %s is defined twice (first at %s:%d)",
				r->name, r->loc.file, r->loc.line);
	res = realloc(cfg->res, (cfg->n_res + 1) * sizeof(*res));
	if (!res)
		return oom(pf);
	cfg->res = res;
	r = &res[cfg->n_res++];
	memset(r, 0, sizeof(*r));
	r->defaults.minor = -1;
	r->loc = here(pf);
	rc = take_text(pf, "a resource name", &r->name);
	if (!rc)
		rc = expect(pf, CFG_TOK_LBRACE, "'{' after the resource name");
	while (!rc && pf->tok.type != CFG_TOK_RBRACE) {
		if (pf->tok.type == CFG_TOK_EOF)
			return cfg_errf(pf->p->err, r->loc,
					"end of file inside resource %s; a '}' is missing",
					r->name);
		rc = parse_res_stmt(pf, r);
	}
	return rc ? rc : next(pf);
}

static int parse_common(struct pfile *pf)
{
	struct cfg *cfg = pf->p->cfg;
	bool seen[CFG_SECT__COUNT] = { false };
	char d[80];
	int s, rc;

	if (cfg->has_common)
		return cfg_errf(pf->p->err, here(pf),
				"second 'common' section; merge them into one");
	cfg->has_common = true;
	rc = next(pf);
	if (!rc)
		rc = expect(pf, CFG_TOK_LBRACE, "'{' after 'common'");
	while (!rc && pf->tok.type != CFG_TOK_RBRACE) {
		if (pf->tok.type == CFG_TOK_EOF)
			return cfg_errf(pf->p->err, here(pf),
					"end of file inside the common section; a '}' is missing");
		if (is_word(&pf->tok, "protocol")) {
			rc = parse_protocol(pf, &cfg->common[CFG_SECT_NET]);
			continue;
		}
		s = pf->tok.type == CFG_TOK_WORD ? cfg_sect_from_name(pf->tok.text) : -1;
		if (s < 0)
			return cfg_errf(pf->p->err, here(pf),
					"unknown keyword %s in the common section; expected protocol, net, disk, handlers, startup or options",
					cfg_tok_describe(&pf->tok, d, sizeof(d)));
		rc = parse_section(pf, s, &cfg->common[s], &seen[s], "the common section");
	}
	return rc ? rc : next(pf);
}

static int parse_global(struct pfile *pf)
{
	struct cfg *cfg = pf->p->cfg;
	int rc;

	if (cfg->has_global)
		return cfg_errf(pf->p->err, here(pf),
				"second 'global' section; merge them into one");
	cfg->has_global = true;
	rc = next(pf);
	if (!rc)
		rc = expect(pf, CFG_TOK_LBRACE, "'{' after 'global'");
	return rc ? rc : parse_opts(pf, &cfg->global, "global section");
}

/* ---- files and includes --------------------------------------------------- */

static int read_all(const char *path, char **ret, size_t *ret_len)
{
	struct stat st;
	char *buf;
	size_t len = 0;
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	int rc = 0;

	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) < 0) {
		rc = -errno;
		goto out_close;
	}
	if (!S_ISREG(st.st_mode)) {
		rc = S_ISDIR(st.st_mode) ? -EISDIR : -EINVAL;
		goto out_close;
	}
	if ((uint64_t)st.st_size > CFG_MAX_FILE_BYTES) {
		rc = -EFBIG;
		goto out_close;
	}
	buf = malloc((size_t)st.st_size + 1);
	if (!buf) {
		rc = -ENOMEM;
		goto out_close;
	}
	while ((n = read(fd, buf + len, (size_t)st.st_size - len)) > 0)
		len += (size_t)n;
	if (n < 0) {
		rc = -errno;
		free(buf);
		goto out_close;
	}
	buf[len] = 0;
	*ret = buf;
	*ret_len = len;
out_close:
	close(fd);
	return rc;
}

static int parse_path(struct parser *p, const char *path, struct cfg_loc from)
{
	char *buf = NULL;
	size_t len = 0;
	int rc = read_all(path, &buf, &len);

	if (rc) {
		if (from.file)
			return cfg_errf(p->err, from, "cannot read included file %s: %s",
					path, strerror(-rc));
		snprintf(p->err->msg, sizeof(p->err->msg),
			 "%s: cannot read: %s; name another config file with -c FILE",
			 path, strerror(-rc));
		return rc;
	}
	rc = parse_buffer(p, path, buf, len);
	free(buf);
	return rc;
}

/* include "PATTERN" ; -- relative to the including file's directory. */
static int parse_include(struct pfile *pf)
{
	struct cfg_loc loc = here(pf);
	char pattern[2 * CFG_TOK_MAX];
	char *dir_copy;
	glob_t g;
	size_t i;
	int rc = next(pf);

	if (rc)
		return rc;
	if (!is_text(&pf->tok))
		return unexpected(pf, "a file name or pattern after 'include'");
	if (pf->tok.text[0] == '/') {
		snprintf(pattern, sizeof(pattern), "%s", pf->tok.text);
	} else {
		dir_copy = strdup(pf->file);
		if (!dir_copy)
			return oom(pf);
		snprintf(pattern, sizeof(pattern), "%s/%s", dirname(dir_copy),
			 pf->tok.text);
		free(dir_copy);
	}
	rc = next(pf);
	if (!rc)
		rc = expect(pf, CFG_TOK_SEMI, "';' after the include pattern");
	if (rc)
		return rc;
	if (pf->p->depth >= CFG_MAX_INCLUDE_DEPTH)
		return cfg_errf(pf->p->err, loc,
				"includes nested deeper than %d levels; does a file include itself?",
				CFG_MAX_INCLUDE_DEPTH);
	rc = glob(pattern, 0, NULL, &g);
	if (rc == GLOB_NOMATCH)
		return 0;	/* an empty drbd.d/ is fine */
	if (rc)
		return cfg_errf(pf->p->err, loc, "cannot expand include pattern %s",
				pattern);
	pf->p->depth++;
	for (i = 0; i < g.gl_pathc && !rc; i++)
		rc = parse_path(pf->p, g.gl_pathv[i], loc);
	pf->p->depth--;
	globfree(&g);
	return rc;
}

static int parse_top_stmt(struct pfile *pf)
{
	char d[80];

	if (is_word(&pf->tok, "resource"))
		return parse_resource(pf);
	if (is_word(&pf->tok, "common"))
		return parse_common(pf);
	if (is_word(&pf->tok, "global"))
		return parse_global(pf);
	if (is_word(&pf->tok, "include"))
		return parse_include(pf);
	if (is_word(&pf->tok, "skip"))
		return parse_skip(pf);
	if (pf->tok.type == CFG_TOK_RBRACE)
		return cfg_errf(pf->p->err, here(pf),
				"'}' without a matching '{'");
	return cfg_errf(pf->p->err, here(pf),
			"unknown keyword %s at the top level; expected global, common, resource, include or skip",
			cfg_tok_describe(&pf->tok, d, sizeof(d)));
}

static int parse_buffer(struct parser *p, const char *file, const char *buf,
			size_t len)
{
	struct pfile pf = { .p = p };
	int rc = add_file(p, file, &pf.file);

	if (rc) {
		snprintf(p->err->msg, sizeof(p->err->msg), "%s: out of memory", file);
		return rc;
	}
	if (memchr(buf, 0, len)) {
		struct cfg_loc loc = { .file = pf.file, .line = 1 };

		return cfg_errf(p->err, loc, "contains a NUL byte; not a text file");
	}
	cfg_lexer_init(&pf.lx, pf.file, buf, len);
	rc = next(&pf);
	while (!rc && pf.tok.type != CFG_TOK_EOF)
		rc = parse_top_stmt(&pf);
	return rc;
}

/* ---- after parsing: inheritance and checks ------------------------------ */

/* Options of "common" that a resource does not set itself. */
static int inherit_common(struct cfg *cfg, struct cfg_resource *r)
{
	const struct cfg_opt *o;
	int s;

	for (s = 0; s < CFG_SECT__COUNT; s++) {
		for (o = cfg->common[s]; o; o = o->next) {
			if (cfg_opt_find(r->sect[s], o->key))
				continue;
			if (!cfg_opt_append(&r->sect[s], o->key, o->value, o->loc))
				return -ENOMEM;
			r->has_sect[s] = true;
		}
	}
	return 0;
}

static int check_host(const struct cfg_resource *r, const struct cfg_host *h,
		      struct cfg_error *err)
{
	struct cfg_host_eff e;

	cfg_host_effective(r, h, &e);
	if (e.minor < 0)
		return cfg_errf(err, h->loc,
				"resource %s, host %s: no device; add 'device /dev/drbdN;' or 'device minor N;'",
				r->name, h->name);
	if (!e.disk)
		return cfg_errf(err, h->loc,
				"resource %s, host %s: no disk; add 'disk /dev/...;' naming the lower device",
				r->name, h->name);
	if (!e.meta_disk)
		return cfg_errf(err, h->loc,
				"resource %s, host %s: no meta-disk; add 'meta-disk internal;'",
				r->name, h->name);
	if (!e.address && r->n_hosts > 1)
		return cfg_errf(err, h->loc,
				"resource %s, host %s: no address; add 'address IP:PORT;'",
				r->name, h->name);
	return 0;
}

/* The same minor used twice on one host. */
static int check_minor_clash(const struct cfg *cfg, size_t ri, size_t hi,
			     struct cfg_error *err)
{
	const struct cfg_resource *r = &cfg->res[ri];
	struct cfg_host_eff a, b;
	size_t i, j;

	cfg_host_effective(r, &r->hosts[hi], &a);
	for (i = 0; i < ri; i++) {
		for (j = 0; j < cfg->res[i].n_hosts; j++) {
			if (strcmp(cfg->res[i].hosts[j].name, a.name))
				continue;
			cfg_host_effective(&cfg->res[i], &cfg->res[i].hosts[j], &b);
			if (a.minor == b.minor)
				return cfg_errf(err, r->hosts[hi].loc,
						"resource %s uses minor %d on host %s, already used by resource %s (%s:%d)",
						r->name, a.minor, a.name, cfg->res[i].name,
						cfg->res[i].loc.file, cfg->res[i].loc.line);
		}
	}
	return 0;
}

static int finish(struct cfg *cfg, struct cfg_error *err)
{
	size_t i, j;
	int rc;

	for (i = 0; i < cfg->n_res; i++) {
		struct cfg_resource *r = &cfg->res[i];

		if (r->n_hosts == 0)
			return cfg_errf(err, r->loc,
					"resource %s has no 'on HOST { }' section; add one per node",
					r->name);
		for (j = 0; j < r->n_hosts; j++) {
			rc = check_host(r, &r->hosts[j], err);
			if (!rc)
				rc = check_minor_clash(cfg, i, j, err);
			if (rc)
				return rc;
		}
		if (inherit_common(cfg, r)) {
			snprintf(err->msg, sizeof(err->msg), "out of memory");
			return -ENOMEM;
		}
	}
	return 0;
}

static int parse_common_entry(struct cfg **ret, struct cfg_error *err,
			      int (*body)(struct parser *, const void *, const void *),
			      const void *a, const void *b)
{
	struct parser p = { .err = err };
	int rc;

	err->msg[0] = 0;
	p.cfg = calloc(1, sizeof(*p.cfg));
	if (!p.cfg) {
		snprintf(err->msg, sizeof(err->msg), "out of memory");
		return -ENOMEM;
	}
	rc = body(&p, a, b);
	if (!rc)
		rc = finish(p.cfg, err);
	if (rc) {
		cfg_free(p.cfg);
		return rc;
	}
	*ret = p.cfg;
	return 0;
}

static int body_file(struct parser *p, const void *path, const void *unused)
{
	struct cfg_loc none = { 0 };

	return parse_path(p, path, none);
}

static int body_string(struct parser *p, const void *name, const void *text)
{
	return parse_buffer(p, name, text, strlen(text));
}

int cfg_parse_file(const char *path, struct cfg **ret, struct cfg_error *err)
{
	return parse_common_entry(ret, err, body_file, path, NULL);
}

int cfg_parse_string(const char *name, const char *text, struct cfg **ret,
		     struct cfg_error *err)
{
	return parse_common_entry(ret, err, body_string, name, text);
}
