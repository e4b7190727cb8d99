// SPDX-License-Identifier: GPL-2.0-only
/*
 * drbd_after_sb.c - automatic split-brain recovery policies (pure logic).
 */
#include "drbd_after_sb.h"

static void set(struct drbd_asb_result *r, enum drbd_asb_outcome o,
		const char *why)
{
	r->outcome = o;
	r->why = why;
}

/* The side with @self_flag discards; neither or both: unresolved. */
static void by_flag(bool self_flag, bool peer_flag, const char *why,
		    struct drbd_asb_result *r)
{
	if (self_flag && !peer_flag)
		set(r, DRBD_ASB_R_DISCARD_SELF, why);
	else if (peer_flag && !self_flag)
		set(r, DRBD_ASB_R_DISCARD_PEER, why);
	else
		set(r, DRBD_ASB_R_DISCONNECT,
		    "both or neither node became Primary during the split: the policy cannot decide");
}

static void tie(bool self_wins_ties, const char *why,
		struct drbd_asb_result *r)
{
	set(r, self_wins_ties ? DRBD_ASB_R_DISCARD_PEER :
				DRBD_ASB_R_DISCARD_SELF, why);
}

static void decide_0pri(enum drbd_after_sb_policy p,
			const struct drbd_asb_side *s,
			const struct drbd_asb_side *q, bool ties,
			struct drbd_asb_result *r)
{
	switch (p) {
	case DRBD_ASB_DISCARD_YOUNGER_PRI:
		by_flag(s->young_primary, q->young_primary,
			"discard-younger-primary: the node promoted during the split discards", r);
		return;
	case DRBD_ASB_DISCARD_OLDER_PRI:
		by_flag(!s->young_primary, !q->young_primary,
			"discard-older-primary: the node that was Primary before the split discards", r);
		return;
	case DRBD_ASB_DISCARD_ZERO_CHANGES:
		if (s->changed && q->changed)
			set(r, DRBD_ASB_R_DISCONNECT,
			    "discard-zero-changes: both nodes changed data, refusing to discard either");
		else if (!s->changed && !q->changed)
			tie(ties, "discard-zero-changes: neither node changed data, the tie-break decides", r);
		else
			by_flag(!s->changed, !q->changed,
				"discard-zero-changes: the node without changes discards", r);
		return;
	case DRBD_ASB_DISCARD_LEAST_CHANGES:
		if (s->changed == q->changed)
			tie(ties, "discard-least-changes: equal changes, the tie-break decides", r);
		else
			by_flag(s->changed < q->changed, q->changed < s->changed,
				"discard-least-changes: the node with fewer changed blocks discards", r);
		return;
	case DRBD_ASB_DISCARD_LOCAL:
		set(r, DRBD_ASB_R_DISCARD_SELF, "discard-node: this node is named to discard");
		return;
	case DRBD_ASB_DISCARD_REMOTE:
		set(r, DRBD_ASB_R_DISCARD_PEER, "discard-node: the peer is named to discard");
		return;
	default:
		set(r, DRBD_ASB_R_DISCONNECT,
		    "after-sb-0pri disconnect: no automatic recovery");
	}
}

/* Outcome @r discards the node described by @discard_self's side. */
static bool discards(const struct drbd_asb_result *r, bool self)
{
	return r->outcome == (self ? DRBD_ASB_R_DISCARD_SELF :
				     DRBD_ASB_R_DISCARD_PEER);
}

static void decide_1pri(enum drbd_after_sb_policy p0,
			enum drbd_after_sb_policy p,
			const struct drbd_asb_side *s,
			const struct drbd_asb_side *q, bool ties,
			struct drbd_asb_result *r)
{
	bool self_is_secondary = !s->primary;

	switch (p) {
	case DRBD_ASB_DISCARD_SECONDARY:
		set(r, self_is_secondary ? DRBD_ASB_R_DISCARD_SELF :
					   DRBD_ASB_R_DISCARD_PEER,
		    "discard-secondary: the Secondary discards");
		return;
	case DRBD_ASB_CONSENSUS:
		decide_0pri(p0, s, q, ties, r);
		if (!discards(r, self_is_secondary))
			set(r, DRBD_ASB_R_DISCONNECT,
			    "consensus: after-sb-0pri does not discard the Secondary");
		else
			r->why = "consensus: after-sb-0pri discards the Secondary";
		return;
	case DRBD_ASB_CALL_PRI_LOST:
		decide_0pri(p0, s, q, ties, r);
		if (discards(r, !self_is_secondary) || discards(r, self_is_secondary)) {
			if (discards(r, self_is_secondary)) {
				r->why = "call-pri-lost-after-sb: after-sb-0pri discards the Secondary";
				return;
			}
			r->call_pri_lost = s->primary;
			set(r, DRBD_ASB_R_DISCONNECT,
			    "call-pri-lost-after-sb: after-sb-0pri discards the Primary; pri-lost-after-sb handler on it");
		}
		return;
	default:
		set(r, DRBD_ASB_R_DISCONNECT,
		    "after-sb-1pri disconnect: no automatic recovery");
	}
}

