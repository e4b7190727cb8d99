/*
 * test_wire.c - packet table, header checks, body round trips.
 */
#include <check.h>
#include <stdlib.h>
#include "drbd_wire.h"
#include "drbd_state.h"

START_TEST(test_table_complete)
{
	unsigned int cmd;

	ck_assert_ptr_null(drbd_packet_info(P_INVALID));
	ck_assert_ptr_null(drbd_packet_info(P__COUNT));
	for (cmd = 1; cmd < P__COUNT; cmd++) {
		const struct drbd_packet_info *pi = drbd_packet_info(cmd);

		ck_assert_ptr_nonnull(pi);
		ck_assert_ptr_nonnull(pi->name);
		ck_assert(pi->sock == DRBD_SOCK_DATA || pi->sock == DRBD_SOCK_META);
		if (pi->payload != DRBD_PL_NONE)
			ck_assert_uint_gt(pi->max_payload, 0);
	}
	ck_assert_str_eq(drbd_packet_name(P_DATA), "Data");
	ck_assert_str_eq(drbd_packet_name(999), "Unknown");
}
END_TEST

START_TEST(test_seq_wraps)
{
	ck_assert(drbd_seq_ge(5, 5));
	ck_assert(drbd_seq_ge(6, 5));
	ck_assert(!drbd_seq_ge(4, 5));
	/* across the wrap: 2 comes after 0xfffffffe */
	ck_assert(drbd_seq_ge(2, 0xfffffffeu));
	ck_assert(!drbd_seq_ge(0xfffffffeu, 2));
	ck_assert(drbd_seq_ge(0, 0xffffffffu));
	ck_assert_str_eq(drbd_packet_name(P_FLUSH_ACK), "FlushAck");
	ck_assert_int_eq(drbd_packet_info(P_FLUSH_ACK)->sock, DRBD_SOCK_META);
}
END_TEST

START_TEST(test_hdr_roundtrip_and_checks)
{
	uint8_t buf[DRBD_WIRE_HDR_SIZE];
	struct drbd_wire_hdr h;

	drbd_wire_put_hdr(buf, P_DATA, DRBD_WIRE_BLOCK_SIZE + 4096);
	ck_assert_int_eq(drbd_wire_check_hdr(buf, &h), DRBD_WIRE_OK);
	ck_assert_uint_eq(h.cmd, P_DATA);
	ck_assert_uint_eq(h.len, DRBD_WIRE_BLOCK_SIZE + 4096);

	/* too much data */
	drbd_wire_put_hdr(buf, P_DATA, DRBD_WIRE_BLOCK_SIZE + DRBD_WIRE_MAX_DATA + 1);
	ck_assert_int_eq(drbd_wire_check_hdr(buf, &h), DRBD_WIRE_ERR_LEN);
	/* shorter than the body */
	drbd_wire_put_hdr(buf, P_DATA, 8);
	ck_assert_int_eq(drbd_wire_check_hdr(buf, &h), DRBD_WIRE_ERR_LEN);
	/* fixed-size packets must be exact */
	drbd_wire_put_hdr(buf, P_PING, 1);
	ck_assert_int_eq(drbd_wire_check_hdr(buf, &h), DRBD_WIRE_ERR_LEN);
	drbd_wire_put_hdr(buf, P_PING, 0);
	ck_assert_int_eq(drbd_wire_check_hdr(buf, &h), DRBD_WIRE_OK);
	/* variable payloads need at least one byte */
	drbd_wire_put_hdr(buf, P_AUTH_CHALLENGE, 0);
	ck_assert_int_eq(drbd_wire_check_hdr(buf, &h), DRBD_WIRE_ERR_LEN);
	drbd_wire_put_hdr(buf, P_AUTH_CHALLENGE, DRBD_WIRE_MAX_AUTH + 1);
	ck_assert_int_eq(drbd_wire_check_hdr(buf, &h), DRBD_WIRE_ERR_LEN);
	/* unknown command, bad magic */
	drbd_wire_put_hdr(buf, P__COUNT, 0);
	ck_assert_int_eq(drbd_wire_check_hdr(buf, &h), DRBD_WIRE_ERR_CMD);
	drbd_wire_put_hdr(buf, P_PING, 0);
	buf[0] ^= 1;
	ck_assert_int_eq(drbd_wire_check_hdr(buf, &h), DRBD_WIRE_ERR_MAGIC);
}
END_TEST

START_TEST(test_hello)
{
	uint8_t buf[DRBD_WIRE_HELLO_SIZE];
	struct drbd_wire_hello in = { .sock_kind = DRBD_SOCK_META,
		.proto_min = 1, .proto_max = 1, .conn_id = 0xabcdef0123ull };
	struct drbd_wire_hello out;

	strcpy(in.host, "lqi1ecmy01");
	drbd_wire_put_hello(buf, &in);
	ck_assert_int_eq(drbd_wire_get_hello(buf, &out), DRBD_WIRE_OK);
	ck_assert_str_eq(out.host, "lqi1ecmy01");
	ck_assert_uint_eq(out.conn_id, in.conn_id);
	ck_assert_uint_eq(out.sock_kind, DRBD_SOCK_META);

	/* host name without terminating NUL */
	memset(buf + 24, 'x', DRBD_WIRE_HOST_MAX);
	ck_assert_int_eq(drbd_wire_get_hello(buf, &out), DRBD_WIRE_ERR_FIELD);
	drbd_wire_put_hello(buf, &in);
	buf[0] = 9;	/* unknown socket kind */
	ck_assert_int_eq(drbd_wire_get_hello(buf, &out), DRBD_WIRE_ERR_FIELD);
}
END_TEST

