/* SPDX-License-Identifier: ISC */
/* fuzz_upnp_desc.c - the UPnP device description parser
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
	static const char prefix[] = "<?xml version=\"1.0\"?><root xmlns=\"urn:schemas-upnp-org:device-1-0\"><device>";
	size_t pre = size && (data[0] & 1) ? sizeof prefix - 1 : 0;
	if (size)
		data++, size--;
	char *copy = malloc(pre + size ? pre + size : 1);
	if (!copy)
		return 0;
	memcpy(copy, prefix, pre);
	memcpy(copy + pre, data, size);
	size += pre;
	struct ew_upnp_desc d;
	if (ew_upnp_parse_desc(copy, size, &d) == EW_UPNP_OK) {
		const struct ew_upnp_text *t[] = { &d.manufacturer, &d.model_name, &d.model_number, &d.friendly_name,
						   &d.device_type };
		for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
			if (strnlen(t[i]->s, sizeof t[i]->s) > EW_UPNP_STRLEN)
				abort();
		if (strnlen(d.wan_control, sizeof d.wan_control) > EW_UPNP_URLLEN ||
		    strnlen(d.url_base, sizeof d.url_base) > EW_UPNP_URLLEN)
			abort();
		if (d.wan_control[0] && !d.igd)
			abort();
	}
	free(copy);
	return 0;
}
