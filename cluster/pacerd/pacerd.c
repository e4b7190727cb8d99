// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * pacerd.c - options, logging and the event loop.
 *
 *   pacerd [--daemon] [--state-dir DIR] [--log FILE]
 *
 * The socket path comes from PACER_SOCKET (default /run/pacer/pacerd.sock).
 * If Corosync goes away under pacerd, the node has lost its membership:
 * pacerd stops its resources and exits with status 2.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cib.h"
#include "cib_ipc.h"
#include "pacerd.h"
#include "pacerd_sched.h"

static FILE *log_file;
static const char *log_node = "-";
static volatile sig_atomic_t got_term;

void pd_log(const char *level, const char *fmt, ...)
{
	struct timespec ts;
	struct tm tm;
	char tbuf[32];
	va_list ap;
	FILE *f = log_file ? log_file : stderr;

	clock_gettime(CLOCK_REALTIME, &ts);
	localtime_r(&ts.tv_sec, &tm);
	strftime(tbuf, sizeof(tbuf), "%b %d %H:%M:%S", &tm);
	fprintf(f, "%s.%03ld %s pacerd[%d] %s: ", tbuf, ts.tv_nsec / 1000000,
		log_node, (int)getpid(), level);
	va_start(ap, fmt);
	vfprintf(f, fmt, ap);
	va_end(ap);
	fputc('\n', f);
	fflush(f);
}

int pd_log_fd(void)
{
	return log_file ? fileno(log_file) : 2;
}

static void on_term(int sig)
{
	got_term = 1;
}

static int daemonize(void)
{
	pid_t pid = fork();
	int fd;

	if (pid < 0)
		return -errno;
	if (pid > 0)
		_exit(0);
	setsid();
	fd = open("/dev/null", O_RDWR);
	if (fd >= 0) {
		dup2(fd, 0);
		dup2(fd, 1);
		if (log_file)
			dup2(fd, 2);
		if (fd > 2)
			close(fd);
	}
	return 0;
}

static int connect_retry(struct pacerd *pd)
{
	for (int i = 0; i < 60; i++) {
		if (pd_cluster_connect(pd) == 0)
			return 0;
		if (i == 0)
			pd_info("waiting for corosync");
		sleep(1);
	}
	pd_err("cannot connect to corosync; is it running? "
	       "('pacer cluster start')");
	return -ECONNREFUSED;
}

static void loop(struct pacerd *pd)
{
	struct pollfd fds[3] = {
		{ .fd = pd->cpg_fd, .events = POLLIN },
		{ .fd = pd->quorum_fd, .events = POLLIN },
		{ .fd = pd->listen_fd, .events = POLLIN },
	};

	while (!got_term && !pd->stopping) {
		int busy = pd_exec_busy();
		int timeout = pd->outq ? 5 : busy == 2 ? 10 : busy ? 100 : 1000;
		int n;

		if (pd->dc == pd->my_id && !pd->syncing) {	/* DC timer */
			long left = pd->next_recheck_ms - pd_mono_ms();

			if (left < timeout)
				timeout = left > 0 ? (int)left : 0;
		}
		n = poll(fds, 3, timeout);

		if (n < 0 && errno != EINTR)
			break;
		if ((fds[0].revents & (POLLHUP | POLLERR)) ||
		    ((fds[0].revents & POLLIN) && pd_cluster_dispatch_cpg(pd))) {
			pd->cs_dead = true;
			break;
		}
		if ((fds[1].revents & POLLIN) && pd_cluster_dispatch_quorum(pd)) {
			pd->cs_dead = true;
			break;
		}
		if (fds[2].revents & POLLIN)
			pd_ipc_accept(pd);
		pd_exec_tick(pd);
		/* the coordinator's timed runs: cluster-recheck-interval,
		 * failure-timeout expiry, retries (pd_cib.c) */
		if (pd->dc == pd->my_id && !pd->syncing &&
		    pd_mono_ms() >= pd->next_recheck_ms) {
			if (pd->recheck_is_interval)
				pd_info("DC: cluster-recheck-interval elapsed");
			pd_dc_update(pd);
		}
		pd_cluster_flush(pd);
	}
}

/* Stop resources, report it, and mark this node expected down so its
 * departure is not taken for a failure. */
static void leave_cleanly(struct pacerd *pd)
{
	xmlDoc *txn = cib_txn_new();
	xmlNode *st = cib_xml_el(NULL, "status", NULL), *n;
	char id[16], *buf;
	size_t len;

	pd_exec_stop_all(pd, true);
	snprintf(id, sizeof(id), "%u", pd->my_id);
	n = cib_xml_el(st, "node_state", id);
	cib_xml_set(n, "uname", pd->my_name);
	cib_xml_set(n, "expected", "down");
	cib_txn_add(txn, CIB_OP_MERGE, "/cib/status", st, NULL, 0);
	xmlFreeNode(st);
	cib_doc_dump(txn, &buf, &len);
	pd_send(pd, PD_MSG_TXN, 0, buf, len);
	free(buf);
	xmlFreeDoc(txn);
	for (int i = 0; i < 40 && pd->outq; i++) {
		usleep(50000);
		pd_cluster_dispatch_cpg(pd);
		pd_cluster_flush(pd);
	}
	usleep(200000);
	pd_cluster_dispatch_cpg(pd);
}

static void usage(void)
{
	fprintf(stderr, "usage: pacerd [--daemon] [--state-dir DIR] "
			"[--log FILE]\n");
}

int main(int argc, char **argv)
{
	struct pacerd pd = { .state_dir = "/var/lib/pacer" };
	bool daemon_mode = false;
	int rc;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--daemon")) {
			daemon_mode = true;
		} else if (!strcmp(argv[i], "--state-dir") && i + 1 < argc) {
			pd.state_dir = argv[++i];
		} else if (!strcmp(argv[i], "--log") && i + 1 < argc) {
			log_file = fopen(argv[++i], "ae");
			if (!log_file) {
				fprintf(stderr, "pacerd: %s: %s\n", argv[i],
					strerror(errno));
				return 1;
			}
		} else {
			usage();
			return 1;
		}
	}
	mkdir(pd.state_dir, 0750);
	/* agents keep their state in HA_RSCTMP, which tmpfiles creates on
	 * a systemd host */
	mkdir("/run/resource-agents", 0755);
	signal(SIGPIPE, SIG_IGN);
	signal(SIGTERM, on_term);
	signal(SIGINT, on_term);
	if (pd_cib_load(&pd))
		return 1;
	if (daemon_mode && daemonize())
		return 1;
	if (connect_retry(&pd))
		return 1;
	log_node = pd.my_name;
	rc = pd_ipc_listen(&pd);
	if (rc) {
		pd_err("%s: cannot listen: %s", cib_ipc_path(), strerror(-rc));
		return 1;
	}
	loop(&pd);
	if (pd.cs_dead) {
		pd_err("lost the connection to corosync: this node is no "
		       "longer a member; stopping its resources");
		pd.stopping = true;
		pd_exec_stop_all(&pd, false);
		unlink(cib_ipc_path());
		return 2;
	}
	pd_info("stopping: stopping the resources of %s", pd.my_name);
	leave_cleanly(&pd);
	pd_cluster_close(&pd);
	unlink(cib_ipc_path());
	xmlFreeDoc(pd.cib);
	return 0;
}
