/*
 * test_cfg.c - drbd configuration parser: the users' configs, includes,
 * common inheritance, every section kind, dump round trip, host
 * selection, and malformed configs with their exact error messages.
 */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cfg_dump.h"
#include "cfg_host.h"
#include "cfg_parser.h"

#ifndef TEST_CONFIGS_DIR
#define TEST_CONFIGS_DIR "configs"
#endif

static char tmpdir[256];

static void mk_tmpdir(void)
{
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/test_cfg.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

static void rm_tmpdir(void)
{
	char cmd[300];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	ck_assert_int_eq(system(cmd), 0);
}

static void write_file(const char *rel, const char *text)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", tmpdir, rel);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
}

static struct cfg *parse_ok(const char *text)
{
	struct cfg_error err;
	struct cfg *cfg = NULL;
	int rc = cfg_parse_string("t.conf", text, &cfg, &err);

	ck_assert_msg(rc == 0, "parse failed: %s", err.msg);
	return cfg;
}

static const char *opt_value(const struct cfg_opt *list, const char *key)
{
	const struct cfg_opt *o = cfg_opt_find(list, key);

	ck_assert_msg(o != NULL, "option %s missing", key);
	return o->value ? o->value : "(none)";
}

/* ---- the users' files ------------------------------------------------- */

START_TEST(test_mysqlr0_res)
{
	struct cfg_error err;
	struct cfg *cfg = NULL;
	struct cfg_host_eff e;
	const struct cfg_resource *r;

	ck_assert_int_eq(cfg_parse_file(TEST_CONFIGS_DIR "/mysqlr0.res", &cfg, &err), 0);
	ck_assert_uint_eq(cfg->n_res, 1);
	r = &cfg->res[0];
	ck_assert_str_eq(r->name, "mysqlr0");
	ck_assert_int_eq(r->loc.line, 1);
	ck_assert_int_eq(cfg_resource_protocol(r), 'C');
	ck_assert_uint_eq(r->n_hosts, 2);
	ck_assert_str_eq(r->hosts[0].name, "lqi1ecmy01");
	ck_assert_str_eq(r->hosts[1].name, "lqi1ecmy02");
	ck_assert_int_eq(r->hosts[1].loc.line, 9);
	cfg_host_effective(r, &r->hosts[1], &e);
	ck_assert_str_eq(e.device, "/dev/drbd1");
	ck_assert_int_eq(e.minor, 1);
	ck_assert_str_eq(e.disk, "/dev/sdc");
	ck_assert_str_eq(e.address_family, "ipv4");
	ck_assert_str_eq(e.address, "10.0.1.5");
	ck_assert_int_eq(e.port, 7788);
	ck_assert_str_eq(e.meta_disk, "internal");
	cfg_free(cfg);
}
END_TEST

START_TEST(test_rabbitmq_res)
{
	struct cfg_error err;
	struct cfg *cfg = NULL;
	struct cfg_host_eff e;
	const struct cfg_resource *r;

	ck_assert_int_eq(cfg_parse_file(TEST_CONFIGS_DIR "/rabbitmq.res", &cfg, &err), 0);
	r = &cfg->res[0];
	ck_assert_str_eq(r->name, "rabbitmq");
	ck_assert_uint_eq(r->n_hosts, 2);
	cfg_host_effective(r, &r->hosts[0], &e);
	ck_assert_str_eq(e.name, "compute1");
	ck_assert_str_eq(e.device, "/dev/drbd1");
	ck_assert_int_eq(e.minor, 1);
	ck_assert_str_eq(e.disk, "/dev/mapper/vg_rabbit-rabbit");
	ck_assert_str_eq(e.meta_disk, "internal");
	ck_assert_str_eq(e.address, "192.168.1.15");
	ck_assert_int_eq(e.port, 7701);
	cfg_host_effective(r, &r->hosts[1], &e);
	ck_assert_str_eq(e.address, "192.168.1.32");
	ck_assert_int_eq(cfg_resource_protocol(r), 'C');
	cfg_free(cfg);
}
END_TEST

