/* SPDX-License-Identifier: ISC */
/* test_probe_upnp.c - UPnP description and SOAP answers, and admin-page
 * titles: what is read, what is refused (DOCTYPE, entities, depth), caps. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "html.h"
#include "upnp.h"

static const char desc[] =
	"<?xml version=\"1.0\"?>\n<root xmlns=\"urn:schemas-upnp-org:device-1-0\">"
	"<specVersion><major>1</major><minor>0</minor></specVersion>"
	"<device><deviceType>urn:schemas-upnp-org:device:InternetGatewayDevice:1</deviceType>"
	"<friendlyName>  Home 5G  </friendlyName><manufacturer>SHARP</manufacturer>"
	"<modelName>HR01</modelName><modelNumber>1.0</modelNumber>"
	"<deviceList><device><deviceType>urn:schemas-upnp-org:device:WANDevice:1</deviceType>"
	"<manufacturer>not the root</manufacturer>"
	"<deviceList><device><deviceType>urn:schemas-upnp-org:device:WANConnectionDevice:1</deviceType>"
	"<serviceList><service><serviceType>urn:schemas-upnp-org:service:WANIPConnection:1</serviceType>"
	"<controlURL>/ctl/IPConn</controlURL></service></serviceList>"
	"</device></deviceList></device></deviceList></device></root>";

static void description_names_and_wan_service(void **state)
{
	(void)state;
	struct ew_upnp_desc d;
	assert_int_equal(ew_upnp_parse_desc(desc, sizeof desc - 1, &d), EW_UPNP_OK);
	assert_string_equal(d.friendly_name.s, "Home 5G");
	assert_string_equal(d.manufacturer.s, "SHARP");
	assert_string_equal(d.model_name.s, "HR01");
	assert_string_equal(d.model_number.s, "1.0");
	assert_true(d.igd);
	assert_string_equal(d.wan_service, "urn:schemas-upnp-org:service:WANIPConnection:1");
	assert_string_equal(d.wan_control, "/ctl/IPConn");
}

static void doctype_and_entities_are_refused(void **state)
{
	(void)state;
	static const char laughs[] = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY a \"aaaa\"><!ENTITY b \"&a;&a;&a;\">]>"
				     "<root><device><modelName>&b;</modelName></device></root>";
	static const char external[] = "<?xml version=\"1.0\"?><!DOCTYPE r SYSTEM \"http://198.51.100.1/x.dtd\">"
				       "<root/>";
	struct ew_upnp_desc d;
	assert_int_equal(ew_upnp_parse_desc(laughs, sizeof laughs - 1, &d), EW_UPNP_DOCTYPE);
	assert_string_equal(d.model_name.s, "");
	assert_int_equal(ew_upnp_parse_desc(external, sizeof external - 1, &d), EW_UPNP_DOCTYPE);
	struct ew_ip ip;
	assert_int_equal(ew_upnp_parse_ext_ip(laughs, sizeof laughs - 1, &ip), EW_UPNP_DOCTYPE);
}

static void depth_and_length_are_capped(void **state)
{
	(void)state;
	char deep[EW_UPNP_DEPTH * 8 + 64];
	size_t n = 0;
	for (int i = 0; i <= EW_UPNP_DEPTH; i++)
		n += (size_t)snprintf(deep + n, sizeof deep - n, "<a>");
	struct ew_upnp_desc d;
	assert_int_equal(ew_upnp_parse_desc(deep, n, &d), EW_UPNP_DEPTH_ERR);
	char big[600];
	n = (size_t)snprintf(big, sizeof big, "<root><device><modelName>");
	memset(big + n, 'M', 300);
	n += 300;
	n += (size_t)snprintf(big + n, sizeof big - n, "</modelName></device></root>");
	assert_int_equal(ew_upnp_parse_desc(big, n, &d), EW_UPNP_OK);
	assert_int_equal(strlen(d.model_name.s), EW_UPNP_STRLEN);
	assert_true(d.model_name.truncated);
	assert_int_equal(ew_upnp_parse_desc("<root><device>", 14, &d), EW_UPNP_SYNTAX);
}

static void soap_external_address(void **state)
{
	(void)state;
	static const char ok[] =
		"<?xml version=\"1.0\"?><s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body>"
		"<u:GetExternalIPAddressResponse xmlns:u=\"urn:schemas-upnp-org:service:WANIPConnection:1\">"
		"<NewExternalIPAddress> 1.66.12.34 </NewExternalIPAddress></u:GetExternalIPAddressResponse>"
		"</s:Body></s:Envelope>";
	static const char fault[] = "<s:Envelope xmlns:s=\"x\"><s:Body><s:Fault><faultcode>s:Client</faultcode>"
				    "</s:Fault></s:Body></s:Envelope>";
	static const char junk[] = "<r><NewExternalIPAddress>1.66.12.34<b/>x</NewExternalIPAddress></r>";
	struct ew_ip ip;
	char s[EW_IP_STRLEN];
	assert_int_equal(ew_upnp_parse_ext_ip(ok, sizeof ok - 1, &ip), EW_UPNP_OK);
	ew_ip_str(&ip, s);
	assert_string_equal(s, "1.66.12.34");
	assert_int_equal(ew_upnp_parse_ext_ip(fault, sizeof fault - 1, &ip), EW_UPNP_MISSING);
	assert_int_equal(ew_upnp_parse_ext_ip(junk, sizeof junk - 1, &ip), EW_UPNP_MISSING);
	assert_int_equal(ip.family, EW_AF_NONE);
}

static void admin_title(void **state)
{
	(void)state;
	char t[EW_HTML_TITLE_LEN + 1];
	static const char page[] = "<html><HEAD><Title lang=ja>\n  Aterm \t WX3000HP\x01 </TITLE></head>";
	ew_html_title(page, sizeof page - 1, t);
	assert_string_equal(t, "Aterm WX3000HP");
	ew_html_title("<html>no title</html>", 21, t);
	assert_string_equal(t, "");
	ew_html_title("<title>cut", 10, t);
	assert_string_equal(t, "cut");
	char big[400];
	memcpy(big, "<title>", 7);
	memset(big + 7, 'x', sizeof big - 7);
	ew_html_title(big, sizeof big, t);
	assert_int_equal(strlen(t), EW_HTML_TITLE_LEN);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(description_names_and_wan_service),
		cmocka_unit_test(doctype_and_entities_are_refused),
		cmocka_unit_test(depth_and_length_are_capped),
		cmocka_unit_test(soap_external_address),
		cmocka_unit_test(admin_title),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
