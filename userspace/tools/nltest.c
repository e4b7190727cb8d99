// SPDX-License-Identifier: GPL-2.0-only
/*
 * nltest.c - raw client of drbd.ko's generic netlink API, for testing the
 * module in the VM lab without drbdadm.  Not part of the product and not
 * built by make; build it by hand:
 *
 *   gcc -std=c11 -D_GNU_SOURCE -Wall -Wextra -Iinclude/drbd \
 *       $(pkg-config --cflags libnl-genl-3.0) -o /tmp/nltest \
 *       userspace/tools/nltest.c kernel/drbd/drbd_crc32c.c \
 *       kernel/drbd/drbd_md_format.c $(pkg-config --libs libnl-genl-3.0)
 *
 * Usage: nltest info | new RES MINOR | del RES | attach RES PATH |
 *        detach RES | primary RES [force] | secondary RES | status RES |
 *        dump [RES] | events COUNT | badattr | mkmd PATH
 *
 * Replies print one attribute per line (name=value); the exit status is
 * 0 when DRBD_A_RESULT is 0, 1 when the module refused, 2 on a transport
 * error.  "mkmd PATH" writes a fresh superblock the way create-md does.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <linux/fs.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/netlink.h>

#include "drbd_genl_api.h"
#include "drbd_md.h"

static int family;
static int result = 0;
static int got_result;

static const char *const attr_names[DRBD_A_MAX + 1] = {
	[DRBD_A_RESULT] = "result", [DRBD_A_ERR_MSG] = "err_msg",
	[DRBD_A_API_MAGIC] = "api_magic", [DRBD_A_API_VERSION] = "api_version",
	[DRBD_A_VERSION_STR] = "version", [DRBD_A_RES_NAME] = "res",
	[DRBD_A_MINOR] = "minor", [DRBD_A_DISK_PATH] = "disk",
	[DRBD_A_FLAGS] = "flags", [DRBD_A_ROLE] = "role",
	[DRBD_A_PEER_ROLE] = "peer_role", [DRBD_A_CSTATE] = "cstate",
	[DRBD_A_DSTATE] = "dstate", [DRBD_A_PEER_DSTATE] = "peer_dstate",
	[DRBD_A_SIZE] = "size", [DRBD_A_OPEN_COUNT] = "open_count",
	[DRBD_A_WRITERS] = "writers", [DRBD_A_HOLDER] = "holder",
	[DRBD_A_UUID_CURRENT] = "uuid", [DRBD_A_MD_FLAGS] = "md_flags",
	[DRBD_A_STATS] = "stats", [DRBD_A_EVENT] = "event",
};

static const char *const stat_names[DRBD_S_MAX + 1] = {
	[DRBD_S_NS] = "ns", [DRBD_S_NR] = "nr", [DRBD_S_DW] = "dw",
	[DRBD_S_DR] = "dr", [DRBD_S_AL] = "al", [DRBD_S_BM] = "bm",
	[DRBD_S_LO] = "lo", [DRBD_S_PE] = "pe", [DRBD_S_UA] = "ua",
	[DRBD_S_AP] = "ap", [DRBD_S_OOS] = "oos",
};

static void print_stats(struct nlattr *nest)
{
	struct nlattr *a;
	int rem;

	printf("stats=");
	nla_for_each_nested(a, nest, rem) {
		int t = nla_type(a);

		if (t > 0 && t <= DRBD_S_MAX && stat_names[t])
			printf("%s:%" PRIu64 " ", stat_names[t], nla_get_u64(a));
	}
	printf("\n");
}

static void print_attr(struct nlattr *a)
{
	int t = nla_type(a);

	if (t <= 0 || t > DRBD_A_MAX || !attr_names[t])
		return;
	switch (t) {
	case DRBD_A_RESULT:
		result = (int32_t)nla_get_u32(a);
		got_result = 1;
		printf("result=%d\n", result);
		break;
	case DRBD_A_ERR_MSG: case DRBD_A_VERSION_STR: case DRBD_A_RES_NAME:
	case DRBD_A_DISK_PATH: case DRBD_A_HOLDER:
		printf("%s=%s\n", attr_names[t], nla_get_string(a));
		break;
	case DRBD_A_SIZE: case DRBD_A_UUID_CURRENT:
		printf("%s=%" PRIu64 "\n", attr_names[t], nla_get_u64(a));
		break;
	case DRBD_A_STATS:
		print_stats(a);
		break;
	default:
		printf("%s=%u\n", attr_names[t], nla_get_u32(a));
	}
}

static int on_msg(struct nl_msg *msg, void *arg)
{
	struct genlmsghdr *gh = nlmsg_data(nlmsg_hdr(msg));
	struct nlattr *a;
	int rem;

	(void)arg;
	printf("cmd=%u\n", gh->cmd);
	nla_for_each_attr(a, genlmsg_attrdata(gh, 0), genlmsg_attrlen(gh, 0), rem)
		print_attr(a);
	fflush(stdout);
	return NL_OK;
}

static int on_error(struct sockaddr_nl *nla, struct nlmsgerr *e, void *arg)
{
	(void)nla;
	*(int *)arg = e->error;
	return NL_STOP;
}

static struct nl_sock *connect_family(void)
{
	struct nl_sock *sk = nl_socket_alloc();

	if (!sk || genl_connect(sk)) {
		fprintf(stderr, "nltest: cannot open a generic netlink socket\n");
		exit(2);
	}
	family = genl_ctrl_resolve(sk, DRBD_GENL_NAME);
	if (family < 0) {
		fprintf(stderr, "nltest: family %s not found (module loaded?)\n",
			DRBD_GENL_NAME);
		exit(2);
	}
	return sk;
}

/* Send @msg and print every reply until the ACK (or DONE for a dump). */
static int transact(struct nl_sock *sk, struct nl_msg *msg)
{
	int nlerr = 0, err;

	nl_socket_modify_cb(sk, NL_CB_VALID, NL_CB_CUSTOM, on_msg, NULL);
	nl_socket_modify_err_cb(sk, NL_CB_CUSTOM, on_error, &nlerr);
	err = nl_send_auto(sk, msg);
	nlmsg_free(msg);
	if (err < 0) {
		fprintf(stderr, "nltest: send: %s\n", nl_geterror(err));
		return 2;
	}
	err = nl_recvmsgs_default(sk);
	if (nlerr) {
		printf("netlink_error=%d (%s)\n", nlerr, strerror(-nlerr));
		return 2;
	}
	if (err < 0) {
		fprintf(stderr, "nltest: recv: %s\n", nl_geterror(err));
		return 2;
	}
	return got_result && result ? 1 : 0;
}

