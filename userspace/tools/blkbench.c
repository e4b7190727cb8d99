// SPDX-License-Identifier: GPL-2.0
/*
 * blkbench: a small block-device and network benchmark for the VM lab
 * (instead of fio, whose libraries would grow the initramfs a lot).
 *
 *   blkbench write DEV [--bs N] [--qd N] [--seq] [--sync] [--secs S]
 *                      [--size BYTES]
 *       writes for S seconds (default 5) with io_uring and O_DIRECT
 *       (plus O_SYNC with --sync), random offsets (aligned to the block
 *       size) unless --seq; prints one line
 *       "ios=N secs=S iops=N mibs=N p50_us=N p99_us=N"
 *   blkbench rr-server PORT
 *       accepts one TCP connection; answers every BS-byte request
 *       (the first 4 bytes of the first request give BS) with 8 bytes
 *   blkbench rr-client HOST PORT [--bs N] [--secs S]
 *       request/response round trips with TCP_NODELAY; prints
 *       "rts=N secs=S rps=N p50_us=N p99_us=N"
 *
 * Exit status 0 on success, 1 on an error (with a message on stderr).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <liburing.h>
#include <linux/fs.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define MAX_QD 256

struct lat {
	uint32_t *us;
	size_t n, cap;
};

static void die(const char *what)
{
	fprintf(stderr, "blkbench: %s: %s\n", what, strerror(errno));
	exit(1);
}

static void usage(void)
{
	fprintf(stderr,
		"usage: blkbench write DEV [--bs N] [--qd N] [--seq] [--sync] [--secs S] [--size BYTES]\n"
		"       blkbench rr-server PORT\n"
		"       blkbench rr-client HOST PORT [--bs N] [--secs S]\n");
	exit(1);
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static void lat_add(struct lat *l, uint64_t ns)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 4096;
		l->us = realloc(l->us, l->cap * sizeof(*l->us));
		if (!l->us)
			die("realloc");
	}
	l->us[l->n++] = (uint32_t)((ns + 500) / 1000);
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return (x > y) - (x < y);
}

/* percentile p (0..100) of the sorted samples */
static uint32_t pct(const struct lat *l, double p)
{
	size_t i;

	if (!l->n)
		return 0;
	i = (size_t)(p / 100.0 * (double)(l->n - 1) + 0.5);
	return l->us[i];
}

static uint64_t xorshift(uint64_t *s)
{
	uint64_t x = *s;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	*s = x;
	return x;
}

struct opts {
	unsigned long bs, qd;
	double secs;
	int seq, sync;
	unsigned long long size;
};

static void parse_opts(int argc, char **argv, int i, struct opts *o)
{
	for (; i < argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "--seq")) {
			o->seq = 1;
		} else if (!strcmp(a, "--sync")) {
			o->sync = 1;
		} else if (i + 1 < argc && !strcmp(a, "--bs")) {
			o->bs = strtoul(argv[++i], NULL, 0);
		} else if (i + 1 < argc && !strcmp(a, "--qd")) {
			o->qd = strtoul(argv[++i], NULL, 0);
		} else if (i + 1 < argc && !strcmp(a, "--secs")) {
			o->secs = strtod(argv[++i], NULL);
		} else if (i + 1 < argc && !strcmp(a, "--size")) {
			o->size = strtoull(argv[++i], NULL, 0);
		} else {
			fprintf(stderr, "blkbench: unknown option %s\n", a);
			usage();
		}
	}
	if (!o->bs || o->bs % 512 || !o->qd || o->qd > MAX_QD || o->secs <= 0) {
		fprintf(stderr, "blkbench: --bs must be a multiple of 512, --qd 1..%d, --secs > 0\n",
			MAX_QD);
		exit(1);
	}
}

static int do_write(const char *dev, struct opts *o)
{
	struct io_uring ring;
	struct io_uring_sqe *sqe;
	struct io_uring_cqe *cqe;
	uint64_t start[MAX_QD], t0, t1, end, blocks, seed, next = 0, ios = 0;
	void *buf[MAX_QD];
	struct lat l = { 0 };
	unsigned long i, inflight = 0, freeslot[MAX_QD], nfree = 0;
	unsigned long long size = 0;
	struct stat st;
	int fd, ret;

	fd = open(dev, O_WRONLY | O_DIRECT | (o->sync ? O_SYNC : 0));
	if (fd < 0)
		die(dev);
	if (fstat(fd, &st))
		die("fstat");
	if (S_ISBLK(st.st_mode)) {
		if (ioctl(fd, BLKGETSIZE64, &size))
			die("BLKGETSIZE64");
	} else {
		size = (unsigned long long)st.st_size;
	}
	if (o->size && o->size < size)
		size = o->size;
	blocks = size / o->bs;
	if (!blocks) {
		fprintf(stderr, "blkbench: %s is smaller than one block\n", dev);
		return 1;
	}
	ret = io_uring_queue_init((unsigned int)o->qd, &ring, 0);
	if (ret < 0) {
		errno = -ret;
		die("io_uring_queue_init");
	}
	seed = now_ns() | 1;
	for (i = 0; i < o->qd; i++) {
		if (posix_memalign(&buf[i], 4096, o->bs))
			die("posix_memalign");
		for (size_t k = 0; k < o->bs; k += 8) {
			uint64_t r = xorshift(&seed);

			memcpy((char *)buf[i] + k, &r, 8);
		}
	}
	for (i = 0; i < o->qd; i++)
		freeslot[nfree++] = i;
	t0 = now_ns();
	end = t0 + (uint64_t)(o->secs * 1e9);
	for (;;) {
		while (inflight < o->qd && now_ns() < end) {
			uint64_t blk;

			i = freeslot[--nfree];
			blk = o->seq ? next++ % blocks : xorshift(&seed) % blocks;
			sqe = io_uring_get_sqe(&ring);
			io_uring_prep_write(sqe, fd, buf[i], (unsigned int)o->bs,
					    (off_t)(blk * o->bs));
			io_uring_sqe_set_data64(sqe, i);
			start[i] = now_ns();
			inflight++;
			ret = io_uring_submit(&ring);
			if (ret < 0) {
				errno = -ret;
				die("io_uring_submit");
			}
		}
		if (!inflight)
			break;
		ret = io_uring_wait_cqe(&ring, &cqe);
		if (ret < 0) {
			errno = -ret;
			die("io_uring_wait_cqe");
		}
		i = (unsigned long)io_uring_cqe_get_data64(cqe);
		if (cqe->res != (int)o->bs) {
			errno = cqe->res < 0 ? -cqe->res : EIO;
			die("write");
		}
		io_uring_cqe_seen(&ring, cqe);
		t1 = now_ns();
		lat_add(&l, t1 - start[i]);
		freeslot[nfree++] = i;
		inflight--;
		ios++;
	}
	t1 = now_ns();
	io_uring_queue_exit(&ring);
	close(fd);
	qsort(l.us, l.n, sizeof(*l.us), cmp_u32);
	{
		double secs = (double)(t1 - t0) / 1e9;

		printf("ios=%llu secs=%.2f iops=%.0f mibs=%.1f p50_us=%u p99_us=%u\n",
		       (unsigned long long)ios, secs, (double)ios / secs,
		       (double)ios * (double)o->bs / secs / 1048576.0,
		       pct(&l, 50), pct(&l, 99));
	}
	free(l.us);
	return 0;
}

