/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cib.h - the CIB store: Pacemaker's CIB XML (a subset of its schema) held
 * as a libxml2 document, persisted atomically, versioned, and changed only
 * by operations.
 *
 * Every change to a CIB is an operation (struct cib_op, serialised as a
 * <cib_txn> XML element): create / merge / delete / replace at an XPath
 * location, a move of an element under a new parent, or a push of a whole
 * CIB.  A transaction of operations applies atomically: it is applied to a
 * copy, the copy is validated (ids unique, references resolve), and only
 * then does it replace the document.  Applying the same transactions in the
 * same order to the same CIB gives the same CIB on every node.
 *
 * Versions: admin_epoch, epoch, num_updates on <cib>.  A transaction that
 * touches the configuration bumps epoch and zeroes num_updates; one that
 * touches only the status bumps num_updates.
 *
 * Names use the prefixes cib_doc_, cib_file_, cib_txn_, cib_ver_ (the
 * scheduler owns cib_load_* and cib_parse).
 */
#ifndef PACER_CIB_H
#define PACER_CIB_H

#include <stdbool.h>
#include <stddef.h>

#include <libxml/tree.h>

struct cib_version {
	long admin_epoch;
	long epoch;
	long num_updates;
};

/* Error text of the last failed call in this thread ("" if none). */
const char *cib_strerror(void);

/* A fresh empty CIB (all sections, versions 0:0:0). */
xmlDoc *cib_doc_new(void);
xmlDoc *cib_doc_copy(xmlDoc *doc);
/* Parse a CIB from memory; -EINVAL and cib_strerror() on a bad one. */
int cib_doc_parse(const char *buf, size_t len, xmlDoc **ret_doc);
/* Serialise (formatted) into a malloc'd string; *ret_len without the NUL. */
int cib_doc_dump(xmlDoc *doc, char **ret_buf, size_t *ret_len);
/* Structure, unique ids, references of constraints and sets. */
int cib_doc_validate(xmlDoc *doc);
/* Element by id anywhere in the configuration, or NULL. */
xmlNode *cib_doc_find_id(xmlDoc *doc, const char *id);
/* A section: "configuration", "crm_config", "nodes", "resources",
 * "constraints", "rsc_defaults", "op_defaults", "status". Created when
 * missing. */
xmlNode *cib_doc_section(xmlDoc *doc, const char *name);
/* The value of a cluster property from crm_config, or NULL (static). */
const char *cib_doc_property(xmlDoc *doc, const char *name, char *buf,
			     size_t len);

void cib_ver_get(xmlDoc *doc, struct cib_version *ret);
void cib_ver_set(xmlDoc *doc, const struct cib_version *v);
/* <0, 0, >0 as a is older than, equal to, newer than b. */
int cib_ver_cmp(const struct cib_version *a, const struct cib_version *b);
/* Content digest (FNV-1a 64 over the canonical dump of the document). */
unsigned long long cib_doc_digest(xmlDoc *doc);

/*
 * Files: PATH holds the CIB; PATH.sig holds "digest version\n" written
 * with it.  cib_file_read checks the signature: a file that does not parse
 * or whose digest differs is reported as -EBADMSG (corrupt).  A missing
 * file is -ENOENT.  cib_file_write writes PATH.tmp, fsyncs, renames, then
 * does the same for the signature, and fsyncs the directory.
 */
int cib_file_read(const char *path, xmlDoc **ret_doc);
int cib_file_write(const char *path, xmlDoc *doc);
/* The same without a signature file (files users edit with -f). */
int cib_file_write_plain(const char *path, xmlDoc *doc);

/* Operations. */
enum cib_op_kind {
	CIB_OP_CREATE,	/* append XML under the single element at path */
	CIB_OP_MERGE,	/* merge XML into the element at path (by tag+id) */
	CIB_OP_DELETE,	/* remove every element at path */
	CIB_OP_REPLACE,	/* replace the single element at path with XML */
	CIB_OP_MOVE,	/* move the element at path under parent (at end) */
	CIB_OP_PUSH,	/* replace the whole configuration with XML's */
};

#define CIB_OPF_MISSING_OK 0x1	/* delete: nothing at path is no error */

/* A transaction: a <cib_txn> element holding <op> children. */
xmlDoc *cib_txn_new(void);
/* Add an op.  xml (may be NULL) is copied. parent only for MOVE. */
int cib_txn_add(xmlDoc *txn, enum cib_op_kind kind, const char *path,
		xmlNode *xml, const char *parent, unsigned int flags);
int cib_txn_count(xmlDoc *txn);
/* Apply all ops atomically to *doc; on error *doc is untouched and
 * -EINVAL/-ENOENT/-EEXIST/-ESTALE with cib_strerror() says why. */
int cib_txn_apply(xmlDoc **doc, xmlDoc *txn);
/* Whether a transaction touches only the status section. */
bool cib_txn_status_only(xmlDoc *txn);

/* Status section (Pacemaker's node_state / lrm_resource / lrm_rsc_op). */
enum cib_rsc_state {
	CIB_RSC_STOPPED,
	CIB_RSC_STARTED,
	CIB_RSC_PROMOTED,
	CIB_RSC_FAILED,
};
xmlNode *cib_status_node(xmlDoc *doc, const char *uname);
xmlNode *cib_status_lrm_rsc(xmlNode *node_state, const char *rsc);
enum cib_rsc_state cib_status_lrm_state(xmlNode *lrm_rsc);
const char *cib_status_lrm_pending(xmlNode *lrm_rsc);
enum cib_rsc_state cib_status_state(xmlDoc *doc, const char *uname,
				    const char *rsc);
const char *cib_rsc_state_name(enum cib_rsc_state s);

/* Small helpers for reading and building XML. */
bool cib_is_el(xmlNode *n, const char *name);	/* name NULL: any element */
xmlNode *cib_child(xmlNode *n, const char *name);
xmlNode *cib_xml_el(xmlNode *parent, const char *name, const char *id);
void cib_xml_set(xmlNode *n, const char *name, const char *value);
/* Attribute value, pointing into the tree (valid while n lives). */
const char *cib_xml_get(xmlNode *n, const char *name);
/* <nvpair id="SETID-NAME" name= value=> under set. */
xmlNode *cib_xml_nvpair(xmlNode *set, const char *name, const char *value);
/* Make s a valid XML id: letters, digits, '-', '_', '.'. */
void cib_xml_sanitize_id(char *s);

#endif
