/* SPDX-License-Identifier: ISC */
/* evidence.c - per-candidate evidence captures (pcap, one file per device).
 * The inference core bounds how many frames each device contributes; this
 * file bounds how many devices get a file. */
#include "evidence.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct evidence_file {
	struct ew_mac mac;
	uint16_t vlan;
	pcap_dumper_t *dumper;
	char path[512];
};

struct ew_evidence_writer {
	char dir[256];
	pcap_t *dead;
	size_t count;
	struct evidence_file files[EW_EVIDENCE_FILES_MAX];
};

struct ew_evidence_writer *ew_evidence_new(const char *dir, int linktype, int snaplen)
{
	struct ew_evidence_writer *w = calloc(1, sizeof *w);
	if (!w)
		return NULL;
	snprintf(w->dir, sizeof w->dir, "%s", dir);
	w->dead = pcap_open_dead(linktype, snaplen);
	if (!w->dead) {
		free(w);
		return NULL;
	}
	return w;
}

static struct evidence_file *find(struct ew_evidence_writer *w, const struct ew_mac *mac, uint16_t vlan)
{
	for (size_t i = 0; i < w->count; i++)
		if (w->files[i].vlan == vlan && ew_mac_eq(&w->files[i].mac, mac))
			return &w->files[i];
	return NULL;
}

void ew_evidence_write(struct ew_evidence_writer *w, const struct ew_mac *mac, uint16_t vlan,
		       const struct pcap_pkthdr *h, const uint8_t *data)
{
	if (!w)
		return;
	struct evidence_file *f = find(w, mac, vlan);
	if (!f) {
		if (w->count == EW_EVIDENCE_FILES_MAX)
			return;
		/* the slot is taken even if the file cannot be opened: one error
		 * line per device, not one (and one open attempt) per frame */
		f = &w->files[w->count++];
		f->mac = *mac;
		f->vlan = vlan;
		char m[EW_MAC_STRLEN];
		ew_mac_str(mac, m);
		for (char *p = m; *p; p++)
			if (*p == ':')
				*p = '-';
		char path[sizeof f->path]; /* built aside: f->path and w->dir share *w */
		if (vlan)
			snprintf(path, sizeof path, "%s/%s-vlan%u.pcap", w->dir, m, vlan);
		else
			snprintf(path, sizeof path, "%s/%s.pcap", w->dir, m);
		memcpy(f->path, path, sizeof path);
		f->dumper = pcap_dump_open(w->dead, f->path);
		if (!f->dumper)
			fprintf(stderr, "egresswatch-agent: evidence: %s\n", pcap_geterr(w->dead)); /* names the path */
	}
	if (f->dumper)
		pcap_dump((u_char *)f->dumper, h, data);
}

void ew_evidence_flush(struct ew_evidence_writer *w)
{
	for (size_t i = 0; w && i < w->count; i++)
		if (w->files[i].dumper)
			pcap_dump_flush(w->files[i].dumper);
}

const char *ew_evidence_path(struct ew_evidence_writer *w, const struct ew_mac *mac, uint16_t vlan)
{
	struct evidence_file *f = w ? find(w, mac, vlan) : NULL;
	return f && f->dumper ? f->path : NULL; /* no file was written for it */
}

void ew_evidence_free(struct ew_evidence_writer *w)
{
	if (!w)
		return;
	for (size_t i = 0; i < w->count; i++)
		if (w->files[i].dumper)
			pcap_dump_close(w->files[i].dumper);
	pcap_close(w->dead);
	free(w);
}
