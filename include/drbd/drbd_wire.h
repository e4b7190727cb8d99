/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * drbd_wire.h - the replication protocol on the wire.  Pure logic.
 *
 * Every packet is a 16-byte header followed by a body of a size fixed per
 * command and, for some commands, a payload (block data, a bitmap chunk,
 * an authentication token).  All integers are little endian.  The table
 * in drbd_wire.c says, per command, how big the body is and what payload
 * may follow; drbd_wire_check_hdr() refuses anything else before a byte of
 * the body is read.  docs/wire-protocol.md describes the conversation.
 */
#ifndef DRBD_WIRE_H
#define DRBD_WIRE_H

#include "drbd_pure.h"

#define DRBD_WIRE_MAGIC		0x31505244u	/* "DRP1" as LE bytes */
#define DRBD_PROTO_MIN		2u	/* 2: WriteAck.seq and FlushAck */
#define DRBD_PROTO_MAX		2u
#define DRBD_WIRE_HDR_SIZE	16u
#define DRBD_WIRE_MAX_DATA	(1u << 20)	/* largest block payload: 1 MiB */
#define DRBD_WIRE_MAX_BM_CHUNK	4096u		/* bitmap bytes per packet */
#define DRBD_WIRE_MAX_AUTH	64u		/* challenge/response bytes */
#define DRBD_WIRE_HOST_MAX	64u		/* hostname in P_HELLO, NUL padded */
#define DRBD_WIRE_ALG_MAX	32u		/* algorithm names, NUL padded */
#define DRBD_WIRE_MAX_OV_DIGESTS 4096u		/* OVRequest: 64 digests of <= 64 bytes */

enum drbd_packet {
	P_INVALID,
	P_HELLO,		/* hello: first packet on each socket */
	P_AUTH_CHALLENGE,	/* payload: random bytes */
	P_AUTH_RESPONSE,	/* payload: HMAC(secret, peer's challenge) */
	P_PARAMS,		/* params: protocol and policies */
	P_SIZES,		/* sizes */
	P_UUIDS,		/* uuids: generation identifiers */
	P_STATE,		/* state: role, disk, flags */
	P_STATE_REQ,		/* state: a change the sender wants to make */
	P_STATE_REPLY,		/* reply: verdict on a P_STATE_REQ */
	P_DATA,			/* block + payload: an application write */
	P_RECV_ACK,		/* block: protocol B, write received */
	P_WRITE_ACK,		/* block: protocol C, write on stable storage */
	P_NEG_ACK,		/* block: the write failed on the peer */
	P_PING,			/* empty: liveness, on the meta socket */
	P_PING_ACK,		/* empty */
	P_BITMAP,		/* bitmap chunk + payload */
	P_RS_DATA_REQUEST,	/* block: SyncTarget asks for a block */
	P_RS_DATA_REPLY,	/* block + payload: the block's data */
	P_RS_WRITE_ACK,		/* block: SyncTarget wrote a resync block */
	P_RS_NEG_REPLY,		/* block: the SyncSource could not read it */
	P_OV_REQUEST,		/* block + payload: VerifyS's digests, 1 per 4 KiB */
	P_OV_REPLY,		/* block + payload: LE64 mask of differing blocks */
	P_OV_RESULT,		/* reserved (unused) */
	P_SYNC_UUID,		/* uuids: the SyncSource's new bitmap uuid */
	P_DISCONNECT,		/* empty: orderly shutdown */
	P_BARRIER,		/* block: epoch boundary (seq = epoch number) */
	P_BARRIER_ACK,		/* block: every write of that epoch is done */
	P_FLUSH_ACK,		/* block: the peer's disk flushed every write it
				 * acknowledged up to WriteAck seq */
	P__COUNT,
};

/* Which socket a P_HELLO opens. */
enum drbd_sock_kind {
	DRBD_SOCK_DATA = 1,	/* writes, resync, bitmap, handshake */
	DRBD_SOCK_META = 2,	/* acks and pings: never behind data */
};

/* Protocol letters as numbers on the wire. */
enum drbd_wire_protocol {
	DRBD_PROT_A = 1,
	DRBD_PROT_B = 2,
	DRBD_PROT_C = 3,
};

