/* SPDX-License-Identifier: GPL-2.0-or-later */
/* cib_inject.h - crm_simulate-style changes to a CIB's status section. */
#ifndef CIB_INJECT_H
#define CIB_INJECT_H

struct cib_injections {
	const char **up, **down, **fail, **ops;
	int nup, ndown, nfail, nops;
};

/* doc is an xmlDoc *; returns 0 or negative errno (message on stderr). */
int cib_inject(void *doc, const struct cib_injections *inj);

#endif