static struct nl_msg *new_msg(int cmd, int flags)
{
	struct nl_msg *msg = nlmsg_alloc();

	genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, family, 0, flags, cmd, 1);
	return msg;
}

static int events(struct nl_sock *sk, int count)
{
	int grp = genl_ctrl_resolve_grp(sk, DRBD_GENL_NAME,
					DRBD_GENL_MCGRP_EVENTS);

	if (grp < 0 || nl_socket_add_membership(sk, grp)) {
		fprintf(stderr, "nltest: cannot join group events\n");
		return 2;
	}
	nl_socket_disable_seq_check(sk);
	nl_socket_modify_cb(sk, NL_CB_VALID, NL_CB_CUSTOM, on_msg, NULL);
	printf("listening\n");
	fflush(stdout);
	while (count-- > 0)
		if (nl_recvmsgs_default(sk) < 0)
			return 2;
	return 0;
}

/* Write a fresh superblock at the end of @path, as create-md does. */
static int mkmd(const char *path)
{
	uint8_t buf[DRBD_MD_BLOCK_SIZE];
	struct drbd_md_layout layout;
	struct drbd_md_sb sb;
	uint64_t bytes;
	int fd = open(path, O_RDWR | O_SYNC);

	if (fd < 0 || ioctl(fd, BLKGETSIZE64, &bytes)) {
		perror(path);
		return 2;
	}
	if (drbd_md_compute_layout(bytes, &layout)) {
		fprintf(stderr, "nltest: %s too small\n", path);
		return 2;
	}
	drbd_md_init_sb(&sb, &layout, 0x1234567890abcdefULL,
			(uint64_t)time(NULL));
	drbd_md_encode_sb(&sb, buf);
	if (pwrite(fd, buf, sizeof(buf), (off_t)layout.sb_offset) !=
	    (ssize_t)sizeof(buf) || fsync(fd)) {
		perror("write");
		return 2;
	}
	close(fd);
	printf("mkmd %s: lower %" PRIu64 " data %" PRIu64 " sb at %" PRIu64 "\n",
	       path, layout.lower_bytes, layout.data_bytes, layout.sb_offset);
	return 0;
}

