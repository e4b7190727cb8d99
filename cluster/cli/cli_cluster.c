// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cli_cluster.c - `pacer cluster setup|start|stop|destroy|cib|cib-push`.
 *
 * setup writes corosync.conf (knet, nodelist, votequorum; two_node for two
 * nodes) and the authkey on this node, then copies both to every other node
 * of the nodelist over ssh (there is no remote agent like pcs's pcsd): each
 * file goes on the ssh's stdin to a small sh command that writes a temp file
 * and renames it.  --local writes on this node only.  start|stop --all act
 * on this node directly and on the others through the same ssh path.
 * PACER_SSH names the ssh program (tests use a fake one).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <ifaddrs.h>
#include <signal.h>
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
	bool local;
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
		} else if (!strcmp(a, "--local")) {
			s->local = true;
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
			       "[--token MS] [--corosync_conf FILE] "
			       "[--authkey FILE] [--local]");
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

/* DIR/authkey next to the corosync.conf path. */
static void conf_dir(const char *conf, char *dir, size_t len)
{
	char *slash;

	snprintf(dir, len, "%s", conf);
	slash = strrchr(dir, '/');
	if (slash == dir)
		dir[1] = 0;
	else if (slash)
		*slash = 0;
	else
		snprintf(dir, len, ".");
}

static const char *conf_base(const char *conf)
{
	const char *slash = strrchr(conf, '/');

	return slash ? slash + 1 : conf;
}

static int write_authkey(const struct setup *s, unsigned char *key,
			 size_t *keylen)
{
	char dir[600], path[700], tmp[720];
	ssize_t n;
	int fd, in;

	conf_dir(s->conf, dir, sizeof(dir));
	snprintf(path, sizeof(path), "%s/authkey", dir);
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	if (s->authkey_from) {
		in = open(s->authkey_from, O_RDONLY | O_CLOEXEC);
		n = in < 0 ? -1 : read(in, key, *keylen);
		if (in >= 0)
			close(in);
		if (n < 64)
			return cli_err("%s: not a usable authkey",
				       s->authkey_from);
	} else {
		n = getrandom(key, *keylen, 0);
		if (n != (ssize_t)*keylen)
			return cli_err("getrandom: %s", strerror(errno));
	}
	*keylen = (size_t)n;
	unlink(tmp);
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0400);
	if (fd < 0 || write(fd, key, (size_t)n) != n || fsync(fd)) {
		if (fd >= 0)
			close(fd);
		unlink(tmp);
		return cli_err("%s: %s", tmp, strerror(errno));
	}
	close(fd);
	if (rename(tmp, path))
		return cli_err("%s: %s", path, strerror(errno));
	printf("Wrote %s and %s\n", s->conf, path);
	return 0;
}

/* Is this node NAME / ADDR?  By host name (full or short) or by one of the
 * addresses of this host's interfaces. */
static bool is_local_node(const char *name, const char *addr)
{
	char host[256] = "", *dot;
	unsigned char want[16], have[16];
	struct ifaddrs *ifs, *i;
	int fam = AF_INET;
	bool hit = false;

	if (gethostname(host, sizeof(host) - 1) == 0 && host[0]) {
		if (!strcmp(name, host) || !strcmp(addr, host))
			return true;
		dot = strchr(host, '.');
		if (dot) {
			*dot = 0;
			if (!strcmp(name, host) || !strcmp(addr, host))
				return true;
		}
	}
	if (inet_pton(AF_INET, addr, want) != 1) {
		fam = AF_INET6;
		if (inet_pton(AF_INET6, addr, want) != 1)
			return false;
	}
	if (getifaddrs(&ifs))
		return false;
	for (i = ifs; i && !hit; i = i->ifa_next) {
		if (!i->ifa_addr || i->ifa_addr->sa_family != fam)
			continue;
		if (fam == AF_INET)
			memcpy(have, &((struct sockaddr_in *)(void *)
				       i->ifa_addr)->sin_addr, 4);
		else
			memcpy(have, &((struct sockaddr_in6 *)(void *)
				       i->ifa_addr)->sin6_addr, 16);
		hit = !memcmp(want, have, fam == AF_INET ? 4 : 16);
	}
	freeifaddrs(ifs);
	return hit;
}

