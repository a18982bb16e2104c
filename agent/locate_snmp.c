/* SPDX-License-Identifier: ISC */
/* locate_snmp.c - GETBULK walks of BRIDGE-MIB, Q-BRIDGE-MIB, IF-MIB and LLDP-MIB with net-snmp.
 *
 * Read-only: only GETBULK requests are sent. Each switch gets one session
 * (SNMPv2c community, or SNMPv3 USM authPriv with SHA and AES), a timeout,
 * retries and a cap on rows; a walk stops at the end of its subtree, at the
 * cap, or at an answer that does not move forward (a looping agent). Before
 * a switch is asked, the route to it is checked: a query that would leave
 * by the capture (SPAN) interface is not sent.
 */
#include "locate_snmp.h"

#include <arpa/inet.h>
#include <errno.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <syslog.h>
#include <unistd.h>

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>

#include "locate.h"
#include "egresswatch/log.h"
#include "locate_json.h"

#define BULK_REPETITIONS 25 /* rows asked per GETBULK: fits a 1500-byte answer for FDB rows */
#define WALK_SECONDS_MAX 60 /* per switch and walk: a switch answering slowly, row by row, is cut off */

struct ew_locate_snmp {
	const struct ew_locate_config *cfg;
	const char *span;
	struct ew_locate_table tabs[EW_LOCATE_SWITCHES_MAX];
	struct ew_locate_table *ptrs[EW_LOCATE_SWITCHES_MAX];
	size_t n;
	ew_locate_snmp_row_cb row_cb;
	void *row_user;
};

/* The subtrees walked, in order (OIDs in locate.c, which checks every row). */
static const oid O_BRIDGE_ADDR[] = { 1, 3, 6, 1, 2, 1, 17, 1, 1 };
static const oid O_PORT_IFINDEX[] = { 1, 3, 6, 1, 2, 1, 17, 1, 4, 1, 2 };
static const oid O_Q_FDB_PORT[] = { 1, 3, 6, 1, 2, 1, 17, 7, 1, 2, 2, 1, 2 };
/* dot1qVlanFdbId at time mark 0 only: a TimeFilter index (RFC 4502) shows every
 * row at mark 0, and a switch that follows it strictly repeats the whole table
 * under each later mark, which would cost rows and requests for nothing */
static const oid O_Q_VLAN_FDB_ID_T0[] = { 1, 3, 6, 1, 2, 1, 17, 7, 1, 4, 2, 1, 3, 0 };
static const oid O_FDB_PORT[] = { 1, 3, 6, 1, 2, 1, 17, 4, 3, 1, 2 };
static const oid O_IF_NAME[] = { 1, 3, 6, 1, 2, 1, 31, 1, 1, 1, 1 };
static const oid O_IF_DESCR[] = { 1, 3, 6, 1, 2, 1, 2, 2, 1, 2 };
static const oid O_IF_ALIAS[] = { 1, 3, 6, 1, 2, 1, 31, 1, 1, 1, 18 };
static const oid O_LLDP_CHASSIS[] = { 1, 0, 8802, 1, 1, 2, 1, 4, 1, 1, 5 };
static const oid O_LLDP_SYSNAME[] = { 1, 0, 8802, 1, 1, 2, 1, 4, 1, 1, 9 };
static const oid O_LLDP_CAPS[] = { 1, 0, 8802, 1, 1, 2, 1, 4, 1, 1, 12 };
#define OLEN(a) (sizeof(a) / sizeof((a)[0]))

static int64_t now_usec(void)
{
	struct timeval tv;
	gettimeofday(&tv, NULL);
	return (int64_t)tv.tv_sec * 1000000 + tv.tv_usec;
}

/* net-snmp's own messages (with no handler it writes them to stderr): each
 * one through ew_log, so --log syslog gets them too */
