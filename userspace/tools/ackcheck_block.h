/*
 * ackcheck_block.h - the self-describing 4 KiB block ackcheck writes.
 *
 *   0  u32 magic "ACKB"      16 u64 run id (random per write run)
 *   4  u32 reserved          24 ... pattern derived from (run, block, seq)
 *   8  u64 seq               4088 u32 block number (low 32 bits)
 *                            4092 u32 crc32c of bytes 0..4091
 * Little endian.  A block is torn when its header says it belongs to the
 * run but its checksum does not match.
 */
#ifndef ACKCHECK_BLOCK_H
#define ACKCHECK_BLOCK_H

#include "drbd_pure.h"

#define ACK_BLOCK_SIZE	4096
#define ACK_MAGIC	0x424b4341u	/* "ACKB" */

struct ack_hdr {
	uint64_t seq;
	uint64_t run;
	uint32_t block;
};

enum ack_status {
	ACK_VALID,
	ACK_EMPTY,	/* never written by ackcheck */
	ACK_OTHER_RUN,	/* written by another run */
	ACK_MISPLACED,	/* a block meant for another address */
	ACK_TORN,	/* checksum wrong */
};

static inline uint64_t ack_rand64(uint64_t *state)
{
	uint64_t x = *state ? *state : 0x9e3779b97f4a7c15ull;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	*state = x;
	return x;
}

static inline void ack_fill(uint8_t *buf, uint64_t run, uint64_t block,
			    uint64_t seq)
{
	uint64_t st = run ^ (block * 0x9e3779b97f4a7c15ull) ^ (seq << 1);
	unsigned int i;

	drbd_put_le32(buf, ACK_MAGIC);
	drbd_put_le32(buf + 4, 0);
	drbd_put_le64(buf + 8, seq);
	drbd_put_le64(buf + 16, run);
	for (i = 24; i < 4088; i += 8)
		drbd_put_le64(buf + i, ack_rand64(&st));
	drbd_put_le32(buf + 4088, (uint32_t)block);
	drbd_put_le32(buf + 4092, drbd_crc32c(0, buf, 4092));
}

static inline enum ack_status ack_check(const uint8_t *buf, uint64_t run,
					uint64_t block, struct ack_hdr *ret)
{
	if (drbd_get_le32(buf) != ACK_MAGIC)
		return ACK_EMPTY;
	ret->seq = drbd_get_le64(buf + 8);
	ret->run = drbd_get_le64(buf + 16);
	ret->block = drbd_get_le32(buf + 4088);
	if (ret->run != run)
		return ACK_OTHER_RUN;
	if (drbd_get_le32(buf + 4092) != drbd_crc32c(0, buf, 4092))
		return ACK_TORN;
	if (ret->block != (uint32_t)block)
		return ACK_MISPLACED;
	return ACK_VALID;
}

#endif /* ACKCHECK_BLOCK_H */
