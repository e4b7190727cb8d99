// SPDX-License-Identifier: GPL-2.0-only
/*
 * drbd_sock.c - kernel TCP sockets: whole-buffer send and receive,
 * connect, listen and accept with timeouts.
 *
 * Every transfer loops until the whole buffer moved, runs with
 * memalloc_noio (the socket may be used from the I/O path) and uses
 * MSG_NOSIGNAL.  A timeout or a closed connection ends the transfer
 * with -EAGAIN or -ECONNRESET.
 */
#include <linux/bvec.h>
#include <linux/net.h>
#include <linux/sched/mm.h>
#include <linux/uio.h>
#include <net/sock.h>
#include <net/tcp.h>

#include "drbd_int.h"
#include "drbd_net.h"

static int xfer(struct socket *sock, struct msghdr *msg, bool send,
		size_t len)
{
	unsigned int noio;
	size_t done = 0;
	int ret = 0;

	noio = memalloc_noio_save();
	while (done < len) {
		msg->msg_flags |= MSG_NOSIGNAL;
		if (send)
			ret = sock_sendmsg(sock, msg);
		else
			ret = sock_recvmsg(sock, msg, msg->msg_flags);
		if (ret == 0) {
			ret = -ECONNRESET;
			break;
		}
		if (ret < 0)
			break;
		done += ret;
		ret = 0;
	}
	memalloc_noio_restore(noio);
	return ret;
}

int drbd_sock_send(struct socket *sock, const void *buf, size_t len,
		   int flags)
{
	struct kvec iov = { .iov_base = (void *)buf, .iov_len = len };

	return drbd_sock_sendv(sock, &iov, 1, flags);
}

/* Several buffers in one sendmsg: a header and its body leave together. */
int drbd_sock_sendv(struct socket *sock, struct kvec *iov, unsigned int n,
		    int flags)
{
	struct msghdr msg = { .msg_flags = flags };
	size_t len = 0;
	unsigned int i;

	for (i = 0; i < n; i++)
		len += iov[i].iov_len;
	iov_iter_kvec(&msg.msg_iter, ITER_SOURCE, iov, n, len);
	return xfer(sock, &msg, true, len);
}

/*
 * Hold back partial segments while a batch is sent (@on), then push what
 * is queued (!@on).  Caller holds the socket's send mutex.
 */
void drbd_sock_cork(struct socket *sock, bool on)
{
	tcp_sock_set_cork(sock->sk, on);
}

int drbd_sock_send_page(struct socket *sock, struct page *page,
			unsigned int off, unsigned int len, int flags)
{
	struct msghdr msg = { .msg_flags = flags };
	struct bio_vec bv = { .bv_page = page, .bv_offset = off,
			      .bv_len = len };

	iov_iter_bvec(&msg.msg_iter, ITER_SOURCE, &bv, 1, len);
	return xfer(sock, &msg, true, len);
}

/*
 * Send a page without copying it: the socket takes a reference and sends
 * from the page itself, so its bytes must not change until the peer has
 * them.  Pages the socket cannot hold (slab) are copied.
 */
int drbd_sock_send_page_zc(struct socket *sock, struct page *page,
			   unsigned int off, unsigned int len, int flags)
{
	unsigned int noio;
	int ret = 0;

	if (!sendpage_ok(page))
		return drbd_sock_send_page(sock, page, off, len, flags);
	noio = memalloc_noio_save();
	while (len) {
		ret = kernel_sendpage(sock, page, off, len,
				      flags | MSG_NOSIGNAL);
		if (ret == 0)
			ret = -ECONNRESET;
		if (ret < 0)
			break;
		off += ret;
		len -= ret;
		ret = 0;
	}
	memalloc_noio_restore(noio);
	return ret;
}

int drbd_sock_recv(struct socket *sock, void *buf, size_t len)
{
	struct msghdr msg = { .msg_flags = MSG_WAITALL };
	struct kvec iov = { .iov_base = buf, .iov_len = len };

	iov_iter_kvec(&msg.msg_iter, ITER_DEST, &iov, 1, len);
	return xfer(sock, &msg, false, len);
}

int drbd_sock_recv_page(struct socket *sock, struct page *page,
			unsigned int len)
{
	struct msghdr msg = { .msg_flags = MSG_WAITALL };
	struct bio_vec bv = { .bv_page = page, .bv_offset = 0, .bv_len = len };

	iov_iter_bvec(&msg.msg_iter, ITER_DEST, &bv, 1, len);
	return xfer(sock, &msg, false, len);
}

/* Timeouts in jiffies; 0 leaves one unchanged. */
void drbd_sock_set_timeouts(struct socket *sock, long rcv, long snd)
{
	if (rcv)
		WRITE_ONCE(sock->sk->sk_rcvtimeo, rcv);
	if (snd)
		WRITE_ONCE(sock->sk->sk_sndtimeo, snd);
}

static int new_sock(struct socket **ret)
{
	struct socket *sock;
	int err;

	err = sock_create_kern(&init_net, AF_INET, SOCK_STREAM, IPPROTO_TCP,
			       &sock);
	if (err)
		return err;
	sock->sk->sk_allocation = GFP_NOIO;
	sock_set_reuseaddr(sock->sk);
	tcp_sock_set_nodelay(sock->sk);
	*ret = sock;
	return 0;
}

int drbd_sock_connect(const struct sockaddr_in *peer, u32 timeout_s,
		      struct socket **ret)
{
	struct socket *sock;
	int err;

	err = new_sock(&sock);
	if (err)
		return err;
	drbd_sock_set_timeouts(sock, 0, timeout_s * HZ);
	err = kernel_connect(sock, (struct sockaddr *)peer, sizeof(*peer), 0);
	if (err) {
		sock_release(sock);
		return err;
	}
	*ret = sock;
	return 0;
}

int drbd_sock_listen(const struct sockaddr_in *addr, struct socket **ret)
{
	struct socket *sock;
	int err;

	err = new_sock(&sock);
	if (err)
		return err;
	err = kernel_bind(sock, (struct sockaddr *)addr, sizeof(*addr));
	if (!err)
		err = kernel_listen(sock, 4);
	if (err) {
		sock_release(sock);
		return err;
	}
	*ret = sock;
	return 0;
}

int drbd_sock_accept(struct socket *listen, u32 timeout_ms,
		     struct socket **ret)
{
	struct socket *sock;
	int err;

	drbd_sock_set_timeouts(listen, msecs_to_jiffies(timeout_ms), 0);
	err = kernel_accept(listen, &sock, 0);
	if (err)
		return err;
	sock->sk->sk_allocation = GFP_NOIO;
	tcp_sock_set_nodelay(sock->sk);
	*ret = sock;
	return 0;
}

void drbd_sock_close(struct socket **sockp)
{
	if (!*sockp)
		return;
	kernel_sock_shutdown(*sockp, SHUT_RDWR);
	sock_release(*sockp);
	*sockp = NULL;
}