static int snmp_log_to_ew(int major, int minor, void *server_arg, void *client_arg)
{
	(void)major;
	(void)minor;
	(void)client_arg;
	const struct snmp_log_message *m = server_arg;
	if (!m || !m->msg)
		return 0;
	size_t n = strlen(m->msg);
	while (n && m->msg[n - 1] == '\n')
		n--;
	enum ew_log_level lv = m->priority <= LOG_ERR	  ? EW_LOG_ERR
			       : m->priority == LOG_WARNING ? EW_LOG_WARN
			       : m->priority <= LOG_INFO    ? EW_LOG_INFO
							    : EW_LOG_DEBUG;
	if (n > 0)
		ew_log(lv, "snmp: %.*s", n > EW_LOG_LINE_MAX ? (int)EW_LOG_LINE_MAX : (int)n, m->msg);
	return 0;
}

static void lib_init(void)
{
	static int done;
	if (done)
		return;
	done = 1;
	snmp_register_callback(SNMP_CALLBACK_LIBRARY, SNMP_CALLBACK_LOGGING, snmp_log_to_ew, NULL);
	snmp_enable_calllog();
	/* nothing from snmp.conf files, no MIB files, nothing saved to disk: the
	 * agent's behaviour comes from its own configuration only */
	netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID, NETSNMP_DS_LIB_DONT_READ_CONFIGS, 1);
	netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID, NETSNMP_DS_LIB_DISABLE_PERSISTENT_LOAD, 1);
	netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID, NETSNMP_DS_LIB_DISABLE_PERSISTENT_SAVE, 1);
	setenv("MIBS", "", 1);
	setenv("MIBDIRS", "/nonexistent", 1);
	init_snmp("egresswatch-agent");
}

struct ew_locate_snmp *ew_locate_snmp_new(const struct ew_locate_config *cfg, const char *span_iface)
{
	struct ew_locate_snmp *s = calloc(1, sizeof *s);
	if (!s)
		return NULL;
	s->cfg = cfg;
	s->span = span_iface;
	for (size_t i = 0; i < cfg->n; i++) {
		if (ew_locate_table_init(&s->tabs[i], cfg->sw[i].name, cfg->max_rows) != 0) {
			s->n = i;
			ew_locate_snmp_free(s);
			return NULL;
		}
		s->ptrs[i] = &s->tabs[i];
	}
	s->n = cfg->n;
	lib_init();
	return s;
}

void ew_locate_snmp_free(struct ew_locate_snmp *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->n; i++)
		ew_locate_table_free(&s->tabs[i]);
	free(s);
}

/* The interface the kernel would send a datagram to sw by (RTM_GETROUTE,
 * as `ip route get` does): 0 if it cannot be told. */
static unsigned route_oif(const struct ew_locate_switch *sw)
{
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (fd < 0)
		return 0;
	struct {
		struct nlmsghdr nh;
		struct rtmsg rt;
		char attrs[64];
	} req;
	memset(&req, 0, sizeof req);
	size_t alen = sw->ip.family == 4 ? 4 : 16;
	req.nh.nlmsg_len = (uint32_t)(NLMSG_LENGTH(sizeof req.rt) + RTA_SPACE(alen));
	req.nh.nlmsg_type = RTM_GETROUTE;
	req.nh.nlmsg_flags = NLM_F_REQUEST;
	req.nh.nlmsg_seq = 1;
	req.rt.rtm_family = sw->ip.family == 4 ? AF_INET : AF_INET6;
	req.rt.rtm_dst_len = (unsigned char)(alen * 8);
	struct rtattr *ra = (struct rtattr *)((char *)&req + NLMSG_ALIGN(NLMSG_LENGTH(sizeof req.rt)));
	ra->rta_type = RTA_DST;
	ra->rta_len = (unsigned short)RTA_LENGTH(alen);
	memcpy(RTA_DATA(ra), sw->ip.a, alen);
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
	unsigned oif = 0;
	if (sendto(fd, &req, req.nh.nlmsg_len, 0, (struct sockaddr *)&kernel, sizeof kernel) < 0) {
		close(fd);
		return 0;
	}
	char buf[8192];
	ssize_t got = recv(fd, buf, sizeof buf, 0);
	close(fd);
	if (got <= 0)
		return 0;
	size_t left = (size_t)got;
	for (struct nlmsghdr *nh = (struct nlmsghdr *)buf; NLMSG_OK(nh, left); nh = NLMSG_NEXT(nh, left)) {
		if (nh->nlmsg_type != RTM_NEWROUTE || nh->nlmsg_len < NLMSG_LENGTH(sizeof(struct rtmsg)))
			continue;
		struct rtmsg *rt = NLMSG_DATA(nh);
		size_t rl = nh->nlmsg_len - NLMSG_LENGTH(sizeof *rt);
		unsigned short rlen = rl > 0xffff ? 0xffff : (unsigned short)rl;
		for (struct rtattr *a = RTM_RTA(rt); RTA_OK(a, rlen); a = RTA_NEXT(a, rlen))
			if (a->rta_type == RTA_OIF && RTA_PAYLOAD(a) >= sizeof(uint32_t))
				memcpy(&oif, RTA_DATA(a), sizeof(uint32_t));
	}
	return oif;
}

