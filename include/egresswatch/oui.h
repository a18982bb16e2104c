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
/* Lazy: the registry under dir, with nothing loaded yet. Fails as ew_oui_load
 * does (the same messages; it reads the files only as far as their first
 * entry), except that ew_oui_load's entry cap is checked by neither.
 * ew_oui_lookup finds a MAC's vendor only after ew_oui_resolve has been given
 * it. For a process that wants a few vendors (the agent: the devices of its
 * report) where the full load would cost more than everything else at start. */
struct ew_oui_db *ew_oui_open(const char *dir, char *err, size_t errlen);
/* Lazy db: one pass over the files keeps the assignments covering those of
 * macs (at most 65,536) not given before, with ew_oui_load's rules, so a
 * lookup answers what it would after ew_oui_load. What was resolved is kept
 * (the files are not read again for a known MAC) until 65,536 prefixes have
 * been, then it starts over. Returns 0, or -1 when no file could be read or
 * memory ran out (the MACs are tried again on the next call). Does nothing
 * for a db from ew_oui_load. */
int ew_oui_resolve(struct ew_oui_db *db, const struct ew_mac *macs, size_t n);
void ew_oui_free(struct ew_oui_db *db);
/* Entries held: all of them after ew_oui_load; those resolved so far for a
 * lazy db. */
size_t ew_oui_count(const struct ew_oui_db *db);
/* Records skipped as malformed while loading (bad field count, bad
 * assignment, empty name, unterminated quote, over-long record); for a lazy
 * db, in its last pass, and only those its assignment covers are checked for
 * an empty name. */
size_t ew_oui_malformed(const struct ew_oui_db *db);
/* Organisation name, or NULL. Locally administered and multicast MACs have
 * no vendor. The string lives as long as db (a lazy db: until the next
 * ew_oui_resolve). */
const char *ew_oui_lookup(const struct ew_oui_db *db, const struct ew_mac *mac);
/* The registry's file names under dir, i from 0 (NULL past the last): what
 * a confined reader must still be allowed to open (agent/landlock.h). */
const char *ew_oui_file_name(size_t i);

#endif
