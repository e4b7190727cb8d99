/* SPDX-License-Identifier: GPL-2.0-or-later */
/* cib_rule.h - rules of location constraints. */
#ifndef CIB_RULE_H
#define CIB_RULE_H

#include <stddef.h>

struct sched_rule;
struct sched_node;

/* xml_rule is an xmlNode * <rule>; on error err holds the message. */
int cib_rule_parse(void *xml_rule, struct sched_rule **ret, char *err,
		   size_t len);
void cib_rule_free(struct sched_rule *r);
bool cib_rule_eval(const struct sched_rule *r, const struct sched_node *n);

#endif
