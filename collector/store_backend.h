/* SPDX-License-Identifier: ISC */
/* store_backend.h - what store.c asks of a database backend (store_sqlite.c,
 * store_pg.c): open with migrations, transactions, and one statement at a
 * time with typed parameters and rows. store.c writes every SQL statement
 * once, with $1..$n placeholders; both backends run the same text (SQLite
 * reads $N as ?N). Statements are static strings: a backend may cache its
 * prepared form by the pointer. */
#ifndef EGRESSWATCH_COLLECTOR_STORE_BACKEND_H
#define EGRESSWATCH_COLLECTOR_STORE_BACKEND_H

#include <stddef.h>
#include <stdint.h>

#include "store.h"

#define EW_STORE_PARAMS_MAX 256u

enum ew_store_ptype { EW_SP_NULL = 0, EW_SP_TEXT, EW_SP_INT, EW_SP_REAL };

struct ew_store_param {
	enum ew_store_ptype type;
	const char *s; /* EW_SP_TEXT: UTF-8 without NUL */
	int64_t i;
	double d;
};

struct ew_store_stmt; /* a running statement: rows come one at a time */

struct ew_store_backend {
	const char *name;
	/* target: a file path (SQLite) or a libpq connection URL. Applies the
	 * migrations. NULL with err filled on failure. */
	void *(*open)(const char *target, char *err, size_t errlen);
	void (*close)(void *db);
	int (*begin)(void *db, char *err, size_t errlen);
	int (*commit)(void *db, char *err, size_t errlen);
	void (*rollback)(void *db);
	/* Runs sql with params. NULL with err filled on failure. */
	struct ew_store_stmt *(*run)(void *db, const char *sql, const struct ew_store_param *p, size_t n, char *err,
				     size_t errlen);
	int (*next)(struct ew_store_stmt *st, char *err, size_t errlen); /* 1 a row, 0 done, -1 error */
	int (*is_null)(struct ew_store_stmt *st, int col);
	const char *(*text)(struct ew_store_stmt *st, int col); /* "" for NULL; valid until next/finish */
	int64_t (*int64)(struct ew_store_stmt *st, int col);
	double (*real)(struct ew_store_stmt *st, int col);
	void (*finish)(struct ew_store_stmt *st);
};

#endif
