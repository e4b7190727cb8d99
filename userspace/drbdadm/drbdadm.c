// SPDX-License-Identifier: GPL-2.0-only
/*
 * drbdadm.c - command line front end: parse the arguments and the
 * config, pick the resources for this host, run the command for each.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "cfg_dump.h"
#include "cfg_host.h"
#include "cfg_parser.h"
#include "cmd.h"

#define DRBDADM_VERSION "0.1"

struct command {
	const char *name;
	cmd_fn fn;
	bool default_all;	/* no resource named: every resource */
	bool load_module;	/* may load drbd.ko */
	const char *help;
};

static const struct command commands[] = {
	{ "create-md", cmd_create_md, false, false, "write new metadata to the lower device ([--force])" },
	{ "up", cmd_up, false, true, "create the resource, attach its disk and connect to the peer" },
	{ "down", cmd_down, false, false, "demote, detach and delete the resource" },
	{ "attach", cmd_attach, false, true, "create the resource if needed and attach its disk" },
	{ "detach", cmd_detach, false, false, "detach the lower device" },
	{ "primary", cmd_primary, false, false, "become Primary ([--force] without UpToDate data)" },
	{ "secondary", cmd_secondary, false, false, "become Secondary" },
	{ "role", cmd_role, false, false, "print the role" },
	{ "dstate", cmd_dstate, false, false, "print the disk states (local/peer)" },
	{ "cstate", cmd_cstate, false, false, "print the connection state" },
	{ "status", cmd_status, true, false, "print the status, DRBD 9 style" },
	{ "connect", cmd_connect, false, false, "connect to the peer (addresses and net options from the config; [--discard-my-data])" },
	{ "disconnect", cmd_disconnect, false, false, "close the connection: StandAlone" },
	{ "wait-connect", cmd_wait_connect, false, false, "wait until connected (startup wfc-timeout bounds it)" },
	{ "wait-sync", cmd_wait_sync, false, false, "wait until connected and both disks are UpToDate" },
	{ "get-gi", cmd_get_gi, false, false, "print the generation identifiers and flags, one line" },
	{ "show-gi", cmd_show_gi, false, false, "print the generation identifiers, explained" },
	{ "outdate", cmd_outdate, false, false, "mark this node's data Outdated (Secondary, not connected)" },
	{ "new-current-uuid", cmd_new_current_uuid, false, false, "start a new data generation ([--clear-bitmap])" },
	{ "resume-io", cmd_resume_io, false, false, "thaw I/O frozen by resource-and-stonith fencing" },
	{ "verify", cmd_verify, false, false, "online verify against the peer ([--start SECTOR]; needs verify-alg)" },
	{ "pause-sync", cmd_pause_sync, false, false, "pause resync until resume-sync (on either node); stop a running online verify (on the VerifyS node)" },
	{ "resume-sync", cmd_resume_sync, false, false, "resume a resync paused on this node" },
	{ "invalidate", cmd_invalidate, false, false, "discard this node's data: full sync from the peer" },
	{ "invalidate-remote", cmd_invalidate_remote, false, false, "discard the peer's data: full sync to it" },
	{ "dump-md", cmd_dump_md, false, false, "print the metadata on the lower device (resource down)" },
	{ "dump", NULL, true, false, "print the parsed configuration" },
	{ NULL, NULL, false, false, NULL },
};

static void usage(FILE *out)
{
	const struct command *c;

	fprintf(out,
		"usage: drbdadm [-c FILE] [--force] COMMAND {RESOURCE...|all}\n"
		"\n"
		"options (anywhere, also after '--'):\n"
		"  -c, --config-file FILE   config to read (default %s)\n"
		"  --force                  create-md: overwrite; primary: without UpToDate data\n"
		"  --discard-my-data        connect: after a split brain, resync from the peer\n"
		"  --clear-bitmap           new-current-uuid: also forget the changes tracked so far\n"
		"  --start SECTOR           verify: start at this sector (as logged by a stopped verify)\n"
		"  -h, --help               this text\n"
		"  -V, --version            versions of drbdadm and the loaded module\n"
		"\ncommands:\n", CFG_DEFAULT_FILE);
	for (c = commands; c->name; c++)
		fprintf(out, "  %-10s %s\n", c->name, c->help);
	fprintf(out, "\nThis node is 'uname -n' (or $DRBD_HOSTNAME); see docs/drbdadm.md.\n");
}

static const struct command *find_command(const char *name)
{
	const struct command *c;

	for (c = commands; c->name; c++)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}

static int print_version(void)
{
	struct drbd_nl *nl;
	enum drbd_nl_fail f;
	char err[NL_ERR_MAX];

	printf("drbdadm %s (netlink API %u, metadata v1)\n", DRBDADM_VERSION,
	       DRBD_API_VERSION);
	if (drbd_nl_open(&nl, false, err, sizeof(err), &f) == 0) {
		printf("drbd module %s\n", drbd_nl_module_version(nl));
		drbd_nl_close(nl);
	} else {
		printf("drbd module: %s\n", err);
		fflush(stdout);
	}
	return 0;
}