/* Refuses a switch the kernel would reach by the capture interface, or not at all. */
static int route_check(const struct ew_locate_switch *sw, const char *span, char *err, size_t es)
{
	unsigned oif = route_oif(sw);
	if (!oif) {
		snprintf(err, es, "no route to the switch");
		return -1;
	}
	unsigned span_if = span ? if_nametoindex(span) : 0;
	if (span_if && oif == span_if) {
		snprintf(err, es, "the route to the switch leaves by the capture interface %s: not asked", span);
		return -1;
	}
	return 0;
}

static void *open_session(const struct ew_locate_config *cfg, const struct ew_locate_switch *sw, char *err, size_t es)
{
	netsnmp_session ss;
	snmp_sess_init(&ss);
	char peer[128], ip[EW_IP_STRLEN];
	ew_ip_str(&sw->ip, ip);
	if (sw->ip.family == 4)
		snprintf(peer, sizeof peer, "udp:%s:%u", ip, sw->port);
	else
		snprintf(peer, sizeof peer, "udp6:[%s]:%u", ip, sw->port);
	ss.peername = peer;
	int ms = sw->timeout_ms > 0 ? sw->timeout_ms : cfg->timeout_ms > 0 ? cfg->timeout_ms : EW_LOCATE_DEFAULT_TIMEOUT_MS;
	ss.timeout = (long)ms * 1000L;
	ss.retries = sw->retries >= 0 ? sw->retries : cfg->retries >= 0 ? cfg->retries : EW_LOCATE_DEFAULT_RETRIES;
	if (sw->version == 2) {
		ss.version = SNMP_VERSION_2c;
		ss.community = (u_char *)sw->community;
		ss.community_len = strlen(sw->community);
	} else {
		ss.version = SNMP_VERSION_3;
		ss.securityName = (char *)sw->user;
		ss.securityNameLen = strlen(sw->user);
		ss.securityLevel = SNMP_SEC_LEVEL_AUTHPRIV;
		if (sw->auth == EW_LOCATE_AUTH_SHA256) {
			ss.securityAuthProto = usmHMAC192SHA256AuthProtocol;
			ss.securityAuthProtoLen = OID_LENGTH(usmHMAC192SHA256AuthProtocol);
		} else {
			ss.securityAuthProto = usmHMACSHA1AuthProtocol;
			ss.securityAuthProtoLen = USM_AUTH_PROTO_SHA_LEN;
		}
		ss.securityAuthKeyLen = USM_AUTH_KU_LEN;
		if (generate_Ku(ss.securityAuthProto, (u_int)ss.securityAuthProtoLen, (const u_char *)sw->auth_pass,
				strlen(sw->auth_pass), ss.securityAuthKey, &ss.securityAuthKeyLen) != SNMPERR_SUCCESS) {
			snprintf(err, es, "cannot derive the SNMPv3 auth key");
			return NULL;
		}
		ss.securityPrivProto = usmAESPrivProtocol;
		ss.securityPrivProtoLen = USM_PRIV_PROTO_AES_LEN;
		ss.securityPrivKeyLen = USM_PRIV_KU_LEN;
		if (generate_Ku(ss.securityAuthProto, (u_int)ss.securityAuthProtoLen, (const u_char *)sw->priv_pass,
				strlen(sw->priv_pass), ss.securityPrivKey, &ss.securityPrivKeyLen) != SNMPERR_SUCCESS) {
			snprintf(err, es, "cannot derive the SNMPv3 priv key");
			return NULL;
		}
	}
	void *sp = snmp_sess_open(&ss);
	explicit_bzero(ss.securityAuthKey, sizeof ss.securityAuthKey);
	explicit_bzero(ss.securityPrivKey, sizeof ss.securityPrivKey);
	if (!sp) {
		int liberr = 0, syserr = 0;
		char *msg = NULL;
		snmp_error(&ss, &liberr, &syserr, &msg);
		snprintf(err, es, "%s", msg && *msg ? msg : "cannot open an SNMP session");
		free(msg);
	}
	return sp;
}