START_TEST(test_params_state)
{
	uint8_t buf[DRBD_WIRE_PARAMS_SIZE];
	struct drbd_wire_params p = { .protocol = DRBD_PROT_C,
		.flags = DRBD_PF_AUTH }, po;
	struct drbd_wire_state s = { .role = DRBD_ROLE_PRIMARY,
		.disk = DRBD_DS_UP_TO_DATE, .cstate = DRBD_CS_CONNECTED }, so;

	strcpy(p.verify_alg, "crc32c");
	drbd_wire_put_params(buf, &p);
	ck_assert_int_eq(drbd_wire_get_params(buf, &po), DRBD_WIRE_OK);
	ck_assert_str_eq(po.verify_alg, "crc32c");
	ck_assert_uint_eq(po.flags, DRBD_PF_AUTH);
	p.protocol = 4;
	drbd_wire_put_params(buf, &p);
	ck_assert_int_eq(drbd_wire_get_params(buf, &po), DRBD_WIRE_ERR_FIELD);

	drbd_wire_put_state(buf, &s);
	ck_assert_int_eq(drbd_wire_get_state(buf, &so), DRBD_WIRE_OK);
	ck_assert_uint_eq(so.disk, DRBD_DS_UP_TO_DATE);
	s.disk = DRBD_DS__COUNT;
	drbd_wire_put_state(buf, &s);
	ck_assert_int_eq(drbd_wire_get_state(buf, &so), DRBD_WIRE_ERR_FIELD);
}
END_TEST

START_TEST(test_block_checks)
{
	uint8_t buf[DRBD_WIRE_BLOCK_SIZE];
	struct drbd_wire_block b = { .sector = 2048, .block_id = 77,
		.size = 4096, .seq = 5, .flags = DRBD_DP_FUA, .epoch = 3 }, bo;
	struct drbd_wire_hdr h = { .cmd = P_DATA,
		.len = DRBD_WIRE_BLOCK_SIZE + 4096 };

	drbd_wire_put_block(buf, &b);
	drbd_wire_get_block(buf, &bo);
	ck_assert_mem_eq(&b, &bo, sizeof(b));
	ck_assert_int_eq(drbd_wire_check_block(&h, &b), DRBD_WIRE_OK);

	b.size = 4095;	/* not a sector multiple */
	ck_assert_int_eq(drbd_wire_check_block(&h, &b), DRBD_WIRE_ERR_FIELD);
	b.size = 8192;	/* disagrees with the payload */
	ck_assert_int_eq(drbd_wire_check_block(&h, &b), DRBD_WIRE_ERR_LEN);
	b.size = 4096;
	b.flags = DRBD_DP_DISCARD;	/* discards carry no payload */
	ck_assert_int_eq(drbd_wire_check_block(&h, &b), DRBD_WIRE_ERR_LEN);
	h.len = DRBD_WIRE_BLOCK_SIZE;
	ck_assert_int_eq(drbd_wire_check_block(&h, &b), DRBD_WIRE_OK);
	b.sector = ~0ull >> 9;	/* end beyond 2^64 bytes */
	ck_assert_int_eq(drbd_wire_check_block(&h, &b), DRBD_WIRE_ERR_FIELD);

	/* acks carry sizes but no payload */
	h.cmd = P_WRITE_ACK;
	b.sector = 0;
	b.flags = 0;
	ck_assert_int_eq(drbd_wire_check_block(&h, &b), DRBD_WIRE_OK);
	h.cmd = P_HELLO;
	ck_assert_int_eq(drbd_wire_check_block(&h, &b), DRBD_WIRE_ERR_CMD);
}
END_TEST

START_TEST(test_uuids_sizes_bitmap)
{
	uint8_t buf[64];
	struct drbd_wire_uuids u = { .uuid = { 1, 2, 3, 4 }, .bits_set = 99,
		.flags = DRBD_UF_PRIMARY }, uo;
	struct drbd_wire_sizes s = { .lower_bytes = 1ull << 30,
		.data_bytes = (1ull << 30) - 45056, .max_bio_bytes = 1 << 20 }, so;
	struct drbd_wire_bitmap b = { .offset = 4096, .total_bytes = 8192 }, bo;

	drbd_wire_put_uuids(buf, &u);
	drbd_wire_get_uuids(buf, &uo);
	ck_assert_mem_eq(&u, &uo, sizeof(u));
	drbd_wire_put_sizes(buf, &s);
	drbd_wire_get_sizes(buf, &so);
	ck_assert_mem_eq(&s, &so, sizeof(s));
	drbd_wire_put_bitmap(buf, &b);
	drbd_wire_get_bitmap(buf, &bo);
	ck_assert_mem_eq(&b, &bo, sizeof(b));
}
END_TEST

static Suite *wire_suite(void)
{
	Suite *s = suite_create("wire");
	TCase *tc = tcase_create("packets");

	tcase_add_test(tc, test_table_complete);
	tcase_add_test(tc, test_seq_wraps);
	tcase_add_test(tc, test_hdr_roundtrip_and_checks);
	tcase_add_test(tc, test_hello);
	tcase_add_test(tc, test_params_state);
	tcase_add_test(tc, test_block_checks);
	tcase_add_test(tc, test_uuids_sizes_bitmap);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(wire_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
