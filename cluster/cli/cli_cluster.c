// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cli_cluster.c - `pacer cluster setup|start|stop|destroy|cib|cib-push`.
 *
 * setup writes corosync.conf (knet, nodelist, votequorum; two_node for two
 * nodes) and the authkey.  There is no remote agent (pcs has pcsd): the
 * files are written on this node and must be copied to the others, or the
 * same command run there with --authkey FILE.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cib.h"
#include "cib_ipc.h"
#include "cli.h"

#define COROSYNC_CONF "/etc/corosync/corosync.conf"
#define PACER_STATE_DIR "/var/lib/pacer"

struct setup {
	const char *name, *conf, *authkey_from, *token, *transport;
	const char *nodes[32], *addrs[32];
	int n;
};

static int parse_setup(int argc, char **argv, struct setup *s)
{
	s->conf = COROSYNC_CONF;
	s->transport = "knet";
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "--name") && i + 1 < argc) {
			s->name = argv[++i];
		} else if (!strcmp(a, "--corosync_conf") && i + 1 < argc) {
			s->conf = argv[++i];
		} else if (!strcmp(a, "--authkey") && i + 1 < argc) {
			s->authkey_from = argv[++i];
		} else if (!strcmp(a, "--token") && i + 1 < argc) {
			s->token = argv[++i];
		} else if (!strcmp(a, "--transport") && i + 1 < argc) {
			s->transport = argv[++i];
		} else if (!strcmp(a, "transport") && i + 1 < argc) {
			s->transport = argv[++i];
		} else if (!strncmp(a, "addr=", 5) && s->n > 0) {
			s->addrs[s->n - 1] = a + 5;
		} else if (!strncmp(a, "token=", 6)) {
			s->token = a + 6;
		} else if (a[0] == '-' || cli_is_kv(a)) {
			return cli_err("unknown option '%s' for cluster setup",
				       a);
		} else if (!s->name) {
			s->name = a;
		} else if (s->n < 32) {
			char *comma = strchr(a, ',');

			s->nodes[s->n] = a;
			s->addrs[s->n] = a;
			if (comma) { /* pcs 0.9: node,addr */
				*comma = 0;
				s->addrs[s->n] = comma + 1;
			}
			s->n++;
		}
	}
	if (!s->name || s->n < 1)
		return cli_err("usage: cluster setup NAME NODE [addr=ADDR]... "
			       "[--token MS] [--corosync_conf FILE]");
	return 0;
}

static int write_conf(const struct setup *s)
{
	FILE *f;
	char tmp[600];

	snprintf(tmp, sizeof(tmp), "%s.tmp", s->conf);
	f = fopen(tmp, "we");
	if (!f)
		return cli_err("%s: %s", tmp, strerror(errno));
	fprintf(f, "totem {\n    version: 2\n    cluster_name: %s\n"
		"    transport: %s\n    crypto_cipher: aes256\n"
		"    crypto_hash: sha256\n", s->name, s->transport);
	if (s->token)
		fprintf(f, "    token: %s\n", s->token);
	fprintf(f, "}\n\nnodelist {\n");
	for (int i = 0; i < s->n; i++)
		fprintf(f, "    node {\n        ring0_addr: %s\n"
			"        name: %s\n        nodeid: %d\n    }\n",
			s->addrs[i], s->nodes[i], i + 1);
	fprintf(f, "}\n\nquorum {\n    provider: corosync_votequorum\n%s}\n\n",
		s->n == 2 ? "    two_node: 1\n" : "");
	fprintf(f, "logging {\n    to_logfile: yes\n"
		"    logfile: /var/log/corosync/corosync.log\n"
		"    to_syslog: yes\n    timestamp: on\n}\n");
	if (fflush(f) || fsync(fileno(f))) {
		fclose(f);
		return cli_err("%s: %s", tmp, strerror(errno));
	}
	fclose(f);
	if (rename(tmp, s->conf))
		return cli_err("%s: %s", s->conf, strerror(errno));
	return 0;
}

static int write_authkey(const struct setup *s)
{
	char path[600], *slash;
	unsigned char key[256];
	ssize_t n;
	int fd, in;

	snprintf(path, sizeof(path), "%s", s->conf);
	slash = strrchr(path, '/');
	snprintf(slash ? slash + 1 : path,
		 sizeof(path) - (size_t)(slash ? slash + 1 - path : 0),
		 "authkey");
	if (s->authkey_from) {
		in = open(s->authkey_from, O_RDONLY | O_CLOEXEC);
		n = in < 0 ? -1 : read(in, key, sizeof(key));
		if (in >= 0)
			close(in);
		if (n < 64)
			return cli_err("%s: not a usable authkey",
				       s->authkey_from);
	} else {
		n = getrandom(key, sizeof(key), 0);
		if (n != (ssize_t)sizeof(key))
			return cli_err("getrandom: %s", strerror(errno));
	}
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0400);
	if (fd < 0 || write(fd, key, (size_t)n) != n || fsync(fd)) {
		if (fd >= 0)
			close(fd);
		return cli_err("%s: %s", path, strerror(errno));
	}
	close(fd);
	printf("Wrote %s and %s\n", s->conf, path);
	return 0;
}

static int setup(int argc, char **argv)
{
	struct setup s = { 0 };
	char dir[600], *slash;

	if (parse_setup(argc, argv, &s))
		return 1;
	snprintf(dir, sizeof(dir), "%s", s.conf);
	slash = strrchr(dir, '/');
	if (slash) {
		*slash = 0;
		mkdir(dir, 0755);
	}
	if (write_conf(&s) || write_authkey(&s))
		return 1;
	printf("Cluster '%s' with %d node%s; copy both files to every node "
	       "(the same paths), then 'pacer cluster start' there.\n",
	       s.name, s.n, s.n == 1 ? "" : "s");
	return 0;
}

