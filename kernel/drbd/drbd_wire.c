// SPDX-License-Identifier: GPL-2.0-only
/*
 * drbd_wire.c - packet table, header checks and body encoding.
 *
 * Pure logic, shared by the module and the userspace tests and fuzzer.
 */
#include "drbd_wire.h"
#include "drbd_state.h"

#define BLK	DRBD_WIRE_BLOCK_SIZE
#define D	DRBD_SOCK_DATA
#define M	DRBD_SOCK_META

static const struct drbd_packet_info packet_table[P__COUNT] = {
	[P_HELLO]	  = { "Hello", DRBD_WIRE_HELLO_SIZE, DRBD_PL_NONE, 0, D },
	[P_AUTH_CHALLENGE] = { "AuthChallenge", 0, DRBD_PL_VAR, DRBD_WIRE_MAX_AUTH, D },
	[P_AUTH_RESPONSE] = { "AuthResponse", 0, DRBD_PL_VAR, DRBD_WIRE_MAX_AUTH, D },
	[P_PARAMS]	  = { "Params", DRBD_WIRE_PARAMS_SIZE, DRBD_PL_NONE, 0, D },
	[P_SIZES]	  = { "Sizes", DRBD_WIRE_SIZES_SIZE, DRBD_PL_NONE, 0, D },
	[P_UUIDS]	  = { "UUIDs", DRBD_WIRE_UUIDS_SIZE, DRBD_PL_NONE, 0, D },
	[P_STATE]	  = { "State", DRBD_WIRE_STATE_SIZE, DRBD_PL_NONE, 0, D },
	[P_STATE_REQ]	  = { "StateReq", DRBD_WIRE_STATE_SIZE, DRBD_PL_NONE, 0, D },
	[P_STATE_REPLY]	  = { "StateReply", DRBD_WIRE_REPLY_SIZE, DRBD_PL_NONE, 0, M },
	[P_DATA]	  = { "Data", BLK, DRBD_PL_BLOCK, DRBD_WIRE_MAX_DATA, D },
	[P_RECV_ACK]	  = { "RecvAck", BLK, DRBD_PL_NONE, 0, M },
	[P_WRITE_ACK]	  = { "WriteAck", BLK, DRBD_PL_NONE, 0, M },
	[P_NEG_ACK]	  = { "NegAck", BLK, DRBD_PL_NONE, 0, M },
	[P_PING]	  = { "Ping", 0, DRBD_PL_NONE, 0, M },
	[P_PING_ACK]	  = { "PingAck", 0, DRBD_PL_NONE, 0, M },
	[P_BITMAP]	  = { "Bitmap", DRBD_WIRE_BITMAP_SIZE, DRBD_PL_VAR, DRBD_WIRE_MAX_BM_CHUNK, D },
	[P_RS_DATA_REQUEST] = { "RSDataRequest", BLK, DRBD_PL_NONE, 0, D },
	[P_RS_DATA_REPLY] = { "RSDataReply", BLK, DRBD_PL_BLOCK, DRBD_WIRE_MAX_DATA, D },
	[P_RS_WRITE_ACK]  = { "RSWriteAck", BLK, DRBD_PL_NONE, 0, M },
	[P_RS_NEG_REPLY]  = { "RSNegReply", BLK, DRBD_PL_NONE, 0, D },
	[P_OV_REQUEST]	  = { "OVRequest", BLK, DRBD_PL_VAR, DRBD_WIRE_MAX_OV_DIGESTS, D },
	[P_OV_REPLY]	  = { "OVReply", BLK, DRBD_PL_VAR, 8, D },
	[P_OV_RESULT]	  = { "OVResult", BLK, DRBD_PL_NONE, 0, D },
	[P_SYNC_UUID]	  = { "SyncUUID", DRBD_WIRE_UUIDS_SIZE, DRBD_PL_NONE, 0, D },
	[P_DISCONNECT]	  = { "Disconnect", 0, DRBD_PL_NONE, 0, D },
	[P_BARRIER]	  = { "Barrier", BLK, DRBD_PL_NONE, 0, D },
	[P_BARRIER_ACK]	  = { "BarrierAck", BLK, DRBD_PL_NONE, 0, M },
	[P_FLUSH_ACK]	  = { "FlushAck", BLK, DRBD_PL_NONE, 0, M },
};