/* drbd.conf with global, common and an include of drbd.d glob */
START_TEST(test_drbd_conf_includes_and_common)
{
	struct cfg_error err;
	struct cfg *cfg = NULL;
	char path[512], cmd[1024];
	const struct cfg_resource *r;

	mk_tmpdir();
	snprintf(cmd, sizeof(cmd),
		 "mkdir '%s/drbd.d' && cp %s/drbd.conf '%s/' && cp %s/*.res '%s/drbd.d/'",
		 tmpdir, TEST_CONFIGS_DIR, tmpdir, TEST_CONFIGS_DIR, tmpdir);
	ck_assert_int_eq(system(cmd), 0);
	snprintf(path, sizeof(path), "%s/drbd.conf", tmpdir);
	ck_assert_msg(cfg_parse_file(path, &cfg, &err) == 0, "%s", err.msg);
	ck_assert_uint_eq(cfg->n_res, 2);
	/* glob order */
	ck_assert_str_eq(cfg->res[0].name, "mysqlr0");
	ck_assert_str_eq(cfg->res[1].name, "rabbitmq");
	ck_assert_str_eq(opt_value(cfg->global, "usage-count"), "no");
	r = &cfg->res[1];
	ck_assert_ptr_nonnull(strstr(r->loc.file, "drbd.d/rabbitmq.res"));
	ck_assert_str_eq(opt_value(r->sect[CFG_SECT_DISK], "on-io-error"), "detach");
	ck_assert_str_eq(opt_value(r->sect[CFG_SECT_DISK], "resync-rate"), "100M");
	ck_assert_str_eq(opt_value(r->sect[CFG_SECT_HANDLERS], "fence-peer"),
			 "/usr/lib/drbd/crm-fence-peer.sh");
	ck_assert_str_eq(opt_value(r->sect[CFG_SECT_STARTUP], "wfc-timeout"), "15");
	ck_assert_str_eq(opt_value(r->sect[CFG_SECT_NET], "after-sb-2pri"), "disconnect");
	ck_assert_int_eq(cfg_resource_protocol(r), 'C');
	cfg_free(cfg);
	rm_tmpdir();
}
END_TEST

START_TEST(test_common_inheritance_override)
{
	struct cfg *cfg = parse_ok(
		"common {\n"
		"  protocol A;\n"
		"  net { max-buffers 8000; allow-two-primaries; }\n"
		"  disk { on-io-error detach; }\n"
		"}\n"
		"resource r0 {\n"
		"  net { max-buffers 2000; protocol B; }\n"
		"  on a { device /dev/drbd0; disk /dev/vda; meta-disk internal; }\n"
		"}\n"
		"resource r1 {\n"
		"  on a { device minor 1; disk /dev/vdb; meta-disk internal; }\n"
		"}\n");
	const struct cfg_resource *r0 = cfg_find_resource(cfg, "r0");
	const struct cfg_resource *r1 = cfg_find_resource(cfg, "r1");

	ck_assert_str_eq(opt_value(r0->sect[CFG_SECT_NET], "max-buffers"), "2000");
	ck_assert_str_eq(opt_value(r0->sect[CFG_SECT_NET], "allow-two-primaries"), "(none)");
	ck_assert_int_eq(cfg_resource_protocol(r0), 'B');
	ck_assert_int_eq(cfg_resource_protocol(r1), 'A');
	ck_assert_str_eq(opt_value(r1->sect[CFG_SECT_NET], "max-buffers"), "8000");
	ck_assert_str_eq(opt_value(r1->sect[CFG_SECT_DISK], "on-io-error"), "detach");
	cfg_free(cfg);
}
END_TEST

