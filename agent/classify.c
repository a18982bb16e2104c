/* classify.c - STUB: fingerprint rules are being written (issue 3). */
#include "egresswatch/classify.h"

#include <stdlib.h>
#include <string.h>

struct ew_fp_db {
	int unused;
};

static const char *const class_names[EW_CLASS__COUNT] = {
	"none", "hgw", "onu_bridged", "ctu", "modem", "mobile_router", "home_router", "host_sharing", "router", "dhcp_server",
};

const char *ew_class_name(enum ew_class c)
{
	return (unsigned)c < EW_CLASS__COUNT ? class_names[c] : "none";
}

bool ew_class_parse(const char *s, enum ew_class *out)
{
	for (int i = 0; i < EW_CLASS__COUNT; i++)
		if (strcmp(s, class_names[i]) == 0) {
			*out = (enum ew_class)i;
			return true;
		}
	return false;
}

const char *ew_role_name(enum ew_role r)
{
	(void)r;
	return "role";
}

struct ew_fp_db *ew_fp_load(const char *path, char *err, size_t errlen)
{
	(void)path;
	(void)err;
	(void)errlen;
	return calloc(1, sizeof(struct ew_fp_db));
}

void ew_fp_free(struct ew_fp_db *db) { free(db); }
size_t ew_fp_rule_count(const struct ew_fp_db *db) { (void)db; return 0; }

void ew_classify(const struct ew_fp_db *db, const struct ew_facts *facts, struct ew_verdict *out)
{
	(void)db;
	(void)facts;
	memset(out, 0, sizeof *out);
}
