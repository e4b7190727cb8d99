/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * cfg_lexer.h - tokens of the drbd configuration language.
 *
 * Words, "quoted strings", { } ; and # comments to the end of a line.
 * Works on a buffer in memory; the caller reads the file.
 */
#ifndef CFG_LEXER_H
#define CFG_LEXER_H

#include <stddef.h>

#include "cfg_model.h"

enum cfg_tok_type {
	CFG_TOK_EOF,
	CFG_TOK_WORD,
	CFG_TOK_STRING,		/* "quoted", text without quotes */
	CFG_TOK_LBRACE,
	CFG_TOK_RBRACE,
	CFG_TOK_SEMI,
};

#define CFG_TOK_MAX 1024	/* longest word or string, bytes */

struct cfg_token {
	enum cfg_tok_type type;
	int line;
	char text[CFG_TOK_MAX];
};

struct cfg_lexer {
	const char *buf;
	size_t len;
	size_t pos;
	int line;
	const char *file;	/* for error messages */
};

void cfg_lexer_init(struct cfg_lexer *lx, const char *file, const char *buf,
		    size_t len);

/* Next token into @ret; 0, or -EINVAL with @err filled. */
int cfg_lexer_next(struct cfg_lexer *lx, struct cfg_token *ret,
		   struct cfg_error *err);

/* "'word'", "end of file", "'{'" ... for error messages. */
const char *cfg_tok_describe(const struct cfg_token *t, char *buf, size_t len);

#endif /* CFG_LEXER_H */