/* One answer row to the pure module's struct: sizes come from the library's
 * decoded value, capped; nothing is taken from the row's own claims. */
static void to_vb(const netsnmp_variable_list *v, struct ew_locate_vb *vb)
{
	memset(vb, 0, sizeof *vb);
	if (v->name_length > EW_LOCATE_OID_MAX)
		return; /* longer than any object read: an empty OID, which the table refuses as unknown */
	for (size_t i = 0; i < v->name_length; i++) /* sub-ids above 2^32-1 cannot be a valid index: clamp, never wrap */
		vb->oid[i] = v->name[i] > UINT32_MAX ? UINT32_MAX : (uint32_t)v->name[i];
	vb->oid_len = v->name_length;
	switch (v->type) {
	case ASN_INTEGER:
	case ASN_GAUGE:
	case ASN_COUNTER:
	case ASN_TIMETICKS:
		if (v->val.integer && v->val_len >= sizeof(long)) {
			vb->type = EW_LOCATE_V_INT;
			vb->integer = *v->val.integer;
		}
		break;
	case ASN_OCTET_STR:
		if (v->val.string || v->val_len == 0) {
			vb->type = EW_LOCATE_V_OCTETS;
			vb->octets_len = v->val_len < EW_LOCATE_VAL_MAX ? v->val_len : EW_LOCATE_VAL_MAX;
			if (vb->octets_len)
				memcpy(vb->octets, v->val.string, vb->octets_len);
		}
		break;
	default: break;
	}
}