static void decide_2pri(enum drbd_after_sb_policy p0,
			enum drbd_after_sb_policy p,
			const struct drbd_asb_side *s,
			const struct drbd_asb_side *q, bool ties,
			struct drbd_asb_result *r)
{
	if (p != DRBD_ASB_CALL_PRI_LOST) {
		set(r, DRBD_ASB_R_DISCONNECT,
		    "after-sb-2pri disconnect: no automatic recovery");
		return;
	}
	decide_0pri(p0, s, q, ties, r);
	if (r->outcome == DRBD_ASB_R_DISCONNECT)
		return;
	r->call_pri_lost = r->outcome == DRBD_ASB_R_DISCARD_SELF;
	set(r, DRBD_ASB_R_DISCONNECT,
	    "call-pri-lost-after-sb: after-sb-0pri picked a Primary to discard; pri-lost-after-sb handler on it");
}

void drbd_asb_decide(enum drbd_after_sb_policy p0, enum drbd_after_sb_policy p1,
		     enum drbd_after_sb_policy p2,
		     const struct drbd_asb_side *self,
		     const struct drbd_asb_side *peer, bool self_wins_ties,
		     struct drbd_asb_result *ret)
{
	int primaries = self->primary + peer->primary;

	ret->call_pri_lost = false;
	if (primaries == 0)
		decide_0pri(p0, self, peer, self_wins_ties, ret);
	else if (primaries == 1)
		decide_1pri(p0, p1, self, peer, self_wins_ties, ret);
	else
		decide_2pri(p0, p2, self, peer, self_wins_ties, ret);
}

static const char *const names[DRBD_ASB__COUNT] = {
	[DRBD_ASB_DISCONNECT] = "disconnect",
	[DRBD_ASB_DISCARD_YOUNGER_PRI] = "discard-younger-primary",
	[DRBD_ASB_DISCARD_OLDER_PRI] = "discard-older-primary",
	[DRBD_ASB_DISCARD_ZERO_CHANGES] = "discard-zero-changes",
	[DRBD_ASB_DISCARD_LEAST_CHANGES] = "discard-least-changes",
	[DRBD_ASB_DISCARD_LOCAL] = "discard-node (this node)",
	[DRBD_ASB_DISCARD_REMOTE] = "discard-node (the peer)",
	[DRBD_ASB_CONSENSUS] = "consensus",
	[DRBD_ASB_DISCARD_SECONDARY] = "discard-secondary",
	[DRBD_ASB_CALL_PRI_LOST] = "call-pri-lost-after-sb",
};

const char *drbd_asb_name(enum drbd_after_sb_policy p)
{
	return (unsigned int)p < DRBD_ASB__COUNT ? names[p] : "?";
}

bool drbd_asb_valid(enum drbd_asb_kind kind, uint32_t p)
{
	switch (kind) {
	case DRBD_ASB_0PRI:
		return p <= DRBD_ASB_DISCARD_REMOTE;
	case DRBD_ASB_1PRI:
		return p == DRBD_ASB_DISCONNECT || p == DRBD_ASB_CONSENSUS ||
		       p == DRBD_ASB_DISCARD_SECONDARY ||
		       p == DRBD_ASB_CALL_PRI_LOST;
	case DRBD_ASB_2PRI:
		return p == DRBD_ASB_DISCONNECT || p == DRBD_ASB_CALL_PRI_LOST;
	}
	return false;
}

int drbd_asb_parse(enum drbd_asb_kind kind, const char *word)
{
	int p;

	for (p = 0; p < DRBD_ASB__COUNT; p++) {
		if (p == DRBD_ASB_DISCARD_LOCAL || p == DRBD_ASB_DISCARD_REMOTE)
			continue;
		if (strcmp(names[p], word) == 0)
			return drbd_asb_valid(kind, p) ? p : -1;
	}
	return -1;
}
