// SPDX-License-Identifier: GPL-2.0-only
/*
 * drbd_bitmap_math.c - bitmap words and the resync rate controller.
 *
 * Pure logic, shared by the module and the userspace tests.
 */
#include "drbd_bitmap_math.h"

static unsigned int popcount64(uint64_t x)
{
	unsigned int n = 0;

	while (x) {
		x &= x - 1;
		n++;
	}
	return n;
}

/* Mask of bits [lo, hi) inside one word, 0 <= lo < hi <= 64. */
static uint64_t word_mask(unsigned int lo, unsigned int hi)
{
	uint64_t upper = hi == 64 ? ~0ull : (1ull << hi) - 1;

	return upper & ~((1ull << lo) - 1);
}

/* Apply set (@set true) or clear to [first, end); count changed bits. */
static uint64_t change_range(uint64_t *words, uint64_t first, uint64_t end,
			     bool set)
{
	uint64_t changed = 0;

	while (first < end) {
		uint64_t w = first >> 6;
		unsigned int lo = first & 63;
		unsigned int hi = (end - (w << 6)) > 64 ? 64 :
				  (unsigned int)(end - (w << 6));
		uint64_t m = word_mask(lo, hi);

		if (set) {
			changed += popcount64(m & ~words[w]);
			words[w] |= m;
		} else {
			changed += popcount64(m & words[w]);
			words[w] &= ~m;
		}
		first = (w + 1) << 6;
	}
	return changed;
}

uint64_t drbd_bm_set_range(uint64_t *words, uint64_t first, uint64_t end)
{
	return change_range(words, first, end, true);
}

uint64_t drbd_bm_clear_range(uint64_t *words, uint64_t first, uint64_t end)
{
	return change_range(words, first, end, false);
}

uint64_t drbd_bm_count(const uint64_t *words, uint64_t nbits)
{
	uint64_t n = 0, w;

	for (w = 0; w < nbits >> 6; w++)
		n += popcount64(words[w]);
	if (nbits & 63)
		n += popcount64(words[w] & word_mask(0, nbits & 63));
	return n;
}

uint64_t drbd_bm_find_next(const uint64_t *words, uint64_t nbits,
			   uint64_t from)
{
	while (from < nbits) {
		uint64_t w = words[from >> 6] & ~((1ull << (from & 63)) - 1);

		if (w) {
			uint64_t bit = (from & ~63ull) + (uint64_t)__builtin_ctzll(w);

			return bit < nbits ? bit : nbits;
		}
		from = (from | 63) + 1;
	}
	return nbits;
}

uint64_t drbd_bm_merge(uint64_t *dst, const uint64_t *src, uint64_t nwords)
{
	uint64_t n = 0, i;

	for (i = 0; i < nwords; i++) {
		n += popcount64(src[i] & ~dst[i]);
		dst[i] |= src[i];
	}
	return n;
}

void drbd_bm_words_to_le(uint8_t *dst, const uint64_t *src, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		drbd_put_le64(dst + 8 * i, src[i]);
}

void drbd_bm_words_from_le(uint64_t *dst, const uint8_t *src, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		dst[i] = drbd_get_le64(src + 8 * i);
}

void drbd_rs_conf_defaults(struct drbd_rs_conf *c)
{
	c->resync_rate = 100 * 1024;	/* 100 MiB/s when not adaptive */
	c->c_plan_ahead = 20;		/* 2 s */
	c->c_fill_target = 4096;	/* 2 MiB in flight */
	c->c_delay_target = 10;		/* 1 s */
	c->c_max_rate = 1024 * 1024;	/* 1 GiB/s */
	c->c_min_rate = 4 * 1024;	/* 4 MiB/s */
}

/* KiB/s to sectors per 100 ms tick. */
static uint64_t per_tick(uint32_t kib_per_s)
{
	return (uint64_t)kib_per_s * 2 / 10;
}

uint64_t drbd_rs_plan(const struct drbd_rs_conf *c, struct drbd_rs_ctl *st,
		      uint64_t arrived, bool app_busy)
{
	uint64_t req, want, cap;
	int64_t corr, steps;

	st->in_flight -= arrived < st->in_flight ? arrived : st->in_flight;
	if (!c->c_plan_ahead) {
		req = per_tick(c->resync_rate);
	} else {
		want = c->c_fill_target ? c->c_fill_target :
					  arrived * c->c_delay_target;
		if (!want)	/* delay mode, nothing arrived yet */
			want = per_tick(c->resync_rate);
		if (!st->in_flight) {
			/* drained: the peer keeps up, fill the gap now */
			corr = (int64_t)want;
			st->carry = 0;
		} else {
			steps = c->c_plan_ahead;
			corr = (int64_t)want - (int64_t)st->in_flight + st->carry;
			st->carry = corr % steps;
			corr /= steps;
		}
		if (corr < 0 && (uint64_t)-corr >= arrived)
			req = 0;
		else
			req = arrived + corr;
	}
	cap = per_tick(c->c_max_rate);
	if (app_busy && c->c_min_rate && per_tick(c->c_min_rate) < cap)
		cap = per_tick(c->c_min_rate);
	if (c->c_max_rate && req > cap)
		req = cap;
	req &= ~(uint64_t)(DRBD_BM_SECT_PER_BIT - 1);
	st->in_flight += req;
	return req;
}

void drbd_rs_unrequested(struct drbd_rs_ctl *st, uint64_t unused)
{
	st->in_flight -= unused < st->in_flight ? unused : st->in_flight;
}

/* ---- online verify ------------------------------------------------------ */

uint32_t drbd_ov_next_blocks(uint64_t cursor, uint64_t nbits, uint64_t budget)
{
	uint64_t n;

	if (cursor >= nbits)
		return 0;
	n = nbits - cursor;
	if (n > DRBD_OV_MAX_BLOCKS)
		n = DRBD_OV_MAX_BLOCKS;
	if (n > budget / DRBD_BM_SECT_PER_BIT)
		n = budget / DRBD_BM_SECT_PER_BIT;
	return (uint32_t)n;
}

uint32_t drbd_ov_compare(const uint8_t *mine, const uint8_t *peers,
			 uint32_t n, uint32_t dsize, uint64_t *ret_diff)
{
	uint32_t i, j, count = 0;

	*ret_diff = 0;
	for (i = 0; i < n && i < 64; i++) {
		const uint8_t *a = mine + (size_t)i * dsize;
		const uint8_t *b = peers + (size_t)i * dsize;

		for (j = 0; j < dsize; j++)
			if (a[j] != b[j])
				break;
		if (j < dsize) {
			*ret_diff |= (uint64_t)1 << i;
			count++;
		}
	}
	return count;
}

bool drbd_ov_run_add(struct drbd_ov_run *r, uint64_t sector, uint64_t sectors,
		     struct drbd_ov_run *ret_done)
{
	if (r->sectors && r->start + r->sectors == sector) {
		r->sectors += sectors;
		return false;
	}
	*ret_done = *r;
	r->start = sector;
	r->sectors = sectors;
	return ret_done->sectors != 0;
}

uint32_t drbd_ov_permille(uint64_t done, uint64_t total)
{
	if (!total || done >= total)
		return 1000;
	/* no overflow for any device: total < 2^52 blocks */
	return (uint32_t)(done * 1000 / total);
}
