/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * drbd_bitmap_math.h - out-of-sync bitmap arithmetic.  Pure logic.
 *
 * One bit per 4 KiB block (8 sectors).  The bitmap is an array of 64-bit
 * words, bit n in word n / 64 at position n % 64.  On disk the words are
 * little endian (docs/metadata.md); in memory they are host order and
 * drbd_bm_words_{to,from}_le() convert a page.
 *
 * A write that touches part of a block marks the whole block out of sync;
 * a write that completed on both nodes clears only the blocks it covered
 * completely.  The resync controller decides how much to request next.
 */
#ifndef DRBD_BITMAP_MATH_H
#define DRBD_BITMAP_MATH_H

#include "drbd_pure.h"

#define DRBD_BM_SECT_SHIFT	3	/* 8 sectors per bit */
#define DRBD_BM_SECT_PER_BIT	(1u << DRBD_BM_SECT_SHIFT)

/* Bits touched by [sector, sector + nr_sectors): first and last+1. */
static inline void drbd_bm_touched(uint64_t sector, uint64_t nr_sectors,
				   uint64_t *ret_first, uint64_t *ret_end)
{
	*ret_first = sector >> DRBD_BM_SECT_SHIFT;
	*ret_end = (sector + nr_sectors + DRBD_BM_SECT_PER_BIT - 1) >>
		   DRBD_BM_SECT_SHIFT;
}

/* Bits covered completely by the range; *ret_end <= *ret_first if none. */
static inline void drbd_bm_covered(uint64_t sector, uint64_t nr_sectors,
				   uint64_t *ret_first, uint64_t *ret_end)
{
	*ret_first = (sector + DRBD_BM_SECT_PER_BIT - 1) >> DRBD_BM_SECT_SHIFT;
	*ret_end = (sector + nr_sectors) >> DRBD_BM_SECT_SHIFT;
}

/* Set bits [first, end) of @words; returns how many were newly set. */
uint64_t drbd_bm_set_range(uint64_t *words, uint64_t first, uint64_t end);
/* Clear bits [first, end); returns how many were set before. */
uint64_t drbd_bm_clear_range(uint64_t *words, uint64_t first, uint64_t end);
/* Number of set bits in [0, nbits). */
uint64_t drbd_bm_count(const uint64_t *words, uint64_t nbits);
/* First set bit >= @from and < @nbits, or @nbits if there is none. */
uint64_t drbd_bm_find_next(const uint64_t *words, uint64_t nbits,
			   uint64_t from);
/* OR @nwords words of @src into @dst; returns bits newly set in @dst. */
uint64_t drbd_bm_merge(uint64_t *dst, const uint64_t *src, uint64_t nwords);

/* Convert @n words between host order and the little-endian disk form. */
void drbd_bm_words_to_le(uint8_t *dst, const uint64_t *src, size_t n);
void drbd_bm_words_from_le(uint64_t *dst, const uint8_t *src, size_t n);

/*
 * Resync rate controller, run by the SyncTarget every tick (100 ms).
 *
 * With c_plan_ahead == 0 it requests at the fixed resync_rate.  Otherwise
 * it requests each tick what arrived since the last one, corrected
 * towards keeping c_fill_target sectors in flight at the tick (or, if that
 * is 0, the amount that arrives in c_delay_target): a pipe found empty is
 * refilled at once (the peer is faster than we ask), otherwise the gap is
 * closed over the c_plan_ahead window, in both directions.  The fill
 * target is what stays in flight, not a cap on the rate: a peer that
 * answers within a tick gets more every tick until in-flight work builds
 * up.  Never more than c_max_rate, and at most c_min_rate while the
 * application is writing.  Rates in KiB/s, fill in sectors, times in 0.1 s.
 */
struct drbd_rs_conf {
	uint32_t resync_rate;	/* KiB/s, used when c_plan_ahead == 0 */
	uint32_t c_plan_ahead;	/* 0.1 s units; 0 = fixed rate */
	uint32_t c_fill_target;	/* sectors in flight to aim for */
	uint32_t c_delay_target;	/* 0.1 s units */
	uint32_t c_max_rate;	/* KiB/s */
	uint32_t c_min_rate;	/* KiB/s: resync never throttled below this */
};

struct drbd_rs_ctl {
	uint64_t in_flight;	/* sectors requested, not yet received */
	int64_t carry;		/* remainder of the spread correction */
};

/* Defaults that do not crawl on a gigabit link or a fast disk. */
void drbd_rs_conf_defaults(struct drbd_rs_conf *c);

/*
 * drbd_rs_plan - sectors to request in this 100 ms tick.
 * @arrived: sectors received since the previous tick.
 * @app_busy: the application is writing (throttle to c_min_rate).
 */
uint64_t drbd_rs_plan(const struct drbd_rs_conf *c, struct drbd_rs_ctl *st,
		      uint64_t arrived, bool app_busy);

/* The caller requested @unused sectors fewer than planned (bitmap end). */
void drbd_rs_unrequested(struct drbd_rs_ctl *st, uint64_t unused);

/*
 * Online verify (docs/wire-protocol.md, "Online verify").  VerifyS sends
 * one digest per 4 KiB block for a range of up to DRBD_OV_MAX_BLOCKS
 * blocks; VerifyT compares them with its own and answers with a mask of
 * the blocks that differ.
 */
#define DRBD_OV_MAX_BLOCKS	64u	/* 256 KiB per OVRequest */
#define DRBD_OV_MAX_DIGEST	64u	/* bytes; sha512 is the largest */

/*
 * Blocks for the next OVRequest: at most DRBD_OV_MAX_BLOCKS, what is left
 * before @nbits, and what @budget (sectors) still allows.  0 when the
 * cursor is at the end or the budget is below one block.
 */
uint32_t drbd_ov_next_blocks(uint64_t cursor, uint64_t nbits, uint64_t budget);

/*
 * Compare @n digests of @dsize bytes each in @mine and @peers (block i at
 * offset i * dsize).  Bit i of *@ret_diff is set when block i differs.
 * Returns the number of differing blocks; n <= 64.
 */
uint32_t drbd_ov_compare(const uint8_t *mine, const uint8_t *peers,
			 uint32_t n, uint32_t dsize, uint64_t *ret_diff);

/* A run of out-of-sync sectors, for "Out of sync: start=S, size=N". */
struct drbd_ov_run {
	uint64_t start;		/* sector */
	uint64_t sectors;	/* 0: no run open */
};

/*
 * Add [sector, sector + sectors) to the open run @r.  When it does not
 * continue the run, the run so far is copied to @ret_done, @r starts anew
 * and true is returned: the caller logs @ret_done.
 */
bool drbd_ov_run_add(struct drbd_ov_run *r, uint64_t sector, uint64_t sectors,
		     struct drbd_ov_run *ret_done);

/* Verify progress in permille: @done of @total blocks, capped at 1000. */
uint32_t drbd_ov_permille(uint64_t done, uint64_t total);

#endif /* DRBD_BITMAP_MATH_H */