START_TEST(test_all_section_kinds)
{
	struct cfg *cfg = parse_ok(
		"# comment line\n"
		"global { usage-count no; minor-count 16; disable-ip-verification; }\n"
		"skip { resource old { whatever { nested; } } }\n"
		"resource \"r-2.x_y\" {   # trailing comment\n"
		"  protocol C;\n"
		"  options { on-no-data-accessible io-error; }\n"
		"  net { verify-alg sha1; shared-secret \"a b\\\"c\"; }\n"
		"  disk { resync-rate 40M; al-extents 1237; }\n"
		"  handlers { split-brain \"/usr/lib/drbd/notify-split-brain.sh root\"; }\n"
		"  startup { become-primary-on both; wfc-timeout 0; }\n"
		"  on alpha.example.com {\n"
		"    device /dev/drbd_r2 minor 7;\n"
		"    disk \"/dev/disk/by-id/a b\";\n"
		"    address ipv6 [fd00::1]:7789;\n"
		"    meta-disk internal;\n"
		"    node-id 0;\n"
		"  }\n"
		"}\n");
	const struct cfg_resource *r = &cfg->res[0];
	struct cfg_host_eff e;

	ck_assert_uint_eq(cfg->n_res, 1);
	ck_assert_str_eq(r->name, "r-2.x_y");
	ck_assert_int_eq(r->loc.line, 4);
	ck_assert_str_eq(opt_value(cfg->global, "disable-ip-verification"), "(none)");
	ck_assert_str_eq(opt_value(r->sect[CFG_SECT_OPTIONS], "on-no-data-accessible"), "io-error");
	ck_assert_str_eq(opt_value(r->sect[CFG_SECT_NET], "shared-secret"), "a b\"c");
	ck_assert_str_eq(opt_value(r->sect[CFG_SECT_DISK], "al-extents"), "1237");
	ck_assert_str_eq(opt_value(r->sect[CFG_SECT_HANDLERS], "split-brain"),
			 "/usr/lib/drbd/notify-split-brain.sh root");
	ck_assert_str_eq(opt_value(r->sect[CFG_SECT_STARTUP], "become-primary-on"), "both");
	cfg_host_effective(r, &r->hosts[0], &e);
	ck_assert_str_eq(e.device, "/dev/drbd_r2");
	ck_assert_int_eq(e.minor, 7);
	ck_assert_str_eq(e.disk, "/dev/disk/by-id/a b");
	ck_assert_str_eq(e.address_family, "ipv6");
	ck_assert_str_eq(e.address, "fd00::1");
	ck_assert_int_eq(e.port, 7789);
	cfg_free(cfg);
}
END_TEST

/* Resource-level device/disk, one host overriding the disk. */
START_TEST(test_resource_level_defaults)
{
	struct cfg *cfg = parse_ok(
		"resource r0 {\n"
		"  device /dev/drbd3; disk /dev/vdb; meta-disk internal;\n"
		"  disk { on-io-error detach; }\n"
		"  on a { address 10.0.0.1:7788; }\n"
		"  on b { address 10.0.0.2:7788; disk /dev/vdc; }\n"
		"}\n");
	const struct cfg_resource *r = &cfg->res[0];
	struct cfg_host_eff e;

	cfg_host_effective(r, &r->hosts[0], &e);
	ck_assert_str_eq(e.disk, "/dev/vdb");
	ck_assert_int_eq(e.minor, 3);
	cfg_host_effective(r, &r->hosts[1], &e);
	ck_assert_str_eq(e.disk, "/dev/vdc");
	ck_assert_str_eq(opt_value(r->sect[CFG_SECT_DISK], "on-io-error"), "detach");
	cfg_free(cfg);
}
END_TEST

static char *dump_to_string(const struct cfg *cfg)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	ck_assert_ptr_nonnull(f);
	cfg_dump(cfg, "t.conf", NULL, 0, f);
	fclose(f);
	return buf;
}

/* Drop "# ..." lines: they name where things were read from. */
static void strip_comments(char *s)
{
	char *out = s;

	while (*s) {
		char *nl = strchr(s, '\n');
		size_t n = nl ? (size_t)(nl - s + 1) : strlen(s);

		if (*s != '#') {
			memmove(out, s, n);
			out += n;
		}
		s += n;
	}
	*out = 0;
}

