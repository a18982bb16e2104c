/* SPDX-License-Identifier: ISC */
/* store_sqlite.h - the embedded SQLite store (the default): WAL,
 * foreign_keys=ON, busy_timeout, migrations by PRAGMA user_version, every
 * statement prepared once and cached. */
#ifndef EGRESSWATCH_COLLECTOR_STORE_SQLITE_H
#define EGRESSWATCH_COLLECTOR_STORE_SQLITE_H

#include "store_backend.h"

extern const struct ew_store_backend ew_store_sqlite;

#endif