/* Walks one subtree; returns rows used, -1 when the switch failed (err says why). */
static long walk(const struct ew_locate_snmp *s, size_t sw, void *sp, struct ew_locate_table *t, const oid *root,
		 size_t rootlen, size_t *budget, int64_t deadline, char *err, size_t es)
{
	oid cur[MAX_OID_LEN];
	size_t curlen = rootlen;
	memcpy(cur, root, rootlen * sizeof *root);
	long used = 0;
	for (;;) {
		if (now_usec() > deadline) {
			snprintf(err, es, "stopped after %d s (a slow switch)", WALK_SECONDS_MAX);
			return -1;
		}
		netsnmp_pdu *req = snmp_pdu_create(SNMP_MSG_GETBULK);
		if (!req) {
			snprintf(err, es, "out of memory");
			return -1;
		}
		req->non_repeaters = 0;
		req->max_repetitions = BULK_REPETITIONS;
		snmp_add_null_var(req, cur, curlen);
		netsnmp_pdu *resp = NULL;
		int st = snmp_sess_synch_response(sp, req, &resp);
		if (st != STAT_SUCCESS || !resp) {
			if (st == STAT_TIMEOUT)
				snprintf(err, es, "no answer (timeout; a wrong community or an unreachable switch)");
			else {
				int liberr = 0, syserr = 0;
				char *msg = NULL;
				snmp_sess_error(sp, &liberr, &syserr, &msg);
				snprintf(err, es, "%s", msg && *msg ? msg : "SNMP error");
				free(msg);
			}
			if (resp)
				snmp_free_pdu(resp);
			return -1;
		}
		if (resp->errstat != SNMP_ERR_NOERROR) {
			long e = resp->errstat;
			snmp_free_pdu(resp);
			if (e == SNMP_ERR_NOSUCHNAME)
				return used; /* v1-style "end of MIB" */
			snprintf(err, es, "the switch answered an error: %s", snmp_errstring((int)e));
			return -1;
		}
		bool done = false, moved = false;
		for (netsnmp_variable_list *v = resp->variables; v; v = v->next_variable) {
			if (v->type == SNMP_ENDOFMIBVIEW || v->type == SNMP_NOSUCHOBJECT || v->type == SNMP_NOSUCHINSTANCE ||
			    v->name_length <= rootlen || v->name_length > MAX_OID_LEN ||
			    snmp_oid_compare(root, rootlen, v->name, rootlen) != 0) {
				done = true;
				break;
			}
			if (snmp_oid_compare(v->name, v->name_length, cur, curlen) <= 0) {
				snmp_free_pdu(resp);
				snprintf(err, es, "the switch answered OIDs out of order (stopped)");
				return -1;
			}
			if (*budget == 0) {
				snprintf(err, es, "stopped at the cap on rows (snmp-max-rows %zu)", t->max_rows);
				done = true;
				break;
			}
			(*budget)--;
			struct ew_locate_vb vb;
			to_vb(v, &vb);
			if (s->row_cb)
				s->row_cb(s->row_user, sw, &vb);
			if (ew_locate_table_add(t, &vb) == 0)
				used++;
			memcpy(cur, v->name, v->name_length * sizeof *cur);
			curlen = v->name_length;
			moved = true;
		}
		snmp_free_pdu(resp);
		if (done || !moved)
			return used;
	}
}

static void walk_switch(struct ew_locate_snmp *s, size_t i)
{
	const struct ew_locate_switch *sw = &s->cfg->sw[i];
	struct ew_locate_table *t = &s->tabs[i];
	ew_locate_table_reset(t);
	if (route_check(sw, s->span, t->error, sizeof t->error) != 0) {
		t->read_usec = now_usec();
		return;
	}
	void *sp = open_session(s->cfg, sw, t->error, sizeof t->error);
	if (!sp) {
		t->read_usec = now_usec();
		return;
	}
	/* every row counts against the cap, the interface and LLDP tables too */
	size_t budget = t->max_rows;
	int64_t deadline = now_usec() + (int64_t)WALK_SECONDS_MAX * 1000000;
	char stop[sizeof t->error] = "";
	struct {
		const oid *o;
		size_t len;
	} const trees[] = {
		{ O_BRIDGE_ADDR, OLEN(O_BRIDGE_ADDR) }, { O_PORT_IFINDEX, OLEN(O_PORT_IFINDEX) },
		/* before the FDB: at most 4094 rows, and a walk stopped by the cap in
		 * the FDB must not leave the FDB ids unmapped */
		{ O_Q_VLAN_FDB_ID_T0, OLEN(O_Q_VLAN_FDB_ID_T0) },
		{ O_Q_FDB_PORT, OLEN(O_Q_FDB_PORT) },	{ O_FDB_PORT, OLEN(O_FDB_PORT) },
		{ O_IF_NAME, OLEN(O_IF_NAME) },		{ O_IF_DESCR, OLEN(O_IF_DESCR) },
		{ O_IF_ALIAS, OLEN(O_IF_ALIAS) },	{ O_LLDP_CHASSIS, OLEN(O_LLDP_CHASSIS) },
		{ O_LLDP_SYSNAME, OLEN(O_LLDP_SYSNAME) }, { O_LLDP_CAPS, OLEN(O_LLDP_CAPS) },
	};
	for (size_t k = 0; k < sizeof trees / sizeof trees[0]; k++) {
		if (trees[k].o == O_FDB_PORT && t->fdbq_n)
			continue; /* Q-BRIDGE-MIB answered: BRIDGE-MIB's table is the same MACs without VLANs */
		if (budget == 0)
			break; /* the cap is reached: no more requests (stop says so) */
		char err[sizeof t->error] = "";
		long got = walk(s, i, sp, t, trees[k].o, trees[k].len, &budget, deadline, err, sizeof err);
		if (got < 0) {
			/* what was read before stays (answered), and the report says it stopped */
			snprintf(t->error, sizeof t->error, "%s", err);
			break;
		}
		t->answered = true;
		if (err[0] && !stop[0])
			memcpy(stop, err, sizeof stop);
	}
	snmp_sess_close(sp);
	if (t->answered) {
		if (stop[0] && !t->error[0])
			memcpy(t->error, stop, sizeof stop);
		ew_locate_table_finish(t);
	}
	t->read_usec = now_usec();
}

