// SPDX-License-Identifier: GPL-2.0-only
/*
 * cfg_dump.c - canonical text of a parsed configuration.
 */
#include <stdio.h>
#include <string.h>

#include "cfg_dump.h"

/* Words print bare; anything the lexer would split or strip is quoted. */
static void put_value(FILE *out, const char *v)
{
	const char *c;
	bool bare = *v != 0;

	for (c = v; *c; c++)
		if ((unsigned char)*c <= ' ' || *c == 0x7f || strchr("{};\"#\\", *c))
			bare = false;
	if (bare) {
		fputs(v, out);
		return;
	}
	fputc('"', out);
	for (c = v; *c; c++) {
		if (*c == '"' || *c == '\\')
			fputc('\\', out);
		fputc(*c, out);
	}
	fputc('"', out);
}

static void put_opts(FILE *out, const struct cfg_opt *o, const char *indent)
{
	for (; o; o = o->next) {
		fprintf(out, "%s%s", indent, o->key);
		if (o->value) {
			fputc(' ', out);
			put_value(out, o->value);
		}
		fputs(";\n", out);
	}
}

static void put_sections(FILE *out, struct cfg_opt *const *sect, const char *indent)
{
	char inner[16];
	int s;

	snprintf(inner, sizeof(inner), "%s    ", indent);
	for (s = 0; s < CFG_SECT__COUNT; s++) {
		if (!sect[s])
			continue;
		fprintf(out, "%s%s {\n", indent, cfg_sect_name(s));
		put_opts(out, sect[s], inner);
		fprintf(out, "%s}\n", indent);
	}
}

static void put_host(FILE *out, const struct cfg_resource *r,
		     const struct cfg_host *h)
{
	struct cfg_host_eff e;

	cfg_host_effective(r, h, &e);
	fputs("    on ", out);
	put_value(out, h->name);
	fputs(" {\n        device ", out);
	put_value(out, e.device);
	fprintf(out, " minor %d;\n        disk ", e.minor);
	put_value(out, e.disk);
	fputs(";\n", out);
	if (e.address) {
		if (strcmp(e.address_family, "ipv6") == 0)
			fprintf(out, "        address ipv6 [%s]:%d;\n", e.address, e.port);
		else
			fprintf(out, "        address ipv4 %s:%d;\n", e.address, e.port);
	}
	fprintf(out, "        meta-disk %s;\n    }\n", e.meta_disk);
}

static void put_resource(FILE *out, const struct cfg_resource *r)
{
	size_t i;

	fprintf(out, "# resource %s at %s:%d\nresource ", r->name, r->loc.file,
		r->loc.line);
	put_value(out, r->name);
	fputs(" {\n", out);
	put_sections(out, r->sect, "    ");
	for (i = 0; i < r->n_hosts; i++)
		put_host(out, r, &r->hosts[i]);
	fputs("}\n", out);
}

void cfg_dump(const struct cfg *cfg, const char *top_file,
	      struct cfg_resource *const *only, size_t n_only, FILE *out)
{
	size_t i;
	bool any_common = false;
	int s;

	fprintf(out, "# %s\n", top_file);
	if (cfg->global) {
		fputs("\nglobal {\n", out);
		put_opts(out, cfg->global, "    ");
		fputs("}\n", out);
	}
	for (s = 0; s < CFG_SECT__COUNT; s++)
		any_common |= cfg->common[s] != NULL;
	if (any_common) {
		fputs("\ncommon {\n", out);
		put_sections(out, cfg->common, "    ");
		fputs("}\n", out);
	}
	if (n_only) {
		for (i = 0; i < n_only; i++) {
			fputc('\n', out);
			put_resource(out, only[i]);
		}
		return;
	}
	for (i = 0; i < cfg->n_res; i++) {
		fputc('\n', out);
		put_resource(out, &cfg->res[i]);
	}
}
