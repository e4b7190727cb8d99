/*
 * fence_qemu - fence agent for the VMs of the lab: the lab's IPMI.
 *
 * The standard fence-agent interface: options as key=value lines on stdin
 * (or --key=value / -o ACTION -n PLUG on the command line), actions off,
 * on, reboot, status, list, monitor, metadata.  It talks to the lab's
 * power controller over TCP (ipaddr, ipport): one request line
 * "ACTION PLUG", one answer line "OK [state]" or "ERR reason".
 *
 * Exit codes as fence-agents use them: 0 success (status: on), 1 failure,
 * 2 status: off.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

struct fence_opts {
	char action[32];
	char plug[64];
	char ipaddr[128];
	char ipport[16];
	int timeout;	/* seconds, per request */
};

static void meta_data(void)
{
	puts("<?xml version=\"1.0\" ?>\n"
	     "<resource-agent name=\"fence_qemu\" shortdesc=\"Fence agent for QEMU VMs of the drbd-pacer lab\">\n"
	     "<longdesc>fence_qemu powers lab VMs off and on through the lab's power controller, "
	     "as fence_ipmilan does for a server's BMC.</longdesc>\n"
	     "<vendor-url>https://www.qemu.org</vendor-url>\n"
	     "<parameters>\n"
	     "\t<parameter name=\"action\" unique=\"0\" required=\"1\">\n"
	     "\t\t<getopt mixed=\"-o, --action=[action]\" />\n"
	     "\t\t<content type=\"string\" default=\"reboot\" />\n"
	     "\t\t<shortdesc lang=\"en\">Fencing action</shortdesc>\n"
	     "\t</parameter>\n"
	     "\t<parameter name=\"plug\" unique=\"0\" required=\"1\" obsoletes=\"port\">\n"
	     "\t\t<getopt mixed=\"-n, --plug=[name]\" />\n"
	     "\t\t<content type=\"string\" />\n"
	     "\t\t<shortdesc lang=\"en\">VM name (node name) to act on</shortdesc>\n"
	     "\t</parameter>\n"
	     "\t<parameter name=\"port\" unique=\"0\" required=\"0\" deprecated=\"1\">\n"
	     "\t\t<getopt mixed=\"-n, --plug=[name]\" />\n"
	     "\t\t<content type=\"string\" />\n"
	     "\t\t<shortdesc lang=\"en\">VM name (node name) to act on</shortdesc>\n"
	     "\t</parameter>\n"
	     "\t<parameter name=\"ipaddr\" unique=\"0\" required=\"1\">\n"
	     "\t\t<getopt mixed=\"-a, --ip=[ip]\" />\n"
	     "\t\t<content type=\"string\" />\n"
	     "\t\t<shortdesc lang=\"en\">Address of the lab power controller</shortdesc>\n"
	     "\t</parameter>\n"
	     "\t<parameter name=\"ipport\" unique=\"0\" required=\"0\">\n"
	     "\t\t<getopt mixed=\"-u, --ipport=[port]\" />\n"
	     "\t\t<content type=\"integer\" default=\"7410\" />\n"
	     "\t\t<shortdesc lang=\"en\">TCP port of the lab power controller</shortdesc>\n"
	     "\t</parameter>\n"
	     "\t<parameter name=\"power_timeout\" unique=\"0\" required=\"0\">\n"
	     "\t\t<getopt mixed=\"--power-timeout=[seconds]\" />\n"
	     "\t\t<content type=\"second\" default=\"20\" />\n"
	     "\t\t<shortdesc lang=\"en\">Seconds to wait for an answer</shortdesc>\n"
	     "\t</parameter>\n"
	     "</parameters>\n"
	     "<actions>\n"
	     "\t<action name=\"on\" automatic=\"0\"/>\n"
	     "\t<action name=\"off\" />\n"
	     "\t<action name=\"reboot\" />\n"
	     "\t<action name=\"status\" />\n"
	     "\t<action name=\"list\" />\n"
	     "\t<action name=\"monitor\" />\n"
	     "\t<action name=\"metadata\" />\n"
	     "\t<action name=\"validate-all\" />\n"
	     "</actions>\n"
	     "</resource-agent>");
}

static void copy(char *dst, size_t len, const char *src)
{
	snprintf(dst, len, "%s", src);
}

/* One "key=value" setting, from stdin or from the command line. */
static int set_opt(struct fence_opts *o, const char *key, const char *val)
{
	if (!strcmp(key, "action") || !strcmp(key, "option") || !strcmp(key, "o"))
		copy(o->action, sizeof(o->action), val);
	else if (!strcmp(key, "plug") || !strcmp(key, "port") || !strcmp(key, "n"))
		copy(o->plug, sizeof(o->plug), val);
	else if (!strcmp(key, "ipaddr") || !strcmp(key, "ip") || !strcmp(key, "a"))
		copy(o->ipaddr, sizeof(o->ipaddr), val);
	else if (!strcmp(key, "ipport") || !strcmp(key, "u"))
		copy(o->ipport, sizeof(o->ipport), val);
	else if (!strcmp(key, "power_timeout") || !strcmp(key, "power-timeout"))
		o->timeout = atoi(val);
	/* Unknown keys (nodename, pcmk_* ...) are ignored, as fence agents do. */
	return 0;
}

