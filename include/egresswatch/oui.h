/* SPDX-License-Identifier: ISC */
/* oui.h - vendor names from Debian's ieee-data registry files (MA-L oui.csv,
 * MA-M mam.csv, MA-S oui36.csv; iab.csv). Loaded at start, never copied into
 * the source. Longest assignment wins (MA-S 36 bits over MA-M 28 over MA-L 24). */
#ifndef EGRESSWATCH_OUI_H
#define EGRESSWATCH_OUI_H

#include <stddef.h>

#include "egresswatch/addr.h"

#define EW_OUI_DEFAULT_DIR "/usr/share/ieee-data"
/* Longest organisation name kept, in bytes (cut on a UTF-8 boundary). */
#define EW_OUI_NAME_MAX 160

struct ew_oui_db;
/* Loads what exists under dir; returns NULL (and writes why to err) only if no
 * registry file could be read or the files hold no valid entry. */
struct ew_oui_db *ew_oui_load(const char *dir, char *err, size_t errlen);
void ew_oui_free(struct ew_oui_db *db);
size_t ew_oui_count(const struct ew_oui_db *db);
/* Records skipped as malformed while loading (bad field count, bad
 * assignment, empty name, unterminated quote, over-long record). */
size_t ew_oui_malformed(const struct ew_oui_db *db);
/* Organisation name, or NULL. Locally administered and multicast MACs have
 * no vendor. The string lives as long as db. */
const char *ew_oui_lookup(const struct ew_oui_db *db, const struct ew_mac *mac);

#endif
