/* oui.c - STUB: the IEEE registry loader is being written (issue 3). */
#include "egresswatch/oui.h"

#include <stdlib.h>

struct ew_oui_db {
	int unused;
};

struct ew_oui_db *ew_oui_load(const char *dir, char *err, size_t errlen)
{
	(void)dir;
	(void)err;
	(void)errlen;
	return calloc(1, sizeof(struct ew_oui_db));
}

void ew_oui_free(struct ew_oui_db *db) { free(db); }
size_t ew_oui_count(const struct ew_oui_db *db) { (void)db; return 0; }
const char *ew_oui_lookup(const struct ew_oui_db *db, const struct ew_mac *mac)
{
	(void)db;
	(void)mac;
	return NULL;
}