const struct drbd_packet_info *drbd_packet_info(unsigned int cmd)
{
	if (cmd == P_INVALID || cmd >= P__COUNT)
		return NULL;
	return &packet_table[cmd];
}

const char *drbd_packet_name(unsigned int cmd)
{
	const struct drbd_packet_info *pi = drbd_packet_info(cmd);

	return pi ? pi->name : "Unknown";
}

const char *drbd_wire_strerror(enum drbd_wire_error err)
{
	switch (err) {
	case DRBD_WIRE_OK:
		return "valid";
	case DRBD_WIRE_ERR_MAGIC:
		return "bad packet magic (not a drbd peer, or stream out of step)";
	case DRBD_WIRE_ERR_CMD:
		return "unknown packet type";
	case DRBD_WIRE_ERR_LEN:
		return "packet length does not fit its type";
	case DRBD_WIRE_ERR_FIELD:
		return "packet field out of range";
	}
	return "unknown wire error";
}

void drbd_wire_put_hdr(uint8_t *buf, unsigned int cmd, uint32_t len)
{
	drbd_put_le32(buf, DRBD_WIRE_MAGIC);
	drbd_put_le16(buf + 4, (uint16_t)cmd);
	drbd_put_le16(buf + 6, 0);
	drbd_put_le32(buf + 8, len);
	drbd_put_le32(buf + 12, 0);
}

enum drbd_wire_error drbd_wire_check_hdr(const uint8_t *buf,
					 struct drbd_wire_hdr *ret)
{
	const struct drbd_packet_info *pi;

	ret->magic = drbd_get_le32(buf);
	ret->cmd = drbd_get_le16(buf + 4);
	ret->flags = drbd_get_le16(buf + 6);
	ret->len = drbd_get_le32(buf + 8);
	ret->reserved = drbd_get_le32(buf + 12);
	if (ret->magic != DRBD_WIRE_MAGIC)
		return DRBD_WIRE_ERR_MAGIC;
	pi = drbd_packet_info(ret->cmd);
	if (!pi)
		return DRBD_WIRE_ERR_CMD;
	switch (pi->payload) {
	case DRBD_PL_NONE:
		if (ret->len != pi->body_size)
			return DRBD_WIRE_ERR_LEN;
		break;
	case DRBD_PL_BLOCK:
		/* discards and zeroes carry no payload */
		if (ret->len < pi->body_size ||
		    ret->len - pi->body_size > pi->max_payload)
			return DRBD_WIRE_ERR_LEN;
		break;
	case DRBD_PL_VAR:
		if (ret->len <= pi->body_size ||
		    ret->len - pi->body_size > pi->max_payload)
			return DRBD_WIRE_ERR_LEN;
		break;
	}
	return DRBD_WIRE_OK;
}

static void put_str(uint8_t *p, const char *s, size_t max)
{
	size_t n = 0;

	memset(p, 0, max);
	while (n < max - 1 && s[n]) {
		p[n] = (uint8_t)s[n];
		n++;
	}
}

/* Copy a NUL-padded field; refuse one without a terminating NUL. */
static bool get_str(char *dst, const uint8_t *p, size_t max)
{
	if (!memchr(p, 0, max))
		return false;
	memcpy(dst, p, max);
	return true;
}

void drbd_wire_put_hello(uint8_t *buf, const struct drbd_wire_hello *h)
{
	drbd_put_le32(buf, h->sock_kind);
	drbd_put_le32(buf + 4, h->proto_min);
	drbd_put_le32(buf + 8, h->proto_max);
	drbd_put_le32(buf + 12, h->features);
	drbd_put_le64(buf + 16, h->conn_id);
	put_str(buf + 24, h->host, DRBD_WIRE_HOST_MAX);
}

