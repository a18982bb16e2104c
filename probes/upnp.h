/* SPDX-License-Identifier: ISC */
/* upnp.h - UPnP answers as structs (expat): a device description and a
 * GetExternalIPAddress SOAP response. Pure, no I/O; fuzzed by
 * tests/fuzz/fuzz_upnp_desc.c and fuzz_upnp_soap.c.
 *
 * Hostile input: the parser refuses any DOCTYPE (so no entity declaration,
 * internal or external, is ever expanded: no "billion laughs", no external
 * fetch), caps every text field (EW_UPNP_STRLEN, longer text is cut and
 * marked), element depth (EW_UPNP_DEPTH) and the document size the caller
 * hands over (the fetcher's cap). */
#ifndef EW_PROBES_UPNP_H
#define EW_PROBES_UPNP_H

#include <stdbool.h>
#include <stddef.h>

#include "egresswatch/addr.h"

#define EW_UPNP_STRLEN 128
#define EW_UPNP_URLLEN 256
#define EW_UPNP_DEPTH 32

struct ew_upnp_text {
	char s[EW_UPNP_STRLEN + 1];
	bool truncated;
};

/* The root device's names, and the first WAN*Connection service. */
struct ew_upnp_desc {
	struct ew_upnp_text manufacturer, model_name, model_number, friendly_name, device_type;
	bool igd;                              /* InternetGatewayDevice, or a WAN*Connection service */
	char url_base[EW_UPNP_URLLEN + 1];     /* URLBase (UDA 1.0), "" if absent */
	char wan_service[EW_UPNP_URLLEN + 1];  /* serviceType of WANIPConnection / WANPPPConnection */
	char wan_control[EW_UPNP_URLLEN + 1];  /* its controlURL, as written (may be relative) */
};

enum ew_upnp_err { EW_UPNP_OK = 0, EW_UPNP_SYNTAX, EW_UPNP_DOCTYPE, EW_UPNP_DEPTH_ERR, EW_UPNP_NOMEM, EW_UPNP_MISSING };
const char *ew_upnp_err_name(enum ew_upnp_err e);

enum ew_upnp_err ew_upnp_parse_desc(const char *xml, size_t len, struct ew_upnp_desc *out);
/* GetExternalIPAddressResponse: NewExternalIPAddress as an address.
 * MISSING when absent or not an address (a SOAP fault says so). */
enum ew_upnp_err ew_upnp_parse_ext_ip(const char *xml, size_t len, struct ew_ip *out);

#endif