static int run(const char *const argv[])
{
	pid_t pid = fork();
	int st;

	if (pid < 0)
		return -errno;
	if (pid == 0) {
		execvp(argv[0], (char *const *)argv);
		fprintf(stderr, "Error: cannot run %s: %s\n", argv[0],
			strerror(errno));
		_exit(127);
	}
	if (waitpid(pid, &st, 0) < 0)
		return -errno;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 1;
}

static bool have_systemd(void)
{
	return access("/run/systemd/system", F_OK) == 0;
}

static int start(struct cli *c)
{
	const char *pacerd = getenv("PACERD") ?: "pacerd";

	if (c->all)
		cli_warn("--all: pacer has no remote agent; starting this "
			 "node only — run 'pacer cluster start' on the "
			 "others");
	if (have_systemd()) {
		const char *a[] = { "systemctl", "start", "corosync", "pacerd",
				    NULL };

		return run(a) ? cli_err("systemctl start failed") : 0;
	}
	{
		const char *cs[] = { "corosync", NULL };
		const char *pd[] = { pacerd, "--daemon", NULL };

		if (run(cs))
			return cli_err("corosync did not start (see "
				       "/var/log/corosync/corosync.log)");
		if (run(pd))
			return cli_err("pacerd did not start");
	}
	printf("Starting Cluster...\n");
	return 0;
}

static int stop(struct cli *c)
{
	xmlNode *req = cib_xml_el(NULL, "request", NULL);
	xmlDoc *reply = NULL;
	int rc;

	cib_xml_set(req, "cmd", "shutdown");
	if (c->all)
		cib_xml_set(req, "all", "1");
	rc = cli_request(req, &reply);
	xmlFreeNode(req);
	xmlFreeDoc(reply);
	if (rc)
		return 1;
	printf("Stopping Cluster (pacerd)...\n");
	if (have_systemd()) {
		const char *a[] = { "systemctl", "stop", "corosync", NULL };

		return run(a) ? 1 : 0;
	}
	printf("Stopping Cluster (corosync)...\n");
	{
		const char *a[] = { "corosync-cfgtool", "-H", "--force", NULL };

		return run(a) ? 1 : 0;
	}
}

static int destroy(struct cli *c)
{
	char p[600];

	if (cib_ipc_connect() >= 0)
		stop(c);
	unlink(COROSYNC_CONF);
	unlink("/etc/corosync/authkey");
	snprintf(p, sizeof(p), "%s/cib.xml", PACER_STATE_DIR);
	unlink(p);
	snprintf(p, sizeof(p), "%s/cib.xml.sig", PACER_STATE_DIR);
	unlink(p);
	printf("Cluster destroyed on this node: corosync.conf, authkey and "
	       "the CIB removed\n");
	return 0;
}

static int cib_to_file(struct cli *c, int argc, char **argv)
{
	xmlDoc *doc = NULL;
	int rc = 0;

	if (cli_cib_get(c, &doc))
		return 1;
	if (argc > 0) {
		if (cib_file_write_plain(argv[0], doc))
			rc = cli_err("%s", cib_strerror());
	} else {
		char *buf;
		size_t len;

		if (cib_doc_dump(doc, &buf, &len) == 0) {
			fwrite(buf, 1, len, stdout);
			free(buf);
		}
	}
	xmlFreeDoc(doc);
	return rc;
}

static int cib_push(struct cli *c, int argc, char **argv)
{
	xmlDoc *doc = NULL, *txn;
	int rc;

	if (argc < 1)
		return cli_err("usage: cluster cib-push FILE");
	rc = cib_file_read(argv[0], &doc);
	if (rc)
		return cli_err("unable to push %s: %s", argv[0],
			       cib_strerror());
	rc = cib_doc_validate(doc);
	if (rc) {
		xmlFreeDoc(doc);
		return cli_err("unable to push %s: %s; nothing was changed",
			       argv[0], cib_strerror());
	}
	txn = cib_txn_new();
	cib_txn_add(txn, CIB_OP_PUSH, NULL, xmlDocGetRootElement(doc), NULL, 0);
	c->file = NULL;
	rc = cli_commit(c, txn);
	xmlFreeDoc(txn);
	xmlFreeDoc(doc);
	if (!rc)
		printf("CIB updated\n");
	return rc;
}

int cli_cluster(struct cli *c, int argc, char **argv)
{
	const char *sub = argc ? argv[0] : "";

	if (!strcmp(sub, "setup"))
		return setup(argc - 1, argv + 1);
	if (!strcmp(sub, "start"))
		return start(c);
	if (!strcmp(sub, "stop"))
		return stop(c);
	if (!strcmp(sub, "destroy"))
		return destroy(c);
	if (!strcmp(sub, "cib"))
		return cib_to_file(c, argc - 1, argv + 1);
	if (!strcmp(sub, "cib-push"))
		return cib_push(c, argc - 1, argv + 1);
	if (!strcmp(sub, "status"))
		return cli_status(c, 0, NULL);
	if (!strcmp(sub, "auth"))
		return 0; /* pcs's pcsd authentication: nothing to do */
	if (!strcmp(sub, "enable"))
		return 0;
	return cli_err("usage: cluster setup|start|stop|destroy|cib|cib-push");
}