static void full_io(int fd, void *p, size_t n, int wr)
{
	size_t done = 0;

	while (done < n) {
		ssize_t r = wr ? write(fd, (char *)p + done, n - done) :
				 read(fd, (char *)p + done, n - done);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			if (r == 0)
				exit(0); /* peer closed */
			die(wr ? "send" : "recv");
		}
		done += (size_t)r;
	}
}

static int do_rr_server(const char *port)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	int one = 1, ls, s;
	uint32_t bs;
	char ack[8] = "ACK-ACK";
	char *buf;

	a.sin_port = htons((uint16_t)atoi(port));
	ls = socket(AF_INET, SOCK_STREAM, 0);
	if (ls < 0)
		die("socket");
	setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(ls, (struct sockaddr *)&a, sizeof(a)) || listen(ls, 1))
		die("bind/listen");
	s = accept(ls, NULL, NULL);
	if (s < 0)
		die("accept");
	close(ls);
	setsockopt(s, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	full_io(s, &bs, sizeof(bs), 0);
	bs = ntohl(bs);
	if (bs < 4 || bs > (1u << 24)) {
		fprintf(stderr, "blkbench: bad request size %u\n", bs);
		return 1;
	}
	buf = malloc(bs);
	if (!buf)
		die("malloc");
	full_io(s, buf, bs - 4, 0);
	for (;;) {
		full_io(s, ack, sizeof(ack), 1);
		full_io(s, buf, bs, 0);
	}
}

static int do_rr_client(const char *host, const char *port, struct opts *o)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	uint64_t t0, t1, end, rts = 0;
	struct lat l = { 0 };
	char ack[8], *buf;
	int one = 1, s, tries;
	uint32_t bs = htonl((uint32_t)o->bs);

	a.sin_port = htons((uint16_t)atoi(port));
	if (inet_pton(AF_INET, host, &a.sin_addr) != 1) {
		fprintf(stderr, "blkbench: %s: not an IPv4 address\n", host);
		return 1;
	}
	buf = calloc(1, o->bs);
	if (!buf)
		die("calloc");
	memcpy(buf, &bs, sizeof(bs));
	for (tries = 0;; tries++) {
		s = socket(AF_INET, SOCK_STREAM, 0);
		if (s < 0)
			die("socket");
		if (!connect(s, (struct sockaddr *)&a, sizeof(a)))
			break;
		close(s);
		if (tries > 50)
			die("connect");
		usleep(100000);
	}
	setsockopt(s, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	t0 = now_ns();
	end = t0 + (uint64_t)(o->secs * 1e9);
	do {
		uint64_t ts = now_ns();

		full_io(s, buf, o->bs, 1);
		full_io(s, ack, sizeof(ack), 0);
		lat_add(&l, now_ns() - ts);
		rts++;
	} while (now_ns() < end);
	t1 = now_ns();
	close(s);
	qsort(l.us, l.n, sizeof(*l.us), cmp_u32);
	printf("rts=%llu secs=%.2f rps=%.0f p50_us=%u p99_us=%u\n",
	       (unsigned long long)rts, (double)(t1 - t0) / 1e9,
	       (double)rts / ((double)(t1 - t0) / 1e9), pct(&l, 50), pct(&l, 99));
	free(l.us);
	free(buf);
	return 0;
}

int main(int argc, char **argv)
{
	struct opts o = { .bs = 4096, .qd = 1, .secs = 5 };

	if (argc < 3)
		usage();
	if (!strcmp(argv[1], "write")) {
		parse_opts(argc, argv, 3, &o);
		return do_write(argv[2], &o);
	}
	if (!strcmp(argv[1], "rr-server"))
		return do_rr_server(argv[2]);
	if (!strcmp(argv[1], "rr-client") && argc >= 4) {
		parse_opts(argc, argv, 4, &o);
		return do_rr_client(argv[2], argv[3], &o);
	}
	usage();
	return 1;
}
