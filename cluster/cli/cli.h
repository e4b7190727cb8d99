/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cli.h - the pacer commands in pcs grammar.
 *
 * pacer_cli_main() is the entry point the `pacer` dispatcher calls for
 * every subcommand but `simulate`.  A command reads the CIB (from the -f
 * FILE or from the local pacerd), builds one transaction of CIB operations
 * and commits it: to the file (applied locally, written atomically) or to
 * pacerd (which multicasts it through Corosync so every node applies it in
 * the same order).  Either way the transaction is validated first and a
 * refused one changes nothing.
 */
#ifndef PACER_CLI_H
#define PACER_CLI_H

#include <stdbool.h>
#include <libxml/tree.h>

int pacer_cli_main(int argc, char **argv);

struct cli {
	const char *file;	/* -f FILE: offline editing */
	bool force;		/* --force */
	bool all;		/* --all */
	bool off;		/* --off (stonith fence) */
	bool wait;		/* --wait */
	const char *prog;	/* "pacer" */
};

/* Store: the CIB of the file or the cluster. */
int cli_cib_get(struct cli *c, xmlDoc **ret_doc);
/* Commit a transaction; prints the error and returns 1 on failure. */
int cli_commit(struct cli *c, xmlDoc *txn);
/* Send a request element to pacerd and wait for the reply.  The reply
 * document is returned; rc from its rc attribute. */
int cli_request(xmlNode *req, xmlDoc **ret_reply);

/* Read the CIB, let fn add operations to a transaction, commit it. */
int cli_with_doc(struct cli *c, int argc, char **argv,
		 int (*fn)(struct cli *, xmlDoc *, xmlDoc *, int, char **));
/* The node a resource runs on (from the status section), or NULL. */
const char *cli_rsc_node(xmlDoc *doc, const char *rsc, char *buf,
			 size_t len);
int cli_stonith_create(struct cli *c, int argc, char **argv);

/* Errors and messages: "Error: …" on stderr, returns 1. */
int cli_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void cli_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Argument helpers. */
bool cli_is_kv(const char *arg);
/* Split "k=v" (v may be quoted already by the shell); key in buf. */
const char *cli_kv(const char *arg, char *key, size_t keylen);

/* Resources in a CIB. */
xmlNode *cli_find_rsc(xmlDoc *doc, const char *id);
bool cli_is_rsc_el(xmlNode *n);
/* XPath of an element with this tag and id anywhere in the CIB. */
const char *cli_path_id(const char *tag, const char *id, char *buf,
			size_t len);
/* Build <meta_attributes>/<instance_attributes> set named ID-suffix. */
xmlNode *cli_nvset(xmlNode *parent, const char *tag, const char *owner_id,
		   const char *suffix);

/* Agents: resolve a pcs agent name (ocf:prov:type, lsb:x, systemd:x,
 * stonith:x, or a bare type searched in ocf providers). */
struct cli_agent {
	char cls[32], provider[64], type[128];
	char path[512];
	bool promotable;	/* metadata has promote/demote */
};
int cli_agent_resolve(const char *spec, bool stonith,
		      struct cli_agent *ret);
/* Default ops from the agent's metadata, added under <operations>. */
void cli_agent_default_ops(const struct cli_agent *a, xmlNode *ops,
			   const char *rsc_id);
const char *cli_ocf_root(void);

/* crm_attribute / crm_master compatible mode (cli_attr.c). */
int cli_crm_attribute(int argc, char **argv, bool master);

/* Command groups. */
int cli_resource(struct cli *c, int argc, char **argv);
int cli_constraint(struct cli *c, int argc, char **argv);
int cli_property(struct cli *c, int argc, char **argv);
int cli_node(struct cli *c, int argc, char **argv);
int cli_stonith(struct cli *c, int argc, char **argv);
int cli_cluster(struct cli *c, int argc, char **argv);
int cli_status(struct cli *c, int argc, char **argv);
int cli_config(struct cli *c, int argc, char **argv);
int cli_verify(struct cli *c, int argc, char **argv);
int cli_cib_show(struct cli *c, int argc, char **argv);
/* Validation shared by verify and create (0, or 1 after printing). */
int cli_verify_doc(xmlDoc *doc, bool verbose);

#endif
