// SPDX-License-Identifier: GPL-2.0-only
/*
 * drbd_crc32c.c - crc32c (Castagnoli, reflected polynomial 0x82f63b78).
 *
 * Pure logic.  Bitwise on purpose: it covers 4 KiB metadata blocks a few
 * times per state change, never the data path, and needs no table or
 * kernel crypto dependency.
 */
#include "drbd_pure.h"

uint32_t drbd_crc32c(uint32_t crc, const void *buf, size_t len)
{
	const uint8_t *p = buf;
	int k;

	crc = ~crc;
	while (len--) {
		crc ^= *p++;
		for (k = 0; k < 8; k++)
			crc = (crc >> 1) ^ (0x82f63b78u & (0u - (crc & 1u)));
	}
	return ~crc;
}
