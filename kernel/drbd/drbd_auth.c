// SPDX-License-Identifier: GPL-2.0-only
/*
 * drbd_auth.c - shared-secret authentication of the peer, right after the
 * Hellos: each side sends a random challenge and answers the peer's with
 * HMAC(cram-hmac-alg, shared-secret, challenge).
 */
#include <crypto/algapi.h>
#include <crypto/hash.h>
#include <linux/random.h>

#include "drbd_int.h"
#include "drbd_net.h"

#define CHALLENGE_LEN	32

static int hmac(struct drbd_connection *conn, const u8 *msg, unsigned int len,
		u8 *out, unsigned int *out_len)
{
	char alg[DRBD_WIRE_ALG_MAX + 8];
	struct crypto_shash *tfm;
	int err;

	snprintf(alg, sizeof(alg), "hmac(%s)",
		 conn->conf.hmac_alg[0] ? conn->conf.hmac_alg : "sha256");
	tfm = crypto_alloc_shash(alg, 0, 0);
	if (IS_ERR(tfm)) {
		drbd_err(conn->resource, "cram-hmac-alg %s is not available (error %ld)\n",
			 alg, PTR_ERR(tfm));
		return PTR_ERR(tfm);
	}
	*out_len = crypto_shash_digestsize(tfm);
	err = -EINVAL;
	if (*out_len > DRBD_WIRE_MAX_AUTH)
		goto out;
	err = crypto_shash_setkey(tfm, conn->conf.secret,
				  strlen(conn->conf.secret));
	if (!err)
		err = crypto_shash_tfm_digest(tfm, msg, len, out);
out:
	crypto_free_shash(tfm);
	return err;
}

/* Read one auth packet of type @cmd; its payload to @buf. */
static int recv_auth(struct drbd_connection *conn, unsigned int cmd, u8 *buf,
		     unsigned int *len)
{
	struct drbd_wire_hdr hdr;
	int err;

	err = drbd_recv_packet(conn, conn->data, &hdr, NULL, 0);
	if (err)
		return err;
	if (hdr.cmd != cmd) {
		drbd_err(conn->resource, "peer authentication failed: peer sent %s instead of %s; set the same 'shared-secret' on both nodes\n",
			 drbd_packet_name(hdr.cmd), drbd_packet_name(cmd));
		return -EACCES;
	}
	*len = hdr.len;
	return drbd_sock_recv(conn->data, buf, hdr.len);
}

int drbd_auth(struct drbd_connection *conn)
{
	u8 mine[CHALLENGE_LEN], peer[DRBD_WIRE_MAX_AUTH];
	u8 resp[DRBD_WIRE_MAX_AUTH], want[DRBD_WIRE_MAX_AUTH];
	unsigned int peer_len, resp_len, want_len, len;
	int err;

	if (!conn->conf.secret[0])
		return 0;
	get_random_bytes(mine, sizeof(mine));
	err = drbd_conn_send(conn, &conn->data, &conn->data_mutex,
			     P_AUTH_CHALLENGE, mine, sizeof(mine));
	if (!err)
		err = recv_auth(conn, P_AUTH_CHALLENGE, peer, &peer_len);
	if (!err)
		err = hmac(conn, peer, peer_len, resp, &resp_len);
	if (!err)
		err = drbd_conn_send(conn, &conn->data, &conn->data_mutex,
				     P_AUTH_RESPONSE, resp, resp_len);
	if (!err)
		err = recv_auth(conn, P_AUTH_RESPONSE, peer, &len);
	if (!err)
		err = hmac(conn, mine, sizeof(mine), want, &want_len);
	if (err)
		return err;
	if (len != want_len || crypto_memneq(peer, want, len)) {
		drbd_err(conn->resource, "peer authentication failed: wrong shared secret\n");
		return -EACCES;
	}
	drbd_info(conn->resource, "peer authenticated (hmac(%s))\n",
		  conn->conf.hmac_alg[0] ? conn->conf.hmac_alg : "sha256");
	return 0;
}
