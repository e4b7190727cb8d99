/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * drbd_pure.h - the only include the pure-logic files need.
 *
 * Pure logic (metadata encoding, state rules, bitmap maths, UUID
 * decisions) is compiled unchanged into the kernel module and into the
 * userspace tools and unit tests.  It sees fixed-width integer types,
 * bool, size_t and memcpy/memset/memcmp, and nothing else.
 */
#ifndef DRBD_PURE_H
#define DRBD_PURE_H

#ifdef __KERNEL__
#include <linux/types.h>
#include <linux/string.h>
#include <linux/errno.h>
#else
#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>
#include <string.h>
#include <errno.h>
#endif

/* Little-endian byte (de)serialisation, independent of host order. */
static inline void drbd_put_le16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static inline void drbd_put_le32(uint8_t *p, uint32_t v)
{
	drbd_put_le16(p, (uint16_t)v);
	drbd_put_le16(p + 2, (uint16_t)(v >> 16));
}

static inline void drbd_put_le64(uint8_t *p, uint64_t v)
{
	drbd_put_le32(p, (uint32_t)v);
	drbd_put_le32(p + 4, (uint32_t)(v >> 32));
}

static inline uint16_t drbd_get_le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | (p[1] << 8));
}

static inline uint32_t drbd_get_le32(const uint8_t *p)
{
	return (uint32_t)drbd_get_le16(p) | ((uint32_t)drbd_get_le16(p + 2) << 16);
}

static inline uint64_t drbd_get_le64(const uint8_t *p)
{
	return (uint64_t)drbd_get_le32(p) | ((uint64_t)drbd_get_le32(p + 4) << 32);
}

/* crc32c (Castagnoli), bitwise; used for metadata blocks, not the data path. */
uint32_t drbd_crc32c(uint32_t crc, const void *buf, size_t len);

#endif /* DRBD_PURE_H */