/* 'text' with single quotes escaped, for a remote sh command line. */
static void shell_quote(const char *text, char *buf, size_t len)
{
	size_t o = 0;

	if (len < 3) {
		buf[0] = 0;
		return;
	}
	buf[o++] = '\'';
	for (const char *p = text; *p && o + 6 < len; p++) {
		if (*p == '\'') {
			memcpy(buf + o, "'\\''", 4);
			o += 4;
		} else {
			buf[o++] = *p;
		}
	}
	buf[o++] = '\'';
	buf[o] = 0;
}

/*
 * Run CMD on HOST through ssh (PACER_SSH, default "ssh") in batch mode,
 * feeding IN on its stdin.  The output of ssh and of the command goes to
 * OUT (the last bytes of it), never to the terminal: the authkey travels on
 * stdin only.  Returns the exit status (255: ssh itself failed).
 */
static int ssh_run(const char *host, const char *cmd, const void *in,
		   size_t inlen, char *out, size_t outlen)
{
	const char *ssh = getenv("PACER_SSH");
	int ip[2], op[2], st;
	size_t have = 0;
	void (*old)(int);
	pid_t pid;
	ssize_t n;
	char buf[512];

	if (!ssh || !*ssh)
		ssh = "ssh";
	out[0] = 0;
	if (pipe2(ip, O_CLOEXEC))
		return -1;
	if (pipe2(op, O_CLOEXEC)) {
		close(ip[0]);
		close(ip[1]);
		return -1;
	}
	pid = fork();
	if (pid < 0) {
		snprintf(out, outlen, "fork: %s", strerror(errno));
		close(ip[0]);
		close(ip[1]);
		close(op[0]);
		close(op[1]);
		return -1;
	}
	if (pid == 0) {
		const char *a[] = { ssh, "-o", "BatchMode=yes", "-o",
				    "ConnectTimeout=5", host, cmd, NULL };

		dup2(ip[0], 0);
		dup2(op[1], 1);
		dup2(op[1], 2);
		execvp(a[0], (char *const *)a);
		fprintf(stderr, "cannot run %s: %s\n", ssh, strerror(errno));
		_exit(255);
	}
	close(ip[0]);
	close(op[1]);
	old = signal(SIGPIPE, SIG_IGN);
	for (size_t off = 0; off < inlen; off += (size_t)n) {
		n = write(ip[1], (const char *)in + off, inlen - off);
		if (n <= 0)
			break;
	}
	close(ip[1]);
	signal(SIGPIPE, old);
	while ((n = read(op[0], buf, sizeof(buf))) > 0) {
		size_t k = (size_t)n;

		if (k >= outlen)
			k = outlen - 1;
		if (have + k >= outlen) { /* keep the end */
			size_t drop = have + k - (outlen - 1);

			memmove(out, out + drop, have - drop);
			have -= drop;
		}
		memcpy(out + have, buf + (size_t)n - k, k);
		have += k;
	}
	out[have] = 0;
	close(op[0]);
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return -1;
	/* one line for the message */
	while (have && (out[have - 1] == '\n' || out[have - 1] == '\r'))
		out[--have] = 0;
	for (char *p = out; *p; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' ';
	return WIFEXITED(st) ? WEXITSTATUS(st) : 255;
}

/* Write DIR/FILE on HOST atomically (temp file + rename) with MODE. */
static int ssh_put(const char *host, const char *dir, const char *file,
		   const char *mode, const void *data, size_t len, char *err,
		   size_t errlen)
{
	char qdir[1300], qfile[600], cmd[2400];

	shell_quote(dir, qdir, sizeof(qdir));
	shell_quote(file, qfile, sizeof(qfile));
	snprintf(cmd, sizeof(cmd),
		 "sh -c 'umask 022 && mkdir -p \"$1\" && umask 077 && "
		 "t=\"$1/.$2.pacer.$$\" && { cat >\"$t\" && chmod %s \"$t\" && "
		 "mv -f \"$t\" \"$1/$2\" || { rm -f \"$t\"; exit 1; }; }' "
		 "sh %s %s", mode, qdir, qfile);
	return ssh_run(host, cmd, data, len, err, errlen);
}

static void read_file_text(const char *path, char **buf, size_t *len)
{
	FILE *f = fopen(path, "re");
	size_t cap = 0, n;
	char tmp[4096];

	*buf = NULL;
	*len = 0;
	if (!f)
		return;
	while ((n = fread(tmp, 1, sizeof(tmp), f)) > 0) {
		if (*len + n + 1 > cap) {
			char *nb;

			cap = (*len + n + 1) * 2;
			nb = realloc(*buf, cap);
			if (!nb)
				break;
			*buf = nb;
		}
		memcpy(*buf + *len, tmp, n);
		*len += n;
		(*buf)[*len] = 0;
	}
	fclose(f);
}

/* Copy corosync.conf and the authkey to every other node over ssh. */
static int distribute(const struct setup *s, const unsigned char *key,
		      size_t keylen)
{
	char dir[600], err[512], failed[1024] = "";
	char *conf;
	size_t conflen;
	int local = -1, nfail = 0;

	for (int i = 0; i < s->n && local < 0; i++)
		if (is_local_node(s->nodes[i], s->addrs[i]))
			local = i;
	if (local < 0)
		cli_warn("this host is none of the nodes by name or address; "
			 "copying the files to every node");
	conf_dir(s->conf, dir, sizeof(dir));
	read_file_text(s->conf, &conf, &conflen);
	if (!conf)
		return cli_err("%s: %s", s->conf, strerror(errno));
	for (int i = 0; i < s->n; i++) {
		const char *what = conf_base(s->conf);
		int rc;

		if (i == local)
			continue;
		rc = ssh_put(s->addrs[i], dir, what, "0644", conf, conflen,
			     err, sizeof(err));
		if (rc == 0) {
			what = "authkey";
			rc = ssh_put(s->addrs[i], dir, what, "0400", key,
				     keylen, err, sizeof(err));
		}
		if (rc == 0) {
			printf("%s: %s and authkey written\n", s->nodes[i],
			       conf_base(s->conf));
			fflush(stdout);
			continue;
		}
		cli_err("%s (%s): could not write %s/%s over ssh (%s%s%s); "
			"set up root ssh keys so that 'ssh %s' works without "
			"a password and run the setup again, or copy this "
			"node's %s/authkey there and run 'pacer cluster setup "
			"%s ... --local --authkey FILE' on %s",
			s->nodes[i], s->addrs[i], dir, what,
			rc == 255 ? "ssh failed" : "remote write failed",
			err[0] ? ": " : "", err, s->addrs[i], dir, s->name,
			s->nodes[i]);
		nfail++;
		snprintf(failed + strlen(failed),
			 sizeof(failed) - strlen(failed), "%s%s",
			 failed[0] ? ", " : "", s->nodes[i]);
	}
	free(conf);
	if (nfail)
		return cli_err("cluster setup incomplete: %s did not get the "
			       "files%s", failed,
			       nfail < s->n - (local >= 0) ?
			       " (the other nodes did)" : "");
	return 0;
}

static int setup(int argc, char **argv)
{
	struct setup s = { 0 };
	unsigned char key[256];
	size_t keylen = sizeof(key);
	char dir[600];
	int rc;

	if (parse_setup(argc, argv, &s))
		return 1;
	conf_dir(s.conf, dir, sizeof(dir));
	mkdir(dir, 0755);
	if (write_conf(&s) || write_authkey(&s, key, &keylen))
		return 1;
	if (s.local) {
		printf("Cluster '%s' with %d node%s written on this node only "
		       "(--local); copy both files to every node (the same "
		       "paths), then 'pacer cluster start' there.\n",
		       s.name, s.n, s.n == 1 ? "" : "s");
		return 0;
	}
	rc = distribute(&s, key, keylen);
	memset(key, 0, sizeof(key));
	if (rc)
		return 1;
	printf("Cluster '%s' with %d node%s set up; 'pacer cluster start "
	       "--all' starts it.\n", s.name, s.n, s.n == 1 ? "" : "s");
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

/* The nodelist of a corosync.conf (names and ring0 addresses). */
static int read_nodelist(const char *path, struct setup *s, char **text)
{
	size_t len;
	char *line, *save = NULL;
	bool in_node = false;

	s->n = 0;
	read_file_text(path, text, &len);
	if (!*text)
		return cli_err("%s: %s; --all needs the nodelist of "
			       "'pacer cluster setup'", path,
			       strerror(errno));
	for (line = strtok_r(*text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		char *k = line + strspn(line, " \t"), *v, *e;

		if (!strncmp(k, "node {", 6) || !strncmp(k, "node{", 5)) {
			if (s->n >= 32)
				break;
			in_node = true;
			s->nodes[s->n] = s->addrs[s->n] = NULL;
			s->n++;
			continue;
		}
		if (!in_node)
			continue;
		if (*k == '}') {
			in_node = false;
			continue;
		}
		v = strchr(k, ':');
		if (!v)
			continue;
		*v++ = 0;
		v += strspn(v, " \t");
		e = v + strcspn(v, " \t\r");
		*e = 0;
		if (!strcmp(k, "name"))
			s->nodes[s->n - 1] = v;
		else if (!strcmp(k, "ring0_addr"))
			s->addrs[s->n - 1] = v;
	}
	for (int i = 0; i < s->n; i++) {
		if (!s->addrs[i])
			s->addrs[i] = s->nodes[i];
		if (!s->nodes[i])
			s->nodes[i] = s->addrs[i];
		if (!s->nodes[i])
			return cli_err("%s: a node without name or ring0_addr",
				       path);
	}
	if (s->n == 0)
		return cli_err("%s: no nodelist", path);
	return 0;
}

/* start|stop --all: the same systemctl command on every other node. */
static int on_others(const char *conf, const char *verb)
{
	struct setup s = { 0 };
	char *text = NULL, err[512], cmd[128], failed[1024] = "";
	int nfail = 0, local = -1;

	if (read_nodelist(conf, &s, &text)) {
		free(text);
		return 1;
	}
	for (int i = 0; i < s.n && local < 0; i++)
		if (is_local_node(s.nodes[i], s.addrs[i]))
			local = i;
	snprintf(cmd, sizeof(cmd), "systemctl %s %s", verb,
		 !strcmp(verb, "start") ? "corosync pacerd"
					: "pacerd corosync");
	for (int i = 0; i < s.n; i++) {
		int rc;

		if (i == local)
			continue;
		rc = ssh_run(s.addrs[i], cmd, NULL, 0, err, sizeof(err));
		if (rc == 0) {
			printf("%s: %s\n", s.nodes[i],
			       !strcmp(verb, "start")
				       ? "corosync and pacerd started"
				       : "pacerd and corosync stopped");
			fflush(stdout);
			continue;
		}
		cli_err("%s (%s): '%s' failed over ssh (%s%s%s); set up root "
			"ssh keys so that 'ssh %s' works without a password, "
			"or run 'pacer cluster %s' on %s", s.nodes[i],
			s.addrs[i], cmd,
			rc == 255 ? "ssh failed" : "exit status not 0",
			err[0] ? ": " : "", err, s.addrs[i], verb, s.nodes[i]);
		nfail++;
		snprintf(failed + strlen(failed),
			 sizeof(failed) - strlen(failed), "%s%s",
			 failed[0] ? ", " : "", s.nodes[i]);
	}
	free(text);
	if (nfail)
		return cli_err("cluster %s --all: failed on %s", verb, failed);
	return 0;
}

/* --corosync_conf FILE for start|stop --all (the nodelist to act on). */
static const char *conf_arg(int argc, char **argv)
{
	for (int i = 0; i + 1 < argc; i++)
		if (!strcmp(argv[i], "--corosync_conf"))
			return argv[i + 1];
	return COROSYNC_CONF;
}

static int start_local(void)
{
	const char *pacerd = getenv("PACERD") ?: "pacerd";

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

static int start(struct cli *c, int argc, char **argv)
{
	int rc = start_local();

	if (c->all) {
		if (rc)
			cli_err("this node: cluster start failed; going on "
				"with the others");
		rc |= on_others(conf_arg(argc, argv), "start");
	}
	return rc ? 1 : 0;
}

static int stop_local(struct cli *c)
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

static int stop(struct cli *c, int argc, char **argv)
{
	int rc = stop_local(c);

	if (c->all) {
		if (rc)
			cli_err("this node: cluster stop failed; going on "
				"with the others");
		rc |= on_others(conf_arg(argc, argv), "stop");
	}
	return rc ? 1 : 0;
}

static int destroy(struct cli *c)
{
	char p[600];

	if (cib_ipc_connect() >= 0)
		stop_local(c);
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
		return start(c, argc - 1, argv + 1);
	if (!strcmp(sub, "stop"))
		return stop(c, argc - 1, argv + 1);
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
