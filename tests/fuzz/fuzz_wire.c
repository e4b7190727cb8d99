/*
 * fuzz_wire.c - libFuzzer target: a byte stream as the receiver sees it.
 *
 * Splits the input into packets the way the receiver does (header, then
 * body and payload of the announced length) and decodes every body the
 * header check lets through.  Any crash, overflow or UB is a bug.
 */
#include <stdint.h>
#include <stddef.h>
#include "drbd_wire.h"

static void decode_body(const struct drbd_wire_hdr *h, const uint8_t *body)
{
	const struct drbd_packet_info *pi = drbd_packet_info(h->cmd);
	union {
		struct drbd_wire_hello hello;
		struct drbd_wire_params params;
		struct drbd_wire_sizes sizes;
		struct drbd_wire_uuids uuids;
		struct drbd_wire_state state;
		struct drbd_wire_reply reply;
		struct drbd_wire_block block;
		struct drbd_wire_bitmap bitmap;
	} u;

	switch (pi->body_size) {
	case DRBD_WIRE_HELLO_SIZE:
		drbd_wire_get_hello(body, &u.hello);
		break;
	case DRBD_WIRE_PARAMS_SIZE:
		drbd_wire_get_params(body, &u.params);
		break;
	case DRBD_WIRE_UUIDS_SIZE:
		drbd_wire_get_uuids(body, &u.uuids);
		break;
	case DRBD_WIRE_BLOCK_SIZE:	/* also DRBD_WIRE_SIZES_SIZE */
		if (h->cmd == P_SIZES) {
			drbd_wire_get_sizes(body, &u.sizes);
			break;
		}
		drbd_wire_get_block(body, &u.block);
		drbd_wire_check_block(h, &u.block);
		break;
	case DRBD_WIRE_STATE_SIZE:	/* also DRBD_WIRE_BITMAP_SIZE */
		if (h->cmd == P_BITMAP)
			drbd_wire_get_bitmap(body, &u.bitmap);
		else
			drbd_wire_get_state(body, &u.state);
		break;
	case DRBD_WIRE_REPLY_SIZE:
		drbd_wire_get_reply(body, &u.reply);
		break;
	default:
		break;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	while (size >= DRBD_WIRE_HDR_SIZE) {
		struct drbd_wire_hdr h;

		if (drbd_wire_check_hdr(data, &h) != DRBD_WIRE_OK)
			return 0;
		data += DRBD_WIRE_HDR_SIZE;
		size -= DRBD_WIRE_HDR_SIZE;
		if (h.len > size)
			return 0;
		decode_body(&h, data);
		data += h.len;
		size -= h.len;
	}
	return 0;
}