START_TEST(test_dump_round_trip)
{
	struct cfg *a = parse_ok(
		"global { usage-count no; }\n"
		"common { protocol C; disk { resync-rate 100M; } }\n"
		"resource rabbitmq {\n"
		"  device    minor 1;\n"
		"  disk      \"/dev/mapper/vg_rabbit-rabbit\";\n"
		"  meta-disk internal;\n"
		"  handlers { fence-peer \"/usr/lib/x.sh --a b\"; }\n"
		"  on compute1 { address ipv4 192.168.1.15:7701; }\n"
		"  on compute2 { address ipv6 [fd00::2]:7701; }\n"
		"}\n");
	struct cfg *b;
	char *da = dump_to_string(a), *db;

	ck_assert_ptr_nonnull(strstr(da, "    on compute1 {\n        device /dev/drbd1 minor 1;\n"
				 "        disk /dev/mapper/vg_rabbit-rabbit;\n"
				 "        address ipv4 192.168.1.15:7701;\n"
				 "        meta-disk internal;\n    }\n"));
	ck_assert_ptr_nonnull(strstr(da, "fence-peer \"/usr/lib/x.sh --a b\";"));
	ck_assert_ptr_nonnull(strstr(da, "address ipv6 [fd00::2]:7701;"));
	ck_assert_ptr_nonnull(strstr(da, "    net {\n        protocol C;\n    }\n"));
	b = parse_ok(da);
	db = dump_to_string(b);
	strip_comments(da);
	strip_comments(db);
	ck_assert_str_eq(da, db);
	free(da);
	free(db);
	cfg_free(a);
	cfg_free(b);
}
END_TEST

START_TEST(test_include_relative_nested)
{
	struct cfg_error err;
	struct cfg *cfg = NULL;
	char path[512];

	mk_tmpdir();
	ck_assert_int_eq(mkdir(strcat(strcpy(path, tmpdir), "/sub"), 0755), 0);
	write_file("top.conf", "include \"sub/*.conf\";\ninclude \"none.d/*.res\";\n");
	write_file("sub/a.conf", "include \"b.inc\";\n");
	write_file("sub/b.inc",
		   "resource rb { on h { device minor 0; disk /dev/x; meta-disk internal; } }\n");
	snprintf(path, sizeof(path), "%s/top.conf", tmpdir);
	ck_assert_msg(cfg_parse_file(path, &cfg, &err) == 0, "%s", err.msg);
	ck_assert_uint_eq(cfg->n_res, 1);
	ck_assert_ptr_nonnull(strstr(cfg->res[0].loc.file, "sub/b.inc"));
	cfg_free(cfg);
	rm_tmpdir();
}
END_TEST

START_TEST(test_include_loop)
{
	struct cfg_error err;
	struct cfg *cfg = NULL;
	char path[512], want[1024];

	mk_tmpdir();
	write_file("self.conf", "# loops\ninclude \"self.conf\";\n");
	snprintf(path, sizeof(path), "%s/self.conf", tmpdir);
	ck_assert_int_eq(cfg_parse_file(path, &cfg, &err), -EINVAL);
	/* dirname() of "DIR/self.conf" is DIR: every level is DIR/self.conf */
	snprintf(want, sizeof(want),
		 "%s/self.conf:2: includes nested deeper than 10 levels; does a file include itself?",
		 tmpdir);
	ck_assert_str_eq(err.msg, want);
	rm_tmpdir();
}
END_TEST

START_TEST(test_error_in_included_file_names_it)
{
	struct cfg_error err;
	struct cfg *cfg = NULL;
	char path[512], want[1024];

	mk_tmpdir();
	write_file("top.conf", "global { usage-count no; }\ninclude \"*.res\";\n");
	write_file("bad.res", "resource r0 {\n  on a {\n    device /dev/drbd0\n  }\n}\n");
	snprintf(path, sizeof(path), "%s/top.conf", tmpdir);
	ck_assert_int_eq(cfg_parse_file(path, &cfg, &err), -EINVAL);
	snprintf(want, sizeof(want), "%s/bad.res:4: expected ';' after the device, found '}'",
		 tmpdir);
	ck_assert_str_eq(err.msg, want);
	rm_tmpdir();
}
END_TEST

START_TEST(test_missing_file)
{
	struct cfg_error err;
	struct cfg *cfg = NULL;

	ck_assert_int_eq(cfg_parse_file("/nonexistent/drbd.conf", &cfg, &err), -ENOENT);
	ck_assert_str_eq(err.msg,
			 "/nonexistent/drbd.conf: cannot read: No such file or directory; name another config file with -c FILE");
}
END_TEST

/* ---- host selection ----------------------------------------------------- */

static const char *two_res =
	"resource r0 {\n"
	"  on a { device minor 0; disk /dev/vda; address 10.0.0.1:7788; meta-disk internal; }\n"
	"  on b { device minor 0; disk /dev/vda; address 10.0.0.2:7788; meta-disk internal; }\n"
	"}\n"
	"resource r1 {\n"
	"  on b { device minor 1; disk /dev/vdb; meta-disk internal; }\n"
	"}\n";

