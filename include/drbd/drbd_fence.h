/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * drbd_fence.h - the fence-peer handler's exit codes and what a Primary
 * does with them.  Pure logic; docs/drbdadm.md, "Fencing".
 */
#ifndef DRBD_FENCE_H
#define DRBD_FENCE_H

#include "drbd_pure.h"

/* net { fencing ...; } -- values are ABI (netlink). */
enum drbd_fencing {
	DRBD_FENCING_DONT_CARE,		/* no handler */
	DRBD_FENCING_RESOURCE_ONLY,	/* handler; I/O goes on meanwhile */
	DRBD_FENCING_RESOURCE_AND_STONITH,	/* I/O frozen until it answers */
	DRBD_FENCING__COUNT,
};

struct drbd_fence_result {
	bool resume_io;		/* thaw I/O now (else: until resume-io) */
	bool peer_outdated;	/* remember the peer as Outdated */
	bool self_outdated;	/* mark our own data Outdated */
	const char *why;	/* one sentence for the log */
};

/* @exit_code: the handler's exit status, or negative: it did not run. */
void drbd_fence_interpret(enum drbd_fencing policy, int exit_code,
			  struct drbd_fence_result *ret);
/* "dont-care", "resource-only", "resource-and-stonith" -> policy; -1 */
int drbd_fencing_parse(const char *word);

#endif /* DRBD_FENCE_H */
