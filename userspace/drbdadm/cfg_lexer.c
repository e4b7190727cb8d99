// SPDX-License-Identifier: GPL-2.0-only
/*
 * cfg_lexer.c - split a drbd configuration buffer into tokens.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cfg_lexer.h"

void cfg_lexer_init(struct cfg_lexer *lx, const char *file, const char *buf,
		    size_t len)
{
	lx->buf = buf;
	lx->len = len;
	lx->pos = 0;
	lx->line = 1;
	lx->file = file;
}

static int peek(const struct cfg_lexer *lx)
{
	return lx->pos < lx->len ? (unsigned char)lx->buf[lx->pos] : -1;
}

/* Skip blanks, newlines and comments. */
static void skip_space(struct cfg_lexer *lx)
{
	int c;

	while ((c = peek(lx)) >= 0) {
		if (c == '\n') {
			lx->line++;
			lx->pos++;
		} else if (c == ' ' || c == '\t' || c == '\r' || c == '\f' ||
			   c == '\v') {
			lx->pos++;
		} else if (c == '#') {
			while ((c = peek(lx)) >= 0 && c != '\n')
				lx->pos++;
		} else {
			break;
		}
	}
}

static int is_word_char(int c)
{
	return c > ' ' && c != '{' && c != '}' && c != ';' && c != '"' &&
	       c != '#' && c != 0x7f;
}

static int lex_error(struct cfg_lexer *lx, int line, struct cfg_error *err,
		     const char *msg)
{
	struct cfg_loc loc = { .file = lx->file, .line = line };

	return cfg_errf(err, loc, "%s", msg);
}

static int lex_string(struct cfg_lexer *lx, struct cfg_token *t,
		      struct cfg_error *err)
{
	size_t n = 0;
	int c;

	lx->pos++;	/* opening quote */
	while ((c = peek(lx)) >= 0 && c != '"') {
		if (c == '\n')
			return lex_error(lx, t->line, err,
					 "unterminated string: a quoted string must end on the line it starts (missing '\"')");
		if (c == '\\') {
			lx->pos++;
			c = peek(lx);
			if (c < 0 || c == '\n')
				return lex_error(lx, t->line, err,
						 "unterminated string: backslash at the end of a line");
		}
		if (n + 1 >= sizeof(t->text))
			return lex_error(lx, t->line, err,
					 "quoted string longer than 1023 bytes");
		t->text[n++] = (char)c;
		lx->pos++;
	}
	if (c < 0)
		return lex_error(lx, t->line, err,
				 "unterminated string: end of file before the closing '\"'");
	lx->pos++;	/* closing quote */
	t->text[n] = 0;
	t->type = CFG_TOK_STRING;
	return 0;
}

static int lex_word(struct cfg_lexer *lx, struct cfg_token *t,
		    struct cfg_error *err)
{
	size_t n = 0;
	int c;

	while ((c = peek(lx)) >= 0 && is_word_char(c)) {
		if (n + 1 >= sizeof(t->text))
			return lex_error(lx, t->line, err,
					 "word longer than 1023 bytes");
		t->text[n++] = (char)c;
		lx->pos++;
	}
	t->text[n] = 0;
	t->type = CFG_TOK_WORD;
	return 0;
}

int cfg_lexer_next(struct cfg_lexer *lx, struct cfg_token *t,
		   struct cfg_error *err)
{
	int c;

	skip_space(lx);
	t->line = lx->line;
	t->text[0] = 0;
	c = peek(lx);
	switch (c) {
	case -1:
		t->type = CFG_TOK_EOF;
		return 0;
	case '{':
		t->type = CFG_TOK_LBRACE;
		break;
	case '}':
		t->type = CFG_TOK_RBRACE;
		break;
	case ';':
		t->type = CFG_TOK_SEMI;
		break;
	case '"':
		return lex_string(lx, t, err);
	default:
		if (!is_word_char(c)) {
			char msg[80];

			snprintf(msg, sizeof(msg),
				 "unexpected character 0x%02x (not text)", c);
			return lex_error(lx, t->line, err, msg);
		}
		return lex_word(lx, t, err);
	}
	t->text[0] = (char)c;
	t->text[1] = 0;
	lx->pos++;
	return 0;
}

const char *cfg_tok_describe(const struct cfg_token *t, char *buf, size_t len)
{
	switch (t->type) {
	case CFG_TOK_EOF:
		snprintf(buf, len, "end of file");
		break;
	case CFG_TOK_STRING:
		snprintf(buf, len, "\"%.60s\"", t->text);
		break;
	default:
		snprintf(buf, len, "'%.60s'", t->text);
		break;
	}
	return buf;
}
