/* SPDX-License-Identifier: ISC */
/* evidence.c - per-candidate evidence captures (pcap, one file per device).
 * The inference core bounds how many frames each device contributes; this
 * file bounds how many devices get a file. Files are created in the folder
 * opened once (O_NOFOLLOW), each with O_NOFOLLOW: a link planted in the
 * folder is never followed. */
#include "evidence.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "egresswatch/log.h"

struct evidence_file {
	struct ew_mac mac;
	uint16_t vlan;
	pcap_dumper_t *dumper;
	char path[512];
};

struct ew_evidence_writer {
	char dir[256];
	int dfd;
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
	w->dfd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	w->dead = w->dfd < 0 ? NULL : pcap_open_dead(linktype, snaplen);
	if (!w->dead) {
		if (w->dfd >= 0)
			close(w->dfd);
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
		char name[64];
		if (vlan)
			snprintf(name, sizeof name, "%s-vlan%u.pcap", m, vlan);
		else
			snprintf(name, sizeof name, "%s.pcap", m);
		char path[sizeof f->path]; /* built aside: f->path and w->dir share *w */
		snprintf(path, sizeof path, "%s/%s", w->dir, name);
		memcpy(f->path, path, sizeof path);
		int fd = openat(w->dfd, name, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0640);
		FILE *fp = fd < 0 ? NULL : fdopen(fd, "wb");
		if (!fp) {
			ew_log_warn("evidence: %s: %s", f->path, strerror(errno));
			if (fd >= 0)
				close(fd);
		} else if (!(f->dumper = pcap_dump_fopen(w->dead, fp))) {
			ew_log_warn("evidence: %s: %s", f->path, pcap_geterr(w->dead));
			fclose(fp);
		}
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
	close(w->dfd);
	free(w);
}
