// SPDX-License-Identifier: GPL-2.0-only
/*
 * drbd_fence.c - what the fence-peer handler's exit code means (pure).
 */
#include "drbd_fence.h"

void drbd_fence_interpret(enum drbd_fencing policy, int exit_code,
			  struct drbd_fence_result *r)
{
	bool stonith = policy == DRBD_FENCING_RESOURCE_AND_STONITH;

	r->resume_io = true;
	r->peer_outdated = false;
	r->self_outdated = false;
	switch (exit_code) {
	case 3:
		r->peer_outdated = true;
		r->why = "the peer's disk is already Inconsistent or Outdated";
		return;
	case 4:
		r->peer_outdated = true;
		r->why = "the peer was fenced: its disk is now Outdated";
		return;
	case 5:
		r->resume_io = !stonith;
		r->why = stonith ?
			 "the peer is unreachable and was not fenced: I/O stays frozen until 'drbdadm resume-io'" :
			 "the peer is unreachable; assuming it is down";
		return;
	case 6:
		r->self_outdated = true;
		r->why = "the peer is Primary: this node's data is marked Outdated";
		return;
	case 7:
		r->peer_outdated = true;
		r->why = "the peer node was fenced (STONITH)";
		return;
	}
	r->resume_io = !stonith;
	r->why = stonith ?
		 "the fence-peer handler failed: I/O stays frozen until 'drbdadm resume-io'" :
		 "the fence-peer handler failed; going on without fencing";
}

int drbd_fencing_parse(const char *word)
{
	if (strcmp(word, "dont-care") == 0)
		return DRBD_FENCING_DONT_CARE;
	if (strcmp(word, "resource-only") == 0)
		return DRBD_FENCING_RESOURCE_ONLY;
	if (strcmp(word, "resource-and-stonith") == 0)
		return DRBD_FENCING_RESOURCE_AND_STONITH;
	return -1;
}