enum drbd_wire_error drbd_wire_get_hello(const uint8_t *buf,
					 struct drbd_wire_hello *ret)
{
	ret->sock_kind = drbd_get_le32(buf);
	ret->proto_min = drbd_get_le32(buf + 4);
	ret->proto_max = drbd_get_le32(buf + 8);
	ret->features = drbd_get_le32(buf + 12);
	ret->conn_id = drbd_get_le64(buf + 16);
	if (!get_str(ret->host, buf + 24, DRBD_WIRE_HOST_MAX))
		return DRBD_WIRE_ERR_FIELD;
	if (ret->sock_kind != DRBD_SOCK_DATA && ret->sock_kind != DRBD_SOCK_META)
		return DRBD_WIRE_ERR_FIELD;
	if (ret->proto_min > ret->proto_max)
		return DRBD_WIRE_ERR_FIELD;
	return DRBD_WIRE_OK;
}

void drbd_wire_put_params(uint8_t *buf, const struct drbd_wire_params *p)
{
	drbd_put_le32(buf, p->protocol);
	drbd_put_le32(buf + 4, p->after_sb_0p);
	drbd_put_le32(buf + 8, p->after_sb_1p);
	drbd_put_le32(buf + 12, p->after_sb_2p);
	drbd_put_le32(buf + 16, p->flags);
	drbd_put_le32(buf + 20, 0);
	put_str(buf + 24, p->verify_alg, DRBD_WIRE_ALG_MAX);
}

enum drbd_wire_error drbd_wire_get_params(const uint8_t *buf,
					  struct drbd_wire_params *ret)
{
	ret->protocol = drbd_get_le32(buf);
	ret->after_sb_0p = drbd_get_le32(buf + 4);
	ret->after_sb_1p = drbd_get_le32(buf + 8);
	ret->after_sb_2p = drbd_get_le32(buf + 12);
	ret->flags = drbd_get_le32(buf + 16);
	ret->reserved = drbd_get_le32(buf + 20);
	if (!get_str(ret->verify_alg, buf + 24, DRBD_WIRE_ALG_MAX))
		return DRBD_WIRE_ERR_FIELD;
	if (ret->protocol < DRBD_PROT_A || ret->protocol > DRBD_PROT_C)
		return DRBD_WIRE_ERR_FIELD;
	return DRBD_WIRE_OK;
}

void drbd_wire_put_sizes(uint8_t *buf, const struct drbd_wire_sizes *s)
{
	drbd_put_le64(buf, s->lower_bytes);
	drbd_put_le64(buf + 8, s->data_bytes);
	drbd_put_le64(buf + 16, s->user_bytes);
	drbd_put_le32(buf + 24, s->max_bio_bytes);
	drbd_put_le32(buf + 28, 0);
}

void drbd_wire_get_sizes(const uint8_t *buf, struct drbd_wire_sizes *ret)
{
	ret->lower_bytes = drbd_get_le64(buf);
	ret->data_bytes = drbd_get_le64(buf + 8);
	ret->user_bytes = drbd_get_le64(buf + 16);
	ret->max_bio_bytes = drbd_get_le32(buf + 24);
	ret->reserved = drbd_get_le32(buf + 28);
}

void drbd_wire_put_uuids(uint8_t *buf, const struct drbd_wire_uuids *u)
{
	int i;

	for (i = 0; i < 4; i++)
		drbd_put_le64(buf + 8 * i, u->uuid[i]);
	drbd_put_le64(buf + 32, u->bits_set);
	drbd_put_le64(buf + 40, u->flags);
}

void drbd_wire_get_uuids(const uint8_t *buf, struct drbd_wire_uuids *ret)
{
	int i;

	for (i = 0; i < 4; i++)
		ret->uuid[i] = drbd_get_le64(buf + 8 * i);
	ret->bits_set = drbd_get_le64(buf + 32);
	ret->flags = drbd_get_le64(buf + 40);
}

