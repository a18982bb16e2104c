/* SPDX-License-Identifier: ISC */
/* test_infer_vm_mac.c - a virtual machine's MAC is its hypervisor's fixed
 * prefix (QEMU/KVM 52:54:00 is locally administered yet no randomised phone
 * address): a forwarding VM is named a virtual machine, never a phone, by
 * the shipped rules (data/fingerprints.conf); a randomised MAC still is. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "fingerprints.h"
#include "infer_sim.h"


#define CORE "f4:bd:9e:00:00:01"
#define HOST_A "00:1b:21:00:00:0a"
#define HOST_B "00:1b:21:00:00:0b"

/* The report of a segment where `mac` (at 10.20.1.50) forwards for two
 * inside hosts to four remote addresses. */
static struct json_object *forwarder(const char *mac, struct ew_fp_db **db)
{
	*db = sim_shipped_rules();
	struct sim *s = sim_new();
	s->cfg.fp = *db;
	sim_subnet(s, "10.20.0.0/16");
	sim_declare(s, CORE);
	sim_start(s);
	sim_arp(s, mac, 0, "10.20.1.50", "10.20.0.1");
	static const char *const remotes[] = { "203.0.113.7", "198.51.100.9", "203.0.113.80", "192.0.2.44" };
	for (int i = 0; i < 4; i++) {
		sim_ip(s, i % 2 ? HOST_B : HOST_A, mac, 0, i % 2 ? "10.20.1.11" : "10.20.1.10", remotes[i], 128);
		sim_ip(s, mac, i % 2 ? HOST_B : HOST_A, 0, remotes[i], i % 2 ? "10.20.1.11" : "10.20.1.10", 52);
	}
	struct json_object *rep = sim_report(s);
	sim_free(s);
	return rep;
}

static void check_vm(const char *mac)
{
	struct ew_fp_db *db;
	struct json_object *rep = forwarder(mac, &db);
	struct json_object *c = sim_cand(rep, mac, 0);
	assert_non_null(c);
	const char *reason = jstr(c, "reason");
	if (!strstr(reason, "virtual machine") || strstr(reason, "phone") || strstr(reason, "randomised"))
		fail_msg("%s: %s", mac, reason);
	assert_string_equal(jstr(c, "class"), "host_sharing"); /* a server forwarding for others */
	json_object_put(rep);
	ew_fp_free(db);
}

static void qemu_kvm_is_a_virtual_machine(void **state)
{
	(void)state;
	check_vm("52:54:00:12:34:56"); /* QEMU's default */
	check_vm("52:54:00:9a:0b:7e"); /* libvirt's */
}

static void other_hypervisors_are_virtual_machines(void **state)
{
	(void)state;
	check_vm("08:00:27:5c:11:02"); /* VirtualBox */
	check_vm("00:0c:29:4f:8e:35"); /* VMware, generated */
	check_vm("00:16:3e:21:7a:c0"); /* Xen */
}

/* Locally administered prefixes no hypervisor documents stay randomised:
 * the only excepted one is QEMU's. */
static void randomised_mac_is_still_a_phone_hint(void **state)
{
	(void)state;
	static const char *const macs[] = { "36:7a:91:0c:44:21", "02:00:00:3c:10:01", "52:54:01:12:34:56" };
	for (size_t i = 0; i < sizeof macs / sizeof *macs; i++) {
		struct ew_fp_db *db;
		struct json_object *rep = forwarder(macs[i], &db);
		struct json_object *c = sim_cand(rep, macs[i], 0);
		assert_non_null(c);
		const char *reason = jstr(c, "reason");
		if (!strstr(reason, "randomised MAC") || strstr(reason, "virtual machine"))
			fail_msg("%s: %s", macs[i], reason);
		json_object_put(rep);
		ew_fp_free(db);
	}
}

/* A VM that forwards nothing is no candidate: the prefix alone is no finding. */
static void idle_vm_is_no_candidate(void **state)
{
	(void)state;
	struct ew_fp_db *db = sim_shipped_rules();
	struct sim *s = sim_new();
	s->cfg.fp = db;
	sim_subnet(s, "10.20.0.0/16");
	sim_declare(s, CORE);
	sim_start(s);
	sim_arp(s, "52:54:00:12:34:56", 0, "10.20.1.50", "10.20.0.1");
	sim_ip(s, "52:54:00:12:34:56", CORE, 0, "10.20.1.50", "203.0.113.7", 64);
	struct json_object *rep = sim_report(s);
	assert_null(sim_cand(rep, "52:54:00:12:34:56", 0));
	json_object_put(rep);
	sim_free(s);
	ew_fp_free(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(qemu_kvm_is_a_virtual_machine),
		cmocka_unit_test(other_hypervisors_are_virtual_machines),
		cmocka_unit_test(randomised_mac_is_still_a_phone_hint),
		cmocka_unit_test(idle_vm_is_no_candidate),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