START_TEST(test_select_all_for_host)
{
	struct cfg *cfg = parse_ok(two_res);
	struct cfg_resource **sel;
	struct cfg_error err;
	char *all[] = { "all" };
	size_t n;

	ck_assert_int_eq(cfg_select_resources(cfg, "t.conf", "a", all, 1, &sel, &n, &err), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(sel[0]->name, "r0");
	free(sel);
	/* short name of the node: b.example.com -> b */
	ck_assert_int_eq(cfg_select_resources(cfg, "t.conf", "b.example.com", all, 1,
					      &sel, &n, &err), 0);
	ck_assert_uint_eq(n, 2);
	free(sel);
	cfg_free(cfg);
}
END_TEST

START_TEST(test_select_host_missing)
{
	struct cfg *cfg = parse_ok(two_res);
	struct cfg_resource **sel;
	struct cfg_error err;
	char *names[] = { "r0" };
	char *all[] = { "all" };
	char *bad[] = { "r9" };
	size_t n;

	ck_assert_int_eq(cfg_select_resources(cfg, "t.conf", "c", names, 1, &sel, &n, &err),
			 -ENOENT);
	ck_assert_str_eq(err.msg,
			 "t.conf:1: resource r0 has no 'on' section for this host (c); it names a, b. Add 'on c { ... }' or fix the host name");
	ck_assert_int_eq(cfg_select_resources(cfg, "t.conf", "c", all, 1, &sel, &n, &err),
			 -ENOENT);
	ck_assert_str_eq(err.msg, "t.conf: no resource has an 'on' section for this host (c)");
	ck_assert_int_eq(cfg_select_resources(cfg, "t.conf", "a", bad, 1, &sel, &n, &err),
			 -ENOENT);
	ck_assert_str_eq(err.msg, "'r9' is not defined in t.conf (defined there: r0, r1)");
	cfg_free(cfg);
}
END_TEST

START_TEST(test_this_host_env)
{
	char buf[64];

	setenv("DRBD_HOSTNAME", "nodeX", 1);
	ck_assert_int_eq(cfg_this_host(buf, sizeof(buf)), 0);
	ck_assert_str_eq(buf, "nodeX");
	unsetenv("DRBD_HOSTNAME");
	ck_assert_int_eq(cfg_this_host(buf, sizeof(buf)), 0);
	ck_assert_uint_gt(strlen(buf), 0);
}
END_TEST

/* ---- malformed configs: exact messages ---------------------------------- */

#define ON_A "  on a { device minor 0; disk /dev/vda; meta-disk internal; }\n"

static const struct bad_case {
	const char *text;
	const char *msg;
} bad_cases[] = {
	{ "resource r0 {\n" ON_A,
	  "t.conf:1: end of file inside resource r0; a '}' is missing" },
	{ "resource r0 {\n  disk \"/dev/sda;\n" ON_A "}\n",
	  "t.conf:2: unterminated string: a quoted string must end on the line it starts (missing '\"')" },
	{ "resourc r0 {\n}\n",
	  "t.conf:1: unknown keyword 'resourc' at the top level; expected global, common, resource, include or skip" },
	{ "resource r0 {\n  on a {\n    device /dev/drbd0\n    disk /dev/vda;\n    meta-disk internal;\n  }\n}\n",
	  "t.conf:4: expected ';' after the device, found 'disk'" },
	{ "resource r0 {\n  protocol D;\n" ON_A "}\n",
	  "t.conf:2: unknown protocol 'D'; use A, B or C" },
	{ "resource r0 {\n  net { protocol X; }\n" ON_A "}\n",
	  "t.conf:2: unknown protocol 'X'; use A, B or C" },
	{ "resource r0 {\n  on a { device minor 256; disk /dev/vda; meta-disk internal; }\n}\n",
	  "t.conf:2: minor '256' is not a number from 0 to 255" },
	{ "resource r0 {\n  on a { device /dev/foo; disk /dev/vda; meta-disk internal; }\n}\n",
	  "t.conf:2: cannot tell the minor number from '/dev/foo'; write 'device /dev/foo minor N;'" },
	{ "resource r0 {\n  on a { device /dev/drbd1 minor 2; disk /dev/vda; meta-disk internal; }\n}\n",
	  "t.conf:2: device '/dev/drbd1' does not match 'minor 2'" },
	{ "resource r0 {\n  on a { device minor 0; disk sdb; meta-disk internal; }\n}\n",
	  "t.conf:2: disk 'sdb' is not an absolute path (like /dev/sdb)" },
	{ "resource r0 {\n  on a { device minor 0; disk /dev/vda; meta-disk /dev/sdb1; }\n}\n",
	  "t.conf:2: external metadata ('meta-disk /dev/sdb1') is not supported; use 'meta-disk internal;'" },
	{ "resource r0 {\n" ON_A "  on b {\n    address 10.0.0.1;\n  }\n}\n",
	  "t.conf:4: address '10.0.0.1' has no port; write IP:PORT (like 10.0.0.1:7788)" },
	{ "resource r0 {\n" ON_A "  on b { address 10.0.0.300:7788; }\n}\n",
	  "t.conf:3: '10.0.0.300' is not an IPv4 address (host names are not accepted; for IPv6 write 'address ipv6 [ADDR]:PORT')" },
	{ "resource r0 {\n" ON_A "  on b { address 10.0.0.3:70000; }\n}\n",
	  "t.conf:3: port '70000' is not a number from 1 to 65535" },
	{ "resource r0 {\n" ON_A ON_A "}\n",
	  "t.conf:3: host 'a' has a second 'on' section in resource r0 (first at t.conf:2)" },
	{ "resource r0 {\n" ON_A "}\nresource r0 {\n" ON_A "}\n",
	  "t.conf:4: resource r0 is defined twice (first at t.conf:1)" },
	{ "resource r0 {\n  protocol C;\n}\n",
	  "t.conf:1: resource r0 has no 'on HOST { }' section; add one per node" },
	{ "resource r0 {\n  on a {\n    device minor 0;\n    meta-disk internal;\n  }\n}\n",
	  "t.conf:2: resource r0, host a: no disk; add 'disk /dev/...;' naming the lower device" },
	{ "resource r0 {\n  on a { disk /dev/vda; meta-disk internal; }\n}\n",
	  "t.conf:2: resource r0, host a: no device; add 'device /dev/drbdN;' or 'device minor N;'" },
	{ "resource r0 {\n  on a { device minor 0; disk /dev/vda; }\n}\n",
	  "t.conf:2: resource r0, host a: no meta-disk; add 'meta-disk internal;'" },
	{ "resource r0 {\n  meta-disk internal; device minor 0; disk /dev/vda;\n"
	  "  on a { address 10.0.0.1:7788; }\n  on b { }\n}\n",
	  "t.conf:4: resource r0, host b: no address; add 'address IP:PORT;'" },
	{ "resource r0 {\n  on a { devic /dev/drbd0; }\n}\n",
	  "t.conf:2: unknown keyword 'devic' in 'on a'; expected device, disk, address or meta-disk" },
	{ "resource r0 {\n  foo bar;\n" ON_A "}\n",
	  "t.conf:2: unknown keyword 'foo' in resource r0; expected on, protocol, device, disk, address, meta-disk, net, disk, handlers, startup or options" },
	{ "resource r0 {\n  net { max-buffers 8000 9000; }\n" ON_A "}\n",
	  "t.conf:2: option 'max-buffers' takes at most one value; is a ';' missing after 'max-buffers 8000'?" },
	{ "resource r0 {\n  net {\n    allow-two-primaries\n  }\n" ON_A "}\n",
	  "t.conf:4: expected ';' after option 'allow-two-primaries', found '}'" },
	{ "resource r0 {\n  disk {\n    resync-rate 10M;\n    resync-rate 20M;\n  }\n" ON_A "}\n",
	  "t.conf:4: option 'resync-rate' given twice in the disk section (first at t.conf:3)" },
	{ "}\n",
	  "t.conf:1: '}' without a matching '{'" },
	{ "resource r0 {\n  syncer { rate 10M; }\n" ON_A "}\n",
	  "t.conf:2: the 'syncer' section is from DRBD 8.3; move resync-rate and al-extents into 'disk { }' and verify-alg into 'net { }'" },
	{ "resource r0 {\n" ON_A "}\nresource r1 {\n  on a { device /dev/drbd0; disk /dev/vdb; meta-disk internal; }\n}\n",
	  "t.conf:5: resource r1 uses minor 0 on host a, already used by resource r0 (t.conf:1)" },
	{ "resource all {\n" ON_A "}\n",
	  "t.conf:1: 'all' is reserved (it means every resource); pick another resource name" },
	{ "resource r/0 {\n" ON_A "}\n",
	  "t.conf:1: resource name 'r/0' may only hold letters, digits, '_', '-' and '.'" },
	{ "common { }\ncommon { }\n",
	  "t.conf:2: second 'common' section; merge them into one" },
	{ "global { }\n\nglobal { }\n",
	  "t.conf:3: second 'global' section; merge them into one" },
	{ "resource r0 {\n  on a { device minor 0; disk none; meta-disk internal; }\n}\n",
	  "t.conf:2: 'disk none' (a diskless node) is not supported; name the lower device" },
	{ "resource r0 {\n  on a {\n    device minor 0;\n    device minor 1;\n  }\n}\n",
	  "t.conf:4: 'device' given twice in 'on a' (first at t.conf:3)" },
	{ "resource r0 {\n  net { foo { } }\n" ON_A "}\n",
	  "t.conf:2: 'foo' cannot open a block inside the net section" },
	{ "resource r0 {\n  on { }\n}\n",
	  "t.conf:2: expected a host name after 'on', found '{'" },
	{ "resource r0 {\n" ON_A "  on b { address sdp 10.0.0.1:7788; }\n}\n",
	  "t.conf:3: address family 'sdp' is not supported; use ipv4 or ipv6" },
	{ "resource r0 {\n  on a { flexible-meta-disk /dev/x; }\n}\n",
	  "t.conf:2: 'flexible-meta-disk' (external metadata) is not supported; use 'meta-disk internal;'" },
	{ "resource r0 {\n  volume 0 { }\n}\n",
	  "t.conf:2: 'volume' is not supported; describe the resource with 'on HOST { }' sections" },
	{ "resource r0 {\n\x01\n}\n",
	  "t.conf:2: unexpected character 0x01 (not text)" },
	{ "common {\n  handlers { fence-peer x; }\n  handlers { }\n}\n",
	  "t.conf:3: second 'handlers' section in the common section; merge them into one" },
	{ "common {\n  device minor 1;\n}\n",
	  "t.conf:2: unknown keyword 'device' in the common section; expected protocol, net, disk, handlers, startup or options" },
	{ "resource r0 {\n  protocol C;\n  net { protocol C; }\n" ON_A "}\n",
	  "t.conf:3: option 'protocol' given twice in the net section (first at t.conf:2)" },
	{ "skip {\n  resource x {\n",
	  "t.conf:1: end of file inside this 'skip' block; a '}' is missing" },
	{ "resource r0 {\n  on a { device minor x1; }\n}\n",
	  "t.conf:2: minor 'x1' is not a number from 0 to 255" },
	{ "resource r0 {\n  on a { address ipv6 fd00::1:7788; }\n}\n",
	  "t.conf:2: address 'fd00::1:7788' is not [IPv6]:PORT" },
	{ "include\n",
	  "t.conf:2: expected a file name or pattern after 'include', found end of file" },
	{ "resource r0 {\n  on a {\n    address 10.0.0.1:7788;\n",
	  "t.conf:4: end of file inside 'on a'; a '}' is missing" },
	{ "resource r0 {\n  net {\n    ko-count 7;\n",
	  "t.conf:4: end of file inside the net section; a '}' is missing" },
};

START_TEST(test_malformed)
{
	const struct bad_case *c = &bad_cases[_i];
	struct cfg_error err;
	struct cfg *cfg = NULL;
	int rc = cfg_parse_string("t.conf", c->text, &cfg, &err);

	ck_assert_msg(rc == -EINVAL, "case %d parsed (rc %d): %s", _i, rc, c->text);
	ck_assert_ptr_null(cfg);
	ck_assert_msg(strcmp(err.msg, c->msg) == 0, "case %d:\n got: %s\nwant: %s",
		      _i, err.msg, c->msg);
}
END_TEST

/* disk { al-extents N; }: the activity log's size at attach. */
START_TEST(test_al_extents)
{
	static const struct {
		const char *common, *res;	/* disk section contents */
		int rc;
		unsigned int slots;
		bool capped;
		const char *msg;
	} c[] = {
		{ "", "", 0, 64, false, NULL },
		{ "", "al-extents 200;", 0, 200, false, NULL },
		{ "al-extents 128;", "", 0, 128, false, NULL },
		{ "al-extents 128;", "al-extents 7;", 0, 7, false, NULL },
		{ "", "al-extents 1019;", 0, 1019, false, NULL },
		{ "", "al-extents 1237;", 0, 1019, true, NULL },
		{ "al-extents 65534;", "", 0, 1019, true, NULL },
		{ "", "al-extents 6;", -EINVAL, 64, false,
		  "t.conf:3: al-extents '6' is not a number of extents from 7 to 65534; write e.g. 'al-extents 64;' in the disk section" },
		{ "", "al-extents 65535;", -EINVAL, 64, false,
		  "t.conf:3: al-extents '65535' is not a number of extents from 7 to 65534; write e.g. 'al-extents 64;' in the disk section" },
		{ "", "al-extents 99999999999999999999;", -EINVAL, 64, false, NULL },
		{ "", "al-extents 4M;", -EINVAL, 64, false, NULL },
		{ "al-extents x;", "", -EINVAL, 64, false,
		  "t.conf:1: al-extents 'x' is not a number of extents from 7 to 65534; write e.g. 'al-extents 64;' in the disk section" },
		{ "", "al-extents;", -EINVAL, 64, false,
		  "t.conf:3: al-extents '' is not a number of extents from 7 to 65534; write e.g. 'al-extents 64;' in the disk section" },
	};
	size_t i;

	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		char text[512];
		struct cfg *cfg;
		struct cfg_error err = { "" };
		unsigned int slots = 0;
		bool capped = true;
		int rc;

		snprintf(text, sizeof(text),
			 "common { disk { %s } }\n"
			 "resource r0 {\n"
			 "  disk { %s }\n"
			 "  on a { device /dev/drbd0; disk /dev/vdb; meta-disk internal; }\n"
			 "}\n", c[i].common, c[i].res);
		cfg = parse_ok(text);
		rc = cfg_al_extents(cfg, &cfg->res[0], &slots, &capped, &err);
		ck_assert_msg(rc == c[i].rc, "case %zu: rc %d", i, rc);
		ck_assert_msg(slots == c[i].slots, "case %zu: %u slots", i, slots);
		ck_assert_msg(capped == c[i].capped, "case %zu: capped %d", i, capped);
		if (c[i].msg)
			ck_assert_str_eq(err.msg, c[i].msg);
		cfg_free(cfg);
	}
}
END_TEST