static int usage(void)
{
	fprintf(stderr, "usage: nltest info|new RES MINOR|del RES|attach RES PATH|"
		"detach RES|primary RES [force]|secondary RES|status RES|"
		"dump [RES]|events COUNT|badattr|mkmd PATH\n");
	return 2;
}

static int simple(struct nl_sock *sk, int cmd, const char *res)
{
	struct nl_msg *msg = new_msg(cmd, 0);

	if (res)
		nla_put_string(msg, DRBD_A_RES_NAME, res);
	return transact(sk, msg);
}

int main(int argc, char **argv)
{
	struct nl_sock *sk;
	struct nl_msg *msg;
	const char *op = argc > 1 ? argv[1] : "";
	const char *res = argc > 2 ? argv[2] : NULL;

	if (!strcmp(op, "mkmd"))
		return res ? mkmd(res) : usage();
	sk = connect_family();
	if (!strcmp(op, "info"))
		return simple(sk, DRBD_CMD_GET_INFO, NULL);
	if (!strcmp(op, "events"))
		return events(sk, res ? atoi(res) : 1);
	if (!strcmp(op, "dump")) {
		msg = new_msg(DRBD_CMD_GET_STATUS, NLM_F_DUMP);
		if (res)
			nla_put_string(msg, DRBD_A_RES_NAME, res);
		return transact(sk, msg);
	}
	if (!strcmp(op, "badattr")) {
		/* DISK_PATH is not in DEL_RESOURCE's policy. */
		msg = new_msg(DRBD_CMD_DEL_RESOURCE, 0);
		nla_put_string(msg, DRBD_A_RES_NAME, "x");
		nla_put_string(msg, DRBD_A_DISK_PATH, "/dev/null");
		return transact(sk, msg);
	}
	if (!res)
		return usage();
	if (!strcmp(op, "new") && argc > 3) {
		msg = new_msg(DRBD_CMD_NEW_RESOURCE, 0);
		nla_put_string(msg, DRBD_A_RES_NAME, res);
		nla_put_u32(msg, DRBD_A_MINOR, (uint32_t)atoi(argv[3]));
		return transact(sk, msg);
	}
	if (!strcmp(op, "attach") && argc > 3) {
		msg = new_msg(DRBD_CMD_ATTACH, 0);
		nla_put_string(msg, DRBD_A_RES_NAME, res);
		nla_put_string(msg, DRBD_A_DISK_PATH, argv[3]);
		return transact(sk, msg);
	}
	if (!strcmp(op, "primary")) {
		msg = new_msg(DRBD_CMD_PRIMARY, 0);
		nla_put_string(msg, DRBD_A_RES_NAME, res);
		if (argc > 3 && !strcmp(argv[3], "force"))
			nla_put_u32(msg, DRBD_A_FLAGS, DRBD_F_FORCE);
		return transact(sk, msg);
	}
	if (!strcmp(op, "del"))
		return simple(sk, DRBD_CMD_DEL_RESOURCE, res);
	if (!strcmp(op, "detach"))
		return simple(sk, DRBD_CMD_DETACH, res);
	if (!strcmp(op, "secondary"))
		return simple(sk, DRBD_CMD_SECONDARY, res);
	if (!strcmp(op, "status"))
		return simple(sk, DRBD_CMD_GET_STATUS, res);
	return usage();
}
