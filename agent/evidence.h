/* SPDX-License-Identifier: ISC */
/* evidence.h - per-candidate evidence captures an auditor can open in Wireshark. */
#ifndef EGRESSWATCH_EVIDENCE_H
#define EGRESSWATCH_EVIDENCE_H

#include <pcap/pcap.h>
#include <stdint.h>

#include "egresswatch/addr.h"

#define EW_EVIDENCE_FILES_MAX 256 /* candidates with a file of their own */

struct ew_evidence_writer;
struct ew_evidence_writer *ew_evidence_new(const char *dir, int linktype, int snaplen);
void ew_evidence_free(struct ew_evidence_writer *w);
/* Appends the frame to the device's file (created on first use). */
void ew_evidence_write(struct ew_evidence_writer *w, const struct ew_mac *mac, uint16_t vlan,
		       const struct pcap_pkthdr *h, const uint8_t *data);
void ew_evidence_flush(struct ew_evidence_writer *w);
/* The file written for this device, or NULL if none. */
const char *ew_evidence_path(struct ew_evidence_writer *w, const struct ew_mac *mac, uint16_t vlan);

#endif
