/* SPDX-License-Identifier: ISC */
/* token.h - access tokens: 32 random bytes (getrandom) shown once as 64 hex
 * digits; only their SHA-256 (nettle) is stored. A presented token is hashed
 * and compared with the stored hash in constant time. */
#ifndef EGRESSWATCH_COLLECTOR_TOKEN_H
#define EGRESSWATCH_COLLECTOR_TOKEN_H

#include <stdbool.h>
#include <stddef.h>

#include "store.h"

#define EW_TOKEN_BYTES 32u
#define EW_TOKEN_HEXLEN (EW_TOKEN_BYTES * 2) /* the token as shown, without NUL */
#define EW_TOKEN_HASH_HEXLEN 64u             /* SHA-256 as hex, without NUL */

/* A new token and its hash, both as lowercase hex. 0, or -1 (no randomness). */
int ew_token_new(char token[EW_TOKEN_HEXLEN + 1], char hash_hex[EW_TOKEN_HASH_HEXLEN + 1]);
/* SHA-256 of the presented text as lowercase hex (any text: it is never stored). */
void ew_token_hash(const char *presented, size_t len, char hash_hex[EW_TOKEN_HASH_HEXLEN + 1]);
/* True when presented hashes to stored_hash_hex; the comparison takes the same
 * time wherever the hashes differ. */
bool ew_token_verify(const char *presented, size_t len, const char *stored_hash_hex);
/* Looks the presented token up: 0 valid (role and site filled, site "" for
 * admin), 1 unknown, -1 store error. */
int ew_token_authenticate(struct ew_store *s, const char *presented, size_t len, char role[16],
			  char site[EW_STORE_SITE_MAX]);

#endif
