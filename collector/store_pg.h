/* SPDX-License-Identifier: ISC */
/* store_pg.h - the PostgreSQL store through libpq: PQexecParams only (text
 * parameters with their lengths), migrations in a schema_version table. */
#ifndef EGRESSWATCH_COLLECTOR_STORE_PG_H
#define EGRESSWATCH_COLLECTOR_STORE_PG_H

#include "store_backend.h"

extern const struct ew_store_backend ew_store_pg;

#endif