static void parse_stdin(struct fence_opts *o)
{
	char line[512];

	while (fgets(line, sizeof(line), stdin)) {
		char *eq, *end = line + strcspn(line, "\r\n");

		*end = '\0';
		if (line[0] == '#' || !(eq = strchr(line, '=')))
			continue;
		*eq = '\0';
		set_opt(o, line, eq + 1);
	}
}

static void parse_args(struct fence_opts *o, int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];
		char key[64];
		const char *eq;

		if (a[0] == '-' && a[1] && a[2] == '\0' && i + 1 < argc) {
			key[0] = a[1];
			key[1] = '\0';
			set_opt(o, key, argv[++i]);
		} else if (!strncmp(a, "--", 2) && (eq = strchr(a, '='))) {
			snprintf(key, sizeof(key), "%.*s", (int)(eq - a - 2), a + 2);
			set_opt(o, key, eq + 1);
		}
	}
}

static int dial(const struct fence_opts *o)
{
	struct addrinfo hints = { .ai_socktype = SOCK_STREAM }, *ai, *p;
	struct timeval tv = { .tv_sec = o->timeout };
	int fd = -1, err;

	err = getaddrinfo(o->ipaddr, o->ipport, &hints, &ai);
	if (err) {
		fprintf(stderr, "fence_qemu: %s: %s\n", o->ipaddr, gai_strerror(err));
		return -1;
	}
	for (p = ai; p; p = p->ai_next) {
		fd = socket(p->ai_family, p->ai_socktype, p->ai_protocol);
		if (fd < 0)
			continue;
		setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
		setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
		if (!connect(fd, p->ai_addr, p->ai_addrlen))
			break;
		close(fd);
		fd = -1;
	}
	freeaddrinfo(ai);
	if (fd < 0)
		fprintf(stderr, "fence_qemu: cannot reach the power controller at %s:%s: %s\n",
			o->ipaddr, o->ipport, strerror(errno));
	return fd;
}

/* Send "ACTION PLUG", read one line into @ans; 0 when it starts with OK. */
static int request(const struct fence_opts *o, const char *action, char *ans,
		   size_t len)
{
	char req[160];
	size_t got = 0;
	int fd = dial(o);

	if (fd < 0)
		return -1;
	snprintf(req, sizeof(req), "%s %s\n", action, o->plug[0] ? o->plug : "-");
	if (write(fd, req, strlen(req)) != (ssize_t)strlen(req)) {
		close(fd);
		return -1;
	}
	while (got < len - 1) {
		ssize_t n = read(fd, ans + got, 1);

		if (n <= 0 || ans[got] == '\n')
			break;
		got++;
	}
	ans[got] = '\0';
	close(fd);
	if (strncmp(ans, "OK", 2)) {
		fprintf(stderr, "fence_qemu: %s %s: %s\n", action, o->plug,
			got ? ans : "no answer from the power controller");
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct fence_opts o = { .timeout = 20 };
	char ans[512];

	copy(o.action, sizeof(o.action), "reboot");
	copy(o.ipport, sizeof(o.ipport), "7410");
	if (argc == 1)
		parse_stdin(&o);
	else
		parse_args(&o, argc, argv);

	if (!strcmp(o.action, "metadata")) {
		meta_data();
		return 0;
	}
	if (!o.ipaddr[0]) {
		fprintf(stderr, "fence_qemu: ipaddr is required (the lab power controller)\n");
		return 1;
	}
	if (!strcmp(o.action, "monitor") || !strcmp(o.action, "validate-all"))
		return request(&o, "monitor", ans, sizeof(ans)) ? 1 : 0;
	if (!strcmp(o.action, "list")) {
		if (request(&o, "list", ans, sizeof(ans)))
			return 1;
		/* "OK node1 node2" -> one "name," line each, as fence-agents print */
		for (char *t = strtok(ans + 2, " "); t; t = strtok(NULL, " "))
			printf("%s,\n", t);
		return 0;
	}
	if (!o.plug[0]) {
		fprintf(stderr, "fence_qemu: plug (the VM name) is required for %s\n", o.action);
		return 1;
	}
	if (!strcmp(o.action, "status")) {
		if (request(&o, "status", ans, sizeof(ans)))
			return 1;
		printf("Status: %s\n", strstr(ans, "off") ? "OFF" : "ON");
		return strstr(ans, "off") ? 2 : 0;
	}
	if (!strcmp(o.action, "off") || !strcmp(o.action, "on") ||
	    !strcmp(o.action, "reboot")) {
		if (request(&o, o.action, ans, sizeof(ans)))
			return 1;
		printf("Success: %s\n", !strcmp(o.action, "reboot") ? "Rebooted" :
		       !strcmp(o.action, "on") ? "Powered ON" : "Powered OFF");
		return 0;
	}
	fprintf(stderr, "fence_qemu: unknown action '%s'\n", o.action);
	return 1;
}
