/*
 * ackcheck - prove that no acknowledged write is lost.
 *
 *   ackcheck write  --dev DEV [--blocks N] [--qd N] [--count N | --seconds S]
 *                   [--log FILE] [--flush-every N] [--bs BYTES] [--seq]
 *   ackcheck verify --dev DEV --acks FILE [--blocks N]
 *
 * write: issues numbered, checksummed blocks with io_uring, O_DIRECT and
 * O_DSYNC (or, with --flush-every, plain O_DIRECT writes followed by an
 * fsync).  Only when a write is known to be stable does it print
 * "ack BLOCK SEQ RUN" to the log (a serial console, a file): a line in the
 * log is a promise the device made.  No two writes to one block are in
 * flight at once, so the newest acknowledged version of each block is
 * well defined.  At the end it prints throughput and latency.
 *
 * verify: reads every block and checks, against the ack lines, that each
 * acknowledged block holds that version or a newer one of the same run,
 * and that no block with a valid header is torn.  Exit 0 only if nothing
 * acknowledged is missing or wrong.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <liburing.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "ackcheck_block.h"

#define MAX_QD 256

struct opts {
	const char *dev;
	const char *log;
	const char *acks;
	uint64_t blocks;
	unsigned int qd;
	uint64_t count;
	double seconds;
	unsigned int flush_every;
	unsigned int bs;
	bool seq;
};

struct slot {
	void *buf;
	uint64_t block;
	uint64_t seq;
	uint64_t start_ns;
	bool busy;
};

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static int usage(void)
{
	fprintf(stderr,
		"usage: ackcheck write --dev DEV [--blocks N] [--qd N] [--count N | --seconds S]\n"
		"                      [--log FILE] [--flush-every N] [--bs BYTES] [--seq]\n"
		"       ackcheck verify --dev DEV --acks FILE [--blocks N]\n");
	return 2;
}

static int parse_opts(int argc, char **argv, struct opts *o)
{
	static const struct option lo[] = {
		{ "dev", required_argument, NULL, 'd' },
		{ "log", required_argument, NULL, 'l' },
		{ "acks", required_argument, NULL, 'a' },
		{ "blocks", required_argument, NULL, 'b' },
		{ "qd", required_argument, NULL, 'q' },
		{ "count", required_argument, NULL, 'c' },
		{ "seconds", required_argument, NULL, 's' },
		{ "flush-every", required_argument, NULL, 'f' },
		{ "bs", required_argument, NULL, 'B' },
		{ "seq", no_argument, NULL, 'S' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	memset(o, 0, sizeof(*o));
	o->qd = 1;
	o->bs = ACK_BLOCK_SIZE;
	while ((c = getopt_long(argc, argv, "", lo, NULL)) != -1) {
		switch (c) {
		case 'd': o->dev = optarg; break;
		case 'l': o->log = optarg; break;
		case 'a': o->acks = optarg; break;
		case 'b': o->blocks = strtoull(optarg, NULL, 0); break;
		case 'q': o->qd = (unsigned int)strtoul(optarg, NULL, 0); break;
		case 'c': o->count = strtoull(optarg, NULL, 0); break;
		case 's': o->seconds = strtod(optarg, NULL); break;
		case 'f': o->flush_every = (unsigned int)strtoul(optarg, NULL, 0); break;
		case 'B': o->bs = (unsigned int)strtoul(optarg, NULL, 0); break;
		case 'S': o->seq = true; break;
		default: return -EINVAL;
		}
	}
	if (!o->dev || !o->qd || o->qd > MAX_QD || o->bs < ACK_BLOCK_SIZE ||
	    o->bs % ACK_BLOCK_SIZE || o->bs > (16u << 20)) {
		fprintf(stderr, "ackcheck: need --dev; --qd 1..%d; --bs a multiple of %d up to 16 MiB\n",
			MAX_QD, ACK_BLOCK_SIZE);
		return -EINVAL;
	}
	return 0;
}

/* Size of the device or file in blocks of @bs bytes. */
static int dev_blocks(int fd, unsigned int bs, uint64_t *ret)
{
	off_t end = lseek(fd, 0, SEEK_END);

	if (end < 0)
		return -errno;
	*ret = (uint64_t)end / bs;
	return 0;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static void print_stats(uint64_t done, uint64_t elapsed_ns, uint64_t *lat,
			uint64_t nlat, unsigned int bs)
{
	double secs = (double)elapsed_ns / 1e9;

	qsort(lat, nlat, sizeof(*lat), cmp_u64);
	printf("writes=%" PRIu64 " seconds=%.2f iops=%.0f mib_s=%.1f p50_us=%.0f p99_us=%.0f\n",
	       done, secs, done / secs, done * (double)bs / 1048576.0 / secs,
	       nlat ? lat[nlat / 2] / 1e3 : 0.0,
	       nlat ? lat[(nlat * 99) / 100] / 1e3 : 0.0);
}

/* The writer's state: ring, slots, the blocks in flight, the log. */
struct writer {
	struct opts *o;
	struct io_uring ring;
	struct slot slots[MAX_QD];
	unsigned char *in_flight;	/* per block: a write is in flight */
	uint64_t *unflushed;		/* completed, waiting for fsync: slot data */
	uint64_t nunflushed;
	FILE *log;
	int fd;
	uint64_t run;
	uint64_t next_seq;
	uint64_t next_block;
	uint64_t issued, done;
	uint64_t *lat;
	uint64_t nlat, cap_lat;
	bool fsync_busy;
	uint64_t fsync_batch;		/* entries of unflushed covered */
};

static uint64_t pick_block(struct writer *w)
{
	uint64_t b;
	int tries;

	if (w->o->seq) {
		b = w->next_block;
		w->next_block = (w->next_block + 1) % w->o->blocks;
		return w->in_flight[b] ? UINT64_MAX : b;
	}
	for (tries = 0; tries < 64; tries++) {
		b = ack_rand64(&w->next_block) % w->o->blocks;
		if (!w->in_flight[b])
			return b;
	}
	return UINT64_MAX;
}

static void log_ack(struct writer *w, uint64_t block, uint64_t seq)
{
	if (w->log)
		fprintf(w->log, "ack %" PRIu64 " %" PRIu64 " %" PRIx64 "\n", block,
			seq, w->run);
}

static int submit_write(struct writer *w, unsigned int i)
{
	struct slot *s = &w->slots[i];
	struct io_uring_sqe *sqe;
	uint64_t b = pick_block(w);
	unsigned int k;

	if (b == UINT64_MAX)
		return 0;
	s->block = b;
	s->seq = ++w->next_seq;
	for (k = 0; k < w->o->bs / ACK_BLOCK_SIZE; k++)
		ack_fill((uint8_t *)s->buf + k * ACK_BLOCK_SIZE, w->run,
			 b * (w->o->bs / ACK_BLOCK_SIZE) + k, s->seq);
	s->busy = true;
	s->start_ns = now_ns();
	w->in_flight[b] = 1;
	sqe = io_uring_get_sqe(&w->ring);
	io_uring_prep_write(sqe, w->fd, s->buf, w->o->bs, (off_t)(b * w->o->bs));
	io_uring_sqe_set_data64(sqe, i);
	w->issued++;
	return 1;
}

static int submit_fsync(struct writer *w)
{
	struct io_uring_sqe *sqe = io_uring_get_sqe(&w->ring);

	io_uring_prep_fsync(sqe, w->fd, 0);
	io_uring_sqe_set_data64(sqe, MAX_QD);
	w->fsync_busy = true;
	w->fsync_batch = w->nunflushed;
	return 1;
}

static void record_latency(struct writer *w, uint64_t ns)
{
	if (w->nlat == w->cap_lat) {
		w->cap_lat = w->cap_lat ? 2 * w->cap_lat : 4096;
		w->lat = realloc(w->lat, w->cap_lat * sizeof(*w->lat));
		if (!w->lat) {
			perror("ackcheck");
			exit(1);
		}
	}
	w->lat[w->nlat++] = ns;
}

/* A write finished: ack it now (O_DSYNC) or after the next fsync. */
static int complete_write(struct writer *w, unsigned int i, int res)
{
	struct slot *s = &w->slots[i];
	unsigned int k;

	if (res != (int)w->o->bs) {
		fprintf(stderr, "ackcheck: write of block %" PRIu64 " failed: %s\n",
			s->block, res < 0 ? strerror(-res) : "short write");
		return -EIO;
	}
	record_latency(w, now_ns() - s->start_ns);
	s->busy = false;
	w->in_flight[s->block] = 0;
	w->done++;
	if (!w->o->flush_every) {
		for (k = 0; k < w->o->bs / ACK_BLOCK_SIZE; k++)
			log_ack(w, s->block * (w->o->bs / ACK_BLOCK_SIZE) + k, s->seq);
		return 0;
	}
	w->unflushed[2 * w->nunflushed] = s->block;
	w->unflushed[2 * w->nunflushed + 1] = s->seq;
	w->nunflushed++;
	return 0;
}

static int complete_fsync(struct writer *w, int res)
{
	uint64_t i, k;

	if (res < 0) {
		fprintf(stderr, "ackcheck: fsync failed: %s\n", strerror(-res));
		return -EIO;
	}
	for (i = 0; i < w->fsync_batch; i++)
		for (k = 0; k < w->o->bs / ACK_BLOCK_SIZE; k++)
			log_ack(w, w->unflushed[2 * i] * (w->o->bs / ACK_BLOCK_SIZE) + k,
				w->unflushed[2 * i + 1]);
	memmove(w->unflushed, w->unflushed + 2 * w->fsync_batch,
		(w->nunflushed - w->fsync_batch) * 2 * sizeof(uint64_t));
	w->nunflushed -= w->fsync_batch;
	w->fsync_busy = false;
	return 0;
}

static bool should_stop(struct writer *w, uint64_t t0)
{
	if (w->o->count && w->issued >= w->o->count)
		return true;
	if (w->o->seconds > 0 && (double)(now_ns() - t0) / 1e9 >= w->o->seconds)
		return true;
	return !w->o->count && w->o->seconds <= 0 && w->issued >= 1000;
}

static int writer_loop(struct writer *w)
{
	uint64_t t0 = now_ns();
	unsigned int i, busy = 0;
	bool stopping = false;
	int err = 0;

	for (;;) {
		struct io_uring_cqe *cqe;
		int n = 0;

		if (!stopping && should_stop(w, t0))
			stopping = true;
		for (i = 0; i < w->o->qd && !stopping && !err; i++) {
			if (w->o->count && w->issued >= w->o->count)
				break;
			/* flush mode: no more than flush-every writes await an fsync */
			if (w->o->flush_every &&
			    w->nunflushed + busy >= w->o->flush_every + w->o->qd)
				break;
			if (!w->slots[i].busy) {
				int r = submit_write(w, i);

				n += r;
				busy += r;
			}
		}
		if (w->o->flush_every && !w->fsync_busy && w->nunflushed &&
		    (w->nunflushed >= w->o->flush_every || (stopping && !busy)))
			n += submit_fsync(w);
		if (n)
			io_uring_submit(&w->ring);
		if (!busy && !w->fsync_busy && (stopping || err))
			break;
		if (io_uring_wait_cqe(&w->ring, &cqe) < 0)
			return -EIO;
		do {
			uint64_t id = io_uring_cqe_get_data64(cqe);
			int r;

			if (id == MAX_QD) {
				r = complete_fsync(w, cqe->res);
			} else {
				r = complete_write(w, (unsigned int)id, cqe->res);
				busy--;
			}
			if (r && !err)
				err = r;
			io_uring_cqe_seen(&w->ring, cqe);
		} while (io_uring_peek_cqe(&w->ring, &cqe) == 0);
		if (w->log)
			fflush(w->log);
	}
	print_stats(w->done, now_ns() - t0, w->lat, w->nlat, w->o->bs);
	return err;
}

static int cmd_write(struct opts *o)
{
	struct writer w = { .o = o };
	uint64_t size = 0;
	unsigned int i;
	int flags = O_RDWR | O_DIRECT | (o->flush_every ? 0 : O_DSYNC);
	int err;

	w.fd = open(o->dev, flags);
	if (w.fd < 0) {
		fprintf(stderr, "ackcheck: %s: %s\n", o->dev, strerror(errno));
		return 1;
	}
	if (dev_blocks(w.fd, o->bs, &size) || !size) {
		fprintf(stderr, "ackcheck: %s: cannot size it, or it is empty\n", o->dev);
		return 1;
	}
	if (!o->blocks || o->blocks > size)
		o->blocks = size;
	if (o->qd > o->blocks)
		o->qd = (unsigned int)o->blocks;
	if (getrandom(&w.run, sizeof(w.run), 0) != sizeof(w.run) || !w.run)
		w.run = now_ns();
	w.next_block = o->seq ? 0 : w.run;
	if (o->log) {
		w.log = fopen(o->log, "w");
		if (!w.log) {
			fprintf(stderr, "ackcheck: %s: %s\n", o->log, strerror(errno));
			return 1;
		}
		setvbuf(w.log, NULL, _IOLBF, 0);
		fprintf(w.log, "run %" PRIx64 " blocks %" PRIu64 " bs %u\n", w.run,
			o->blocks, o->bs);
	}
	w.in_flight = calloc(o->blocks, 1);
	w.unflushed = calloc(2 * (size_t)(o->flush_every + o->qd + 1), sizeof(uint64_t));
	if (!w.in_flight || !w.unflushed || io_uring_queue_init(MAX_QD * 2, &w.ring, 0)) {
		fprintf(stderr, "ackcheck: out of memory or io_uring unavailable\n");
		return 1;
	}
	for (i = 0; i < o->qd; i++)
		if (posix_memalign(&w.slots[i].buf, 4096, o->bs))
			return 1;
	err = writer_loop(&w);
	io_uring_queue_exit(&w.ring);
	if (w.log)
		fclose(w.log);
	for (i = 0; i < o->qd; i++)
		free(w.slots[i].buf);
	free(w.in_flight);
	free(w.unflushed);
	free(w.lat);
	close(w.fd);
	return err ? 1 : 0;
}

/* Newest acknowledged sequence per 4 KiB block, from the ack lines. */
static int load_acks(const char *path, uint64_t nblocks, uint64_t **ret_seq,
		     uint64_t *ret_run, uint64_t *ret_nacks)
{
	FILE *f = fopen(path, "r");
	char line[256];
	uint64_t *seq = calloc(nblocks, sizeof(*seq));
	uint64_t run = 0, n = 0;

	if (!f || !seq) {
		fprintf(stderr, "ackcheck: %s: %s\n", path, strerror(errno));
		free(seq);
		if (f)
			fclose(f);
		return -errno;
	}
	while (fgets(line, sizeof(line), f)) {
		uint64_t b, s, r;

		/* lines may be embedded in a console log: find "ack " anywhere */
		char *p = strstr(line, "ack ");

		if (!p || sscanf(p, "ack %" SCNu64 " %" SCNu64 " %" SCNx64, &b, &s, &r) != 3)
			continue;
		if (b >= nblocks) {
			fprintf(stderr, "ackcheck: ack for block %" PRIu64 " beyond the device\n", b);
			continue;
		}
		if (run && r != run) {
			fprintf(stderr, "ackcheck: acks from two runs (%" PRIx64 ", %" PRIx64 "); using the last\n",
				run, r);
			memset(seq, 0, nblocks * sizeof(*seq));
			n = 0;
		}
		run = r;
		if (s > seq[b])
			seq[b] = s;
		n++;
	}
	fclose(f);
	*ret_seq = seq;
	*ret_run = run;
	*ret_nacks = n;
	return 0;
}

static int cmd_verify(struct opts *o)
{
	uint64_t nblocks = 0, *acked = NULL, run = 0, nacks = 0, b;
	uint64_t missing = 0, torn = 0, checked = 0, newer = 0;
	void *buf;
	int fd = open(o->dev, O_RDONLY | O_DIRECT);

	if (fd < 0 || !o->acks) {
		fprintf(stderr, "ackcheck: verify needs --dev and --acks: %s\n",
			fd < 0 ? strerror(errno) : "no --acks");
		return 2;
	}
	if (dev_blocks(fd, ACK_BLOCK_SIZE, &nblocks))
		return 2;
	if (o->blocks && o->blocks < nblocks)
		nblocks = o->blocks;
	if (load_acks(o->acks, nblocks, &acked, &run, &nacks))
		return 2;
	if (posix_memalign(&buf, 4096, ACK_BLOCK_SIZE))
		return 2;
	for (b = 0; b < nblocks; b++) {
		struct ack_hdr h;
		int st;

		if (!acked[b])
			continue;
		if (pread(fd, buf, ACK_BLOCK_SIZE, (off_t)(b * ACK_BLOCK_SIZE)) != ACK_BLOCK_SIZE) {
			fprintf(stderr, "ackcheck: read of block %" PRIu64 " failed\n", b);
			return 2;
		}
		checked++;
		st = ack_check(buf, run, b, &h);
		if (st == ACK_TORN) {
			printf("TORN block %" PRIu64 ": acknowledged seq %" PRIu64 ", checksum wrong\n",
			       b, acked[b]);
			torn++;
		} else if (st != ACK_VALID || h.seq < acked[b]) {
			printf("MISSING block %" PRIu64 ": acknowledged seq %" PRIu64 ", found %s %" PRIu64 "\n",
			       b, acked[b], st == ACK_VALID ? "seq" : "nothing of this run, seq",
			       st == ACK_VALID ? h.seq : 0);
			missing++;
		} else if (h.seq > acked[b]) {
			newer++;
		}
	}
	printf("verify: run %" PRIx64 ": %" PRIu64 " acks, %" PRIu64 " blocks checked, "
	       "%" PRIu64 " missing, %" PRIu64 " torn, %" PRIu64 " newer than acknowledged\n",
	       run, nacks, checked, missing, torn, newer);
	free(buf);
	free(acked);
	close(fd);
	return missing || torn || !nacks ? 1 : 0;
}

int main(int argc, char **argv)
{
	struct opts o;

	if (argc < 2)
		return usage();
	if (parse_opts(argc - 1, argv + 1, &o))
		return usage();
	if (!strcmp(argv[1], "write"))
		return cmd_write(&o);
	if (!strcmp(argv[1], "verify"))
		return cmd_verify(&o);
	return usage();
}