static Suite *cfg_suite(void)
{
	Suite *s = suite_create("cfg");
	TCase *tc = tcase_create("valid");

	tcase_add_test(tc, test_mysqlr0_res);
	tcase_add_test(tc, test_rabbitmq_res);
	tcase_add_test(tc, test_drbd_conf_includes_and_common);
	tcase_add_test(tc, test_common_inheritance_override);
	tcase_add_test(tc, test_all_section_kinds);
	tcase_add_test(tc, test_resource_level_defaults);
	tcase_add_test(tc, test_dump_round_trip);
	tcase_add_test(tc, test_include_relative_nested);
	tcase_add_test(tc, test_include_loop);
	tcase_add_test(tc, test_error_in_included_file_names_it);
	tcase_add_test(tc, test_missing_file);
	tcase_add_test(tc, test_al_extents);
	suite_add_tcase(s, tc);

	tc = tcase_create("host");
	tcase_add_test(tc, test_select_all_for_host);
	tcase_add_test(tc, test_select_host_missing);
	tcase_add_test(tc, test_this_host_env);
	suite_add_tcase(s, tc);

	tc = tcase_create("malformed");
	tcase_add_loop_test(tc, test_malformed, 0,
			    (int)(sizeof(bad_cases) / sizeof(bad_cases[0])));
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(cfg_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