/* Flags of struct drbd_wire_block (P_DATA and friends). */
#define DRBD_DP_FUA		(1u << 0)	/* write with REQ_FUA */
#define DRBD_DP_FLUSH		(1u << 1)	/* REQ_PREFLUSH: drain, then flush */
#define DRBD_DP_DISCARD		(1u << 2)	/* discard, no payload */
#define DRBD_DP_ZEROES		(1u << 3)	/* write zeroes, no payload */
#define DRBD_DP_SEND_RECV_ACK	(1u << 4)	/* protocol B for this write */
#define DRBD_DP_SEND_WRITE_ACK	(1u << 5)	/* protocol C for this write */
#define DRBD_DP_OV_IN_SYNC	(1u << 6)	/* P_OV_RESULT: block matched */

/* Flags of P_PARAMS. */
#define DRBD_PF_TWO_PRIMARIES	(1u << 0)
#define DRBD_PF_DISCARD_MY_DATA	(1u << 1)
#define DRBD_PF_AUTH		(1u << 2)	/* shared secret configured */

/* Flags of P_UUIDS. */
#define DRBD_UF_CRASHED_PRIMARY	(1u << 0)
#define DRBD_UF_INCONSISTENT	(1u << 1)
#define DRBD_UF_PRIMARY		(1u << 2)
#define DRBD_UF_DISCARD_MY_DATA	(1u << 3)
#define DRBD_UF_YOUNG_PRIMARY	(1u << 4)	/* DRBD_MDF_YOUNG_PRIMARY */

struct drbd_wire_hdr {
	uint32_t magic;
	uint16_t cmd;		/* enum drbd_packet */
	uint16_t flags;		/* reserved, 0 */
	uint32_t len;		/* bytes after the header: body + payload */
	uint32_t reserved;	/* 0 */
};

struct drbd_wire_hello {
	uint32_t sock_kind;	/* enum drbd_sock_kind */
	uint32_t proto_min;
	uint32_t proto_max;
	uint32_t features;	/* reserved, 0 */
	uint64_t conn_id;	/* random per connection attempt; pairs sockets */
	char host[DRBD_WIRE_HOST_MAX];	/* sender's node name */
};
#define DRBD_WIRE_HELLO_SIZE	(24u + DRBD_WIRE_HOST_MAX)

struct drbd_wire_params {
	uint32_t protocol;	/* enum drbd_wire_protocol */
	uint32_t after_sb_0p;
	uint32_t after_sb_1p;
	uint32_t after_sb_2p;
	uint32_t flags;		/* DRBD_PF_* */
	uint32_t reserved;
	char verify_alg[DRBD_WIRE_ALG_MAX];
};
#define DRBD_WIRE_PARAMS_SIZE	(24u + DRBD_WIRE_ALG_MAX)

struct drbd_wire_sizes {
	uint64_t lower_bytes;	/* sender's lower device */
	uint64_t data_bytes;	/* sender's usable size */
	uint64_t user_bytes;	/* configured size limit, 0 for none */
	uint32_t max_bio_bytes;
	uint32_t reserved;
};
#define DRBD_WIRE_SIZES_SIZE	32u

struct drbd_wire_uuids {
	uint64_t uuid[4];	/* current, bitmap, history start, history end */
	uint64_t bits_set;	/* sender's out-of-sync blocks */
	uint64_t flags;		/* DRBD_UF_* */
};
#define DRBD_WIRE_UUIDS_SIZE	48u

struct drbd_wire_state {
	uint32_t role;		/* enum drbd_role */
	uint32_t disk;		/* enum drbd_dstate */
	uint32_t cstate;	/* enum drbd_cstate, informative */
	uint32_t flags;		/* DRBD_STATE_F_* */
};
#define DRBD_WIRE_STATE_SIZE	16u
/* the sender's user paused resync (pause-sync until resume-sync) */
#define DRBD_STATE_F_USER_ISP	1u

struct drbd_wire_reply {
	int32_t retcode;	/* 0 or enum drbd_state_rv */
	uint32_t reserved;
};
#define DRBD_WIRE_REPLY_SIZE	8u

/* Block-addressed packets: writes, acks, resync, verify, barriers. */
struct drbd_wire_block {
	uint64_t sector;	/* 512-byte units */
	uint64_t block_id;	/* sender's cookie, echoed in the ack */
	uint32_t size;		/* bytes the request covers */
	uint32_t seq;		/* per-connection sequence or epoch number */
	uint32_t flags;		/* DRBD_DP_* */
	uint32_t epoch;		/* write epoch (P_DATA) */
};
#define DRBD_WIRE_BLOCK_SIZE	32u

