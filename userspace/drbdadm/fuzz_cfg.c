// SPDX-License-Identifier: GPL-2.0-only
/*
 * fuzz_cfg.c - libFuzzer target for the drbd config parser.
 *
 * Any input either parses or yields one "t.conf:LINE: ..." message; a
 * config that parses dumps to text that parses again and dumps the same.
 * Inputs with "include" are skipped so the fuzzer reads no host files.
 */
#include <assert.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfg_dump.h"
#include "cfg_parser.h"

static char *dump(const struct cfg *cfg)
{
	char *buf = NULL, *in, *out;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert(f);
	cfg_dump(cfg, "t.conf", NULL, 0, f);
	fclose(f);
	/* drop "# ..." lines: they name source locations */
	for (in = out = buf; *in;) {
		size_t n = strcspn(in, "\n") + (in[strcspn(in, "\n")] ? 1 : 0);

		if (*in != '#') {
			memmove(out, in, n);
			out += n;
		}
		in += n;
	}
	*out = 0;
	return buf;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cfg_error err;
	struct cfg *a = NULL, *b = NULL;
	char *text, *da, *db;

	if (size > 64 * 1024)
		return 0;
	text = malloc(size + 1);
	memcpy(text, data, size);
	text[size] = 0;
	if (strstr(text, "include")) {
		free(text);
		return 0;
	}
	if (cfg_parse_string("t.conf", text, &a, &err)) {
		assert(strncmp(err.msg, "t.conf:", 7) == 0);
		free(text);
		return 0;
	}
	da = dump(a);
	if (cfg_parse_string("t.conf", da, &b, &err)) {
		fprintf(stderr, "dump does not parse: %s\n%s", err.msg, da);
		abort();
	}
	db = dump(b);
	if (strcmp(da, db)) {
		fprintf(stderr, "dump not stable:\n%s---\n%s", da, db);
		abort();
	}
	free(da);
	free(db);
	cfg_free(a);
	cfg_free(b);
	free(text);
	return 0;
}