void drbd_wire_put_state(uint8_t *buf, const struct drbd_wire_state *s)
{
	drbd_put_le32(buf, s->role);
	drbd_put_le32(buf + 4, s->disk);
	drbd_put_le32(buf + 8, s->cstate);
	drbd_put_le32(buf + 12, s->flags);
}

enum drbd_wire_error drbd_wire_get_state(const uint8_t *buf,
					 struct drbd_wire_state *ret)
{
	ret->role = drbd_get_le32(buf);
	ret->disk = drbd_get_le32(buf + 4);
	ret->cstate = drbd_get_le32(buf + 8);
	ret->flags = drbd_get_le32(buf + 12);
	if (ret->role >= DRBD_ROLE__COUNT || ret->disk >= DRBD_DS__COUNT ||
	    ret->cstate >= DRBD_CS__COUNT)
		return DRBD_WIRE_ERR_FIELD;
	return DRBD_WIRE_OK;
}

void drbd_wire_put_reply(uint8_t *buf, const struct drbd_wire_reply *r)
{
	drbd_put_le32(buf, (uint32_t)r->retcode);
	drbd_put_le32(buf + 4, 0);
}

void drbd_wire_get_reply(const uint8_t *buf, struct drbd_wire_reply *ret)
{
	ret->retcode = (int32_t)drbd_get_le32(buf);
	ret->reserved = drbd_get_le32(buf + 4);
}

void drbd_wire_put_block(uint8_t *buf, const struct drbd_wire_block *b)
{
	drbd_put_le64(buf, b->sector);
	drbd_put_le64(buf + 8, b->block_id);
	drbd_put_le32(buf + 16, b->size);
	drbd_put_le32(buf + 20, b->seq);
	drbd_put_le32(buf + 24, b->flags);
	drbd_put_le32(buf + 28, b->epoch);
}

void drbd_wire_get_block(const uint8_t *buf, struct drbd_wire_block *ret)
{
	ret->sector = drbd_get_le64(buf);
	ret->block_id = drbd_get_le64(buf + 8);
	ret->size = drbd_get_le32(buf + 16);
	ret->seq = drbd_get_le32(buf + 20);
	ret->flags = drbd_get_le32(buf + 24);
	ret->epoch = drbd_get_le32(buf + 28);
}

void drbd_wire_put_bitmap(uint8_t *buf, const struct drbd_wire_bitmap *b)
{
	drbd_put_le64(buf, b->offset);
	drbd_put_le64(buf + 8, b->total_bytes);
}

void drbd_wire_get_bitmap(const uint8_t *buf, struct drbd_wire_bitmap *ret)
{
	ret->offset = drbd_get_le64(buf);
	ret->total_bytes = drbd_get_le64(buf + 8);
}

enum drbd_wire_error drbd_wire_check_block(const struct drbd_wire_hdr *hdr,
					   const struct drbd_wire_block *b)
{
	const struct drbd_packet_info *pi = drbd_packet_info(hdr->cmd);
	uint32_t payload;

	if (!pi || pi->body_size != DRBD_WIRE_BLOCK_SIZE)
		return DRBD_WIRE_ERR_CMD;
	payload = hdr->len - pi->body_size;
	if (b->size == 0 || b->size > DRBD_WIRE_MAX_DATA || (b->size & 511))
		return DRBD_WIRE_ERR_FIELD;
	if (b->sector > (~(uint64_t)0 >> 9) - (b->size >> 9))
		return DRBD_WIRE_ERR_FIELD;
	if (pi->payload != DRBD_PL_BLOCK)
		return DRBD_WIRE_OK;
	if (b->flags & (DRBD_DP_DISCARD | DRBD_DP_ZEROES))
		return payload == 0 ? DRBD_WIRE_OK : DRBD_WIRE_ERR_LEN;
	return payload == b->size ? DRBD_WIRE_OK : DRBD_WIRE_ERR_LEN;
}