/* Bitmap chunk: @bytes bytes of the sender's bitmap from @offset on. */
struct drbd_wire_bitmap {
	uint64_t offset;	/* byte offset into the bitmap */
	uint64_t total_bytes;	/* size of the whole bitmap */
};
#define DRBD_WIRE_BITMAP_SIZE	16u

/* What follows the body. */
enum drbd_payload_kind {
	DRBD_PL_NONE,		/* nothing: len == body size */
	DRBD_PL_BLOCK,		/* block data: len - body == block.size */
	DRBD_PL_VAR,		/* 1 .. max_payload bytes */
};

struct drbd_packet_info {
	const char *name;
	uint32_t body_size;
	enum drbd_payload_kind payload;
	uint32_t max_payload;
	enum drbd_sock_kind sock;	/* the socket it travels on */
};

/* Reasons a header or body is refused. */
enum drbd_wire_error {
	DRBD_WIRE_OK = 0,
	DRBD_WIRE_ERR_MAGIC,
	DRBD_WIRE_ERR_CMD,	/* unknown command */
	DRBD_WIRE_ERR_LEN,	/* length does not fit the command */
	DRBD_WIRE_ERR_FIELD,	/* a field has an impossible value */
};

const struct drbd_packet_info *drbd_packet_info(unsigned int cmd);
const char *drbd_packet_name(unsigned int cmd);
const char *drbd_wire_strerror(enum drbd_wire_error err);

void drbd_wire_put_hdr(uint8_t *buf, unsigned int cmd, uint32_t len);
/* Decode and check a header: magic, command, length against the table. */
enum drbd_wire_error drbd_wire_check_hdr(const uint8_t *buf,
					 struct drbd_wire_hdr *ret);

void drbd_wire_put_hello(uint8_t *buf, const struct drbd_wire_hello *h);
enum drbd_wire_error drbd_wire_get_hello(const uint8_t *buf,
					 struct drbd_wire_hello *ret);
void drbd_wire_put_params(uint8_t *buf, const struct drbd_wire_params *p);
enum drbd_wire_error drbd_wire_get_params(const uint8_t *buf,
					  struct drbd_wire_params *ret);
void drbd_wire_put_sizes(uint8_t *buf, const struct drbd_wire_sizes *s);
void drbd_wire_get_sizes(const uint8_t *buf, struct drbd_wire_sizes *ret);
void drbd_wire_put_uuids(uint8_t *buf, const struct drbd_wire_uuids *u);
void drbd_wire_get_uuids(const uint8_t *buf, struct drbd_wire_uuids *ret);
void drbd_wire_put_state(uint8_t *buf, const struct drbd_wire_state *s);
enum drbd_wire_error drbd_wire_get_state(const uint8_t *buf,
					 struct drbd_wire_state *ret);
void drbd_wire_put_reply(uint8_t *buf, const struct drbd_wire_reply *r);
void drbd_wire_get_reply(const uint8_t *buf, struct drbd_wire_reply *ret);
void drbd_wire_put_block(uint8_t *buf, const struct drbd_wire_block *b);
void drbd_wire_get_block(const uint8_t *buf, struct drbd_wire_block *ret);
void drbd_wire_put_bitmap(uint8_t *buf, const struct drbd_wire_bitmap *b);
void drbd_wire_get_bitmap(const uint8_t *buf, struct drbd_wire_bitmap *ret);

/*
 * drbd_wire_check_block - for a packet with a block body, check that the
 * payload length agrees with block.size and that the request is aligned
 * (512-byte sectors) and not larger than DRBD_WIRE_MAX_DATA.
 */
enum drbd_wire_error drbd_wire_check_block(const struct drbd_wire_hdr *hdr,
					   const struct drbd_wire_block *b);

/*
 * Sequence numbers (WriteAck.seq, FlushAck.seq) count up from 1 per
 * connection and wrap: true when @a is @b or comes after it.
 */
static inline bool drbd_seq_ge(uint32_t a, uint32_t b)
{
	return (int32_t)(a - b) >= 0;
}

#endif /* DRBD_WIRE_H */
