/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * drbd_uuid.h - generation identifiers and the connect-time decision.
 *
 * Each node keeps four 64-bit generation identifiers (drbd_md.h
 * DRBD_UUID_*): current (C), bitmap (B), and two history slots (H1, H2).
 * C names the data generation the node has; B is the C the peer was last
 * known to have, valid while the bitmap tracks the changes since then;
 * the history keeps older generations.  0 means "none".
 *
 * drbd_uuid_compare() applies the rule table of docs/generation-ids.md in
 * order and returns the first rule that matches, so logs can name it.
 * Pure logic.
 */
#ifndef DRBD_UUID_H
#define DRBD_UUID_H

#include "drbd_pure.h"

enum drbd_sync_verdict {
	DRBD_SYNC_NONE,			/* same data: connect, no resync */
	DRBD_SYNC_SOURCE_BITMAP,	/* we send the blocks both bitmaps mark */
	DRBD_SYNC_TARGET_BITMAP,	/* we receive the blocks both bitmaps mark */
	DRBD_SYNC_SOURCE_FULL,		/* we send every block */
	DRBD_SYNC_TARGET_FULL,		/* we receive every block */
	DRBD_SYNC_SPLIT_BRAIN,		/* both changed since a common generation */
	DRBD_SYNC_SPLIT_BRAIN_FATAL,	/* diverged further back: no policy may resolve */
	DRBD_SYNC_UNRELATED,		/* no common generation: refuse to connect */
	DRBD_SYNC_DISCARD_BOTH,		/* both asked --discard-my-data */
};

/* Flags describing a node at connect time. */
#define DRBD_UUID_F_CRASHED_PRIMARY	(1u << 0)	/* was Primary, went down uncleanly */
#define DRBD_UUID_F_DISCARD_MY_DATA	(1u << 1)	/* connect --discard-my-data */

struct drbd_uuid_side {
	uint64_t uuid[4];	/* current, bitmap, history start, history end */
	uint32_t flags;		/* DRBD_UUID_F_* */
};

struct drbd_uuid_result {
	enum drbd_sync_verdict verdict;
	int rule;		/* row of the rule table that decided */
	const char *why;	/* that row's sentence, for the log */
};

/*
 * drbd_uuid_compare - decide what connecting @self to @peer means.
 * @self_wins_ties: the deterministic tie-break (the two nodes pass
 * opposite values, e.g. from comparing their node names).
 */
void drbd_uuid_compare(const struct drbd_uuid_side *self,
		       const struct drbd_uuid_side *peer, bool self_wins_ties,
		       struct drbd_uuid_result *ret);

const char *drbd_sync_verdict_name(enum drbd_sync_verdict v);

/*
 * Generation changes.  @new_uuid is fresh randomness from the caller
 * (never 0).
 */
/* Promotion or write while disconnected: start a new generation. */
void drbd_uuid_new_current(uint64_t uuid[4], uint64_t new_uuid);
/* SyncSource finished: the peer has our current, the bitmap is history. */
void drbd_uuid_resync_finished_source(uint64_t uuid[4]);
/* SyncTarget finished: take the source's current, forget the bitmap. */
void drbd_uuid_resync_finished_target(uint64_t uuid[4],
				      const uint64_t source_uuid[4]);
/* Push a value into the history slots (newest first). */
void drbd_uuid_push_history(uint64_t uuid[4], uint64_t old);

#endif /* DRBD_UUID_H */
