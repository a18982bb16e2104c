/* SPDX-License-Identifier: ISC */
/* classes_ja.h - the agent's device classes by their Japanese names, from
 * data/classes-ja.conf (compiled in: tools/gen-classes-ja.sh writes
 * classes_ja.c). */
#ifndef EGRESSWATCH_COLLECTOR_CLASSES_JA_H
#define EGRESSWATCH_COLLECTOR_CLASSES_JA_H

#include <stddef.h>

/* The Japanese name of a class (hgw → ホームゲートウェイ); a class the file
 * does not list comes back as given (its English name); NULL gives "". */
const char *ew_classes_ja_name(const char *cls);
/* The i-th class listed, NULL past the end (for tests). */
const char *ew_classes_ja_class(size_t i);

#endif
