// SPDX-License-Identifier: GPL-2.0-only
/*
 * drbd_uuid.c - the connect-time rule table over generation identifiers.
 *
 * Pure logic.  The rows are tried in order; the first that matches
 * decides.  docs/generation-ids.md explains each row with an example.
 */
#include "drbd_uuid.h"
#include "drbd_md.h"

#define C DRBD_UUID_CURRENT
#define B DRBD_UUID_BITMAP
#define H1 DRBD_UUID_HISTORY_START
#define H2 DRBD_UUID_HISTORY_END

struct uuid_rule {
	int id;
	const char *why;
	/* returns true and sets *v when the row applies */
	bool (*match)(const struct drbd_uuid_side *s,
		      const struct drbd_uuid_side *p, bool wins,
		      enum drbd_sync_verdict *v);
};

static bool in_history(uint64_t x, const struct drbd_uuid_side *n)
{
	return x && (x == n->uuid[H1] || x == n->uuid[H2]);
}

static bool r_both_new(const struct drbd_uuid_side *s,
		       const struct drbd_uuid_side *p, bool wins,
		       enum drbd_sync_verdict *v)
{
	*v = DRBD_SYNC_NONE;
	return !s->uuid[C] && !p->uuid[C];
}

static bool r_self_new(const struct drbd_uuid_side *s,
		       const struct drbd_uuid_side *p, bool wins,
		       enum drbd_sync_verdict *v)
{
	*v = DRBD_SYNC_TARGET_FULL;
	return !s->uuid[C];
}

static bool r_peer_new(const struct drbd_uuid_side *s,
		       const struct drbd_uuid_side *p, bool wins,
		       enum drbd_sync_verdict *v)
{
	*v = DRBD_SYNC_SOURCE_FULL;
	return !p->uuid[C];
}

static bool r_same_crashed(const struct drbd_uuid_side *s,
			   const struct drbd_uuid_side *p, bool wins,
			   enum drbd_sync_verdict *v)
{
	bool sc = s->flags & DRBD_UUID_F_CRASHED_PRIMARY;
	bool pc = p->flags & DRBD_UUID_F_CRASHED_PRIMARY;

	if (s->uuid[C] != p->uuid[C] || (!sc && !pc))
		return false;
	if (sc && pc)
		*v = wins ? DRBD_SYNC_SOURCE_BITMAP : DRBD_SYNC_TARGET_BITMAP;
	else
		*v = sc ? DRBD_SYNC_SOURCE_BITMAP : DRBD_SYNC_TARGET_BITMAP;
	return true;
}

static bool r_same(const struct drbd_uuid_side *s,
		   const struct drbd_uuid_side *p, bool wins,
		   enum drbd_sync_verdict *v)
{
	*v = DRBD_SYNC_NONE;
	return s->uuid[C] == p->uuid[C];
}

static bool r_peer_behind(const struct drbd_uuid_side *s,
			  const struct drbd_uuid_side *p, bool wins,
			  enum drbd_sync_verdict *v)
{
	if (!s->uuid[B] || s->uuid[B] != p->uuid[C])
		return false;
	/* each bitmap naming the other's current is a loop, not a history */
	*v = p->uuid[B] == s->uuid[C] ? DRBD_SYNC_SPLIT_BRAIN_FATAL :
					 DRBD_SYNC_SOURCE_BITMAP;
	return true;
}

static bool r_self_behind(const struct drbd_uuid_side *s,
			  const struct drbd_uuid_side *p, bool wins,
			  enum drbd_sync_verdict *v)
{
	*v = DRBD_SYNC_TARGET_BITMAP;
	return p->uuid[B] && p->uuid[B] == s->uuid[C];
}

static bool r_both_moved(const struct drbd_uuid_side *s,
			 const struct drbd_uuid_side *p, bool wins,
			 enum drbd_sync_verdict *v)
{
	*v = DRBD_SYNC_SPLIT_BRAIN;
	return s->uuid[B] && s->uuid[B] == p->uuid[B];
}

static bool r_peer_far_behind(const struct drbd_uuid_side *s,
			      const struct drbd_uuid_side *p, bool wins,
			      enum drbd_sync_verdict *v)
{
	if (!in_history(p->uuid[C], s))
		return false;
	*v = in_history(s->uuid[C], p) ? DRBD_SYNC_SPLIT_BRAIN_FATAL :
					 DRBD_SYNC_SOURCE_FULL;
	return true;
}

static bool r_self_far_behind(const struct drbd_uuid_side *s,
			      const struct drbd_uuid_side *p, bool wins,
			      enum drbd_sync_verdict *v)
{
	*v = DRBD_SYNC_TARGET_FULL;
	return in_history(s->uuid[C], p);
}

static bool r_old_common(const struct drbd_uuid_side *s,
			 const struct drbd_uuid_side *p, bool wins,
			 enum drbd_sync_verdict *v)
{
	*v = DRBD_SYNC_SPLIT_BRAIN_FATAL;
	return in_history(s->uuid[B], p) || in_history(p->uuid[B], s) ||
	       in_history(s->uuid[H1], p) || in_history(s->uuid[H2], p);
}

