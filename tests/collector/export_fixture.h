/* SPDX-License-Identifier: ISC */
/* export_fixture.h - the hostile site every export is tested on: five
 * lines (matched, matched by a neighbouring port, なし but routing, two
 * unseen) and seven devices (three unlisted, a conflict, two matched, one
 * infrastructure), with the strings a forged report or the wire could carry:
 * formulas, script and img onerror payloads, tab, CR, ESC, quotes, Japanese
 * and characters CP932 cannot encode. Used by ew-export-sample (and so by
 * run-exports.sh) and test_export. */
#ifndef EGRESSWATCH_TESTS_EXPORT_FIXTURE_H
#define EGRESSWATCH_TESTS_EXPORT_FIXTURE_H

#include "rc_fixture.h"

#define PWN_SCRIPT "<script>document.title='pwned'</script>"
#define PWN_IMG "<img src=x onerror=\"document.title='pwned'\">"
#define PWN_LINK "=HYPERLINK(\"http://evil.example/\",\"click me\")"

enum { FX_LINES = 5, FX_DEVS = 7 };

static inline void export_fixture(struct ew_ledger *lg, struct ew_ledger_line *l, struct ew_device *d)
{
	fx_line(&l[0], 2, "回線1", EW_YN_YES, "00:a0:de:20:00:01", "10.20.0.1");
	fx_set(&l[0].purpose, "電子カルテ");
	fx_set(&l[0].service, "フレッツ光クロス");
	fx_set(&l[0].line_id, "CAF0000001");
	fx_set(&l[0].carrier, "NTT東日本");
	fx_set(&l[0].holder, "医療法人〇〇会");
	fx_set(&l[0].device_kind, "ルータ");
	fx_set(&l[0].maker, "YAMAHA");
	fx_set(&l[0].model, "RTX830");
	fx_set(&l[0].location, "サーバ室");
	fx_set(&l[0].department, "情報システム課");
	fx_set(&l[0].method, "台帳");

	fx_line(&l[1], 3, "回線2", EW_YN_YES, "14:66:82:00:00:01", NULL);
	fx_set(&l[1].purpose, PWN_LINK);
	fx_set(&l[1].service, "フレッツ光ネクスト");
	fx_set(&l[1].carrier, "NTT東日本");
	fx_set(&l[1].device_kind, "HGW");
	fx_set(&l[1].note, "\"quoted\", with comma");

	fx_line(&l[2], 4, "回線3", EW_YN_NO, "00:25:dc:00:00:08", NULL);
	fx_set(&l[2].purpose, "医事");
	fx_set(&l[2].holder, PWN_SCRIPT);
	fx_set(&l[2].service, "auひかり");
	fx_set(&l[2].carrier, "KDDI");

	fx_line(&l[3], 5, "回線4", EW_YN_YES, "00:80:45:aa:bb:cc", "172.16.9.1");
	fx_set(&l[3].purpose, "検査装置 保守VPN");
	fx_set(&l[3].carrier, "@SUM(1+1)");
	fx_set(&l[3].note, "+cmd|' /C calc'!A0");
	fx_set(&l[3].vendor, "-2+3");

	fx_line(&l[4], 6, "回線5", EW_YN_UNSET, NULL, NULL);
	fx_set(&l[4].purpose, "\t保守回線\r夜間のみ〜 🏥");
	fx_set(&l[4].note, "\rCR first");
	lg->lines = l;
	lg->count = FX_LINES;

	fx_device(&d[0], "00:a0:de:20:00:01", "10.20.0.1", "router", 0.95);
	fx_set(&d[0].vendor, "YAMAHA CORPORATION");
	fx_set(&d[0].roles, "router");
	fx_set(&d[0].reason, "forwarding for 40 inside hosts");
	fx_set(&d[0].evidence_summary, "forwarding ×1200 (40 inside hosts)");
	d[0].routes = true;
	d[0].declared = true;
	d[0].inside_hosts = 40;
	fx_device_agent(&d[0], "emr-core-1");

	fx_device(&d[1], "14:66:82:00:00:02", "192.168.1.1", "hgw", 0.9);
	fx_set(&d[1].vendor, "NEC Platforms, Ltd.");
	fx_set(&d[1].roles, "dhcp_server,upnp_igd");
	fx_set(&d[1].evidence_summary, "dhcp_offer ×3 (router 192.168.1.1)");
	fx_device_agent(&d[1], "emr-core-1");

	fx_device(&d[2], "00:25:dc:00:00:08", "192.168.0.1", "onu_bridged", 0.85);
	fx_set(&d[2].vendor, "Sumitomo Electric Industries,Ltd");
	fx_set(&d[2].roles, "router,pppoe_ac");
	fx_set(&d[2].evidence_summary, "pppoe_ac ×2 (AC-Name " PWN_SCRIPT ")");
	d[2].routes = true;
	d[2].inside_hosts = 3;

	fx_device(&d[3], "e0:3c:00:00:00:01", "192.168.43.1 2001:db8::43", "hgw", 0.92);
	fx_set(&d[3].vendor, PWN_LINK);
	fx_set(&d[3].roles, "router,dhcp_server,upnp_igd");
	fx_set(&d[3].reason, "@SUM(A1:A9) SSDP InternetGatewayDevice");
	fx_set(&d[3].evidence_summary, "ssdp ×4 (SERVER " PWN_SCRIPT " " PWN_IMG ")");
	fx_set(&d[3].evidence_json,
	       "[{\"kind\":\"ssdp_igd\",\"count\":4,\"first_seen\":\"2025-11-30T00:00:01.000000Z\",\"last_seen\":\"2025-11-30T00:59:00.000000Z\","
	       "\"detail\":{\"server\":\"" PWN_SCRIPT " <img src=x onerror=document.title='pwned'>\",\"location\":\"http://192.168.43.1:2869/\"}},"
	       "{\"kind\":\"dhcp_offer\",\"count\":2,\"first_seen\":\"2025-11-30T00:00:02.000000Z\",\"last_seen\":\"2025-11-30T00:30:00.000000Z\","
	       "\"detail\":{\"router\":\"192.168.43.1\",\"host_name\":\"=cmd|' /C calc'!A0\"}}]");
	d[3].routes = true;
	d[3].inside_hosts = 5;
	fx_device_agent(&d[3], "emr-core-1");
	fx_device_agent(&d[3], "emr-ward-2 <b>");

	fx_device(&d[4], "02:11:22:33:44:55", "192.168.179.1", "mobile_router", 0.7);
	fx_set(&d[4].vendor, "@SUM(1,2)");
	fx_set(&d[4].evidence_summary, "dhcp host name \"Tab\there\" and CR\rhere; ESC \x1b[31mred\x1b[0m; 全角「テスト」");
	fx_set(&d[4].reason, "\tforeign subnet 192.168.179.0/24");

	fx_device(&d[5], "00:1b:21:00:00:09", "10.20.0.9", "", 0.1);
	fx_set(&d[5].vendor, "Intel Corporate");
	d[5].infrastructure = true;

	fx_device(&d[6], "02:00:5e:00:00:77", "10.20.0.77", "satellite_terminal", 0.55);
	fx_set(&d[6].vendor, "+SUM(1)");
	fx_set(&d[6].evidence_summary, "-foreign subnet");
}

#endif
