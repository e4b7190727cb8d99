/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * drbd_after_sb.h - automatic split-brain recovery policies.
 *
 * When the rule table (drbd_uuid.h) finds a split brain it may resolve
 * (rule 8), the after-sb policies of the net section decide which node
 * discards its changes: after-sb-0pri when neither node is Primary,
 * after-sb-1pri when one is, after-sb-2pri when both are.  Both nodes
 * decide independently and reach mirrored results.  Pure logic;
 * docs/generation-ids.md describes every policy.
 */
#ifndef DRBD_AFTER_SB_H
#define DRBD_AFTER_SB_H

#include "drbd_pure.h"

/* Values are ABI (netlink, wire P_PARAMS): append, never renumber. */
enum drbd_after_sb_policy {
	DRBD_ASB_DISCONNECT,		/* no automatic recovery */
	DRBD_ASB_DISCARD_YOUNGER_PRI,	/* 0pri */
	DRBD_ASB_DISCARD_OLDER_PRI,	/* 0pri */
	DRBD_ASB_DISCARD_ZERO_CHANGES,	/* 0pri */
	DRBD_ASB_DISCARD_LEAST_CHANGES,	/* 0pri */
	DRBD_ASB_DISCARD_LOCAL,		/* 0pri: discard-node-NAME, NAME is us */
	DRBD_ASB_DISCARD_REMOTE,	/* 0pri: discard-node-NAME, NAME is the peer */
	DRBD_ASB_CONSENSUS,		/* 1pri */
	DRBD_ASB_DISCARD_SECONDARY,	/* 1pri */
	DRBD_ASB_CALL_PRI_LOST,		/* 1pri, 2pri: call-pri-lost-after-sb */
	DRBD_ASB__COUNT,
};

/* Which policies each of after-sb-0pri, -1pri, -2pri accepts. */
enum drbd_asb_kind {
	DRBD_ASB_0PRI,
	DRBD_ASB_1PRI,
	DRBD_ASB_2PRI,
};

struct drbd_asb_side {
	bool primary;		/* Primary now */
	bool young_primary;	/* generation started by a promotion while
				 * disconnected (not Primary at the cut) */
	uint64_t changed;	/* bitmap bits set: blocks changed */
};

enum drbd_asb_outcome {
	DRBD_ASB_R_DISCONNECT,		/* unresolved: StandAlone */
	DRBD_ASB_R_DISCARD_SELF,	/* we become SyncTarget */
	DRBD_ASB_R_DISCARD_PEER,	/* we become SyncSource */
};

struct drbd_asb_result {
	enum drbd_asb_outcome outcome;
	bool call_pri_lost;	/* we are the Primary that lost: call the
				 * pri-lost-after-sb handler (outcome is then
				 * DISCONNECT) */
	const char *why;	/* one sentence for the log */
};

/*
 * drbd_asb_decide - apply the after-sb policies to a resolvable split
 * brain.  @p0/@p1/@p2 are after-sb-0pri/1pri/2pri as configured on this
 * node; @self_wins_ties: the tie-break the rule table uses.
 */
void drbd_asb_decide(enum drbd_after_sb_policy p0, enum drbd_after_sb_policy p1,
		     enum drbd_after_sb_policy p2,
		     const struct drbd_asb_side *self,
		     const struct drbd_asb_side *peer, bool self_wins_ties,
		     struct drbd_asb_result *ret);

/* Config word -> policy; -1 if @kind does not accept it.  discard-node-NAME
 * is resolved by the caller into DISCARD_LOCAL / DISCARD_REMOTE. */
int drbd_asb_parse(enum drbd_asb_kind kind, const char *word);
const char *drbd_asb_name(enum drbd_after_sb_policy p);
bool drbd_asb_valid(enum drbd_asb_kind kind, uint32_t p);

#endif /* DRBD_AFTER_SB_H */
