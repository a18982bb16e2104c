/* SPDX-License-Identifier: ISC */
/* test_infer_dhcp_router.c - a device that forwards and hands itself out as
 * the router by DHCP is a router, also when its WAN side takes a lease on
 * the segment (a MikroTik with a DHCP client on its uplink): being a DHCP
 * client does not make it a PC sharing its connection. A PC that does the
 * same with Windows ICS's address and name stays host_sharing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "fingerprints.h"
#include "infer_sim.h"


#define CORE "f4:bd:9e:00:00:01"   /* declared core router 10.20.0.1 */
#define DHCP "4c:ae:a3:00:00:05"   /* declared DHCP server 10.20.0.5 */
#define HOST_A "00:1b:21:00:00:0a" /* EMR PCs using the device as gateway */
#define HOST_B "00:1b:21:00:00:0b"
#define LEASE "00:1b:21:00:00:0c"  /* a PC that took the device's lease */

/* `mac` takes 10.20.3.7 from the site's DHCP server (its WAN side), serves
 * DHCP from lan_ip naming lan_ip as the router, and forwards for two EMR
 * hosts to four remote addresses. */
static struct json_object *gateway(const char *mac, const char *lan_ip, const char *offered, const char *hostname,
				   struct ew_fp_db **db)
{
	*db = sim_shipped_rules();
	struct sim *s = sim_new();
	s->cfg.fp = *db;
	sim_subnet(s, "10.20.0.0/16");
	sim_declare(s, CORE);
	sim_declare(s, "10.20.0.1");
	sim_declare(s, DHCP);
	sim_declare(s, "10.20.0.5");
	sim_start(s);
	/* the WAN side: a DHCP client on the segment */
	sim_dhcp_request(s, mac, 0, 1, hostname);
	sim_dhcp_reply(s, DHCP, "10.20.0.5", mac, 0, 2, "10.20.3.7", "255.255.0.0", "10.20.0.1");
	sim_dhcp_request(s, mac, 0, 3, hostname);
	sim_dhcp_reply(s, DHCP, "10.20.0.5", mac, 0, 5, "10.20.3.7", "255.255.0.0", "10.20.0.1");
	sim_arp(s, mac, 0, "10.20.3.7", "10.20.0.1");
	/* its own DHCP server, naming itself */
	for (int i = 0; i < 3; i++) {
		sim_dhcp_request(s, LEASE, 0, 1, NULL);
		sim_dhcp_reply(s, mac, lan_ip, LEASE, 0, 2, offered, "255.255.255.0", lan_ip);
	}
	static const char *const remotes[] = { "203.0.113.7", "198.51.100.9", "203.0.113.80", "192.0.2.44" };
	for (int i = 0; i < 4; i++) {
		const char *h = i % 2 ? HOST_B : HOST_A, *hip = i % 2 ? "10.20.1.11" : "10.20.1.10";
		sim_ip(s, h, mac, 0, hip, remotes[i], 128);
		sim_ip(s, mac, h, 0, remotes[i], hip, 52);
	}
	struct json_object *rep = sim_report(s);
	sim_free(s);
	return rep;
}

static void mikrotik_with_wan_lease_is_a_router(void **state)
{
	(void)state;
	struct ew_fp_db *db;
	const char *mt = "b8:69:f4:12:34:56"; /* Routerboard.com */
	struct json_object *rep = gateway(mt, "192.168.88.1", "192.168.88.254", "MikroTik", &db);
	struct json_object *c = sim_cand(rep, mt, 0);
	assert_non_null(c);
	const char *reason = jstr(c, "reason");
	if (strcmp(jstr(c, "class"), "router") != 0 || !strstr(reason, "hands itself out as the router"))
		fail_msg("%s: %s", jstr(c, "class"), reason);
	assert_true(jarr_has(jget(c, "roles"), "router"));
	assert_true(jarr_has(jget(c, "roles"), "dhcp_server"));
	json_object_put(rep);
	ew_fp_free(db);
}

/* Windows ICS does the same from 192.168.137.1 on a PC named DESKTOP-...:
 * the PC's own marks keep it host_sharing. */
static void windows_ics_stays_host_sharing(void **state)
{
	(void)state;
	struct ew_fp_db *db;
	const char *pc = "00:1b:21:00:00:77";
	struct json_object *rep = gateway(pc, "192.168.137.1", "192.168.137.23", "DESKTOP-7K3Q9PL", &db);
	struct json_object *c = sim_cand(rep, pc, 0);
	assert_non_null(c);
	if (strcmp(jstr(c, "class"), "host_sharing") != 0)
		fail_msg("%s: %s", jstr(c, "class"), jstr(c, "reason"));
	json_object_put(rep);
	ew_fp_free(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(mikrotik_with_wan_lease_is_a_router),
		cmocka_unit_test(windows_ics_stays_host_sharing),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
