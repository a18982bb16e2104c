/* SPDX-License-Identifier: ISC */
/* pcap-readloop.c - the baseline of `make bench`: the bare libpcap read loop.
 *
 *   pcap-readloop FILE
 *
 * Opens FILE with pcap_open_offline and walks every record with
 * pcap_next_ex, touching only each record's length, so the figure is what
 * reading the file costs before anyone looks at a byte of the frames. Prints
 * "packets N bytes N" on stdout; exit 2 if the file cannot be read whole.
 */
#include <inttypes.h>
#include <pcap/pcap.h>
#include <stdio.h>

int main(int argc, char **argv)
{
	char err[PCAP_ERRBUF_SIZE] = "";
	if (argc != 2) {
		fprintf(stderr, "usage: pcap-readloop FILE\n");
		return 2;
	}
	pcap_t *p = pcap_open_offline(argv[1], err);
	if (!p) {
		fprintf(stderr, "pcap-readloop: %s: %s\n", argv[1], err);
		return 2;
	}
	struct pcap_pkthdr *h;
	const u_char *data;
	uint64_t packets = 0, bytes = 0;
	int rc;
	while ((rc = pcap_next_ex(p, &h, &data)) == 1) {
		packets++;
		bytes += h->caplen;
	}
	int status = 0;
	if (rc == PCAP_ERROR) {
		fprintf(stderr, "pcap-readloop: %s: %s\n", argv[1], pcap_geterr(p));
		status = 2;
	}
	pcap_close(p);
	printf("packets %" PRIu64 " bytes %" PRIu64 "\n", packets, bytes);
	return status;
}
