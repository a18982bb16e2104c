/* SPDX-License-Identifier: ISC */
/* ew-dissect-bench.c - `make bench`: the dissectors alone over a capture.
 *
 *   ew-dissect-bench FILE
 *
 * The same libpcap loop as tests/tools/pcap-readloop.c (pcap_next_ex over
 * every record), with every frame handed to ew_dissect_frame and the events
 * to a callback that only counts them: the cost of dissection without
 * inference or output. Prints "packets N events N malformed N".
 */
#include <inttypes.h>
#include <pcap/pcap.h>
#include <stdio.h>

#include "egresswatch/dissect.h"

static void count_event(const struct ew_frame *f, const struct ew_event *ev, void *user)
{
	(void)f;
	(void)ev;
	(*(uint64_t *)user)++;
}

int main(int argc, char **argv)
{
	char err[PCAP_ERRBUF_SIZE] = "";
	if (argc != 2) {
		fprintf(stderr, "usage: ew-dissect-bench FILE\n");
		return 2;
	}
	pcap_t *p = pcap_open_offline(argv[1], err);
	if (!p) {
		fprintf(stderr, "ew-dissect-bench: %s: %s\n", argv[1], err);
		return 2;
	}
	int linktype = pcap_datalink(p);
	if (!ew_linktype_supported(linktype)) {
		fprintf(stderr, "ew-dissect-bench: %s: unsupported link type %d\n", argv[1], linktype);
		pcap_close(p);
		return 2;
	}
	static struct ew_dissector d; /* large (scratch event): not on the stack */
	uint64_t events = 0;
	ew_dissector_init(&d, count_event, &events);
	struct pcap_pkthdr *h;
	const u_char *data;
	int rc;
	while ((rc = pcap_next_ex(p, &h, &data)) == 1)
		ew_dissect_frame(&d, linktype, data, h->caplen, h->len,
				 (int64_t)h->ts.tv_sec * 1000000 + h->ts.tv_usec);
	int status = 0;
	if (rc == PCAP_ERROR) {
		fprintf(stderr, "ew-dissect-bench: %s: %s\n", argv[1], pcap_geterr(p));
		status = 2;
	}
	pcap_close(p);
	uint64_t malformed = 0;
	for (int i = 0; i < EW_P__COUNT; i++)
		malformed += d.stats.malformed[i];
	printf("packets %" PRIu64 " events %" PRIu64 " malformed %" PRIu64 "\n", d.stats.frames, events, malformed);
	return status;
}