size_t ew_locate_snmp_walk(struct ew_locate_snmp *s)
{
	size_t answered = 0;
	for (size_t i = 0; i < s->n; i++) {
		walk_switch(s, i);
		answered += s->tabs[i].answered;
	}
	ew_locate_link(s->ptrs, s->n);
	return answered;
}

void ew_locate_snmp_on_row(struct ew_locate_snmp *s, ew_locate_snmp_row_cb cb, void *user)
{
	s->row_cb = cb;
	s->row_user = user;
}

const struct ew_locate_table *ew_locate_snmp_table(const struct ew_locate_snmp *s, size_t i)
{
	return i < s->n ? &s->tabs[i] : NULL;
}

struct json_object *ew_locate_snmp_location(void *user, const struct ew_mac *mac, uint16_t vlan)
{
	struct ew_locate_snmp *s = user;
	if (!s || !s->n)
		return NULL;
	/* every VLAN's forwarding table is searched; the VLAN the agent saw the
	 * MAC on only picks among the VLANs of a shared FDB */
	struct ew_locate_result res;
	ew_locate_mac_vlan(s->ptrs, s->n, mac, vlan, s->cfg->uplink_macs, &res);
	return ew_locate_json(s->ptrs, s->n, &res);
}

int ew_locate_snmp_cli(const struct ew_locate_config *cfg, const char *span_iface, char *const *macs, int n)
{
	if (!cfg->n) {
		ew_log_err("--locate: no switch configured (switch NAME ADDRESS …)");
		return 2;
	}
	if (n == 0) {
		ew_log_err("--locate: give one or more MAC addresses");
		return 2;
	}
	struct ew_mac want[64];
	if (n > 64) {
		ew_log_err("--locate: at most 64 MACs at a time");
		return 2;
	}
	for (int i = 0; i < n; i++)
		if (!ew_mac_parse(macs[i], &want[i])) {
			ew_log_err("--locate %s: not a MAC address", macs[i]);
			return 2;
		}
	struct ew_locate_snmp *s = ew_locate_snmp_new(cfg, span_iface);
	if (!s) {
		ew_log_err("out of memory");
		return 2;
	}
	ew_locate_snmp_walk(s);
	int status = 0;
	for (int i = 0; i < n; i++) {
		struct ew_locate_result res;
		ew_locate_mac(s->ptrs, s->n, &want[i], cfg->uplink_macs, &res);
		ew_locate_json_text(stdout, &want[i], s->ptrs, s->n, &res);
		if (res.status != EW_LOCATE_FOUND)
			status = 1;
	}
	ew_locate_snmp_free(s);
	return fflush(stdout) == 0 ? status : 2;
}