/* dump: every resource, or those named (this host or not). */
static int run_dump(const struct cfg *cfg, const char *file, char **names, size_t n)
{
	struct cfg_resource **only = calloc(n ? n : 1, sizeof(*only));
	size_t i, k = 0;
	int rc = 0;

	if (!only)
		return DRBDADM_E_SYSTEM;
	for (i = 0; i < n && !rc; i++) {
		if (strcmp(names[i], "all") == 0) {
			k = 0;
			break;
		}
		only[k] = cfg_find_resource(cfg, names[i]);
		if (!only[k]) {
			cmd_err(NULL, "'%s' is not defined in %s", names[i], file);
			rc = DRBDADM_E_CONFIG;
		}
		k++;
	}
	if (!rc)
		cfg_dump(cfg, file, only, (i < n) ? 0 : k, stdout);
	free(only);
	return rc;
}

static int run_each(const struct command *c, struct cmd_ctx *ctx,
		    struct cfg_resource **sel, size_t n)
{
	int worst = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		struct cmd_res r = { .res = sel[i] };
		int rc;

		r.host = cfg_host_find(sel[i], ctx->hostname);
		cfg_host_effective(sel[i], r.host, &r.eff);
		rc = c->fn(ctx, &r);
		if (rc > worst)
			worst = rc;
		if (rc == DRBDADM_E_SYSTEM && ctx->nl_tried && !ctx->nl)
			break;	/* no module: the others would fail the same way */
	}
	return worst;
}

static int run(const struct drbdadm_args *a, const struct command *c)
{
	struct cmd_ctx ctx = { .cfg_file = a->config, .force = a->force,
			       .discard_my_data = a->discard_my_data,
			       .clear_bitmap = a->clear_bitmap,
			       .has_start = a->has_start, .start = a->start,
			       .load_module = c->load_module };
	struct cfg_resource **sel = NULL;
	char *all[] = { "all" };
	struct cfg_error err;
	struct cfg *cfg = NULL;
	char host[256];
	size_t n = 0;
	int rc;

	if (cfg_parse_file(a->config, &cfg, &err)) {
		fprintf(stderr, "%s\n", err.msg);
		return DRBDADM_E_CONFIG;
	}
	if (!c->fn) {
		rc = run_dump(cfg, a->config, a->res, a->n_res);
		goto out;
	}
	rc = cfg_this_host(host, sizeof(host));
	if (rc) {
		cmd_err(NULL, "cannot tell this node's name: %s", strerror(-rc));
		rc = DRBDADM_E_SYSTEM;
		goto out;
	}
	ctx.cfg = cfg;
	ctx.hostname = host;
	if (cfg_select_resources(cfg, a->config, host, a->n_res ? a->res : all,
				 a->n_res ? a->n_res : 1, &sel, &n, &err)) {
		fprintf(stderr, "%s\n", err.msg);
		rc = DRBDADM_E_CONFIG;
		goto out;
	}
	rc = run_each(c, &ctx, sel, n);
	free(sel);
	cmd_ctx_close(&ctx);
out:
	cfg_free(cfg);
	return rc;
}

int main(int argc, char **argv)
{
	struct drbdadm_args a;
	const struct command *c;
	char err[256];
	int rc;

	if (args_parse(argc, argv, &a, err, sizeof(err))) {
		cmd_err(NULL, "%s", err);
		return DRBDADM_E_USAGE;
	}
	if (a.help || (a.cmd && strcmp(a.cmd, "help") == 0)) {
		usage(stdout);
		rc = 0;
		goto out;
	}
	if (a.version) {
		rc = print_version();
		goto out;
	}
	if (!a.cmd) {
		usage(stderr);
		rc = DRBDADM_E_USAGE;
		goto out;
	}
	c = find_command(a.cmd);
	if (!c) {
		cmd_err(NULL, "unknown command '%s'; see 'drbdadm --help'", a.cmd);
		rc = DRBDADM_E_USAGE;
		goto out;
	}
	if (a.discard_my_data && strcmp(c->name, "connect") != 0) {
		cmd_err(NULL, "--discard-my-data goes with 'connect' only");
		rc = DRBDADM_E_USAGE;
		goto out;
	}
	if (a.clear_bitmap && strcmp(c->name, "new-current-uuid") != 0) {
		cmd_err(NULL, "--clear-bitmap goes with 'new-current-uuid' only");
		rc = DRBDADM_E_USAGE;
		goto out;
	}
	if (!a.n_res && !c->default_all) {
		cmd_err(NULL, "'%s' needs a resource name (or 'all')", c->name);
		rc = DRBDADM_E_USAGE;
		goto out;
	}
	rc = run(&a, c);
out:
	args_free(&a);
	return rc;
}
