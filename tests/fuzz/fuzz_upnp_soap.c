/* SPDX-License-Identifier: ISC */
/* fuzz_upnp_soap.c - the UPnP GetExternalIPAddress SOAP answer parser
 * (probes/upnp.c) on arbitrary bytes. The input is copied into an allocation
 * of exactly its size, so AddressSanitizer reports even a one-byte over-read;
 * every text field must come back NUL-terminated within its cap. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "upnp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* Without feedback from inside expat (not instrumented) random bytes
	 * rarely make a first element: an odd first byte puts the rest inside a
	 * document's opening elements, an even one parses the rest as it is. */
	static const char prefix[] = "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body><u:GetExternalIPAddressResponse>";
	size_t pre = size && (data[0] & 1) ? sizeof prefix - 1 : 0;
	if (size)
		data++, size--;
	char *copy = malloc(pre + size ? pre + size : 1);
	if (!copy)
		return 0;
	memcpy(copy, prefix, pre);
	memcpy(copy + pre, data, size);
	size += pre;
	struct ew_ip ip;
	enum ew_upnp_err e = ew_upnp_parse_ext_ip(copy, size, &ip);
	if ((e == EW_UPNP_OK) != (ip.family == EW_AF_INET))
		abort();
	free(copy);
	return 0;
}
