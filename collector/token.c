/* SPDX-License-Identifier: ISC */
/* token.c - access tokens: random, shown once, stored as SHA-256 only. */
#include "token.h"

#include <errno.h>
#include <nettle/memops.h>
#include <nettle/sha2.h>
#include <stdint.h>
#include <string.h>
#include <sys/random.h>

static void hex(const uint8_t *p, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";
	for (size_t i = 0; i < n; i++) {
		out[2 * i] = digits[p[i] >> 4];
		out[2 * i + 1] = digits[p[i] & 15];
	}
	out[2 * n] = '\0';
}

void ew_token_hash(const char *presented, size_t len, char hash_hex[EW_TOKEN_HASH_HEXLEN + 1])
{
	struct sha256_ctx ctx;
	uint8_t d[SHA256_DIGEST_SIZE];
	sha256_init(&ctx);
	sha256_update(&ctx, len, (const uint8_t *)presented);
	sha256_digest(&ctx, sizeof d, d);
	hex(d, sizeof d, hash_hex);
}

int ew_token_new(char token[EW_TOKEN_HEXLEN + 1], char hash_hex[EW_TOKEN_HASH_HEXLEN + 1])
{
	uint8_t raw[EW_TOKEN_BYTES];
	size_t got = 0;
	while (got < sizeof raw) {
		ssize_t n = getrandom(raw + got, sizeof raw - got, 0);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		got += (size_t)n;
	}
	hex(raw, sizeof raw, token);
	ew_token_hash(token, EW_TOKEN_HEXLEN, hash_hex);
	memset(raw, 0, sizeof raw);
	return 0;
}

bool ew_token_verify(const char *presented, size_t len, const char *stored_hash_hex)
{
	char h[EW_TOKEN_HASH_HEXLEN + 1];
	ew_token_hash(presented, len, h);
	if (strlen(stored_hash_hex) != EW_TOKEN_HASH_HEXLEN)
		return false;
	return memeql_sec(h, stored_hash_hex, EW_TOKEN_HASH_HEXLEN) != 0;
}

int ew_token_authenticate(struct ew_store *s, const char *presented, size_t len, char role[16],
			  char site[EW_STORE_SITE_MAX])
{
	char h[EW_TOKEN_HASH_HEXLEN + 1], stored[EW_TOKEN_HASH_HEXLEN + 1];
	ew_token_hash(presented, len, h);
	int rc = ew_store_token_find(s, h, role, site, stored);
	/* the store found the row by its hash; the last word is a constant-time compare */
	if (rc == 0 && !ew_token_verify(presented, len, stored)) {
		role[0] = site[0] = '\0';
		return 1;
	}
	return rc;
}