static bool r_unrelated(const struct drbd_uuid_side *s,
			const struct drbd_uuid_side *p, bool wins,
			enum drbd_sync_verdict *v)
{
	*v = DRBD_SYNC_UNRELATED;
	return true;
}

static const struct uuid_rule rules[] = {
	{ 1, "both nodes are just created: nothing to sync until one is promoted with --force", r_both_new },
	{ 2, "this node is just created: full sync from the peer", r_self_new },
	{ 3, "the peer is just created: full sync to the peer", r_peer_new },
	{ 4, "same generation, but a Primary crashed: resync its activity-log extents from it", r_same_crashed },
	{ 5, "same generation on both nodes: no resync", r_same },
	{ 6, "the peer has the generation our bitmap tracks from: bitmap resync to the peer", r_peer_behind },
	{ 7, "we have the generation the peer's bitmap tracks from: bitmap resync from the peer", r_self_behind },
	{ 8, "both nodes changed the data since their common generation: split brain", r_both_moved },
	{ 9, "the peer's generation is in our history, older than our bitmap: full sync to the peer", r_peer_far_behind },
	{ 10, "our generation is in the peer's history, older than its bitmap: full sync from the peer", r_self_far_behind },
	{ 11, "the nodes share an old generation but both moved on: split brain, not resolvable by policy", r_old_common },
	{ 12, "no common generation: the nodes hold unrelated data", r_unrelated },
};

/* Manual recovery: --discard-my-data turns a split brain into a resync. */
static void apply_discard(const struct drbd_uuid_side *s,
			  const struct drbd_uuid_side *p,
			  struct drbd_uuid_result *ret)
{
	bool sd = s->flags & DRBD_UUID_F_DISCARD_MY_DATA;
	bool pd = p->flags & DRBD_UUID_F_DISCARD_MY_DATA;
	bool full = ret->verdict == DRBD_SYNC_SPLIT_BRAIN_FATAL;

	if (ret->verdict != DRBD_SYNC_SPLIT_BRAIN && !full)
		return;
	if (sd && pd) {
		ret->verdict = DRBD_SYNC_DISCARD_BOTH;
		ret->why = "split brain, and both nodes asked to discard their data: only one may";
	} else if (sd) {
		ret->verdict = full ? DRBD_SYNC_TARGET_FULL : DRBD_SYNC_TARGET_BITMAP;
		ret->why = "split brain resolved by --discard-my-data on this node: resync from the peer";
	} else if (pd) {
		ret->verdict = full ? DRBD_SYNC_SOURCE_FULL : DRBD_SYNC_SOURCE_BITMAP;
		ret->why = "split brain resolved by --discard-my-data on the peer: resync to the peer";
	}
}

void drbd_uuid_compare(const struct drbd_uuid_side *self,
		       const struct drbd_uuid_side *peer, bool self_wins_ties,
		       struct drbd_uuid_result *ret)
{
	size_t i;

	for (i = 0; i < sizeof(rules) / sizeof(rules[0]); i++) {
		if (rules[i].match(self, peer, self_wins_ties, &ret->verdict)) {
			ret->rule = rules[i].id;
			ret->why = rules[i].why;
			break;
		}
	}
	apply_discard(self, peer, ret);
}

const char *drbd_sync_verdict_name(enum drbd_sync_verdict v)
{
	switch (v) {
	case DRBD_SYNC_NONE:
		return "no-sync";
	case DRBD_SYNC_SOURCE_BITMAP:
		return "source-bitmap";
	case DRBD_SYNC_TARGET_BITMAP:
		return "target-bitmap";
	case DRBD_SYNC_SOURCE_FULL:
		return "source-full";
	case DRBD_SYNC_TARGET_FULL:
		return "target-full";
	case DRBD_SYNC_SPLIT_BRAIN:
		return "split-brain";
	case DRBD_SYNC_SPLIT_BRAIN_FATAL:
		return "split-brain-disconnect";
	case DRBD_SYNC_UNRELATED:
		return "unrelated-data";
	case DRBD_SYNC_DISCARD_BOTH:
		return "both-discard";
	}
	return "?";
}

void drbd_uuid_push_history(uint64_t uuid[4], uint64_t old)
{
	if (!old || old == uuid[H1])
		return;
	uuid[H2] = uuid[H1];
	uuid[H1] = old;
}

void drbd_uuid_new_current(uint64_t uuid[4], uint64_t new_uuid)
{
	if (!uuid[B])
		uuid[B] = uuid[C];
	else
		drbd_uuid_push_history(uuid, uuid[C]);
	uuid[C] = new_uuid;
}

void drbd_uuid_resync_finished_source(uint64_t uuid[4])
{
	drbd_uuid_push_history(uuid, uuid[B]);
	uuid[B] = 0;
}

void drbd_uuid_resync_finished_target(uint64_t uuid[4],
				      const uint64_t source_uuid[4])
{
	if (uuid[C] != source_uuid[C])
		drbd_uuid_push_history(uuid, uuid[C]);
	uuid[C] = source_uuid[C];
	uuid[B] = 0;
}
